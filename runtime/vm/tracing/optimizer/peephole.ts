// Peephole passes: constant folding (constant-constant int arithmetic, a
// constant operand into ADD_INT_CONST) and dead stack traffic (STORE+LOAD of
// one local, LOAD+POP, SWAP+SWAP).
import type { TraceOp } from '../trace-ir.ts';
import { intOfWord, intWord, isIntWord, SMALL_MAX, SMALL_MIN } from './trace-words.ts';

const INT_FOLD: Record<string, (a: bigint, b: bigint) => bigint | null> = {
  ADD_INT: (a, b) => a + b,
  SUB_INT: (a, b) => a - b,
  MUL_INT: (a, b) => a * b,
};
/** Peephole passes: constant folding and dead stack traffic. Returns the number of changes. */
export function peephole(ops: TraceOp[]): number {
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

