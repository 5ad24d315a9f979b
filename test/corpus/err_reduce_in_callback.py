import itertools
from functools import reduce
print(list(itertools.islice(itertools.count(), 3)))
def add(a, b):
    return a + b
print(reduce(add, [1, 2, "x"]))
