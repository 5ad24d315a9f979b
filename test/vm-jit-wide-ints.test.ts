// Ints across the boundaries that matter to the VM and the JIT (2^31, 2^47 and
// 2^48 for the 48-bit small ints, 2^53 for floats, 2^63 and 2^64 for int64,
// 2^127 for the inline int128 big ints, and big ints of thousands of digits), every int operator, in tier-1, the uop
// interpreter and native traces, each checked against python3 and the VM
// without the JIT; and the int128 uops (cases/wide_ints.c) must really run.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceRecord, TracingJit } from '../runtime/vm/tracing/tracing-jit.ts';
import { ProgramSet } from './helpers/program-set.ts';
import { JIT_MODES } from './helpers/vm-jit-run.ts';

const BOUNDARY_VALUES = `[0, 1, -1, 2, -3, 7, 255, -256, 2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**47 - 1, 2**47, -2**47, -2**47 - 1,
     2**48 - 1, 2**48, -2**48, 2**53 - 1, 2**53 + 1, -2**53, 3037000499, 3037000500, 2**62, -2**62, 2**63 - 1, 2**63,
     -2**63, -2**63 - 1, 2**64 - 1, 2**64, -2**64, 10**20, -10**30, 2**95, -2**96, 2**126, 2**127 - 1, 2**127, -2**127,
     -2**127 - 1, 13043817825332782212]`;

const PROGRAMS: Record<string, string> = {
  // Every binary operator on every pair (a trace per operator group; the values change
  // representation from one iteration to the next: small int, inline int64, big int).
  operators: `
V = ${BOUNDARY_VALUES}

def arith(xs):
    out = []
    for a in xs:
        for b in xs:
            out.append(a + b)
            out.append(a - b)
            out.append(a * b)
    return out

def division(xs):
    out = []
    for a in xs:
        for b in xs:
            if b != 0:
                out.append(a // b)
                out.append(a % b)
    return out

def bits(xs):
    out = []
    for a in xs:
        for b in xs:
            out.append(a & b)
            out.append(a | b)
            out.append(a ^ b)
    return out

def shifts(xs):
    out = []
    for a in xs:
        for k in (0, 1, 3, 15, 16, 17, 31, 32, 33, 47, 48, 62, 63, 64, 65, 100, 126, 127, 128, 129):
            out.append(a >> k)
            out.append(a << k)
    return out

def compares(xs):
    out = []
    for a in xs:
        for b in xs:
            out.append((a < b, a <= b, a > b, a >= b, a == b, a != b))
    return out

def truth(xs):
    n = 0
    for a in xs:
        if a:
            n += 1
        if a < 0:
            a = -a
        while a:
            a >>= 8
            n += 1
    return n

for f in (arith, division, bits, shifts, compares):
    r = f(V)
    print(f.__name__, len(r))
    for i in range(0, len(r), 24):
        print(r[i:i + 24])
print(truth(V))
`,
  // Loops whose values cross 2^47 (and 2^63) while running: i*i past 2^47 (a side
  // trace from the small multiply's overflow), sums mod a prime, growth into big ints.
  // Floor division and modulo by divisors that stay put for a while and then
  // change (each remembering uop refills its reciprocal cell), over dividends
  // around 2^47, 2^63 and 2^64 of both signs, and divisors from 1 to 2^63 - 1
  // and negative ones (the general path); a zero divisor raises as python3 does.
  divisors: `
D = [1, 2, 3, 7, 10, 255, 1000003, 2**31 - 1, 2**31, 2**32 + 15, 2**47 - 1, 2**47, 2**48 + 1, 2**53 + 5, 3037000499,
     4611686018427387847, 2**62, 2**63 - 25, 2**63 - 1, -1, -2, -7, -1000003, -2**47, -2**63]
N = [0, 1, -1, 5, -5, 2**47 - 1, 2**47, -2**47, -2**47 - 1, 2**48 + 3, 2**53 + 1, -2**53 - 1, 2**62 + 11, 2**63 - 1,
     -2**63, -2**63 + 1, 2**63, 2**64 - 1, -2**64, 10**20 + 7, -10**20 - 7, 2**100 + 3, -2**101]

def grid(ds, ns):
    out = []
    for d in ds:
        for k in range(3):
            for n in ns:
                x = n * (k + 1) - k * 2**47
                out.append(x % d)
                out.append(x // d)
    return out

def running(m, n, start):
    total = 0
    q = 0
    for i in range(start, start + n):
        total = (total + i * i) % m
        q = (q + i * i // m) % 1000000007
    return total, q

r = grid(D, N)
print(len(r))
for i in range(0, len(r), 16):
    print(r[i:i + 16])
for m in D:
    if m > 0:
        print(m, running(m, 300, 11000000), running(m, 50, 3037000400))
try:
    print(grid([5, 3, 0], [2**50]))
except ZeroDivisionError as e:
    print('ZeroDivisionError', e)
`,
  // (a * b) % m, (a + b) % m and the same with & m: one fused uop (cases/wide_fused.c)
  // whose exits resume at the multiply or add. The modulus (a local, a global,
  // a constant) turns 0 (ZeroDivisionError), a float, negative and huge mid-loop;
  // products cross 2^63 and 2^127.
  fusedmod: `
def mulmod(xs, m):
    out = []
    for x in xs:
        out.append(x * x % m)
        out.append((x + 3) % m)
    return out

def walk(n, m):
    acc = 1
    t = 0
    for i in range(1, n):
        acc = acc * (i + 3_000_000_019) % m
        t = (t + i * i) % m
    return acc, t

P = 1000000007

def by_global(xs):
    out = []
    for x in xs:
        out.append(x * (x + 1) % P)
        out.append((x + 12345) % P)
    return out

def by_constant(n):
    h = 7
    t = 0
    for i in range(n):
        h = h * 1000003 % 998244353
        t = (t + h * i) % 4611686018427387847
    return h, t

MASK = (1 << 64) - 1

def masks(xs, m):
    out = []
    for x in xs:
        out.append((x * 0x100000001B3) & MASK)
        out.append((x + 2**62) & m)
        out.append((x * x) & 0xFFFFFFFFFFFFFFFF)
        out.append((x + 7) & 255)
    return out

XS = [0, 1, -1, 2**31, 2**47 - 1, 2**47, -2**47, 3037000499, 3037000500, 2**62, 2**63 - 1, -2**63, 2**64 + 1, 2**100, -2**120]
for m in [1000003, 7, 1, 2**47 + 3, 2**62 + 1, 2**63 - 1, 2**63, 2**64 + 13, -1000003, -5, 2.5, -0.75]:
    print(m, mulmod(XS, m))
for m in [1000003, 2**61 - 1, 97, -1000003]:
    print(m, walk(400, m))
print(by_global(XS), by_constant(500))
for m in [2**64 - 1, 2**32 - 1, -2**20, 0, 2**127 - 1]:
    print(m, masks(XS, m))
MASK = -1
print(masks(XS, 3))
try:
    print(masks(XS, 1.5))
except TypeError as e:
    print('TypeError', e)
P = 2**63 + 5
print(by_global(XS))
P = 0.5
print(by_global(XS))
try:
    print(walk(10, 0))
except ZeroDivisionError as e:
    print('ZeroDivisionError', e)
try:
    print(mulmod(XS, 0))
except ZeroDivisionError as e:
    print('ZeroDivisionError', e)
`,
  crossing: `
def sum_squares(start, n, m):
    total = 0
    for i in range(start, start + n):
        total = (total + i * i) % m
    return total

def grow(n):
    x = 1
    seen = []
    for i in range(n):
        x = x * 3 + i
        if i % 5 == 0:
            seen.append(x)
    return x, seen

def modpow(base, exp, mod):
    result = 1
    base %= mod
    while exp > 0:
        if exp & 1:
            result = result * base % mod
        base = base * base % mod
        exp >>= 1
    return result

def fnv(n):
    h = 0xCBF29CE484222325
    while n:
        h ^= n & 0xFF
        h = (h * 0x100000001B3) & ((1 << 64) - 1)
        n >>= 8
    return h

def alternating(n):
    t = 0
    for i in range(n):
        v = (i % 2) * 1099511627776 + i
        t = (t + v * v) % 1000000007
    return t

print(alternating(4000))

def mixed(n):
    acc = 1
    for i in range(n):
        acc = (acc * 31 + 3000000019 * (i + 1)) % 4611686018427387847
    return acc

print(sum_squares(11863000, 3000, 1000003))
print(sum_squares(-11863200, 3000, 1000003))
x, seen = grow(90)
print(x)
print(seen)
print([modpow(a, 2000000010, 2000000011) for a in (2, 3, 5, 7, 10**12 + 39)])
print(modpow(3, 10**18, 2**31 - 1), modpow(-7, 12345, 2**61 - 1))
h = 0
for i in range(300):
    h ^= fnv(i * 2654435761)
print(hex(h))
print(mixed(3000))
`,
  // Sums of products modulo m, (t + x * y) % m, as one uop (MUL_ADD_MOD_*):
  // m from a local, a global and a constant, changing, negative, a float and
  // 0; products and sums past 2^63, 2^64 and 2^127; results kept in a list
  // (the boxing form) and carried (the _T form).
  productsums: `
def dot(xs, ys, m):
    t = 0
    for i in range(len(xs)):
        t = (t + xs[i] * ys[i]) % m
    return t

def kept(xs, m):
    out = []
    t = 5
    for x in xs:
        t = (t + x * x) % m
        out.append(t)
    return out

P = 998244353

def by_global(n):
    t = 0
    for i in range(n):
        t = (t + (i + 3_000_000_019) * (i - 2**40)) % P
    return t

def by_constant(n, seed):
    t = seed
    for i in range(n):
        t = (t + i * 6364136223846793005) % 9223372036854775783
    return t

XS = [0, 1, -1, 2**31, 2**47 - 1, 2**47, -2**47, 3037000499, 3037000500, 2**62, 2**63 - 1, -2**63, 2**64 + 1, 2**100, -2**120, 7, 9]
YS = [5, -3, 2**40, 2**47 + 1, -2**50, 2**63 - 1, 2**62, -2**63, 2**70, 11, 2**120, -13, 2**63, 2**27, 3, 2**126, -2**126]
for m in [1000003, 2**61 - 1, 97, -1000003, 2**63 - 1, 2**63, 2**64 + 13, 1, 2.5, 0]:
    try:
        print(m, dot(XS * 30, YS * 30, m), kept(XS * 20, m)[-25:])
    except ZeroDivisionError as e:
        print(m, 'ZeroDivisionError', e)
print(by_global(3000), by_constant(3000, 0), by_constant(3000, -2**100))
P = 2**89 - 1
print(by_global(3000))
`,
  // Dividends past 2^64 (int128) by divisors of up to 64 bits, both signs:
  // cases/wide_ints.h divides those by the high word and then the rest
  // (x86_64's divq) rather than bit by bit; quotients past 2^64 too.
  wide_by_64: `
DIVISORS = [1, -1, 2, 3, -7, 1000003, 2**31 - 1, 3037000500, 2**62 + 1, -(2**63) + 5, 2**63 - 1, 2**63, 2**64 - 1, -(2**64 - 1), 2**64 - 59]

def fold(n, seed):
    t = 0
    s = 0
    x = seed
    for i in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % 2**127
        a = x if i % 3 else -x
        a = a >> (i % 70)
        d = DIVISORS[i % len(DIVISORS)]
        t = (t + a // d + a % d) % 2**100
        s ^= (a * 31 + d * i) % d
    return t, s

def mixed(n):
    acc = 1
    for i in range(n):
        acc = (acc * 31 + 3000000019 * (i + 1)) % 4611686018427387847
    return acc

def powmix(n, m):
    r = 1
    b = 2**64 - 3
    for i in range(n):
        r = (r * b + i) % m
        b = (b * 5 + 1) % m
    return r

print(fold(5000, 12345))
print(fold(3000, -987654321987654321))
print(mixed(4000))
print([powmix(3000, m) for m in (2**64 - 59, 2**63 - 25, -(2**61 - 1), 1000000007)])
`,
  // Thousands of digits: the big-int paths next to int64 traces.
  huge: `
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r

f = fact(1200)
s = str(f)
print(len(s), s[:40], s[-40:])
print(f % 1000000007, f // fact(1190) == 1191 * 1192 * 1193 * 1194 * 1195 * 1196 * 1197 * 1198 * 1199 * 1200)
g = -f // 7**300
print(g % 10**20, (-f) % 7**300 % 10**20, f >> 5000 << 4, (f & (2**4000 - 1)) % 999983, (f ^ -f) % 10**9)
print(f > f - 1, -f < f, f == fact(1200), (f * f) // f == f, divmod(-f, 10**50)[1])
t = 0
for i in range(2000):
    t += (f >> (i * 3)) % 1000003
print(t)
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-wide-ints-');

beforeAll(() => programs.prepare(), 180_000);

const WIDE_UOPS = ['ADD_WIDE', 'SUB_WIDE', 'MUL_WIDE', 'FLOORDIV_WIDE', 'MOD_WIDE', 'AND_WIDE', 'OR_WIDE', 'XOR_WIDE', 'LSHIFT_WIDE', 'RSHIFT_WIDE', 'LT_WIDE', 'TO_BOOL_WIDE'];

function wideUopsRun(jit: TracingJit): Set<string> {
  const ran = new Set<string>();
  const enteredOrLinked = (t: TraceRecord) => t.entries > 0 || t.kind === 'side';
  for (const t of jit.allTraces) {
    if (!enteredOrLinked(t)) continue;
    // (FLOORDIV/MOD_WIDE_INV: the same operators with their divisor's reciprocal remembered, optimizer/wide-divisors.ts.)
    for (const i of t.compiled.instructions) if (/_WIDE(_INV)?$/.test(i.uop)) ran.add(i.uop.replace(/_INV$/, ''));
  }
  return ran;
}

describe.each(JIT_MODES)('wide ints (%s)', (mode) => {
  it('every int operator around 2^31, 2^47, 2^48, 2^53, 2^63 and 2^64 agrees with python3, with the int128 uops in traces', () => {
    const r = programs.run('operators', { mode });
    const ran = wideUopsRun(r.jit);
    for (const uop of WIDE_UOPS) expect(ran, `${uop} in ${[...ran].join(' ')}`).toContain(uop);
  }, 120_000);

  it('loops crossing 2^47 keep running in one trace (the overflowing multiply widened and the root recorded again, no exit per iteration)', () => {
    const r = programs.run('crossing', { mode });
    expect(r.jit.intWidening.widened).toBeGreaterThanOrEqual(2);
    const liveRoot = (fn: string) => r.jit.allTraces.filter((t) => t.kind === 'root' && t.liveAtEnd === true && r.jit.traceName(t).includes(`(${fn}, `));
    // (MUL_WIDE_T: the same multiply, its product boxed without allocating, optimizer/wide-temporaries.ts.)
    // (MUL_ADD_MOD_*: the multiply fused with the add and modulo after it, optimizer/wide-product-sums.ts.)
    const widened = (fn: string) => liveRoot(fn).some((t) => t.compiled.instructions.some((i) => i.uop === 'MUL_WIDE' || i.uop === 'MUL_WIDE_T' || i.uop.startsWith('MUL_ADD_MOD_WIDE')));
    expect(widened('sum_squares')).toBe(true);
    // Recorded again on an iteration whose product is small: the widened site still gets the int128 uop.
    expect(widened('alternating')).toBe(true);
    for (const fn of ['sum_squares', 'alternating']) {
      const traces = r.jit.allTraces.filter((t) => r.jit.traceName(t).includes(`(${fn}, `));
      // Thousands of iterations: exits are the buffer refills, loop ends and the first overflows, not one per iteration.
      const exits = traces.reduce((n, t) => n + t.exitCounts.reduce((a, b) => a + b, 0), 0);
      expect(exits, fn).toBeLessThan(200);
      // No side trace from an overflow exit: the loop runs in its root.
      expect(traces.filter((t) => t.kind === 'side' && t.liveAtEnd && t.parent!.exitReason[t.parentExit!] === 'overflow').length, fn).toBe(0);
    }
  }, 120_000);

  it('floor division and modulo by remembered divisors (the _INV uops) agree with python3 as divisors change', () => {
    const r = programs.run('divisors', { mode });
    const ran = new Set<string>();
    for (const t of r.jit.allTraces) if (t.entries > 0 || t.kind === 'side') for (const i of t.compiled.instructions) ran.add(i.uop);
    expect([...ran].some((u) => /^MOD_WIDE(_T)?_INV$/.test(u)), [...ran].join(' ')).toBe(true);
    expect([...ran].some((u) => /^FLOORDIV_WIDE(_T)?_INV$/.test(u)), [...ran].join(' ')).toBe(true);
  }, 120_000);

  it('(a * b) % m, (a + b) % m and the same with & m as one fused uop agree with python3 when m changes, turns 0 or a float, or the product passes 2^127', () => {
    const r = programs.run('fusedmod', { mode });
    const ran = new Set<string>();
    for (const t of r.jit.allTraces) if (t.entries > 0 || t.kind === 'side') for (const i of t.compiled.instructions) ran.add(i.uop);
    expect([...ran].some((u) => /^MUL_MOD_WIDE(_T)?_INV_[LGK]$/.test(u)), [...ran].join(' ')).toBe(true);
    expect([...ran].some((u) => /^ADD_MOD_WIDE(_T)?_INV_[LGK]$/.test(u)), [...ran].join(' ')).toBe(true);
    expect([...ran].some((u) => /^MUL_AND_WIDE(_T)?_[LGK]$/.test(u)), [...ran].join(' ')).toBe(true);
    expect([...ran].some((u) => /^ADD_AND_WIDE(_T)?_[LGK]$/.test(u)), [...ran].join(' ')).toBe(true);
    // The modulus from a local, a global and a constant each.
    for (const form of ['L', 'G', 'K']) expect([...ran].some((u) => u.endsWith(`_INV_${form}`)), `${form}: ${[...ran].join(' ')}`).toBe(true);
  }, 120_000);

  it('(t + x * y) % m as one uop agrees with python3 (m a local, a global or a constant; changing, negative, a float, 0; past 2^127)', () => {
    const r = programs.run('productsums', { mode });
    const ran = new Set<string>();
    for (const t of r.jit.allTraces) if (t.entries > 0 || t.kind === 'side') for (const i of t.compiled.instructions) ran.add(i.uop);
    for (const form of ['L', 'G', 'K']) expect([...ran].some((u) => new RegExp(`^MUL_ADD_MOD_WIDE(_T)?_INV_${form}$`).test(u)), `${form}: ${[...ran].join(' ')}`).toBe(true);
    expect(ran.has('MUL_ADD_MOD_WIDE_INV_L'), [...ran].join(' ')).toBe(true);
  }, 120_000);

  it('int128 dividends by divisors of up to 64 bits (quotients past 2^64, both signs) agree with python3', () => {
    const r = programs.run('wide_by_64', { mode });
    expect(r.jit.allTraces.some((t) => t.entries > 0)).toBe(true);
  }, 120_000);

  it('big ints of thousands of digits agree with python3', () => {
    programs.run('huge', { mode });
  }, 120_000);
});
