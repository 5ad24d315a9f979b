// str.format and str % args with a huge str argument: the ordinary formatter
// runs with each huge argument replaced by a short marker str (private-use
// characters around a per-call nonce), and the huge texts are spliced in where
// the markers come out. %r and !r give a marker for the text's repr; a
// str.format spec gives one for the text formatted by it (huge-str-spec.ts).
// A %s, %r or %a of a huge text with a width, a precision or ascii escaping
// is done first, in chunks (huge-str-percent.ts); so is str.format's
// {!r:spec}, {!a} (formatConverted). A marker that does not come out whole, or
// an error message that would show one, is MemoryError: never a wrong result.
import { HugeStr, StrBuilder, countCodePoints, hugeOfString, memoryError, sliceUnits, type StrText } from '../heap/huge-str.ts';
import { Kind } from '../heap/objects.ts';
import { percentFormat } from '../library/percent-format.ts';
import { strFormat } from '../library/str-format.ts';
import { strRepr } from '../library/str-repr.ts';
import { formatPrimitive } from '../library/value-host.ts';
import { formatHugeStr } from '../heap/huge-str-spec.ts';
import { hugeInSlot, hugeRepr, textRange } from './huge-strs.ts';
import { PyError } from '../heap/py-error.ts';
import { asciiText, holdsHuge, hugeConversion, presizeHugeConversions } from './huge-str-percent.ts';
import { valueHostOf } from './library-formatting.ts';
import type { ObjectValueHost } from './value-host.ts';
import { hugeStrMethod } from './methods.ts';
import type { Runtime } from './runtime.ts';

const OPEN = '\ue000';
const CLOSE = '\ue001';

/** A marker str object for huge text number k, pushed on the interpreter's stack. */
function pushMarker(rt: Runtime, nonce: string, k: number): number {
  return rt.interp.pushObject(rt.objs.newStr(`${OPEN}${nonce}:${k}${CLOSE}`));
}

const newNonce = (): string => Math.floor(Math.random() * 2 ** 48).toString(36);

/** The value host the formatters get: repr of a marker is a marker for the repr of its text. */
function markerHost(rt: Runtime, nonce: string, texts: StrText[]): ObjectValueHost {
  const host = valueHostOf(rt);
  const whole = new RegExp(`^${OPEN}${nonce}:(\\d+)${CLOSE}$`);
  const h = Object.create(host) as ObjectValueHost;
  const markerOf = (w: number): number => {
    const m = rt.objs.kind(w) === Kind.Str && hugeInSlot(rt, w) === null ? whole.exec(rt.objs.strOf(rt.heap.objectAt(w))) : null;
    return m === null ? -1 : Number(m[1]);
  };
  const newMarker = (t: StrText): string => {
    texts.push(t);
    return `${OPEN}${nonce}:${texts.length - 1}${CLOSE}`;
  };
  h.repr = (w: number): string => {
    const k = markerOf(w);
    if (k < 0) return host.repr(w);
    const t = texts[k];
    return newMarker(typeof t === 'string' ? strRepr(t) : hugeRepr(t));
  };
  // A marker is no primitive, so str.format hands its spec to formatObject: the text formatted by the spec.
  h.primitive = (w: number) => markerOf(w) < 0 ? host.primitive(w) : undefined;
  // An int, float or str formatted with a width past one V8 string: format() pads it in chunks (Formatter.formatText).
  h.formatWide = (w: number, spec: string): string | undefined => (markerOf(w) < 0 && host.primitive(w) !== undefined ? newMarker(rt.fmt.formatText(w, spec)) : undefined);
  h.formatObject = (w: number, spec: string): string => {
    const k = markerOf(w);
    // A list or tuple holding a huge str: object.__format__, so only the empty spec, giving its (huge) str.
    if (k < 0 && spec === '' && holdsHuge(rt, w)) return newMarker(rt.fmt.strText(w));
    if (k < 0) return host.formatObject(w, spec);
    formatPrimitive('x', spec); // the spec's errors, as a str gives them
    const t = texts[k];
    return newMarker(typeof t === 'string' ? formatPrimitive(t, spec) : formatHugeStr(t, spec));
  };
  // {!r:spec} and the like of a huge text (or a list or tuple holding one): a marker for the converted text formatted by the spec.
  h.formatConverted = (w: number, conversion: 's' | 'r' | 'a', spec: string): string | undefined => {
    const k = markerOf(w);
    let t: StrText | null;
    if (k >= 0) {
      const text = texts[k];
      const huge = typeof text === 'string' ? hugeOfString(text) : text;
      t = conversion === 's' ? text : conversion === 'r' ? hugeRepr(huge) : asciiText(hugeRepr(huge));
    } else {
      t = hugeConversion(rt, w, conversion);
    }
    if (t === null) return undefined;
    if (spec === '') return newMarker(t);
    formatPrimitive('x', spec); // the spec's errors, as a str gives them
    return newMarker(typeof t === 'string' ? formatPrimitive(t, spec) : formatHugeStr(t, spec));
  };
  // %(key)s: a huge value of the mapping comes out as a marker.
  h.getItem = (w: number, key: string | bigint): number => {
    const v = host.getItem(w, key);
    const huge = hugeInSlot(rt, v);
    if (huge === null) return v;
    texts.push(huge);
    return rt.interp.pushObject(rt.objs.newStr(`${OPEN}${nonce}:${texts.length - 1}${CLOSE}`));
  };
  return h;
}

/** out with each marker replaced by its huge text (MemoryError unless every private-use opener was a whole marker). */
function splice(out: string, nonce: string, texts: readonly StrText[]): StrText {
  // Every private-use opener and every nonce must be in a whole marker (%a escapes one into its \\u form).
  let opens = 0;
  for (let i = out.indexOf(OPEN); i >= 0; i = out.indexOf(OPEN, i + 1)) opens++;
  let nonces = 0;
  for (let i = out.indexOf(nonce); i >= 0; i = out.indexOf(nonce, i + 1)) nonces++;
  const b = new StrBuilder();
  let last = 0;
  let found = 0;
  for (const m of out.matchAll(new RegExp(`${OPEN}${nonce}:(\\d+)${CLOSE}`, 'g'))) {
    const k = Number(m[1]);
    if (k >= texts.length) throw memoryError();
    found++;
    b.add(out.slice(last, m.index));
    b.addText(texts[k]);
    last = m.index! + m[0].length;
  }
  // (A marker may be left out: an unused argument or mapping value.)
  if (found !== opens || found !== nonces) throw memoryError();
  b.add(out.slice(last));
  return b.result();
}

/** Whether a %-template has a width or precision anywhere (after %% is taken out). */
const PERCENT_SIZED = /%(\([^)]*\))?[-+ #0]*[\d*.]/;
/**
 * Runs a formatter over markers: an error whose message would show a marker
 * (a huge text used as a nested spec, say) is MemoryError, never a wrong message.
 */
function noMarkerInError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PyError && e.pyMessage.includes(OPEN)) throw memoryError();
    throw e;
  }
}

hugeStrMethod('format', (rt, self, args, n, dst, kw) => {
  const { objs, interp } = rt;
  const texts: StrText[] = [];
  const nonce = newNonce();
  // A huge template: its long literal stretches as markers.
  const hugeTemplate = hugeInSlot(rt, self);
  const template = hugeTemplate !== null
    ? shortTemplate(hugeTemplate, /[{}]/g, (t) => { texts.push(t); return `${OPEN}${nonce}:${texts.length - 1}${CLOSE}`; })
    : objs.strOf(rt.heap.objectAt(self));
  if (hugeTemplate === null && template.includes(OPEN)) throw memoryError();
  const base = interp.sp;
  const marked = (w: number): number => {
    const huge = hugeInSlot(rt, w);
    if (huge === null) return w;
    texts.push(huge);
    return pushMarker(rt, nonce, texts.length - 1);
  };
  try {
    const items = Array.from({ length: n }, (_, i) => marked(args + i));
    const keywords = new Map<string, number>();
    for (const [name, w] of kw ?? []) keywords.set(name, marked(w));
    const out = noMarkerInError(() => strFormat(markerHost(rt, nonce, texts), template, items, keywords));
    objs.setObject(dst, objs.newStrText(splice(out, nonce, texts)));
  } finally {
    interp.popN(interp.sp - base);
  }
});

/** Units kept verbatim after each special character of a huge template (a conversion or field is shorter). */
const KEEP_AFTER_SPECIAL = 256;

/**
 * A huge template as a short one: every stretch of literal text (no
 * character of `specials`) longer than KEEP_AFTER_SPECIAL becomes a marker
 * (markText), so the formatter sees only the conversions and fields and the
 * text around them; the splice puts the literal text back. MemoryError when
 * the template holds a marker opener (never a wrong result).
 */
/** One piece of a short template: its code points there and in the huge template it stands for. */
interface TemplatePiece { short: number; long: number }

/** An error of the short template whose message names a character index, with the huge template's index. */
function longIndexError(e: unknown, pieces: readonly TemplatePiece[]): unknown {
  if (!(e instanceof PyError)) return e;
  const m = /^(.* at index )(\d+)$/s.exec(e.pyMessage);
  if (m === null) return e;
  let i = Number(m[2]);
  let long = 0;
  for (const p of pieces) {
    if (i < p.short) break; // markers hold no special character: the index is in a verbatim piece
    i -= p.short;
    long += p.long;
  }
  return new PyError(e.pyType, `${m[1]}${long + i}`);
}

function shortTemplate(t: HugeStr, specials: RegExp, markText: (t: StrText) => string, pieces: TemplatePiece[] = []): string {
  const at: number[] = [];
  for (let c = 0; c < t.chunks.length; c++) {
    const chunk = t.chunks[c];
    if (chunk.includes(OPEN)) throw memoryError();
    for (const m of chunk.matchAll(specials)) at.push(t.unitStart[c] + m.index!);
  }
  // Cut points never split a surrogate pair: the pieces' code point counts must add up.
  const safe = (u: number): number => {
    if (u <= 0 || u >= t.units) return u;
    const prev = sliceUnits(t, u - 1, u).charCodeAt(0);
    return prev >= 0xd800 && prev < 0xdc00 ? u + 1 : u;
  };
  let out = '';
  let cur = 0;
  const verbatim = (to: number): void => {
    const text = sliceUnits(t, cur, to);
    const cps = countCodePoints(text);
    pieces.push({ short: cps, long: cps });
    out += text;
    cur = to;
  };
  const literal = (to: number): void => {
    if (to <= cur) return;
    if (to - cur <= KEEP_AFTER_SPECIAL) { verbatim(to); return; }
    const text = textRange(t, cur, to);
    const marker = markText(text);
    pieces.push({ short: marker.length, long: typeof text === 'string' ? countCodePoints(text) : text.length });
    out += marker;
    cur = to;
  };
  for (let i = 0; i < at.length; i++) {
    if (at[i] < cur) continue;
    literal(at[i]);
    verbatim(safe(Math.min(at[i] + KEEP_AFTER_SPECIAL, i + 1 < at.length ? at[i + 1] : t.units, t.units)));
  }
  literal(t.units);
  return out;
}

/** Whether `format % args` has a huge str argument (args is one, a list or tuple holding one, or a tuple or dict holding one). */
export function hasHugePercentArg(rt: Runtime, args: number): boolean {
  const { objs, heap } = rt;
  const k = objs.kind(args);
  if (k === Kind.Str) return hugeInSlot(rt, args) !== null;
  if (k === Kind.Dict) {
    const d = rt.dicts;
    const o = heap.objectAt(args);
    for (let i = d.nextLive(o, 0); i >= 0; i = d.nextLive(o, i + 1)) if (hugeInSlot(rt, d.entry(o, i) + 2) !== null) return true;
    return false;
  }
  if (k === Kind.List) return holdsHuge(rt, args);
  if (k !== Kind.Tuple) return false;
  const t = heap.objectAt(args);
  for (let i = objs.tupleLength(t) - 1; i >= 0; i--) {
    const item = objs.tupleItems(t) + i;
    if (hugeInSlot(rt, item) !== null || holdsHuge(rt, item)) return true;
  }
  return false;
}

/** format % args where hasHugePercentArg(args). */
export function percentWithHuge(rt: Runtime, format: number, args: number): StrText {
  const { objs, heap, interp } = rt;
  const texts: StrText[] = [];
  const nonce = newNonce();
  const markText = (t: StrText): string => {
    texts.push(t);
    return `${OPEN}${nonce}:${texts.length - 1}${CLOSE}`;
  };
  // A huge template: its long literal stretches as markers.
  const hugeTemplate = hugeInSlot(rt, format);
  const pieces: TemplatePiece[] = [];
  const template = hugeTemplate !== null ? shortTemplate(hugeTemplate, /%/g, markText, pieces) : objs.strOf(heap.objectAt(format));
  if (hugeTemplate === null && template.includes(OPEN)) throw memoryError();
  try {
    return percentWithMarkers(rt, template, args, texts, nonce, markText);
  } catch (e) {
    throw hugeTemplate !== null ? longIndexError(e, pieces) : e;
  }
}

/** percentWithHuge's formatting of a short template (huge texts behind markers). */
function percentWithMarkers(rt: Runtime, template: string, args: number, texts: StrText[], nonce: string, markText: (t: StrText) => string): StrText {
  const { objs, heap, interp } = rt;
  const base = interp.sp;
  const mark = (t: StrText): number => {
    texts.push(t);
    return pushMarker(rt, nonce, texts.length - 1);
  };
  try {
    // Sized and ascii conversions of huge texts first (huge-str-percent.ts), their results as markers in the template.
    const isTuple = objs.kind(args) === Kind.Tuple;
    const isDict = objs.kind(args) === Kind.Dict;
    const items = isTuple ? Array.from({ length: objs.tupleLength(heap.objectAt(args)) }, (_, i) => objs.tupleItems(heap.objectAt(args)) + i) : isDict ? [] : [args];
    const lookup = isDict ? (key: string) => valueHostOf(rt).getItem(args, key) : null;
    const done = presizeHugeConversions(rt, template, items, lookup, markText);
    if (done !== null) {
      let slot = args;
      if (!isDict) {
        const marked = done.items.map((w) => {
          const huge = hugeInSlot(rt, w);
          return huge === null ? w : mark(huge);
        });
        slot = interp.pushObject(objs.newTuple(marked.length));
        for (let i = 0; i < marked.length; i++) objs.copy(objs.tupleItems(heap.objectAt(slot)) + i, marked[i]);
      }
      return splice(percentFormat(markerHost(rt, nonce, texts), done.template, slot), nonce, texts);
    }
    if (PERCENT_SIZED.test(template.replace(/%%/g, ''))) throw memoryError();
    let slot = args;
    const single = hugeInSlot(rt, args);
    if (single !== null) {
      slot = mark(single);
    } else if (isTuple) {
      const n = objs.tupleLength(heap.objectAt(args));
      slot = interp.pushObject(objs.newTuple(n));
      for (let i = 0; i < n; i++) {
        const item = objs.tupleItems(heap.objectAt(args)) + i;
        const huge = hugeInSlot(rt, item);
        objs.copy(objs.tupleItems(heap.objectAt(slot)) + i, huge === null ? item : mark(huge));
      }
    }
    return splice(noMarkerInError(() => percentFormat(markerHost(rt, nonce, texts), template, slot)), nonce, texts);
  } finally {
    interp.popN(interp.sp - base);
  }
}
