# Generators: yield, yield from (with return values), generator expressions, send, close, next/iter, StopIteration.
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

def take(it, n):
    out = []
    for x in it:
        if len(out) == n:
            break
        out.append(x)
    return out

print(list(count_up(5)), take(fib(), 10))
g = count_up(2)
print(next(g), next(g), next(g, "end"))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value if hasattr(e, "value") else None)

def delegate():
    result = yield from count_up(3)
    print("sub returned", result)
    yield "after"
print(list(delegate()))

def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(2), (x * x for x in range(3)))))

def echo():
    total = 0
    while True:
        got = yield total
        if got is None:
            break
        total += got
e = echo()
print(next(e), e.send(5), e.send(10))
try:
    e.send(None)
except StopIteration:
    print("echo finished")

def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("gen cleanup")
w = with_finally()
print(next(w))
w.close()
print("closed")
for x in with_finally():
    pass

gen = (i * 2 for i in range(5) if i != 2)
print(sum(gen), sum(gen), list(x for x in "abc"), max(len(s) for s in ["a", "abc", "ab"]))
print(sorted(x % 7 for x in range(20)), "-".join(str(i) for i in range(4)), dict((i, i * i) for i in range(3)))

def permutations(items):
    if len(items) <= 1:
        yield items
        return
    for i in range(len(items)):
        for rest in permutations(items[:i] + items[i + 1:]):
            yield [items[i]] + rest
print(list(permutations([1, 2, 3])))

def tree_walk(node):
    if node is None:
        return
    left, val, right = node
    yield from tree_walk(left)
    yield val
    yield from tree_walk(right)
tree = ((None, 1, None), 2, ((None, 3, None), 4, None))
print(list(tree_walk(tree)))

it = iter([1, 2, 3])
print(next(it), list(it), list(iter(it)))
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n
print(list(Countdown(4)), [x for x in Countdown(2)], sum(Countdown(5)))
calls = iter([5, 4, 3, 0, 9].pop, 3)
print(list(calls))
def gen_raise():
    yield 1
    raise ValueError("inside generator")
try:
    for v in gen_raise():
        print("got", v)
except ValueError as err:
    print("caught", err)
nums = (n for n in range(3))
print(type(nums).__name__, iter(nums) is nums, list(zip(nums, nums)))
def lazy():
    print("started")
    yield 1
lz = lazy()
print("created")
print(list(lz))
