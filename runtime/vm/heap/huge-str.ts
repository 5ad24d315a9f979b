// Strs longer than one V8 string can be (536,870,888 UTF-16 units): a huge
// str is an immutable list of V8 strings (chunks) with their code point
// counts, made only past a threshold so that every other str stays one V8
// string at today's speed. Chunks are shared between huge strs (s + s and
// s * n copy no text) and never split a surrogate pair, so each chunk's code
// point count is its own. The invariant the rest of the VM relies on: a str
// is huge exactly when its UTF-16 length is above the threshold, so a huge
// str never equals a flat one.
//
// The threshold can be lowered (STENCIL_JIT_HUGE_STR_UNITS, at least 16) so
// that tests exercise these paths with small strings.
import os from 'node:os';
import { codePointLength as countCodePoints } from './code-points.ts';
import { PyError } from './py-error.ts';

export { countCodePoints };

/** V8's longest string (String::kMaxLength on 64-bit). */
export const V8_MAX_STRING_UNITS = 0x1fffffe8;

function thresholdFromEnv(): number {
  const text = typeof process !== 'undefined' ? process.env.STENCIL_JIT_HUGE_STR_UNITS : undefined;
  const n = text === undefined ? NaN : Number(text);
  return Number.isInteger(n) && n >= 16 && n <= V8_MAX_STRING_UNITS ? n : V8_MAX_STRING_UNITS;
}

/** Strs with more UTF-16 units than this are huge. */
export let HUGE_STR_UNITS = thresholdFromEnv();
/** Target chunk length (units): small enough that slicing and indexing stay cheap. */
export let CHUNK_UNITS = Math.min(1 << 20, Math.max(8, HUGE_STR_UNITS >> 2));

/** For tests in one process: sets the threshold (returns the old one). */
export function setHugeStrUnits(n: number): number {
  const old = HUGE_STR_UNITS;
  HUGE_STR_UNITS = n;
  CHUNK_UNITS = Math.min(1 << 20, Math.max(8, n >> 2));
  return old;
}

/**
 * The most units a huge str may have: the machine's memory at one byte a unit
 * (CPython's smallest representation); past it python3 cannot allocate the
 * str either, so the result is MemoryError, not a str too big to ever write.
 */
export const MAX_HUGE_UNITS = Math.min(Number.MAX_SAFE_INTEGER, os.totalmem());

/** Python's MemoryError for a result no representation here can hold. */
export function memoryError(): PyError { return new PyError('MemoryError', ''); }

/** The unit offset of code point k of s (k <= its code points). */
function unitOfCodePoint(s: string, k: number, cps: number): number {
  if (cps === s.length) return k;
  let u = 0;
  for (let i = 0; i < k; i++) {
    const c = s.charCodeAt(u);
    u += c >= 0xd800 && c < 0xdc00 && u + 1 < s.length && (s.charCodeAt(u + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return u;
}

/** p moved back off the middle of a surrogate pair. */
function safeCut(s: string, p: number): number {
  if (p > 0 && p < s.length && (s.charCodeAt(p - 1) & 0xfc00) === 0xd800 && (s.charCodeAt(p) & 0xfc00) === 0xdc00) return p - 1;
  return p;
}

export class HugeStr {
  /** Total UTF-16 units and code points. */
  readonly units: number;
  readonly length: number;
  /** Code point and unit offsets of each chunk's start (one extra entry: the totals). */
  readonly cpStart: Float64Array;
  readonly unitStart: Float64Array;

  constructor(readonly chunks: readonly string[], readonly cps: readonly number[]) {
    const n = chunks.length;
    this.cpStart = new Float64Array(n + 1);
    this.unitStart = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.cpStart[i + 1] = this.cpStart[i] + cps[i];
      this.unitStart[i + 1] = this.unitStart[i] + chunks[i].length;
    }
    this.units = this.unitStart[n];
    this.length = this.cpStart[n];
  }

  /** The chunk holding code point i (0 <= i < length). */
  chunkOf(i: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cpStart[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The chunk holding unit u (0 <= u < units). */
  chunkOfUnit(u: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.unitStart[mid] <= u) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Code point i as a string (0 <= i < length). */
  charAt(i: number): string {
    const c = this.chunkOf(i);
    const s = this.chunks[c];
    const u = unitOfCodePoint(s, i - this.cpStart[c], this.cps[c]);
    const x = s.charCodeAt(u);
    return (x & 0xfc00) === 0xd800 && u + 1 < s.length && (s.charCodeAt(u + 1) & 0xfc00) === 0xdc00 ? s.slice(u, u + 2) : s[u];
  }

  /** The code point index of unit offset u (u on a code point boundary). */
  codePointOfUnit(u: number): number {
    if (u >= this.units) return this.length;
    const c = this.chunkOfUnit(u);
    const off = u - this.unitStart[c];
    const s = this.chunks[c];
    return this.cpStart[c] + (this.cps[c] === s.length ? off : countCodePoints(s.slice(0, off)));
  }

  /** The unit offset of code point i (0 <= i <= length). */
  unitOfCodePoint(i: number): number {
    if (i >= this.length) return this.units;
    const c = this.chunkOf(i);
    return this.unitStart[c] + unitOfCodePoint(this.chunks[c], i - this.cpStart[c], this.cps[c]);
  }

  /** Calls fn with the pieces of code points [from, to), in order. */
  forEachPiece(from: number, to: number, fn: (piece: string, cps: number) => void): void {
    if (from >= to) return;
    for (let c = this.chunkOf(from); c < this.chunks.length && this.cpStart[c] < to; c++) {
      const s = this.chunks[c];
      const a = Math.max(0, from - this.cpStart[c]);
      const b = Math.min(this.cps[c], to - this.cpStart[c]);
      if (a === 0 && b === this.cps[c]) fn(s, b);
      else fn(s.slice(unitOfCodePoint(s, a, this.cps[c]), unitOfCodePoint(s, b, this.cps[c])), b - a);
    }
  }

  /** Units [from, to) as one V8 string (the caller keeps it short). */
  unitSlice(from: number, to: number): string {
    to = Math.min(to, this.units);
    if (from >= to) return '';
    let out = '';
    for (let c = this.chunkOfUnit(from); c < this.chunks.length && this.unitStart[c] < to; c++) {
      const s = this.chunks[c];
      out += s.slice(Math.max(0, from - this.unitStart[c]), Math.min(s.length, to - this.unitStart[c]));
    }
    return out;
  }
}

/** A str or a huge str. */
export type StrText = string | HugeStr;

export const unitsOf = (t: StrText): number => typeof t === 'string' ? t.length : t.units;

/**
 * Collects pieces of a result and gives one V8 string when it is short enough
 * (with its code point count in `length`), else a huge str.
 */
export class StrBuilder {
  private chunks: string[] = [];
  private cps: number[] = [];
  /** The next chunk's pieces (joined into one flat string when it is full: no deep cons strings). */
  private pending: string[] = [];
  private pendingUnits = 0;
  private pendingCps = 0;
  units = 0;
  length = 0;

  /** Appends s (cps: its code points, when known). */
  add(s: string, cps = -1): void {
    if (s.length === 0) return;
    if (cps < 0) cps = countCodePoints(s);
    if (this.units + s.length > MAX_HUGE_UNITS) throw memoryError();
    this.units += s.length;
    this.length += cps;
    if (this.pendingUnits + s.length <= CHUNK_UNITS) {
      this.pending.push(s);
      this.pendingUnits += s.length;
      this.pendingCps += cps;
      return;
    }
    const bmp = cps === s.length;
    let at = 0;
    if (this.pendingUnits > 0) {
      // Fill the pending chunk up to a whole one (unless that would split s's first pair).
      const cut = safeCut(s, CHUNK_UNITS - this.pendingUnits);
      const head = s.slice(0, cut);
      this.pending.push(head);
      this.pendingCps += bmp ? cut : countCodePoints(head);
      this.flushPending();
      at = cut;
    }
    while (s.length - at > CHUNK_UNITS) {
      const cut = safeCut(s, at + CHUNK_UNITS);
      const piece = s.slice(at, cut);
      this.pushChunk(piece, bmp ? piece.length : countCodePoints(piece));
      at = cut;
    }
    const rest = at === 0 ? s : s.slice(at);
    this.pending.push(rest);
    this.pendingUnits = rest.length;
    this.pendingCps = bmp ? rest.length : countCodePoints(rest);
  }

  private flushPending(): void {
    if (this.pending.length > 0) this.pushChunk(this.pending.length === 1 ? this.pending[0] : this.pending.join(''), this.pendingCps);
    this.pending = [];
    this.pendingUnits = 0;
    this.pendingCps = 0;
  }

  /** Appends a huge str (whole chunks are shared, not copied). */
  addHuge(h: HugeStr, from = 0, to = h.length): void {
    h.forEachPiece(from, to, (piece, cps) => {
      if (this.pendingUnits === 0 && piece.length >= CHUNK_UNITS >> 1 && piece.length <= CHUNK_UNITS) {
        if (this.units + piece.length > MAX_HUGE_UNITS) throw memoryError();
        this.units += piece.length;
        this.length += cps;
        this.pushChunk(piece, cps);
      } else {
        this.add(piece, cps);
      }
    });
  }

  addText(t: StrText): void {
    if (typeof t === 'string') this.add(t);
    else this.addHuge(t);
  }

  private pushChunk(s: string, cps: number): void {
    this.chunks.push(s);
    this.cps.push(cps);
  }

  /** The result: a V8 string when it fits under the threshold, else a huge str. */
  result(): StrText {
    if (this.units <= HUGE_STR_UNITS) return this.chunks.join('') + this.pending.join('');
    this.flushPending();
    return new HugeStr(this.chunks, this.cps);
  }
}

/** A V8 string longer than the threshold as a huge str (lowered thresholds only). */
export function hugeOfString(s: string, cps = -1): HugeStr {
  const b = new StrBuilder();
  b.add(s, cps);
  return b.result() as HugeStr;
}

/** t * count (count >= 0; the caller checked the result is huge or knows it is not). */
export function repeatText(t: StrText, count: number, cps: number): StrText {
  if (count <= 0) return '';
  if (count === 1) return t;
  const units = unitsOf(t) * count;
  if (typeof t === 'string' && units <= HUGE_STR_UNITS) return t.repeat(count);
  if (units > MAX_HUGE_UNITS) throw memoryError();
  const b = new StrBuilder();
  if (typeof t === 'string') {
    // One chunk-sized run of copies, shared by every chunk of the result.
    const per = Math.max(1, Math.floor(CHUNK_UNITS / t.length));
    const run = t.repeat(Math.min(per, count));
    const runCps = cps * Math.min(per, count);
    for (let left = count; left > 0; left -= per) {
      if (left >= per) b.add(run, runCps);
      else b.add(t.repeat(left), cps * left);
    }
  } else {
    for (let i = 0; i < count; i++) b.addHuge(t);
  }
  return b.result();
}

/**
 * The units of t as a stream of pieces starting at unit `from`; fn returns
 * false to stop.
 */
export function forEachUnitPiece(t: StrText, from: number, fn: (piece: string, at: number) => boolean): void {
  if (typeof t === 'string') {
    if (from < t.length) fn(from === 0 ? t : t.slice(from), from);
    return;
  }
  if (from >= t.units) return;
  for (let c = t.chunkOfUnit(from); c < t.chunks.length; c++) {
    const s = t.chunks[c];
    const off = Math.max(0, from - t.unitStart[c]);
    if (!fn(off === 0 ? s : s.slice(off), t.unitStart[c] + off)) return;
  }
}

/**
 * Unit offsets of the non-overlapping occurrences of needle (a V8 string, not
 * empty) in t at or after unit `from` and ending by unit `end`; fn returns
 * false to stop.
 */
export function forEachMatch(t: StrText, needle: string, from: number, end: number, fn: (at: number) => boolean): void {
  const m = needle.length;
  let carry = '';
  let carryAt = from;
  let next = from;
  let stop = false;
  forEachUnitPiece(t, from, (piece, at) => {
    const buf = carry + piece;
    const base = carry.length > 0 ? carryAt : at;
    let pos = next - base;
    for (;;) {
      const j = buf.indexOf(needle, pos);
      if (j < 0 || base + j + m > end) break;
      if (!fn(base + j)) { stop = true; return false; }
      pos = j + m;
    }
    next = Math.max(next, base + pos);
    if (base + buf.length >= end) return false;
    const keep = Math.min(m - 1, buf.length);
    carry = buf.slice(buf.length - keep);
    carryAt = base + buf.length - keep;
    return !stop;
  });
}

/** Order of two code units as code points compare (surrogates above U+E000..U+FFFF). */
function unitOrder(u: number): number {
  return u >= 0xd800 ? (u >= 0xe000 ? u - 0x800 : u + 0x2000) : u;
}

/** Python's comparison of two texts by code points: negative, 0 or positive. */
export function compareTexts(a: StrText, b: StrText): number {
  const ua = unitsOf(a);
  const ub = unitsOf(b);
  const n = Math.min(ua, ub);
  const STEP = 1 << 16;
  for (let at = 0; at < n; at += STEP) {
    const x = sliceUnits(a, at, Math.min(n, at + STEP));
    const y = sliceUnits(b, at, Math.min(n, at + STEP));
    if (x === y) continue;
    for (let i = 0; i < x.length; i++) {
      const cx = x.charCodeAt(i);
      const cy = y.charCodeAt(i);
      if (cx !== cy) return unitOrder(cx) - unitOrder(cy);
    }
  }
  return ua - ub;
}

/** Units [from, to) of t as one V8 string. */
export function sliceUnits(t: StrText, from: number, to: number): string {
  return typeof t === 'string' ? t.slice(from, to) : t.unitSlice(from, to);
}

/** Whether two texts are equal. */
export function textsEqual(a: StrText, b: StrText): boolean {
  if (a === b) return true;
  if (unitsOf(a) !== unitsOf(b)) return false;
  return compareTexts(a, b) === 0;
}
