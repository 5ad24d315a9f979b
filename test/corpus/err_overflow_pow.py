# Error case: overflow pow
print(2.0 ** 10000)
