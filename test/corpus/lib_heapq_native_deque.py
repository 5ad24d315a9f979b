import heapq
h = []
for x in [5, 3, 8, 1, 9, 2, 7]:
    heapq.heappush(h, x)
print(h, heapq.heappop(h), h)
print(heapq.heapreplace(h, 6), h, heapq.heappushpop(h, 0), heapq.heappushpop(h, 10), h)
l = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0.5, -1]
heapq.heapify(l); print(l)
print(heapq.nlargest(3, [4, 1, 7, 3]), heapq.nsmallest(2, ['b', 'a', 'c']), list(heapq.merge([1, 4], [2, 3])))
class T:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return f"T({self.v})"
th = []
for v in [3, 1, 2]: heapq.heappush(th, T(v))
print(th, heapq.heappop(th))
tp = [(2, 'b'), (1, 'z'), (1, 'a')]; heapq.heapify(tp); print([heapq.heappop(tp) for _ in range(3)])
for bad in [lambda: heapq.heappop([]), lambda: heapq.heappush(1, 2), lambda: heapq.heapify((1,)), lambda: heapq.heapreplace([], 1),
            lambda: heapq.heappush([1, 'a'], 2), lambda: heapq.heappush([], 1, 2), lambda: heapq.heappop()]:
    try: bad()
    except Exception as e: print(type(e).__name__, e)
from collections import deque
d = deque()
for i in range(50): d.appendleft(i)
for i in range(30): d.popleft()
d.append(99); d.extendleft([100, 101])
print(d, len(d), d[0], d[-1], 7 in d, d.count(3))
d.rotate(3); print(d); d.rotate(-5); print(d)
m = deque(range(5), maxlen=3); m.appendleft(-1); print(m); m.append(9); print(m)
heapq.heappop([])
