# Error case: value list index
print([1, 2].index(3))
