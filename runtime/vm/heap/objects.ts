// Heap object constructors and accessors with the exact layouts of cases/vm.h,
// plus helpers to read and write value words. Objects are named by word index
// (see heap.ts); value slots are word indices too.
import { BIGINT_LIMBS_LO, limbsToBigInt, limbsToDouble, newLimbsFromBigInt } from './bigint-limbs.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from './heap.ts';
import { overflowError } from './py-error.ts';
import { CHARS, inlineChars, textOfChars } from './str-inline.ts';
import { codePointLength } from './code-points.ts';
import { HUGE_STR_UNITS, HugeStr, StrBuilder, hugeOfString, memoryError, textsEqual, type StrText } from './huge-str.ts';
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
export const STR_HASH_W = W(L.STR_HASH);
export const STR_LEFT_W = W(L.STR_LEFT);
export const STR_RIGHT_W = W(L.STR_RIGHT);
/** The low half of a rope's handle word (STR_ROPE = -1); no real handle gets that far. */
export const ROPE_HANDLE_LO = L.STR_ROPE >>> 0;
/** The low half of the handle of a str JIT code made from inline chars alone (STR_INLINE_ONLY = -2). */
export const INLINE_ONLY_HANDLE_LO = L.STR_INLINE_ONLY >>> 0;
/** The low half of a huge str's handle (STR_HUGE = -3): its chunks' handle is in the `left` word. */
export const HUGE_HANDLE_LO = L.STR_HUGE >>> 0;
export const STR_CHARS_W = W(L.STR_CHARS);
export const BIGINT_HANDLE_W = W(L.BIGINT_HANDLE);
export const BIGINT_VALUE_LO_W = W(L.BIGINT_VALUE_LO);
export const BIGINT_VALUE_HI_W = W(L.BIGINT_VALUE_HI);
/** Low (and high) 32 bits of the BIGINT_INLINE handle, -1. */
export const BIGINT_INLINE_LO = L.BIGINT_INLINE >>> 0;
/** Big ints in this range are inline (cases/vm.h BigIntObject): int128. */
const INLINE_MIN = -(1n << 127n);
const INLINE_MAX = (1n << 127n) - 1n;

/** The value of the inline big int object at word o. */
export function inlineBigIntValue(heap: Heap, o: number): bigint {
  return (heap.u64[o + BIGINT_VALUE_LO_W]) | (BigInt.asIntN(64, heap.u64[o + BIGINT_VALUE_HI_W]) << 64n);
}
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
export const MODULE_ID_W = W(L.MODULE_ID);
export const MODULE_DICT_W = W(L.MODULE_DICT);
export const FUNCTION_DEFAULTS_W = W(L.FUNCTION_DEFAULTS);
export const FUNCTION_KWDEFAULTS_W = W(L.FUNCTION_KWDEFAULTS);
export const FUNCTION_CLOSURE_W = W(L.FUNCTION_CLOSURE);
export const FUNCTION_ATTRS_W = W(L.FUNCTION_ATTRS);
export const CLASS_NAME_W = W(L.CLASS_NAME);
export const CLASS_BASES_W = W(L.CLASS_BASES);
export const CLASS_MRO_W = W(L.CLASS_MRO);
export const CLASS_DICT_W = W(L.CLASS_DICT);
export const CLASS_SUBCLASSES_W = W(L.CLASS_SUBCLASSES);
export const CLASS_VERSION_W = W(L.CLASS_VERSION);
export const CLASS_FLAGS_W = W(L.CLASS_FLAGS);
export const CLASS_BUILTIN_W = W(L.CLASS_BUILTIN_TYPE);
export const CLASS_ROOT_SHAPE_W = W(L.CLASS_ROOT_SHAPE);
export const CLASS_SLOT_HINT_W = W(L.CLASS_SLOT_HINT);
export const CLASS_CTOR_W = W(L.CLASS_CTOR);
export const INSTANCE_CLASS_W = W(L.INSTANCE_CLASS);
export const INSTANCE_SHAPE_W = W(L.INSTANCE_SHAPE);
export const INSTANCE_CAPACITY_W = W(L.INSTANCE_CAPACITY);
export const INSTANCE_SLOTS_W = W(L.INSTANCE_SLOTS);
export const INSTANCE_BASE_W = W(L.INSTANCE_BASE);
export const INSTANCE_INLINE_W = W(L.INSTANCE_INLINE_SLOTS);
export const CELL_VALUE_W = W(L.CELL_VALUE);
export const METHOD_FUNC_W = W(L.METHOD_FUNC);
export const METHOD_SELF_W = W(L.METHOD_SELF);
export const BUILTIN_METHOD_NAME_W = W(L.BUILTIN_METHOD_NAME);
export const BUILTIN_METHOD_SELF_W = W(L.BUILTIN_METHOD_SELF);
export const BUILTIN_METHOD_TYPE_W = W(L.BUILTIN_METHOD_TYPE);
export const GENERATOR_CODE_W = W(L.GENERATOR_CODE_INDEX);
export const GENERATOR_STATE_W = W(L.GENERATOR_STATE);
export const GENERATOR_PC_W = W(L.GENERATOR_PC);
export const GENERATOR_NVALUES_W = W(L.GENERATOR_NVALUES);
export const GENERATOR_FRAME_W = W(L.GENERATOR_FRAME);
export const ITER_KIND_W = W(L.ITER_KIND);
export const ITER_SOURCE_W = W(L.ITER_SOURCE);
export const ITER_INDEX_W = W(L.ITER_INDEX);
export const ITER_AUX_W = W(L.ITER_AUX);
export const ITER_AUX2_W = W(L.ITER_AUX2);
export const SLICE_START_W = W(L.SLICE_START);
export const SLICE_STOP_W = W(L.SLICE_STOP);
export const SLICE_STEP_W = W(L.SLICE_STEP);
export const DESCRIPTOR_KIND_W = W(L.DESCRIPTOR_KIND);
export const DESCRIPTOR_F1_W = W(L.DESCRIPTOR_F1);
export const DESCRIPTOR_F2_W = W(L.DESCRIPTOR_F2);
export const DESCRIPTOR_F3_W = W(L.DESCRIPTOR_F3);
export const SUPER_TYPE_W = W(L.SUPER_TYPE);
export const SUPER_OBJ_W = W(L.SUPER_OBJ);
export const DICT_VIEW_KIND_W = W(L.DICT_VIEW_KIND);
export const DICT_VIEW_DICT_W = W(L.DICT_VIEW_DICT);

/** A value slot's kind, decided by its tag and (for objects) header type. */
export enum Kind {
  Float, Int, Bool, None, BigInt, Str, List, Tuple, Function, Builtin, Module, Range, ListIter, Other,
  Class, Instance, Dict, Set, Cell, Method, BuiltinMethod, Generator, Iter, Slice, Descriptor, Super, DictView,
}

/**
 * Kinds of plain data (numbers, strs, tuples, lists, dicts, sets): no
 * descriptor, not callable as a method. A class attribute may be rebound
 * between them without a version change (interpreter/types.ts rebindData).
 */
export function isDataKind(kind: Kind): boolean {
  return kind <= Kind.Tuple || kind === Kind.Dict || kind === Kind.Set;
}

/** Kind of each heap object type code (enum ObjType). */
const OBJECT_KINDS: Kind[] = [];
OBJECT_KINDS[L.OBJ_BIGINT] = Kind.BigInt;
OBJECT_KINDS[L.OBJ_STR] = Kind.Str;
OBJECT_KINDS[L.OBJ_LIST] = Kind.List;
OBJECT_KINDS[L.OBJ_TUPLE] = Kind.Tuple;
OBJECT_KINDS[L.OBJ_FUNCTION] = Kind.Function;
OBJECT_KINDS[L.OBJ_BUILTIN] = Kind.Builtin;
OBJECT_KINDS[L.OBJ_MODULE] = Kind.Module;
OBJECT_KINDS[L.OBJ_RANGE] = Kind.Range;
OBJECT_KINDS[L.OBJ_LIST_ITER] = Kind.ListIter;
OBJECT_KINDS[L.OBJ_CLASS] = Kind.Class;
OBJECT_KINDS[L.OBJ_INSTANCE] = Kind.Instance;
OBJECT_KINDS[L.OBJ_DICT] = Kind.Dict;
OBJECT_KINDS[L.OBJ_SET] = Kind.Set;
OBJECT_KINDS[L.OBJ_CELL] = Kind.Cell;
OBJECT_KINDS[L.OBJ_METHOD] = Kind.Method;
OBJECT_KINDS[L.OBJ_BUILTIN_METHOD] = Kind.BuiltinMethod;
OBJECT_KINDS[L.OBJ_GENERATOR] = Kind.Generator;
OBJECT_KINDS[L.OBJ_ITER] = Kind.Iter;
OBJECT_KINDS[L.OBJ_SLICE] = Kind.Slice;
OBJECT_KINDS[L.OBJ_DESCRIPTOR] = Kind.Descriptor;
OBJECT_KINDS[L.OBJ_SUPER] = Kind.Super;
OBJECT_KINDS[L.OBJ_DICT_VIEW] = Kind.DictView;

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
    return OBJECT_KINDS[this.u32[2 * o]] ?? Kind.Other;
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
    const o = this.heap.objectAt(w);
    const h = this.u32[2 * (o + BIGINT_HANDLE_W)];
    if (h === BIGINT_INLINE_LO) return inlineBigIntValue(this.heap, o);
    if (h === BIGINT_LIMBS_LO) return limbsToBigInt(this.heap, o);
    return this.heap.bigints[h]!;
  }

  /** Float value of an int/bool/big-int/float slot (OverflowError for huge ints). */
  floatOf(w: number): number {
    const hi = this.u32[2 * w + 1];
    if (hi < FIRST_TAG_HI) return this.f64[w];
    const tag = hi >>> 16;
    if (tag === TAG_INT) return smallIntOf(this.u32[2 * w], hi);
    if (tag === TAG_BOOL) return this.u32[2 * w];
    const o = this.heap.objectAt(w);
    if (limbsToDouble && this.u32[2 * (o + BIGINT_HANDLE_W)] === BIGINT_LIMBS_LO) {
      const d = limbsToDouble(this.heap, o);
      if (!Number.isFinite(d)) throw overflowError('int too large to convert to float');
      return d;
    }
    return bigToFloat(this.bigOf(w));
  }

  // --------------------------------------------------------------- objects

  newBigInt(b: bigint): number {
    // Past 128 bits: limbs in the arena, for the C arithmetic (bigint-limbs.ts).
    if (b < INLINE_MIN || b > INLINE_MAX) return newLimbsFromBigInt(this.heap, b);
    // Inline (no V8 BigInt kept), so traces can compute on it in int128.
    const o = this.heap.allocate(L.OBJ_BIGINT, L.SIZEOF_BIGINT);
    this.u32[2 * (o + BIGINT_HANDLE_W)] = BIGINT_INLINE_LO;
    this.u32[2 * (o + BIGINT_HANDLE_W) + 1] = BIGINT_INLINE_LO;
    this.heap.u64[o + BIGINT_VALUE_LO_W] = BigInt.asUintN(64, b);
    this.heap.u64[o + BIGINT_VALUE_HI_W] = BigInt.asUintN(64, b >> 64n);
    return o;
  }

  /** A str object; pass `length` (in code points) when known, to skip counting. */
  newStr(s: string, length = codePointLength(s)): number {
    if (s.length > HUGE_STR_UNITS) return this.newHugeStr(hugeOfString(s, length));
    const o = this.heap.allocate(L.OBJ_STR, L.SIZEOF_FLAT_STR);
    this.heap.writeI64(o + STR_LENGTH_W, length);
    this.heap.writeI64(o + STR_HANDLE_W, this.heap.newStringHandle(s));
    this.heap.writeI64(o + STR_HASH_W, 0);
    this.setChars(o, s);
    return o;
  }

  /**
   * A short ASCII str made from its inline chars word (lo, hi: str-inline.ts)
   * alone, as JIT code makes them: no text until something reads it (strOf).
   */
  newInlineStr(lo: number, hi: number, length: number): number {
    const o = this.heap.allocate(L.OBJ_STR, L.SIZEOF_FLAT_STR);
    this.heap.writeI64(o + STR_LENGTH_W, length);
    this.heap.writeI64(o + STR_HANDLE_W, L.STR_INLINE_ONLY);
    this.heap.writeI64(o + STR_HASH_W, 0);
    this.u32[2 * (o + STR_CHARS_W)] = lo;
    this.u32[2 * (o + STR_CHARS_W) + 1] = hi;
    return o;
  }

  /** The inline chars word of str o with text s (0 unless s is short ASCII). */
  private setChars(o: number, s: string): void {
    const w = 2 * (o + STR_CHARS_W);
    if (inlineChars(s)) {
      this.u32[w] = CHARS[0];
      this.u32[w + 1] = CHARS[1];
    } else {
      this.u32[w] = 0;
      this.u32[w + 1] = 0;
    }
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

  /**
   * The contents of a str object (the only way TS reads them): a rope is
   * flattened on first read. A huge str (huge-str.ts) has no one V8 string:
   * operations that support it ask hugeOf first; the others end here in
   * MemoryError.
   */
  strOf(o: number): string {
    const h = this.u32[2 * (o + STR_HANDLE_W)];
    if (h < HUGE_HANDLE_LO) return this.heap.strings[h]!;
    if (h === INLINE_ONLY_HANDLE_LO) return this.materialize(o);
    if (h === ROPE_HANDLE_LO && this.flatten(o)) return this.heap.strings[this.u32[2 * (o + STR_HANDLE_W)]]!;
    throw memoryError();
  }

  /** A str object holding a huge str. */
  newHugeStr(t: HugeStr): number {
    const heap = this.heap;
    const o = heap.allocate(L.OBJ_STR, L.SIZEOF_STR);
    heap.writeI64(o + STR_LENGTH_W, t.length);
    heap.writeI64(o + STR_HASH_W, 0);
    heap.writeI64(o + STR_CHARS_W, 0);
    heap.writeI64(o + STR_RIGHT_W, 0);
    heap.writeI64(o + STR_LEFT_W, heap.newHugeHandle(t));
    heap.writeI64(o + STR_HANDLE_W, L.STR_HUGE);
    return o;
  }

  /** A str object for text (builder and huge-str results); pass its code points when known. */
  newStrText(t: StrText, length?: number): number {
    return typeof t === 'string' ? this.newStr(t, length) : this.newHugeStr(t);
  }

  /** The huge str of str object o, or null when it is an ordinary one (a rope is flattened to tell). */
  hugeOf(o: number): HugeStr | null {
    const h = this.u32[2 * (o + STR_HANDLE_W)];
    if (h < HUGE_HANDLE_LO || h === INLINE_ONLY_HANDLE_LO) return null;
    if (h === ROPE_HANDLE_LO && this.flatten(o)) return null;
    return this.heap.hugeStrings[this.heap.readI64(o + STR_LEFT_W)]!;
  }

  /** Whether str objects oa and ob have equal contents. */
  strEquals(oa: number, ob: number): boolean {
    if (this.hugeOf(oa) === null && this.hugeOf(ob) === null) return this.strOf(oa) === this.strOf(ob);
    return textsEqual(this.textOf(oa), this.textOf(ob));
  }

  /** The text of str object o: a V8 string, or its huge str. */
  textOf(o: number): StrText {
    return this.hugeOf(o) ?? this.strOf(o);
  }

  /** Gives a str JIT code built from inline chars alone (STR_INLINE_ONLY) its text and a real handle. */
  private materialize(o: number): string {
    const heap = this.heap;
    const w = 2 * (o + STR_CHARS_W);
    const s = textOfChars(this.u32[w], this.u32[w + 1], heap.readI64(o + STR_LENGTH_W));
    heap.writeI64(o + STR_HANDLE_W, heap.newStringHandle(s));
    return s;
  }

  /**
   * Joins a rope's leaves left to right with an explicit stack (JIT loops build
   * chains a million nodes deep), gives the rope a real handle and clears its
   * halves so they can be collected. Allocates no heap object: no collection
   * can run while the halves are only reachable from here.
   */
  private flatten(rope: number): boolean {
    const { heap, u32 } = this;
    const parts: StrText[] = [];
    const stack = [rope];
    let units = 0;
    let huge = false;
    while (stack.length > 0) {
      const o = stack.pop()!;
      const h = u32[2 * (o + STR_HANDLE_W)];
      if (h !== ROPE_HANDLE_LO) {
        const t = this.textOf(o);
        if (typeof t === 'string') units += t.length;
        else huge = true;
        parts.push(t);
        continue;
      }
      stack.push(heap.wordOf(heap.readI64(o + STR_RIGHT_W)), heap.wordOf(heap.readI64(o + STR_LEFT_W)));
    }
    if (huge || units > HUGE_STR_UNITS) {
      // Past one V8 string (or holding a huge part): the rope becomes a huge str in place.
      const b = new StrBuilder();
      for (const t of parts) b.addText(t);
      const t = b.result();
      heap.writeI64(rope + STR_HASH_W, 0);
      heap.writeI64(rope + STR_CHARS_W, 0);
      heap.writeI64(rope + STR_RIGHT_W, 0);
      heap.writeI64(rope + STR_LEFT_W, heap.newHugeHandle(t as HugeStr));
      heap.writeI64(rope + STR_HANDLE_W, L.STR_HUGE);
      return false;
    }
    const s = (parts as string[]).join('');
    heap.writeI64(rope + STR_HANDLE_W, heap.newStringHandle(s));
    heap.writeI64(rope + STR_HASH_W, 0);
    this.setChars(rope, s);
    heap.writeI64(rope + STR_LEFT_W, 0);
    heap.writeI64(rope + STR_RIGHT_W, 0);
    return true;
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

  /** A function without defaults, keyword defaults, closure or attributes (set them after, rooted). */
  newFunction(codeIndex: number): number {
    const o = this.heap.allocate(L.OBJ_FUNCTION, L.SIZEOF_FUNCTION);
    this.heap.writeI64(o + FUNCTION_CODE_INDEX_W, codeIndex);
    this.setNone(o + FUNCTION_DEFAULTS_W);
    this.setNone(o + FUNCTION_KWDEFAULTS_W);
    this.setNone(o + FUNCTION_CLOSURE_W);
    this.setNone(o + FUNCTION_ATTRS_W);
    return o;
  }

  newBuiltin(id: number): number {
    const o = this.heap.allocate(L.OBJ_BUILTIN, L.SIZEOF_BUILTIN);
    this.heap.writeI64(o + BUILTIN_ID_W, id);
    return o;
  }

  /** A module with no attributes yet (its dict is set by the caller). */
  newModule(id: number): number {
    const o = this.heap.allocate(L.OBJ_MODULE, L.SIZEOF_MODULE);
    this.heap.writeI64(o + MODULE_ID_W, id);
    this.setNone(o + MODULE_DICT_W);
    return o;
  }

  /** An empty cell. */
  newCell(): number {
    const o = this.heap.allocate(L.OBJ_CELL, L.SIZEOF_CELL);
    this.setUnbound(o + CELL_VALUE_W);
    return o;
  }

  /** A bound method of the function and self in value slots (rooted by the caller). */
  newMethod(func: number, self: number): number {
    const o = this.heap.allocate(L.OBJ_METHOD, L.SIZEOF_METHOD);
    this.copy(o + METHOD_FUNC_W, func);
    this.copy(o + METHOD_SELF_W, self);
    return o;
  }

  /** A built-in type's method bound to self (a value slot), or unbound when self < 0. */
  newBuiltinMethod(nameId: number, self: number, type: number): number {
    const o = this.heap.allocate(L.OBJ_BUILTIN_METHOD, L.SIZEOF_BUILTIN_METHOD);
    this.heap.writeI64(o + BUILTIN_METHOD_NAME_W, nameId);
    if (self >= 0) this.copy(o + BUILTIN_METHOD_SELF_W, self);
    else this.setUnbound(o + BUILTIN_METHOD_SELF_W);
    this.heap.writeI64(o + BUILTIN_METHOD_TYPE_W, type);
    return o;
  }

  /** An iterator object of `kind` over the value slot `source` (aux fields None). */
  newIter(kind: number, source: number, index = 0): number {
    const o = this.heap.allocate(L.OBJ_ITER, L.SIZEOF_ITER);
    this.heap.writeI64(o + ITER_KIND_W, kind);
    if (source >= 0) this.copy(o + ITER_SOURCE_W, source);
    else this.setNone(o + ITER_SOURCE_W);
    this.heap.writeI64(o + ITER_INDEX_W, index);
    this.setNone(o + ITER_AUX_W);
    this.setNone(o + ITER_AUX2_W);
    return o;
  }

  newSlice(start: number, stop: number, step: number): number {
    const o = this.heap.allocate(L.OBJ_SLICE, L.SIZEOF_SLICE);
    this.copy(o + SLICE_START_W, start);
    this.copy(o + SLICE_STOP_W, stop);
    this.copy(o + SLICE_STEP_W, step);
    return o;
  }

  /** staticmethod/classmethod (f1 = the function) or property (fget, fset, fdel; -1 for None). */
  newDescriptor(kind: number, f1: number, f2 = -1, f3 = -1): number {
    const o = this.heap.allocate(L.OBJ_DESCRIPTOR, L.SIZEOF_DESCRIPTOR);
    this.heap.writeI64(o + DESCRIPTOR_KIND_W, kind);
    for (const [w, src] of [[DESCRIPTOR_F1_W, f1], [DESCRIPTOR_F2_W, f2], [DESCRIPTOR_F3_W, f3]]) {
      if (src >= 0) this.copy(o + w, src);
      else this.setNone(o + w);
    }
    return o;
  }

  newSuper(type: number, obj: number): number {
    const o = this.heap.allocate(L.OBJ_SUPER, L.SIZEOF_SUPER);
    this.copy(o + SUPER_TYPE_W, type);
    this.copy(o + SUPER_OBJ_W, obj);
    return o;
  }

  newDictView(kind: number, dict: number): number {
    const o = this.heap.allocate(L.OBJ_DICT_VIEW, L.SIZEOF_DICT_VIEW);
    this.heap.writeI64(o + DICT_VIEW_KIND_W, kind);
    this.copy(o + DICT_VIEW_DICT_W, dict);
    return o;
  }

  setUnbound(w: number): void { this.u32[2 * w] = 0; this.u32[2 * w + 1] = V.UNBOUND_HI; }
  isUnbound(w: number): boolean { return this.u32[2 * w + 1] === V.UNBOUND_HI; }

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

/** int -> float with Python's rounding and overflow rule. */
export function bigToFloat(b: bigint): number {
  const d = Number(b);
  if (!Number.isFinite(d)) throw overflowError('int too large to convert to float');
  return d;
}

export { INT_HI, TWO_32, codePointLength };
