# Error case: type too many args
def f(a):
    return a
f(1, 2)
