// Which any-size int uop (cases/bigint_uops.c) the recorder emits for an int
// operation that the int128 uops cannot do on the values at hand (an operand
// or the result past 128 bits): chosen only when the uop succeeds on them (a
// nonzero divisor, a small non-negative shift count), so a side trace never
// starts with a uop that fails on its first run. Past 128 bits the C code
// (cases/bigint.c) computes on arena limbs and boxes into the lent buffer.
import { LAYOUT as L } from '../../../build/layout.ts';
import { BinaryOp, CompareOp } from '../frontend/bytecode.ts';
import type { Heap } from '../heap/heap.ts';
import { isLimbsObject, limbsSize } from '../heap/bigint-limbs.ts';

const INLINE_LO = L.BIGINT_INLINE >>> 0;
/** The largest shift count the uops take (cases/bigint.c bigint_value_op). */
const MAX_SHIFT = 1 << 24;

const BIG_BINARY: Record<number, string> = {
  [BinaryOp.ADD]: 'ADD_BIG', [BinaryOp.SUB]: 'SUB_BIG', [BinaryOp.MUL]: 'MUL_BIG',
  [BinaryOp.FLOORDIV]: 'FLOORDIV_BIG', [BinaryOp.MOD]: 'MOD_BIG',
  [BinaryOp.AND]: 'AND_BIG', [BinaryOp.OR]: 'OR_BIG', [BinaryOp.XOR]: 'XOR_BIG',
  [BinaryOp.LSHIFT]: 'LSHIFT_BIG', [BinaryOp.RSHIFT]: 'RSHIFT_BIG',
};

export const BIG_COMPARE: Record<number, string> = {
  [CompareOp.LT]: 'LT_BIG', [CompareOp.LE]: 'LE_BIG', [CompareOp.GT]: 'GT_BIG',
  [CompareOp.GE]: 'GE_BIG', [CompareOp.EQ]: 'EQ_BIG', [CompareOp.NE]: 'NE_BIG',
};

/** The word at w is an int the big uops take: a small int, an inline int128 or a limbs object. */
export function isAnyInt(heap: Heap, w: number): boolean {
  const tag = heap.u32[2 * w + 1] >>> 16;
  if (tag === L.TAG_INT) return true;
  if (tag !== L.TAG_OBJ) return false;
  const o = heap.objectAt(w);
  if (heap.u32[2 * o] !== L.OBJ_BIGINT) return false;
  return heap.u32[2 * (o + L.BIGINT_HANDLE / 8)] === INLINE_LO || isLimbsObject(heap, o);
}

/** Whether the int at w is zero (small 0; inline and limbs ints never are). */
function isZero(heap: Heap, w: number): boolean {
  const tag = heap.u32[2 * w + 1] >>> 16;
  if (tag === L.TAG_INT) return heap.u32[2 * w] === 0 && (heap.u32[2 * w + 1] & 0xffff) === 0;
  const o = heap.objectAt(w);
  return isLimbsObject(heap, o) && limbsSize(heap, o) === 0;
}

/** The big uop for `a <op> b` with a at sp - 2 and b at sp - 1, or null when none applies to these values. */
export function bigBinaryUop(heap: Heap, op: number, sp: number): string | null {
  const uop = BIG_BINARY[op];
  if (uop === undefined || !isAnyInt(heap, sp - 2) || !isAnyInt(heap, sp - 1)) return null;
  if ((op === BinaryOp.FLOORDIV || op === BinaryOp.MOD) && isZero(heap, sp - 1)) return null;
  if (op === BinaryOp.LSHIFT || op === BinaryOp.RSHIFT) {
    if (heap.u32[2 * (sp - 1) + 1] >>> 16 !== L.TAG_INT) return null;
    const hi = heap.u32[2 * (sp - 1) + 1] & 0xffff;
    if (hi !== 0 || heap.u32[2 * (sp - 1)] > MAX_SHIFT) return null;
  }
  return uop;
}

/**
 * An 'alloc' exit of an int128 uop (cases/wide_ints.c) taken with room left in
 * the lent buffer: a value went past 128 bits, not the buffer full. Such an
 * exit may grow a side trace, which the recorder starts with a big uop.
 */
export function wideUopOverflowed(uop: string, lentRoomBytes: number): boolean {
  return /_WIDE(_T)?(_INV)?(_L)?$/.test(uop) && lentRoomBytes >= L.SIZEOF_BIGINT;
}
