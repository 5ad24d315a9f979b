// Heap object constructors and accessors with the exact layouts of cases/vm.h,
// plus helpers to read and write value words. Objects are named by word index
// (see heap.ts); value slots are word indices too.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from './heap.ts';
import { overflowError } from './py-error.ts';
import * as V from './value-words.ts';
import { INT_HI, TWO_32, fitsSmallInt, smallIntHi, smallIntOf } from './value-words.ts';

// Plain module constants (imported bindings can be accessor calls under some loaders).
const BOOL_HI = V.BOOL_HI;
const FIRST_TAG_HI = V.FIRST_TAG_HI;
const NONE_HI = V.NONE_HI;
const NONE_WORD = BigInt(NONE_HI) << 32n;
const TAG_BOOL = V.TAG_BOOL;
const TAG_INT = V.TAG_INT;
const TAG_OBJ = V.TAG_OBJ;
const SMALL_INT_MAX_BIG = V.SMALL_INT_MAX_BIG;
const SMALL_INT_MIN_BIG = V.SMALL_INT_MIN_BIG;

const W = (byteOffset: number) => byteOffset / 8;
export const STR_LENGTH_W = W(L.STR_LENGTH);
export const STR_HANDLE_W = W(L.STR_HANDLE);
export const STR_LEFT_W = W(L.STR_LEFT);
export const STR_RIGHT_W = W(L.STR_RIGHT);
/** The low half of a rope's handle word (STR_ROPE = -1); no real handle gets that far. */
export const ROPE_HANDLE_LO = L.STR_ROPE >>> 0;
export const BIGINT_HANDLE_W = W(L.BIGINT_HANDLE);
export const LIST_LENGTH_W = W(L.LIST_LENGTH);
export const LIST_CAPACITY_W = W(L.LIST_CAPACITY);
export const LIST_ITEMS_W = W(L.LIST_ITEMS);
export const ITEMS_ITEMS_W = W(L.ITEMS_ITEMS);
export const TUPLE_LENGTH_W = W(L.TUPLE_LENGTH);
export const TUPLE_ITEMS_W = W(L.TUPLE_ITEMS);
export const FUNCTION_CODE_INDEX_W = W(L.FUNCTION_CODE_INDEX);
export const BUILTIN_ID_W = W(L.BUILTIN_ID);
export const RANGE_NEXT_W = W(L.RANGE_NEXT);
export const RANGE_STOP_W = W(L.RANGE_STOP);
export const RANGE_STEP_W = W(L.RANGE_STEP);
export const LIST_ITER_LIST_W = W(L.LIST_ITER_LIST);
export const LIST_ITER_INDEX_W = W(L.LIST_ITER_INDEX);
/** Modules have no struct in vm.h; they use BuiltinObject's layout with a module id. */
export const MODULE_ID_W = W(L.BUILTIN_ID);

/** A value slot's kind, decided by its tag and (for objects) header type. */
export enum Kind { Float, Int, Bool, None, BigInt, Str, List, Tuple, Function, Builtin, Module, Range, ListIter, Other }

export class Objects {
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  /** charStr's shared objects by code point. */
  private readonly chars: number[] = [];
  /** A range object (what `range()` returns) vs. its iterator share OBJ_RANGE; iterators are tracked here. */
  constructor(readonly heap: Heap) {
    this.u32 = heap.u32;
    this.f64 = heap.f64;
  }

  // ------------------------------------------------------------ value words

  kind(w: number): Kind {
    const hi = this.u32[2 * w + 1];
    if (hi < FIRST_TAG_HI) return Kind.Float;
    const tag = hi >>> 16;
    if (tag === TAG_INT) return Kind.Int;
    if (tag === TAG_BOOL) return Kind.Bool;
    if (tag === TAG_OBJ) return this.objectKind(this.heap.objectAt(w));
    return Kind.None;
  }

  objectKind(o: number): Kind {
    switch (this.u32[2 * o]) {
      case L.OBJ_BIGINT: return Kind.BigInt;
      case L.OBJ_STR: return Kind.Str;
      case L.OBJ_LIST: return Kind.List;
      case L.OBJ_TUPLE: return Kind.Tuple;
      case L.OBJ_FUNCTION: return Kind.Function;
      case L.OBJ_BUILTIN: return Kind.Builtin;
      case L.OBJ_MODULE: return Kind.Module;
      case L.OBJ_RANGE: return Kind.Range;
      case L.OBJ_LIST_ITER: return Kind.ListIter;
      default: return Kind.Other;
    }
  }

  copy(dst: number, src: number): void {
    this.u32[2 * dst] = this.u32[2 * src];
    this.u32[2 * dst + 1] = this.u32[2 * src + 1];
  }

  setNone(w: number): void { this.u32[2 * w] = 0; this.u32[2 * w + 1] = NONE_HI; }
  /** `count` Nones from word w: one native fill ([None] * 10**6 and every new list's items). */
  fillNone(w: number, count: number): void { this.heap.u64.fill(NONE_WORD, w, w + count); }
  setBool(w: number, b: boolean): void { this.u32[2 * w] = b ? 1 : 0; this.u32[2 * w + 1] = BOOL_HI; }
  setFloat(w: number, d: number): void { this.f64[w] = d; }
  setObject(w: number, o: number): void { this.heap.setObject(w, o); }

  /** Stores an exact integer (|n| <= 2^53) canonically: small when it fits, else a BigIntObject. */
  setInt(w: number, n: number): void {
    if (fitsSmallInt(n)) {
      this.u32[2 * w] = n >>> 0;
      this.u32[2 * w + 1] = smallIntHi(n);
    } else {
      this.setObject(w, this.newBigInt(BigInt(n)));
    }
  }

  /** Stores an arbitrary-precision integer canonically. */
  setBig(w: number, b: bigint): void {
    if (b >= SMALL_INT_MIN_BIG && b <= SMALL_INT_MAX_BIG) {
      const n = Number(b);
      this.u32[2 * w] = n >>> 0;
      this.u32[2 * w + 1] = smallIntHi(n);
    } else {
      this.setObject(w, this.newBigInt(b));
    }
  }

  isSmallInt(w: number): boolean { return this.u32[2 * w + 1] >>> 16 === TAG_INT; }
  smallInt(w: number): number { return smallIntOf(this.u32[2 * w], this.u32[2 * w + 1]); }
  isNone(w: number): boolean { return this.u32[2 * w + 1] === NONE_HI; }
  boolOf(w: number): boolean { return this.u32[2 * w] !== 0; }

  /** True for int, bool and big int slots (Python's int, bool included). */
  isIntLike(w: number): boolean {
    const k = this.kind(w);
    return k === Kind.Int || k === Kind.Bool || k === Kind.BigInt;
  }

  /** Integer value of an int/bool/big-int slot as a bigint. */
  bigOf(w: number): bigint {
    const hi = this.u32[2 * w + 1];
    const tag = hi >>> 16;
    if (tag === TAG_INT) return BigInt(smallIntOf(this.u32[2 * w], hi));
    if (tag === TAG_BOOL) return BigInt(this.u32[2 * w]);
    return this.heap.bigints[this.u32[2 * (this.heap.objectAt(w) + BIGINT_HANDLE_W)]]!;
  }

  /** Float value of an int/bool/big-int/float slot (OverflowError for huge ints). */
  floatOf(w: number): number {
    const hi = this.u32[2 * w + 1];
    if (hi < FIRST_TAG_HI) return this.f64[w];
    const tag = hi >>> 16;
    if (tag === TAG_INT) return smallIntOf(this.u32[2 * w], hi);
    if (tag === TAG_BOOL) return this.u32[2 * w];
    return bigToFloat(this.bigOf(w));
  }

  // --------------------------------------------------------------- objects

  newBigInt(b: bigint): number {
    const o = this.heap.allocate(L.OBJ_BIGINT, L.SIZEOF_BIGINT);
    this.heap.writeI64(o + BIGINT_HANDLE_W, this.heap.newBigintHandle(b));
    return o;
  }

  /** A str object; pass `length` (in code points) when known, to skip counting. */
  newStr(s: string, length = codePointLength(s)): number {
    const o = this.heap.allocate(L.OBJ_STR, L.SIZEOF_FLAT_STR);
    this.heap.writeI64(o + STR_LENGTH_W, length);
    this.heap.writeI64(o + STR_HANDLE_W, this.heap.newStringHandle(s));
    return o;
  }

  /** One-character strings below U+0100 are shared pinned objects, as in CPython (no allocation per `s[i]`). */
  charStr(s: string): number {
    const c = s.charCodeAt(0);
    if (s.length !== 1 || c >= 256) return this.newStr(s, 1);
    let o = this.chars[c];
    if (o === undefined) {
      o = this.newStr(s, 1);
      this.heap.pin(o);
      this.chars[c] = o;
    }
    return o;
  }

  /** The contents of a str object (the only way TS reads them): a rope is flattened on first read. */
  strOf(o: number): string {
    const h = this.u32[2 * (o + STR_HANDLE_W)];
    return h !== ROPE_HANDLE_LO ? this.heap.strings[h]! : this.flatten(o);
  }

  /**
   * Joins a rope's leaves left to right with an explicit stack (JIT loops build
   * chains a million nodes deep), gives the rope a real handle and clears its
   * halves so they can be collected. Allocates no heap object: no collection
   * can run while the halves are only reachable from here.
   */
  private flatten(rope: number): string {
    const { heap, u32 } = this;
    const parts: string[] = [];
    const stack = [rope];
    while (stack.length > 0) {
      const o = stack.pop()!;
      const h = u32[2 * (o + STR_HANDLE_W)];
      if (h !== ROPE_HANDLE_LO) { parts.push(heap.strings[h]!); continue; }
      stack.push(heap.wordOf(heap.readI64(o + STR_RIGHT_W)), heap.wordOf(heap.readI64(o + STR_LEFT_W)));
    }
    const s = parts.join('');
    heap.writeI64(rope + STR_HANDLE_W, heap.newStringHandle(s));
    heap.writeI64(rope + STR_LEFT_W, 0);
    heap.writeI64(rope + STR_RIGHT_W, 0);
    return s;
  }
  strLength(o: number): number { return this.heap.readI64(o + STR_LENGTH_W); }

  /** A list of `length` Nones with room for `capacity` items. */
  newList(length: number, capacity = length): number {
    const o = this.newListToFill(length, capacity);
    this.fillNone(this.listItems(o), length);
    return o;
  }

  /**
   * A list whose `length` items are left as they were in memory: the caller
   * writes every one before anything else allocates (a collection would read
   * them). For copies (seq * n, xs[a:b]) that overwrite them at once.
   */
  newListToFill(length: number, capacity = length): number {
    const heap = this.heap;
    const cap = Math.max(capacity, length, 1);
    const items = heap.allocate(L.OBJ_ITEMS, L.ITEMS_ITEMS + cap * 8);
    heap.tempRoots.push(items);
    const o = heap.allocate(L.OBJ_LIST, L.SIZEOF_LIST);
    heap.tempRoots.pop();
    heap.writeI64(o + LIST_LENGTH_W, length);
    heap.writeI64(o + LIST_CAPACITY_W, cap);
    heap.writeI64(o + LIST_ITEMS_W, heap.addressOf(items));
    return o;
  }

  listLength(o: number): number { return this.heap.readI64(o + LIST_LENGTH_W); }
  /** Word index of the list's first item slot. */
  listItems(o: number): number { return this.heap.wordOf(this.heap.readI64(o + LIST_ITEMS_W)) + ITEMS_ITEMS_W; }

  /** Appends the value at slot w (which must be rooted, e.g. on the stack). */
  listAppend(o: number, w: number): void {
    const heap = this.heap;
    const length = this.listLength(o);
    this.ensureCapacity(o, length + 1);
    this.copy(this.listItems(o) + length, w);
    heap.writeI64(o + LIST_LENGTH_W, length + 1);
  }

  ensureCapacity(o: number, needed: number): void {
    const heap = this.heap;
    const capacity = heap.readI64(o + LIST_CAPACITY_W);
    if (needed <= capacity) return;
    const newCap = Math.max(needed, capacity + (capacity >> 1) + 4);
    heap.tempRoots.push(o);
    const items = heap.allocate(L.OBJ_ITEMS, L.ITEMS_ITEMS + newCap * 8);
    heap.tempRoots.pop();
    const length = this.listLength(o);
    const from = this.listItems(o);
    const to = items + ITEMS_ITEMS_W;
    this.u32.copyWithin(2 * to, 2 * from, 2 * (from + length));
    heap.writeI64(o + LIST_CAPACITY_W, newCap);
    heap.writeI64(o + LIST_ITEMS_W, heap.addressOf(items));
  }

  /** A tuple of `length` Nones. */
  newTuple(length: number): number {
    const o = this.heap.allocate(L.OBJ_TUPLE, L.TUPLE_ITEMS + length * 8);
    this.heap.writeI64(o + TUPLE_LENGTH_W, length);
    this.fillNone(o + TUPLE_ITEMS_W, length);
    return o;
  }

  tupleLength(o: number): number { return this.heap.readI64(o + TUPLE_LENGTH_W); }
  tupleItems(o: number): number { return o + TUPLE_ITEMS_W; }

  newFunction(codeIndex: number): number {
    const o = this.heap.allocate(L.OBJ_FUNCTION, L.SIZEOF_FUNCTION);
    this.heap.writeI64(o + FUNCTION_CODE_INDEX_W, codeIndex);
    return o;
  }

  newBuiltin(id: number): number {
    const o = this.heap.allocate(L.OBJ_BUILTIN, L.SIZEOF_BUILTIN);
    this.heap.writeI64(o + BUILTIN_ID_W, id);
    return o;
  }

  newModule(id: number): number {
    const o = this.heap.allocate(L.OBJ_MODULE, L.SIZEOF_BUILTIN);
    this.heap.writeI64(o + MODULE_ID_W, id);
    return o;
  }

  newRange(start: number, stop: number, step: number): number {
    const o = this.heap.allocate(L.OBJ_RANGE, L.SIZEOF_RANGE);
    this.heap.writeI64(o + RANGE_NEXT_W, start);
    this.heap.writeI64(o + RANGE_STOP_W, stop);
    this.heap.writeI64(o + RANGE_STEP_W, step);
    return o;
  }

  newListIter(list: number): number {
    this.heap.tempRoots.push(list);
    const o = this.heap.allocate(L.OBJ_LIST_ITER, L.SIZEOF_LIST_ITER);
    this.heap.tempRoots.pop();
    this.heap.writeI64(o + LIST_ITER_LIST_W, this.heap.addressOf(list));
    this.heap.writeI64(o + LIST_ITER_INDEX_W, 0);
    return o;
  }

  /** Number of elements in a range object [start, stop) by step. */
  rangeLength(o: number): number {
    const start = this.heap.readI64(o + RANGE_NEXT_W);
    const stop = this.heap.readI64(o + RANGE_STOP_W);
    const step = this.heap.readI64(o + RANGE_STEP_W);
    if (step > 0) return start < stop ? Math.floor((stop - start - 1) / step) + 1 : 0;
    return start > stop ? Math.floor((start - stop - 1) / -step) + 1 : 0;
  }

  /** Items of a list or tuple as (first slot, length); null for other kinds. */
  sequence(w: number): { first: number; length: number } | null {
    const k = this.kind(w);
    if (k === Kind.List) {
      const o = this.heap.objectAt(w);
      return { first: this.listItems(o), length: this.listLength(o) };
    }
    if (k === Kind.Tuple) {
      const o = this.heap.objectAt(w);
      return { first: this.tupleItems(o), length: this.tupleLength(o) };
    }
    return null;
  }
}

export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) { n--; i++; }
  }
  return n;
}

/** int -> float with Python's rounding and overflow rule. */
export function bigToFloat(b: bigint): number {
  const d = Number(b);
  if (!Number.isFinite(d)) throw overflowError('int too large to convert to float');
  return d;
}

export { INT_HI, TWO_32 };
