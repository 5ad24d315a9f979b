# Class keywords: __init_subclass__ (implicit classmethod, keywords, super()
# chains, object's refusing keywords), __set_name__ of class attributes, and
# metaclass=ABCMeta / metaclass=type.
from abc import ABCMeta, abstractmethod

class Registry:
    items = {}
    def __init_subclass__(cls, key=None, **kw):
        super().__init_subclass__(**kw)
        Registry.items[key or cls.__name__] = cls

class A(Registry, key="a"):
    pass

class B(Registry):
    pass

class C(A, key="c"):
    pass

print(sorted(Registry.items), Registry.items["c"].__name__, issubclass(C, A))

class Tagged:
    @classmethod
    def __init_subclass__(cls, /, tag="none", **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag

class T1(Tagged, tag="one"):
    pass

class T2(T1):
    pass

print(T1.tag, T2.tag)

try:
    class Bad(Registry, colour="red"):
        pass
except TypeError as e:
    print("TypeError", e)

try:
    class Plain(extra=1):
        pass
except TypeError as e:
    print("TypeError", e)

class Field:
    def __set_name__(self, owner, name):
        self.owner = owner.__name__
        self.name = name

class Record:
    x = Field()
    y = Field()

print(Record.x.name, Record.y.name, Record.x.owner)

class Shape(metaclass=ABCMeta):
    @abstractmethod
    def area(self):
        ...

class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s * self.s

try:
    Shape()
except TypeError as e:
    print("TypeError", e)
print(Square(3).area(), isinstance(Square(2), Shape))

class Typed(metaclass=type):
    pass

print(Typed.__name__, type(Typed()).__name__)
total = 0
for i in range(3000):
    total += Square(i % 10).area()
print(total)
