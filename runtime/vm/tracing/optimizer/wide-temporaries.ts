// Int128 temporaries that need no allocation: an int128 uop (cases/wide_ints.c)
// whose result is consumed by a later int operation, with only loads and int
// operations on the values above it between (`(total + i * i) % m`: the
// product and the sum; `(h * P) & MASK`: the product; `acc * 31 + x * (i + 1)`:
// the first product), becomes its _T form (cases/wide_temporaries.c),
// which boxes into a box of its own (OPERAND0: an inline big int the runtime
// allocated and pinned) instead of the lent buffer. The loop then allocates
// nothing for the value and the collector never sweeps it (int-modloop
// allocated two 32-byte ints per iteration, and collecting them was half its time).
//
// Why reusing one box is safe: the consumer reads the value before the uop can
// run again, and nothing between the two can run other code: the uops between
// are loads of locals and constants, their tag guards and int operations. If
// one of them or the consumer exits, tier-1 runs the rest of the expression
// and the consuming operation at once (no call, no trace entry in between), and every int operation makes a new
// object for its result: the box is never stored anywhere.
import type { TraceOp } from '../trace-ir.ts';
import { UOP_INFO } from './uop-lookups.ts';

/** Each int128 uop and its _T form. */
const TEMPORARY_FORM: Readonly<Record<string, string>> = {
  ADD_WIDE: 'ADD_WIDE_T', SUB_WIDE: 'SUB_WIDE_T', MUL_WIDE: 'MUL_WIDE_T', FLOORDIV_WIDE: 'FLOORDIV_WIDE_T', MOD_WIDE: 'MOD_WIDE_T',
  AND_WIDE: 'AND_WIDE_T', OR_WIDE: 'OR_WIDE_T', XOR_WIDE: 'XOR_WIDE_T', RSHIFT_WIDE: 'RSHIFT_WIDE_T',
};

/** Uops that pop two int operands, read them and push a new value (never one of the operands). */
const BINARY_CONSUMERS: ReadonlySet<string> = new Set([
  ...Object.keys(TEMPORARY_FORM), 'LSHIFT_WIDE', ...Object.values(TEMPORARY_FORM),
  'LT_WIDE', 'LE_WIDE', 'GT_WIDE', 'GE_WIDE', 'EQ_WIDE', 'NE_WIDE',
  'ADD_BIG', 'SUB_BIG', 'MUL_BIG', 'FLOORDIV_BIG', 'MOD_BIG', 'AND_BIG', 'OR_BIG', 'XOR_BIG', 'LSHIFT_BIG', 'RSHIFT_BIG',
  'LT_BIG', 'LE_BIG', 'GT_BIG', 'GE_BIG', 'EQ_BIG', 'NE_BIG',
]);
const UNARY_CONSUMERS: ReadonlySet<string> = new Set(['TO_BOOL_WIDE', 'TO_BOOL_BIG']);

/**
 * Uops allowed between producer and consumer: they read locals, globals, constants and
 * the int operands above the value, and call nothing (no other code can run,
 * so no other run of the producer can reuse its box before the consumer reads
 * it; an exit among them resumes tier-1 on the same expression, which
 * consumes the value before anything else).
 */
const BETWEEN: ReadonlySet<string> = new Set([
  'LOAD_LOCAL', 'LOAD_CONST', 'LOAD_GLOBAL', 'GUARD_LOCAL_TAG', 'GUARD_LOCAL_OBJ', 'GUARD_GLOBAL_TAG', 'GUARD_GLOBAL_OBJ',
  'GUARD_INT', 'GUARD_INT_SECOND', 'GUARD_BOTH_INT',
  'ADD_INT', 'ADD_INT_LL', 'ADD_INT_CONST', 'SUB_INT', 'SUB_INT_LL', 'MUL_INT', 'MUL_INT_LL', 'NEG_INT',
  'FLOORDIV_INT', 'MOD_INT',
  ...Object.keys(TEMPORARY_FORM), 'LSHIFT_WIDE', ...Object.values(TEMPORARY_FORM),
]);

/**
 * Whether the value op i pushes is read in place by a later int operation
 * (BINARY_CONSUMERS, UNARY_CONSUMERS), with only BETWEEN uops before it.
 */
export function consumedByIntOp(ops: readonly TraceOp[], i: number): boolean {
  let depth = 1; // the value's slot, from the top
  let j = i + 1;
  for (; j < ops.length; j++) {
    const info = UOP_INFO.get(ops[j].uop);
    if (!info || ops[j].target !== undefined || info.movesStackPointer || info.stack.inputs.length >= depth) break;
    if (!BETWEEN.has(ops[j].uop)) return false;
    depth += info.stack.outputs.length - info.stack.inputs.length;
  }
  if (j >= ops.length) return false;
  const next = ops[j].uop;
  const info = UOP_INFO.get(next);
  return info !== undefined && !info.movesStackPointer && ((BINARY_CONSUMERS.has(next) && depth <= 2) || (UNARY_CONSUMERS.has(next) && depth === 1));
}

/** Each int128 uop and its _T form. */
export function temporaryFormOf(uop: string): string | undefined {
  return TEMPORARY_FORM[uop];
}

/**
 * Rewrites producers whose value is consumed in place to their _T form, each
 * with a fresh pinned box from `newBox` (its address); returns how many.
 */
export function useWideTemporaries(ops: TraceOp[], newBox: () => number): number {
  let n = 0;
  for (let i = 0; i < ops.length; i++) {
    const form = TEMPORARY_FORM[ops[i].uop];
    if (form === undefined || !consumedByIntOp(ops, i)) continue;
    ops[i] = { ...ops[i], uop: form, operand0: newBox() };
    n++;
  }
  return n;
}
