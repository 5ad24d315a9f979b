// CPython's hash functions for the values whose hashes python3 makes visible:
// ints, floats and bools (value modulo 2^61 - 1, so equal numbers hash
// equally), tuples (the xxHash-based combination of 3.8+) and frozensets.
// Strs get a good 64-bit hash of our own (CPython randomizes str hashes, so
// nothing observable depends on them). Hashes are 64-bit: results go to the
// two uint32 halves of HASH ([0] low, [1] high), so hashing allocates nothing.

/** The last hash computed: [low 32 bits, high 32 bits]. */
export const HASH = new Uint32Array(2);

import { CHARS, inlineChars, strInlineHash } from './str-inline.ts';

const TWO_32 = 4294967296;
const MODULUS = (1n << 61n) - 1n;
const MODULUS_BITS = 61n;
/** hash(inf); hash(-inf) is its negation. */
const HASH_INF = 314159;

/** hash(n) for an integer |n| < 2^53: n itself, except that -1 is -2. */
export function hashSmallInt(n: number): void {
  if (n === -1) n = -2;
  HASH[0] = n >>> 0;
  HASH[1] = Math.floor(n / TWO_32) >>> 0;
}

function setFromBig(h: bigint): void {
  const u = BigInt.asUintN(64, h);
  HASH[0] = Number(u & 0xffffffffn);
  HASH[1] = Number(u >> 32n);
}

/** hash(n) for any int: |n| mod (2^61 - 1) with n's sign, -1 becoming -2. */
export function hashBigInt(n: bigint): void {
  if (n >= -(2n ** 52n) && n <= 2n ** 52n) {
    hashSmallInt(Number(n));
    return;
  }
  let h = (n < 0n ? -n : n) % MODULUS;
  if (n < 0n) h = -h;
  if (h === -1n) h = -2n;
  setFromBig(h);
}

const frexpView = new DataView(new ArrayBuffer(8));

/** [m, e] with v = m * 2^e, 0.5 <= |m| < 1 (v finite and nonzero). */
function frexp(v: number): [number, number] {
  frexpView.setFloat64(0, v);
  const hi = frexpView.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  if (biased === 0) {
    // Subnormal: scale into the normal range first.
    const [m, e] = frexp(v * 2 ** 64);
    return [m, e - 64];
  }
  const e = biased - 1022;
  frexpView.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  return [frexpView.getFloat64(0), e];
}

/** hash(x) for a float: equal to the int's hash when x is integral (CPython's _Py_HashDouble). */
export function hashFloat(v: number): void {
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 53) {
    hashSmallInt(v);
    return;
  }
  if (!Number.isFinite(v)) {
    // NaN hashes by identity in CPython; every NaN word is its own key here, so any constant will do.
    hashSmallInt(Number.isNaN(v) ? 0 : v > 0 ? HASH_INF : -HASH_INF);
    return;
  }
  let [m, e] = frexp(v);
  let sign = 1n;
  if (m < 0) { sign = -1n; m = -m; }
  let x = 0n;
  while (m) {
    x = ((x << 28n) & MODULUS) | (x >> (MODULUS_BITS - 28n));
    m *= 268435456.0;
    e -= 28;
    const y = Math.floor(m);
    m -= y;
    x += BigInt(y);
    if (x >= MODULUS) x -= MODULUS;
  }
  const shift = BigInt(e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61));
  x = ((x << shift) & MODULUS) | (x >> (MODULUS_BITS - shift));
  x *= sign;
  if (x === -1n) x = -2n;
  setFromBig(x);
}

/** A hash from an arena address (objects without a value hash), CPython's pointer hash: rotated right by 4. */
export function hashAddress(addr: number): void {
  const lo = addr >>> 0;
  const hi = Math.floor(addr / TWO_32) >>> 0;
  HASH[0] = ((lo >>> 4) | (hi << 28)) >>> 0;
  HASH[1] = ((hi >>> 4) | (lo << 28)) >>> 0;
}

/**
 * A str's hash: a short ASCII str's from its inline chars word (runtime/vm/heap/str-inline.ts,
 * so native code computes the same); any other, two independent 32-bit FNV/murmur-style lanes
 * over the UTF-16 code units; never 0:0.
 */
export function hashString(s: string): void {
  if (inlineChars(s)) {
    strInlineHash(CHARS[0], CHARS[1], HASH);
    return;
  }
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  finishHash(h1, h2);
}

/**
 * hashString's value for a huge str (huge-str.ts): the same loop over its
 * units chunk by chunk (kept apart so that hashString's loop stays as fast).
 */
export function hashHugeStr(t: { readonly chunks: readonly string[]; readonly units: number }): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ t.units;
  for (const s of t.chunks) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 16777619);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
  }
  finishHash(h1, h2);
}

function finishHash(h1: number, h2: number): void {
  h1 = fmix32(h1);
  h2 = fmix32(h2 ^ h1);
  HASH[0] = h1 === 0 && h2 === 0 ? 1 : h1 >>> 0;
  HASH[1] = h2 >>> 0;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

// ---- 64-bit arithmetic on (lo, hi) uint32 halves ------------------------------------

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

let mulLo = 0;
let mulHi = 0;
/** (alo, ahi) * (blo, bhi) mod 2^64 into mulLo/mulHi. */
function mul64(alo: number, ahi: number, blo: number, bhi: number): void {
  mulLo = Math.imul(alo, blo) >>> 0;
  mulHi = (mulHi32(alo, blo) + Math.imul(alo, bhi) + Math.imul(ahi, blo)) >>> 0;
}

// xxHash primes (CPython's _PyHASH_XXPRIME_*), as halves.
const P1_LO = 0x85ebca87; const P1_HI = 0x9e3779b1;
const P2_LO = 0x27d4eb4f; const P2_HI = 0xc2b2ae3d;
const P5_LO = 0x165667c5; const P5_HI = 0x27d4eb2f;

/** Tuple hashing: start, then add each item's hash (from HASH), then finish with the length. */
export class TupleHasher {
  private lo = P5_LO;
  private hi = P5_HI;

  /** Adds the item hash currently in HASH. */
  add(): void {
    mul64(HASH[0], HASH[1], P2_LO, P2_HI);
    // acc += lane * PRIME2
    let lo = this.lo + mulLo;
    let hi = this.hi + mulHi + (lo >= TWO_32 ? 1 : 0);
    lo >>>= 0;
    hi >>>= 0;
    // acc = rotl(acc, 31)
    const rlo = ((lo << 31) | (hi >>> 1)) >>> 0;
    const rhi = ((hi << 31) | (lo >>> 1)) >>> 0;
    // acc *= PRIME1
    mul64(rlo, rhi, P1_LO, P1_HI);
    this.lo = mulLo;
    this.hi = mulHi;
  }

  /** The tuple's hash into HASH. */
  finish(length: number): void {
    // acc += len ^ (PRIME5 ^ 3527539)
    const xlo = (length ^ (P5_LO ^ 3527539)) >>> 0;
    const xhi = (Math.floor(length / TWO_32) ^ P5_HI) >>> 0;
    let lo = this.lo + xlo;
    let hi = this.hi + xhi + (lo >= TWO_32 ? 1 : 0);
    lo >>>= 0;
    hi >>>= 0;
    if (lo === 0xffffffff && hi === 0xffffffff) { lo = 1546275796; hi = 0; }
    HASH[0] = lo;
    HASH[1] = hi;
  }
}

const U64 = (lo: number, hi: number) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const M64 = (1n << 64n) - 1n;
const shuffle = (h: bigint) => (((h ^ 89869747n) ^ (h << 16n)) * 3644798167n) & M64;

/** frozenset hashing: the xor of the active entries' shuffled hashes, then CPython's finishing steps. */
export class FrozensetHasher {
  private acc = 0n;
  /** Adds the entry hash currently in HASH. */
  add(): void {
    this.acc ^= shuffle(U64(HASH[0], HASH[1]));
  }
  finish(size: number): void {
    let h = this.acc;
    h ^= ((BigInt(size) + 1n) * 1927868237n) & M64;
    h ^= (h >> 11n) ^ (h >> 25n);
    h = (h * 69069n + 907133923n) & M64;
    if (h === M64) h = 590923713n;
    HASH[0] = Number(h & 0xffffffffn);
    HASH[1] = Number(h >> 32n);
  }
}

/** The signed value of a 64-bit hash (for hash() results). */
export function hashAsBigInt(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, U64(lo, hi));
}
