// The containers of set and dict comprehensions (and `{}` anywhere) in traces:
// BUILD_MAP 0 and BUILD_SET 0 make empty tables natively (NEW_EMPTY_DICT,
// NEW_EMPTY_SET in cases/uops_comprehensions.c) and SET_ADD adds natively
// (SET_ADD_ITEM, support_set_add in cases/dict_support.c); MAP_ADD already is
// native (record-dicts.ts). Like record-dicts.ts, an add that would exit at
// once (a key only tier-1 hashes or compares, a table about to grow) is not
// recorded: the bytecode stitches instead of starting an exit chain.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from '../heap/heap.ts';
import { probeSet } from './native-probe.ts';
import type { ExitReason, TraceOp } from './trace-ir.ts';

export interface ComprehensionRecorder {
  heap: Heap;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
}

const W = (bytes: number) => bytes / 8;

/** BUILD_MAP n / BUILD_SET n: only the empty ones, natively. */
export function recordEmptyContainer(r: ComprehensionRecorder, set: boolean, n: number): boolean {
  if (n !== 0) return false;
  r.guard(set ? 'NEW_EMPTY_SET' : 'NEW_EMPTY_DICT', 'alloc');
  return true;
}

/** SET_ADD (the set under the item): natively when the add runs natively now. */
export function recordSetAdd(r: ComprehensionRecorder, sp: number): boolean {
  const { heap } = r;
  const sw = sp - 2;
  if (heap.u32[2 * sw + 1] >>> 16 !== L.TAG_OBJ) return false;
  const s = heap.objectAt(sw);
  if (heap.u32[2 * s] !== L.OBJ_SET || heap.readI64(s + W(L.SET_FROZEN)) !== 0) return false;
  const found = probeSet(heap, s, sp - 1);
  if (found === 'ask') return false;
  // A new key into an empty slot that would make the table grow is tier-1's (a reused
  // dummy slot would not, but the recorder does not look for one).
  if (found === 0 && (heap.readI64(s + W(L.SET_FILL)) + 1) * 5 >= heap.readI64(s + W(L.SET_MASK)) * 3) return false;
  r.guard('SET_ADD_ITEM', 'bounds');
  return true;
}
