# The collections module (written in Python in runtime/vm/stdlib/) against python3.
from collections import deque, defaultdict, Counter, OrderedDict, namedtuple
import collections
d = deque([1, 2, 3])
d.append(4); d.appendleft(0); print(d, len(d), d[0], d[-1], 2 in d)
print(d.pop(), d.popleft(), d, list(reversed(d)))
d.extend([5, 6]); d.extendleft([9, 8]); print(d)
d.rotate(2); print(d); d.rotate(-3); print(d)
b = deque(range(5), maxlen=3); print(b, b.maxlen); b.append(9); print(b); b.appendleft(7); print(b)
q = deque()
for i in range(100): q.append(i)
s = 0
while q:
    s += q.popleft()
    if s % 7 == 0: q.append(1)
print(s, len(q), deque() == deque([]), deque([1]) == deque([1]), deque([1, 2]) < deque([1, 3]))
try:
    deque().pop()
except IndexError as e:
    print(e)
try:
    deque([1])[5]
except IndexError as e:
    print(e)
d2 = deque("abc"); d2[1] = "X"; del d2[0]; print(d2, d2.index("c"), d2.count("X")); d2.remove("X"); print(d2); d2.clear(); print(d2, bool(d2))
dd = defaultdict(list)
for k, v in [("a", 1), ("b", 2), ("a", 3)]: dd[k].append(v)
print(dd, dd["zz"], len(dd), dict(dd), sorted(dd.items()))
di = defaultdict(int); di["x"] += 5; print(di, di.default_factory)
try:
    defaultdict(None)["q"]
except KeyError as e:
    print("KeyError", e)
nested = defaultdict(lambda: defaultdict(int)); nested["a"]["b"] += 1; print(nested["a"]["b"], isinstance(nested, dict))
c = Counter("abracadabra")
print(c, c["a"], c["zz"], c.most_common(2), sorted(c.elements())[:5], c.total())
c.update("aaz"); c.subtract({"b": 5}); print(c)
print(Counter([1, 1, 2]) + Counter([2, 3]), Counter("aab") - Counter("ab"), Counter("ab") | Counter("bbc"), Counter("aab") & Counter("ab"))
print(Counter(), Counter(a=3, b=1), Counter({"x": 2}) == Counter(x=2), list(Counter("hello").keys()))
words = "the quick the lazy the dog quick".split()
wc = Counter(words)
for w, n in wc.most_common(): print(w, n)
od = OrderedDict(); od["b"] = 1; od["a"] = 2; od["c"] = 3
od.move_to_end("b"); print(od, list(od)); od.move_to_end("c", last=False); print(od, od.popitem(), od.popitem(last=False), od)
Point = namedtuple("Point", "x y")
p = Point(1, y=2)
print(p, p.x, p.y, p[0], p + (3,), p._asdict(), p._replace(x=9), Point._make([5, 6]), Point._fields, isinstance(p, tuple), len(p))
x, y = p
print(x, y, p == (1, 2), hash(p) == hash((1, 2)), sorted([Point(2, 1), Point(1, 5)]), type(p).__name__, Point)
P3 = namedtuple("P3", ["a", "b", "c"], defaults=[0, 0])
print(P3(1), P3(1, 2, 3), {p: 1})
for bad in [lambda: Point(1), lambda: Point(1, 2, 3), lambda: Point(1, x=2), lambda: Point(1, z=2), lambda: namedtuple("B", "a a"), lambda: namedtuple("B", "_a"), lambda: Point()]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print(collections.deque, collections.Counter.__name__)
