# Audit of issue 13's lists against python3: call binding.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))
print(f(1, c=3), f(1, 2, 3, 4, c=5, e=6, d=7), f(*[1, 2, 3], **{"c": 9, "z": 1}))
def g(x, /, y, *, z): return x + y + z
print(g(1, 2, z=3), g(1, y=2, z=3))
def acc(lst=[]):
    lst.append(1)
    return len(lst)
print(acc(), acc(), acc([]))
adders = [lambda x, i=i: x + i for i in range(3)]
print([h(10) for h in adders], (lambda *a, **k: (a, k))(1, q=2))
def outer():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    def get(): return n
    return inc, get
inc, get = outer(); inc(); inc()
print(get())
def deco(fn):
    def wrap(*a, **k):
        return ("wrapped", fn(*a, **k))
    return wrap
def deco_arg(tag):
    def d(fn):
        def w(*a): return tag + str(fn(*a))
        return w
    return d
@deco
@deco_arg("t:")
def add(a, b): return a + b
print(add(1, 2), add.__name__)
ins = [3, 1].insert
ins(0, 9)
bm = "a,b".split
print(bm(","), list.append, len)
def gen_closures():
    fs = []
    for i in range(3):
        def f(): return i
        fs.append(f)
    return [f() for f in fs]
print(gen_closures())
x = 5
def shadow():
    x = 1
    def inner():
        return x
    return inner()
print(shadow())
def kwonly(*, a, b=1): return a - b
print(kwonly(a=5), kwonly(b=2, a=1))
def rec(n): return 1 if n <= 1 else n * rec(n - 1)
print(rec(20), rec.__name__, (lambda: 0).__name__)
def many(*args): return len(args)
print(many(*range(100)), many(*"abc", *[1], 2))
def kws(**kw): return kw
print(kws(a=1, **{"b": 2}), kws())
print(sorted([("b", 2), ("a", 2), ("c", 1)], key=lambda t: t[1]), max([1, 5, 3], key=lambda v: -v), min(3, 1, 2), max("ab", "b", key=len))
