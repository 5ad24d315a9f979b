// The package exports (package.json "exports": stencil-jit/generator,
// /runtime, /format, with types) as another project uses them: a scratch
// project with stencil-jit in its node_modules generates the Brainfuck VM's
// tables (test/bf-vm) into its own directory through the generator API,
// loads them (they import their types from stencil-jit/format), compiles a
// trace and runs it natively through the runtime API (README, "Another VM");
// tsc checks the same script against the exported types.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/repo-copy.ts';

const SCRIPT = `
import path from 'node:path';
import { generate, loadConfig, type GenerateResult } from 'stencil-jit/generator';
import { JitRuntime, hostTarget, mapMemory, PROT_READ, PROT_WRITE, unmapMemory, viewMemory, type TraceInstruction } from 'stencil-jit/runtime';
import { HOLE_FIELDS, type StencilTable, type UopMetadata, type EntryAbi } from 'stencil-jit/format';

const out = path.resolve('vm-build');
const result: GenerateResult = await generate({ config: loadConfig(process.argv[2]), outDir: out });
const { table } = (await import(path.join(out, hostTarget(), 'stencils.ts'))) as { table: StencilTable };
const meta = (await import(path.join(out, 'uops.ts'))) as { UOP_METADATA: UopMetadata; ENTRY_ABI: EntryAbi };
const { LAYOUT: L } = (await import(path.join(out, 'layout.ts'))) as { LAYOUT: Record<string, number> };
const rt = new JitRuntime({ table, uops: meta.UOP_METADATA, abi: meta.ENTRY_ABI });
const at = (offset: number, value: number) => ((offset + 32768) << 8) | value;
const program: TraceInstruction[] = [{ uop: 'ADD_AT', oparg: at(0, 65) }, { uop: 'OUT_AT', oparg: at(0, 0) }, { uop: 'ADD_AT', oparg: at(0, 1) }, { uop: 'OUT_AT', oparg: at(0, 0) }, { uop: 'EXIT' }];
const trace = rt.compile(program);
const state = mapMemory(4096, PROT_READ | PROT_WRITE);
const bytes = new DataView(viewMemory(state, 4096));
const set = (field: string, v: number) => bytes.setBigUint64(L[field], BigInt(v), true);
set('TAPE', state + 1024); set('TAPE_END', state + 2048); set('PTR', state + 1024); set('OUT', state + 3072); set('OUT_CAP', 16);
const exit = rt.enter(trace, state);
const text = Buffer.from(new Uint8Array(bytes.buffer, 3072, Number(bytes.getBigUint64(L.OUT_LEN, true)))).toString();
console.log(JSON.stringify({ text, exitKind: trace.layout.exits[exit]?.kind, uops: result.uops.length, holeFields: HOLE_FIELDS }));
unmapMemory(state, 4096);
rt.dispose();
`;

let dir = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-user-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'stencil-jit'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'another-vm', type: 'module', private: true }));
  fs.writeFileSync(path.join(dir, 'run.mts'), SCRIPT);
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the package exports, from another project', () => {
  it.skipIf(process.arch !== 'x64')('generate, load, compile and run a trace of the second VM', async () => {
    const tsx = path.join(ROOT, 'node_modules/tsx/dist/loader.mjs');
    const r = await execa('node', ['--import', `file://${tsx}`, 'run.mts', path.join(ROOT, 'test/bf-vm/stencil.config.json')], { cwd: dir, reject: false });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ text: 'AB', exitKind: 'end', uops: 9, holeFields: 5 });
  });

  it('type-checks against the exported types', async () => {
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')] }, files: ['run.mts'] }),
    );
    const r = await execa(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: dir, reject: false });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });
});
