# Audit of issue 13's lists against python3: inheritance.
class A:
    def __init__(self, x):
        self.x = x
    def who(self): return "A" + str(self.x)
    @staticmethod
    def st(a, b=2): return a * b
    @classmethod
    def make(cls, v): return cls(v)
    @property
    def double(self): return self.x * 2
    @double.setter
    def double(self, v): self.x = v // 2
class B(A):
    def __init__(self, x, y):
        A.__init__(self, x)
        self.y = y
    def who(self): return "B" + super().who()
class C(A):
    def who(self): return "C" + super().who()
class D(B, C):
    def __init__(self):
        super().__init__(1, 2)
    def who(self): return "D" + super().who()
d = D()
print(d.who(), D.__mro__ if False else [k.__name__ for k in D.__mro__], D.st(3), d.st(4, 5), D.make.__name__)
print(type(C.make(7)).__name__, B.make(7).x if False else A.make(9).x)
d.double = 10
print(d.x, d.double, isinstance(d, C), issubclass(D, (int, A)), D.__bases__ if False else D.__name__)
class Slotted:
    __slots__ = ("a", "b")
    def __init__(self): self.a = 1
s = Slotted()
try:
    s.c = 3
except AttributeError as e:
    print(e)
try:
    print(s.b)
except AttributeError as e:
    print(e)
class E(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code
try:
    raise E(4, "boom")
except Exception as e:
    print(type(e).__name__, e, e.code, e.args, repr(e))
class E2(E): pass
try:
    raise E2(5, "x")
except E as e:
    print("caught", type(e).__name__, isinstance(e, Exception))
class L(list):
    def total(self): return sum(self)
l = L([1, 2, 3]); l.append(4)
print(l, l.total(), len(l), type(l).__name__, isinstance(l, list))
class DD(dict):
    def __missing__(self, k): return k * 2
dd = DD(a=1)
print(dd["a"], dd[5], dd)
o = object()
print(type(o).__name__, o == o, o != object())
class Base:
    def __init_subclass__(cls): pass
print(id(o) == id(o), id(d) != id(o))
class P:
    def __init__(self): self._v = 0
    def get(self): return self._v
    def set(self, v): self._v = v
    v = property(get, set)
p = P(); p.v = 3; print(p.v)
class Q:
    def __eq__(self, o): return True
print(Q() != Q(), Q() == 1)
