# User-defined descriptors (__get__/__set__/__delete__, __set_name__) against
# python3: data descriptors win over the instance's own attribute, non-data
# ones lose to it, __get__(None, cls) on class access, in hot loops too.
class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, cls):
        if obj is None:
            return self
        return getattr(obj, self.name, 0)
    def __set__(self, obj, value):
        if not isinstance(value, int):
            raise TypeError(self.name[1:] + " must be int")
        setattr(obj, self.name, value)
    def __delete__(self, obj):
        delattr(obj, self.name)

class Lazy:
    def __init__(self, f):
        self.f = f
    def __get__(self, obj, cls):
        if obj is None:
            return "class access"
        v = self.f(obj)
        setattr(obj, self.f.__name__, v)
        return v

class Point:
    x = Typed()
    y = Typed()
    def __init__(self, x, y):
        self.x = x
        self.y = y
    @Lazy
    def norm2(self):
        return self.x * self.x + self.y * self.y

p = Point(3, 4)
print(p.x, p.y, p.norm2, p.norm2, p.__dict__, type(Point.x).__name__, Point.norm2)
try:
    p.x = "a"
except TypeError as e:
    print("TypeError", e)
del p.y
print(p.y, "_y" in p.__dict__)
p._x = 99
print(p.x)
total = 0
for i in range(3000):
    q = Point(i, i % 7)
    q.x = q.x + 1
    total += q.x + q.y + q.norm2
print(total)

class Const:
    def __get__(self, obj, cls):
        return 7

class Holder:
    c = Const()

h = Holder()
print(h.c, Holder.c)
h.c = 1
print(h.c)
