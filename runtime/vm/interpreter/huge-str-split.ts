// split/rsplit with maxsplit, replace with an empty pattern and expandtabs
// of a huge str (or with a huge argument), chunk by chunk. Registered with
// hugeStrMethod after huge-strs.ts, so these versions replace its split.
import { MAX_HUGE_UNITS, StrBuilder, forEachUnitPiece, memoryError, unitsOf, type HugeStr, type StrText } from '../heap/huge-str.ts';
import { Kind } from '../heap/objects.ts';
import { typeError, valueError } from '../heap/py-error.ts';
import { Prop, props } from '../library/unicode.ts';
import { rfindUnits } from './huge-str-layout.ts';
import { findUnits, selfText, setText, setTextList, textArg, textRange } from './huge-strs.ts';
import { intArgOf } from './library-host.ts';
import { hugeStrMethod } from './methods.ts';
import type { Runtime } from './runtime.ts';
import { arity, params } from './str-methods.ts';

/** Python's whitespace (all in the BMP, so a code unit test is exact). */
const isSpaceUnit = (c: number): boolean => (props(c) & Prop.Space) !== 0;

/**
 * Unit ranges [start, end) of t's whitespace-separated words, in order; stops
 * after `limit` words (no limit when negative).
 */
function wordRanges(t: HugeStr, limit: number): number[] {
  const out: number[] = [];
  let start = -1;
  forEachUnitPiece(t, 0, (piece, at) => {
    for (let i = 0; i < piece.length; i++) {
      const space = isSpaceUnit(piece.charCodeAt(i));
      if (start < 0 && !space) start = at + i;
      else if (start >= 0 && space) {
        out.push(start, at + i);
        start = -1;
        if (limit >= 0 && out.length >= 2 * limit) return false;
      }
    }
    return true;
  });
  if (start >= 0 && (limit < 0 || out.length < 2 * limit)) out.push(start, t.units);
  return out;
}

/** s.split(None, maxsplit) / s.rsplit(None, maxsplit): the remainder keeps its inner and far-side whitespace. */
function splitWhitespace(t: HugeStr, maxsplit: number, fromRight: boolean): StrText[] {
  const r = wordRanges(t, fromRight || maxsplit < 0 ? -1 : maxsplit + 1);
  const words = r.length / 2;
  const parts: StrText[] = [];
  if (maxsplit < 0 || words <= maxsplit) {
    for (let k = 0; k < words; k++) parts.push(textRange(t, r[2 * k], r[2 * k + 1]));
    return parts;
  }
  if (!fromRight) {
    for (let k = 0; k < maxsplit; k++) parts.push(textRange(t, r[2 * k], r[2 * k + 1]));
    parts.push(textRange(t, r[2 * maxsplit], t.units));
    return parts;
  }
  const keep = words - maxsplit;
  parts.push(textRange(t, 0, r[2 * keep - 1]));
  for (let k = keep; k < words; k++) parts.push(textRange(t, r[2 * k], r[2 * k + 1]));
  return parts;
}

/** s.split(sep, maxsplit) / s.rsplit(sep, maxsplit) with a separator. */
function splitSep(t: HugeStr, sep: StrText, maxsplit: number, fromRight: boolean): StrText[] {
  const m = unitsOf(sep);
  const parts: StrText[] = [];
  let left = maxsplit;
  if (!fromRight) {
    let last = 0;
    for (let at = left === 0 ? -1 : findUnits(t, sep, 0, t.units); at >= 0;) {
      parts.push(textRange(t, last, at));
      last = at + m;
      if (--left === 0) break;
      at = findUnits(t, sep, last, t.units);
    }
    parts.push(textRange(t, last, t.units));
    return parts;
  }
  let end = t.units;
  for (let at = left === 0 ? -1 : rfindUnits(t, sep, 0, end); at >= 0;) {
    parts.push(textRange(t, at + m, end));
    end = at;
    if (--left === 0) break;
    at = rfindUnits(t, sep, 0, end);
  }
  parts.push(textRange(t, 0, end));
  return parts.reverse();
}

for (const name of ['split', 'rsplit'] as const) {
  hugeStrMethod(name, (rt, self, args, n, dst, kw) => {
    arity(name, n, 0, 2, true);
    const [sepW, maxW] = params(name, args, n, kw, ['sep', 'maxsplit']);
    let sep: StrText | null = null;
    if (sepW !== undefined && !rt.objs.isNone(sepW)) {
      if (rt.objs.kind(sepW) !== Kind.Str) throw typeError(`must be str or None, not ${rt.typeName(sepW)}`);
      sep = rt.objs.textOf(rt.heap.objectAt(sepW));
    }
    const maxsplit = maxW === undefined ? -1 : Number(intArgOf(rt, maxW));
    const t = selfText(rt, self);
    if (sep !== null && unitsOf(sep) === 0) throw valueError('empty separator');
    const fromRight = name === 'rsplit';
    setTextList(rt, dst, sep === null ? splitWhitespace(t, maxsplit < 0 ? -1 : maxsplit, fromRight) : splitSep(t, sep, maxsplit < 0 ? -1 : maxsplit, fromRight));
  });
}

/** Appends code points to a builder through a flat buffer (flushed at 64K units). */
class Buffered {
  private acc = '';
  constructor(readonly b: StrBuilder) {}
  add(s: string): void {
    this.acc += s;
    if (this.acc.length >= 1 << 16) this.flush();
  }
  addText(t: StrText): void {
    if (typeof t === 'string') { this.add(t); return; }
    this.flush();
    this.b.addHuge(t);
  }
  flush(): void {
    if (this.acc.length > 0) this.b.add(this.acc);
    this.acc = '';
  }
}

/** s.replace('', rep, count): rep before each of the first count characters (and at the end when count allows). */
export function replaceEmpty(t: HugeStr, rep: StrText, count: number): StrText {
  const times = count < 0 ? t.length + 1 : Math.min(count, t.length + 1);
  if (t.units + unitsOf(rep) * times > MAX_HUGE_UNITS) throw memoryError();
  const out = new Buffered(new StrBuilder());
  let left = times;
  for (const chunk of t.chunks) {
    if (left === 0) { out.add(chunk); continue; }
    for (const c of chunk) {
      if (left > 0) { out.addText(rep); left--; }
      out.add(c);
    }
  }
  if (left > 0) out.addText(rep);
  out.flush();
  return out.b.result();
}

/** s.expandtabs(tabsize): the column runs on across chunks and restarts after \n and \r. */
function expandTabs(t: HugeStr, tabsize: number): StrText {
  const out = new Buffered(new StrBuilder());
  let column = 0;
  for (const chunk of t.chunks) {
    if (!chunk.includes('\t')) {
      out.add(chunk);
      const nl = Math.max(chunk.lastIndexOf('\n'), chunk.lastIndexOf('\r'));
      column = nl >= 0 ? [...chunk.slice(nl + 1)].length : column + [...chunk].length;
      continue;
    }
    for (const c of chunk) {
      if (c === '\t') {
        if (tabsize > 0) {
          const k = tabsize - (column % tabsize);
          if (out.b.units + k > MAX_HUGE_UNITS) throw memoryError();
          out.add(' '.repeat(k));
          column += k;
        }
      } else {
        out.add(c);
        column = c === '\n' || c === '\r' ? 0 : column + 1;
      }
    }
  }
  out.flush();
  return out.b.result();
}

hugeStrMethod('expandtabs', (rt, self, args, n, dst, kw) => {
  arity('expandtabs', n, 0, 1, true);
  const [tabW] = params('expandtabs', args, n, kw, ['tabsize']);
  setText(rt, dst, expandTabs(selfText(rt, self), tabW === undefined ? 8 : Number(intArgOf(rt, tabW))));
});

/** The characters of strip's argument, once each (a huge argument has at most 0x110000 distinct ones). */
export function stripChars(rt: Runtime, w: number): string {
  const t = textArg(rt, w, '');
  if (typeof t === 'string') return t;
  const seen = new Set<string>();
  for (const chunk of t.chunks) for (const c of chunk) seen.add(c);
  return [...seen].join('');
}
