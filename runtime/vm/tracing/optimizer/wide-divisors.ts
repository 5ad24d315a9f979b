// Wide-int `//` and `%` that remember their divisor's reciprocal: every
// FLOORDIV/MOD_WIDE uop (and its _T form) becomes its _INV form
// (cases/wide_divisors.c), with a pinned cell of its own as OPERAND1 where it
// keeps the last positive divisor and floor((2^64 - 1) / divisor). An int64
// dividend is then divided by a multiply, a multiply-back and at most two
// corrections instead of a hardware division, whose latency was most of an
// iteration of `total = (total + i * i) % m` and of a modular exponentiation
// loop. A divisor that changes costs the one division that refills the cell,
// what the uop did before. Runs after wide-temporaries.ts and wide-locals.ts
// (the _T forms they chose keep their box in OPERAND0).
import type { TraceOp } from '../trace-ir.ts';

const REMEMBERING_FORM: Readonly<Record<string, string>> = {
  FLOORDIV_WIDE: 'FLOORDIV_WIDE_INV', MOD_WIDE: 'MOD_WIDE_INV',
  FLOORDIV_WIDE_T: 'FLOORDIV_WIDE_T_INV', MOD_WIDE_T: 'MOD_WIDE_T_INV',
};

/**
 * Rewrites each wide floor division and modulo to its remembering form, each
 * with a cell from `newCell` (the address of 16 pinned, zeroed bytes); returns how many.
 */
export function rememberWideDivisors(ops: TraceOp[], newCell: () => number): number {
  let n = 0;
  for (let i = 0; i < ops.length; i++) {
    const form = REMEMBERING_FORM[ops[i].uop];
    if (form === undefined) continue;
    ops[i] = { ...ops[i], uop: form, operand1: newCell() };
    n++;
  }
  return n;
}
