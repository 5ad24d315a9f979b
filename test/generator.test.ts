// The generator end to end: verify on the committed tables, verify's report
// when a table byte or a uop body changes, user errors for bad DSL and C, and
// inspect marking every hole at its instruction.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitCase, usesStackDirectly } from '../generator/c-emitter.ts';
import { DslError, parseUops } from '../generator/dsl-parser.ts';
import { generate, readUops, type GenerateResult } from '../generator/generate.ts';
import { formatInspection, inspectBuilt } from '../generator/inspect.ts';
import { TARGETS } from '../generator/targets.ts';
import { PatchKind } from '../format/patch-kinds.ts';
import { HoleValue } from '../format/stencil-format.ts';
import { FIX_COMMAND, verify } from '../generator/verify.ts';
import { DEFAULT_CONFIG, loadConfig } from '../generator/project-config.ts';
import { copyRepo, editFile, ROOT } from './helpers/repo-copy.ts';

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

function scratchRepo(): string {
  const d = copyRepo();
  scratch.push(d);
  return d;
}

async function cli(root: string, ...args: string[]) {
  return execa('node', ['--import', 'tsx', path.join(root, 'scripts/cli.ts'), ...args], { cwd: root, reject: false, env: { ...process.env, FORCE_COLOR: '0' } });
}

describe('verify', () => {
  it('passes on the committed build/', async () => {
    const r = await verify(ROOT);
    expect(r.report).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('reports the uop, the byte and the fix when one byte of a committed table changes', async () => {
    const root = scratchRepo();
    const table = 'build/x86_64-unknown-linux-gnu/stencils.ts';
    editFile(root, table, (t) =>
      t.replace(/(ADD_INT: \{\n\s+name: "ADD_INT",\n\s+code: ")(..)/, (_, head, byte) => head + (byte === '90' ? '91' : '90')),
    );
    const r = await verify(root);
    expect(r.ok).toBe(false);
    const text = r.report.join('\n');
    expect(text).toContain(`build/${table.slice('build/'.length)}: differs`);
    expect(text).toMatch(/x86_64-unknown-linux-gnu ADD_INT: code 1 byte\(s\) differ: 0x0: /);
    expect(text).toContain(FIX_COMMAND);
    // The CLI says the same and exits 1.
    const c = await cli(root, 'verify');
    expect(c.exitCode).toBe(1);
    expect(c.stderr).toContain('ADD_INT');
  });

});

// Some cases compile an edited uop with clang, beside another test file.
describe('user errors', { timeout: 600_000 }, () => {
  it('names file, line and column for a malformed stack effect', () => {
    expect(() => parseUops('uop FOO (a b -- c) {\n}\n', 'cases/uops.c')).toThrow(DslError);
    expect(() => parseUops('\n\nuop FOO (a, b - c) { }\n', 'cases/uops.c')).toThrow(/^cases\/uops\.c:3:10: error: malformed stack effect/);
    expect(() => parseUops('uop FOO (a, 1b -- c) { }\n', 'x.c')).toThrow(/x\.c:1:10: error: malformed stack effect: '1b'/);
  });

  it('rejects duplicate uops, unclosed bodies, stray text and missing required uops', () => {
    const base = 'uop EXIT_TRACE ( -- ) { }\nuop JUMP_TO_TOP ( -- ) { }\n';
    expect(() => parseUops(`${base}uop A ( -- ) { }\nuop A ( -- ) { }\n`, 'u.c')).toThrow(/u\.c:4:1: error: uop A is already defined on line 3/);
    expect(() => parseUops(`${base}uop B ( -- ) { if (x) {\n`, 'u.c')).toThrow(/u\.c:3:1: error: uop B: body has no closing/);
    expect(() => parseUops(`${base}int x;\n`, 'u.c')).toThrow(/u\.c:3:1: error: expected 'uop NAME/);
    expect(() => parseUops('uop JUMP_TO_TOP ( -- ) { }\n', 'u.c', { required: [{ name: 'EXIT_TRACE', why: 'exit stubs' }] })).toThrow(/required uop EXIT_TRACE is not defined/);
    expect(parseUops(`${base}/// doc\nuop C (a -- b) { b = a; /* } */ }\n`, 'u.c')[2].doc).toBe('doc');
  });

  it('gives one line with the file and line of C that does not compile, and exit 1', async () => {
    const root = scratchRepo();
    const text = fs.readFileSync(path.join(root, 'cases/uops.c'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('res = BOX_FLOAT(-UNBOX_FLOAT(value));')) + 1;
    editFile(root, 'cases/uops.c', (t) => t.replace('res = BOX_FLOAT(-UNBOX_FLOAT(value));', 'res = BOX_FLOAT(-UNBOX_FLOAT(value)) + no_such_thing;'));
    const r = await cli(root, 'generate', '--target', 'x86_64');
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^uop NEG_FLOAT \\(x86_64-unknown-linux-gnu\\): cases/uops\\.c:${line}:\\d+: error: use of undeclared identifier 'no_such_thing'`));
  });

  it('gives one line for a malformed uop through the CLI, exit 1', async () => {
    const root = scratchRepo();
    editFile(root, 'cases/uops.c', (t) => t.replace('uop SWAP (a, b -- b2, a2)', 'uop SWAP (a, b -> b2, a2)'));
    const r = await cli(root, 'generate');
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cases\/uops\.c:\d+:\d+: error: malformed stack effect/);
  });

  it('rejects unknown commands, options and uops with one line and a non-zero exit', async () => {
    const a = await cli(ROOT, 'inspect', 'NOT_A_UOP');
    expect(a.exitCode).toBe(1);
    expect(a.stderr).toMatch(/^stencil-jit: inspect: no uop named 'NOT_A_UOP'/);
    const b = await cli(ROOT, 'generate', '--target', 'riscv');
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toMatch(/unknown target 'riscv'/);
    const c = await cli(ROOT, 'frobnicate');
    expect(c.exitCode).toBe(2);
    for (const r of [a, b, c]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('inspect', () => {
  let result: GenerateResult;
  let out: string;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(ROOT, '.cache/inspect-test-'));
    scratch.push(out);
    result = await generate({ root: ROOT, outDir: out, force: true });
  });

  it('shows every hole of every uop at the instruction that contains it, with its relocation', async () => {
    let holesSeen = 0;
    for (const t of result.targets) {
      for (const [name, built] of t.uops) {
        const x = await inspectBuilt(t, name);
        const text = formatInspection(x);
        const codeHoles = x.holes.filter((h) => h.place !== 'data');
        expect(codeHoles.length).toBe((built.stencil.codeHoles.length + (built.stencil.coldHoles?.length ?? 0)) / 5);
        for (const h of codeHoles) {
          const insn = x.instructions.find((i) => i.place === h.place && i.holes.includes(h.offset));
          expect(insn, `${t.target.triple} ${name} hole @${h.offset.toString(16)}`).toBeDefined();
          expect(h.offset).toBeGreaterThanOrEqual(insn!.address);
          expect(h.offset).toBeLessThan(insn!.address + insn!.bytes.length / 2);
          expect(h.relocation).not.toBeNull();
          // In the text the hole marker follows its instruction's line.
          const lines = text.split('\n');
          const from = h.place === 'cold' ? lines.indexOf('  cold part:') : 0;
          const at = lines.findIndex((l, k) => k > from && l.startsWith(`  ${insn!.address.toString(16).padStart(4, '0')}  `));
          const marker = lines.findIndex((l, k) => k > at && l.includes(`^ hole @${h.offset.toString(16)}:`));
          expect(marker).toBeGreaterThan(at);
          expect(lines.slice(at + 1, marker).every((l) => l.includes('^ hole @'))).toBe(true);
          holesSeen++;
        }
      }
    }
    expect(holesSeen).toBeGreaterThan(150);
  });

  it('relaxes x86_64 branches to jump blocks into direct branches to the trace place, so most uops fall through', async () => {
    const bodies = new Map(readUops(loadConfig(path.join(ROOT, DEFAULT_CONFIG))).map((u) => [u.name, u.body]));
    const x86 = result.targets.find((t) => t.target.triple.startsWith('x86_64'))!;
    let relaxed = 0;
    let fallThrough = 0;
    for (const [name, built] of x86.uops) {
      if (built.droppedTailJump > 0) fallThrough++;
      if (!built.unrelaxed) continue;
      relaxed++;
      const x = await inspectBuilt(x86, name);
      // Guards branch straight to the exit stub: no `jmp *_JIT_EXIT@GOTPCREL(%rip)` block is left (other uops may keep
      // one that code falls into, e.g. FOR_RANGE_NEXT).
      const exitBlocks = x.instructions.filter((i) => i.bytes.startsWith('ff25') && x.holes.some((h) => i.holes.includes(h.offset) && h.value === 4));
      // (A guard that pops before it exits keeps a block: the pop runs first; so does one that
      // calls support code first, vm_room or a support_ function: registers saved around the call come back
      // before the exit.)
      const pureGuard = name.startsWith('GUARD_') && !/EXIT_POPPED_IF|vm_room|support_/.test(bodies.get(name)!);
      if (pureGuard) expect(exitBlocks, name).toEqual([]);
      if (pureGuard) expect(x.holes.some((h) => h.value === HoleValue.EXIT && h.kind === PatchKind.X86_REL32), name).toBe(true);
      // Kept only where it pays (stencil-builder.ts): smaller code, or a hot path that now falls into the next
      // stencil where clang's layout could not (worth a few bytes more: ADD_WIDE, FOR_ZIP2_LIST_UNPACK, ...).
      const smaller = Buffer.from(built.stencil.code, 'hex').length < Buffer.from(built.unrelaxed.stencil.code, 'hex').length;
      const nowFallsThrough = built.droppedTailJump > 0 && built.unrelaxed.droppedTailJump === 0;
      expect(smaller || nowFallsThrough, `${name}: ${built.stencil.code.length / 2} bytes relaxed, ${built.unrelaxed.stencil.code.length / 2} not`).toBe(true);
    }
    expect(relaxed).toBeGreaterThan(30);
    expect(fallThrough).toBeGreaterThan(x86.uops.size * 0.75);
  });

  it('moves x86_64 code after the hot path\'s jump to the next stencil into a cold part, so the hot path falls through', async () => {
    const x86 = result.targets.find((t) => t.target.triple.startsWith('x86_64'))!;
    let split = 0;
    for (const [name, built] of x86.uops) {
      const s = built.stencil;
      if (!s.coldCode) continue;
      split++;
      // The jump over the cold blocks went with them: the hot path ends by falling into the next stencil.
      expect(built.droppedTailJump, name).toBeGreaterThan(0);
      const x = await inspectBuilt(x86, name);
      const hot = x.instructions.filter((i) => i.place === 'code');
      const continueJumps = hot.filter((i) => x.holes.some((h) => h.place === 'code' && i.holes.includes(h.offset) && h.value === HoleValue.CONTINUE));
      expect(continueJumps.map((i) => i.text), name).toEqual([]);
      // Every branch between the parts is a rel32 hole against the other part.
      const cross = x.holes.filter((h) => h.value === HoleValue.COLD || (h.value === HoleValue.CODE && h.place === 'cold'));
      expect(cross.every((h) => h.kind === PatchKind.X86_REL32 && (h.value === HoleValue.COLD) === (h.place === 'code')), name).toBe(true);
      expect(x.holes.some((h) => h.value === HoleValue.COLD), name).toBe(true);
    }
    expect(split).toBeGreaterThan(30);
  });

  it('relaxes and splits aarch64 stencils the same way: guards branch to the exit, the hot path falls through', async () => {
    const bodies = new Map(readUops(loadConfig(path.join(ROOT, DEFAULT_CONFIG))).map((u) => [u.name, u.body]));
    const a64 = result.targets.find((t) => t.target.triple.startsWith('aarch64'))!;
    const SHORT: number[] = [PatchKind.A64_CONDBR19, PatchKind.A64_TSTBR14, PatchKind.A64_BRANCH26];
    let split = 0;
    let fallThrough = 0;
    for (const [name, built] of a64.uops) {
      if (built.droppedTailJump > 0) fallThrough++;
      const x = await inspectBuilt(a64, name);
      const pureGuard = name.startsWith('GUARD_') && !/EXIT_POPPED_IF|vm_room|support_/.test(bodies.get(name)!);
      // A guard's B.cond/CBZ goes straight to the exit stub: no `b _JIT_EXIT` block is left.
      if (pureGuard) {
        expect(x.holes.some((h) => h.value === HoleValue.EXIT && h.kind === PatchKind.A64_CONDBR19), name).toBe(true);
        expect(x.holes.filter((h) => h.value === HoleValue.EXIT && h.kind === PatchKind.A64_BRANCH26), name).toEqual([]);
      }
      if (!built.stencil.coldCode) continue;
      split++;
      expect(built.droppedTailJump, name).toBeGreaterThan(0);
      const hot = x.instructions.filter((i) => i.place === 'code');
      expect(hot.filter((i) => x.holes.some((h) => h.place === 'code' && i.holes.includes(h.offset) && h.value === HoleValue.CONTINUE)).map((i) => i.text), name).toEqual([]);
      // Every branch between the parts is a hole of its own field against the other part.
      const cross = x.holes.filter((h) => h.value === HoleValue.COLD || (h.value === HoleValue.CODE && h.place === 'cold'));
      expect(cross.every((h) => SHORT.includes(h.kind) && (h.value === HoleValue.COLD) === (h.place === 'code')), name).toBe(true);
    }
    expect(split).toBeGreaterThan(30);
    expect(fallThrough).toBeGreaterThan(a64.uops.size * 0.75);
  });

  it('prints JSON through the CLI', async () => {
    const r = await cli(ROOT, 'inspect', 'LOAD_LOCAL', '--target', 'aarch64', '--json');
    expect(r.exitCode).toBe(0);
    const x = JSON.parse(r.stdout);
    expect(x.target).toBe('aarch64-unknown-linux-gnu');
    expect(x.holes.map((h: { relocation: { type: string } }) => h.relocation.type)).toEqual(['R_AARCH64_ADR_GOT_PAGE', 'R_AARCH64_LD64_GOT_LO12_NC']);
  });
});

describe('generate', () => {
  it('recompiles only the changed uop, and verify reports which uop changed', async () => {
    const root = scratchRepo();
    const outDir = path.join(root, '.cache', 'build-edited');
    await generate({ root, outDir });
    // A fresh text each run: the compile cache is shared and content-addressed.
    // One edit serves both checks: each uop edit also recompiles the uop
    // interpreter (it includes every case), the slowest unit to compile.
    // NOP has no variants: only it changes, by one instruction.
    editFile(root, 'cases/uops.c', (t) => t.replace('uop NOP ( -- ) {\n}', `uop NOP ( -- ) {\n  __asm__ volatile("nop" ::: "memory"); /* ${process.pid}-${Date.now()} */\n}`));
    const r = await generate({ root, outDir });
    // The changed uop on each target; the uop interpreter includes every case, so it rebuilds too.
    expect(r.compiled).toBeLessThanOrEqual(2 * 3);
    expect(r.compiled).toBeGreaterThanOrEqual(2);
    // build/ is still the committed one: verify names the uop on each target, and no other.
    const v = await verify(root);
    expect(v.ok).toBe(false);
    const text = v.report.join('\n');
    for (const t of TARGETS) expect(text).toContain(`${t.triple} NOP: `);
    expect(text).not.toMatch(/ ADD_FLOAT: /);
    expect(text).toContain('digest');
  }, 600_000); // clang on the uop interpreter (every case in one function) for each target, beside another test file

  it('writes no absolute paths or times into build/', () => {
    for (const f of ['uops.ts', 'layout.ts', 'gdb-jit-interface.ts', ...TARGETS.map((t) => `${t.triple}/stencils.ts`)]) {
      const text = fs.readFileSync(path.join(ROOT, 'build', f), 'utf8');
      expect(text.startsWith('// Generated by the stencil-jit generator')).toBe(true);
      expect(text).toMatch(/^\/\/ digest: sha256:[0-9a-f]{64}$/m);
      expect(text).not.toContain(ROOT);
      expect(text).not.toMatch(/\/tmp\/|\/home\/|\/root\//);
    }
  });
});

describe('C emission: the top of the stack in a register', () => {
  const bundled = loadConfig(path.join(ROOT, DEFAULT_CONFIG));
  const uops = new Map(readUops(bundled).map((u) => [u.name, u]));
  const emitted = (name: string) => emitCase(uops.get(name)!, 'default:', bundled);

  it('a binary op takes its right operand from tos and leaves its result there, the left one from memory', () => {
    const c = emitted('ADD_FLOAT');
    expect(c).toContain('Value left = sp[-2];');
    expect(c).toContain('Value right = tos;');
    expect(c).toContain('tos = res;');
    expect(c).not.toContain('sp[-1] = tos;');
  });

  it('a push spills the old top first; a pop reloads the new top', () => {
    expect(emitted('LOAD_LOCAL')).toMatch(/sp\[-1\] = tos;[\s\S]*tos = value;/);
    expect(emitted('STORE_LOCAL')).toMatch(/Value value = tos;[\s\S]*sp \+= -1;\n {2}tos = sp\[-1\];/);
  });

  it('a uop whose body touches sp runs on memory: spill before, reload after, exits hand on sp[-1]', () => {
    expect(usesStackDirectly(uops.get('PUSH_FRAME')!, bundled)).toBe(true);
    expect(usesStackDirectly(uops.get('ADD_INT')!, bundled)).toBe(false);
    const c = emitted('PUSH_FRAME');
    expect(c).toContain('#define UOP_TOS sp[-1]');
    expect(c.indexOf('sp[-1] = tos;')).toBeLessThan(c.indexOf('#line'));
    expect(c.lastIndexOf('tos = sp[-1];')).toBeGreaterThan(c.indexOf('#line'));
  });
});
