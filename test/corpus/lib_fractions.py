# fractions.Fraction: construction, arithmetic, comparison, hashing, limit_denominator, str/repr, errors.
from fractions import Fraction
import math

a = Fraction(3, 4)
b = Fraction("2/3")
print(a, repr(b), Fraction(6, -8), Fraction(5), Fraction(), Fraction("1.25"), Fraction("-3e-2"), Fraction(" 7/21 "))
print(Fraction(0.5), Fraction(1.1), Fraction.from_float(0.25), Fraction(a), Fraction(a, b))
print(a + b, a - b, a * b, a / b, a // b, a % b, -a, +a, abs(Fraction(-1, 3)), a ** 2, a ** -2, 4 ** Fraction(1, 2))
print(a + 1, 1 + a, a * 2, 2 / a, a + 0.5, 0.25 * a, a ** 0.5, divmod(Fraction(7, 2), Fraction(2, 3)))
print(a < b, a > b, a == Fraction(6, 8), a == 0.75, a != 1, Fraction(2, 1) == 2, a <= 1, sorted([a, b, Fraction(1, 2), 1]))
print(a.numerator, a.denominator, float(a), int(Fraction(-7, 2)), math.floor(Fraction(-7, 2)), math.ceil(Fraction(-7, 2)), round(Fraction(5, 2)), round(Fraction(7, 2)), round(Fraction(22, 7), 2))
print(hash(Fraction(1, 2)) == hash(0.5), hash(Fraction(3)) == hash(3), {Fraction(1, 2): "half"}[Fraction(2, 4)], bool(Fraction(0)), bool(a))
print(Fraction(math.pi).limit_denominator(1000), Fraction("3.14159").limit_denominator(100), Fraction(1, 3).limit_denominator(2))
print(a.as_integer_ratio(), Fraction(10, 4).is_integer() if hasattr(Fraction, "is_integer") else "n/a", sum([Fraction(1, n) for n in range(1, 6)]))
total = Fraction(0)
for n in range(1, 20):
    total += Fraction(1, n * (n + 1))
print(total, "{}".format(total), f"{Fraction(1, 8)}")
for bad in [lambda: Fraction(1, 0), lambda: Fraction("abc"), lambda: Fraction("1/0"), lambda: a / 0, lambda: Fraction(1.5, 2), lambda: Fraction(float("nan"))]:
    try:
        print(bad())
    except (ZeroDivisionError, ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
