# Function attributes: __name__, __qualname__, __module__, __doc__,
# __defaults__ and __kwdefaults__ (read, rebound while a loop calls the
# function, deleted), __dict__ and attributes the program sets and deletes.


def area(w, h=2, *, scale=1):
    "Area of a rectangle."
    return w * h * scale


print(area.__name__, area.__qualname__, area.__module__, area.__doc__, area.__defaults__, area.__kwdefaults__)
print(area(3))
area.__defaults__ = (5,)
print(area(3), area.__defaults__)


def hot():
    s = 0
    for i in range(300):
        s += area(1)
        if i == 100:
            area.__defaults__ = (7,)
        if i == 200:
            area.__kwdefaults__ = {"scale": 10}
    return s


print(hot(), area.__kwdefaults__)
del area.__defaults__
try:
    area(3)
except TypeError as e:
    print("TypeError:", e)
print(area.__defaults__, area(3, 1))
del area.__kwdefaults__
try:
    area(3, 1)
except TypeError as e:
    print("TypeError:", e)
area.__kwdefaults__ = {"scale": 2}
print(area(3, 1))
for bad in ["__defaults__", "__kwdefaults__"]:
    try:
        setattr(area, bad, 5)
    except TypeError as e:
        print("TypeError:", e)

area.calls = 0
area.tags = ["geometry"]
print(area.calls, area.tags, sorted(area.__dict__))
area.calls += 1
print(area.calls, area.__dict__["calls"])
del area.calls
print(sorted(area.__dict__), hasattr(area, "calls"))
try:
    del area.calls
except AttributeError as e:
    print("AttributeError:", e)
try:
    area.missing
except AttributeError as e:
    print("AttributeError:", e)


class K:
    def method(self):
        "A method."
        return 1


k = K()
print(k.method.__name__, k.method.__qualname__, k.method.__doc__, k.method.__func__ is K.method, k.method.__self__ is k)
print((lambda: 0).__name__, (lambda: 0).__qualname__, (lambda: 0).__defaults__)


def outer():
    def inner(a=[]):
        return a
    return inner


print(outer().__qualname__, outer().__defaults__)
