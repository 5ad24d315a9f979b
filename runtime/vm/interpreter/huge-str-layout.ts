// More str methods of a huge receiver (or a huge argument), chunk by chunk:
// rfind/rindex, partition/rpartition, splitlines, ljust/rjust/center/zfill.
// They register with hugeStrMethod like those in huge-strs.ts and never build
// one V8 string of the whole text.
import { StrBuilder, countCodePoints, forEachUnitPiece, memoryError, MAX_HUGE_UNITS, unitsOf, type StrText } from '../heap/huge-str.ts';
import { Kind } from '../heap/objects.ts';
import { typeError, valueError } from '../heap/py-error.ts';
import { Prop, props } from '../library/unicode.ts';
import { clampRange, findUnits, selfText, setText, setTextList, textArg, textRange } from './huge-strs.ts';
import { intArgOf } from './library-host.ts';
import { hugeStrMethod } from './methods.ts';
import type { Runtime } from './runtime.ts';
import { arity, noKeywords, params, sliceIndex } from './str-methods.ts';

/** Most units searched at a time from the end (plus the needle's length); windows start small and double. */
const WINDOW = 1 << 16;

/** The unit offset of the last sub in t starting at or after `from` and ending by `end`, or -1. */
export function rfindUnits(t: StrText, sub: StrText, from: number, end: number): number {
  const m = unitsOf(sub);
  if (m === 0) return from <= end ? end : -1;
  if (typeof sub !== 'string') {
    // A huge needle (rare): the last of its forward matches.
    let last = -1;
    for (let at = findUnits(t, sub, from, end); at >= 0; at = findUnits(t, sub, at + 1, end)) last = at;
    return last;
  }
  // Matches starting in [lo, hi): the window runs m - 1 units past hi so one can end there.
  for (let hi = end - m + 1, w = 256; hi > from; w = Math.min(WINDOW, 2 * w)) {
    const lo = Math.max(from, hi - w);
    const buf = sliceOf(t, lo, Math.min(end, hi + m - 1));
    const j = buf.lastIndexOf(sub);
    if (j >= 0) return lo + j;
    hi = lo;
  }
  return -1;
}

function sliceOf(t: StrText, from: number, to: number): string {
  return typeof t === 'string' ? t.slice(from, to) : t.unitSlice(from, to);
}

for (const name of ['rfind', 'rindex'] as const) {
  hugeStrMethod(name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 3, true);
    const sub = textArg(rt, args, '');
    const t = selfText(rt, self);
    const [a, b] = clampRange(t.length, sliceIndex(rt, n > 1 ? args + 1 : undefined), sliceIndex(rt, n > 2 ? args + 2 : undefined));
    const u = a > b ? -1 : rfindUnits(t, sub, t.unitOfCodePoint(a), t.unitOfCodePoint(b));
    if (u < 0 && name === 'rindex') throw valueError('substring not found');
    rt.objs.setInt(dst, u < 0 ? -1 : t.codePointOfUnit(u));
  });
}

/** A 3-tuple of texts in slot dst. */
function setTextTuple(rt: Runtime, dst: number, parts: readonly StrText[]): void {
  const { objs, heap } = rt;
  objs.setObject(dst, objs.newTuple(parts.length));
  for (let i = 0; i < parts.length; i++) objs.setObject(objs.tupleItems(heap.objectAt(dst)) + i, objs.newStrText(parts[i]));
}

for (const name of ['partition', 'rpartition'] as const) {
  hugeStrMethod(name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 1, false);
    const sep = textArg(rt, args, '');
    const m = unitsOf(sep);
    if (m === 0) throw valueError('empty separator');
    const t = selfText(rt, self);
    const at = name === 'partition' ? findUnits(t, sep, 0, t.units) : rfindUnits(t, sep, 0, t.units);
    const whole = textRange(t, 0, t.units);
    if (at < 0) { setTextTuple(rt, dst, name === 'partition' ? [whole, '', ''] : ['', '', whole]); return; }
    setTextTuple(rt, dst, [textRange(t, 0, at), sep, textRange(t, at + m, t.units)]);
  });
}

/** Whether unit c is one of Python's line boundaries (all are in the BMP). */
const isLineBreak = (c: number): boolean => (props(c) & Prop.Linebreak) !== 0;

hugeStrMethod('splitlines', (rt, self, args, n, dst, kw) => {
  arity('splitlines', n, 0, 1, true);
  const [keepW] = params('splitlines', args, n, kw, ['keepends']);
  const keep = keepW !== undefined && Number(intArgOf(rt, keepW)) !== 0;
  const t = selfText(rt, self);
  const lines: StrText[] = [];
  let start = 0;
  // A \r ending one chunk pairs with a \n starting the next.
  let crAt = -1;
  forEachUnitPiece(t, 0, (piece, at) => {
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (crAt >= 0) {
        const eol = c === 10 ? at + i + 1 : at + i;
        lines.push(textRange(t, start, keep ? eol : crAt));
        start = eol;
        crAt = -1;
        if (c === 10) continue;
      }
      if (!isLineBreak(c)) continue;
      if (c === 13) { crAt = at + i; continue; }
      lines.push(textRange(t, start, keep ? at + i + 1 : at + i));
      start = at + i + 1;
    }
    return true;
  });
  if (crAt >= 0) { lines.push(textRange(t, start, keep ? crAt + 1 : crAt)); start = crAt + 1; }
  if (start < t.units) lines.push(textRange(t, start, t.units));
  setTextList(rt, dst, lines);
});

/** fill repeated count times into b (count code points; fill is one). */
function addFill(b: StrBuilder, fill: string, count: number): void {
  if (count <= 0) return;
  const run = fill.repeat(Math.min(count, 1 << 16));
  const runCps = Math.min(count, 1 << 16);
  let left = count;
  for (; left >= runCps; left -= runCps) b.add(run, runCps);
  if (left > 0) b.add(fill.repeat(left), left);
}

/** The fill and width arguments of ljust/rjust/center (MemoryError past what memory could hold). */
function padArgs(rt: Runtime, name: string, args: number, n: number): [number, string] {
  const width = Number(intArgOf(rt, args));
  let fill = ' ';
  if (n === 2) {
    if (rt.objs.kind(args + 1) !== Kind.Str) throw typeError(`${name}() argument 2 must be str, not ${rt.typeName(args + 1)}`);
    const f = textArg(rt, args + 1, '');
    if (typeof f !== 'string' || countCodePoints(f) !== 1) throw typeError('The fill character must be exactly one character long');
    fill = f;
  }
  return [width, fill];
}

for (const name of ['ljust', 'rjust', 'center'] as const) {
  hugeStrMethod(name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 2, false);
    const [width, fill] = padArgs(rt, name, args, n);
    const t = selfText(rt, self);
    const marg = width - t.length;
    if (marg <= 0) { rt.objs.copy(dst, self); return; }
    if (t.units + marg * fill.length > MAX_HUGE_UNITS) throw memoryError();
    // CPython's pad(): the odd extra column goes left when both marg and width are odd.
    const left = name === 'ljust' ? 0 : name === 'rjust' ? marg : Math.floor(marg / 2) + (marg & width & 1);
    const b = new StrBuilder();
    addFill(b, fill, left);
    b.addHuge(t);
    addFill(b, fill, marg - left);
    setText(rt, dst, b.result());
  });
}

hugeStrMethod('zfill', (rt, self, args, n, dst, kw) => {
  noKeywords('zfill', kw);
  arity('zfill', n, 1, 1, false);
  const width = Number(intArgOf(rt, args));
  const t = selfText(rt, self);
  const marg = width - t.length;
  if (marg <= 0) { rt.objs.copy(dst, self); return; }
  if (t.units + marg > MAX_HUGE_UNITS) throw memoryError();
  const b = new StrBuilder();
  const first = t.units > 0 ? t.unitSlice(0, 1) : '';
  const signed = first === '+' || first === '-';
  if (signed) b.add(first, 1);
  addFill(b, '0', marg);
  if (signed) b.addHuge(t, 1, t.length);
  else b.addHuge(t);
  setText(rt, dst, b.result());
});
