// Hand-built traces shared by the trace tests and the compile benchmark. Each
// is what the recorder would produce for a small Python loop; the comments give
// the exit numbers (exits are numbered in order over guard-capable uops and
// EXIT_TRACE).
import type { TraceInstruction } from '../../runtime/jit/trace-compiler.ts';
import { int } from './native-state.ts';

export const op = (uop: string, fields: Omit<TraceInstruction, 'uop'> = {}): TraceInstruction => ({ uop, ...fields });

/**
 * while i < n: s += i; i += 1    (locals: i=0, n=1, s=2)
 * exits: 0 GUARD_BOTH_INT(i,n)  1 GUARD_TRUE_POP (loop done)  2 GUARD_BOTH_INT(s,i)
 *        3 ADD_INT overflow     4 GUARD_INT(i)                5 ADD_INT_CONST overflow
 */
export function sumLoop(): TraceInstruction[] {
  return [
    op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_LOCAL', { oparg: 1 }), op('GUARD_BOTH_INT'), op('LT_INT'), op('GUARD_TRUE_POP'),
    op('LOAD_LOCAL', { oparg: 2 }), op('LOAD_LOCAL', { oparg: 0 }), op('GUARD_BOTH_INT'), op('ADD_INT'), op('STORE_LOCAL', { oparg: 2 }),
    op('LOAD_LOCAL', { oparg: 0 }), op('GUARD_INT'), op('ADD_INT_CONST', { operand0: 1 }), op('STORE_LOCAL', { oparg: 0 }),
    op('JUMP_TO_TOP'),
  ];
}

/**
 * while i < n: x = x * a + b; i += 1    (locals: i=0, n=1, x=2, a=3, b=4)
 * exits: 0 GUARD_BOTH_INT  1 GUARD_TRUE_POP (done)  2 GUARD_LOCAL_FLOAT(x)  3 GUARD_BOTH_FLOAT(x,a)
 *        4 GUARD_FLOAT(b)  5 GUARD_INT(i)  6 ADD_INT_CONST
 */
export function floatLoop(): TraceInstruction[] {
  return [
    op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_LOCAL', { oparg: 1 }), op('GUARD_BOTH_INT'), op('LT_INT'), op('GUARD_TRUE_POP'),
    op('GUARD_LOCAL_FLOAT', { oparg: 2 }), op('LOAD_LOCAL', { oparg: 2 }), op('LOAD_LOCAL', { oparg: 3 }), op('GUARD_BOTH_FLOAT'), op('MUL_FLOAT'),
    op('LOAD_LOCAL', { oparg: 4 }), op('GUARD_FLOAT'), op('ADD_FLOAT'), op('STORE_LOCAL', { oparg: 2 }),
    op('LOAD_LOCAL', { oparg: 0 }), op('GUARD_INT'), op('ADD_INT_CONST', { operand0: 1 }), op('STORE_LOCAL', { oparg: 0 }),
    op('JUMP_TO_TOP'),
  ];
}

/**
 * while i < n: s += xs[i]; i += 1    (locals: i=0, n=1, s=2, xs=3)
 * exits: 0 GUARD_BOTH_INT  1 GUARD_TRUE_POP (done)  2 GUARD_LIST  3 GUARD_INT(i)  4 LIST_GET_INT (bounds)
 *        5 GUARD_BOTH_INT(s, item)  6 ADD_INT  7 GUARD_INT(i)  8 ADD_INT_CONST
 */
export function listLoop(): TraceInstruction[] {
  return [
    op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_LOCAL', { oparg: 1 }), op('GUARD_BOTH_INT'), op('LT_INT'), op('GUARD_TRUE_POP'),
    op('LOAD_LOCAL', { oparg: 2 }),
    op('LOAD_LOCAL', { oparg: 3 }), op('GUARD_LIST'), op('LOAD_LOCAL', { oparg: 0 }), op('GUARD_INT'), op('LIST_GET_INT'),
    op('GUARD_BOTH_INT'), op('ADD_INT'), op('STORE_LOCAL', { oparg: 2 }),
    op('LOAD_LOCAL', { oparg: 0 }), op('GUARD_INT'), op('ADD_INT_CONST', { operand0: 1 }), op('STORE_LOCAL', { oparg: 0 }),
    op('JUMP_TO_TOP'),
  ];
}

/**
 * while i < n:                      (locals: i=0, n=1, s=2)
 *     if i % 3 == 0: s += i
 *     else: s -= 1
 *     i += 1
 * exits: 0 GUARD_BOTH_INT  1 GUARD_TRUE_POP (done)  2 MOD_INT  3 ADD_INT  4 SUB_INT  5 ADD_INT_CONST
 */
export function ifElseLoop(): TraceInstruction[] {
  return [
    /* 0 */ op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_LOCAL', { oparg: 1 }), op('GUARD_BOTH_INT'), op('LT_INT'), op('GUARD_TRUE_POP'),
    /* 5 */ op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_CONST', { operand0: int(3) }), op('MOD_INT'), op('LOAD_CONST', { operand0: int(0) }), op('EQ_INT'),
    /* 10 */ op('POP_JUMP_IF_FALSE', { target: 16 }),
    /* 11 */ op('LOAD_LOCAL', { oparg: 2 }), op('LOAD_LOCAL', { oparg: 0 }), op('ADD_INT'), op('STORE_LOCAL', { oparg: 2 }), op('JUMP', { target: 20 }),
    /* 16 */ op('LOAD_LOCAL', { oparg: 2 }), op('LOAD_CONST', { operand0: int(1) }), op('SUB_INT'), op('STORE_LOCAL', { oparg: 2 }),
    /* 20 */ op('LOAD_LOCAL', { oparg: 0 }), op('ADD_INT_CONST', { operand0: 1 }), op('STORE_LOCAL', { oparg: 0 }),
    /* 23 */ op('JUMP_TO_TOP'),
  ];
}

/** A long realistic trace: `bodies` copies of the sum-loop body with different locals, ending in JUMP_TO_TOP. */
export function longTrace(targetUops: number): TraceInstruction[] {
  const body = sumLoop().slice(0, -1);
  const out: TraceInstruction[] = [];
  const mix = [body, floatLoop().slice(0, -1), listLoop().slice(0, -1), ifElseLoop().slice(5, 20)];
  for (let k = 0; out.length + 1 < targetUops; k++) {
    const part = mix[k % mix.length];
    for (const ins of part) {
      if (out.length + 1 >= targetUops) break;
      // Keep jump targets inside the trace: shift them with the copy.
      if (ins.target !== undefined) continue;
      out.push({ ...ins });
    }
  }
  out.push(op('JUMP_TO_TOP'));
  return out;
}
