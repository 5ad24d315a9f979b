# Integer arithmetic with Python's floor division and modulo signs.
vals = [0, 1, -1, 7, -7, 3, -3, 100, -100, 12345]
for a in vals:
    for b in [1, -1, 2, -2, 3, -3, 7, -7]:
        print(a, b, a + b, a - b, a * b, a // b, a % b, a / b)
print(2 ** 10, (-2) ** 3, 2 ** 0, 0 ** 0, 2 ** -2, (-3) ** -3)
print(5 & 3, 5 | 3, 5 ^ 3, ~5, -5 & 3, 1 << 40, 1 << 50, -17 >> 2, 17 >> 1)
print(-(-5), +7, -0, 10 - 20 - 30, 2 * 3 + 4 * 5, (2 + 3) * 4, 2 ** 3 ** 2, -2 ** 2)
x = 10
x += 5
x -= 3
x *= 4
x //= 5
x %= 7
x **= 3
print(x)
y = 17
y <<= 3
y >>= 1
y &= 0xFF
y |= 0o17
y ^= 0b101
print(y, 1_000_000)
