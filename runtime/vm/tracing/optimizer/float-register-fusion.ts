// Float results handed from uop to uop in registers instead of through the
// value stack: ftos between two adjacent float operations, and fr0/fr1 (the
// float locals a loop keeps in registers) as operands. Each rewrite is a
// lookup in the variant table (uop-lookups.ts): a producer's form with its
// result to ftos, a consumer's form with its operand from ftos or a register.
import { CALL_UOPS } from './call-facts.ts';
import type { TraceOp } from '../trace-ir.ts';
import { REGISTER_OF_LOAD } from './float-locals.ts';
import { formOf, UOP_INFO, variantOf, withSink } from './uop-lookups.ts';
import { changesGeneratorFrame } from './generator-frames.ts';

/** A float operation leaving its result on the top of the stack that has a form leaving it in ftos instead: that form. */
function toFtos(uop: string): string | undefined {
  return formOf(uop)?.sink === 'S' ? withSink(uop, 'F') : undefined;
}

/**
 * The form of uop `uop` that takes its top stack operand from ftos (cases/uops.c
 * FL, FK, XF, STORE_FR*_F), result where it went.
 */
function fromFtos(uop: string): string | undefined {
  const f = formOf(uop);
  const top = f ? f.sources.lastIndexOf('X') : -1;
  if (!f || top < 0) return undefined;
  return variantOf(f.base, f.sources.map((c, i) => (i === top ? 'F' : c)), f.sink);
}

/**
 * The slot `depth` from the top (1 = top) just before ops[end]: the index of
 * the op that pushed it, walking back over complete stack effects; -1 when it
 * is not found within the ops (or a frame change or jump is in the way).
 */
function producerOf(ops: readonly TraceOp[], end: number, depth: number): number {
  let need = depth;
  for (let k = end - 1; k >= 0; k--) {
    const op = ops[k];
    const effect = UOP_INFO.get(op.uop)?.stack;
    if (!effect || op.target !== undefined || op.uop === 'PUSH_FRAME' || op.uop === 'POP_FRAME' || changesGeneratorFrame(op.uop) || op.uop === 'INSERT_METHOD' || op.uop === 'COPY_AT' || CALL_UOPS.has(op.uop)) return -1;
    const outs = effect.outputs.length;
    if (need <= outs) return need === 1 && outs === 1 ? k : -1;
    need += effect.inputs.length - outs;
  }
  return -1;
}

/**
 * Float operations with an operand in a float-local register (cases/uops.c
 * FR<n>, R<n>F), before the ftos pass: `left; LOAD_FR<n>; op` takes the left
 * operand from ftos and the right from fr<n>; `LOAD_FR<n> ... right; op` takes
 * the left from fr<n> when nothing stored into that local in between (the copy
 * LOAD_FR<n> pushed stays for the exits in between, and is popped unread) and
 * the right from ftos. Either way the loop-carried value never goes through
 * the general register that holds the top.
 */
export function fuseRegisterOperands(ops: TraceOp[]): number {
  let fused = 0;
  for (let j = 2; j < ops.length; j++) {
    const op = ops[j];
    const right = REGISTER_OF_LOAD.get(ops[j - 1].uop);
    const withRight = right && variantOf(op.uop, ['F', right.operand]);
    const leftToFtos = toFtos(ops[j - 2].uop);
    if (withRight !== undefined && leftToFtos !== undefined) {
      ops[j - 2] = { ...ops[j - 2], uop: leftToFtos };
      ops.splice(j - 1, 2, { ...op, uop: withRight });
      fused++;
      j--;
      continue;
    }
    const rightToFtos = toFtos(ops[j - 1].uop);
    if (rightToFtos === undefined) continue;
    const from = producerOf(ops, j, 2);
    const left = from >= 0 ? REGISTER_OF_LOAD.get(ops[from].uop) : undefined;
    const withLeft = left && variantOf(op.uop, [left.stackCopy, 'F']);
    if (withLeft === undefined || ops.slice(from + 1, j).some((o) => formOf(o.uop)?.base === left!.store)) continue;
    ops[j - 1] = { ...ops[j - 1], uop: rightToFtos };
    ops[j] = { ...op, uop: withLeft };
    fused++;
  }
  return fused;
}

/**
 * A float result that the very next uop reads as its top operand goes from
 * one to the other in a float register (ftos, cases/template.h): the producer
 * takes its _F form, the reader its FL/FK/XF form. No boxing through the
 * general register that holds the top, and no push and pop when the result
 * would have gone over another stack value. ftos is live only between the
 * two, so nothing may jump between them (hand-built traces with jump targets
 * are left alone) and the reader's exit (a zero divisor) pushes ftos first.
 */
export function fuseFloatRegister(ops: TraceOp[]): number {
  if (ops.some((op) => op.target !== undefined)) return 0;
  let fused = 0;
  for (let i = 0; i + 1 < ops.length; i++) {
    const consumer = fromFtos(ops[i + 1].uop);
    const producer = consumer !== undefined ? toFtos(ops[i].uop) : undefined;
    if (consumer === undefined || producer === undefined) continue;
    ops[i] = { ...ops[i], uop: producer };
    ops[i + 1] = { ...ops[i + 1], uop: consumer };
    fused++;
  }
  return fused;
}

