# Audit of issue 13's lists against python3: special methods.
class Vec:
    count = 0
    def __init__(self, x, y):
        self.x = x; self.y = y
        Vec.count += 1
    def __repr__(self): return f"Vec({self.x}, {self.y})"
    def __add__(self, o): return Vec(self.x + o.x, self.y + o.y)
    def __sub__(self, o): return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k): return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __truediv__(self, k): return Vec(self.x / k, self.y / k)
    def __neg__(self): return Vec(-self.x, -self.y)
    def __eq__(self, o): return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __lt__(self, o): return (self.x, self.y) < (o.x, o.y)
    def __le__(self, o): return (self.x, self.y) <= (o.x, o.y)
    def __bool__(self): return bool(self.x or self.y)
    def __len__(self): return 2
    def __getitem__(self, i): return (self.x, self.y)[i]
    def __contains__(self, v): return v == self.x or v == self.y
    def __iter__(self):
        yield self.x
        yield self.y
v = Vec(1, 2)
w = Vec(3, 4)
print(v + w, v - w, v * 3, 3 * v, v / 2, -v, v == Vec(1, 2), v != w, v < w, v <= v, v > w, v >= w)
print(bool(Vec(0, 0)), len(v), v[0], v[-1], 2 in v, 5 in v, list(v), sorted([w, v]), max(v, w), {v, Vec(1, 2), w} == {v, w})
a, b = v
print(a, b, Vec.count, v.count, v.__class__.count, type(v).__name__, type(v))
v.x += 10
v.y /= 4
print(v, str(v), repr(v), [v], (v,), {1: v})
Vec.origin = Vec(0, 0)
print(Vec.origin, v.origin, hasattr(v, "origin"), getattr(v, "nope", "dflt"))
setattr(v, "z", 5); print(v.z, getattr(v, "z"))
print(isinstance(v, Vec), isinstance(3, (str, int)), issubclass(Vec, object), issubclass(bool, int), callable(v), callable(Vec), callable(len))
class Counter:
    def __init__(self): self.n = 0
    def __call__(self, k=1):
        self.n += k
        return self.n
c = Counter(); c(); c(5)
print(c.n, c(k=2))
class It:
    def __init__(self, n): self.i = 0; self.n = n
    def __iter__(self): return self
    def __next__(self):
        if self.i >= self.n: raise StopIteration
        self.i += 1
        return self.i * self.i
print(list(It(4)), sum(It(3)), [x for x in It(3)], dict(zip(It(3), "abc")))
class M:
    def __init__(self): self.d = {}
    def __setitem__(self, k, v): self.d[k] = v
    def __getitem__(self, k): return self.d[k]
    def __delitem__(self, k): del self.d[k]
m = M(); m["a"] = 1; m[1, 2] = 3
print(m["a"], m[1, 2]); del m["a"]; print(m.d)
class Strish:
    def __str__(self): return "S!"
s = Strish()
print(s, str(s), f"{s}", [s].__len__(), repr(s)[:9])
