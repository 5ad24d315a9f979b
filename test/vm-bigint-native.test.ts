// Big ints past 128 bits on arena limbs with the C arithmetic (cases/bigint.c,
// runtime/vm/interpreter/bigint-native.ts), against python3: random operands
// from 1 to 20000 bits (Karatsuba and its unbalanced split, Knuth's division
// with and without normalization, single-limb divisors) and the edge values
// around 2^64, 2^127, 2^128, 2^256, both signs, in tier-1 and with the JIT.
// Results are printed through hex() (the V8 BigInt conversion, an independent
// path) and a residue, so a wrong limb anywhere shows.
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgramSet } from './helpers/program-set.ts';
import { JIT_MODES, runWithJit } from './helpers/vm-jit-run.ts';
import { runOnVm, runPythonSource } from './vm-python.ts';
import { BigIntNative } from '../runtime/vm/interpreter/bigint-native.ts';
import { runProgram } from '../runtime/vm/interpreter/run-program.ts';
import { TracingJit } from '../runtime/vm/tracing/tracing-jit.ts';

const RANDOM_OPS = `
seed = 20261206

def rnd():
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 18446744073709551616
    return seed >> 11

EDGES = [0, 1, -1, 2**47, 2**63 - 1, 2**64 - 1, 2**64, -2**64, 2**127 - 1, 2**127, -2**127, -2**127 - 1,
         2**128 - 1, 2**128, -2**128, 2**192 - 1, 2**255, 2**256 - 1, 2**256, -2**256 - 1, 10**40, 3**300,
         -(7**500), 2**4000 - 1, 2**4000]

def rand_int():
    k = rnd() % 8
    if k == 0:
        return EDGES[rnd() % len(EDGES)]
    bits = [30, 63, 64, 65, 127, 128, 129, 192, 700, 2600, 3000, 9000, 20000][rnd() % 13]
    v = 0
    while v.bit_length() < bits:
        v = (v << 53) | rnd()
    v >>= v.bit_length() - bits
    if k == 1:
        v = (1 << bits) - 1 - (rnd() % 5)
    if rnd() % 2:
        v = -v
    return v

def show(r):
    if isinstance(r, bool):
        return str(r)
    return hex(r)[-24:] + "/" + str(r.bit_length()) + "/" + str(r % 1000000007)

for i in range(400):
    a = rand_int()
    b = rand_int()
    out = [show(a + b), show(a - b), show(a * b), show(a < b), show(a == b), show(-a), show(abs(b))]
    if b != 0:
        out.append(show(a // b))
        out.append(show(a % b))
        q, r = divmod(a, b)
        out.append(show(q * b + r == a))
    s = rnd() % 300
    out += [show(a << s), show(a >> s), show(a & b), show(a | b), show(a ^ b), show(~a)]
    print(i, " ".join(out))

# Squares and products large enough for several Karatsuba levels, checked by division.
x = 3**40000 + 12345
y = 7**9000 - 1
p = x * y
print(p // y == x, p % y, (p + 5) % x, len(hex(p)), (x * x) // x == x, (x * x - 1) // (x + 1) == x - 1)
f = 1
for i in range(2, 1501):
    f *= i
print(len(str(f)), f % (2**61 - 1), f // (f // 1499), (f >> 3000) & 0xffff, -f >> 5000 == -((f - 1) >> 5000) - 1)
`;

const LIMITS = `
def t(f):
    try:
        r = f()
        print("ok", r if isinstance(r, (bool, str, float)) and len(str(r)) < 30 else len(r) if isinstance(r, str) else r.bit_length())
    except BaseException as e:
        print(type(e).__name__, e)

big = 10**5000
t(lambda: big // 0)
t(lambda: big % 0)
t(lambda: divmod(big, 0))
t(lambda: big << -1)
t(lambda: big >> -1)
t(lambda: big >> (1 << 70))
t(lambda: -big >> (1 << 70))
t(lambda: 1 << (1 << 40))
t(lambda: big << (1 << 40))
t(lambda: str(10**4299))
t(lambda: str(10**4300))
t(lambda: int("1" * 4301))
t(lambda: big * big > big)
t(lambda: float(2**1023 * 2 - 2**970))
t(lambda: float(2**1024))
t(lambda: big // True)
t(lambda: big % False)
`;

// Loops whose ints grow past 128 bits while they run: the int128 uops' exits
// grow side traces with the any-size uops (cases/bigint_uops.c).
const LOOPS = `
def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r

def pi_digits(count):
    q, r, t, k, n, l = 1, 0, 1, 1, 3, 3
    digits = []
    while len(digits) < count:
        if 4 * q + r - t < n * t:
            digits.append(n)
            q, r, n = 10 * q, 10 * (r - n * t), (10 * (3 * q + r)) // t - 10 * n
        else:
            q, r, t, k, n, l = q * k, (2 * q + r) * l, t * l, k + 1, (q * (7 * k + 2) + r * l) // (t * l), l + 2
    return digits

def bits(n):
    x = (1 << 300) - 12345
    acc = 0
    for i in range(n):
        y = (x >> (i % 200)) ^ (x << 3) | i
        acc = (acc + (y & ((1 << 256) - 1)) - (y % 1000003)) % (1 << 400)
        if acc > x:
            acc -= x
        x = x + i
    return acc

total = 0
for k in range(1, 300):
    total += factorial(k) // (k * k)
print(total % 1000000007, factorial(500) % 998244353)
d = pi_digits(400)
print("".join(str(x) for x in d[:60]), sum(d))
print(bits(3000))
`;

// hash() of ints past 128 bits (cases/bigint.c bigint_hash, on the limbs):
// random sizes and the edges of 2^61 - 1 (the modulus), both signs, as dict
// and set keys too.
const HASHES = `
seed = 77
def rnd():
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 18446744073709551616
    return seed >> 11
M = 2**61 - 1
vals = [M * 2**70, M * 2**70 + 1, M * 2**70 - 1, 2**200 - 1, -(2**200), M**3, M**3 - 1, -(M**3) + 1, 2**128, -(2**128), 2**129 - 2, 10**4000]
for i in range(300):
    bits = [129, 130, 191, 192, 193, 500, 3000, 20000][rnd() % 8]
    v = 0
    while v.bit_length() < bits:
        v = (v << 53) | rnd()
    vals.append(-v if rnd() % 2 else v)
print([hash(v) for v in vals])
d = {v: i for i, v in enumerate(vals)}
print(len(d), sum(d[v] for v in vals), len(set(vals)), (2**300 + 7) in d, vals[5] in set(vals))
`;

// Unary minus, abs() and bit_length() past 128 bits work on the limbs
// (bigint-limbs.ts limbsWithSign, limbsBitLength); at 2^127 and 2^128 the
// results must come back in their canonical form.
const SIGNS = `
vals = [2**127, -2**127, 2**128, -2**128, 2**128 - 1, -(2**128) + 1, 2**129, -(2**129), 3**500, -(3**500), 2**192 - 1, -(2**192) + 1, 10**4000, -(10**4000)]
for v in vals:
    print(-v == 0 - v, abs(v) == (v if v > 0 else 0 - v), (-v).bit_length(), v.bit_length(), abs(v).bit_length(), hash(v), hash(-v), str(-v)[:20], +v == v, type(-v) is int)
    d = {-v: 1, abs(v): 2}
    print(d[0 - v], d[abs(v)], -(-v) == v, (-v) * 1 == -v, -v < v, abs(-v) == abs(v))
`;


// str() and float() of ints past 128 bits (cases/bigint.c bigint_to_decimal,
// bigint_to_double, on the limbs): random sizes up to 20000 bits (past the
// 4300-digit limit they raise), both signs, the 10^19 chunk edges, the limit
// edges, and float rounding at ties, just above and below ties, and overflow.
const CONVERSIONS = `
seed = 4300
def rnd():
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 18446744073709551616
    return seed >> 11
def t(f):
    try:
        print(f())
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
vals = [2**128, 2**129 - 1, 2**129, 2**192, 10**4299, 10**4300 - 1, 10**4300, -(10**4300 - 1), 2**14284, 2**14285, 2**14286 - 1, 2**14290, 2**14291, 2**20000]
for k in range(2, 12):
    vals += [10**(19 * k) - 1, 10**(19 * k), 10**(19 * k) + 1, 10**(19 * k - 1)]
for i in range(200):
    bits = [129, 130, 191, 192, 193, 500, 1000, 3000, 9000, 14283, 14300, 20000][rnd() % 12]
    v = 0
    while v.bit_length() < bits:
        v = (v << 53) | rnd()
    v >>= v.bit_length() - bits
    vals.append(-v if rnd() % 2 else v)
for v in vals:
    t(lambda: str(v))
    t(lambda: repr(-v))
    t(lambda: int(str(v)) == v)
    t(lambda: float(v))
    t(lambda: float(-v))
# Rounding: 53-bit mantissas scaled past 128 bits, exact ties (to even), one
# bit above or below a tie (the sticky bit far down), and the overflow edge.
for e in [76, 200, 971, 1000]:
    for m in [2**53 - 1, 2**53 + 1, 2**53 + 3, 3 * 2**51 + 1, 2**54 - 1]:
        base = m << e
        for d in [0, 1, -1, 1 << (e - 1), (1 << (e - 1)) + 1, (1 << (e - 1)) - 1, 3 << (e - 1)]:
            t(lambda: float(base + d))
            t(lambda: float(-(base + d)))
top = 2**1024 - 2**970
for d in [-1, 0, 1, -(2**969), -(2**969) - 1, 2**970]:
    t(lambda: float(top + d))
    t(lambda: float(-(top + d)))
# int(str) past 128 bits: signs, spaces, leading zeros, underscores, the limit.
d = "1234567890" * 430
for text in [d, "-" + d, "  +" + d + "\\n", "0" * 100 + "7" * 50, "9" * 4300, "9" * 4301, "1" + "0" * 4299, d[:39], d[:40], "-" + "9" * 57, "9" * 38 + "_1", d + "x", " " + "0" * 4300, "٣" * 60]:
    t(lambda: int(text) % 1000000007)
    t(lambda: int(text, 10) - int(text, 0) if not text.strip().lstrip("+-").startswith("0") else int(text, 10) % 97)
`;

// pow(a, e, m) in C (cases/bigint.c bigint_powmod): random bases (both signs,
// up to 5000 bits), exponents and moduli from 2 to 3000 bits, negative moduli
// and exponents (the V8 path), and the edge cases that raise.
const POWMOD = `
seed = 99
def rnd():
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 18446744073709551616
    return seed >> 11
def rint(bits):
    v = 0
    while v.bit_length() < bits:
        v = (v << 53) | rnd()
    return v >> (v.bit_length() - bits)
def t(f):
    try:
        print(f())
    except (ValueError, ZeroDivisionError, TypeError) as e:
        print(type(e).__name__, e)
for i in range(300):
    a = rint([1, 5, 63, 64, 65, 128, 129, 300, 2000, 5000][rnd() % 10]) * (-1 if rnd() % 3 == 0 else 1)
    e = rint([1, 2, 10, 64, 65, 200, 1000][rnd() % 7])
    m = rint([2, 3, 31, 61, 64, 65, 127, 128, 129, 256, 700, 3000][rnd() % 12])
    t(lambda: pow(a, e, m))
    t(lambda: pow(a, e, m + 1))
    t(lambda: pow(a, e, -m))
for a, e, m in [(0, 0, 5), (5, 0, 2), (0, 5, 7), (2**200, 1, 2**200), (2**200, 3, 2**200 + 1), (-1, 2**100, 2**129 + 1), (3, 2**64, 2**64), (7, 10**40, 2**61 - 1), (2, -1, 5), (2, 3, 0), (2, 3, 1), (2, 3, True), (2, 3, False), (True, 3, 5), (3, 2**70 + 1, 10**50)]:
    t(lambda: pow(a, e, m))
acc = 0
for i in range(2000):
    acc = (acc + pow(i, 65537, 2**61 - 1)) % 1000003
print(acc)
`;

// divmod() with an operand past 128 bits: one native division for both results.
const DIVMOD = `
vals = [0, 1, -1, 7, -7, 2**64, -(2**64), 2**127, -(2**128), 2**129 + 3, -(3**200), 3**200 + 1, 10**50, 2**4000 - 1, -(5**3000), True, False]
for a in vals:
    for b in vals:
        try:
            print(divmod(a, b))
        except ZeroDivisionError as e:
            print("ZeroDivisionError", e)
x = 7**5000 + 11
for i in range(1, 2000):
    q, r = divmod(x, 3**i + i)
    assert q * (3**i + i) + r == x and 0 <= r < 3**i + i, i
print("ok")
`;

// a ** e past 128 bits by squaring in C (cases/bigint.c bigint_pow): random
// bases of 1 to 1000 bits, both signs, exponents 0 to 1001, and edges.
const POW = `
seed = 5
def rnd():
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 18446744073709551616
    return seed >> 11
def rint(bits):
    v = 0
    while v.bit_length() < bits:
        v = (v << 53) | rnd()
    return v >> (v.bit_length() - bits)
def show(r):
    return hex(r)[-24:] + "/" + str(r.bit_length()) + "/" + str(r % 1000000007)
for i in range(300):
    a = rint([1, 2, 3, 7, 31, 47, 48, 63, 64, 65, 127, 128, 129, 300, 1000][rnd() % 15]) * (-1 if rnd() % 2 else 1)
    e = [0, 1, 2, 3, 5, 17, 64, 65, 100, 129, 500, 1001][rnd() % 12]
    r = a ** e
    print(show(r), r == pow(a, e), (a ** e) // (a ** (e - 1)) == a if e > 0 and a else 0)
for a in [0, 1, -1, 2, -2, 10, -10, 2**64, -(2**64), 2**127, -(2**127), 3**100, True, False]:
    for e in [0, 1, 2, 3, 64, 65, 128, 129, 1000]:
        print(show(a ** e))
print(str(10**4299)[:3], len(str(10**4299)), 7**1000 % 999983, sum(int(c) for c in str(3**8000)))
`;

const programs = new ProgramSet({ random_ops: RANDOM_OPS, limits: LIMITS, loops: LOOPS, hashes: HASHES, signs: SIGNS, conversions: CONVERSIONS, powmod: POWMOD, divmod: DIVMOD, pow: POW }, 'vm-bigint-native-');

beforeAll(() => programs.prepare(), 300_000);

describe('big ints on limbs', () => {
  it('random operands of 1 to 20000 bits agree with python3 in tier-1', () => {
    expect(programs.noJit.get('random_ops')!.stdout).toBe(programs.python.get('random_ops')!.stdout);
  });

  it('hash() of ints past 128 bits agrees with python3, computed on the limbs in C', () => {
    const before = BigIntNative.get().hashes;
    const r = runOnVm(HASHES, 'hashes.py');
    expect(r.stdout).toBe(programs.python.get('hashes')!.stdout);
    expect(BigIntNative.get().hashes - before).toBeGreaterThan(300);
  }, 120_000);

  it('str(), int(str) and float() past 128 bits agree with python3 (limit, chunk and rounding edges), computed on the limbs in C', () => {
    const native = BigIntNative.get();
    const decimals = native.decimals, doubles = native.doubles, fromDecimals = native.fromDecimals;
    const r = runOnVm(CONVERSIONS, 'conversions.py');
    const want = programs.python.get('conversions')!.stdout;
    expect(programs.python.get('conversions')!.stderr).toBe('');
    expect(want).toContain('ValueError Exceeds the limit (4300 digits)');
    expect(want).toContain('OverflowError int too large to convert to float');
    expect(r.stdout).toBe(want);
    expect(native.decimals - decimals).toBeGreaterThan(600);
    expect(native.doubles - doubles).toBeGreaterThan(700);
    expect(native.fromDecimals - fromDecimals).toBeGreaterThan(200);
  }, 120_000);

  it('pow(a, e, m) agrees with python3, computed in C for e >= 0 and m >= 2', () => {
    const native = BigIntNative.get();
    const before = native.powmods;
    const r = runOnVm(POWMOD, 'powmod.py');
    const want = programs.python.get('powmod')!.stdout;
    expect(want).toContain('ValueError pow() 3rd argument cannot be 0');
    expect(r.stdout).toBe(want);
    expect(native.powmods - before).toBeGreaterThan(2500);
  }, 120_000);

  it('divmod() past 128 bits agrees with python3 (signs, bools, zero divisors), one native division', () => {
    const native = BigIntNative.get();
    const before = native.divmods;
    const r = runOnVm(DIVMOD, 'divmod.py');
    const want = programs.python.get('divmod')!.stdout;
    expect(want).toContain('ZeroDivisionError');
    expect(r.stdout).toBe(want);
    expect(native.divmods - before).toBeGreaterThan(2000);
  }, 120_000);

  it('a ** e past 128 bits agrees with python3, by squaring in C', () => {
    const native = BigIntNative.get();
    const before = native.pows;
    const r = runOnVm(POW, 'pow.py');
    expect(r.stdout).toBe(programs.python.get('pow')!.stdout);
    expect(native.pows - before).toBeGreaterThan(300);
  }, 120_000);

  it('unary minus, abs() and bit_length() past 128 bits agree with python3, at the 2^127 and 2^128 edges too', () => {
    expect(programs.noJit.get('signs')!.stdout).toBe(programs.python.get('signs')!.stdout);
  });

  it('division by zero, negative and huge shifts, the 4300-digit limit and float overflow raise as python3 does', () => {
    expect(programs.noJit.get('limits')!.stdout).toBe(programs.python.get('limits')!.stdout);
  });

  it.each(JIT_MODES)('the same with the JIT (%s)', (mode) => {
    programs.run('random_ops', { mode });
  }, 300_000);

  it.each(JIT_MODES)('loops growing past 128 bits run the any-size uops in traces (%s)', (mode) => {
    const r = programs.run('loops', { mode });
    const ran = new Set<string>();
    for (const t of r.jit.allTraces) {
      if (t.entries === 0 && t.kind !== 'side') continue;
      for (const i of t.compiled.instructions) if (i.uop.endsWith('_BIG')) ran.add(i.uop);
    }
    for (const uop of ['MUL_BIG', 'ADD_BIG', 'SUB_BIG', 'FLOORDIV_BIG', 'LT_BIG', 'MOD_BIG', 'RSHIFT_BIG', 'LSHIFT_BIG', 'XOR_BIG', 'OR_BIG', 'AND_BIG', 'GT_BIG']) {
      expect(ran, `${uop} in ${[...ran].join(' ')}`).toContain(uop);
    }
  }, 300_000);

  it('a product past 128 bits of two inline ints goes native and comes back inline when it shrinks', () => {
    const r = runOnVm('a = 2**100 + 1\nb = a * a\nc = b // a\nprint(b, c, c == a, type(c) is int, b - b * 1, (b >> 150) + 0)\n', 'inline.py');
    expect(r.stdout).toBe(`${(2n ** 100n + 1n) ** 2n} ${2n ** 100n + 1n} True True 0 ${((2n ** 100n + 1n) ** 2n) >> 150n}\n`);
  });
});

describe('the runtime the C functions come from', () => {
  // A second runtime of their own (table checks, support code linked again)
  // cost 15-30 ms in the middle of a run on its first big product.
  it('is the attached JIT\'s while it lives, then one of their own; results agree with python3 both ways', async () => {
    const source = 'a = 3**100\nb = a * (2**90 + 7)\nprint(b % 1000000007, hex(b)[-20:])\n';
    const want = (await runPythonSource(source)).stdout;
    const jit = new TracingJit({});
    let during: unknown = null;
    let out = '';
    runProgram(source, { filename: 'shared.py', jit, write: (t) => { out += t; }, writeErr: () => {}, inspect: () => { during = BigIntNative.get().runtime; } });
    expect(out).toBe(want);
    expect(during).toBe(jit.rt);
    jit.dispose();
    expect(runOnVm(source, 'shared.py').stdout).toBe(want);
    const after = BigIntNative.get().runtime;
    expect(after).not.toBe(jit.rt);
    expect(after.disposed).toBe(false);
  }, 120_000);
});

describe('operands are staged with their normalized length', () => {
  // a // b sizes its quotient block by |a| - |b| + 2 limbs: a divisor staged
  // as 2 limbs with a zero top limb (an inline int below 2^64) gave a block one
  // limb short, and the floor's extra limb overwrote the next object's header
  // (found by the fuzzer: a heap walk that never ended).
  it('inline ints below 2^64 stage as one limb', () => {
    const values = [0n, 5n, -5n, 2n ** 47n, 2n ** 50n + 3n, -(2n ** 50n), 2n ** 63n, 2n ** 64n - 1n, -(2n ** 64n - 1n), 2n ** 64n, 2n ** 127n - 1n, -(2n ** 127n)];
    const got: number[] = [];
    runOnVm('pass\n', 'staged.py', {
      inspect: (rt) => {
        const native = BigIntNative.get();
        const slot = rt.interp.pushNone();
        for (const v of values) {
          rt.objs.setBig(slot, v);
          got.push(native.stagedLength(rt.heap, slot));
        }
      },
    });
    const limbs = (v: bigint) => { const m = v < 0n ? -v : v; let n = 0; for (let x = m; x > 0n; x >>= 64n) n++; return v < 0n ? -n : n; };
    expect(got).toEqual(values.map(limbs));
  });

  it.each(JIT_MODES)('floor division by inline divisors below 2^64 with 2-limb quotients agrees with python3 (%s)', async (mode) => {
    const source = [
      'qs = 0',
      'for i in range(3000):',
      '    qs += (-(2**126) - i) // (2**50 + 3 + i) + (-(2**127) + i) % (2**63 + i) + (2**126 + i) // -(2**40 + i)',
      'print(qs)',
    ].join('\n') + '\n';
    const want = (await runPythonSource(source)).stdout;
    expect(runOnVm(source, 'floor_div.py').stdout).toBe(want);
    expect(runWithJit(source, 'floor_div.py', { mode, threshold: 2 }).stdout).toBe(want);
  }, 120_000);
});
