// Optimizes a recorded trace before it is compiled, pass by pass (optimizer/):
//  - checkFloatLoads: a list load whose item a float guard checks next checks it itself;
//  - guard elimination (guard-elimination.ts): an abstract interpretation drops
//    guards whose condition is already known;
//  - loop peeling: a loop trace becomes [first iteration][loop body] where the
//    body is optimized with what the first iteration proved, so loop-invariant
//    guards run once (kept only if the facts survive an iteration: checked);
//  - peephole (peephole.ts): constant folding and dead stack traffic;
//  - float locals in registers (float-locals.ts) for loop-carried floats;
//  - allocation removal (virtuals.ts): instances that do not escape are not
//    allocated (per stretch: the peeled first iteration, the loop body);
//  - superinstructions (superinstructions.ts, float-register-fusion.ts): the
//    variants and fusions the cases define, looked up in the variant table.
import type { TraceOp } from './trace-ir.ts';
import { implies, intersect, Facts } from './optimizer/abstract-facts.ts';
import { checkFloatLoads } from './optimizer/float-loads.ts';
import { keepFloatLocalsInRegisters } from './optimizer/float-locals.ts';
import { eliminateGuards, isGuard } from './optimizer/guard-elimination.ts';
import { peephole } from './optimizer/peephole.ts';
import { fuse } from './optimizer/superinstructions.ts';
import { classGuardsOf, removeAllocations } from './optimizer/virtuals.ts';

export interface OptimizeStats {
  recordedUops: number;
  recordedGuards: number;
  /** Uops and guards that run per iteration (the loop body after peeling, or the whole trace). */
  loopUops: number;
  loopGuards: number;
  removedGuards: number;
  folded: number;
  /** Superinstructions formed. */
  fused: number;
  peeled: boolean;
  /** Allocation sites whose instance the trace no longer allocates (per iteration for a loop: the body's). */
  allocationsRemoved: number;
}


export interface OptimizedTrace {
  ops: TraceOp[];
  /** Index where a loop's JUMP_TO_TOP goes (after the peeled first iteration), if peeled. */
  loopStart?: number;
  stats: OptimizeStats;
}

/**
 * Optimizes a recorded trace. `loop`: ops are one iteration of a loop and the
 * result ends with JUMP_TO_TOP; otherwise they end with their own EXIT_TRACE.
 */
export function optimizeTrace(recordedOps: readonly TraceOp[], loop: boolean): OptimizedTrace {
  const recordedGuards = recordedOps.filter(isGuard).length;
  const recorded = checkFloatLoads(recordedOps);
  const first = eliminateGuards(recorded, new Facts());
  let folded = peephole(first.ops);
  const classGuards = classGuardsOf(recorded);
  const ids = { value: 0 };
  if (!loop) {
    const virtuals = removeAllocations(first.ops, classGuards, ids);
    const ops = virtuals.ops;
    const fused = fuse(ops);
    const guards = ops.filter(isGuard).length;
    return {
      ops,
      stats: { recordedUops: recorded.length, recordedGuards, loopUops: ops.length, loopGuards: guards, removedGuards: recordedGuards - guards, folded, fused, peeled: false, allocationsRemoved: virtuals.removed },
    };
  }
  // Loop: find facts that hold at the head of every iteration after the first.
  let assumed = first.facts;
  let body = eliminateGuards(recorded, assumed);
  for (let i = 0; i < 8 && !implies(body.facts, assumed); i++) {
    assumed = intersect(assumed, body.facts);
    body = eliminateGuards(recorded, assumed);
  }
  if (!implies(body.facts, assumed)) body = eliminateGuards(recorded, new Facts());
  folded += peephole(body.ops);
  const firstVirtuals = removeAllocations(first.ops, classGuards, ids);
  first.ops = firstVirtuals.ops;
  const bodyVirtuals = removeAllocations(body.ops, classGuards, ids);
  body.ops = bodyVirtuals.ops;
  // Registers for loop-carried float locals: the body reads them from the
  // registers the end of the first iteration loads (so the loop is peeled).
  const enterRegisters = keepFloatLocalsInRegisters(first.ops, body.ops);
  const fused = fuse(first.ops) + fuse(body.ops);
  const bodyGuards = body.ops.filter(isGuard).length;
  const firstGuards = first.ops.filter(isGuard).length;
  const peeled = enterRegisters.length > 0 || bodyGuards < firstGuards || body.ops.length < first.ops.length;
  const prologue = [...first.ops, ...enterRegisters];
  const ops = peeled ? [...prologue, ...body.ops, { uop: 'JUMP_TO_TOP' }] : [...first.ops, { uop: 'JUMP_TO_TOP' }];
  const loopOps = peeled ? body.ops : first.ops;
  return {
    ops,
    loopStart: peeled ? prologue.length : undefined,
    stats: {
      recordedUops: recorded.length,
      recordedGuards,
      loopUops: loopOps.length + 1,
      loopGuards: loopOps.filter(isGuard).length,
      removedGuards: recordedGuards - loopOps.filter(isGuard).length,
      folded,
      fused,
      peeled,
      allocationsRemoved: peeled ? bodyVirtuals.removed : firstVirtuals.removed,
    },
  };
}

