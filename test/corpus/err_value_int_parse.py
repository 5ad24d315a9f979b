# Error case: value int parse
print(int("12x"))
