# Lists: literals, repetition, indexing, slicing, methods, aliasing.
a = [1, 2, 3]
b = a
b.append(4)
print(a, b, len(a), a[0], a[-1], a[-2], a[1:3], a[:-1], a[::-1], a[::2], a[5:], a[-10:2])
z = [0] * 5
z[2] = 7
z[-1] = 9
print(z, [1, 2] * 3, [] * 4, [[0] * 2] * 2, 3 * [1])
print(a.pop(), a, a.pop(0), a, [1, 2, 3].index(2), [1, 2, 1].count(1))
a += [10, 20]
print(a, b, a is b)
c = a + [99]
print(c, a, c is a)
n = [5, 3, 8, 1, 9, 2]
n.sort()
print(n)
n.reverse()
print(n, sorted([3, 1, 2]), sorted(["b", "a"]), sorted([2, 1, 3], reverse=True))
n.insert(0, 100)
n.insert(-1, 50)
print(n, 8 in n, 7 in n, min(n), max(n), sum(n))
m = [[1, 2], [3, 4]]
m[0][1] = 20
print(m, m[1][0], len(m[0]))
e = []
e.extend([1, 2])
e.extend((3,))
print(e, e == [1, 2, 3], list("abc"), list(range(4)), list((1, 2)))
q = [1, 2, 3, 4, 5, 6, 7, 8, 9]
print(q[1:8:3], q[8:1:-2], q[-3:], q[:100], q[3:3], q[::-3])
x = [3, 1, 2]
y = x.copy()
y.append(0)
print(x, y)
x.clear()
print(x, [None, True, 1.5, "s", (1, 2), []])
