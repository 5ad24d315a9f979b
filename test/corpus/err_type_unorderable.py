# Error case: type unorderable
print(1 < "a")
