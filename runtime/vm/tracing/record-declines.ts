// The return of an operator's special method that a trace inlined
// (record-calls.ts: a + b, a < b, ...). Python goes on with the operator's
// protocol when such a method returns NotImplemented (the other operand's
// reflected method, identity for ==, TypeError), which an inlined call cannot
// do: the return is guarded not to be NotImplemented, and the guard's exit
// leaves the frame to tier-1, which finishes the protocol
// (interpreter/declined-specials.ts). The method itself need not name
// NotImplemented (it may return a helper's result), so every such return is
// guarded.
import { LAYOUT as L } from '../../../build/layout.ts';
import { BinaryOp, CompareOp, Op, plainBinaryOp } from '../frontend/bytecode.ts';
import type { Program } from '../frontend/program.ts';
import type { Heap } from '../heap/heap.ts';
import type { ExitReason, TraceOp } from './trace-ir.ts';

/** Whether the instruction at pc of code codeIndex is an operator that special methods serve. */
export function isOperatorCall(program: Program, codeIndex: number, pc: number): boolean {
  const code = program.codes[codeIndex].code;
  if (pc < 0 || 2 * pc + 1 >= code.length) return false;
  const op = code[2 * pc];
  const arg = code[2 * pc + 1];
  return (op === Op.BINARY_OP && plainBinaryOp(arg) <= BinaryOp.MATMUL) || (op === Op.COMPARE_OP && arg <= CompareOp.GE);
}

/** Whether the frame at word fp returns into an operator (its caller's saved pc is just after one). */
export function frameReturnsToOperator(heap: Heap, program: Program, fp: number): boolean {
  const prev = heap.readI64(fp + L.FRAME_PREVIOUS / 8);
  if (prev === 0) return false;
  const caller = heap.wordOf(prev);
  return isOperatorCall(program, heap.readI64(caller + L.FRAME_CODE_INDEX / 8), heap.readI64(caller + L.FRAME_PC / 8) - 1);
}

/** What guardNotDeclined needs of the recorder. */
export interface DeclineSite {
  heap: Heap;
  /** The NotImplemented singleton's word, or null when the recorder has no call model (nothing is inlined then). */
  notImplemented: bigint | null;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
}

/**
 * RETURN_VALUE (result in word sp - 1) of a special method returning into an
 * operator: the guard that it is not NotImplemented; null, or why the return
 * cannot be recorded (it returned NotImplemented now: tier-1 runs it).
 */
export function guardNotDeclined(site: DeclineSite, sp: number): string | null {
  const ni = site.notImplemented;
  if (ni === null) return null;
  const u32 = site.heap.u32;
  if (((BigInt(u32[2 * (sp - 1) + 1]) << 32n) | BigInt(u32[2 * (sp - 1)])) === ni) return 'special method returning NotImplemented';
  site.guard('GUARD_STACK_IS_NOT', 'type', { oparg: 1, operand0: ni });
  return null;
}
