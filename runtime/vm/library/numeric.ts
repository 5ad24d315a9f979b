// Numeric builtins and int/float methods with CPython 3.11's results and
// errors: round, divmod, // and % (ints, floats, mixed), pow with a modulus
// (negative exponents through the modular inverse), int.bit_length/bit_count,
// float.is_integer/as_integer_ratio, int.to_bytes/from_bytes.
//
// A Python int is a bigint, a float a number, a bool a boolean (an int).
import { PyError, overflowError, typeError, valueError, zeroDivision } from '../heap/py-error.ts';
import { floatDivmod, floatPow } from '../heap/numbers.ts';
import { decompose, roundedDigits } from './float-format.ts';

export type Real = bigint | number | boolean;

const asInt = (v: bigint | boolean): bigint => typeof v === 'boolean' ? (v ? 1n : 0n) : v;

/** float(int) for arithmetic: OverflowError when it does not fit. */
export function toFloat(v: Real): number {
  if (typeof v === 'number') return v;
  const d = Number(asInt(v));
  if (!Number.isFinite(d)) throw overflowError('int too large to convert to float');
  return d;
}

/** float -> int (int(x), round(x), math.floor/ceil/trunc results). */
export function floatToInt(d: number): bigint {
  if (Number.isNaN(d)) throw valueError('cannot convert float NaN to integer');
  if (!Number.isFinite(d)) throw overflowError('cannot convert float infinity to integer');
  if (Math.abs(d) < 2 ** 53) return BigInt(Math.trunc(d));
  const [m, e] = decompose(d);
  const mag = e >= 0 ? m << BigInt(e) : m >> BigInt(-e);
  return d < 0 ? -mag : mag;
}

// --------------------------------------------------------- // % divmod

export function intFloorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw zeroDivision('integer division or modulo by zero');
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export function intMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw zeroDivision('integer modulo by zero');
  const r = a % b;
  return (r !== 0n && (r < 0n) !== (b < 0n)) ? r + b : r;
}

/** a // b for ints and floats (a float on either side makes it float floor division). */
export function floorDiv(a: Real, b: Real): bigint | number {
  if (typeof a !== 'number' && typeof b !== 'number') return intFloorDiv(asInt(a), asInt(b));
  const x = toFloat(a);
  const y = toFloat(b);
  if (y === 0) throw zeroDivision('float floor division by zero');
  return floatDivmod(x, y)[0];
}

/** a % b for ints and floats. */
export function mod(a: Real, b: Real): bigint | number {
  if (typeof a !== 'number' && typeof b !== 'number') return intMod(asInt(a), asInt(b));
  const x = toFloat(a);
  const y = toFloat(b);
  if (y === 0) throw zeroDivision('float modulo');
  return floatDivmod(x, y)[1];
}

/** divmod(a, b): [quotient, remainder]. */
export function divmod(a: Real, b: Real): [bigint, bigint] | [number, number] {
  if (typeof a !== 'number' && typeof b !== 'number') {
    const x = asInt(a);
    const y = asInt(b);
    if (y === 0n) throw zeroDivision('integer division or modulo by zero');
    return [intFloorDiv(x, y), intMod(x, y)];
  }
  const x = toFloat(a);
  const y = toFloat(b);
  if (y === 0) throw zeroDivision('float divmod()');
  return floatDivmod(x, y);
}

// ------------------------------------------------------------------ pow

function modInverse(a: bigint, m: bigint): bigint {
  // Extended Euclid on (a mod m, m), m > 1.
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw valueError('base is not invertible for the given modulus');
  return ((oldS % m) + m) % m;
}

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = ((base % m) + m) % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result % m;
}

/** pow(a, b, m) with three ints. */
export function powMod(a: Real, b: Real, m: Real): bigint {
  if (typeof a === 'number' || typeof b === 'number' || typeof m === 'number') {
    throw typeError('pow() 3rd argument not allowed unless all arguments are integers');
  }
  let base = asInt(a);
  let exp = asInt(b);
  let modulus = asInt(m);
  if (modulus === 0n) throw valueError('pow() 3rd argument cannot be 0');
  const negative = modulus < 0n;
  if (negative) modulus = -modulus;
  if (modulus === 1n) return 0n;
  if (exp < 0n) {
    base = modInverse(base, modulus);
    exp = -exp;
  }
  const z = modPow(base, exp, modulus);
  return negative && z !== 0n ? z - modulus : z;
}

/**
 * a ** b for ints and floats (int ** negative int is a float). A negative
 * base to a fractional power is a complex in python3; the VM has no complex
 * type, so it raises the ValueError heap/numbers.ts words for it.
 */
export function power(a: Real, b: Real): bigint | number {
  if (typeof a !== 'number' && typeof b !== 'number') {
    const x = asInt(a);
    const y = asInt(b);
    if (y >= 0n) return x ** y;
    return floatPow(toFloat(x), toFloat(y));
  }
  return floatPow(toFloat(a), toFloat(b));
}

// ---------------------------------------------------------------- round

/** round(x) and round(x, ndigits) (ndigits null: None). */
export function round(x: Real, ndigits: bigint | null = null): bigint | number {
  if (typeof x !== 'number') {
    const v = asInt(x);
    if (ndigits === null || ndigits >= 0n) return v;
    // Round half to even at 10^-ndigits.
    const p = 10n ** -ndigits;
    let q = v / p;
    let r = v % p;
    if (r < 0n) { q -= 1n; r += p; }
    if (2n * r > p || (2n * r === p && (q & 1n) === 1n)) q += 1n;
    return q * p;
  }
  if (ndigits === null) {
    if (!Number.isFinite(x)) return floatToInt(x);
    let r = Math.round(x);
    // Math.round breaks ties upward; Python breaks them to even.
    if (r - x === 0.5 && r % 2 !== 0) r -= 1;
    return floatToInt(r);
  }
  return roundFloat(x, ndigits);
}

/** double_round: the float closest to the exact value of x rounded to ndigits decimals (ties to even). */
function roundFloat(x: number, ndigits: bigint): number {
  // NDIGITS_MAX/MIN: beyond these x is returned unchanged or becomes a signed zero.
  if (ndigits > 323n) return x;
  if (ndigits < -308n) return x * 0;
  if (x === 0 || !Number.isFinite(x)) return x;
  const n = Number(ndigits);
  const { digits, decpt } = roundedDigits(x, 'fixed', n);
  const sign = x < 0 ? -1 : 1;
  if (digits === '') return sign * 0;
  const r = Number(`0.${digits}e${decpt}`);
  if (!Number.isFinite(r)) throw overflowError('rounded value too large to represent');
  return sign * r;
}

// ------------------------------------------------------ int and float methods

export function bitLength(v: bigint | boolean): bigint {
  let b = asInt(v);
  if (b < 0n) b = -b;
  return b === 0n ? 0n : BigInt(b.toString(2).length);
}

export function bitCount(v: bigint | boolean): bigint {
  let b = asInt(v);
  if (b < 0n) b = -b;
  let n = 0n;
  for (const c of b.toString(2)) if (c === '1') n++;
  return n;
}

export function isInteger(x: number): boolean {
  return Number.isFinite(x) && Math.trunc(x) === x;
}

/** float.as_integer_ratio(). */
export function asIntegerRatio(x: number): [bigint, bigint] {
  if (Number.isNaN(x)) throw valueError('cannot convert NaN to integer ratio');
  if (!Number.isFinite(x)) throw overflowError('cannot convert Infinity to integer ratio');
  if (x === 0) return [0n, 1n];
  let [m, e] = decompose(x);
  while ((m & 1n) === 0n) { m >>= 1n; e++; }
  const sign = x < 0 ? -1n : 1n;
  return e >= 0 ? [sign * (m << BigInt(e)), 1n] : [sign * m, 1n << BigInt(-e)];
}

function byteorderOf(byteorder: string): boolean {
  if (byteorder === 'little') return true;
  if (byteorder === 'big') return false;
  throw valueError("byteorder must be either 'little' or 'big'");
}

/** int.to_bytes(length=1, byteorder='big', *, signed=False). */
export function toBytes(v: bigint | boolean, length: bigint = 1n, byteorder = 'big', signed = false): Uint8Array {
  const little = byteorderOf(byteorder);
  if (length < 0n) throw valueError('length argument must be non-negative');
  let b = asInt(v);
  if (b < 0n && !signed) throw overflowError("can't convert negative int to unsigned");
  const n = Number(length);
  const bits = BigInt(n * 8);
  // Zero bytes hold 0 and, signed, also -1 (CPython's _PyLong_AsByteArray writes no bytes for it).
  const fits = signed ? (n > 0 && b >= -(1n << (bits - 1n)) && b < (1n << (bits - 1n))) || (n === 0 && (b === 0n || b === -1n)) : b < (1n << bits);
  if (!fits) throw overflowError('int too big to convert');
  if (b < 0n) b += 1n << bits;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[little ? i : n - 1 - i] = Number(b & 0xffn);
    b >>= 8n;
  }
  return out;
}

/** int.from_bytes(bytes, byteorder='big', *, signed=False). */
export function fromBytes(bytes: Uint8Array | readonly number[], byteorder = 'big', signed = false): bigint {
  const little = byteorderOf(byteorder);
  let v = 0n;
  const n = bytes.length;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(bytes[little ? n - 1 - i : i]);
  if (signed && n > 0 && (bytes[little ? n - 1 : 0] & 0x80) !== 0) v -= 1n << BigInt(8 * n);
  return v;
}

export { PyError };
