# Audit of issue 13's lists against python3: containers more.
d = dict((k, len(k)) for k in ["aa", "b"])
print(d, dict(d, z=1), dict(a=1) | {"b": 2} if True else 0)
d2 = {1: "int", 1.0: "float", True: "bool"}
print(d2, {(1, 2): 3}[(1, 2)], {"x": 1}.keys() & {"x", "y"}, list({"a": 1}.items()))
v = d.values(); k = d.keys(); it = d.items()
print(v, k, it, len(v), "aa" in k, ("aa", 2) in it, list(reversed(d)) if True else 0)
for key in list(d):
    del d[key]
print(d, not d)
s = set()
for i in range(20): s.add(i * 7 % 13)
print(s, sorted(s), {(i, i % 3) for i in range(6)}, frozenset({3, 1}), set(), frozenset())
print({1, 2} == frozenset({1, 2}), {1, 2} < {1, 2, 3}, {1, 2}.symmetric_difference([2, 3]), {1}.union({2}, [3]))
s3 = {1, 2, 3}; s3.update([4], (5,)); s3.intersection_update({1, 2, 3, 4}); s3.difference_update({1}); print(s3, s3.copy(), s3.issuperset({2}))
print(set([-1, -2, 10, 2**40, 3.5, 0]), {-1, -2}, {"a"} | set(), hash(frozenset()) , hash(frozenset({1, 2, 3})))
print(hash(-1), hash(1.5), hash(2**61), hash(2**100), hash(-2.5), hash((1, 2, 3)), hash(()), hash((1, (2, 3))), hash(True), hash(None) == hash(None), hash(0.0), hash(float("inf")))
l = [1, 2, 3, 4, 5, 6, 7, 8]
del l[::2]; print(l)
l[::2] = ["a", "b"]; print(l)
try:
    l[::2] = [1, 2, 3]
except ValueError as e:
    print(e)
l2 = list(range(10)); l2[1:9:3] = "xyz"; print(l2); del l2[-1:-5:-2]; print(l2)
a, *b, c = range(5); print(a, b, c)
[x, [y, *z]] = [1, [2, 3, 4]]; print(x, y, z)
for (p, q), r in [((1, 2), 3)]: print(p, q, r)
for i, *rest in [(1, 2, 3)]: print(i, rest)
print([1, 2, 3].index(3), [1, 1, 2].count(1), [3, 1, 2].copy(), [(1, "b"), (1, "a")].sort() is None)
lst = [5, 2, 8]; lst.sort(key=lambda v: v % 3, reverse=True); print(lst)
words = ["pear", "fig", "apple", "kiwi"]
print(sorted(words, key=len), sorted(words, key=len, reverse=True), min(words, key=len), max(words, key=len, default=None))
print(sum([1, 2], 10), sum([0.5, 0.25]), sum(range(5), start=1), any([]), all([1, 0]), list(zip("ab", [1, 2, 3], (9, 8))), list(zip()))
print(list(reversed("abc")), list(reversed(range(3))), list(reversed((1, 2))), list(enumerate("xy", start=-1)))
print(divmod(-7, 2), divmod(7, -2), divmod(7.5, -2), pow(5, -2), pow(-3, 3, 7), pow(2, 100, 10**9 + 7), round(2.5), round(3.14159, 2))
print(list(map(str, [1, 2])), list(filter(lambda v: v > 1, [1, 2, 3])), list(map(pow, [2, 3], [3, 2])))
it = iter({"a": 1, "b": 2}); print(next(it), list(it))
print(list(iter([1, 2, 3])), [*range(3), *"ab"], {**{"a": 1}, "b": 2}, (*[1], 2))
t = ([1], 2); t[0].append(3); print(t, t == ([1, 3], 2), (1, 2) < (1, 3), [1, 2] == [1, 2.0])
print(dict.fromkeys([1, 2]), {}.get(1), {1: 2}.pop(1), {"a": {"b": [1]}}["a"]["b"][0])
dd = {}
dd.setdefault("l", []).append(1); dd.setdefault("l", []).append(2); print(dd)
print(str({1: "a", "b": [1.5, None, True]}), repr({"k": "v"}), str(set()), str({1}), str(frozenset({1})))
nested = [[1, 2], [3, 4]]
print([row[:] for row in nested], [list(col) for col in zip(*nested)])
big = {}
for i in range(1000): big[i] = i * i
for i in range(0, 1000, 3): del big[i]
print(len(big), sum(big), list(big)[:5], big[998])
sb = set(range(100))
for i in range(0, 100, 2): sb.discard(i)
print(len(sb), list(sb)[:10], sb.pop())
print([1, 2, 3] * 2, [0] * 3, "ab" * 3, 3 * (1, 2), list(range(10))[::-3])
print(sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]), sorted([3, 1, 2], key=None))
