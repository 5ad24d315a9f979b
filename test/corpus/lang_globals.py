"""globals(): the module's globals as a live dict."""
# Reads, stores (seen by the module and by functions), deletes, membership,
# iteration in binding order, the module's dunders, builtins shadowed and
# given back, non-str keys, the dict methods, and globals() inside functions.
import os


def late():
    return later_defined


counter = 0


def bump():
    global counter
    counter += 1


def names():
    return [k for k in globals() if not k.startswith("__")]


g = globals()
print(type(g), isinstance(g, dict), g is globals(), type(g).__name__)
print(names())
later_defined = 5
print(names(), late())

# Comprehension variables are not globals; loop and except targets are (until deleted).
[i for i in range(3)]
for j in range(2):
    pass
try:
    1 / 0
except ZeroDivisionError as exc:
    pass
print(names())
del j
print(names())
j = 9
print(names())

# Reads and stores through the mapping.
x = 1
print(g["x"], "x" in g, "nope" in g, g.get("nope"), g.get("nope", 5), g.get("x", 5))
g["y"] = 10
print(y)


def read_y():
    return y


print(read_y())
g["y"] = 20
print(read_y(), y)


def setter(name, value):
    globals()[name] = value


setter("z", 3)
print(z, "z" in g)
del g["z"]
try:
    z
except NameError as e:
    print("NameError:", e)
try:
    g["nope"]
except KeyError as e:
    print("KeyError:", e)
try:
    del g["nope"]
except KeyError as e:
    print("KeyError:", e)

# A name no code reads as a variable, and a non-str key.
name = "dyn" + "amic"
g[name] = "made at run time"
print(g[name], name in g, names()[-2:])
g[1] = "one"
print(g[1], 1 in g, len([k for k in g if k == 1]))
del g[1]
print(1 in g)

# Bump through a function's global statement, seen through the mapping.
bump()
bump()
print(g["counter"], counter)

# The module's dunders.
print(g["__name__"], g["__doc__"], os.path.basename(g["__file__"]))
print(__package__, __spec__, __cached__, __annotations__, __builtins__)
print([k for k in g if k.startswith("__")])

# A builtin shadowed through the mapping, then given back.
for fn in ["len", "abs"]:
    globals()[fn] = lambda v: -1
print(len([1]), abs(-3), "len" in g)
for fn in ["len", "abs"]:
    del globals()[fn]
print(len([1]), abs(-3), "len" in g, "print" in g)
try:
    del g["print"]
except KeyError as e:
    print("KeyError:", e)
# Rebound by assignment and deleted: the builtin again, as python3 finds it after the module.
abs = 3
print(abs, "abs" in g)
del abs
print(abs(-4), "abs" in g)
try:
    del abs
except NameError as e:
    print("NameError:", e)

# The dict methods and the operations that read the whole mapping.
print("{x}-{y}".format_map(g), "%(x)s" % g, "{x}".format(**g))
print(sorted(k for k in dict(g) if not k.startswith("__")) == sorted(names()))
print(sorted(k for k in {**g} if not k.startswith("__")) == sorted(names()))
print(bool(g), len(g) == len(list(g)), len(g.keys()) == len(g.values()) == len(g.items()))
print(g.setdefault("w", 7), w, g.setdefault("w", 8), g.pop("w"), g.pop("w", "gone"))
try:
    g.pop("w")
except KeyError as e:
    print("KeyError:", e)
g.update(aa=1, bb=2)
g.update({"cc": 3})
g |= {"dd": 4}
print(aa, bb, cc, dd)
print(g == g, g != g, g == dict(g), g.copy() == g, g == {})
merged = g | {"ee": 5}
print(type(merged).__name__, merged["ee"], "ee" in g)
print(list(reversed(list(g)))[0] == list(reversed(g))[0])
print(g.popitem()[0], "dd" in g)
print(repr(g)[:14], "'g': {...}" in repr(g))
for k, v in list(g.items()):
    if k in ("x", "counter"):
        print(k, v)
try:
    g[[1]] = 2
except TypeError as e:
    print("TypeError:", e)
try:
    g.nope
except AttributeError as e:
    print("AttributeError:", e)
try:
    globals(1)
except TypeError as e:
    print("TypeError:", e)


class K:
    attr = 1
    # A class body's globals() is the module's.
    print("K body:", "attr" in globals(), "K" in globals(), "x" in globals())


print("K" in g, "attr" in g)
