// `template % args` conversions the marker path of huge-str-format.ts cannot
// leave to the library: a %s, %r or %a whose text is huge (a huge str, or a
// list or tuple holding one) with a width, a precision or ascii() escaping.
// Each such conversion is done here on the text in chunks and becomes a plain
// %s of the result, so the library only ever moves markers it does not size.
import { HUGE_STR_UNITS, HugeStr, StrBuilder, countCodePoints, hugeOfString, memoryError, MAX_HUGE_UNITS, type StrText } from '../heap/huge-str.ts';
import { percentFormat } from '../library/percent-format.ts';
import { valueHostOf } from './library-formatting.ts';
import { Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';
import { asciiEscape } from '../library/str-repr.ts';
import { hugeInSlot, hugeRepr } from './huge-strs.ts';
import type { Runtime } from './runtime.ts';

/** One conversion: (mapping key) flags width .precision length-modifier type (CPython's unicode_format_arg_parse). */
const CONVERSION = /%(?:\(([^()]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([\s\S])/g;

/** Whether slot w is a list or tuple with a huge str item (its str() and repr() are huge). */
export function holdsHuge(rt: Runtime, w: number): boolean {
  const k = rt.objs.kind(w);
  if (k !== Kind.List && k !== Kind.Tuple) return false;
  const seq = rt.objs.sequence(w)!;
  for (let i = 0; i < seq.length; i++) if (hugeInSlot(rt, seq.first + i) !== null) return true;
  return false;
}

/** ascii() of a repr text: its escapes per chunk (chunks split no surrogate pair). */
export function asciiText(r: StrText): StrText {
  if (typeof r === 'string') return asciiEscape(r);
  const b = new StrBuilder();
  for (const chunk of r.chunks) b.add(asciiEscape(chunk));
  return b.result();
}

/** The text conversion `type` (s, r or a) gives slot w when it is huge; null otherwise (the library converts it). */
export function hugeConversion(rt: Runtime, w: number, type: string): StrText | null {
  const huge = hugeInSlot(rt, w);
  if (huge === null && !holdsHuge(rt, w)) return null;
  if (type === 's') return huge ?? rt.fmt.strText(w);
  const r = huge !== null ? hugeRepr(huge) : rt.fmt.reprText(w);
  return type === 'r' ? r : asciiText(r);
}

function spaces(b: StrBuilder, n: number): void {
  const run = ' '.repeat(Math.min(n, 1 << 16));
  for (; n >= run.length && n > 0; n -= run.length) b.add(run, run.length);
  if (n > 0) b.add(' '.repeat(n), n);
}

/** `%`-conversion `conversion` (no width) of the value in slot v alone, by the library. */
function convertAlone(rt: Runtime, conversion: string, v: number): string {
  const { interp, objs, heap } = rt;
  const args = interp.pushObject(objs.newTuple(1));
  objs.copy(objs.tupleItems(heap.objectAt(args)), v);
  try {
    return percentFormat(valueHostOf(rt), conversion, args);
  } finally {
    interp.popN(1);
  }
}

/** A short text padded with spaces to `width` (left-justified under '-'). */
function spacePadded(text: string, width: number, left: boolean): StrText {
  if (width > MAX_HUGE_UNITS) throw memoryError();
  const n = width - countCodePoints(text);
  const b = new StrBuilder();
  if (!left) spaces(b, n);
  b.add(text);
  if (left) spaces(b, n);
  return b.result();
}

/** A number's text zero-filled to `width` after its sign and 0x/0o prefix (CPython's '0' flag). */
function zeroPadded(text: string, width: number): StrText {
  if (width > MAX_HUGE_UNITS) throw memoryError();
  const head = /^[-+ ]?(0[xXoO])?/.exec(text)![0];
  const b = new StrBuilder();
  b.add(head, head.length);
  let n = width - text.length;
  const run = '0'.repeat(Math.min(Math.max(n, 0), 1 << 16));
  for (; n >= run.length && n > 0; n -= run.length) b.add(run, run.length);
  if (n > 0) b.add('0'.repeat(n), n);
  b.add(text.slice(head.length));
  return b.result();
}

/** t cut to `precision` characters (if >= 0) and padded with spaces to `width` (left-justified under '-'). */
function sized(t: StrText, width: number, precision: number, left: boolean): StrText {
  const h: HugeStr = typeof t === 'string' ? hugeOfString(t) : t;
  const len = precision >= 0 ? Math.min(precision, h.length) : h.length;
  if (width > MAX_HUGE_UNITS) throw memoryError();
  const b = new StrBuilder();
  if (!left && width > len) spaces(b, width - len);
  b.addHuge(h, 0, len);
  if (left && width > len) spaces(b, width - len);
  return b.result();
}

/**
 * The template and positional argument slots with every sized or ascii
 * conversion of a huge text done: its result goes into the template as the
 * marker text markText(result) gives, and the slots it read are dropped.
 * `lookup` reads a %(key) conversion's value (args is a mapping), null for
 * positional arguments. Null when the template does not match its arguments
 * (the caller's marker path then raises what it raises).
 */
export function presizeHugeConversions(rt: Runtime, template: string, items: readonly number[], lookup: ((key: string) => number) | null, markText: (t: StrText) => string): { template: string; items: number[] } | null {
  let out = '';
  let last = 0;
  let next = 0;
  const kept: number[] = [];
  for (const m of template.matchAll(CONVERSION)) {
    const [whole, key, flags, width, precision, type] = m;
    if (type === '%') continue; // '%%' (and '%5%', which the library rejects)
    if ((key !== undefined) !== (lookup !== null)) return null;
    if (lookup !== null && (width === '*' || precision === '*')) return null;
    const wAt = width === '*' ? next++ : -1;
    const pAt = precision === '*' ? next++ : -1;
    const vAt = lookup !== null ? -1 : next++;
    if (vAt >= items.length) return null;
    const v = lookup !== null ? lookup(key) : items[vAt];
    const star = (at: number): number | null => {
      const { objs } = rt;
      const k = objs.kind(items[at]);
      if (k === Kind.Int) return objs.smallInt(items[at]);
      if (k === Kind.Bool) return objs.boolOf(items[at]) ? 1 : 0;
      if (k !== Kind.BigInt) throw typeError('* wants int');
      return null; // past 48 bits: the library's OverflowError
    };
    const keep = () => {
      if (wAt >= 0) kept.push(items[wAt]);
      if (pAt >= 0) kept.push(items[pAt]);
      if (vAt >= 0) kept.push(v);
    };
    let text = type === 's' || type === 'r' || type === 'a' ? hugeConversion(rt, v, type) : null;
    // A short text with a huge width (`'%600000000s' % 'q'`): converted without the width, padded here.
    const hugeWidth = text === null && width !== undefined && width !== '*' && Number(width) > HUGE_STR_UNITS;
    if (text === null && !hugeWidth) { keep(); continue; }
    let w = width === undefined ? -1 : wAt >= 0 ? star(wAt) : Number(width);
    let p = precision === undefined ? -1 : pAt >= 0 ? star(pAt) : Number(precision || '0');
    if (w === null || p === null) return null;
    let left = flags.includes('-');
    if (wAt >= 0 && w < 0) { left = true; w = -w; } // a negative * width: CPython's '-' flag
    if (pAt >= 0 && p < 0) p = 0; // a negative * precision cuts to nothing
    if (text === null) {
      const unpadded = convertAlone(rt, `%${flags.replace(/[-0]/g, '')}${precision === undefined ? '' : `.${p}`}${type}`, v);
      const zeros = flags.includes('0') && !left && 'diouxXeEfFgG'.includes(type) && /\d/.test(unpadded);
      out += template.slice(last, m.index) + markText(zeros ? zeroPadded(unpadded, w) : spacePadded(unpadded, w, left));
    } else {
      out += template.slice(last, m.index) + markText(sized(text, w, p, left));
    }
    last = m.index! + whole.length;
  }
  return { template: out + template.slice(last), items: kept.concat(items.slice(next)) };
}
