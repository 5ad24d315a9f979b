// `run --gdb`: every piece of JIT code (each trace, each support function) is
// registered with gdb through its JIT interface: an in-memory ELF object
// (elf-object.ts) carrying its symbols and CFI derived from the code itself
// (frame-analysis.ts, debug-frame.ts), linked into __jit_debug_descriptor's
// list before __jit_debug_register_code is called; unregistered when freed.
// The two symbols live in a tiny shared object generated into build/ and
// dlopen'ed from a temporary file only when --gdb is given. x86_64 only (the
// frame analysis reads x86_64 code).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Capstone, Const, loadCapstone } from 'capstone-wasm';
import { GDB_JIT_INTERFACE } from '../../../build/gdb-jit-interface.ts';
import { walkCode } from '../../../generator/disassembler.ts';
import { hostTarget } from '../host.ts';
import { koffi, openSharedObject, symbolIn } from '../native.ts';
import type { JitCode, JitCodeObserver } from './code-observer.ts';
import { encodeDebugFrame } from './debug-frame.ts';
import { buildElfObject } from './elf-object.ts';
import { analyzeFrames, type DecodedInsn } from './frame-analysis.ts';
import { symbolPieces } from './perf-map.ts';

const EM_X86_64 = 62;
const JIT_NOACTION = 0;
const JIT_REGISTER_FN = 1;
const JIT_UNREGISTER_FN = 2;
const ENTRY_SIZE = 32;

const libc = koffi.load('libc.so.6');
const malloc = libc.func('uintptr_t malloc(size_t size)') as (n: number) => number | bigint;
const free = libc.func('void free(uintptr_t p)') as (p: number) => void;

const view = (addr: number, size: number) => new DataView(koffi.view(BigInt(addr), size) as ArrayBuffer);
const num = (v: number | bigint) => Number(v);

/** Writes the generated shared object for this host to a temporary file (once per content) and returns its path. */
function interfaceLibrary(): string {
  const b64 = GDB_JIT_INTERFACE[hostTarget()];
  if (!b64) throw new Error(`--gdb: no gdb JIT interface object for ${hostTarget()}`);
  const bytes = Buffer.from(b64, 'base64');
  const file = path.join(os.tmpdir(), `stencil-jit-gdb-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.so`);
  if (!fs.existsSync(file) || !fs.readFileSync(file).equals(bytes)) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes, { mode: 0o755 });
    fs.renameSync(tmp, file);
  }
  return file;
}

export class GdbJitRegistrar implements JitCodeObserver {
  private readonly descriptor: number;
  private readonly registerCode: () => void;
  private readonly cs: Capstone;
  /** id -> native jit_code_entry address. */
  private readonly entries = new Map<number, number>();
  /** Instructions whose frame state paths disagreed or lost (for tests and diagnostics). */
  unknownFrameInstructions = 0;
  readonly libraryPath: string;

  private constructor(cs: GdbJitRegistrar['cs']) {
    if (process.arch !== 'x64') throw new Error('--gdb is supported on x86_64 hosts only (its frame analysis reads x86_64 code)');
    this.cs = cs;
    this.libraryPath = interfaceLibrary();
    const handle = openSharedObject(this.libraryPath);
    this.descriptor = symbolIn(handle, '__jit_debug_descriptor');
    const fn = symbolIn(handle, '__jit_debug_register_code');
    if (!this.descriptor || !fn) throw new Error(`--gdb: ${this.libraryPath} lacks the JIT interface symbols`);
    this.registerCode = koffi.decode(BigInt(fn), koffi.proto('void stencil_jit_gdb_register_code(void)')) as never;
  }

  static async open(): Promise<GdbJitRegistrar> {
    await loadCapstone();
    return new GdbJitRegistrar(new Capstone(Const.CS_ARCH_X86, Const.CS_MODE_64));
  }

  private decode(code: Uint8Array, address: number): DecodedInsn[] {
    const out: DecodedInsn[] = [];
    walkCode(this.cs, code, address, 1, (i, at, size) => {
      out.push(i ? { address: Number(i.address), size: i.size, mnemonic: i.mnemonic, operands: i.opStr } : { address: address + at, size, mnemonic: '(bad)', operands: '' });
    });
    return out;
  }

  /** The ELF object gdb gets for one piece of code (exported for tests). */
  objectFor(code: JitCode): Uint8Array {
    const insns = this.decode(code.code, code.address);
    const states = analyzeFrames(insns, [[code.address, { cfa: 8, saved: new Map() }]]);
    const rows = insns.map((i) => [i.address, states.get(i.address) ?? null] as [number, ReturnType<typeof states.get> & {}]);
    this.unknownFrameInstructions += rows.filter(([, s]) => !s).length;
    return buildElfObject({
      machine: EM_X86_64,
      address: code.address,
      size: code.code.length,
      file: code.file,
      functions: symbolPieces(code),
      debugFrame: encodeDebugFrame([{ start: code.address, size: code.code.length, rows }]),
    });
  }

  codeLoaded(code: JitCode): void {
    const elf = this.objectFor(code);
    const entry = num(malloc(ENTRY_SIZE + elf.length));
    if (!entry) throw new Error('--gdb: out of memory for a JIT debug entry');
    new Uint8Array(koffi.view(BigInt(entry + ENTRY_SIZE), elf.length) as ArrayBuffer).set(elf);
    const d = view(this.descriptor, 24);
    const first = Number(d.getBigUint64(16, true));
    const e = view(entry, ENTRY_SIZE);
    e.setBigUint64(0, BigInt(first), true); // next
    e.setBigUint64(8, 0n, true); // prev
    e.setBigUint64(16, BigInt(entry + ENTRY_SIZE), true);
    e.setBigUint64(24, BigInt(elf.length), true);
    if (first) view(first, ENTRY_SIZE).setBigUint64(8, BigInt(entry), true);
    d.setBigUint64(16, BigInt(entry), true);
    this.notify(entry, JIT_REGISTER_FN);
    this.entries.set(code.id, entry);
  }

  codeFreed(id: number): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    this.entries.delete(id);
    const e = view(entry, ENTRY_SIZE);
    const next = Number(e.getBigUint64(0, true));
    const prev = Number(e.getBigUint64(8, true));
    if (prev) view(prev, ENTRY_SIZE).setBigUint64(0, BigInt(next), true);
    else view(this.descriptor, 24).setBigUint64(16, BigInt(next), true);
    if (next) view(next, ENTRY_SIZE).setBigUint64(8, BigInt(prev), true);
    this.notify(entry, JIT_UNREGISTER_FN);
    free(entry);
  }

  private notify(entry: number, action: number): void {
    const d = view(this.descriptor, 24);
    d.setBigUint64(8, BigInt(entry), true); // relevant_entry
    d.setUint32(4, action, true);
    this.registerCode();
    d.setUint32(4, JIT_NOACTION, true);
  }

  /** Unregisters whatever is left (the support code: the run unmaps code memory after this). */
  close(): void {
    for (const id of [...this.entries.keys()]) this.codeFreed(id);
  }
}
