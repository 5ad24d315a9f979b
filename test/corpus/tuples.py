# Tuples: literals, indexing, unpacking, comparison.
t = (1, 2, 3)
print(t, t[0], t[-1], len(t), t[1:], (), (5,), t + (4,), t * 2, 1 in t)
a, b, c = t
print(a, b, c)
x, y = 10, 20
x, y = y, x
print(x, y)
p = 1, 2
print(p)
(d, e), f = (4, 5), 6
print(d, e, f)
for i, j in [(1, 2), (3, 4)]:
    print(i + j)
m, n = [7, 8]
print(m, n, (1, 2) == (1, 2), (1, 2) < (1, 3), (2,) > (1, 9), t.index(3), t.count(2))
def pair():
    return 1, "two"
k, v = pair()
print(k, v, pair(), tuple([1, 2]), tuple("ab"))
s1, s2 = "xy"
print(s1, s2)
nested = ((1, 2), (3, (4, 5)))
print(nested, nested[1][1][0])
