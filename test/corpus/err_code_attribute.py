# Error case: a misspelt co_ attribute of a function's code (python3 suggests the right one).
def area(w, h):
    return w * h


print(area.__code__.co_name, area.__code__.co_argcount)
print(area.__code__.co_nmae)
