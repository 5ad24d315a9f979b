from collections import deque

class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

class Circle:
    def __init__(self, r):
        self.r = r

def describe(v):
    match v:
        case None:
            return "none"
        case True | False as b:
            return "bool " + str(b)
        case 0:
            return "zero"
        case int(n) if n < 0:
            return "negative " + str(n)
        case int() | float() as num:
            return "number " + repr(num)
        case "":
            return "empty str"
        case str(s):
            return "str " + s
        case []:
            return "empty seq"
        case [x]:
            return "one " + repr(x)
        case [1, 2, *rest]:
            return "starts 1 2, rest " + repr(rest)
        case [first, *_, last]:
            return "first " + repr(first) + " last " + repr(last)
        case {"kind": "circle", "r": r}:
            return "circle dict r=" + repr(r)
        case {"kind": k, **others}:
            return "kind " + k + " others " + repr(others)
        case {}:
            return "some mapping"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return "on y axis at " + repr(yy)
        case Point(xx, yy) if xx == yy:
            return "diagonal " + repr(xx)
        case Point(xx, _):
            return "point x=" + repr(xx)
        case Circle(r=rr):
            return "circle " + repr(rr)
        case (a, b) | (a, b, _):
            return "unreachable for tuples"
        case _:
            return "other " + type(v).__name__

for v in [None, True, 0, -3, 4, 2.5, "", "hi", [], (7,), [1, 2, 3, 4], (5, 6, 7), deque([8, 9]),
          {"kind": "circle", "r": 2}, {"kind": "sq", "side": 3}, {"a": 1}, Point(0, 0), Point(0, 5),
          Point(3, 3), Point(1, 2), Circle(9), "x" * 0, {1, 2}, range(3), range(0)]:
    print(describe(v))

def walk(cmd):
    match cmd.split():
        case ["go", ("north" | "south") as d]:
            return "going " + d
        case ["drop", *items]:
            return "dropping " + ", ".join(items)
        case [verb, obj] if verb in ("get", "take"):
            return "taking " + obj
        case _:
            return "?"

for c in ["go north", "go west", "drop a b c", "take lamp", "get", "jump up"]:
    print(walk(c))

x = 10
match x:
    case 1:
        print("one")
print("fallthrough ok", x)

match (1, [2, {"k": (3, 4)}]):
    case (a, [b, {"k": (c, d)}]):
        print(a + b + c + d)

def gen(items):
    for it in items:
        match it:
            case [k, v]:
                yield k, v
            case _:
                yield it, None
print(list(gen([[1, 2], 3])))

class Bad:
    __match_args__ = ("a",)
try:
    match Point(1, 2):
        case Point(1, 2, 3):
            pass
except TypeError as e:
    print("TypeError", e)
try:
    match 5:
        case len():
            pass
except TypeError as e:
    print("TypeError", e)
class K:
    a = "a"
try:
    match {"a": 1}:
        case {"a": 1, K.a: 2}:
            pass
except Exception as e:
    print(type(e).__name__)
match Circle(1):
    case Circle(r=1, missing=2):
        print("no")
    case Circle():
        print("circle without attrs")
