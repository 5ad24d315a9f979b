# contextlib (contextmanager, suppress, nullcontext, closing, ExitStack, redirect_stdout) and types.
import contextlib
from contextlib import contextmanager, suppress, nullcontext, closing, ExitStack, redirect_stdout
import io
import types
from types import SimpleNamespace


@contextmanager
def tag(name):
    print("<" + name + ">")
    try:
        yield name.upper()
    finally:
        print("</" + name + ">")


with tag("b") as t:
    print("inside", t)

with tag("outer"), tag("inner"):
    print("nested")

try:
    with tag("err"):
        raise ValueError("boom")
except ValueError as e:
    print("caught", e)


@contextmanager
def swallow():
    try:
        yield
    except KeyError as e:
        print("swallowed", repr(e))


with swallow():
    {}["missing"]
print("after swallow")


@contextmanager
def no_yield():
    if False:
        yield

try:
    with no_yield():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)


@tag("deco")
def decorated(x):
    print("running", x)
    return x * 2

print(decorated(21))

with suppress(ZeroDivisionError, KeyError):
    1 / 0
print("suppressed")
try:
    with suppress(KeyError):
        [][1]
except IndexError as e:
    print("not suppressed:", e)

with nullcontext(42) as v:
    print("null", v)
with nullcontext() as v:
    print("null", v)


class Resource:
    def __init__(self, name):
        self.name = name

    def close(self):
        print("closing", self.name)


with closing(Resource("r1")) as r:
    print("using", r.name)


class CM:
    def __init__(self, n):
        self.n = n

    def __enter__(self):
        print("enter", self.n)
        return self.n

    def __exit__(self, *exc):
        print("exit", self.n, exc[0].__name__ if exc[0] else None)
        return False


with ExitStack() as stack:
    values = [stack.enter_context(CM(i)) for i in range(3)]
    stack.callback(print, "callback ran")
    print("values", values)

try:
    with ExitStack() as stack:
        stack.enter_context(CM("a"))
        raise KeyError("k")
except KeyError as e:
    print("ExitStack propagated", e)

buf = io.StringIO()
with redirect_stdout(buf):
    print("captured text")
print("buffer:", repr(buf.getvalue()))

ns = SimpleNamespace(a=1, b="two")
ns.c = [3]
print(ns, ns.a, ns.c, ns == SimpleNamespace(a=1, b="two", c=[3]), ns == SimpleNamespace(a=1))
print(SimpleNamespace(), SimpleNamespace(y=2), vars(ns))
try:
    SimpleNamespace({"x": 1})
except TypeError as e:
    print("TypeError:", e)


def f():
    pass


def g():
    yield 1


class K:
    def m(self):
        pass


print(isinstance(f, types.FunctionType), isinstance(lambda: 0, types.LambdaType), isinstance(g(), types.GeneratorType))
print(isinstance(K().m, types.MethodType), isinstance(len, types.BuiltinFunctionType), isinstance(types, types.ModuleType))
print(isinstance(None, types.NoneType), isinstance(f, types.GeneratorType), types.FunctionType.__name__, types.GeneratorType.__name__)
