# Error case: zero pow
print(0 ** -1)
