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

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The hash of an inline str from its chars word (lo, hi) into out: two
 * murmur3 32-bit finalisers, the second fed by the first (32-bit operations
 * only, cheap in TypeScript); never 0:0, and -1 made -2 as every hash is.
 * cases/dict_support.h str_inline_hash is the same function. Equal hashes
 * need not mean equal strs: the chars words are compared.
 */
export function strInlineHash(lo: number, hi: number, out: Uint32Array): void {
  const a = fmix32(lo ^ Math.imul(hi, 0x9e3779b1));
  let b = fmix32(hi ^ Math.imul(a, 0x27d4eb2f));
  let l = a;
  if (l === 0 && b === 0) l = 1;
  if (l === 0xffffffff && b === 0xffffffff) l = 0xfffffffe;
  out[0] = l;
  out[1] = b;
}
