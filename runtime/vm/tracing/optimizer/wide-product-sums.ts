// A sum of products modulo m (`t = (t + x * y) % m`: sums of squares, dot
// products and matrix products mod p): after wide-divisors.ts fused the add
// with its modulo, the multiply right before it, whose product is the add's
// right operand, joins them as one uop (cases/wide_fused.c MUL_ADD_MOD_*), so
// the product is never boxed by one uop and decoded by the next. The fused uop
// takes the multiply's place and exit (resume at the multiply, its three
// operands on the stack: nothing is consumed before an exit) and the
// add-modulo's divisor operand, result box and cell.
import type { TraceOp } from '../trace-ir.ts';

const MULTIPLIES = new Set(['MUL_WIDE', 'MUL_WIDE_T']);

/** The add-modulo uops of wide-divisors.ts and their form with the multiply (the suffix _L, _G or _K stays). */
function withMultiply(uop: string): string | undefined {
  const m = /^ADD_MOD_WIDE(_T)?_INV_([LGK])$/.exec(uop);
  return m ? `MUL_ADD_MOD_WIDE${m[1] ?? ''}_INV_${m[2]}` : undefined;
}

/** Whether `guard` checks a slot (a local's or a global's) rather than the stack. */
function slotGuard(op: TraceOp): boolean {
  return op.uop === 'GUARD_LOCAL_TAG' || op.uop === 'GUARD_LOCAL_OBJ' || op.uop === 'GUARD_GLOBAL_TAG' || op.uop === 'GUARD_GLOBAL_OBJ';
}

/**
 * Fuses `MUL_WIDE(_T); [a guard on the modulus's slot]; ADD_MOD_WIDE(_T)_INV_x`,
 * not across the loop's head or a jump target; a guard between runs first,
 * exiting where the multiply does. Returns how many, and the loop start moved
 * by the fusions before it.
 */
export function fuseProductSums(ops: TraceOp[], loopStart: number | undefined): { fused: number; loopStart: number | undefined } {
  const targets = new Set<number>();
  for (const op of ops) if (op.target !== undefined) targets.add(op.target);
  if (loopStart !== undefined) targets.add(loopStart);
  let fused = 0;
  for (let i = 0; i + 1 < ops.length; i++) {
    const mul = ops[i];
    if (!MULTIPLIES.has(mul.uop)) continue;
    const g = slotGuard(ops[i + 1]) ? 1 : 0;
    if (i + 1 + g >= ops.length) continue;
    const mod = ops[i + 1 + g];
    const uop = withMultiply(mod.uop);
    if (uop === undefined || targets.has(i + 1) || targets.has(i + 1 + g)) continue;
    const fusedOp: TraceOp = { ...mul, uop, oparg: mod.oparg, operand0: mod.operand0, operand1: mod.operand1 };
    const exitOfMul = { resumePc: mul.resumePc, bcPc: mul.bcPc, codeIndex: mul.codeIndex, inlineDepth: mul.inlineDepth, virtuals: mul.virtuals };
    if (g) ops.splice(i, 3, { ...ops[i + 1], ...exitOfMul }, fusedOp);
    else ops.splice(i, 2, fusedOp);
    ops.forEach((o, k) => { if (o.target !== undefined && o.target > i) ops[k] = { ...o, target: o.target - 1 }; });
    const moved = [...targets].map((t) => (t > i ? t - 1 : t));
    targets.clear();
    for (const t of moved) targets.add(t);
    if (loopStart !== undefined && loopStart > i) loopStart -= 1;
    if (g) i++;
    fused++;
  }
  return { fused, loopStart };
}
