# Error case: type none add
def f():
    pass
print(f() + 1)
