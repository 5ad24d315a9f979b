// Guard elimination: an abstract interpretation over the uops tracks what is
// known about every stack slot, local and global (types, exact words); a
// guard whose condition is already known is dropped, a two-slot guard with one
// slot known becomes the other slot's guard, and a uop adds what its declared
// facts say (the type of its result, the types its guards prove: the cases'
// typed stack effects, build/uops.ts).
import { LAYOUT as L } from '../../../../build/layout.ts';
import { objTypeOf, typeOfConstantWord, variadicInputs, VType, type TraceOp } from '../trace-ir.ts';
import { Facts, forgetShapes, FrameFacts, T, UNKNOWN, type Fact } from './abstract-facts.ts';
import { guardOf, OUTPUT_TYPES, STACK_GUARDS, UOP_INFO } from './uop-lookups.ts';
import { CALL_UOPS, stepCallUop } from './call-facts.ts';

/** Uops that can fail a check (by the cases' naming): counted in the statistics. */
export const isGuard = (op: TraceOp) => op.uop.startsWith('GUARD_');

function typeOfTag(tag: number): VType {
  if (tag === L.TAG_INT) return VType.INT;
  if (tag === L.TAG_BOOL) return VType.BOOL;
  if (tag === L.TAG_NONE) return VType.NONE;
  return VType.UNKNOWN;
}

const OBJ_VTYPES = [VType.LIST, VType.TUPLE, VType.RANGE_ITER, VType.LIST_ITER, VType.FUNCTION, VType.BUILTIN, VType.MODULE, VType.STR, VType.BIGINT, VType.INSTANCE];
/**
 * Objects the lattice has no VType for (dicts, sets, instances, ...) get a
 * type of their own per heap type code, so a guard on one is only ever proven
 * by an earlier guard on the same code.
 */
const OTHER_OBJECT_BASE = 64;
function typeOfObj(objType: number): VType {
  return OBJ_VTYPES.find((t) => objTypeOf(t) === objType) ?? ((OTHER_OBJECT_BASE + objType) as VType);
}

/**
 * One pass over ops from the given facts: drops proven guards, returns the
 * kept ops and the facts at the end.
 */
export function eliminateGuards(ops: readonly TraceOp[], entry: Facts): { ops: TraceOp[]; facts: Facts } {
  const facts = entry.clone();
  const out: TraceOp[] = [];
  let prev: TraceOp | undefined;
  for (const op of ops) {
    const f = facts.top;
    const half = halfKnownGuard(op, f);
    const keep = op.uop === 'GUARD_SHAPE' ? shapeGuard(op, f, prev) : step(op, facts, f);
    if (keep) out.push(half ?? op);
    prev = op;
  }
  return { ops: out, facts };
}

/**
 * GUARD_SHAPE: dropped when the top's shape and class version are known; else
 * they are known after it, also for the local the top was just loaded from.
 * (Not the declared-guard path: knowing the top is an instance is not knowing its shape.)
 */
function shapeGuard(op: TraceOp, f: FrameFacts, prev: TraceOp | undefined): boolean {
  const shape = `${op.operand0}:${op.operand1}`;
  const top = f.peek(1);
  if (top.shape === shape) return false;
  const fact: Fact = { type: VType.INSTANCE, word: top.word, shape };
  f.set(1, fact);
  if (prev?.uop === 'LOAD_LOCAL') f.locals.set(prev.oparg!, fact);
  return true;
}

/** A two-slot guard with one slot already known: the guard of the other slot alone (same exit), or null. */
function halfKnownGuard(op: TraceOp, f: FrameFacts): TraceOp | null {
  const guards = STACK_GUARDS.get(op.uop);
  if (guards?.length !== 2) return null;
  const [[d1, t1], [d2, t2]] = guards;
  const topKnown = f.peek(d1).type === t1;
  const secondKnown = f.peek(d2).type === t2;
  if (topKnown === secondKnown) return null;
  const other = topKnown ? guardOf(d2, t2) : guardOf(d1, t1);
  return other === undefined ? null : { ...op, uop: other };
}

/** Applies op to the facts; returns false when the op is a guard already known to hold. */
function step(op: TraceOp, facts: Facts, f: FrameFacts): boolean {
  const stackGuard = STACK_GUARDS.get(op.uop);
  if (stackGuard) {
    const known = stackGuard.every(([d, t]) => f.peek(d).type === t);
    for (const [d, t] of stackGuard) if (f.peek(d).type !== t) f.set(d, T(t));
    return !known;
  }
  if (CALL_UOPS.has(op.uop)) return stepCallUop(op, f);
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
    case 'GUARD_STACK_IS_NOT': {
      // An inlined special method's result checked against NotImplemented (record-declines.ts):
      // proven for another known word, or a value of a type NotImplemented (an instance) never has.
      const k = f.peek(op.oparg!);
      if (k.word !== undefined) return k.word === BigInt(op.operand0!);
      return k.type === VType.UNKNOWN || k.type === VType.INSTANCE || k.type === VType.OTHER;
    }
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
    case 'COPY_AT':
      f.push(f.peek(op.oparg!));
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
    case 'PUSH_FRAME': {
      const callee = new FrameFacts();
      const n = op.oparg!;
      for (let i = 0; i < n; i++) callee.locals.set(i, f.peek(n - i));
      facts.frames.push(callee);
      return true;
    }
    case 'PUSH_GEN_FRAME':
      // A generator's frame (cases/uops_generators.c): its locals and stack come from the generator, nothing known.
      facts.frames.push(new FrameFacts());
      return true;
    case 'POP_GEN_FRAME':
    case 'RETURN_GEN_FRAME': {
      // The yielded value lands above the generator in the consumer's stack; a return pops the generator.
      const result = f.pop();
      facts.frames.pop();
      if (facts.frames.length === 0) facts.frames.push(new FrameFacts());
      if (op.uop === 'POP_GEN_FRAME') facts.top.push(result);
      else facts.top.pop();
      return true;
    }
    case 'UNPACK_TUPLE':
    case 'UNPACK_LIST':
      // The sequence gives way to its OPARG items (the DSL declares no fixed outputs).
      f.pop();
      for (let i = 0; i < op.oparg!; i++) f.push(UNKNOWN);
      return true;
    case 'MAKE_CELL':
      // The local now holds a cell.
      f.locals.set(op.oparg!, T(VType.OTHER));
      return true;
    case 'MAKE_FUNCTION':
    case 'BUILD_LIST':
    case 'BUILD_TUPLE':
      // Their inputs give way to the new object (the DSL declares no fixed inputs).
      for (let i = variadicInputs(op); i > 0; i--) f.pop();
      f.push(T(op.uop === 'BUILD_LIST' ? VType.LIST : op.uop === 'BUILD_TUPLE' ? VType.TUPLE : VType.FUNCTION));
      return true;
    case 'STORE_SLOT_ADD': {
      f.pop();
      const obj = f.pop();
      // The instance stored to moves to shape OPERAND0, its class (and version) unchanged: the
      // locals it was loaded from (the same guarded fact) know that; other shapes are forgotten.
      const holders = obj.shape === undefined || obj.shape.startsWith('class:') ? [] : [...f.locals].filter(([, v]) => v === obj).map(([k]) => k);
      forgetShapes(facts);
      if (holders.length > 0) {
        const moved: Fact = { type: VType.INSTANCE, word: obj.word, shape: `${op.operand0}:${obj.shape!.split(':')[1]}` };
        for (const k of holders) f.locals.set(k, moved);
      }
      return true;
    }
    case 'GUARD_SHAPE_AT': {
      const shape = `${op.operand0}:${op.operand1}`;
      const d = op.oparg!;
      if (f.peek(d).shape === shape) return false;
      f.set(d, { type: VType.INSTANCE, word: f.peek(d).word, shape });
      return true;
    }
    case 'INSERT_METHOD': {
      // The function goes under the receiver and its arguments (OPARG words).
      const items: Fact[] = [];
      for (let i = 0; i < op.oparg!; i++) items.unshift(f.pop());
      f.push({ type: VType.FUNCTION, word: BigInt(op.operand0!) });
      for (const it of items) f.push(it);
      return true;
    }
    case 'CALL_TOP':
    case 'CALL_TRACE': {
      forgetShapes(facts);
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
    case 'MAKE_GENERATOR':
    case 'POP_FRAME': {
      const result = op.uop === 'POP_FRAME' ? f.pop() : UNKNOWN;
      facts.frames.pop();
      // Returning from the trace's base frame (a side trace leaving its method): nothing is known of the caller.
      if (facts.frames.length === 0) facts.frames.push(new FrameFacts());
      const caller = facts.top;
      for (let i = 0; i <= op.oparg!; i++) caller.pop();
      caller.push(result);
      return true;
    }
  }
  // Otherwise the declared stack effect: an item kept in place keeps what is known of it, an output gets its declared type.
  const effect = UOP_INFO.get(op.uop)?.stack;
  if (!effect) throw new Error(`optimizer: unknown uop ${op.uop}`);
  const types = OUTPUT_TYPES.get(op.uop)!;
  const popped: Fact[] = [];
  for (let i = 0; i < effect.inputs.length; i++) popped.unshift(f.pop());
  effect.outputs.forEach((name, k) => f.push(effect.inputs[k] === name ? popped[k] : types[k] !== VType.UNKNOWN ? T(types[k]) : UNKNOWN));
  return true;
}

