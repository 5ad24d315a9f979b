// Targeted tests of the tracing JIT: programs built to hit one mechanism each
// (guard failures mid-trace, small-int overflow into big ints, exceptions
// raised by tier-1 after an exit, inlining and exits inside inlined frames,
// side traces and exit linking, nested loops, invalidation, bounded code
// memory, the CLI's --jit-stats / --jit-dump and its user errors). Every
// program's output is checked against python3 (stderr in full, with python's
// caret lines removed) and against the VM without the JIT, and each test
// asserts on the JIT's statistics so that it cannot pass with the JIT off.
import { execa } from 'execa';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_INLINE_DEPTH } from '../runtime/vm/tracing/trace-recorder.ts';
import type { TraceRecord, TracingJit } from '../runtime/vm/tracing/tracing-jit.ts';
import { describeJit, JIT_MODES, runWithJit, sideTracesOf, type JitRun } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';
import type { RunResult } from './vm-python.ts';

const ROOT = join(import.meta.dirname, '..');

// ---- programs -----------------------------------------------------------------------

const TYPE_CHANGE = `
def to_float(n):
    v = 1
    acc = 0
    for i in range(n):
        acc = acc + v * 2
        if i == 60:
            v = 1.5
    return acc

def to_none(n):
    v = 3
    acc = 0
    for i in range(n):
        if v:
            acc = acc + v
        else:
            acc = acc - 1
        if i == 40:
            v = None
    return acc

def float_to_int(n):
    x = 0.5
    acc = 0.0
    for i in range(n):
        acc = acc + x * 3
        if i == 70:
            x = 7
    return acc

def list_to_tuple(n):
    xs = [1, 2, 3]
    acc = 0
    for i in range(n):
        acc = acc + xs[i % 3]
        if i == 50:
            xs = (4, 5, 6)
    return acc

print(to_float(200))
print(to_none(200))
print(float_to_int(200))
print(list_to_tuple(200))
`;

const OVERFLOW = `
def doubling(n):
    x = 3
    for i in range(n):
        x = x + x
    return x

def crossing(n):
    t = 2 ** 47 - 500
    for i in range(n):
        t += 7
    return t

def down(n):
    t = -(2 ** 47) + 300
    k = 0
    while k < n:
        t = t - 5
        k += 1
    return t

def mul(n):
    p = 1
    for i in range(1, n):
        p = p * 3
    return p

def neg(n):
    x = 1
    for i in range(n):
        x = -x * 2
    return x

print(doubling(120))
print(crossing(200))
print(down(100))
print(mul(60))
print(neg(80))
print(2 ** 47 - 1, -(2 ** 47))
`;

const INDEX_LOAD = `
def total(xs):
    t = 0
    i = 0
    while True:
        t += xs[i]
        i += 1

L = list(range(50))
print("start")
total(L)
`;

// A constant index (LIST_GET_LOCAL_CONST once fused) that runs off a list swapped for a shorter one.
const INDEX_CONST = `
def third(n):
    xs = [1.5, 2.5, 3.5, 4.5]
    t = 0.0
    for i in range(n):
        t = t + xs[2] * 2.0
        if i == 60:
            xs = [1.0, 2.0]
    return t

print(third(50))
print(third(100))
`;

const INDEX_STORE = `
def fill(xs, n):
    for i in range(n):
        xs[i] = i * 2
    return xs

print(sum(fill([0] * 10, 10)))
fill([0] * 40, 60)
`;

const INDEX_NEGATIVE = `
def back(xs):
    t = 0
    i = -1
    while True:
        t = t + xs[i]
        i = i - 1

back([5] * 30)
`;

const ZERO_FLOORDIV = `
def f(n):
    acc = 0
    for i in range(n):
        acc = acc + 1000 // (120 - i)
    return acc

print(f(100))
print(f(200))
`;

const ZERO_MOD = `
def f(n):
    acc = 0
    k = 90
    for i in range(n):
        acc = acc + i % k
        k = k - 1
    return acc

print(f(200))
`;

const ZERO_TRUEDIV = `
def f(n):
    acc = 0.0
    d = 75.0
    for i in range(n):
        acc = acc + 1.0 / d
        d = d - 1.0
    return acc

print(f(200))
`;

const INLINE_EXIT = `
SCALE = 2

def k(x):
    return x * SCALE

def h(x):
    return k(x) + 1

def g(x):
    return h(x) - 1

def f(x):
    return g(x) + 0

def e(x):
    return f(x) * 1

def d(x):
    return e(x) - 0

def run(n):
    global SCALE
    acc = 0
    for i in range(n):
        acc = acc + d(i)
        if i == 150:
            SCALE = 2.5
    return acc

print(run(300))
`;

const INLINE_TOO_DEEP = `
def m(x):
    return x + 1

def kk(x):
    return m(x) * 2

def hh(x):
    return kk(x) - 1

def gg(x):
    return hh(x) + 3

def ff(x):
    return gg(x) - 3

def ee(x):
    return ff(x) * 1

def dd(x):
    return ee(x) + 0

def run_deep(n):
    acc = 0
    for i in range(n):
        acc = acc + dd(i)
    return acc

print(run_deep(300))
`;

const INLINE_ZERO_DIV = `
def kd(x):
    return 1000 // (x - 200)

def hd(x):
    return kd(x) + 1

def gd(x):
    return hd(x) - 1

def fd(x):
    return gd(x) + 0

def run_div(n):
    acc = 0
    for i in range(n):
        acc = acc + fd(i)
    return acc

print(run_div(300))
`;

const FLIP = `
def flip(n):
    a = 0
    for i in range(n):
        if i % 4 == 0:
            a += 3
        else:
            a += 1
    return a

print(flip(4000))
`;

const NESTED = `
def nested(n, m):
    t = 0
    for i in range(n):
        for j in range(m):
            t += i * j % 7
        t -= 1
    return t

print(nested(300, 40))
`;

const REBIND = `
def inc(x):
    return x + 1

def dec(x):
    return x - 1

step = inc

def run(n):
    global step
    t = 0
    for i in range(n):
        t = t + step(i)
        if i == n // 2:
            step = dec
    return t

print(run(1000))
print(run(1000))
`;

const NAN_MOD = `
def f(n):
    x = 1e300
    t = 0.0
    for i in range(n):
        x *= 1e10
        t = x % 97.0
    return t

inf = float("inf")
print(f(10), inf % 97.0, (inf - inf) // 2.0, 5.0 % inf, -5.0 // inf)
`;

// Every 4th, 8th and 16th append grows the list: LIST_APPEND's exit is taken over and over.
const APPEND_CHURN = `
def churn(n):
    t = 0
    for i in range(n):
        xs = []
        for j in range(20):
            xs.append(j * i)
        t += len(xs)
    return t

def wrap(n):
    acc = 0
    for i in range(n):
        y = (i % 1000) * 300000000000
        acc = (acc + y // 1000000) % 1000003
    return acc

print(churn(20000))
print(wrap(20000))
`;

/** A loop whose branches go a different way every few iterations: many side traces. */
function manyBranches(n: number): string {
  const lines = ['def branches(n):', '    t = 0', '    for i in range(n):'];
  for (let k = 0; k < n; k++) lines.push(`        if i % ${k + 2} == ${k % 2}:`, `            t = t + ${k + 1}`, '        else:', `            t = t - ${k}`);
  lines.push('    return t', '', 'print(branches(3000))');
  return lines.join('\n') + '\n';
}

const RECURSION = `
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def loop_fib(n):
    t = 0
    for i in range(n):
        t += fib(i % 12)
    return t

def down(n):
    if n == 0:
        return 0
    return 1 + down(n - 1)

def deep(n):
    t = 0
    for i in range(n):
        t += down(i * 20)
    return t

print(loop_fib(300))
print(deep(100))
`;

/** n functions, each with its own hot loop, each called once. */
function manyLoops(n: number): string {
  const parts: string[] = [];
  for (let k = 0; k < n; k++) parts.push(`def f${k}(n):\n    t = ${k}\n    for i in range(n):\n        t += i * ${(k % 7) + 1}\n    return t\n`);
  parts.push('total = 0');
  for (let k = 0; k < n; k++) parts.push(`total += f${k}(30)`);
  parts.push('print(total)');
  return parts.join('\n') + '\n';
}

/** n functions whose loops make large traces (an inlined call in each of 30 statements). */
function manyLargeLoops(n: number): string {
  const parts = ['def g(x):\n    return x\n'];
  for (let k = 0; k < n; k++) {
    const body = Array.from({ length: 30 }, (_, j) => `        t = t + g(i) * ${j + 1} - ${k}`).join('\n');
    parts.push(`def f${k}(n):\n    t = 0\n    for i in range(n):\n${body}\n    return t\n`);
  }
  parts.push('total = 0');
  for (let k = 0; k < n; k++) parts.push(`total += f${k}(5)`);
  parts.push('print(total)');
  return parts.join('\n') + '\n';
}

// Function traces: hot functions called from tier-1 are traced from their entry;
// a recursive call calls the function's trace natively (CALL_TOP).
const FUNCTION_TRACES = `
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def leaves(n):
    if n == 0:
        return 0.5
    if n < 3:
        return leaves(n - 1) + 1
    return leaves(n - 1) + leaves(n - 2)

def doubling(n):
    if n == 0:
        return 3
    return doubling(n - 1) * 2

def sums(n, acc):
    t = 0
    for i in range(n):
        t += i
    if n <= 0:
        return acc + t
    return sums(n - 1, acc + t)

def step(x):
    return x + 1

def with_step(n):
    if n == 0:
        return 0
    return step(n) + with_step(n - 1)

def other_step(x):
    return x * 3

print(fib(22))
print(leaves(18))
for k in range(6):
    print(doubling(40 + 3 * k))
print(sums(40, 0))
for k in range(6):
    print(with_step(30 + k))
step = other_step
for k in range(6):
    print(with_step(30 + k))
`;

const FUNCTION_DEEP = `
def down(n):
    if n == 0:
        return 0
    return 1 + down(n - 1)

def ratio(n, d):
    if n == 0:
        return 100 // d
    return ratio(n - 1, d) + 1

print(down(900))
for k in range(50):
    down(k * 19)
for k in range(10):
    print(ratio(30, k + 1))
print(ratio(30, 0))
`;

// A loop calling a recursive function calls its function trace (CALL_TRACE); when that
// tree is invalidated (a global it inlined is rebound), the loop's trace goes with it.
const CALL_TRACE = `
def h(x):
    return x + 1

def h2(x):
    return x + 2

def f(n):
    if n < 2:
        return h(n)
    return f(n - 1) + f(n - 2)

def loop(n):
    t = 0
    for i in range(n):
        t += f(i % 12)
    return t

print(loop(400))
h = h2
print(loop(400))
print(loop(400))
`;

const FUNCTION_LIMIT = `
def down(n):
    if n == 0:
        return 0
    return 1 + down(n - 1)

for k in range(5):
    print(down(k * 200))
print(down(5000))
`;

// Float locals kept in registers across iterations (ENTER_FR*/LOAD_FR*/STORE_FR*):
// type changes, side exits and exceptions while the register holds the value,
// an inlined callee whose local has the same index, and the values after the loop;
// and a store into the last local while the stack is empty (last_local: the top's
// register mirrors that word then).
const REGISTER_LOCALS = `
def recurrence(n):
    x = 1.0
    a = 0.999
    b = 0.5
    for i in range(n):
        x = x * a + b
        if i == 90:
            b = 2
        if i % 7 == 3:
            x = x - 0.25
    return x, b

def series(n):
    s = 0.0
    k = 1.0
    for i in range(n):
        s += 1.0 / (k * k)
        k += 1.0
        if i == 150:
            k = 0.5 - 3.0
    return s, k

def half(t):
    u = t * 0.5
    return u + 1.0

def inlined(n):
    t = 3.0
    w = 0.0
    for i in range(n):
        t = half(t) + t * 0.25
        w = w + t
    return t, w

def step(zr, zi, cr, ci, limit):
    i = 0
    while i < limit and zr * zr + zi * zi <= 4.0:
        t = zr * zr - zi * zi + cr
        zi = 2.0 * zr * zi + ci
        zr = t
        i += 1
    return i, zr, zi

def last_local(n):
    x = 1.5
    y = 2.0
    i = 0
    acc = 0.0
    while i < n:
        i += 1
        t = x * y
        acc = acc + t
        x = x + 0.5
    return acc, t

def crash(n):
    x = 2.0
    d = 1.0
    for i in range(n):
        x = x / d + 1.0
        d = d - 0.25
    return x

print(recurrence(300))
print(series(300))
print(inlined(200))
def pixels():
    total = 0
    for y in range(12):
        for x in range(30):
            i, zr, zi = step(0.0, 0.0, x / 10.0 - 2.0, y / 6.0 - 1.0, 200)
            total += i
    return total, zr, zi

print(pixels())
print(last_local(100))
print(crash(20))
`;

// Branches on bools read from a list (GUARD_IS_FALSE_POP / GUARD_IS_TRUE_POP:
// the other bool leaves by the bool guard's exit and grows a side trace; None
// and an int in the list leave the same way, and tier-1 decides).
const BOOL_BRANCHES = `
def count(xs):
    c = 0
    for k in range(len(xs)):
        if xs[k]:
            c += 1
    return c

def count_while(xs):
    c = 0
    k = 0
    while k < len(xs):
        if xs[k]:
            c = c + k
        else:
            c = c - 1
        k += 1
    return c

flags = [i % 7 == 0 for i in range(400)]
print(count(flags), count_while(flags))
flags[150] = None
flags[160] = 3
flags[170] = 0
print(count(flags), count_while(flags))
`;

// Float list items checked by their loads (LIST_GET_*_FLOAT): an int, a None
// and a big int appear in the lists mid-loop; a constant index, a loop index,
// and the read-modify-write of b[k] -= x.
const FLOAT_LISTS = `
def run(n):
    b = [0.5, 1.5, 2.5, 3.5]
    xs = [0.25 * i for i in range(50)]
    acc = 0.0
    for i in range(n):
        dx = b[0] - b[1] * 0.5
        b[3] -= dx * 0.001
        acc = acc + xs[i % 50] * b[2] + b[3]
        if i == 100:
            b[1] = 3
        if i == 150:
            xs[7] = 2
        if i == 200:
            b[2] = 10 ** 20
    return acc, b

print(run(300))
`;

// container[index] op= value on a local list with a literal or local index
// compiles without hidden locals (both are read again for the store): exits
// between the read and the store (an int overflowing into a big int, an int
// meeting a float, an index running off the end) resume tier-1 mid-statement.
const AUG_SUBSCRIPT = `
def run(n):
    b = [1, 2.5, 3, 0]
    k = 0
    for i in range(n):
        b[0] += i * 1000000000000
        b[1] -= b[3] * 0.5
        b[k] *= 1
        b[3] += 1
        if i == 120:
            b[3] = 0.25
        if i == 200:
            k = 2
    return b

def overrun(xs):
    i = 0
    while True:
        xs[i] += 1
        i += 1

print(run(300))
overrun([0] * 100)
`;

const PROGRAMS: Record<string, string> = {
  type_change: TYPE_CHANGE, overflow: OVERFLOW, index_load: INDEX_LOAD, index_store: INDEX_STORE, index_negative: INDEX_NEGATIVE,
  index_const: INDEX_CONST, zero_floordiv: ZERO_FLOORDIV, zero_mod: ZERO_MOD, zero_truediv: ZERO_TRUEDIV, inline_exit: INLINE_EXIT,
  inline_too_deep: INLINE_TOO_DEEP, inline_zero_div: INLINE_ZERO_DIV, flip: FLIP, nested: NESTED, rebind: REBIND,
  nan_mod: NAN_MOD, append_churn: APPEND_CHURN, many_branches: manyBranches(12), many_loops_600: manyLoops(600), many_loops_60: manyLoops(60),
  many_large_loops: manyLargeLoops(60), recursion: RECURSION, register_locals: REGISTER_LOCALS, bool_branches: BOOL_BRANCHES, float_lists: FLOAT_LISTS,
  function_traces: FUNCTION_TRACES, function_deep: FUNCTION_DEEP, function_limit: FUNCTION_LIMIT, call_trace: CALL_TRACE,
  aug_subscript: AUG_SUBSCRIPT,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-targeted-');
const path = (name: string) => programs.path(name);
const { python, noJit, dir } = programs;

beforeAll(() => programs.prepare());

// ---- helpers ------------------------------------------------------------------------------

/** Runs a program with the JIT and checks it against python3 (full stderr) and the VM without the JIT. */
function run(name: string, mode: (typeof JIT_MODES)[number], options: Parameters<typeof runWithJit>[2] = {}): JitRun {
  return programs.run(name, { mode, ...options });
}

/**
 * As run(), for a deep traceback: python3 folds repeated frames ("[Previous line
 * repeated ...]") and tier-1 does not, so stderr is compared with the VM without
 * the JIT in full and with python3 on its last line.
 */
function runFoldedTraceback(name: string, mode: (typeof JIT_MODES)[number], lastLine: string): JitRun {
  const r = runWithJit(PROGRAMS[name], path(name), { mode, threshold: 2, sideExitThreshold: 2 });
  const py = python.get(name)!;
  const base = noJit.get(name)!;
  const why = `${name} (${mode}): ${describeJit(r.summary)}`;
  expect(r.stdout, why).toBe(py.stdout);
  expect(r.stdout, why).toBe(base.stdout);
  expect(py.stderr.trimEnd().split('\n').pop()).toBe(lastLine);
  expect(r.stderr.trimEnd().split('\n').pop(), why).toBe(lastLine);
  expect(r.stderr, why).toBe(base.stderr);
  expect(r.code, why).toBe(1);
  return r;
}

/** The function a trace belongs to and its loop's line, from the JIT's own naming. */
function where(jit: TracingJit, t: TraceRecord): { fn: string; line: number } {
  const m = /\(([\w<>]+), loop at line (\d+)/.exec(jit.traceName(t));
  if (!m) throw new Error(`cannot parse ${jit.traceName(t)}`);
  return { fn: m[1], line: Number(m[2]) };
}

function roots(jit: TracingJit, fn: string): TraceRecord[] {
  return jit.allTraces.filter((t) => t.kind === 'root' && where(jit, t).fn === fn);
}

function root(jit: TracingJit, fn: string): TraceRecord {
  const r = roots(jit, fn);
  expect(r.length, `root traces in ${fn}`).toBeGreaterThanOrEqual(1);
  return r[0];
}

/** The function trace recorded from `fn`'s entry. */
function functionTrace(jit: TracingJit, fn: string): TraceRecord {
  const found = jit.allTraces.filter((t) => t.kind === 'function' && jit.traceName(t).includes(`(${fn}, function entry`));
  expect(found.length, `function traces of ${fn}: ${jit.allTraces.map((t) => jit.traceName(t)).join('; ')}`).toBeGreaterThanOrEqual(1);
  return found[0];
}

/** Entries from tier-1 into a trace and the traces grown from it. */
function treeEntries(jit: TracingJit, root: TraceRecord): number {
  const inTree = (t: TraceRecord): boolean => t === root || (t.parent !== undefined && inTree(t.parent));
  return jit.allTraces.filter(inTree).reduce((n, t) => n + t.entries, 0);
}

/** Exits of `t` with this reason that were taken at least once. */
function takenExits(t: TraceRecord, reason: string): number[] {
  const out: number[] = [];
  t.exitCounts.forEach((n, i) => {
    if (n > 0 && t.exitReason[i] === reason) out.push(i);
  });
  return out;
}

const exitsTaken = (t: TraceRecord, reason: string) => takenExits(t, reason).reduce((n, i) => n + t.exitCounts[i], 0);

/** Line of the source where `needle` occurs (1-based). */
const lineOf = (source: string, needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1;

// ---- tests --------------------------------------------------------------------------------

for (const mode of JIT_MODES) {
  describe(`tracing JIT, targeted (${mode})`, () => {
    it('guard failure mid-trace: a loop variable changes type (int -> float, int -> None, float -> int, list -> tuple)', () => {
      const r = run('type_change', mode);
      for (const fn of ['to_float', 'to_none', 'float_to_int', 'list_to_tuple']) {
        const t = root(r.jit, fn);
        expect(t.entries, fn).toBeGreaterThan(0);
        expect(exitsTaken(t, 'type'), `${fn}: ${r.jit.traceName(t)}`).toBeGreaterThanOrEqual(1);
      }
      // Type exits taken twice grow side traces for the new types.
      const sides = r.jit.allTraces.filter((t) => t.kind === 'side' && t.parent && t.parent.exitReason[t.parentExit!] === 'type');
      expect(sides.length, describeJit(r.summary)).toBeGreaterThanOrEqual(2);
    });

    it('small-int overflow into big ints mid-loop gives exact results', () => {
      const r = run('overflow', mode);
      for (const fn of ['doubling', 'crossing', 'down', 'mul', 'neg']) {
        const t = root(r.jit, fn);
        expect(exitsTaken(t, 'overflow'), `${fn}: ${r.jit.traceName(t)}`).toBeGreaterThanOrEqual(1);
      }
    });

    it('IndexError inside a trace: exact traceback (load, store, negative index)', () => {
      for (const [name, fn, needle] of [['index_load', 'total', 't += xs[i]'], ['index_store', 'fill', 'xs[i] = i * 2'], ['index_negative', 'back', 't = t + xs[i]'], ['index_const', 'third', 't = t + xs[2] * 2.0']]) {
        const r = run(name, mode);
        expect(r.stderr).toContain(`line ${lineOf(PROGRAMS[name], needle)}, in ${fn}`);
        expect(r.stderr).toMatch(/IndexError: list (assignment )?index out of range\n$/);
        const t = root(r.jit, fn);
        // The bounds check failed in the trace; tier-1 redid the subscript and raised. (A load that
        // also checks for a float item, xs[2] * 2.0, shares that exit, a type exit.)
        const reason = name === 'index_const' ? 'type' : 'bounds';
        expect(exitsTaken(t, reason), `${name}: ${r.jit.traceName(t)}`).toBe(1);
      }
      // The constant subscript ran as one superinstruction, whose exit pushed the list and the index first.
      const fused = root(run('index_const', mode).jit, 'third');
      expect(fused.compiled.instructions.some((i) => i.uop.startsWith('LIST_GET_LOCAL_CONST_FLOAT')), fused.compiled.instructions.map((i) => i.uop).join(' ')).toBe(true);
    });

    it('ZeroDivisionError inside a trace (//, %, /)', () => {
      for (const name of ['zero_floordiv', 'zero_mod', 'zero_truediv']) {
        const r = run(name, mode);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/ZeroDivisionError: .+\n$/);
        const t = root(r.jit, 'f');
        expect(t.entries, name).toBeGreaterThan(0);
        expect(exitsTaken(t, 'other'), `${name}: ${r.jit.traceName(t)}`).toBeGreaterThanOrEqual(1);
      }
    });

    it(`deep inlining: ${MAX_INLINE_DEPTH} inlined frames with an exit in the innermost; deeper chains stitch through tier-1 cleanly`, () => {
      const r = run('inline_exit', mode, { keepOps: true });
      const t = root(r.jit, 'run');
      expect(t.recorded!.filter((op) => op.uop === 'PUSH_FRAME').length).toBe(MAX_INLINE_DEPTH);
      // SCALE turned float: the global's type guard in k (MAX_INLINE_DEPTH frames deep) failed.
      const inK = takenExits(t, 'type').filter((i) => r.jit.exitName(t, i).includes(' to k line '));
      expect(inK.length, r.jit.allTraces.map((x) => r.jit.traceName(x)).join('\n')).toBe(1);
      expect(t.exitCounts[inK[0]]).toBeGreaterThanOrEqual(1);

      // (Before trace stitching the recording aborted there and run_deep stayed in tier-1.)
      const deep = run('inline_too_deep', mode);
      expect(deep.summary.stitchReasons['inlining too deep'], describeJit(deep.summary)).toBeGreaterThanOrEqual(1);
      expect(deep.summary.aborted, describeJit(deep.summary)).toBe(0);
      const deepRoot = root(deep.jit, 'run_deep');
      expect(deepRoot.entries).toBeGreaterThan(0);
      expect(deepRoot.compiled.instructions.filter((i) => i.uop === 'PUSH_FRAME').length).toBeLessThanOrEqual(MAX_INLINE_DEPTH);
    });

    it('ZeroDivisionError raised four inlined frames deep: traceback through every frame', () => {
      const r = run('inline_zero_div', mode);
      for (const fn of ['run_div', 'fd', 'gd', 'hd', 'kd']) expect(r.stderr).toContain(`, in ${fn}\n`);
      const t = root(r.jit, 'run_div');
      const inKd = takenExits(t, 'other').filter((i) => r.jit.exitName(t, i).includes(' to kd line '));
      expect(inKd.length, describeJit(r.summary)).toBe(1);
    });

    it('float locals in registers: type changes, side exits, an exception and an inlined callee while the registers hold them', () => {
      const r = run('register_locals', mode);
      expect(r.stderr).toContain(`line ${lineOf(PROGRAMS.register_locals, 'x = x / d + 1.0')}, in crash`);
      expect(r.stderr).toMatch(/ZeroDivisionError: float division by zero\n$/);
      const uops = (fn: string) => roots(r.jit, fn).flatMap((t) => t.compiled.instructions.map((i) => i.uop));
      for (const fn of ['recurrence', 'series', 'inlined', 'step', 'crash']) expect(uops(fn), fn).toContain('ENTER_FR0');
      for (const fn of ['series', 'step']) expect(uops(fn), fn).toContain('ENTER_FR1');
      // The int b and the negative k left through guards (and side traces took over).
      expect(exitsTaken(root(r.jit, 'recurrence'), 'type'), describeJit(r.summary)).toBeGreaterThanOrEqual(1);
    });

    it('branches on bools from a list: one fused guard, the other bool and non-bools leave by its exit', () => {
      const r = run('bool_branches', mode);
      for (const fn of ['count', 'count_while']) {
        const t = root(r.jit, fn);
        const uops = t.compiled.instructions.map((i) => i.uop);
        expect(uops.some((u) => u === 'GUARD_IS_FALSE_POP' || u === 'GUARD_IS_TRUE_POP'), `${fn}: ${uops.join(' ')}`).toBe(true);
        expect(exitsTaken(t, 'type'), `${fn}: ${describeJit(r.summary)}`).toBeGreaterThanOrEqual(2);
      }
      // The True branch of count ran often enough to grow a side trace off that exit.
      expect(sideTracesOf(r.jit, root(r.jit, 'count')).length, describeJit(r.summary)).toBeGreaterThanOrEqual(1);
    });

    it('float list items checked by their loads: ints, a big int and other types mid-loop leave by the load\'s exit', () => {
      const r = run('float_lists', mode);
      const uops = r.jit.allTraces.flatMap((x) => x.compiled.instructions.map((i) => i.uop));
      expect(uops.some((u) => /^LIST_GET_.*_FLOAT/.test(u)), uops.join(' ')).toBe(true);
      // The loop's trace (not the list comprehension's) left by a load's type exit, and a side trace took over.
      const typeExits = roots(r.jit, 'run').reduce((n, t) => n + exitsTaken(t, 'type'), 0);
      expect(typeExits, describeJit(r.summary)).toBeGreaterThanOrEqual(1);
      expect(r.summary.sides, describeJit(r.summary)).toBeGreaterThanOrEqual(1);
    });

    it('augmented subscript assignments read the list from its local: big ints, floats and an IndexError mid-statement', () => {
      const r = run('aug_subscript', mode);
      expect(r.stderr).toContain(`line ${lineOf(PROGRAMS.aug_subscript, 'xs[i] += 1')}, in overrun`);
      expect(r.stderr).toMatch(/IndexError: list index out of range\n$/);
      const uops = roots(r.jit, 'run').flatMap((t) => t.compiled.instructions.map((i) => i.uop));
      expect(uops.some((u) => u.startsWith('LIST_GET_LOCAL_CONST')), uops.join(' ')).toBe(true);
      expect(uops.some((u) => u.startsWith('LIST_SET_LOCAL_CONST')), uops.join(' ')).toBe(true);
      // The overflow into big ints and the float meeting an int left through exits.
      const exits = roots(r.jit, 'run').reduce((n, t) => n + exitsTaken(t, 'overflow') + exitsTaken(t, 'type'), 0);
      expect(exits, describeJit(r.summary)).toBeGreaterThanOrEqual(1);
    });

    it('side trace creation and linking: a branch that flips every 4th iteration', () => {
      const r = run('flip', mode);
      const t = root(r.jit, 'flip');
      const branchExits = takenExits(t, 'branch').filter((i) => t.sideTraces[i] !== null);
      expect(branchExits.length, describeJit(r.summary)).toBe(1);
      const e = branchExits[0];
      const side = t.sideTraces[e]!;
      expect(side.kind).toBe('side');
      expect(side.parent).toBe(t);
      expect(side.parentExit).toBe(e);
      // The side trace goes back to the loop: its end exit is linked to the root trace.
      const back = takenExits(side, 'end');
      expect(back.length).toBe(1);
      expect(side.sideTraces[back[0]]).toBe(t);
      // 1000 flips, but once linked the parent's exit goes straight into the side trace
      // (a jump natively, the exit's link on the uop interpreter).
      expect(t.exitCounts[e], describeJit(r.summary)).toBeLessThanOrEqual(4);
      expect(r.summary.entries).toBeLessThan(20);
    });

    it('nested loops: both traced, the inner loop exit linked to the outer loop trace', () => {
      const r = run('nested', mode);
      const src = PROGRAMS.nested;
      const ts = roots(r.jit, 'nested');
      const outer = ts.find((t) => where(r.jit, t).line === lineOf(src, 'for i in range(n)'));
      const inner = ts.find((t) => where(r.jit, t).line === lineOf(src, 'for j in range(m)'));
      const names = r.jit.allTraces.map((x) => r.jit.traceName(x)).join('\n');
      expect(outer, names).toBeDefined();
      expect(inner, names).toBeDefined();
      // The inner loop ends through its iterator exit, which grew a side trace...
      const done = takenExits(inner!, 'iterator').filter((i) => inner!.sideTraces[i]);
      expect(done.length, names).toBe(1);
      const side = inner!.sideTraces[done[0]]!;
      expect(side.kind).toBe('side');
      // ...that runs `t -= 1` and lands on the outer loop's head, linked to the outer trace,
      const toOuter = takenExits(side, 'end');
      expect(toOuter.length).toBe(1);
      expect(side.sideTraces[toOuter[0]]).toBe(outer);
      // whose path enters the inner loop again, linked to the inner trace.
      const toInner = takenExits(outer!, 'end');
      expect(toInner.length).toBe(1);
      expect(outer!.sideTraces[toInner[0]]).toBe(inner);
      expect(r.summary.entries, describeJit(r.summary)).toBeLessThan(30);
    });

    for (const sideExitThreshold of [20, 2]) {
      it(`trace invalidation: a global function rebound mid-loop (sideExitThreshold ${sideExitThreshold})`, () => {
        const r = run('rebind', mode, { sideExitThreshold });
        const ts = roots(r.jit, 'run');
        expect(r.summary.invalidations, describeJit(r.summary)).toBeGreaterThanOrEqual(1);
        expect(r.summary.freedTraces).toBeGreaterThanOrEqual(1);
        // The first trace's callee identity guard kept failing; the loop was recorded again for dec.
        expect(exitsTaken(ts[0], 'identity')).toBeGreaterThanOrEqual(1);
        expect(ts[0].compiled.freed).toBe(true);
        expect(ts.length).toBeGreaterThanOrEqual(2);
        expect(ts[ts.length - 1].entries).toBeGreaterThan(0);
      });
    }

    it('exits of a uop that failed on its values (list growth, overflow) do not chain side traces', () => {
      // 20000 fresh lists, each grown four times: natively, into the allocation buffer and free
      // runs tier-1 lends each trace run (LIST_APPEND exits when they run out: ~14 MB of growth
      // through up to 1 MB at a time); 40000 multiplications that overflow.
      const r = run('append_churn', mode);
      const churn = root(r.jit, 'churn');
      expect(exitsTaken(churn, 'bounds') + r.jit.allTraces.filter((t) => t.kind === 'side').reduce((n, t) => n + exitsTaken(t, 'bounds'), 0)).toBeGreaterThan(3);
      // The small multiply overflows (past 2^47): its site is widened and the loop recorded again
      // with the multiply in int128 (int-widening.ts, cases/wide_ints.c), which never fails on
      // the values it was recorded on; a side trace from an overflow exit, if any, starts with it too.
      const wraps = roots(r.jit, 'wrap');
      expect(exitsTaken(wraps[0], 'overflow')).toBeGreaterThanOrEqual(1);
      expect(wraps.length, describeJit(r.summary)).toBeGreaterThanOrEqual(2);
      expect(wraps[wraps.length - 1].compiled.instructions.some((i) => i.uop === 'MUL_WIDE' || i.uop === 'MUL_WIDE_T')).toBe(true);
      for (const w of wraps) {
        for (const t of sideTracesOf(r.jit, w).filter((s) => w.exitReason[s.parentExit!] === 'overflow')) expect(t.compiled.instructions[0].uop).toBe('MUL_WIDE');
      }
      // Once, a side trace grew from every 2nd LIST_APPEND exit, each from the last, until code memory ran out.
      expect(r.summary.traces, describeJit(r.summary)).toBeLessThanOrEqual(10);
      for (const t of r.jit.allTraces) {
        if (t.kind === 'side') expect(['bounds', 'other', 'frame']).not.toContain(t.parent!.exitReason[t.parentExit!]);
      }
    });

    it('side traces respect maxTraces too', () => {
      const r = run('many_branches', mode, { maxTraces: 4 });
      expect(r.summary.sides, describeJit(r.summary)).toBeGreaterThanOrEqual(1);
      expect(r.summary.maxLiveTraces, describeJit(r.summary)).toBeLessThanOrEqual(4);
      const unbounded = run('many_branches', mode);
      expect(unbounded.summary.sides, describeJit(unbounded.summary)).toBeGreaterThan(4);
    });

    it('recursive calls from a traced loop, up to RecursionError', () => {
      const r = runFoldedTraceback('recursion', mode, 'RecursionError: maximum recursion depth exceeded');
      const why = describeJit(r.summary);
      expect(root(r.jit, 'loop_fib').entries, why).toBeGreaterThan(0);
      expect(roots(r.jit, 'deep').length + r.summary.aborted, why).toBeGreaterThan(0);
    });

    it('function traces: recursion runs natively through CALL_TOP (fib, type change at the leaves, big-int overflow, two arguments with a loop, a rebound callee)', () => {
      const r = run('function_traces', mode);
      const why = describeJit(r.summary);
      const fib = functionTrace(r.jit, 'fib');
      expect(fib.compiled.instructions.some((i) => i.uop === 'CALL_TOP') || sideTracesOf(r.jit, fib).some((t) => t.compiled.instructions.some((i) => i.uop === 'CALL_TOP')), why).toBe(true);
      // fib(22) makes 57,313 calls; tier-1 enters the trace a handful of times, the rest are native calls.
      expect(treeEntries(r.jit, fib), why).toBeLessThan(200);
      for (const fn of ['leaves', 'doubling', 'sums', 'with_step']) functionTrace(r.jit, fn);
      // leaves() returns floats near the leaves and doubling() overflows into big ints: both exit mid-recursion.
      expect(exitsTaken(functionTrace(r.jit, 'doubling'), 'overflow') + sideTracesOf(r.jit, functionTrace(r.jit, 'doubling')).reduce((n, t) => n + exitsTaken(t, 'overflow'), 0), why).toBeGreaterThan(0);
      // Rebinding step() fails the inlined call's identity guard until the tree is recorded again.
      expect(r.summary.invalidations, why).toBeGreaterThanOrEqual(1);
    });

    it('function traces: exits deep in a native recursion resume every frame (depth 900, ZeroDivisionError 30 frames down)', () => {
      const r = runFoldedTraceback('function_deep', mode, 'ZeroDivisionError: integer division or modulo by zero');
      expect(treeEntries(r.jit, functionTrace(r.jit, 'down')), describeJit(r.summary)).toBeGreaterThan(0);
      expect(treeEntries(r.jit, functionTrace(r.jit, 'ratio')), describeJit(r.summary)).toBeGreaterThan(0);
    });

    it('a loop calls a recursive function\'s trace natively (CALL_TRACE); invalidating that tree frees its callers too', () => {
      const r = run('call_trace', mode, { sideExitThreshold: 20 });
      const why = describeJit(r.summary);
      const callers = r.jit.allTraces.filter((t) => t.compiled.instructions.some((i) => i.uop === 'CALL_TRACE'));
      expect(callers.length, why).toBeGreaterThanOrEqual(1);
      expect(r.summary.invalidations, why).toBeGreaterThanOrEqual(1);
      // A caller of the invalidated tree was freed with it (and the loop traced again).
      expect(callers.some((t) => t.compiled.freed && t.kind === 'root'), why).toBe(true);
      expect(callers.filter((t) => t.kind === 'root').length, why).toBeGreaterThanOrEqual(2);
    });

    it('function traces: the recursion limit holds inside native recursion', () => {
      const r = runFoldedTraceback('function_limit', mode, 'RecursionError: maximum recursion depth exceeded');
      const why = describeJit(r.summary);
      const down = functionTrace(r.jit, 'down');
      expect(treeEntries(r.jit, down), why).toBeGreaterThan(0);
      // The native PUSH_FRAME stopped at the limit and left tier-1 to raise the error.
      expect(r.jit.allTraces.filter((t) => t.compiled.instructions.some((i) => i.uop === 'CALL_TOP')).reduce((n, t) => n + exitsTaken(t, 'frame'), 0), why).toBeGreaterThan(0);
    });

    it('float % and // with inf and nan agree inside and outside traces', () => {
      const r = run('nan_mod', mode);
      expect(root(r.jit, 'f').entries).toBeGreaterThan(0);
    });
  });
}

describe('tracing JIT code memory', () => {
  it('stays bounded with 600 distinct hot loops and maxTraces 8', () => {
    const maxTraces = 8;
    const many = run('many_loops_600', 'native', { maxTraces });
    const few = run('many_loops_60', 'native', { maxTraces });
    expect(many.summary.roots, describeJit(many.summary)).toBe(600);
    expect(many.summary.maxLiveTraces).toBeLessThanOrEqual(maxTraces);
    expect(many.summary.maxLiveTraces).toBeGreaterThan(0);
    expect(many.summary.freedTraces).toBeGreaterThanOrEqual(600 - maxTraces);
    // Code memory: at most maxTraces live traces plus the one compiled before an eviction.
    const perTrace = Math.max(...many.jit.allTraces.map((t) => t.compiled.block.size + t.compiled.program.size));
    expect(many.summary.peakCodeBytes - many.summary.supportCodeBytes).toBeLessThanOrEqual((maxTraces + 1) * perTrace);
    // Ten times the loops, the same peak.
    expect(many.summary.peakCodeBytes).toBeLessThanOrEqual(few.summary.peakCodeBytes + perTrace);
  });
});

describe('tracing JIT out of code memory', () => {
  for (const mode of JIT_MODES) {
    it(`evicts old traces instead of failing when code memory is full (${mode})`, () => {
      // 60 traces of ~40 KiB code and ~15 KiB uop program each, in 1 MiB of code memory.
      const r = run('many_large_loops', mode, { codeMemoryBytes: 1 << 20 });
      expect(r.summary.roots, describeJit(r.summary)).toBe(60);
      expect(r.summary.freedTraces, describeJit(r.summary)).toBeGreaterThan(0);
      expect(r.summary.peakCodeBytes).toBeLessThanOrEqual(1 << 20);
    });
  }
});

// ---- the CLI --------------------------------------------------------------------------------

async function cli(...args: string[]): Promise<RunResult> {
  const r = await execa('node', ['--import', 'tsx', join(ROOT, 'scripts', 'cli.ts'), 'run', ...args], { cwd: ROOT, reject: false, stripFinalNewline: false });
  return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode ?? -1 };
}

describe('stencil-jit run with the JIT', () => {
  it('--jit-stats reports traces, uops, removed guards and exits', async () => {
    const r = await cli(path('nested'), '--jit-stats', '--threshold', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(python.get('nested')!.stdout);
    const m = /traces compiled: (\d+) \((\d+) loop, \d+ function, (\d+) side\)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(3);
    expect(Number(m![2])).toBeGreaterThanOrEqual(2);
    expect(Number(m![3])).toBeGreaterThanOrEqual(1);
    expect(r.stderr).toMatch(/^root trace \d+ \(nested, loop at line \d+\): \d+ uops \(\d+ recorded; \d+ per iteration.*\), guards \d+ -> \d+ \(removed \d+\)/m);
    expect(r.stderr).toMatch(/^side trace \d+ \(nested, loop at line \d+, from exit of trace \d+\)/m);
    expect(r.stderr).toMatch(/^ {4}exit \d+: \d+x, iterator exit to nested line \d+ \(pc \d+\) -> trace \d+$/m);
    expect(r.stderr).toMatch(/removed [1-9]\d*\)/);
  });

  it('--jit-stats on the uop interpreter', async () => {
    const r = await cli(path('flip'), '--jit-stats', '--uop-interpreter', '--threshold', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(python.get('flip')!.stdout);
    expect(r.stderr).toMatch(/traces compiled: [1-9]/);
    expect(r.stderr).toMatch(/branch exit to flip line \d+ \(pc \d+\)/);
  });

  it('--jit-dump shows recorded and optimized uops and the disassembled machine code', async () => {
    const r = await cli(path('flip'), '--jit-dump', '--threshold', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(python.get('flip')!.stdout);
    expect(r.stderr).toMatch(/^== root trace \d+ \(flip, loop at line \d+\)$/m);
    expect(r.stderr).toMatch(/^-- recorded uops \(\d+\)$/m);
    expect(r.stderr).toMatch(/^-- optimized uops \(\d+\), loop body from \d+$/m);
    expect(r.stderr).toMatch(/^ +\d+ FOR_RANGE_NEXT \[exit: iterator -> pc \d+\]$/m);
    expect(r.stderr).toMatch(/^ +\d+ GUARD_\w+ .*\[exit: \w+ -> pc \d+\]$/m);
    expect(r.stderr).toMatch(/^-- machine code at 0x[0-9a-f]+ \(\d+ bytes\)$/m);
    // A root trace starts with its SIGINT check (interrupt-checks.ts), then the loop's guards.
    expect(r.stderr).toMatch(/^ {2}; 0: CHECK_INTERRUPT$/m);
    expect(r.stderr).toMatch(/^ {2}; 1: GUARD_RANGE_ITER$/m);
    expect(r.stderr).toMatch(/^ {2}; exit stub \d+$/m);
    const disasm = r.stderr.split('\n').filter((l) => /^ {2}[0-9a-f]{8,}: \w+/.test(l));
    expect(disasm.length).toBeGreaterThan(50);
  });

  it('--jit-dump=FUNCTION:LINE dumps one loop\'s trace tree only', async () => {
    const src = PROGRAMS.nested;
    const inner = lineOf(src, 'for j in range(m)');
    const r = await cli(path('nested'), `--jit-dump=nested:${inner}`, '--threshold', '2');
    expect(r.code).toBe(0);
    const headers = r.stderr.split('\n').filter((l) => l.startsWith('== '));
    expect(headers.length, r.stderr).toBeGreaterThanOrEqual(1);
    for (const h of headers) expect(h).toMatch(new RegExp(`\\(nested, loop at line ${inner}\\b`));
    const all = await cli(path('nested'), '--jit-dump', '--threshold', '2');
    expect(all.stderr.split('\n').filter((l) => l.startsWith('== ')).length).toBeGreaterThan(headers.length);
    const none = await cli(path('nested'), '--jit-dump=nested:9999', '--threshold', '2');
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/--jit-dump=nested:9999: no trace there \(traced: nested:\d+/);
    const bad = await cli(path('nested'), '--jit-dump=9x');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('user errors are one line with exit 2 (a directory: exit 1, as python3)', async () => {
    // The file errors are python3's messages and statuses (scripts/source-file.ts).
    const cases: [string[], RegExp, number?][] = [
      [[join(dir, 'missing.py')], /^stencil-jit: can't open file '.*missing\.py': \[Errno 2\] No such file or directory\n$/],
      [[path('flip'), '--bogus'], /^stencil-jit: unknown option '--bogus'; usage: .+\n$/],
      [[], /^stencil-jit: no program given; usage: .+\n$/],
      [[path('flip'), '--threshold', 'x'], /^stencil-jit: --threshold needs a positive integer; usage: .+\n$/],
      [[path('flip'), path('nested')], /^stencil-jit: unexpected argument '.*nested\.py'; usage: .+\n$/],
      [[dir], /^stencil-jit: can't find '__main__' module in '.*'\n$/, 1],
    ];
    for (const [args, message, status = 2] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(status);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });
});
