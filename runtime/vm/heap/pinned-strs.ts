// Pinned str objects for the literal parts of constant formats that traces
// embed by address ("item%d" % i: STR_AFFIX_INT's "item", cases/uops_str_build.c).
// One object per distinct text, pinned for the whole run, so a bounded number.
import type { Objects } from './objects.ts';

/** Pinned for the whole run: at most this many texts, each at most MAX_TEXT code units. */
export const MAX_PINNED_STRS = 256;
const MAX_TEXT = 4096;

export class PinnedStrs {
  private readonly byText = new Map<string, number>();

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
}
