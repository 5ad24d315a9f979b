# Error case: mod zero
print(10 % 0)
