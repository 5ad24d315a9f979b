# Audit of issue 13's lists against python3: scopes misc.
# scoping and names
counter = 0
def bump():
    global counter
    counter += 1
for _ in range(3): bump()
print(counter)
def outer():
    x = 1
    def mid():
        def inner():
            nonlocal x
            x += 10
            return x
        return inner()
    mid()
    return x
print(outer())
class Scope:
    a = 1
    b = [a * i for i in range(3)] if False else None
    c = a + 1
    def m(self): return Scope.a + self.c
print(Scope().m(), Scope.c)
# comprehension scope
x = "outer"
lst = [x for x in range(3)]
print(x, lst)
# lambda closures & defaults
fns = [(lambda n=n: n * 2) for n in range(3)]
print([f() for f in fns])
compose = lambda f, g: lambda v: f(g(v))
print(compose(abs, lambda v: v - 10)(3))
# chained comparisons, conditional exprs, walrus
vals = [y for v in range(10) if (y := v * v) % 3 == 0]
print(vals, 1 < 2 < 3, 3 > 2 > 2, "a" if [] else "b")
# unpacking in calls / dict merging
def f(*a, **k): return a, k
print(f(*(1, 2), *[3], x=1, **{"y": 2}))
# star in assignment / swap
a, b = 1, 2
a, b = b, a
print(a, b)
(a, b), c = (3, 4), 5
print(a, b, c)
# del of attributes / items / slices
class O: pass
o = O(); o.p = 1; o.q = 2
del o.p
print(hasattr(o, "p"), o.q, vars(o) if True else 0)
l = list(range(10)); del l[2:8:2]; del l[0]; print(l)
d = {1: 1, 2: 2}; del d[1]; print(d)
# is / is not / in
print(None is None, [] is not [], 1 in [1, 2], "b" in "abc", (1, 2) in {(1, 2)}, 3 not in {1: 2})
# integer/float ops
print(7 // -2, -7 % 3, 2 ** 100, 10 / 4, 1e300 * 10, -0.0, 0.1 + 0.2, round(2.675, 2), 5 % -3, divmod(-5, 3))
print(int("42"), int("-0x1f", 16) if False else int("1f", 16), float("1.5"), str(10**20), abs(-10**20), True + True)
print(max([3, 1, 2]), min("zab"), sorted([[2, 1], [1, 2], [1, 1]]), list(range(10, 0, -3)))
# string basics (core)
s = "Hello, World"
print(s[::-1], s[2:5], s.lower(), s.upper(), s.split(", "), "-".join(["a", "b"]), s.replace("l", "L"), s.find("o"), s.startswith("He"), len(s))
print("  x ".strip(), s.count("l"), s.index("W"), "abc" < "abd", "a" * 3, str(1.0), repr("it's"), repr('say "hi"'))
print(f"{s!r} {len(s)} {s[0]}{{}}", f"{3 + 4}", f"{'nested'}")
