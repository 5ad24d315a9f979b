# Error case: float mod zero
print(1.5 % 0.0)
