// Operations on huge strs (heap/huge-str.ts) for tier-1: the slow paths that
// operations.ts, builtins and str methods take when an operand is a huge str
// or a result would be one. Each works on chunks, never on one V8 string of
// the whole text; an operation with no huge version (here or in
// huge-str-layout.ts, huge-str-case.ts, huge-str-split.ts, huge-str-format.ts,
// huge-str-numbers.ts) ends in MemoryError (objects.ts strOf).
import { reprQuote, strReprBody } from '../library/str-repr.ts';
import { HUGE_STR_UNITS, HugeStr, StrBuilder, compareTexts, countCodePoints, forEachMatch, forEachUnitPiece, repeatText, sliceUnits, unitsOf, type StrText } from '../heap/huge-str.ts';
import { Kind, type Objects } from '../heap/objects.ts';
import { indexError, typeError, valueError } from '../heap/py-error.ts';
import * as S from '../library/str-methods.ts';
import { intArgOf } from './library-host.ts';
import { replaceEmpty, stripChars } from './huge-str-split.ts';
import { hugeStrMethod } from './methods.ts';
import type { Runtime } from './runtime.ts';
import { arity, noKeywords, sliceIndex } from './str-methods.ts';

// ---- building results ------------------------------------------------------------

/** Units [from, to) of t as a text (one V8 string when short enough). */
export function textRange(t: StrText, from: number, to: number): StrText {
  if (to - from <= HUGE_STR_UNITS) return sliceUnits(t, from, to);
  const b = new StrBuilder();
  addUnits(b, t, from, to);
  return b.result();
}

/** Units [from, to) of t appended to b. */
export function addUnits(b: StrBuilder, t: StrText, from: number, to: number): void {
  if (from >= to) return;
  if (typeof t === 'string') { b.add(t.slice(from, to)); return; }
  if (to - from <= 4096) { b.add(t.unitSlice(from, to)); return; }
  b.addHuge(t, t.codePointOfUnit(from), t.codePointOfUnit(to));
}

/** The concatenation of texts. */
export function concatTexts(parts: readonly StrText[]): StrText {
  const b = new StrBuilder();
  for (const t of parts) b.addText(t);
  return b.result();
}

/** sep.join(parts). */
export function joinTexts(sep: StrText, parts: readonly StrText[]): StrText {
  const b = new StrBuilder();
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) b.addText(sep);
    b.addText(parts[i]);
  }
  return b.result();
}

/** str + str where either is huge or the result would be: a new str object. */
export function concatStrObjects(objs: Objects, oa: number, ob: number): number {
  return objs.newStrText(concatTexts([objs.textOf(oa), objs.textOf(ob)]));
}

/** str * count where the str is huge or the result would be. */
export function repeatStrObject(objs: Objects, o: number, count: number): number {
  return objs.newStrText(repeatText(objs.textOf(o), count, objs.strLength(o)));
}

// ---- reading -------------------------------------------------------------------------

/** s[i] of a huge str: its one-character str object. */
export function hugeIndex(objs: Objects, t: HugeStr, i: number): number {
  const j = i < 0 ? i + t.length : i;
  if (j < 0 || j >= t.length) throw indexError('string index out of range');
  return objs.charStr(t.charAt(j));
}

/** s[start:start+n*step:step] of a huge str (indices already clamped by sliceIndices). */
export function hugeSlice(t: HugeStr, start: number, step: number, n: number): StrText {
  const b = new StrBuilder();
  if (step === 1) {
    b.addHuge(t, start, start + n);
    return b.result();
  }
  let piece = '';
  for (let k = 0, i = start; k < n; k++, i += step) {
    piece += t.charAt(i);
    if (piece.length >= 4096) { b.add(piece); piece = ''; }
  }
  b.add(piece);
  return b.result();
}

/** Whether units of t starting at `at` equal the whole of p. */
export function unitsEqualAt(t: StrText, at: number, p: StrText): boolean {
  if (at + unitsOf(p) > unitsOf(t)) return false;
  let same = true;
  forEachUnitPiece(p, 0, (piece, off) => {
    same = sliceUnits(t, at + off, at + off + piece.length) === piece;
    return same;
  });
  return same;
}

/** The unit offset of the first sub in t within units [from, end), or -1. */
export function findUnits(t: StrText, sub: StrText, from: number, end: number): number {
  const m = unitsOf(sub);
  if (m === 0) return from <= end ? from : -1;
  let found = -1;
  if (typeof sub === 'string') {
    forEachMatch(t, sub, from, end, (at) => { found = at; return false; });
    return found;
  }
  // A huge needle: its first chunk finds candidates, the rest is compared.
  const head = sub.chunks[0];
  for (let at = from; found < 0;) {
    let cand = -1;
    forEachMatch(t, head, at, end, (p) => { cand = p; return false; });
    if (cand < 0 || cand + m > end) break;
    if (unitsEqualAt(t, cand, sub)) found = cand;
    at = cand + 1;
  }
  return found;
}

/** Unit offsets of the non-overlapping occurrences of sub (not empty) in t within [from, end); fn returns false to stop. */
function forEachOccurrence(t: StrText, sub: StrText, from: number, end: number, fn: (at: number) => boolean): void {
  if (typeof sub === 'string') { forEachMatch(t, sub, from, end, fn); return; }
  for (let at = findUnits(t, sub, from, end); at >= 0 && fn(at); at = findUnits(t, sub, at + sub.units, end));
}

/** Code point index helpers for either kind of text. */
const cpOfUnit = (t: StrText, u: number): number => typeof t === 'string' ? countCodePoints(t.slice(0, u)) : t.codePointOfUnit(u);
const unitOfCp = (t: StrText, i: number): number => typeof t === 'string' ? i : t.unitOfCodePoint(i);
const cpLength = (t: StrText): number => typeof t === 'string' ? countCodePoints(t) : t.length;

/** [start, end) of Python's slice indices over n code points. */
export function clampRange(n: number, start: number | null, end: number | null): [number, number] {
  let a = start ?? 0;
  let b = end ?? n;
  if (a < 0) a = Math.max(0, a + n);
  if (b < 0) b = Math.max(0, b + n);
  return [Math.min(a, n), Math.min(b, n)];
}

/** sub in t. */
export function textContains(t: StrText, sub: StrText): boolean {
  return findUnits(t, sub, 0, unitsOf(t)) >= 0;
}

/** t.find(sub, start, end) in code points. */
function findText(t: StrText, sub: StrText, start: number | null, end: number | null): number {
  const [a, b] = clampRange(cpLength(t), start, end);
  if (a > b) return -1;
  const u = findUnits(t, sub, unitOfCp(t, a), unitOfCp(t, b));
  return u < 0 ? -1 : cpOfUnit(t, u);
}

/** t.count(sub, start, end). */
function countText(t: StrText, sub: StrText, start: number | null, end: number | null): number {
  const [a, b] = clampRange(cpLength(t), start, end);
  if (a > b) return 0;
  if (unitsOf(sub) === 0) return b - a + 1;
  let n = 0;
  forEachOccurrence(t, sub, unitOfCp(t, a), unitOfCp(t, b), () => { n++; return true; });
  return n;
}

// ---- output ------------------------------------------------------------------------

/** Writes a huge str to stdout a chunk at a time (the output buffer flushes as it fills). */
export function writeHuge(rt: Runtime, t: HugeStr, toStderr = false): void {
  for (const chunk of t.chunks) {
    if (toStderr) rt.writeErr(chunk);
    else rt.write(chunk);
  }
}

/** repr() of a huge str, built a chunk at a time (chunks split no surrogate pair, so each escapes alone). */
export function hugeRepr(t: HugeStr): StrText {
  let single = false;
  let double = false;
  for (const c of t.chunks) {
    single ||= c.includes("'");
    double ||= c.includes('"');
  }
  const quote = reprQuote(single, double);
  const b = new StrBuilder();
  b.add(quote, 1);
  for (const c of t.chunks) b.add(strReprBody(c, quote));
  b.add(quote, 1);
  return b.result();
}

/** The huge str in slot w, if it holds one. */
export function hugeInSlot(rt: Runtime, w: number): HugeStr | null {
  return rt.objs.kind(w) === Kind.Str ? rt.objs.hugeOf(rt.heap.objectAt(w)) : null;
}

// ---- str methods of a huge receiver ----------------------------------------------------

export function textArg(rt: Runtime, w: number, what: string): StrText {
  if (rt.objs.kind(w) !== Kind.Str) throw typeError(`${what ? what + ' ' : ''}must be str, not ${rt.typeName(w)}`);
  return rt.objs.textOf(rt.heap.objectAt(w));
}

/**
 * The receiver's text as chunks: a huge str, or an ordinary str as one chunk
 * (a method comes here for an ordinary receiver when an argument is huge;
 * results go through StrBuilder, so they are huge only past the threshold).
 */
export function selfText(rt: Runtime, self: number): HugeStr {
  const o = rt.heap.objectAt(self);
  const huge = rt.objs.hugeOf(o);
  if (huge !== null) return huge;
  const s = rt.objs.strOf(o);
  return new HugeStr(s.length === 0 ? [] : [s], s.length === 0 ? [] : [rt.objs.strLength(o)]);
}

export function setText(rt: Runtime, dst: number, t: StrText): void {
  rt.objs.setObject(dst, rt.objs.newStrText(t));
}

export function setTextList(rt: Runtime, dst: number, parts: readonly StrText[]): void {
  const { objs, heap } = rt;
  objs.setObject(dst, objs.newList(parts.length));
  for (let i = 0; i < parts.length; i++) objs.setObject(objs.listItems(heap.objectAt(dst)) + i, objs.newStrText(parts[i]));
}

/** upper() chunk by chunk: no rule of it looks past a character (lower and the other case maps: huge-str-case.ts). */
for (const [name, f] of [['upper', S.upper]] as const) {
  hugeStrMethod(name, (rt, self, _args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 0, 0, false);
    const b = new StrBuilder();
    for (const chunk of selfText(rt, self).chunks) b.add(f(chunk));
    setText(rt, dst, b.result());
  });
}

/** The first unit of t (from the start or the end) that strip would keep. */
function stripBounds(t: HugeStr, chars: string | null, left: boolean, right: boolean): [number, number] {
  let a = 0;
  let b = t.units;
  if (left) {
    a = t.units;
    for (let c = 0; c < t.chunks.length; c++) {
      const kept = S.lstrip(t.chunks[c], chars);
      if (kept.length > 0) { a = t.unitStart[c] + t.chunks[c].length - kept.length; break; }
    }
  }
  if (right) {
    b = a;
    for (let c = t.chunks.length - 1; c >= 0 && t.unitStart[c + 1] > a; c--) {
      const kept = S.rstrip(t.chunks[c], chars);
      if (kept.length > 0) { b = Math.max(a, t.unitStart[c] + kept.length); break; }
    }
  }
  return [a, b];
}

for (const name of ['strip', 'lstrip', 'rstrip'] as const) {
  hugeStrMethod(name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 0, 1, false);
    let chars: string | null = null;
    if (n === 1 && !rt.objs.isNone(args)) {
      if (rt.objs.kind(args) !== Kind.Str) throw typeError(`${name} arg must be None or str`);
      chars = stripChars(rt, args);
    }
    const t = selfText(rt, self);
    const [a, b] = stripBounds(t, chars, name !== 'rstrip', name !== 'lstrip');
    if (a === 0 && b === t.units) { rt.objs.copy(dst, self); return; }
    const out = new StrBuilder();
    addUnits(out, t, a, b);
    setText(rt, dst, out.result());
  });
}

for (const name of ['startswith', 'endswith'] as const) {
  hugeStrMethod(name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 3, true);
    const { objs } = rt;
    let tests: StrText[];
    if (objs.kind(args) === Kind.Tuple) {
      const seq = objs.sequence(args)!;
      tests = Array.from({ length: seq.length }, (_, i) => {
        if (objs.kind(seq.first + i) !== Kind.Str) throw typeError(`tuple for ${name} must only contain str, not ${rt.typeName(seq.first + i)}`);
        return objs.textOf(rt.heap.objectAt(seq.first + i));
      });
    } else if (objs.kind(args) === Kind.Str) {
      tests = [objs.textOf(rt.heap.objectAt(args))];
    } else {
      throw typeError(`${name} first arg must be str or a tuple of str, not ${rt.typeName(args)}`);
    }
    const t = selfText(rt, self);
    const [a, b] = clampRange(t.length, sliceIndex(rt, n > 1 ? args + 1 : undefined), sliceIndex(rt, n > 2 ? args + 2 : undefined));
    const ua = t.unitOfCodePoint(a);
    const ub = t.unitOfCodePoint(b);
    objs.setBool(dst, tests.some((p) => {
      const m = unitsOf(p);
      if (a > b || ub - ua < m) return false;
      return unitsEqualAt(t, name === 'startswith' ? ua : ub - m, p);
    }));
  });
}

for (const name of ['find', 'index', 'count'] as const) {
  hugeStrMethod(name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 3, true);
    const sub = textArg(rt, args, '');
    const t = selfText(rt, self);
    const start = sliceIndex(rt, n > 1 ? args + 1 : undefined);
    const end = sliceIndex(rt, n > 2 ? args + 2 : undefined);
    if (name === 'count') { rt.objs.setInt(dst, countText(t, sub, start, end)); return; }
    const i = findText(t, sub, start, end);
    if (i < 0 && name === 'index') throw valueError('substring not found');
    rt.objs.setInt(dst, i);
  });
}

hugeStrMethod('replace', (rt, self, args, n, dst, kw) => {
  noKeywords('replace', kw);
  arity('replace', n, 2, 3, false);
  const old = textArg(rt, args, 'replace() argument 1');
  const rep = textArg(rt, args + 1, 'replace() argument 2');
  let left = n === 3 ? Number(intArgOf(rt, args + 2)) : -1;
  const t = selfText(rt, self);
  if (unitsOf(old) === 0) { setText(rt, dst, replaceEmpty(t, rep, left)); return; }
  const m = unitsOf(old);
  const b = new StrBuilder();
  let last = 0;
  let changed = false;
  if (left !== 0) {
    forEachOccurrence(t, old, 0, t.units, (at) => {
      addUnits(b, t, last, at);
      b.addText(rep);
      last = at + m;
      changed = true;
      return --left !== 0;
    });
  }
  if (!changed) { rt.objs.copy(dst, self); return; }
  addUnits(b, t, last, t.units);
  setText(rt, dst, b.result());
});

// split/rsplit: huge-str-split.ts.

hugeStrMethod('join', (rt, self, args, n, dst, kw) => {
  noKeywords('join', kw);
  arity('join', n, 1, 1, false);
  setText(rt, dst, joinTexts(selfText(rt, self), joinParts(rt, args)));
});

/** The items of join's argument as texts (TypeError for a non-str item). */
export function joinParts(rt: Runtime, args: number): StrText[] {
  const { objs, heap } = rt;
  const k = objs.kind(args);
  const slot = k === Kind.List || k === Kind.Tuple ? args : rt.interp.pushObject(rt.iterators.toListObject(args));
  const seq = objs.sequence(slot)!;
  const parts: StrText[] = new Array(seq.length);
  for (let i = 0; i < seq.length; i++) {
    if (objs.kind(seq.first + i) !== Kind.Str) throw S.joinItemError(i, rt.typeName(seq.first + i));
    parts[i] = objs.textOf(heap.objectAt(seq.first + i));
  }
  if (slot !== args) rt.interp.popN(1);
  return parts;
}

/** Python's comparison of two str objects either of which may be huge. */
export function compareStrObjects(objs: Objects, oa: number, ob: number): number {
  return compareTexts(objs.textOf(oa), objs.textOf(ob));
}

/** Whether a result of `units` UTF-16 units must be a huge str. */
export const isHugeLength = (units: number): boolean => units > HUGE_STR_UNITS;
