# Error case: zero div int
def f(a, b):
    return a // b
print("before")
print(f(7, 0))
print("after")
