# Decorator wrappers and *args/**kwargs forwarding in hot loops (traces bind
# *args/**kwargs natively and inline fn(*a, **k)): counting wrappers with
# functools.wraps, stacked decorators, decorators with arguments, keyword-only
# wrapper parameters, wrappers that change kwargs, super().__init__(*args,
# **kwargs), cls(*a, **k) factories, decorated methods; shapes changing
# mid-loop (other argument counts and keywords) and errors from the callee.
import functools


def counted(fn):
    @functools.wraps(fn)
    def w(*a, **k):
        w.calls += 1
        return fn(*a, **k)
    w.calls = 0
    return w


def logged(fn):
    @functools.wraps(fn)
    def w(*args, **kwargs):
        return fn(*args, **kwargs)
    return w


def retry(times):
    def deco(fn):
        def w(*a, **k):
            last = None
            for _ in range(times):
                try:
                    return fn(*a, **k)
                except ValueError as e:
                    last = e
            raise last
        return w
    return deco


def keyed(fn):
    def w(*a, key=None, scale=1, **k):
        if key is not None:
            k['b'] = key
        return fn(*a, **k) * scale
    return w


def defaulting(fn):
    def w(*a, **k):
        k.setdefault('b', 1)
        return fn(*a, **k)
    return w


def passthrough(fn):
    def w(*a):
        return fn(*a)
    return w


@counted
def add(a, b=1):
    return a + b


@logged
@counted
def mul(a, b=3):
    return a * b


fails = [0]


@retry(3)
def flaky(a, b=0):
    if a % 97 == 5 and b == 0 and fails[0] < a:
        fails[0] = a
        raise ValueError(a)
    return a - b


@keyed
def sub(a, b=10):
    return a - b


@defaulting
def shift(a, b):
    return a + 2 * b


@passthrough
def five(a, b, c, d, e):
    return a + b + c + d + e


@logged
def many(a, b=0, c=0, d=0, e=0, f=0, g=0):
    return a + b + 2 * c + 3 * d + 4 * e + 5 * f + 6 * g


@logged
def collect(*items, **named):
    return len(items) + sum(items) + len(named) + sum(named.values())


class Base:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y


class Child(Base):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.z = self.x + self.y


def make(cls, *a, **k):
    return cls(*a, **k)


class Acc:
    def __init__(self):
        self.total = 0

    @logged
    def put(self, v, scale=1):
        self.total += v * scale
        return self.total

    @counted
    def bump(self, *, by=1):
        self.total += by
        return by


def main():
    t = 0
    acc = Acc()
    out = []
    for i in range(400):
        t += add(i, b=2) + add(i)
        t += mul(i) + mul(i, b=2) + mul(a=i, b=1)
        t += flaky(i) + flaky(i, b=1)
        t += sub(i) + sub(i, key=3) + sub(i, b=4) + sub(i, scale=2, key=1)
        t += shift(i) + shift(i, b=5) + shift(b=i, a=1)
        t += five(i, 1, 2, 3, 4)
        c = Child(i, y=2)
        t += c.z + Child(i).z + Child(x=i, y=i).z
        t += make(Base, i, y=1).y + make(Child, i).z + make(Base, x=3).x
        t += acc.put(i) + acc.put(i, scale=2) + acc.bump() + acc.bump(by=i)
        t += collect(i, i + 1) + collect(i, k=i) + collect()
        # The shapes change: more keywords than the first dict holds, another keyword set, a
        # tuple of another length, keywords that are not strs, a missing argument.
        if i % 50 == 7:
            t += many(i, b=1, c=2, d=3, e=4, f=5, g=6)
        if i % 3 == 0:
            t += add(b=i, a=1)
        if i % 5 == 0:
            t += mul(i, 2)
        if i == 200:
            try:
                add(i, c=1)
            except TypeError as e:
                out.append(str(e))
            try:
                five(1, 2)
            except TypeError as e:
                out.append(str(e))
            try:
                mul(**{1: 2})
            except TypeError as e:
                out.append(str(e))
            try:
                shift(1, 2, b=3)
            except TypeError as e:
                out.append(str(e))
    print(t, add.calls, mul.__wrapped__.calls, acc.total, Acc.bump.calls)
    for line in out:
        print(line)
    print(add.__name__, mul.__name__, fails)


main()
