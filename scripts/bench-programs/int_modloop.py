# A sum of squares modulo a prime where i * i crosses 2^47 midway (the
# range starts below sqrt(2^47) and ends above it), then a second loop whose
# products stay between 2^48 and 2^62.

N = 5000000

START = 11_000_000


def sum_squares(start, n, m):
    total = 0
    for i in range(start, start + n):
        total = (total + i * i) % m
    return total


def mixed(n):
    acc = 1
    x = 3_000_000_019
    for i in range(n):
        acc = (acc * 31 + x * (i + 1)) % 4_611_686_018_427_387_847
    return acc


def main():
    print(sum_squares(START, N, 1000003))
    print(mixed(N // 5))


if __name__ == "__main__":
    main()
