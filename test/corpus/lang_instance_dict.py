# obj.__dict__ and vars(obj) are the instance's live attribute dict, as in
# python3: writes through it are attributes, attribute stores and deletes show
# in a saved reference, the whole dict protocol works on it, it can be
# replaced; __slots__ classes have none; C.__dict__ is a read-only view.
class P:
    def __init__(self, **kw):
        self.__dict__.update(kw)

p = P(a=1, b=2)
print(p.__dict__, p.a, p.b)
p.__dict__["c"] = 3
print(p.c, hasattr(p, "c"), getattr(p, "c"), getattr(p, "nope", "dflt"))
d = p.__dict__
p.z = 9
print(d, d is p.__dict__, vars(p) is d)
del p.a
print(d, hasattr(p, "a"))
setattr(p, "s", "set")
print(d["s"])
delattr(p, "s")
print("s" in d, "c" in d, len(d))
del d["c"]
try:
    p.c
except AttributeError as e:
    print("AttributeError", e)

# The dict protocol on it.
q = P(x=1, y=2)
qd = q.__dict__
print(qd.get("x"), qd.get("w", 0), qd.setdefault("w", 10), q.w, qd.setdefault("x", 99))
print(qd.pop("w"), hasattr(q, "w"), qd.pop("w", "gone"))
print(list(qd.keys()), list(qd.values()), list(qd.items()))
print([k for k in qd], sorted(qd), "x" in qd, "nope" not in qd)
c = qd.copy()
c["x"] = 100
print(q.x, c, c == qd, dict(q.__dict__) == qd, qd == {"x": 1, "y": 2})
print(repr(q.__dict__), str(vars(q)))
def f(x, y):
    return x * 10 + y
print(f(**q.__dict__), dict(**vars(q), extra=3))
qd.update({"y": 20}, z=30)
print(q.y, q.z)
qd |= {"t": 1}
print(q.t)
print(type(q.__dict__) is dict, isinstance(q.__dict__, dict), type(vars(q)).__name__)
qd.clear()
print(q.__dict__, hasattr(q, "x"))
q.x = 5
print(qd)
qd[1] = "int key"
print(q.__dict__)
try:
    qd["missing"]
except KeyError as e:
    print("KeyError", e)
try:
    qd.pop("missing")
except KeyError as e:
    print("KeyError", e)
try:
    del qd["missing"]
except KeyError as e:
    print("KeyError", e)

# Replacing and deleting __dict__.
r = P(a=1)
old = r.__dict__
r.__dict__ = {"b": 2}
print(r.b, hasattr(r, "a"), old, r.__dict__)
r.c = 3
print(r.__dict__, old)
new = {"n": 1}
r.__dict__ = new
new["m"] = 2
print(r.m, r.n)
try:
    r.__dict__ = [1, 2]
except TypeError as e:
    print("TypeError", e)
del r.__dict__
print(r.__dict__, hasattr(r, "n"))
s = P()
s.__dict__ = {"fresh": True}
print(s.fresh)

# Instances that got attributes before __dict__ was asked for, and methods.
class Point:
    kind = "point"
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm1(self):
        return abs(self.x) + abs(self.y)
pt = Point(3, -4)
print(pt.norm1(), vars(pt), pt.kind, "kind" in vars(pt))
pt.__dict__["norm1"] = lambda: "instance wins"
print(pt.norm1())
del pt.__dict__["norm1"]
print(pt.norm1())
pt.__dict__["x"] = 10
print(pt.norm1(), pt.x)
pt.kind = "mine"
print(pt.kind, Point.kind, pt.__dict__)

# Properties still win; __getattr__ still answers for missing names.
class WithProp:
    def __init__(self):
        self._v = 1
    @property
    def v(self):
        return self._v * 100
    def __getattr__(self, name):
        return "getattr:" + name
wp = WithProp()
wp.__dict__["v"] = "shadow?"
print(wp.v, wp.__dict__, wp.missing)

# Subclasses, exceptions, a list subclass.
class Base:
    def __init__(self):
        self.b = 1
class Sub(Base):
    def __init__(self):
        super().__init__()
        self.s = 2
sb = Sub()
print(vars(sb))
sb.__dict__["b"] = 11
print(sb.b)

class MyError(Exception):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
err = MyError("bad", 7)
print(err.__dict__, err.args)
err.__dict__["extra"] = 1
print(err.extra, err.args, str(err))
try:
    raise err
except MyError as e:
    print(e.code, e.extra, e.__dict__)

class MyList(list):
    pass
ml = MyList([1, 2])
ml.tag = "t"
print(ml.__dict__, ml)
ml.__dict__["tag"] = "u"
print(ml.tag, len(ml))

# __slots__: no __dict__.
class Slotted:
    __slots__ = ("a", "b")
    def __init__(self):
        self.a = 1
sl = Slotted()
for thunk in (lambda: sl.__dict__, lambda: setattr(sl, "__dict__", {}), lambda: vars(sl), lambda: hasattr(sl, "__dict__")):
    try:
        print(thunk())
    except (AttributeError, TypeError) as e:
        print(type(e).__name__, e)
class SlottedWithDict:
    __slots__ = ("a", "__dict__")
swd = SlottedWithDict()
swd.a = 1
swd.b = 2
print(swd.__dict__, swd.a)
swd.__dict__["c"] = 3
print(swd.c, swd.a)
for o in (object(), 1, "s"):
    try:
        o.__dict__
    except AttributeError as e:
        print("AttributeError", e)

# Many attributes, and many instances.
class Bag:
    pass
bags = []
for i in range(50):
    bg = Bag()
    for j in range(i % 7):
        setattr(bg, "a%d" % j, j)
    if i % 3 == 0:
        bg.__dict__["k"] = i
    bags.append(bg)
print(sum(len(vars(bg)) for bg in bags), sum(getattr(bg, "k", 0) for bg in bags))

# Class __dict__: a live read-only view (mappingproxy).
class K:
    x = 1
    def m(self):
        pass
print(K.__dict__["x"], "x" in K.__dict__, K.__dict__.get("y"), "__init__" in K.__dict__)
print(type(K.__dict__), type(vars(K)).__name__, isinstance(K.__dict__, dict))
try:
    K.__dict__["y"] = 2
except TypeError as e:
    print("TypeError", e)
try:
    del K.__dict__["x"]
except TypeError as e:
    print("TypeError", e)
try:
    K.__dict__.update(y=1)
except AttributeError as e:
    print("AttributeError", e)
try:
    K.__dict__["nope"]
except KeyError as e:
    print("KeyError", e)
print(hasattr(K, "y"), K.x)
kv = K.__dict__
K.z = 5
print(kv["z"], "z" in kv, sorted(k for k in kv if not k.startswith("__")), len(dict(kv)) == len(kv))
print(sorted(k for k, _ in kv.items() if not k.startswith("_")), {**K.__dict__}["x"], K.__dict__.copy()["z"])
print(K.__dict__ == K.__dict__, kv.keys() == K.__dict__.keys())

# Last: an uncaught KeyError through the dict.
z = P(a=1)
print(z.__dict__["nothere"])
