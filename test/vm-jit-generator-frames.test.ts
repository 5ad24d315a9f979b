// Generator functions resumed natively in traces (issue 15;
// record-generators.ts, cases/uops_generators.c): `for x in gen` pushes the
// generator's frame (PUSH_GEN_FRAME), records through its body and yields back
// into the consumer (POP_GEN_FRAME), also out of a trace started inside the
// generator (GUARD_GEN_FOR_CALLER). Checked against python3 and the VM without
// the JIT at threshold 2, natively and on the uop interpreter: calls of
// generator functions (MAKE_GENERATOR: defaults, instances as arguments), generators
// with while and for loops yielding ints and tuples, several yields, another
// generator at the same loop, partial consumption then next()/list(), nested
// and recursive generators (nqueens' permutations), exceptions raised inside
// the generator (caught by the consumer and uncaught), try/finally, break,
// close() of suspended generators, a generator resuming itself; builtins
// consuming a generator function's call (consumed-generator-calls.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgramSet } from './helpers/program-set.ts';
import { describeJit, JIT_MODES } from './helpers/vm-jit-run.ts';

const PROGRAMS: Record<string, string> = {
  basic: `
def count(n):
    i = 0
    while i < n:
        yield i * 2
        i += 1

def pairs(n):
    for i in range(n):
        yield (i, i + 1)

def evens(xs):
    for x in xs:
        if x % 2 == 0:
            yield x

def two_yields(n):
    for i in range(n):
        yield i
        yield -i

def make_gen(k):
    if k % 3 == 0:
        return count(k)
    return two_yields(k)

class P:
    def __init__(self, x):
        self.x = x

def scaled(p, n=3, step=1):
    for i in range(0, n, step):
        yield p.x * i

def keep(p):
    yield p
    yield P(p.x + 1)

def main():
    t = 0
    held = []
    for k in range(100):
        for v in scaled(P(k)):
            t += v
        for v in scaled(P(k), k % 4 + 1):
            t -= v
        for q in keep(P(k)):
            held.append(q)
    print(t, len(held), held[7].x, held[-1].x)
    xs = list(range(40))
    for k in range(120):
        for x in count(20):
            t += x
        for a, b in pairs(15):
            t += a * b - k
        for e in evens(xs):
            t ^= e + k
        for v in make_gen(k % 7 + 2):
            t += v
        s = 0
        for v in two_yields(k % 9):
            s = s * 3 + v
        t += s
    print(t)
    print(sum(count(100)), list(count(5)), max(pairs(4)), sorted(evens([5, 4, 3, 2, 8])))
    g = count(10)
    print(next(g), next(g))
    for x in g:
        t += x
        if x > 12:
            break
    print(t, list(g), list(g))

main()
`,
  nested: `
def permutations(iterable, r=None):
    pool = tuple(iterable)
    n = len(pool)
    if r is None:
        r = n
    indices = list(range(n))
    cycles = list(range(n - r + 1, n + 1))[::-1]
    yield tuple(pool[i] for i in indices[:r])
    while n:
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[i] for i in indices[:r])
                break
        else:
            return

def n_queens(queen_count):
    cols = range(queen_count)
    for vec in permutations(cols):
        if (queen_count == len(set(vec[i] + i for i in cols))
                        == len(set(vec[i] - i for i in cols))):
            yield vec

def walk(tree, depth):
    if isinstance(tree, list):
        for child in tree:
            for leaf in walk(child, depth + 1):
                yield leaf
    else:
        yield tree * depth

def chain(a, b):
    for x in a:
        yield x
    for y in b:
        yield y

def main():
    total = 0
    for _ in range(3):
        res = list(n_queens(6))
        total += len(res)
    print(total, res[0], res[-1])
    tree = [1, [2, 3, [4, [5, 6]], 7], [[8], 9], 10]
    t = 0
    for k in range(60):
        for leaf in walk(tree, k % 3):
            t += leaf
        for z in chain(range(k % 5), chain([k, k + 1], (k, 2 * k))):
            t = t * 7 % 1000003 + z
    print(t)

main()
`,
  raising: `
class Boom(Exception):
    pass

def frac(n, k):
    i = 0
    while i < n:
        yield 100 // (i - k)
        i += 1

def guarded(n):
    try:
        for i in range(n):
            if i == 7:
                raise Boom("seven")
            yield i
    finally:
        print("guarded finally", n)

def cleanup(n, log):
    try:
        i = 0
        while True:
            yield i
            i += 1
            if i >= n:
                return
    finally:
        log.append(n)

def main():
    out = []
    for k in range(40):
        try:
            s = 0
            for v in frac(12, k % 15):
                s += v
            out.append(s)
        except ZeroDivisionError as e:
            out.append(str(e))
    print(out[:20], len(out))
    for n in (3, 9, 5, 12):
        try:
            print(sum(x for x in guarded(n)))
        except Boom as b:
            print("caught", b)
    log = []
    t = 0
    kept = []
    for k in range(50):
        g = cleanup(k % 6 + 1, log)
        kept.append(g)
        for v in g:
            t += v
            if v == 3:
                break
    print(t, log[:12], len(log))
    for g in kept:
        g.close()
    print(len(log), log[-6:])
    gens = []
    for k in range(30):
        g = cleanup(100, log)
        for v in g:
            if v == k % 4:
                break
        gens.append(g)
    print(len(log))
    for g in gens[:5]:
        g.close()
    print(len(log), log[-5:])
    abandoned = [next(cleanup(5, log)) for _ in range(10)]
    print(abandoned)
    gens = None
    def selfish():
        yield 1
        yield next(me)
    me = selfish()
    try:
        for v in me:
            print("got", v)
    except ValueError as e:
        print("ValueError", e)
    for v in frac(5, 3):
        print(v)

main()
`,
  consumers: `
def gen(n):
    for i in range(n):
        yield i * 3 % 7

def pairs(n):
    i = 0
    while i < n:
        yield (i, -i)
        i += 1

def boom(n):
    for i in range(n):
        if i == 3:
            raise KeyError(i)
        yield i

def main():
    t = 0
    for k in range(150):
        t += sum(gen(k % 9)) + len(list(pairs(k % 5))) + max(gen(k % 4 + 1)) - min(gen(3))
        t += len(tuple(gen(k % 3))) + sorted(gen(5))[k % 5] + len(set(gen(k % 8)))
        t += any(gen(k % 2 + 1)) + all(gen(k % 3))
        s = ",".join(str(a) for a, b in pairs(k % 4))
        t += len(s)
    print(t)
    print(list(gen(3)), sum(gen(4)), tuple(pairs(2)), sorted(gen(6)), set(gen(3)), min(gen(5)), max(pairs(3)))
    try:
        print(sum(boom(10)))
    except KeyError as e:
        print("KeyError", e)
    try:
        min(gen(0))
    except ValueError as e:
        print(e)
    rebind()
    print(list(gen(3)))
    print(sum(boom(5)))

def rebind():
    global list
    def mylist(g):
        return type(g).__name__ + str(next(g)) + str(next(g))
    list = mylist

main()
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-generator-frames-');
beforeAll(() => programs.prepare());

type Run = ReturnType<typeof programs.run>;
const uopsOf = (r: Run) => new Set(r.jit.allTraces.flatMap((t) => t.compiled.instructions.map((i) => i.uop)));
/** Entries from tier-1 of traces that resume a generator's frame natively. */
const genTraceEntries = (r: Run) => r.jit.allTraces.filter((t) => t.compiled.instructions.some((i) => i.uop === 'PUSH_GEN_FRAME')).reduce((n, t) => n + t.entries, 0);

describe.each(JIT_MODES)('generator frames resumed in traces (%s)', (mode) => {
  it('for over generators with while/for loops, tuples, several yields and another generator at the same loop: generators made, frames pushed and popped natively, no YIELD_VALUE stitch', () => {
    const r = programs.run('basic', { mode });
    const why = describeJit(r.summary);
    const uops = uopsOf(r);
    for (const u of ['PUSH_GEN_FRAME', 'POP_GEN_FRAME', 'GUARD_GEN_FOR_CALLER', 'MAKE_GENERATOR']) expect(uops.has(u), `${u}\n${why}`).toBe(true);
    // Calls of generator functions (defaults, instances as arguments) make the generator natively.
    expect(Object.keys(r.summary.stitchReasons).filter((s) => /generator function|RETURN_GENERATOR/.test(s)), why).toEqual([]);
    expect(genTraceEntries(r), why).toBeGreaterThan(0);
    // Only the consumers tier-1 runs from TypeScript (list(), sum(), next()) still yield through tier-1.
    expect(Object.keys(r.summary.stitchReasons).filter((s) => s === 'bytecode YIELD_VALUE'), why).toEqual([]);
  });
  it('nested and recursive generators (permutations feeding n_queens, a tree walk, chained generators)', () => {
    const r = programs.run('nested', { mode });
    const why = describeJit(r.summary);
    expect(uopsOf(r).has('PUSH_GEN_FRAME'), why).toBe(true);
    expect(genTraceEntries(r), why).toBeGreaterThan(0);
  });
  it('list/sum/tuple/sorted/set/min/max/any/all of a generator function\'s call run as a loop over it in the caller (consumed-generator-calls.ts); a rebound consumer gets the generator itself', () => {
    const r = programs.run('consumers', { mode });
    const why = describeJit(r.summary);
    expect(uopsOf(r).has('PUSH_GEN_FRAME'), why).toBe(true);
    // No generator is pulled through TypeScript any more (next() from a builtin: GEN_CALL).
    expect(Object.keys(r.summary.stitchReasons).filter((s) => /YIELD_VALUE|resumer other than a for loop/.test(s)), why).toEqual([]);
  });
  it('exceptions inside the generator, try/finally, break, close() and a generator resuming itself give python3\'s results', () => {
    const r = programs.run('raising', { mode });
    expect(uopsOf(r).has('PUSH_GEN_FRAME'), describeJit(r.summary)).toBe(true);
  });
});
