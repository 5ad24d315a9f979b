# Error case: value float parse
print(float("abc"))
