# Error case: type concat str
print("a" + 1)
