// Unicode character properties and case mappings as CPython 3.11 has them
// (from the generated tables): one flag word per BMP code point for O(1)
// lookups, binary search above the BMP.
import * as T from './unicode-tables.generated.ts';

export const enum Prop {
  Alpha = 1 << 0, Decimal = 1 << 1, Digit = 1 << 2, Numeric = 1 << 3, Space = 1 << 4,
  Lower = 1 << 5, Upper = 1 << 6, Title = 1 << 7, Cased = 1 << 8, CaseIgnorable = 1 << 9,
  Printable = 1 << 10, XidStart = 1 << 11, XidContinue = 1 << 12, Linebreak = 1 << 13,
}

const TABLES: [Prop, readonly number[]][] = [
  [Prop.Alpha, T.ALPHA_RANGES], [Prop.Decimal, T.DECIMAL_RANGES], [Prop.Digit, T.DIGIT_RANGES],
  [Prop.Numeric, T.NUMERIC_RANGES], [Prop.Space, T.SPACE_RANGES], [Prop.Lower, T.LOWER_RANGES],
  [Prop.Upper, T.UPPER_RANGES], [Prop.Title, T.TITLE_RANGES], [Prop.Cased, T.CASED_RANGES],
  [Prop.CaseIgnorable, T.CASE_IGNORABLE_RANGES], [Prop.Printable, T.PRINTABLE_RANGES],
  [Prop.XidStart, T.XID_START_RANGES], [Prop.XidContinue, T.XID_CONTINUE_RANGES],
  [Prop.Linebreak, T.LINEBREAK_RANGES],
];

/** Flags of every BMP code point, built on first use (it costs a few ms that a program using no str method never pays). */
let bmpFlags: Uint16Array | null = null;

function buildBmp(): Uint16Array {
  const bmp = new Uint16Array(0x10000);
  for (const [flag, ranges] of TABLES) {
    for (let i = 0; i < ranges.length; i += 2) {
      const end = Math.min(ranges[i + 1], 0x10000);
      for (let c = ranges[i]; c < end; c++) bmp[c] |= flag;
    }
  }
  bmpFlags = bmp;
  return bmp;
}

function inRanges(ranges: readonly number[], c: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  // The number of boundaries <= c is odd inside a range.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid] <= c) lo = mid + 1; else hi = mid;
  }
  return (lo & 1) === 1;
}

/** All property flags of code point c. */
export function props(c: number): number {
  if (c < 0x10000) return (bmpFlags ?? buildBmp())[c];
  let f = 0;
  for (const [flag, ranges] of TABLES) if (inRanges(ranges, c)) f |= flag;
  return f;
}

export function has(c: number, p: Prop): boolean {
  if (c < 0x10000) return ((bmpFlags ?? buildBmp())[c] & p) !== 0;
  for (const [flag, ranges] of TABLES) if (flag === p) return inRanges(ranges, c);
  return false;
}

export const isSpace = (c: number): boolean => has(c, Prop.Space);
export const isLinebreak = (c: number): boolean => has(c, Prop.Linebreak);

/** The decimal digit value of c, or -1. */
export function decimalValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c < 128 || !has(c, Prop.Decimal)) return -1;
  const zeros = T.DECIMAL_ZEROS;
  let lo = 0;
  let hi = zeros.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (zeros[mid] <= c) lo = mid + 1; else hi = mid;
  }
  return c - zeros[lo - 1];
}

/** A case mapping: the simple runs expanded into a Map, the full mappings beside them. */
class CaseMap {
  private simple: Map<number, number> | null = null;
  constructor(private readonly runs: readonly number[], private readonly full: Readonly<Record<number, string>>) {}
  private build(): Map<number, number> {
    const simple = new Map<number, number>();
    const runs = this.runs;
    for (let i = 0; i < runs.length; i += 4) {
      const [start, count, stride, delta] = [runs[i], runs[i + 1], runs[i + 2], runs[i + 3]];
      for (let k = 0; k < count; k++) simple.set(start + k * stride, start + k * stride + delta);
    }
    this.simple = simple;
    return simple;
  }
  /** The mapping of c as a string. */
  map(c: number): string {
    const s = (this.simple ?? this.build()).get(c);
    if (s !== undefined) return String.fromCodePoint(s);
    const f = this.full[c];
    if (f !== undefined) return f;
    return String.fromCodePoint(c);
  }
}

export const upperMap = new CaseMap(T.UPPER_RUNS, T.UPPER_FULL);
export const lowerMap = new CaseMap(T.LOWER_RUNS, T.LOWER_FULL);
export const titleMap = new CaseMap(T.TITLE_RUNS, T.TITLE_FULL);
export const foldMap = new CaseMap(T.FOLD_RUNS, T.FOLD_FULL);

/** The code points of a JS string, lone surrogates as themselves. */
export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/** A code point back to a JS string (lone surrogates stay lone). */
export function cpString(c: number): string {
  return c < 0x10000 ? String.fromCharCode(c) : String.fromCodePoint(c);
}
