// Recording `for x in gen` with the generator's frame resumed natively, as
// CPython 3.12's FOR_ITER_GEN and PyPy do: FOR_ITER over a generator whose
// code and resume point the trace guards pushes its frame (PUSH_GEN_FRAME,
// cases/uops_generators.c) and the recording goes on *in* the generator, like
// an inlined call, through its body to YIELD_VALUE, which saves the frame back
// into the generator (POP_GEN_FRAME) and continues in the consumer with the
// yielded value. The generator's state lives in the generator object, so the
// frame is always a real frame with real stores: an exit anywhere in it
// leaves tier-1 the frames it would have made itself (it keeps its GEN_FOR
// record for them: Interpreter.adoptTraceFrames).
//
// Three shapes:
//  - FOR_ITER over a suspended (or new) generator: PUSH_GEN_FRAME, which exits
//    (nothing changed) for another generator or resume point, so a side trace
//    grows for a generator with several yields; over a finished one:
//    GEN_EXHAUSTED_POP, the loop ends;
//  - YIELD_VALUE / RETURN_VALUE in a frame this trace pushed: POP_GEN_FRAME /
//    RETURN_GEN_FRAME (the loop ends as tier-1 ends it on StopIteration);
//  - YIELD_VALUE in the trace's base frame (a trace of a loop inside the
//    generator): GUARD_GEN_FOR_CALLER proves at run time that a FOR_ITER of the
//    recorded consumer resumed it, then POP_GEN_FRAME, and the trace goes on
//    in the consumer (typically to a loop trace there, linked natively).
import { LAYOUT as L } from '../../../build/layout.ts';
import { Op } from '../frontend/bytecode.ts';
import { CodeFlags, type Program } from '../frontend/program.ts';
import type { Heap } from '../heap/heap.ts';
import { GENERATOR_CODE_W, GENERATOR_NVALUES_W, GENERATOR_PC_W, GENERATOR_STATE_W } from '../heap/objects.ts';
import { defaultWords } from './record-calls.ts';
import type { ExitReason, TraceOp } from './trace-ir.ts';

const FRAME_LOCALS_W = L.FRAME_LOCALS / 8;
const FRAME_PREVIOUS_W = L.FRAME_PREVIOUS / 8;
const FRAME_CODE_INDEX_W = L.FRAME_CODE_INDEX / 8;
const FRAME_PC_W = L.FRAME_PC / 8;

/** The generator object in word w, or -1. */
export function generatorAt(heap: Heap, w: number): number {
  if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return -1;
  const o = heap.objectAt(w);
  return heap.u32[2 * o] === L.OBJ_GENERATOR ? o : -1;
}

/** The recorder as this module sees it (trace-recorder.ts makes one). */
export interface GeneratorRecorder {
  heap: Heap;
  program: Program;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
  emit(op: TraceOp): void;
}

/** What FOR_ITER over a generator recorded: the loop ended, or a frame to follow (its address), or why not. */
export type GeneratorForIter = { ended: true } | { ended: false; frameAddr: number; codeIndex: number } | string;

/**
 * FOR_ITER at pc over the generator on top (sp: the word above it, where
 * tier-1 pushes its frame).
 */
export function recordGeneratorForIter(r: GeneratorRecorder, sp: number, pc: number): GeneratorForIter {
  const { heap, program } = r;
  const g = generatorAt(heap, sp - 1);
  if (g < 0) return 'iteration over a non-generator';
  const state = heap.readI64(g + GENERATOR_STATE_W);
  if (state === L.GEN_FINISHED) {
    r.guard('GEN_EXHAUSTED_POP', 'iterator');
    return { ended: true };
  }
  if (state !== L.GEN_SUSPENDED && state !== L.GEN_CREATED) return 'a running generator';
  const codeIndex = heap.readI64(g + GENERATOR_CODE_W);
  const code = program.codes[codeIndex];
  if (code.nlocals >= 1 << 20 || code.maxStack >= 1 << 20) return 'generator frame too large';
  const genPc = heap.readI64(g + GENERATOR_PC_W);
  const nvalues = heap.readI64(g + GENERATOR_NVALUES_W);
  const packed = (BigInt(codeIndex) << 40n) | (BigInt(code.maxStack) << 20n) | BigInt(code.nlocals);
  // A generator of another code or at another yield exits before anything changed: tier-1 redoes FOR_ITER.
  r.guard('PUSH_GEN_FRAME', 'type', { oparg: nvalues, operand0: packed, operand1: (BigInt(genPc) << 32n) | BigInt(pc + 1) });
  return { ended: false, frameAddr: heap.addressOf(sp), codeIndex };
}

/**
 * The defaults a positional call of generator function fn (code codeIndex)
 * with nargs arguments leaves to it (as defaultWords for a plain function),
 * or null when the call needs more binding or the code has cells: such a call
 * is inlined up to its RETURN_GENERATOR (recordMakeGenerator).
 */
export function generatorCallDefaults(heap: Heap, program: Program, fn: number, codeIndex: number, nargs: number): bigint[] | null {
  const code = program.codes[codeIndex];
  const plain = (code.flags & CodeFlags.GENERATOR) !== 0 && code.nparams === code.argcount && code.cellLocals.length === 0 && code.nfree === 0;
  return plain ? defaultWords(heap, program, fn, codeIndex, nargs, true) : null;
}

/**
 * RETURN_GENERATOR at pc in an inlined generator function's frame fp (stack
 * top sp): the generator made natively (MAKE_GENERATOR), which replaces the
 * callable below the frame's nparams parameters; false when the frame is too large.
 */
export function recordMakeGenerator(r: GeneratorRecorder, fp: number, sp: number, pc: number, codeIndex: number): boolean {
  const code = r.program.codes[codeIndex];
  const nvalues = sp - (fp + FRAME_LOCALS_W);
  const words = code.nlocals + code.maxStack + 1;
  if (words >= 1 << 20 || nvalues < 0 || nvalues >= 1 << 20) return false;
  r.guard('MAKE_GENERATOR', 'alloc', { oparg: code.nparams, operand0: (BigInt(codeIndex) << 40n) | (BigInt(words) << 20n) | BigInt(nvalues), operand1: BigInt(pc + 1) });
  return true;
}

/** YIELD_VALUE in a generator frame this trace resumed (frame fp, stack top sp with the value on it). */
export function recordInlinedYield(r: GeneratorRecorder, fp: number, sp: number, pc: number): void {
  r.emit({ uop: 'POP_GEN_FRAME', oparg: sp - 1 - (fp + FRAME_LOCALS_W), operand0: BigInt(pc + 1) });
}

/** RETURN_VALUE in a generator frame this trace resumed: the consumer's loop ends. */
export function recordInlinedGeneratorReturn(r: GeneratorRecorder): void {
  r.emit({ uop: 'RETURN_GEN_FRAME' });
}

/**
 * YIELD_VALUE in the trace's base frame fp (code codeIndex): recorded when a
 * FOR_ITER resumed it (its caller waits right after one, the generator below
 * the frame is running in it). Returns the caller (address and code) the trace
 * goes on in, or why not.
 */
export function recordBaseYield(r: GeneratorRecorder, fp: number, sp: number, pc: number, codeIndex: number): { callerAddr: number; callerCode: number } | string {
  return leaveBaseGenerator(r, fp, codeIndex, () => recordInlinedYield(r, fp, sp, pc));
}

/** RETURN_VALUE in the trace's base frame, a generator's a FOR_ITER resumed (as recordBaseYield): the consumer's loop ends. */
export function recordBaseGeneratorReturn(r: GeneratorRecorder, fp: number, codeIndex: number): { callerAddr: number; callerCode: number } | string {
  return leaveBaseGenerator(r, fp, codeIndex, () => recordInlinedGeneratorReturn(r));
}

function leaveBaseGenerator(r: GeneratorRecorder, fp: number, codeIndex: number, leave: () => void): { callerAddr: number; callerCode: number } | string {
  const { heap, program } = r;
  if (!(program.codes[codeIndex].flags & CodeFlags.GENERATOR)) return 'yield outside a generator';
  const callerAddr = heap.readI64(fp + FRAME_PREVIOUS_W);
  if (callerAddr === 0) return 'yield from a generator without a caller';
  const callerW = heap.wordOf(callerAddr);
  const callerCode = heap.readI64(callerW + FRAME_CODE_INDEX_W);
  const callerPc = heap.readI64(callerW + FRAME_PC_W);
  const bc = program.codes[callerCode].code;
  if (callerPc < 1 || bc[2 * (callerPc - 1)] !== Op.FOR_ITER) return 'yield to a generator\'s resumer other than a for loop';
  const g = generatorAt(heap, fp - 1);
  if (g < 0 || heap.readI64(g + GENERATOR_CODE_W) !== codeIndex || heap.readI64(g + GENERATOR_STATE_W) !== L.GEN_RUNNING) {
    return 'yield to a generator\'s resumer other than a for loop';
  }
  r.guard('GUARD_GEN_FOR_CALLER', 'type', { oparg: callerPc, operand0: BigInt(callerCode) });
  leave();
  return { callerAddr, callerCode };
}
