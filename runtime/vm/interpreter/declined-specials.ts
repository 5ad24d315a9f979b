// Operator special methods that a trace inlined (tracing/record-calls.ts) and
// that tier-1 finishes: when a trace exits inside such a method, its frame is
// a plain frame of tier-1's loop, but Python's operator protocol is not over
// while the method may still return NotImplemented (then the other operand's
// reflected method runs, then the defaults: identity for ==, TypeError).
// Interpreter.adoptTraceFrames recognises these frames by their caller, which
// waits at a BINARY_OP or COMPARE_OP (tier-1 never pushes a frame there: it
// runs special methods in a nested loop), and records the step of the
// protocol the method stands for (Special.DECLINABLE); its return goes on
// with the protocol when the result is NotImplemented (finishDeclined).
import { LAYOUT as L } from '../../../build/layout.ts';
import { BinaryOp, CompareOp, isInplaceBinaryOp, Op, plainBinaryOp } from '../frontend/bytecode.ts';
import type { Program } from '../frontend/program.ts';
import type { Runtime } from './runtime.ts';

/** How far an operator's special-method protocol got before a method declined. */
export const enum DeclinedStep {
  NONE = 0,
  /** The left operand's __iop__. */
  INPLACE = 1,
  /** The left operand's __op__ (or rich comparison). */
  FORWARD = 2,
  /** The right operand's __rop__ (or reflected comparison). */
  REFLECTED = 3,
}

const CODE_INDEX_W = L.FRAME_CODE_INDEX / 8;
const PC_W = L.FRAME_PC / 8;
const DUNDER = ['add', 'sub', 'mul', 'truediv', 'floordiv', 'mod', 'pow', 'lshift', 'rshift', 'and', 'or', 'xor'];
const RICH = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];
const REFLECTED_COMPARE = [CompareOp.GT, CompareOp.GE, CompareOp.EQ, CompareOp.NE, CompareOp.LT, CompareOp.LE];
const binaryName = (op: number, prefix: '' | 'r' | 'i') => `__${prefix}${op === BinaryOp.MATMUL ? 'matmul' : DUNDER[op]}__`;

/** The operator instruction (opcode, oparg) frame callerFp waits at, or null. */
function operatorAt(rt: Runtime, program: Program, callerFp: number): { op: number; arg: number } | null {
  const heap = rt.heap;
  const code = program.codes[heap.readI64(callerFp + CODE_INDEX_W)].code;
  const pc = heap.readI64(callerFp + PC_W) - 1;
  if (pc < 0 || 2 * pc + 1 >= code.length) return null;
  const op = code[2 * pc];
  const arg = code[2 * pc + 1];
  if (op === Op.BINARY_OP && plainBinaryOp(arg) <= BinaryOp.MATMUL) return { op, arg };
  if (op === Op.COMPARE_OP && arg <= CompareOp.GE) return { op, arg };
  return null;
}

/**
 * The protocol step the method of frame fp (a frame a trace pushed; its
 * caller callerFp) stands for, or NONE when it is not an operator's special
 * method. [method self other] lie under the frame (cases/calls.c
 * INSERT_METHOD / INSERT_REFLECTED). A function that is both the forward and
 * the reflected method counts as forward: only a TypeError's operand order
 * could tell the two apart.
 */
export function declinableStep(rt: Runtime, program: Program, fp: number, callerFp: number): DeclinedStep {
  const at = operatorAt(rt, program, callerFp);
  if (at === null) return DeclinedStep.NONE;
  const heap = rt.heap;
  const code = program.codes[heap.readI64(fp + CODE_INDEX_W)];
  if (code.nparams !== 2) return DeclinedStep.NONE;
  const callable = fp - 3;
  const cls = rt.types.classOf(callable + 1);
  const u32 = heap.u32;
  const is = (name: string) => {
    const f = rt.types.lookup(cls, name);
    return f >= 0 && u32[2 * f] === u32[2 * callable] && u32[2 * f + 1] === u32[2 * callable + 1];
  };
  if (at.op === Op.BINARY_OP) {
    const op = plainBinaryOp(at.arg);
    if (isInplaceBinaryOp(at.arg) && is(binaryName(op, 'i'))) return DeclinedStep.INPLACE;
    if (is(binaryName(op, ''))) return DeclinedStep.FORWARD;
    return is(binaryName(op, 'r')) ? DeclinedStep.REFLECTED : DeclinedStep.NONE;
  }
  if (is(RICH[at.arg])) return DeclinedStep.FORWARD;
  return is(RICH[REFLECTED_COMPARE[at.arg]]) ? DeclinedStep.REFLECTED : DeclinedStep.NONE;
}

/**
 * The operator protocol after the method of frame fp (popped: the result
 * goes to dst, its callable slot) returned NotImplemented at step `done`;
 * callerFp waits at the operator. Python code it calls runs in nested loops
 * above dst; an error propagates (the caller raises it at the operator).
 */
export function finishDeclined(rt: Runtime, program: Program, callerFp: number, dst: number, done: DeclinedStep): void {
  const at = operatorAt(rt, program, callerFp)!;
  // [method self other]: self is the left operand unless the reflected method ran.
  const a = done === DeclinedStep.REFLECTED ? dst + 2 : dst + 1;
  const b = done === DeclinedStep.REFLECTED ? dst + 1 : dst + 2;
  rt.interp.sp = dst + 3;
  if (at.op === Op.BINARY_OP) {
    rt.ops.resumeBinary(at.arg, a, b, done);
    rt.objs.copy(dst, a);
  } else {
    rt.ops.resumeCompare(at.arg, a, b, dst, done);
  }
}
