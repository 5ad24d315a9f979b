// The JIT on calls tier-1 makes for a program: special methods of instances
// (a + b, 2 * a, -a, a < b, a == b, a[i], a(x), +=) and class instantiation
// with a Python __init__, inlined as calls (cases/calls.c,
// tracing/record-calls.ts); defaults of inlined calls; returns from a trace's
// base frame into a caller the trace did not inline (GUARD_PLAIN_RETURN,
// GUARD_CALLER). Every program runs at JIT threshold 2 (native and on the uop
// interpreter) against python3 and against the VM without the JIT; each test
// asserts on the traces so that it cannot pass with the new uops unused.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

/** ops */
const OPS = `
class V:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return V(self.x * k, self.y * k)
    def __rmul__(self, k):
        return V(self.x * k, self.y * k)
    def __truediv__(self, k):
        return V(self.x / k, self.y / k)
    def __neg__(self):
        return V(-self.x, -self.y)
    def __lt__(self, o):
        return self.x < o.x
    def __eq__(self, o):
        return self.x == o.x and self.y == o.y
    def __getitem__(self, i):
        return self.x if i == 0 else self.y
    def __call__(self, k):
        return self.x * k + self.y

class Acc:
    def __init__(self):
        self.total = 0.0
    def __iadd__(self, v):
        self.total += v.x + v.y
        return self

def main():
    a = V(1.0, 2.0)
    b = V(0.5, 0.25)
    s = V(0.0, 0.0)
    acc = Acc()
    n = 0
    keep = []
    for i in range(400):
        s = s + (a - b) * 0.001
        s = s + 0.5 * -b
        s = s / 1.0001
        if b < s:
            n += 1
        if s == s:
            n += 2
        n += int(s[0] > 0) + int(s[1] < 0)
        acc += s
        t = s(2.0)
        if i % 50 == 0:
            keep.append(V(i, t))
    print(round(s.x, 6), round(s.y, 6), n, round(acc.total, 4), len(keep), keep[-1].x, round(keep[-1].y, 4))

main()
`;

/** mut */
const MUT = `
class V:
    def __init__(self, x, y):
        self.x = x
        self.y = y
        if x > 300:
            self.big = True
    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y)
    def __neg__(self):
        return V(-self.x, -self.y)

def other_add(self, o):
    return V(self.x - o.x, 0)

def init2(self, x, y):
    self.x = y
    self.y = x

class W(V):
    def __radd__(self, o):
        return V(1000, 1000)

def main():
    s = V(0, 0)
    one = V(1, 2)
    out = []
    for i in range(600):
        s = s + one
        if i == 100:
            V.__add__ = other_add
        if i == 200:
            del V.__add__
            V.__add__ = lambda self, o: V(self.x + 2 * o.x, self.y)
        if i == 300:
            V.__init__ = init2
        if i == 400:
            one = W(1, 1)
        if i == 500:
            one = V(1, 2)
        out.append(hasattr(s, "big"))
        t = -s
    print(s.x, s.y, t.x, out.count(True))

main()
`;

/** exc */
const EXC = `
class R:
    def __init__(self, v):
        self.v = v
        if v == 777:
            raise ValueError("bad v %d" % v)
    def __truediv__(self, k):
        return R(self.v / k)
    def __neg__(self):
        return R(-self.v)

def run(limit):
    r = R(1.0)
    total = 0.0
    for i in range(limit):
        d = (i % 97) - 96 if i > 300 else 1
        q = r / d
        total += q.v
        x = R(i if i < 500 else 777)
    return total

def main():
    try:
        print(run(450))
    except ZeroDivisionError as e:
        print("caught", e)
    print(run(800))

main()
`;

/** defs */
const DEFS = `
class P:
    def __init__(self, x, y=2, z=None):
        self.x = x
        self.y = y
        self.z = z
    def m(self, a, b=10, c=0.5):
        return self.x * a + b * c

def f(a, b=3, c=(1, 2)):
    return a + b + len(c)

def main():
    t = 0.0
    for i in range(300):
        p = P(i)
        q = P(i, 5)
        t += p.m(1) + q.m(2, 3) + p.m(1, 2, 3) + f(i) + f(i, 1) + p.y + q.y
        if q.z is None:
            t += 1
    print(t)
    try:
        f()
    except TypeError as e:
        print(e)
main()
`;

/** notimpl */
const NOTIMPL = `
class M:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        if isinstance(o, M):
            return M(self.v + o.v)
        return NotImplemented
    def __radd__(self, o):
        return M(self.v + o + 1000)

class N:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v

class Sub(M):
    def __radd__(self, o):
        return Sub(-1)

def main():
    m = M(0)
    for i in range(300):
        m = m + M(1)
        m = i + m
    print(m.v)
    c = 0
    a = N(1)
    for i in range(300):
        if a != N(i % 3):
            c += 1
        if a == N(i % 2):
            c += 10
    print(c)
    s = 0
    for i in range(300):
        r = M(i) + (Sub(2) if i % 50 == 0 else M(2))
        s += r.v
    print(s)

main()
`;

/** returns */
const RETURNS = `
class R:
    def __init__(self, v):
        self.v = v
        if v % 7 == 0:
            self.seven = True

def near(xs, k):
    best = None
    for x in xs:
        if best is None or x * k < best:
            best = x * k
    return best

def outer(xs, k):
    b = near(xs, k)
    r = R(int(b) + k)
    return r.v + (100 if hasattr(r, "seven") else 0)

def deeper(xs, k):
    return outer(xs, k) + outer(xs, k + 1)

def main():
    xs = [3.0, 1.0, 2.0, 5.0, 4.0, 0.5]
    t = 0
    for i in range(600):
        t += deeper(xs, i % 40)
        if i % 3 == 0:
            t += near(xs, i)
    print(t)

main()
`;

/** closure_kw */
const CLOSURE_KW = `
class P:
    def __init__(self, x, scale=1.0, name="p"):
        self.x = x * scale
        self.name = name

def main():
    t = 0.0
    for i in range(300):
        p = P(i, scale=0.5) if i % 2 else P(i)
        t += p.x + len(p.name)
    print(t)

main()
`;

/** builtins */
const BUILTINS = `
class A:
    pass
class B(A):
    pass
def main():
    a, b = A(), B()
    t = 0
    f = 0.0
    for i in range(400):
        x = i * 0.37 - 50.0
        t += int(x) + int(i > 200) + int(i)
        t += min(i, 200 - i) + max(i, 3)
        f += min(x, 1.5) + max(x, -2.5)
        if isinstance(b, A):
            t += 1
        if isinstance(a, B):
            t += 1000
        if isinstance(i, int) and not isinstance(x, int):
            t += 2
        if i == 300:
            x = float("nan")
            f += 0.0 if min(x, 1.0) != min(x, 1.0) else 1.0
    print(t, f)
    try:
        int(float("inf"))
    except OverflowError as e:
        print("OverflowError", e)
    print(int(-2.5), int(1e15), int(3e14))
main()
`;

/** closures */
const CLOSURES = `
def make(n):
    total = 0
    scale = 3
    def bump(x):
        return x * scale
    for i in range(n):
        total += bump(i) + scale
        if i == 200:
            scale = 4
    return total

def counter():
    count = 0
    items = []
    for i in range(300):
        count += i % 7
        items.append(count)
        f = lambda: count
    return count, f(), len(items)

def unbound():
    for i in range(100):
        if i == 90:
            print(late)
    late = 1
    return [lambda: late]

print(make(400))
print(counter())
try:
    unbound()
except NameError as e:
    print(type(e).__name__, e)
`;

/** bound methods */
const BOUND = `
class C:
    def __init__(self, k):
        self.k = k
    def f(self, x, y=2):
        return self.k * x + y
    def g(self, x):
        return x - self.k

def main():
    c = C(3)
    d = C(5)
    m = c.f
    t = 0
    for i in range(400):
        t += m(i) + m(i, 1)
        n = d.g if i % 100 < 50 else c.g
        t += n(i)
        if i == 300:
            m = d.f
    print(t)
main()
`;

/** recursion through a loop: 29,524 calls of count_paths, 3,280 of size */
const RECURSIVE_LOOPS = `
def count_paths(d):
    if d == 0:
        return 1
    total = 0
    for i in range(3):
        total += count_paths(d - 1)
    return total

class Tree:
    def size(self, depth, width):
        if depth == 0:
            return 1
        n = 1
        for _ in range(width):
            n += self.size(depth - 1, width)
        return n

print(count_paths(9), Tree().size(7, 3))
`;

// Handlers kept in attributes as methods bound to the instance itself
// (richards' self.fn(msg)); rebound mid-loop, bound to another instance, a plain function, a virtual receiver.
const HANDLERS = `
class Task:
    def __init__(self, k):
        self.k = k
        self.fn = self.idle if k % 2 else self.work
    def idle(self, x):
        return x + self.k
    def work(self, x):
        return x * 2 - self.k
    def step(self, x):
        return self.fn(x)
class Other:
    def m(self, x):
        return -x
def plain(x):
    return x + 100
def main():
    tasks = [Task(i) for i in range(4)]
    total = 0
    for i in range(3000):
        t = tasks[i % 4]
        total += t.step(i)
        if i == 1500:
            tasks[0].fn = tasks[0].idle
        if i == 2000:
            tasks[1].fn = Other().m
        if i == 2500:
            tasks[2].fn = plain
        total += Task(i).fn(1)
    print(total)
main()
`;

const programs = new ProgramSet({ recursive_loops: RECURSIVE_LOOPS,  bound: BOUND, closures: CLOSURES, builtins: BUILTINS, ops: OPS, mut: MUT, exc: EXC, defs: DEFS, notimpl: NOTIMPL, returns: RETURNS, closure_kw: CLOSURE_KW, handlers: HANDLERS }, 'vm-jit-calls-');
beforeAll(() => programs.prepare());

/** Native instantiation: NEW_INSTANCE, or NEW_VIRTUAL where allocation removal (optimizer/virtuals.ts) made the instance virtual. */
const SAME_AS: Record<string, string> = { NEW_VIRTUAL: 'NEW_INSTANCE' };

function uopCounts(r: JitRun): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of r.jit.allTraces) {
    for (const i of t.compiled.instructions) {
      const u = SAME_AS[i.uop] ?? i.uop;
      m.set(u, (m.get(u) ?? 0) + 1);
    }
  }
  return m;
}

function expectUops(r: JitRun, uops: string[]): void {
  const counts = uopCounts(r);
  for (const u of uops) expect(counts.get(u) ?? 0, `${u} in ${[...counts.keys()].join(' ')}: ${describeJit(r.summary)}`).toBeGreaterThan(0);
}

const stitched = (r: JitRun, what: RegExp) => Object.keys(r.summary.stitchReasons).filter((k) => what.test(k));

for (const mode of JIT_MODES) {
  describe(`JIT on special methods and instantiation (${mode})`, () => {
    it('binary, reflected, unary, comparison, subscript, call and in-place special methods and __init__ run inlined', () => {
      const r = programs.run('ops', { mode });
      expectUops(r, ['INSERT_METHOD', 'INSERT_REFLECTED', 'GUARD_CLASS_AT', 'NEW_INSTANCE', 'INIT_RESULT']);
      expect(stitched(r, /instance|call of object/), describeJit(r.summary)).toEqual([]);
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    });

    it('special methods monkey-patched, __init__ replaced, a subclass operand with __radd__, shapes changing in __init__', () => {
      const r = programs.run('mut', { mode });
      expectUops(r, ['NEW_INSTANCE', 'INIT_RESULT']);
      expect(r.summary.exits, describeJit(r.summary)).toBeGreaterThan(0);
    });

    it('exceptions inside an inlined special method and an inlined __init__: the traceback of tier-1', () => {
      const r = programs.run('exc', { mode });
      expectUops(r, ['NEW_INSTANCE', 'INSERT_METHOD']);
    });

    it('a method bound to the instance and kept in its attribute is called inlined, under a guard on it', () => {
      const r = programs.run('handlers', { mode });
      expectUops(r, ['GUARD_SLOT_SELF_METHOD_AT', 'INSERT_METHOD']);
    });

    it('defaults of inlined functions, methods and __init__ are pushed natively', () => {
      const r = programs.run('defs', { mode });
      expectUops(r, ['GUARD_FRAME_FITS', 'NEW_INSTANCE']);
      expect(stitched(r, /argument binding/), describeJit(r.summary)).toEqual([]);
    });

    it('methods that may return NotImplemented and != through __eq__ are left to tier-1 (stitched)', () => {
      const r = programs.run('notimpl', { mode });
      expect(stitched(r, /NotImplemented|__ne__/).length, describeJit(r.summary)).toBeGreaterThan(0);
    });

    it('returns from a trace\'s base frame into callers it did not inline, and __init__ frames pushed where that frame was', () => {
      const r = programs.run('returns', { mode });
      expectUops(r, ['GUARD_PLAIN_RETURN', 'GUARD_CALLER', 'NEW_INSTANCE']);
    });

    it('a recursive call reaching its function\'s loop trace returns to the calling trace natively (RETURN_IF_CALLED)', () => {
      const r = programs.run('recursive_loops', { mode });
      expectUops(r, ['CALL_TRACE', 'RETURN_IF_CALLED']);
      // Before, every return from the loop's frame left native code (a frame exit per call: ~30,000).
      expect(r.summary.exits, describeJit(r.summary)).toBeLessThan(1000);
    });

    it('int(), 2-argument min/max on numbers and isinstance natively (isinstance folded under the class guard)', () => {
      const r = programs.run('builtins', { mode });
      expectUops(r, ['FLOAT_TO_INT', 'BOOL_TO_INT', 'MIN_INT', 'MAX_INT', 'MIN_FLOAT', 'MAX_FLOAT']);
      expect(stitched(r, /builtin|call of/), describeJit(r.summary)).toEqual([]);
    });

    it('closures: cell loads and stores, closures inlined (their cells copied from whichever function object), an empty cell', () => {
      const r = programs.run('closures', { mode });
      expectUops(r, ['LOAD_DEREF', 'COPY_FREE_VARS', 'GUARD_FUNCTION_CODE_AT']);
      expect(stitched(r, /LOAD_DEREF|STORE_DEREF|COPY_FREE_VARS/), describeJit(r.summary)).toEqual([]);
    });

    it('bound methods made natively and called inlined (a default too), another method in their place', () => {
      const r = programs.run('bound', { mode });
      expectUops(r, ['BIND_METHOD', 'EXPAND_METHOD']);
      expect(stitched(r, /attribute|call of/), describeJit(r.summary)).toEqual([]);
    });

    it('keyword arguments of an instantiation stay with tier-1', () => {
      programs.run('closure_kw', { mode });
    });
  });
}
