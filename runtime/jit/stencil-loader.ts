// Decodes a generated stencil table once into typed arrays, so that compiling
// a trace is byte copies plus a loop over integer hole rows.
import { HOLE_FIELDS, type OpargField, type Stencil, type StencilTable, type TableOrigin, type UopInfo, type UopMetadata } from '../../format/stencil-format.ts';
import { EM_AARCH64, EM_X86_64 } from '../../format/elf-machines.ts';
import { planHoles } from './hole-plan.ts';
import { checkHoles, checkMetadata, checkPair, checkTable, refuseHoleTable, type HoleBounds } from './table-check.ts';

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

function holesOf(flat: readonly number[], name: string, origin: TableOrigin | undefined): Int32Array {
  if (flat.length % HOLE_FIELDS !== 0) refuseHoleTable(origin, name, `its holes are not rows of ${HOLE_FIELDS}`);
  const out = new Int32Array(flat);
  for (let i = 0; i < flat.length; i++) if (out[i] !== flat[i]) refuseHoleTable(origin, name, `hole field ${flat[i]} is not a 32-bit integer`);
  return out;
}

/**
 * Decodes one stencil. With `bounds` (a table's), every hole is checked
 * against the stencil and the table before anything is used.
 */
export function loadStencil(s: Stencil, machine: number, bounds?: HoleBounds): LoadedStencil {
  // new Uint8Array(buffer): one block copy (Uint8Array.from iterates byte by byte:
  // 8 ms for the 78 KB support code in a cold process); a plain Uint8Array, not a
  // pooled Buffer, so that the emitter's copies see one array type.
  const code = new Uint8Array(Buffer.from(s.code, 'hex'));
  const data = new Uint8Array(Buffer.from(s.data, 'hex'));
  const codeHoles = holesOf(s.codeHoles, s.name, bounds?.origin);
  const dataHoles = holesOf(s.dataHoles, s.name, bounds?.origin);
  const coldCode = new Uint8Array(Buffer.from(s.coldCode ?? '', 'hex'));
  const coldHoles = holesOf(s.coldHoles ?? [], s.name, bounds?.origin);
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
    codePlan: planHoles(codeHoles, code.length),
    dataPlan: planHoles(dataHoles, data.length),
    coldCode,
    coldHoles,
    coldPlan: planHoles(coldHoles, coldCode.length),
    exports: s.exports ?? {},
  };
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
  const bounds: HoleBounds = { origin: table.origin, machine, target: table.target, symbols: table.symbols.length, opargFields: table.opargFields.length };
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
  const load = (opcode: number): LoadedStencil => {
    const s = byOpcode[opcode];
    if (!s) throw new Error(`the uop metadata has no opcode ${opcode}`);
    return (stencils[opcode] ??= loadStencil(s, machine, bounds));
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
    support: loadStencil(table.support, machine, bounds),
    exitOpcode,
    loopOpcode,
  };
}
