# Error case: value min empty
print(min([]))
