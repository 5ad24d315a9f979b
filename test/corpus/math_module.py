# The math module.
import math
print(math.sqrt(16), math.sqrt(2), math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1))
print(math.pi, math.e, math.tau, math.inf, math.nan)
print(math.sin(1), math.cos(1), math.tan(0.5), math.atan(1), math.atan2(1, 2), math.asin(0.5))
print(math.exp(1), math.exp(-10), math.log(10), math.log(8, 2), math.log2(1024), math.log10(1000))
print(math.fabs(-3), math.pow(2, 0.5), math.hypot(3, 4), math.isqrt(99), math.gcd(12, 18))
print(math.factorial(20), math.trunc(-3.7), math.floor(10 ** 20), math.isnan(math.nan), math.isinf(math.inf))
print(math.copysign(3, -1), math.degrees(math.pi), math.radians(180), math.fmod(7, 3), math.sinh(1))
s = 0.0
for i in range(1, 100):
    s += math.sin(i) * math.cos(i) / math.sqrt(i)
print(s)
print(math.log(2 ** 100), math.floor(1e300) > 0, math.sqrt(2 ** 100))
