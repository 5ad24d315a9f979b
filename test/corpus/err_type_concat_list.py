# Error case: type concat list
print([1] + (2,))
