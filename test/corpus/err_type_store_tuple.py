# Error case: type store tuple
t = (1, 2)
t[0] = 5
