# Values around the 48-bit small-int boundary stay exact and canonical.
M = 2 ** 47 - 1
m = -(2 ** 47)
vals = [M, M - 1, M + 1, m, m + 1, m - 1, 2 ** 46, -(2 ** 46), 2 ** 48, 3 * 2 ** 45]
for a in vals:
    print(a, a + 1, a - 1, a * 2, a * -3, a // 3, a % 1000, -a, a + a, a * a)
acc = 0
for i in range(100):
    acc += 2 ** 45
print(acc, acc - 100 * 2 ** 45, acc // 100 == 2 ** 45)
x = M
x += 1
x -= 1
print(x == M, x, x + 0, [M + 1 - 1, m - 1 + 1])
p = 1
for i in range(60):
    p *= 2
    if i % 10 == 0:
        print(i, p, p - 1, -p)
print(12345678 * 87654321, 99999999 * 99999999, -99999999 * 99999999)
