# Error case: type in int
print(3 in 5)
