// Tables for indexing a constant str natively (STR_INDEX_CONST, cases/uops.c):
// per str, a pinned tuple of its one-character strs, one per position. Only
// code constants qualify: a trace specialises on the str's identity, and a
// str that changed every iteration would grow side trace after side trace.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Objects } from './objects.ts';

/** Longest str that gets a table (in code points, all below U+0100). */
export const MAX_TABLE_STR = 256;
/** Tables are pinned for the whole run: at most this many. */
export const MAX_TABLES = 64;

export class StrIndexTables {
  private readonly tables = new Map<number, number>();
  private constants: Set<number> | null = null;
  private latin1 = -1;

  constructor(private readonly objs: Objects) {}

  /**
   * The table of str object o (a word index), made on first use; null when o
   * is not a constant, is too long, has a code point above U+00FF, or the
   * cache is full. Safe to call mid-instruction: it never collects.
   */
  tableFor(o: number): number | null {
    const known = this.tables.get(o);
    if (known !== undefined) return known;
    if (this.tables.size >= MAX_TABLES || !this.isConstant(o)) return null;
    const { objs } = this;
    const heap = objs.heap;
    if (objs.hugeOf(o) !== null) return null;
    const s = objs.strOf(o);
    if (s.length > MAX_TABLE_STR || !/^[\u0000-\u00ff]*$/.test(s)) return null;
    const table = heap.withoutCollection(() => {
      const t = objs.newTuple(s.length);
      heap.pin(t);
      for (let i = 0; i < s.length; i++) objs.setObject(objs.tupleItems(t) + i, objs.charStr(s[i]));
      return t;
    });
    // The constant table roots o already; pinning it too keeps the address the trace embeds to o for good.
    heap.pin(o);
    this.tables.set(o, table);
    return table;
  }

  /**
   * A pinned tuple of the 256 one-character strs U+0000..U+00FF (tier-1's
   * shared objects, Objects.charStr), made on first use: native code indexes
   * it by code point for s[i] and `for c in s` of inline strs
   * (STR_INDEX_INLINE, STR_ITER_INLINE, CHR_ASCII: the ASCII entries) and of
   * strs whose code units it reads (STR_INDEX_UNITS, heap/str-units.ts).
   * Safe to call mid-instruction.
   */
  latin1Table(): number {
    if (this.latin1 >= 0) return this.latin1;
    const { objs } = this;
    const heap = objs.heap;
    this.latin1 = heap.withoutCollection(() => {
      const t = objs.newTuple(256);
      heap.pin(t);
      for (let c = 0; c < 256; c++) objs.setObject(objs.tupleItems(t) + c, objs.charStr(String.fromCharCode(c)));
      return t;
    });
    return this.latin1;
  }

  /** The table for ASCII code points: the latin-1 one (its first 128 entries). */
  asciiTable(): number {
    return this.latin1Table();
  }

  private isConstant(o: number): boolean {
    if (this.constants === null) {
      const heap = this.objs.heap;
      this.constants = new Set();
      for (let w = heap.constantsW; w < heap.constantsW + heap.constantCount; w++) {
        if (heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ) this.constants.add(heap.objectAt(w));
      }
    }
    return this.constants.has(o);
  }
}
