// Slice stores and deletes on lists, and the star displays' LIST_EXTEND and
// LIST_TO_TUPLE, in traces (cases/uops_slices.c). `a[i:j] = seq` and `del a[i:j]` compile to
// BUILD_SLICE 2 followed by STORE_SUBSCR / DELETE_SUBSCR: the pair is one
// uop and no slice object is made. The uops check the container, the value
// and the bounds themselves and exit (nothing changed) on anything else.
import { Op } from '../frontend/bytecode.ts';
import type { ContainerRecorder } from './record-containers.ts';
import { typeOfWord, VType } from './trace-ir.ts';

const isBound = (t: VType) => t === VType.INT || t === VType.NONE;

/** BUILD_SLICE arg at pc (bounds on top of the stack, sp the stack top); false when it is not a list slice store or delete. */
export function recordSliceBuild(r: ContainerRecorder, arg: number, sp: number, pc: number): boolean {
  const heap = r.heap;
  if (arg !== 2 || !isBound(typeOfWord(heap, sp - 1)) || !isBound(typeOfWord(heap, sp - 2))) return false;
  const next = r.nextOp(pc);
  if (typeOfWord(heap, sp - 3) !== VType.LIST) return false;
  if (next === Op.STORE_SUBSCR) {
    const v = typeOfWord(heap, sp - 4);
    if (v !== VType.LIST && v !== VType.TUPLE) return false;
    r.guard('LIST_STORE_SLICE', 'alloc');
  } else if (next === Op.DELETE_SUBSCR) {
    r.guard('LIST_DELETE_SLICE', 'type');
  } else {
    return false;
  }
  r.skipNext(pc);
  return true;
}

/** LIST_TO_TUPLE of the top (type t); false when it is not a list. */
export function recordListToTuple(r: ContainerRecorder, t: VType): boolean {
  if (t !== VType.LIST) return false;
  r.guard('LIST_TO_TUPLE', 'alloc');
  return true;
}

/** LIST_EXTEND (star displays: [*a, *b], (*a, x)) of a list or tuple into the list under it; false for other iterables. */
export function recordListExtend(r: ContainerRecorder, sp: number): boolean {
  const t = typeOfWord(r.heap, sp - 1);
  if (typeOfWord(r.heap, sp - 2) !== VType.LIST || (t !== VType.LIST && t !== VType.TUPLE)) return false;
  // list += seq's uop: the list stays, extended in place.
  r.guard('LIST_EXTEND_SEQ', 'alloc');
  return true;
}
