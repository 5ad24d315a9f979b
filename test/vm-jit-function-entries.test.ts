// Function traces for every kind of Python function tier-1 calls, not only
// plain ones: closures (COPY_FREE_VARS), functions with cells (MAKE_CELL;
// nested functions and lambdas are made natively too, MAKE_FUNCTION),
// defaults, keyword-only parameters, *args and **kwargs. Their calls are
// counted where tier-1 binds the arguments (interpreter.ts callAt), and a
// hot one is recorded from its entry. A recursive-descent parser built from
// closures with `nonlocal` state (a shape no trace covered: its loops end at
// once and were recorded and cancelled on every call) must get function traces
// for its closures and stop re-recording its short loops. Natively and on the
// uop interpreter, against python3 and the VM without the JIT.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun, uopCount } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const PROGRAMS: Record<string, string> = {
  parser: `
def tokenize(s):
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c.isdigit():
            j = i
            while j < len(s) and s[j].isdigit():
                j += 1
            out.append(int(s[i:j]))
            i = j
        elif c in "+-*/()":
            out.append(c)
            i += 1
        else:
            i += 1
    return out

def evaluate(tokens):
    pos = 0
    def expr():
        nonlocal pos
        v = term()
        while pos < len(tokens) and tokens[pos] in ("+", "-"):
            op = tokens[pos]; pos += 1
            r = term()
            v = v + r if op == "+" else v - r
        return v
    def term():
        nonlocal pos
        v = atom()
        while pos < len(tokens) and tokens[pos] in ("*", "/"):
            op = tokens[pos]; pos += 1
            r = atom()
            v = v * r if op == "*" else v // r
        return v
    def atom():
        nonlocal pos
        t = tokens[pos]; pos += 1
        if t == "(":
            v = expr(); pos += 1
            return v
        return t
    return expr()

total = 0
for k in range(400):
    src = "(%d + %d) * %d - %d / (%d + 1)" % (k, k * 3, k % 7, k * 11, k % 5)
    total += evaluate(tokenize(src))
    if k == 300:
        total += evaluate(tokenize("((((1)))) + 2 * (3 - 4)"))
print(total)
print(evaluate(tokenize("7 / (3 - 3)")))
`,
  bindings: `
def scaled(x, factor=2, *, offset=0):
    return x * factor + offset

def gather(*args, **kwargs):
    n = len(args)
    for k in kwargs:
        n += kwargs[k]
    return n

def make_counter(step):
    count = 0
    def bump(by=1):
        nonlocal count
        count += by * step
        return count
    return bump

def with_cell(n):
    acc = []
    def add(v):
        acc.append(v)
    for i in range(n):
        add(i)
    return sum(acc)

def run():
    t = 0
    bump = make_counter(3)
    for i in range(600):
        t += scaled(i)
        t += scaled(i, 3)
        t += scaled(i, offset=i)
        t += gather(i, i, a=1, b=2)
        t += gather()
        t += bump()
        t += bump(by=2)
        t += with_cell(i % 5)
        if i == 400:
            bump = make_counter(-1)
        if i == 500:
            t += scaled("ab", 2)[0] == "a"
    print(t)
    try:
        scaled(None)
    except TypeError as e:
        print("TypeError", e)
    print(sorted(range(20), key=lambda v, m=7: (v % m, -v))[:5])
run()
`,
  makes: `
def outer(n, scale=1):
    acc = []
    total = 0
    def add(v):
        nonlocal total
        total += v * scale
        acc.append(v)
    for i in range(n):
        add(i)
    f = lambda x, k=3, s="-", neg=-1.5: x * k + total + neg
    return total, len(acc), f(2), f(2, 4)

def cell_param(x):
    def g():
        return x
    x += 1
    return g()

def run():
    r = 0
    for j in range(2000):
        t, n, z, w = outer(j % 7, j % 3)
        r += t + n + z + w
        h = lambda y, m=2: y * m + j
        r += h(j) + cell_param(j)
        if j == 1500:
            scale_fns = [lambda q, i=i: q + i for i in range(3)]
            r += sum(fn(10) for fn in scale_fns)
    print(r)
    print(outer(3)[0], cell_param(41))
run()
`,
  shortLoops: `
def scan(items, start):
    i = start
    while i < len(items) and items[i] < 0:
        i += 1
    yield i

def run():
    data = [1, -1, 2, -3, -4, 5] * 3
    t = 0
    for k in range(4000):
        for v in scan(data, k % len(data)):
            t += v
    long = [-1] * 20000 + [7]
    for k in range(5):
        t += next(scan(long, 0))
    print(t)
run()
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-function-entries-');
beforeAll(() => programs.prepare());

/** The function a trace is in ("function trace 4 (atom, function entry at line 36)"). */
const functionOf = (r: JitRun, t: JitRun['jit']['allTraces'][number]) => /\(([^,]+),/.exec(r.jit.traceName(t))![1];
const functionTraces = (r: JitRun) => r.jit.allTraces.filter((t) => t.kind === 'function').map((t) => functionOf(r, t));

for (const mode of JIT_MODES) {
  describe(`function traces of closures and functions that bind arguments (${mode})`, () => {
    it('a recursive-descent parser of closures with nonlocal state gets function traces for them', () => {
      const r = programs.run('parser', { mode });
      const names = functionTraces(r);
      const why = `${describeJit(r.summary)}; function traces: ${names.join(', ')}`;
      for (const f of ['expr', 'term', 'atom']) expect(names, why).toContain(f);
      expect(r.summary.aborted, why).toBe(0);
    });
    it('defaults, keyword-only parameters, *args and **kwargs, closures with cells, rebinding and raising', () => {
      const r = programs.run('bindings', { mode });
      const names = functionTraces(r);
      const why = `${describeJit(r.summary)}; function traces: ${names.join(', ')}`;
      for (const f of ['scaled', 'gather', 'bump']) expect(names, why).toContain(f);
    });
  });
}

for (const mode of JIT_MODES) {
  describe(`nested functions made in traces (${mode})`, () => {
    it('cells (MAKE_CELL) and functions (MAKE_FUNCTION) are made natively; a lambda made anew each time is called through a guard on its code and constant defaults', () => {
      const r = programs.run('makes', { mode });
      const why = describeJit(r.summary);
      expect(uopCount(r, 'MAKE_CELL'), why).toBeGreaterThan(0);
      expect(uopCount(r, 'MAKE_FUNCTION'), why).toBeGreaterThan(0);
      expect(uopCount(r, 'GUARD_FUNCTION_CODE_DEFAULTS_AT'), why).toBeGreaterThan(0);
      // Guarding each new lambda's identity would fail on the next one and invalidate the tree.
      expect(r.summary.invalidations, why).toBe(0);
      expect(Object.keys(r.summary.stitchReasons).filter((k) => /MAKE_CELL|MAKE_FUNCTION|cells/.test(k)), why).toEqual([]);
    });
  });
}

describe('loops that end as soon as they are recorded', () => {
  it('are recorded again after twice as many back-edges each time, and a long run of the same loop still gets its trace', () => {
    const r = programs.run('shortLoops');
    const why = describeJit(r.summary);
    // 4,000 generators (their calls are not function traces) whose loop runs 0-2 times:
    // re-recorded at every second back-edge, that was ~45 cancelled recordings at threshold 2.
    expect(r.jit.cancelledShortLoops, why).toBeGreaterThan(0);
    expect(r.jit.cancelledShortLoops, why).toBeLessThan(15);
    const scan = r.jit.allTraces.filter((t) => t.kind === 'root' && functionOf(r, t) === 'scan');
    expect(scan.length, why).toBeGreaterThan(0);
  });
});
