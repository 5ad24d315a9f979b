# Functions: defaults, keywords, keyword-only, *args, **kwargs, call-site * and **, lambda, closures, decorators.
def f(a, b=10, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))

print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6, d=7))
print(f(*[1, 2, 3], **{"c": 9, "z": 0}))
args = (5,)
kwargs = {"c": 1}
print(f(*args, 7, **kwargs, q=2))

def defaults_once(x, acc=[]):
    acc.append(x)
    return acc

print(defaults_once(1), defaults_once(2))

def posonly(a, b, /, c):
    return a + b + c

print(posonly(1, 2, c=3))
sq = lambda x, y=2: x ** y
print(sq(3), sq(2, 5), (lambda *a: len(a))(1, 2, 3))

def counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc

c1 = counter()
c2 = counter()
print(c1(), c1(), c1(5), c2())

def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]

print([a(10) for a in make_adders()])

def outer():
    x = 1
    def middle():
        def inner():
            return x * 100
        return inner
    x = 2
    return middle()()

print(outer())

def trace(fn):
    def wrapper(*a, **k):
        print("call", fn.__name__, a, k)
        return fn(*a, **k)
    return wrapper

def twice(fn):
    return lambda *a: fn(fn(*a))

@trace
def add(x, y):
    return x + y

@twice
def inc(x):
    return x + 1

print(add(2, y=3), inc(5))

total = 0
def bump(n):
    global total
    total += n
    return total

bump(3)
bump(4)
print(total)

ins = [].append
lst = []
ins2 = lst.insert
ins2(0, "a")
ins2(0, "b")
print(lst)
fns = [len, str.upper, abs]
print([g("abc") if g is not abs else g(-3) for g in fns])

def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
print(rec(20))

def gen_kw(**kw):
    return kw
print(gen_kw(a=1, b=2), gen_kw())
x = 5
def shadow():
    x = 1
    y = [x for x in range(3)]
    return x, y
print(shadow(), x)
