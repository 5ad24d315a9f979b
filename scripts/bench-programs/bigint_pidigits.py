# Digits of pi by the unbounded spigot algorithm (Gibbons): big-int
# multiply, add, floor division and comparison on growing numbers.

N = 3000


def pi_digits(count):
    q, r, t, k, n, l = 1, 0, 1, 1, 3, 3
    digits = []
    while len(digits) < count:
        if 4 * q + r - t < n * t:
            digits.append(n)
            q, r, n = 10 * q, 10 * (r - n * t), (10 * (3 * q + r)) // t - 10 * n
        else:
            q, r, t, k, n, l = q * k, (2 * q + r) * l, t * l, k + 1, (q * (7 * k + 2) + r * l) // (t * l), l + 2
    return digits


def main():
    digits = pi_digits(N)
    text = "".join(str(d) for d in digits)
    for i in range(0, len(text), 50):
        if i < 200 or i + 50 >= len(text):
            print(text[i:i + 50])
    print(sum(digits), len(text))


if __name__ == "__main__":
    main()
