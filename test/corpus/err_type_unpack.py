# Error case: type unpack
a, b = 1
