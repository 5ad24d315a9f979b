// Pinned str objects for the literal parts of constant formats that traces
// embed by address ("item%d" % i: STR_AFFIX_INT's "item", cases/uops_str_build.c).
// One object per distinct text, pinned for the whole run, so a bounded number.
import type { Objects } from './objects.ts';

/** Pinned for the whole run: at most this many texts, each at most MAX_TEXT code units. */
export const MAX_PINNED_STRS = 256;
const MAX_TEXT = 4096;

export class PinnedStrs {
  private readonly byText = new Map<string, number>();
  private readonly pairs = new Map<string, number>();

  constructor(private readonly objs: Objects) {}

  /** The pinned str object (word index) with this text, made on first use; null when full or too long. Never collects. */
  strFor(text: string): number | null {
    const known = this.byText.get(text);
    if (known !== undefined) return known;
    if (this.byText.size >= MAX_PINNED_STRS || text.length > MAX_TEXT) return null;
    const heap = this.objs.heap;
    const o = heap.withoutCollection(() => {
      const s = this.objs.newStr(text);
      heap.pin(s);
      return s;
    });
    this.byText.set(text, o);
    return o;
  }

  /** A pinned tuple (prefix, suffix) of pinned strs, None for an empty one; null when full. Never collects. */
  pairFor(prefix: string, suffix: string): number | null {
    const key = `${prefix}\u0000${suffix}`;
    const known = this.pairs.get(key);
    if (known !== undefined) return known;
    if (this.pairs.size >= MAX_PINNED_STRS) return null;
    const a = prefix === '' ? -1 : this.strFor(prefix);
    const b = suffix === '' ? -1 : this.strFor(suffix);
    if (a === null || b === null) return null;
    const { objs } = this;
    const heap = objs.heap;
    const t = heap.withoutCollection(() => {
      const pair = objs.newTuple(2);
      heap.pin(pair);
      if (a >= 0) objs.setObject(objs.tupleItems(pair), a);
      if (b >= 0) objs.setObject(objs.tupleItems(pair) + 1, b);
      return pair;
    });
    this.pairs.set(key, t);
    return t;
  }
}
