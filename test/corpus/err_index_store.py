# Error case: index store
a = [0] * 3
a[3] = 1
