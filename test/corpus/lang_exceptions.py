# try/except/else/finally, raise from, user exceptions, with, assert, for/while else.
class AppError(Exception):
    def __init__(self, code, msg="failed"):
        super().__init__(msg)
        self.code = code

class DetailError(AppError):
    pass

def risky(n):
    if n == 0:
        raise ValueError("zero")
    if n == 1:
        raise DetailError(42, "detail")
    if n == 2:
        return {}["missing"]
    if n == 3:
        return [1][5]
    if n == 4:
        return 1 / 0
    if n == 5:
        return int("abc")
    if n == 6:
        raise AppError(7)
    return n

for n in range(8):
    try:
        r = risky(n)
    except (ValueError, ZeroDivisionError) as e:
        print("value/zero:", type(e).__name__, e, e.args)
    except AppError as e:
        print("app:", type(e).__name__, e.code, str(e), e.args, isinstance(e, Exception))
    except LookupError as e:
        print("lookup:", repr(e))
    else:
        print("ok", r)
    finally:
        print("finally", n)

def f():
    try:
        return "try"
    finally:
        print("cleanup")
print(f())

def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("g finally", i)
    return i
print(g())

def nested():
    try:
        try:
            raise KeyError("inner")
        except KeyError:
            raise ValueError("outer")
    except ValueError as e:
        print("ctx:", repr(e.__context__), e.__cause__)
    try:
        try:
            1 / 0
        except ZeroDivisionError as z:
            raise RuntimeError("wrapped") from z
    except RuntimeError as e:
        print("cause:", repr(e.__cause__), e.__suppress_context__)
    try:
        raise ValueError("x") from None
    except ValueError as e:
        print("none cause:", e.__cause__, e.__suppress_context__)
nested()

def reraise():
    try:
        raise IndexError("idx")
    except IndexError:
        print("handling")
        raise
try:
    reraise()
except IndexError as e:
    print("re-raised", e)

try:
    try:
        raise TypeError("t")
    finally:
        print("finally runs")
except TypeError:
    print("caught after finally")

class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return self.suppress

with Resource("a") as r:
    print("body", r.name)
with Resource("b", True):
    raise ValueError("suppressed")
try:
    with Resource("c") as c1, Resource("d") as c2:
        raise KeyError("k")
except KeyError as e:
    print("propagated", e)
def with_return():
    with Resource("e"):
        return 5
print(with_return())

try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("assert:", e)
try:
    assert False
except AssertionError as e:
    print("bare assert", repr(e))

for i in range(3):
    if i == 5:
        break
else:
    print("for else ran")
for i in range(3):
    if i == 1:
        break
else:
    print("not printed")
n = 0
while n < 3:
    n += 1
else:
    print("while else", n)

try:
    raise StopIteration
except Exception as e:
    print(type(e).__name__, isinstance(e, Exception))
e = "kept"
try:
    raise OSError("x")
except OSError as e:
    pass
try:
    print(e)
except NameError as ne:
    print("NameError:", ne)
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError), ValueError.__mro__[-2].__name__)
try:
    class Bad(Exception):
        def __str__(self):
            return "custom str"
    raise Bad()
except Bad as b:
    print(b, repr(b))
def deep(k):
    if k == 0:
        raise AppError(1, "deep")
    return deep(k - 1)
try:
    deep(50)
except AppError as e:
    print("deep", e)
