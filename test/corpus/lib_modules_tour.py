import itertools as it, functools as ft, operator as op, string, copy, io, sys
from collections import deque, defaultdict, Counter, namedtuple, OrderedDict
from array import array
print(list(it.islice(it.count(5, 2), 4)), list(it.islice(it.cycle('ab'), 5)), list(it.repeat(1, 3)))
print(list(it.accumulate([1, 2, 3], op.mul)), list(it.accumulate([1, 2], initial=10)), list(it.chain('ab', [1])), list(it.chain.from_iterable(['xy', 'z'])))
print(list(it.compress('abcd', [1, 0, 1, 0])), list(it.dropwhile(lambda x: x < 3, [1, 4, 1])), list(it.takewhile(lambda x: x < 3, [1, 4, 1])), list(it.filterfalse(None, [0, 1, 2])))
print([(k, list(g)) for k, g in it.groupby('aabbbc')], list(it.starmap(pow, [(2, 3)])), [list(t) for t in it.tee([1, 2], 2)])
print(list(it.zip_longest('ab', 'c', fillvalue='-')), list(it.product('ab', repeat=2)), list(it.permutations([1, 2, 3], 2))[:3])
print(list(it.combinations('abc', 2)), list(it.combinations_with_replacement('ab', 2)), list(it.pairwise([1, 2, 3])))
print(ft.reduce(op.add, [1, 2, 3], 10), ft.partial(pow, 2)(5), ft.partial(int, base=2)('101'), repr(ft.partial(max, 1, key=abs)))
@ft.lru_cache(maxsize=None)
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info()); fib.cache_clear(); print(fib.cache_info())
@ft.lru_cache
def sq(x): return x * x
@ft.cache
def cube(x): return x ** 3
print(sq(3), sq(3), sq.cache_info(), cube(2))
@ft.lru_cache(maxsize=2, typed=True)
def ident(x): return x
ident(1); ident(1.0); ident(1); print(ident.cache_info())
def deco(f):
    @ft.wraps(f)
    def w(*a): return f(*a)
    return w
@deco
def named(): "doc"
print(named.__name__, named.__doc__)
@ft.total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(3) >= V(2), V(1) > V(2), sorted([3, 1, 2], key=ft.cmp_to_key(lambda a, b: b - a)))
d = deque([1, 2, 3], maxlen=4); d.appendleft(0); d.append(4); print(d, d.popleft(), d.pop(), d[1], d.maxlen)
d.extendleft([8, 9]); d.rotate(-1); print(d, list(reversed(d)), d == deque([8, 1, 2, 9], 4))
dd = defaultdict(list); dd['a'].append(1); print(dd, dd['b'], dd.default_factory, dict(dd))
c = Counter('abracadabra'); print(c.most_common(2), c['z'], sorted(c.elements())[:4], c + Counter('aa'), c - Counter('aaaaaaaaa'))
c.update('zz'); c.subtract({'a': 1}); print(c['a'], c['z'], c.total(), Counter(a=3) | Counter(a=1, b=2), Counter(a=3) & Counter(a=1, b=2))
P = namedtuple('P', 'x y', defaults=[0]); p = P(1); print(p, p._replace(y=5), p._asdict(), P._fields, P._make([3, 4]), p[0], len(p))
x, y = P(7, 8); print(x + y, isinstance(p, tuple), p == (1, 0), P(1, 2) < P(1, 3), hash(P(1, 2)) == hash((1, 2)))
o = OrderedDict(a=1, b=2, c=3); o.move_to_end('a'); print(o, o.popitem(last=False), o.popitem(), list(o))
s = io.StringIO(); s.write('hello\nworld\n'); print(s.getvalue(), end=''); s.seek(0); print(s.readline(), end=''); print(s.read(), end='')
s2 = io.StringIO('a\nb\nc'); print([l for l in s2]); buf = io.StringIO(); print('x', 1, file=buf, sep='-'); print(repr(buf.getvalue()))
print(string.ascii_letters, string.digits, string.punctuation, string.ascii_uppercase, string.hexdigits, string.capwords('ab cd'))
a = [[1, 2], {'k': [3]}]; b = copy.copy(a); c2 = copy.deepcopy(a); a[0].append(9); print(b, c2)
print(op.itemgetter(1)([5, 6]), op.itemgetter(0, 2)('abc'), op.attrgetter('real')(3), op.add(1, 2), op.mul(2, 3), op.neg(1), op.methodcaller('upper')('q'))
ar = array('i', [1, 2, 3]); ar.append(4); print(ar, ar[1], len(ar), list(ar), ar.tolist(), array('d', [1.5]), array('b', [-1]), array('B', [255]).tolist(), array('f', [0.1])[0])
print(sys.argv[0].endswith('.py'), sys.maxsize, sys.version_info[:2] >= (3, 0))
for bad in [lambda: array('b', [200]), lambda: deque().pop(), lambda: Counter()['x'] + 1, lambda: P(1, 2, 3), lambda: array('q', [1.5]), lambda: it.islice([], -1), lambda: ft.reduce(op.add, [])]:
    try: print(bad())
    except Exception as e: print(type(e).__name__, e)
sys.exit('bye')
