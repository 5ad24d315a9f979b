// int(s) and float(s) of a huge str with python3's results and errors. Only
// the text between the surrounding whitespace is parsed; when that is short
// (a number padded with spaces) it is parsed as an ordinary str, and the
// error names the whole str as CPython does (int: its repr cut to 200
// characters; float: the whole repr).
import { V8_MAX_STRING_UNITS, type HugeStr, memoryError, sliceUnits, unitsOf } from '../heap/huge-str.ts';
import { PyError, valueError } from '../heap/py-error.ts';
import { MAX_STR_DIGITS, parseFloat as parseFloatText, parseInt as parseIntText } from '../library/int-text.ts';
import { reprQuote, strReprBody } from '../library/str-repr.ts';
import { decimalValue } from '../library/unicode.ts';
import * as S from '../library/str-methods.ts';
import { hugeRepr } from './huge-strs.ts';

/** Longest stripped text parsed as one ordinary str. */
const SHORT_CORE = 1 << 16;

/** Unit bounds of t without its leading and trailing Python whitespace. */
function coreBounds(t: HugeStr): [number, number] {
  let a = t.units;
  for (let c = 0; c < t.chunks.length; c++) {
    const kept = S.lstrip(t.chunks[c]);
    if (kept.length > 0) { a = t.unitStart[c] + t.chunks[c].length - kept.length; break; }
  }
  let b = a;
  for (let c = t.chunks.length - 1; c >= 0 && t.unitStart[c + 1] > a; c--) {
    const kept = S.rstrip(t.chunks[c]);
    if (kept.length > 0) { b = Math.max(a, t.unitStart[c] + kept.length); break; }
  }
  return [a, b];
}

/** repr(t) cut to n characters (CPython's %.200R), without building the whole repr. */
function reprPrefix(t: HugeStr, n: number): string {
  const quote = reprQuote(t.chunks.some((c) => c.includes("'")), t.chunks.some((c) => c.includes('"')));
  const head = Array.from(t.unitSlice(0, 4 * n)).slice(0, n).join('');
  return Array.from(quote + strReprBody(head, quote) + (t.length <= n ? quote : '')).slice(0, n).join('');
}

function isValueError(e: unknown): e is PyError {
  return e instanceof PyError && e.pyType === 'ValueError';
}

/** A run of nothing but ASCII digits of the radix. */
function plainDigits(radix: number): RegExp {
  const top = radix <= 10 ? `0-${radix - 1}` : `0-9a-${String.fromCharCode(86 + radix)}A-${String.fromCharCode(54 + radix)}`;
  return new RegExp(`^[${top}]+$`);
}

/** int(t, base): its value, or the digit run of a long literal (a chunk at a time: past V8's BigInt and string sizes). */
export function hugeParseInt(t: HugeStr, base: number): bigint | DigitRun {
  const invalid = () => valueError(`invalid literal for int() with base ${base}: ${reprPrefix(t, 200)}`);
  const [a, b] = coreBounds(t);
  if (b - a <= SHORT_CORE) {
    try {
      return parseIntText(sliceUnits(t, a, b), base);
    } catch (e) {
      if (isValueError(e) && e.pyMessage.startsWith('invalid literal')) throw invalid();
      throw e;
    }
  }
  // A long core: the base's checks on a short head (sign, prefix), then the digit run is counted.
  if (base !== 0 && (base < 2 || base > 36)) throw valueError('int() base must be >= 2 and <= 36, or 0');
  const head = sliceUnits(t, a, a + 4);
  let i = head[0] === '+' || head[0] === '-' ? 1 : 0;
  let radix = base;
  const p = head.slice(i, i + 2).toLowerCase();
  const prefix = p === '0x' ? 16 : p === '0o' ? 8 : p === '0b' ? 2 : 0;
  if (base === 0) radix = prefix || 10;
  if (prefix !== 0 && prefix === radix) i += 2;
  let digits = 0;
  let underscore = false;
  // An underscore may follow a digit, or the prefix once.
  let underscoreOk = i > 0 && prefix !== 0 && prefix === radix;
  let valid = true;
  let at = a + i;
  const plain = plainDigits(radix);
  scan: for (let u = at; u < b; u += SHORT_CORE) {
    const piece = sliceUnits(t, u, Math.min(b, u + SHORT_CORE));
    if (plain.test(piece)) { // all ASCII digits of the base: no per-char work
      digits += piece.length;
      underscore = false;
      underscoreOk = true;
      at += piece.length;
      continue;
    }
    for (const ch of piece) {
      const c = ch.codePointAt(0)!;
      if (c === 0x5f) {
        if (!underscoreOk) { valid = false; break scan; }
        underscore = true;
        underscoreOk = false;
      } else {
        const d = c < 128 ? parseInt(ch, 36) : decimalValue(c);
        if (!(d >= 0 && d < radix)) break scan;
        digits++;
        underscore = false;
        underscoreOk = true;
      }
      at += ch.length;
    }
  }
  // CPython counts the digits before it looks at what follows them.
  if (valid && (radix & (radix - 1)) !== 0 && digits > MAX_STR_DIGITS) {
    throw valueError(`Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`);
  }
  if (!valid || underscore || digits === 0 || at < b) throw invalid();
  // A valid literal past 64K units (a power-of-two base: others stop at 4300 digits): its digits, for native code.
  const from = a + i;
  return {
    radix,
    negative: head[0] === '-',
    digits,
    pieces(fn: (ascii: string) => void): void {
      for (let u = from; u < b; u += SHORT_CORE) {
        let piece = sliceUnits(t, u, Math.min(b, u + SHORT_CORE)).replace(/_/g, '');
        // Unicode decimal digits as their ASCII digit.
        if (/[^\x00-\x7f]/.test(piece)) piece = Array.from(piece, (ch) => (ch.charCodeAt(0) < 128 ? ch : String(decimalValue(ch.codePointAt(0)!)))).join('');
        fn(piece);
      }
    },
  };
}

/** The digits of a long valid int() literal (no sign, prefix or underscores), in ASCII pieces. */
export interface DigitRun {
  radix: number;
  negative: boolean;
  /** How many digits pieces() gives in all. */
  digits: number;
  pieces(fn: (ascii: string) => void): void;
}

/** Significant digits kept by parseLongFloat: a value halfway between two doubles has at most 767. */
const KEPT_DIGITS = 800;

/**
 * float() of a long core (units a..b of t), a chunk at a time: its first
 * KEPT_DIGITS significant digits, a sticky 1 for any nonzero digit after
 * them, and the decimal exponent, given to V8 as a short literal (correctly
 * rounded: the sticky digit breaks ties as the dropped digits would). Null
 * when the text is not a float literal.
 */
function parseLongFloat(t: HugeStr, a: number, b: number): number | null {
  // Phases: 0 sign, 1 integer digits, 2 fraction digits, 3 exponent sign, 4 exponent digits.
  let phase = 0;
  let negative = false;
  let expNegative = false;
  let sig = '';
  let sticky = false;
  let pointExp = 0; // decimal exponent of the point relative to sig's first digit
  let seenNonzero = false;
  let intDigits = 0, fracDigits = 0, expDigits = 0;
  let exp = 0;
  let lastDigit = false; // the previous char was a digit (an underscore may follow)
  let lastUnderscore = false;
  const digit = (d: number): void => {
    if (phase === 4) {
      if (exp < 1e15) exp = exp * 10 + d;
      expDigits++;
    } else {
      if (phase === 1) intDigits++;
      else fracDigits++;
      if (d !== 0 || seenNonzero) {
        seenNonzero = true;
        if (sig.length < KEPT_DIGITS) sig += String.fromCharCode(48 + d);
        else if (d !== 0) sticky = true;
        if (phase === 1) pointExp++;
      } else if (phase === 2) {
        pointExp--; // a leading zero of the fraction
      }
    }
    lastDigit = true;
    lastUnderscore = false;
  };
  for (let u = a; u < b; u += SHORT_CORE) {
    const piece = sliceUnits(t, u, Math.min(b, u + SHORT_CORE));
    if ((phase === 1 || phase === 2) && seenNonzero && sig.length >= KEPT_DIGITS && /^[0-9]+$/.test(piece)) {
      // Past the kept digits: only whether one is nonzero, and how many before the point.
      if (!sticky && /[1-9]/.test(piece)) sticky = true;
      if (phase === 1) { intDigits += piece.length; pointExp += piece.length; } else fracDigits += piece.length;
      lastDigit = true;
      lastUnderscore = false;
      continue;
    }
    if ((phase === 1 || phase === 2) && !seenNonzero && /^0+$/.test(piece)) {
      // Leading zeros: only where the point is.
      if (phase === 1) intDigits += piece.length; else { fracDigits += piece.length; pointExp -= piece.length; }
      lastDigit = true;
      lastUnderscore = false;
      continue;
    }
    for (const ch of piece) {
      const c = ch.codePointAt(0)!;
      let d = c >= 48 && c <= 57 ? c - 48 : c >= 128 ? decimalValue(c) : -1;
      if (d >= 0) {
        if (phase < 1) phase = 1;
        else if (phase === 3) phase = 4;
        digit(d);
        continue;
      }
      d = -1;
      if (ch === '_') {
        if (!lastDigit) return null;
        lastDigit = false;
        lastUnderscore = true;
        continue;
      }
      if (lastUnderscore) return null;
      if ((ch === '+' || ch === '-') && (phase === 0 || phase === 3)) {
        if (phase === 0) { negative = ch === '-'; phase = 0.5; } else { expNegative = ch === '-'; phase = 4; }
        lastDigit = false;
        continue;
      }
      if (ch === '.' && (phase === 0 || phase === 0.5 || phase === 1)) {
        phase = 2;
        lastDigit = false;
        continue;
      }
      if ((ch === 'e' || ch === 'E') && (phase === 1 || phase === 2) && intDigits + fracDigits > 0) {
        phase = 3;
        lastDigit = false;
        continue;
      }
      return null;
    }
  }
  if (lastUnderscore || intDigits + fracDigits === 0 || ((phase === 3 || phase === 4) && expDigits === 0)) return null;
  if (sig === '') return negative ? -0 : 0;
  const e = pointExp + (expNegative ? -exp : exp);
  return Number(`${negative ? '-' : ''}0.${sig}${sticky ? '1' : ''}e${e}`);
}

/** float(t). */
export function hugeParseFloat(t: HugeStr): number {
  const [a, b] = coreBounds(t);
  if (b - a > SHORT_CORE) {
    const v = parseLongFloat(t, a, b);
    if (v !== null) return v;
  }
  // An invalid core past one V8 string: its error message would not fit one either.
  if (b - a > V8_MAX_STRING_UNITS) throw memoryError();
  try {
    return parseFloatText(sliceUnits(t, a, b));
  } catch (e) {
    if (!isValueError(e)) throw e;
    const r = hugeRepr(t);
    if (typeof r !== 'string' && unitsOf(r) > V8_MAX_STRING_UNITS) throw memoryError();
    throw valueError(`could not convert string to float: ${typeof r === 'string' ? r : r.chunks.join('')}`);
  }
}
