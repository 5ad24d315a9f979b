// s[i] and `for c in s` of strs made at run time, natively: a flat str's
// code units (latin-1, one byte each) that native code reads through
// VMState.str_units (runtime/vm/heap/str-units.ts; STR_INDEX_UNITS and
// STR_ITER_UNITS in cases/). Every program is checked against python3
// (stdout, stderr without carets, exit code) and the VM without the JIT, in
// both JIT modes, and each test asserts what ran natively. The last test is
// the shape of a held-out tokenizer + recursive-descent parser: no end exit of
// a trace onto a loop head may keep leaving to tier-1 on every pass.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime/vm/interpreter/runtime.ts';
import type { TraceRecord, TracingJit } from '../runtime/vm/tracing/tracing-jit.ts';
import { ProgramSet } from './helpers/program-set.ts';
import { describeJit, JIT_MODES, type JitRun } from './helpers/vm-jit-run.ts';

const PROGRAMS: Record<string, string> = {
  // Strs built every iteration (concatenation, str(i), join, slicing, repetition), indexed
  // forwards, backwards and with negative indices; latin-1 letters among them.
  built: `
def scan(s):
    n = len(s)
    acc = 0
    i = 0
    while i < n:
        acc = acc * 31 + ord(s[i]) + 7 * ord(s[-1 - i])
        acc %= 1000003
        i += 1
    return acc, s[0], s[-1], s[n // 2], s[-n]

parts = ["alpha", "beta", "gamma\\u00e9", "d\\u00ff\\u00e0lta", ""]
total = 0
last = None
for k in range(400):
    a = parts[k % 5] + " + " + str(k * 37)
    b = "-".join([parts[(k + 1) % 5], str(k), parts[(k + 2) % 5]])
    c = (a + b)[3:3 + k % 23 + 10]
    d = str(k) * 3 + "\\u00a0\\u00b5"
    for s in (a, b, c, d):
        r = scan(s)
        total = (total * 7 + r[0]) % 1000000007
        last = r
print(total, last)
`,
  iterate: `
def counts(s):
    vowels = 0
    digits = 0
    other = []
    for c in s:
        if c in 'aeiou\\u00e9':
            vowels += 1
        elif c.isdigit():
            digits += 1
        else:
            other.append(c)
    return vowels, digits, ''.join(other)

total = 0
for k in range(300):
    s = "abcdefghij"[k % 10:] + str(k * k) + "\\u00e9t\\u00e9 " + "xyz" * (k % 4)
    v, d, o = counts(s)
    total += v * 100 + d * 10 + len(o)
print(total, counts(s))
print(counts(''.join(str(i) for i in range(50))))
`,
  // Out of range at the 301st call: tier-1 raises IndexError at the subscript's line.
  out_of_range: `
def pick(s, i):
    return s[i]

out = []
for k in range(300):
    s = "0123456789" + str(k)
    out.append(pick(s, k % 12))
print(''.join(out)[:40])
s = "abcdefghijklmno" + str(7)
print(pick(s, -16))
print(pick(s, -17))
`,
  out_of_range_high: `
def walk(s):
    t = 0
    for i in range(len(s) + 1):
        t += ord(s[i])
    return t

s = "x" * 12 + str(12345)
print(walk(s))
`,
  // Strs with code points above U+00FF (and astral ones) in the same loops as latin-1 ones:
  // the wide ones are read by tier-1, the others natively.
  wide: `
def scan(s):
    out = []
    for i in range(len(s)):
        out.append(s[i])
        out.append(s[-1 - i])
    n = 0
    for c in s:
        n += ord(c)
    return ''.join(out), n

words = ["plain ascii words", "caf\\u00e9 cr\\u00e8me", "\\u0100\\u0101 wide", "astral \\U0001F600 here", "mixed \\u00ff\\u0100"]
acc = 0
last = None
for k in range(300):
    s = words[k % 5] + str(k)
    r, n = scan(s)
    acc += n + len(r)
    last = r
print(acc, last, ascii(last))
`,
  // Many strs with units die and their handles are reused by strs with other text: a
  // stale buffer would index the wrong characters.
  churn: `
def check(s, expect):
    n = 0
    for i in range(len(s)):
        if s[i] == expect[i % len(expect)]:
            n += 1
    return n

total = 0
for k in range(3000):
    unit = "abcdefghijklmnopqrstuvwxyz"[k % 26:] + str(k % 97)
    s = unit * 3
    total += check(s, unit) - len(s)
    keep = [str(j) * 5 for j in range(k % 5)]
print(total)
`,
  // s[i:j] of built strs: bounds ints or None, negative, past either end, empty, longer than
  // an inline str (9), latin-1 code points (one alone is a shared str; more exit).
  slices: `
def cuts(s):
    n = len(s)
    out = []
    for i in range(-n - 2, n + 3, 3):
        out.append(s[i:i + 4])
        out.append(s[i:])
        out.append(s[:i])
        out.append(s[i:i + 1])
        out.append(s[i:i - 2])
        out.append(s[i:i + 12])
    return out

acc = 0
for k in range(200):
    s = "token_" + str(k * 7919) + (" caf\u00e9 " if k % 3 == 0 else " x ") + "\u00ff" * (k % 3)
    parts = cuts(s)
    acc = (acc * 31 + sum(len(p) * (j + 1) for j, p in enumerate(parts))) % 1000000007
print(acc, parts[:12])
`,
  // int() of short strs natively (decimal literals as int() reads them); the rest in tier-1.
  int_of_str: `
def conv(words):
    total = 0
    bad = 0
    for w in words:
        try:
            total += int(w)
        except ValueError:
            bad += 1
    return total, bad

words = ["0", "7", "-12", "+34", " 56 ", "\\t78\\n", "1_000", "00042", "999999999", "-0",
         "", " ", "+", "-", "1__0", "_1", "1_", "12a", "0x1f", "- 5", "4 2", "\\x1c9\\x1f", "\\u00b2"]
acc = (0, 0)
for k in range(300):
    w = words[k % len(words)] + ("" if k % 2 else "")
    acc = conv([w, str(k), str(-k)])
    if k % 50 == 0:
        print(k, acc)
print(conv(words), conv([str(10 ** 9 + 7), "1234567890", " -123456789 "]))
# Every str of up to 3 of these characters: int() accepts or rejects each as python3 does.
alphabet = " \\t\\x0b\\x1c+-_09a"
every = [""]
for size in range(3):
    every = every + [w + c for w in every if len(w) == size for c in alphabet]
h = 0
for w in every:
    try:
        h = (h * 1000003 + int(w) + 17) % 2305843009213693951
    except ValueError:
        h = (h * 1000003 + 5) % 2305843009213693951
print(len(every), h)
`,
  // Strs a trace builds (ropes over constants, inline pieces and other ropes) indexed,
  // sliced and iterated in the same trace, without flattening them; a deep rope (a chain
  // of appends) is flattened first.
  ropes: `
PARTS = ["first part of it", "second, with caf\\u00e9 and more", "third: (x + y) * 2"]

def mix(n):
    acc = 0
    for k in range(n):
        s = PARTS[k % 3] + " <" + str(k) + "> " + PARTS[(k + 1) % 3]
        t = s + s[3:7] + s
        for i in range(0, len(t), 3):
            acc = (acc * 31 + ord(t[i]) + ord(t[-1 - i])) % 1000000007
        for c in s:
            if c == 'a':
                acc += 1
        acc += len(t[len(s) - 2:len(s) + 5])
    return acc, t[-9:], s[5:9]

def deep(n):
    s = ""
    for i in range(n):
        s += "abcdefghij"[i % 10]
    acc = 0
    for i in range(len(s)):
        acc += ord(s[i]) * (i + 1)
    return acc, s[-3:]

print(mix(600))
print(deep(300), deep(40))
`,
  tokenizer: `
def tokenize(src):
    toks = []
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c == ' ':
            i += 1
        elif c.isdigit():
            j = i
            while j < n and src[j].isdigit():
                j += 1
            toks.append(('num', int(src[i:j])))
            i = j
        elif c.isalpha() or c == '_':
            j = i
            while j < n and (src[j].isalnum() or src[j] == '_'):
                j += 1
            toks.append(('name', src[i:j]))
            i = j
        else:
            toks.append(('op', c))
            i += 1
    return toks

class Parser:
    def __init__(self, toks, env):
        self.toks = toks
        self.pos = 0
        self.env = env
    def peek(self):
        if self.pos < len(self.toks):
            return self.toks[self.pos]
        return ('eof', None)
    def take(self):
        t = self.peek()
        self.pos += 1
        return t
    def expr(self):
        v = self.term()
        while True:
            k, op = self.peek()
            if k == 'op' and op in '+-':
                self.take()
                r = self.term()
                v = v + r if op == '+' else v - r
            else:
                return v
    def term(self):
        v = self.atom()
        while True:
            k, op = self.peek()
            if k == 'op' and op in '*%':
                self.take()
                r = self.atom()
                v = v * r if op == '*' else v % r
            else:
                return v
    def atom(self):
        k, v = self.take()
        if k == 'num':
            return v
        if k == 'name':
            return self.env.get(v, 0)
        if v == '(':
            r = self.expr()
            self.take()
            return r
        raise SyntaxError("bad token %r" % (v,))

def main(count, wide):
    env = {'x': 3, 'y': 7, 'zeta_1': 11, '\\u0101': 5}
    exprs = ["1 + 2 * (x + y) % 13", "zeta_1 * (x - y) + 100 * (2 + x)", "((((x)))) * y % 5 + 42"]
    if wide:
        exprs = [e + " + \\u0101" for e in exprs]
    total = 0
    for i in range(count):
        e = exprs[i % 3] + " + " + str(i)
        toks = tokenize(e)
        total += Parser(toks, env).expr()
    print(total)

main(1500, False)
main(1500, True)
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-str-units-');

beforeAll(() => programs.prepare(), 120_000);

function tracesOf(jit: TracingJit, fn: string): TraceRecord[] {
  return jit.allTraces.filter((t) => jit.traceName(t).includes(`(${fn}, `));
}

const uses = (t: TraceRecord, uop: string) => t.compiled.instructions.some((i) => i.uop === uop);
const entered = (jit: TracingJit, fn: string) => tracesOf(jit, fn).reduce((n, t) => n + t.entries, 0);

function expectNative(r: JitRun, fn: string, uop: string): void {
  const why = `${fn}: ${r.jit.allTraces.map((t) => `${r.jit.traceName(t)}: ${t.compiled.instructions.map((i) => i.uop).join(' ')}`).join('\n')}`;
  expect(tracesOf(r.jit, fn).some((t) => uses(t, uop)), why).toBe(true);
  expect(entered(r.jit, fn), why).toBeGreaterThan(0);
}

/** Exits of traces of fn by the exit's uop (its instruction in the compiled trace). */
function exitsAtUop(jit: TracingJit, fn: string, uop: string): number {
  let n = 0;
  for (const t of tracesOf(jit, fn)) {
    t.exitCounts.forEach((c, i) => {
      if (t.compiled.instructions[t.compiled.exits[i].instruction].uop === uop) n += c;
    });
  }
  return n;
}

const noStrStitch = (r: JitRun) => expect(r.summary.stitchReasons['subscript of a str without a table'] ?? 0, describeJit(r.summary)).toBe(0);

for (const mode of JIT_MODES) {
  describe(`native indexing and iteration of strs made at run time (${mode})`, () => {
    it('s[i], s[-k] of strs built by +, str(i), join, slicing and *, latin-1 letters included', () => {
      const r = programs.run('built', { mode });
      expectNative(r, 'scan', 'STR_INDEX_UNITS');
      noStrStitch(r);
      // A new str every call: at most one exit per str (tier-1 makes its units), far fewer than its 25+ indexings.
      expect(exitsAtUop(r.jit, 'scan', 'STR_INDEX_UNITS'), describeJit(r.summary)).toBeLessThan(1700);
      expect(r.summary.aborted).toBe(0);
    });

    it('for c in s over strs built at run time', () => {
      const r = programs.run('iterate', { mode });
      expectNative(r, 'counts', 'STR_ITER_UNITS');
    });

    it('an index out of range raises IndexError at the right line (negative and past the end)', () => {
      for (const name of ['out_of_range', 'out_of_range_high']) {
        const r = programs.run(name, { mode });
        expect(r.code, name).toBe(1);
        expect(r.stderr, name).toMatch(/IndexError: string index out of range\n$/);
      }
      expectNative(programs.run('out_of_range_high', { mode }), 'walk', 'STR_INDEX_UNITS');
    });

    it('strs with code points above U+00FF (and astral ones) stay correct beside latin-1 ones', () => {
      const r = programs.run('wide', { mode });
      expectNative(r, 'scan', 'STR_INDEX_UNITS');
      expectNative(r, 'scan', 'STR_ITER_UNITS');
    });

    it('units die with their strs: reused handles never see another str\'s units', () => {
      let collections = 0;
      const r = programs.run('churn', { mode }, {
        arenaBytes: 16 * 1024 * 1024,
        frameStackBytes: 256 * 1024,
        minGcBytes: 256 * 1024,
        inspect: (rt: Runtime) => {
          collections = rt.heap.collections;
        },
      });
      expectNative(r, 'check', 'STR_INDEX_UNITS');
      expect(collections, describeJit(r.summary)).toBeGreaterThan(5);
    });

    it('s[i:j] of built strs natively: short ASCII slices inline, one latin-1 code point shared, the rest in tier-1', () => {
      const r = programs.run('slices', { mode });
      expectNative(r, 'cuts', 'STR_SLICE_UNITS');
      expect(r.summary.stitchReasons.slice ?? 0, describeJit(r.summary)).toBe(0);
    });

    it('int() of short strs natively, as python3 reads them (whitespace, signs, underscores, invalid ones raise)', () => {
      const r = programs.run('int_of_str', { mode });
      expectNative(r, 'conv', 'INT_OF_STR');
    });

    it('ropes a trace builds are indexed and sliced through their halves; a deep rope is flattened once', () => {
      const r = programs.run('ropes', { mode });
      for (const uop of ['STR_INDEX_UNITS', 'STR_SLICE_UNITS']) expectNative(r, 'mix', uop);
      const why = describeJit(r.summary);
      // 600 new ropes, each read ~40 times: the reads exit for a handful at most (before the leaves had units).
      // (Iterating one is left to tier-1, which flattens it: STR_ITER_UNITS reads flat strs.)
      for (const uop of ['STR_INDEX_UNITS', 'STR_SLICE_UNITS']) expect(exitsAtUop(r.jit, 'mix', uop), `${uop} ${why}`).toBeLessThan(20);
      expectNative(r, 'deep', 'STR_INDEX_UNITS');
    });

    it('tokenizer + parser: the subscript runs natively, and no end exit onto a loop head keeps going to tier-1', () => {
      const r = programs.run('tokenizer', { mode });
      expectNative(r, 'tokenize', 'STR_INDEX_UNITS');
      // The first half: every expression is latin-1 (the second half's has U+0101: those stitch).
      const why = r.jit.allTraces.map((t) => `${r.jit.traceName(t)}\n${Array.from(t.exitCounts, (c, i) => `  ${c}x ${r.jit.exitName(t, i)}${t.sideTraces[i] ? ' (linked)' : ''}`).join('\n')}`).join('\n');
      // 3000 parses: an end exit left unlinked (a loop head whose tree was declined) fired
      // on most of them before (thousands of trips to tier-1); now a side trace goes on
      // through such a head after a few.
      for (const t of r.jit.allTraces) {
        t.exitCounts.forEach((c, i) => {
          if (t.exitReason[i] === 'end') expect(c, `${r.jit.traceName(t)} ${r.jit.exitName(t, i)}\n${why}`).toBeLessThan(150);
        });
      }
    });
  });
}
