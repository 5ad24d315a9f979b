// The stencil-jit command from any working directory, through npm's bin
// links, and its compiled `run` bundle and start-up snapshot: rebuilt when a
// source changes (a stale bundle or snapshot is never run), built in memory
// when .cache/ cannot be written.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
let dir = '';

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-anywhere-'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'sub/prog.py'), 'def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\nprint(f(1000))\n');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('stencil-jit from anywhere', () => {
  it('run and list from another directory, program path relative to it', () => {
    expect(run(path.join(ROOT, 'scripts/stencil-jit'), ['run', 'sub/prog.py'], dir)).toEqual({ stdout: '499500\n', stderr: '', status: 0 });
    const list = run(path.join(ROOT, 'scripts/stencil-jit'), ['list'], dir);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^uop\s+x86_64 code/);
  });

  it('through npx and a package\'s node_modules/.bin link (what `npm install` makes)', () => {
    const project = path.join(dir, 'project');
    fs.mkdirSync(path.join(project, 'node_modules/.bin'), { recursive: true });
    fs.symlinkSync(ROOT, path.join(project, 'node_modules/stencil-jit'));
    fs.symlinkSync('../stencil-jit/scripts/stencil-jit', path.join(project, 'node_modules/.bin/stencil-jit'));
    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"uses-stencil-jit","private":true}\n');
    const r = run('npx', ['--offline', 'stencil-jit', 'run', '../sub/prog.py'], project);
    expect(r.stdout, r.stderr).toBe('499500\n');
    expect(r.status).toBe(0);
  });

  it('through an npm-linked bin (global prefix: bin/ -> lib/node_modules/stencil-jit -> the checkout)', () => {
    const prefix = path.join(dir, 'global');
    fs.mkdirSync(path.join(prefix, 'lib/node_modules'), { recursive: true });
    fs.mkdirSync(path.join(prefix, 'bin'));
    fs.symlinkSync(ROOT, path.join(prefix, 'lib/node_modules/stencil-jit'));
    fs.symlinkSync('../lib/node_modules/stencil-jit/scripts/stencil-jit', path.join(prefix, 'bin/stencil-jit'));
    const env = { ...process.env, PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}` };
    const r = run('stencil-jit', ['run', 'prog.py'], path.join(dir, 'sub'), env);
    expect(r).toEqual({ stdout: '499500\n', stderr: '', status: 0 });
  });

  it('the program\'s environment is the caller\'s: what scripts/stencil-jit sets for node (GLIBC_TUNABLES) is unset', () => {
    fs.writeFileSync(path.join(dir, 'env.py'), 'import os\nprint(os.environ.get("GLIBC_TUNABLES"), "STENCIL_JIT_SET_GLIBC_TUNABLES" in os.environ)\n');
    const env = { ...process.env };
    delete env.GLIBC_TUNABLES;
    expect(run(path.join(ROOT, 'scripts/stencil-jit'), ['run', 'env.py'], dir, env)).toEqual({ stdout: 'None False\n', stderr: '', status: 0 });
    // Through launch.cjs too (a module body read STENCIL_JIT_HUGE_STR_UNITS when the snapshot was built).
    expect(run(path.join(ROOT, 'scripts/stencil-jit'), ['run', 'env.py'], dir, { ...env, STENCIL_JIT_HUGE_STR_UNITS: '64' }).stdout).toBe('None False\n');
    expect(run(path.join(ROOT, 'scripts/stencil-jit'), ['run', 'env.py'], dir, { ...env, GLIBC_TUNABLES: 'glibc.malloc.check=0' }).stdout).toBe('glibc.malloc.check=0 False\n');
  });

  it('--jit-dump through the bundle (capstone loaded on demand) and --jit-stats', () => {
    const dump = run(path.join(ROOT, 'scripts/stencil-jit'), ['run', '--jit-dump', 'sub/prog.py'], dir);
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stderr).toMatch(/== root trace 1 \(f, loop at line 3\)/);
    expect(dump.stderr).toMatch(/\b(mov|add|jmp|cmp)\b/);
    const stats = run(path.join(ROOT, 'scripts/stencil-jit'), ['run', '--jit-stats', 'sub/prog.py'], dir);
    expect(stats.stderr).toMatch(/traces compiled: 1 /);
  });
});

describe('the compiled run bundle', () => {
  let copy = '';
  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-bundle-'));
    for (const p of ['runtime', 'format', 'scripts', 'build', 'generator', 'package.json']) fs.cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  });
  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  const cli = () => path.join(copy, 'scripts/stencil-jit');
  const stamp = () => JSON.parse(fs.readFileSync(path.join(copy, '.cache/run/stamp.json'), 'utf8')) as { bundle: string; inputs: [string, number, number][] };

  it('is built on first use, with every bundled source in its stamp, and a code cache after the first run', () => {
    expect(run(cli(), ['run', 'sub/prog.py'], dir).stdout).toBe('499500\n');
    const s = stamp();
    const inputs = s.inputs.map(([f]) => f);
    for (const f of ['scripts/run-command.ts', 'runtime/vm/interpreter/interpreter.ts', 'build/uops.ts', 'build/x86_64-unknown-linux-gnu/stencils.ts']) expect(inputs).toContain(f);
    expect(inputs).not.toContain('build/aarch64-unknown-linux-gnu/stencils.ts');
    // One code cache per set of node flags (launch.cjs): the warm-up's, made with scripts/stencil-jit's.
    expect(fs.readdirSync(path.join(copy, '.cache/run')).filter((f) => f.startsWith(`${s.bundle}.`) && f.endsWith('.v8cache'))).toHaveLength(1);
  });

  const runDir = () => path.join(copy, '.cache/run');
  /** Removes the bundle's file (its stamp stays): only a run from the start-up snapshot can do without it (launch.cjs builds it again). */
  const removeBundleFile = () => fs.rmSync(path.join(runDir(), stamp().bundle), { force: true });
  const bundleFileExists = () => fs.existsSync(path.join(runDir(), stamp().bundle));

  it('has a start-up snapshot, built with it for scripts/stencil-jit\'s node flags, that runs programs', () => {
    const keys = fs.readdirSync(runDir()).filter((f) => /^snapshot.*\.key$/.test(f));
    expect(keys).toHaveLength(1);
    const [blob] = fs.readFileSync(path.join(runDir(), keys[0]), 'utf8').split(' ');
    expect(fs.existsSync(path.join(runDir(), blob))).toBe(true);
    removeBundleFile();
    expect(run(cli(), ['run', 'sub/prog.py'], dir)).toEqual({ stdout: '499500\n', stderr: '', status: 0 });
    expect(bundleFileExists()).toBe(false);
    // A module body read STENCIL_JIT_HUGE_STR_UNITS when the snapshot was built: with another value the run goes through launch.cjs.
    expect(run(cli(), ['run', 'sub/prog.py'], dir, { ...process.env, STENCIL_JIT_HUGE_STR_UNITS: '64' }).stdout).toBe('499500\n');
    expect(bundleFileExists()).toBe(true);
  });

  it('is rebuilt when a source changes: the stale bundle (and its snapshot) is never run', () => {
    const before = stamp().bundle;
    expect(fs.readdirSync(runDir()).some((f) => /^snapshot.*\.key$/.test(f))).toBe(true);
    const file = path.join(copy, 'scripts/source-file.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("`can't open file '${abs}'", "`cannot open (edited) '${abs}'"));
    const r = run(cli(), ['run', 'missing.py'], dir);
    expect(r.stderr).toMatch(/^stencil-jit: cannot open \(edited\) '/);
    expect(stamp().bundle).not.toBe(before);
    // And the new bundle's snapshot serves the next run.
    removeBundleFile();
    expect(run(cli(), ['run', 'missing.py'], dir).stderr).toMatch(/^stencil-jit: cannot open \(edited\) '/);
    expect(bundleFileExists()).toBe(false);
  });

  it('a snapshot whose launcher file changed is not run either', () => {
    const file = path.join(copy, 'scripts/launcher/snapshot-main.cjs');
    fs.appendFileSync(file, '\n');
    removeBundleFile();
    expect(run(cli(), ['run', 'sub/prog.py'], dir)).toEqual({ stdout: '499500\n', stderr: '', status: 0 });
    expect(bundleFileExists()).toBe(true);
  });

  it('is built again when a source changes while esbuild reads it: the stamp never vouches for old code', async () => {
    const { buildRunBundle } = createRequire(import.meta.url)(path.join(copy, 'scripts/launcher/build-run-bundle.cjs')) as {
      buildRunBundle(o: { afterBundle: () => void }): Promise<{ written: boolean; code: string; stamp: { bundle: string } }>;
    };
    const file = path.join(copy, 'scripts/source-file.ts');
    let bundles = 0;
    const built = await buildRunBundle({
      // The edit lands after esbuild read the file and before the inputs are stamped.
      afterBundle: () => {
        if (bundles++ === 0) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("`cannot open (edited) '${abs}'", "`cannot open (edited during the build) '${abs}'"));
      },
    });
    expect(bundles).toBe(2);
    expect(built.written).toBe(true);
    expect(stamp().bundle).toBe(built.stamp.bundle);
    expect(run(cli(), ['run', 'missing.py'], dir).stderr).toMatch(/^stencil-jit: cannot open \(edited during the build\) '/);
  }, 60_000);

  it('runs through launch.cjs when its snapshot cannot be built (and does not try again for that bundle)', () => {
    const entry = path.join(copy, 'scripts/launcher/snapshot-entry.cjs');
    const before = fs.readFileSync(entry, 'utf8');
    fs.appendFileSync(entry, "\nthrow new Error('no snapshot here');\n");
    try {
      expect(run(cli(), ['run', 'sub/prog.py'], dir)).toEqual({ stdout: '499500\n', stderr: '', status: 0 });
      const files = fs.readdirSync(runDir());
      expect(files.filter((f) => /^snapshot.*\.key$/.test(f))).toEqual([]);
      const failed = files.filter((f) => /^snapshot.*\.failed$/.test(f));
      expect(failed).toHaveLength(1);
      expect(fs.readFileSync(path.join(runDir(), failed[0]), 'utf8').trim()).toBe(path.join(runDir(), stamp().bundle));
      expect(run(cli(), ['run', 'sub/prog.py'], dir)).toEqual({ stdout: '499500\n', stderr: '', status: 0 });
    } finally {
      fs.writeFileSync(entry, before);
    }
  });

  it('is built in memory when .cache/run cannot be written', () => {
    fs.rmSync(path.join(copy, '.cache/run'), { recursive: true, force: true });
    fs.writeFileSync(path.join(copy, '.cache/run'), 'not a directory');
    expect(run(cli(), ['run', 'sub/prog.py'], dir)).toEqual({ stdout: '499500\n', stderr: '', status: 0 });
    fs.rmSync(path.join(copy, '.cache/run'));
  });
});
