# f.__code__ (and a generator's gi_code, a coroutine's cr_code): the co_*
# attributes of functions, lambdas, methods, closures, generators,
# comprehensions' generator expressions and decorated defs; the repr; one code
# object per def; the errors of a missing or read-only attribute.
import functools
import os
import types


def show(f):
    co = f.__code__
    print(co.co_name, co.co_qualname, co.co_argcount, co.co_posonlyargcount, co.co_kwonlyargcount,
          co.co_varnames, co.co_nlocals, co.co_flags, co.co_freevars, co.co_cellvars, co.co_firstlineno)


def plain(a, b=2):
    c = a + b
    return c


def signature(p, /, q, *args, k, m=1, **kw):
    local = 1
    return local


class C:
    def m(self, x, *rest):
        "doc"
        return x

    @staticmethod
    def s(a, /, b):
        return a

    @classmethod
    def c(cls, *, k=1):
        return k

    @property
    def p(self):
        return 1

    def uses_super(self):
        return super().__repr__()


def deco(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper


@deco
def decorated(n):
    return n


def closures(a, b):
    z = 1
    y = 2

    def g():
        return a + z + x
    x = 3
    return g


def gen(n):
    for i in range(n):
        yield i


async def coro(x):
    return x


def scopes(a, b):
    try:
        pass
    except Exception as e:
        pass
    for i in range(3):
        pass
    [q for q in range(2)]
    match a:
        case [x, y]:
            pass
        case {"k": v}:
            pass
    total = sum(z for z in range(3))

    def inner():
        return b + total
    return inner


o = C()
for f in [plain, signature, o.m, C.m, C.s, C.c, o.c, C.p.fget, C.uses_super, o.m.__func__,
          decorated, decorated.__wrapped__, closures, closures(1, 2), scopes, scopes(1, 2)]:
    show(f)
show(lambda a, b=2: a + b)
g = gen(3)
print(g.gi_code is gen.__code__, gen.__code__.co_flags, gen.__code__.co_varnames)
c = coro(1)
print(c.cr_code is coro.__code__, coro.__code__.co_flags)
c.close()
ge = (x * 2 for x in range(3))
print(ge.gi_code.co_name, ge.gi_code.co_varnames, ge.gi_code.co_argcount, ge.gi_code.co_flags, ge.gi_code.co_qualname)

# One code object per def: closures made by one def share it.
print(closures(1, 2).__code__ is closures(3, 4).__code__, plain.__code__ is plain.__code__)
print(plain.__code__ == plain.__code__, plain.__code__ == C.m.__code__, hash(plain.__code__) == hash(plain.__code__))
print(isinstance(plain.__code__, types.CodeType), type(plain.__code__).__name__, type(plain.__code__))
r = repr(plain.__code__)
print(r.startswith("<code object plain at 0x"), r.endswith(", line %d>" % plain.__code__.co_firstlineno))
print(os.path.basename(plain.__code__.co_filename), os.path.basename(r.split('file "')[1].split('"')[0]))

# Errors: a missing attribute, a read-only one, and __code__ set to something else.
try:
    plain.__code__.co_nope
except AttributeError as e:
    print("AttributeError:", e)
try:
    plain.__code__.co_name = "other"
except AttributeError as e:
    print("AttributeError:", e)
try:
    plain.__code__ = 5
except TypeError as e:
    print("TypeError:", e)
try:
    del plain.__code__
except TypeError as e:
    print("TypeError:", e)
try:
    len.__code__
except AttributeError as e:
    print("AttributeError:", e)
print(hasattr(plain, "__code__"), getattr(plain.__code__, "co_nope", "default"))
