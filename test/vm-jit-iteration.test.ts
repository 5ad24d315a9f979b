// Iteration and sequence operations in traces (issue 15, record-iteration.ts,
// cases/uops_loops.c) against python3 and the VM without the JIT, at JIT
// threshold 2, natively and on the uop interpreter: loops over tuples,
// constant strs, dicts, dict views and sets (nested, so their ends run in the
// trace too), containers mutated during iteration, iterables changing type
// mid-loop, and `in` on lists and tuples of numbers with items only tier-1
// can compare (instances with __eq__, NaN, bools, big ints).
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgramSet } from './helpers/program-set.ts';
import { describeJit, JIT_MODES } from './helpers/vm-jit-run.ts';

const PROGRAMS: Record<string, string> = {
  tuples_strs: `
DIRS = ((0, 1), (1, 0), (1, 1), (1, -1))
def f(n):
    t = 0
    for k in range(n):
        for dr, dc in DIRS:
            for sign in (1, -1):
                t += dr * sign + dc * k
        for ch in "abc":
            t += len(ch)
        for x in ():
            t += 1000
        for ch in "":
            t += 1000
    return t
print(f(200))

def strs(n):
    out = []
    for k in range(n):
        for ch in "xyz":
            out.append(ch)
    return "".join(out[-7:]), len(out)
print(strs(100))
`,
  tables: `
def f(n):
    d = {i: i * 3 for i in range(12)}
    s = {1, 5, 9, 200, -3, 77}
    fs = frozenset([2, 4, 8])
    t = 0
    for k in range(n):
        for key in d:
            t += key
        for key in d.keys():
            t += key * 2
        for v in d.values():
            t -= v
        for pair in d.items():
            t += pair[0]
        for key, v in d.items():
            t += key - v
        for x in s:
            t += x
        for x in fs:
            t += x * k
        for x in set():
            t += 1000
    return t
print(f(100))

def order(n):
    s = set()
    out = []
    for i in range(n):
        s.add(i * 7 % 13)
        for x in s:
            out.append(x)
    return out[-20:]
print(order(40))
`,
  mutated: `
def grow_set(n):
    s = {1, 2, 3}
    t = 0
    for i in range(n):
        for x in s:
            t += x
        if i == n - 5:
            s.add(100)
    return t
print(grow_set(30))

def raise_set(n):
    s = {1, 2, 3}
    t = 0
    for i in range(n):
        for x in s:
            t += x
            if i == n - 1 and x == 2:
                s.add(100)
    return t
try:
    print(raise_set(31))
except RuntimeError as e:
    print("RuntimeError", e)

def grow_dict(n):
    d = {1: 1, 2: 2}
    t = 0
    for i in range(n):
        for k in d:
            t += k
        if i == n - 2:
            d[i] = i
    return t
print(grow_dict(40))

def shrink_list(n):
    xs = list(range(10))
    t = 0
    for i in range(n):
        for x in (1, 2, 3):
            t += x
        for x in xs:
            t += x
            if x == 5 and i == n - 3:
                xs.pop()
    return t, len(xs)
print(shrink_list(30))

def bad_set():
    s = {1, 2, 3}
    for i in range(20):
        for x in s:
            if i == 15:
                s.discard(x)
                s.add(x + 1000)
    return sorted(s)
try:
    print(bad_set())
except RuntimeError as e:
    print("RuntimeError", e)
`,
  changing: `
def f(seqs):
    t = 0
    for seq in seqs:
        for x in seq:
            t += x
    return t
print(f([(1, 2, 3)] * 10 + [[4, 5]] * 10 + [{6, 7}] * 10 + [{8: 1}] * 10 + [range(3)] * 10 + [(9,)] * 5))

def chars(strs):
    out = []
    for s in strs:
        for ch in s:
            out.append(ch)
    return "".join(out)
print(chars(["ab"] * 10 + ["cd"] * 10 + [str(i) for i in range(20)]))

def views(d, n):
    t = 0
    for i in range(n):
        v = d.keys() if i % 3 == 0 else d.values() if i % 3 == 1 else d
        for x in v:
            t += x
    return t
print(views({1: 10, 2: 20, 3: 30}, 60))
`,
  contains: `
class Eq:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        print("eq", self.v, other)
        return self.v == other

def f(n):
    xs = [3, 1.5, True, "s", None, (1, 2), 2 ** 60]
    tup = (7, 8.0, False)
    t = 0
    for i in range(n):
        if i in xs:
            t += 1
        if i not in tup:
            t += 2
        if i * 0.5 in xs:
            t += 4
        if float(i) in tup:
            t += 8
        if 2 ** 60 in xs:
            t += 16
    return t
print(f(40))

def ranges(n):
    r1 = range(3, 30, 4)
    r2 = range(20, 0, -3)
    r3 = range(5)
    t = 0
    for i in range(-5, n):
        if i in r1:
            t += 1
        if i not in r2:
            t += 2
        if i in r3:
            t += 4
    return t
print(ranges(40))

def with_eq(n):
    xs = [1, 2, Eq(3), 4]
    t = 0
    for i in range(n):
        if i in xs:
            t += 1
    return t
print(with_eq(8))

def nan():
    # Another NaN object is never equal (the same object is: floats are unboxed
    # here, so the VM cannot tell, and both tiers say not found).
    x = float("nan")
    xs = [float("nan"), 1.0]
    t = 0
    for i in range(20):
        if x in xs:
            t += 1
        if x not in (float("nan"),):
            t += 1
    return t
print(nan())

def mixed(seq):
    t = 0
    for i in range(30):
        if i in seq:
            t += i
    return t
print(mixed([1, 2, 3]), mixed((4, 5)), mixed(range(10)), mixed({7: 1}), mixed([True, 1.0]))
`,
  list_methods: `
def f(n):
    t = 0
    xs = []
    for i in range(n):
        xs.append(i)
        xs.insert(0, -i)
        xs.insert(-1, i * 2)
        xs.insert(1000, 7)
        xs.insert(-1000, 8)
        t += xs.pop()
        t += xs.pop(0)
        t += xs.pop(-1)
        if i % 3 == 0:
            xs.remove(-i)
        t += xs.index(i * 2) + xs.count(7) + (1, 2, 7, 7).count(7) + (5, 6, 7.0).index(7)
        xs.reverse()
    return t, xs[:6], len(xs)
print(f(60))

def errors(n):
    xs = [1, 2, 3]
    out = []
    for i in range(n):
        try:
            xs.pop(10 if i == n - 1 else 0)
            xs.append(i)
        except IndexError as e:
            out.append(str(e))
        try:
            xs.remove(1000 if i == n - 2 else xs[0])
            xs.append(i)
        except ValueError as e:
            out.append(str(e))
        try:
            out.append(xs.index(999 if i == n - 3 else xs[1]))
        except ValueError as e:
            out.append(str(e))
    ys = []
    for i in range(n):
        ys.append(i)
    while ys:
        ys.pop()
    try:
        ys.pop()
    except IndexError as e:
        out.append(str(e))
    return out[-6:]
print(errors(30))

class Eq:
    def __eq__(self, other):
        print("eq", other)
        return False

def with_eq(n):
    xs = [1, Eq(), 2, 3]
    t = 0
    for i in range(n):
        t += xs.count(2) + xs.index(1)
    return t
print(with_eq(6))

def perm(n):
    p = list(range(7))
    for i in range(n):
        first = p.pop(0)
        p.insert(i % 7, first)
    return p
print(perm(50))
`,
  seq_builtins: `
def f(n):
    ints = [3, -7, 12, 0, 5]
    floats = (1.5, -2.25, 8.0)
    mixed = [1, 2.5, True, -4]
    bools = [False, 0, 0.0, None]
    t = 0
    for i in range(n):
        t += sum(ints) + sum(floats) + sum(mixed) + sum([]) + sum(())
        t += min(ints) + max(ints) + min(floats) + max(mixed)
        if any(ints):
            t += 1
        if all(ints):
            t += 2
        if any(bools):
            t += 4
        if all(bools):
            t += 8
        if any(["", (), "x"]):
            t += 16
        if all([[1], {2: 3}, {4}]):
            t += 32
        if all(()):
            t += 64
        ints.append(i % 4)
        ints.pop(0)
    return t
print(f(80))

def lengths(n):
    s = {1, 2, 3}
    d = {1: 2, 3: 4}
    t = 0
    for i in range(n):
        s.add(i)
        t += len(s) + len(d.keys()) + len(d.items()) + len(d.values())
    return t
print(lengths(60))

def ties(n):
    out = []
    for i in range(n):
        out.append((max([1, 1.0, True]), min([1.0, 1, True]), max((2, 2.0)), sum([1, 2.0, 3])))
    return out[-1]
print(ties(20))

def big(n):
    xs = [2 ** 46, 2 ** 46, 2 ** 46]
    t = 0
    for i in range(n):
        t += sum(xs)
    return t
print(big(20))

def errors(n):
    out = []
    seqs = [[1, 2]] * (n - 1) + [[]]
    for s in seqs:
        try:
            out.append(min(s) + max(s))
        except ValueError as e:
            out.append(str(e))
    for i in range(n):
        try:
            out.append(sum([1, "a"] if i == n - 1 else [1, 2]))
        except TypeError as e:
            out.append(str(e))
    for i in range(n):
        out.append(any([0, [], "x"] if i > n - 3 else [0, 0]))
        out.append(all([1, "", 2] if i > n - 3 else [1, 1]))
    return out[-8:]
print(errors(20))

def nan(n):
    x = float("nan")
    t = []
    for i in range(n):
        t.append((max([1.0, x, 2.0]), min([x, 1.0])))
    return t[-1]
print(nan(20))
`,
  slices_concat: `
def f(n):
    perm = list(range(9))
    tup = tuple(range(12))
    t = 0
    out = []
    for i in range(n):
        k = i % 9
        perm = perm[k::-1] + perm[k + 1:]
        a = perm[::2]
        b = tup[1:10:3]
        c = tup[::-1]
        d = tup[2:5]
        e = tup[-100:100]
        g = perm[100::-3]
        h = perm[-2:-100:-1]
        j = tup[5:2]
        t += len(a) + sum(b) + c[0] + sum(d) + len(e) + len(g) + len(h) + len(j)
        xs = [i] + perm + [i, i]
        ys = (i,) + tup
        zs = [0, 1] * 3
        ws = (i,) * (k - 4)
        xs += (1, 2)
        xs += xs
        out = xs
        t += len(xs) + len(ys) + len(zs) + len(ws) + xs[-1] + ys[0]
    return t, perm, out[-5:]
print(f(60))

def errors(n):
    xs = list(range(5))
    res = []
    for i in range(n):
        try:
            res.append(xs[::0 if i == n - 1 else 2])
        except ValueError as e:
            res.append(str(e))
        try:
            res.append(xs + ((1,) if i == n - 2 else [1]))
        except TypeError as e:
            res.append(str(e))
        try:
            res.append((1, 2) * (1.5 if i == n - 3 else 2))
        except TypeError as e:
            res.append(str(e))
    return res[-6:]
print(errors(20))

def inplace(n):
    xs = [1, 2]
    t = (1,)
    for i in range(n):
        t += (i,)
        ys = xs
        ys *= 1
    return len(t), t[-3:], xs
print(inplace(30))
`,
  wrapped: `
def f(n):
    xs = [1.5, 2.5, 3.5]
    ys = (10, 20, 30, 40)
    r = range(2, 9, 3)
    t = 0.0
    for k in range(n):
        for i, x in enumerate(xs):
            t += i * x
        for i, y in enumerate(ys):
            t += i + y
        for a, b in zip(xs, ys):
            t += a * b
        for a, b in zip(ys, xs):
            t -= a
        for x in reversed(xs):
            t += x
        for y in reversed(ys):
            t -= y
        for v in r:
            t += v
        it = iter(xs)
        for x in it:
            t += x
        for x in iter(ys):
            t += x
    return t
print(f(50))

def live(n):
    out = []
    for k in range(n):
        xs = [1, 2, 3]
        for x in reversed(xs):
            if x == 2 and k == n - 1:
                xs.append(9)
                xs.pop(0)
                xs.pop(0)
            out.append(x)
    return out[-8:]
print(live(20))

def exhausted(n):
    out = []
    for k in range(n):
        z = zip([1, 2, 3], [4, 5])
        for a, b in z:
            out.append(a + b)
        out.append(list(z))
        rv = reversed([1, 2])
        for x in rv:
            out.append(x)
        out.append(list(rv))
        e = enumerate([7, 8])
        for i, x in e:
            out.append(i * x)
        out.append(list(e))
    return out[-10:]
print(exhausted(20))
`,
  conversions: `
def f(n):
    cells = [0, 1, 2] * 4
    tup = (5, 3.5, True, -2, 3.5, 3)
    r = range(3, 40, 7)
    t = 0
    keys = []
    for i in range(n):
        cells[i % 12] = i
        k = tuple(cells)
        keys.append(k)
        t += len(k) + len(list(tup)) + len(tuple(tup)) + len(list(r)) + len(tuple(r))
        s = sorted(tup)
        s2 = sorted(cells)
        t += s[0] + s2[-1] + sum(range(i)) + sum(range(10, -10, -3)) + len(range(i, 2 * i, 3)) + len(range(5, 0))
    return t, keys[-1], sorted(tup), sorted([1.0, 1, True, 0.5, -3])
print(f(80))
`,
  edges: `
def edges(n):
    out = []
    for i in range(n):
        out.append(sorted([3, float("nan"), 1] if i == n - 1 else [3, 2, 1]))
        out.append(sorted(list(range(300)) if i == n - 2 else [2, 1])[:3])
        out.append(sum(range(2 ** 40, 2 ** 40 + 3 * (i + 1))))
        out.append(sorted(["b", "a"] if i == n - 3 else [0]))
    return out[-8:]
print(edges(20))
`,
  returns: `
def find(xs, v):
    for i in range(len(xs)):
        if xs[i] == v:
            return i
    return -1

def caller_a(n):
    xs = list(range(20))
    t = 0
    for k in range(n):
        t += find(xs, k % 25)
    return t

def caller_b(n):
    xs = list(range(10))
    t = 0
    for k in range(n):
        t -= find(xs, k % 12) * 2
        t += find(xs, 3)
    return t

print(caller_a(200), caller_b(200), caller_a(50))

class Box:
    def __init__(self, xs):
        self.n = 0
        for x in xs:
            if x < 0:
                return
            self.n += x
    def __eq__(self, other):
        for i in range(3):
            if i == 2:
                return self.n == other.n
        return False
    def __lt__(self, other):
        return find([self.n, other.n], other.n) == 1

def boxes(n):
    out = []
    for k in range(n):
        b = Box([1, 2, k, -1, 5])
        out.append(b.n)
        out.append(b == Box([1, 2, k]))
    s = sorted([Box([i % 7]) for i in range(30)])
    return out[-4:], [b.n for b in s][:10]
print(boxes(60))

def gen(n):
    for i in range(n):
        if i == n - 1:
            return
        yield find([1, 2, 3], i % 4)

def consume(n):
    t = 0
    for k in range(n):
        for v in gen(6):
            t += v
    return t
print(consume(40))

def deep(n):
    if n == 0:
        return find([5, 6, 7], 7)
    return deep(n - 1) + 1

def deeps(n):
    t = 0
    for k in range(n):
        t += deep(k % 5)
    return t
print(deeps(100))

def raising(xs):
    for x in xs:
        if x == 3:
            return 10 // (x - 3)
    return 0

def raisers(n):
    t = 0
    for k in range(n):
        try:
            t += raising([1, 2, k % 5])
        except ZeroDivisionError:
            t += 100
    return t
print(raisers(100))

def scan(a, b=0):
    for i in range(10):
        if i == 3:
            return i + b
    return -1

class W:
    __call__ = scan

def same_site(n):
    w = W()
    t = 0
    for k in range(n):
        h = w if k % 3 == 0 else scan
        t += h(k)
        t += sorted([3, 1, 2], key=h)[0]
    return t
print(same_site(90))
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-iteration-');
beforeAll(() => programs.prepare());

const uopsOf = (r: ReturnType<typeof programs.run>) => new Set(r.jit.allTraces.flatMap((t) => t.compiled.instructions.map((i) => i.uop)));
const expectUops = (r: ReturnType<typeof programs.run>, names: string[]) => {
  const uops = uopsOf(r);
  for (const u of names) expect(uops.has(u), `${u}: ${[...uops].join(' ')}\n${describeJit(r.summary)}`).toBe(true);
};

describe.each(JIT_MODES)('iteration in traces (%s)', (mode) => {
  it('loops over tuples and constant strs run natively (a list iterator over a copy, as tier-1)', () => {
    const r = programs.run('tuples_strs', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['TUPLE_ITER_NEW', 'STR_ITER_CONST', 'LIST_ITER_EXHAUSTED_POP']);
    expect(Object.keys(r.summary.stitchReasons).filter((k) => k.startsWith('iteration')), describeJit(r.summary)).toEqual([]);
  });

  it('loops over dicts, dict views, sets and frozensets run natively, their ends too', () => {
    const r = programs.run('tables', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['DICT_ITER_NEW', 'SET_ITER_NEW', 'FOR_SET_NEXT', 'DICT_ITER_EXHAUSTED_POP', 'SET_ITER_EXHAUSTED_POP']);
  });

  it('containers changed during iteration leave through exits with python3\'s results and errors', () => {
    const r = programs.run('mutated', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['FOR_SET_NEXT', 'TUPLE_ITER_NEW']);
  });

  it('iterables changing type mid-loop fail their guards and go on correctly', () => {
    const r = programs.run('changing', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['TUPLE_ITER_NEW', 'LIST_ITER_NEW', 'DICT_VIEW_ITER_NEW']);
  });

  it('in / not in on lists and tuples of numbers and ranges natively; items only tier-1 compares exit in order', () => {
    const r = programs.run('contains', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['LIST_CONTAINS_NUMBER', 'TUPLE_CONTAINS_NUMBER', 'RANGE_CONTAINS_INT']);
  });
  it('list.pop/insert/remove/index/count/reverse natively; errors and items only tier-1 compares exit', () => {
    const r = programs.run('list_methods', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['LIST_POP', 'LIST_POP_AT', 'LIST_INSERT', 'LIST_REMOVE_NUMBER', 'SEQ_INDEX_NUMBER', 'SEQ_COUNT_NUMBER', 'LIST_REVERSE']);
  });

  it('sum/min/max/any/all of lists and tuples of numbers and len of sets and views natively, with tier-1\'s results at every edge', () => {
    const r = programs.run('seq_builtins', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['SUM_SEQ', 'MIN_SEQ', 'MAX_SEQ', 'ANY_SEQ', 'ALL_SEQ', 'LEN_ANY']);
  });
  it('slices with steps, tuple slices, concatenation and repetition of lists and tuples natively; errors exit to tier-1', () => {
    const r = programs.run('slices_concat', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['SEQ_SLICE3', 'TUPLE_SLICE', 'SEQ_CONCAT', 'LIST_EXTEND_SEQ', 'SEQ_REPEAT']);
  });
  it('enumerate/zip/reversed of lists and tuples built natively, their loops and ends, iter() of iterators and range objects', () => {
    const r = programs.run('wrapped', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['ENUMERATE_SEQ_NEW', 'ZIP2_SEQ_NEW', 'REVERSED_SEQ_NEW', 'FOR_REVERSED_LIST_NEXT', 'REVERSED_EXHAUSTED_POP',
      'ENUMERATE_LIST_EXHAUSTED_POP', 'ZIP2_EXHAUSTED_POP', 'GET_ITER_SELF', 'RANGE_OBJECT_ITER_NEW']);
  });
  it('list()/tuple() of sequences and ranges, sorted() of numbers, sum()/len() of ranges natively; NaN, long lists and big sums through tier-1', () => {
    const r = programs.run('conversions', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['TO_TUPLE', 'TO_LIST', 'SORTED_NUMBERS', 'SUM_RANGE', 'RANGE_LEN']);
    programs.run('edges', { mode });
  });
  it('returns below a side trace\'s base frame are native under a guard on the caller; special frames (__init__, __eq__, sort keys, generators) return in tier-1', () => {
    const r = programs.run('returns', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expectUops(r, ['GUARD_CALLER']);
  });
});
