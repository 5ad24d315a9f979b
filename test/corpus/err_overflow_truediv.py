# Error case: overflow truediv
print(10 ** 400 / 3)
