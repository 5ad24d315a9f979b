# heapq, operator, string, copy and typing (written in Python in runtime/vm/stdlib/) against python3.
import heapq, operator, string, copy
from typing import List, Dict, Optional, Tuple, TypeVar, Generic, Callable
from operator import itemgetter, attrgetter, methodcaller
h = []
for v in [5, 1, 8, 3, 9, 2]: heapq.heappush(h, v)
print(h, heapq.heappop(h), h, heapq.nsmallest(2, [4, 1, 3]), heapq.nlargest(2, [4, 1, 3]))
data = [7, 2, 9, 4, 1]; heapq.heapify(data); print(data, [heapq.heappop(data) for _ in range(len(data))])
print(heapq.heappushpop([1, 5], 3), heapq.heapreplace([1, 5], 3), list(heapq.merge([1, 4, 7], [2, 5], [3])), list(heapq.merge([5, 1], [4, 2], reverse=True)))
pq = []
for pri, name in [(2, "b"), (1, "a"), (2, "a"), (0, "z")]: heapq.heappush(pq, (pri, name))
print([heapq.heappop(pq) for _ in range(4)])
try:
    heapq.heappop([])
except IndexError as e:
    print(e)
pairs = [("b", 2), ("a", 3), ("c", 1)]
print(sorted(pairs, key=itemgetter(1)), sorted(pairs, key=itemgetter(0)), itemgetter(0, 1)(pairs[0]), itemgetter(1))
class P:
    def __init__(self, n, a): self.n = n; self.a = a
people = [P("x", 30), P("y", 20)]
print([p.n for p in sorted(people, key=attrgetter("a"))], attrgetter("n", "a")(people[0]), methodcaller("split", ",")("a,b"))
print(operator.add(2, 3), operator.mul(4, 5), operator.neg(3), operator.abs(-2), operator.truth([]), operator.contains([1], 1), operator.getitem("abc", 1), operator.sub(9, 1), operator.floordiv(7, 2))
import functools
print(functools.reduce(operator.mul, range(1, 6)), string.ascii_lowercase, string.digits, len(string.punctuation), string.ascii_uppercase[:3], string.hexdigits)
a = [[1, 2], {"k": [3]}]
b = copy.copy(a); c = copy.deepcopy(a)
a[0].append(9); a[1]["k"].append(4)
print(b, c, copy.copy((1, [2])), copy.deepcopy({1: {2: 3}}))
class Node:
    def __init__(self, v): self.v = v; self.kids = []
n = Node(1); n.kids.append(Node(2)); m = copy.deepcopy(n); n.kids[0].v = 99
print(m.kids[0].v, copy.copy(n).kids is n.kids)
T = TypeVar("T")
class Box(Generic[T]):
    def __init__(self, item: T) -> None: self.item = item
def first(xs: List[int], d: Optional[Dict[str, int]] = None) -> Tuple[int, ...]:
    return (xs[0],)
print(first([4, 5]), Box(3).item, List[int], Optional[int])
