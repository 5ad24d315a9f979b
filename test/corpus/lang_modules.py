# Modules and names: __name__, import forms, global/nonlocal, del.
import math
import math as m
from math import sqrt, pi as PI, floor
from math import *
print(__name__, math.sqrt(16), m.floor(2.7), sqrt(2), PI, floor(-0.5), e > 2, tau / 2 == pi)
print(math.__name__, hasattr(math, "cos"), math.inf > 10 ** 300)
x = 10
def read_global():
    return x + 1
def write_global():
    global x, newname
    x = 20
    newname = "created"
write_global()
print(read_global(), newname)
def deleter():
    a = 1
    del a
    try:
        return a
    except UnboundLocalError as err:
        return str(err)
print(deleter())
lst = [1, 2, 3, 4]
del lst[0], lst[-1]
d = {"k": 1, "j": 2}
del d["k"]
class O:
    pass
o = O()
o.attr = 5
del o.attr
y = 3
del y
print(lst, d, hasattr(o, "attr"), "y" in dir() if False else "ok")
try:
    print(y)
except NameError as err:
    print(err)
if __name__ == "__main__":
    print("main block")
try:
    import nonexistent_module_xyz
except ModuleNotFoundError as err:
    print(type(err).__name__, err)
try:
    from math import nosuch
except ImportError as err:
    print(type(err).__name__)
