// Reference models for what a trace must compute, written independently of
// cases/uops.c: Python's int operators on BigInt (with the small-int range as
// the only reason to leave the trace) and Python's float rules, plus an
// optional cross-check against python3 itself.
import { execFileSync } from 'node:child_process';
import { SMALL_INT_MAX, SMALL_INT_MIN } from './trace-random.ts';

export const fitsSmall = (v: bigint): boolean => v >= SMALL_INT_MIN && v <= SMALL_INT_MAX;

/** Python's `a % b` for b != 0: the remainder with the sign of the divisor, |r| < |b|. */
export function pyMod(a: bigint, b: bigint): bigint {
  return ((a % b) + b) % b;
}

/** Python's `a // b` for b != 0: the q with a == q*b + pyMod(a, b). */
export function pyFloorDiv(a: bigint, b: bigint): bigint {
  return (a - pyMod(a, b)) / b;
}

export type IntOp = 'ADD_INT' | 'SUB_INT' | 'MUL_INT' | 'FLOORDIV_INT' | 'MOD_INT' | 'LT_INT' | 'LE_INT' | 'GT_INT' | 'GE_INT' | 'EQ_INT' | 'NE_INT';

/** The exact Python result of `a op b` (bigint or bool), or 'raise' for ZeroDivisionError. */
export function pyIntBinary(op: IntOp, a: bigint, b: bigint): bigint | boolean | 'raise' {
  switch (op) {
    case 'ADD_INT': return a + b;
    case 'SUB_INT': return a - b;
    case 'MUL_INT': return a * b;
    case 'FLOORDIV_INT': return b === 0n ? 'raise' : pyFloorDiv(a, b);
    case 'MOD_INT': return b === 0n ? 'raise' : pyMod(a, b);
    case 'LT_INT': return a < b;
    case 'LE_INT': return a <= b;
    case 'GT_INT': return a > b;
    case 'GE_INT': return a >= b;
    case 'EQ_INT': return a === b;
    case 'NE_INT': return a !== b;
  }
}

export type FloatOp = 'ADD_FLOAT' | 'SUB_FLOAT' | 'MUL_FLOAT' | 'DIV_FLOAT' | 'MOD_FLOAT' | 'POW_FLOAT';

/** Python's float `%` (sign of the divisor; zero takes the divisor's sign). JS `%` is C fmod. */
export function pyFloatMod(a: number, b: number): number {
  let m = a % b;
  if (m !== 0 && !Number.isNaN(m)) {
    if (b < 0 !== m < 0) m += b;
  } else if (m === 0) {
    m = b < 0 || Object.is(b, -0) ? -0 : 0;
  }
  return m;
}

/**
 * Python's float `**` from its documented rules (CPython float_pow), built on
 * Math.pow for the ordinary case. 'raise' stands for ZeroDivisionError,
 * OverflowError or a complex result.
 */
export function pyFloatPow(a: number, b: number): number | 'raise' {
  if (b === 0) return 1;
  if (Number.isNaN(a)) return a;
  if (Number.isNaN(b)) return a === 1 ? 1 : b;
  if (!Number.isFinite(b)) {
    const m = Math.abs(a);
    if (m === 1) return 1;
    return b > 0 === m > 1 ? Infinity : 0;
  }
  if (!Number.isFinite(a)) {
    const oddInt = Number.isInteger(b) && Math.abs(b % 2) === 1;
    if (b > 0) return oddInt ? a : Infinity;
    return oddInt ? 1 / a : 0;
  }
  if (a === 0) {
    if (b < 0) return 'raise';
    const oddInt = Number.isInteger(b) && Math.abs(b % 2) === 1;
    return oddInt ? a : 0;
  }
  if (a < 0 && !Number.isInteger(b)) return 'raise';
  const r = Math.pow(a, b);
  if (!Number.isFinite(r)) return 'raise';
  return r;
}

/** Python's float `op` (or 'raise'); POW_FLOAT's ordinary case is Math.pow, so compare it with a tolerance. */
export function pyFloatBinary(op: FloatOp, a: number, b: number): number | 'raise' {
  switch (op) {
    case 'ADD_FLOAT': return a + b;
    case 'SUB_FLOAT': return a - b;
    case 'MUL_FLOAT': return a * b;
    case 'DIV_FLOAT': return b === 0 ? 'raise' : a / b;
    case 'MOD_FLOAT': return b === 0 ? 'raise' : pyFloatMod(a, b);
    case 'POW_FLOAT': return pyFloatPow(a, b);
  }
}

/** Distance in units in the last place between two finite doubles of the same sign. */
export function ulpDistance(x: number, y: number): number {
  const bx = new BigInt64Array(new Float64Array([x]).buffer)[0];
  const by = new BigInt64Array(new Float64Array([y]).buffer)[0];
  const d = bx - by;
  return Number(d < 0n ? -d : d);
}

const PYTHON_FLOAT_SCRIPT = String.raw`
import json, math, sys
ops = {'ADD_FLOAT': lambda a, b: a + b, 'SUB_FLOAT': lambda a, b: a - b, 'MUL_FLOAT': lambda a, b: a * b,
       'DIV_FLOAT': lambda a, b: a / b, 'MOD_FLOAT': lambda a, b: a % b, 'POW_FLOAT': lambda a, b: a ** b,
       'SQRT_FLOAT': lambda a, b: math.sqrt(a)}
out = []
for op, a, b in json.load(sys.stdin):
    try:
        f = ops.get(op) or (lambda a, b, name=op[len('MATH1_'):].lower(): getattr(math, name)(a))
        r = f(float.fromhex(a), float.fromhex(b))
        out.append(r.hex() if isinstance(r, float) else 'raise')
    except (ZeroDivisionError, OverflowError, ValueError):
        out.append('raise')
json.dump(out, sys.stdout)
`;

function floatHex(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0x0.0p+0' : '0x0.0p+0';
  const bits = new BigUint64Array(new Float64Array([x]).buffer)[0];
  const sign = bits >> 63n ? '-' : '';
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = bits & ((1n << 52n) - 1n);
  const m = mant.toString(16).padStart(13, '0');
  return exp === 0 ? `${sign}0x0.${m}p-1022` : `${sign}0x1.${m}p${exp - 1023}`;
}

function parseFloatHex(s: string): number {
  if (s === 'nan') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(s);
  if (!m) throw new Error(`unexpected float.hex() output '${s}'`);
  const mant = BigInt(`0x${m[2]}${m[3]}`);
  const shift = m[3].length * 4;
  // Exact: the mantissa has at most 53 significant bits and the scaling is a power of two.
  const v = Number(mant) * 2 ** (Number(m[4]) - shift);
  return m[1] ? -v : v;
}

let pythonChecked: boolean | null = null;

export function havePython(): boolean {
  if (pythonChecked === null) {
    try {
      execFileSync('python3', ['-c', 'pass'], { stdio: 'ignore' });
      pythonChecked = true;
    } catch {
      pythonChecked = false;
    }
  }
  return pythonChecked;
}

/** Evaluates float operations in python3 in one process; each result is a double or 'raise'. */
export function pythonFloatOps(cases: readonly [op: string, a: number, b: number][]): (number | 'raise')[] {
  const input = JSON.stringify(cases.map(([op, a, b]) => [op, floatHex(a), floatHex(b)]));
  const out = execFileSync('python3', ['-c', PYTHON_FLOAT_SCRIPT], { input, encoding: 'utf8' });
  return (JSON.parse(out) as string[]).map((s) => (s === 'raise' ? 'raise' : parseFloatHex(s)));
}
