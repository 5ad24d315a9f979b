// Superinstructions: a uop with its operands' loads, its result's store, the
// branch on its result or its argument count folded in, each the variant or
// fusion the cases define (uop-lookups.ts), formed after the other passes.
import { LAYOUT as L } from '../../../../build/layout.ts';
import { localWritten, type TraceOp } from '../trace-ir.ts';
import { fuseFloatRegister, fuseRegisterOperands } from './float-register-fusion.ts';
import { isGuard } from './guard-elimination.ts';
import { intOfWord, isFloatWord, isIntWord } from './trace-words.ts';
import { formOf, fusionOf, UOP_INFO, variantOf, variantWithLast, withSink } from './uop-lookups.ts';
import { changesGeneratorFrame } from './generator-frames.ts';

/**
 * An int comparison whose bool only a branch guard reads becomes one guard of
 * the comparison (cases/uops.c GUARD_<cmp>_INT, which fuses the pair, the
 * comparison negated for the false branch): it exits where the branch guard
 * did, with the operands popped as the bool was.
 */
export function fuseCompareBranches(ops: TraceOp[]): number {
  let fused = 0;
  for (let i = 0; i + 1 < ops.length; i++) {
    const branch = ops[i + 1];
    // (A guard fused with the branch, GUARD_BOOL's, keeps its own exit: fuse does it.)
    if ((branch.uop !== 'GUARD_TRUE_POP' && branch.uop !== 'GUARD_FALSE_POP') || isGuard(ops[i])) continue;
    const guard = fusionOf(ops[i].uop, branch.uop);
    if (guard === undefined) continue;
    ops.splice(i, 2, { ...branch, uop: guard });
    fused++;
  }
  return fused;
}
const isLocal16 = (op: TraceOp | undefined) => op?.uop === 'LOAD_LOCAL' && op.oparg! < 0x10000;

/**
 * A local stored from a constant and read back before anything else writes it
 * (`b[3] -= x` keeps the index in a hidden local) is read as that constant, so
 * the constant forms below apply. Locals belong to one frame: frame changes
 * and jumps forget everything. Returns the number of loads replaced.
 */
export function forwardConstants(ops: TraceOp[]): number {
  const known = new Map<number, bigint>();
  let forwarded = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.uop === 'LOAD_LOCAL' && known.has(op.oparg!)) {
      const word = known.get(op.oparg!)!;
      ops[i] = { ...op, uop: 'LOAD_CONST', oparg: undefined, operand0: word, word };
      forwarded++;
      continue;
    }
    if (op.uop === 'PUSH_FRAME' || op.uop === 'POP_FRAME' || op.uop === 'CALL_TOP' || op.uop === 'CALL_TRACE' || changesGeneratorFrame(op.uop) || op.target !== undefined) {
      known.clear();
      continue;
    }
    const written = localWritten(op);
    if (written < 0) continue;
    const prev = ops[i - 1];
    if (op.uop === 'STORE_LOCAL' && prev?.uop === 'LOAD_CONST' && prev.word !== undefined) known.set(written, prev.word);
    else known.delete(written);
  }
  return forwarded;
}

/**
 * Superinstructions, once the other passes are done: an operation whose
 * operands were just pushed by LOAD_LOCAL / LOAD_CONST takes them from the
 * frame or the instruction instead (its variant with those operands, if the
 * cases define one: *_LL, *_L, *_K, *_LK, *_LLK, FLOORDIV/MOD_INT_CONST/_POW2,
 * LIST_GET/SET_LOCAL_CONST), a for-range step stores the loop variable itself
 * (FOR_RANGE_NEXT_STORE), a bool guard and the branch on it become one
 * (GUARD_IS_FALSE/TRUE_POP), and a float result goes to the next float
 * operation in a register and straight into the local it is stored to.
 * Exits stay exact: the float operations and the divisions by a positive
 * constant cannot exit, FOR_RANGE_NEXT_STORE exits before its store, and
 * a variant's exit pushes the operands it took from elsewhere first
 * (generator/uop-variants.ts). Returns the number of fusions (forwarded constants included).
 */
export function fuse(ops: TraceOp[]): number {
  let fused = forwardConstants(ops) + fuseCompareBranches(ops);
  for (let i = 0; i < ops.length; i++) {
    const a = ops[i];
    const b = ops[i + 1];
    const c = ops[i + 2];
    if (isLocal16(a) && isLocal16(b) && c) {
      const prev = ops[i - 1];
      const llk = prev?.uop === 'LOAD_CONST' && prev.word !== undefined ? variantWithLast(c.uop, ['K', 'L', 'L']) : undefined;
      if (llk !== undefined) {
        // A constant stored as well (LIST_SET_INT_LLK): nothing through the stack.
        ops.splice(i - 1, 4, { ...c, uop: llk, oparg: a.oparg! | (b.oparg! << 16), operand0: prev.word });
        fused += 2;
        i--;
        continue;
      }
      const ll = variantWithLast(c.uop, ['L', 'L']);
      if (ll !== undefined) {
        ops.splice(i, 3, { ...c, uop: ll, oparg: a.oparg! | (b.oparg! << 16) });
        fused++;
        continue;
      }
    }
    if (a?.uop === 'LOAD_LOCAL' && b?.uop === 'LOAD_CONST' && c && isIntWord(b.word)) {
      // (The compare guards read the small int OPERAND0 shifted, as its word would be.)
      const lk = variantWithLast(c.uop, ['L', 'K']);
      if (lk !== undefined) {
        ops.splice(i, 3, { ...c, uop: lk, oparg: a.oparg, operand0: intOfWord(b.word) });
        fused++;
        continue;
      }
    }
    if (isLocal16(a) && b?.uop === 'LOAD_CONST' && c && isIntWord(b.word) && intOfWord(b.word) >= 0n && intOfWord(b.word) < 0x8000n) {
      const lc = variantWithLast(c.uop, ['L', 'C']);
      if (lc !== undefined) {
        ops.splice(i, 3, { ...c, uop: lc, oparg: a.oparg! | (Number(intOfWord(b.word)) << 16) });
        fused++;
        continue;
      }
    }
    const l = a?.uop === 'LOAD_LOCAL' && b ? variantWithLast(b.uop, ['L']) : undefined;
    if (l !== undefined) {
      ops.splice(i, 2, { ...b, uop: l, oparg: a.oparg });
      fused++;
      continue;
    }
    const k = a?.uop === 'LOAD_CONST' && b && isFloatWord(a.word) ? variantWithLast(b.uop, ['K']) : undefined;
    if (k !== undefined) {
      ops.splice(i, 2, { ...b, uop: k, operand0: a.word });
      fused++;
      continue;
    }
    if (a?.uop === 'LOAD_CONST' && b && isIntWord(a.word) && intOfWord(a.word) > 0n && intOfWord(a.word) < 0x80000000n && variantWithLast(b.uop, ['C']) !== undefined) {
      // A positive constant divisor: no zero check; a power of two is a shift or a mask.
      const divisor = intOfWord(a.word);
      const shift = (divisor & (divisor - 1n)) === 0n ? divisor.toString(2).length - 1 : -1;
      const pow2 = shift >= 0 ? variantWithLast(b.uop, ['P']) : undefined;
      ops.splice(i, 2, { ...b, uop: pow2 ?? variantWithLast(b.uop, ['C'])!, oparg: pow2 !== undefined ? shift : Number(divisor) });
      fused++;
      continue;
    }
    const guards = a && b && isGuard(a) ? fusionOf(a.uop, b.uop) : undefined;
    if (guards !== undefined) {
      // One test instead of two; a True where False was recorded leaves by the bool guard's exit.
      ops.splice(i, 2, { ...a, uop: guards });
      fused++;
      continue;
    }
    const store = b?.uop === 'STORE_LOCAL' ? withSink(a.uop, 'ST') : undefined;
    if (store !== undefined) {
      ops.splice(i, 2, { ...a, uop: store, oparg: b.oparg });
      fused++;
    }
  }
  return fused + fuseRegisterOperands(ops) + fuseFloatRegister(ops) + fuseStores(ops) + fuseListUpdates(ops) + specializeFrames(ops);
}


/** A uop that only computes ftos: no stack traffic, no exit, no store. */
function onlyComputesFtos(op: TraceOp): boolean {
  const info = UOP_INFO.get(op.uop);
  return formOf(op.uop)?.sink === 'F' && !!info && info.stack.inputs.length === 0 && info.stack.outputs.length === 0 && !info.canExit && localWritten(op) < 0;
}

/**
 * `b[k] op= x` on a float item of a list in a local, k constant, with x computed
 * into ftos (cases/uops.c LIST_AUG_*_FLOAT_F, which fuse the operation with the
 * store): LIST_GET_LOCAL_CONST_FLOAT, uops that only compute ftos, an
 * operation of the top and ftos (ADD_FLOAT_XF...), LIST_SET_LOCAL_CONST of the
 * same list and index become those ftos uops and one access of the item. It
 * exits as the load would: the uops in between had no effect an exit keeps.
 */
export function fuseListUpdates(ops: TraceOp[]): number {
  let fused = 0;
  for (let i = 0; i < ops.length; i++) {
    const get = ops[i];
    if (get.uop !== 'LIST_GET_LOCAL_CONST_FLOAT') continue;
    let j = i + 1;
    while (j < ops.length && onlyComputesFtos(ops[j])) j++;
    const set = ops[j + 1];
    if (set?.uop !== 'LIST_SET_LOCAL_CONST' || set.oparg !== get.oparg) continue;
    const update = fusionOf(ops[j].uop, set.uop);
    if (update === undefined) continue;
    ops.splice(j, 2, { ...get, uop: update });
    ops.splice(i, 1);
    fused++;
  }
  return fused;
}

/** PUSH_FRAME with its argument count known: the specialized uop of each count. */
const PUSH_FRAME_OF_ARGS = [undefined, 'PUSH_FRAME_1', 'PUSH_FRAME_2', 'PUSH_FRAME_3'];

/**
 * Inlined calls with 1-3 arguments: PUSH_FRAME_<n> (cases/uops.c), whose
 * argument copy is straight-line code and whose operands are unpacked here:
 * oparg = local count | frame words << 16, operand0 = the code index. Last in
 * fuse: no pass after it looks for PUSH_FRAME.
 */
export function specializeFrames(ops: TraceOp[]): number {
  let n = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const uop = op.uop === 'PUSH_FRAME' ? PUSH_FRAME_OF_ARGS[op.oparg!] : undefined;
    if (uop === undefined) continue;
    const packed = BigInt(op.operand0!);
    const nlocals = Number(packed & 0xfffffn);
    const frameWords = L.SIZEOF_FRAME_HEADER / 8 + nlocals + Number((packed >> 20n) & 0xfffffn);
    if (nlocals > 0xffff || frameWords > 0x7fff) continue;
    ops[i] = { ...op, uop, oparg: nlocals | (frameWords << 16), operand0: Number(packed >> 40n) };
    n++;
  }
  return n;
}

/**
 * A uop followed by STORE_LOCAL writes its result into the local itself, when
 * it has a form storing into a local (cases/uops.c *_ST, FOR_RANGE_NEXT_STORE):
 * no trip of the result through the register that holds the top of the
 * stack. (The cases give the plain float operations no such form: their result
 * is usually read back by LOAD_LOCAL into the general register that holds the
 * top, and a float stored from an SSE register then loaded into a general one
 * forwards slowly (series in loop-float: 43 -> 55 ms); the _L/_K/_LL forms'
 * results are mostly read by other fused uops, in SSE.) The operand locals and
 * the stored one share the packed oparg: two operand locals and the store
 * 10/10/11 bits, one and the store 16/15, the store alone the whole oparg.
 */
export function fuseStores(ops: TraceOp[]): number {
  let fused = 0;
  for (let i = 0; i + 1 < ops.length; i++) {
    const a = ops[i];
    const b = ops[i + 1];
    const form = b.uop === 'STORE_LOCAL' ? formOf(a.uop) : undefined;
    const stored = form?.sink === 'S' ? variantOf(form.base, form.sources, 'ST') : undefined;
    if (stored === undefined) continue;
    const dest = b.oparg!;
    const locals = form!.sources.filter((c) => c === 'L').length;
    let oparg: number;
    if (locals === 2) {
      const x = a.oparg! & 0xffff;
      const y = a.oparg! >>> 16;
      if (x >= 0x400 || y >= 0x400 || dest >= 0x400) continue;
      oparg = x | (y << 10) | (dest << 20);
    } else if (locals === 1) {
      if (dest >= 0x8000) continue;
      oparg = a.oparg! | (dest << 16);
    } else {
      oparg = dest;
    }
    ops.splice(i, 2, { ...a, uop: stored, oparg });
    fused++;
  }
  return fused;
}

