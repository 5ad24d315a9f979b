// Compiles a trace of uops into machine code by copying stencils end to end and
// patching their holes. Pure TypeScript over a byte buffer and a base address,
// so it can emit code for any target on any host. The layout is
//
//   [uop 0][uop 1]...[uop n-1][exit stub 0]...[exit stub k-1][trampolines]
//   (page boundary)[stencil data][GOT and constant slots]
//
// Validation happens before a single byte is written.
import { EM_X86_64 } from './elf-machines.ts';
import { newHoleContext, patchHoles, wordHi, wordLo, type HoleContext } from './hole-patcher.ts';
import { R_AARCH64, R_X86_64 } from './relocation-types.ts';
import { SLOT_SIZE, SlotAllocator, TRAMPOLINE_SIZE } from './slot-allocator.ts';
import type { LoadedStencil, LoadedTable } from './stencil-loader.ts';
import { HOLE_FIELDS, HOLE_TYPE, HOLE_VALUE, HoleValue } from './stencil-types.ts';

export interface TraceInstruction {
  uop: string;
  oparg?: number;
  operand0?: number | bigint;
  operand1?: number | bigint;
  /** Instruction index `_JIT_JUMP_TARGET` refers to. */
  target?: number;
}

export class TraceError extends Error {}

export type ExitKind = 'guard' | 'end';

export interface ExitInfo {
  /** The instruction whose guard (or EXIT_TRACE) this exit belongs to. */
  instruction: number;
  kind: ExitKind;
}

/** Where everything goes; computed before any byte is written. */
export interface TraceLayout {
  opcodes: Int32Array;
  /** Code offset of each instruction, then of each exit stub. */
  codeOffsets: Int32Array;
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

/** Per stencil: how many slots and trampolines its holes may need at most. */
function slotDemand(s: LoadedStencil, machine: number): [number, number] {
  let slots = 0;
  let tramps = 0;
  const count = (holes: Int32Array) => {
    for (let i = 0; i < holes.length; i += HOLE_FIELDS) {
      const type = holes[i + HOLE_TYPE];
      const value = holes[i + HOLE_VALUE];
      if (machine === EM_X86_64) {
        if (type === R_X86_64.GOTPCRELX || type === R_X86_64.REX_GOTPCRELX || type === R_X86_64.GOTPCREL) slots++;
        // Calls to a symbol or to an operand (a host function pointer) may need a trampoline.
        if (value === HoleValue.SYMBOL || (type === R_X86_64.PLT32 && (value === HoleValue.OPERAND0 || value === HoleValue.OPERAND1))) tramps++;
      } else {
        if (type === R_AARCH64.ADR_GOT_PAGE || type === R_AARCH64.LD64_GOT_LO12_NC) slots++;
        if (type === R_AARCH64.CALL26 || type === R_AARCH64.JUMP26 || type === R_AARCH64.CONDBR19) tramps++;
      }
    }
  };
  count(s.codeHoles);
  count(s.dataHoles);
  return [slots, tramps];
}

const demandCache = new WeakMap<LoadedTable, { slots: Int32Array; tramps: Int32Array }>();

/** Per opcode: the slots and trampolines its stencil may need (computed once per table). */
function demandsOf(table: LoadedTable): { slots: Int32Array; tramps: Int32Array } {
  let d = demandCache.get(table);
  if (!d) {
    d = { slots: new Int32Array(table.stencils.length), tramps: new Int32Array(table.stencils.length) };
    table.stencils.forEach((s, op) => ([d!.slots[op], d!.tramps[op]] = slotDemand(s, table.machine)));
    demandCache.set(table, d);
  }
  return d;
}

function checkWord(v: number | bigint | undefined, what: string): void {
  if (v === undefined) return;
  if (typeof v === 'bigint') {
    if (v < -(1n << 63n) || v >= 1n << 64n) throw new TraceError(`${what} ${v} does not fit 64 bits`);
  } else if (!Number.isSafeInteger(v)) {
    throw new TraceError(`${what} ${v} is not a safe integer (pass a bigint for full 64-bit words)`);
  }
}

/** Checks a trace and plans its layout; throws TraceError naming the instruction. */
export function layoutTrace(table: LoadedTable, trace: readonly TraceInstruction[]): TraceLayout {
  const n = trace.length;
  if (n === 0) throw new TraceError('empty trace');
  const opcodes = new Int32Array(n);
  const exitOf = new Int32Array(n).fill(-1);
  const exits: ExitInfo[] = [];
  for (let i = 0; i < n; i++) {
    const ins = trace[i];
    const where = `trace instruction ${i} (${ins.uop})`;
    const op = table.opcodeOf.get(ins.uop);
    if (op === undefined) throw new TraceError(`${where}: unknown uop`);
    const info = table.infos[op];
    opcodes[i] = op;
    if (info.usesOparg && ins.uop !== 'EXIT_TRACE') {
      if (ins.oparg === undefined) throw new TraceError(`${where}: missing oparg`);
      // x86_64 stencils take the oparg as a 32-bit immediate, zero- or sign-extended.
      if (!Number.isInteger(ins.oparg) || ins.oparg < 0 || ins.oparg > 0x7fffffff) throw new TraceError(`${where}: oparg ${ins.oparg} is not in 0..2^31-1`);
    }
    if (info.usesOperand0 && ins.operand0 === undefined && op !== table.exitOpcode) throw new TraceError(`${where}: missing operand0`);
    if (info.usesOperand1 && ins.operand1 === undefined) throw new TraceError(`${where}: missing operand1`);
    checkWord(ins.operand0, `${where}: operand0`);
    checkWord(ins.operand1, `${where}: operand1`);
    if (ins.target !== undefined && (!Number.isInteger(ins.target) || ins.target < 0 || ins.target >= n)) {
      throw new TraceError(`${where}: jump target ${ins.target} is outside the trace (0..${n - 1})`);
    }
    if (info.usesJumpTarget && ins.target === undefined) throw new TraceError(`${where}: missing jump target`);
    if (info.canExit) {
      exitOf[i] = exits.length;
      exits.push({ instruction: i, kind: 'guard' });
    } else if (op === table.exitOpcode) {
      exitOf[i] = exits.length;
      exits.push({ instruction: i, kind: 'end' });
    }
  }
  const last = table.infos[opcodes[n - 1]];
  if (!last.terminates) throw new TraceError(`trace instruction ${n - 1} (${last.name}): a trace must end with a uop that leaves or loops (JUMP_TO_TOP, EXIT_TRACE)`);

  const machine = table.machine;
  const codeOffsets = new Int32Array(n);
  const dataOffsets = new Int32Array(n);
  const stubOffsets = new Int32Array(exits.length);
  const stubDataOffsets = new Int32Array(exits.length);
  let code = 0;
  let data = 0;
  let slots = 0;
  let tramps = 0;
  const codeAlign = machine === EM_X86_64 ? 1 : 4;
  const demand = demandsOf(table);
  for (let i = 0; i < n; i++) {
    const op = opcodes[i];
    const s = table.stencils[op];
    code = align(code, codeAlign);
    codeOffsets[i] = code;
    code += s.code.length;
    data = align(data, s.dataAlign);
    dataOffsets[i] = data;
    data += s.data.length;
    slots += demand.slots[op];
    tramps += demand.tramps[op];
  }
  const exitStencil = table.stencils[table.exitOpcode];
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
      slots += demand.slots[table.exitOpcode];
      tramps += demand.tramps[table.exitOpcode];
    }
  }
  const trampolineStart = align(code, 16);
  const codeSize = trampolineStart + tramps * TRAMPOLINE_SIZE;
  const hasData = data > 0 || slots > 0;
  const dataStart = hasData ? align(codeSize, PAGE) : codeSize;
  const slotStart = align(data, SLOT_SIZE);
  const totalSize = hasData ? dataStart + slotStart + slots * SLOT_SIZE : codeSize;
  return { opcodes, codeOffsets, stubOffsets, dataOffsets, stubDataOffsets, exitOf, exits, trampolineStart, codeSize, dataStart, slotStart, totalSize };
}

/** Reusable per-table state, so emitting allocates nothing per hole or uop. */
export class TraceEmitter {
  private readonly ctx: HoleContext;
  private readonly slots: SlotAllocator;

  constructor(
    private readonly table: LoadedTable,
    symbolAddresses: Float64Array,
  ) {
    this.ctx = newHoleContext(symbolAddresses, table.symbols);
    this.slots = new SlotAllocator(table.machine);
  }

  /**
   * Writes the trace into buf (at least layout.totalSize bytes, zeroed), whose
   * first byte will live at `base`. `top` is where JUMP_TO_TOP goes (the
   * trace's own start unless it loops into another trace); `loopStart`, when
   * given, makes it go to that instruction instead (a peeled loop's body).
   */
  emit(trace: readonly TraceInstruction[], layout: TraceLayout, buf: Uint8Array, base: number, top = base, loopStart?: number, traceId = 0): void {
    const { table, ctx, slots } = this;
    const machine = table.machine;
    const dataBase = base + layout.dataStart;
    slots.reset(buf, base, layout.dataStart + layout.slotStart, layout.totalSize, layout.trampolineStart, layout.codeSize);
    ctx.top = loopStart !== undefined ? base + layout.codeOffsets[loopStart] : top;
    const n = trace.length;
    for (let i = 0; i < n; i++) {
      const ins = trace[i];
      const s = table.stencils[layout.opcodes[i]];
      const codeAt = layout.codeOffsets[i];
      const dataAt = layout.dataStart + layout.dataOffsets[i];
      buf.set(s.code, codeAt);
      if (s.data.length > 0) buf.set(s.data, dataAt);
      ctx.stencilName = s.name;
      ctx.code = base + codeAt;
      ctx.data = base + dataAt;
      ctx.continueTo = i + 1 < n ? base + layout.codeOffsets[i + 1] : base + layout.codeSize;
      ctx.jumpTarget = ins.target !== undefined ? base + layout.codeOffsets[ins.target] : 0;
      const exit = layout.exitOf[i];
      ctx.exit = exit >= 0 ? base + layout.stubOffsets[exit] : 0;
      ctx.oparg = layout.opcodes[i] === table.exitOpcode ? exit : (ins.oparg ?? 0);
      const operand0 = layout.opcodes[i] === table.exitOpcode ? traceId : ins.operand0;
      if (operand0 !== undefined) {
        ctx.operand0Lo = wordLo(operand0);
        ctx.operand0Hi = wordHi(operand0);
      }
      const operand1 = ins.operand1;
      if (operand1 !== undefined) {
        ctx.operand1Lo = wordLo(operand1);
        ctx.operand1Hi = wordHi(operand1);
      }
      patchHoles(buf, base, codeAt, s.codeHoles, machine, ctx, slots);
      if (s.dataHoles.length > 0) patchHoles(buf, base, dataAt, s.dataHoles, machine, ctx, slots);
    }
    const stub = table.stencils[table.exitOpcode];
    ctx.stencilName = stub.name;
    for (let k = 0; k < layout.exits.length; k++) {
      if (layout.exits[k].kind === 'end') continue;
      const codeAt = layout.stubOffsets[k];
      const dataAt = layout.dataStart + layout.stubDataOffsets[k];
      buf.set(stub.code, codeAt);
      if (stub.data.length > 0) buf.set(stub.data, dataAt);
      ctx.code = base + codeAt;
      ctx.data = dataBase + layout.stubDataOffsets[k];
      ctx.continueTo = ctx.exit = ctx.jumpTarget = 0;
      ctx.oparg = k;
      ctx.operand0Lo = traceId >>> 0;
      ctx.operand0Hi = 0;
      patchHoles(buf, base, codeAt, stub.codeHoles, machine, ctx, slots);
      if (stub.dataHoles.length > 0) patchHoles(buf, base, dataAt, stub.dataHoles, machine, ctx, slots);
    }
  }
}

/** The bytes of a direct jump from `from` to `to`, for linking an exit stub to another trace. */
export function directJump(machine: number, from: number, to: number): Uint8Array {
  if (machine === EM_X86_64) {
    const rel = to - (from + 5);
    if (rel < -0x80000000 || rel > 0x7fffffff) throw new TraceError(`jump from 0x${from.toString(16)} to 0x${to.toString(16)} is out of rel32 range`);
    const b = new Uint8Array(5);
    b[0] = 0xe9;
    new DataView(b.buffer).setInt32(1, rel, true);
    return b;
  }
  const rel = to - from;
  if (rel % 4 !== 0 || rel < -(1 << 27) || rel >= 1 << 27) throw new TraceError(`branch from 0x${from.toString(16)} to 0x${to.toString(16)} is out of B range`);
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, (0x14000000 | ((rel >> 2) & 0x3ffffff)) >>> 0, true);
  return b;
}
