# Class and function names as reprs show them (__module__, __qualname__, docstrings), tuple and dict subclasses.
class Outer:
    """Outer's doc."""
    class Inner:
        pass
    def method(self):
        "method doc"
        class Local:
            pass
        return Local
def factory():
    class Made:
        pass
    return Made
print(Outer, Outer.Inner, Outer().method(), factory(), Outer.__qualname__, Outer.Inner.__qualname__, Outer.__module__)
print(Outer.__doc__, Outer.method.__doc__, factory.__doc__, Outer.Inner.__doc__, factory.__module__, Outer.method.__qualname__)
print(repr(Outer())[:20], repr(factory()())[:34])
class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    def swap(self):
        return Pair(self[1], self[0])
p = Pair(1, 2)
print(p, p.swap(), len(p), p[0], list(p), isinstance(p, tuple), type(p).__name__, p == (1, 2), hash(p) == hash((1, 2)))
class Name(str):
    def shout(self):
        return self.upper() + "!"
n = str.__new__(Name, "bob")
print(n, n.shout(), len(n), Name("al") + "x", int.__new__(int, "7") + 1, tuple.__new__(tuple, "ab"))
class Registry(dict):
    pass
r = Registry(a=1, b=2)
print(dict(r), list(reversed(r)), {**r, "c": 3}, dict(r, d=4))
T = type("T", (object,), {"x": 5})
print(T, T().x, T.__module__)
try:
    tuple.__new__(list)
except TypeError as e:
    print(e)
