// Guard elimination's view of the call uops of cases/calls.c (special methods
// and class instantiation, record-calls.ts): they move stack words themselves
// (their DSL stack effect is empty), so their effect on the facts is spelled here.
import { VType, type TraceOp } from '../trace-ir.ts';
import { T, UNKNOWN, type Fact, type FrameFacts } from './abstract-facts.ts';

/** The uops this module knows. */
export const CALL_UOPS: ReadonlySet<string> = new Set(['INSERT_REFLECTED', 'GUARD_CLASS_AT', 'NEW_INSTANCE', 'INIT_RESULT', 'EXPAND_METHOD', 'EXPAND_SUPER', 'BIND_STAR_ARGS', 'EXPAND_STAR_KW']);

/** BIND_STAR_ARGS's words in and out (cases/uops_kwcalls.c): the extra positional and keyword values, then the keyword-only parameters, *args, **kwargs. */
export function bindStarEffect(oparg: number): { consumed: number; kwonly: number; varargs: boolean; varkw: boolean } {
  return { consumed: (oparg & 255) + ((oparg >> 8) & 255), kwonly: (oparg >> 16) & 255, varargs: ((oparg >> 24) & 1) !== 0, varkw: ((oparg >> 25) & 1) !== 0 };
}

/** EXPAND_STAR_KW's words in and out: [f args (kwargs)] -> [f (self) a0.. v0..]. */
export function expandStarEffect(oparg: number): { consumed: number; spread: number; method: boolean } {
  const hasKw = ((oparg >> 16) & 1) !== 0;
  return { consumed: hasKw ? 2 : 1, spread: (oparg & 255) + ((oparg >> 8) & 255), method: ((oparg >> 17) & 1) !== 0 };
}

/** Applies one of CALL_UOPS to the facts of the running frame; false when it is a guard already known to hold. */
export function stepCallUop(op: TraceOp, f: FrameFacts): boolean {
  switch (op.uop) {
    case 'INSERT_REFLECTED': {
      // [a b] -> [function b a]
      const b = f.pop();
      const a = f.pop();
      f.push({ type: VType.FUNCTION, word: BigInt(op.operand0!) });
      f.push(b);
      f.push(a);
      return true;
    }
    case 'GUARD_CLASS_AT': {
      // The class word and its version, as a shape-like key (no other guard proves it).
      const d = op.oparg!;
      const key = `class:${op.operand1}`;
      const word = BigInt(op.operand0!);
      const known = f.peek(d);
      if (known.word === word && known.shape === key) return false;
      f.set(d, { type: VType.UNKNOWN, word, shape: key });
      return true;
    }
    case 'NEW_INSTANCE': {
      // [cls a0..] -> [cls instance a0..]; the instance has the class's root shape (OPERAND0 >> 20)
      // under the version GUARD_CLASS_AT proved, when that is still known.
      const args: Fact[] = [];
      for (let i = 0; i < op.oparg!; i++) args.unshift(f.pop());
      const cls = f.peek(1).shape;
      f.push(cls?.startsWith('class:') ? { type: VType.INSTANCE, shape: `${BigInt(op.operand0!) >> 20n}:${cls.slice(6)}` } : T(VType.INSTANCE));
      for (const a of args) f.push(a);
      return true;
    }
    case 'EXPAND_METHOD':
    case 'EXPAND_SUPER': {
      // [m a0..] -> [function self a0..] (m a bound method or a super object)
      const args: Fact[] = [];
      for (let i = 0; i < op.oparg!; i++) args.unshift(f.pop());
      f.pop();
      f.push({ type: VType.FUNCTION, word: BigInt(op.operand0!) });
      f.push(UNKNOWN);
      for (const a of args) f.push(a);
      return true;
    }
    case 'INIT_RESULT':
      f.set(1, T(VType.INSTANCE));
      return true;
    case 'BIND_STAR_ARGS': {
      const e = bindStarEffect(op.oparg!);
      for (let i = 0; i < e.consumed; i++) f.pop();
      for (let i = 0; i < e.kwonly; i++) f.push(UNKNOWN);
      if (e.varargs) f.push(T(VType.TUPLE));
      if (e.varkw) f.push(UNKNOWN);
      return true;
    }
    case 'EXPAND_STAR_KW': {
      // The args tuple and the kwargs dict give way to their items (a bound method to its function and self).
      const e = expandStarEffect(op.oparg!);
      for (let i = 0; i < e.consumed; i++) f.pop();
      if (e.method) {
        f.pop();
        f.push({ type: VType.FUNCTION, word: BigInt(op.operand1!) });
        f.push(UNKNOWN);
      }
      for (let i = 0; i < e.spread; i++) f.push(UNKNOWN);
      return true;
    }
    default:
      throw new Error(`optimizer: ${op.uop} is not a call uop`);
  }
}
