# Error case: overflow exp
import math
print(math.exp(1000))
