# 64-bit hashing and modular exponentiation: FNV-1a over the bytes of
# integers (products wrap past 2^64 and are masked back), and Fermat
# probable-prime tests by square-and-multiply modulo numbers below 2^31
# (products up to 2^62).

N = 120000

MASK64 = (1 << 64) - 1
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3


def fnv1a(n):
    h = FNV_OFFSET
    while n:
        h ^= n & 0xFF
        h = (h * FNV_PRIME) & MASK64
        n >>= 8
    return h


def modpow(base, exp, mod):
    result = 1
    base %= mod
    while exp > 0:
        if exp & 1:
            result = result * base % mod
        base = base * base % mod
        exp >>= 1
    return result


def probable_prime(n):
    if n < 4:
        return n > 1
    for a in (2, 3, 5, 7):
        if modpow(a, n - 1, n) != 1:
            return False
    return True


def main():
    h = 0
    for i in range(N):
        h ^= fnv1a(i * 2654435761)
    print(hex(h))
    count = 0
    last = 0
    for n in range(2_000_000_001, 2_000_000_001 + N, 2):
        if probable_prime(n):
            count += 1
            last = n
    print(count, last, modpow(3, 10**18, 2**31 - 1))


if __name__ == "__main__":
    main()
