// The big-int operations of cases/bigint_radix.c (true division, hex/oct/bin
// and format specs, int(str, base), pow with negative exponents) and powers of
// two past V8's BigInt size, against python3: random operands up to 20,000
// bits and the rounding, overflow, underflow and digit-limit edges. Each test
// also checks through BigIntNative's counters that the native path ran.
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgramSet } from './helpers/program-set.ts';
import { JIT_MODES } from './helpers/vm-jit-run.ts';
import { runOnVm } from './vm-python.ts';
import { BigIntNative } from '../runtime/vm/interpreter/bigint-native.ts';

const RNG = `
seed = 20261207

def rnd():
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 18446744073709551616
    return seed >> 11

def rint(bits):
    v = 0
    while v.bit_length() < bits:
        v = (v << 53) | rnd()
    v >>= v.bit_length() - bits
    return v | (1 << (bits - 1))

SIZES = [1, 2, 30, 53, 54, 63, 64, 65, 127, 128, 129, 130, 200, 700, 1023, 1024, 1025, 1100, 2000, 5000, 20000]

def rsigned():
    return rint(SIZES[rnd() % len(SIZES)]) * (-1 if rnd() % 2 else 1)
`;

const TRUEDIV = `${RNG}
out = []
for i in range(700):
    a = rsigned()
    b = rsigned()
    if rnd() % 4 == 0:
        b = b >> (rnd() % 40) or 1
    try:
        out.append((a / b).hex())
    except OverflowError as e:
        out.append("OverflowError " + str(e))
    if i % 10 == 9:
        print(" ".join(out))
        out = []
# Rounding ties (to even, both ways), the largest finite quotient and just past it,
# subnormal results and the underflow to (signed) zero, zero numerators.
EDGES = [(2**1024, 1), (2**1024 - 1, 1), (2**1024 - 2**970, 1), (2**1024 - 2**971, 1), (-2**1025, 3),
         (2**200 + 2**147, 1), (2**200 + 2**147 + 1, 1), (2**200 + 3 * 2**147, 1), (2**200 + 2**146, 1),
         (1, 2**1074), (1, 2**1075), (3, 2**1076), (1, 2**1076), (2**300 + 1, 2**1375), (1, 2**20000),
         (-1, 2**2000), (0, -2**200), (0, 2**200), (2**200, 2**199), (10**400, 10**399), (2**2000 + 1, 2**2000 * 3),
         (7**500, -(7**499)), (-(3**1000), -(3**999)), (2**20000 - 1, 2**19990), (10**308 * 2**200, 2**200)]
def div(a, b):
    try:
        return repr(a / b)
    except (OverflowError, ZeroDivisionError) as e:
        return type(e).__name__ + " " + str(e)
for a, b in EDGES:
    print(div(a, b), div(b, a), div(-a, b))
for a in [2**200, -(2**200), 3**500]:
    for b in [0, False, 0.0]:
        try:
            print(a / b)
        except ZeroDivisionError as e:
            print("ZeroDivisionError", e)
print(2**200 / True, 2**300 / 2**299.0, 2**200 / 3.5)
`;

const RADIX = `${RNG}
for i in range(150):
    v = rsigned()
    if v.bit_length() > 128:
        print(hex(v)[-40:], oct(v)[-40:], bin(v)[-60:], len(hex(v)), len(oct(v)), len(bin(v)), hex(v)[:12], oct(v)[:12], bin(v)[:12])
for v in [2**128, -(2**128), 2**129 - 1, 2**192, 2**20000 - 1, -(2**4000)]:
    print(hex(v)[:9], hex(v)[-9:], len(oct(v)), bin(v).count("1"))
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
for base in range(2, 37):
    for n in [30, 100, 500, 3000, 4300]:
        s = "".join(ALPHABET[rnd() % base] for _ in range(n))
        v = int(s, base)
        w = int("-" + s.upper(), base)
        print(base, n, v % 1000000007, v.bit_length(), w % 999983, int(s[:n // 2] + "_" + s[n // 2:], base) == v)
print(int("0x" + "f" * 100, 0) % 97, int("0o_" + "7_7" * 50, 0) % 97, int("0b" + "1" * 300, 0) % 97,
      int(" -0XABC" + "d" * 60 + " ", 16) % 97, int("z" * 200, 36) % 97, int("0x" + "1" * 20000, 16).bit_length())
def t(s, b):
    try:
        print(int(s, b).bit_length())
    except ValueError as e:
        print("ValueError", str(e)[:90])
for s, b in [("1" * 4301, 7), ("1" * 4300, 7), ("1" * 50000, 16), ("1" * 50000, 2), ("z" * 4301, 36),
             ("1_" * 4300 + "1", 3), ("1" * 4301, 32), ("1" * 200 + "g", 16), ("0x" + "1" * 200, 0), ("0b" + "12", 0), ("_1" * 200, 8)]:
    t(s, b)
`;

const FORMATS = `${RNG}
vals = [2**128, -(2**128), 2**129 - 1, 3**1000, -(7**700), 2**14000 + 5, -(2**4000), 10**300, -(10**200) + 1, 2**20000]
for i in range(40):
    vals.append(rint([130, 200, 1000, 5000, 14000][rnd() % 5]) * (-1 if rnd() % 2 else 1))
specs = ["", "d", "x", "X", "o", "b", "#x", "#X", "#o", "#b", "+d", " d", ",", "_", "_x", "_b", "_o", ",d",
         ">50", "<50x", "^60", "=+70d", "050", "#060x", "e", ".3e", "f", "g", ".10g", "%", "n", "c", "+", "#_x"]
for v in vals:
    out = []
    for sp in specs:
        try:
            r = format(v, sp)
            out.append(r[:30] + "|" + r[-30:] + "|" + str(len(r)))
        except (ValueError, OverflowError) as e:
            out.append(type(e).__name__ + ":" + str(e)[:50])
    for f in ["%d", "%x", "%X", "%o", "%#x", "%#o", "%+d", "% d", "%60d", "%-60x", "%080X", "%.70d", "%e", "%.2f", "%g", "%s", "%r", "%i", "%u", "%c"]:
        try:
            r = f % v
            out.append(r[:30] + "|" + r[-30:] + "|" + str(len(r)))
        except (ValueError, OverflowError, TypeError) as e:
            out.append(type(e).__name__ + ":" + str(e)[:50])
    try:
        out.append(f"{v:>40}|{v!r:.5}|{v:#x}"[-50:])
    except ValueError as e:
        out.append("ValueError:" + str(e)[:40])
    print(" ".join(out))
print("{:x} {:o} {:b} {:,}".format(2**200, -(2**300), 2**150 + 1, 3**200), "%(a)x" % {"a": 2**130})
`;

const POWNEG = `${RNG}
primes = [2**127 - 1, 2**521 - 1, 2**607 - 1]
for i in range(300):
    m = primes[rnd() % 3] if rnd() % 3 else rint([2, 64, 129, 300, 1000][rnd() % 5]) | 1
    a = rsigned()
    e = -(rint([1, 2, 17, 64, 100][rnd() % 5]))
    try:
        print(pow(a, e, m) % 1000000007)
    except ValueError as err:
        print("ValueError", err)
for a, m in [(2**130, 2**140), (6, 3**200 * 2), (0, 2**200 + 1), (2**200 + 1, 2**200 + 3), (3**200, 2**127 - 1), (5, 7), (-1, 2**300), (2**300, 2**300 + 1)]:
    try:
        r = pow(a, -1, m)
        print(r % 1000000007, (r * a) % m)
    except ValueError as err:
        print("ValueError", err)
print(pow(2**200, -1, 1), pow(3, -2, -7), pow(2**200 + 1, -1, -(2**130 + 1)))
for a in [2**200, -(3**300), 10**308 * 10, 7**400]:
    for e in [-1, -2, -3, -7]:
        try:
            print(repr(a ** e), repr(pow(a, e)))
        except (OverflowError, ZeroDivisionError) as err:
            print(type(err).__name__, err)
x = 2 ** (3 * 10**8)
y = (-2) ** (10**8 + 1)
print(x.bit_length(), x & 0xff, x >> (3 * 10**8 - 2), y.bit_length(), y < 0, (-y) >> (10**8), 4 ** 70, (-8) ** 33, (-4) ** 70 == 2 ** 140)
`;

const programs = new ProgramSet({ truediv: TRUEDIV, radix: RADIX, formats: FORMATS, powneg: POWNEG }, 'vm-bigint-radix-');

beforeAll(() => programs.prepare(), 300_000);

/** Runs a program in-process and returns how much each named counter moved. */
function counted(name: string, counters: (keyof BigIntNative)[]): Record<string, number> {
  const native = BigIntNative.get();
  const before = counters.map((c) => native[c] as number);
  const r = runOnVm(programs.programs[name], `${name}.py`);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(programs.python.get(name)!.stdout);
  return Object.fromEntries(counters.map((c, i) => [c, (native[c] as number) - before[i]]));
}

describe('big ints on limbs: division, radixes, formats, negative powers', () => {
  it('true division is correctly rounded as python3 (ties, overflow, subnormals, signed zeros), computed in C', () => {
    const want = programs.python.get('truediv')!.stdout;
    expect(want).toContain('OverflowError integer division result too large for a float');
    expect(want).toContain('-0.0');
    expect(want).toContain('5e-324');
    const moved = counted('truediv', ['truedivs']);
    expect(moved.truedivs).toBeGreaterThan(500);
  }, 120_000);

  it('hex/oct/bin and int(str, base) for every base agree with python3 (prefixes, underscores, the 4300-digit limit for other bases), computed in C', () => {
    const want = programs.python.get('radix')!.stdout;
    expect(want).toContain('ValueError Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits');
    expect(want).toContain("ValueError invalid literal for int() with base 16");
    const moved = counted('radix', ['toRadix', 'fromRadix']);
    expect(moved.toRadix).toBeGreaterThan(150);
    expect(moved.fromRadix).toBeGreaterThan(300);
  }, 120_000);

  it('format specs, f-string fields and %-formatting of big ints agree with python3, their digits and floats from the limbs', () => {
    const native = BigIntNative.get();
    const decimals = native.decimals;
    const moved = counted('formats', ['toRadix', 'doubles']);
    expect(moved.toRadix).toBeGreaterThan(500);
    expect(moved.doubles).toBeGreaterThan(200);
    expect(native.decimals - decimals).toBeGreaterThan(500);
  }, 120_000);

  it('pow with negative exponents (modular inverses, ValueError when not invertible; floats) and powers of two past V8 BigInts agree with python3', () => {
    const want = programs.python.get('powneg')!.stdout;
    expect(want).toContain('ValueError base is not invertible for the given modulus');
    expect(want).toContain('OverflowError int too large to convert to float');
    const moved = counted('powneg', ['modInverses', 'floatPows', 'pows']);
    expect(moved.modInverses).toBeGreaterThan(150);
    expect(moved.floatPows).toBeGreaterThan(10);
    expect(moved.pows).toBeGreaterThan(2);
  }, 120_000);

  it.each(JIT_MODES)('true division and radixes with the JIT (%s)', (mode) => {
    programs.run('truediv', { mode });
    programs.run('radix', { mode });
  }, 300_000);
});
