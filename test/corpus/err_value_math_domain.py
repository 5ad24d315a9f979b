# Error case: value math domain
import math
print(math.sqrt(-1))
