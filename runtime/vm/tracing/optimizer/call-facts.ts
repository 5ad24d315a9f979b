// Guard elimination's view of the call uops of cases/calls.c (special methods
// and class instantiation, record-calls.ts): they move stack words themselves
// (their DSL stack effect is empty), so their effect on the facts is spelled here.
import { VType, type TraceOp } from '../trace-ir.ts';
import { T, UNKNOWN, type Fact, type FrameFacts } from './abstract-facts.ts';

/** The uops this module knows. */
export const CALL_UOPS: ReadonlySet<string> = new Set(['INSERT_REFLECTED', 'GUARD_CLASS_AT', 'NEW_INSTANCE', 'INIT_RESULT', 'EXPAND_METHOD', 'EXPAND_SUPER']);

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
    default:
      throw new Error(`optimizer: ${op.uop} is not a call uop`);
  }
}
