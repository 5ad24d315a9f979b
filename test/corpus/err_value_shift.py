# Error case: value shift
print(1 << -1)
