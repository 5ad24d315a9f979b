// What the native dict and set probe (cases/dict_support.c) would do with the
// values the recorder sees now: the same hash and the same three-way key
// comparison, read from the arena. The recorder uses it to keep a uop out of
// a trace when it would exit at once (a key only tier-1 can hash or compare,
// a missing key that raises, a full table): such a uop's exit would start a
// side trace with the same failing uop at its head, and so on.
import { LAYOUT as L } from '../../../build/layout.ts';
import { HASH, TupleHasher } from '../heap/hashing.ts';
import type { Heap } from '../heap/heap.ts';
import { strInlineHash } from '../heap/str-inline.ts';

const W = (bytes: number) => bytes / 8;
const TWO_32 = 4294967296;
const ROPE_LO = L.STR_ROPE >>> 0;
const KEY_DEPTH_MAX = 3;

/** The outcome of a native probe: the key's entry (word index of its hash word) or -1, or 'ask' (tier-1 must do it). */
export type ProbeResult = number | 'ask';

const isObj = (heap: Heap, w: number) => heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ;
const isInt = (heap: Heap, w: number) => heap.u32[2 * w + 1] >>> 16 === L.TAG_INT;

/** hash(key) of word w as native code computes it into HASH; false when native code cannot. */
export function nativeHash(heap: Heap, w: number, depth = 0): boolean {
  const u32 = heap.u32;
  if (isInt(heap, w)) {
    // A small int's hash is its value (-1 is -2): the 48-bit payload sign-extended.
    const v = (((u32[2 * w + 1] & 0xffff) << 16) >> 16) * TWO_32 + u32[2 * w];
    const h = v === -1 ? -2 : v;
    HASH[0] = h >>> 0;
    HASH[1] = Math.floor(h / TWO_32) >>> 0;
    return true;
  }
  if (!isObj(heap, w) || depth > KEY_DEPTH_MAX) return false;
  const o = heap.objectAt(w);
  const type = u32[2 * o];
  if (type === L.OBJ_STR) {
    if (u32[2 * (o + W(L.STR_HANDLE))] === ROPE_LO) return false;
    const hw = 2 * (o + W(L.STR_HASH));
    if (u32[hw] !== 0 || u32[hw + 1] !== 0) {
      HASH[0] = u32[hw];
      HASH[1] = u32[hw + 1];
      return true;
    }
    const cw = 2 * (o + W(L.STR_CHARS));
    if (u32[cw + 1] === 0) return false;
    strInlineHash(u32[cw], u32[cw + 1], HASH);
    return true;
  }
  if (type !== L.OBJ_TUPLE) return false;
  const n = heap.readI64(o + W(L.TUPLE_LENGTH));
  const hasher = new TupleHasher();
  for (let i = 0; i < n; i++) {
    if (!nativeHash(heap, o + W(L.TUPLE_ITEMS) + i, depth + 1)) return false;
    hasher.add();
  }
  hasher.finish(n);
  return true;
}

const DIFFER = 0;
const EQUAL = 1;
const ASK = 2;

/** cases/dict_support.c keys_equal for two words with equal hashes. */
function keysEqual(heap: Heap, a: number, b: number, depth: number): number {
  const u32 = heap.u32;
  if (u32[2 * a] === u32[2 * b] && u32[2 * a + 1] === u32[2 * b + 1]) return EQUAL;
  if (isInt(heap, a) && isInt(heap, b)) return DIFFER;
  if (!isObj(heap, a) || !isObj(heap, b) || depth > KEY_DEPTH_MAX) return ASK;
  const x = heap.objectAt(a);
  const y = heap.objectAt(b);
  if (u32[2 * x] === L.OBJ_STR && u32[2 * y] === L.OBJ_STR) {
    const xRope = u32[2 * (x + W(L.STR_HANDLE))] === ROPE_LO;
    const yRope = u32[2 * (y + W(L.STR_HANDLE))] === ROPE_LO;
    const xc = 2 * (x + W(L.STR_CHARS));
    const yc = 2 * (y + W(L.STR_CHARS));
    const xi = !xRope && u32[xc + 1] !== 0;
    const yi = !yRope && u32[yc + 1] !== 0;
    const sameLength = heap.readI64(x + W(L.STR_LENGTH)) === heap.readI64(y + W(L.STR_LENGTH));
    if (xi && yi) return sameLength && u32[xc] === u32[yc] && u32[xc + 1] === u32[yc + 1] ? EQUAL : DIFFER;
    if (xi !== yi && !xRope && !yRope) return DIFFER;
    return sameLength ? ASK : DIFFER;
  }
  if (u32[2 * x] === L.OBJ_TUPLE && u32[2 * y] === L.OBJ_TUPLE) {
    const n = heap.readI64(x + W(L.TUPLE_LENGTH));
    if (n !== heap.readI64(y + W(L.TUPLE_LENGTH))) return DIFFER;
    for (let i = 0; i < n; i++) {
      const r = keysEqual(heap, x + W(L.TUPLE_ITEMS) + i, y + W(L.TUPLE_ITEMS) + i, depth + 1);
      if (r !== EQUAL) return r;
    }
    return EQUAL;
  }
  return ASK;
}

/** The native probe of dict object d for the key in word k. */
export function probeDict(heap: Heap, d: number, k: number): ProbeResult {
  if (!nativeHash(heap, k)) return 'ask';
  const lo = HASH[0];
  const hi = HASH[1];
  const u32 = heap.u32;
  const mask = heap.readI64(d + W(L.DICT_MASK));
  const indices = 2 * (heap.wordOf(heap.readI64(d + W(L.DICT_INDICES))) + W(L.ITEMS_ITEMS));
  const entries = heap.wordOf(heap.readI64(d + W(L.DICT_ENTRIES))) + W(L.ITEMS_ITEMS);
  let i = lo & mask;
  let perturbLo = lo;
  let perturbHi = hi;
  for (;;) {
    const ix = heap.i32[indices + i];
    if (ix === L.DICT_EMPTY) return -1;
    if (ix !== L.DICT_DELETED) {
      const e = entries + ix * L.DICT_ENTRY_WORDS;
      if (u32[2 * e] === lo && u32[2 * e + 1] === hi) {
        const r = keysEqual(heap, e + 1, k, 0);
        if (r === ASK) return 'ask';
        if (r === EQUAL) return e;
      }
    }
    perturbLo = ((perturbLo >>> 5) | (perturbHi << 27)) >>> 0;
    perturbHi >>>= 5;
    i = (i * 5 + 1 + perturbLo) % TWO_32 & mask;
  }
}

/** Whether a new key fits dict object d's entry table without growing it. */
export function dictHasRoom(heap: Heap, d: number): boolean {
  return heap.readI64(d + W(L.DICT_NENTRIES)) < heap.readI64(d + W(L.DICT_CAPACITY));
}

/** The native probe of set object s for the key in word k: 1 found, 0 absent, 'ask'. */
export function probeSet(heap: Heap, s: number, k: number): number | 'ask' {
  if (!nativeHash(heap, k)) return 'ask';
  const lo = HASH[0];
  const hi = HASH[1];
  const u32 = heap.u32;
  const mask = heap.readI64(s + W(L.SET_MASK));
  const table = heap.wordOf(heap.readI64(s + W(L.SET_TABLE))) + W(L.ITEMS_ITEMS);
  const unboundHi = (L.TAG_UNBOUND << 16) >>> 0;
  let i = lo & mask;
  let perturbLo = lo;
  let perturbHi = hi;
  for (;;) {
    let e = table + 2 * i;
    let probes = i + 9 <= mask ? 9 : 0;
    do {
      const keyHi = u32[2 * (e + 1) + 1];
      const keyLo = u32[2 * (e + 1)];
      if (keyHi === unboundHi && keyLo === 0) return 0;
      if (!(keyHi === unboundHi && keyLo === 1) && u32[2 * e] === lo && u32[2 * e + 1] === hi) {
        const r = keysEqual(heap, e + 1, k, 0);
        if (r === ASK) return 'ask';
        if (r === EQUAL) return 1;
      }
      e += 2;
    } while (probes-- > 0);
    perturbLo = ((perturbLo >>> 5) | (perturbHi << 27)) >>> 0;
    perturbHi >>>= 5;
    i = (i * 5 + 1 + perturbLo) % TWO_32 & mask;
  }
}
