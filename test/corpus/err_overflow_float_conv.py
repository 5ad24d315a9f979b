# Error case: overflow float conv
print(float(10 ** 400))
