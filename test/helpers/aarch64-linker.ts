// Builds aarch64 code images in TypeScript for the harness: the support code
// linked at a chosen address through the runtime's own in-memory linker
// (layoutSupport/emitSupport, as JitRuntime does on the host), and traces
// emitted at chosen addresses through layoutTrace/TraceEmitter.
import { UOP_METADATA } from '../../build/uops.ts';
import { EM_AARCH64 } from '../../format/elf-machines.ts';
import { TABLES } from '../../runtime/vm/tracing/vm-jit-runtime.ts';
import { loadTable, type LoadedTable } from '../../runtime/jit/stencil-loader.ts';
import { emitSupport, layoutSupport, type SupportLayout } from '../../runtime/jit/support-linker.ts';
import { layoutTrace, TraceEmitter, type TraceInstruction, type TraceLayout } from '../../runtime/jit/trace-compiler.ts';
import { encodeUopProgram, EXIT_LINK_SIZE } from '../../runtime/jit/uop-program.ts';
import { pageAlign, type BlobWriter } from './aarch64-harness.ts';

export const AARCH64 = 'aarch64-unknown-linux-gnu';

export interface EmittedTrace {
  address: number;
  layout: TraceLayout;
  bytes: Uint8Array;
  instructions: readonly TraceInstruction[];
  /** What its exits write to vm->exit_trace. */
  traceId: number;
}

export class Aarch64Linker {
  readonly table: LoadedTable;
  readonly supportLayout: SupportLayout;
  readonly supportBytes: Uint8Array;
  readonly exports: Map<string, number>;
  readonly emitter: TraceEmitter;

  /**
   * Links the support code at `supportBase`; `externals` are the harness's libm
   * addresses. The table is the bundled VM's unless another project's is given.
   */
  constructor(readonly supportBase: number, readonly externals: Readonly<Record<string, number>>, table?: LoadedTable) {
    this.table = table ?? loadTable(TABLES[AARCH64], UOP_METADATA);
    if (this.table.machine !== EM_AARCH64) throw new Error('not the aarch64 table');
    this.supportLayout = layoutSupport(this.table.support);
    this.supportBytes = new Uint8Array(this.supportLayout.totalSize);
    this.exports = emitSupport(this.table, this.supportBytes, supportBase, this.supportLayout, (name) => this.resolveExternal(name));
    const addresses = new Float64Array(this.table.symbols.length);
    this.table.symbols.forEach((name, i) => {
      addresses[i] = this.exports.get(name) ?? this.resolveExternal(name);
    });
    this.emitter = new TraceEmitter(this.table, addresses);
  }

  private resolveExternal(name: string): number {
    const a = this.externals[name];
    if (a === undefined) throw new Error(`symbol '${name}' used by the aarch64 stencils is not provided by the harness`);
    return a;
  }

  exportAddress(name: string): number {
    const a = this.exports.get(name);
    if (a === undefined) throw new Error(`the aarch64 support code exports no '${name}'`);
    return a;
  }

  /** Adds the linked support code to a blob: code R+X, data and slots read-only. */
  addSupport(blob: BlobWriter): void {
    const l = this.supportLayout;
    blob.region({ address: this.supportBase, bytes: this.supportBytes, mapSize: pageAlign(l.totalSize), execSize: pageAlign(l.codeSize) });
  }

  /** Lays out and emits a trace at `address` (page aligned), as JitRuntime.compile does. */
  emit(instructions: readonly TraceInstruction[], address: number, traceId: number, top = address): EmittedTrace {
    const layout = layoutTrace(this.table, instructions);
    const bytes = new Uint8Array(pageAlign(layout.totalSize));
    this.emitter.emit(layout, bytes, address, top, undefined, traceId);
    return { address, layout, bytes, instructions, traceId };
  }

  /**
   * A trace for uop_interpret: its exit links (zero: unlinked) then its
   * UopInstruction records, which uop_interpret is given (at `entry`).
   */
  program(t: EmittedTrace): { image: Uint8Array; entry: number } {
    const records = encodeUopProgram(t.layout, this.table.exitOpcode, this.table.loopOpcode, t.traceId, undefined);
    const entry = t.layout.exits.length * EXIT_LINK_SIZE;
    const image = new Uint8Array(entry + records.length);
    image.set(records, entry);
    return { image, entry };
  }
}

/** Adds an emitted trace to a blob: [0, codeSize) R+X, data and slots read-only. */
export function addTrace(blob: BlobWriter, t: EmittedTrace): void {
  blob.region({ address: t.address, bytes: t.bytes, mapSize: t.bytes.length, execSize: pageAlign(t.layout.codeSize) });
}

const read32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/** The target of the B/BL at `at` in code living at `address`. */
export function branchTarget(code: Uint8Array, address: number, at: number): number {
  const insn = read32(code, at);
  if ((insn & 0x7c000000) >>> 0 !== 0x14000000) throw new Error(`0x${insn.toString(16)} at +${at} is not B/BL`);
  const imm = ((insn & 0x03ffffff) << 6) >> 6;
  return address + at + imm * 4;
}

/** Where the `ldr x16, .+8; br x16; .quad X` trampoline at `at` goes. */
export function trampolineTarget(code: Uint8Array, at: number): number {
  if (read32(code, at) !== 0x58000050 || read32(code, at + 4) !== 0xd61f0200) throw new Error(`no trampoline at +${at}`);
  return read32(code, at + 8) + read32(code, at + 12) * 2 ** 32;
}
