# Argument-binding TypeError with CPython's wording for a method.
class Point:
    def __init__(self, x, y, *, label="p"):
        self.x, self.y, self.label = x, y, label
    def moved(self, dx, dy=0):
        return Point(self.x + dx, self.y + dy, label=self.label)
p = Point(1, 2, label="a").moved(3)
print(p.x, p.y, p.label)
p.moved(1, 2, 3)
