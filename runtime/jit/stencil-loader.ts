// Decodes a generated stencil table once into typed arrays, so that compiling
// a trace is byte copies plus a loop over integer hole rows.
import { HOLE_FIELDS, type OpargField, type Stencil, type StencilTable, type TableOrigin, type UopInfo, type UopMetadata } from '../../format/stencil-format.ts';
import { EM_AARCH64, EM_X86_64 } from '../../format/elf-machines.ts';
import { planHoles } from './hole-plan.ts';
import { checkHoles, checkMetadata, checkPair, checkTable, refuseHoleTable, type HoleBounds } from './table-check.ts';
import { prelinkSupport } from './support-prelink.ts';

export interface LoadedStencil {
  name: string;
  code: Uint8Array;
  data: Uint8Array;
  dataAlign: number;
  /** HOLE_FIELDS ints per hole. */
  codeHoles: Int32Array;
  dataHoles: Int32Array;
  /** One HoleKind per hole, for patchPlannedHoles. */
  codePlan: Uint8Array;
  dataPlan: Uint8Array;
  /** Out-of-line code placed after the trace body (empty when none), its holes and their plan. */
  coldCode: Uint8Array;
  coldHoles: Int32Array;
  coldPlan: Uint8Array;
  exports: Readonly<Record<string, number>>;
}

export interface LoadedTable {
  target: string;
  machine: number;
  symbols: readonly string[];
  opargFields: readonly OpargField[];
  /**
   * Indexed by uop opcode. A lazily loaded table (loadTable's `lazy`) holds
   * only the stencils `load` has decoded so far: the trace compiler loads each
   * uop of a trace before it lays it out, so a stencil of a compiled trace is
   * always there.
   */
  stencils: LoadedStencil[];
  /** The stencil of an opcode, decoded and its holes checked on first use. */
  load(opcode: number): LoadedStencil;
  infos: readonly UopInfo[];
  opcodeOf: ReadonlyMap<string, number>;
  support: LoadedStencil;
  /** Opcode of the exit uop (the metadata's exitUop), used for exit stubs. */
  exitOpcode: number;
  /** Opcode of the loop uop (the metadata's loopUop), or -1. */
  loopOpcode: number;
}

/**
 * Where decoded stencils live: slices of shared slabs, so that decoding a
 * stencil allocates no ArrayBuffer of its own (each is an off-heap allocation,
 * 1-3 µs in a cold process, and a stencil has up to nine parts: code, data,
 * cold part, their holes and their plans), and the hex is decoded by one
 * native write into the slab instead of Buffer.from and a copy.
 */
export class StencilArena {
  private bytes = new Uint8Array(0);
  private buffer: Buffer = Buffer.alloc(0);
  private used = 0;

  constructor(private readonly slabSize = 32 * 1024) {}

  /** `size` zeroed bytes at a multiple of `align` (a plain Uint8Array over the slab). */
  private take(size: number, align: number): { buffer: ArrayBuffer; offset: number } {
    let at = Math.ceil(this.used / align) * align;
    if (at + size > this.bytes.length) {
      // A part bigger than a slab (the support code) gets a slab of its own; the current one stays in use.
      if (size > this.slabSize / 4) return { buffer: new ArrayBuffer(size), offset: 0 };
      this.bytes = new Uint8Array(this.slabSize);
      this.buffer = Buffer.from(this.bytes.buffer, 0, this.slabSize);
      at = 0;
    }
    this.used = at + size;
    return { buffer: this.bytes.buffer as ArrayBuffer, offset: at };
  }

  /** The bytes a hex string spells (up to its first non-hex digit, as Buffer.from). */
  hex(hex: string): Uint8Array {
    const size = hex.length >> 1;
    if (size === 0) return EMPTY_BYTES;
    const { buffer, offset } = this.take(size, 1);
    const into = (buffer === this.bytes.buffer ? this.buffer : Buffer.from(buffer)) as Buffer & { hexWrite?: (s: string, offset: number, length: number) => number };
    // Node's own hex decoder, without Buffer#write's argument and encoding checks (write where it is missing).
    const written = into.hexWrite ? into.hexWrite(hex, offset, size) : into.write(hex, offset, size, 'hex');
    return new Uint8Array(buffer, offset, written);
  }

  /** A zeroed Uint8Array of `size` bytes. */
  u8(size: number): Uint8Array {
    if (size === 0) return EMPTY_BYTES;
    const { buffer, offset } = this.take(size, 1);
    return new Uint8Array(buffer, offset, size);
  }

  /** The holes as 32-bit integers; refuses any field that is not one. */
  holes(flat: readonly number[], name: string, origin: TableOrigin | undefined): Int32Array {
    if (flat.length % HOLE_FIELDS !== 0) refuseHoleTable(origin, name, `its holes are not rows of ${HOLE_FIELDS}`);
    if (flat.length === 0) return EMPTY_HOLES;
    const { buffer, offset } = this.take(4 * flat.length, 4);
    const out = new Int32Array(buffer, offset, flat.length);
    out.set(flat);
    for (let i = 0; i < flat.length; i++) if (out[i] !== flat[i]) refuseHoleTable(origin, name, `hole field ${flat[i]} is not a 32-bit integer`);
    return out;
  }
}

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_HOLES = new Int32Array(0);

/**
 * Decodes one stencil. With `bounds` (a table's), every hole is checked
 * against the stencil and the table before anything is used. `arena`: where
 * its parts go (a table's loader shares one among its stencils).
 */
export function loadStencil(s: Stencil, machine: number, bounds?: HoleBounds, arena = new StencilArena()): LoadedStencil {
  const code = arena.hex(s.code);
  const data = arena.hex(s.data);
  const codeHoles = arena.holes(s.codeHoles, s.name, bounds?.origin);
  const dataHoles = arena.holes(s.dataHoles, s.name, bounds?.origin);
  const coldCode = s.coldCode ? arena.hex(s.coldCode) : EMPTY_BYTES;
  const coldHoles = s.coldHoles ? arena.holes(s.coldHoles, s.name, bounds?.origin) : EMPTY_HOLES;
  if (bounds) {
    checkHoles(bounds, s.name, 'code', code.length, codeHoles);
    checkHoles(bounds, s.name, 'data', data.length, dataHoles);
    checkHoles(bounds, s.name, 'cold part', coldCode.length, coldHoles);
  }
  return {
    name: s.name,
    code,
    data,
    dataAlign: s.dataAlign,
    codeHoles,
    dataHoles,
    codePlan: planHoles(codeHoles, code.length, arena.u8(codeHoles.length / HOLE_FIELDS)),
    dataPlan: planHoles(dataHoles, data.length, arena.u8(dataHoles.length / HOLE_FIELDS)),
    coldCode,
    coldHoles,
    coldPlan: planHoles(coldHoles, coldCode.length, arena.u8(coldHoles.length / HOLE_FIELDS)),
    exports: s.exports ?? {},
  };
}

/** Each table's support code, decoded, checked and prelinked (support-prelink.ts) once: the SIGINT handler and a JIT runtime link the same. */
const supports = new WeakMap<StencilTable, LoadedStencil>();

/** A table's support code for linking; checks the table first. */
export function loadSupport(table: StencilTable): LoadedStencil {
  let s = supports.get(table);
  if (s) return s;
  checkTable(table);
  const machine = machineOf(table.target);
  s = prelinkSupport(loadStencil(table.support, machine, boundsOf(table, machine)));
  supports.set(table, s);
  return s;
}

function boundsOf(table: StencilTable, machine: number): HoleBounds {
  return { origin: table.origin, machine, target: table.target, symbols: table.symbols.length, opargFields: table.opargFields.length };
}

export function machineOf(triple: string): number {
  if (triple.startsWith('x86_64-')) return EM_X86_64;
  if (triple.startsWith('aarch64-')) return EM_AARCH64;
  throw new Error(`unsupported target ${triple}`);
}

/**
 * Checks and decodes a table (StencilTableError when it is not what its generator wrote) with its uop metadata.
 * `lazy`: decode (and check the holes of) each stencil when it is first used,
 * not all of them now (a JIT runtime's first trace needs a few dozen of ~400:
 * issue 14's time to first native code). Every stencil is still checked
 * before any of its bytes is copied.
 */
export function loadTable(table: StencilTable, metadata: UopMetadata, options: { lazy?: boolean } = {}): LoadedTable {
  const machine = machineOf(table.target);
  checkTable(table);
  checkMetadata(metadata);
  checkPair(table, metadata);
  const bounds = boundsOf(table, machine);
  const infos = metadata.uops;
  const stencils: LoadedStencil[] = [];
  const opcodeOf = new Map<string, number>();
  const byOpcode: Stencil[] = [];
  for (const info of infos) {
    const s = table.uops[info.name];
    if (!s) throw new Error(`stencil table for ${table.target} has no uop ${info.name}: regenerate build/`);
    byOpcode[info.opcode] = s;
    opcodeOf.set(info.name, info.opcode);
  }
  const arena = new StencilArena();
  const load = (opcode: number): LoadedStencil => {
    const s = byOpcode[opcode];
    if (!s) throw new Error(`the uop metadata has no opcode ${opcode}`);
    return (stencils[opcode] ??= loadStencil(s, machine, bounds, arena));
  };
  if (!options.lazy) for (const info of infos) load(info.opcode);
  const exitOpcode = opcodeOf.get(metadata.exitUop);
  if (exitOpcode === undefined) throw new Error(`the uop metadata has no exit uop ${metadata.exitUop}`);
  load(exitOpcode);
  const loopOpcode = metadata.loopUop === null ? -1 : (opcodeOf.get(metadata.loopUop) ?? -1);
  return {
    target: table.target,
    machine,
    symbols: table.symbols,
    opargFields: table.opargFields,
    stencils,
    load,
    infos,
    opcodeOf,
    support: loadSupport(table),
    exitOpcode,
    loopOpcode,
  };
}
