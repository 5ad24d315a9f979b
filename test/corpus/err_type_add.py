# Error case: type add
print(1 + "a")
