// Differential tests of the math module and the numeric builtins against
// python3: every function over sampled ints and floats (special values,
// boundaries, random bit patterns), results compared bit for bit and errors
// by type and message.
import { describe, expect, it } from 'vitest';
import * as M from '../runtime/vm/library/math.ts';
import * as N from '../runtime/vm/library/numeric.ts';
import { describeDifferences, differences, rng, sampleCount } from './helpers/python-oracle.ts';

const random = rng(4242);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 2, 3, 1.5, 2.5, -2.5, 10, 1e-20, 1e-300, 5e-324, 1e300, 1.7976931348623157e308, Infinity, -Infinity, NaN,
  Math.PI, 0.1, 100, 170.5, 171.7, -170.5, 200.5, -200.5, 141, -141.5, 0.99999, 1.00001, 710, -745, 1e16, 2 ** 53, 22, 23, 24, -3, 4.5, 5.5];

function sampleFloat(): number {
  const r = random();
  if (r < 0.35) return pick(SPECIAL);
  if (r < 0.7) return (random() < 0.5 ? -1 : 1) * random() * 10 ** Math.floor(random() * 8 - 3);
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, Math.floor(random() * 2 ** 32));
  view.setUint32(4, Math.floor(random() * 2 ** 32));
  return view.getFloat64(0);
}

function sampleInt(): bigint {
  const r = random();
  if (r < 0.3) return pick([0n, 1n, -1n, 2n, 5n, 10n, 12n, 100n, -7n, 2n ** 53n + 1n, 2n ** 64n, 10n ** 400n, -(10n ** 30n), 2n ** 1024n, 2n ** 1023n * 3n]);
  let v = BigInt(Math.floor(random() * 1000));
  if (random() < 0.3) v = v ** BigInt(1 + Math.floor(random() * 12));
  return random() < 0.2 ? -v : v;
}

const sampleReal = (): bigint | number | boolean => random() < 0.6 ? sampleFloat() : random() < 0.95 ? sampleInt() : random() < 0.5;

const MATH_CODE = `
import math
def run(name, *args):
    if name == 'isclose': return math.isclose(args[0], args[1], rel_tol=args[2], abs_tol=args[3])
    return getattr(math, name)(*args)`;

/** Calls a library math function the way python3's math module is called. */
function mathCall(name: string, ...args: unknown[]): unknown {
  const f = (M as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
  return f(...args);
}

describe('math against python3', () => {
  const ONE = ['acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cbrt', 'cos', 'cosh', 'erf', 'erfc', 'exp', 'exp2', 'expm1', 'fabs', 'sin', 'sinh',
    'sqrt', 'tan', 'tanh', 'log1p', 'degrees', 'radians', 'gamma', 'lgamma', 'log', 'log2', 'log10', 'frexp', 'modf', 'ulp', 'isfinite', 'isinf',
    'isnan', 'floor', 'ceil', 'trunc'];
  it('one-argument functions', () => {
    const cases: unknown[][] = [];
    for (const name of ONE) for (let i = 0; i < sampleCount(250); i++) cases.push([name, sampleReal()]);
    for (let x = -30; x <= 30; x += 0.25) { cases.push(['gamma', x], ['lgamma', x]); }
    const d = differences(MATH_CODE, cases, mathCall);
    expect(describeDifferences(d)).toBe('');
  });
  it('two-argument functions', () => {
    const cases: unknown[][] = [];
    for (const name of ['atan2', 'copysign', 'fmod', 'remainder', 'pow', 'nextafter', 'log', 'hypot']) {
      for (let i = 0; i < sampleCount(300); i++) cases.push([name, sampleReal(), sampleReal()]);
    }
    for (let i = 0; i < sampleCount(300); i++) cases.push(['ldexp', sampleReal(), pick([0n, 1n, -1n, 1074n, -1075n, 2000n, -2000n, 10n ** 30n, -(10n ** 30n), 52n])]);
    for (let i = 0; i < sampleCount(300); i++) {
      cases.push(['isclose', sampleReal(), sampleReal(), pick([1e-9, 0.5, 0, -1]), pick([0, 1e-3, 10, -0.5])]);
    }
    const d = differences(MATH_CODE, cases, mathCall);
    expect(describeDifferences(d)).toBe('');
  });
  it('n-ary functions: hypot, dist, fsum, prod, gcd, lcm', () => {
    const cases: unknown[][] = [];
    const vec = () => Array.from({ length: Math.floor(random() * 6) }, () => random() < 0.85 ? (random() - 0.5) * 10 ** Math.floor(random() * 20 - 10) : sampleReal());
    for (let i = 0; i < sampleCount(400); i++) cases.push(['hypot', ...vec()]);
    for (let i = 0; i < sampleCount(400); i++) {
      const p = vec();
      cases.push(['dist', p, random() < 0.9 ? p.map(() => (random() - 0.5) * 100) : vec()]);
    }
    for (let i = 0; i < sampleCount(400); i++) {
      const xs = Array.from({ length: Math.floor(random() * 12) }, () => random() < 0.8 ? (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20) : sampleReal());
      cases.push(['fsum', xs]);
    }
    cases.push(['fsum', [1e-16, 1, 1e16]], ['fsum', [1e308, 1e308, -1e308]], ['fsum', [Infinity, -Infinity]], ['fsum', [Infinity, NaN]], ['fsum', [0.1, 0.2, 0.3, -0.6]]);
    for (let i = 0; i < sampleCount(200); i++) cases.push(['prod', Array.from({ length: Math.floor(random() * 5) }, sampleReal)]);
    for (let i = 0; i < sampleCount(300); i++) {
      cases.push([pick(['gcd', 'lcm']), ...Array.from({ length: Math.floor(random() * 4) }, () => random() < 0.95 ? sampleInt() : 2.0)]);
    }
    const d = differences(MATH_CODE, cases, (name: string, ...args: unknown[]) => {
      if (name === 'dist' || name === 'fsum' || name === 'prod') return mathCall(name, ...args);
      return mathCall(name, ...args);
    });
    expect(describeDifferences(d)).toBe('');
  });
  it('integer functions: factorial, isqrt, comb, perm', () => {
    const cases: unknown[][] = [];
    for (let i = 0; i < sampleCount(200); i++) {
      cases.push(['factorial', pick([0n, 1n, 5n, 20n, 21n, 100n, -1n, 3.0, 2n ** 64n, true])]);
      cases.push(['isqrt', random() < 0.9 ? sampleInt() : pick([-1n, 4.0])]);
      const n = BigInt(Math.floor(random() * 60) - 5);
      const k = BigInt(Math.floor(random() * 70) - 5);
      cases.push(['comb', n, k], ['perm', n, k]);
    }
    cases.push(['perm', 5n, null], ['comb', 10n ** 20n, 3n], ['perm', 10n ** 20n, 2n], ['comb', 5.0, 2n]);
    const d = differences(MATH_CODE, cases, mathCall);
    expect(describeDifferences(d)).toBe('');
  });
});

const NUM_CODE = `
def run(name, *args):
    if name == 'round': return round(*args)
    if name == 'divmod': return divmod(*args)
    if name == 'floordiv': return args[0] // args[1]
    if name == 'mod': return args[0] % args[1]
    if name == 'pow': return pow(*args)
    if name == 'bit_length': return args[0].bit_length()
    if name == 'bit_count': return args[0].bit_count()
    if name == 'is_integer': return args[0].is_integer()
    if name == 'as_integer_ratio': return list(args[0].as_integer_ratio())
    if name == 'to_bytes': return args[0].to_bytes(args[1], args[2], signed=args[3])
    if name == 'from_bytes': return int.from_bytes(args[0], args[1], signed=args[2])
    if name == 'int': return int(args[0])
`;

function numCall(name: string, ...a: any[]): unknown {
  switch (name) {
    case 'round': return N.round(a[0], a.length > 1 ? a[1] : null);
    case 'divmod': return N.divmod(a[0], a[1]);
    case 'floordiv': return N.floorDiv(a[0], a[1]);
    case 'mod': return N.mod(a[0], a[1]);
    case 'pow': return a.length === 3 ? N.powMod(a[0], a[1], a[2]) : N.power(a[0], a[1]);
    case 'bit_length': return N.bitLength(a[0]);
    case 'bit_count': return N.bitCount(a[0]);
    case 'is_integer': return N.isInteger(a[0]);
    case 'as_integer_ratio': return N.asIntegerRatio(a[0]);
    case 'to_bytes': return N.toBytes(a[0], a[1], a[2], a[3]);
    case 'from_bytes': return N.fromBytes(a[0], a[1], a[2]);
    case 'int': return N.floatToInt(a[0]);
  }
  throw new Error(name);
}

describe('numeric builtins against python3', () => {
  it('round, divmod, //, %, pow, int methods', () => {
    const cases: unknown[][] = [];
    for (let i = 0; i < sampleCount(800); i++) {
      cases.push(['round', sampleReal()]);
      cases.push(['round', sampleReal(), random() < 0.1 ? null : BigInt(Math.floor(random() * 30) - 12)]);
      cases.push(['round', pick([2.675, 0.125, 0.375, 2.5, -2.5, 1.005, 0.285, 1e22, 5e-324, -0.0]), BigInt(Math.floor(random() * 8) - 2)]);
      cases.push([pick(['divmod', 'floordiv', 'mod']), sampleReal(), random() < 0.05 ? 0n : sampleReal()]);
      cases.push(['pow', sampleInt(), BigInt(Math.floor(random() * 40) - 10), random() < 0.1 ? 0n : sampleInt()]);
      cases.push(['pow', random() < 0.5 ? sampleInt() : sampleFloat(), random() < 0.5 ? BigInt(Math.floor(random() * 10) - 5) : sampleFloat()]);
      cases.push([pick(['bit_length', 'bit_count']), sampleInt()]);
      cases.push([pick(['is_integer', 'as_integer_ratio', 'int']), sampleFloat()]);
      const len = BigInt(Math.floor(random() * 10));
      cases.push(['to_bytes', sampleInt(), len, pick(['big', 'little']), random() < 0.5]);
      cases.push(['from_bytes', new Uint8Array(Array.from({ length: Math.floor(random() * 10) }, () => Math.floor(random() * 256))), pick(['big', 'little']), random() < 0.5]);
    }
    cases.push(['round', 1.7976931348623157e308, -308n], ['round', 1.5, -400n], ['round', -1.5, -400n], ['round', 5e-324, 400n], ['round', NaN], ['round', Infinity],
      ['to_bytes', 1n, 1n, 'middle', false], ['round', 2n ** 1100n, -5n], ['pow', 3n, -1n, -7n], ['pow', 2n, -1n, 4n], ['pow', 2.0, 3n, 5n]);
    // python3 gives a complex for a negative base to a fractional power; the VM has no complex type (see numeric.ts).
    const real = cases.filter((c) => !(c[0] === 'pow' && c.length === 3 && typeof c[2] === 'number' && !Number.isInteger(c[2])
      && (typeof c[1] === 'number' ? c[1] < 0 : (c[1] as bigint) < 0n)));
    const d = differences(NUM_CODE, real, numCall);
    expect(describeDifferences(d)).toBe('');
  });
});
