# Classes: attributes, methods, class attributes, inheritance, super(), properties, static/class methods, special methods.
class Vector:
    dims = 3
    def __init__(self, x, y, z=0.0):
        self.x = x
        self.y = y
        self.z = z
    def __add__(self, o):
        return Vector(self.x + o.x, self.y + o.y, self.z + o.z)
    def __sub__(self, o):
        return Vector(self.x - o.x, self.y - o.y, self.z - o.z)
    def __mul__(self, k):
        return Vector(self.x * k, self.y * k, self.z * k)
    __rmul__ = __mul__
    def __neg__(self):
        return Vector(-self.x, -self.y, -self.z)
    def __eq__(self, o):
        return isinstance(o, Vector) and (self.x, self.y, self.z) == (o.x, o.y, o.z)
    def __hash__(self):
        return hash((self.x, self.y, self.z))
    def __repr__(self):
        return f"Vector({self.x}, {self.y}, {self.z})"
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2 + self.z ** 2) ** 0.5
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return (self.x, self.y, self.z)[i]
    def __iter__(self):
        yield self.x
        yield self.y
        yield self.z
    def __bool__(self):
        return bool(self.x or self.y or self.z)

v = Vector(1, 2, 3)
w = Vector(4, 5, 6)
print(v + w, v - w, v * 2, 2 * v, -v, abs(Vector(3, 4)))
print(v == Vector(1, 2, 3), v != w, v == 5, len(v), v[1], list(v), bool(Vector(0, 0)))
print({v: "a"}[Vector(1, 2, 3)], Vector.dims, v.dims, v.__class__.dims)
v.x += 10
v.y *= 3
print(v, str(v), repr(v), [v, w])
x, y, z = w
print(x, y, z, sum(w), max(w), 5 in w)

class Shape:
    count = 0
    def __init__(self, name):
        self.name = name
        Shape.count += 1
    def area(self):
        raise NotImplementedError
    def describe(self):
        return f"{self.name} with area {self.area()}"
    def __str__(self):
        return "Shape " + self.name
    def __lt__(self, other):
        return self.area() < other.area()

class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h

class Square(Rect):
    def __init__(self, s):
        Rect.__init__(self, s, s)
        self.name = "square"
    @property
    def side(self):
        return self.w
    @side.setter
    def side(self, v):
        self.w = self.h = v
    @staticmethod
    def unit():
        return Square(1)
    @classmethod
    def make(cls, s):
        return cls(s)

shapes = [Rect(2, 3), Square(2), Square.unit(), Square.make(5)]
print([s.describe() for s in shapes])
print(sorted(shapes)[0].name, max(shapes).area(), Shape.count, str(shapes[0]))
sq = shapes[1]
sq.side = 7
print(sq.side, sq.area(), isinstance(sq, Rect), isinstance(sq, Shape), issubclass(Square, Shape), issubclass(Shape, Rect))
print(type(sq).__name__, type(sq) is Square, type(1) is int, isinstance(1, (str, int)), Square.__mro__[1].__name__)
print(hasattr(sq, "side"), hasattr(sq, "nope"), getattr(sq, "nope", 42), getattr(sq, "w"))
setattr(sq, "extra", [1])
print(sq.extra)
del sq.extra
print(hasattr(sq, "extra"))

class P:
    __slots__ = ("a", "b")
    def __init__(self, a):
        self.a = a
p = P(1)
p.b = 2
print(p.a, p.b)
try:
    p.c = 3
except AttributeError as e:
    print("AttributeError", e)

class Counter:
    def __init__(self):
        self.n = 0
    def __call__(self, k=1):
        self.n += k
        return self.n
    def __contains__(self, x):
        return x < self.n
    def __setitem__(self, k, v):
        print("set", k, v)
    def __getattr__(self, name):
        return name.upper()
cnt = Counter()
cnt()
cnt(5)
print(cnt.n, 3 in cnt, 9 in cnt, cnt.whatever, callable(cnt), callable(5))
cnt["k"] = "v"

class Node:
    def __init__(self, val, nxt=None):
        self.val = val
        self.next = nxt
head = None
for i in range(5):
    head = Node(i, head)
vals = []
while head:
    vals.append(head.val)
    head = head.next
print(vals)

class Base:
    def hello(self):
        return "base"
class Mixin:
    def hello(self):
        return "mixin+" + super().hello()
class Both(Mixin, Base):
    def hello(self):
        return "both+" + super().hello()
print(Both().hello(), [k.__name__ for k in Both.__mro__])
Base.hello = lambda self: "patched"
print(Both().hello())
class Temp:
    pass
t = Temp()
t.a = 1
t.b = 2
print(vars(t), t.__dict__)
print(Temp.__name__, Temp)
