# dict, set, frozenset, list methods, slices, unpacking.
d = {"b": 2, "a": 1}
d["c"] = 3
d[(1, 2)] = "tuple"
d[4] = "int"
d[2.5] = "float"
print(d, len(d), "a" in d, "z" not in d, d.get("z"), d.get("z", 0))
print(list(d.keys()), list(d.values())[:3], list(d.items())[:2])
print(d.setdefault("a", 9), d.setdefault("n", []), d.pop("b"), d.pop("zz", "dflt"))
del d["c"]
d.update({"x": 1}, y=2)
d.update([("p", 0)])
print(d)
for k, v in d.items():
    print(k, v, end="; ")
print()
print(dict(a=1, b=2), dict([(1, 2), (3, 4)]), dict(zip("abc", range(3))), {k: v * 2 for k, v in [(1, 2), (3, 4)]})
print({x: x * x for x in range(5) if x % 2}, dict.fromkeys("ab", 0), d.copy() == d)
print(d.popitem(), sorted({3: 1, 1: 2}), {1: 1} == {1: 1.0}, {True: "t"}[1])
word_count = {}
for w in "the cat and the hat and the bat".split():
    word_count[w] = word_count.get(w, 0) + 1
print(sorted(word_count.items(), key=lambda kv: (-kv[1], kv[0])))
keys = d.keys()
d["late"] = 1
print("late" in keys, len(keys))

s = {5, 3, 1, 9, 7}
s.add(2)
s.discard(3)
s.remove(9)
print(s, 2 in s, len(s))
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b, a <= b, {3} <= b, a >= {1}, a < a)
print(set([3, 1, 2]), set("hello") == set("olleh"), {x % 3 for x in range(10)}, frozenset([2, 1]))
fs = frozenset([1, 2])
print({fs: 1}[frozenset([2, 1])], fs | {3}, hash(fs) == hash(frozenset([1, 2])))
s2 = set()
s2 |= {1}
s2 &= {1, 2}
s2 -= {5}
s2 ^= {9}
print(s2, set(range(20, 0, -3)), {(1, 2), (0, 0), (3, 4)})
alias = a
a |= {100}
print(alias, a.union([7], (8,)), a.intersection({1, 100}), a.difference({1}), a.issubset(range(200)), a.isdisjoint({55}))
print(sorted({-5, 10, 3}), {1.5, 2}, s.pop() in {1, 2, 5, 7})

l = [5, 3, 8, 1]
l.insert(1, 9)
l.insert(-1, 7)
l.insert(100, 0)
print(l, l.index(8), l.count(3))
l.remove(8)
l.extend((4, 4))
l.sort()
print(l)
l.sort(key=lambda x: -x)
print(l)
l.sort(reverse=True)
print(l)
l.reverse()
c = l.copy()
l.clear()
print(l, c, sorted(["b", "A", "c"], key=str.lower), sorted([3, 1, 2], reverse=True))
m = list(range(10))
m[2:5] = ["a", "b"]
print(m)
m[::2] = [0] * len(m[::2])
print(m)
del m[1:3]
del m[::3]
print(m)
m[1:1] = [9, 9]
print(m, m[::-1], m[-3:], m[:-3:2])
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
a1, (b1, c1), d1 = 1, (2, 3), 4
print(first, rest, init, last, a1, b1, c1, d1)
for i, (x, y) in enumerate([(1, 2), (3, 4)], start=10):
    print(i, x, y)
lst2 = [1, 2]
lst3 = lst2
lst2 += [3]
lst2 *= 2
print(lst3, [1, 2] * 0, (1,) * 3, [[0] * 2 for _ in range(2)])
t = (3, 1, 2)
print(t.index(1), t.count(3), t + (4,), t[::-1], sorted(t), tuple([1]), tuple())
print([y for x in [[1, 2], [3]] for y in x if y != 2], [(i, j) for i in range(3) for j in range(i)])
print(list(zip([1, 2, 3], "ab", (True, False, None))), list(map(lambda a, b: a * b, [1, 2], [3, 4])))
print(list(filter(None, [0, 1, "", "a"])), list(reversed([1, 2, 3])), list(enumerate("ab")))
print(any(x > 2 for x in [1, 3]), all([]), min([4, 2, 8]), max("abc"), min([], default=-1), max([1, -5], key=abs), sum([[1], [2]], []))
print(divmod(17, 5), divmod(-7.5, 2), pow(3, 4, 5), pow(3, -1, 7), pow(2, 10), hash(7), hash((1, 2)) == hash((1, 2)))
