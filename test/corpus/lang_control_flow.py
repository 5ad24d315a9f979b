# Audit of issue 13's lists against python3: control flow.
for i in range(3):
    if i == 5: break
else:
    print("for-else")
n = 0
while n < 3:
    n += 1
    if n == 2: break
else:
    print("never")
while n < 5:
    n += 1
else:
    print("while-else", n)
try:
    assert n == 4, "n is " + str(n)
except AssertionError as e:
    print("assert", e)
try:
    assert False
except AssertionError as e:
    print("assert2", repr(e), e.args)
def tf():
    for i in range(3):
        try:
            if i == 1: continue
            if i == 2: return "ret" + str(i)
        finally:
            print("fin", i)
print(tf())
def tf2():
    try:
        return 1
    finally:
        print("finally runs")
print(tf2())
def tf3():
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("converted")
try:
    tf3()
except ValueError as e:
    print(e, type(e.__context__).__name__, e.__cause__)
try:
    try:
        {}["k"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(e, repr(e.__cause__), e.__suppress_context__)
try:
    raise KeyError("a") from None
except LookupError as e:
    print("lookup", e, e.__cause__)
for exc in (IndexError, KeyError, ZeroDivisionError, OverflowError, TypeError, ValueError, AttributeError, NameError, UnboundLocalError, StopIteration, RuntimeError, RecursionError, NotImplementedError, AssertionError, ModuleNotFoundError, ImportError):
    print(exc.__name__, [c.__name__ for c in exc.__mro__])
try:
    try:
        raise TypeError("inner")
    except (ValueError, TypeError) as e:
        print("tuple catch", e)
        raise
except Exception as e:
    print("reraised", e)
class CM:
    def __init__(self, name, suppress=False): self.name = name; self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return self.suppress
with CM("a") as a, CM("b") as b:
    print("body", a.name, b.name)
with CM("s", True):
    raise ValueError("suppressed")
try:
    with CM("ns"):
        raise ValueError("not suppressed")
except ValueError as e:
    print("got", e)
def wret():
    with CM("r"):
        return 5
print(wret())
for i in range(3):
    with CM("loop" + str(i)):
        if i == 1: continue
        if i == 2: break
print([(x, y) for x in range(4) if x % 2 for y in range(x) if y != 1])
print({x: y for x in "ab" for y in range(2)}, {x * y for x in range(3) for y in range(3)})
g = (x * x for x in range(5) if x > 1)
print(next(g), list(g), next(g, "done"))
it = iter([1, 2])
print(next(it), next(it), next(it, None))
e = Exception("a", 2)
print(e.args, str(e), repr(e), str(Exception()), repr(ValueError("q")), str(KeyError("k")), str(KeyError()))
try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args)
try:
    pass
except Exception:
    pass
else:
    print("else runs")
finally:
    print("finally after else")
def nested_finally():
    try:
        try:
            raise IndexError("x")
        finally:
            print("inner finally")
    except IndexError:
        print("outer caught")
        return "r"
    finally:
        print("outer finally")
print(nested_finally())
x = 1
try:
    del x
    print(x)
except NameError as e:
    print(e)
def brk():
    for i in range(5):
        try:
            if i == 3: break
        finally:
            print("f", i)
    return i
print(brk())
try:
    raise StopIteration(5, 6)
except StopIteration as e:
    print(e.value, e.args)
try:
    raise StopIteration
except StopIteration as e:
    print(e.value)
try:
    raise SystemExit(3)
except SystemExit as e:
    print(e.code)
try:
    raise SystemExit(3, 4)
except SystemExit as e:
    print(e.code)
try:
    raise SystemExit()
except SystemExit as e:
    print(e.code)
try:
    raise ValueError(1)
except ValueError as e:
    print(hasattr(e, "value"), hasattr(e, "code"))
