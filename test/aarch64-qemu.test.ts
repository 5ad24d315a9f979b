// aarch64 traces for real: the TypeScript patcher emits traces for the aarch64
// stencil table at chosen addresses, the runtime's in-memory linker links the
// aarch64 support code (jit_enter, uop_interpret, helpers) against the libm of a
// static aarch64 harness, and the harness runs everything under qemu-user in one
// process. Every hand-built trace runs four ways on aarch64 (three placements of
// the JIT code, plus the aarch64 uop interpreter) and two ways on the host
// (JitRuntime + NativeState, JIT and uop interpreter); all final states and
// exits must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUT } from '../build/layout.ts';
import { EM_AARCH64 } from '../format/elf-machines.ts';
import type { JitRuntime } from '../runtime/jit/jit-runtime.ts';
import { createJitRuntime } from '../runtime/vm/tracing/vm-jit-runtime.ts';
import { relocate as relocateElf } from '../generator/patch-kind-selection.ts';
import type { LinkerSlots } from '../runtime/jit/linker-slots.ts';
import { PatchKind } from '../format/patch-kinds.ts';
import { R_AARCH64 } from '../format/relocations.ts';
import { SlotAllocator } from '../runtime/jit/slot-allocator.ts';
import { HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_VALUE, HOLE_SYMBOL, HoleValue } from '../format/stencil-format.ts';

/** One aarch64 ELF relocation, patched as the runtime patches the kind the generator picks for it. */
const relocate = (code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots) => relocateElf(EM_AARCH64, code, offset, type, P, S, A, slots);
import { directJump, TraceError, type TraceInstruction } from '../runtime/jit/trace-compiler.ts';
import { BlobWriter, buildHarness, harnessSymbols, harnessUnavailable, runBlob, type HarnessOutput, type HarnessSymbols } from './helpers/aarch64-harness.ts';
import { addTrace, Aarch64Linker, branchTarget, trampolineTarget, type EmittedTrace } from './helpers/aarch64-linker.ts';
import { dumpRanges, finalStateOf, finalStateOfHarness, StateImage, type FinalState, type TraceState } from './helpers/aarch64-state.ts';
import { bool, float, int, NativeState, none } from './helpers/native-state.ts';
import { fuse, specializeFrames } from '../runtime/vm/tracing/optimizer/superinstructions.ts';

// ---- where things live in the aarch64 address space ---------------------------
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Support code: 64 GiB up, far out of BL range (±128 MiB) of the harness's libm (~2 MiB). */
const SUPPORT_BASE = 64 * GiB;
/** Traces within BL range of the support code (libm through trampolines). */
const NEAR_BASE = SUPPORT_BASE + 16 * MiB;
/** Traces 1 GiB from the support code and 64 GiB from libm (both through trampolines). */
const FAR_BASE = SUPPORT_BASE + GiB;
/** Traces 64 MiB up, within BL range of libm (the support code through trampolines). */
const LIBM_BASE = 64 * MiB;
const PROGRAM_BASE = SUPPORT_BASE + 512 * MiB;
const STATE_BASE = 128 * GiB;
const SYNTH_BASE = 192 * GiB;
const STATE_SIZE = 64 * 1024;
/** What the aarch64 traces' exit stubs write to vm->exit_trace. */
const AARCH64_TRACE_ID = 4242;
const EXIT_TRACE_WORD = LAYOUT.VM_EXIT_TRACE / 8;

type Placement = 'near' | 'far' | 'libm';
const PLACEMENTS: Record<Placement, number> = { near: NEAR_BASE, far: FAR_BASE, libm: LIBM_BASE };

// ---- the hand-built traces -------------------------------------------------------
interface Case {
  name: string;
  nlocals: number;
  /** Fills locals, globals, heap; returns the stack pointer to enter with. */
  setup(s: TraceState): number;
  /** The trace, or a function of the state's base address for traces that embed addresses in it. */
  trace: TraceInstruction[] | ((stateBase: number) => TraceInstruction[]);
  /** Explicit expectations on the (agreed) final state. */
  check?(f: FinalState): void;
}

const hex = (w: bigint) => w.toString(16).padStart(16, '0');
const L = (oparg: number): TraceInstruction => ({ uop: 'LOAD_LOCAL', oparg });
const S = (oparg: number): TraceInstruction => ({ uop: 'STORE_LOCAL', oparg });
const K = (w: bigint): TraceInstruction => ({ uop: 'LOAD_CONST', operand0: w });
const U = (uop: string, extra: Partial<TraceInstruction> = {}): TraceInstruction => ({ uop, ...extra });
const EXIT = U('EXIT_TRACE');
/** PUSH_FRAME_<nargs> as the optimizer specializes PUSH_FRAME (`packed`: nlocals | max stack << 20 | code index << 40). */
function pushFrame(nargs: number, packed: number, resumePc: number): TraceInstruction {
  const ops = [U('PUSH_FRAME', { oparg: nargs, operand0: packed, operand1: resumePc })];
  if (specializeFrames(ops) !== 1) throw new Error(`no PUSH_FRAME_${nargs}`);
  return ops[0];
}
/** ftos = local 1 squared (an ftos producer that neither exits nor stores). */
const SQUARE = U('MUL_FLOAT_LL_F', { oparg: 1 | (1 << 16) });
const SMALL_INT_MAX = 2n ** 47n - 1n;
const SMALL_INT_MIN = -(2n ** 47n);
/** The sum loop's GUARD_TRUE_POP exit. */
const SUM_LOOP_EXIT = 1;

const traceOf = (c: Case, stateBase: number) => (typeof c.trace === 'function' ? c.trace(stateBase) : c.trace);
/** Where the strings case's setup puts its index table: first in the state's heap. */
const strTable = (stateBase: number) => stateBase + STATE_SIZE / 2;

/** A binary int op on two constants stored to a local, for each pair. */
function binaryOps(op: string, pairs: [bigint, bigint][], firstLocal = 0): TraceInstruction[] {
  return pairs.flatMap(([a, b], k) => [K(int(a)), K(int(b)), U('GUARD_BOTH_INT'), U(op), S(firstLocal + k)]);
}

/** while i < max: exit unless i >= -1; total += i; exit if total == 7; i += 1 (locals i, total, max). */
const COMPARE_LOOP: TraceInstruction[] = [
  U('GUARD_LT_INT_LL', { oparg: 0 | (2 << 16) }),
  U('GUARD_GE_INT_LK', { oparg: 0, operand0: -1 }),
  L(1), L(0), U('ADD_INT'), S(1),
  L(1), K(int(7)), U('GUARD_NE_INT'),
  L(0), U('ADD_INT_CONST', { operand0: 1 }), S(0),
  U('JUMP_TO_TOP'),
];

const CASES: Case[] = [
  {
    name: 'sum loop (while i < n: total += i; i += 1)',
    nlocals: 3,
    setup(s) {
      s.setLocal(0, int(0));
      s.setLocal(1, int(0));
      s.setLocal(2, int(20000));
      return s.stackBase;
    },
    trace: [
      L(0), L(2), U('GUARD_BOTH_INT'), U('LT_INT'), U('GUARD_TRUE_POP'),
      L(1), L(0), U('GUARD_BOTH_INT'), U('ADD_INT'), S(1),
      L(0), U('ADD_INT_CONST', { operand0: 1 }), S(0),
      U('JUMP_TO_TOP'),
    ],
    check(f) {
      expect(f.locals.slice(0, 3)).toEqual([hex(int(20000)), hex(int(199990000)), hex(int(20000))]);
      expect(f.ret).toBe(SUM_LOOP_EXIT); // exit 0 is GUARD_BOTH_INT, exit 1 GUARD_TRUE_POP
      expect(f.stack).toEqual([]);
    },
  },
  {
    name: 'compare-and-branch guards: a while loop on GUARD_LT_INT_LL, GUARD_GE_INT_LK and GUARD_NE_INT, leaving by the first',
    nlocals: 4,
    setup(s) {
      s.setLocal(0, int(-3));
      s.setLocal(1, int(0));
      s.setLocal(2, int(SMALL_INT_MAX));
      return s.stackBase;
    },
    trace: COMPARE_LOOP,
    check(f) {
      // i = -3 fails i >= -1 at once: exit 1 with nothing pushed.
      expect(f.ret).toBe(1);
      expect(f.locals.slice(0, 2)).toEqual([hex(int(-3)), hex(int(0))]);
      expect(f.stack).toEqual([]);
    },
  },
  {
    name: 'compare-and-branch guards: the same loop runs until GUARD_LT_INT_LL fails',
    nlocals: 4,
    setup(s) {
      s.setLocal(0, int(0));
      s.setLocal(1, int(0));
      s.setLocal(2, int(5));
      return s.stackBase;
    },
    trace: COMPARE_LOOP,
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.locals.slice(0, 3)).toEqual([hex(int(5)), hex(int(10)), hex(int(5))]);
      expect(f.stack).toEqual([]);
    },
  },
  {
    name: 'compare-and-branch guards: the stack form exits with its operands popped',
    nlocals: 4,
    setup(s) {
      s.setLocal(0, int(-1));
      s.setLocal(1, int(0));
      return s.stackBase;
    },
    trace: [
      // total = 0, 1, 3, 6 (i = 0..3); GUARD_NE_INT fails when total reaches 6 (i = 3 added).
      L(0), U('ADD_INT_CONST', { operand0: 1 }), S(0),
      L(1), L(0), U('ADD_INT'), S(1),
      L(1), K(int(6)), U('GUARD_NE_INT'),
      U('JUMP_TO_TOP'),
    ],
    check(f) {
      expect(f.ret).toBe(2); // exits 0 and 1 are the adds' overflow exits
      expect(f.locals.slice(0, 2)).toEqual([hex(int(3)), hex(int(6))]);
      expect(f.stack).toEqual([]);
    },
  },
  {
    name: 'int overflow: an ADD_INT loop exits at SMALL_INT_MAX',
    nlocals: 2,
    setup(s) {
      s.setLocal(0, int(SMALL_INT_MAX - 5n));
      return s.stackBase;
    },
    trace: [L(0), K(int(1)), U('GUARD_BOTH_INT'), U('ADD_INT'), S(0), U('JUMP_TO_TOP')],
    check(f) {
      expect(f.locals[0]).toBe(hex(int(SMALL_INT_MAX)));
      expect(f.ret).toBe(1); // ADD_INT's exit, with both inputs still on the stack
      expect(f.stack).toEqual([hex(int(SMALL_INT_MAX)), hex(int(1))]);
    },
  },
  {
    name: 'MUL_INT overflow exit',
    nlocals: 1,
    setup: (s) => s.stackBase,
    trace: [K(int(1n << 30n)), K(int(1n << 20n)), U('MUL_INT'), S(0), EXIT],
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.stack).toEqual([hex(int(1n << 30n)), hex(int(1n << 20n))]);
    },
  },
  {
    name: 'NEG_INT of SMALL_INT_MIN exits, of SMALL_INT_MAX does not',
    nlocals: 1,
    setup: (s) => s.stackBase,
    trace: [K(int(SMALL_INT_MAX)), U('NEG_INT'), S(0), K(int(SMALL_INT_MIN)), U('NEG_INT'), S(0), EXIT],
    check(f) {
      expect(f.locals[0]).toBe(hex(int(-SMALL_INT_MAX)));
      expect(f.ret).toBe(1);
    },
  },
  {
    name: 'int arithmetic with Python floor division and modulo',
    nlocals: 24,
    setup: (s) => s.stackBase,
    trace: [
      ...binaryOps('FLOORDIV_INT', [[7n, 2n], [-7n, 2n], [7n, -2n], [-7n, -2n], [0n, 3n], [SMALL_INT_MIN, 1n]], 0),
      ...binaryOps('MOD_INT', [[7n, 2n], [-7n, 2n], [7n, -2n], [-7n, -2n], [0n, 3n], [-1n, 5n]], 6),
      ...binaryOps('SUB_INT', [[3n, 10n]], 12),
      ...binaryOps('MUL_INT', [[-6n, 7n]], 13),
      ...binaryOps('TRUEDIV_INT', [[1n, 4n]], 14),
      ...binaryOps('LT_INT', [[-1n, 0n]], 15),
      ...binaryOps('GE_INT', [[-1n, 0n]], 16),
      ...binaryOps('EQ_INT', [[5n, 5n]], 17),
      K(int(-9)), U('ABS_INT'), S(18),
      K(int(0)), U('TO_BOOL_INT'), S(19),
      ...binaryOps('FLOORDIV_INT', [[1n, 0n]], 20), // zero divisor: exits
      EXIT,
    ],
    check(f) {
      const ints = [3n, -4n, -4n, 3n, 0n, SMALL_INT_MIN, 1n, 1n, -1n, -1n, 0n, 4n, -7n, -42n];
      expect(f.locals.slice(0, 14)).toEqual(ints.map((v) => hex(int(v))));
      expect(f.locals[14]).toBe(hex(float(0.25)));
      expect(f.locals.slice(15, 20)).toEqual([hex(bool(true)), hex(bool(false)), hex(bool(true)), hex(int(9)), hex(bool(false))]);
      expect(f.locals[20]).toBe(hex(none()));
      expect(f.stack).toEqual([hex(int(1)), hex(int(0))]);
    },
  },
  {
    name: 'float math through the support code and libm (MOD_FLOAT, POW_FLOAT, SQRT_FLOAT)',
    nlocals: 12,
    setup: (s) => s.stackBase,
    trace: [
      K(float(1.5)), K(float(2.25)), U('GUARD_BOTH_FLOAT'), U('ADD_FLOAT'), S(0),
      K(float(1.5)), K(float(-2.25)), U('MUL_FLOAT'), S(1),
      K(float(1)), K(float(3)), U('DIV_FLOAT'), S(2),
      K(float(-7.5)), K(float(2)), U('MOD_FLOAT'), S(3),
      K(float(7.5)), K(float(-2)), U('MOD_FLOAT'), S(4),
      K(float(2)), K(float(0.5)), U('POW_FLOAT'), S(5),
      K(float(2)), K(float(10)), U('POW_FLOAT'), S(6),
      K(float(1.0001)), K(float(12345.678)), U('POW_FLOAT'), S(7),
      K(float(2)), U('SQRT_FLOAT'), S(8),
      K(float(1e300)), U('SQRT_FLOAT'), S(9),
      K(float(3)), U('GUARD_FLOAT'), U('TO_BOOL_FLOAT'), S(10),
      K(float(-8)), K(float(1 / 3)), U('POW_FLOAT'), S(11), // negative ** fractional: exits
      EXIT,
    ],
    check(f) {
      expect(f.locals.slice(0, 7)).toEqual([3.75, -3.375, 1 / 3, 0.5, -0.5, Math.SQRT2, 1024].map((v) => hex(float(v))));
      expect(f.locals[8]).toBe(hex(float(Math.SQRT2)));
      expect(f.locals[9]).toBe(hex(float(Math.sqrt(1e300))));
      expect(f.locals[10]).toBe(hex(bool(true)));
      expect(f.locals[11]).toBe(hex(none()));
      expect(f.stack).toEqual([hex(float(-8)), hex(float(1 / 3))]);
    },
  },
  {
    name: 'POW_FLOAT of 0.0 ** -1.0 exits (ZeroDivisionError is tier-1\'s)',
    nlocals: 1,
    setup: (s) => s.stackBase,
    trace: [K(float(0)), K(float(-1)), U('POW_FLOAT'), S(0), EXIT],
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.stack).toEqual([hex(float(0)), hex(float(-1))]);
    },
  },
  {
    name: 'MOD_FLOAT by -0.0 exits',
    nlocals: 2,
    setup: (s) => s.stackBase,
    trace: [K(float(5)), K(float(-0)), U('MOD_FLOAT'), S(0), EXIT],
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.stack).toEqual([hex(float(5)), hex(float(-0))]);
    },
  },
  {
    name: 'DIV_FLOAT by zero exits',
    nlocals: 1,
    setup: (s) => s.stackBase,
    trace: [K(float(1)), K(float(0)), U('DIV_FLOAT'), S(0), EXIT],
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.stack).toEqual([hex(float(1)), hex(float(0))]);
    },
  },
  {
    name: 'SQRT_FLOAT of a negative exits',
    nlocals: 1,
    setup(s) {
      s.setLocal(0, float(-4));
      return s.stackBase;
    },
    trace: [L(0), U('GUARD_FLOAT'), U('SQRT_FLOAT'), S(0), EXIT],
    check(f) {
      expect(f.ret).toBe(1);
      expect(f.stack).toEqual([hex(float(-4))]);
    },
  },
  {
    name: 'guard exits: GUARD_INT on a float',
    nlocals: 1,
    setup(s) {
      s.setLocal(0, float(1.5));
      return s.stackBase;
    },
    trace: [L(0), U('GUARD_INT'), U('ADD_INT_CONST', { operand0: 1 }), S(0), EXIT],
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.stack).toEqual([hex(float(1.5))]);
    },
  },
  {
    name: 'guard exits: GUARD_LOCAL_INT, GUARD_LIST, GUARD_GLOBAL_IS, globals',
    nlocals: 3,
    setup(s) {
      s.setLocal(0, int(4));
      s.setLocal(1, int(5));
      s.setWord(s.globals + 8 * 3, int(77));
      s.setWord(s.globals + 8 * 4, int(1));
      return s.stackBase;
    },
    trace: [
      U('GUARD_LOCAL_INT', { oparg: 0 }),
      U('GUARD_GLOBAL_IS', { oparg: 3, operand0: int(77) }),
      U('LOAD_GLOBAL', { oparg: 3 }), L(1), U('ADD_INT'), U('STORE_GLOBAL', { oparg: 5 }),
      U('GUARD_GLOBAL_IS', { oparg: 4, operand0: int(2) }), // fails: global 4 holds 1
      L(0), U('GUARD_LIST'), S(2),
      EXIT,
    ],
    check(f) {
      expect(f.ret).toBe(3);
      expect(f.dumps[1][5]).toBe(hex(int(82)));
    },
  },
  {
    name: 'list get/set with negative indices, LIST_LEN, LIST_APPEND, and a bounds exit',
    nlocals: 6,
    setup(s) {
      s.setLocal(0, s.list([int(10), int(20), int(30)], 4));
      return s.stackBase;
    },
    trace: [
      L(0), U('GUARD_LIST'), K(int(1)), U('LIST_GET_INT'), S(1),
      L(0), K(int(-1)), U('LIST_GET_INT'), S(2),
      K(int(99)), L(0), K(int(0)), U('LIST_SET_INT'),
      K(int(98)), L(0), K(int(-2)), U('LIST_SET_INT'),
      L(0), K(int(40)), U('LIST_APPEND'),
      L(0), U('LIST_LEN'), S(3),
      L(0), K(int(41)), U('LIST_APPEND'), // full: exits
      EXIT,
    ],
    check(f) {
      expect(f.locals.slice(1, 4)).toEqual([hex(int(20)), hex(int(30)), hex(int(4))]);
      expect(f.ret).toBe(6); // the second LIST_APPEND
      const heap = f.dumps[3];
      expect(heap.slice(1, 5)).toEqual([99, 98, 30, 40].map((v) => hex(int(v))));
    },
  },
  {
    name: 'superinstructions: int and float ops on locals, division by constants, a for-range step that stores',
    nlocals: 10,
    setup(s) {
      s.setLocal(0, s.range(-20, 50, 3));
      s.setLocal(2, int(7));
      s.setLocal(6, float(1.5));
      s.setLocal(7, float(-2.25));
      s.setLocal(9, int(0));
      return s.stackBase;
    },
    trace: [
      L(0), U('FOR_RANGE_NEXT_STORE', { oparg: 1 }), U('POP_TOP'),
      U('ADD_INT_LL', { oparg: 1 | (2 << 16) }), S(3),
      L(3), U('FLOORDIV_INT_POW2', { oparg: 2 }), S(4),
      L(3), U('MOD_INT_CONST', { oparg: 5 }), S(5),
      U('MUL_FLOAT_LL', { oparg: 6 | (7 << 16) }), U('ADD_FLOAT_K', { operand0: float(0.5) }), U('MUL_FLOAT_L', { oparg: 6 }), S(8),
      L(9), L(4), U('ADD_INT'), L(5), U('ADD_INT'), S(9),
      U('JUMP_TO_TOP'),
    ],
    check(f) {
      let acc = 0;
      for (let i = -20; i < 50; i += 3) acc += Math.floor((i + 7) / 4) + (((i + 7) % 5) + 5) % 5;
      expect(f.locals[9]).toBe(hex(int(acc)));
      expect(f.locals[8]).toBe(hex(float((1.5 * -2.25 + 0.5) * 1.5)));
      expect(f.ret).toBe(0); // the exhausted range
    },
  },
  {
    name: 'float registers: ftos chains, two float locals in fr0/fr1 over three unrolled iterations, register operands',
    nlocals: 10,
    setup(s) {
      [0.25, -0.5, -0.4, 0.3, 0.999, 0.5, 3.0].forEach((x, k) => s.setLocal(k, float(x)));
      s.setLocal(7, float(0));
      return s.stackBase;
    },
    trace: (() => {
      // zr, zi (locals 0, 1) in fr0, fr1; cr, ci (2, 3); a, b, c (4, 5, 6); t (7).
      const F = (o: string) => U(`${o}_FLOAT`);
      const step = [
        L(0), L(0), F('MUL'), L(1), L(1), F('MUL'), F('SUB'), L(2), F('ADD'), S(7),
        K(float(2)), L(0), F('MUL'), L(1), F('MUL'), L(3), F('ADD'), S(1),
        L(7), S(0),
        L(0), L(4), L(5), F('MUL'), F('DIV'), S(8), // zr / (a * b): R0F
        L(4), L(5), F('MUL'), L(1), F('SUB'), S(9), // (a * b) - zi: FR1
        L(6), L(0), L(1), F('ADD'), F('MUL'), L(4), F('ADD'), S(6), // c = c * (zr + zi) + a: XF, FL
      ];
      const body = step.map((o) => (o.oparg === 0 || o.oparg === 1) && (o.uop === 'LOAD_LOCAL' || o.uop === 'STORE_LOCAL') ? { ...o, uop: `${o.uop === 'LOAD_LOCAL' ? 'LOAD' : 'STORE'}_FR${o.oparg}` } : { ...o });
      fuse(body);
      if (!body.some((o) => /_FR[01]|R[01]F/.test(o.uop))) throw new Error(`no register operand in ${body.map((o) => o.uop).join(' ')}`);
      return [U('ENTER_FR0', { oparg: 0 }), U('ENTER_FR1', { oparg: 1 }), ...body, ...body, ...body, EXIT];
    })(),
    check(f) {
      let [zr, zi, c] = [0.25, -0.5, 3.0];
      let t = 0;
      let r8 = 0;
      let r9 = 0;
      for (let k = 0; k < 3; k++) {
        t = zr * zr - zi * zi + -0.4;
        zi = 2 * zr * zi + 0.3;
        zr = t;
        r8 = zr / (0.999 * 0.5);
        r9 = 0.999 * 0.5 - zi;
        c = c * (zr + zi) + 0.999;
      }
      expect(f.locals.slice(0, 2)).toEqual([hex(float(zr)), hex(float(zi))]);
      expect(f.locals.slice(6, 10)).toEqual([hex(float(c)), hex(float(t)), hex(float(r8)), hex(float(r9))]);
    },
  },
  {
    name: 'a float division by zero in ftos exits with both operands pushed (DIV_FLOAT_XF)',
    nlocals: 3,
    setup(s) {
      s.setLocal(0, float(1.5));
      s.setLocal(1, float(0.75));
      return s.push(s.stackBase, int(5));
    },
    trace: [L(0), U('SUB_FLOAT_LL_F', { oparg: 1 | (1 << 16) }), U('DIV_FLOAT_XF'), S(2), EXIT],
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.stack.slice(-2)).toEqual([hex(float(1.5)), hex(float(0))]);
    },
  },
  {
    name: 'LIST_SET_INT_LLK in a range loop, out of range at the end (exits pushing value, list and index)',
    nlocals: 3,
    setup(s) {
      s.setLocal(1, s.list([int(1), int(2), int(3), int(4)]));
      return s.push(s.stackBase, s.range(0, 6, 1));
    },
    trace: [U('FOR_RANGE_NEXT_STORE', { oparg: 2 }), U('LIST_SET_INT_LLK', { oparg: 1 | (2 << 16), operand0: bool(false) }), U('JUMP_TO_TOP')],
    check(f) {
      expect(f.ret).toBe(1); // index 4 is out of range
      expect(f.stack.slice(-3)).toEqual([hex(bool(false)), f.locals[1], hex(int(4))]);
      // The list's four items were overwritten with False (the heap dump holds them in a row).
      const heap = f.dumps[3].join(',');
      expect(heap).toContain(Array(4).fill(hex(bool(false))).join(','));
    },
  },
  {
    name: 'float-checked list loads: into ftos and onto the stack, then a non-float item exits with list and index pushed',
    nlocals: 5,
    setup(s) {
      s.setLocal(0, s.list([float(1.5), float(-2.25), int(3)]));
      s.setLocal(1, int(1));
      s.setLocal(2, int(2));
      return s.stackBase;
    },
    trace: [
      U('LIST_GET_LOCAL_CONST_FLOAT_F', { oparg: 0 | (0 << 16) }), U('ADD_FLOAT_FK_ST', { oparg: 3, operand0: float(0.5) }),
      U('LIST_GET_INT_LL_FLOAT', { oparg: 0 | (1 << 16) }), S(4),
      U('LIST_GET_INT_LL_FLOAT_F', { oparg: 0 | (2 << 16) }), U('MUL_FLOAT_FK_ST', { oparg: 3, operand0: float(2) }),
      EXIT,
    ],
    check(f) {
      expect(f.locals.slice(3, 5)).toEqual([hex(float(2)), hex(float(-2.25))]);
      expect(f.ret).toBe(2); // the int item
      expect(f.stack.slice(-2)).toEqual([f.locals[0], hex(int(2))]);
    },
  },
  {
    name: 'list items updated in place from ftos (LIST_AUG_*_FLOAT_F), then a non-float item exits as the load would',
    nlocals: 3,
    setup(s) {
      s.setLocal(0, s.list([float(1.5), float(-2.25), int(3)]));
      s.setLocal(1, float(4));
      return s.stackBase;
    },
    trace: [
      SQUARE, U('LIST_AUG_ADD_FLOAT_F', { oparg: 0 | (0 << 16) }), // 1.5 + 16
      SQUARE, U('LIST_AUG_SUB_FLOAT_F', { oparg: 0 | (1 << 16) }), // -2.25 - 16
      SQUARE, U('LIST_AUG_MUL_FLOAT_F', { oparg: 0 | (0 << 16) }), // 17.5 * 16
      SQUARE, U('LIST_AUG_MUL_FLOAT_F', { oparg: 0 | (2 << 16) }), // an int: exits
      EXIT,
    ],
    check(f) {
      expect(f.ret).toBe(3); // the int item
      expect(f.stack.slice(-2)).toEqual([f.locals[0], hex(int(2))]);
      // The list's items (the heap dump holds them in a row).
      expect(f.dumps[3].join(',')).toContain([hex(float(280)), hex(float(-18.25)), hex(int(3))].join(','));
    },
  },
  {
    name: 'a store into the last local with the stack empty updates the register copy of the top (SET_LOCAL)',
    nlocals: 4,
    setup(s) {
      s.setLocal(0, float(1.5));
      s.setLocal(1, float(2.5));
      s.setLocal(3, int(7));
      return s.stackBase;
    },
    trace: [U('MUL_FLOAT_LL_ST', { oparg: 0 | (1 << 10) | (3 << 20) }), K(int(1)), S(2), EXIT],
    check(f) {
      expect(f.locals[3]).toBe(hex(float(3.75)));
      expect(f.locals[2]).toBe(hex(int(1)));
    },
  },
  {
    name: 'fused exits push what the unfused uops had on the stack (ADD_INT_LL overflow, constant list index out of range)',
    nlocals: 4,
    setup(s) {
      s.setLocal(0, int(SMALL_INT_MAX));
      s.setLocal(1, int(1));
      s.setLocal(2, s.list([int(10), int(20), int(30)]));
      return s.stackBase;
    },
    trace: [
      K(float(9.5)), U('LIST_SET_LOCAL_CONST', { oparg: 2 | (2 << 16) }),
      U('LIST_GET_LOCAL_CONST', { oparg: 2 | (1 << 16) }), S(3),
      U('LIST_GET_LOCAL_CONST', { oparg: 2 | (3 << 16) }), S(3),
      EXIT,
    ],
    check(f) {
      expect(f.locals[3]).toBe(hex(int(20)));
      expect(f.ret).toBe(2); // the second LIST_GET_LOCAL_CONST
      expect(f.stack.length).toBe(2); // the list and the index, as LIST_GET_INT would have them
      expect(f.stack[1]).toBe(hex(int(3)));
    },
  },
  {
    name: 'ADD_INT_LL overflow exits with both operands pushed',
    nlocals: 3,
    setup(s) {
      s.setLocal(0, int(SMALL_INT_MAX));
      s.setLocal(1, int(1));
      return s.stackBase;
    },
    trace: [U('ADD_INT_LL', { oparg: 1 | (1 << 16) }), S(2), U('ADD_INT_LL', { oparg: 0 | (1 << 16) }), S(2), EXIT],
    check(f) {
      expect(f.locals[2]).toBe(hex(int(2)));
      expect(f.ret).toBe(1);
      expect(f.stack).toEqual([hex(int(SMALL_INT_MAX)), hex(int(1))]);
    },
  },
  {
    name: 'LIST_SLICE builds lists in the lent allocation buffer, then exits when it is used up',
    nlocals: 6,
    setup(s) {
      s.setLocal(0, s.list([int(10), int(20), int(30), int(40), int(50)]));
      s.allocationBuffer(200);
      return s.stackBase;
    },
    trace: [
      L(0), K(int(1)), K(int(3)), U('LIST_SLICE'), S(1),
      L(0), K(none()), K(int(-1)), U('LIST_SLICE'), S(2),
      L(0), K(int(9)), K(none()), U('LIST_SLICE'), S(3),
      L(0), K(none()), K(none()), U('LIST_SLICE'), S(4),
      EXIT,
    ],
    check(f) {
      // (Sizes chosen so that no block is 32 bytes of items: its header would read as an address in the state.)
      expect(f.ret).toBe(3); // the fourth slice: 200 bytes hold the first three (56 + 72 + 48), not 80 more
      expect(f.stack.length).toBe(3);
      expect(f.locals[1]).not.toBe(f.locals[2]);
    },
  },
  {
    name: 'strings: STR_CONCAT builds ropes in the lent buffer (an empty operand gives the other), STR_LEN of a rope of ropes, STR_INDEX_CONST with negative indices, then an index out of range exits',
    nlocals: 9,
    setup(s) {
      s.tuple([int(100), int(101), int(102)]); // the index table, at strTable(base)
      s.setLocal(0, s.str(3));
      s.setLocal(1, s.str(0));
      s.allocationBuffer(2 * LAYOUT.SIZEOF_STR);
      return s.stackBase;
    },
    trace: (base) => [
      L(0), L(0), U('GUARD_STR_SECOND'), U('GUARD_STR'), U('STR_CONCAT'), S(2),
      L(2), L(1), U('STR_CONCAT'), S(3),
      L(1), L(2), U('STR_CONCAT'), S(4),
      L(2), L(0), U('STR_CONCAT'), S(5),
      L(5), U('STR_LEN'), S(6),
      L(0), K(int(-1)), U('STR_INDEX_CONST', { operand0: strTable(base) }), S(7),
      L(0), K(int(-3)), U('STR_INDEX_CONST', { operand0: strTable(base) }), S(8),
      L(0), K(int(-4)), U('STR_INDEX_CONST', { operand0: strTable(base) }), S(8), // out of range: exits
      EXIT,
    ],
    check(f) {
      expect(f.ret).toBe(8); // the third STR_INDEX_CONST (exits 0-1 guards, 2-5 STR_CONCAT, 6-8 STR_INDEX_CONST)
      expect(f.locals[3]).toBe(f.locals[2]);
      expect(f.locals[4]).toBe(f.locals[2]);
      expect(f.locals[5]).not.toBe(f.locals[2]);
      expect(f.locals.slice(6, 9)).toEqual([hex(int(9)), hex(int(102)), hex(int(100))]);
      expect(f.stack).toEqual([f.locals[0], hex(int(-4))]);
    },
  },
  {
    name: 'STR_CONCAT exits with both operands on the stack when the lent buffer is used up',
    nlocals: 3,
    setup(s) {
      s.setLocal(0, s.str(2));
      s.allocationBuffer(LAYOUT.SIZEOF_STR);
      return s.stackBase;
    },
    trace: [L(0), L(0), U('STR_CONCAT'), S(1), L(1), L(0), U('STR_CONCAT'), S(2), EXIT],
    check(f) {
      expect(f.ret).toBe(1);
      expect(f.stack).toEqual([f.locals[1], f.locals[0]]);
      expect(f.locals[2]).toBe(hex(none()));
    },
  },
  {
    name: 'LIST_GET_INT out of range exits',
    nlocals: 2,
    setup(s) {
      s.setLocal(0, s.list([int(1), int(2)]));
      return s.stackBase;
    },
    trace: [L(0), K(int(-3)), U('LIST_GET_INT'), S(1), EXIT],
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.stack.length).toBe(2);
    },
  },
  {
    name: 'LIST_SET_INT out of range exits',
    nlocals: 2,
    setup(s) {
      s.setLocal(0, s.list([int(1), int(2)]));
      return s.stackBase;
    },
    trace: [K(int(5)), L(0), K(int(2)), U('LIST_SET_INT'), EXIT],
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.stack.length).toBe(3);
    },
  },
  {
    name: 'range iteration (for x in range(0, 1000, 3): total += x)',
    nlocals: 3,
    setup(s) {
      s.setLocal(0, s.range(0, 1000, 3));
      s.setLocal(1, int(0));
      return s.stackBase;
    },
    trace: [
      L(0), U('GUARD_RANGE_ITER'), U('FOR_RANGE_NEXT'), S(2), U('POP_TOP'),
      L(1), L(2), U('GUARD_BOTH_INT'), U('ADD_INT'), S(1),
      U('JUMP_TO_TOP'),
    ],
    check(f) {
      let total = 0;
      for (let x = 0; x < 1000; x += 3) total += x;
      expect(f.locals[1]).toBe(hex(int(total)));
      expect(f.ret).toBe(1);
      expect(f.stack.length).toBe(1);
    },
  },
  {
    name: 'range iteration with a negative step',
    nlocals: 3,
    setup(s) {
      s.setLocal(0, s.range(10, -1, -4));
      s.setLocal(1, int(0));
      return s.stackBase;
    },
    trace: [L(0), U('FOR_RANGE_NEXT'), S(2), U('POP_TOP'), L(1), L(2), U('ADD_INT'), S(1), U('JUMP_TO_TOP')],
    check(f) {
      expect(f.locals[1]).toBe(hex(int(18)));
    },
  },
  {
    name: 'POP_JUMP_IF_FALSE / JUMP: count evens and odds below n',
    nlocals: 4,
    setup(s) {
      s.setLocal(0, int(0));
      s.setLocal(1, int(0));
      s.setLocal(2, int(0));
      s.setLocal(3, int(1001));
      return s.stackBase;
    },
    trace: [
      /* 0 */ L(0), L(3), U('LT_INT'), U('GUARD_TRUE_POP'),
      /* 4 */ L(0), K(int(2)), U('MOD_INT'), K(int(0)), U('EQ_INT'),
      /* 9 */ U('POP_JUMP_IF_FALSE', { target: 14 }),
      /* 10 */ L(1), U('ADD_INT_CONST', { operand0: 1 }), S(1), U('JUMP', { target: 17 }),
      /* 14 */ L(2), U('ADD_INT_CONST', { operand0: 1 }), S(2),
      /* 17 */ L(0), U('ADD_INT_CONST', { operand0: 1 }), S(0),
      /* 20 */ U('JUMP_TO_TOP'),
    ],
    check(f) {
      expect(f.locals).toEqual([1001, 501, 500, 1001].map((v) => hex(int(v))));
      expect(f.ret).toBe(0);
    },
  },
  {
    name: 'PUSH_FRAME_2 / POP_FRAME: an inlined call in a loop (a third local starts unbound)',
    nlocals: 3,
    setup(s) {
      s.setLocal(0, int(0));
      s.setLocal(1, int(0));
      return s.stackBase;
    },
    trace: [
      // while i < 50: total = f(total, i) where f(a, b) = (a + b) * 1; i += 1
      L(0), K(int(50)), U('LT_INT'), U('GUARD_TRUE_POP'),
      K(none()), L(1), L(0),
      pushFrame(2, 3, 17),
      L(0), L(1), U('ADD_INT'), S(2), L(2), K(int(1)), U('MUL_INT'),
      U('POP_FRAME', { oparg: 2 }),
      S(1),
      L(0), U('ADD_INT_CONST', { operand0: 1 }), S(0),
      U('JUMP_TO_TOP'),
    ],
    check(f) {
      expect(f.locals.slice(0, 2)).toEqual([hex(int(50)), hex(int(1225))]);
      expect(f.frame).toBe(4096);
    },
  },
  {
    name: 'PUSH_FRAME: an exit inside the callee leaves the callee frame',
    nlocals: 2,
    setup(s) {
      s.setLocal(0, int(7));
      s.setLocal(1, float(2.5));
      return s.stackBase;
    },
    trace: [
      K(none()), L(0), L(1),
      U('PUSH_FRAME', { oparg: 2, operand0: 4, operand1: 9 }),
      L(0), L(1), U('GUARD_BOTH_INT'), U('ADD_INT'),
      U('POP_FRAME', { oparg: 2 }), S(0), EXIT,
    ],
    check(f) {
      expect(f.ret).toBe(1); // the callee's GUARD_BOTH_INT
      expect(f.frame).toBeGreaterThan(4096);
      expect(f.locals.slice(0, 2)).toEqual([hex(int(7)), hex(float(2.5))]);
      expect(f.stack).toEqual([hex(int(7)), hex(float(2.5))]);
    },
  },
  {
    name: 'PUSH_FRAME_3 exits when the frame stack is full',
    nlocals: 1,
    setup(s) {
      s.setWord(s.vm + LAYOUT.VM_STACK_LIMIT, BigInt(s.stackBase));
      return s.push(s.stackBase, none(), int(1), int(2), int(3));
    },
    trace: [pushFrame(3, 4, 3), U('POP_FRAME', { oparg: 3 }), EXIT],
    check(f) {
      expect(f.ret).toBe(0);
      expect(f.frame).toBe(4096);
      expect(f.stack).toEqual([hex(none()), hex(int(1)), hex(int(2)), hex(int(3))]);
    },
  },
];

// ---- running everything ---------------------------------------------------------
const unavailable = harnessUnavailable();
if (unavailable) console.warn(`aarch64-qemu: skipped: ${unavailable}`);

interface CaseRuns {
  traces: Record<Placement, EmittedTrace>;
  /** Harness run index per placement, and of the uop interpreter. */
  runs: Record<Placement | 'interp', number>;
  dumps: [number, number][];
}

describe.skipIf(unavailable !== null)(`aarch64 traces under qemu-user${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let symbols: HarnessSymbols;
  let linker: Aarch64Linker;
  let output: HarnessOutput;
  let host: JitRuntime;
  const caseRuns: CaseRuns[] = [];
  const extra: Record<string, number> = {};
  let linkedA: EmittedTrace;
  let linkedB: EmittedTrace;

  beforeAll(() => {
    const bin = buildHarness();
    symbols = harnessSymbols(bin);
    linker = new Aarch64Linker(SUPPORT_BASE, symbols as unknown as Record<string, number>);
    host = createJitRuntime();
    const blob = new BlobWriter();
    linker.addSupport(blob);
    const next: Record<Placement, number> = { ...PLACEMENTS };
    const place = (p: Placement, t: TraceInstruction[], traceId = AARCH64_TRACE_ID) => {
      const e = linker.emit(t, next[p], traceId);
      next[p] += e.bytes.length + 4096; // a guard page between traces
      addTrace(blob, e);
      return e;
    };
    const programs: Uint8Array[] = [];
    let programNext = PROGRAM_BASE;
    const enter = linker.exportAddress('jit_enter');
    const interpret = linker.exportAddress('uop_interpret');

    for (const c of CASES) {
      const image = new StateImage(STATE_BASE, c.nlocals, STATE_SIZE);
      const sp = c.setup(image);
      const dumps = dumpRanges(image);
      const shim = (fn: number, entry: number) =>
        blob.run({ kind: 'shim', fn, entry, stateAddress: STATE_BASE, state: image.bytes, frame: image.frame, sp, vm: image.vm, dumps });
      const t = traceOf(c, STATE_BASE);
      const traces = { near: place('near', t), far: place('far', t), libm: place('libm', t) };
      const { image: program, entry: programEntry } = linker.program(traces.near);
      const programAt = programNext + programEntry;
      programs.push(program);
      programNext += Math.ceil(program.length / 64) * 64;
      caseRuns.push({
        traces,
        runs: { near: shim(enter, traces.near.address), far: shim(enter, traces.far.address), libm: shim(enter, traces.libm.address), interp: shim(interpret, programAt) },
        dumps,
      });
    }
    const programBytes = new Uint8Array(Math.max(4096, Math.ceil((programNext - PROGRAM_BASE) / 4096) * 4096));
    let at = 0;
    for (const p of programs) {
      programBytes.set(p, at);
      at += Math.ceil(p.length / 64) * 64;
    }
    blob.region({ address: PROGRAM_BASE, bytes: programBytes, mapSize: programBytes.length, execSize: 0 });

    // A linked exit: trace A's loop exit jumps straight to trace B (directJump, as JitRuntime.linkExit does).
    const sum = CASES[0];
    linkedA = place('near', traceOf(sum, STATE_BASE));
    linkedB = place('near', LINKED_B, AARCH64_TRACE_ID + 1);
    expect(linkedA.layout.exits[SUM_LOOP_EXIT].instruction).toBe(4);
    const stubAt = linkedA.layout.stubOffsets[SUM_LOOP_EXIT];
    linkedA.bytes.set(directJump(EM_AARCH64, linkedA.address + stubAt, linkedB.address), stubAt);
    {
      const image = new StateImage(STATE_BASE, sum.nlocals, STATE_SIZE);
      const sp = sum.setup(image);
      extra.linked = blob.run({ kind: 'shim', fn: enter, entry: linkedA.address, stateAddress: STATE_BASE, state: image.bytes, frame: image.frame, sp, vm: image.vm, dumps: dumpRanges(image) });
    }

    // Native recursion: a caller's CALL_TRACE into a function trace that calls itself with CALL_TOP.
    {
      const f = place('near', RECURSIVE_SUM, AARCH64_TRACE_ID + 2);
      const caller = place('near', callSum(f.address, 0, AARCH64_TRACE_ID + 2), AARCH64_TRACE_ID + 3);
      const image = new StateImage(STATE_BASE, 2, STATE_SIZE);
      image.setLocal(0, int(SUM_N));
      extra.recursion = blob.run({ kind: 'shim', fn: enter, entry: caller.address, stateAddress: STATE_BASE, state: image.bytes, frame: image.frame, sp: image.stackBase, vm: image.vm, dumps: dumpRanges(image) });
    }

    // CONDBR19 (no stencil has one): a b.eq patched in range, and out of its ±1 MiB range through a trampoline.
    const raw = (fn: number) => blob.run({ kind: 'raw', fn, entry: 0, stateAddress: STATE_BASE, state: new Uint8Array(4096), frame: 0, sp: 0, vm: 0, dumps: [] });
    for (const [name, distance, value] of [['condbr19Near', 512 * 1024, 55], ['condbr19Far', 4 * MiB, 77]] as const) {
      const base = SYNTH_BASE + (name === 'condbr19Far' ? 16 * MiB : 0);
      const code = condbr19Code();
      const slots = new SlotAllocator(EM_AARCH64);
      slots.reset(code, base, 4096, 4096, 64, 80);
      relocate(code, 4, R_AARCH64.CONDBR19, base + 4, base + distance, 0, slots);
      blob.region({ address: base, bytes: code, mapSize: 4096, execSize: 4096 });
      blob.region({ address: base + distance, bytes: returns(value), mapSize: 4096, execSize: 4096 });
      extra[name] = raw(base);
      extra[`${name}Trampolines`] = slots.trampolineBytesUsed;
    }
    // GOT pairs (adrp :got: + ldr :got_lo12:) to a symbol, by what the target address allows (SYNTH_BASE is 0x30_0000_0000):
    // adrp + add within ±4 GiB, a GOT slot beyond, movz + movk for an address of two 16-bit groups, adr + nop within ±1 MiB.
    for (const [name, base, distance, value] of [
      ['gotNear', SYNTH_BASE + 32 * MiB, 2 * MiB + 4096, 66], ['gotFar', SYNTH_BASE + 48 * MiB, 8 * GiB + 4096, 88],
      ['gotMov', SYNTH_BASE + 64 * MiB, 16 * MiB, 44], ['gotAdr', SYNTH_BASE + 96 * MiB, 512 * 1024 + 4096, 33],
    ] as const) {
      const code = words(0x90000010, 0xf9400210, 0xd61f0200); // adrp x16, :got:S; ldr x16, [x16, :got_lo12:S]; br x16
      const slots = new SlotAllocator(EM_AARCH64);
      slots.reset(code, base, 2048, 2064, 64, 64);
      relocate(code, 0, R_AARCH64.ADR_GOT_PAGE, base, base + distance, 0, slots);
      relocate(code, 4, R_AARCH64.LD64_GOT_LO12_NC, base + 4, base + distance, 0, slots);
      blob.region({ address: base, bytes: code, mapSize: 4096, execSize: 4096 });
      blob.region({ address: base + distance, bytes: returns(value), mapSize: 4096, execSize: 4096 });
      extra[name] = raw(base);
      extra[`${name}Slots`] = slots.slotBytesUsed;
      extra[`${name}First`] = new DataView(code.buffer).getUint32(0, true);
      extra[`${name}Second`] = new DataView(code.buffer).getUint32(4, true);
    }
    // The support code's own support_flush_icache, called from the harness on a trace.
    extra.flush = blob.run({
      kind: 'raw', fn: linker.exportAddress('support_flush_icache'), entry: caseRuns[0].traces.near.address,
      stateAddress: STATE_BASE, state: new Uint8Array(4096), frame: caseRuns[0].traces.near.address + 4096, sp: 0, vm: 0, dumps: [],
    });

    output = runBlob(bin, blob, "traces");
  }, 120_000);

  afterAll(() => host?.dispose());

  const aarch64State = (run: number) => finalStateOfHarness(output.results[run], STATE_BASE, STATE_SIZE);

  function hostStates(c: Case, dumps: [number, number][], link?: (rt: JitRuntime) => ReturnType<JitRuntime['compile']>): { jit: FinalState; interp: FinalState; id: number } {
    let id = -1;
    const run = (how: 'jit' | 'interp') => {
      const s = new NativeState(c.nlocals, STATE_SIZE);
      // (A trace that embeds state addresses is compiled for each state.)
      const compiled = link ? link(host) : host.compile(traceOf(c, s.base));
      if (how === 'jit') id = compiled.id;
      try {
        const sp = c.setup(s);
        const ret = how === 'jit' ? host.enter(compiled, s.frame, sp, s.vm) : host.interpret(compiled, s.frame, sp, s.vm);
        return finalStateOf(s, ret, dumps);
      } finally {
        s.dispose();
      }
    };
    return { jit: run('jit'), interp: run('interp'), id };
  }

  it('the harness mapped everything, synced caches for all code, and read CTR_EL0', () => {
    expect(output.header.harness).toBe('aarch64');
    expect(output.header.flushed).toBeGreaterThan(CASES.length * 3 * 4096);
    expect(output.header.ctr_el0).toBeGreaterThan(0);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s: same final state and exit on aarch64 (3 placements + uop interpreter) and on the host', (_name, i) => {
    const c = CASES[i];
    const r = caseRuns[i];
    const near = aarch64State(r.runs.near);
    // JIT exit stubs record the trace's id in vm->exit_trace (each side has its own ids).
    expect(near.dumps[0][EXIT_TRACE_WORD]).toBe(hex(BigInt(AARCH64_TRACE_ID)));
    const { jit, interp, id } = hostStates(c, r.dumps);
    expect(jit.dumps[0][EXIT_TRACE_WORD]).toBe(hex(BigInt(id)));
    const expected = masked(near);
    expect(masked(aarch64State(r.runs.far))).toEqual(expected);
    expect(masked(aarch64State(r.runs.libm))).toEqual(expected);
    expect(masked(aarch64State(r.runs.interp))).toEqual(expected);
    expect(masked(jit)).toEqual(expected);
    expect(masked(interp)).toEqual(expected);
    expect(near.ret).toBe(near.exit);
    c.check?.(near);
  });

  it('a linked exit (directJump from an exit stub to another trace) runs on aarch64 as on the host', () => {
    const sum = CASES[0];
    const a = finalStateOfHarness(output.results[extra.linked], STATE_BASE, STATE_SIZE);
    const image = new StateImage(STATE_BASE, sum.nlocals, STATE_SIZE);
    sum.setup(image);
    const { jit } = hostStates(sum, dumpRanges(image), (rt) => {
      const ta = rt.compile(traceOf(sum, 0));
      const tb = rt.compile(LINKED_B);
      rt.linkExit(ta, SUM_LOOP_EXIT, tb);
      return ta;
    });
    expect(masked(a)).toEqual(masked(jit));
    expect(a.dumps[0][EXIT_TRACE_WORD]).toBe(hex(BigInt(AARCH64_TRACE_ID + 1)));
    expect(a.locals[1]).toBe(hex(int(199990000 + 1000)));
    expect(a.ret).toBe(1); // B's EXIT_TRACE (exit 0 is its ADD_INT)
  });

  it('native recursion (CALL_TRACE into a function trace, CALL_TOP, RETURN_TRACE) runs on aarch64 as on the host', () => {
    const a = finalStateOfHarness(output.results[extra.recursion], STATE_BASE, STATE_SIZE);
    const image = new StateImage(STATE_BASE, 2, STATE_SIZE);
    const c: Case = { name: 'recursion', nlocals: 2, setup: (s) => { s.setLocal(0, int(SUM_N)); return s.stackBase; }, trace: [] };
    const { jit, interp } = hostStates(c, dumpRanges(image), (rt) => {
      const f = rt.compile(RECURSIVE_SUM);
      return rt.compile(callSum(f.entry, f.program.address, f.id));
    });
    expect(a.locals[1]).toBe(hex(int((SUM_N * (SUM_N + 1)) / 2)));
    expect(a.ret).toBe(1); // the caller's EXIT_TRACE (exit 0 is its PUSH_FRAME's)
    expect(masked(a)).toEqual(masked(jit));
    expect(masked(interp)).toEqual(masked(jit));
  });

  it('out-of-range calls go through trampolines: support code and libm placed >128 MiB from the trace', () => {
    const { table } = linker;
    const callOf = (uop: string, symbol: string) => {
      const s = table.stencils[table.opcodeOf.get(uop)!];
      for (let h = 0; h < s.codeHoles.length; h += HOLE_FIELDS) {
        if (s.codeHoles[h + HOLE_KIND] === PatchKind.A64_BRANCH26 && s.codeHoles[h + HOLE_VALUE] === HoleValue.SYMBOL && table.symbols[s.codeHoles[h + HOLE_SYMBOL]] === symbol) return s.codeHoles[h + HOLE_OFFSET];
      }
      throw new Error(`${uop} has no B/BL to ${symbol}`);
    };
    const floatCase = caseRuns[CASES.findIndex((c) => c.name.startsWith('float math'))];
    const target = (t: EmittedTrace, uop: string, symbol: string) => {
      const k = t.instructions.findIndex((ins) => ins.uop === uop);
      return branchTarget(t.bytes, t.address, t.layout.codeOffsets[k] + callOf(uop, symbol));
    };
    const inTrampolines = (t: EmittedTrace, a: number) => a >= t.address + t.layout.trampolineStart && a < t.address + t.layout.codeSize;
    const pow = linker.exportAddress('support_float_pow');
    // No uop calls libm itself (SQRT_FLOAT is the fsqrt instruction): libm is the support code's business, below.
    expect(table.stencils.every((s) => !Array.from({ length: s.codeHoles.length / HOLE_FIELDS }, (_, k) => s.codeHoles[k * HOLE_FIELDS + HOLE_SYMBOL])
      .some((sym, k) => s.codeHoles[k * HOLE_FIELDS + HOLE_VALUE] === HoleValue.SYMBOL && !table.symbols[sym].startsWith('support_')))).toBe(true);
    // near: BL straight to the support code.
    expect(target(floatCase.traces.near, 'POW_FLOAT', 'support_float_pow')).toBe(pow);
    // far: both through trampolines.
    const farPow = target(floatCase.traces.far, 'POW_FLOAT', 'support_float_pow');
    expect(inTrampolines(floatCase.traces.far, farPow)).toBe(true);
    expect(trampolineTarget(floatCase.traces.far.bytes, farPow - floatCase.traces.far.address)).toBe(pow);
    expect(Math.abs(floatCase.traces.far.address - pow)).toBeGreaterThan(128 * MiB);
    // libm: the support code (64 GiB away) through a trampoline.
    expect(inTrampolines(floatCase.traces.libm, target(floatCase.traces.libm, 'POW_FLOAT', 'support_float_pow'))).toBe(true);
    // The support code (64 GiB from libm) reaches pow/fmod/floor through its own trampolines.
    const sup = table.support;
    const supHoles = [];
    for (let h = 0; h < sup.codeHoles.length; h += HOLE_FIELDS) {
      if (sup.codeHoles[h + HOLE_KIND] === PatchKind.A64_BRANCH26 && ['pow', 'fmod', 'floor'].includes(table.symbols[sup.codeHoles[h + HOLE_SYMBOL]])) supHoles.push(sup.codeHoles[h + HOLE_OFFSET]);
    }
    expect(supHoles.length).toBeGreaterThan(0);
    for (const off of supHoles) {
      const t = branchTarget(linker.supportBytes, SUPPORT_BASE, off);
      expect(t).toBeGreaterThanOrEqual(SUPPORT_BASE + linker.supportLayout.trampolineStart);
      expect(t).toBeLessThan(SUPPORT_BASE + linker.supportLayout.codeSize);
    }
    // ...and all of these ran correctly in qemu (the float case above agrees with the host).
  });

  it('CONDBR19: in range patched directly, out of ±1 MiB through a trampoline, both run in qemu', () => {
    expect(output.results[extra.condbr19Near].ret).toBe(55);
    expect(extra.condbr19NearTrampolines).toBe(0);
    expect(output.results[extra.condbr19Far].ret).toBe(77);
    expect(extra.condbr19FarTrampolines).toBe(16);
  });

  it('GOT pairs to a symbol: movz + movk, adr + nop, adrp + add, or through a GOT slot beyond ±4 GiB, all run in qemu', () => {
    expect(output.results[extra.gotMov].ret).toBe(44);
    expect(extra.gotMovSlots).toBe(0);
    expect([extra.gotMovFirst >>> 23, extra.gotMovSecond >>> 23]).toEqual([0xd2800000 >>> 23, 0xf2800000 >>> 23]); // movz x16; movk x16
    expect(output.results[extra.gotAdr].ret).toBe(33);
    expect(extra.gotAdrSlots).toBe(0);
    expect([(extra.gotAdrFirst & 0x9f000000) >>> 0, extra.gotAdrSecond]).toEqual([0x10000000, 0xd503201f]); // adr x16; nop
    expect(output.results[extra.gotNear].ret).toBe(66);
    expect(extra.gotNearSlots).toBe(0);
    expect(extra.gotNearSecond >>> 22).toBe(0x91000000 >>> 22); // add x16, x16, #lo12
    expect(output.results[extra.gotFar].ret).toBe(88);
    expect(extra.gotFarSlots).toBe(8);
    expect(extra.gotFarSecond >>> 22).toBe(0xf9400000 >>> 22); // still ldr x16, [x16, #slot]
  });

  it('the support code exports support_flush_icache with dc cvau / dsb ish / ic ivau / dsb ish / isb, and it runs', () => {
    const code = linker.table.support.code;
    const words = new Set<number>();
    for (let i = 0; i + 4 <= code.length; i += 4) words.add((code[i] | (code[i + 1] << 8) | (code[i + 2] << 16) | (code[i + 3] << 24)) >>> 0);
    const has = (mask: number, value: number) => [...words].some((w) => ((w & mask) >>> 0) === value);
    expect(has(0xffffffe0, 0xd50b7b20)).toBe(true); // dc cvau, xN
    expect(has(0xffffffe0, 0xd50b7520)).toBe(true); // ic ivau, xN
    expect(words.has(0xd5033b9f)).toBe(true); // dsb ish
    expect(words.has(0xd5033fdf)).toBe(true); // isb
    expect(has(0xffffffe0, 0xd53b0020)).toBe(true); // mrs xN, ctr_el0
    expect(output.results[extra.flush]).toBeDefined();
  });

  describe('the patcher throws instead of truncating where no trampoline can help', () => {
    const unchanged = (f: (code: Uint8Array) => void, insn: number) => {
      const code = new Uint8Array(64);
      new DataView(code.buffer).setUint32(0, insn, true);
      const before = code.slice();
      expect(() => f(code)).toThrow(/range|does not fit/);
      expect(code).toEqual(before);
    };
    const farSlots = { gotSlot: () => 8 * GiB, trampoline: () => 8 * GiB };

    it('B/BL and B.cond whose trampoline is out of range too', () => {
      unchanged((c) => relocate(c, 0, R_AARCH64.CALL26, GiB, 4 * GiB, 0, farSlots), 0x94000000);
      unchanged((c) => relocate(c, 0, R_AARCH64.JUMP26, GiB, 4 * GiB, 0, farSlots), 0x14000000);
      unchanged((c) => relocate(c, 0, R_AARCH64.CONDBR19, GiB, GiB + 2 * MiB, 0, farSlots), 0x54000000);
    });

    it('ADRP beyond ±4 GiB and LDR literal beyond ±1 MiB (no trampoline form exists)', () => {
      unchanged((c) => relocate(c, 0, R_AARCH64.ADR_PREL_PG_HI21, GiB, 8 * GiB, 0, farSlots), 0x90000000);
      unchanged((c) => relocate(c, 0, R_AARCH64.LD_PREL_LO19, GiB, GiB + 2 * MiB, 0, farSlots), 0x58000000);
    });

    it('linking an exit to a trace out of B range', () => {
      expect(() => directJump(EM_AARCH64, LIBM_BASE, FAR_BASE)).toThrow(TraceError);
      expect(() => directJump(EM_AARCH64, NEAR_BASE, NEAR_BASE + 64 * MiB)).not.toThrow();
    });
  });
});

/** A final state without vm->exit_trace, which the uop interpreter does not set on guard exits. */
function masked(f: FinalState): FinalState {
  const dumps = f.dumps.map((d) => d.slice());
  dumps[0][EXIT_TRACE_WORD] = '(exit_trace)';
  return { ...f, dumps };
}

/** Trace B of the linked-exit test: total += 1000, then leave. */
const LINKED_B: TraceInstruction[] = [L(1), K(int(1000)), U('ADD_INT'), S(1), EXIT];

/** PUSH_FRAME's operand for a one-local callee with a 4-word stack (code index 0). */
const CALLEE_FRAME = (4 << 20) | 1;
/** A function trace for sum(n) = n + sum(n - 1), sum(0) = 0: recursion through CALL_TOP, returns through RETURN_TRACE. */
const RECURSIVE_SUM: TraceInstruction[] = [
  L(0), K(int(0)), U('GT_INT'), U('POP_JUMP_IF_FALSE', { target: 13 }),
  L(0), K(none()), L(0), K(int(1)), U('SUB_INT'),
  pushFrame(1, CALLEE_FRAME, 9), U('CALL_TOP'),
  U('ADD_INT'), U('RETURN_TRACE', { oparg: 1 }),
  K(int(0)), U('RETURN_TRACE', { oparg: 1 }),
];
/** The caller: local 1 = sum(local 0), through CALL_TRACE into the function trace at `entry`. */
const callSum = (entry: number, program: number, id: number): TraceInstruction[] => [
  K(none()), L(0), U('PUSH_FRAME', { oparg: 1, operand0: CALLEE_FRAME, operand1: 3 }),
  U('CALL_TRACE', { oparg: id, operand0: entry, operand1: program }), S(1), EXIT,
];
const SUM_N = 40;

function words(...ws: number[]): Uint8Array {
  const b = new Uint8Array(4096);
  const v = new DataView(b.buffer);
  ws.forEach((w, i) => v.setUint32(4 * i, w, true));
  return b;
}

/** cmp x0, x0; b.eq <hole>; mov x0, #1; ret (trampoline space at +64). */
function condbr19Code(): Uint8Array {
  return words(0xeb00001f, 0x54000000, 0xd2800020, 0xd65f03c0);
}

/** mov x0, #value; ret */
function returns(value: number): Uint8Array {
  return words((0xd2800000 | (value << 5)) >>> 0, 0xd65f03c0);
}
