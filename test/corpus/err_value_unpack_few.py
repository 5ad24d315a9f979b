# Error case: value unpack few
a, b, c = [1, 2]
