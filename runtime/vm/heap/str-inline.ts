// Short ASCII strs carry their contents in the str object itself (cases/vm.h
// StrObject.chars): seven bits per code point, at most STR_INLINE_MAX of them,
// under the STR_CHARS_INLINE flag (bit 63). Native code compares such strs by
// that one word, hashes them from it (the same mix as strInlineHash below and
// cases/str_support.h), and builds new ones (lower(), strip(), ...) without
// the TypeScript string table; tier-1 makes their text on first read.
import { LAYOUT as L } from '../../../build/layout.ts';

/** The inline chars word of the last inlineChars() that returned true: [low 32 bits, high 32 bits]. */
export const CHARS = new Uint32Array(2);

const MAX = L.STR_INLINE_MAX;
const FLAG_HI = 0x80000000;

/** Whether s is a short ASCII str; its chars word goes to CHARS. */
export function inlineChars(s: string): boolean {
  const n = s.length;
  if (n > MAX) return false;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return false;
    const bit = 7 * i;
    if (bit < 32) {
      lo |= c << bit;
      if (bit > 25) hi |= c >>> (32 - bit);
    } else {
      hi |= c << (bit - 32);
    }
  }
  CHARS[0] = lo >>> 0;
  CHARS[1] = (hi | FLAG_HI) >>> 0;
  return true;
}

/** The text of an inline chars word of `length` code points. */
export function textOfChars(lo: number, hi: number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const bit = 7 * i;
    let c: number;
    if (bit < 32) {
      c = lo >>> bit;
      if (bit > 25) c |= hi << (32 - bit);
    } else {
      c = hi >>> (bit - 32);
    }
    s += String.fromCharCode(c & 127);
  }
  return s;
}

/** High 32 bits of the 64-bit product of two uint32s. */
function mulHi32(x: number, y: number): number {
  const xl = x & 0xffff;
  const xh = x >>> 16;
  const yl = y & 0xffff;
  const yh = y >>> 16;
  const ll = xl * yl;
  const hl = xh * yl;
  const lh = xl * yh;
  const mid = (ll >>> 16) + (hl & 0xffff) + (lh & 0xffff);
  return (xh * yh + (hl >>> 16) + (lh >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/**
 * The hash of an inline str from its chars word (lo, hi) into out: murmur3's
 * 64-bit finaliser (a bijection, never 0 for a nonzero word), -1 made -2 as
 * every hash is. cases/str_support.h str_inline_hash is the same function.
 */
export function strInlineHash(lo: number, hi: number, out: Uint32Array): void {
  // k ^= k >> 33; k *= 0xff51afd7ed558ccd; k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53; k ^= k >> 33
  lo = (lo ^ (hi >>> 1)) >>> 0;
  let nlo = Math.imul(lo, 0xed558ccd) >>> 0;
  let nhi = (mulHi32(lo, 0xed558ccd) + Math.imul(lo, 0xff51afd7) + Math.imul(hi, 0xed558ccd)) >>> 0;
  lo = (nlo ^ (nhi >>> 1)) >>> 0;
  hi = nhi;
  nlo = Math.imul(lo, 0x1a85ec53) >>> 0;
  nhi = (mulHi32(lo, 0x1a85ec53) + Math.imul(lo, 0xc4ceb9fe) + Math.imul(hi, 0x1a85ec53)) >>> 0;
  lo = (nlo ^ (nhi >>> 1)) >>> 0;
  if (lo === 0xffffffff && nhi === 0xffffffff) lo = 0xfffffffe;
  out[0] = lo;
  out[1] = nhi;
}
