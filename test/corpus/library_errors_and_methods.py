import math, random, bisect, time
tests = [
 lambda: '%d' % 'x', lambda: '%s %s' % (1,), lambda: '{0}'.format(), lambda: '{x}'.format(), lambda: format(1, 'q'),
 lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1), lambda: math.factorial(2.0), lambda: math.sqrt('x'),
 lambda: random.randint(5, 1), lambda: random.choice([]), lambda: random.randrange(0), lambda: bisect.bisect(5, 1),
 lambda: int('12a'), lambda: float('x1'), lambda: 'a'.index('b'), lambda: 'abc'.split(''), lambda: 'a'.center(5, 'xy'),
 lambda: time.sleep(-1), lambda: round(1.5, 'x'), lambda: pow(2, -1, 4), lambda: math.floor(float('inf')),
 lambda: f"{3.5:d}", lambda: '{:,s}'.format('x'), lambda: math.comb(3, -1), lambda: 'x'.ljust(),
 lambda: random.sample([1,2], 3), lambda: math.dist((1,), (1,2)), lambda: chr(-1), lambda: ord('ab'),
]
for t in tests:
    try:
        print(repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
print(math.floor(3), math.ceil(-2.5), math.trunc(7.9), math.pi, math.inf, math.e, math.tau, math.nan)
print(math.prod([1,2,3], start=2), math.isclose(1, 1.0000000001), math.lcm(4, 6), math.perm(5, 2), math.copysign(1, -0.0))
print(math.frexp(8.0), math.modf(2.5), math.ldexp(1, 3), math.hypot(3, 4), math.atan2(1, 1), math.degrees(math.pi))
print(random.seed('abc') or random.random(), random.seed(3.5) or random.random(), random.seed(True) or random.random())
random.seed(1); print(random.sample(range(100), 5), random.choices('abc', k=4), random.uniform(1, 2), random.triangular())
random.seed(2); print(random.getrandbits(70), random.randrange(10, 100, 7), random.expovariate(2), random.betavariate(2, 3))
class I:
    def __index__(self): return 3
print('ab'*2, 'x'.rjust(I()), '{:>{w}}'.format('q', w=4), '{0[1]} {0[a]}'.format({1: 'one', 'a': 'A'}), "{.real}".format(5))
print('%5s|%-5d|%+.3e|%o|%X|%g|%G' % ('a', 3, 12345.678, 8, 255, 1e-7, 1e20))
print('a\tb'.expandtabs(4), 'Hello World'.swapcase(), 'abc'.isidentifier(), '٣'.isdigit(), ' '.isspace())
print("{:_b} {:08.3f} {:e} {:%} {:+} {:n}".format(1023, -3.14159, 0.000123, 0.25, 5, 1234))
