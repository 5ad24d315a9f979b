// Strings inside traces: `+` / `+=` on strs build ropes natively (STR_CONCAT,
// flattened by tier-1 when read) and `s[i]` on a constant latin-1 str is a
// table lookup (STR_INDEX_CONST). Every program is checked against python3
// (stdout, stderr without carets, exit code) and the VM without the JIT, and
// each test asserts that the string uops really ran in the traces.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunOptions } from '../runtime/vm/interpreter/run-program.ts';
import type { Runtime } from '../runtime/vm/interpreter/runtime.ts';
import type { TraceRecord, TracingJit } from '../runtime/vm/tracing/tracing-jit.ts';
import { ProgramSet } from './helpers/program-set.ts';
import { describeJit, JIT_MODES, type JitRun } from './helpers/vm-jit-run.ts';

const PROGRAMS: Record<string, string> = {
  building: `
def ones(n):
    s = ""
    for i in range(n):
        s += "ab"[i % 2]
    return s

def multi(n):
    s = ""
    sep = "-"
    for i in range(n):
        s += "xyz"
        s = s + sep + "<>"
        s += ""
        s = "" + s
    return s

def prepend(n):
    s = "end"
    for i in range(n):
        s = "0123456789"[i % 10] + s
    return s

a = ones(300)
print(len(a), a[:9], a[-9:], a == "ab" * 150)
b = multi(200)
print(len(b), b[:20], b[-20:], b.count("xyz-<>"))
c = prepend(250)
print(len(c), c[:12], c[-12:], c[100:110])
print(a + b[:4] + c[-4:])
`,
  rope_of_ropes: `
def ropes(n):
    a = ""
    b = ""
    out = []
    for i in range(n):
        a += "x"
        b += "yz"
        c = a + b
        d = c + c
        e = d + a + c
        if i % 40 == 39:
            out.append(e)
    return out

for e in ropes(200):
    print(len(e), e[:6], e[-6:], e.count("xy"))
`,
  long_chain: `
def chain(n):
    s = ""
    for i in range(n):
        s += "abcdefghij"[i % 10]
    return s

def words(n):
    s = ""
    for i in range(n):
        s += "ab"
        s += "cde"
    return s

s = chain(200000)
print(len(s))
print(s[:25], s[-25:], s[100000:100012], s[::20000])
t = chain(200000)
print(s == t, s < t + "a", s != t[1:])
print("jab" in s, "zz" in s, s.find("jabc"), s.find("zz"))
w = words(100000)
print(len(w), w[-10:], w.count("bc"))
m = chain(1000000)
print(len(m), m[-3:], m[500000:500005])
`,
  gc_ropes: `
def churn(n):
    keep = []
    s = ""
    for i in range(n):
        s += "pq"[i % 2]
        r = s + "!"
        junk = [i, i + 1, i + 2, [i]]
        if i % 5000 == 4999:
            keep.append(r)
    total = 0
    for k in keep:
        total += len(k)
    return keep, total

keep, total = churn(60000)
print(total, keep[0][-5:], keep[-1][-5:], keep[3][:7], len(keep))
print(keep[5] == keep[5][:-1] + "!", keep[7].count("pq"))
`,
  index_negative: `
def back(n):
    t = ""
    for i in range(n):
        t += "abcdef"[-1 - i % 6]
    return t

print(back(100))
`,
  index_high: `
def high(n):
    t = ""
    for i in range(n):
        t += "abcdef"[i // 10]
    return t

print(high(100))
`,
  index_low: `
def low(n):
    t = ""
    for i in range(n):
        t += "abcdef"[4 - i // 10]
    return t

print(low(200))
`,
  index_wide: `
def wide(n):
    t = ""
    for i in range(n):
        t += "a\u00e9\u20acb"[i % 4]
        t += "x\U0001F600y"[i % 3]
    return t

s = wide(120)
print(len(s), s[:12], s[-6:])
`,
  index_identity: `
def switch(n):
    out = ""
    s = "abc"
    for i in range(n):
        if i == 60:
            s = "xyz"
        out += s[i % 3]
    return out

def alternate(n):
    out = ""
    for i in range(n):
        s = "klm" if i % 2 == 0 else "nop"
        out += s[i % 3]
    return out

def built(n):
    out = ""
    s = "abc"
    for i in range(n):
        if i == 50:
            s = s + "d"
        out += s[i % 3]
    return out

print(switch(150))
print(alternate(150))
print(built(150))
`,
  // str.is*() of every ASCII char and of short and long strs: inline ones natively (STR_IS).
  predicates: `
def table(words):
    rows = []
    for w in words:
        rows.append((w.isdigit(), w.isdecimal(), w.isnumeric(), w.isalpha(), w.isalnum(), w.isspace(),
                     w.isupper(), w.islower(), w.isascii(), w.isprintable()))
    return rows

chars = [chr(i) for i in range(128)]
words = ['', 'abc', 'ABC', 'aBc', 'a1', '123', '12a', ' \\t\\n', 'A B', 'x_y', '9', 'HELLO1', 'hello!', 'Z'*9]
rows = table(chars + words + ['a much longer str 42', 'h\u00e9llo', '\u0663', 'MIXED long STR'])
print(sum(1 for r in rows for b in r if b), [i for i, r in enumerate(rows) if r[5]])
print(rows[-18:])
`,
  // Ordering of strs: short ASCII ones natively (STR_COMPARE), long and non-ASCII
  // ones (no inline chars) exit to tier-1, a prefix orders first, equal strs too.
  order: `
def classify(text):
    kinds = []
    for c in text:
        if c >= 'a' and c <= 'z':
            kinds.append('l')
        elif 'A' <= c <= 'Z':
            kinds.append('u')
        elif c < '0' or c > '9':
            kinds.append('o')
        else:
            kinds.append('d')
    return ''.join(kinds)

def rank(words, pivot):
    below = 0
    same = 0
    for w in words:
        if w < pivot:
            below += 1
        if w <= pivot and w >= pivot:
            same += 1
    return below, same

words = ['ab', 'abc', 'a', '', 'b', 'abcdefghi', 'abcdefgh', 'zz', 'Zz', 'ab'] * 20
print(classify('Hello, World 42! xyz_ABC ' * 8))
print(rank(words, 'ab'), rank(words, 'abcdefgh'), rank(words, ''))
print(rank(words + ['a much longer str than nine', 'h\u00e9llo', 'ab'] * 5, 'ab'))
print(rank(['q' * 20, 'q' * 19, 'r'] * 40, 'q' * 20))
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-strings-');

beforeAll(() => programs.prepare(), 120_000);

/** Runs a program with the JIT and checks it against python3 and the VM without the JIT. */
function run(name: string, mode: (typeof JIT_MODES)[number], extra: Partial<RunOptions> = {}): JitRun {
  return programs.run(name, { mode }, extra);
}

/** Traces of function `fn` (any kind), from the JIT's own naming. */
function tracesOf(jit: TracingJit, fn: string): TraceRecord[] {
  return jit.allTraces.filter((t) => jit.traceName(t).includes(`(${fn}, `));
}

const uses = (t: TraceRecord, uop: string) => t.compiled.instructions.some((i) => i.uop === uop);
const entered = (jit: TracingJit, fn: string) => tracesOf(jit, fn).reduce((n, t) => n + t.entries, 0);
const exitsOf = (jit: TracingJit, fn: string, reason: string) =>
  tracesOf(jit, fn).reduce((n, t) => n + t.exitCounts.reduce((m, c, i) => m + (t.exitReason[i] === reason ? c : 0), 0), 0);

function expectNative(r: JitRun, fn: string, uop: string): void {
  const why = `${fn}: ${r.jit.allTraces.map((t) => `${r.jit.traceName(t)}: ${t.compiled.instructions.map((i) => i.uop).join(' ')}`).join('\n')}`;
  expect(tracesOf(r.jit, fn).some((t) => uses(t, uop)), why).toBe(true);
  expect(entered(r.jit, fn), why).toBeGreaterThan(0);
}

const lineOf = (source: string, needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1;

for (const mode of JIT_MODES) {
  describe(`strings in traces (${mode})`, () => {
    it('string building with += of one- and multi-character strs, prepending, empty operands', () => {
      const r = run('building', mode);
      for (const fn of ['ones', 'multi', 'prepend']) expectNative(r, fn, 'STR_CONCAT');
      expectNative(r, 'ones', 'STR_INDEX_CONST');
      // The loops ran natively: few entries for hundreds of iterations.
      expect(entered(r.jit, 'ones'), describeJit(r.summary)).toBeLessThan(10);
    });

    it('ropes of ropes (a = b + c with both ropes, shared halves)', () => {
      const r = run('rope_of_ropes', mode);
      expectNative(r, 'ropes', 'STR_CONCAT');
    });

    it('very long chains (200k and 1M appends) flatten without overflowing the JS stack', () => {
      const r = run('long_chain', mode);
      expectNative(r, 'chain', 'STR_CONCAT');
      expectNative(r, 'words', 'STR_CONCAT');
      // 1.4M appends with a handful of exits each time the lent allocation buffer runs out.
      expect(exitsOf(r.jit, 'chain', 'alloc'), describeJit(r.summary)).toBeGreaterThan(0);
      expect(entered(r.jit, 'chain'), describeJit(r.summary)).toBeLessThan(10_000);
    });

    it('ropes survive collections while they are live and unflattened', () => {
      let collections = 0;
      const r = run('gc_ropes', mode, {
        arenaBytes: 16 * 1024 * 1024,
        frameStackBytes: 256 * 1024,
        minGcBytes: 256 * 1024,
        inspect: (rt: Runtime) => { collections = rt.heap.collections; },
      });
      expectNative(r, 'churn', 'STR_CONCAT');
      expect(collections, describeJit(r.summary)).toBeGreaterThan(10);
    });

    it('indexing a constant str: negative indices natively, out of range raises IndexError at the right line', () => {
      const neg = run('index_negative', mode);
      expectNative(neg, 'back', 'STR_INDEX_CONST');
      expect(exitsOf(neg.jit, 'back', 'bounds')).toBe(0);
      for (const [name, fn, needle] of [['index_high', 'high', 't += "abcdef"[i // 10]'], ['index_low', 'low', 't += "abcdef"[4 - i // 10]']]) {
        const r = run(name, mode);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`line ${lineOf(PROGRAMS[name], needle)}, in ${fn}`);
        expect(r.stderr).toMatch(/IndexError: string index out of range\n$/);
        expectNative(r, fn, 'STR_INDEX_CONST');
        // The bounds check failed in the trace; tier-1 redid the subscript and raised.
        expect(exitsOf(r.jit, fn, 'bounds'), `${name}: ${describeJit(r.summary)}`).toBe(1);
      }
    });

    it('a constant str with code points above U+00FF is not indexed natively (and stays correct)', () => {
      const r = run('index_wide', mode);
      // The wide constant is never indexed natively. (The second literal is latin-1: in this
      // JS template "\U0001F600" is "U0001F600". The continuation recorded after the stitched
      // wide subscript indexes that one natively, once.)
      for (const t of tracesOf(r.jit, 'wide')) {
        const n = t.compiled.instructions.filter((i) => i.uop === 'STR_INDEX_CONST').length;
        expect(n === 0 || (n === 1 && t.stitched), r.jit.traceName(t)).toBe(true);
      }
      // The recorder met the subscript and left it to tier-1 (a stitch: tier-1 runs that one
      // bytecode; before trace stitching the recording aborted there).
      expect(r.summary.stitchReasons['subscript of a str without a table'], describeJit(r.summary)).toBeGreaterThan(0);
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    });

    it('str predicates (isdigit, isalpha, isspace, isupper, ...) of inline strs natively, as python3 on every ASCII char', () => {
      const r = run('predicates', mode);
      expectNative(r, 'table', 'STR_IS');
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    });

    it('orders short ASCII strs natively; long and non-ASCII ones by tier-1\'s comparison called in place', () => {
      const r = run('order', mode);
      for (const fn of ['classify', 'rank']) expectNative(r, fn, 'STR_COMPARE');
      // (They were a stitch before traces could call tier-1's operations: tracing/host-calls.ts.)
      expect(Object.keys(r.summary.stitchReasons).filter((k) => k.startsWith('compare')), describeJit(r.summary)).toEqual([]);
      expect(r.jit.allTraces.some((t) => t.compiled.instructions.some((i) => i.uop === 'CALL_BUILTIN_1')), describeJit(r.summary)).toBe(true);
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    });

    it('the indexed str changes identity mid-loop (another constant, alternating constants, a built str)', () => {
      const r = run('index_identity', mode);
      for (const fn of ['switch', 'alternate', 'built']) expectNative(r, fn, 'STR_INDEX_CONST');
      const why = describeJit(r.summary);
      // switch: the identity check failed as a type exit, and a side trace specialised on "xyz".
      expect(exitsOf(r.jit, 'switch', 'type'), why).toBeGreaterThan(0);
      expect(tracesOf(r.jit, 'switch').filter((t) => t.kind === 'side' && uses(t, 'STR_INDEX_CONST')).length, why).toBe(1);
      // alternate: each branch's trace indexes its own constant.
      expect(tracesOf(r.jit, 'alternate').filter((t) => uses(t, 'STR_INDEX_CONST')).length, why).toBe(2);
      // built: "abcd" is no constant; after the change the identity check fails, and the side
      // trace grown there indexes it by its inline chars (short ASCII: STR_INDEX_INLINE, tier-1's
      // shared one-character strs) instead of stitching the subscript through tier-1. (A str
      // without a table and without inline chars still stitches: the test above.)
      expect(exitsOf(r.jit, 'built', 'type'), why).toBeGreaterThan(0);
      expect(tracesOf(r.jit, 'built').filter((t) => t.kind === 'side' && uses(t, 'STR_INDEX_INLINE')).length, why).toBeGreaterThanOrEqual(1);
      expect(exitsOf(r.jit, 'built', 'stitch'), why).toBeLessThan(10);
      expect(r.summary.aborted, why).toBe(0);
    });
  });
}
