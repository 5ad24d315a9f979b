# dict(d), d2.update(d) into an empty dict (copied without key comparisons),
# into a non-empty one, with deleted entries in the source, dict subclasses,
# keys of mixed types, and copies taken in a hot loop (the JIT's DICT_COPY and
# tier-1's path after its exits).


class Key:
    def __init__(self, k):
        self.k = k

    def __hash__(self):
        return hash(self.k) & 7

    def __eq__(self, other):
        return isinstance(other, Key) and self.k == other.k

    def __repr__(self):
        return "Key(%r)" % (self.k,)


class D(dict):
    pass


def show(d):
    return sorted((repr(k), v) for k, v in d.items())


base = {"a": 1, "b": 2, 3: "three", (1, 2): [4], 2.5: None, Key(1): "k1", Key(9): "k9"}
for k in ["x%d" % i for i in range(40)]:
    base[k] = len(k)
del base["b"]
del base["x7"]
for i in range(0, 40, 3):
    base.pop("x%d" % i, None)

c = dict(base)
print(len(c), list(c)[:6], c == base, c is base)
c["new"] = 1
print("new" in base, len(base), len(c))

e = {}
e.update(base)
print(list(e) == list(base), e == base)

f = {"a": 100, "zz": 0}
f.update(base)
print(list(f)[:4], f["a"], f["zz"], len(f))

g = {"tmp": 1}
del g["tmp"]
g.update(base)
print(list(g) == list(base))

s = D(base)
print(type(s).__name__, len(s), s == base, show(s)[:3])
t = dict(s)
print(type(t).__name__, t == base)

empty = dict({})
empty.update({})
print(empty, dict(dict()))

total = 0
grid = {c: "123456789" for c in ("A%d" % i for i in range(81))}
for step in range(3000):
    copy = dict(grid)
    cell = "A%d" % (step % 81)
    copy[cell] = copy[cell].replace(str(step % 9 + 1), "")
    if step % 7 == 0:
        del copy[cell]
        copy[cell] = "9"
    total += len(copy[cell]) + len(copy)
    if step % 500 == 0:
        grid = dict(copy)
print(total, len(grid), sorted(grid.items())[:3])

same = {"q": 1}
same.update(same)
print(same)
