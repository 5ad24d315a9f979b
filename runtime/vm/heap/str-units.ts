// Code units native code can read, for flat strs whose text only tier-1 has
// (a V8 string in heap.strings): one byte per code point, all below U+0100,
// in an OBJ_STR_UNITS object that VMState.str_units (cases/vm.h) maps the
// str's string-table handle to. s[i] and `for c in s` of such a str then run
// in traces (STR_INDEX_UNITS, STR_ITER_UNITS) on any str, not only on the one
// the trace was recorded with.
//
// Why a table by handle and not a field of StrObject: the str layout, its
// size and the meaning of `chars` (inline or not, cases/dict_support.h
// str_is_inline and the TS readers of it) stay as they are; only strs with a
// handle of their own (flat strs tier-1 made or flattened) have text to copy,
// and the handle already dies with the str (the sweep clears the entry, and
// the buffer, reached only through its str, is swept with it). Ropes,
// inline-only and huge strs have no such handle and never get units.
//
// Units are made lazily, where a trace may soon read them: when the recorder
// meets s[i] or `for c in s` on a str, and when tier-1 indexes or iterates a
// str while a JIT is attached (a str made in tier-1 is read by the trace after
// one exit at most). Strs are immutable: a buffer never goes stale.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from './heap.ts';

/** The table entry of a str that cannot have units (a code point above U+00FF, or too long). */
const NONE = 1;
/** The table entry of a str tier-1 indexed or iterated once: the second time it gets units (forTier1). */
const SEEN = 2;
const ROPE_HANDLE_LO = L.STR_ROPE >>> 0;
/** Rope levels native code walks down to read a code point (cases/dict_support.h STR_UNITS_ROPE_DEPTH). */
const STR_UNITS_ROPE_DEPTH = 8;
/** Longest str that gets units (code points): longer ones stay with tier-1 (their copy would double their memory). */
export const MAX_UNITS_STR = 1 << 24;
const LATIN1 = /^[\u0000-\u00ff]*$/;

/** Longest str tier-1 copies units of when it indexes or iterates one (the copy costs about as much as a pass over it). */
export const MAX_TIER1_UNITS_STR = 4096;

export class StrUnits {
  /** Set once a recording used units: before that tier-1 copies nothing. */
  private wanted = false;

  /** flatten(o) gives a rope its text and a handle of its own (Objects.strOf: it never collects). */
  constructor(private readonly heap: Heap, private readonly flatten: (o: number) => void) {}

  /** The recorder's ensure: from now on tier-1 makes units too (forTier1). */
  ensureForTrace(o: number): boolean {
    if (!this.wanted) {
      this.wanted = true;
      this.unitsOfConstants();
    }
    return this.ensure(o);
  }

  /**
   * Units for the program's str constants (once, when a trace first reads units): the
   * leaves of the ropes traces build are mostly constants, and a leaf without units
   * would make every read of such a rope exit (nothing else gives a constant units).
   */
  private unitsOfConstants(): void {
    const heap = this.heap;
    const u32 = heap.u32;
    for (let w = heap.constantsW; w < heap.constantsW + heap.constantCount; w++) {
      if (u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) continue;
      const o = heap.objectAt(w);
      if (u32[2 * o] !== L.OBJ_STR || u32[2 * (o + L.STR_CHARS / 8) + 1] !== 0) continue;
      if (heap.readI64(o + L.STR_LENGTH / 8) <= MAX_TIER1_UNITS_STR) this.ensure(o, false);
    }
  }

  /**
   * Tier-1 is about to index or iterate str object o (or a trace to read a
   * local): make its units (a rope's leaves' units; cheaply
   * refused when no trace reads units, or o is long), so that a trace reading
   * it next runs natively. Never collects.
   */
  forTier1(o: number): void {
    if (!this.wanted || this.heap.readI64(o + L.STR_LENGTH / 8) > MAX_TIER1_UNITS_STR) return;
    this.ensure(o, false, true);
  }

  /**
   * Whether str object o (a word index) has code units native code can read,
   * made now if it can have them: a shallow rope's leaves' (another rope is
   * flattened first, when mayFlatten). Never collects (safe mid-instruction).
   */
  ensure(o: number, mayFlatten = true, secondRead = false): boolean {
    const heap = this.heap;
    if (heap.u32[2 * (o + L.STR_HANDLE / 8)] === ROPE_HANDLE_LO) {
      // A shallow rope (a trace just built it from a few pieces) is read natively through its
      // halves (cases/dict_support.h str_unit_at), once its leaves have units; another is
      // flattened as tier-1 would on its first read, and then it has a handle.
      if (this.readableRope(o, STR_UNITS_ROPE_DEPTH)) return true;
      if (!mayFlatten || heap.readI64(o + L.STR_LENGTH / 8) > MAX_UNITS_STR) return false;
      this.flatten(o);
    }
    return this.ensureFlat(o, secondRead);
  }

  /** Whether rope o's leaves, at most `levels` levels down, are all readable natively (their units made). */
  private readableRope(o: number, levels: number): boolean {
    const heap = this.heap;
    if (heap.u32[2 * (o + L.STR_HANDLE / 8)] !== ROPE_HANDLE_LO) {
      if (heap.u32[2 * (o + L.STR_CHARS / 8) + 1] !== 0) return true; // inline chars
      return this.ensureFlat(o);
    }
    if (levels === 0) return false;
    return this.readableRope(heap.wordOf(heap.readI64(o + L.STR_LEFT / 8)), levels - 1) &&
      this.readableRope(heap.wordOf(heap.readI64(o + L.STR_RIGHT / 8)), levels - 1);
  }

  /**
   * Units of flat str o, made now if it can have them; with secondRead (tier-1's
   * reads), only on its second read: a str tier-1 reads once (`line[0]` of each line)
   * is not copied for nothing.
   */
  private ensureFlat(o: number, secondRead = false): boolean {
    const heap = this.heap;
    const h = heap.u32[2 * (o + L.STR_HANDLE / 8)];
    // Inline-only and huge strs: no handle of their own (their high word is all ones).
    if (heap.u32[2 * (o + L.STR_HANDLE / 8) + 1] !== 0) return false;
    const s = heap.strings[h];
    if (s === undefined) return false;
    if (h >= heap.strUnitsCap) this.grow(h + 1);
    const slot = heap.strUnitsW + 1 + h;
    const e = heap.readI64(slot);
    if (e === NONE) return false;
    if (e > SEEN) return true;
    if (e === 0 && secondRead) {
      heap.writeI64(slot, SEEN);
      return false;
    }
    if (s.length > MAX_UNITS_STR || !LATIN1.test(s)) {
      heap.writeI64(slot, NONE);
      return false;
    }
    const u = heap.withoutCollection(() => heap.allocate(L.OBJ_STR_UNITS, L.STR_UNITS_UNITS + Math.max(1, s.length)));
    const bytes = new Uint8Array(heap.u32.buffer, heap.u32.byteOffset + (u + 1) * 8, s.length);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    heap.writeI64(slot, heap.addressOf(u));
    return true;
  }

  /** A table for handles below at least `handles`: the old entries copied, the rest zero; pinned. */
  private grow(handles: number): void {
    const heap = this.heap;
    let cap = Math.max(64, heap.strUnitsCap);
    while (cap < handles) cap *= 2;
    const t = heap.withoutCollection(() => heap.allocate(L.OBJ_STR_UNITS, L.STR_UNITS_UNITS + cap * 8));
    heap.pin(t);
    for (let i = 0; i < cap; i++) heap.writeI64(t + 1 + i, i < heap.strUnitsCap ? heap.readI64(heap.strUnitsW + 1 + i) : 0);
    if (heap.strUnitsW >= 0) heap.unpin(heap.strUnitsW);
    heap.strUnitsW = t;
    heap.strUnitsCap = cap;
    heap.writeI64(heap.vmStateW + L.VM_STR_UNITS / 8, heap.addressOf(t + 1));
    heap.writeI64(heap.vmStateW + L.VM_STR_UNITS_CAP / 8, cap);
  }
}
