# Error case: value range step
for i in range(1, 10, 0):
    pass
