# Error case: value log zero
import math
print(math.log(0))
