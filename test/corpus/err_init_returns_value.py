# __init__ returning a value: python3 raises TypeError in the caller, and the
# traceback has no line for __init__ (its frame is gone). Caught in a hot loop
# first (traces inline __init__ and exit when it returns a value), then uncaught.
class Box:
    def __init__(self, v):
        self.v = v
        if v > 5:
            return v


class Guarded:
    def __init__(self):
        try:
            return 1
        except TypeError:
            print("never caught inside __init__")


total = 0
for i in range(200):
    try:
        total += Box(i % 7).v
    except TypeError as e:
        total += 100
        message = str(e)
print(total, message)
try:
    Guarded()
except TypeError as e:
    print("caught by the caller:", e)


def make():
    return Box(9)


make()
