// Where a trace looks for SIGINT (cases/signals.c CHECK_INTERRUPT): at the
// entry of every root and function trace, and before every loop back-edge.
// Everything that runs long in native code passes one of them: a loop's
// JUMP_TO_TOP, an exit linked onto a loop head (it enters that loop's root),
// a recursive call (CALL_TOP and CALL_TRACE enter a function trace). Both
// points are the trace's start state, so the check exits there to tier-1,
// which raises KeyboardInterrupt at its next back-edge or call.
import type { OptimizedTrace } from './trace-optimizer.ts';
import type { TraceOp } from './trace-ir.ts';

export function withInterruptChecks(trace: OptimizedTrace, kind: 'root' | 'function' | 'side', codeIndex: number, startPc: number): OptimizedTrace {
  const check = (): TraceOp => ({ uop: 'CHECK_INTERRUPT', resumePc: startPc, codeIndex, reason: 'interrupt', bcPc: startPc, inlineDepth: 0 });
  const atEntry = kind !== 'side';
  const shift = atEntry ? 1 : 0;
  const ops: TraceOp[] = atEntry ? [check()] : [];
  for (const op of trace.ops) {
    if (op.uop === 'JUMP_TO_TOP') ops.push(check());
    ops.push(op.target !== undefined ? { ...op, target: indexAfter(trace.ops, op.target) + shift } : op);
  }
  return { ...trace, ops, loopStart: trace.loopStart === undefined ? undefined : indexAfter(trace.ops, trace.loopStart) + shift };
}

/** Where instruction i of the unchecked ops lands once a check precedes each JUMP_TO_TOP. */
function indexAfter(ops: readonly TraceOp[], i: number): number {
  let n = i;
  for (let k = 0; k < i; k++) if (ops[k].uop === 'JUMP_TO_TOP') n++;
  return n;
}
