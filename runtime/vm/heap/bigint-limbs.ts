// Big ints past 128 bits in the arena (cases/vm.h BigIntLimbs): the handle
// BIGINT_LIMBS, a signed limb count, then the magnitude's little-endian 64-bit
// limbs. The arithmetic is C (cases/bigint.c, through ../interpreter/bigint-native.ts);
// this file allocates and finishes such objects and converts them to and from
// V8 BigInts for what is not native yet (for example a negative modulus of
// pow(), an exponent past 48 bits, round() with digits, and operations whose
// scratch would not fit, int.bit_count and as_integer_ratio).
import { LAYOUT as L } from '../../../build/layout.ts';
import { PyError } from './py-error.ts';
import type { Heap } from './heap.ts';

const HANDLE_W = L.BIGINT_HANDLE / 8;
const SIZE_W = L.BIGINT_SIZE / 8;
/** Word offset of the first limb in the object. */
export const LIMB0_W = L.BIGINT_LIMB0 / 8;
export const BIGINT_LIMBS_LO = L.BIGINT_LIMBS >>> 0;
const MIN_BLOCK_WORDS = L.HEAP_MIN_BLOCK_WORDS;
/**
 * Most limbs one int may have: a block's size (bytes, header included) must fit
 * the header's 32 bits. 2^28 limbs is 2^34 bits (5 billion digits), far past
 * anything python3 computes in memory either: MemoryError beyond.
 */
export const MAX_LIMBS = (2 ** 32 - 8) / 8 - LIMB0_W;

export function isLimbsObject(heap: Heap, o: number): boolean {
  return heap.u32[2 * (o + HANDLE_W)] === BIGINT_LIMBS_LO;
}

/** The signed limb count of a limbs object (its sign is the int's). */
export function limbsSize(heap: Heap, o: number): number {
  return heap.i32[2 * (o + SIZE_W)];
}

/** A limbs object with room for `limbs` limbs (value 0 until finishLimbs). */
export function allocateLimbs(heap: Heap, limbs: number): number {
  if (!(limbs <= MAX_LIMBS)) throw new PyError('MemoryError', '');
  const o = heap.allocate(L.OBJ_BIGINT, (LIMB0_W + Math.max(limbs, 1)) * 8);
  heap.u32[2 * (o + HANDLE_W)] = BIGINT_LIMBS_LO;
  heap.u32[2 * (o + HANDLE_W) + 1] = 0xffffffff; // the int64 BIGINT_LIMBS (-2)
  heap.i32[2 * (o + SIZE_W)] = 0;
  heap.i32[2 * (o + SIZE_W) + 1] = 0;
  return o;
}

/** Records the signed limb count the C code returned and gives the unused tail of the block back. */
export function finishLimbs(heap: Heap, o: number, size: number): void {
  heap.i32[2 * (o + SIZE_W)] = size;
  heap.i32[2 * (o + SIZE_W) + 1] = size < 0 ? -1 : 0;
  const words = heap.u32[2 * o + 1];
  const need = Math.max(LIMB0_W + Math.abs(size), MIN_BLOCK_WORDS);
  const tail = words - need;
  if (tail >= MIN_BLOCK_WORDS) {
    // A free block the next sweep coalesces (sweeping rebuilds the free lists).
    heap.u32[2 * o + 1] = need;
    heap.u32[2 * (o + need)] = L.OBJ_FREE;
    heap.u32[2 * (o + need) + 1] = tail;
  }
}

/** The value of a limbs object as a V8 BigInt (through hex: linear time). */
export function limbsToBigInt(heap: Heap, o: number): bigint {
  const size = limbsSize(heap, o);
  const n32 = 2 * Math.abs(size);
  const u32 = heap.u32;
  const first = 2 * (o + LIMB0_W);
  let top = n32 - 1;
  while (top >= 0 && u32[first + top] === 0) top--;
  if (top < 0) return 0n;
  let hex = u32[first + top].toString(16);
  for (let i = top - 1; i >= 0; i--) hex += u32[first + i].toString(16).padStart(8, '0');
  const m = BigInt(`0x${hex}`);
  return size < 0 ? -m : m;
}

/** A limbs object holding b (any size; the caller keeps ints of 128 bits or fewer inline). */
export function newLimbsFromBigInt(heap: Heap, b: bigint): number {
  const neg = b < 0n;
  const hex = (neg ? -b : b).toString(16);
  const n32 = Math.ceil(hex.length / 8);
  const limbs = Math.ceil(n32 / 2);
  const o = allocateLimbs(heap, limbs);
  const u32 = heap.u32;
  const first = 2 * (o + LIMB0_W);
  for (let i = 0, end = hex.length; i < n32; i++, end -= 8) u32[first + i] = parseInt(hex.slice(Math.max(0, end - 8), end), 16);
  if (n32 & 1) u32[first + n32] = 0;
  finishLimbs(heap, o, neg ? -limbs : limbs);
  return o;
}

/**
 * A limbs object of o's magnitude with the sign asked for (-1 or 1): unary
 * minus and abs() past 128 bits, a copy of the limbs (no V8 BigInt).
 */
export function limbsWithSign(heap: Heap, o: number, sign: -1 | 1): number {
  const n = Math.abs(limbsSize(heap, o));
  const r = allocateLimbs(heap, n);
  heap.u32.copyWithin(2 * (r + LIMB0_W), 2 * (o + LIMB0_W), 2 * (o + LIMB0_W + n));
  finishLimbs(heap, r, sign * n);
  return r;
}

/** int.bit_length() of a limbs object, from its top limb. */
export function limbsBitLength(heap: Heap, o: number): number {
  const u32 = heap.u32;
  const first = 2 * (o + LIMB0_W);
  for (let i = 2 * Math.abs(limbsSize(heap, o)) - 1; i >= 0; i--) {
    if (u32[first + i] !== 0) return 32 * i + 32 - Math.clz32(u32[first + i]);
  }
  return 0;
}

/**
 * float() of a limbs object in native code, registered by
 * ../interpreter/bigint-native.ts (the heap does not load the native code
 * itself); null until then, when the V8 BigInt path runs.
 */
export let limbsToDouble: ((heap: Heap, o: number) => number) | null = null;
export function setLimbsToDouble(f: (heap: Heap, o: number) => number): void {
  limbsToDouble = f;
}
