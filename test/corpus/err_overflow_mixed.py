# Error case: overflow mixed
print(10 ** 400 * 1.5)
