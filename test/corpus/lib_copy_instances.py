# copy.copy/deepcopy of instances (plain, __slots__, exceptions, one whose __dict__ was written) read a snapshot: the original keeps its shape (no dict mode), and a hot deepcopy loop traces.
import copy
class P:
    def __init__(self, x, y): self.x, self.y = x, [y]
class S:
    __slots__ = ("a",)
    def __init__(self): self.a = 1
p = P(1, 2)
q = copy.copy(p); r = copy.deepcopy(p)
q.x = 5; r.y.append(3)
print(p.x, p.y, q.x, q.y is p.y, r.y, vars(r))
d = P(3, 4); d.__dict__["z"] = 9
print(vars(copy.deepcopy(d)), copy.copy(S()).a)
class E(Exception): pass
e = E("m"); e.extra = 1
print(copy.copy(e).extra, copy.deepcopy(e).args)
tot = 0
for i in range(3000):
    c = copy.deepcopy(p)
    tot += c.x + len(c.y)
print(tot)
