// set and frozenset in the arena (cases/vm.h SetObject) with CPython's
// algorithms from Objects/setobject.c: a table of {hash, key} entries probed
// linearly (up to 9 neighbours) and then by perturbation, the same fill
// limits and resize sizes, and the same orders of insertion in union,
// intersection, difference and symmetric difference, so a printed set of
// ints or tuples lists its items in python3's order.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { KeyEquals } from './dict.ts';
import { HASH } from './hashing.ts';
import type { Heap } from './heap.ts';
import type { Objects } from './objects.ts';
import { UNBOUND_HI } from './value-words.ts';

const W = (byteOffset: number) => byteOffset / 8;
export const SET_FILL_W = W(L.SET_FILL);
export const SET_USED_W = W(L.SET_USED);
export const SET_MASK_W = W(L.SET_MASK);
export const SET_TABLE_W = W(L.SET_TABLE);
export const SET_FROZEN_W = W(L.SET_FROZEN);
export const SET_HASH_W = W(L.SET_HASH);
export const SET_FINGER_W = W(L.SET_FINGER);
const ITEMS_W = W(L.ITEMS_ITEMS);
const MINSIZE = 8;
const LINEAR_PROBES = 9;
const TWO_32 = 4294967296;

/** What a set needs from the runtime: hashing (into HASH; may raise) and key equality (may run Python code). */
export interface SetKeyOps {
  hash(w: number): void;
  eq: KeyEquals;
}

export class Sets {
  private readonly heap: Heap;
  private readonly u32: Uint32Array;

  constructor(private readonly objs: Objects, private readonly ops: SetKeyOps) {
    this.heap = objs.heap;
    this.u32 = objs.heap.u32;
  }

  newSet(frozen: boolean): number {
    const heap = this.heap;
    const s = heap.allocate(L.OBJ_SET, L.SIZEOF_SET);
    for (let w = 1; w < L.SIZEOF_SET / 8; w++) heap.writeI64(s + w, 0);
    heap.writeI64(s + SET_FROZEN_W, frozen ? 1 : 0);
    heap.writeI64(s + SET_HASH_W, -1);
    heap.tempRoots.push(s);
    const t = this.newTable(MINSIZE);
    heap.tempRoots.pop();
    heap.writeI64(s + SET_TABLE_W, heap.addressOf(t));
    heap.writeI64(s + SET_MASK_W, MINSIZE - 1);
    return s;
  }

  /** A table block of `size` empty entries (hash 0, key SET_EMPTY_KEY). */
  private newTable(size: number): number {
    const t = this.heap.allocate(L.OBJ_ITEMS, L.ITEMS_ITEMS + size * 16);
    const u32 = this.u32;
    const first = t + ITEMS_W;
    for (let i = 0; i < size; i++) {
      const e = first + 2 * i;
      u32[2 * e] = 0; u32[2 * e + 1] = 0;
      u32[2 * e + 2] = 0; u32[2 * e + 3] = UNBOUND_HI;
    }
    return t;
  }

  used(s: number): number { return this.u32[2 * (s + SET_USED_W)]; }
  private fill(s: number): number { return this.u32[2 * (s + SET_FILL_W)]; }
  mask(s: number): number { return this.u32[2 * (s + SET_MASK_W)]; }
  isFrozen(s: number): boolean { return this.u32[2 * (s + SET_FROZEN_W)] !== 0; }
  /** Word index of entry i's hash word (its key is the next word). */
  entry(s: number, i: number): number { return this.heap.wordOf(this.heap.readI64(s + SET_TABLE_W)) + ITEMS_W + 2 * i; }
  private tableAddr(s: number): number { return this.heap.readI64(s + SET_TABLE_W); }

  /** Entry e's key state: 0 empty, 1 dummy, 2 active. */
  keyState(e: number): number {
    const u32 = this.u32;
    if (u32[2 * (e + 1) + 1] !== UNBOUND_HI) return 2;
    return u32[2 * (e + 1)] === 0 ? 0 : 1;
  }

  private setCounts(s: number, fill: number, used: number): void {
    this.u32[2 * (s + SET_FILL_W)] = fill;
    this.u32[2 * (s + SET_USED_W)] = used;
  }

  /** Identity, small ints and strs here; everything else asks the runtime. */
  private keysEqual(stored: number, key: number): boolean {
    const u32 = this.u32;
    if (u32[2 * stored] === u32[2 * key] && u32[2 * stored + 1] === u32[2 * key + 1]) return true;
    const ta = u32[2 * stored + 1] >>> 16;
    const tb = u32[2 * key + 1] >>> 16;
    if (ta === L.TAG_INT && tb === L.TAG_INT) return false;
    if (ta === L.TAG_OBJ && tb === L.TAG_OBJ) {
      const oa = this.heap.objectAt(stored);
      const ob = this.heap.objectAt(key);
      if (u32[2 * oa] === L.OBJ_STR && u32[2 * ob] === L.OBJ_STR) return this.objs.strEquals(oa, ob);
    }
    return this.ops.eq(stored, key);
  }

  /** set_add_entry: adds key (a rooted value slot) with hash (lo, hi). */
  addEntry(s: number, key: number, lo: number, hi: number): void {
    const u32 = this.u32;
    restart: for (;;) {
      const mask = this.mask(s);
      const table = this.tableAddr(s);
      let i = lo & mask;
      let freeslot = -1;
      let perturbLo = lo;
      let perturbHi = hi;
      let entry = 0;
      found: for (;;) {
        entry = this.entry(s, i);
        let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
          const state = this.keyState(entry);
          if (state === 0) break found;
          if (state === 2 && u32[2 * entry] === lo && u32[2 * entry + 1] === hi) {
            const same = this.keysEqual(entry + 1, key);
            if (same) return;
            if (this.tableAddr(s) !== table || this.keyState(entry) !== 2) continue restart;
          } else if (state === 1) {
            freeslot = entry;
          }
          entry += 2;
        } while (probes-- > 0);
        perturbLo = ((perturbLo >>> 5) | (perturbHi << 27)) >>> 0;
        perturbHi >>>= 5;
        i = (i * 5 + 1 + perturbLo) % TWO_32 & mask;
      }
      const fill = this.fill(s);
      const used = this.used(s);
      if (freeslot >= 0) {
        this.writeEntry(freeslot, key, lo, hi);
        this.setCounts(s, fill, used + 1);
        return;
      }
      this.writeEntry(entry, key, lo, hi);
      this.setCounts(s, fill + 1, used + 1);
      if ((fill + 1) * 5 < mask * 3) return;
      this.resize(s, used + 1 > 50000 ? (used + 1) * 2 : (used + 1) * 4);
      return;
    }
  }

  private writeEntry(e: number, key: number, lo: number, hi: number): void {
    this.u32[2 * e] = lo;
    this.u32[2 * e + 1] = hi;
    this.objs.copy(e + 1, key);
  }

  /** set_lookkey: the entry holding key, or -1. */
  lookup(s: number, key: number, lo: number, hi: number): number {
    const u32 = this.u32;
    restart: for (;;) {
      const mask = this.mask(s);
      const table = this.tableAddr(s);
      let i = lo & mask;
      let perturbLo = lo;
      let perturbHi = hi;
      for (;;) {
        let entry = this.entry(s, i);
        let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
          const state = this.keyState(entry);
          if (state === 0) return -1;
          if (state === 2 && u32[2 * entry] === lo && u32[2 * entry + 1] === hi) {
            const same = this.keysEqual(entry + 1, key);
            if (this.tableAddr(s) !== table || this.keyState(entry) !== 2) continue restart;
            if (same) return entry;
          }
          entry += 2;
        } while (probes-- > 0);
        perturbLo = ((perturbLo >>> 5) | (perturbHi << 27)) >>> 0;
        perturbHi >>>= 5;
        i = (i * 5 + 1 + perturbLo) % TWO_32 & mask;
      }
    }
  }

  /** set_insert_clean into a table without dummies (word index of its first entry). */
  private insertClean(first: number, mask: number, key: number, lo: number, hi: number): void {
    let i = lo & mask;
    let perturbLo = lo;
    let perturbHi = hi;
    for (;;) {
      let entry = first + 2 * i;
      if (this.keyState(entry) === 0) { this.writeEntry(entry, key, lo, hi); return; }
      if (i + LINEAR_PROBES <= mask) {
        for (let j = 0; j < LINEAR_PROBES; j++) {
          entry += 2;
          if (this.keyState(entry) === 0) { this.writeEntry(entry, key, lo, hi); return; }
        }
      }
      perturbLo = ((perturbLo >>> 5) | (perturbHi << 27)) >>> 0;
      perturbHi >>>= 5;
      i = (i * 5 + 1 + perturbLo) % TWO_32 & mask;
    }
  }

  /** set_table_resize: a table bigger than minused; active entries reinserted in old table order. */
  resize(s: number, minused: number): void {
    const heap = this.heap;
    let newsize = MINSIZE;
    while (newsize <= minused) newsize <<= 1;
    const oldMask = this.mask(s);
    const fill = this.fill(s);
    const used = this.used(s);
    if (newsize === MINSIZE && oldMask === MINSIZE - 1 && fill === used) return;
    heap.tempRoots.push(s);
    const t = this.newTable(newsize);
    heap.tempRoots.pop();
    const old = this.entry(s, 0);
    heap.tempRoots.push(heap.wordOf(heap.readI64(s + SET_TABLE_W)));
    heap.writeI64(s + SET_TABLE_W, heap.addressOf(t));
    heap.writeI64(s + SET_MASK_W, newsize - 1);
    const first = t + ITEMS_W;
    for (let i = 0; i <= oldMask; i++) {
      const e = old + 2 * i;
      if (this.keyState(e) === 2) this.insertClean(first, newsize - 1, e + 1, this.u32[2 * e], this.u32[2 * e + 1]);
    }
    heap.tempRoots.pop();
    this.setCounts(s, fill === used ? fill : used, used);
  }

  /** Adds a value slot (hashing it). */
  add(s: number, key: number): void {
    this.ops.hash(key);
    this.addEntry(s, key, HASH[0], HASH[1]);
  }

  contains(s: number, key: number): boolean {
    this.ops.hash(key);
    return this.lookup(s, key, HASH[0], HASH[1]) >= 0;
  }

  /** set_discard_entry: true when the key was there. */
  discardEntry(s: number, key: number, lo: number, hi: number): boolean {
    const e = this.lookup(s, key, lo, hi);
    if (e < 0) return false;
    this.u32[2 * e] = 0xffffffff;
    this.u32[2 * e + 1] = 0xffffffff;
    this.u32[2 * (e + 1)] = 1;
    this.u32[2 * (e + 1) + 1] = UNBOUND_HI;
    this.u32[2 * (s + SET_USED_W)] = this.used(s) - 1;
    return true;
  }

  discard(s: number, key: number): boolean {
    this.ops.hash(key);
    return this.discardEntry(s, key, HASH[0], HASH[1]);
  }

  /** The next active entry at or after table position i, or -1. */
  nextActive(s: number, i: number): number {
    const mask = this.mask(s);
    for (; i <= mask; i++) if (this.keyState(this.entry(s, i)) === 2) return i;
    return -1;
  }

  /** set.pop(): the next active entry from the finger; -1 when empty. Returns the entry word (key at +1) after making it a dummy... the key is copied to `dst` first. */
  pop(s: number, dst: number): boolean {
    if (this.used(s) === 0) return false;
    const mask = this.mask(s);
    let i = this.u32[2 * (s + SET_FINGER_W)] & mask;
    while (this.keyState(this.entry(s, i)) !== 2) {
      i++;
      if (i > mask) i = 0;
    }
    const e = this.entry(s, i);
    this.objs.copy(dst, e + 1);
    this.u32[2 * e] = 0xffffffff;
    this.u32[2 * e + 1] = 0xffffffff;
    this.u32[2 * (e + 1)] = 1;
    this.u32[2 * (e + 1) + 1] = UNBOUND_HI;
    this.u32[2 * (s + SET_USED_W)] = this.used(s) - 1;
    this.u32[2 * (s + SET_FINGER_W)] = i + 1;
    return true;
  }

  clear(s: number): void {
    this.heap.tempRoots.push(s);
    const t = this.newTable(MINSIZE);
    this.heap.tempRoots.pop();
    this.heap.writeI64(s + SET_TABLE_W, this.heap.addressOf(t));
    this.heap.writeI64(s + SET_MASK_W, MINSIZE - 1);
    this.setCounts(s, 0, 0);
    this.heap.writeI64(s + SET_HASH_W, -1);
  }

  /** set_merge: adds every key of set `other` (both rooted). */
  merge(s: number, other: number): void {
    const ou = this.used(other);
    if (other === s || ou === 0) return;
    if ((this.fill(s) + ou) * 5 >= this.mask(s) * 3) this.resize(s, (this.used(s) + ou) * 2);
    const omask = this.mask(other);
    if (this.fill(s) === 0 && this.mask(s) === omask && this.fill(other) === ou) {
      // Same-size empty table without dummies to skip: entries go to the same positions.
      for (let i = 0; i <= omask; i++) {
        const oe = this.entry(other, i);
        if (this.keyState(oe) === 2) this.writeEntry(this.entry(s, i), oe + 1, this.u32[2 * oe], this.u32[2 * oe + 1]);
      }
      this.setCounts(s, this.fill(other), ou);
      return;
    }
    if (this.fill(s) === 0) {
      const first = this.entry(s, 0);
      const mask = this.mask(s);
      this.setCounts(s, ou, ou);
      for (let i = 0; i <= omask; i++) {
        const oe = this.entry(other, i);
        if (this.keyState(oe) === 2) this.insertClean(first, mask, oe + 1, this.u32[2 * oe], this.u32[2 * oe + 1]);
      }
      return;
    }
    for (let i = 0; i <= this.mask(other); i++) {
      const oe = this.entry(other, i);
      if (this.keyState(oe) === 2) this.addEntry(s, oe + 1, this.u32[2 * oe], this.u32[2 * oe + 1]);
    }
  }

  /** A copy (set_copy: a new set merged from s). */
  copy(s: number, frozen: boolean): number {
    this.heap.tempRoots.push(s);
    const c = this.newSet(frozen);
    this.heap.tempRoots.push(c);
    this.merge(c, s);
    this.heap.tempRoots.pop();
    this.heap.tempRoots.pop();
    return c;
  }

  /** set_intersection of two sets (rooted): iterates the smaller, keeps what the larger contains. */
  intersection(s: number, other: number, frozen: boolean): number {
    if (s === other) return this.copy(s, frozen);
    const heap = this.heap;
    heap.tempRoots.push(s, other);
    const result = this.newSet(frozen);
    heap.tempRoots.push(result);
    let big = s;
    let small = other;
    if (this.used(other) > this.used(s)) { big = other; small = s; }
    for (let i = this.nextActive(small, 0); i >= 0; i = this.nextActive(small, i + 1)) {
      const e = this.entry(small, i);
      const lo = this.u32[2 * e];
      const hi = this.u32[2 * e + 1];
      if (this.lookup(big, e + 1, lo, hi) >= 0) this.addEntry(result, e + 1, lo, hi);
    }
    heap.tempRoots.length -= 3;
    return result;
  }

  /** set_difference_update_internal with a set (rooted). */
  differenceUpdate(s: number, other: number): void {
    if (s === other) { this.clear(s); return; }
    const heap = this.heap;
    let src = other;
    if ((this.used(other) >> 3) > this.used(s)) src = this.intersection(s, other, false);
    heap.tempRoots.push(src);
    for (let i = this.nextActive(src, 0); i >= 0; i = this.nextActive(src, i + 1)) {
      const e = this.entry(src, i);
      this.discardEntry(s, e + 1, this.u32[2 * e], this.u32[2 * e + 1]);
    }
    heap.tempRoots.pop();
    this.shrinkDummies(s);
  }

  /** If more than a quarter of the table is dummies, resize them away. */
  shrinkDummies(s: number): void {
    const used = this.used(s);
    if (this.fill(s) - used <= Math.floor(this.mask(s) / 4)) return;
    this.resize(s, used > 50000 ? used * 2 : used * 4);
  }

  /** set_difference of two sets (rooted). */
  difference(s: number, other: number, frozen: boolean): number {
    const heap = this.heap;
    if ((this.used(s) >> 2) > this.used(other)) {
      const r = this.copy(s, frozen);
      heap.tempRoots.push(r);
      this.differenceUpdate(r, other);
      heap.tempRoots.pop();
      return r;
    }
    heap.tempRoots.push(s, other);
    const result = this.newSet(frozen);
    heap.tempRoots.push(result);
    for (let i = this.nextActive(s, 0); i >= 0; i = this.nextActive(s, i + 1)) {
      const e = this.entry(s, i);
      const lo = this.u32[2 * e];
      const hi = this.u32[2 * e + 1];
      if (this.lookup(other, e + 1, lo, hi) < 0) this.addEntry(result, e + 1, lo, hi);
    }
    heap.tempRoots.length -= 3;
    return result;
  }

  /** set_symmetric_difference_update with a set (rooted). */
  symmetricDifferenceUpdate(s: number, other: number): void {
    if (s === other) { this.clear(s); return; }
    for (let i = this.nextActive(other, 0); i >= 0; i = this.nextActive(other, i + 1)) {
      const e = this.entry(other, i);
      const lo = this.u32[2 * e];
      const hi = this.u32[2 * e + 1];
      if (!this.discardEntry(s, e + 1, lo, hi)) this.addEntry(s, e + 1, lo, hi);
    }
  }

  /** set_symmetric_difference: a copy of other, then updated with s. */
  symmetricDifference(s: number, other: number, frozen: boolean): number {
    const r = this.copy(other, frozen);
    this.heap.tempRoots.push(r);
    this.symmetricDifferenceUpdate(r, s);
    this.heap.tempRoots.pop();
    return r;
  }

  /** Whether every key of s is in other. */
  isSubset(s: number, other: number): boolean {
    if (this.used(s) > this.used(other)) return false;
    for (let i = this.nextActive(s, 0); i >= 0; i = this.nextActive(s, i + 1)) {
      const e = this.entry(s, i);
      if (this.lookup(other, e + 1, this.u32[2 * e], this.u32[2 * e + 1]) < 0) return false;
    }
    return true;
  }
}
