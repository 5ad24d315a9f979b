// Python numeric semantics on JS numbers and bigints: floor division and
// modulo signs, correctly rounded int/int true division, float pow rules,
// exact int-vs-float comparison.
import { cFmod, cPow } from './libm.ts';
import { overflowError, valueError, zeroDivision } from './py-error.ts';

export function bigFloorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw zeroDivision('integer division or modulo by zero');
  const q = a / b;
  // Same signs: truncation is the floor, and one division is enough (a second
  // one for the remainder cost pidigits a third of its run).
  if ((a < 0n) === (b < 0n)) return q;
  return q * b !== a ? q - 1n : q;
}

export function bigMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw zeroDivision('integer modulo by zero');
  const r = a % b;
  return (r !== 0n && (r < 0n) !== (b < 0n)) ? r + b : r;
}

function bitLength(b: bigint): number {
  return b === 0n ? 0 : b.toString(2).length;
}

/** int / int, correctly rounded like CPython's long_true_divide. */
export function bigTrueDiv(a: bigint, b: bigint): number {
  if (b === 0n) throw zeroDivision('division by zero');
  const LIMIT = 2n ** 53n;
  const absA = a < 0n ? -a : a;
  const absB = b < 0n ? -b : b;
  if (absA <= LIMIT && absB <= LIMIT) return Number(a) / Number(b);
  const negative = (a < 0n) !== (b < 0n);
  // Scale so the quotient has at least 55 significant bits, keep a sticky bit.
  const shift = bitLength(absB) - bitLength(absA) + 55;
  let num = absA;
  let den = absB;
  if (shift > 0) num <<= BigInt(shift); else den <<= BigInt(-shift);
  let q = num / den;
  if (num % den !== 0n) q |= 1n;
  // q has 55-56 bits; Number() rounds half-to-even, then scale exactly by 2^-shift.
  let result = Number(q);
  let s = shift;
  // Apply the power of two in steps to avoid intermediate overflow/underflow.
  while (s > 1000) { result /= 2 ** 1000; s -= 1000; }
  while (s < -1000) { result *= 2 ** 1000; s += 1000; }
  result = s >= 0 ? result / 2 ** s : result * 2 ** -s;
  if (!Number.isFinite(result)) throw overflowError('integer division result too large for a float');
  return negative ? -result : result;
}

/** Python's float divmod: returns [floor quotient, modulo]. */
export function floatDivmod(vx: number, wx: number): [number, number] {
  let mod = cFmod(vx, wx);
  let div = (vx - mod) / wx;
  // CPython's float_divmod tests `if (mod)` / `if (div)` in C, where NaN is true:
  // NaN must take the first branch (JS treats NaN as false).
  if (mod !== 0) {
    if ((wx < 0) !== (mod < 0)) { mod += wx; div -= 1.0; }
  } else {
    mod = wx < 0 ? -0.0 : 0.0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = (vx / wx) < 0 || Object.is(vx / wx, -0) ? -0.0 : 0.0;
  }
  return [floordiv, mod];
}

export function floatFloorDiv(a: number, b: number): number {
  if (b === 0) throw zeroDivision('float floor division by zero');
  return floatDivmod(a, b)[0];
}

export function floatMod(a: number, b: number): number {
  if (b === 0) throw zeroDivision('float modulo');
  return floatDivmod(a, b)[1];
}

/** float ** float with CPython's error rules (float_pow). */
export function floatPow(iv: number, iw: number): number {
  if (iw === 0) return 1.0;
  if (Number.isNaN(iv)) return iv === 1.0 ? 1.0 : iv;
  if (Number.isNaN(iw)) return iv === 1.0 ? 1.0 : iw;
  if (iv === 0) {
    if (iw < 0 && Number.isFinite(iw)) throw zeroDivision('0.0 cannot be raised to a negative power');
  }
  if (iv < 0 && Number.isFinite(iv) && Number.isFinite(iw) && Math.floor(iw) !== iw) {
    throw valueError('negative number cannot be raised to a fractional power (complex results are not supported)');
  }
  const r = cPow(iv, iw);
  if (!Number.isFinite(r) && Number.isFinite(iv) && Number.isFinite(iw) && iv !== 0) {
    throw overflowError("(34, 'Numerical result out of range')");
  }
  return r;
}

/** Three-way comparison of two exact ints or floats; NaN when unordered. */
export function compareMixed(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number') return -compareMixed(b, a);
  // a is bigint, b is a float.
  const f = b as number;
  if (Number.isNaN(f)) return NaN;
  if (f === Infinity) return -1;
  if (f === -Infinity) return 1;
  const fl = Math.floor(f);
  const bf = BigInt(fl);
  if (a < bf) return -1;
  if (a > bf) return 1;
  return fl === f ? 0 : -1;
}

/** float -> int with CPython's errors. */
export function floatToBig(d: number): bigint {
  if (Number.isNaN(d)) throw valueError('cannot convert float NaN to integer');
  if (!Number.isFinite(d)) throw overflowError('cannot convert float infinity to integer');
  return BigInt(Math.trunc(d));
}

/** Python's round(x) for floats (half to even) returning an int. */
export function roundHalfEven(d: number): number {
  const r = Math.round(d);
  if (Math.abs(d - Math.trunc(d)) === 0.5) return 2 * Math.round(d / 2);
  return r;
}
