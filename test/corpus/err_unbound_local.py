# Error case: unbound local
def f():
    print(v)
    v = 1
f()
