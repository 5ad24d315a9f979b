// Float locals kept in registers across a loop's iterations (cases/uops.c:
// ENTER_FR*, LOAD_FR*, STORE_FR*). A loop-carried float (`x = x * a + b`) would
// otherwise make a round trip through the frame every iteration: a store, then
// a load that waits for it. Here its loads read the register instead, and its
// stores write both the register and the frame (write-through), so the frame
// is always current: exits, side traces and every other uop that reads the
// frame need nothing. The peeled first iteration ends by loading the
// registers from the frame, and every entry into the trace passes through it.
import { localWritten, typeOfConstantWord, VType, type TraceOp } from '../trace-ir.ts';
import { OUTPUT_TYPES } from './uop-lookups.ts';
import { changesGeneratorFrame, popsGeneratorFrame, pushesGeneratorFrame } from './generator-frames.ts';

/**
 * The float-local registers (fr0 and fr1 of cases/template.h): the uops that
 * load, read and store each, and its operand codes in the cases' forms
 * (R<n>: the register; R<n>X: the register, LOAD_FR<n>'s copy still on the stack).
 */
export interface FloatRegister {
  enter: string;
  load: string;
  store: string;
  operand: string;
  stackCopy: string;
}
export const FLOAT_REGISTERS: readonly FloatRegister[] = [
  { enter: 'ENTER_FR0', load: 'LOAD_FR0', store: 'STORE_FR0', operand: 'R0', stackCopy: 'R0X' },
  { enter: 'ENTER_FR1', load: 'LOAD_FR1', store: 'STORE_FR1', operand: 'R1', stackCopy: 'R1X' },
];
/** The register a LOAD_FR<n> reads. */
export const REGISTER_OF_LOAD: ReadonlyMap<string, FloatRegister> = new Map(FLOAT_REGISTERS.map((r) => [r.load, r]));

/** Whether a uop leaves a float on the top of the stack (its last output's declared type). */
function floatResult(uop: string): boolean {
  const types = OUTPUT_TYPES.get(uop);
  return types !== undefined && types.length > 0 && types[types.length - 1] === VType.FLOAT;
}

/** Uops that call another trace: a callee may use the registers for its own loop. */
const CALLS_TRACE = new Set(['CALL_TOP', 'CALL_TRACE', 'RETURN_TRACE', 'RETURN_IF_CALLED']);


interface LocalUse {
  reads: number;
  /** Stores in the loop's own frame (not in frames inlined into it). */
  writes: number;
  /** Every store is a STORE_LOCAL of a value known to be a float. */
  allFloat: boolean;
  /** The last store stored a float. */
  lastFloat: boolean;
}

/**
 * Reads and stores of each local of the loop's frame in ops. A store is of a
 * float when the uop just before it left a float on top (a float operation, a
 * float constant, or a local this iteration already stored a float into).
 */
function localUses(ops: readonly TraceOp[]): Map<number, LocalUse> | null {
  const uses = new Map<number, LocalUse>();
  const use = (k: number) => {
    let u = uses.get(k);
    if (!u) uses.set(k, (u = { reads: 0, writes: 0, allFloat: true, lastFloat: false }));
    return u;
  };
  const floatNow = new Set<number>();
  let depth = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    // (A generator's frame is saved from memory at a yield: its floats cannot live in registers.)
    if (CALLS_TRACE.has(op.uop) || changesGeneratorFrame(op.uop) || op.target !== undefined) return null;
    if (op.uop === 'PUSH_FRAME' || pushesGeneratorFrame(op.uop)) depth++;
    else if (op.uop === 'POP_FRAME' || popsGeneratorFrame(op.uop)) depth--;
    if (depth !== 0 || op.uop === 'POP_FRAME' || popsGeneratorFrame(op.uop)) continue;
    if (op.uop === 'LOAD_LOCAL') use(op.oparg!).reads++;
    const k = localWritten(op);
    if (k < 0) continue;
    const prev = ops[i - 1];
    const isFloat =
      op.uop === 'STORE_LOCAL' &&
      prev !== undefined &&
      (floatResult(prev.uop) ||
        (prev.uop === 'LOAD_CONST' && prev.word !== undefined && typeOfConstantWord(prev.word) === VType.FLOAT) ||
        (prev.uop === 'LOAD_LOCAL' && floatNow.has(prev.oparg!)));
    const u = use(k);
    u.writes++;
    u.allFloat &&= isFloat;
    u.lastFloat = isFloat;
    if (isFloat) floatNow.add(k);
    else floatNow.delete(k);
  }
  return uses;
}

/**
 * Picks up to FLOAT_REGISTERS float locals of the loop body to keep in
 * registers (the most used ones that the body stores only floats into and
 * the peeled first iteration leaves holding a float), rewrites their loads
 * and stores in the body, and returns the uops that load the registers at
 * the end of the first iteration (none: nothing to do). The body's LOAD_FR*
 * and STORE_FR* then take part in the float-register fusions.
 */
export function keepFloatLocalsInRegisters(firstIteration: readonly TraceOp[], body: TraceOp[]): TraceOp[] {
  const inBody = localUses(body);
  const inFirst = localUses(firstIteration);
  if (!inBody || !inFirst) return [];
  const chosen = [...inBody.entries()]
    .filter(([k, u]) => u.writes > 0 && u.reads > 0 && u.allFloat && inFirst.get(k)?.lastFloat === true)
    .sort((a, b) => b[1].reads + b[1].writes - (a[1].reads + a[1].writes) || a[0] - b[0])
    .slice(0, FLOAT_REGISTERS.length)
    .map(([k]) => k);
  if (chosen.length === 0) return [];
  const registerOf = new Map(chosen.map((k, n) => [k, n]));
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const op = body[i];
    if (op.uop === 'PUSH_FRAME' || pushesGeneratorFrame(op.uop)) depth++;
    else if (op.uop === 'POP_FRAME' || popsGeneratorFrame(op.uop)) depth--;
    if (depth !== 0 || op.uop === 'POP_FRAME' || popsGeneratorFrame(op.uop)) continue;
    const n = registerOf.get(op.oparg!);
    if (n === undefined) continue;
    if (op.uop === 'LOAD_LOCAL') body[i] = { ...op, uop: FLOAT_REGISTERS[n].load };
    else if (op.uop === 'STORE_LOCAL') body[i] = { ...op, uop: FLOAT_REGISTERS[n].store };
  }
  return chosen.map((k, n) => ({ uop: FLOAT_REGISTERS[n].enter, oparg: k }));
}
