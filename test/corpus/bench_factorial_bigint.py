# Benchmark: big-int factorials, digit sums and big divisions.
N = 60
def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
f = factorial(1400)
s = 0
for d in str(f):
    s += int(d)
print(len(str(f)), s, f % 1000000007, f // factorial(1398))
total = 0
for k in range(1, N):
    total += factorial(k) // (k * k)
print(total % 1000000007, total % 998244353, total % 65537)
