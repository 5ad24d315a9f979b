// Every superinstruction the optimizer forms (runtime/vm/tracing/optimizer/superinstructions.ts,
// fuse) against the unfused uops it replaces: the same random state, run as
// a fused trace and as an unfused trace, natively and on the uop interpreter,
// must end identically, word for word, at the same exit (overflow and
// out-of-range exits included: the fused uop pushes what the unfused ones had
// on the stack). The stack starts non-empty, so the cached top is exercised too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledTrace, JitRuntime } from '../runtime/jit/jit-runtime.ts';
import { createJitRuntime } from '../runtime/vm/tracing/vm-jit-runtime.ts';
import type { TraceInstruction } from '../runtime/jit/trace-compiler.ts';
import { LAYOUT } from '../build/layout.ts';
import { float, int, type NativeState } from './helpers/native-state.ts';
import { describeWord, runBoth } from './helpers/trace-harness.ts';
import { op } from './helpers/trace-programs.ts';
import { fuseFloatRegister } from '../runtime/vm/tracing/optimizer/float-register-fusion.ts';
import { fuse, fuseListUpdates, fuseStores } from '../runtime/vm/tracing/optimizer/superinstructions.ts';
import { Rng, SMALL_INT_MAX } from './helpers/trace-random.ts';

const isX86 = process.platform === 'linux' && process.arch === 'x64';
const INPUTS = 150;
// Locals: 0..3 operands, 4 a list, 5 the result, 6 a range iterator's loop variable.
const NLOCALS = 8;
// NativeState puts its heap (lists, range iterators) in the upper half.
const STATE_SIZE = 64 * 1024;

let rt: JitRuntime;
beforeAll(() => {
  rt = createJitRuntime();
});
afterAll(() => rt?.dispose());

interface Fusion {
  name: string;
  unfused: TraceInstruction[];
  fused: TraceInstruction[];
  /** Random operand locals (and an optional stack under them). */
  setup: (st: NativeState, rng: Rng) => number;
  /** How many exits the unfused trace has before the fused one's first (a fused uop that can no longer fail). */
  exitShift?: number;
  /** Or, per fused exit, the unfused exit it stands for (when an unfused uop after the first can no longer fail). */
  exitMap?: number[];
}

const intOperand = (rng: Rng): bigint => (rng.chance(0.3) ? rng.pick([SMALL_INT_MAX, SMALL_INT_MAX - 1n, -SMALL_INT_MAX - 1n, 1n << 24n, -(1n << 24n)]) : rng.smallInt());
const floatOperand = (rng: Rng): number => rng.pick([0.5, -1.25, 3e10, -0.0, 1e-300, 7.75, Number.MAX_VALUE]) * (rng.chance(0.5) ? 1 : -1);

function locals(st: NativeState, rng: Rng, values: bigint[]): number {
  values.forEach((w, i) => st.setLocal(i, w));
  // Something already on the stack: the top lives in a register across the fused uop.
  return st.push(st.stackBase, int(rng.int(-5, 5)), float(0.25));
}

const LL = (a: number, b: number) => a | (b << 16);
/** Which operand local a division case divides: a full-range one, or one near the divisor (both signs). */
const rng1 = (k: number) => (k % 2 === 0 ? 0 : 1);
const end = [op('STORE_LOCAL', { oparg: 5 }), op('EXIT_TRACE')];

function fusions(): Fusion[] {
  const out: Fusion[] = [];
  for (const f of ['ADD', 'SUB', 'MUL']) {
    const floatSetup = (st: NativeState, rng: Rng) => locals(st, rng, [float(floatOperand(rng)), float(floatOperand(rng)), float(floatOperand(rng))]);
    out.push({
      name: `${f}_FLOAT_LL`, setup: floatSetup,
      unfused: [op('LOAD_LOCAL', { oparg: 1 }), op('LOAD_LOCAL', { oparg: 2 }), op(`${f}_FLOAT`), ...end],
      fused: [op(`${f}_FLOAT_LL`, { oparg: LL(1, 2) }), ...end],
    });
    out.push({
      name: `${f}_FLOAT_L`, setup: floatSetup,
      unfused: [op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_LOCAL', { oparg: 2 }), op(`${f}_FLOAT`), ...end],
      fused: [op('LOAD_LOCAL', { oparg: 0 }), op(`${f}_FLOAT_L`, { oparg: 2 }), ...end],
    });
    const k = float(2.5);
    out.push({
      name: `${f}_FLOAT_K`, setup: floatSetup,
      unfused: [op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_CONST', { operand0: k }), op(`${f}_FLOAT`), ...end],
      fused: [op('LOAD_LOCAL', { oparg: 0 }), op(`${f}_FLOAT_K`, { operand0: k }), ...end],
    });
    // The same, storing straight into local 5 (the unfused forms end with STORE_LOCAL 5).
    out.push({
      name: `${f}_FLOAT_LL_ST`, setup: floatSetup,
      unfused: [op(`${f}_FLOAT_LL`, { oparg: LL(1, 2) }), op('STORE_LOCAL', { oparg: 5 }), op('EXIT_TRACE')],
      fused: [op(`${f}_FLOAT_LL_ST`, { oparg: 1 | (2 << 10) | (5 << 20) }), op('EXIT_TRACE')],
    });
    out.push({
      name: `${f}_FLOAT_L_ST`, setup: floatSetup,
      unfused: [op('LOAD_LOCAL', { oparg: 0 }), op(`${f}_FLOAT_L`, { oparg: 2 }), op('STORE_LOCAL', { oparg: 5 }), op('EXIT_TRACE')],
      fused: [op('LOAD_LOCAL', { oparg: 0 }), op(`${f}_FLOAT_L_ST`, { oparg: 2 | (5 << 16) }), op('EXIT_TRACE')],
    });
    out.push({
      name: `${f}_FLOAT_K_ST`, setup: floatSetup,
      unfused: [op('LOAD_LOCAL', { oparg: 0 }), op(`${f}_FLOAT_K`, { operand0: k }), op('STORE_LOCAL', { oparg: 5 }), op('EXIT_TRACE')],
      fused: [op('LOAD_LOCAL', { oparg: 0 }), op(`${f}_FLOAT_K_ST`, { oparg: 5, operand0: k }), op('EXIT_TRACE')],
    });
    out.push({
      name: `${f}_INT_LL`,
      setup: (st, rng) => locals(st, rng, [int(intOperand(rng)), int(intOperand(rng)), int(intOperand(rng))]),
      unfused: [op('LOAD_LOCAL', { oparg: 1 }), op('LOAD_LOCAL', { oparg: 0 }), op(`${f}_INT`), ...end],
      fused: [op(`${f}_INT_LL`, { oparg: LL(1, 0) }), ...end],
    });
  }
  for (const k of [1, 2, 3, 8, 10, 1024, 12345, 0x40000000]) {
    for (const f of ['FLOORDIV', 'MOD']) {
      const pow2 = (k & (k - 1)) === 0;
      out.push({
        name: `${f}_INT_${pow2 ? 'POW2' : 'CONST'} by ${k}`,
        setup: (st, rng) => locals(st, rng, [int(intOperand(rng)), int(rng.int(-3 * k, 3 * k))]),
        unfused: [op('LOAD_LOCAL', { oparg: rng1(k) }), op('LOAD_CONST', { operand0: int(k) }), op(`${f}_INT`), ...end],
        fused: [op('LOAD_LOCAL', { oparg: rng1(k) }), op(`${f}_INT_${pow2 ? 'POW2' : 'CONST'}`, { oparg: pow2 ? Math.log2(k) : k }), ...end],
        exitShift: 1,
      });
    }
  }
  for (const index of [0, 2, 5, 7]) {
    out.push({
      name: `LIST_GET_LOCAL_CONST [${index}]`,
      setup: (st, rng) => {
        const length = rng.int(0, 8);
        st.setLocal(4, st.list(Array.from({ length }, (_, i) => int(i * 10 + 1))));
        return locals(st, rng, []);
      },
      unfused: [op('LOAD_LOCAL', { oparg: 4 }), op('LOAD_CONST', { operand0: int(index) }), op('LIST_GET_INT'), ...end],
      fused: [op('LIST_GET_LOCAL_CONST', { oparg: LL(4, index) }), ...end],
    });
    out.push({
      name: `LIST_SET_LOCAL_CONST [${index}]`,
      setup: (st, rng) => {
        const length = rng.int(0, 8);
        st.setLocal(4, st.list(Array.from({ length }, (_, i) => int(i * 10 + 1))));
        return locals(st, rng, []);
      },
      unfused: [op('LOAD_CONST', { operand0: float(1.5) }), op('LOAD_LOCAL', { oparg: 4 }), op('LOAD_CONST', { operand0: int(index) }), op('LIST_SET_INT'), op('EXIT_TRACE')],
      fused: [op('LOAD_CONST', { operand0: float(1.5) }), op('LIST_SET_LOCAL_CONST', { oparg: LL(4, index) }), op('EXIT_TRACE')],
    });
  }
  // A list in local 4 and an int index (negative and out of range too) in local 0.
  const listAndIndex = (st: NativeState, rng: Rng) => {
    const length = rng.int(0, 8);
    st.setLocal(4, st.list(Array.from({ length }, (_, i) => int(i * 10 + 1))));
    return locals(st, rng, [int(rng.int(-10, 10))]);
  };
  out.push({
    name: 'LIST_GET_INT_LL', setup: listAndIndex,
    unfused: [op('LOAD_LOCAL', { oparg: 4 }), op('LOAD_LOCAL', { oparg: 0 }), op('LIST_GET_INT'), ...end],
    fused: [op('LIST_GET_INT_LL', { oparg: LL(4, 0) }), ...end],
  });
  // Float-checked loads (an item that is not a float exits as an index out of range does).
  const mixedList = (st: NativeState, rng: Rng) => {
    const length = rng.int(0, 8);
    st.setLocal(4, st.list(Array.from({ length }, (_, i) => (rng.chance(0.25) ? int(i) : float(i + 0.5)))));
    return locals(st, rng, [int(rng.int(-10, 10))]);
  };
  for (const k of [0, 3, 6]) {
    out.push({
      name: `LIST_GET_LOCAL_CONST_FLOAT [${k}]`, setup: mixedList,
      unfused: [op('LOAD_LOCAL', { oparg: 4 }), op('LOAD_CONST', { operand0: int(k) }), op('LIST_GET_INT_FLOAT'), ...end],
      fused: [op('LIST_GET_LOCAL_CONST_FLOAT', { oparg: LL(4, k) }), ...end],
    });
    out.push({
      name: `LIST_GET_LOCAL_CONST_FLOAT_F [${k}]`, setup: mixedList,
      unfused: [op('LOAD_LOCAL', { oparg: 4 }), op('LOAD_CONST', { operand0: int(k) }), op('LIST_GET_INT_FLOAT'), op('ADD_FLOAT_K', { operand0: float(1.5) }), ...end],
      fused: [op('LIST_GET_LOCAL_CONST_FLOAT_F', { oparg: LL(4, k) }), op('ADD_FLOAT_FK', { operand0: float(1.5) }), ...end],
    });
  }
  // b[k] op= x with x computed into ftos: one access of the item (LIST_AUG_*_FLOAT_F), formed by fuseListUpdates.
  const mixedListAndFloats = (st: NativeState, rng: Rng) => {
    mixedList(st, rng);
    return locals(st, rng, [int(rng.int(-10, 10)), float(floatOperand(rng)), float(floatOperand(rng))]);
  };
  for (const f of ['ADD', 'SUB', 'MUL']) {
    for (const k of [0, 5]) {
      const unfused = [
        op('LIST_GET_LOCAL_CONST_FLOAT', { oparg: LL(4, k) }), op('MUL_FLOAT_LL_F', { oparg: LL(1, 2) }), op('ADD_FLOAT_FK_F', { operand0: float(0.5) }),
        op(`${f}_FLOAT_XF`), op('LIST_SET_LOCAL_CONST', { oparg: LL(4, k) }), ...end,
      ];
      const fused = unfused.map((o) => ({ ...o }));
      if (fuseListUpdates(fused) !== 1) throw new Error(`LIST_AUG_${f}_FLOAT_F not formed`);
      // The store's bounds exit (unfused exit 1) cannot fail after the load succeeded.
      out.push({ name: `LIST_AUG_${f}_FLOAT_F [${k}]`, setup: mixedListAndFloats, unfused, fused, exitMap: [0, 2] });
    }
  }
  out.push({
    name: 'LIST_GET_INT_LL_FLOAT', setup: mixedList,
    unfused: [op('LOAD_LOCAL', { oparg: 4 }), op('LOAD_LOCAL', { oparg: 0 }), op('LIST_GET_INT_FLOAT'), ...end],
    fused: [op('LIST_GET_INT_LL_FLOAT', { oparg: LL(4, 0) }), ...end],
  });
  out.push({
    name: 'LIST_GET_INT_LL_FLOAT_F', setup: mixedList,
    unfused: [op('LOAD_LOCAL', { oparg: 4 }), op('LOAD_LOCAL', { oparg: 0 }), op('LIST_GET_INT_FLOAT'), op('MUL_FLOAT_K', { operand0: float(-2) }), ...end],
    fused: [op('LIST_GET_INT_LL_FLOAT_F', { oparg: LL(4, 0) }), op('MUL_FLOAT_FK', { operand0: float(-2) }), ...end],
  });
  out.push({
    name: 'LIST_SET_INT_LLK', setup: listAndIndex,
    unfused: [op('LOAD_CONST', { operand0: float(1.5) }), op('LOAD_LOCAL', { oparg: 4 }), op('LOAD_LOCAL', { oparg: 0 }), op('LIST_SET_INT'), op('EXIT_TRACE')],
    fused: [op('LIST_SET_INT_LLK', { oparg: LL(4, 0), operand0: float(1.5) }), op('EXIT_TRACE')],
  });
  out.push({
    name: 'LIST_SET_INT_LL', setup: listAndIndex,
    unfused: [op('LOAD_CONST', { operand0: float(1.5) }), op('LOAD_LOCAL', { oparg: 4 }), op('LOAD_LOCAL', { oparg: 0 }), op('LIST_SET_INT'), op('EXIT_TRACE')],
    fused: [op('LOAD_CONST', { operand0: float(1.5) }), op('LIST_SET_INT_LL', { oparg: LL(4, 0) }), op('EXIT_TRACE')],
  });
  out.push(...ftosFusions());
  out.push(...registerLocalFusions());
  out.push(...lastLocalStores());
  out.push({
    name: 'FOR_RANGE_NEXT_STORE',
    setup: (st, rng) => {
      const sp = locals(st, rng, []);
      const start = rng.int(-3, 3);
      return st.push(sp, st.range(start, start + rng.int(-1, 2), rng.pick([1, 2, -1])));
    },
    unfused: [op('FOR_RANGE_NEXT'), op('STORE_LOCAL', { oparg: 6 }), op('EXIT_TRACE')],
    fused: [op('FOR_RANGE_NEXT_STORE', { oparg: 6 }), op('EXIT_TRACE')],
  });
  return out;
}

// Float results handed to the next uop in ftos (the optimizer's fuseFloatRegister):
// every producer form before every reader form with every operation (the
// producer's operation taken in turn), the reader's result left on the stack or stored (its _ST form).
// The fused trace is what the optimizer's passes make of the unfused one.
function ftosFusions(): Fusion[] {
  const out: Fusion[] = [];
  const K = float(2.5);
  const OPS = ['ADD', 'SUB', 'MUL', 'DIV'];
  const producers: Record<string, (x: string) => TraceInstruction[]> = {
    LL: (x) => [op(`${x}_FLOAT_LL`, { oparg: LL(1, 2) })],
    L: (x) => [op('LOAD_LOCAL', { oparg: 1 }), op(`${x}_FLOAT_L`, { oparg: 2 })],
    K: (x) => [op('LOAD_LOCAL', { oparg: 1 }), op(`${x}_FLOAT_K`, { operand0: K })],
    plain: (x) => [op('LOAD_LOCAL', { oparg: 1 }), op('LOAD_LOCAL', { oparg: 2 }), op(`${x}_FLOAT`)],
    // Chains of three: the middle uop reads ftos and writes it.
    FL: (x) => [op('MUL_FLOAT_LL', { oparg: LL(1, 2) }), op(`${x}_FLOAT_L`, { oparg: 3 })],
    FK: (x) => [op('SUB_FLOAT_LL', { oparg: LL(2, 1) }), op(`${x}_FLOAT_K`, { operand0: K })],
    XF: (x) => [op('LOAD_LOCAL', { oparg: 3 }), op('ADD_FLOAT_LL', { oparg: LL(1, 2) }), op(`${x}_FLOAT`)],
  };
  const readers: Record<string, { before: TraceInstruction[]; after: (y: string) => TraceInstruction[] }> = {
    L: { before: [], after: (y) => [op(`${y}_FLOAT_L`, { oparg: 3 })] },
    K: { before: [], after: (y) => [op(`${y}_FLOAT_K`, { operand0: K })] },
    plain: { before: [op('LOAD_LOCAL', { oparg: 0 })], after: (y) => [op(`${y}_FLOAT`)] },
  };
  // Zeros (both signs) and values that cancel K, so divisions reach their exits.
  const values = [0.0, -0.0, 0.5, -1.25, 2.5, 3e10, 1e-300, 7.75];
  const setup = (st: NativeState, rng: Rng) => locals(st, rng, [0, 1, 2, 3].map(() => float(rng.pick(values))));
  let turn = 0;
  for (const [pname, producer] of Object.entries(producers)) {
    for (const [rname, reader] of Object.entries(readers)) {
      for (const [store, y] of [false, true].flatMap((st) => OPS.slice(0, rname === 'plain' ? 4 : 3).map((y) => [st, y] as const))) {
        // Only the plain and XF forms divide.
        const x = OPS[turn++ % (pname === 'plain' || pname === 'XF' ? 4 : 3)];
        const unfused = [...reader.before, ...producer(x), ...reader.after(y), ...(store ? [op('STORE_LOCAL', { oparg: 5 })] : []), op('EXIT_TRACE')];
        const fused = unfused.map((o) => ({ ...o }));
        fuseFloatRegister(fused);
        fuseStores(fused);
        const name = `ftos: ${fused.filter((o) => o.uop !== 'LOAD_LOCAL' && o.uop !== 'EXIT_TRACE').map((o) => o.uop).join(' ')}`;
        if (!fused.some((o) => /_F$/.test(o.uop))) throw new Error(`${name}: no float handed on in ftos`);
        out.push({ name, setup, unfused, fused });
      }
    }
  }
  return out;
}

// Float locals kept in registers (runtime/vm/tracing/optimizer/float-locals.ts): loops'
// bodies with their loads and stores of one or two locals turned into
// LOAD_FR*/STORE_FR* after ENTER_FR*, then fused by the optimizer, against the
// same body on the frame. The write-through stores leave the same locals.
function registerLocalFusions(): Fusion[] {
  const out: Fusion[] = [];
  const L = (k: number) => op('LOAD_LOCAL', { oparg: k });
  const S = (k: number) => op('STORE_LOCAL', { oparg: k });
  const K = (x: number) => op('LOAD_CONST', { operand0: float(x) });
  const F = (o: string) => op(`${o}_FLOAT`);
  const bodies: { name: string; ops: TraceInstruction[]; lanes: number[] }[] = [
    { name: 'x = x * a + b', ops: [L(0), L(1), F('MUL'), L(2), F('ADD'), S(0)], lanes: [0] },
    { name: 's += 1.0 / (k * k); k += 1.0', ops: [L(1), K(1), L(2), L(2), F('MUL'), F('DIV'), F('ADD'), S(1), L(2), K(1), F('ADD'), S(2)], lanes: [2, 1] },
    {
      name: 'mandelbrot step',
      ops: [L(0), L(0), F('MUL'), L(1), L(1), F('MUL'), F('SUB'), L(2), F('ADD'), S(5), K(2), L(0), F('MUL'), L(1), F('MUL'), L(3), F('ADD'), S(1), L(5), S(0)],
      lanes: [0, 1],
    },
  ];
  for (const o of ['ADD', 'SUB', 'MUL', 'DIV']) {
    for (const lane of [0, 1]) {
      // x op (a * b), then (a * b) op x: the register as left (R<n>F) and as right (FR<n>) operand.
      const lanes = lane === 0 ? [0] : [3, 0];
      bodies.push({ name: `x ${o} (a * b), fr${lane}`, ops: [L(0), L(1), L(2), F('MUL'), F(o), S(0)], lanes });
      bodies.push({ name: `(a * b) ${o} x, fr${lane}`, ops: [L(1), L(2), F('MUL'), L(0), F(o), S(0)], lanes });
      bodies.push({ name: `x ${o} x, fr${lane}`, ops: [L(0), L(0), F(o), L(1), F('ADD'), S(0)], lanes });
      // The result to the stack (stored into a local on the frame), and a copy into the register local.
      bodies.push({ name: `r = x ${o} (a * b); r2 = (a * b) ${o} x; x = b, fr${lane}`, ops: [L(0), L(1), L(2), F('MUL'), F(o), S(5), L(1), L(2), F('MUL'), L(0), F(o), S(6), L(2), S(0)], lanes });
    }
  }
  const values = [0.0, -0.0, 0.5, -1.25, 2.5, 3e10, 1e-300, 7.75];
  const setup = (st: NativeState, rng: Rng) => locals(st, rng, [0, 1, 2, 3].map(() => float(rng.pick(values))));
  for (const b of bodies) {
    const unfused = [...b.ops, op('EXIT_TRACE')];
    const body = b.ops.map((o) => {
      const n = b.lanes.indexOf(o.oparg ?? -1);
      if (n < 0 || (o.uop !== 'LOAD_LOCAL' && o.uop !== 'STORE_LOCAL')) return { ...o };
      return { ...o, uop: o.uop === 'LOAD_LOCAL' ? `LOAD_FR${n}` : `STORE_FR${n}` };
    });
    fuse(body);
    const fused = [...b.lanes.map((k, n) => op(`ENTER_FR${n}`, { oparg: k })), ...body, op('EXIT_TRACE')];
    const uops = fused.map((o) => o.uop).join(' ');
    if (!/_FR[01]|R[01]F|FR[01]_F/.test(uops)) throw new Error(`${b.name}: no register operand in ${uops}`);
    out.push({ name: `registers: ${b.name}: ${uops}`, setup, unfused, fused });
  }
  return out;
}

// Stores into the last local while the stack is empty: the register copy of
// the top mirrors that word then, so a uop that stores there without popping
// must update it, or the next push writes the old value back (SET_LOCAL).
function lastLocalStores(): Fusion[] {
  const last = NLOCALS - 1;
  const setup = (st: NativeState, rng: Rng) => {
    [0, 1, 2, 3].forEach((k) => st.setLocal(k, float(rng.pick([0.5, -1.25, 3.0]))));
    st.setLocal(last, int(7));
    return st.stackBase;
  };
  const then = [op('LOAD_CONST', { operand0: int(1) }), op('STORE_LOCAL', { oparg: 5 }), op('EXIT_TRACE')];
  const L = (k: number) => op('LOAD_LOCAL', { oparg: k });
  const S = op('STORE_LOCAL', { oparg: last });
  return [
    { name: 'last local: MUL_FLOAT_LL_ST', unfused: [L(1), L(2), op('MUL_FLOAT'), S, ...then] },
    { name: 'last local: ADD_FLOAT_FK_ST', unfused: [L(1), L(2), op('MUL_FLOAT'), op('ADD_FLOAT_K', { operand0: float(2.5) }), S, ...then] },
    { name: 'last local: SUB_FLOAT_FL_ST', unfused: [L(1), L(2), op('MUL_FLOAT'), L(3), op('SUB_FLOAT'), S, ...then] },
  ].map(({ name, unfused }) => {
    const fused = unfused.map((o) => ({ ...o }));
    fuse(fused);
    if (!fused.some((o) => o.uop.endsWith('_ST'))) throw new Error(`${name}: no store fused in ${fused.map((o) => o.uop).join(' ')}`);
    return { name, setup, unfused, fused };
  });
}

// Inlined calls with 1-3 arguments (PUSH_FRAME_<n>, operands unpacked by specializeFrames) against PUSH_FRAME: the
// callee's frame, its unbound extra locals, an overflow exit inside the callee
// (which leaves with the callee's frame current) and the return.
function frameSpecializations(): Fusion[] {
  const out: Fusion[] = [];
  for (const nargs of [1, 2, 3]) {
    for (const extra of [0, 2]) {
      const nlocals = nargs + extra;
      const push = (uop: string) => op(uop, { oparg: nargs, operand0: nlocals | (6 << 20) | (3 * 2 ** 40), operand1: 17 });
      const call = (uop: string) => [
        op('LOAD_CONST', { operand0: int(99) }),
        ...Array.from({ length: nargs }, (_, k) => op('LOAD_LOCAL', { oparg: k })),
        push(uop),
        op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_LOCAL', { oparg: nargs - 1 }), op('ADD_INT'),
        op('POP_FRAME', { oparg: nargs }),
        ...end,
      ];
      const setup = (st: NativeState, rng: Rng) => {
        // Sometimes one call from the recursion limit: the frame exit.
        st.setWord(st.frame + LAYOUT.FRAME_DEPTH, BigInt(rng.chance(0.2) ? 999 : rng.int(0, 5)));
        return locals(st, rng, [int(intOperand(rng)), int(intOperand(rng)), int(intOperand(rng))]);
      };
      const fused = call('PUSH_FRAME');
      fuse(fused);
      if (!fused.some((o) => o.uop === `PUSH_FRAME_${nargs}`)) throw new Error(`no PUSH_FRAME_${nargs} in ${fused.map((o) => o.uop).join(' ')}`);
      out.push({ name: `PUSH_FRAME_${nargs}, ${nlocals} locals`, setup, unfused: call('PUSH_FRAME'), fused });
    }
  }
  return out;
}

// An int comparison and the branch on its result as one guard (GUARD_<cmp>_INT,
// its _LL and _LK forms, formed by fuse), for both branches: operands equal
// often enough that every comparison goes both ways.
function compareBranches(): Fusion[] {
  const out: Fusion[] = [];
  const operand = (rng: Rng, other: bigint) => (rng.chance(0.3) ? other : rng.chance(0.5) ? other + BigInt(rng.int(-2, 2)) : intOperand(rng));
  const setup = (st: NativeState, rng: Rng) => {
    const a = intOperand(rng);
    const b = operand(rng, a);
    return locals(st, rng, [int(a), int(b)]);
  };
  const K = 5n;
  const setupK = (st: NativeState, rng: Rng) => locals(st, rng, [int(operand(rng, K))]);
  for (const cmp of ['LT', 'LE', 'GT', 'GE', 'EQ', 'NE']) {
    for (const branch of ['GUARD_TRUE_POP', 'GUARD_FALSE_POP']) {
      const locals2 = [op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_LOCAL', { oparg: 1 })];
      const unfused = [...locals2, op(`${cmp}_INT`), op(branch), ...end];
      const test = branch === 'GUARD_TRUE_POP' ? cmp : { LT: 'GE', LE: 'GT', GT: 'LE', GE: 'LT', EQ: 'NE', NE: 'EQ' }[cmp]!;
      // The stack form, written out (fuse makes the _LL form of these operands).
      out.push({ name: `GUARD_${test}_INT (${cmp}_INT, ${branch})`, setup, unfused, fused: [...locals2, op(`GUARD_${test}_INT`), ...end] });
      const ll = unfused.map((o) => ({ ...o }));
      fuse(ll);
      if (ll[0].uop !== `GUARD_${test}_INT_LL`) throw new Error(`no GUARD_${test}_INT_LL: ${ll.map((o) => o.uop).join(' ')}`);
      out.push({ name: `GUARD_${test}_INT_LL (${cmp}_INT, ${branch})`, setup, unfused, fused: ll });
      const unfusedK = [op('LOAD_LOCAL', { oparg: 0 }), op('LOAD_CONST', { operand0: int(K) }), op(`${cmp}_INT`), op(branch), ...end];
      const lk = unfusedK.map((o) => ({ ...o, word: o.uop === 'LOAD_CONST' ? int(K) : undefined }));
      fuse(lk);
      if (lk[0].uop !== `GUARD_${test}_INT_LK`) throw new Error(`no GUARD_${test}_INT_LK: ${lk.map((o) => o.uop).join(' ')}`);
      out.push({ name: `GUARD_${test}_INT_LK (${cmp}_INT, ${branch})`, setup: setupK, unfused: unfusedK, fused: lk });
    }
  }
  return out;
}

describe.skipIf(!isX86)('superinstructions behave exactly as the uops they fuse (native and uop interpreter)', () => {
  for (const f of [...fusions(), ...frameSpecializations(), ...compareBranches()]) {
    it(f.name, () => {
      const unfused: CompiledTrace = rt.compile(f.unfused);
      const fused: CompiledTrace = rt.compile(f.fused);
      // Both traces number their exits the same way (but for exits the fused uop no longer has).
      const shift = f.exitShift ?? 0;
      const unfusedExit = (k: number) => (f.exitMap ? f.exitMap[k] : k + shift);
      expect(unfusedExit(fused.exits.length - 1)).toBe(unfused.exits.length - 1);
      const rng = new Rng(f.name.length * 7919);
      const exits = new Set<number>();
      for (let k = 0; k < INPUTS; k++) {
        const seed = rng.int(0, 1 << 30);
        const setup = (st: NativeState) => ({ sp: f.setup(st, new Rng(seed)), ctx: null });
        const label = `${f.name} #${k}`;
        // Each trace: native and uop interpreter agree on the whole state.
        const want = runBoth(rt, unfused, `${label} (unfused)`, setup, { nlocals: NLOCALS, size: STATE_SIZE });
        const got = runBoth(rt, fused, `${label} (fused)`, setup, { nlocals: NLOCALS, size: STATE_SIZE });
        // Fused against unfused: the same exit, frame, stack pointer, locals, live stack and heap
        // (not the dead words above the stack that the unfused pushes left, nor the trace id).
        expect(unfusedExit(got.jit.exit), label).toBe(want.jit.exit);
        expect(unfusedExit(got.jit.vmExitIndex), label).toBe(want.jit.vmExitIndex);
        expect(got.jit.sp - got.base, label).toBe(want.jit.sp - want.base);
        expect(got.jit.frame - got.base, label).toBe(want.jit.frame - want.base);
        expect(got.jit.locals.map(describeWord), label).toEqual(want.jit.locals.map(describeWord));
        expect(got.jit.stack.map(describeWord), label).toEqual(want.jit.stack.map(describeWord));
        expect(Buffer.from(got.jit.memory.subarray(STATE_SIZE / 2)).equals(Buffer.from(want.jit.memory.subarray(STATE_SIZE / 2))), `${label}: heap`).toBe(true);
        exits.add(got.jit.exit);
      }
      rt.free(unfused);
      rt.free(fused);
      // The random inputs reach the failing path where there is one.
      if (fused.exits.length > 1) expect([...exits].sort(), f.name).toEqual([...Array(fused.exits.length).keys()]);
    });
  }
});
