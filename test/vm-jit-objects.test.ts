// The JIT on instances of user classes: attribute loads and stores under a
// shape + class-version guard, shape transitions, class constants and method
// calls inlined without a bound method (cases/objects.c, tracing/record-objects.ts).
// Every program runs at JIT threshold 2 (native and on the uop interpreter)
// against python3 and against the VM without the JIT, and each test asserts
// on the traces so that it cannot pass with the object uops unused.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const BASICS = `
class V:
    K = 3
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def dot(self, o):
        return self.x * o.x + self.y * o.y
    def bump(self, d):
        self.x += d
        return self

def main():
    a = V(1.5, 2.0)
    b = V(0.5, -1.0)
    t = 0.0
    n = 0
    for i in range(300):
        t += a.dot(b) + a.K
        a.bump(0.25)
        b.y = b.y - 1.0
        n = n + a.K
    print(t, a.x, b.y, n)
main()
`;

/** Shapes and classes changing while the loop runs: every change must be seen. */
const MUTATIONS = `
class P:
    scale = 2
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v * self.scale

def other_get(self):
    return -self.v

def main():
    p = P(3)
    acc = 0
    for i in range(400):
        acc += p.get() + p.v
        if i == 50:
            P.scale = 5            # class attribute rebound
        if i == 100:
            p.extra = 1            # attribute added: new shape
        if i == 150:
            del p.extra            # and deleted again
        if i == 200:
            P.get = other_get      # method monkey-patched
        if i == 250:
            p.get = lambda: 1000   # an instance attribute shadows the method
        if i == 300:
            del p.get
        if i == 350:
            del P.scale            # the method now raises... unless found elsewhere
            P.scale = 7
    print(acc, p.get(), p.v)
main()
`;

/** One loop over instances of different classes and shapes (polymorphic sites grow side traces). */
const POLYMORPHIC = `
class A:
    def __init__(self, n):
        self.n = n
    def area(self, k):
        return self.n * k

class B:
    def __init__(self, n):
        self.pad = 0
        self.n = n
    def area(self, k):
        return self.n + 100 + k

class C(A):
    def area(self, k):
        return self.n - k

def main():
    objs = []
    for i in range(30):
        k = i % 3
        objs.append(A(i) if k == 0 else B(i) if k == 1 else C(i))
    total = 0
    for r in range(20):
        for o in objs:
            total += o.area(r) + o.n
    print(total)
main()
`;

/** Stores that add attributes: transitions natively while the slots fit, exits when they do not. */
const GROWING = `
class Box:
    pass

def fill(n):
    out = [Box() for i in range(n)]
    for i in range(n):
        b = out[i]
        b.a = i
        b.b = i * 2
        b.c = i * 3
        b.d = i + 1
        b.e = i - 1
        b.f = 0
        b.g = 7
        b.h = -i
        b.i = i
        b.j = 1
    return out

def main():
    boxes = fill(200)
    s = 0
    for b in boxes:
        s += b.a + b.b + b.c + b.d + b.e + b.f + b.g + b.h + b.i + b.j
    print(s)
main()
`;

/** __slots__ instances, properties and __setattr__: slots at fixed offsets, property getters inlined, __setattr__ left to tier-1. */
const SLOTS_AND_HOOKS = `
class S:
    __slots__ = ("a", "b")
    def __init__(self, a):
        self.a = a
        self.b = 0

class Prop:
    def __init__(self):
        self._v = 1
    @property
    def v(self):
        return self._v * 10

class Hooked:
    def __init__(self):
        object.__setattr__(self, "log", 0)
    def __setattr__(self, name, value):
        object.__setattr__(self, "log", self.log + 1)
        object.__setattr__(self, name, value)

def main():
    s = S(4)
    p = Prop()
    h = Hooked()
    for i in range(300):
        s.b = s.b + s.a
    t = 0
    for i in range(300):
        t += p.v
        h.x = i
    print(s.b, t, h.log, h.x)
    try:
        s.c = 1
    except AttributeError as e:
        print("AttributeError", e)
main()
`;

/**
 * A class attribute rebound by running code (a counter in __init__, a data
 * attribute switched mid-loop, then a method rebound and a property replaced):
 * data rebinds keep the class version, and values traces folded are not stale.
 */
const CLASS_COUNTER = `
class Shape:
    made = 0
    scale = 2
    def __init__(self, side):
        self.side = side
        Shape.made += 1
    def area(self):
        return self.side * self.side * self.scale
    @property
    def double(self):
        return 2 * self.side

class Square(Shape):
    pass

def main():
    t = 0
    for i in range(3000):
        s = Square(i % 7)
        t += s.area() + s.double
        if i == 1500:
            Shape.scale = 3
        if i == 2000:
            Shape.area = lambda self: -1
        if i == 2500:
            Shape.double = property(lambda self: 100)
    print(t, Shape.made, Square.made, Shape.scale)
main()
`;

/** Exceptions at the guards and inside inlined methods: tier-1 raises them with the exact traceback. */
const RAISES = `
class Item:
    def __init__(self, v):
        self.v = v
    def inv(self):
        return 10 // self.v

def main():
    items = [Item(i + 1) for i in range(60)]
    items.append(Item(0))
    s = 0
    for it in items:
        s += it.inv()
    print(s)
main()
`;

const MISSING = `
class Node:
    def __init__(self, nxt):
        self.next = nxt
        if nxt is None:
            self.last = True

def main():
    n = None
    for i in range(50):
        n = Node(n)
    c = 0
    p = n
    while p is not None:
        c += 1
        p = p.next
    print(c)
    p = n
    while True:
        p = p.next
        print(p.last)
main()
`;

/**
 * Side traces that start inside an inlined method and return from it: the
 * frame is popped natively and the trace goes on in the loop; the function
 * holding the loop is also called from a second call site, whose return the
 * traces must not take for the first one's.
 */
const RETURNS = `
class T:
    def __init__(self):
        self.k = 0
    def step(self, i):
        if i % 3 == 0:
            self.k += 2
        else:
            self.k += 1
        return self.k

def loop(t, n):
    s = 0
    for i in range(n):
        s += t.step(i)
    return s, t.k

def main():
    t = T()
    tot = 0
    for j in range(30):
        a, b = loop(t, 50)
        tot += a + b
    for j in range(6):
        print(tot, loop(t, 20 + j))
main()
`;

// Class attributes that are strs, tuples, dicts and lists read through instances
// (self.WS, self.TABLE[k]): inherited, rebound on the class mid-loop, shadowed by an
// instance attribute, and a subclass given its own.
const CLASS_DATA = `
class Scanner:
    WS = " \\t\\n"
    KINDS = ("num", "op")
    TABLE = {"+": 1, "-": -1}
    SEEN = []
    def count(self, text):
        n = 0
        for ch in text:
            if ch in self.WS:
                n += 1
            elif ch in self.TABLE:
                n += self.TABLE[ch] + len(self.KINDS)
        self.SEEN.append(n)
        return n
class Loose(Scanner):
    pass
def main():
    text = "1 + 2 -\\t3 + 4\\n" * 20
    s, l = Scanner(), Loose()
    total = 0
    for i in range(300):
        total += s.count(text) + l.count(text)
        if i == 100:
            Scanner.WS = " "
        if i == 150:
            s.WS = "+-"
        if i == 200:
            Loose.TABLE = {"+": 10}
        if i == 250:
            Scanner.KINDS = ("a", "b", "c")
    print(total, len(Scanner.SEEN), Scanner.SEEN[-3:], s.WS, l.WS, Loose.TABLE)
main()
`;

/** == and != of instances whose classes define neither (identity), beside ones that do, a list subclass and built-in values. */
const IDENTITY_EQ = `
class A:
    pass
class B:
    def __eq__(self, o):
        return True
class L(list):
    pass
def main():
    a1, a2 = A(), A()
    b = B()
    l = L([1])
    t = 0
    xs = [a1, a2, 3, None, "s", b, l, [1]]
    for i in range(3000):
        x = xs[i % 8]
        y = xs[(i * 3) % 8]
        t += (a1 == x) + 2 * (x != a2) + 4 * (x == y) + 8 * (y != x) + 16 * (a1 == a1) + 32 * (l == x) + 64 * (x == 3)
    print(t)
main()
`;

/** for over instances of list and tuple subclasses (their built-in values), beside one with its own __iter__; the list grows mid-loop. */
const BASE_ITERATION = `
class Coll(list):
    def first(self):
        return self[0]
class Pair(tuple):
    pass
class Own(list):
    def __iter__(self):
        return iter([7, 8])
def main():
    c = Coll(range(10))
    p = Pair((1, 2, 3))
    o = Own([1, 2])
    t = 0
    for i in range(2000):
        for x in c:
            t += x
        for y in p:
            t += y
        for z in o:
            t += z
        if i == 1000:
            c.append(100)
    print(t, c.first(), len(c))
main()
`;

/** Class.m(...) of classmethods (alternate constructors, one calling another through cls, a subclass overriding, one rebound mid-loop) and instances and classes as class attributes (one rebound). */
const CLASSMETHODS = `
class Strength:
    def __init__(self, v, name):
        self.v = v
        self.name = name
    @classmethod
    def stronger(cls, a, b):
        return a.v < b.v
    @classmethod
    def weakest(cls, a, b):
        return a if cls.stronger(b, a) else b
    @classmethod
    def make(cls, v):
        return cls(v, "s%d" % v)
class Sub(Strength):
    @classmethod
    def stronger(cls, a, b):
        return a.v > b.v
Strength.REQUIRED = Strength(-1, "required")
Strength.KIND = Strength

def main():
    xs = [Strength(i % 7, "x") for i in range(10)]
    t = 0
    for i in range(3000):
        a = xs[i % 10]
        b = xs[(i * 3) % 10]
        t += Strength.stronger(a, b) + Strength.weakest(a, b).v + Sub.weakest(a, b).v + Strength.make(i % 5).v
        t += Strength.REQUIRED.v + (Sub.KIND is Strength)
        if i == 2000:
            Strength.stronger = classmethod(lambda cls, a, b: a.v <= b.v)
        if i == 2500:
            Strength.REQUIRED = Strength(100, "r")
    print(t)
main()
`;

const PROGRAMS: Record<string, string> = {
  returns: RETURNS,
  basics: BASICS, mutations: MUTATIONS, class_counter: CLASS_COUNTER, polymorphic: POLYMORPHIC, growing: GROWING, slots_hooks: SLOTS_AND_HOOKS,
  raises: RAISES, missing: MISSING, class_data: CLASS_DATA, identity_eq: IDENTITY_EQ, base_iteration: BASE_ITERATION, classmethods: CLASSMETHODS,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-objects-');
beforeAll(() => programs.prepare());

/** How often each uop appears in the compiled traces of a run. */
function uopCounts(r: JitRun): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of r.jit.allTraces) for (const i of t.compiled.instructions) m.set(i.uop, (m.get(i.uop) ?? 0) + 1);
  return m;
}

function expectUops(r: JitRun, uops: string[]): void {
  const counts = uopCounts(r);
  for (const u of uops) expect(counts.get(u) ?? 0, `${u} in ${[...counts.keys()].join(' ')}: ${describeJit(r.summary)}`).toBeGreaterThan(0);
}

for (const mode of JIT_MODES) {
  describe(`JIT on objects (${mode})`, () => {
    it('attribute loads/stores, a class constant and method calls: no bound method, no abort', () => {
      const r = programs.run('basics', { mode });
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
      expectUops(r, ['LOAD_SLOT', 'STORE_SLOT', 'INSERT_METHOD']);
      // The receiver's shape is known after the first guard: the loop body guards each instance once at most.
      const loop = r.jit.allTraces.find((t) => t.kind === 'root')!;
      expect(loop.stats.loopGuards, describeJit(r.summary)).toBeLessThan(loop.stats.recordedGuards / 2);
    });

    it('shapes and classes changing mid-loop (attribute added/deleted, class attribute rebound, method monkey-patched or shadowed)', () => {
      const r = programs.run('mutations', { mode });
      expectUops(r, ['GUARD_SHAPE']);
      expect(r.summary.exits, describeJit(r.summary)).toBeGreaterThan(0);
    });

    it('polymorphic receivers (a method with an argument, so the receiver is under it): one guard per shape, side traces for the others', () => {
      const r = programs.run('polymorphic', { mode });
      expectUops(r, ['GUARD_SHAPE_AT', 'INSERT_METHOD']);
      expect(r.summary.sides, describeJit(r.summary)).toBeGreaterThanOrEqual(1);
    });

    it('attributes added in a loop: shape transitions natively while the slots fit', () => {
      const r = programs.run('growing', { mode });
      expectUops(r, ['STORE_SLOT_ADD', 'LOAD_SLOT']);
    });

    it('__slots__ at fixed offsets; property getters inlined; __setattr__ stays with tier-1', () => {
      const r = programs.run('slots_hooks', { mode });
      expectUops(r, ['LOAD_SLOT', 'STORE_SLOT', 'INSERT_METHOD']);
      expect(Object.keys(r.summary.stitchReasons).filter((k) => k.includes('attribute v ')), describeJit(r.summary)).toEqual([]);
    });

    it('a class attribute counter rebound by every instantiation: method calls keep their caches and traces', () => {
      const r = programs.run('class_counter', { mode });
      expectUops(r, ['INSERT_METHOD', 'CLASS_ATTR_LOAD', 'CLASS_ATTR_STORE']);
      // Before, every `Shape.made += 1` bumped the class version: each guard on it failed, trace after trace.
      expect(r.summary.exits, describeJit(r.summary)).toBeLessThan(200);
    });

    it('strs, tuples, dicts and lists of the class read through instances: natively, rebound, shadowed, inherited', () => {
      const r = programs.run('class_data', { mode });
      expectUops(r, ['CLASS_ATTR_LOAD']);
      expect(Object.keys(r.summary.stitchReasons).filter((k) => /^attribute \w+ of an instance/.test(k)), describeJit(r.summary)).toEqual([]);
    });

    it('== and != of instances without __eq__: identity under the shape guards', () => {
      const r = programs.run('identity_eq', { mode });
      expectUops(r, ['IS_SAME']);
      expect(r.summary.stitchReasons['__ne__ is not a Python function'] ?? 0, describeJit(r.summary)).toBeLessThan(2);
    });

    it('Class.m(...) of classmethods inlined under the class guard; rebound mid-loop', () => {
      const r = programs.run('classmethods', { mode });
      expectUops(r, ['GUARD_CLASS_AT', 'INSERT_METHOD']);
      expect(Object.keys(r.summary.stitchReasons).filter((k) => k.includes('of a class')), describeJit(r.summary)).toEqual([]);
    });

    it('for over list and tuple subclasses: their built-in values iterated natively', () => {
      const r = programs.run('base_iteration', { mode });
      expectUops(r, ['INSTANCE_BASE', 'LIST_ITER_NEW', 'TUPLE_ITER_NEW']);
    });

    it('an exception inside an inlined method: traceback through the method', () => {
      const r = programs.run('raises', { mode });
      expectUops(r, ['INSERT_METHOD']);
    });

    it('a side trace returning from the inlined method it started in goes on in the loop; never past the tree\'s own frames', () => {
      const r = programs.run('returns', { mode });
      const below = r.jit.allTraces.filter((t) => {
        let depth = 0;
        for (const i of t.compiled.instructions) {
          if (i.uop.startsWith('PUSH_FRAME')) depth++;
          if (i.uop === 'POP_FRAME' && --depth < 0) return true;
        }
        return false;
      });
      expect(below.length, describeJit(r.summary)).toBeGreaterThanOrEqual(1);
    });

    it('an attribute some instances lack: the load exits and tier-1 raises AttributeError', () => {
      const r = programs.run('missing', { mode });
      expectUops(r, ['LOAD_SLOT']);
    });
  });
}
