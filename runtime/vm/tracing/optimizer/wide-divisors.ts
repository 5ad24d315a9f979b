// Wide-int `//` and `%` that remember their divisor's reciprocal: every
// FLOORDIV/MOD_WIDE uop (and its _T form) becomes its _INV form
// (cases/wide_divisors.c), with a pinned cell of its own as OPERAND1 where it
// keeps the last positive divisor and floor((2^64 - 1) / divisor). An int64
// dividend is then divided by a multiply, a multiply-back and at most two
// corrections instead of a hardware division, whose latency was most of an
// iteration of `total = (total + i * i) % m` and of a modular exponentiation
// loop. A divisor that changes costs the one division that refills the cell,
// what the uop did before. Runs after wide-temporaries.ts and wide-locals.ts
// (the _T forms they chose keep their box in OPERAND0). Then an int128 multiply
// or add feeding such a modulo, or a mask (`(h * P) & MASK`), becomes one uop
// with the intermediate in registers (cases/wide_fused.c).
import type { TraceOp } from '../trace-ir.ts';
import { intOfWord, isIntWord } from './trace-words.ts';

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

/** The fused uops of an int128 operation followed by a remembering modulo (cases/wide_fused.c), without the divisor's suffix. */
const FUSED_MODULO: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  MUL_WIDE: { MOD_WIDE_INV: 'MUL_MOD_WIDE_INV', MOD_WIDE_T_INV: 'MUL_MOD_WIDE_T_INV' },
  MUL_WIDE_T: { MOD_WIDE_INV: 'MUL_MOD_WIDE_INV', MOD_WIDE_T_INV: 'MUL_MOD_WIDE_T_INV' },
  ADD_WIDE: { MOD_WIDE_INV: 'ADD_MOD_WIDE_INV', MOD_WIDE_T_INV: 'ADD_MOD_WIDE_T_INV' },
  ADD_WIDE_T: { MOD_WIDE_INV: 'ADD_MOD_WIDE_INV', MOD_WIDE_T_INV: 'ADD_MOD_WIDE_T_INV' },
};

/** The fused uops of an int128 operation followed by a mask (`& k`), without the mask's suffix. */
const FUSED_MASK: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  MUL_WIDE: { AND_WIDE: 'MUL_AND_WIDE', AND_WIDE_T: 'MUL_AND_WIDE_T' },
  MUL_WIDE_T: { AND_WIDE: 'MUL_AND_WIDE', AND_WIDE_T: 'MUL_AND_WIDE_T' },
  ADD_WIDE: { AND_WIDE: 'ADD_AND_WIDE', AND_WIDE_T: 'ADD_AND_WIDE_T' },
  ADD_WIDE_T: { AND_WIDE: 'ADD_AND_WIDE', AND_WIDE_T: 'ADD_AND_WIDE_T' },
};

/** Where a fused mask comes from: a local (_L) or a global (_G) read each time, or the constant's word (_K, in OPERAND1). */
function maskForm(load: TraceOp): { suffix: string; oparg?: number; word?: bigint } | undefined {
  if (load.uop === 'LOAD_LOCAL' && load.oparg! < 1 << 24) return { suffix: '_L', oparg: load.oparg };
  if (load.uop === 'LOAD_GLOBAL' && load.oparg! < 1 << 24) return { suffix: '_G', oparg: load.oparg };
  if (load.uop === 'LOAD_CONST' && load.word !== undefined) return { suffix: '_K', word: load.word };
  return undefined;
}

/** Whether `guard` only checks the slot `load` reads (a local's or a global's tag or type). */
function guardOfLoad(guard: TraceOp, load: TraceOp): boolean {
  if (guard.oparg === undefined || guard.oparg !== load.oparg) return false;
  if (load.uop === 'LOAD_LOCAL') return guard.uop === 'GUARD_LOCAL_TAG' || guard.uop === 'GUARD_LOCAL_OBJ';
  if (load.uop === 'LOAD_GLOBAL') return guard.uop === 'GUARD_GLOBAL_TAG' || guard.uop === 'GUARD_GLOBAL_OBJ';
  return false;
}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * How the fused uop gets its divisor from the load between: a local (_L) or a
 * global (_G) read each time, or a positive int64 constant (_K; a small int, or
 * an int object `bigConstant` reads) written into the cell with its
 * reciprocal now (the cell then never refills).
 */
function divisorForm(load: TraceOp, bigConstant: (word: bigint) => bigint | undefined): { suffix: string; oparg?: number; constant?: bigint } | undefined {
  if (load.uop === 'LOAD_LOCAL' && load.oparg! < 1 << 24) return { suffix: '_L', oparg: load.oparg };
  if (load.uop === 'LOAD_GLOBAL' && load.oparg! < 1 << 24) return { suffix: '_G', oparg: load.oparg };
  if (load.uop === 'LOAD_CONST' && load.word !== undefined) {
    const d = isIntWord(load.word) ? intOfWord(load.word) : bigConstant(load.word);
    if (d !== undefined && d > 0n && d <= INT64_MAX) return { suffix: '_K', constant: d };
  }
  return undefined;
}

/**
 * After rememberWideDivisors: `MUL/ADD_WIDE(_T); LOAD_LOCAL / LOAD_GLOBAL /
 * LOAD_CONST m; MOD_WIDE(_T)_INV` (or `AND_WIDE(_T)`, a mask) becomes one uop
 * that keeps the product or sum in registers. It takes the first uop's place and exit (resume at the
 * multiply or add, its operands on the stack), the modulo's result box
 * (OPERAND0, for a _T modulo) and cell (OPERAND1; `fillCell` writes a
 * constant divisor and its reciprocal there); the first uop's box, if any, is
 * no longer used. Not across the loop's head or a jump target. Returns how
 * many, and the loop start moved by the fusions before it.
 */
export function fuseWideModuloAndMask(
  ops: TraceOp[],
  loopStart: number | undefined,
  fillCell: (cell: number, divisor: bigint, reciprocal: bigint) => void,
  bigConstant: (word: bigint) => bigint | undefined,
): { fused: number; loopStart: number | undefined } {
  const targets = new Set<number>();
  for (const op of ops) if (op.target !== undefined) targets.add(op.target);
  if (loopStart !== undefined) targets.add(loopStart);
  let fused = 0;
  for (let i = 0; i + 2 < ops.length; i++) {
    // A guard on the modulus's or mask's slot between (a side trace, an unpeeled loop) runs
    // first instead, exiting where the first uop does: the slot is not one the first uop writes.
    const guard = guardOfLoad(ops[i + 1], ops[i + 2]) ? ops[i + 1] : undefined;
    const g = guard ? 1 : 0;
    if (i + 2 + g >= ops.length) continue;
    const [op, load, mod] = [ops[i], ops[i + 1 + g], ops[i + 2 + g]];
    if (targets.has(i + 1) || targets.has(i + 2) || targets.has(i + 2 + g)) continue;
    let fusedOp: TraceOp | undefined;
    const base = FUSED_MODULO[op.uop]?.[mod.uop];
    const divisor = base !== undefined ? divisorForm(load, bigConstant) : undefined;
    if (divisor !== undefined) {
      if (divisor.constant !== undefined) fillCell(Number(mod.operand1), divisor.constant, UINT64_MAX / divisor.constant);
      fusedOp = { ...op, uop: base + divisor.suffix, oparg: divisor.oparg, operand0: mod.uop === 'MOD_WIDE_T_INV' ? mod.operand0 : undefined, operand1: mod.operand1 };
    }
    const maskBase = FUSED_MASK[op.uop]?.[mod.uop];
    const mask = maskBase !== undefined ? maskForm(load) : undefined;
    if (mask !== undefined) {
      fusedOp = { ...op, uop: maskBase + mask.suffix, oparg: mask.oparg, operand0: mod.uop === 'AND_WIDE_T' ? mod.operand0 : undefined, operand1: mask.word };
    }
    if (fusedOp === undefined) continue;
    const exitOfOp = { resumePc: op.resumePc, bcPc: op.bcPc, codeIndex: op.codeIndex, inlineDepth: op.inlineDepth, virtuals: op.virtuals };
    if (guard) ops.splice(i, 4, { ...guard, ...exitOfOp }, fusedOp);
    else ops.splice(i, 3, fusedOp);
    ops.forEach((o, k) => { if (o.target !== undefined && o.target > i) ops[k] = { ...o, target: o.target - 2 }; });
    const moved = [...targets].map((t) => (t > i ? t - 2 : t));
    targets.clear();
    for (const t of moved) targets.add(t);
    if (loopStart !== undefined && loopStart > i) loopStart -= 2;
    if (guard) i++;
    fused++;
  }
  return { fused, loopStart };
}
