// printf-style formatting, str % args, as CPython's PyUnicode_Format: flags
// - + space # 0, width and precision (or * from the arguments), mapping keys
// %(name)s, the conversions s r a c d i u o x X e E f F g G %, and the same
// errors ("not all arguments converted during string formatting", ...).
import { PyError, overflowError, typeError, valueError } from '../heap/py-error.ts';
import { formatFloat, type FloatCode } from './float-format.ts';
import { checkLength, type IntParts } from './format-spec.ts';
import { intToDecimal } from './int-text.ts';
import { asciiEscape } from './str-repr.ts';
import { strLength } from './str-methods.ts';
import type { ValueHost } from './value-host.ts';

const F_LJUST = 1;
const F_SIGN = 2;
const F_BLANK = 4;
const F_ALT = 8;
const F_ZERO = 16;

interface Arg {
  ch: string;
  flags: number;
  width: number;
  prec: number;
  /** Whether the converted text may carry a sign (numbers). */
  sign: boolean;
}

/** format % args. */
export function percentFormat<V>(host: ValueHost<V>, format: string, args: V): string {
  const items = host.tupleItems(args);
  let current: V = args;
  let argLen = items ? items.length : -1;
  let argIdx = items ? 0 : -2;
  let tuple = items;
  // (A big int the host keeps natively is no mapping: asked first, it skips primitive()'s conversion.)
  const dict = !items && host.bigInt?.(args) === undefined && host.primitive(args) === undefined && host.isMapping(args) ? args : null;
  // A str is never a mapping here; other primitives neither.
  const nextArg = (): V => {
    if (argIdx < argLen) {
      argIdx++;
      return argLen < 0 ? current : tuple![argIdx - 1];
    }
    throw typeError('not enough arguments for format string');
  };

  const chars = Array.from(format);
  let pos = 0;
  let out = '';
  while (pos < chars.length) {
    if (chars[pos] !== '%') {
      const start = pos;
      while (pos < chars.length && chars[pos] !== '%') pos++;
      out += chars.slice(start, pos).join('');
      continue;
    }
    pos++; // the '%'
    if (pos < chars.length && chars[pos] === '%') { out += '%'; pos++; continue; }
    let remaining = chars.length - pos;
    const arg: Arg = { ch: '', flags: 0, width: -1, prec: -1, sign: false };
    if (pos < chars.length && chars[pos] === '(') {
      if (dict === null) throw typeError('format requires a mapping');
      pos++;
      remaining--;
      const keyStart = pos;
      let depth = 1;
      while (depth > 0 && remaining > 0) {
        if (chars[pos] === ')') depth--;
        else if (chars[pos] === '(') depth++;
        pos++;
        remaining--;
      }
      if (depth > 0) throw valueError('incomplete format key');
      const key = chars.slice(keyStart, pos - 1).join('');
      current = host.getItem(dict, key);
      tuple = undefined;
      argLen = -1;
      argIdx = -2;
    }
    // read() follows CPython's "--fmtcnt >= 0" walk: false once the format is exhausted.
    const read = (): boolean => {
      if (--remaining >= 0) { arg.ch = chars[pos++]; return true; }
      return false;
    };
    while (read()) {
      const f = arg.ch === '-' ? F_LJUST : arg.ch === '+' ? F_SIGN : arg.ch === ' ' ? F_BLANK : arg.ch === '#' ? F_ALT : arg.ch === '0' ? F_ZERO : 0;
      if (f === 0) break;
      arg.flags |= f;
    }
    if (arg.ch === '*') {
      arg.width = starArg(host, nextArg(), 'width');
      if (arg.width < 0) { arg.flags |= F_LJUST; arg.width = -arg.width; }
      read();
    } else if (arg.ch >= '0' && arg.ch <= '9') {
      let digits = arg.ch;
      while (read()) {
        if (arg.ch < '0' || arg.ch > '9') break;
        digits += arg.ch;
        if (BigInt(digits) > 0x7fffffffffffffffn) throw valueError('width too big');
      }
      arg.width = Number(digits);
    }
    if (arg.ch === '.') {
      arg.prec = 0;
      read();
      if ((arg.ch as string) === '*') {
        arg.prec = starArg(host, nextArg(), 'precision');
        if (arg.prec < 0) arg.prec = 0;
        read();
      } else if ((arg.ch as string) >= '0' && (arg.ch as string) <= '9') {
        let digits: string = arg.ch;
        while (read()) {
          if (arg.ch < '0' || arg.ch > '9') break;
          digits += arg.ch;
          if (BigInt(digits) > 0x7fffffffn) throw valueError('precision too big');
        }
        arg.prec = Number(digits);
      }
    }
    if (remaining >= 0 && (arg.ch === 'h' || arg.ch === 'l' || arg.ch === 'L')) read();
    if (remaining < 0) throw valueError('incomplete format');

    const value = nextArg();
    checkLength(Math.max(arg.width, arg.prec));
    const text = convert(host, arg, value, pos - 1);
    out += pad(arg, text);
    if (dict !== null && argIdx < argLen) throw typeError('not all arguments converted during string formatting');
  }
  if (argIdx < argLen && dict === null) throw typeError('not all arguments converted during string formatting');
  return out;
}

function starArg<V>(host: ValueHost<V>, v: V, what: string): number {
  const p = host.primitive(v);
  if (typeof p !== 'bigint' && typeof p !== 'boolean') throw typeError('* wants int');
  const b = typeof p === 'boolean' ? (p ? 1n : 0n) : p;
  if (what === 'width') {
    if (b > 0x7fffffffffffffffn || b < -0x8000000000000000n) throw overflowError('Python int too large to convert to C ssize_t');
  } else if (b > 0x7fffffffn || b < -0x80000000n) {
    throw overflowError('Python int too large to convert to C int');
  }
  return Number(b);
}

function convert<V>(host: ValueHost<V>, arg: Arg, v: V, index: number): string {
  // A big int the host keeps natively: its digits or float without a V8 BigInt.
  const parts = host.bigInt?.(v);
  if (parts !== undefined) {
    switch (arg.ch) {
      case 's': return host.str(v);
      case 'i': case 'd': case 'u': case 'o': case 'x': case 'X':
        arg.sign = true;
        return formatLongParts(parts, arg);
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
        arg.sign = true;
        const code = arg.ch.toLowerCase() as FloatCode;
        return formatFloat(parts.toFloat(), code, arg.prec < 0 ? 6 : arg.prec, { alt: (arg.flags & F_ALT) !== 0, upper: arg.ch !== code });
      }
      default: break;
    }
  }
  const p = host.primitive(v);
  switch (arg.ch) {
    case 's': return p === undefined ? host.str(v) : primitiveStr(host, v, p);
    case 'r': return host.repr(v);
    case 'a': return asciiEscape(host.repr(v));
    case 'i': case 'd': case 'u': case 'o': case 'x': case 'X': {
      arg.sign = true;
      return formatLong(integerOf(host, v, p, arg.ch), arg);
    }
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
      arg.sign = true;
      const x = floatOf(host, v, p);
      const code = arg.ch.toLowerCase() as FloatCode;
      return formatFloat(x, code, arg.prec < 0 ? 6 : arg.prec, { alt: (arg.flags & F_ALT) !== 0, upper: arg.ch !== code });
    }
    case 'c': return charOf(host, v, p);
    default: {
      const c = arg.ch.codePointAt(0)!;
      const shown = c >= 31 && c <= 126 ? arg.ch : '?';
      throw valueError(`unsupported format character '${shown}' (0x${c.toString(16)}) at index ${index}`);
    }
  }
}

function primitiveStr<V>(host: ValueHost<V>, v: V, p: unknown): string {
  if (typeof p === 'string') return p;
  return host.str(v);
}

function integerOf<V>(host: ValueHost<V>, v: V, p: unknown, type: string): bigint {
  const wrong = (): PyError => typeError(type === 'o' || type === 'x' || type === 'X'
    ? `%${type} format: an integer is required, not ${host.typeName(v)}`
    : `%${type} format: a real number is required, not ${host.typeName(v)}`);
  if (typeof p === 'bigint') return p;
  if (typeof p === 'boolean') return p ? 1n : 0n;
  if (typeof p === 'string') throw wrong();
  if (typeof p === 'number') {
    if (type === 'o' || type === 'x' || type === 'X') throw wrong();
    if (Number.isNaN(p)) throw valueError('cannot convert float NaN to integer');
    if (!Number.isFinite(p)) throw overflowError('cannot convert float infinity to integer');
    return BigInt(Math.trunc(p));
  }
  const r = type === 'o' || type === 'x' || type === 'X' ? host.index(v) : host.toInt(v);
  if (r === undefined) throw wrong();
  return r;
}

function floatOf<V>(host: ValueHost<V>, v: V, p: unknown): number {
  if (typeof p === 'number') return p;
  if (typeof p === 'bigint') {
    const d = Number(p);
    if (!Number.isFinite(d)) throw overflowError('int too large to convert to float');
    return d;
  }
  if (typeof p === 'boolean') return p ? 1 : 0;
  const r = typeof p === 'string' ? undefined : host.toFloat(v);
  if (r === undefined) throw typeError(`must be real number, not ${host.typeName(v)}`);
  return r;
}

function charOf<V>(host: ValueHost<V>, v: V, p: unknown): string {
  if (typeof p === 'string') {
    if (strLength(p) === 1) return p;
    throw typeError('%c requires int or char');
  }
  let b: bigint | undefined;
  if (typeof p === 'bigint') b = p;
  else if (typeof p === 'boolean') b = p ? 1n : 0n;
  else if (typeof p === 'number') b = undefined;
  else b = host.index(v);
  if (b === undefined) throw typeError('%c requires int or char');
  if (b < 0n || b > 0x10ffffn) throw overflowError('%c arg not in range(0x110000)');
  return String.fromCodePoint(Number(b));
}

/** _PyUnicode_FormatLong: digits with the base marker only under '#', zero-extended to the precision. */
function formatLong(b: bigint, arg: Arg): string {
  return formatLongWith(b, null, arg);
}

function formatLongParts(p: IntParts, arg: Arg): string {
  return formatLongWith(0n, p, arg);
}

/** The digits of |b| (p === null) or of p in a radix. */
function longDigits(b: bigint, p: IntParts | null, radix: 8 | 10 | 16): string {
  if (p !== null) return p.digits(radix);
  const abs = b < 0n ? -b : b;
  return radix === 10 ? intToDecimal(abs) : abs.toString(radix);
}

/** formatLong of b, or of p when given (no allocation for V8 BigInts: %d is hot). */
function formatLongWith(b: bigint, p: IntParts | null, arg: Arg): string {
  const negative = p !== null ? p.negative : b < 0n;
  let digits: string;
  let marker = '';
  switch (arg.ch) {
    case 'o': digits = longDigits(b, p, 8); marker = '0o'; break;
    case 'x': digits = longDigits(b, p, 16); marker = '0x'; break;
    case 'X': digits = longDigits(b, p, 16).toUpperCase(); marker = '0X'; break;
    default: digits = longDigits(b, p, 10); break;
  }
  if (arg.prec > digits.length) digits = '0'.repeat(arg.prec - digits.length) + digits;
  if ((arg.flags & F_ALT) === 0) marker = '';
  return (negative ? '-' : '') + marker + digits;
}

/** unicode_format_arg_output: truncation, sign, '0x' prefix and padding. */
function pad(arg: Arg, str: string): string {
  let len = strLength(str);
  if ((arg.width === -1 || arg.width <= len) && (arg.prec === -1 || arg.prec >= len) && (arg.flags & (F_SIGN | F_BLANK)) === 0) {
    return str;
  }
  let body = str;
  if (arg.ch === 's' || arg.ch === 'r' || arg.ch === 'a') {
    if (arg.prec >= 0 && len > arg.prec) {
      body = Array.from(str).slice(0, arg.prec).join('');
      len = arg.prec;
    }
  }
  // The fill is chosen before a number without a sign character drops its sign slot.
  const fill = arg.sign && (arg.flags & F_ZERO) ? '0' : ' ';
  let sign = '';
  let hasSign = arg.sign;
  if (hasSign) {
    if (body[0] === '-' || body[0] === '+') { sign = body[0]; body = body.slice(1); len--; }
    else if (arg.flags & F_SIGN) sign = '+';
    else if (arg.flags & F_BLANK) sign = ' ';
    else hasSign = false;
  }
  let width = Math.max(arg.width, len);
  let out = '';
  if (hasSign) {
    if (fill !== ' ') out += sign;
    if (width > len) width--;
  }
  const alt = (arg.flags & F_ALT) !== 0 && (arg.ch === 'x' || arg.ch === 'X' || arg.ch === 'o');
  let prefix = '';
  if (alt) {
    prefix = body.slice(0, 2);
    body = body.slice(2);
    if (fill !== ' ') out += prefix;
    width = Math.max(0, width - 2);
    len -= 2;
  }
  if (width > len && (arg.flags & F_LJUST) === 0) {
    out += fill.repeat(width - len);
    width = len;
  }
  if (fill === ' ') {
    if (hasSign) out += sign;
    if (alt) out += prefix;
  }
  out += body;
  if (width > len) out += ' '.repeat(width - len);
  return out;
}
