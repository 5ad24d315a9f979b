# math, random, bisect and time through the library (runtime/vm/library/).
import math
import random
import time
import bisect
print(math.gamma(5.5), math.lgamma(0.5), math.fsum([0.1] * 10), math.hypot(3, 4, 12), math.comb(52, 5), math.isclose(1.0, 1.0 + 1e-10))
print(math.log(2 ** 2000), math.frexp(10.0), math.factorial(25), math.prod([1, 2, 3.5]), math.dist((0, 0), (3, 4)), math.tau)
random.seed(12345)
print(random.random(), random.randint(1, 10), random.randrange(0, 2 ** 70, 3), random.choice([1, 2, 3]), random.gauss(0, 1), random.uniform(1, 2))
xs = list(range(10))
random.shuffle(xs)
print(xs, random.sample(range(100), 5), random.choices('abc', k=4), random.choices([1, 2], weights=[1, 3], k=3))
a = [1, 3, 5, 7]
bisect.insort(a, 4)
print(a, bisect.bisect_left(a, 5), bisect.bisect_right(a, 5, 0, 3))
t = time.perf_counter()
time.sleep(0.01)
print(time.perf_counter() - t >= 0.009, time.time() > 1.6e9)
