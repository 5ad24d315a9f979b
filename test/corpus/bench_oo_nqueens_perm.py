# N-queens by backtracking with sets of attacked columns and diagonals, all
# solutions enumerated by a recursive generator; permutations generated
# lexicographically and by a recursive generator, counted and checked.
N = 7


def queens(n):
    cols, diag1, diag2 = set(), set(), set()
    placement = []

    def place(row):
        if row == n:
            yield tuple(placement)
            return
        for c in range(n):
            if c in cols or (row + c) in diag1 or (row - c) in diag2:
                continue
            cols.add(c)
            diag1.add(row + c)
            diag2.add(row - c)
            placement.append(c)
            yield from place(row + 1)
            placement.pop()
            cols.discard(c)
            diag1.discard(row + c)
            diag2.discard(row - c)

    return place(0)


def next_permutation(a):
    i = len(a) - 2
    while i >= 0 and a[i] >= a[i + 1]:
        i -= 1
    if i < 0:
        return False
    j = len(a) - 1
    while a[j] <= a[i]:
        j -= 1
    a[i], a[j] = a[j], a[i]
    a[i + 1:] = reversed(a[i + 1:])
    return True


def perms(items):
    if not items:
        yield ()
        return
    for i, x in enumerate(items):
        for rest in perms(items[:i] + items[i + 1:]):
            yield (x,) + rest


for n in range(4, N + 2):
    sols = list(queens(n))
    print(n, len(sols), sols[0] if sols else None, sols[-1] if sols else None)

a = list(range(N))
count = 1
checksum = 0
while next_permutation(a):
    count += 1
    checksum = (checksum * 31 + a[0] * 7 + a[-1]) % 1000003
print(count, checksum)
ps = list(perms(tuple("abcde")))
print(len(ps), ps[:3], ps[-1], len(set(ps)), sorted(ps) == ps)
