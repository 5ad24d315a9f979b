// Allocation removal (optimizer/virtuals.ts, cases/virtuals.c, tracing/virtual-exits.ts):
// instances a trace creates and that do not escape are never allocated; where
// they escape they are allocated there, and at an exit where they are live the
// exit handler (or a side trace's entry) allocates them before tier-1 sees the
// frames. Every program runs at JIT threshold 2, natively and on the uop
// interpreter, against python3 and the VM without the JIT; each test asserts
// on the virtual-instance counts (VMState.virtuals_made/_materialized and the
// exit handler's), so it fails without the pass.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun, uopCount } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const VECTOR = `
class V:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return V(self.x * k, self.y * k)
    def dot(self, o):
        return self.x * o.x + self.y * o.y
`;

const PROGRAMS: Record<string, string> = {
  // Temporaries only read: (a + b).x, (a * 2 - b).dot(c).
  temporaries: `${VECTOR}
def main():
    a = V(1.5, 2.0)
    b = V(0.5, -1.0)
    c = V(2.0, 0.25)
    s = 0.0
    for i in range(600):
        s += (a + b).x
        s += (a * 2.0 - b).dot(c)
        a = V(a.x + 0.001, a.y)
    print(s, a.x, a.y)
main()
`,
  // Temporaries that escape at some iterations: into a list, an attribute, a global, a return value, a builtin.
  escaping: `${VECTOR}
class Box:
    def __init__(self):
        self.item = None
G = None
def make(a, b):
    return a + b
def main():
    global G
    a = V(1.0, 2.0)
    b = V(3.0, 4.0)
    keep = []
    box = Box()
    s = 0.0
    for i in range(500):
        t = a + b
        if i % 7 == 0:
            keep.append(t)
        if i % 11 == 0:
            box.item = t
        if i % 13 == 0:
            G = t
        u = make(a, t)
        s += u.x + t.y
        s += len(repr(type(t)))
    print(s, len(keep), keep[3].x, keep[-1].y, box.item.x, G.y, keep[1] is keep[1], keep[1] is keep[2])
main()
`,
  // A virtual live at guard exits: a field's type changes mid-loop, so the guards after the
  // instance is made fail while it is only in the trace's values.
  guard_exits: `${VECTOR}
def main():
    a = V(1.0, 2.0)
    b = V(0.5, 0.5)
    s = 0.0
    k = 2.0
    for i in range(400):
        t = a + b
        if i == 150:
            k = 3
        if i == 250:
            b = V(1, 2)
        if i == 320:
            b = V(0.25, 0.5)
        s += t.x * k + t.y
    print(s, t.x, t.y)
main()
`,
  // Exceptions raised while a virtual is live: in __init__ (after a field was set) and in a special method.
  raises: `${VECTOR}
class W:
    def __init__(self, a, d):
        self.a = a
        self.b = 10.0 / d
class Bad:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        if o.v < 0:
            raise ValueError("negative %s" % o.v)
        return Bad(self.v + o.v)
def main():
    s = 0.0
    errors = 0
    for i in range(300):
        try:
            w = W(i, 150 - i)
            s += w.a + w.b
        except ZeroDivisionError:
            errors += 1
        try:
            r = Bad(1.0) + Bad(100.0 - i)
            s += r.v
        except ValueError as e:
            errors += 1
            last = str(e)
    print(s, errors, last)
    t = Bad(1.0) + Bad(-1.0)
main()
`,
  // An attribute added to a temporary later in the loop (a shape transition on a virtual), and
  // instances of a class without __slots__ that __init__ gives attributes one by one.
  added_attribute: `
class P:
    def __init__(self, x):
        self.x = x
        self.y = x * 2
def step(i):
    p = P(i)
    s = 0
    if i > 200:
        p.z = i + 1
        s += p.z
    if i == 399:
        print(p.z, sorted(p.__dict__.items()))
    return s + p.x + p.y
def main():
    s = 0
    for i in range(400):
        s += step(i)
    print(s)
main()
`,
  // Identity of virtuals: is / is not between temporaries and the names bound to them
  // (locals of a function the loop calls: they die with its frame).
  identity: `${VECTOR}
def check(a):
    t = a + a
    u = t
    w = a + a
    n = 0
    if u is t:
        n += 1
    if w is not t:
        n += 10
    if t is None or w is a:
        n -= 1000
    return n
def main():
    a = V(1.0, 2.0)
    total = 0
    for i in range(400):
        total += check(a)
    print(total)
main()
`,
  // Nested virtuals: a segment of two points, read and thrown away, and sometimes kept.
  nested: `${VECTOR}
class Seg:
    def __init__(self, p, q):
        self.p = p
        self.q = q
    def length2(self):
        d = self.q - self.p
        return d.dot(d)
def measure(i, kept):
    seg = Seg(V(i, 1.0), V(2.0, i * 0.5))
    if i % 50 == 0:
        kept.append(seg)
    return seg.length2() + seg.p.x
def main():
    s = 0.0
    kept = []
    for i in range(500):
        s += measure(i, kept)
    print(s, len(kept), kept[2].p.x, kept[2].q.y, kept[-1].q.x)
main()
`,
};

/**
 * Random programs over small classes (seeded): temporaries built from nested
 * special-method calls, read, compared with `is`, kept in a list, an attribute
 * or a global at some iterations, given attributes later, with a variable's
 * type changing mid-loop, so virtuals are removed, escape and are live at exits.
 */
function randomProgram(seed: number): string {
  let state = seed * 2654435761 % 4294967296 || 1;
  const rnd = () => ((state = (state * 1664525 + 1013904223) % 4294967296) / 4294967296);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const expr = (d = 0): string => {
    const c = rnd();
    if (d > 2 || c < 0.25) return pick(['a', 'b', 'c', 'V(i, 1.5)', 'V(0.5, i)']);
    if (c < 0.45) return `(${expr(d + 1)} + ${expr(d + 1)})`;
    if (c < 0.6) return `(${expr(d + 1)} - ${expr(d + 1)})`;
    if (c < 0.7) return `(${expr(d + 1)} * ${pick(['2', '0.5', 'k'])})`;
    if (c < 0.8) return `${expr(d + 1)}.flip()`;
    if (c < 0.9) return `Pair(${expr(d + 1)}, ${expr(d + 1)}).sum()`;
    return `Pair(${expr(d + 1)}, ${expr(d + 1)}).a`;
  };
  const stmt = (): string => {
    const c = rnd();
    const e = expr();
    if (c < 0.3) return `s += ${e}.x`;
    if (c < 0.45) return `s += ${e}.dot(${expr()})`;
    if (c < 0.55) return `t = ${e}\n        s += t.y`;
    if (c < 0.62) return `if i % ${int(3, 17)} == 0: KEEP.append(${e})`;
    if (c < 0.68) return `if i % ${int(3, 17)} == 0: H.v = ${e}`;
    if (c < 0.72) return `if i % ${int(3, 17)} == 0:\n            G = ${e}`;
    if (c < 0.78) return `u = ${e}\n        if u is ${pick(['u', 'a', 'None'])}: s += 1`;
    if (c < 0.84) return `p = Pair(${e}, ${expr()})\n        s += p.a.x + p.b.y`;
    if (c < 0.9) return `if i == ${int(5, 150)}: k = ${pick(['3', 'True', '0.25', '-1'])}`;
    if (c < 0.95) return `if i == ${int(5, 150)}: b = V(${pick(['1', '2.5', '-3'])}, ${pick(['1', '0.5'])})`;
    return `w = ${e}\n        if i > ${int(5, 150)}: w.z = i\n        s += w.x`;
  };
  const body = Array.from({ length: int(2, 6) }, stmt).join('\n        ');
  return `
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
    def dot(self, o):
        return self.x * o.x + self.y * o.y
    def flip(self):
        return V(self.y, self.x)
class Pair:
    def __init__(self, a, b):
        self.a = a
        self.b = b
    def sum(self):
        return self.a + self.b
class Holder:
    def __init__(self):
        self.v = None
KEEP = []
G = None
H = Holder()
def run(n):
    global G
    a = V(1.0, 2.0)
    b = V(0.5, -1.0)
    c = V(2.0, 0.25)
    k = 2.0
    s = 0.0
    for i in range(n):
        ${body}
    return s
try:
    print(round(run(200), 6))
except Exception as e:
    print(type(e).__name__, e)
print(len(KEEP), [round(v.x, 4) if hasattr(v, "x") else v for v in KEEP[:5]], H.v.x if H.v else None, G.y if G else None)
`;
}
const RANDOM_SEEDS = Array.from({ length: 16 }, (_, i) => 101 + i);
for (const seed of RANDOM_SEEDS) PROGRAMS[`random_${seed}`] = randomProgram(seed);

const programs = new ProgramSet(PROGRAMS, 'vm-jit-virtuals-');
beforeAll(() => programs.prepare());

/** Instances the run did not allocate (made virtual and never materialized). */
const removed = (r: JitRun) => r.summary.virtuals.made - r.summary.virtuals.materializedInTraces - r.summary.virtuals.materializedAtExits;

for (const mode of JIT_MODES) {
  describe(`allocation removal (${mode})`, () => {
    it('temporaries only read are never allocated', () => {
      const r = programs.run('temporaries', { mode });
      const why = describeJit(r.summary);
      expect(uopCount(r, 'NEW_VIRTUAL'), why).toBeGreaterThan(0);
      // Three temporaries per iteration, a hundred-odd iterations at least in traces.
      expect(removed(r), why).toBeGreaterThan(3 * 400);
      expect(r.jit.allTraces.some((t) => t.stats.allocationsRemoved > 0), why).toBe(true);
    });
    it('temporaries that escape (list, attribute, global, return, builtin) are allocated where they escape', () => {
      const r = programs.run('escaping', { mode });
      const why = describeJit(r.summary);
      expect(r.summary.virtuals.made, why).toBeGreaterThan(0);
      expect(r.summary.virtuals.materializedInTraces + r.summary.virtuals.materializedAtExits, why).toBeGreaterThan(0);
    });
    it('a virtual live at a guard exit is materialized for tier-1', () => {
      const r = programs.run('guard_exits', { mode });
      const why = describeJit(r.summary);
      expect(r.summary.virtuals.materializedAtExits, why).toBeGreaterThan(0);
    });
    it('exceptions in __init__ and in a special method while an instance is virtual: same traceback', () => {
      const r = programs.run('raises', { mode });
      expect(r.summary.virtuals.made, describeJit(r.summary)).toBeGreaterThan(0);
    });
    it('an attribute added to a temporary later in the loop', () => {
      const r = programs.run('added_attribute', { mode });
      expect(removed(r), describeJit(r.summary)).toBeGreaterThan(0);
    });
    it('identity between virtuals (is / is not) is kept, without allocating them', () => {
      const r = programs.run('identity', { mode });
      expect(removed(r), describeJit(r.summary)).toBeGreaterThan(300);
    });
    it(`random programs over small classes (seeds ${RANDOM_SEEDS[0]}..${RANDOM_SEEDS[RANDOM_SEEDS.length - 1]}): virtuals removed, escaping, live at exits`, () => {
      let made = 0;
      let atExits = 0;
      for (const seed of RANDOM_SEEDS) {
        const r = programs.run(`random_${seed}`, { mode });
        made += r.summary.virtuals.made;
        atExits += r.summary.virtuals.materializedAtExits;
      }
      expect(made).toBeGreaterThan(RANDOM_SEEDS.length * 200);
      expect(atExits).toBeGreaterThan(0);
    });
    it('nested virtuals (a segment holding two points): removed together, materialized inner first when kept', () => {
      const r = programs.run('nested', { mode });
      const why = describeJit(r.summary);
      // Four instances per call (the segment, its points, the difference), a few hundred calls in traces.
      expect(removed(r), why).toBeGreaterThan(4 * 300);
    });
  });
}

describe('allocation removal: the count drops', () => {
  it('without the pass (STENCIL_JIT_NO_ALLOCATION_REMOVAL) the same program makes no virtual instances', async () => {
    // The switch is read when the optimizer module loads: a child process runs it.
    const { execa } = await import('execa');
    const script = [
      "import { runProgram } from './runtime/vm/interpreter/run-program.ts';",
      "import { TracingJit } from './runtime/vm/tracing/tracing-jit.ts';",
      "const jit = new TracingJit({ sideExitThreshold: 2 });",
      `runProgram(${JSON.stringify(PROGRAMS.temporaries)}, { filename: 'temporaries.py', write: () => {}, writeErr: () => {}, jit, threshold: 2 });`,
      'console.log(JSON.stringify(jit.virtualCounts()));',
      'jit.dispose();',
    ].join('\n');
    for (const off of [false, true]) {
      const env = off ? { STENCIL_JIT_NO_ALLOCATION_REMOVAL: '1' } : {};
      const r = await execa('node', ['--import', 'tsx', '--input-type=module', '-e', script], { env, reject: false });
      expect(r.exitCode, r.stderr).toBe(0);
      const counts = JSON.parse(r.stdout.trim().split('\n').pop()!);
      if (off) expect(counts).toEqual({ made: 0, materializedInTraces: 0, materializedAtExits: 0 });
      else expect(counts.made - counts.materializedInTraces - counts.materializedAtExits).toBeGreaterThan(1200);
    }
  });
});
