# Benchmark-style: Dijkstra (heapq, namedtuple, defaultdict), BFS (deque), memoised edit distance (lru_cache), permutation n-queens, Counter.
from collections import deque, defaultdict, Counter, namedtuple
from itertools import permutations, combinations, product
from functools import lru_cache
import heapq

Edge = namedtuple("Edge", "dst weight")

def make_graph(n, seed):
    g = defaultdict(list)
    x = seed
    for u in range(n):
        for k in range(3):
            x = (x * 1103515245 + 12345) % 2147483648
            v = x % n
            w = 1 + (x >> 8) % 20
            if v != u:
                g[u].append(Edge(v, w))
    return g

def dijkstra(g, src, n):
    dist = [float("inf")] * n
    dist[src] = 0
    pq = [(0, src)]
    while pq:
        d, u = heapq.heappop(pq)
        if d > dist[u]:
            continue
        for e in g[u]:
            nd = d + e.weight
            if nd < dist[e.dst]:
                dist[e.dst] = nd
                heapq.heappush(pq, (nd, e.dst))
    return dist

def bfs_grid(w, h):
    walls = set()
    for y in range(h):
        for x in range(w):
            if (x * 7 + y * 13) % 5 == 0 and (x, y) != (0, 0):
                walls.add((x, y))
    seen = {(0, 0): 0}
    q = deque([(0, 0)])
    while q:
        x, y = q.popleft()
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nx, ny = x + dx, y + dy
            if 0 <= nx < w and 0 <= ny < h and (nx, ny) not in walls and (nx, ny) not in seen:
                seen[(nx, ny)] = seen[(x, y)] + 1
                q.append((nx, ny))
    return len(seen), max(seen.values())

@lru_cache(maxsize=None)
def edit(a, b):
    if not a:
        return len(b)
    if not b:
        return len(a)
    if a[0] == b[0]:
        return edit(a[1:], b[1:])
    return 1 + min(edit(a[1:], b), edit(a, b[1:]), edit(a[1:], b[1:]))

def queens(n):
    cols = range(n)
    return sum(1 for vec in permutations(cols) if n == len(set(vec[i] + i for i in cols)) == len(set(vec[i] - i for i in cols)))

g = make_graph(400, 7)
dist = dijkstra(g, 0, 400)
print(sum(d for d in dist if d != float("inf")), max(d for d in dist if d != float("inf")))
print(bfs_grid(60, 40))
print(edit("kitten sitting on the mat", "sitting kitten at the mall"), edit.cache_info().currsize)
print(queens(7))
words = ("alpha beta gamma delta alpha beta alpha epsilon " * 50).split()
c = Counter(words)
print(c.most_common(3), sum(c.values()))
print(sum(a * b for a, b in combinations(range(60), 2)), len(list(product("abc", repeat=4))))
