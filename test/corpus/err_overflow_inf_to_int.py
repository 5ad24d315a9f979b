# Error case: overflow inf to int
print(int(float("inf")))
