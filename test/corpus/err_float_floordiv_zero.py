# Error case: float floordiv zero
print(1.5 // 0)
