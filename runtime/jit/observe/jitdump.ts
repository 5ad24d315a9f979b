// perf's jitdump format (tools/perf/Documentation/jitdump-specification.txt in
// the Linux tree): a header, then records, each with the CLOCK_MONOTONIC time
// it happened. One JIT_CODE_DEBUG_INFO (code address -> source line) precedes
// each JIT_CODE_LOAD (name and the machine code itself). `perf record -k 1`
// sees the file because we map it executable; `perf inject --jit` then turns
// every code load into a small ELF file (jitted-<pid>-<n>.so, next to the dump)
// that perf report and perf annotate read like any shared object.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { mapFileForProfiler } from '../native.ts';
import type { JitCode, JitCodeObserver } from './code-observer.ts';
import { symbolPieces } from './perf-map.ts';

export const JITDUMP_MAGIC = 0x4a695444; // 'JiTD'
export const JITDUMP_VERSION = 1;
export const JITDUMP_HEADER_SIZE = 40;
export const JIT_CODE_LOAD = 0;
export const JIT_CODE_MOVE = 1;
export const JIT_CODE_DEBUG_INFO = 2;
export const JIT_CODE_CLOSE = 3;
const RECORD_HEADER_SIZE = 16;

const EM_X86_64 = 62;
const EM_AARCH64 = 183;

/** CLOCK_MONOTONIC in ns: libuv's hrtime is that clock on Linux, which `perf record -k 1` (or -k mono) uses too. */
const now = () => process.hrtime.bigint();

/** gettid(): perf attributes the load to a thread; the main thread's tid is the pid. */
const tid = () => (threadId === 0 ? process.pid : process.pid + threadId);

export class JitdumpWriter implements JitCodeObserver {
  readonly path: string;
  private fd: number;
  private codeIndex = 0;

  constructor(directory = '/tmp') {
    this.path = join(directory, `jit-${process.pid}.dump`);
    this.fd = openSync(this.path, 'w+');
    const h = Buffer.alloc(JITDUMP_HEADER_SIZE);
    h.writeUInt32LE(JITDUMP_MAGIC, 0);
    h.writeUInt32LE(JITDUMP_VERSION, 4);
    h.writeUInt32LE(JITDUMP_HEADER_SIZE, 8);
    h.writeUInt32LE(process.arch === 'arm64' ? EM_AARCH64 : EM_X86_64, 12);
    h.writeUInt32LE(0, 16);
    h.writeUInt32LE(process.pid, 20);
    h.writeBigUInt64LE(now() / 1000n, 24); // (informational: microseconds, as perf's own writer does)
    h.writeBigUInt64LE(0n, 32); // flags: timestamps are CLOCK_MONOTONIC, not TSC
    writeSync(this.fd, h);
    // The marker perf record looks for: an executable mapping of a file named jit-<pid>.dump.
    mapFileForProfiler(this.fd, 4096);
  }

  codeLoaded(code: JitCode): void {
    const t = now();
    for (const piece of symbolPieces(code)) {
      const address = BigInt(code.address + piece.offset);
      const lines = code.lines.filter((l) => l.offset >= piece.offset && l.offset < piece.offset + piece.size);
      if (lines.length) writeSync(this.fd, debugInfoRecord(t, address, code.address, code.file, lines));
      writeSync(this.fd, codeLoadRecord(t, address, piece.name, code.code.subarray(piece.offset, piece.offset + piece.size), this.codeIndex++));
    }
  }

  // Freed trace memory is reused by later traces, whose loads come later in time; perf inject resolves a sample by the load live at its time.
  codeFreed(): void {}

  close(): void {
    if (this.fd < 0) return;
    const r = Buffer.alloc(RECORD_HEADER_SIZE);
    r.writeUInt32LE(JIT_CODE_CLOSE, 0);
    r.writeUInt32LE(RECORD_HEADER_SIZE, 4);
    r.writeBigUInt64LE(now(), 8);
    writeSync(this.fd, r);
    closeSync(this.fd);
    this.fd = -1;
  }
}

function codeLoadRecord(t: bigint, address: bigint, name: string, bytes: Uint8Array, index: number): Buffer {
  const nameBytes = Buffer.from(`${name}\0`, 'utf8');
  const size = RECORD_HEADER_SIZE + 40 + nameBytes.length + bytes.length;
  const r = Buffer.alloc(size);
  r.writeUInt32LE(JIT_CODE_LOAD, 0);
  r.writeUInt32LE(size, 4);
  r.writeBigUInt64LE(t, 8);
  r.writeUInt32LE(process.pid, 16);
  r.writeUInt32LE(tid(), 20);
  r.writeBigUInt64LE(address, 24); // vma
  r.writeBigUInt64LE(address, 32); // code_addr
  r.writeBigUInt64LE(BigInt(bytes.length), 40);
  r.writeBigUInt64LE(BigInt(index), 48);
  nameBytes.copy(r, 56);
  r.set(bytes, 56 + nameBytes.length);
  return r;
}

function debugInfoRecord(t: bigint, address: bigint, base: number, file: string, lines: { offset: number; line: number }[]): Buffer {
  const fileBytes = Buffer.from(`${file}\0`, 'utf8');
  const entrySize = 16 + fileBytes.length;
  const size = RECORD_HEADER_SIZE + 16 + lines.length * entrySize;
  const r = Buffer.alloc(size);
  r.writeUInt32LE(JIT_CODE_DEBUG_INFO, 0);
  r.writeUInt32LE(size, 4);
  r.writeBigUInt64LE(t, 8);
  r.writeBigUInt64LE(address, 16);
  r.writeBigUInt64LE(BigInt(lines.length), 24);
  let at = 32;
  for (const l of lines) {
    r.writeBigUInt64LE(BigInt(base + l.offset), at);
    r.writeUInt32LE(l.line, at + 8);
    r.writeUInt32LE(0, at + 12); // discriminator
    fileBytes.copy(r, at + 16);
    at += entrySize;
  }
  return r;
}
