// NaN-boxed value words as TypeScript sees them: every word is read and written
// as two uint32 halves (little-endian: [lo, hi]) so that tagged NaNs never pass
// through a JS double (which may canonicalize NaN bits). Tags and payload
// widths come from build/layout.ts (generated from cases/layout.c).
import { LAYOUT as L } from '../../../build/layout.ts';

/** Upper 32 bits of a word with the given tag and zero payload. */
const hiOf = (tag: number) => (tag * 65536) >>> 0;

export const TAG_INT = L.TAG_INT;
export const TAG_BOOL = L.TAG_BOOL;
export const TAG_NONE = L.TAG_NONE;
export const TAG_OBJ = L.TAG_OBJ;
export const INT_HI = hiOf(L.TAG_INT);
export const BOOL_HI = hiOf(L.TAG_BOOL);
export const NONE_HI = hiOf(L.TAG_NONE);
export const OBJ_HI = hiOf(L.TAG_OBJ);
/** First hi word that is not a float: any hi below this is an IEEE double. */
export const FIRST_TAG_HI = INT_HI;
/**
 * VM-local sentinel for an unassigned local or global slot (tag 0xFFFD, not
 * defined by vm.h). It never appears on the value stack, only in locals/globals.
 */
export const UNBOUND_HI = hiOf(L.TAG_UNBOUND);

export const SMALL_INT_BITS = L.SMALL_INT_BITS;
export const SMALL_INT_MAX = 2 ** (L.SMALL_INT_BITS - 1) - 1;
export const SMALL_INT_MIN = -(2 ** (L.SMALL_INT_BITS - 1));
export const SMALL_INT_MAX_BIG = BigInt(SMALL_INT_MAX);
export const SMALL_INT_MIN_BIG = BigInt(SMALL_INT_MIN);
export const TWO_32 = 4294967296;

/** Signed payload of an int word given its halves (48-bit two's complement). */
export function smallIntOf(lo: number, hi: number): number {
  return ((hi << 16) >> 16) * TWO_32 + lo;
}

/** Upper half of a small-int word for integer n (|n| within the small range). */
export function smallIntHi(n: number): number {
  return (((n - (n >>> 0)) / TWO_32) & 0xffff | INT_HI) >>> 0;
}

export function fitsSmallInt(n: number): boolean {
  return n >= SMALL_INT_MIN && n <= SMALL_INT_MAX;
}
