import random
from random import randint, Random
random.seed(5)
print(random.random(), randint(1, 6), random.choice('abc'), random.sample(range(10), 3))
r = random.Random(42)
print(r.random(), r.randint(1, 100), r.choice([1, 2, 3]), r.uniform(0, 1), r.gauss(0, 1), r.randrange(10))
l = list(range(10)); r.shuffle(l); print(l, r.sample(l, 3), r.choices('xyz', k=5), r.choices('xy', [1, 3], k=3))
r2 = Random(42); print(r2.random())
r.seed(7); s = r.getstate(); a = r.random(); r.setstate(s); print(a == r.random())
print(random.random(), type(r).__name__, isinstance(r, random.Random), repr(Random)[:21])
class My(random.Random):
    pass
print(My(3).randint(1, 10), Random().random() < 1)
r.randint(5, 1)
