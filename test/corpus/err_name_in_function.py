# Error case: name in function
def f():
    return qq_missing_thing + 1
f()
