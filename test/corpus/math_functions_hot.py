# math's one-argument functions in hot loops (natively in traces: MATH1_FLOAT),
# with ints and floats, and the arguments where python3 raises ValueError
# ("math domain error") or OverflowError ("math range error").
import math
from math import sin, cos, exp, log1p, atanh, fabs

NAMES = ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
         "exp", "exp2", "expm1", "log1p", "cbrt", "erf", "erfc", "fabs"]
ARGS = [0.0, -0.0, 0.5, -0.75, 1.0, -1.0, 2, 3.5, -7, 30.0, 710.0, 1e308, -1e308,
        float("inf"), float("-inf"), float("nan")]

for name in NAMES:
    f = getattr(math, name)
    out = []
    for rep in range(3):
        for x in ARGS:
            try:
                out.append(repr(f(x)))
            except (ValueError, OverflowError) as e:
                out.append(type(e).__name__ + ":" + str(e))
    print(name, " ".join(out[: len(ARGS)]), out[: len(ARGS)] == out[len(ARGS):2 * len(ARGS)])

# The from-import spelling, the module attribute, ints and floats in one loop.
acc = 0.0
errors = 0
for i in range(2000):
    x = i * 0.01
    acc += sin(i) * cos(x) + math.tanh(x) - fabs(-x) + math.erf(x)
    try:
        acc += atanh(x - 1.0)  # 1.0 and past: domain error
    except ValueError:
        errors += 1
    try:
        acc += exp(i)  # past 709: overflow
    except OverflowError:
        errors += 1
    acc += log1p(i) if i % 2 else math.cbrt(-i)
print("%.10f" % (acc / 1e300), errors)
