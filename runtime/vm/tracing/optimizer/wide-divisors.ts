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

/** The fused uop of an int128 operation followed by a remembering modulo (cases/wide_fused.c). */
const FUSED_MODULO: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  MUL_WIDE: { MOD_WIDE_INV: 'MUL_MOD_WIDE_INV_L', MOD_WIDE_T_INV: 'MUL_MOD_WIDE_T_INV_L' },
  MUL_WIDE_T: { MOD_WIDE_INV: 'MUL_MOD_WIDE_INV_L', MOD_WIDE_T_INV: 'MUL_MOD_WIDE_T_INV_L' },
  ADD_WIDE: { MOD_WIDE_INV: 'ADD_MOD_WIDE_INV_L', MOD_WIDE_T_INV: 'ADD_MOD_WIDE_T_INV_L' },
  ADD_WIDE_T: { MOD_WIDE_INV: 'ADD_MOD_WIDE_INV_L', MOD_WIDE_T_INV: 'ADD_MOD_WIDE_T_INV_L' },
};

/**
 * After rememberWideDivisors: `MUL/ADD_WIDE(_T); LOAD_LOCAL m; MOD_WIDE(_T)_INV`
 * becomes one uop that keeps the product or sum in registers. It takes the
 * first uop's place and exit (resume at the multiply or add, its operands on
 * the stack), the modulo's result box (OPERAND0, for a _T modulo) and cell
 * (OPERAND1); the first uop's box, if any, is no longer used. Not across the
 * loop's head or a jump target. Returns the loop start, moved by the fusions before it.
 */
export function fuseWideModulo(ops: TraceOp[], loopStart: number | undefined): { fused: number; loopStart: number | undefined } {
  const targets = new Set<number>();
  for (const op of ops) if (op.target !== undefined) targets.add(op.target);
  if (loopStart !== undefined) targets.add(loopStart);
  let fused = 0;
  for (let i = 0; i + 2 < ops.length; i++) {
    const [op, load, mod] = [ops[i], ops[i + 1], ops[i + 2]];
    const uop = FUSED_MODULO[op.uop]?.[mod.uop];
    if (uop === undefined || load.uop !== 'LOAD_LOCAL' || load.oparg! >= 1 << 24 || targets.has(i + 1) || targets.has(i + 2)) continue;
    ops.splice(i, 3, { ...op, uop, oparg: load.oparg, operand0: mod.uop === 'MOD_WIDE_T_INV' ? mod.operand0 : undefined, operand1: mod.operand1 });
    ops.forEach((o, k) => { if (o.target !== undefined && o.target > i) ops[k] = { ...o, target: o.target - 2 }; });
    const moved = new Set<number>();
    for (const t of targets) moved.add(t > i ? t - 2 : t);
    targets.clear();
    for (const t of moved) targets.add(t);
    if (loopStart !== undefined && loopStart > i) loopStart -= 2;
    fused++;
  }
  return { fused, loopStart };
}
