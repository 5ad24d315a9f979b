# Benchmark: primes by trial division, with floats and ints.
import math
def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    limit = int(math.sqrt(n))
    d = 3
    while d <= limit:
        if n % d == 0:
            return False
        d += 2
    return True
primes = [p for p in range(30000) if is_prime(p)]
print(len(primes), primes[-5:], sum(primes))
