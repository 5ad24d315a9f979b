// The math module of Python 3.11, bit for bit: libm where CPython calls libm
// (through heap/libm.ts), CPython's own algorithms where it has them (gamma
// and lgamma by Lanczos, fsum by Shewchuk's partials, hypot/dist by its
// scaled vector_norm), exact integer functions on bigints, and CPython's
// errors ("math domain error", "math range error", the TypeErrors).
//
// Arguments: a Python int is a bigint, a float a number, a bool a boolean;
// other types are the caller's to reject (see notRealError/notIntegerError).
import { PyError, overflowError, typeError, valueError, zeroDivision } from '../heap/py-error.ts';
import { cAtan2, cFmod, cLdexp, cLibm1, cNextafter, cPow, cRemainder } from '../heap/libm.ts';
import { decompose } from './float-format.ts';
import { floatToInt, toFloat, type Real } from './numeric.ts';

export const pi = Math.PI;
export const e = Math.E;
export const tau = 2 * Math.PI;
export const inf = Infinity;
export const nan = NaN;

const domainError = (): PyError => valueError('math domain error');
const rangeError = (): PyError => overflowError('math range error');

/** The TypeError for a non-number argument of a float function. */
export const notRealError = (typeName: string): PyError => typeError(`must be real number, not ${typeName}`);
/** The TypeError for a non-int argument of an int function. */
export const notIntegerError = (typeName: string): PyError => typeError(`'${typeName}' object cannot be interpreted as an integer`);

function int(v: Real): bigint {
  if (typeof v === 'number') throw notIntegerError('float');
  return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
}

// ------------------------------------------------------- one-argument libm

/** math_1: NaN from a non-NaN is a domain error; inf from a finite value a range (or domain) error. */
function math1(f: (x: number) => number, canOverflow: boolean): (x: Real) => number {
  return (arg) => {
    const x = toFloat(arg);
    const r = f(x);
    if (Number.isNaN(r) && !Number.isNaN(x)) throw domainError();
    if (!Number.isFinite(r) && !Number.isNaN(r) && Number.isFinite(x)) throw canOverflow ? rangeError() : domainError();
    return r;
  };
}

export const acos = math1(cLibm1.acos, false);
export const acosh = math1(cLibm1.acosh, false);
export const asin = math1(cLibm1.asin, false);
export const asinh = math1(cLibm1.asinh, false);
export const atan = math1(cLibm1.atan, false);
export const atanh = math1(cLibm1.atanh, false);
export const cbrt = math1(cLibm1.cbrt, false);
export const cos = math1(cLibm1.cos, false);
export const cosh = math1(cLibm1.cosh, true);
export const erf = math1(cLibm1.erf, false);
export const erfc = math1(cLibm1.erfc, false);
export const exp = math1(cLibm1.exp, true);
export const exp2 = math1(cLibm1.exp2, true);
export const expm1 = math1(cLibm1.expm1, true);
export const fabs = math1(Math.abs, false);
export const sin = math1(cLibm1.sin, false);
export const sinh = math1(cLibm1.sinh, true);
export const sqrt = math1(Math.sqrt, false);
export const tan = math1(cLibm1.tan, false);
export const tanh = math1(cLibm1.tanh, false);
export const log1p = math1(cLibm1.log1p, false);

/** math.degrees / math.radians: a plain multiplication, as CPython does it. */
export const degrees = (x: Real): number => toFloat(x) * (180.0 / Math.PI);
export const radians = (x: Real): number => toFloat(x) * (Math.PI / 180.0);

// ------------------------------------------------------ gamma and lgamma

const LANCZOS_G = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF = 5.524680040776729583740234375;
const LANCZOS_NUM = [
  23531376880.410759688572007674451636754734846804940, 42919803642.649098768957899047001988850926355848959,
  35711959237.355668049440185451547166705960488635843, 17921034426.037209699919755754458931112671403265390,
  6039542586.3520280050642916443072979210699388420708, 1439720407.3117216736632230727949123939715485786772,
  248874557.86205415651146038641322942321632125127801, 31426415.585400194380614231628318205362874684987640,
  2876370.6289353724412254090516208496135991145378768, 186056.26539522349504029498971604569928220784236328,
  8071.6720023658162106380029022722506138218516325024, 210.82427775157934587250973392071336271166969580291,
  2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN = [0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0, 2637558.0, 357423.0,
  32670.0, 1925.0, 66.0, 1.0];
const GAMMA_INTEGRAL = [1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0, 3628800.0, 39916800.0, 479001600.0,
  6227020800.0, 87178291200.0, 1307674368000.0, 20922789888000.0, 355687428096000.0, 6402373705728000.0,
  121645100408832000.0, 2432902008176640000.0, 51090942171709440000.0, 1124000727777607680000.0];
const LOG_PI = 1.144729885849400174143427351353058711647;

function lanczosSum(x: number): number {
  let num = 0.0;
  let den = 0.0;
  if (x < 5.0) {
    for (let i = LANCZOS_NUM.length; --i >= 0;) {
      num = num * x + LANCZOS_NUM[i];
      den = den * x + LANCZOS_DEN[i];
    }
  } else {
    for (let i = 0; i < LANCZOS_NUM.length; i++) {
      num = num / x + LANCZOS_NUM[i];
      den = den / x + LANCZOS_DEN[i];
    }
  }
  return num / den;
}

/** sin(pi * x), exact at integers and half integers (m_sinpi). */
function sinpi(x: number): number {
  const y = cFmod(Math.abs(x), 2.0);
  // C's round() breaks ties away from zero; y >= 0 here.
  const n = Math.floor(2.0 * y + 0.5);
  let r: number;
  switch (n) {
    case 0: r = cLibm1.sin(Math.PI * y); break;
    case 1: r = cLibm1.cos(Math.PI * (y - 0.5)); break;
    case 2: r = cLibm1.sin(Math.PI * (1.0 - y)); break;
    case 3: r = -cLibm1.cos(Math.PI * (y - 1.5)); break;
    default: r = cLibm1.sin(Math.PI * (y - 2.0)); break;
  }
  return (x < 0 || Object.is(x, -0) ? -1 : 1) * r;
}

/** math.gamma (CPython's m_tgamma). */
export function gamma(arg: Real): number {
  const x = toFloat(arg);
  if (!Number.isFinite(x)) {
    if (Number.isNaN(x) || x > 0) return x;
    throw domainError();
  }
  if (x === 0) throw domainError();
  if (x === Math.floor(x)) {
    if (x < 0) throw domainError();
    if (x <= GAMMA_INTEGRAL.length) return GAMMA_INTEGRAL[x - 1];
  }
  const absx = Math.abs(x);
  if (absx < 1e-20) {
    const r = 1.0 / x;
    if (!Number.isFinite(r)) throw rangeError();
    return r;
  }
  if (absx > 200.0) {
    if (x < 0.0) return 0.0 / sinpi(x);
    throw rangeError();
  }
  const y = absx + LANCZOS_G_MINUS_HALF;
  let z: number;
  if (absx > LANCZOS_G_MINUS_HALF) {
    const q = y - absx;
    z = q - LANCZOS_G_MINUS_HALF;
  } else {
    const q = y - LANCZOS_G_MINUS_HALF;
    z = q - absx;
  }
  z = z * LANCZOS_G / y;
  let r: number;
  if (x < 0.0) {
    r = -Math.PI / sinpi(absx) / absx * cLibm1.exp(y) / lanczosSum(absx);
    r -= z * r;
    if (absx < 140.0) r /= cPow(y, absx - 0.5);
    else {
      const sqrtpow = cPow(y, absx / 2.0 - 0.25);
      r /= sqrtpow;
      r /= sqrtpow;
    }
  } else {
    r = lanczosSum(absx) / cLibm1.exp(y);
    r += z * r;
    if (absx < 140.0) r *= cPow(y, absx - 0.5);
    else {
      const sqrtpow = cPow(y, absx / 2.0 - 0.25);
      r *= sqrtpow;
      r *= sqrtpow;
    }
  }
  if (!Number.isFinite(r)) throw rangeError();
  return r;
}

/** math.lgamma (CPython's m_lgamma). */
export function lgamma(arg: Real): number {
  const x = toFloat(arg);
  if (!Number.isFinite(x)) return Number.isNaN(x) ? x : Infinity;
  if (x === Math.floor(x) && x <= 2.0) {
    if (x <= 0.0) throw domainError();
    return 0.0;
  }
  const absx = Math.abs(x);
  if (absx < 1e-20) return -cLibm1.log(absx);
  let r = cLibm1.log(lanczosSum(absx)) - LANCZOS_G;
  r += (absx - 0.5) * (cLibm1.log(absx + LANCZOS_G - 0.5) - 1);
  if (x < 0.0) r = LOG_PI - cLibm1.log(Math.abs(sinpi(absx))) - cLibm1.log(absx) - r;
  if (!Number.isFinite(r)) throw rangeError();
  return r;
}

// -------------------------------------------------------------- logarithms

/** An int's (mantissa in [0.5, 1), exponent), the mantissa rounded half to even (_PyLong_Frexp). */
function bigFrexp(b: bigint): [number, number] {
  const bits = b.toString(2).length;
  if (bits <= 53) {
    const d = Number(b);
    return [d / 2 ** bits, bits];
  }
  const shift = bits - 53;
  let m = b >> BigInt(shift);
  const rest = b & ((1n << BigInt(shift)) - 1n);
  const half = 1n << BigInt(shift - 1);
  if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  let e = bits;
  if (m === 1n << 53n) { m >>= 1n; e += 1; }
  return [Number(m) / 2 ** 53, e];
}

function logHelper(arg: Real, f: (x: number) => number): number {
  if (typeof arg !== 'number') {
    const b = typeof arg === 'boolean' ? (arg ? 1n : 0n) : arg;
    if (b <= 0n) throw domainError();
    const d = Number(b);
    if (Number.isFinite(d)) return mLog(d, f);
    const [m, e] = bigFrexp(b);
    return f(m) + f(2.0) * e;
  }
  return mLog(arg, f);
}

/** m_log and friends: domain errors for zero and negative arguments. */
function mLog(x: number, f: (x: number) => number): number {
  if (Number.isFinite(x)) {
    if (x > 0) return f(x);
    throw domainError();
  }
  if (Number.isNaN(x) || x > 0) return x;
  throw domainError();
}

/** math.log(x[, base]). */
export function log(x: Real, base?: Real): number {
  const num = logHelper(x, cLibm1.log);
  if (base === undefined) return num;
  const den = logHelper(base, cLibm1.log);
  if (den === 0) throw zeroDivision('float division by zero');
  return num / den;
}
export const log2 = (x: Real): number => logHelper(x, cLibm1.log2);
export const log10 = (x: Real): number => logHelper(x, cLibm1.log10);

// ------------------------------------------------------- two-argument ones

/** math_2: NaN from non-NaNs is a domain error, inf from finite values a range error. */
function math2(r: number, x: number, y: number): number {
  if (Number.isNaN(r)) {
    if (!Number.isNaN(x) && !Number.isNaN(y)) throw domainError();
  } else if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) {
    throw rangeError();
  }
  return r;
}

export function atan2(y: Real, x: Real): number {
  const a = toFloat(y);
  const b = toFloat(x);
  return math2(cAtan2(a, b), a, b);
}

/** The sign bit of a float, NaNs included. */
function signBit(x: number): boolean {
  view.setFloat64(0, x);
  return (view.getUint32(0) >>> 31) === 1;
}
const view = new DataView(new ArrayBuffer(8));

export function copysign(x: Real, y: Real): number {
  const a = Math.abs(toFloat(x));
  return signBit(toFloat(y)) ? -a : a;
}

export function fmod(xa: Real, ya: Real): number {
  const x = toFloat(xa);
  const y = toFloat(ya);
  // fmod(x, +-inf) is x for finite x.
  if (!Number.isFinite(y) && !Number.isNaN(y) && Number.isFinite(x)) return x;
  const r = cFmod(x, y);
  if (Number.isNaN(r) && !Number.isNaN(x) && !Number.isNaN(y)) throw domainError();
  return r;
}

export function remainder(xa: Real, ya: Real): number {
  const x = toFloat(xa);
  const y = toFloat(ya);
  if (Number.isNaN(x)) return x;
  if (Number.isNaN(y)) return y;
  if (!Number.isFinite(x) || y === 0) throw domainError();
  if (!Number.isFinite(y)) return x;
  return cRemainder(x, y);
}

/** math.pow (CPython's special cases, then libm). */
export function pow(xa: Real, ya: Real): number {
  const x = toFloat(xa);
  const y = toFloat(ya);
  let r: number;
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    if (Number.isNaN(x)) r = y === 0 ? 1.0 : x;
    else if (Number.isNaN(y)) r = x === 1.0 ? 1.0 : y;
    else if (!Number.isFinite(x)) {
      const oddY = Number.isFinite(y) && cFmod(Math.abs(y), 2.0) === 1.0;
      if (y > 0) r = oddY ? x : Math.abs(x);
      else if (y === 0) r = 1.0;
      else r = oddY ? copysign(0, x) : 0.0;
    } else if (Math.abs(x) === 1.0) r = 1.0;
    else if (y > 0 && Math.abs(x) > 1.0) r = y;
    else if (y < 0 && Math.abs(x) < 1.0) r = -y;
    else r = 0.0;
    return r;
  }
  r = cPow(x, y);
  if (Number.isNaN(r)) throw domainError();
  if (!Number.isFinite(r)) throw x === 0 ? domainError() : rangeError();
  return r;
}

// ----------------------------------------------------- float decomposition

/** math.frexp(x): [mantissa, exponent] with 0.5 <= |mantissa| < 1. */
export function frexp(arg: Real): [number, bigint] {
  const x = toFloat(arg);
  if (x === 0 || !Number.isFinite(x)) return [x, 0n];
  const [m, e] = decompose(x);
  const bits = m.toString(2).length;
  const mant = Number(m) / 2 ** bits;
  return [x < 0 ? -mant : mant, BigInt(e + bits)];
}

/** math.ldexp(x, i). */
export function ldexp(arg: Real, i: Real): number {
  const x = toFloat(arg);
  if (typeof i === 'number') throw typeError('Expected an int as second argument to ldexp.');
  const n = typeof i === 'boolean' ? (i ? 1n : 0n) : i;
  if (x === 0 || !Number.isFinite(x)) return x;
  if (n > 100000n) throw rangeError();
  if (n < -100000n) return x < 0 ? -0 : 0;
  const r = cLdexp(x, Number(n));
  if (!Number.isFinite(r)) throw rangeError();
  return r;
}

/** math.modf(x): [fractional part, integer part], both with x's sign. */
export function modf(arg: Real): [number, number] {
  const x = toFloat(arg);
  if (!Number.isFinite(x)) {
    if (Number.isNaN(x)) return [x, x];
    return [x < 0 ? -0 : 0, x];
  }
  const ip = Math.trunc(x);
  const frac = x - ip;
  return [frac === 0 ? (x < 0 || Object.is(x, -0) ? -0 : 0) : frac, ip === 0 && (x < 0 || Object.is(x, -0)) ? -0 : ip];
}

export function nextafter(xa: Real, ya: Real): number {
  return cNextafter(toFloat(xa), toFloat(ya));
}

export function ulp(arg: Real): number {
  let x = toFloat(arg);
  if (Number.isNaN(x)) return x;
  x = Math.abs(x);
  if (!Number.isFinite(x)) return x;
  const x2 = cNextafter(x, Infinity);
  if (!Number.isFinite(x2)) return x - cNextafter(x, -Infinity);
  return x2 - x;
}

// ------------------------------------------------------------ predicates

export const isfinite = (x: Real): boolean => Number.isFinite(toFloat(x));
export const isinf = (x: Real): boolean => { const d = toFloat(x); return d === Infinity || d === -Infinity; };
export const isnan = (x: Real): boolean => Number.isNaN(toFloat(x));

/** math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0). */
export function isclose(aa: Real, ba: Real, relTol: Real = 1e-9, absTol: Real = 0.0): boolean {
  const a = toFloat(aa);
  const b = toFloat(ba);
  const rel = toFloat(relTol);
  const abs = toFloat(absTol);
  if (rel < 0 || abs < 0) throw valueError('tolerances must be non-negative');
  if (a === b) return true;
  if (!Number.isFinite(a) && !Number.isNaN(a)) return false;
  if (!Number.isFinite(b) && !Number.isNaN(b)) return false;
  const diff = Math.abs(b - a);
  return diff <= Math.abs(rel * b) || diff <= Math.abs(rel * a) || diff <= abs;
}

// ------------------------------------------------------- rounding to ints

function toIntegral(x: Real, f: (d: number) => number): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'boolean') return x ? 1n : 0n;
  return floatToInt(f(x));
}
export const floor = (x: Real): bigint => toIntegral(x, Math.floor);
export const ceil = (x: Real): bigint => toIntegral(x, Math.ceil);
export const trunc = (x: Real): bigint => toIntegral(x, Math.trunc);

// ------------------------------------------------------------ sums and norms

/** math.fsum(iterable): the correctly rounded sum (Shewchuk's partials, as CPython). */
export function fsum(items: Iterable<Real>): number {
  const p: number[] = [];
  let specialSum = 0.0;
  let infSum = 0.0;
  for (const item of items) {
    let x = toFloat(item);
    const xsave = x;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) { const t = x; x = y; y = t; }
      const hi = x + y;
      const yr = hi - x;
      const lo = y - yr;
      if (lo !== 0.0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    if (x !== 0.0) {
      if (!Number.isFinite(x)) {
        if (Number.isFinite(xsave)) throw overflowError('intermediate overflow in fsum');
        if (!Number.isNaN(xsave)) infSum += xsave;
        specialSum += xsave;
        p.length = 0;
      } else p.push(x);
    }
  }
  if (specialSum !== 0.0) {
    if (Number.isNaN(infSum)) throw valueError('-inf + inf in fsum');
    return specialSum;
  }
  let hi = 0.0;
  let n = p.length;
  if (n > 0) {
    hi = p[--n];
    let lo = 0.0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0.0) break;
    }
    if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
      const y = lo * 2.0;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
  }
  return hi;
}

const DBL_MIN = 2.2250738585072014e-308;

function split(x: number): [number, number] {
  const t = x * 134217729.0;
  const hi = t - (t - x);
  return [hi, x - hi];
}

/** Dekker's exact product: hi + lo == x * y. */
function mul(x: number, y: number): [number, number] {
  const [xh, xl] = split(x);
  const [yh, yl] = split(y);
  const p = xh * yh;
  const q = xh * yl + xl * yh;
  const z = p + q;
  const zz = p - z + q + xl * yl;
  return [z, zz];
}

/** CPython 3.11's vector_norm: the Euclidean norm of |coordinates|, accurate to within a ulp. */
function vectorNorm(vec: number[], max: number, foundNan: boolean): number {
  if (!Number.isFinite(max) && !Number.isNaN(max)) return max;
  if (foundNan) return NaN;
  if (max === 0.0 || vec.length <= 1) return max;
  const maxE = Number(frexp(max)[1]);
  if (maxE < -1023) {
    return DBL_MIN * vectorNorm(vec.map((v) => v / DBL_MIN), max / DBL_MIN, foundNan);
  }
  const scale = cLdexp(1.0, -maxE);
  let csum = 1.0;
  let frac1 = 0.0;
  let frac2 = 0.0;
  for (const v of vec) {
    const x = v * scale;
    const [prHi, prLo] = mul(x, x);
    const smHi = csum + prHi;
    const smLo = (csum - smHi) + prHi;
    csum = smHi;
    frac1 += prLo;
    frac2 += smLo;
  }
  let h = Math.sqrt(csum - 1.0 + (frac1 + frac2));
  const [prHi, prLo] = mul(-h, h);
  const smHi = csum + prHi;
  const smLo = (csum - smHi) + prHi;
  csum = smHi;
  frac1 += prLo;
  frac2 += smLo;
  const x = csum - 1.0 + (frac1 + frac2);
  h += x / (2.0 * h);
  return h / scale;
}

/** math.hypot(*coordinates). */
export function hypot(...coords: Real[]): number {
  let max = 0.0;
  let foundNan = false;
  const vec = coords.map((c) => {
    const x = Math.abs(toFloat(c));
    foundNan ||= Number.isNaN(x);
    if (x > max) max = x;
    return x;
  });
  return vectorNorm(vec, max, foundNan);
}

/** math.dist(p, q). */
export function dist(p: readonly Real[], q: readonly Real[]): number {
  if (p.length !== q.length) throw valueError('both points must have the same number of dimensions');
  let max = 0.0;
  let foundNan = false;
  const vec = p.map((pi, i) => {
    const x = Math.abs(toFloat(pi) - toFloat(q[i]));
    foundNan ||= Number.isNaN(x);
    if (x > max) max = x;
    return x;
  });
  return vectorNorm(vec, max, foundNan);
}

/** math.prod(iterable, *, start=1) over ints and floats. */
export function prod(items: Iterable<Real>, start: Real = 1n): bigint | number {
  let acc: bigint | number = typeof start === 'boolean' ? (start ? 1n : 0n) : start;
  for (const item of items) {
    const v = typeof item === 'boolean' ? (item ? 1n : 0n) : item;
    if (typeof acc === 'bigint' && typeof v === 'bigint') acc *= v;
    else acc = toFloat(acc) * toFloat(v);
  }
  return acc;
}

// ------------------------------------------------------- integer functions

const LLONG_MAX = 0x7fffffffffffffffn;

export function factorial(arg: Real): bigint {
  const n = int(arg);
  if (n < 0n) throw valueError('factorial() not defined for negative values');
  if (n > LLONG_MAX) throw overflowError('factorial() argument should not exceed 9223372036854775807');
  // Product of a range by halves keeps the operands balanced.
  const range = (lo: bigint, hi: bigint): bigint => {
    if (hi - lo < 8n) {
      let r = 1n;
      for (let i = lo; i <= hi; i++) r *= i;
      return r;
    }
    const mid = (lo + hi) >> 1n;
    return range(lo, mid) * range(mid + 1n, hi);
  };
  return n < 2n ? 1n : range(2n, n);
}

export function isqrt(arg: Real): bigint {
  const n = int(arg);
  if (n < 0n) throw valueError('isqrt() argument must be nonnegative');
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

function gcd2(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function gcd(...args: Real[]): bigint {
  let g = 0n;
  for (const a of args) g = gcd2(g, int(a));
  return g;
}

export function lcm(...args: Real[]): bigint {
  let l = 1n;
  for (const a of args) {
    const v = int(a);
    if (l === 0n || v === 0n) { l = 0n; continue; }
    l = (l / gcd2(l, v)) * v;
    if (l < 0n) l = -l;
  }
  return l;
}

export function perm(na: Real, ka: Real | null = null): bigint {
  if (ka === null) return factorial(na);
  const n = int(na);
  const k = int(ka);
  if (n < 0n) throw valueError('n must be a non-negative integer');
  if (k < 0n) throw valueError('k must be a non-negative integer');
  if (k > n) return 0n;
  if (k > LLONG_MAX) throw overflowError(`k must not exceed ${LLONG_MAX}`);
  let r = 1n;
  for (let i = n - k + 1n; i <= n; i++) r *= i;
  return r;
}

export function comb(na: Real, ka: Real): bigint {
  const n = int(na);
  let k = int(ka);
  if (n < 0n) throw valueError('n must be a non-negative integer');
  if (k < 0n) throw valueError('k must be a non-negative integer');
  if (k > n) return 0n;
  if (n - k < k) k = n - k;
  if (k > LLONG_MAX) throw overflowError(`min(n - k, k) must not exceed ${LLONG_MAX}`);
  let r = 1n;
  for (let i = 1n; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
