# Benchmark: dense matrix multiplication with lists of floats.
def matmul(a, b, n):
    c = [[0.0] * n for _ in range(n)]
    for i in range(n):
        ai = a[i]
        ci = c[i]
        for k in range(n):
            aik = ai[k]
            bk = b[k]
            for j in range(n):
                ci[j] += aik * bk[j]
    return c
n = 30
a = [[(i * j % 7) * 0.5 for j in range(n)] for i in range(n)]
b = [[(i + j) % 5 - 2.0 for j in range(n)] for i in range(n)]
c = matmul(a, b, n)
s = 0.0
for row in c:
    s += sum(row)
print(s, c[3][4], c[n - 1][n - 1])
