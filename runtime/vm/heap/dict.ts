// dict in the arena (cases/vm.h DictObject), CPython's compact layout:
// entries {hash, key, value} in insertion order, plus an open-addressing table
// of int32 entry numbers probed like CPython's (i = 5i + 1 + perturb,
// perturb >>= 5). Key comparison beyond identity, small ints and strs is the
// caller's (`eq`, which may run Python code): after it returns, a dict that
// changed under the probe is probed again from the start.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from './heap.ts';
import { ROPE_HANDLE_LO, STR_CHARS_W, STR_HANDLE_W, STR_LENGTH_W, type Objects } from './objects.ts';
import { UNBOUND_HI } from './value-words.ts';

const W = (byteOffset: number) => byteOffset / 8;
export const DICT_USED_W = W(L.DICT_USED);
export const DICT_NENTRIES_W = W(L.DICT_NENTRIES);
export const DICT_CAPACITY_W = W(L.DICT_CAPACITY);
export const DICT_MASK_W = W(L.DICT_MASK);
export const DICT_INDICES_W = W(L.DICT_INDICES);
export const DICT_ENTRIES_W = W(L.DICT_ENTRIES);
const ENTRY_WORDS = L.DICT_ENTRY_WORDS;
const ITEMS_W = W(L.ITEMS_ITEMS);
const EMPTY = L.DICT_EMPTY;
const DELETED = L.DICT_DELETED;
const MIN_SIZE = 8;
const TWO_32 = 4294967296;

/** Compares a stored key with a probe key (both value slots); may run Python code. */
export type KeyEquals = (stored: number, key: number) => boolean;

/** For interned keys (attribute and module names): equal keys are the same object, so no other key is equal. One function, not a closure per lookup. */
export const INTERNED_KEYS: KeyEquals = () => false;

/** CPython's USABLE_FRACTION: entries a table of `size` index slots holds. */
const usable = (size: number) => Math.floor((size << 1) / 3);

export class Dicts {
  private readonly heap: Heap;
  private readonly u32: Uint32Array;
  private readonly i32: Int32Array;
  /** Slot of the last successful probe (for insertion after a miss: the first free slot). */
  private slot = 0;

  constructor(private readonly objs: Objects) {
    this.heap = objs.heap;
    this.u32 = objs.heap.u32;
    this.i32 = objs.heap.i32;
  }

  /** A new empty dict with room for `minUsed` entries without resizing. */
  newDict(minUsed = 0): number {
    const heap = this.heap;
    const d = heap.allocate(L.OBJ_DICT, L.SIZEOF_DICT);
    for (let w = 1; w < L.SIZEOF_DICT / 8; w++) heap.writeI64(d + w, 0);
    heap.tempRoots.push(d);
    this.allocateTables(d, sizeFor(minUsed));
    heap.tempRoots.pop();
    return d;
  }

  /** Fresh empty index and entry tables of `size` index slots (the dict must be rooted). */
  private allocateTables(d: number, size: number): void {
    const heap = this.heap;
    const capacity = usable(size);
    const indices = heap.allocate(L.OBJ_ITEMS, L.ITEMS_ITEMS + size * 4);
    heap.i32.fill(-1, 2 * (indices + ITEMS_W), 2 * (indices + ITEMS_W) + size);
    heap.writeI64(d + DICT_INDICES_W, heap.addressOf(indices));
    const entries = heap.allocate(L.OBJ_ITEMS, L.ITEMS_ITEMS + Math.max(1, capacity) * ENTRY_WORDS * 8);
    heap.writeI64(d + DICT_ENTRIES_W, heap.addressOf(entries));
    heap.writeI64(d + DICT_MASK_W, size - 1);
    heap.writeI64(d + DICT_CAPACITY_W, capacity);
  }

  used(d: number): number { return this.u32[2 * (d + DICT_USED_W)]; }
  nentries(d: number): number { return this.u32[2 * (d + DICT_NENTRIES_W)]; }
  /** Word index of entry i's hash word (its key is the next word, then the value). */
  entry(d: number, i: number): number {
    return this.heap.wordOf(this.heap.readI64(d + DICT_ENTRIES_W)) + ITEMS_W + i * ENTRY_WORDS;
  }
  private indicesBase(d: number): number {
    // i32 index of the first index slot.
    return 2 * (this.heap.wordOf(this.heap.readI64(d + DICT_INDICES_W)) + ITEMS_W);
  }
  /** Whether entry slot e (from entry()) holds a live key. */
  isLive(e: number): boolean { return this.u32[2 * (e + 1) + 1] !== UNBOUND_HI; }

  /**
   * The entry number of `key` (value slot) with hash (lo, hi), or -1. `eq`
   * decides keys that are neither identical words, small ints nor strs.
   */
  find(d: number, key: number, lo: number, hi: number, eq: KeyEquals): number {
    const u32 = this.u32;
    for (;;) {
      const mask = this.u32[2 * (d + DICT_MASK_W)];
      const base = this.indicesBase(d);
      const entries0 = this.heap.readI64(d + DICT_ENTRIES_W);
      let i = lo & mask;
      let perturbLo = lo;
      let perturbHi = hi;
      let freeSlot = -1;
      for (;;) {
        const ix = this.i32[base + i];
        if (ix === EMPTY) {
          this.slot = freeSlot >= 0 ? freeSlot : i;
          return -1;
        }
        if (ix === DELETED) {
          if (freeSlot < 0) freeSlot = i;
        } else {
          const e = this.entry(d, ix);
          if (u32[2 * e] === lo && u32[2 * e + 1] === hi) {
            const k = e + 1;
            if (u32[2 * k] === u32[2 * key] && u32[2 * k + 1] === u32[2 * key + 1]) { this.slot = i; return ix; }
            const r = this.quickEquals(k, key);
            if (r === 1) { this.slot = i; return ix; }
            if (r < 0) {
              const same = eq(k, key);
              // The comparison ran Python code: if the dict changed, probe again.
              if (this.heap.readI64(d + DICT_ENTRIES_W) !== entries0 || this.u32[2 * (d + DICT_MASK_W)] !== mask) break;
              if (same) { this.slot = i; return ix; }
            }
          }
        }
        // perturb >>= 5; i = (5i + 1 + perturb) & mask  (perturb is the unsigned 64-bit hash)
        perturbLo = ((perturbLo >>> 5) | (perturbHi << 27)) >>> 0;
        perturbHi >>>= 5;
        i = (i * 5 + 1 + perturbLo) % TWO_32 & mask;
      }
    }
  }

  /** 1 equal, 0 not equal, -1 ask the runtime. Identical words were checked already. */
  private quickEquals(a: number, b: number): number {
    const u32 = this.u32;
    const ha = u32[2 * a + 1];
    const hb = u32[2 * b + 1];
    const ta = ha >>> 16;
    const tb = hb >>> 16;
    if (ta === L.TAG_INT && tb === L.TAG_INT) return 0;
    if (ta === L.TAG_OBJ && tb === L.TAG_OBJ) {
      const oa = this.heap.objectAt(a);
      const ob = this.heap.objectAt(b);
      if (u32[2 * oa] === L.OBJ_STR && u32[2 * ob] === L.OBJ_STR) {
        // Two short ASCII strs: their inline chars and lengths decide, without making their text.
        const ca = 2 * (oa + STR_CHARS_W);
        const cb = 2 * (ob + STR_CHARS_W);
        if (u32[ca + 1] !== 0 && u32[cb + 1] !== 0 && u32[2 * (oa + STR_HANDLE_W)] !== ROPE_HANDLE_LO && u32[2 * (ob + STR_HANDLE_W)] !== ROPE_HANDLE_LO) {
          return u32[ca] === u32[cb] && u32[ca + 1] === u32[cb + 1] && u32[2 * (oa + STR_LENGTH_W)] === u32[2 * (ob + STR_LENGTH_W)] ? 1 : 0;
        }
        return this.objs.strEquals(oa, ob) ? 1 : 0;
      }
    }
    return -1;
  }

  /** The value slot of `key`, or -1. */
  get(d: number, key: number, lo: number, hi: number, eq: KeyEquals): number {
    const ix = this.find(d, key, lo, hi, eq);
    return ix < 0 ? -1 : this.entry(d, ix) + 2;
  }

  /**
   * d[key] = value (both value slots, rooted by the caller). Returns true when
   * the key was new.
   */
  set(d: number, key: number, value: number, lo: number, hi: number, eq: KeyEquals): boolean {
    const ix = this.find(d, key, lo, hi, eq);
    if (ix >= 0) {
      this.objs.copy(this.entry(d, ix) + 2, value);
      return false;
    }
    this.insertNew(d, key, value, lo, hi);
    return true;
  }

  /** Appends an entry for a key known to be absent (find() just missed, so this.slot is its index slot). */
  insertNew(d: number, key: number, value: number, lo: number, hi: number): void {
    const heap = this.heap;
    let n = this.nentries(d);
    if (n >= heap.readI64(d + DICT_CAPACITY_W)) {
      this.resize(d, this.used(d) * 3);
      n = this.nentries(d);
      this.slot = this.emptySlot(d, lo, hi);
    }
    const e = this.entry(d, n);
    this.u32[2 * e] = lo;
    this.u32[2 * e + 1] = hi;
    this.objs.copy(e + 1, key);
    this.objs.copy(e + 2, value);
    this.i32[this.indicesBase(d) + this.slot] = n;
    this.u32[2 * (d + DICT_NENTRIES_W)] = n + 1;
    this.u32[2 * (d + DICT_USED_W)] = this.used(d) + 1;
  }

  /** The first index slot on hash's probe path that holds no entry. */
  private emptySlot(d: number, lo: number, hi: number): number {
    const mask = this.u32[2 * (d + DICT_MASK_W)];
    const base = this.indicesBase(d);
    let i = lo & mask;
    let perturbLo = lo;
    let perturbHi = hi;
    while (this.i32[base + i] >= 0) {
      perturbLo = ((perturbLo >>> 5) | (perturbHi << 27)) >>> 0;
      perturbHi >>>= 5;
      i = (i * 5 + 1 + perturbLo) % TWO_32 & mask;
    }
    return i;
  }

  /**
   * New tables for at least `minUsed` entries: live entries move down in order
   * (deleted ones vanish), the index table is rebuilt. (CPython grows to
   * used * 3.) The dict must be rooted.
   */
  resize(d: number, minUsed: number): void {
    const heap = this.heap;
    const oldEntries = heap.wordOf(heap.readI64(d + DICT_ENTRIES_W));
    heap.tempRoots.push(oldEntries);
    const n = this.nentries(d);
    // Keep the old entry block reachable while the new one is allocated.
    let size = MIN_SIZE;
    while (size < minUsed) size <<= 1;
    while (usable(size) < this.used(d)) size <<= 1;
    this.allocateTables(d, size);
    heap.tempRoots.pop();
    const mask = size - 1;
    const base = this.indicesBase(d);
    let j = 0;
    for (let i = 0; i < n; i++) {
      const from = oldEntries + ITEMS_W + i * ENTRY_WORDS;
      if (this.u32[2 * (from + 1) + 1] === UNBOUND_HI) continue;
      const to = this.entry(d, j);
      this.u32.copyWithin(2 * to, 2 * from, 2 * (from + ENTRY_WORDS));
      const lo = this.u32[2 * to];
      const hi = this.u32[2 * to + 1];
      let s = lo & mask;
      let perturbLo = lo;
      let perturbHi = hi;
      while (this.i32[base + s] !== EMPTY) {
        perturbLo = ((perturbLo >>> 5) | (perturbHi << 27)) >>> 0;
        perturbHi >>>= 5;
        s = (s * 5 + 1 + perturbLo) % TWO_32 & mask;
      }
      this.i32[base + s] = j;
      j++;
    }
    this.u32[2 * (d + DICT_NENTRIES_W)] = j;
    this.u32[2 * (d + DICT_USED_W)] = j;
  }

  /** Deletes entry ix (found by find(), whose slot is still this.slot). */
  deleteFound(d: number, ix: number): void {
    this.i32[this.indicesBase(d) + this.slot] = DELETED;
    const e = this.entry(d, ix);
    this.u32[2 * (e + 1)] = 0;
    this.u32[2 * (e + 1) + 1] = UNBOUND_HI;
    this.u32[2 * (e + 2)] = 0;
    this.u32[2 * (e + 2) + 1] = UNBOUND_HI;
    this.u32[2 * (d + DICT_USED_W)] = this.used(d) - 1;
  }

  /** Deletes entry ix, finding its index slot by its stored hash. */
  deleteEntry(d: number, ix: number): void {
    const e = this.entry(d, ix);
    const lo = this.u32[2 * e];
    const hi = this.u32[2 * e + 1];
    const mask = this.u32[2 * (d + DICT_MASK_W)];
    const base = this.indicesBase(d);
    let i = lo & mask;
    let perturbLo = lo;
    let perturbHi = hi;
    while (this.i32[base + i] !== ix) {
      perturbLo = ((perturbLo >>> 5) | (perturbHi << 27)) >>> 0;
      perturbHi >>>= 5;
      i = (i * 5 + 1 + perturbLo) % TWO_32 & mask;
    }
    this.slot = i;
    this.deleteFound(d, ix);
  }

  /** Removes every entry (new minimal tables). */
  clear(d: number): void {
    this.heap.tempRoots.push(d);
    this.allocateTables(d, MIN_SIZE);
    this.heap.tempRoots.pop();
    this.u32[2 * (d + DICT_NENTRIES_W)] = 0;
    this.u32[2 * (d + DICT_USED_W)] = 0;
  }

  /** The next live entry number at or after i, or -1. */
  nextLive(d: number, i: number): number {
    const n = this.nentries(d);
    for (; i < n; i++) if (this.isLive(this.entry(d, i))) return i;
    return -1;
  }

  /**
   * d's live entries, in order, into c, a dict with no entries (dict(d),
   * d2.update(d) of an empty d2): no probing for keys already there and no key
   * comparisons, as d's keys are distinct; c's tables are sized once. Both
   * dicts must be rooted.
   */
  fillFrom(c: number, d: number): void {
    const used = this.used(d);
    if (this.heap.readI64(c + DICT_CAPACITY_W) < used) this.allocateTables(c, sizeFor(used));
    const n = this.nentries(d);
    for (let i = 0; i < n; i++) {
      const e = this.entry(d, i);
      if (!this.isLive(e)) continue;
      const lo = this.u32[2 * e];
      const hi = this.u32[2 * e + 1];
      this.slot = this.emptySlot(c, lo, hi);
      this.insertNew(c, e + 1, e + 2, lo, hi);
    }
  }

  /** A copy of d (live entries compacted, same order). */
  copy(d: number): number {
    const heap = this.heap;
    heap.tempRoots.push(d);
    const c = this.newDict(this.used(d));
    heap.tempRoots.pop();
    this.fillFrom(c, d); // (sized for d: allocates nothing)
    return c;
  }
}

/** Index table size for `minUsed` entries. */
function sizeFor(minUsed: number): number {
  let size = MIN_SIZE;
  while (usable(size) < minUsed) size <<= 1;
  return size;
}
