# Error case: zero div true
x = 0
print(1 / x)
