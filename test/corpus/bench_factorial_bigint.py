# Benchmark: big-int factorials and digit sums.
def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
f = factorial(500)
s = 0
for d in str(f):
    s += int(d)
print(len(str(f)), s, f % 1000000007, f // factorial(498))
total = 0
for k in range(1, 60):
    total += factorial(k) // (k * k)
print(total)
