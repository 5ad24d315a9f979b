# Error case: value nan to int
print(int(float("nan")))
