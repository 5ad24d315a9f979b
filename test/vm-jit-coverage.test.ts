// Coverage of the tracing JIT (issue 15): no recording aborts on the benchmark
// set (a bytecode a trace cannot run natively is stitched through tier-1,
// runtime/vm/tracing/trace-stitching.ts), and the native forms of unpacking
// and of enumerate/zip/dict loops (record-containers.ts, cases/uops_iter.c)
// against python3 at JIT threshold 2, natively and on the uop interpreter,
// with every unusual case (wrong lengths, a dict changed during iteration,
// exceptions raised by a stitched bytecode, iterators of other kinds) leaving
// through an exit with python3's output and traceback.
import { beforeAll, describe, expect, it } from 'vitest';
import { PROGRAMS as BENCH, programSource } from '../scripts/bench-programs.ts';
import { ProgramSet } from './helpers/program-set.ts';
import { describeJit, JIT_MODES, runWithJit } from './helpers/vm-jit-run.ts';
import { runOnVm } from './vm-python.ts';

const PROGRAMS: Record<string, string> = {
  unpack: `
def f(n):
    pairs = [(i, i * 2) for i in range(20)]
    lists = [[i, -i, i * i] for i in range(20)]
    t = 0
    for k in range(n):
        for p in pairs:
            a, b = p
            t += a * b
        for q in lists:
            x, y, z = q
            t += x + y - z
        a, b = b, a
        t += a - b
    return t
print(f(30))

def wrong(items):
    t = 0
    for p in items:
        a, b = p
        t += a + b
    return t
print(wrong([(1, 2)] * 10 + [[3, 4]] * 10))
try:
    wrong([(1, 2)] * 10 + [(1, 2, 3)])
except ValueError as e:
    print("ValueError", e)
wrong([(1, 2)] * 10 + [[5]])
`,
  loops: `
def f(n):
    xs = [i * 0.5 for i in range(40)]
    ys = list(range(40))
    d = {i: i * 3 for i in range(25)}
    s = {"a": 1, "bb": 2, "ccc": 3}
    t = 0.0
    for k in range(n):
        for i, x in enumerate(xs):
            t += x * i
        for a, b in zip(xs, ys):
            t += a - b
        for key, v in d.items():
            t += key - v
        for key in d:
            t += key
        for v in d.values():
            t -= v
        for name, v in s.items():
            t += len(name) * v
        for i, x in enumerate(ys, 5):
            t += i - x
    return t
print(f(40))

def shorter(n):
    t = 0
    for a, b in zip(list(range(n)), list(range(3))):
        t += a * b
    for a, b in zip(list(range(3)), list(range(n))):
        t += a * b
    return t
print(shorter(50))
`,
  dict_changed: `
def grow(d, n):
    t = 0
    for k, v in d.items():
        t += v
        if k == n:
            d[k + 1000] = 1
    return t
d = {i: i for i in range(30)}
for n in range(100, 120):
    print(grow(d, n))
print(grow(d, 20))
`,
  dicts: `
def f(n):
    d = {i: i * 2 for i in range(64)}
    t = 0
    tup = (1, 2, 3)
    for k in range(n):
        for i in range(80):
            if i in d:
                t += d[i]
                d[i] = d[i] + 1
            if i not in d:
                t -= 1
            t += len(d) + len(tup)
    d[1.0] = 5
    d[True] = 7
    for i in range(60):
        if i in d:
            t += d[i]
    return t
print(f(300))
try:
    d = {1: 2}
    for i in range(100):
        x = d[i % 2]
except KeyError as e:
    print("KeyError", e)

def sets_and_floats(n):
    d = {0.5: 1, 2: 3}
    t = 0
    for i in range(n):
        t += len(d)
        if 2 in d:
            t += d[2]
        d[2] = i
    print(t, d)
sets_and_floats(50)
`,
  stitched: `
class P:
    def __init__(self, x):
        self.x = x
    def __getattr__(self, name):
        return 1

def f(n):
    ps = [P(i) for i in range(10)]
    t = 0
    for k in range(n):
        for p in ps:
            t += p.x + p.z
            u = k * 3 + 1
            v = u * u - k
            t += v % 7
            w = u + v + k + t % 13
            t += w % 5
            u = k * 5 + 2
            v = u * u - k
            t += v % 11
            w = u + v + k + t % 17
            t += w % 3
            u = k * 7 + 3
            v = u * u - k
            t += v % 13
            w = u + v + k + t % 19
            t += w % 7
    return t
print(f(200))

def raising(n):
    t = 0
    for i in range(n):
        t += i * 2 + 1
        t -= i
        try:
            t += 100 // (i % 7)
        except ZeroDivisionError:
            t += 1
        t += i % 3
    return t
print(raising(300))

def gen(n):
    for i in range(n):
        yield i * 2

def consume(n):
    t = 0
    for k in range(n):
        for v in gen(20):
            t += v
            t += v * 3 - 1
            t -= v % 5
        t += sum(x * x for x in range(10))
    return t
print(consume(60))

def bad(n):
    t = 0
    for i in range(n):
        t += i + 1
        t += len({i: 1, i + 1: 2})
        if i == n - 1:
            t += {}[i]
    return t
bad(100)
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-coverage-');
beforeAll(() => programs.prepare());

const uopsOf = (r: ReturnType<typeof programs.run>) => new Set(r.jit.allTraces.flatMap((t) => t.compiled.instructions.map((i) => i.uop)));

describe.each(JIT_MODES)('JIT coverage (%s)', (mode) => {
  it('unpacks tuples and lists natively; wrong lengths raise through the exit', () => {
    const r = programs.run('unpack', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    const uops = uopsOf(r);
    expect(uops.has('UNPACK_TUPLE') && uops.has('UNPACK_LIST'), [...uops].join(' ')).toBe(true);
  });

  it('enumerate, zip and dict loops run natively without building the item tuples', () => {
    const r = programs.run('loops', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    const uops = uopsOf(r);
    for (const u of ['FOR_ENUMERATE_LIST_UNPACK', 'FOR_ZIP2_LIST_UNPACK', 'FOR_DICT_ITEMS_UNPACK', 'FOR_DICT_KEYS_NEXT', 'FOR_DICT_VALUES_NEXT']) {
      expect(uops.has(u), `${u}: ${[...uops].join(' ')}`).toBe(true);
    }
  });

  it('dicts with small-int keys: lookups, stores of existing keys, in / not in and len natively; float and bool keys through tier-1', () => {
    const r = programs.run('dicts', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    const uops = uopsOf(r);
    for (const u of ['DICT_GET_INT', 'DICT_SET_INT', 'DICT_CONTAINS_INT', 'DICT_LEN', 'TUPLE_LEN']) expect(uops.has(u), `${u}: ${[...uops].join(' ')}`).toBe(true);
  });

  it('a dict that changes size during a native loop raises RuntimeError in tier-1', () => {
    const r = programs.run('dict_changed', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
  });

  it('bytecodes without a native form (attributes, try, generators, dict literals) stitch through tier-1, never abort', () => {
    const r = programs.run('stitched', { mode });
    expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    expect(Object.keys(r.summary.stitchReasons).length, describeJit(r.summary)).toBeGreaterThan(0);
    // The loop over p.z (__getattr__, no native form; p.x is a native slot load) ran its stitched continuations natively.
    expect(r.jit.allTraces.some((t) => t.stitched && t.entries > 0), describeJit(r.summary)).toBe(true);
  });
});

describe('the benchmark set records without aborts', () => {
  // Small sizes, default JIT thresholds (as `npm run bench` runs them); the JIT
  // run must match the VM without the JIT (some programs need str methods of
  // the formatting library and stop early: the part that runs still counts).
  for (const p of BENCH) {
    it(p.name, () => {
      const size = Math.max(1, Math.ceil(p.quick / 30));
      const source = programSource(p, size);
      const file = `/tmp/vm-jit-coverage-${p.file}`;
      const r = runWithJit(source, file, { threshold: 56 });
      const base = runOnVm(source, file);
      expect(r.stdout).toBe(base.stdout);
      expect(r.code).toBe(base.code);
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    }, 120_000);
  }
});
