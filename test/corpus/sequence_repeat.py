# Sequence repetition (seq * n, n * seq) at sizes around the powers of two the doubling copy crosses.
for n in [0, 1, 2, 3, 5, 7, 8, 9, 16, 17]:
    for seq in [[], [1], [1, 2], [1, 2.5, "x"], (4, 5, 6)]:
        r = seq * n
        print(len(r), r[:5], r[-5:])
        r2 = n * seq
        print(r == r2)
x = [None] * 0
print(x, [7] * -3, (1,) * 4)
