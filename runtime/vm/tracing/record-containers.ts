// The recorder's translation of unpacking and of loops over the built-in
// iterators (cases/uops_iter.c): `a, b = pair` on tuples and lists, and
// `for i, x in enumerate(xs)`, `for a, b in zip(xs, ys)`, `for k in d`,
// `for v in d.values()`, `for k, v in d.items()`. A FOR_ITER followed by
// UNPACK_SEQUENCE 2 becomes one uop that pushes both items, so the tuple
// tier-1 builds for each item is never allocated. Anything else is left to
// the caller (it stitches through tier-1).
import { LAYOUT as L } from '../../../build/layout.ts';
import { Op } from '../frontend/bytecode.ts';
import type { Heap } from '../heap/heap.ts';
import { IterKind } from '../interpreter/iterators.ts';
import { VType, type ExitReason, type TraceOp } from './trace-ir.ts';

/** What record-containers needs of the recorder. */
export interface ContainerRecorder {
  heap: Heap;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
  /** The bytecode after pc and its argument (-1 past the end). */
  nextOp(pc: number): number;
  nextArg(pc: number): number;
  /** The next bytecode is covered by the uops just recorded. */
  skipNext(pc: number): void;
  /** The iterator ran out as the recording of its own loop began: throws (the recording is cancelled). */
  loopEnded(): void;
}

const W = (bytes: number) => bytes / 8;

/** UNPACK_SEQUENCE n of the top (type t); false when it is not a tuple or list. */
export function recordUnpack(r: ContainerRecorder, n: number, t: VType): boolean {
  if (t === VType.TUPLE) {
    r.guard('GUARD_TUPLE', 'type');
    // Another length exits: tier-1 raises the ValueError.
    r.guard('UNPACK_TUPLE', 'bounds', { oparg: n });
    return true;
  }
  if (t === VType.LIST) {
    r.guard('GUARD_LIST', 'type');
    r.guard('UNPACK_LIST', 'bounds', { oparg: n });
    return true;
  }
  return false;
}

function isObjOfType(heap: Heap, w: number, type: number): boolean {
  return heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ && heap.u32[2 * heap.objectAt(w)] === type;
}

/** Whether the list iterator in word w is at its end. */
function listIterDone(heap: Heap, w: number): boolean {
  const it = heap.objectAt(w);
  const list = heap.wordOf(heap.readI64(it + W(L.LIST_ITER_LIST)));
  return heap.readI64(it + W(L.LIST_ITER_INDEX)) >= heap.readI64(list + W(L.LIST_LENGTH));
}

/** Whether the dict iterator o has no live entry left (or its dict changed size: tier-1 raises). */
export function dictIterDone(heap: Heap, o: number): boolean {
  const src = o + W(L.ITER_SOURCE);
  if (heap.u32[2 * src + 1] >>> 16 !== L.TAG_OBJ) return true;
  const d = heap.objectAt(src);
  const aux2 = o + W(L.ITER_AUX2);
  if (heap.u32[2 * aux2 + 1] >>> 16 !== L.TAG_INT || heap.u32[2 * aux2] !== heap.readI64(d + W(L.DICT_USED))) return true;
  const entries = heap.wordOf(heap.readI64(d + W(L.DICT_ENTRIES))) + W(L.ITEMS_ITEMS);
  const n = heap.readI64(d + W(L.DICT_NENTRIES));
  for (let i = heap.readI64(o + W(L.ITER_INDEX)); i < n; i++) {
    if (heap.u32[2 * (entries + i * L.DICT_ENTRY_WORDS + 1) + 1] >>> 16 !== L.TAG_UNBOUND) return false;
  }
  return true;
}

/**
 * FOR_ITER over a built-in iterator object (the top, word w) at pc; false when
 * its kind (or the shape of what it iterates) has no native form.
 */
export function recordForIterObject(r: ContainerRecorder, w: number, pc: number): boolean {
  const heap = r.heap;
  if (!isObjOfType(heap, w, L.OBJ_ITER)) return false;
  const o = heap.objectAt(w);
  const kind = heap.readI64(o + W(L.ITER_KIND));
  const unpacks2 = r.nextOp(pc) === Op.UNPACK_SEQUENCE && r.nextArg(pc) === 2;
  const src = o + W(L.ITER_SOURCE);
  let uop: string;
  let done: boolean;
  if (kind === IterKind.ENUMERATE && unpacks2 && isObjOfType(heap, src, L.OBJ_LIST_ITER) && heap.u32[2 * (o + W(L.ITER_AUX)) + 1] >>> 16 === L.TAG_INT) {
    uop = 'FOR_ENUMERATE_LIST_UNPACK';
    done = listIterDone(heap, src);
  } else if (kind === IterKind.ZIP && unpacks2 && isObjOfType(heap, src, L.OBJ_TUPLE)) {
    const t = heap.objectAt(src);
    if (heap.readI64(t + W(L.TUPLE_LENGTH)) !== 2) return false;
    const a = t + W(L.TUPLE_ITEMS);
    if (!isObjOfType(heap, a, L.OBJ_LIST_ITER) || !isObjOfType(heap, a + 1, L.OBJ_LIST_ITER)) return false;
    uop = 'FOR_ZIP2_LIST_UNPACK';
    done = listIterDone(heap, a) || listIterDone(heap, a + 1);
  } else if (kind === IterKind.DICT_ITEMS && unpacks2) {
    uop = 'FOR_DICT_ITEMS_UNPACK';
    done = dictIterDone(heap, o);
  } else if (kind === IterKind.DICT_KEYS || kind === IterKind.DICT_VALUES) {
    uop = kind === IterKind.DICT_KEYS ? 'FOR_DICT_KEYS_NEXT' : 'FOR_DICT_VALUES_NEXT';
    done = dictIterDone(heap, o);
  } else {
    return false;
  }
  // The loop's end (and anything unusual) is tier-1's: the exit resumes at this FOR_ITER.
  if (done) {
    r.loopEnded();
    return false;
  }
  r.guard('GUARD_ITER_KIND', 'type', { operand0: BigInt(kind) });
  r.guard(uop, 'iterator');
  if (uop.endsWith('_UNPACK')) r.skipNext(pc);
  return true;
}

/** Whether the value in word w is a dict (exactly: dict subclasses are instances). */
export function isDict(heap: Heap, w: number): boolean {
  return isObjOfType(heap, w, L.OBJ_DICT);
}

/** d[k] (BINARY_SUBSCR, the dict under the key) with a small-int key; false otherwise. */
export function recordDictGet(r: ContainerRecorder, sp: number, key: VType): boolean {
  if (key !== VType.INT || !isDict(r.heap, sp - 2)) return false;
  r.guard('GUARD_DICT_SECOND', 'type');
  r.guard('GUARD_INT', 'type');
  // A missing key exits: tier-1 raises the KeyError.
  r.guard('DICT_GET_INT', 'bounds');
  return true;
}

/** d[k] = v (STORE_SUBSCR: value, dict, key) with a small-int key; false otherwise. */
export function recordDictSet(r: ContainerRecorder, sp: number, key: VType): boolean {
  if (key !== VType.INT || !isDict(r.heap, sp - 2)) return false;
  r.guard('GUARD_DICT_SECOND', 'type');
  r.guard('GUARD_INT', 'type');
  // A new key exits: tier-1 inserts it.
  r.guard('DICT_SET_INT', 'bounds');
  return true;
}

/** k in d / k not in d (COMPARE_OP: the key under the dict) with a small-int key; false otherwise. */
export function recordDictContains(r: ContainerRecorder, sp: number, key: VType, negate: boolean, emit: (uop: string) => void): boolean {
  if (key !== VType.INT || !isDict(r.heap, sp - 1)) return false;
  r.guard('GUARD_DICT', 'type');
  r.guard('GUARD_INT_SECOND', 'type');
  r.guard('DICT_CONTAINS_INT', 'other');
  if (negate) emit('NOT_BOOL');
  return true;
}
