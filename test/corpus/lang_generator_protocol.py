# Audit of issue 13's lists against python3: generator protocol.
def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"
def deleg():
    r = yield from countdown(3)
    yield r
print(list(deleg()))
def acc():
    total = 0
    while True:
        v = yield total
        if v is None: break
        total += v
a = acc(); next(a); print(a.send(5), a.send(10))
try:
    a.send(None)
except StopIteration as e:
    print("stop", e.value)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("value", e.value, e.args)
def gen_finally():
    try:
        yield 1
        yield 2
    finally:
        print("gen cleanup")
gf = gen_finally()
print(next(gf)); gf.close(); print("closed")
for v in gen_finally():
    print(v)
def perms(items):
    if len(items) <= 1:
        yield items
        return
    for i in range(len(items)):
        for p in perms(items[:i] + items[i + 1:]):
            yield [items[i]] + p
print(list(perms([1, 2, 3])))
def inner_gen(): yield from range(3); yield from "ab"
print(list(inner_gen()), sum(x for x in range(10)), max(c for c in "hello"))
gx = (i for i in range(3))
print(iter(gx) is gx, type(gx).__name__, list(zip(gx, gx)))
def raising():
    yield 1
    raise ValueError("in gen")
try:
    for x in raising(): print(x)
except ValueError as e:
    print("caught", e)
def g2():
    x = yield
    print("got", x)
    yield x * 2
it = g2(); next(it); print(it.send(21))
print(list(map(lambda x: x + 1, countdown(3))), list(enumerate(countdown(2), 1)), sorted(countdown(4)))
def gen_stop():
    yield 1
    return
print(list(gen_stop()))
def tree(n):
    if n == 0:
        return
    yield from tree(n - 1)
    yield n
    yield from tree(n - 1)
print(list(tree(3)))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1], (2, 3), "ab", range(2), {5: 0})))
def take(n, it):
    it = iter(it)
    out = []
    for _ in range(n):
        try:
            out.append(next(it))
        except StopIteration:
            break
    return out
def naturals():
    n = 0
    while True:
        yield n
        n += 1
print(take(5, naturals()), take(3, "ab"))
def evens(): return (n for n in naturals() if n % 2 == 0)
e = evens()
print([next(e) for _ in range(4)])
class Tree:
    def __init__(self, v, kids=()):
        self.v = v; self.kids = list(kids)
    def __iter__(self):
        yield self.v
        for k in self.kids:
            yield from k
t = Tree(1, [Tree(2, [Tree(3)]), Tree(4)])
print(list(t), sum(t), max(t), 3 in t)
def gen_with_return():
    x = yield 1
    return x
g = gen_with_return(); next(g)
try:
    g.send("done")
except StopIteration as s:
    print("returned", s.value)
def relay():
    r = yield from gen_with_return()
    print("relay got", r)
    yield "end"
rg = relay(); print(next(rg)); print(rg.send("v"))
pairs = list(zip(naturals(), "abc"))
print(pairs)
def counter():
    i = 0
    while True:
        cmd = yield i
        if cmd == "reset": i = 0
        else: i += 1
c = counter(); next(c); c.send(None); c.send(None); print(c.send("reset"), c.send(None))
gen = (x * y for x in range(3) for y in range(3) if x != y)
print(list(gen), list(gen))
print(sorted((v for v in [3, 1, 2]), reverse=True), dict((k, v) for k, v in zip("ab", [1, 2])), set(x % 2 for x in range(5)))
def lazy():
    print("started")
    yield 1
lz = lazy(); print("created"); print(next(lz))
def fib_memo():
    memo = {0: 0, 1: 1}
    def fib(n):
        if n not in memo:
            memo[n] = fib(n - 1) + fib(n - 2)
        return memo[n]
    return fib
print(fib_memo()(90))
