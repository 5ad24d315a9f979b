// The truth of a list, tuple or dict in a trace (`if not places:`, `while
// queue:`): its type guarded, its length taken and tested like an int, with
// the uops len() already uses, so no truth test of a container stitches.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from '../heap/heap.ts';

export interface ContainerTruth {
  truthy: boolean;
  /** The type guard, then the uops that turn the container into a bool. */
  guard: string;
  uops: readonly string[];
}

/** The truth of the container in word w and how a trace computes it, or null for other values. */
export function containerTruth(heap: Heap, w: number): ContainerTruth | null {
  if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return null;
  const o = heap.objectAt(w);
  switch (heap.u32[2 * o]) {
    case L.OBJ_LIST:
      return { truthy: heap.readI64(o + L.LIST_LENGTH / 8) !== 0, guard: 'GUARD_LIST', uops: ['LIST_LEN', 'TO_BOOL_INT'] };
    case L.OBJ_TUPLE:
      return { truthy: heap.readI64(o + L.TUPLE_LENGTH / 8) !== 0, guard: 'GUARD_TUPLE', uops: ['TUPLE_LEN', 'TO_BOOL_INT'] };
    case L.OBJ_DICT:
      return { truthy: heap.readI64(o + L.DICT_USED / 8) !== 0, guard: 'GUARD_DICT', uops: ['DICT_LEN', 'TO_BOOL_INT'] };
    default:
      return null;
  }
}
