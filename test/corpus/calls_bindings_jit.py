# Calls a trace binds without tier-1: super() chains, keyword arguments out
# of order with skipped defaults, f(*args), list slice stores and deletes,
# star displays, and operator methods that decline through a helper.

class Shape:
    def __init__(self, w, h=1, name='shape'):
        self.w = w
        self.h = h
        self.name = name

    def area(self, scale=1):
        return self.w * self.h * scale

    def __add__(self, other):
        if not isinstance(other, Shape):
            return decline()
        return Shape(self.w + other.w, self.h + other.h)

    def __radd__(self, other):
        return other + self.area()


class Square(Shape):
    def __init__(self, side, name='square'):
        super().__init__(side, h=side, name=name)

    def area(self, scale=1):
        return super().area(scale) + 1


def decline():
    return NotImplemented


def combine(a, b=2, c=3, d=4):
    return ((a * 10 + b) * 10 + c) * 10 + d


def spread(a, b, c=0):
    return a - b + c


def main():
    total = 0
    history = []
    window = list(range(6))
    for i in range(400):
        s = Square(i % 7, name='sq')
        r = Shape(h=2, w=i % 5)
        total += s.area(scale=2) + r.area() + combine(i % 9, d=1, c=0) + combine(c=i % 3, a=1)
        total += spread(*(i, 1)) + spread(*[i, 2, 3])
        t = s + r
        total += t.w + t.h
        total += 5 + s
        try:
            total += (s + i).w
        except TypeError as e:
            history.append(str(e)[:20])
        window[i % 4:] = window[:2] + [i]
        del window[:i % 3]
        if len(window) < 3:
            window = [*window, i, i + 1]
        total += sum(window) + len(tuple(window))
    print(total, len(history), history[-1], window)


main()
