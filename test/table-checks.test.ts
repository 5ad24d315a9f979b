// The toolchain's checks (issue 19 "Toolchain checks", issue 18 "Tampered or
// stale tables"): a table edited after generation is refused by `run` before
// any code is copied, with one line naming the file and the command that fixes
// it; a hole outside its stencil is refused even when the digest was forged;
// `generate` without --force notices an edited output; and broken cases are
// generation-time errors with file and line.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { table as x86Table } from '../build/x86_64-unknown-linux-gnu/stencils.ts';
import { UOP_METADATA } from '../build/uops.ts';
import { tableContentDigest } from '../format/content-digest.ts';
import { HOLE_FIELDS, HOLE_OFFSET, type Stencil, type StencilTable } from '../format/stencil-format.ts';
import { loadTable } from '../runtime/jit/stencil-loader.ts';
import { StencilTableError } from '../runtime/jit/table-check.ts';
import { copyRepo, editFile } from './helpers/repo-copy.ts';

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

const TABLE = 'build/x86_64-unknown-linux-gnu/stencils.ts';
/** A loop hot enough for the JIT, whose sum a sub instead of an add gets wrong. */
const PROGRAM = 'def f(n):\n    s = 0\n    i = 0\n    while i < n:\n        s = s + i\n        i = i + 1\n    return s\nprint(f(1000))\n';

/** Edits the code of one stencil in the table's text. */
function editStencilCode(text: string, uop: string, edit: (hex: string) => string): string {
  const re = new RegExp(`(    ${uop}: \\{\\n      name: "${uop}",\\n      code: ")([0-9a-f]*)(")`);
  if (!re.test(text)) throw new Error(`no ${uop} in the table`);
  return text.replace(re, (_, a, hex, b) => a + edit(hex) + b);
}

describe('run refuses a table that is not what the generator wrote', () => {
  const cases: [string, (hex: string) => string][] = [
    ["ADD_INT's add changed to a sub", (hex) => hex.replace('4801c8', '4829c8')],
    ['an int3 byte in ADD_INT', (hex) => `cc${hex.slice(2)}`],
    ['a byte inserted into ADD_INT', (hex) => `90${hex}`],
  ];
  for (const [what, edit] of cases) {
    it.skipIf(process.arch !== 'x64')(what, async () => {
      const root = scratchRepo();
      editFile(root, TABLE, (t) => editStencilCode(t, 'ADD_INT', edit));
      fs.writeFileSync(path.join(root, 'prog.py'), PROGRAM);
      const r = await cli(root, 'run', 'prog.py');
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toEqual([`stencil-jit: ${TABLE}: the x86_64-unknown-linux-gnu stencil table does not match its recorded digest (edited by hand or stale): run 'scripts/stencil-jit generate --force'`]);
      // Without the JIT the table is not loaded and the program runs.
      const t1 = await cli(root, 'run', '--no-jit', 'prog.py');
      expect(t1.stdout).toBe('499500');
    });
  }

  it('refuses a hole moved outside its stencil even with a digest that matches (a forged or buggy table)', () => {
    const forged: StencilTable = JSON.parse(JSON.stringify(x86Table));
    const s = forged.uops.ADD_INT as Stencil & { codeHoles: number[] };
    const holes = [...s.codeHoles];
    holes[HOLE_OFFSET] = s.code.length / 2 + 8;
    (forged.uops as Record<string, Stencil>).ADD_INT = { ...s, codeHoles: holes };
    forged.contentDigest = tableContentDigest(forged);
    expect(() => loadTable(forged, UOP_METADATA)).toThrow(StencilTableError);
    expect(() => loadTable(forged, UOP_METADATA)).toThrow(/stencil ADD_INT: code hole 0 \[.*\] \(rel32, 4 bytes\) lies outside the stencil's \d+-byte code/);
    // A hole whose kind belongs to the other machine, and one naming a symbol the table lacks.
    const other: StencilTable = JSON.parse(JSON.stringify(x86Table));
    const t = other.uops.ADD_INT as Stencil;
    (other.uops as Record<string, Stencil>).ADD_INT = { ...t, codeHoles: [0, 40, 2, -1, 0] };
    other.contentDigest = tableContentDigest(other);
    expect(() => loadTable(other, UOP_METADATA)).toThrow(/has no x86_64-unknown-linux-gnu patch kind/);
    (other.uops as Record<string, Stencil>).ADD_INT = { ...t, codeHoles: [t.codeHoles[0], t.codeHoles[1], 9, 99, 0] };
    other.contentDigest = tableContentDigest(other);
    expect(() => loadTable(other, UOP_METADATA)).toThrow(/names no symbol of the table/);
    expect(HOLE_FIELDS).toBe(5);
  });

  it('refuses a table generated with other metadata (one of the pair is stale)', async () => {
    const other: StencilTable = { ...x86Table, metadataDigest: `sha256:${'0'.repeat(64)}` };
    other.contentDigest = tableContentDigest(other);
    expect(() => loadTable(other, UOP_METADATA)).toThrow(/build\/x86_64-unknown-linux-gnu\/stencils\.ts: the x86_64-unknown-linux-gnu stencil table and build\/uops\.ts come from different generations \(one is stale\)/);
    if (process.arch !== 'x64') return;
    // As it happens: a uop changed and only the other target regenerated.
    const root = scratchRepo();
    editFile(root, 'cases/uops.c', (t) => t.replace('/// Float negation.', '/// Float negation (its sign flipped).'));
    expect((await cli(root, 'generate', '--target', 'aarch64')).exitCode).toBe(0);
    fs.writeFileSync(path.join(root, 'prog.py'), PROGRAM);
    const r = await cli(root, 'run', 'prog.py');
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`stencil-jit: ${TABLE}: the x86_64-unknown-linux-gnu stencil table and build/uops.ts come from different generations (one is stale): run 'scripts/stencil-jit generate --force'`]);
  });

  it('refuses metadata that does not match its digest', () => {
    const meta = { ...UOP_METADATA, uops: UOP_METADATA.uops.map((u) => (u.name === 'ADD_INT' ? { ...u, canExit: false } : u)) };
    expect(() => loadTable(x86Table, meta)).toThrow(/build\/uops\.ts: the uop metadata does not match its recorded digest/);
  });
});

describe('generate notices outputs that no longer match', () => {
  it('regenerates an edited table without --force (and says so), then is up to date', async () => {
    const root = scratchRepo();
    const before = fs.readFileSync(path.join(root, TABLE), 'utf8');
    editFile(root, TABLE, (t) => editStencilCode(t, 'ADD_INT', (hex) => hex.replace('4801c8', '4829c8')));
    const r = await cli(root, 'generate');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/x86_64-unknown-linux-gnu: up to date/);
    expect(fs.readFileSync(path.join(root, TABLE), 'utf8')).toBe(before);
    const again = await cli(root, 'generate');
    expect(again.stdout).toMatch(/x86_64-unknown-linux-gnu: up to date/);
    // An edited comment counts too: the file is not what was generated.
    editFile(root, 'build/uops.ts', (t) => t.replace('/** Every uop,', '/** All uops,'));
    expect((await cli(root, 'generate')).stdout).not.toMatch(/up to date/);
  });
});

// Each case compiles the uops it edits (and their variants) with clang, beside another test file.
describe('broken cases are generation-time errors with file and line', { timeout: 600_000 }, () => {
  const lineOf = (root: string, needle: string) => fs.readFileSync(path.join(root, 'cases/uops.c'), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

  async function expectOneLine(root: string, pattern: RegExp) {
    const r = await cli(root, 'generate', '--target', 'x86_64');
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  }

  it('a declared output that is never assigned', async () => {
    const root = scratchRepo();
    const line = lineOf(root, 'uop NEG_FLOAT (value: float -- res: float)');
    editFile(root, 'cases/uops.c', (t) => t.replace('uop NEG_FLOAT (value: float -- res: float) { res = BOX_FLOAT(-UNBOX_FLOAT(value)); }', 'uop NEG_FLOAT (value: float -- res: float) { (void)value; }'));
    await expectOneLine(root, new RegExp(`^stencil-jit: cases/uops\\.c:${line}:1: error: uop NEG_FLOAT: output 'res' is never assigned$`));
  });

  it('an output assigned on one path only (clang, -Werror=sometimes-uninitialized)', async () => {
    const root = scratchRepo();
    editFile(root, 'cases/uops.c', (t) => t.replace('uop NEG_FLOAT (value: float -- res: float) { res = BOX_FLOAT(-UNBOX_FLOAT(value)); }', 'uop NEG_FLOAT (value: float -- res: float) {\n  if (IS_FLOAT(value)) res = BOX_FLOAT(-UNBOX_FLOAT(value));\n}'));
    const line = lineOf(root, 'if (IS_FLOAT(value)) res =');
    await expectOneLine(root, new RegExp(`^uop NEG_FLOAT \\(x86_64-unknown-linux-gnu\\): cases/uops\\.c:${line}:\\d+: error: variable 'res' is used uninitialized whenever 'if' condition is false`));
  });

  it('an unknown extern', async () => {
    const root = scratchRepo();
    // Declared in the uop's body, not in a shared header: only this uop (and the
    // uop interpreter) recompile, not every stencil.
    editFile(root, 'cases/uops.c', (t) => t.replace('uop NEG_FLOAT (value: float -- res: float) { res = BOX_FLOAT(-UNBOX_FLOAT(value)); }', 'uop NEG_FLOAT (value: float -- res: float) {\n  extern double no_such_function(double);\n  res = BOX_FLOAT(no_such_function(UNBOX_FLOAT(value)));\n}'));
    const line = lineOf(root, 'extern double no_such_function');
    await expectOneLine(root, new RegExp(`^stencil-jit: cases/uops\\.c:${line}:1: error: uop NEG_FLOAT uses 'no_such_function', which the support code does not define and .*stencil\\.config\\.json does not list in externals`));
  });

  it('a uop the VM uses, renamed away', async () => {
    const root = scratchRepo();
    editFile(root, 'cases/uops.c', (t) => t.replace('uop ADD_INT (left: int, right: int -- res: int)', 'uop ADD_SMALL_INT (left: int, right: int -- res: int)'));
    const line = fs.readFileSync(path.join(root, 'cases/stencil.config.json'), 'utf8').split('\n').findIndex((l) => l.includes('"ADD_INT"')) + 1;
    // The message names every cases file the bundled config lists.
    const casesList = (JSON.parse(fs.readFileSync(path.join(root, 'cases/stencil.config.json'), 'utf8')) as { cases: string[] }).cases.join(', ').replace(/\./g, '\\.');
    await expectOneLine(root, new RegExp(`^stencil-jit: .*cases/stencil\\.config\\.json:${line}: error: required uop ADD_INT is not defined in ${casesList}$`));
  });

  it('a uop with 17 outputs', async () => {
    const root = scratchRepo();
    const outs = Array.from({ length: 17 }, (_, i) => `o${i}`);
    editFile(root, 'cases/uops.c', (t) => `${t}\n/// Too many.\nuop SEVENTEEN ( -- ${outs.join(', ')}) { ${outs.map((o) => `${o} = 0;`).join(' ')} }\n`);
    const line = lineOf(root, 'uop SEVENTEEN');
    await expectOneLine(root, new RegExp(`^stencil-jit: cases/uops\\.c:${line}:1: error: uop SEVENTEEN: declares 17 outputs; a uop may have at most 16 \\(stack\\.maxItems in .*stencil\\.config\\.json\\)$`));
  });
});
