# Subclassing list, dict and Exception; class attributes through __class__; type(); print(file=); misc builtins.
class Stack(list):
    def push(self, x):
        self.append(x)
        return self
    def peek(self):
        return self[-1]
    def __repr__(self):
        return "Stack(" + super().__repr__() + ")"

s = Stack([1, 2])
s.push(3).push(4)
print(s, len(s), s.peek(), s.pop(), list(s), s[0], 2 in s, sum(s), sorted(s, reverse=True), isinstance(s, list))
s.extend([7, 8])
s.sort()
print(s, s == [1, 2, 3, 7, 8], s + [9], [x * 2 for x in s], bool(Stack()), type(s).__name__)

class DefaultDict(dict):
    def __init__(self, factory):
        super().__init__()
        self.factory = factory
    def __missing__(self, key):
        v = self.factory()
        self[key] = v
        return v

dd = DefaultDict(list)
dd["a"].append(1)
dd["b"].append(2)
dd["a"].append(3)
print(dd, len(dd), dd["a"], "c" in dd, sorted(dd.keys()), dd.get("zz"), isinstance(dd, dict))
class Counted(dict):
    pass
c = Counted(x=1)
c["y"] = 2
print(c, list(c.items()), {**c, "z": 3})

class ValidationError(Exception):
    def __init__(self, field, problem):
        super().__init__(field + ": " + problem)
        self.field = field
class MissingError(ValidationError):
    pass
try:
    raise MissingError("name", "required")
except ValidationError as e:
    print(type(e).__name__, e.field, e, e.args, isinstance(e, Exception))

class Config:
    defaults = {"depth": 3}
    instances = 0
    def __init__(self):
        self.__class__.instances += 1
        self.depth = self.__class__.defaults["depth"]
Config.defaults = {"depth": 5}
Config.instances = 10
a = Config()
b = Config()
print(a.depth, Config.instances, type(a).instances, type(a) is Config, type(type(a)).__name__)

class Log:
    def __init__(self):
        self.parts = []
    def write(self, text):
        self.parts.append(text)
log = Log()
print("hello", 42, sep="-", end="!\n", file=log)
print("x", file=log)
print(log.parts, repr("".join(log.parts)))
print(int("ff", 16), int("-0b101", 0), int("  42 "), hex(255), oct(8), bin(-5), round(2.567, 2), round(7.5), round(-1234, -2))
print(abs(-3.5), chr(65) + chr(0x263A), ord("z"), divmod(-7, 2), max(3, 9, 2), min("b", "a"), sum([0.1] * 3), pow(2, -1))
print(id(a) == id(a), id(a) != id(b), callable(len), callable(Config), callable(a), isinstance(True, int), issubclass(bool, int))
print(list(map(str, [1, 2])), list(zip()), list(zip([1], [2], [3])), next(iter([]), "empty"), sorted("bca"), reversed(range(3)).__class__.__name__ != "")
print(type(None).__name__, type(3.0), type([]), type({}), type(set()), type((1,)), type(len), type(lambda: 0).__name__)
print(all(isinstance(x, (int, float)) for x in [1, 2.0, True]), any([]), list(enumerate("xy", 5)), dict(enumerate("ab")))
print(str(3.0), str(-0.0), repr(1e16), repr(1.5e-7), 10 ** 20, -7 // 2, -7 % 3, 7 / 2, 2 ** -1, 0.1 + 0.2, 1 == 1.0, hash(1) == hash(1.0))

# In-place operators on a subclass of a mutable built-in change the value and
# keep the instance (list.__iadd__ returns self); on an immutable one they give
# the base type.
class IL(list):
    def total(self):
        return sum(self)
class IS(set):
    pass
class ID(dict):
    pass
class II(int):
    pass
il = IL([1]); il += [2, 3]; il *= 2
print(type(il).__name__, il, il.total())
iset = IS({1, 2}); iset |= {5}; iset &= {1, 5}; iset -= {9}; iset ^= {7}
print(type(iset).__name__, sorted(iset))
idict = ID(a=1); idict |= {"b": 2}
print(type(idict).__name__, idict)
ii = II(5); ii += 1
print(type(ii).__name__, ii)
print(type(IL([1]) + [2]).__name__, type(IS({1}) | {3}).__name__)
for k in range(2000):
    il += [k]
print(type(il).__name__, len(il), il.total())
