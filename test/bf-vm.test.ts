// Proof that the toolkit serves another VM: test/bf-vm is a Brainfuck VM that
// shares nothing with the bundled one (its own state layout, template, uops,
// support code and config). The same CLI generates its tables into a temporary
// directory; the same runtime compiles its programs and runs them natively;
// the aarch64 tables are patched by the same trace compiler and run under
// qemu. Every run is checked against a reference interpreter (output, end
// state, and how it stopped), on fixed programs and random ones.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryAbi, StencilTable, UopMetadata } from '../format/stencil-format.ts';
import { JitRuntime } from '../runtime/jit/jit-runtime.ts';
import { mapMemory, PROT_READ, PROT_WRITE, unmapMemory, viewMemory } from '../runtime/jit/native.ts';
import { loadTable } from '../runtime/jit/stencil-loader.ts';
import type { TraceLayout } from '../runtime/jit/trace-compiler.ts';
import { compileBf } from './bf-vm/bf-program.ts';
import { randomProgram } from './bf-vm/bf-random.ts';
import { runReference, type BfLimits, type BfOutcome } from './bf-vm/bf-reference.ts';
import { BlobWriter, buildHarness, harnessUnavailable, pageAlign, runBlob } from './helpers/aarch64-harness.ts';
import { AARCH64, Aarch64Linker } from './helpers/aarch64-linker.ts';
import { ROOT } from './helpers/repo-copy.ts';

const LIMITS: BfLimits = { tapeSize: 4096, outCap: 4096 };
const INPUT = Uint8Array.from(Buffer.from('stencils!'));

const HELLO = '++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.>++.';
/** Prints the squares 0..10000 (loops nested three deep, multiply loops). */
const SQUARES = '++++[>+++++<-]>[<+++++>-]+<+[>[>+>+<<-]++>>[<<+>>-]>>>[-]++>[-]+>>>+[[-]++++++>>>]<<<[[<++++++++<++>>-]+<.<[>----<-]<]<<[>>>>>[>>>[-]+++++++++<[>-<-]+++++++++>[-[<->-]+[<<<]]<[>+<-]>]<<-]<<-]';
/** Reverses its input (reads until 0). */
const REVERSE = '>,[>,]<[.<]';

interface Generated {
  dir: string;
  tables: Record<string, StencilTable>;
  uops: UopMetadata;
  abi: EntryAbi;
  layout: Record<string, number>;
}

let gen: Generated;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-vm-'));
  const r = await execa('node', ['--import', 'tsx', path.join(ROOT, 'scripts/cli.ts'), 'generate', '--config', 'test/bf-vm/stencil.config.json', '--out', dir], { cwd: ROOT, reject: false });
  if (r.exitCode !== 0) throw new Error(`generate --config failed: ${r.stderr}`);
  const load = async (f: string) => import(pathToFileURL(path.join(dir, f)).href);
  const x86 = (await load('x86_64-unknown-linux-gnu/stencils.ts')).table as StencilTable;
  const a64 = (await load('aarch64-unknown-linux-gnu/stencils.ts')).table as StencilTable;
  const meta = await load('uops.ts');
  gen = { dir, tables: { [x86.target]: x86, [a64.target]: a64 }, uops: meta.UOP_METADATA, abi: meta.ENTRY_ABI, layout: (await load('layout.ts')).LAYOUT };
});

afterAll(() => {
  if (gen?.dir) fs.rmSync(gen.dir, { recursive: true, force: true });
});

/** Where the state, tape, output and input go in one region (offsets). */
function regionLayout(L: Record<string, number>, inputLength: number) {
  const tape = Math.ceil(L.SIZEOF_STATE / 64) * 64;
  const out = tape + LIMITS.tapeSize;
  const input = out + LIMITS.outCap;
  return { tape, out, input, size: pageAlign(input + inputLength) };
}

/** The initial region bytes for a state living at `base`. */
function initialState(L: Record<string, number>, base: number, input: Uint8Array): Uint8Array {
  const r = regionLayout(L, input.length);
  const bytes = new Uint8Array(r.size);
  const dv = new DataView(bytes.buffer);
  const u64 = (off: number, v: number) => dv.setBigUint64(off, BigInt(v), true);
  u64(L.TAPE, base + r.tape);
  u64(L.TAPE_END, base + r.tape + LIMITS.tapeSize);
  u64(L.OUT, base + r.out);
  u64(L.OUT_LEN, 0);
  u64(L.OUT_CAP, LIMITS.outCap);
  u64(L.IN, base + r.input);
  u64(L.IN_LEN, input.length);
  u64(L.IN_POS, 0);
  u64(L.PTR, base + r.tape);
  bytes.set(input, r.input);
  return bytes;
}

/** How a run ended, from the exit it left by and the final region bytes. */
function outcomeOf(L: Record<string, number>, base: number, bytes: Uint8Array, layout: TraceLayout, exit: number): BfOutcome {
  const r = regionLayout(L, 0);
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  const outLen = Number(dv.getBigUint64(L.OUT_LEN, true));
  const pointer = Number(dv.getBigUint64(L.PTR, true)) - (base + r.tape);
  const end = layout.exits[exit]?.kind === 'end';
  const status = end ? 'ok' : outLen >= LIMITS.outCap ? 'output limit' : 'out of tape';
  return { status, output: bytes.slice(r.out, r.out + outLen), tape: bytes.slice(r.tape, r.tape + LIMITS.tapeSize), pointer };
}

/** What the reference says, in the terms a JIT run can be compared in (the tape only counts when the run ended normally). */
function comparable(o: BfOutcome) {
  return { status: o.status, output: Buffer.from(o.output).toString('hex'), tape: o.status === 'ok' ? Buffer.from(o.tape).toString('hex') : null, pointer: o.status === 'ok' ? o.pointer : null };
}

const PROGRAMS: [string, string, Uint8Array][] = [
  ['hello world', HELLO, INPUT],
  ['squares', SQUARES, INPUT],
  ['reverse', REVERSE, INPUT],
  ['falls off the tape', '+[<+]', INPUT],
  ['output limit', '+[.]', INPUT],
];
for (let seed = 1; seed <= 60; seed++) PROGRAMS.push([`random ${seed}`, randomProgram(seed, { fallOff: seed % 10 === 0 }), INPUT]);

describe('a second VM (test/bf-vm) through the same CLI and runtime', () => {
  it('generates into a temporary directory: tables for both targets, uop facts from the holes, its layout', () => {
    expect(Object.keys(gen.tables).sort()).toEqual(['aarch64-unknown-linux-gnu', 'x86_64-unknown-linux-gnu']);
    const info = (n: string) => gen.uops.uops.find((u) => u.name === n)!;
    expect(info('ADD_AT')).toMatchObject({ usesOparg: true, canExit: true, terminates: false });
    expect(info('MOVE')).toMatchObject({ usesOparg: true, canExit: false });
    expect(info('JUMP_IF_ZERO')).toMatchObject({ usesJumpTarget: true });
    expect(info('EXIT')).toMatchObject({ terminates: true, usesOperand0: true });
    expect(gen.uops.exitUop).toBe('EXIT');
    expect(gen.abi.enter).toEqual({ symbol: 'bf_enter', args: ['state'] });
    expect(gen.tables['x86_64-unknown-linux-gnu'].opargFields.map((f) => f.name)).toEqual(['VAL', 'OFF']);
    expect(gen.layout.SIZEOF_STATE).toBe(88);
    // Nothing of the Python VM in its tables.
    expect(JSON.stringify(gen.tables['x86_64-unknown-linux-gnu'].symbols)).not.toMatch(/support_|pow|jit_enter/);
  });

  it('runs natively on x86_64 as the reference interpreter does', () => {
    if (process.arch !== 'x64') return;
    const rt = new JitRuntime({ table: gen.tables['x86_64-unknown-linux-gnu'], uops: gen.uops, abi: gen.abi });
    const L = gen.layout;
    const problems: string[] = [];
    let checked = 0;
    let endings = new Set<string>();
    try {
      for (const [name, src, input] of PROGRAMS) {
        const want = runReference(src, input, LIMITS);
        if (want.status === 'step limit') throw new Error(`${name} does not end`);
        const trace = rt.compile(compileBf(src));
        const size = regionLayout(L, input.length).size;
        const base = mapMemory(size, PROT_READ | PROT_WRITE);
        try {
          const bytes = new Uint8Array(viewMemory(base, size));
          bytes.set(initialState(L, base, input));
          const exit = rt.enter(trace, base);
          const got = outcomeOf(L, base, bytes, trace.layout, exit);
          if (JSON.stringify(comparable(got)) !== JSON.stringify(comparable(want))) problems.push(`${name}: JIT ${JSON.stringify(comparable(got)).slice(0, 200)} reference ${JSON.stringify(comparable(want)).slice(0, 200)}`);
          endings.add(got.status);
          checked++;
        } finally {
          unmapMemory(base, size);
          rt.free(trace);
        }
      }
    } finally {
      rt.dispose();
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(PROGRAMS.length);
    expect([...endings].sort()).toEqual(['ok', 'out of tape', 'output limit']);
    expect(Buffer.from(runReference(HELLO, INPUT, LIMITS).output).toString()).toBe('Hello World!\n');
  });

  const unavailable = harnessUnavailable();
  it.skipIf(unavailable !== null)('runs its aarch64 tables under qemu as the reference interpreter does', () => {
    const SUPPORT_BASE = 64 * 2 ** 30;
    const TRACE_BASE = SUPPORT_BASE + 16 * 2 ** 20;
    const STATE_BASE = 128 * 2 ** 30;
    const L = gen.layout;
    const table = loadTable(gen.tables[AARCH64], gen.uops);
    const linker = new Aarch64Linker(SUPPORT_BASE, {}, table);
    const blob = new BlobWriter();
    linker.addSupport(blob);
    const runs: { name: string; layout: TraceLayout; base: number; run: number; want: BfOutcome }[] = [];
    let traceAt = TRACE_BASE;
    let stateAt = STATE_BASE;
    for (const [name, src, input] of PROGRAMS) {
      const t = linker.emit(compileBf(src), traceAt, runs.length + 1);
      blob.region({ address: traceAt, bytes: t.bytes, mapSize: t.bytes.length, execSize: pageAlign(t.layout.codeSize) });
      traceAt += t.bytes.length + 4096;
      const state = initialState(L, stateAt, input);
      const run = blob.run({ kind: 'raw', fn: linker.exportAddress(gen.abi.enter.symbol), entry: t.address, stateAddress: stateAt, state, frame: stateAt, sp: 0, vm: 0, dumps: [[0, state.length]] });
      runs.push({ name, layout: t.layout, base: stateAt, run, want: runReference(src, input, LIMITS) });
      stateAt += state.length + 4096;
    }
    const out = runBlob(buildHarness(), blob, 'bf-vm');
    const problems: string[] = [];
    for (const r of runs) {
      const res = out.results[r.run];
      const got = outcomeOf(L, r.base, Uint8Array.from(Buffer.from(res.dumps[0], 'hex')), r.layout, res.ret);
      if (JSON.stringify(comparable(got)) !== JSON.stringify(comparable(r.want))) problems.push(`${r.name}: qemu ${JSON.stringify(comparable(got)).slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
    expect(runs.length).toBe(PROGRAMS.length);
  });
});
