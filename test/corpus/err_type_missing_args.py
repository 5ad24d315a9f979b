# Error case: type missing args
def g(a, b, c):
    return a
g(1)
