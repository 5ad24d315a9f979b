# Error case: type len
print(len(5))
