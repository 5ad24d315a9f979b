// Which int128 uop (cases/wide_ints.c) the recorder emits for an int operation
// whose operands or result leave the 48-bit small range: the operation is
// computed here on the values tier-1 is about to use, and a wide uop is chosen
// only when it succeeds on them (a result that fits int128, a nonzero divisor,
// a shift count in range), so a side trace never starts with a uop that fails
// on its first run.
import { LAYOUT as L } from '../../../build/layout.ts';
import { BinaryOp, CompareOp } from '../frontend/bytecode.ts';
import type { Heap } from '../heap/heap.ts';
import { inlineBigIntValue } from '../heap/objects.ts';

const WIDE_MIN = -(1n << 127n);
const WIDE_MAX = (1n << 127n) - 1n;
const SMALL_MIN = -(1n << 47n);
const SMALL_MAX = (1n << 47n) - 1n;
const INLINE_LO = L.BIGINT_INLINE >>> 0;

const WIDE_BINARY: Record<number, string> = {
  [BinaryOp.ADD]: 'ADD_WIDE', [BinaryOp.SUB]: 'SUB_WIDE', [BinaryOp.MUL]: 'MUL_WIDE',
  [BinaryOp.FLOORDIV]: 'FLOORDIV_WIDE', [BinaryOp.MOD]: 'MOD_WIDE',
  [BinaryOp.AND]: 'AND_WIDE', [BinaryOp.OR]: 'OR_WIDE', [BinaryOp.XOR]: 'XOR_WIDE',
  [BinaryOp.LSHIFT]: 'LSHIFT_WIDE', [BinaryOp.RSHIFT]: 'RSHIFT_WIDE',
};

export const WIDE_COMPARE: Record<number, string> = {
  [CompareOp.LT]: 'LT_WIDE', [CompareOp.LE]: 'LE_WIDE', [CompareOp.GT]: 'GT_WIDE',
  [CompareOp.GE]: 'GE_WIDE', [CompareOp.EQ]: 'EQ_WIDE', [CompareOp.NE]: 'NE_WIDE',
};

/** The value of the word at w when it is a small int or an inline (int128) big int, else null. */
export function wideIntAt(heap: Heap, w: number): bigint | null {
  const hi = heap.u32[2 * w + 1];
  const tag = hi >>> 16;
  if (tag === L.TAG_INT) return BigInt.asIntN(48, (BigInt(hi & 0xffff) << 32n) | BigInt(heap.u32[2 * w]));
  if (tag !== L.TAG_OBJ) return null;
  const o = heap.objectAt(w);
  if (heap.u32[2 * o] !== L.OBJ_BIGINT || heap.u32[2 * (o + L.BIGINT_HANDLE / 8)] !== INLINE_LO) return null;
  return inlineBigIntValue(heap, o);
}

/** Python's a <op> b on ints, or null when it raises. */
function pythonIntOp(op: number, a: bigint, b: bigint): bigint | null {
  switch (op) {
    case BinaryOp.ADD: return a + b;
    case BinaryOp.SUB: return a - b;
    case BinaryOp.MUL: return a * b;
    case BinaryOp.FLOORDIV: {
      if (b === 0n) return null;
      const q = a / b;
      return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
    }
    case BinaryOp.MOD: {
      if (b === 0n) return null;
      const r = a % b;
      return (r !== 0n && (r < 0n) !== (b < 0n)) ? r + b : r;
    }
    case BinaryOp.AND: return a & b;
    case BinaryOp.OR: return a | b;
    case BinaryOp.XOR: return a ^ b;
    case BinaryOp.LSHIFT: return b < 0n || b > 128n ? null : a << b;
    case BinaryOp.RSHIFT: return b < 0n ? null : b >= 128n ? (a < 0n ? -1n : 0n) : a >> b;
    default: return null;
  }
}

/**
 * For a plain binary op on two int128-representable ints: the wide uop that
 * computes it on these values, and whether operands and result all fit 48
 * bits (the small-int uops, where there is one, do it cheaper); null when
 * int128 cannot (the result does not fit, or Python raises).
 */
export function wideBinaryUop(op: number, a: bigint, b: bigint): { uop: string; small: boolean } | null {
  const uop = WIDE_BINARY[op];
  if (uop === undefined) return null;
  const r = pythonIntOp(op, a, b);
  if (r === null || r < WIDE_MIN || r > WIDE_MAX) return null;
  const small = (x: bigint) => x >= SMALL_MIN && x <= SMALL_MAX;
  return { uop, small: small(a) && small(b) && small(r) };
}
