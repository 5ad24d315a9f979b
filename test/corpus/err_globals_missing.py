# Error case: globals()[name] of a name the module never bound.
x = 1


def lookup(name):
    return globals()[name]


print(lookup("x"))
print(lookup("nope"))
