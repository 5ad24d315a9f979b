// Compiles a trace of uops into machine code by copying stencils end to end and
// patching their holes. Pure TypeScript over a byte buffer and a base address,
// so it can emit code for any target on any host. The layout is
//
//   [uop 0][uop 1]...[uop n-1][cold 0]...[cold n-1][exit stub 0]...[exit stub k-1][trampolines]
//   (page boundary)[stencil data][GOT and constant slots]
//
// where [cold i] is uop i's out-of-line code (most uops have none), so that
// the hot paths of the uops follow each other with no jump between them.
//
// Validation happens before a single byte is written.
import { EM_X86_64 } from '../../format/elf-machines.ts';
import { PATCH_KINDS, PatchKind } from '../../format/patch-kinds.ts';
import { HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET } from '../../format/stencil-format.ts';
import { encodeA64Branch, encodeX86Imm32, encodeX86Jump, fitsA64Branch, fitsInt32 } from './field-encoders.ts';
import { HoleKind, patchPlannedHoles } from './hole-plan.ts';
import { newHoleContext, wordHi, wordLo, type HoleContext } from './hole-patcher.ts';
import { SLOT_SIZE, SlotAllocator, TRAMPOLINE_SIZE } from './slot-allocator.ts';
import type { LoadedStencil, LoadedTable } from './stencil-loader.ts';

export interface TraceInstruction {
  uop: string;
  oparg?: number;
  operand0?: number | bigint;
  operand1?: number | bigint;
  /** Instruction index `_JIT_JUMP_TARGET` refers to. */
  target?: number;
}

import { TraceBranchRangeError, TraceError } from './trace-errors.ts';

export { TraceBranchRangeError, TraceError };

export type ExitKind = 'guard' | 'end';

export interface ExitInfo {
  /** The instruction whose guard (or EXIT_TRACE) this exit belongs to. */
  instruction: number;
  kind: ExitKind;
}

/** Where everything goes, and the trace's fields decoded once; computed before any byte is written. */
export interface TraceLayout {
  opcodes: Int32Array;
  /** Each instruction's oparg, 0 when it has none. */
  opargs: Int32Array;
  /** Each instruction's operands as u32 halves (lo0, hi0, lo1, hi1), 0 when absent. */
  operandWords: Uint32Array;
  /** Each instruction's jump target, -1 when it has none. */
  targets: Int32Array;
  /** Code offset of each instruction, of its cold part, then of each exit stub. */
  codeOffsets: Int32Array;
  coldOffsets: Int32Array;
  stubOffsets: Int32Array;
  /** Data offset (from the start of the data area) of each instruction's and stub's data. */
  dataOffsets: Int32Array;
  stubDataOffsets: Int32Array;
  /** Exit number of each instruction, -1 when it has none. */
  exitOf: Int32Array;
  exits: ExitInfo[];
  trampolineStart: number;
  codeSize: number;
  /** Offset of the data area (page aligned) and its size, slots included. */
  dataStart: number;
  slotStart: number;
  totalSize: number;
}

const PAGE = 4096;
const align = (n: number, a: number) => (a > 1 ? Math.ceil(n / a) * a : n);

/** Per stencil: how many slots and trampolines its holes may need at most (what their patch kinds may ask for). */
function slotDemand(s: LoadedStencil): [number, number] {
  let slots = 0;
  let tramps = 0;
  const count = (holes: Int32Array) => {
    for (let i = 0; i < holes.length; i += HOLE_FIELDS) {
      const kind = PATCH_KINDS[holes[i + HOLE_KIND]];
      if (kind.slot) slots++;
      if (kind.trampoline) tramps++;
    }
  };
  count(s.codeHoles);
  count(s.coldHoles);
  count(s.dataHoles);
  return [slots, tramps];
}

/**
 * aarch64 branches with a short field (TBZ ±32 KiB, B.cond/CBZ ±1 MiB) that
 * leave their stencil: beyond their range the patcher sends them through a
 * veneer (a trampoline after the trace), which must itself be in range.
 */
const SHORT_BRANCHES: readonly { kind: PatchKind; range: number }[] = [
  { kind: PatchKind.A64_TSTBR14, range: 32 * 1024 },
  { kind: PatchKind.A64_CONDBR19, range: 1024 * 1024 },
];

interface Demand {
  /** Per opcode, filled when its stencil is first laid out (-1 before). */
  slots: Int32Array;
  tramps: Int32Array;
  /** Per SHORT_BRANCHES entry and opcode: the offset of the first such hole in the code and in the cold part, -1 when none. */
  firstShort: Int32Array[];
  firstShortCold: Int32Array[];
  /** The smallest range of a short branch any stencil laid out so far has (Infinity: none). */
  shortestRange: number;
}

const demandCache = new WeakMap<LoadedTable, Demand>();

function firstHoleOf(holes: Int32Array, kind: PatchKind): number {
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) if (holes[i + HOLE_KIND] === kind) return holes[i + HOLE_OFFSET];
  return -1;
}

/** Per opcode: the slots and trampolines its stencil may need, and where its short branches are (each opcode's computed once per table, by stencilFor). */
function demandsOf(table: LoadedTable): Demand {
  let d = demandCache.get(table);
  if (!d) {
    const n = table.infos.length;
    d = { slots: new Int32Array(n).fill(-1), tramps: new Int32Array(n), firstShort: [], firstShortCold: [], shortestRange: Infinity };
    for (let k = 0; k < SHORT_BRANCHES.length; k++) {
      d.firstShort.push(new Int32Array(n).fill(-1));
      d.firstShortCold.push(new Int32Array(n).fill(-1));
    }
    demandCache.set(table, d);
  }
  return d;
}

/** The stencil of `op` (loaded on first use: a lazily loaded table) with its demand known. */
function stencilFor(table: LoadedTable, demand: Demand, op: number): LoadedStencil {
  const s = table.stencils[op] ?? table.load(op);
  if (demand.slots[op] < 0) {
    [demand.slots[op], demand.tramps[op]] = slotDemand(s);
    SHORT_BRANCHES.forEach(({ kind, range }, k) => {
      const code = (demand.firstShort[k][op] = firstHoleOf(s.codeHoles, kind));
      const cold = (demand.firstShortCold[k][op] = firstHoleOf(s.coldHoles, kind));
      if (code >= 0 || cold >= 0) demand.shortestRange = Math.min(demand.shortestRange, range);
    });
  }
  return s;
}

/**
 * Throws TraceError when a short branch could not reach a veneer: every target
 * and every trampoline lies before codeSize, so a branch whose place is within
 * its range of codeSize reaches either. Only traces that long pay for the scan.
 */
function checkShortBranches(demand: Demand, n: number, opcodes: Int32Array, codeOffsets: Int32Array, coldOffsets: Int32Array, codeSize: number): void {
  if (codeSize < demand.shortestRange - TRAMPOLINE_SIZE) return;
  SHORT_BRANCHES.forEach(({ range }, k) => {
    const limit = range - TRAMPOLINE_SIZE;
    for (let i = 0; i < n; i++) {
      const code = demand.firstShort[k][opcodes[i]];
      const cold = demand.firstShortCold[k][opcodes[i]];
      if ((code >= 0 && codeSize - (codeOffsets[i] + code) > limit) || (cold >= 0 && codeSize - (coldOffsets[i] + cold) > limit)) {
        throw new TraceBranchRangeError(`trace instruction ${i}: the trace's code (${codeSize} bytes) is too long for its ±${range / 1024} KiB branch to reach a veneer after it`);
      }
    }
  });
}

/** How errors name an instruction (built only when one is thrown). */
function where(i: number, uop: string): string {
  return `trace instruction ${i} (${uop})`;
}

function checkWord(v: number | bigint | undefined, i: number, uop: string, field: string): void {
  if (v === undefined) return;
  if (typeof v === 'bigint') {
    if (v < -(1n << 63n) || v >= 1n << 64n) throw new TraceError(`${where(i, uop)}: ${field} ${v} does not fit 64 bits`);
  } else if (!Number.isSafeInteger(v)) {
    throw new TraceError(`${where(i, uop)}: ${field} ${v} is not a safe integer (pass a bigint for full 64-bit words)`);
  }
}

/**
 * Checks a trace and plans its layout; throws TraceError naming the instruction.
 * Reads each instruction's fields once (instruction objects come in many
 * shapes, so every property read is a slow one); emit and the uop program
 * read the typed arrays.
 */
export function layoutTrace(table: LoadedTable, trace: readonly TraceInstruction[]): TraceLayout {
  const n = trace.length;
  if (n === 0) throw new TraceError('empty trace');
  const { machine, stencils, infos, exitOpcode } = table;
  const demand = demandsOf(table);
  const codeAlign = machine === EM_X86_64 ? 1 : 4;
  // Each typed array's own buffer is an off-heap allocation (0.3-3 µs): the
  // layout's arrays share one, sized for at most one exit per instruction.
  const words = new ArrayBuffer(4 * 13 * n);
  const opcodes = new Int32Array(words, 0, n);
  const opargs = new Int32Array(words, 4 * n, n);
  const operandWords = new Uint32Array(words, 8 * n, 4 * n);
  const targets = new Int32Array(words, 24 * n, n);
  const exitOf = new Int32Array(words, 28 * n, n);
  const codeOffsets = new Int32Array(words, 32 * n, n);
  const dataOffsets = new Int32Array(words, 36 * n, n);
  const coldOffsets = new Int32Array(words, 48 * n, n);
  const exits: ExitInfo[] = [];
  let code = 0;
  let data = 0;
  let slots = 0;
  let tramps = 0;
  for (let i = 0; i < n; i++) {
    const { uop, oparg, operand0, operand1, target } = trace[i];
    const op = table.opcodeOf.get(uop);
    if (op === undefined) throw new TraceError(`${where(i, uop)}: unknown uop`);
    const info = infos[op];
    if (info.usesOparg && op !== exitOpcode) {
      if (oparg === undefined) throw new TraceError(`${where(i, uop)}: missing oparg`);
      // x86_64 stencils take the oparg as a 32-bit immediate, zero- or sign-extended.
      if (!Number.isInteger(oparg) || oparg < 0 || oparg > 0x7fffffff) throw new TraceError(`${where(i, uop)}: oparg ${oparg} is not in 0..2^31-1`);
    }
    if (info.usesOperand0 && operand0 === undefined && op !== exitOpcode) throw new TraceError(`${where(i, uop)}: missing operand0`);
    if (info.usesOperand1 && operand1 === undefined) throw new TraceError(`${where(i, uop)}: missing operand1`);
    checkWord(operand0, i, uop, 'operand0');
    checkWord(operand1, i, uop, 'operand1');
    if (target !== undefined && (!Number.isInteger(target) || target < 0 || target >= n)) {
      throw new TraceError(`${where(i, uop)}: jump target ${target} is outside the trace (0..${n - 1})`);
    }
    if (info.usesJumpTarget && target === undefined) throw new TraceError(`${where(i, uop)}: missing jump target`);
    opcodes[i] = op;
    opargs[i] = oparg ?? 0;
    if (operand0 !== undefined) {
      operandWords[4 * i] = wordLo(operand0);
      operandWords[4 * i + 1] = wordHi(operand0);
    }
    if (operand1 !== undefined) {
      operandWords[4 * i + 2] = wordLo(operand1);
      operandWords[4 * i + 3] = wordHi(operand1);
    }
    targets[i] = target ?? -1;
    if (info.canExit || op === exitOpcode) {
      exitOf[i] = exits.length;
      exits.push({ instruction: i, kind: info.canExit ? 'guard' : 'end' });
    } else {
      exitOf[i] = -1;
    }
    const s = stencilFor(table, demand, op);
    code = align(code, codeAlign);
    codeOffsets[i] = code;
    code += s.code.length;
    data = align(data, s.dataAlign);
    dataOffsets[i] = data;
    data += s.data.length;
    slots += demand.slots[op];
    tramps += demand.tramps[op];
  }
  for (let i = 0; i < n; i++) {
    const cold = stencils[opcodes[i]].coldCode.length;
    code = align(code, cold > 0 ? codeAlign : 1);
    coldOffsets[i] = code;
    code += cold;
  }
  const last = infos[opcodes[n - 1]];
  if (!last.terminates) throw new TraceError(`${where(n - 1, last.name)}: a trace must end with a uop that leaves or loops (JUMP_TO_TOP, EXIT_TRACE)`);

  const stubOffsets = new Int32Array(words, 40 * n, exits.length);
  const stubDataOffsets = new Int32Array(words, 44 * n, exits.length);
  const exitStencil = stencilFor(table, demand, exitOpcode);
  // A guard's exit gets a stub after the trace; an EXIT_TRACE in the body is its
  // own stub, so linking that exit (overwriting it with a jump) works the same way.
  for (let k = 0; k < exits.length; k++) {
    if (exits[k].kind === 'end') {
      stubOffsets[k] = codeOffsets[exits[k].instruction];
      stubDataOffsets[k] = dataOffsets[exits[k].instruction];
    } else {
      code = align(code, codeAlign);
      stubOffsets[k] = code;
      code += exitStencil.code.length;
      data = align(data, exitStencil.dataAlign);
      stubDataOffsets[k] = data;
      data += exitStencil.data.length;
      slots += demand.slots[exitOpcode];
      tramps += demand.tramps[exitOpcode];
    }
  }
  const trampolineStart = align(code, 16);
  const codeSize = trampolineStart + tramps * TRAMPOLINE_SIZE;
  checkShortBranches(demand, n, opcodes, codeOffsets, coldOffsets, codeSize);
  const hasData = data > 0 || slots > 0;
  const dataStart = hasData ? align(codeSize, PAGE) : codeSize;
  const slotStart = align(data, SLOT_SIZE);
  const totalSize = hasData ? dataStart + slotStart + slots * SLOT_SIZE : codeSize;
  return {
    opcodes, opargs, operandWords, targets, codeOffsets, coldOffsets, stubOffsets, dataOffsets, stubDataOffsets, exitOf, exits,
    trampolineStart, codeSize, dataStart, slotStart, totalSize,
  };
}

/** Reusable per-table state, so emitting allocates nothing per hole or uop. */
export class TraceEmitter {
  private readonly ctx: HoleContext;
  private readonly slots: SlotAllocator;
  /**
   * Offsets of the exit stub's oparg holes when its only holes are the oparg
   * and operands and it has no data (x86_64): stubs then differ in the oparg only.
   */
  private readonly stubOpargOffsets: Int32Array | null;

  constructor(
    private readonly table: LoadedTable,
    symbolAddresses: Float64Array,
  ) {
    this.ctx = newHoleContext(symbolAddresses, table.symbols, table.opargFields);
    this.slots = new SlotAllocator(table.machine);
    const stub = table.stencils[table.exitOpcode];
    // Exit stubs are copies of EXIT_TRACE's code alone.
    if (stub.coldCode.length > 0) throw new TraceError(`${stub.name} has a cold part: exit stubs cannot be made of it`);
    const movable = stub.data.length === 0 && stub.dataHoles.length === 0 && stub.codePlan.every((k) => k === HoleKind.OPARG32 || k === HoleKind.OPERAND64);
    this.stubOpargOffsets = movable ? Int32Array.from(stub.codePlan.keys()).filter((h) => stub.codePlan[h] === HoleKind.OPARG32).map((h) => stub.codeHoles[h * HOLE_FIELDS + HOLE_OFFSET]) : null;
  }

  /**
   * Copies the patched guard exit stub `from` over the guard stubs after it, when
   * they lie back to back, by doubling (log2 copies instead of one slow small
   * copy each). False when they do not.
   */
  private replicateGuardStub(layout: TraceLayout, buf: Uint8Array, from: number): boolean {
    const size = this.table.stencils[this.table.exitOpcode].code.length;
    const first = layout.stubOffsets[from];
    let count = 1;
    for (let k = from + 1; k < layout.exits.length; k++) {
      if (layout.exits[k].kind === 'end') continue;
      if (layout.stubOffsets[k] !== first + count * size) return false;
      count++;
    }
    for (let done = 1; done < count; ) {
      const more = Math.min(done, count - done);
      buf.copyWithin(first + done * size, first, first + more * size);
      done += more;
    }
    return true;
  }

  /**
   * Writes the laid-out trace into buf (at least layout.totalSize bytes, zeroed),
   * whose first byte will live at `base`. `top` is where JUMP_TO_TOP goes (the
   * trace's own start unless it loops into another trace); `loopStart`, when
   * given, makes it go to that instruction instead (a peeled loop's body).
   */
  emit(layout: TraceLayout, buf: Uint8Array, base: number, top = base, loopStart?: number, traceId = 0): void {
    const { table, ctx, slots } = this;
    const { stencils, exitOpcode } = table;
    const { opcodes, opargs, operandWords, targets, codeOffsets, coldOffsets, dataOffsets, exitOf, stubOffsets, dataStart } = layout;
    slots.reset(buf, base, dataStart + layout.slotStart, layout.totalSize, layout.trampolineStart, layout.codeSize);
    ctx.top = loopStart !== undefined ? base + codeOffsets[loopStart] : top;
    const idLo = wordLo(traceId);
    const idHi = wordHi(traceId);
    const n = opcodes.length;
    for (let i = 0; i < n; i++) {
      const op = opcodes[i];
      const s = stencils[op];
      const codeAt = codeOffsets[i];
      const dataAt = dataStart + dataOffsets[i];
      const coldAt = coldOffsets[i];
      buf.set(s.code, codeAt);
      if (s.coldCode.length > 0) buf.set(s.coldCode, coldAt);
      if (s.data.length > 0) buf.set(s.data, dataAt);
      ctx.stencilName = s.name;
      ctx.code = base + codeAt;
      ctx.cold = base + coldAt;
      ctx.data = base + dataAt;
      ctx.continueTo = base + (i + 1 < n ? codeOffsets[i + 1] : layout.codeSize);
      ctx.jumpTarget = targets[i] >= 0 ? base + codeOffsets[targets[i]] : 0;
      const exit = exitOf[i];
      ctx.exit = exit >= 0 ? base + stubOffsets[exit] : 0;
      if (op === exitOpcode) {
        ctx.oparg = exit;
        ctx.operand0Lo = idLo;
        ctx.operand0Hi = idHi;
      } else {
        ctx.oparg = opargs[i];
        ctx.operand0Lo = operandWords[4 * i];
        ctx.operand0Hi = operandWords[4 * i + 1];
      }
      ctx.operand1Lo = operandWords[4 * i + 2];
      ctx.operand1Hi = operandWords[4 * i + 3];
      patchPlannedHoles(buf, base, codeAt, s.codeHoles, s.codePlan, ctx, slots);
      if (s.coldHoles.length > 0) patchPlannedHoles(buf, base, coldAt, s.coldHoles, s.coldPlan, ctx, slots);
      if (s.dataHoles.length > 0) patchPlannedHoles(buf, base, dataAt, s.dataHoles, s.dataPlan, ctx, slots);
    }
    const stub = stencils[exitOpcode];
    const stubOpargOffsets = this.stubOpargOffsets;
    ctx.stencilName = stub.name;
    // Stubs after the first guard stub are copies of it when they can be.
    let replicated = false;
    let firstGuard = true;
    for (let k = 0; k < layout.exits.length; k++) {
      if (layout.exits[k].kind === 'end') continue;
      const codeAt = stubOffsets[k];
      if (replicated) {
        for (let h = 0; h < stubOpargOffsets!.length; h++) encodeX86Imm32(buf, codeAt + stubOpargOffsets![h], k);
        continue;
      }
      const dataAt = dataStart + layout.stubDataOffsets[k];
      buf.set(stub.code, codeAt);
      if (stub.data.length > 0) buf.set(stub.data, dataAt);
      ctx.code = base + codeAt;
      ctx.data = base + dataAt;
      ctx.continueTo = ctx.exit = ctx.jumpTarget = 0;
      ctx.oparg = k;
      ctx.operand0Lo = idLo;
      ctx.operand0Hi = idHi;
      patchPlannedHoles(buf, base, codeAt, stub.codeHoles, stub.codePlan, ctx, slots);
      if (stub.dataHoles.length > 0) patchPlannedHoles(buf, base, dataAt, stub.dataHoles, stub.dataPlan, ctx, slots);
      if (firstGuard) replicated = stubOpargOffsets !== null && this.replicateGuardStub(layout, buf, k);
      firstGuard = false;
    }
  }
}

/** The bytes of a direct jump from `from` to `to`, for linking an exit stub to another trace. */
export function directJump(machine: number, from: number, to: number): Uint8Array {
  if (machine === EM_X86_64) {
    const rel = to - (from + 5);
    if (!fitsInt32(rel)) throw new TraceError(`jump from 0x${from.toString(16)} to 0x${to.toString(16)} is out of rel32 range`);
    const b = new Uint8Array(5);
    encodeX86Jump(b, 0, rel);
    return b;
  }
  const rel = to - from;
  if (!fitsA64Branch(rel, 26)) throw new TraceError(`branch from 0x${from.toString(16)} to 0x${to.toString(16)} is out of B range`);
  const b = new Uint8Array(4);
  encodeA64Branch(b, 0, rel);
  return b;
}
