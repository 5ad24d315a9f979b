# Operator methods of int, bool, float, str, list and tuple as attributes (operator-methods.ts),
# against python3: NotImplemented for an argument the operator does not take, reflected
# forms, unbound use, super() in subclasses, the TypeErrors python3 raises.
import functools, operator
print((3).__add__(4), int.__add__(3, 4), (2.5).__mul__(2), (7).__floordiv__(2.0), (7).__rsub__(10), (2.0).__rpow__(3))
print(functools.reduce(int.__add__, range(5)), (5).__neg__(), (5).__lt__(6), (5).__eq__(5.0), (5.0).__eq__(5), (1).__invert__())
print(True.__and__(False), True.__or__(1), (10**30).__mod__(7), (-7).__floordiv__(2), (3.5).__pos__(), float.__truediv__(1.0, 4))
class I(int):
    def __add__(self, o):
        return I(super().__add__(o) + 100)
print(I(1) + 2, type(I(1) + 2).__name__, hasattr(3, "__mul__"), hasattr(3.0, "__and__"), hasattr(3.0, "__rmod__"))
try:
    (1).__truediv__(0)
except ZeroDivisionError as e:
    print("zde", e)
try:
    (1).__add__()
except TypeError as e:
    print("te", e)
print(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: a.__sub__(b))))
try:
    (1.0).__and__(1)
except AttributeError as e:
    print("ae", e)
print("a".__add__("b"), [1].__add__([2]), (1,).__add__((2,)), "ab".__mul__(2), [0].__rmul__(3), "x".__eq__("x"), "a".__lt__("b"), [1].__eq__([1]), (1, 2).__lt__((1, 3)))
print([1].__eq__((1,)), "a".__eq__(1), "%d-%s".__mod__((1, "z")), "a".__ne__("b"), [1, 2].__ge__([1]))
for bad in [lambda: "a".__add__(1), lambda: [1].__add__((2,)), lambda: (1,).__add__([2]), lambda: "a".__mul__("b"), lambda: [1].__rmul__(1.5)]:
    try:
        bad()
    except TypeError as e:
        print("te", e)
class L(list):
    def __add__(self, o):
        return L(super().__add__(o))
print(type(L([1]) + [2]).__name__, L([1]) + [2])
print(list(map(str.upper, ["a", "b"])), sorted(["B", "a"], key=str.lower))
l = []; list.append(l, 1); print(l, dict.get({"k": 2}, "k"), str.join("-", "ab"))
print("abc".__len__(), [1, 2].__len__(), (3).__class__.__name__, {1: 2}.__contains__(1))
class P:
    def __init__(self):
        object.__setattr__(self, "x", 1)
    def __setattr__(self, k, v):
        super().__setattr__(k, v * 2)
p = P(); p.y = 5; print(p.x, p.y)
