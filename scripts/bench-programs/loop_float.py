# Benchmark: float loops (a recurrence and a series), driven by a for-range loop.
N = 12000000
def recurrence(n):
    x = 1.0
    a = 0.999999
    b = 0.5
    for i in range(n):
        x = x * a + b
    return x
def series(n):
    s = 0.0
    k = 1.0
    for i in range(n):
        s += 1.0 / (k * k)
        k += 1.0
    return s
print(recurrence(N))
print(series(N))
