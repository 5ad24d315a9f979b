// Tuple comparisons in traces (`min((len(v), k) for ...)`, sorting keys,
// `(a, b) < (c, d)`): TUPLE_COMPARE (cases/uops_compare.c) decides them
// natively when the items up to the deciding one are small ints, bools,
// floats or short ASCII strs. This mirrors cases/compare_support.h to record
// only a comparison the uop decides now (one it would exit on stitches, as
// record-dicts.ts does, instead of starting an exit chain).
import { LAYOUT as L } from '../../../build/layout.ts';
import { CompareOp } from '../frontend/bytecode.ts';
import type { Heap } from '../heap/heap.ts';
import { isInlineStr } from './record-strs.ts';
import type { ExitReason, TraceOp } from './trace-ir.ts';

export interface CompareRecorder {
  heap: Heap;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
}

const W = (bytes: number) => bytes / 8;
const ASK = 2;

function isTuple(heap: Heap, w: number): boolean {
  return heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ && heap.u32[2 * heap.objectAt(w)] === L.OBJ_TUPLE;
}

/** The small int in word w (48 bits, sign-extended; exact as a double). */
function smallInt(heap: Heap, w: number): number {
  const hi = heap.u32[2 * w + 1] & 0xffff;
  return (hi >= 0x8000 ? hi - 0x10000 : hi) * 4294967296 + heap.u32[2 * w];
}

/** cmp_simple of the words x and y: -1, 0, 1 or ASK. */
function order(heap: Heap, x: number, y: number): number {
  const u32 = heap.u32;
  const tx = u32[2 * x + 1] >>> 16;
  const ty = u32[2 * y + 1] >>> 16;
  const same = u32[2 * x] === u32[2 * y] && u32[2 * x + 1] === u32[2 * y + 1];
  const isFloat = (t: number) => t < L.TAG_INT;
  if (same && !isFloat(tx)) return 0;
  const intLike = (t: number) => t === L.TAG_INT || t === L.TAG_BOOL;
  const num = (w: number, t: number) => (t === L.TAG_BOOL ? u32[2 * w] & 1 : t === L.TAG_INT ? smallInt(heap, w) : heap.f64[w]);
  if ((intLike(tx) || isFloat(tx)) && (intLike(ty) || isFloat(ty))) {
    const a = num(x, tx);
    const b = num(y, ty);
    if (Number.isNaN(a) || Number.isNaN(b)) return ASK;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (!isInlineStr(heap, x) || !isInlineStr(heap, y)) return ASK;
  const chars = (w: number) => {
    const o = heap.objectAt(w);
    const lo = u32[2 * (o + W(L.STR_CHARS))];
    const hi = u32[2 * (o + W(L.STR_CHARS)) + 1];
    const n = heap.readI64(o + W(L.STR_LENGTH));
    const out: number[] = [];
    const bits = (BigInt(hi) << 32n) | BigInt(lo);
    for (let i = 0; i < n; i++) out.push(Number((bits >> BigInt(7 * i)) & 127n));
    return out;
  };
  const a = chars(x);
  const b = chars(y);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Whether tuple_compare decides the tuples in words aw and bw under op without tier-1. */
function decidesNow(heap: Heap, aw: number, bw: number, op: number): boolean {
  const a = heap.objectAt(aw);
  const b = heap.objectAt(bw);
  const n = heap.readI64(a + W(L.TUPLE_LENGTH));
  const m = heap.readI64(b + W(L.TUPLE_LENGTH));
  if (n !== m && (op === CompareOp.EQ || op === CompareOp.NE)) return true;
  for (let i = 0; i < Math.min(n, m); i++) {
    const c = order(heap, a + W(L.TUPLE_ITEMS) + i, b + W(L.TUPLE_ITEMS) + i);
    if (c === ASK) return false;
    if (c !== 0) return true;
  }
  return true;
}

/** a OP b (<, <=, >, >=) of two short ASCII strs (STR_COMPARE; == and != are STR_EQ's). */
export function recordStrOrder(r: CompareRecorder, sp: number, op: number, guardPair: () => void): boolean {
  if (op > CompareOp.GE || op === CompareOp.EQ || op === CompareOp.NE) return false;
  if (!isInlineStr(r.heap, sp - 2) || !isInlineStr(r.heap, sp - 1)) return false;
  guardPair();
  r.guard('STR_COMPARE', 'type', { oparg: op });
  return true;
}

/** a OP b (COMPARE_OP <, <=, ==, !=, >, >=) of two tuples, when TUPLE_COMPARE decides it now. */
export function recordTupleCompare(r: CompareRecorder, sp: number, op: number): boolean {
  if (op > CompareOp.GE || !isTuple(r.heap, sp - 2) || !isTuple(r.heap, sp - 1) || !decidesNow(r.heap, sp - 2, sp - 1, op)) return false;
  r.guard('GUARD_TUPLE_SECOND', 'type');
  r.guard('GUARD_TUPLE', 'type');
  r.guard('TUPLE_COMPARE', 'other', { oparg: op });
  return true;
}
