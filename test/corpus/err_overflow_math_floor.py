# Error case: overflow math floor
import math
print(math.floor(float("inf")))
