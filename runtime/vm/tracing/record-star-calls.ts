// `f(*args)` in traces (CALL_FUNCTION_EX without a kwargs dict) when f is a
// Python function and args a tuple of at most four items: the call is the
// positional call of those items, inlined like any other (trace-recorder.ts
// call). The function's identity and the frame's room are guarded first,
// then the tuple is unpacked in place (UNPACK_TUPLE pushes the items last
// first; SWAP, SWAP_FIRST_THIRD or KW_PERMUTE_4 puts them in order), so any
// exit before the frame is pushed sees [f args] as tier-1 left them, and the
// tuple's length is checked where it is unpacked (another length exits:
// tier-1 makes the call).
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Program } from '../frontend/program.ts';
import type { Heap } from '../heap/heap.ts';
import { permuteUop } from './record-kwcalls.ts';
import { typeOfWord, VType, wordAt, type ExitReason, type TraceOp } from './trace-ir.ts';

/** Most items a starred call spreads. */
const MAX_SPREAD = 4;

/** What recordStarCall needs of the recorder. */
export interface StarCallSite {
  heap: Heap;
  program: Program;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
  emit(op: TraceOp): void;
  /** Records CALL of the callable with nargs arguments on top, stack top sp as tier-1 will call with. */
  call(nargs: number, pc: number, sp: number): void;
}

/** CALL_FUNCTION_EX arg at pc (stack top sp); false when it is not a starred call of a Python function with a short tuple. */
export function recordStarCall(site: StarCallSite, arg: number, pc: number, sp: number): boolean {
  const { heap, program } = site;
  if (arg & 1 || typeOfWord(heap, sp - 2) !== VType.FUNCTION || typeOfWord(heap, sp - 1) !== VType.TUPLE) return false;
  const n = heap.readI64(heap.objectAt(sp - 1) + L.TUPLE_LENGTH / 8);
  if (n > MAX_SPREAD) return false;
  const code = program.codes[heap.readI64(heap.objectAt(sp - 2) + L.FUNCTION_CODE_INDEX / 8)];
  site.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: wordAt(heap, sp - 2) });
  // Room for the items, the defaults and the frame (PUSH_FRAME's own check would exit after the unpacking).
  site.guard('GUARD_FRAME_FITS', 'frame', { operand0: BigInt(n + code.argcount + L.SIZEOF_FRAME_HEADER / 8 + code.nlocals + code.maxStack) });
  site.guard('GUARD_TUPLE', 'type');
  site.guard('UNPACK_TUPLE', 'bounds', { oparg: n });
  if (n === 3) site.emit({ uop: 'SWAP_FIRST_THIRD' });
  else if (n >= 2) site.emit(permuteUop(Array.from({ length: n }, (_, i) => n - 1 - i)));
  site.call(n, pc, sp - 1 + n);
  return true;
}
