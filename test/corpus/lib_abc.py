from abc import ABC, abstractmethod

class Shape(ABC):
    @abstractmethod
    def area(self):
        ...
    @abstractmethod
    def name(self):
        ...
    def describe(self):
        return self.name() + " with area " + str(self.area())

class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s * self.s
    def name(self):
        return "square"

class Half(Shape):
    def area(self):
        return 0

print(Square(3).describe(), isinstance(Square(1), Shape), issubclass(Square, ABC))
print(Shape.area.__isabstractmethod__, getattr(Square.area, "__isabstractmethod__", False))
try:
    Half()
except TypeError as e:
    print(e)
try:
    Shape()
except TypeError as e:
    print(e)
class P(ABC):
    @property
    @abstractmethod
    def v(self): ...
class Q(P):
    @property
    def v(self): return 7
print(Q().v)
Shape()
