// Int128 temporaries that need no allocation: an int128 uop (cases/wide_ints.c)
// whose result is consumed by the next int operation, with only local and
// constant loads between (`(total + i * i) % m`: the product and the sum;
// `(h * P) & MASK`: the product), becomes its _T form (cases/wide_temporaries.c),
// which boxes into a box of its own (OPERAND0: an inline big int the runtime
// allocated and pinned) instead of the lent buffer. The loop then allocates
// nothing for the value and the collector never sweeps it (int-modloop
// allocated two 32-byte ints per iteration, and collecting them was half its time).
//
// Why reusing one box is safe: the consumer reads the value before the uop can
// run again, and nothing between the two can run other code: the uops between
// are loads of locals and constants and their tag guards. If a guard or the
// consumer exits, tier-1 runs those loads and the consuming operation at once
// (no call, no trace entry in between), and every int operation makes a new
// object for its result: the box is never stored anywhere.
import type { TraceOp } from '../trace-ir.ts';

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

/** Uops allowed between producer and consumer, with how many values each pushes. */
const LOADS: Readonly<Record<string, number>> = { LOAD_LOCAL: 1, LOAD_CONST: 1, GUARD_LOCAL_TAG: 0 };

/**
 * Rewrites producers whose value is consumed in place to their _T form, each
 * with a fresh pinned box from `newBox` (its address); returns how many.
 */
export function useWideTemporaries(ops: TraceOp[], newBox: () => number): number {
  let n = 0;
  for (let i = 0; i < ops.length; i++) {
    const form = TEMPORARY_FORM[ops[i].uop];
    if (form === undefined) continue;
    let pushed = 0;
    let j = i + 1;
    while (j < ops.length && LOADS[ops[j].uop] !== undefined) pushed += LOADS[ops[j++].uop];
    if (j >= ops.length) continue;
    const next = ops[j].uop;
    const consumed = (BINARY_CONSUMERS.has(next) && pushed <= 1) || (UNARY_CONSUMERS.has(next) && pushed === 0);
    if (!consumed) continue;
    ops[i] = { ...ops[i], uop: form, operand0: newBox() };
    n++;
  }
  return n;
}
