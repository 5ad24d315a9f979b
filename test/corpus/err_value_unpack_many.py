# Error case: value unpack many
a, b = 1, 2, 3
