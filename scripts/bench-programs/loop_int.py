# Benchmark: an int while-loop sum (small ints: add, mul, mod, compare).
N = 12000000
def loop_sum(n):
    s = 0
    i = 0
    while i < n:
        s += i * 3 % 7 + i
        i += 1
    return s
print(loop_sum(N))
