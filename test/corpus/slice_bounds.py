# Slices of lists, tuples and strings over every kind of bound and step (contiguous copies included).
xs = list(range(10))
t = (1, 2, 3, 4, 5)
for a in [None, -12, -3, 0, 2, 9, 10, 15]:
    for b in [None, -12, -3, 0, 2, 9, 10, 15]:
        for c in [None, 1, 2, -1, -2]:
            print(a, b, c, xs[a:b:c], t[a:b:c], "abcdefgh"[a:b:c])
ys = xs[:]
ys[0] = 99
print(xs[0], ys[0], xs[2:5] + ys[5:], len(xs[3:3]))
