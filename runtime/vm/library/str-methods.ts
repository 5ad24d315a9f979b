// The methods of str with CPython 3.11's semantics, over JS strings whose
// code points are the Python characters (indices count code points, so
// strings with astral characters are measured and sliced by code point).
//
// Conventions: an optional argument not given is `undefined`; Python's None
// is `null`; start/end indices are JS numbers (a huge Python int may be passed
// as +-Infinity, it clamps the same way). Type errors about argument types
// (str expected, int expected) belong to the caller, which knows the types.
import { PyError, overflowError, typeError, valueError } from '../heap/py-error.ts';
import { Prop, codePoints, cpString, foldMap, has, lowerMap, props, titleMap, upperMap } from './unicode.ts';

export type Index = number | null | undefined;

const SURROGATE = /[\ud800-\udfff]/;

/** Python's len() of a JS string. */
export function strLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
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

/** A view of a string where code point indices and UTF-16 offsets can be converted. */
class Text {
  /** UTF-16 offset of each code point (and one past the end); null when they are equal. */
  private readonly offsets: number[] | null;
  readonly length: number;
  constructor(readonly s: string) {
    if (!SURROGATE.test(s)) {
      this.offsets = null;
      this.length = s.length;
      return;
    }
    const offsets: number[] = [];
    for (let i = 0; i < s.length; i++) {
      offsets.push(i);
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
    this.length = offsets.length;
    offsets.push(s.length);
    this.offsets = offsets;
  }
  unit(cp: number): number { return this.offsets ? this.offsets[cp] : cp; }
  cp(unit: number): number {
    if (!this.offsets) return unit;
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid] < unit) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}

/** CPython's ADJUST_INDICES: slice-style start/end, end clamped to len, start may stay past it. */
function adjust(len: number, start: Index, end: Index): [number, number] {
  let st = start === null || start === undefined ? 0 : start;
  let en = end === null || end === undefined ? len : end;
  if (en > len) en = len;
  else if (en < 0) { en += len; if (en < 0) en = 0; }
  if (st < 0) { st += len; if (st < 0) st = 0; }
  return [st, en];
}

function findIn(s: string, sub: string, start: Index, end: Index, reverse: boolean): number {
  const t = new Text(s);
  const [st, en] = adjust(t.length, start, end);
  const subLen = strLength(sub);
  if (en - st < subLen) return -1;
  const us = t.unit(st);
  const ue = t.unit(en);
  let u: number;
  if (reverse) {
    u = ue - sub.length < us ? -1 : s.lastIndexOf(sub, ue - sub.length);
    if (u < us) return -1;
  } else {
    u = s.indexOf(sub, us);
    if (u < 0 || u + sub.length > ue) return -1;
  }
  return t.cp(u);
}

export function find(s: string, sub: string, start?: Index, end?: Index): number {
  return findIn(s, sub, start, end, false);
}
export function rfind(s: string, sub: string, start?: Index, end?: Index): number {
  return findIn(s, sub, start, end, true);
}
export function index(s: string, sub: string, start?: Index, end?: Index): number {
  const i = findIn(s, sub, start, end, false);
  if (i < 0) throw valueError('substring not found');
  return i;
}
export function rindex(s: string, sub: string, start?: Index, end?: Index): number {
  const i = findIn(s, sub, start, end, true);
  if (i < 0) throw valueError('substring not found');
  return i;
}

export function count(s: string, sub: string, start?: Index, end?: Index): number {
  const t = new Text(s);
  const [st, en] = adjust(t.length, start, end);
  if (st > t.length) return 0;
  if (sub.length === 0) return en >= st ? en - st + 1 : 0;
  if (en - st < strLength(sub)) return 0;
  const piece = s.slice(t.unit(st), t.unit(en));
  let n = 0;
  for (let i = piece.indexOf(sub); i >= 0; i = piece.indexOf(sub, i + sub.length)) n++;
  return n;
}

function tailMatch(s: string, t: Text, sub: string, start: Index, end: Index, atEnd: boolean): boolean {
  const [st, en] = adjust(t.length, start, end);
  const subLen = strLength(sub);
  if (en - subLen < st) return false;
  if (subLen === 0) return true;
  if (atEnd) return s.slice(t.unit(en - subLen), t.unit(en)) === sub;
  return s.slice(t.unit(st), t.unit(st + subLen)) === sub;
}

/** str.startswith(prefix or tuple of prefixes, start, end). */
export function startswith(s: string, prefix: string | readonly string[], start?: Index, end?: Index): boolean {
  const t = new Text(s);
  if (typeof prefix === 'string') return tailMatch(s, t, prefix, start, end, false);
  return prefix.some((p) => tailMatch(s, t, p, start, end, false));
}
export function endswith(s: string, suffix: string | readonly string[], start?: Index, end?: Index): boolean {
  const t = new Text(s);
  if (typeof suffix === 'string') return tailMatch(s, t, suffix, start, end, true);
  return suffix.some((p) => tailMatch(s, t, p, start, end, true));
}

/** Python's whitespace among ASCII code points (\t-\r, \x1c-\x1f, space): split()'s hot test without the table. */
const isAsciiSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
const isSpaceCp = (c: number): boolean => c < 128 ? isAsciiSpace(c) : c < 0x10000 ? (props(c) & Prop.Space) !== 0 : false;

const ASCII_WHITESPACE_RUN = /[\t\n\v\f\r\x1c-\x1f ]+/;

/** str.split(sep=None, maxsplit=-1). */
export function split(s: string, sep: string | null = null, maxsplit = -1): string[] {
  if (maxsplit < 0) maxsplit = Infinity;
  if (sep === null && maxsplit === Infinity && ASCII_ONLY.test(s)) {
    // All ASCII: V8's own split on Python's ASCII whitespace (one pass in native code).
    const parts = s.split(ASCII_WHITESPACE_RUN);
    if (parts.length > 0 && parts[0] === '') parts.shift();
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
  const out: string[] = [];
  if (sep === null) {
    let i = 0;
    const n = s.length;
    while (maxsplit-- > 0) {
      while (i < n && isSpaceCp(s.charCodeAt(i))) i++;
      if (i === n) return out;
      const j = i;
      while (i < n && !isSpaceCp(s.charCodeAt(i))) i++;
      out.push(s.slice(j, i));
    }
    while (i < n && isSpaceCp(s.charCodeAt(i))) i++;
    if (i < n) out.push(s.slice(i));
    return out;
  }
  if (sep === '') throw valueError('empty separator');
  let i = 0;
  while (maxsplit-- > 0) {
    const j = s.indexOf(sep, i);
    if (j < 0) break;
    out.push(s.slice(i, j));
    i = j + sep.length;
  }
  out.push(s.slice(i));
  return out;
}

/** str.rsplit(sep=None, maxsplit=-1). */
export function rsplit(s: string, sep: string | null = null, maxsplit = -1): string[] {
  if (maxsplit < 0) maxsplit = Infinity;
  const out: string[] = [];
  if (sep === null) {
    let i = s.length;
    while (maxsplit-- > 0) {
      while (i > 0 && isSpaceCp(s.charCodeAt(i - 1))) i--;
      if (i === 0) return out.reverse();
      const j = i;
      while (i > 0 && !isSpaceCp(s.charCodeAt(i - 1))) i--;
      out.push(s.slice(i, j));
    }
    while (i > 0 && isSpaceCp(s.charCodeAt(i - 1))) i--;
    if (i > 0) out.push(s.slice(0, i));
    return out.reverse();
  }
  if (sep === '') throw valueError('empty separator');
  let end = s.length;
  while (maxsplit-- > 0) {
    if (end - sep.length < 0) break;
    const j = s.lastIndexOf(sep, end - sep.length);
    if (j < 0) break;
    out.push(s.slice(j + sep.length, end));
    end = j;
  }
  out.push(s.slice(0, end));
  return out.reverse();
}

/** str.join over items that are all str (the caller checks, see joinItemError). */
export function join(sep: string, items: readonly string[]): string {
  return items.join(sep);
}

/** The TypeError of str.join for a non-str item at index i. */
export function joinItemError(i: number, typeName: string): PyError {
  return typeError(`sequence item ${i}: expected str instance, ${typeName} found`);
}

function stripWith(s: string, chars: string | null | undefined, left: boolean, right: boolean): string {
  let keep: (c: number) => boolean;
  if (chars === null || chars === undefined) keep = (c) => !has(c, Prop.Space);
  else {
    const set = new Set(codePoints(chars));
    keep = (c) => !set.has(c);
  }
  const cps = SURROGATE.test(s) ? codePoints(s) : null;
  if (cps) {
    let i = 0;
    let j = cps.length;
    if (left) while (i < j && !keep(cps[i])) i++;
    if (right) while (j > i && !keep(cps[j - 1])) j--;
    return cps.slice(i, j).map(cpString).join('');
  }
  let i = 0;
  let j = s.length;
  if (left) while (i < j && !keep(s.charCodeAt(i))) i++;
  if (right) while (j > i && !keep(s.charCodeAt(j - 1))) j--;
  return s.slice(i, j);
}
export const strip = (s: string, chars?: string | null): string => stripWith(s, chars, true, true);
export const lstrip = (s: string, chars?: string | null): string => stripWith(s, chars, true, false);
export const rstrip = (s: string, chars?: string | null): string => stripWith(s, chars, false, true);

/** str.splitlines(keepends=False) with Python's line boundaries. */
export function splitlines(s: string, keepends = false): string[] {
  const out: string[] = [];
  let i = 0;
  let start = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 0x10000 && (props(c) & Prop.Linebreak) !== 0) {
      let eol = i + 1;
      if (c === 13 && eol < n && s.charCodeAt(eol) === 10) eol++;
      out.push(s.slice(start, keepends ? eol : i));
      start = i = eol;
    } else i++;
  }
  if (start < n) out.push(s.slice(start));
  return out;
}

/** str.replace(old, new, count=-1). */
export function replace(s: string, old: string, rep: string, maxCount = -1): string {
  if (maxCount < 0) maxCount = Infinity;
  if (maxCount === 0) return s;
  if (old === '') {
    // new goes before every character and at the end, up to count times.
    const cps = Array.from(s);
    let out = '';
    let k = 0;
    for (; k < cps.length && k < maxCount; k++) out += rep + cps[k];
    if (k < maxCount) return out + rep;
    return out + cps.slice(k).join('');
  }
  if (maxCount === Infinity) return s.split(old).join(rep);
  let out = '';
  let i = 0;
  while (maxCount-- > 0) {
    const j = s.indexOf(old, i);
    if (j < 0) break;
    out += s.slice(i, j) + rep;
    i = j + old.length;
  }
  return out + s.slice(i);
}

export function removeprefix(s: string, prefix: string): string {
  return prefix.length > 0 && s.startsWith(prefix) ? s.slice(prefix.length) : s;
}
export function removesuffix(s: string, suffix: string): string {
  return suffix.length > 0 && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
}

// ------------------------------------------------------------------ case

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** lower() of one code point in context: the Greek capital sigma is final at the end of a word (Final_Sigma). */
function lowerAt(cps: number[], i: number): string {
  const c = cps[i];
  if (c !== 0x3a3) return lowerMap.map(c);
  let j = i - 1;
  while (j >= 0 && has(cps[j], Prop.CaseIgnorable)) j--;
  let final = j >= 0 && has(cps[j], Prop.Cased);
  if (final && i + 1 < cps.length) {
    j = i + 1;
    while (j < cps.length && has(cps[j], Prop.CaseIgnorable)) j++;
    final = j === cps.length || !has(cps[j], Prop.Cased);
  }
  return final ? '\u03c2' : '\u03c3';
}

export function upper(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toUpperCase();
  return codePoints(s).map((c) => upperMap.map(c)).join('');
}

export function lower(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toLowerCase();
  const cps = codePoints(s);
  return cps.map((_c, i) => lowerAt(cps, i)).join('');
}

export function casefold(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toLowerCase();
  return codePoints(s).map((c) => foldMap.map(c)).join('');
}

export function swapcase(s: string): string {
  const cps = codePoints(s);
  return cps.map((c, i) => has(c, Prop.Upper) ? lowerAt(cps, i) : has(c, Prop.Lower) ? upperMap.map(c) : cpString(c)).join('');
}

export function title(s: string): string {
  const cps = codePoints(s);
  let out = '';
  let previousCased = false;
  for (let i = 0; i < cps.length; i++) {
    out += previousCased ? lowerAt(cps, i) : titleMap.map(cps[i]);
    previousCased = has(cps[i], Prop.Cased);
  }
  return out;
}

export function capitalize(s: string): string {
  const cps = codePoints(s);
  if (cps.length === 0) return '';
  let out = titleMap.map(cps[0]);
  for (let i = 1; i < cps.length; i++) out += lowerAt(cps, i);
  return out;
}

// ------------------------------------------------------------ predicates

function all(s: string, p: (c: number) => boolean): boolean {
  if (s.length === 0) return false;
  for (const c of codePoints(s)) if (!p(c)) return false;
  return true;
}

export const isalpha = (s: string): boolean => all(s, (c) => has(c, Prop.Alpha));
export const isdecimal = (s: string): boolean => all(s, (c) => has(c, Prop.Decimal));
export const isdigit = (s: string): boolean => all(s, (c) => has(c, Prop.Digit));
export const isnumeric = (s: string): boolean => all(s, (c) => has(c, Prop.Numeric));
export const isspace = (s: string): boolean => all(s, (c) => has(c, Prop.Space));
export const isalnum = (s: string): boolean => all(s, (c) => (props(c) & (Prop.Alpha | Prop.Decimal | Prop.Digit | Prop.Numeric)) !== 0);
export const isascii = (s: string): boolean => ASCII_ONLY.test(s);

export function isprintable(s: string): boolean {
  for (const c of codePoints(s)) if (!has(c, Prop.Printable)) return false;
  return true;
}

export function isidentifier(s: string): boolean {
  const cps = codePoints(s);
  if (cps.length === 0) return false;
  if (cps[0] !== 0x5f && !has(cps[0], Prop.XidStart)) return false;
  for (let i = 1; i < cps.length; i++) if (!has(cps[i], Prop.XidContinue)) return false;
  return true;
}

export function isupper(s: string): boolean {
  let cased = false;
  for (const c of codePoints(s)) {
    const p = props(c);
    if (p & (Prop.Lower | Prop.Title)) return false;
    if (p & Prop.Upper) cased = true;
  }
  return cased;
}

export function islower(s: string): boolean {
  let cased = false;
  for (const c of codePoints(s)) {
    const p = props(c);
    if (p & (Prop.Upper | Prop.Title)) return false;
    if (p & Prop.Lower) cased = true;
  }
  return cased;
}

export function istitle(s: string): boolean {
  let cased = false;
  let previousCased = false;
  for (const c of codePoints(s)) {
    const p = props(c);
    if (p & (Prop.Upper | Prop.Title)) {
      if (previousCased) return false;
      previousCased = true;
      cased = true;
    } else if (p & Prop.Lower) {
      if (!previousCased) return false;
      previousCased = true;
      cased = true;
    } else previousCased = false;
  }
  return cased;
}

// --------------------------------------------------------------- padding

/** A result longer than a JS string can be is Python's MemoryError (CPython would try to allocate it). */
function checkLength(n: number): void {
  if (n > 0x1fffffe8) throw new PyError('MemoryError', '');
}

function fillChar(fill: string): string {
  if (strLength(fill) !== 1) throw typeError('The fill character must be exactly one character long');
  return fill;
}

export function ljust(s: string, width: number, fill = ' '): string {
  checkLength(width);
  const f = fillChar(fill);
  const n = width - strLength(s);
  return n > 0 ? s + f.repeat(n) : s;
}

export function rjust(s: string, width: number, fill = ' '): string {
  checkLength(width);
  const f = fillChar(fill);
  const n = width - strLength(s);
  return n > 0 ? f.repeat(n) + s : s;
}

export function center(s: string, width: number, fill = ' '): string {
  checkLength(width);
  const f = fillChar(fill);
  const marg = width - strLength(s);
  if (marg <= 0) return s;
  // CPython's pad(): the odd extra column goes left when both marg and width are odd.
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return f.repeat(left) + s + f.repeat(marg - left);
}

export function zfill(s: string, width: number): string {
  checkLength(width);
  const n = width - strLength(s);
  if (n <= 0) return s;
  if (s[0] === '+' || s[0] === '-') return s[0] + '0'.repeat(n) + s.slice(1);
  return '0'.repeat(n) + s;
}

/** str.partition(sep): [head, sep, tail]. */
export function partition(s: string, sep: string): [string, string, string] {
  if (sep === '') throw valueError('empty separator');
  const i = s.indexOf(sep);
  if (i < 0) return [s, '', ''];
  return [s.slice(0, i), sep, s.slice(i + sep.length)];
}

export function rpartition(s: string, sep: string): [string, string, string] {
  if (sep === '') throw valueError('empty separator');
  const i = s.lastIndexOf(sep);
  if (i < 0) return ['', '', s];
  return [s.slice(0, i), sep, s.slice(i + sep.length)];
}

/** str.expandtabs(tabsize=8): the column restarts after \n and \r. */
export function expandtabs(s: string, tabsize = 8): string {
  if (!s.includes('\t')) return s;
  let out = '';
  let column = 0;
  for (const ch of s) {
    if (ch === '\t') {
      if (tabsize > 0) {
        const n = tabsize - (column % tabsize);
        checkLength(out.length + n);
        out += ' '.repeat(n);
        column += n;
      }
    } else {
      out += ch;
      column = ch === '\n' || ch === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

/** str * n. */
export function repeat(s: string, n: number): string {
  if (n <= 0 || s.length === 0) return '';
  checkLength(s.length * n);
  return s.repeat(n);
}

// ------------------------------------------------------------ ord and chr

/** ord(c) for a str argument. */
export function ord(s: string): number {
  const n = strLength(s);
  if (n !== 1) throw typeError(`ord() expected a character, but string of length ${n} found`);
  return s.codePointAt(0)!;
}

/** chr(i) for an int argument. */
export function chr(i: bigint | number): string {
  const b = typeof i === 'bigint' ? i : BigInt(i);
  if (b > 2147483647n || b < -2147483648n) throw overflowError('Python int too large to convert to C int');
  if (b < 0n || b > 0x10ffffn) throw valueError('chr() arg not in range(0x110000)');
  return cpString(Number(b));
}
