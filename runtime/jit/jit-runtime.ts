// The JIT runtime for the host: given a project's stencil table for this
// host, its uop metadata and its entry ABI, it links the support code into
// code memory, compiles traces, enters them through the project's C-ABI shim,
// runs the same traces on its uop interpreter (when it has one), links exits
// to other traces and frees traces. It knows no VM: a VM hands it its tables.
import type { EntryAbi, EntryFunction, StencilTable, UopMetadata } from '../../format/stencil-format.ts';
import { CodeMemory, type CodeBlock } from './code-memory.ts';
import { hostTarget } from './host.ts';
import { koffi, lookupSymbol, roundUpToPage } from './native.ts';
import { loadTable, type LoadedTable } from './stencil-loader.ts';
import { linkSupport } from './support-linker.ts';
import { directJump, layoutTrace, TraceEmitter, TraceError, type ExitInfo, type TraceInstruction, type TraceLayout } from './trace-compiler.ts';
import { encodeUopProgram, EXIT_LINK_SIZE, UOP_INSTRUCTION_SIZE } from './uop-program.ts';

export { hostTarget };

export interface JitRuntimeOptions {
  /** The project's stencil table for this host's target. */
  table: StencilTable;
  /** The project's uops (generated with the tables). */
  uops: UopMetadata;
  /** How to enter the code (generated with the tables from the project's config). */
  abi: EntryAbi;
  codeMemoryBytes?: number;
  /** Addresses of symbols the stencils may reference besides the support code's and libc/libm's (host callbacks). */
  hostSymbols?: Record<string, number>;
}

export interface CompiledTrace {
  readonly id: number;
  /** Address of the first instruction. */
  readonly entry: number;
  readonly block: CodeBlock;
  readonly layout: TraceLayout;
  readonly exits: readonly ExitInfo[];
  readonly instructions: readonly TraceInstruction[];
  /** Native UopInstruction records for the uop interpreter: read-only pages at the end of `block`. */
  readonly program: CodeBlock;
  /** Exit number → address of the trace it is linked to, or 0. */
  readonly linkedExits: Float64Array;
  /** Where JUMP_TO_TOP goes. */
  readonly top: number;
  readonly loopStart: number | undefined;
  freed: boolean;
}

export interface CompileOptions {
  /** Where JUMP_TO_TOP goes; defaults to the trace's own start. */
  top?: number;
  /** Instruction index JUMP_TO_TOP goes to instead (the loop body after a peeled first iteration). */
  loopStart?: number;
  /**
   * The trace that is this trace's top (a function trace's root, for a side
   * trace of it): CALL_TOP calls its entry natively and its uop program on the
   * uop interpreter. Defaults to this trace itself.
   */
  topTrace?: CompiledTrace;
}

let nextTraceId = 1;

// aarch64 has no coherence between data and instruction caches: code the
// patcher wrote (compile, linkExit, unlinkExit) must be cleaned from the
// D-cache and invalidated in the I-cache before it runs, by the support code's
// support_flush_icache (cases/support.c: dc cvau / dsb ish / ic ivau / dsb ish /
// isb), always after the mprotect to read+execute. x86_64 needs none of it.
// (The support block itself is fresh anonymous memory on its first R+X
// mapping, which the kernel syncs; it is flushed anyway.)
let flushIcacheProto: ReturnType<typeof koffi.proto> | null = null;

function hostNeedsIcacheFlush(): boolean {
  return process.arch === 'arm64';
}

// koffi registers named prototypes process-wide: declare each shape once, so
// that several runtimes (of one project or several) can live in one process.
const prototypes = new Map<string, ReturnType<typeof koffi.proto>>();

/** `int64_t fn(uintptr_t first, uintptr_t args..., [int64_t trace_id])`. */
function entryPrototype(f: EntryFunction, withTraceId: boolean): ReturnType<typeof koffi.proto> {
  const name = `stencil_jit_entry_${f.args.length}${withTraceId ? '_id' : ''}`;
  let p = prototypes.get(name);
  if (!p) {
    const params = ['uintptr_t first', ...f.args.map((_, i) => `uintptr_t a${i}`), ...(withTraceId ? ['int64_t trace_id'] : [])];
    p = koffi.proto(`int64_t ${name}(${params.join(', ')})`);
    prototypes.set(name, p);
  }
  return p;
}

/** One number per (trace, exit): exits per trace stay far below 2^20. */
function linkKey(trace: CompiledTrace, exit: number): number {
  return trace.id * 0x100000 + exit;
}

export class JitRuntime {
  readonly table: LoadedTable;
  readonly memory: CodeMemory;
  readonly supportExports: Map<string, number>;
  readonly abi: EntryAbi;
  private readonly emitter: TraceEmitter;
  private readonly enterNative: (entry: number, ...args: number[]) => number | bigint;
  private readonly interpretNative: ((program: number, ...argsAndTraceId: number[]) => number | bigint) | null;
  /** support_flush_icache on an aarch64 host, null elsewhere. */
  private readonly flushIcacheNative: ((start: number, end: number) => void) | null = null;
  private readonly traces = new Set<CompiledTrace>();
  /** Each linked exit's target, and each trace's incoming links (linkKey of the exit -> the exit). */
  private readonly linkTargets = new Map<number, CompiledTrace>();
  private readonly linksInto = new Map<CompiledTrace, Map<number, { trace: CompiledTrace; exit: number }>>();
  private readonly jumpToTopOpcode: number;
  private readonly hostSymbols = new Map<string, number>();
  /** Nanoseconds spent in compile() so far. */
  compileNanos = 0;

  constructor(options: JitRuntimeOptions) {
    const triple = hostTarget();
    if (options.table.target !== triple) throw new Error(`the stencil table is for ${options.table.target}, this host runs ${triple}`);
    this.abi = options.abi;
    this.table = loadTable(options.table, options.uops, { lazy: true });
    for (const [k, v] of Object.entries(options.hostSymbols ?? {})) this.hostSymbols.set(k, v);
    this.memory = new CodeMemory(options.codeMemoryBytes ?? 64 * 1024 * 1024);
    const { block: supportBlock, exports } = linkSupport(this.table, this.memory, (name) => this.resolveExternal(name));
    this.supportExports = exports;
    const symbolAddresses = new Float64Array(this.table.symbols.length);
    this.table.symbols.forEach((name, i) => {
      symbolAddresses[i] = exports.get(name) ?? this.resolveExternal(name);
    });
    this.emitter = new TraceEmitter(this.table, symbolAddresses);
    this.jumpToTopOpcode = this.table.loopOpcode;
    const { enter, interpret, flushIcache } = this.abi;
    this.enterNative = koffi.decode(BigInt(this.exportAddress(enter.symbol)), entryPrototype(enter, false)) as never;
    this.interpretNative = interpret ? (koffi.decode(BigInt(this.exportAddress(interpret.symbol)), entryPrototype(interpret, true)) as never) : null;
    if (hostNeedsIcacheFlush()) {
      if (!flushIcache) throw new Error('the entry ABI names no flushIcache function, which an aarch64 host needs after patching code');
      flushIcacheProto ??= koffi.proto('void support_flush_icache_fn(uintptr_t start, uintptr_t end)');
      this.flushIcacheNative = koffi.decode(BigInt(this.exportAddress(flushIcache)), flushIcacheProto) as never;
      this.flushCode(supportBlock.address, supportBlock.size);
    }
  }

  private resolveExternal(name: string): number {
    const host = this.hostSymbols.get(name);
    if (host !== undefined) return host;
    const addr = lookupSymbol(name);
    if (addr === 0) throw new Error(`symbol '${name}' used by the stencils cannot be resolved (not in the support code, libc or libm)`);
    return addr;
  }

  /** Makes patched code at [address, address + size) visible to instruction fetch (aarch64 hosts; no-op on x86_64). */
  private flushCode(address: number, size: number): void {
    if (!this.flushIcacheNative) return;
    this.flushIcacheNative(address, address + size);
    this.icacheFlushes++;
  }

  /** Calls of support_flush_icache so far (aarch64 hosts; always 0 on x86_64). */
  icacheFlushes = 0;

  exportAddress(name: string): number {
    const a = this.supportExports.get(name);
    if (a === undefined) throw new Error(`the support code exports no '${name}'`);
    return a;
  }

  /** Validates, lays out, copies and patches a trace; the code is executable on return. */
  compile(instructions: readonly TraceInstruction[], options: CompileOptions = {}): CompiledTrace {
    // performance.now(), not process.hrtime.bigint(): that one's first call costs ~0.1 ms (issue 14's first trace).
    const t0 = performance.now();
    const layout = layoutTrace(this.table, instructions);
    if (options.loopStart !== undefined && (options.loopStart < 0 || options.loopStart >= instructions.length)) {
      throw new TraceError(`loopStart ${options.loopStart} is outside the trace`);
    }
    const id = nextTraceId++;
    // One block: code (R+X), then stencil data, slots, the uop program's exit
    // links and the uop program on read-only pages, so a compile costs one
    // allocation and three mprotects.
    const readOnlyStart = roundUpToPage(layout.codeSize);
    const linksSize = layout.exits.length * EXIT_LINK_SIZE;
    const programStart = Math.ceil((Math.max(layout.totalSize, readOnlyStart) + linksSize) / UOP_INSTRUCTION_SIZE) * UOP_INSTRUCTION_SIZE;
    const programSize = instructions.length * UOP_INSTRUCTION_SIZE;
    const block = this.memory.allocate(programStart + programSize);
    const top = options.topTrace?.entry ?? options.top ?? block.address;
    try {
      const bytes = this.memory.view(block);
      this.emitter.emit(layout, bytes, block.address, top, options.loopStart, id);
      bytes.fill(0, programStart - linksSize, programStart);
      const program = bytes.subarray(programStart, programStart + programSize);
      encodeUopProgram(layout, this.table.exitOpcode, this.jumpToTopOpcode, id, options.loopStart, program);
      this.pointCallsTop(layout, program, options.topTrace?.program.address ?? block.address + programStart, options.topTrace?.id ?? id);
      this.memory.makeExecutable(block.address, layout.codeSize);
      this.flushCode(block.address, layout.codeSize);
      this.memory.makeReadOnly(block.address + readOnlyStart, block.size - readOnlyStart);
    } catch (e) {
      this.memory.release(block);
      throw e;
    }
    const trace: CompiledTrace = {
      id,
      entry: block.address,
      block,
      layout,
      exits: layout.exits,
      instructions,
      program: { address: block.address + programStart, size: programSize },
      linkedExits: new Float64Array(layout.exits.length),
      top,
      loopStart: options.loopStart,
      freed: false,
    };
    this.traces.add(trace);
    this.compileNanos += Math.round((performance.now() - t0) * 1e6);
    return trace;
  }

  /** CALL_TOP on the uop interpreter calls the top's program: operand0 = its address, operand1 = its trace id. */
  private pointCallsTop(layout: TraceLayout, program: Uint8Array, topProgram: number, topId: number): void {
    const view = new DataView(program.buffer, program.byteOffset, program.byteLength);
    for (let i = 0; i < layout.opcodes.length; i++) {
      if (!this.table.infos[layout.opcodes[i]].callsTop) continue;
      const at = i * UOP_INSTRUCTION_SIZE;
      view.setUint32(at + 8, topProgram >>> 0, true);
      view.setUint32(at + 12, Math.floor(topProgram / 4294967296), true);
      view.setUint32(at + 16, topId, true);
      view.setUint32(at + 20, 0, true);
    }
  }

  /** Runs a trace natively through the ABI's enter shim with its arguments (the bundled VM: frame, sp, vm); returns what the shim returns (the exit taken). */
  enter(trace: CompiledTrace, ...args: number[]): number {
    if (trace.freed) throw new TraceError(`trace ${trace.id} was freed`);
    if (args.length !== this.abi.enter.args.length) throw new TraceError(`${this.abi.enter.symbol} takes ${this.abi.enter.args.length} arguments (${this.abi.enter.args.join(', ')}), not ${args.length}`);
    return Number(this.enterNative(trace.entry, ...args));
  }

  /** Runs the same trace on the project's uop interpreter (dispatch instead of stencils). */
  interpret(trace: CompiledTrace, ...args: number[]): number {
    if (trace.freed) throw new TraceError(`trace ${trace.id} was freed`);
    const interpret = this.abi.interpret;
    if (!interpret || !this.interpretNative) throw new TraceError('the entry ABI names no uop interpreter');
    if (args.length !== interpret.args.length) throw new TraceError(`${interpret.symbol} takes ${interpret.args.length} arguments (${interpret.args.join(', ')}), not ${args.length}`);
    return Number(this.interpretNative(trace.program.address, ...args, trace.id));
  }

  /** Enters arbitrary code with the stencil calling convention (e.g. a linked exit's target). */
  enterAddress(entry: number, ...args: number[]): number {
    return Number(this.enterNative(entry, ...args));
  }

  /**
   * Makes exit `exit` of `trace` go straight on into `target`: natively (the
   * exit stub becomes a jump to its entry) and on the uop interpreter (the
   * exit's link names its program), with no trip through TypeScript.
   */
  linkExit(trace: CompiledTrace, exit: number, target: CompiledTrace): void {
    if (exit < 0 || exit >= trace.exits.length) throw new TraceError(`trace ${trace.id} has no exit ${exit}`);
    if (target.freed) throw new TraceError(`trace ${target.id} was freed`);
    const stub = trace.block.address + trace.layout.stubOffsets[exit];
    const jump = directJump(this.table.machine, stub, target.entry);
    this.memory.makeWritable(stub, jump.length);
    this.memory.view(trace.block).set(jump, trace.layout.stubOffsets[exit]);
    this.memory.makeExecutable(stub, jump.length);
    this.flushCode(stub, jump.length);
    this.writeExitLink(trace, exit, target.program.address, target.id);
    this.forgetLink(trace, exit);
    trace.linkedExits[exit] = target.entry;
    this.linkTargets.set(linkKey(trace, exit), target);
    let into = this.linksInto.get(target);
    if (!into) this.linksInto.set(target, (into = new Map()));
    into.set(linkKey(trace, exit), { trace, exit });
  }

  /** Drops the record of exit `exit` of `trace`'s link (its code is rewritten by the caller). */
  private forgetLink(trace: CompiledTrace, exit: number): void {
    const k = linkKey(trace, exit);
    const old = this.linkTargets.get(k);
    if (!old) return;
    this.linkTargets.delete(k);
    this.linksInto.get(old)?.delete(k);
  }

  /** The uop interpreter's link for one exit (cases/uop_interpreter.c: ExitLink, just below the program). */
  private writeExitLink(trace: CompiledTrace, exit: number, program: number, id: number): void {
    const at = trace.program.address - (exit + 1) * EXIT_LINK_SIZE;
    this.memory.makeWritable(at, EXIT_LINK_SIZE);
    const view = new DataView(this.memory.view(trace.block).buffer);
    const offset = this.memory.view(trace.block).byteOffset + (at - trace.block.address);
    view.setUint32(offset, program >>> 0, true);
    view.setUint32(offset + 4, Math.floor(program / 4294967296), true);
    view.setUint32(offset + 8, id >>> 0, true);
    view.setUint32(offset + 12, 0, true);
    this.memory.makeReadOnly(at, EXIT_LINK_SIZE);
  }

  /** Restores an exit stub (and its uop-interpreter link) to return to the interpreter. */
  unlinkExit(trace: CompiledTrace, exit: number): void {
    this.writeExitLink(trace, exit, 0, 0);
    const at = trace.layout.stubOffsets[exit];
    const stub = this.table.stencils[this.table.exitOpcode];
    this.memory.makeWritable(trace.block.address + at, stub.code.length);
    // Re-emitting the whole trace is simplest and keeps the patched stub identical.
    const view = this.memory.view(trace.block);
    const codeOnly = view.subarray(0, trace.layout.codeSize);
    const scratch = new Uint8Array(trace.layout.totalSize);
    this.emitter.emit(trace.layout, scratch, trace.block.address, trace.top, trace.loopStart, trace.id);
    codeOnly.set(scratch.subarray(at, at + stub.code.length), at);
    this.memory.makeExecutable(trace.block.address + at, stub.code.length);
    this.flushCode(trace.block.address + at, stub.code.length);
    trace.linkedExits[exit] = 0;
    this.forgetLink(trace, exit);
  }

  /** Frees a trace's code; exits of other traces linked to it must be unlinked first. */
  free(trace: CompiledTrace): void {
    if (trace.freed) return;
    // The exits linked into it, by the record linkExit keeps (not a scan of every
    // trace's exits: freeing n traces at exit or under churn was quadratic).
    for (const { trace: other, exit } of [...(this.linksInto.get(trace)?.values() ?? [])]) {
      if (!other.freed) this.unlinkExit(other, exit);
    }
    this.linksInto.delete(trace);
    for (let k = 0; k < trace.linkedExits.length; k++) if (trace.linkedExits[k] !== 0) this.forgetLink(trace, k);
    trace.freed = true;
    this.traces.delete(trace);
    this.memory.release(trace.block);
  }

  liveTraces(): number {
    return this.traces.size;
  }

  /** Set by dispose: the support code's functions are gone with the code memory. */
  disposed = false;

  dispose(): void {
    this.disposed = true;
    this.traces.clear();
    this.linksInto.clear();
    this.linkTargets.clear();
    this.memory.dispose();
  }
}
