// Optimizes a recorded trace before it is compiled:
//  - guard elimination: an abstract interpretation over the uops tracks what
//    is known about every stack slot, local and global (types, exact words);
//    a guard whose condition is already known is dropped, and a known-type
//    producer (ADD_INT gives an int, a guard proves its operand) adds facts;
//  - loop peeling: a loop trace becomes [first iteration][loop body] where the
//    body is optimized with what the first iteration proved, so loop-invariant
//    guards run once (kept only if the facts survive an iteration: checked);
//  - constant folding (constant operands into ADD_INT_CONST, constant-constant
//    arithmetic) and dead stack traffic (STORE+LOAD of one local, LOAD+POP).
import { UOPS } from '../../../build/uops.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import { localWritten, objTypeOf, typeOfConstantWord, uopFamily, VType, type TraceOp } from './trace-ir.ts';
import { keepFloatLocalsInRegisters } from './trace-float-registers.ts';

const UOP_INFO = new Map(UOPS.map((u) => [u.name, u]));
const STACK_EFFECT = new Map(UOPS.map((u) => [u.name, u.stack]));

/** What is known about one value slot. */
interface Fact {
  type: VType;
  /** The exact word, when known (constants, guarded identities). */
  word?: bigint;
}

const UNKNOWN: Fact = { type: VType.UNKNOWN };

class FrameFacts {
  readonly locals = new Map<number, Fact>();
  /** Stack slots by height relative to the frame's start (negative: below the trace's start). */
  readonly stack = new Map<number, Fact>();
  height = 0;

  clone(): FrameFacts {
    const f = new FrameFacts();
    for (const [k, v] of this.locals) f.locals.set(k, v);
    for (const [k, v] of this.stack) f.stack.set(k, v);
    f.height = this.height;
    return f;
  }

  push(f: Fact): void {
    this.stack.set(this.height++, f);
  }

  pop(): Fact {
    const f = this.stack.get(--this.height) ?? UNKNOWN;
    this.stack.delete(this.height);
    return f;
  }

  peek(depth: number): Fact {
    return this.stack.get(this.height - depth) ?? UNKNOWN;
  }

  set(depth: number, f: Fact): void {
    this.stack.set(this.height - depth, f);
  }
}

class Facts {
  frames: FrameFacts[] = [new FrameFacts()];
  globals = new Map<number, Fact>();

  get top(): FrameFacts {
    return this.frames[this.frames.length - 1];
  }

  clone(): Facts {
    const f = new Facts();
    f.frames = this.frames.map((x) => x.clone());
    f.globals = new Map(this.globals);
    return f;
  }
}

const sameFact = (a: Fact | undefined, b: Fact | undefined) =>
  a !== undefined && b !== undefined && a.type === b.type && a.word === b.word;

/** The facts of `a` that `b` also has (for the loop fixpoint). */
function intersect(a: Facts, b: Facts): Facts {
  const out = new Facts();
  const fa = a.frames[0];
  const fb = b.frames[0];
  const f = out.frames[0];
  for (const [k, v] of fa.locals) if (sameFact(v, fb.locals.get(k))) f.locals.set(k, v);
  for (const [k, v] of fa.stack) if (k < fa.height && sameFact(v, fb.stack.get(k))) f.stack.set(k, v);
  f.height = fa.height;
  for (const [k, v] of a.globals) if (sameFact(v, b.globals.get(k))) out.globals.set(k, v);
  return out;
}

/** Whether every fact of `assumed` still holds in `after`. */
function implies(after: Facts, assumed: Facts): boolean {
  const fa = after.frames[0];
  const fs = assumed.frames[0];
  if (after.frames.length !== 1 || fa.height !== fs.height) return false;
  for (const [k, v] of fs.locals) if (!sameFact(v, fa.locals.get(k))) return false;
  for (const [k, v] of fs.stack) if (k < fs.height && !sameFact(v, fa.stack.get(k))) return false;
  for (const [k, v] of assumed.globals) if (!sameFact(v, after.globals.get(k))) return false;
  return true;
}

const T = (type: VType): Fact => ({ type });

/** Result types of uops whose outputs are always of one type. */
const RESULT_TYPE: Record<string, VType> = {
  ADD_INT: VType.INT, SUB_INT: VType.INT, MUL_INT: VType.INT, FLOORDIV_INT: VType.INT, MOD_INT: VType.INT,
  NEG_INT: VType.INT, ADD_INT_CONST: VType.INT, ABS_INT: VType.INT, LIST_LEN: VType.INT, STR_LEN: VType.INT,
  TRUEDIV_INT: VType.FLOAT, ADD_FLOAT: VType.FLOAT, SUB_FLOAT: VType.FLOAT, MUL_FLOAT: VType.FLOAT, DIV_FLOAT: VType.FLOAT,
  NEG_FLOAT: VType.FLOAT, ABS_FLOAT: VType.FLOAT, MOD_FLOAT: VType.FLOAT, POW_FLOAT: VType.FLOAT, SQRT_FLOAT: VType.FLOAT,
  INT_TO_FLOAT: VType.FLOAT, LIST_GET_INT_FLOAT: VType.FLOAT, LIST_ITER_NEW: VType.LIST_ITER, LIST_SLICE: VType.LIST,
  STR_CONCAT: VType.STR, STR_INDEX_CONST: VType.STR,
  LT_INT: VType.BOOL, LE_INT: VType.BOOL, GT_INT: VType.BOOL, GE_INT: VType.BOOL, EQ_INT: VType.BOOL, NE_INT: VType.BOOL,
  LT_FLOAT: VType.BOOL, LE_FLOAT: VType.BOOL, GT_FLOAT: VType.BOOL, GE_FLOAT: VType.BOOL, EQ_FLOAT: VType.BOOL, NE_FLOAT: VType.BOOL,
  TO_BOOL_INT: VType.BOOL, TO_BOOL_FLOAT: VType.BOOL, NOT_BOOL: VType.BOOL, IS_SAME: VType.BOOL,
};

/** Guards on stack slots: uop → [depth, type] pairs it proves. */
const STACK_GUARDS: Record<string, [number, VType][]> = {
  GUARD_INT: [[1, VType.INT]],
  GUARD_INT_SECOND: [[2, VType.INT]],
  GUARD_BOTH_INT: [[1, VType.INT], [2, VType.INT]],
  GUARD_FLOAT: [[1, VType.FLOAT]],
  GUARD_FLOAT_SECOND: [[2, VType.FLOAT]],
  GUARD_BOTH_FLOAT: [[1, VType.FLOAT], [2, VType.FLOAT]],
  GUARD_LIST: [[1, VType.LIST]],
  GUARD_LIST_SECOND: [[2, VType.LIST]],
  GUARD_TUPLE_SECOND: [[2, VType.TUPLE]],
  GUARD_BOOL: [[1, VType.BOOL]],
  GUARD_RANGE_ITER: [[1, VType.RANGE_ITER]],
  GUARD_LIST_ITER: [[1, VType.LIST_ITER]],
  GUARD_STR: [[1, VType.STR]],
  GUARD_STR_SECOND: [[2, VType.STR]],
};

function typeOfTag(tag: number): VType {
  if (tag === L.TAG_INT) return VType.INT;
  if (tag === L.TAG_BOOL) return VType.BOOL;
  if (tag === L.TAG_NONE) return VType.NONE;
  return VType.UNKNOWN;
}

const OBJ_VTYPES = [VType.LIST, VType.TUPLE, VType.RANGE_ITER, VType.LIST_ITER, VType.FUNCTION, VType.BUILTIN, VType.MODULE, VType.STR, VType.BIGINT];
function typeOfObj(objType: number): VType {
  return OBJ_VTYPES.find((t) => objTypeOf(t) === objType) ?? VType.UNKNOWN;
}

export interface OptimizeStats {
  recordedUops: number;
  recordedGuards: number;
  /** Uops and guards that run per iteration (the loop body after peeling, or the whole trace). */
  loopUops: number;
  loopGuards: number;
  removedGuards: number;
  folded: number;
  /** Superinstructions formed. */
  fused: number;
  peeled: boolean;
}

const isGuard = (op: TraceOp) => op.uop.startsWith('GUARD_');

/**
 * One pass over ops from the given facts: drops proven guards, returns the
 * kept ops and the facts at the end.
 */
function eliminateGuards(ops: readonly TraceOp[], entry: Facts): { ops: TraceOp[]; facts: Facts } {
  const facts = entry.clone();
  const out: TraceOp[] = [];
  for (const op of ops) {
    const f = facts.top;
    const half = halfKnownGuard(op, f);
    const keep = step(op, facts, f);
    if (keep) out.push(half ?? op);
  }
  return { ops: out, facts };
}

/** Guards on two stack slots, and the one-slot guard left when one slot's type is known. */
const ONE_SIDED: Record<string, [top: string, second: string]> = {
  GUARD_BOTH_FLOAT: ['GUARD_FLOAT', 'GUARD_FLOAT_SECOND'],
  GUARD_BOTH_INT: ['GUARD_INT', 'GUARD_INT_SECOND'],
};

/** A two-slot guard with one slot already known: the guard of the other slot alone (same exit), or null. */
function halfKnownGuard(op: TraceOp, f: FrameFacts): TraceOp | null {
  const sides = ONE_SIDED[op.uop];
  if (!sides) return null;
  const [[d1, t1], [d2, t2]] = STACK_GUARDS[op.uop];
  const topKnown = f.peek(d1).type === t1;
  const secondKnown = f.peek(d2).type === t2;
  if (topKnown === secondKnown) return null;
  return { ...op, uop: topKnown ? sides[1] : sides[0] };
}

/** Applies op to the facts; returns false when the op is a guard already known to hold. */
function step(op: TraceOp, facts: Facts, f: FrameFacts): boolean {
  const stackGuard = STACK_GUARDS[op.uop];
  if (stackGuard) {
    const known = stackGuard.every(([d, t]) => f.peek(d).type === t);
    for (const [d, t] of stackGuard) if (f.peek(d).type !== t) f.set(d, T(t));
    return !known;
  }
  switch (op.uop) {
    case 'GUARD_LOCAL_TAG':
    case 'GUARD_LOCAL_FLOAT':
    case 'GUARD_LOCAL_OBJ': {
      const t = op.uop === 'GUARD_LOCAL_FLOAT' ? VType.FLOAT : op.uop === 'GUARD_LOCAL_TAG' ? typeOfTag(Number(op.operand0)) : typeOfObj(Number(op.operand0));
      const n = op.oparg!;
      if (f.locals.get(n)?.type === t) return false;
      f.locals.set(n, T(t));
      return true;
    }
    case 'GUARD_GLOBAL_TAG':
    case 'GUARD_GLOBAL_FLOAT':
    case 'GUARD_GLOBAL_OBJ': {
      const t = op.uop === 'GUARD_GLOBAL_FLOAT' ? VType.FLOAT : op.uop === 'GUARD_GLOBAL_TAG' ? typeOfTag(Number(op.operand0)) : typeOfObj(Number(op.operand0));
      const g = op.oparg!;
      if (facts.globals.get(g)?.type === t) return false;
      facts.globals.set(g, T(t));
      return true;
    }
    case 'GUARD_GLOBAL_IS': {
      const g = op.oparg!;
      const w = BigInt(op.operand0!);
      if (facts.globals.get(g)?.word === w) return false;
      facts.globals.set(g, { type: VType.UNKNOWN, word: w });
      return true;
    }
    case 'GUARD_INT_AT': {
      const d = op.oparg!;
      if (f.peek(d).type === VType.INT) return false;
      f.set(d, T(VType.INT));
      return true;
    }
    case 'RANGE_ITER_NEW':
      for (let i = 0; i <= op.oparg!; i++) f.pop();
      f.push(T(VType.RANGE_ITER));
      return true;
    case 'GUARD_STACK_IS': {
      const w = BigInt(op.operand0!);
      const d = op.oparg!;
      if (f.peek(d).word === w) return false;
      f.set(d, { type: typeOfConstantWord(w), word: w });
      return true;
    }
    case 'LOAD_CONST':
      f.push(op.word !== undefined ? { type: op.wordType ?? typeOfConstantWord(op.word), word: op.word } : UNKNOWN);
      return true;
    case 'LOAD_LOCAL':
      f.push(f.locals.get(op.oparg!) ?? UNKNOWN);
      return true;
    case 'STORE_LOCAL':
      f.locals.set(op.oparg!, f.pop());
      return true;
    case 'STORE_LOCAL_KEEP':
      f.locals.set(op.oparg!, f.peek(1));
      return true;
    case 'LOAD_GLOBAL':
      f.push(facts.globals.get(op.oparg!) ?? UNKNOWN);
      return true;
    case 'STORE_GLOBAL':
      facts.globals.set(op.oparg!, f.pop());
      return true;
    case 'COPY_TOP':
      f.push(f.peek(1));
      return true;
    case 'SWAP': {
      const a = f.peek(2);
      f.set(2, f.peek(1));
      f.set(1, a);
      return true;
    }
    case 'SWAP_FIRST_THIRD': {
      const a = f.peek(3);
      f.set(3, f.peek(1));
      f.set(1, a);
      return true;
    }
    case 'INT_TO_FLOAT_SECOND':
      f.set(2, T(VType.FLOAT));
      return true;
    case 'FOR_RANGE_NEXT':
      f.push(T(VType.INT));
      return true;
    case 'FOR_LIST_NEXT':
      f.push(UNKNOWN);
      return true;
    case 'PUSH_FRAME': {
      const callee = new FrameFacts();
      const n = op.oparg!;
      for (let i = 0; i < n; i++) callee.locals.set(i, f.peek(n - i));
      facts.frames.push(callee);
      return true;
    }
    case 'BUILD_LIST':
    case 'BUILD_TUPLE':
      // OPARG values give way to the new object (the DSL declares no fixed inputs).
      for (let i = 0; i < op.oparg!; i++) f.pop();
      f.push(T(op.uop === 'BUILD_LIST' ? VType.LIST : VType.TUPLE));
      return true;
    case 'CALL_TOP':
    case 'CALL_TRACE': {
      // A real call of a function's trace: the callee frame goes, a result of
      // unknown type replaces the callable and arguments, and the callee may have
      // rebound any global.
      facts.frames.pop();
      const caller = facts.top;
      for (let i = 0; i <= op.callArgs!; i++) caller.pop();
      caller.push(UNKNOWN);
      facts.globals.clear();
      return true;
    }
    case 'POP_FRAME': {
      const result = f.pop();
      facts.frames.pop();
      const caller = facts.top;
      for (let i = 0; i <= op.oparg!; i++) caller.pop();
      caller.push(result);
      return true;
    }
  }
  const effect = STACK_EFFECT.get(op.uop);
  if (!effect) throw new Error(`optimizer: unknown uop ${op.uop}`);
  for (let i = 0; i < effect.inputs.length; i++) f.pop();
  const result = RESULT_TYPE[op.uop];
  for (let i = 0; i < effect.outputs.length; i++) f.push(result !== undefined ? T(result) : UNKNOWN);
  return true;
}

const INT_FOLD: Record<string, (a: bigint, b: bigint) => bigint | null> = {
  ADD_INT: (a, b) => a + b,
  SUB_INT: (a, b) => a - b,
  MUL_INT: (a, b) => a * b,
};
const SMALL_MAX = (1n << 47n) - 1n;
const SMALL_MIN = -(1n << 47n);
const intOfWord = (w: bigint) => BigInt.asIntN(48, w);
const intWord = (v: bigint) => BigInt.asUintN(48, v) | (BigInt(L.TAG_INT) << 48n);
const isIntWord = (w: bigint | undefined): w is bigint => w !== undefined && typeOfConstantWord(w) === VType.INT;

/** Float operations with _LL, _L and _K forms (their names plus the suffix). */
const FUSED_FLOAT = new Set(['ADD_FLOAT', 'SUB_FLOAT', 'MUL_FLOAT']);
/** Operations whose two operands may come from two locals (cases/uops.c *_LL). */
const FUSED_LL: Record<string, string> = {
  ADD_INT: 'ADD_INT_LL', SUB_INT: 'SUB_INT_LL', MUL_INT: 'MUL_INT_LL', LIST_GET_INT: 'LIST_GET_INT_LL', LIST_SET_INT: 'LIST_SET_INT_LL',
  LIST_GET_INT_FLOAT: 'LIST_GET_INT_LL_FLOAT',
  GUARD_LT_INT: 'GUARD_LT_INT_LL', GUARD_LE_INT: 'GUARD_LE_INT_LL', GUARD_GT_INT: 'GUARD_GT_INT_LL',
  GUARD_GE_INT: 'GUARD_GE_INT_LL', GUARD_EQ_INT: 'GUARD_EQ_INT_LL', GUARD_NE_INT: 'GUARD_NE_INT_LL',
};
/** Int comparisons (LT_INT, ...) and the comparison that is true when they are false. */
const NEGATED_COMPARE: Record<string, string> = { LT: 'GE', LE: 'GT', GT: 'LE', GE: 'LT', EQ: 'NE', NE: 'EQ' };
const INT_COMPARE = new Map(Object.keys(NEGATED_COMPARE).map((c) => [`${c}_INT`, c]));
const COMPARE_GUARD = new Set(Object.keys(NEGATED_COMPARE).map((c) => `GUARD_${c}_INT`));

/**
 * An int comparison whose bool only a branch guard reads becomes one guard of
 * the comparison (cases/uops.c GUARD_<cmp>_INT): it exits where the branch
 * guard did, with the operands popped as the bool was.
 */
function fuseCompareBranches(ops: TraceOp[]): number {
  let fused = 0;
  for (let i = 0; i + 1 < ops.length; i++) {
    const cmp = INT_COMPARE.get(ops[i].uop);
    const branch = ops[i + 1];
    if (cmp === undefined || (branch.uop !== 'GUARD_TRUE_POP' && branch.uop !== 'GUARD_FALSE_POP')) continue;
    const test = branch.uop === 'GUARD_TRUE_POP' ? cmp : NEGATED_COMPARE[cmp];
    ops.splice(i, 2, { ...branch, uop: `GUARD_${test}_INT` });
    fused++;
  }
  return fused;
}
/** List accesses with a local list and a constant index (cases/uops.c *_LOCAL_CONST*). */
const CONST_INDEX: Record<string, string> = {
  LIST_GET_INT: 'LIST_GET_LOCAL_CONST', LIST_SET_INT: 'LIST_SET_LOCAL_CONST', LIST_GET_INT_FLOAT: 'LIST_GET_LOCAL_CONST_FLOAT',
};
const isLocal16 = (op: TraceOp | undefined) => op?.uop === 'LOAD_LOCAL' && op.oparg! < 0x10000;
const isFloatWord = (w: bigint | undefined): w is bigint => w !== undefined && typeOfConstantWord(w) === VType.FLOAT;

/**
 * A local stored from a constant and read back before anything else writes it
 * (`b[3] -= x` keeps the index in a hidden local) is read as that constant, so
 * the constant forms below apply. Locals belong to one frame: frame changes
 * and jumps forget everything. Returns the number of loads replaced.
 */
function forwardConstants(ops: TraceOp[]): number {
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
    if (op.uop === 'PUSH_FRAME' || op.uop === 'POP_FRAME' || op.uop === 'CALL_TOP' || op.uop === 'CALL_TRACE' || op.target !== undefined) {
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
 * frame or the instruction instead, and a for-range step stores the loop
 * variable itself, and a float result goes straight into the local it is
 * stored to (cases/uops.c: *_FLOAT_LL, *_FLOAT_L, *_FLOAT_K, their *_ST forms, *_INT_LL,
 * FLOORDIV/MOD_INT_CONST/_POW2, LIST_GET/SET_LOCAL_CONST, LIST_GET/SET_INT_LL, LIST_SET_INT_LLK,
 * FOR_RANGE_NEXT_STORE, GUARD_IS_FALSE/TRUE_POP).
 * Exits stay exact: the float operations and the divisions by a positive
 * constant cannot exit, FOR_RANGE_NEXT_STORE exits before its store, and
 * the int operations and the list accesses push both operands before they
 * exit (EXIT_PUSHING2_IF). Returns the number of fusions (forwarded constants included).
 */
export function fuse(ops: TraceOp[]): number {
  let fused = forwardConstants(ops) + fuseCompareBranches(ops);
  for (let i = 0; i < ops.length; i++) {
    const a = ops[i];
    const b = ops[i + 1];
    const c = ops[i + 2];
    if (isLocal16(a) && isLocal16(b) && c && FUSED_FLOAT.has(c.uop)) {
      ops.splice(i, 3, { ...c, uop: `${c.uop}_LL`, oparg: a.oparg! | (b.oparg! << 16) });
      fused++;
      continue;
    }
    if (isLocal16(a) && isLocal16(b) && c && FUSED_LL[c.uop]) {
      const prev = ops[i - 1];
      if (c.uop === 'LIST_SET_INT' && prev?.uop === 'LOAD_CONST' && prev.word !== undefined) {
        // A constant stored: LIST_SET_INT_LLK, nothing through the stack.
        ops.splice(i - 1, 4, { ...c, uop: 'LIST_SET_INT_LLK', oparg: a.oparg! | (b.oparg! << 16), operand0: prev.word });
        fused += 2;
        i--;
        continue;
      }
      ops.splice(i, 3, { ...c, uop: FUSED_LL[c.uop], oparg: a.oparg! | (b.oparg! << 16) });
      fused++;
      continue;
    }
    if (a?.uop === 'LOAD_LOCAL' && b?.uop === 'LOAD_CONST' && c && COMPARE_GUARD.has(c.uop) && isIntWord(b.word)) {
      ops.splice(i, 3, { ...c, uop: `${c.uop}_LK`, oparg: a.oparg, operand0: intOfWord(b.word) });
      fused++;
      continue;
    }
    if (isLocal16(a) && b?.uop === 'LOAD_CONST' && c && CONST_INDEX[c.uop] && isIntWord(b.word) && intOfWord(b.word) >= 0n && intOfWord(b.word) < 0x8000n) {
      ops.splice(i, 3, { ...c, uop: CONST_INDEX[c.uop], oparg: a.oparg! | (Number(intOfWord(b.word)) << 16) });
      fused++;
      continue;
    }
    if (a?.uop === 'LOAD_LOCAL' && b && FUSED_FLOAT.has(b.uop)) {
      ops.splice(i, 2, { ...b, uop: `${b.uop}_L`, oparg: a.oparg });
      fused++;
      continue;
    }
    if (a?.uop === 'LOAD_CONST' && b && FUSED_FLOAT.has(b.uop) && isFloatWord(a.word)) {
      ops.splice(i, 2, { ...b, uop: `${b.uop}_K`, operand0: a.word });
      fused++;
      continue;
    }
    if (a?.uop === 'LOAD_CONST' && (b?.uop === 'FLOORDIV_INT' || b?.uop === 'MOD_INT') && isIntWord(a.word) && intOfWord(a.word) > 0n && intOfWord(a.word) < 0x80000000n) {
      // A positive constant divisor: no zero check; a power of two is a shift or a mask.
      const k = intOfWord(a.word);
      const shift = (k & (k - 1n)) === 0n ? k.toString(2).length - 1 : -1;
      const base = b.uop === 'FLOORDIV_INT' ? 'FLOORDIV_INT' : 'MOD_INT';
      ops.splice(i, 2, { ...b, uop: shift >= 0 ? `${base}_POW2` : `${base}_CONST`, oparg: shift >= 0 ? shift : Number(k) });
      fused++;
      continue;
    }
    if (a?.uop === 'GUARD_BOOL' && (b?.uop === 'GUARD_FALSE_POP' || b?.uop === 'GUARD_TRUE_POP')) {
      // One test instead of two; a True where False was recorded leaves by the bool guard's exit.
      ops.splice(i, 2, { ...a, uop: b.uop === 'GUARD_FALSE_POP' ? 'GUARD_IS_FALSE_POP' : 'GUARD_IS_TRUE_POP' });
      fused++;
      continue;
    }
    if (a?.uop === 'FOR_RANGE_NEXT' && b?.uop === 'STORE_LOCAL') {
      ops.splice(i, 2, { ...a, uop: 'FOR_RANGE_NEXT_STORE', oparg: b.oparg });
      fused++;
    }
  }
  return fused + fuseRegisterOperands(ops) + fuseFloatRegister(ops) + fuseStores(ops) + fuseListUpdates(ops) + specializeFrames(ops);
}


/** A uop that only computes ftos: no stack traffic, no exit, no store. */
function onlyComputesFtos(op: TraceOp): boolean {
  const info = UOP_INFO.get(op.uop);
  return op.uop.endsWith('_F') && !!info && info.stack.inputs.length === 0 && info.stack.outputs.length === 0 && !info.canExit && localWritten(op) < 0;
}

/**
 * `b[k] op= x` on a float item of a list in a local, k constant, with x computed
 * into ftos (cases/uops.c LIST_AUG_*_FLOAT_F): LIST_GET_LOCAL_CONST_FLOAT, uops
 * that only compute ftos, (ADD|SUB|MUL)_FLOAT_XF, LIST_SET_LOCAL_CONST of the
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
    const math = /^(ADD|SUB|MUL)_FLOAT_XF$/.exec(ops[j]?.uop ?? '');
    const set = ops[j + 1];
    if (!math || set?.uop !== 'LIST_SET_LOCAL_CONST' || set.oparg !== get.oparg) continue;
    ops.splice(j, 2, { ...get, uop: `LIST_AUG_${math[1]}_FLOAT_F` });
    ops.splice(i, 1);
    fused++;
  }
  return fused;
}

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
    if (op.uop !== 'PUSH_FRAME' || op.oparg! < 1 || op.oparg! > 3) continue;
    const packed = BigInt(op.operand0!);
    const nlocals = Number(packed & 0xfffffn);
    const frameWords = L.SIZEOF_FRAME_HEADER / 8 + nlocals + Number((packed >> 20n) & 0xfffffn);
    if (nlocals > 0xffff || frameWords > 0x7fff) continue;
    ops[i] = { ...op, uop: `PUSH_FRAME_${op.oparg}`, oparg: nlocals | (frameWords << 16), operand0: Number(packed >> 40n) };
    n++;
  }
  return n;
}

const ADD_SUB_MUL = ['ADD_FLOAT', 'SUB_FLOAT', 'MUL_FLOAT'];
const ADD_SUB_MUL_DIV = [...ADD_SUB_MUL, 'DIV_FLOAT'];
const PLAIN_FLOAT = new Set(ADD_SUB_MUL_DIV);

/** A float operation leaving its result on the top of the stack, which has an _F form leaving it in ftos instead. */
const FLOAT_TO_TOP = new Set([
  ...uopFamily(ADD_SUB_MUL, ['', '_LL', '_L', '_K', '_FL', '_FK', '_XF']),
  ...uopFamily(ADD_SUB_MUL_DIV, ['_R0F', '_R1F', '_FR0', '_FR1']),
  'DIV_FLOAT', 'DIV_FLOAT_XF', 'LOAD_FR0', 'LOAD_FR1', 'LIST_GET_LOCAL_CONST_FLOAT', 'LIST_GET_INT_LL_FLOAT',
]);

/**
 * The form of float operation `uop` that takes its top operand from ftos
 * (cases/uops.c FL, FK, XF, STORE_FR*_F), by uop; an _F form (its result to
 * ftos) keeps its suffix.
 */
const FTOS_CONSUMER = new Map<string, string>();
for (const f of ['', '_F']) {
  for (const op of ADD_SUB_MUL) {
    FTOS_CONSUMER.set(`${op}_L${f}`, `${op}_FL${f}`);
    FTOS_CONSUMER.set(`${op}_K${f}`, `${op}_FK${f}`);
  }
  for (const op of ADD_SUB_MUL_DIV) FTOS_CONSUMER.set(`${op}${f}`, `${op}_XF${f}`);
}
for (const r of ['0', '1']) FTOS_CONSUMER.set(`STORE_FR${r}`, `STORE_FR${r}_F`);

/** The register LOAD_FR<n> reads. */
const LOADED_REGISTER = new Map([['LOAD_FR0', '0'], ['LOAD_FR1', '1']]);

/**
 * The slot `depth` from the top (1 = top) just before ops[end]: the index of
 * the op that pushed it, walking back over complete stack effects; -1 when it
 * is not found within the ops (or a frame change or jump is in the way).
 */
function producerOf(ops: readonly TraceOp[], end: number, depth: number): number {
  let need = depth;
  for (let k = end - 1; k >= 0; k--) {
    const op = ops[k];
    const effect = STACK_EFFECT.get(op.uop);
    if (!effect || op.target !== undefined || op.uop === 'PUSH_FRAME' || op.uop === 'POP_FRAME') return -1;
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
function fuseRegisterOperands(ops: TraceOp[]): number {
  let fused = 0;
  for (let j = 2; j < ops.length; j++) {
    const op = ops[j];
    if (!PLAIN_FLOAT.has(op.uop)) continue;
    const right = LOADED_REGISTER.get(ops[j - 1].uop);
    if (right !== undefined && FLOAT_TO_TOP.has(ops[j - 2].uop)) {
      ops[j - 2] = { ...ops[j - 2], uop: `${ops[j - 2].uop}_F` };
      ops.splice(j - 1, 2, { ...op, uop: `${op.uop}_FR${right}` });
      fused++;
      j--;
      continue;
    }
    if (!FLOAT_TO_TOP.has(ops[j - 1].uop)) continue;
    const from = producerOf(ops, j, 2);
    const left = from >= 0 ? LOADED_REGISTER.get(ops[from].uop) : undefined;
    if (left === undefined || ops.slice(from + 1, j).some((o) => o.uop.startsWith(`STORE_FR${left}`))) continue;
    ops[j - 1] = { ...ops[j - 1], uop: `${ops[j - 1].uop}_F` };
    ops[j] = { ...op, uop: `${op.uop}_R${left}F` };
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
    const consumer = FTOS_CONSUMER.get(ops[i + 1].uop);
    if (consumer === undefined || !FLOAT_TO_TOP.has(ops[i].uop)) continue;
    ops[i] = { ...ops[i], uop: `${ops[i].uop}_F` };
    ops[i + 1] = { ...ops[i + 1], uop: consumer };
    fused++;
  }
  return fused;
}

/**
 * Float operations with a form storing into a local (_ST). Not the plain ones:
 * their result is usually read back by LOAD_LOCAL into the general register
 * that holds the top, and a float stored from an SSE register then loaded
 * into a general one forwards slowly (series in loop-float: 43 -> 55 ms);
 * the _L/_K/_LL forms' results are mostly read by other fused uops, in SSE.
 */
const STORE_FUSIBLE = new Set([...uopFamily(ADD_SUB_MUL, ['_L', '_K', '_LL', '_FL', '_FK', '_XF']), 'DIV_FLOAT_XF']);

/**
 * A float operation followed by STORE_LOCAL writes its result into the local
 * itself (cases/uops.c *_ST): no trip of the result through the register that
 * holds the top of the stack. Operand locals of _LL_ST and every STORE local
 * fit the packed oparg (10 bits for _LL, 16 otherwise).
 */
export function fuseStores(ops: TraceOp[]): number {
  let fused = 0;
  for (let i = 0; i + 1 < ops.length; i++) {
    const a = ops[i];
    const b = ops[i + 1];
    if (b.uop !== 'STORE_LOCAL' || !STORE_FUSIBLE.has(a.uop)) continue;
    const dest = b.oparg!;
    let oparg: number;
    if (a.uop.endsWith('_LL')) {
      const x = a.oparg! & 0xffff;
      const y = a.oparg! >>> 16;
      if (x >= 0x400 || y >= 0x400 || dest >= 0x400) continue;
      oparg = x | (y << 10) | (dest << 20);
    } else if (a.uop.endsWith('_L') || a.uop.endsWith('_FL')) {
      if (dest >= 0x8000) continue;
      oparg = a.oparg! | (dest << 16);
    } else {
      oparg = dest;
    }
    ops.splice(i, 2, { ...a, uop: `${a.uop}_ST`, oparg });
    fused++;
  }
  return fused;
}

/** Peephole passes: constant folding and dead stack traffic. Returns the number of changes. */
function peephole(ops: TraceOp[]): number {
  let changes = 0;
  for (let i = 0; i < ops.length; i++) {
    const a = ops[i];
    const b = ops[i + 1];
    const c = ops[i + 2];
    // LOAD_CONST x; LOAD_CONST y; ADD_INT → LOAD_CONST (x+y) when it fits.
    if (a?.uop === 'LOAD_CONST' && b?.uop === 'LOAD_CONST' && c && INT_FOLD[c.uop] && isIntWord(a.word) && isIntWord(b.word)) {
      const r = INT_FOLD[c.uop](intOfWord(a.word), intOfWord(b.word));
      if (r !== null && r >= SMALL_MIN && r <= SMALL_MAX) {
        ops.splice(i, 3, { uop: 'LOAD_CONST', operand0: intWord(r), word: intWord(r) });
        changes++;
        i = Math.max(-1, i - 2);
        continue;
      }
    }
    // LOAD_CONST k; ADD_INT → ADD_INT_CONST k (the other operand is known int:
    // its guard is gone). On overflow the constant is not on the stack, so the
    // exit resumes at the LOAD_CONST bytecode, which pushes it again.
    // (The constant added must itself be a small int: not the negation of the smallest.)
    if (a?.uop === 'LOAD_CONST' && b && (b.uop === 'ADD_INT' || b.uop === 'SUB_INT') && isIntWord(a.word) && a.bcPc !== undefined && a.codeIndex === b.codeIndex &&
        !(b.uop === 'SUB_INT' && intOfWord(a.word) === SMALL_MIN)) {
      const k = intOfWord(a.word);
      ops.splice(i, 2, { ...b, uop: 'ADD_INT_CONST', operand0: b.uop === 'ADD_INT' ? k : -k, resumePc: a.bcPc });
      changes++;
      continue;
    }
    // STORE_LOCAL n; LOAD_LOCAL n → STORE_LOCAL_KEEP n.
    if (a?.uop === 'STORE_LOCAL' && b?.uop === 'LOAD_LOCAL' && a.oparg === b.oparg) {
      ops.splice(i, 2, { uop: 'STORE_LOCAL_KEEP', oparg: a.oparg });
      changes++;
      continue;
    }
    // A value loaded and dropped, or copied and dropped.
    if ((a?.uop === 'LOAD_LOCAL' || a?.uop === 'LOAD_CONST' || a?.uop === 'COPY_TOP' || a?.uop === 'LOAD_GLOBAL') && b?.uop === 'POP_TOP') {
      ops.splice(i, 2);
      changes++;
      i = Math.max(-1, i - 2);
      continue;
    }
    if (a?.uop === 'SWAP' && b?.uop === 'SWAP') {
      ops.splice(i, 2);
      changes++;
      i = Math.max(-1, i - 2);
    }
  }
  return changes;
}

/** Uops that pop or push a number of stack words their stack effect does not show (oparg-sized). */
const VARIADIC_STACK = ['BUILD_', 'PUSH_FRAME', 'POP_FRAME', 'CALL_', 'RETURN_', 'RANGE_ITER_NEW', 'UNPACK'];
const isVariadic = (uop: string) => VARIADIC_STACK.some((prefix) => uop.startsWith(prefix));

/**
 * A list item that a float guard checks next (before anything else reads that
 * slot) is checked by its load instead (LIST_GET_INT_FLOAT): a non-float then
 * leaves before the subscript, which tier-1 redoes, and the later guard is
 * proven. A type exit, so that lists of other items grow side traces.
 */
function checkFloatLoads(ops: readonly TraceOp[]): TraceOp[] {
  const out = ops.slice();
  for (let i = 0; i < out.length; i++) {
    if (out[i].uop !== 'LIST_GET_INT') continue;
    let depth = 1; // the item's slot, from the top
    for (let k = i + 1; k < out.length; k++) {
      const op = out[k];
      const guard = STACK_GUARDS[op.uop];
      if (guard?.some(([d, t]) => d === depth && t === VType.FLOAT)) {
        out[i] = { ...out[i], uop: 'LIST_GET_INT_FLOAT', reason: 'type' };
        break;
      }
      const effect = STACK_EFFECT.get(op.uop);
      if (!effect || op.target !== undefined || isVariadic(op.uop) || effect.inputs.length >= depth) break;
      depth += effect.outputs.length - effect.inputs.length;
    }
  }
  return out;
}

export interface OptimizedTrace {
  ops: TraceOp[];
  /** Index where a loop's JUMP_TO_TOP goes (after the peeled first iteration), if peeled. */
  loopStart?: number;
  stats: OptimizeStats;
}

/**
 * Optimizes a recorded trace. `loop`: ops are one iteration of a loop and the
 * result ends with JUMP_TO_TOP; otherwise they end with their own EXIT_TRACE.
 */
export function optimizeTrace(recordedOps: readonly TraceOp[], loop: boolean): OptimizedTrace {
  const recordedGuards = recordedOps.filter(isGuard).length;
  const recorded = checkFloatLoads(recordedOps);
  const first = eliminateGuards(recorded, new Facts());
  let folded = peephole(first.ops);
  if (!loop) {
    const fused = fuse(first.ops);
    const guards = first.ops.filter(isGuard).length;
    return {
      ops: first.ops,
      stats: { recordedUops: recorded.length, recordedGuards, loopUops: first.ops.length, loopGuards: guards, removedGuards: recordedGuards - guards, folded, fused, peeled: false },
    };
  }
  // Loop: find facts that hold at the head of every iteration after the first.
  let assumed = first.facts;
  let body = eliminateGuards(recorded, assumed);
  for (let i = 0; i < 8 && !implies(body.facts, assumed); i++) {
    assumed = intersect(assumed, body.facts);
    body = eliminateGuards(recorded, assumed);
  }
  if (!implies(body.facts, assumed)) body = eliminateGuards(recorded, new Facts());
  folded += peephole(body.ops);
  // Registers for loop-carried float locals: the body reads them from the
  // registers the end of the first iteration loads (so the loop is peeled).
  const enterRegisters = keepFloatLocalsInRegisters(first.ops, body.ops);
  const fused = fuse(first.ops) + fuse(body.ops);
  const bodyGuards = body.ops.filter(isGuard).length;
  const firstGuards = first.ops.filter(isGuard).length;
  const peeled = enterRegisters.length > 0 || bodyGuards < firstGuards || body.ops.length < first.ops.length;
  const prologue = [...first.ops, ...enterRegisters];
  const ops = peeled ? [...prologue, ...body.ops, { uop: 'JUMP_TO_TOP' }] : [...first.ops, { uop: 'JUMP_TO_TOP' }];
  const loopOps = peeled ? body.ops : first.ops;
  return {
    ops,
    loopStart: peeled ? prologue.length : undefined,
    stats: {
      recordedUops: recorded.length,
      recordedGuards,
      loopUops: loopOps.length + 1,
      loopGuards: loopOps.filter(isGuard).length,
      removedGuards: recordedGuards - loopOps.filter(isGuard).length,
      folded,
      fused,
      peeled,
    },
  };
}

