from dataclasses import dataclass, field, asdict, astuple, replace, fields, is_dataclass, FrozenInstanceError
@dataclass
class P:
    x: int
    y: float = 0.0
    tags: list = field(default_factory=list)
p = P(1, 2.5); q = P(1, 2.5)
print(p, p == q, p != P(2), asdict(p), astuple(p), replace(p, x=9), [f.name for f in fields(p)], is_dataclass(p), is_dataclass(P), is_dataclass(1))
p.tags.append('a'); print(p.tags, q.tags, P(3, tags=['t']))
@dataclass(order=True, frozen=True)
class V:
    a: int
    b: str = 'z'
print(V(1) < V(2), V(1, 'a') <= V(1, 'b'), sorted([V(3), V(1)]), hash(V(1)) == hash(V(1)), {V(1): 1}[V(1)])
try:
    V(1).a = 5
except FrozenInstanceError as e:
    print('FrozenInstanceError', e)
@dataclass
class C(P):
    z: int = 7
    def total(self): return self.x + self.y + self.z
c = C(1, 2.0, [], 3); print(c, c.total())
@dataclass(repr=False, eq=False)
class N:
    v: int = field(default=1, repr=False, compare=False)
    w: int = field(default=2, init=False)
n = N(); print(n.v, n.w, n == N())
@dataclass
class Post:
    a: int
    b: int = field(init=False)
    def __post_init__(self): self.b = self.a * 2
print(Post(4))
for bad in [lambda: P(), lambda: P(1, 2, [], 4), lambda: P(1, q=2), lambda: V(1) < 3]:
    try: bad()
    except TypeError as e: print('TypeError', e)
try:
    @dataclass
    class Bad:
        a: int = 1
        b: int
except TypeError as e:
    print('TypeError', e)
try:
    @dataclass
    class Bad2:
        a: list = []
except ValueError as e:
    print('ValueError', e)
P(1, 2, [], 4, 5)
