// `stencil-jit run --gdb` under the real gdb (batch mode): a breakpoint in a
// support helper that a trace calls (support_float_mod, from MOD_FLOAT's
// stencil, which moves rsp around the call) stops with a backtrace through
// the helper, the trace by name, the entry shim, koffi and node's own frames:
// the CFI registered for each piece of JIT code describes its real frame.
// Every object registered is unregistered by the end of the run. Skipped,
// with the reason printed, only where gdb cannot run or trace a process here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const LAUNCH = path.join(ROOT, 'scripts/launcher/launch.cjs');
const PROGRAM = `def spin(n):
    x = 1.5
    total = 0.0
    i = 0
    while i < n:
        total = total + (x * i) % 7.25
        i = i + 1
    return total

print(spin(5000))
`;
let dir = '';
let skipReason: string | null = null;

function gdb(commands: string[], timeout = 120_000) {
  const args = ['-q', '-batch', '-nx', '-ex', 'set pagination off', '-ex', 'set confirm off', ...commands.flatMap((c) => ['-ex', c]), '--args', process.execPath, LAUNCH, 'run', '--gdb', 'prog.py'];
  return spawnSync('gdb', args, { cwd: dir, encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-gdb-test-'));
  fs.writeFileSync(path.join(dir, 'prog.py'), PROGRAM);
  if (process.arch !== 'x64') skipReason = '--gdb is x86_64 only';
  else if (spawnSync('sh', ['-c', 'command -v gdb']).status !== 0) skipReason = 'gdb is not installed (scripts/setup.sh installs it)';
  else {
    const probe = spawnSync('gdb', ['-q', '-batch', '-nx', '-ex', 'run', '--args', '/bin/true'], { encoding: 'utf8' });
    if (!/exited normally/.test(probe.stdout + probe.stderr)) skipReason = `gdb cannot run a process here: ${(probe.stdout + probe.stderr).trim().split('\n').pop()}`;
  }
  if (skipReason) console.log(`jit-gdb: skipped: ${skipReason}`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('gdb through JIT code', () => {
  it('the program runs as python3 runs it with --gdb', (ctx) => {
    if (skipReason) ctx.skip();
    const python = spawnSync('python3', ['prog.py'], { cwd: dir, encoding: 'utf8' }).stdout;
    const r = spawnSync(process.execPath, [LAUNCH, 'run', '--gdb', 'prog.py'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(python);
  });

  it('bt in a support helper called from a trace shows the helper, the trace by name and the host frames below', (ctx) => {
    if (skipReason) ctx.skip();
    const r = gdb(['set breakpoint pending on', 'break support_float_mod', 'run', 'bt 12', 'info symbol $pc', 'kill']);
    const out = r.stdout;
    const frames = out.split('\n').filter((l) => /^#\d+ /.test(l));
    console.log(`gdb bt:\n${frames.join('\n')}`);
    expect(frames.length, out + r.stderr).toBeGreaterThanOrEqual(6);
    expect(frames[0]).toMatch(/^#0 +0x[0-9a-f]+ in support_float_mod \(\)$/);
    expect(frames[1]).toMatch(/^#1 +0x[0-9a-f]+ in py:spin:5:trace_\d+ \(\)$/);
    expect(frames[2]).toMatch(/^#2 +0x[0-9a-f]+ in jit_enter \(\)$/);
    expect(frames[3]).toMatch(/koffi/);
    // Below koffi: node's own (C++) frames, found through node's unwind tables from the registers the CFI restored.
    expect(frames.slice(4).some((f) => /v8|node|Builtins_/.test(f))).toBe(true);
  });

  it('a breakpoint inside the trace (after the stencil moved rsp) still unwinds to the shim and node', (ctx) => {
    if (skipReason) ctx.skip();
    // Stop in support_float_mod, go up to the trace frame and put a breakpoint at the return address: the
    // instruction after the call, inside `sub rsp, 0x18 ... add rsp, 0x18`, where the CFA is rsp + 0x20.
    const r = gdb(['set breakpoint pending on', 'break support_float_mod', 'run', 'up', 'tbreak *$pc', 'delete 1', 'continue', 'bt 6', 'kill']);
    const after = r.stdout.slice(r.stdout.indexOf('Temporary breakpoint 2,'));
    const frames = after.split('\n').filter((l) => /^#\d+ /.test(l));
    console.log(`gdb bt in the trace:\n${frames.join('\n')}`);
    expect(frames[0], r.stdout + r.stderr).toMatch(/^#0 +0x[0-9a-f]+ in py:spin:5:trace_\d+ \(\)$/);
    expect(frames[1]).toMatch(/^#1 +0x[0-9a-f]+ in jit_enter \(\)$/);
    expect(frames[2]).toMatch(/koffi/);
  });

  it('every object registered is unregistered by the end of the run', (ctx) => {
    if (skipReason) ctx.skip();
    // action_flag (the descriptor's second word) at each call of __jit_debug_register_code: 1 register, 2 unregister.
    fs.writeFileSync(path.join(dir, 'count.gdb'), [
      'set breakpoint pending on',
      'break __jit_debug_register_code',
      'commands 1',
      'silent',
      'printf "jit-action %d\\n", *(unsigned int *)((char *)&__jit_debug_descriptor + 4)',
      'continue',
      'end',
      'run',
      '',
    ].join('\n'));
    const r = gdb(['source count.gdb']);
    const actions = [...r.stdout.matchAll(/^jit-action (\d)$/gm)].map((m) => Number(m[1]));
    const registered = actions.filter((a) => a === 1).length;
    const unregistered = actions.filter((a) => a === 2).length;
    console.log(`gdb saw ${registered} registrations and ${unregistered} unregistrations`);
    // The support functions (5 exports) and at least one trace.
    expect(registered, r.stdout + r.stderr).toBeGreaterThanOrEqual(6);
    expect(unregistered).toBe(registered);
    expect(r.stdout).toMatch(/exited normally/);
  });
});
