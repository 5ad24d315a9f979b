# Error case: value slice step
print([1, 2][::0])
