# Error case: zero div float
print(2.5 / 0.0)
