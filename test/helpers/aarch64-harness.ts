// Drives the aarch64 harness (test/fixtures/aarch64/harness.c) under qemu-user:
// builds it (static, non-PIE, cached in .cache/ by the hash of its sources and
// flags), asks it for libm's addresses, writes blob files of code, data and
// states at chosen addresses, and parses what it prints.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SYSROOT = '/usr/aarch64-linux-gnu';
const GCC_DIR = '/usr/lib/gcc-cross/aarch64-linux-gnu/12';
const SOURCES = ['test/fixtures/aarch64/harness.c', 'cases/support.c', 'cases/support.h', 'cases/vm.h', 'cases/template.h', 'build/oparg_fields.h'];
// --gcc-install-dir: clang does not look for the cross libgcc (crtbeginT.o,
// libgcc.a, libgcc_eh.a) outside the sysroot on its own.
const FLAGS = [
  '--target=aarch64-linux-gnu', `--sysroot=${SYSROOT}`, `--gcc-install-dir=${GCC_DIR}`, '-fuse-ld=lld', '-static',
  '-O1', '-Wall', '-Wextra', '-Ibuild', '-Icases',
];
export const QEMU = 'qemu-aarch64';

function runsNatively(): boolean {
  return process.platform === 'linux' && process.arch === 'arm64';
}

function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0;
}

/** Why the harness cannot run here, or null when it can (qemu-user present, or an aarch64 host). */
export function harnessUnavailable(): string | null {
  if (process.platform !== 'linux') return `aarch64 traces need Linux (this is ${process.platform})`;
  if (!runsNatively() && !which(QEMU)) return `${QEMU} (Debian package qemu-user) is not installed: run scripts/setup.sh`;
  if (!runsNatively()) {
    const r = spawnSync(QEMU, ['--version'], { encoding: 'utf8' });
    if (r.status !== 0) return `${QEMU} does not run here: ${(r.stderr || r.error?.message || '').trim()}`;
  }
  return null;
}

/** Builds the harness unless a build of the same sources and flags exists; returns its path. */
export function buildHarness(): string {
  const h = createHash('sha256');
  h.update(FLAGS.join(' ')).update('\0');
  for (const f of SOURCES) h.update(f).update('\0').update(fs.readFileSync(path.join(ROOT, f))).update('\0');
  const dir = path.join(ROOT, '.cache', 'aarch64-harness', h.digest('hex').slice(0, 16));
  const bin = path.join(dir, 'harness');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  try {
    execFileSync('clang-19', [...FLAGS, 'test/fixtures/aarch64/harness.c', 'cases/support.c', '-lm', '-o', tmp], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer };
    throw new Error(`building the aarch64 harness failed (run scripts/setup.sh for clang-19, lld-19, libc6-dev-arm64-cross, libgcc-12-dev-arm64-cross):\n${err.stderr?.toString() ?? String(e)}`);
  }
  fs.renameSync(tmp, bin);
  return bin;
}

function execHarness(bin: string, args: string[], timeoutMs: number): string {
  const [cmd, argv] = runsNatively() ? [bin, args] : [QEMU, [bin, ...args]];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`running the aarch64 harness failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`the aarch64 harness exited with ${r.status ?? r.signal}: ${r.stderr.trim()}\n${r.stdout.split('\n').slice(-3).join('\n')}`);
  return r.stdout;
}

export interface HarnessSymbols {
  pow: number;
  sqrt: number;
  fmod: number;
  floor: number;
  support_flush_icache: number;
  vm_interrupt_cell: number;
  ctr_el0: number;
}

export function harnessSymbols(bin: string): HarnessSymbols {
  return JSON.parse(execHarness(bin, ['--symbols'], 30_000)) as HarnessSymbols;
}

export interface Region {
  address: number;
  bytes: Uint8Array;
  /** Bytes mapped (page multiple, at least bytes.length). */
  mapSize: number;
  /** Leading bytes made read+execute (page multiple); the rest becomes read-only unless writable. */
  execSize: number;
  writable?: boolean;
}

export interface Run {
  /** 'shim': fn is jit_enter / uop_interpret, the VM state is reported; 'raw': fn is any C-ABI function. */
  kind: 'shim' | 'raw';
  fn: number;
  entry: number;
  stateAddress: number;
  state: Uint8Array;
  frame: number;
  sp: number;
  vm: number;
  /** [offset, length] ranges of the final state to print. */
  dumps: [number, number][];
}

export interface RunResult {
  run: number;
  ret: number;
  exit?: number;
  sp?: number;
  frame?: number;
  locals?: string[];
  stack?: string[];
  dumps: string[];
}

const PAGE = 4096;
export const pageAlign = (n: number) => Math.ceil(n / PAGE) * PAGE;

/** Collects regions and runs and writes them in the harness's blob format. */
export class BlobWriter {
  readonly regions: Region[] = [];
  readonly runs: Run[] = [];

  region(r: Region): void {
    for (const o of this.regions) {
      if (r.address < o.address + o.mapSize && o.address < r.address + r.mapSize) {
        throw new Error(`region 0x${r.address.toString(16)} overlaps region 0x${o.address.toString(16)}`);
      }
    }
    this.regions.push(r);
  }

  /** Adds a run; returns its index in the output. */
  run(r: Run): number {
    this.runs.push(r);
    return this.runs.length - 1;
  }

  toBuffer(): Buffer {
    const parts: Buffer[] = [];
    const u64 = (...vs: number[]) => {
      const b = Buffer.alloc(8 * vs.length);
      vs.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 8 * i));
      parts.push(b);
    };
    const bytes = (b: Uint8Array) => {
      parts.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
      const pad = (8 - (b.length % 8)) % 8;
      if (pad) parts.push(Buffer.alloc(pad));
    };
    parts.push(Buffer.from('SJA64BLB', 'latin1'));
    u64(1, this.regions.length, this.runs.length);
    for (const r of this.regions) {
      u64(r.address, r.mapSize, r.execSize, r.writable ? 1 : 0, r.bytes.length);
      bytes(r.bytes);
    }
    for (const r of this.runs) {
      u64(r.kind === 'shim' ? 0 : 1, r.fn, r.entry, r.stateAddress, r.state.length, r.frame, r.sp, r.vm, r.dumps.length);
      for (const [o, n] of r.dumps) u64(o, n);
      bytes(r.state);
    }
    return Buffer.concat(parts);
  }
}

export interface HarnessOutput {
  header: { harness: string; regions: number; runs: number; flushed: number; ctr_el0: number };
  results: RunResult[];
}

/** Writes the blob to .cache/ and runs it in one harness process. */
export function runBlob(bin: string, blob: BlobWriter, name: string, timeoutMs = 60_000): HarnessOutput {
  const file = path.join(path.dirname(bin), `${name}.${process.pid}.blob`);
  fs.writeFileSync(file, blob.toBuffer());
  try {
    const lines = execHarness(bin, [file], timeoutMs).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const [header, ...rest] = lines;
    for (const l of rest) {
      if ('signal' in l || 'timeout' in l) throw new Error(`aarch64 run ${String(l.run)} failed: ${JSON.stringify(l)}`);
    }
    if (rest.length !== blob.runs.length) throw new Error(`the harness reported ${rest.length} of ${blob.runs.length} runs`);
    return { header: header as unknown as HarnessOutput['header'], results: rest as unknown as RunResult[] };
  } finally {
    fs.rmSync(file, { force: true });
  }
}
