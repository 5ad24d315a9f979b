// The optimizer's passes one by one (runtime/vm/tracing/optimizer/), each
// with a table of trace snippets and what the pass makes of them. The
// snippets are written `UOP oparg k=WORD @OPERAND0`, `;`-separated; a WORD is
// `i<int>` or `f<float>` (the VM's boxed words). What the passes do to whole
// programs is checked against python3 by the JIT corpus and fuzz tests; that
// each superinstruction behaves as the uops it replaces, natively, by
// jit-superinstructions.test.ts.
import { describe, expect, it } from 'vitest';
import { LAYOUT } from '../build/layout.ts';
import type { TraceOp } from '../runtime/vm/tracing/trace-ir.ts';
import { Facts } from '../runtime/vm/tracing/optimizer/abstract-facts.ts';
import { checkFloatLoads } from '../runtime/vm/tracing/optimizer/float-loads.ts';
import { keepFloatLocalsInRegisters } from '../runtime/vm/tracing/optimizer/float-locals.ts';
import { fuseFloatRegister, fuseRegisterOperands } from '../runtime/vm/tracing/optimizer/float-register-fusion.ts';
import { eliminateGuards } from '../runtime/vm/tracing/optimizer/guard-elimination.ts';
import { peephole } from '../runtime/vm/tracing/optimizer/peephole.ts';
import { forwardConstants, fuse, fuseCompareBranches, fuseListUpdates, fuseStores, specializeFrames } from '../runtime/vm/tracing/optimizer/superinstructions.ts';
import { intWord } from '../runtime/vm/tracing/optimizer/trace-words.ts';
import { optimizeTrace } from '../runtime/vm/tracing/trace-optimizer.ts';

const floatWord = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0];
const word = (w: string): bigint => (w[0] === 'i' ? intWord(BigInt(w.slice(1))) : w[0] === 'f' ? floatWord(Number(w.slice(1))) : BigInt(w));

/** `LOAD_CONST k=i3; ADD_INT` as trace ops (k= is a LOAD_CONST's word; @ an operand0; pc= a bytecode pc). */
function trace(text: string): TraceOp[] {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [uop, ...args] = s.split(/\s+/);
      const op: TraceOp = { uop };
      for (const a of args) {
        if (a.startsWith('k=')) op.word = op.operand0 = word(a.slice(2));
        else if (a.startsWith('@')) op.operand0 = word(a.slice(1));
        else if (a.startsWith('pc=')) op.bcPc = Number(a.slice(3));
        else op.oparg = Number(a);
      }
      return op;
    });
}

/** Ops in the same notation (operand0 as a number, a constant as its word). */
function show(ops: readonly TraceOp[]): string {
  return ops
    .map((op) => {
      const parts = [op.uop];
      if (op.oparg !== undefined) parts.push(String(op.oparg));
      if (op.operand0 !== undefined) parts.push(`@${BigInt(op.operand0)}`);
      return parts.join(' ');
    })
    .join('; ');
}

type Case = [input: string, expected: string];

function table(name: string, pass: (ops: TraceOp[]) => TraceOp[], cases: Case[]) {
  describe(name, () => {
    for (const [input, expected] of cases) {
      it(`${input}  =>  ${expected || '(nothing)'}`, () => {
        expect(show(pass(trace(input)))).toBe(show(trace(expected)));
      });
    }
  });
}

/** A pass that edits in place (and returns a count) as one that returns the ops. */
const inPlace = (f: (ops: TraceOp[]) => unknown) => (ops: TraceOp[]) => {
  f(ops);
  return ops;
};

const LL = (a: number, b: number) => a | (b << 16);
const I = (n: number) => word(`i${n}`);
const F = (x: number) => word(`f${x}`);

table('guard elimination: guards the facts already prove go', (ops) => eliminateGuards(ops, new Facts()).ops, [
  ['LOAD_CONST k=i1; GUARD_INT', 'LOAD_CONST k=i1'],
  ['LOAD_LOCAL 0; GUARD_INT; LOAD_LOCAL 0; GUARD_INT', 'LOAD_LOCAL 0; GUARD_INT; LOAD_LOCAL 0; GUARD_INT'],
  [`GUARD_LOCAL_TAG 0 @${LAYOUT.TAG_INT}; LOAD_LOCAL 0; GUARD_INT`, `GUARD_LOCAL_TAG 0 @${LAYOUT.TAG_INT}; LOAD_LOCAL 0`],
  // A result type from the cases (ADD_INT ( -- res: int)).
  ['LOAD_LOCAL 0; LOAD_LOCAL 1; GUARD_BOTH_INT; ADD_INT; GUARD_INT', 'LOAD_LOCAL 0; LOAD_LOCAL 1; GUARD_BOTH_INT; ADD_INT'],
  ['LOAD_LOCAL 0; LOAD_LOCAL 1; TRUEDIV_INT; GUARD_FLOAT', 'LOAD_LOCAL 0; LOAD_LOCAL 1; TRUEDIV_INT'],
  ['LOAD_LOCAL 0; LOAD_LOCAL 1; LT_FLOAT; GUARD_BOOL', 'LOAD_LOCAL 0; LOAD_LOCAL 1; LT_FLOAT'],
  // A two-slot guard with one slot known becomes the other slot's guard (the cases' one-slot guards).
  ['LOAD_CONST k=f1.5; LOAD_LOCAL 0; GUARD_BOTH_FLOAT', 'LOAD_CONST k=f1.5; LOAD_LOCAL 0; GUARD_FLOAT'],
  ['LOAD_LOCAL 0; LOAD_CONST k=f1.5; GUARD_BOTH_FLOAT', 'LOAD_LOCAL 0; LOAD_CONST k=f1.5; GUARD_FLOAT_SECOND'],
  ['LOAD_LOCAL 0; LOAD_CONST k=i2; GUARD_BOTH_INT', 'LOAD_LOCAL 0; LOAD_CONST k=i2; GUARD_INT_SECOND'],
  // An item kept in place keeps what is known of it; the pushed one has its declared type.
  ['LOAD_LOCAL 0; GUARD_RANGE_ITER; FOR_RANGE_NEXT; GUARD_INT; POP_TOP; GUARD_RANGE_ITER', 'LOAD_LOCAL 0; GUARD_RANGE_ITER; FOR_RANGE_NEXT; POP_TOP'],
  ['LOAD_LOCAL 0; GUARD_LIST_ITER; FOR_LIST_NEXT; GUARD_INT', 'LOAD_LOCAL 0; GUARD_LIST_ITER; FOR_LIST_NEXT; GUARD_INT'],
  ['LOAD_LOCAL 0; LOAD_LOCAL 1; INT_TO_FLOAT_SECOND; GUARD_FLOAT_SECOND', 'LOAD_LOCAL 0; LOAD_LOCAL 1; INT_TO_FLOAT_SECOND'],
  ['LOAD_LOCAL 0; LOAD_LOCAL 1; LIST_GET_INT_FLOAT; GUARD_FLOAT', 'LOAD_LOCAL 0; LOAD_LOCAL 1; LIST_GET_INT_FLOAT'],
  // Locals and globals.
  ['LOAD_LOCAL 0; GUARD_FLOAT; STORE_LOCAL 3; GUARD_LOCAL_FLOAT 3', 'LOAD_LOCAL 0; GUARD_FLOAT; STORE_LOCAL 3'],
  ['GUARD_GLOBAL_FLOAT 2; GUARD_GLOBAL_FLOAT 2; LOAD_GLOBAL 2; GUARD_FLOAT', 'GUARD_GLOBAL_FLOAT 2; LOAD_GLOBAL 2'],
  ['LOAD_CONST k=i4; GUARD_STACK_IS 1 @' + I(4) + '; GUARD_INT', 'LOAD_CONST k=i4'],
]);

table('checkFloatLoads: a list item a float guard checks next is checked by its load', checkFloatLoads, [
  ['LIST_GET_INT; GUARD_FLOAT', 'LIST_GET_INT_FLOAT; GUARD_FLOAT'],
  ['LIST_GET_INT; LOAD_LOCAL 1; GUARD_FLOAT_SECOND', 'LIST_GET_INT_FLOAT; LOAD_LOCAL 1; GUARD_FLOAT_SECOND'],
  ['LIST_GET_INT; LOAD_LOCAL 1; GUARD_BOTH_FLOAT', 'LIST_GET_INT_FLOAT; LOAD_LOCAL 1; GUARD_BOTH_FLOAT'],
  ['LIST_GET_INT; POP_TOP; GUARD_FLOAT', 'LIST_GET_INT; POP_TOP; GUARD_FLOAT'],
  ['LIST_GET_INT; GUARD_INT', 'LIST_GET_INT; GUARD_INT'],
  // A uop that moves the stack pointer itself ends the search.
  ['LIST_GET_INT; LOAD_LOCAL 1; BUILD_LIST 1; GUARD_FLOAT_SECOND', 'LIST_GET_INT; LOAD_LOCAL 1; BUILD_LIST 1; GUARD_FLOAT_SECOND'],
]);

table('peephole: constant folding and dead stack traffic', inPlace(peephole), [
  ['LOAD_CONST k=i3; LOAD_CONST k=i4; ADD_INT', `LOAD_CONST k=i7`],
  ['LOAD_CONST k=i3; LOAD_CONST k=i4; MUL_INT', `LOAD_CONST k=i12`],
  ['LOAD_CONST k=i140737488355327; LOAD_CONST k=i1; ADD_INT', 'LOAD_CONST k=i140737488355327; LOAD_CONST k=i1; ADD_INT'],
  [`LOAD_LOCAL 0; LOAD_CONST k=i5 pc=3; ADD_INT`, `LOAD_LOCAL 0; ADD_INT_CONST @5`],
  [`LOAD_LOCAL 0; LOAD_CONST k=i5 pc=3; SUB_INT`, `LOAD_LOCAL 0; ADD_INT_CONST @-5`],
  ['STORE_LOCAL 2; LOAD_LOCAL 2', 'STORE_LOCAL_KEEP 2'],
  ['LOAD_LOCAL 1; POP_TOP', ''],
  ['LOAD_LOCAL 1; COPY_TOP; POP_TOP; POP_TOP', ''],
  ['SWAP; SWAP', ''],
]);

describe('superinstructions: the cases\' variants and fusions, looked up', () => {
  const cases: Case[] = [
    // Operands from locals (forms _LL), a constant stored as well (_LLK).
    ['LOAD_LOCAL 1; LOAD_LOCAL 2; ADD_FLOAT', `ADD_FLOAT_LL ${LL(1, 2)}`],
    ['LOAD_LOCAL 1; LOAD_LOCAL 2; SUB_INT', `SUB_INT_LL ${LL(1, 2)}`],
    ['LOAD_LOCAL 1; LOAD_LOCAL 2; LIST_GET_INT', `LIST_GET_INT_LL ${LL(1, 2)}`],
    ['LOAD_LOCAL 1; LOAD_LOCAL 2; LIST_GET_INT_FLOAT', `LIST_GET_INT_LL_FLOAT ${LL(1, 2)}`],
    ['LOAD_LOCAL 1; LOAD_LOCAL 2; GUARD_NE_INT', `GUARD_NE_INT_LL ${LL(1, 2)}`],
    ['LOAD_LOCAL 0; LOAD_LOCAL 1; LOAD_LOCAL 2; LIST_SET_INT', `LOAD_LOCAL 0; LIST_SET_INT_LL ${LL(1, 2)}`],
    ['LOAD_CONST k=i7; LOAD_LOCAL 1; LOAD_LOCAL 2; LIST_SET_INT', `LIST_SET_INT_LLK ${LL(1, 2)} @${I(7)}`],
    // No such form: nothing fused (FLOORDIV_INT has no _LL; a local past 16 bits does not pack).
    ['LOAD_LOCAL 1; LOAD_LOCAL 2; FLOORDIV_INT', 'LOAD_LOCAL 1; LOAD_LOCAL 2; FLOORDIV_INT'],
    ['LOAD_LOCAL 70000; LOAD_LOCAL 2; ADD_INT', 'LOAD_LOCAL 70000; LOAD_LOCAL 2; ADD_INT'],
    // A local and a constant.
    ['LOAD_LOCAL 1; LOAD_CONST k=i3; GUARD_LT_INT', 'GUARD_LT_INT_LK 1 @3'],
    ['LOAD_LOCAL 1; LOAD_CONST k=i3; LIST_GET_INT', `LIST_GET_LOCAL_CONST ${LL(1, 3)}`],
    ['LOAD_LOCAL 1; LOAD_CONST k=i-3; LIST_GET_INT', 'LOAD_LOCAL 1; LOAD_CONST k=i-3; LIST_GET_INT'],
    ['LOAD_LOCAL 0; LOAD_LOCAL 1; LOAD_CONST k=i3; LIST_SET_INT', `LOAD_LOCAL 0; LIST_SET_LOCAL_CONST ${LL(1, 3)}`],
    ['LOAD_LOCAL 0; LOAD_LOCAL 4; ADD_FLOAT', `ADD_FLOAT_LL ${LL(0, 4)}`],
    ['LOAD_LOCAL 0; GUARD_FLOAT; LOAD_LOCAL 4; MUL_FLOAT', 'LOAD_LOCAL 0; GUARD_FLOAT; MUL_FLOAT_L 4'],
    [`LOAD_LOCAL 0; LOAD_CONST k=f2; MUL_FLOAT`, `LOAD_LOCAL 0; MUL_FLOAT_K @${F(2)}`],
    [`LOAD_LOCAL 0; LOAD_CONST k=i2; MUL_FLOAT`, `LOAD_LOCAL 0; LOAD_CONST k=i2; MUL_FLOAT`],
    // Constant divisors: a power of two's exponent, or the divisor.
    ['LOAD_LOCAL 0; LOAD_CONST k=i8; FLOORDIV_INT', 'LOAD_LOCAL 0; FLOORDIV_INT_POW2 3'],
    ['LOAD_LOCAL 0; LOAD_CONST k=i10; MOD_INT', 'LOAD_LOCAL 0; MOD_INT_CONST 10'],
    ['LOAD_LOCAL 0; LOAD_CONST k=i0; MOD_INT', 'LOAD_LOCAL 0; LOAD_CONST k=i0; MOD_INT'],
    // Fusions (the cases' fuses(...)): a comparison and its branch, a bool guard and its branch.
    ['LOAD_LOCAL 0; GUARD_INT; LOAD_LOCAL 9; GUARD_INT; LT_INT; GUARD_FALSE_POP', 'LOAD_LOCAL 0; GUARD_INT; LOAD_LOCAL 9; GUARD_INT; GUARD_GE_INT'],
    ['LOAD_LOCAL 0; GUARD_BOOL; GUARD_FALSE_POP', 'LOAD_LOCAL 0; GUARD_IS_FALSE_POP'],
    // A store form (_ST and FOR_RANGE_NEXT_STORE).
    ['LOAD_LOCAL 0; FOR_RANGE_NEXT; STORE_LOCAL 3', 'LOAD_LOCAL 0; FOR_RANGE_NEXT_STORE 3'],
    ['LOAD_LOCAL 0; GUARD_FLOAT; LOAD_LOCAL 4; ADD_FLOAT; STORE_LOCAL 5', `LOAD_LOCAL 0; GUARD_FLOAT; ADD_FLOAT_L_ST ${LL(4, 5)}`],
    [`LOAD_LOCAL 1; LOAD_LOCAL 2; ADD_FLOAT; STORE_LOCAL 3`, `ADD_FLOAT_LL_ST ${1 | (2 << 10) | (3 << 20)}`],
    // A float result read at once by the next float operation goes through ftos.
    ['LOAD_LOCAL 1; LOAD_LOCAL 2; MUL_FLOAT; LOAD_LOCAL 3; ADD_FLOAT', `MUL_FLOAT_LL_F ${LL(1, 2)}; ADD_FLOAT_FL 3`],
    ['LOAD_LOCAL 0; LOAD_LOCAL 1; LOAD_LOCAL 2; MUL_FLOAT; ADD_FLOAT', `LOAD_LOCAL 0; MUL_FLOAT_LL_F ${LL(1, 2)}; ADD_FLOAT_XF`],
    ['LOAD_LOCAL 0; LOAD_LOCAL 1; LOAD_LOCAL 2; MUL_FLOAT; DIV_FLOAT; STORE_LOCAL 6', `LOAD_LOCAL 0; MUL_FLOAT_LL_F ${LL(1, 2)}; DIV_FLOAT_XF_ST 6`],
    // Inlined calls of 1-3 arguments.
    [`PUSH_FRAME 2 @${(5n << 40n) | (4n << 20n) | 3n}`, `PUSH_FRAME_2 ${3 | ((LAYOUT.SIZEOF_FRAME_HEADER / 8 + 3 + 4) << 16)} @5`],
    [`PUSH_FRAME 4 @${(5n << 40n) | (4n << 20n) | 3n}`, `PUSH_FRAME 4 @${(5n << 40n) | (4n << 20n) | 3n}`],
  ];
  for (const [input, expected] of cases) {
    it(`${input}  =>  ${expected}`, () => {
      const ops = trace(input);
      fuse(ops);
      expect(show(ops)).toBe(show(trace(expected)));
    });
  }
});

table('fuseCompareBranches: the negated comparison for the false branch', inPlace(fuseCompareBranches), [
  ['LT_INT; GUARD_TRUE_POP', 'GUARD_LT_INT'],
  ['LT_INT; GUARD_FALSE_POP', 'GUARD_GE_INT'],
  ['EQ_INT; GUARD_FALSE_POP', 'GUARD_NE_INT'],
  ['LT_FLOAT; GUARD_TRUE_POP', 'LT_FLOAT; GUARD_TRUE_POP'],
  ['GUARD_BOOL; GUARD_TRUE_POP', 'GUARD_BOOL; GUARD_TRUE_POP'],
]);

table('forwardConstants: a local stored from a constant reads as it', inPlace(forwardConstants), [
  ['LOAD_CONST k=i3; STORE_LOCAL 4; LOAD_LOCAL 4', 'LOAD_CONST k=i3; STORE_LOCAL 4; LOAD_CONST k=i3'],
  ['LOAD_CONST k=i3; STORE_LOCAL 4; LOAD_LOCAL 0; STORE_LOCAL 4; LOAD_LOCAL 4', 'LOAD_CONST k=i3; STORE_LOCAL 4; LOAD_LOCAL 0; STORE_LOCAL 4; LOAD_LOCAL 4'],
  ['LOAD_CONST k=i3; STORE_LOCAL 4; POP_FRAME 1; LOAD_LOCAL 4', 'LOAD_CONST k=i3; STORE_LOCAL 4; POP_FRAME 1; LOAD_LOCAL 4'],
]);

table('float registers: operands in fr0/fr1', inPlace(fuseRegisterOperands), [
  ['LOAD_LOCAL 1; LOAD_LOCAL 2; MUL_FLOAT_LL; LOAD_FR0; ADD_FLOAT', 'LOAD_LOCAL 1; LOAD_LOCAL 2; MUL_FLOAT_LL_F; ADD_FLOAT_FR0'],
  [`LOAD_FR1; MUL_FLOAT_LL ${LL(1, 2)}; SUB_FLOAT`, `LOAD_FR1; MUL_FLOAT_LL_F ${LL(1, 2)}; SUB_FLOAT_R1F`],
  // The left operand is a local's load, not the register's.
  [`LOAD_FR1; LOAD_LOCAL 1; MUL_FLOAT_LL ${LL(1, 2)}; SUB_FLOAT`, `LOAD_FR1; LOAD_LOCAL 1; MUL_FLOAT_LL ${LL(1, 2)}; SUB_FLOAT`],
  // fr1 stored in between: its copy on the stack is the value, not the register.
  ['LOAD_FR1; LOAD_CONST k=f1; STORE_FR1 2; MUL_FLOAT_LL; SUB_FLOAT', 'LOAD_FR1; LOAD_CONST k=f1; STORE_FR1 2; MUL_FLOAT_LL; SUB_FLOAT'],
  ['LOAD_LOCAL 1; LOAD_FR0; LIST_GET_INT', 'LOAD_LOCAL 1; LOAD_FR0; LIST_GET_INT'],
]);

table('fuseFloatRegister: ftos between two float operations', inPlace(fuseFloatRegister), [
  ['MUL_FLOAT_L 1; ADD_FLOAT_K', 'MUL_FLOAT_L_F 1; ADD_FLOAT_FK'],
  ['ADD_FLOAT; DIV_FLOAT', 'ADD_FLOAT_F; DIV_FLOAT_XF'],
  ['LOAD_FR0; STORE_FR1 3', 'LOAD_FR0_F; STORE_FR1_F 3'],
  ['LIST_GET_LOCAL_CONST_FLOAT 1; MUL_FLOAT_K', 'LIST_GET_LOCAL_CONST_FLOAT_F 1; MUL_FLOAT_FK'],
  ['ADD_INT; ADD_FLOAT_K', 'ADD_INT; ADD_FLOAT_K'],
]);

table('fuseStores: results stored straight into their local', inPlace(fuseStores), [
  ['MUL_FLOAT_K; STORE_LOCAL 3', 'MUL_FLOAT_K_ST 3'],
  [`ADD_FLOAT_FL 4; STORE_LOCAL 5`, `ADD_FLOAT_FL_ST ${LL(4, 5)}`],
  ['ADD_FLOAT; STORE_LOCAL 3', 'ADD_FLOAT; STORE_LOCAL 3'],
  [`SUB_FLOAT_LL ${LL(1, 2000)}; STORE_LOCAL 3`, `SUB_FLOAT_LL ${LL(1, 2000)}; STORE_LOCAL 3`],
]);

table('fuseListUpdates: b[k] op= x as one access', inPlace(fuseListUpdates), [
  [`LIST_GET_LOCAL_CONST_FLOAT ${LL(1, 2)}; LOAD_FR0_F; ADD_FLOAT_XF; LIST_SET_LOCAL_CONST ${LL(1, 2)}`, `LOAD_FR0_F; LIST_AUG_ADD_FLOAT_F ${LL(1, 2)}`],
  [`LIST_GET_LOCAL_CONST_FLOAT ${LL(1, 2)}; LOAD_FR0_F; ADD_FLOAT_XF; LIST_SET_LOCAL_CONST ${LL(1, 3)}`, `LIST_GET_LOCAL_CONST_FLOAT ${LL(1, 2)}; LOAD_FR0_F; ADD_FLOAT_XF; LIST_SET_LOCAL_CONST ${LL(1, 3)}`],
  [`LIST_GET_LOCAL_CONST_FLOAT ${LL(1, 2)}; LOAD_FR0_F; DIV_FLOAT_XF; LIST_SET_LOCAL_CONST ${LL(1, 2)}`, `LIST_GET_LOCAL_CONST_FLOAT ${LL(1, 2)}; LOAD_FR0_F; DIV_FLOAT_XF; LIST_SET_LOCAL_CONST ${LL(1, 2)}`],
]);

table('specializeFrames alone', inPlace(specializeFrames), [['PUSH_FRAME 0 @3', 'PUSH_FRAME 0 @3']]);

describe('float locals kept in registers across a loop', () => {
  const rows: [first: string, body: string, enter: string, bodyAfter: string][] = [
    ['LOAD_LOCAL 1; LOAD_CONST k=f0.5; MUL_FLOAT; STORE_LOCAL 1', 'LOAD_LOCAL 1; LOAD_CONST k=f0.5; MUL_FLOAT; STORE_LOCAL 1', 'ENTER_FR0 1', 'LOAD_FR0 1; LOAD_CONST k=f0.5; MUL_FLOAT; STORE_FR0 1'],
    // A float a checked list load stored (the cases type LIST_GET_INT_FLOAT's item float).
    ['LOAD_LOCAL 0; LOAD_LOCAL 2; LIST_GET_INT_FLOAT; STORE_LOCAL 1; LOAD_LOCAL 1; POP_TOP', 'LOAD_LOCAL 0; LOAD_LOCAL 2; LIST_GET_INT_FLOAT; STORE_LOCAL 1; LOAD_LOCAL 1; POP_TOP', 'ENTER_FR0 1', 'LOAD_LOCAL 0; LOAD_LOCAL 2; LIST_GET_INT_FLOAT; STORE_FR0 1; LOAD_FR0 1; POP_TOP'],
    // An int: not a float local.
    ['LOAD_LOCAL 1; LOAD_CONST k=i1; ADD_INT; STORE_LOCAL 1', 'LOAD_LOCAL 1; LOAD_CONST k=i1; ADD_INT; STORE_LOCAL 1', '', 'LOAD_LOCAL 1; LOAD_CONST k=i1; ADD_INT; STORE_LOCAL 1'],
  ];
  for (const [first, body, enter, bodyAfter] of rows) {
    it(`${body}  =>  ${bodyAfter}`, () => {
      const b = trace(body);
      expect(show(keepFloatLocalsInRegisters(trace(first), b))).toBe(show(trace(enter)));
      expect(show(b)).toBe(show(trace(bodyAfter)));
    });
  }
});

describe('optimizeTrace: the passes together', () => {
  it('peels a loop so that its invariant guards run once', () => {
    const loop = trace('LOAD_LOCAL 0; GUARD_INT; LOAD_CONST k=i1 pc=2; ADD_INT; STORE_LOCAL 0; GUARD_LOCAL_FLOAT 3');
    const r = optimizeTrace(loop, true);
    expect(show(r.ops)).toBe(show(trace('LOAD_LOCAL 0; GUARD_INT; ADD_INT_CONST @1; STORE_LOCAL 0; GUARD_LOCAL_FLOAT 3; LOAD_LOCAL 0; ADD_INT_CONST @1; STORE_LOCAL 0; JUMP_TO_TOP')));
    expect(r.loopStart).toBe(5);
    expect(r.stats).toMatchObject({ peeled: true, recordedGuards: 2, loopGuards: 0 });
  });
});
