# Error case: index negative
a = [1, 2, 3]
print(a[-4])
