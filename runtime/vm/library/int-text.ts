// Text <-> number conversions with CPython 3.11's rules: int(s, base) (signs,
// prefixes, underscores, Unicode digits and spaces, the 4300-digit limit),
// float(s), str(int) and its limit, hex/oct/bin, float.hex/fromhex.
import { PyError, overflowError, valueError } from '../heap/py-error.ts';
import { strRepr } from './str-repr.ts';
import { decimalValue, isSpace } from './unicode.ts';

/** sys.get_int_max_str_digits() default (PEP 651's int/str conversion limit). */
export const MAX_STR_DIGITS = 4300;

/**
 * Below 2^14284 an int has at most 4300 digits, from 2^14286 on more: past
 * this many bits str() raises without converting, below it counts the digits.
 */
export const MAX_STR_BITS = 14290;

/** The ValueError str(int) raises past MAX_STR_DIGITS digits. */
export function limitError(): PyError {
  return valueError(`Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`);
}

/** str(int): decimal text, ValueError past 4300 digits. */
export function intToDecimal(b: bigint): string {
  const bits = (b < 0n ? -b : b).toString(16).length * 4;
  if (bits > MAX_STR_BITS) throw limitError();
  const s = b.toString();
  if (s.length - (b < 0n ? 1 : 0) > MAX_STR_DIGITS) throw limitError();
  return s;
}

/** float(int): correctly rounded, OverflowError when it does not fit. */
export function intToFloat(b: bigint): number {
  const d = Number(b);
  if (!Number.isFinite(d)) throw overflowError('int too large to convert to float');
  return d;
}

function prefixed(b: bigint, radix: number, prefix: string): string {
  return b < 0n ? `-${prefix}${(-b).toString(radix)}` : `${prefix}${b.toString(radix)}`;
}
export const intToHex = (b: bigint): string => prefixed(b, 16, '0x');
export const intToOct = (b: bigint): string => prefixed(b, 8, '0o');
export const intToBin = (b: bigint): string => prefixed(b, 2, '0b');

/**
 * The ASCII form CPython parses numbers from
 * (_PyUnicode_TransformDecimalAndSpaceToASCII): Unicode spaces become ' ',
 * Unicode decimal digits their ASCII digit, other non-ASCII chars '?'.
 */
function toAsciiDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 128) { out += ch; continue; }
    if (isSpace(c)) { out += ' '; continue; }
    const d = decimalValue(c);
    out += d >= 0 ? String.fromCharCode(48 + d) : '?';
  }
  return out;
}

function isAsciiSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
}

const PLAIN_DECIMAL = /^[ \t\n\r\v\f]*([+-]?)([0-9]+)[ \t\n\r\v\f]*$/;

function digitLimitError(count: number): PyError {
  return valueError(`Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${count} digits; use sys.set_int_max_str_digits() to increase the limit`);
}

/** int(text, base): text is the Python str; base 0 or 2..36. */
export function parseInt(text: string, base = 10): bigint {
  return valueOfDigits(scanInt(text, base));
}

/** What int(text, base) read: the digits (no sign, prefix or underscores) and their base. */
export interface ScannedInt { digits: string; base: number; negative: boolean }

const PLAIN_RADIX = /^[ \t\n\r\v\f]*([+-]?)(?:0([xXoObB]))?([0-9A-Za-z]+)[ \t\n\r\v\f]*$/;
const PREFIX_BASE: Record<string, number> = { x: 16, X: 16, o: 8, O: 8, b: 2, B: 2 };
const PLAIN_DIGITS: RegExp[] = [];

/**
 * scanInt's fast path for an ASCII literal without underscores in a base
 * other than 10 (long hex texts, say): null when anything needs the full scan.
 */
function plainRadix(text: string, base: number): ScannedInt | null {
  const m = PLAIN_RADIX.exec(text);
  if (m === null) return null;
  let b = base;
  let digits = m[3];
  if (m[2] !== undefined) {
    const p = PREFIX_BASE[m[2]];
    if (base === 0) b = p;
    else if (p !== base) {
      if (base <= 11 || (base <= 24 && (m[2] === 'o' || m[2] === 'O'))) return null; // '0x..' in base 8 etc.: the full scan's error
      digits = `0${m[2]}${digits}`; // '0b1' in base 16 is three digits
    }
  } else if (base === 0) {
    return null; // decimal with base 0: the leading-zero rule
  }
  const re = (PLAIN_DIGITS[b] ??= new RegExp(`^[${b <= 10 ? `0-${b - 1}` : `0-9a-${String.fromCharCode(86 + b)}A-${String.fromCharCode(54 + b)}`}]+$`));
  if (!re.test(digits)) return null;
  if ((b & (b - 1)) !== 0 && digits.length > MAX_STR_DIGITS) throw digitLimitError(digits.length);
  return { digits, base: b, negative: m[1] === '-' };
}

/** int(text, base)'s checks and errors, without the conversion. */
export function scanInt(text: string, base = 10): ScannedInt {
  // Plain ASCII decimal (the common case, and long texts): no per-char rebuilding.
  if (base === 10) {
    const m = PLAIN_DECIMAL.exec(text);
    if (m) {
      if (m[2].length > MAX_STR_DIGITS) throw digitLimitError(m[2].length);
      return { digits: m[2], base: 10, negative: m[1] === '-' };
    }
  }
  if (base !== 0 && (base < 2 || base > 36)) throw valueError('int() base must be >= 2 and <= 36, or 0');
  const plain = plainRadix(text, base);
  if (plain !== null) return plain;
  const invalid = () => {
    let r = strRepr(text);
    if (r.length > 200) r = r.slice(0, 200);
    return valueError(`invalid literal for int() with base ${base}: ${r}`);
  };
  const s = toAsciiDigits(text);
  let i = 0;
  const n = s.length;
  while (i < n && isAsciiSpace(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') { negative = s[i] === '-'; i++; }
  let b = base;
  let prefixSeen = false;
  if (b === 0) {
    if (s[i] !== '0') b = 10;
    else if (s[i + 1] === 'x' || s[i + 1] === 'X') b = 16;
    else if (s[i + 1] === 'o' || s[i + 1] === 'O') b = 8;
    else if (s[i + 1] === 'b' || s[i + 1] === 'B') b = 2;
    else b = 10;
  }
  if (s[i] === '0' && ((b === 16 && (s[i + 1] === 'x' || s[i + 1] === 'X'))
    || (b === 8 && (s[i + 1] === 'o' || s[i + 1] === 'O'))
    || (b === 2 && (s[i + 1] === 'b' || s[i + 1] === 'B')))) {
    i += 2;
    prefixSeen = true;
    // One underscore may follow the prefix.
    if (s[i] === '_') i++;
  }
  // Digits with single underscores between them.
  const start = i;
  let digits = '';
  let lastUnderscore = false;
  while (i < n) {
    const c = s[i];
    if (c === '_') {
      if (lastUnderscore || i === start) throw invalid();
      lastUnderscore = true;
      i++;
      continue;
    }
    if (digitValue(c.charCodeAt(0)) >= b) break;
    digits += c;
    lastUnderscore = false;
    i++;
  }
  if (lastUnderscore || digits.length === 0) throw invalid();
  // base 0: a decimal literal with a leading zero must be all zeros ("00" yes, "01" no).
  if (base === 0 && b === 10 && !prefixSeen && digits[0] === '0' && /[1-9]/.test(digits)) throw invalid();
  // CPython counts the digits (not underscores) before it looks at what follows them.
  if ((b & (b - 1)) !== 0 && digits.length > MAX_STR_DIGITS) {
    throw digitLimitError(digits.length);
  }
  while (i < n && isAsciiSpace(s[i])) i++;
  if (i !== n) throw invalid();
  return { digits, base: b, negative };
}

/** The value of scanned digits. */
export function valueOfDigits({ digits, base: b, negative }: ScannedInt): bigint {
  let v: bigint;
  if (b === 10) v = BigInt(digits);
  else if (b === 16) v = BigInt('0x' + digits);
  else if (b === 8) v = BigInt('0o' + digits);
  else if (b === 2) v = BigInt('0b' + digits);
  else {
    v = 0n;
    const B = BigInt(b);
    // Chunks of digits that fit a double exactly keep this linear in bigint operations.
    const chunk = Math.floor(Math.log(2 ** 53) / Math.log(b));
    for (let k = 0; k < digits.length; k += chunk) {
      const piece = digits.slice(k, k + chunk);
      let x = 0;
      for (const c of piece) x = x * b + digitValue(c.charCodeAt(0));
      v = v * B ** BigInt(piece.length) + BigInt(x);
    }
  }
  return negative ? -v : v;
}

/** float('-nan'): a NaN with the sign bit set, as CPython's strtod gives it. */
const NEGATIVE_NAN = new Float64Array(new BigUint64Array([0xfff8000000000000n]).buffer)[0];

const FLOAT_BODY = /^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)$/;

/** float(text) for a str argument. */
export function parseFloat(text: string): number {
  const s = toAsciiDigits(text).replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
  const lower = s.toLowerCase();
  const unsigned = lower[0] === '+' || lower[0] === '-' ? lower.slice(1) : lower;
  if (unsigned === 'inf' || unsigned === 'infinity') return lower[0] === '-' ? -Infinity : Infinity;
  if (unsigned === 'nan') return lower[0] === '-' ? NEGATIVE_NAN : NaN;
  if (!FLOAT_BODY.test(s)) throw valueError(`could not convert string to float: ${strRepr(text)}`);
  const d = Number(s.replace(/_/g, ''));
  return d === 0 && s[0] === '-' ? -0 : d;
}

/** float.hex(x). */
export function floatToHex(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0x0.0p+0`;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exp = Number(bits >> 52n);
  const frac = bits & ((1n << 52n) - 1n);
  const hex = frac.toString(16).padStart(13, '0');
  if (exp === 0) return `${sign}0x0.${hex}p-1022`;
  const e = exp - 1023;
  return `${sign}0x1.${hex}p${e < 0 ? '-' : '+'}${Math.abs(e)}`;
}

/** float.fromhex(s), correctly rounded (ties to even), with CPython's errors. */
export function floatFromHex(text: string): number {
  const s = text.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
  const lower = s.toLowerCase();
  const unsigned = lower[0] === '+' || lower[0] === '-' ? lower.slice(1) : lower;
  const negative = lower[0] === '-';
  if (unsigned === 'inf' || unsigned === 'infinity') return negative ? -Infinity : Infinity;
  if (unsigned === 'nan') return negative ? NEGATIVE_NAN : NaN;
  const m = /^(?:0x)?([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/.exec(unsigned);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw valueError('invalid hexadecimal floating-point string');
  const intDigits = m[1];
  const fracDigits = m[2] ?? '';
  let mant = BigInt('0x0' + intDigits + fracDigits);
  let exp = (m[3] === undefined ? 0 : Number(m[3])) - 4 * fracDigits.length;
  if (mant === 0n) return negative ? -0 : 0;
  // Exponent out of any reasonable range: overflow or underflow (CPython's limits).
  const bitLen = mant.toString(2).length;
  const top = bitLen + exp; // value in [2^(top-1), 2^top)
  if (top > 1024) throw overflowError('hexadecimal value too large to represent as a float');
  if (top < -1076) return negative ? -0 : 0;
  // Keep 53 bits (fewer for subnormals: the last kept bit is 2^-1074), rounding half to even on the rest.
  const keep = Math.min(53, top + 1074);
  const drop = bitLen - keep;
  if (drop > 0) {
    const rest = mant & ((1n << BigInt(drop)) - 1n);
    mant >>= BigInt(drop);
    exp += drop;
    const half = 1n << BigInt(drop - 1);
    if (rest > half || (rest === half && (mant & 1n) === 1n)) mant += 1n;
  }
  // mant * 2^exp is now exact in a double (exp >= -1074), unless it overflowed.
  const r = Number(mant) * 2 ** exp;
  if (!Number.isFinite(r)) throw overflowError('hexadecimal value too large to represent as a float');
  return negative ? -r : r;
}
