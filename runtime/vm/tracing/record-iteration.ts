// The recorder's translation of loops and sequence operations beyond lists and
// ranges (cases/uops_loops.c): the iterators GET_ITER makes of tuples,
// constant strs, dicts, dict views and sets; `for x in a_set`; the ends of
// dict and set loops (so a nested loop over a dict does not stitch when it
// finishes); and `x in seq` for lists and tuples of numbers. Anything else is
// left to the caller (it stitches through tier-1).
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from '../heap/heap.ts';
import { IterKind } from '../interpreter/iterators.ts';
import type { ContainerRecorder } from './record-containers.ts';
import { VType, wordAt } from './trace-ir.ts';

const W = (bytes: number) => bytes / 8;

function objType(heap: Heap, w: number): number {
  return heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ ? heap.u32[2 * heap.objectAt(w)] : -1;
}

/** What GET_ITER needs beyond the container recorder. */
export interface IterationRecorder extends ContainerRecorder {
  /** The pinned one-character table of a constant str object, or null. */
  strIndexTable(o: number): number | null;
}

/** GET_ITER of the top (word w, type t); false when it has no native form here. */
export function recordGetIter(r: IterationRecorder, w: number, t: VType): boolean {
  const heap = r.heap;
  if (t === VType.LIST) {
    r.guard('GUARD_LIST', 'type');
    r.guard('LIST_ITER_NEW', 'alloc');
    return true;
  }
  if (t === VType.TUPLE) {
    r.guard('GUARD_TUPLE', 'type');
    r.guard('TUPLE_ITER_NEW', 'alloc');
    return true;
  }
  if (t === VType.STR) {
    const table = r.strIndexTable(heap.objectAt(w));
    if (table === null) return false;
    // Another str fails the identity like a type guard: a side trace specialises on that one.
    r.guard('GUARD_STACK_IS', 'type', { oparg: 1, operand0: wordAt(heap, w) });
    r.guard('STR_ITER_CONST', 'alloc', { operand0: BigInt(heap.addressOf(table)) });
    return true;
  }
  switch (objType(heap, w)) {
    case L.OBJ_DICT:
      r.guard('DICT_ITER_NEW', 'alloc', { oparg: IterKind.DICT_KEYS });
      return true;
    case L.OBJ_SET:
      r.guard('SET_ITER_NEW', 'alloc', { oparg: IterKind.SET });
      return true;
    case L.OBJ_DICT_VIEW: {
      const kind = heap.readI64(heap.objectAt(w) + W(L.DICT_VIEW_KIND));
      const iterKind = kind === 0 ? IterKind.DICT_KEYS : kind === 1 ? IterKind.DICT_VALUES : IterKind.DICT_ITEMS;
      r.guard('DICT_VIEW_ITER_NEW', 'alloc', { oparg: iterKind, operand0: BigInt(kind) });
      return true;
    }
    default:
      return false;
  }
}

/** Whether the set iterator o has no active entry left (or its set changed size: tier-1 raises). */
function setIterDone(heap: Heap, o: number): boolean {
  const src = o + W(L.ITER_SOURCE);
  if (heap.u32[2 * src + 1] >>> 16 !== L.TAG_OBJ) return true;
  const s = heap.objectAt(src);
  const aux2 = o + W(L.ITER_AUX2);
  if (heap.u32[2 * aux2 + 1] >>> 16 !== L.TAG_INT || heap.u32[2 * aux2] !== heap.readI64(s + W(L.SET_USED))) return true;
  const table = heap.wordOf(heap.readI64(s + W(L.SET_TABLE))) + W(L.ITEMS_ITEMS);
  const mask = heap.readI64(s + W(L.SET_MASK));
  for (let i = heap.readI64(o + W(L.ITER_INDEX)); i <= mask; i++) {
    if (heap.u32[2 * (table + 2 * i + 1) + 1] >>> 16 !== L.TAG_UNBOUND) return false;
  }
  return true;
}

/** Whether the dict iterator o has no live entry left (or its dict changed size). */
function dictIterDone(heap: Heap, o: number): boolean {
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
 * FOR_ITER over an IterObject (word w) that record-containers.ts does not
 * translate: the next element of a set, and the end of a dict or set loop.
 */
export function recordForIterMore(r: ContainerRecorder, w: number): boolean {
  const heap = r.heap;
  if (objType(heap, w) !== L.OBJ_ITER) return false;
  const o = heap.objectAt(w);
  const kind = heap.readI64(o + W(L.ITER_KIND));
  const isDictKind = kind === IterKind.DICT_KEYS || kind === IterKind.DICT_VALUES || kind === IterKind.DICT_ITEMS;
  if (kind !== IterKind.SET && !isDictKind) return false;
  const done = kind === IterKind.SET ? setIterDone(heap, o) : dictIterDone(heap, o);
  if (done) {
    r.loopEnded();
    // A size change raises in tier-1: that is not the end of the loop the trace can record.
    const src = o + W(L.ITER_SOURCE);
    if (heap.u32[2 * src + 1] >>> 16 === L.TAG_OBJ) {
      const table = heap.objectAt(src);
      const used = heap.readI64(table + W(kind === IterKind.SET ? L.SET_USED : L.DICT_USED));
      if (heap.u32[2 * (o + W(L.ITER_AUX2))] !== used) return false;
    }
    r.guard('GUARD_ITER_KIND', 'type', { operand0: BigInt(kind) });
    r.guard(kind === IterKind.SET ? 'SET_ITER_EXHAUSTED_POP' : 'DICT_ITER_EXHAUSTED_POP', 'iterator');
    return true;
  }
  if (kind !== IterKind.SET) return false;
  r.guard('GUARD_ITER_KIND', 'type', { operand0: BigInt(kind) });
  r.guard('FOR_SET_NEXT', 'iterator');
  return true;
}

/** x in seq / x not in seq (COMPARE_OP: x under seq) for a list or tuple and an int or float x. */
export function recordSeqContains(r: ContainerRecorder, key: VType, seq: VType, negate: boolean, emit: (uop: string) => void): boolean {
  if (key !== VType.INT && key !== VType.FLOAT) return false;
  if (seq === VType.LIST) {
    r.guard('GUARD_LIST', 'type');
    r.guard('LIST_CONTAINS_NUMBER', 'other');
  } else if (seq === VType.TUPLE) {
    r.guard('GUARD_TUPLE', 'type');
    r.guard('TUPLE_CONTAINS_NUMBER', 'other');
  } else {
    return false;
  }
  if (negate) emit('NOT_BOOL');
  return true;
}
