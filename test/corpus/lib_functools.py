# The functools module (written in Python in runtime/vm/stdlib/) against python3.
import functools
from functools import reduce, partial, lru_cache, wraps, cmp_to_key, total_ordering, cache
print(reduce(lambda a, b: a + b, [1, 2, 3]), reduce(lambda a, b: a * b, [], 1), reduce(max, "hello"))
try:
    reduce(lambda a, b: a, [])
except TypeError as e:
    print(e)
def power(base, exp, mod=None): return pow(base, exp, mod) if mod else base ** exp
sq = partial(power, exp=2)
cube = partial(power, exp=3)
print(sq(5), cube(2), partial(power, 2)(10), partial(partial(power, 3), 4)(), sq.func is power, sq.args, sq.keywords)
@lru_cache(maxsize=None)
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(100), fib.cache_info())
@lru_cache
def sq2(x): return x * x
print([sq2(i % 3) for i in range(6)], sq2.cache_info(), sq2.__name__)
@lru_cache(maxsize=2)
def ident(x):
    print("compute", x)
    return x
for v in [1, 2, 1, 3, 2, 1]: ident(v)
print(ident.cache_info())
ident.cache_clear()
print(ident.cache_info())
@cache
def fact(n): return 1 if n < 2 else n * fact(n - 1)
print(fact(30))
def deco(f):
    @wraps(f)
    def inner(*a, **k):
        return f(*a, **k) + 1
    return inner
@deco
def named(x):
    "doc of named"
    return x
print(named(1), named.__name__, named.__doc__, named.__wrapped__(1))
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)), sorted(["bb", "a", "ccc"], key=cmp_to_key(lambda a, b: len(a) - len(b))))
@total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) < V(2), V(1) > V(2), V(2) >= V(2), V(3) <= V(2), sorted([V(3), V(1)], key=lambda x: x).__len__())
@lru_cache(None)
def deep(n): return 0 if n == 0 else deep(n - 1) + 1
print(deep(400))
try:
    deep.cache_clear(); deep(600)
except RecursionError as e:
    print("RecursionError")
try:
    fib([1])
except TypeError as e:
    print(e)
