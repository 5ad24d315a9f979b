// A list item that a float guard checks next is checked by its load.
import { VType, type TraceOp } from '../trace-ir.ts';
import { STACK_GUARDS, UOP_INFO } from './uop-lookups.ts';

/**
 * A list item that a float guard checks next (before anything else reads that
 * slot) is checked by its load instead (LIST_GET_INT_FLOAT): a non-float then
 * leaves before the subscript, which tier-1 redoes, and the later guard is
 * proven. A type exit, so that lists of other items grow side traces.
 */
export function checkFloatLoads(ops: readonly TraceOp[]): TraceOp[] {
  const out = ops.slice();
  for (let i = 0; i < out.length; i++) {
    if (out[i].uop !== 'LIST_GET_INT') continue;
    let depth = 1; // the item's slot, from the top
    for (let k = i + 1; k < out.length; k++) {
      const op = out[k];
      const guard = STACK_GUARDS.get(op.uop);
      if (guard?.some(([d, t]) => d === depth && t === VType.FLOAT)) {
        out[i] = { ...out[i], uop: 'LIST_GET_INT_FLOAT', reason: 'type' };
        break;
      }
      const info = UOP_INFO.get(op.uop);
      if (!info || op.target !== undefined || info.movesStackPointer || info.stack.inputs.length >= depth) break;
      const effect = info.stack;
      depth += effect.outputs.length - effect.inputs.length;
    }
  }
  return out;
}

