# Error case: type not iterable
for x in 5:
    pass
