// round(x) in traces (one argument): a float rounds natively, ties to even
// (ROUND_FLOAT, cases/uops_compare.c), an int is itself. round(x, n) and
// results past the small ints stay tier-1's (the call stitches).
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from '../heap/heap.ts';
import type { ExitReason, TraceOp } from './trace-ir.ts';

export interface RoundRecorder {
  heap: Heap;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
  emit(uop: string): void;
}

const SMALL_INT_LIMIT = 2 ** 47;

/** round(x) with the builtin (word callee) under its one argument on top; false when not recorded. */
export function recordRound(r: RoundRecorder, nargs: number, sp: number, callee: bigint): boolean {
  if (nargs !== 1) return false;
  const tag = r.heap.u32[2 * (sp - 1) + 1] >>> 16;
  const isFloat = tag < L.TAG_INT;
  if (!isFloat && tag !== L.TAG_INT) return false;
  if (isFloat) {
    const x = r.heap.f64[sp - 1];
    // Python's round: ties to even. A result that ROUND_FLOAT would exit on is not recorded.
    const rounded = x - Math.floor(x) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
    if (!(rounded > -SMALL_INT_LIMIT && rounded < SMALL_INT_LIMIT)) return false;
  }
  r.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: callee });
  if (isFloat) {
    r.guard('GUARD_FLOAT', 'type');
    r.guard('ROUND_FLOAT', 'other');
  } else {
    r.guard('GUARD_INT', 'type');
  }
  r.emit('SWAP');
  r.emit('POP_TOP');
  return true;
}
