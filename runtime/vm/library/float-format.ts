// Float to decimal text as CPython's PyOS_double_to_string does it: repr is the
// shortest string that round-trips; 'e', 'f', 'g' with a precision are
// correctly rounded from the float's exact binary value, ties to even (JS's
// toFixed/toExponential break exact ties away from zero, so a tie is detected
// cheaply and redone on the exact decimal expansion).

export type FloatCode = 'e' | 'f' | 'g' | 'r';

export interface FloatFormatOptions {
  /** '#': keep the decimal point and, for 'g', trailing zeros. */
  alt?: boolean;
  /** Add '.0' to an integral result in fixed notation (repr, and format() without a type). */
  addDot0?: boolean;
  /** 'z': a result that rounds to zero loses its minus sign. */
  noNegZero?: boolean;
  /** Uppercase exponent and INF/NAN ('E', 'F', 'G'). */
  upper?: boolean;
}

/** A finite float's exact decimal digits: |x| = 0.digits x 10^decpt, digits without leading or trailing zeros ("0" for zero). */
export function exactDigits(x: number): { digits: string; decpt: number } {
  if (x === 0) return { digits: '0', decpt: 1 };
  const [m, e] = decompose(Math.abs(x));
  let s: string;
  let decpt: number;
  if (e >= 0) {
    s = (m << BigInt(e)).toString();
    decpt = s.length;
  } else {
    s = (m * 5n ** BigInt(-e)).toString();
    decpt = s.length + e;
  }
  return { digits: s.replace(/0+$/, ''), decpt };
}

const view = new DataView(new ArrayBuffer(8));

/** |x| = m * 2^e with m a 53-bit (or smaller, subnormal) integer. */
export function decompose(x: number): [bigint, number] {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return [frac, -1074];
  return [frac | (1n << 52n), exp - 1075];
}

/** The power of two in x's odd mantissa (x = odd * 2^k); x finite and non-zero. (No bigints: it runs for every 'f'/'e'/'g' format.) */
function oddExponent(x: number): number {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  const e = exp === 0 ? -1074 : exp - 1075;
  if (lo !== 0) return e + (31 - Math.clz32(lo & -lo));
  // The mantissa's high word (with the implicit bit for normal numbers).
  const mhi = (hi & 0xfffff) | (exp === 0 ? 0 : 0x100000);
  return e + 32 + (31 - Math.clz32(mhi & -mhi));
}

/**
 * Rounds exact digits (0.digits x 10^decpt) to `keep` leading digits, ties to
 * even; returns digits with trailing zeros stripped ("" when the result is 0).
 */
function roundDigits(digits: string, decpt: number, keep: number): { digits: string; decpt: number } {
  if (keep >= digits.length) return { digits, decpt };
  if (keep < 0) return { digits: '', decpt: decpt - keep };
  const next = digits.charCodeAt(keep) - 48;
  let up = next > 5;
  if (next === 5) {
    // The expansion has no trailing zeros, so anything after the 5 makes it above half.
    if (keep + 1 < digits.length) up = true;
    else up = keep > 0 && (digits.charCodeAt(keep - 1) - 48) % 2 === 1;
  }
  let kept = digits.slice(0, keep);
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === '9') i--;
    if (i < 0) return { digits: '1', decpt: decpt + 1 };
    kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  }
  return { digits: kept.replace(/0+$/, ''), decpt };
}

/** Shortest round-trip digits of a finite non-zero |x| (JS and CPython agree on these). */
function shortestDigits(x: number): { digits: string; decpt: number } {
  const s = Math.abs(x).toExponential();
  const ePos = s.indexOf('e');
  return { digits: s.slice(0, ePos).replace('.', ''), decpt: Number(s.slice(ePos + 1)) + 1 };
}

/**
 * Correctly rounded digits of |x| in dtoa's modes: 'sig' keeps n significant
 * digits (mode 2), 'fixed' n digits after the point (mode 3).
 */
export function roundedDigits(x: number, mode: 'sig' | 'fixed', n: number): { digits: string; decpt: number } {
  if (x === 0) return { digits: '0', decpt: 1 };
  const ax = Math.abs(x);
  if (mode === 'fixed' && n >= 0 && n <= 100 && ax < 1e21) {
    // toFixed is exact except that it breaks ties upward; a tie needs x*10^n*2 odd, i.e. odd exponent -(n+1).
    if (oddExponent(ax) !== -(n + 1)) return parsePlain(ax.toFixed(n));
  } else if (mode === 'sig' && n >= 1 && n <= 101) {
    const s = ax.toExponential(n - 1);
    const ePos = s.indexOf('e');
    const k = Number(s.slice(ePos + 1));
    const e2 = oddExponent(ax);
    // A tie needs x * 10^(n-1-k) * 2 to be an odd integer, so the odd exponent is k-n (k may be one too high after rounding up).
    if (e2 !== k - n && e2 !== k - 1 - n) {
      return { digits: s.slice(0, ePos).replace('.', '').replace(/0+$/, ''), decpt: k + 1 };
    }
  }
  const exact = exactDigits(ax);
  return roundDigits(exact.digits, exact.decpt, mode === 'sig' ? n : exact.decpt + n);
}

/** "123.4500" -> digits "12345", decpt 3; "0.0012" -> "12", -2; "0.00" -> "", -n. */
function parsePlain(s: string): { digits: string; decpt: number } {
  const dot = s.indexOf('.');
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const frac = dot < 0 ? '' : s.slice(dot + 1);
  const all = intPart + frac;
  let lead = 0;
  while (lead < all.length && all[lead] === '0') lead++;
  const digits = all.slice(lead).replace(/0+$/, '');
  if (digits === '') return { digits: '', decpt: -frac.length };
  return { digits, decpt: intPart.length - lead };
}

/**
 * PyOS_double_to_string(x, code, precision, flags): the text of x with a '-'
 * for negative values (no '+'; callers add signs). 'r' ignores the precision.
 */
export function formatFloat(x: number, code: FloatCode, precision: number, opts: FloatFormatOptions = {}): string {
  const upper = opts.upper ?? false;
  if (Number.isNaN(x)) return upper ? 'NAN' : 'nan';
  let negative = x < 0 || Object.is(x, -0);
  if (!Number.isFinite(x)) return (negative ? '-' : '') + (upper ? 'INF' : 'inf');

  let digits: string;
  let decpt: number;
  if (code === 'r') {
    ({ digits, decpt } = x === 0 ? { digits: '0', decpt: 1 } : shortestDigits(x));
  } else if (code === 'f') {
    ({ digits, decpt } = roundedDigits(x, 'fixed', precision));
  } else {
    if (code === 'g' && precision === 0) precision = 1;
    ({ digits, decpt } = roundedDigits(x, 'sig', code === 'e' ? precision + 1 : precision));
  }
  if (opts.noNegZero && negative && /^0*$/.test(digits)) negative = false;
  // The rest follows format_float_short: a slice [start, end) of the digits padded with zeros both ways.
  const alt = opts.alt ?? false;
  const addDot0 = opts.addDot0 ?? false;
  const len = digits.length;
  let end = len;
  let useExp = false;
  switch (code) {
    case 'e': useExp = true; end = precision + 1; break;
    case 'f': end = decpt + precision; break;
    case 'g':
      if (decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision)) useExp = true;
      if (alt) end = precision;
      break;
    case 'r':
      if (decpt <= -4 || decpt > 16) useExp = true;
      break;
  }
  let exp = 0;
  if (useExp) { exp = decpt - 1; decpt = 1; }
  const start = decpt <= 0 ? decpt - 1 : 0;
  if (!useExp && addDot0) end = Math.max(end, decpt + 1);
  else end = Math.max(end, decpt);
  end = Math.max(end, len);

  let out = '';
  if (decpt <= 0) out += '0'.repeat(decpt - start) + '.' + '0'.repeat(-decpt);
  else out += '0'.repeat(-start);
  if (decpt > 0 && decpt <= len) out += digits.slice(0, decpt) + '.' + digits.slice(decpt);
  else out += digits;
  if (len < decpt) out += '0'.repeat(decpt - len) + '.' + '0'.repeat(end - decpt);
  else out += '0'.repeat(end - len);
  if (out.endsWith('.') && !alt) out = out.slice(0, -1);
  if (useExp) {
    const a = Math.abs(exp);
    out += (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (a < 10 ? '0' : '') + a;
  }
  return (negative ? '-' : '') + out;
}

/** repr(float) / str(float). */
export function floatRepr(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return formatFloat(x, 'r', 0, { addDot0: true });
  // The common case without formatFloat's general layout: shortest digits, exponent outside [1e-5, 1e16).
  const s = x.toExponential();
  const ePos = s.indexOf('e');
  let mantissa = s.slice(0, ePos);
  const exp = Number(s.slice(ePos + 1));
  let sign = '';
  if (mantissa.charCodeAt(0) === 45) { sign = '-'; mantissa = mantissa.slice(1); }
  const digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const a = exp < 0 ? -exp : exp;
    return sign + m + (exp < 0 ? 'e-' : 'e+') + (a < 10 ? '0' : '') + a;
  }
  if (exp >= 0) {
    if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length) + '.0';
    return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  }
  return sign + '0.' + '0'.repeat(-exp - 1) + digits;
}
