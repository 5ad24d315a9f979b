// The format-spec mini-language (format(value, spec), f-string specs,
// str.format fields) for int, bool, float and str, as CPython's
// Python/formatter_unicode.c does it: parsing, its errors, and the layout of
// sign, prefix, zero padding with grouping, alignment and fill.
import { PyError, valueError } from '../heap/py-error.ts';
import { formatFloat, floatRepr, type FloatCode } from './float-format.ts';
import { intToDecimal, intToFloat } from './int-text.ts';

export interface FormatSpec {
  fill: string;
  /** '<', '>', '^', '=' or '' when not given. */
  align: string;
  /** '+', '-', ' ' or '' when not given. */
  sign: string;
  noNegZero: boolean;
  alternate: boolean;
  /** -1 when not given. */
  width: number;
  /** ',' or '_' ('_4' for every four digits in b/o/x/X), '' when not given. */
  grouping: string;
  /** -1 when not given. */
  precision: number;
  /** The type character, '' when not given. */
  type: string;
  /** True when the fill was given explicitly (with an alignment). */
  fillGiven: boolean;
}

const ALIGNS = '<>=^';

/** A char for an error message: itself when printable ASCII, else \x escaped. */
function codeText(c: string): string {
  const n = c.codePointAt(0)!;
  return n > 32 && n < 128 ? c : `\\x${n.toString(16)}`;
}

/** parse_internal_render_format_spec; typeName names the object in "Invalid format specifier". */
export function parseFormatSpec(spec: string, typeName: string, defaultType: string, defaultAlign: string): FormatSpec {
  // Specs repeat (an f-string field in a loop): the parse of each is kept, a copy handed out.
  const key = `${typeName}\0${defaultType}\0${defaultAlign}\0${spec}`;
  const known = parsedSpecs.get(key);
  if (known !== undefined) return { ...known };
  const f = parseSpec(spec, typeName, defaultType, defaultAlign);
  if (parsedSpecs.size >= 256) parsedSpecs.clear();
  parsedSpecs.set(key, f);
  return { ...f };
}

const parsedSpecs = new Map<string, FormatSpec>();

function parseSpec(spec: string, typeName: string, defaultType: string, defaultAlign: string): FormatSpec {
  const chars = Array.from(spec);
  const end = chars.length;
  let pos = 0;
  const f: FormatSpec = {
    fill: ' ', align: defaultAlign, sign: '', noNegZero: false, alternate: false,
    width: -1, grouping: '', precision: -1, type: defaultType, fillGiven: false,
  };
  let alignGiven = false;
  if (end - pos >= 2 && ALIGNS.includes(chars[pos + 1])) {
    f.align = chars[pos + 1];
    f.fill = chars[pos];
    f.fillGiven = true;
    alignGiven = true;
    pos += 2;
  } else if (end - pos >= 1 && ALIGNS.includes(chars[pos])) {
    f.align = chars[pos];
    alignGiven = true;
    pos++;
  }
  if (end - pos >= 1 && '+- '.includes(chars[pos])) { f.sign = chars[pos]; pos++; }
  if (end - pos >= 1 && chars[pos] === 'z') { f.noNegZero = true; pos++; }
  if (end - pos >= 1 && chars[pos] === '#') { f.alternate = true; pos++; }
  if (!f.fillGiven && end - pos >= 1 && chars[pos] === '0') {
    f.fill = '0';
    if (!alignGiven && defaultAlign === '>') f.align = '=';
    pos++;
  }
  const readInt = (): number => {
    const start = pos;
    while (pos < end && chars[pos] >= '0' && chars[pos] <= '9') pos++;
    if (pos === start) return -1;
    const digits = chars.slice(start, pos).join('');
    if (digits.length > 15 && BigInt(digits) > 0x7fffffffffffffffn) throw valueError('Too many decimal digits in format string');
    return Number(digits);
  };
  f.width = readInt();
  if (end - pos >= 1 && chars[pos] === ',') { f.grouping = ','; pos++; }
  if (end - pos >= 1 && chars[pos] === '_') {
    if (f.grouping !== '') throw valueError("Cannot specify both ',' and '_'.");
    f.grouping = '_';
    pos++;
  }
  if (end - pos >= 1 && chars[pos] === ',' && f.grouping === '_') throw valueError("Cannot specify both ',' and '_'.");
  if (end - pos >= 1 && chars[pos] === '.') {
    pos++;
    f.precision = readInt();
    if (f.precision < 0) throw valueError('Format specifier missing precision');
  }
  if (end - pos > 1) {
    throw valueError(`Invalid format specifier '${spec}' for object of type '${typeName}'`);
  }
  if (end - pos === 1) f.type = chars[pos];
  if (f.grouping !== '') {
    if ('defgEG%F'.includes(f.type)) {
      // allowed (PEP 378)
    } else if ('boxX'.includes(f.type) && f.grouping === '_') {
      f.grouping = '_4';
    } else {
      throw valueError(`Cannot specify '${f.grouping}' with '${codeText(f.type)}'.`);
    }
  }
  return f;
}

function unknownCode(type: string, typeName: string): PyError {
  return valueError(`Unknown format code '${codeText(type)}' for object of type '${typeName}'`);
}

/**
 * Inserts the thousands separator into digits (and zeros up to minWidth) as
 * _PyUnicode_InsertThousandsGrouping does; groupSize 0 means no grouping.
 */
function groupDigits(digits: string, minWidth: number, sep: string, groupSize: number): string {
  const parts: string[] = [];
  let remaining = digits.length;
  let useSep = false;
  let broken = false;
  if (groupSize > 0) {
    for (;;) {
      const l = Math.min(groupSize, Math.max(remaining, minWidth, 1));
      const zeros = Math.max(0, l - remaining);
      const n = Math.max(0, Math.min(remaining, l));
      if (useSep) parts.push(sep);
      parts.push(digits.slice(remaining - n, remaining) + '', );
      if (zeros > 0) parts.push('0'.repeat(zeros));
      remaining -= n;
      minWidth -= l;
      if (remaining <= 0 && minWidth <= 0) { broken = true; break; }
      minWidth -= sep.length;
      useSep = true;
    }
  }
  if (!broken) {
    const l = Math.max(remaining, minWidth, 1);
    const zeros = Math.max(0, l - remaining);
    const n = Math.max(0, Math.min(remaining, l));
    if (useSep) parts.push(sep);
    parts.push(digits.slice(remaining - n, remaining));
    if (zeros > 0) parts.push('0'.repeat(zeros));
  }
  // parts were collected right to left, each piece as [digits, zeros] meaning zeros go to the left of the digits.
  let out = '';
  for (let i = parts.length - 1; i >= 0; i--) out += parts[i];
  return out;
}

/**
 * Lays out a number: sign, prefix, digits (grouped), and the remainder (the
 * decimal point and what follows), padded per the spec (calc_number_widths + fill_number).
 */
/** The longest string V8 makes; CPython would try the allocation and raise MemoryError. */
const MAX_LENGTH = 0x1fffffe8;

export function checkLength(n: number): void {
  if (n > MAX_LENGTH) throw new PyError('MemoryError', '');
}

function layoutNumber(f: FormatSpec, negative: boolean, prefix: string, digits: string, remainder: string): string {
  checkLength(f.width);
  let sign = '';
  if (f.sign === '+') sign = negative ? '-' : '+';
  else if (f.sign === ' ') sign = negative ? '-' : ' ';
  else if (negative) sign = '-';
  const nonDigits = sign.length + prefix.length + codePointLength(remainder);
  const minWidth = f.fill === '0' && f.align === '=' ? f.width - nonDigits : 0;
  let grouped: string;
  if (digits.length === 0) grouped = '';
  else {
    const sep = f.grouping === '' ? '' : f.grouping === ',' ? ',' : '_';
    const size = f.grouping === '' ? 0 : f.grouping === '_4' ? 4 : 3;
    grouped = groupDigits(digits, minWidth, sep, size);
  }
  const body = grouped + remainder;
  const padding = f.width - (nonDigits + grouped.length);
  if (padding <= 0) return sign + prefix + body;
  const fill = (n: number) => f.fill.repeat(n);
  switch (f.align) {
    case '<': return sign + prefix + body + fill(padding);
    case '^': {
      const left = padding >> 1;
      return fill(left) + sign + prefix + body + fill(padding - left);
    }
    case '=': return sign + prefix + fill(padding) + body;
    default: return fill(padding) + sign + prefix + body;
  }
}

/** Splits a formatted float's text into its leading digits and the rest (parse_number). */
function splitNumber(text: string): [string, string] {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return [text.slice(0, i), text.slice(i)];
}

/** Pads a string that needs no sign or grouping (strings, and 'c'). */
function alignText(f: FormatSpec, text: string, length: number): string {
  checkLength(f.width);
  const padding = f.width - length;
  if (padding <= 0) return text;
  const fill = (n: number) => f.fill.repeat(n);
  if (f.align === '>') return fill(padding) + text;
  if (f.align === '^') {
    const left = padding >> 1;
    return fill(left) + text + fill(padding - left);
  }
  return text + fill(padding);
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** format(str, spec). */
export function formatStr(value: string, spec: string, typeName = 'str'): string {
  if (spec === '') return value;
  const f = parseFormatSpec(spec, typeName, 's', '<');
  if (f.type !== 's') throw unknownCode(f.type, typeName);
  if (f.sign === ' ') throw valueError('Space not allowed in string format specifier');
  if (f.sign !== '') throw valueError('Sign not allowed in string format specifier');
  if (f.noNegZero) throw valueError('Negative zero coercion (z) not allowed in string format specifier');
  if (f.alternate) throw valueError('Alternate form (#) not allowed in string format specifier');
  if (f.align === '=') throw valueError("'=' alignment not allowed in string format specifier");
  let text = value;
  let length = codePointLength(value);
  if (f.precision >= 0 && length > f.precision) {
    text = Array.from(value).slice(0, f.precision).join('');
    length = f.precision;
  }
  return alignText(f, text, length);
}

/**
 * What formatting needs of an int: its sign, its digits in a radix (no sign;
 * decimal ones with str()'s 4300-digit limit) and its float value. A host
 * gives those of a big int from native code; V8 BigInts use bigIntParts.
 */
export interface IntParts {
  negative: boolean;
  digits(radix: 2 | 8 | 10 | 16): string;
  /** float(value), OverflowError when it does not fit. */
  toFloat(): number;
  /** The value, for what needs it whole ('c'); a host may raise OverflowError past 64 bits. */
  value(): bigint;
}

/** The parts of a V8 BigInt (for callers that take parts; formatInt itself allocates none). */
class BigIntParts implements IntParts {
  readonly negative: boolean;
  constructor(private readonly v: bigint) { this.negative = v < 0n; }
  digits(radix: 2 | 8 | 10 | 16): string {
    const abs = this.negative ? -this.v : this.v;
    return radix === 10 ? intToDecimal(abs) : abs.toString(radix);
  }
  toFloat(): number { return intToFloat(this.v); }
  value(): bigint { return this.v; }
}

export function bigIntParts(value: bigint): IntParts {
  return new BigIntParts(value);
}

/** format(int, spec); bools format as ints once a spec is given. */
export function formatInt(value: bigint, spec: string, typeName = 'int'): string {
  if (spec === '') return typeName === 'bool' ? (value ? 'True' : 'False') : intToDecimal(value);
  return formatIntWith(value, null, spec, typeName);
}

/** format(int, spec) from an int's parts (see IntParts). */
export function formatIntParts(p: IntParts, spec: string, typeName = 'int'): string {
  if (spec === '') return (p.negative ? '-' : '') + p.digits(10);
  return formatIntWith(0n, p, spec, typeName);
}

/** The digits of |value| (parts === null) or of parts in a radix. */
function digitsOf(value: bigint, parts: IntParts | null, radix: 2 | 8 | 10 | 16): string {
  if (parts !== null) return parts.digits(radix);
  const abs = value < 0n ? -value : value;
  return radix === 10 ? intToDecimal(abs) : abs.toString(radix);
}

/** format(int, spec != '') of value, or of parts when given (no allocation for V8 BigInts: formatting ints is hot). */
function formatIntWith(value: bigint, parts: IntParts | null, spec: string, typeName: string): string {
  const f = parseFormatSpec(spec, typeName, 'd', '>');
  switch (f.type) {
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
      return formatFloatSpec(parts !== null ? parts.toFloat() : intToFloat(value), f, typeName);
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
      break;
    default:
      throw unknownCode(f.type, typeName);
  }
  if (f.precision !== -1) throw valueError('Precision not allowed in integer format specifier');
  if (f.noNegZero) throw valueError('Negative zero coercion (z) not allowed in integer format specifier');
  if (f.type === 'c') {
    if (f.sign !== '') throw valueError("Sign not allowed with integer format specifier 'c'");
    if (f.alternate) throw valueError("Alternate form (#) not allowed with integer format specifier 'c'");
    const v = parts !== null ? parts.value() : value;
    if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new PyError('OverflowError', 'Python int too large to convert to C long');
    if (v < 0n || v > 0x10ffffn) throw new PyError('OverflowError', '%c arg not in range(0x110000)');
    return layoutNumber(f, false, '', '', String.fromCodePoint(Number(v)));
  }
  let digits: string;
  let prefix = '';
  switch (f.type) {
    case 'b': digits = digitsOf(value, parts, 2); prefix = '0b'; break;
    case 'o': digits = digitsOf(value, parts, 8); prefix = '0o'; break;
    case 'x': digits = digitsOf(value, parts, 16); prefix = '0x'; break;
    case 'X': digits = digitsOf(value, parts, 16).toUpperCase(); prefix = '0X'; break;
    default: digits = digitsOf(value, parts, 10); break;
  }
  if (!f.alternate) prefix = '';
  return layoutNumber(f, parts !== null ? parts.negative : value < 0n, prefix, digits, '');
}

/** format(float, spec). */
export function formatFloatValue(value: number, spec: string, typeName = 'float'): string {
  if (spec === '') return floatRepr(value);
  const f = parseFormatSpec(spec, typeName, '', '>');
  return formatFloatSpec(value, f, typeName);
}

function formatFloatSpec(value: number, f: FormatSpec, typeName: string): string {
  let type = f.type;
  if (!'eEfFgGn%'.includes(type) || type === '') {
    if (type !== '') throw unknownCode(type, typeName);
  }
  let precision = f.precision;
  let defaultPrecision = 6;
  let addDot0 = false;
  if (type === '') { addDot0 = true; type = 'r'; defaultPrecision = 0; }
  if (type === 'n') type = 'g';
  let val = value;
  let percent = false;
  if (type === '%') { type = 'f'; val *= 100; percent = true; }
  if (precision < 0) precision = defaultPrecision;
  else if (type === 'r') type = 'g';
  if (precision > 0x7fffffff) throw valueError('precision too big');
  checkLength(precision);
  const upper = type === 'E' || type === 'F' || type === 'G';
  let text = formatFloat(val, type.toLowerCase() as FloatCode, precision, {
    alt: f.alternate, addDot0, noNegZero: f.noNegZero, upper,
  });
  if (percent) text += '%';
  let negative = false;
  if (text[0] === '-') { negative = true; text = text.slice(1); }
  const [digits, remainder] = splitNumber(text);
  return layoutNumber(f, negative, '', digits, remainder);
}
