// `npm run bench`: the VM benchmarks side by side (tier-1, uop interpreter,
// JIT, python3, pypy3), each benchmark's JIT statistics, the compile
// benchmark (scripts/bench-compile.ts), and a footer derived from the numbers.
//
//   node --import tsx scripts/bench.ts [--runs N] [--quick] [--only name[,name]] [--no-compile] [--timeout S]
//
// Every measurement is the best of N runs, each in a fresh process, timed
// inside the process: our VM by scripts/bench-vm-worker.ts around runProgram
// (Node startup, module loading and JIT runtime construction excluded),
// python3/pypy3 by a perf_counter wrapper around runpy.run_path (interpreter
// startup excluded). Runs of one benchmark are interleaved across the
// engines. Every VM run's output is checked against python3's.
// Benchmarks print timings; they are never asserted and never part of the tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCompileBench } from './bench-compile.ts';
import { PROGRAMS, writeProgram, type BenchProgram } from './bench-programs.ts';
import { CHURN_PAIRS, CHURN_ROUNDS, churnProgram } from './churn-program.ts';
import { ensurePypy, pythonExecutable, pythonVersion, runProcess, runPython, runWall, type ProcessRun } from './bench-python.ts';

/** python3 for whole-process rows: the executable, not a wrapper on PATH (pyenv's shim). */
const PYTHON3 = pythonExecutable('python3') ?? 'python3';
import { churnLines, footerLines, resultTable, startupLines, statsLines, type BenchResult, type Cell, type StartupResult } from './bench-report.ts';
import type { VmMode, WorkerResult } from './bench-vm-worker.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(HERE, 'bench-vm-worker.ts');
const LAUNCHER = path.join(HERE, 'stencil-jit');
const USAGE = 'usage: bench.ts [--runs N] [--quick] [--only name[,name...]] [--no-compile] [--timeout SECONDS]';

interface Options {
  runs: number;
  quick: boolean;
  only: string[] | null;
  compile: boolean;
  timeoutMs: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 3, quick: false, only: null, compile: true, timeoutMs: 300_000 };
  const fail = (m: string): never => {
    process.stderr.write(`bench: ${m}; ${USAGE}\n`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) fail('--runs needs a positive integer');
      o.runs = n;
    } else if (a === '--quick') o.quick = true;
    else if (a === '--no-compile') o.compile = false;
    else if (a === '--only') {
      const names = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !PROGRAMS.some((p) => p.name === n));
      if (!names.length || unknown.length) fail(`--only needs benchmark names (${PROGRAMS.map((p) => p.name).join(', ')})${unknown.length ? `, not '${unknown.join("', '")}'` : ''}`);
      o.only = names;
    } else if (a === '--timeout') {
      const s = Number(argv[++i]);
      if (!(s > 0)) fail('--timeout needs a positive number of seconds');
      o.timeoutMs = s * 1000;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument '${a}'`);
  }
  return o;
}

// ----------------------------------------------------------------- VM runs

const tsxLoader = import.meta.resolve('tsx');

async function runVm(file: string, mode: VmMode, timeoutMs: number): Promise<{ result?: WorkerResult; error?: string }> {
  const r = await runProcess(process.execPath, ['--import', tsxLoader, WORKER, file, mode, '1'], timeoutMs);
  if (r.error) return { error: r.error };
  if (r.timedOut) return { error: `timed out after ${(timeoutMs / 1000).toFixed(0)} s (hang?)` };
  if (r.exitCode !== 0) return { error: `worker exit ${r.exitCode}${r.signal ? ` (${r.signal})` : ''}: ${r.stderr.trimEnd().split('\n').slice(-3).join(' | ')}` };
  try {
    return { result: JSON.parse(r.stdout.trim().split('\n').pop()!) as WorkerResult };
  } catch {
    return { error: `worker printed no result: ${r.stdout.slice(0, 200)}` };
  }
}

/** Where two outputs first differ, for the mismatch report. */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}: python3 ${JSON.stringify(e[i] ?? '<end of output>')}, VM ${JSON.stringify(a[i] ?? '<end of output>')}`;
  }
  return 'outputs differ';
}

const emptyCell = (): Cell => ({ ms: NaN, runs: [] });
const record = (cell: Cell, ms: number, error?: string) => {
  if (Number.isFinite(ms)) {
    cell.runs.push(ms);
    cell.ms = Math.min(...cell.runs);
  } else if (error && !cell.error) cell.error = error;
};

const MODE_LABEL: Record<VmMode, string> = { tier1: 'tier-1 (--no-jit)', uop: 'uop interpreter', native: 'JIT (native)' };

async function benchOne(p: BenchProgram, opts: Options, dir: string, pypy: string | null, log: (s: string) => void): Promise<BenchResult> {
  const size = opts.quick ? p.quick : p.full;
  const file = writeProgram(p, size, dir);
  const result: BenchResult = {
    program: p, size, python: emptyCell(), pypy: pypy ? emptyCell() : null, tier1: emptyCell(), uop: emptyCell(), native: emptyCell(),
    wall: { python: emptyCell(), pypy: pypy ? emptyCell() : null, native: emptyCell() }, frontEndMs: Infinity, mismatches: [],
  };
  let expected: ProcessRun | null = null;
  const bestWall: Partial<Record<VmMode, number>> = {};
  const mismatch = (message: string) => {
    if (!result.mismatches.includes(message)) {
      result.mismatches.push(message);
      log(`\n!!! OUTPUT MISMATCH: ${p.name} (N=${size}): ${message}\n`);
    }
  };
  for (let run = 0; run < opts.runs; run++) {
    const py = await runPython('python3', file, opts.timeoutMs);
    record(result.python, py.ms, py.error);
    if (py.error) log(`!!! python3 failed on ${p.name}: ${py.error}`);
    else if (!expected) expected = py;
    if (pypy) {
      const pp = await runPython(pypy, file, opts.timeoutMs);
      record(result.pypy!, pp.ms, pp.error);
      if (pp.error) log(`  (pypy3 failed on ${p.name}: ${pp.error})`);
      else if (expected && pp.stdout !== expected.stdout) log(`  (note: pypy3's output differs from python3's on ${p.name}: ${firstDifference(expected.stdout, pp.stdout)})`);
    }
    // Whole processes as a user runs them (start-up included).
    for (const [cell, cmd, args] of [
      [result.wall.python, PYTHON3, [file]],
      ...(pypy ? [[result.wall.pypy!, pypy, [file]] as const] : []),
      [result.wall.native, LAUNCHER, ['run', file]],
    ] as const) {
      const w = await runWall(cmd, [...args], opts.timeoutMs);
      record(cell, w.ms, w.error);
      if (cmd === LAUNCHER && expected && !w.error && w.stdout !== expected.stdout) mismatch(`stencil-jit run: ${firstDifference(expected.stdout, w.stdout)}`);
    }
    for (const mode of ['tier1', 'uop', 'native'] as const) {
      const cell = mode === 'tier1' ? result.tier1 : mode === 'uop' ? result.uop : result.native;
      const { result: w, error } = await runVm(file, mode, opts.timeoutMs);
      if (!w) {
        record(cell, NaN, error);
        log(`!!! ${p.name} on ${MODE_LABEL[mode]} failed: ${error}`);
        continue;
      }
      const ms = w.times[0];
      result.frontEndMs = Math.min(result.frontEndMs, w.frontEndMs);
      if (expected) {
        if (w.stdout !== expected.stdout) mismatch(`${MODE_LABEL[mode]}: ${firstDifference(expected.stdout, w.stdout)}`);
        else if (w.exitCode !== 0) mismatch(`${MODE_LABEL[mode]}: exit code ${w.exitCode} (python3: 0): ${w.stderr.trimEnd().split('\n').pop()}`);
      }
      if (w.exitCode !== 0) {
        record(cell, NaN, `exit ${w.exitCode}: ${w.stderr.trimEnd().split('\n').pop()}`);
        continue;
      }
      record(cell, ms);
      if (bestWall[mode] === undefined || ms < bestWall[mode]!) {
        bestWall[mode] = ms;
        if (mode === 'native') result.nativeStats = w.jit;
        if (mode === 'uop') result.uopStats = w.jit;
      }
    }
  }
  return result;
}

// ------------------------------------------------------------------ start-up

async function startupRow(dir: string, pypy: string | null, timeoutMs: number): Promise<StartupResult> {
  const file = path.join(dir, 'hello.py');
  writeFileSync(file, 'print("hello, world")\n');
  const engines: [string, string, string[]][] = [
    ['python3', PYTHON3, [file]],
    ...(pypy ? [['pypy3', pypy, [file]] as [string, string, string[]]] : []),
    ['stencil-jit run', LAUNCHER, ['run', file]],
  ];
  await runWall(LAUNCHER, ['run', file], timeoutMs); // builds the run bundle if it is stale
  const times = new Map<string, number[]>(engines.map(([name]) => [name, []]));
  for (let i = 0; i < 10; i++) {
    for (const [name, cmd, args] of engines) {
      const r = await runWall(cmd, args, timeoutMs);
      if (Number.isFinite(r.ms)) times.get(name)!.push(r.ms);
    }
  }
  return { medians: engines.map(([name]) => [name, median(times.get(name)!)]) };
}

// ------------------------------------------------------------- trace churn

/** Issue 19's churn program as whole processes: the JIT, --no-jit and python3, interleaved, medians of `runs` (at least 5). */
async function churnRow(dir: string, runs: number, timeoutMs: number): Promise<StartupResult> {
  const file = path.join(dir, 'churn.py');
  writeFileSync(file, churnProgram());
  const engines: [string, string, string[]][] = [
    ['python3', PYTHON3, [file]],
    ['stencil-jit --no-jit', LAUNCHER, ['run', '--no-jit', file]],
    ['stencil-jit run', LAUNCHER, ['run', file]],
  ];
  const times = new Map<string, number[]>(engines.map(([name]) => [name, []]));
  let want: string | null = null;
  for (let i = 0; i < Math.max(5, runs); i++) {
    for (const [name, cmd, args] of engines) {
      const r = await runWall(cmd, args, timeoutMs);
      want ??= r.stdout;
      if (Number.isFinite(r.ms) && r.stdout === want) times.get(name)!.push(r.ms);
    }
  }
  return { medians: engines.map(([name]) => [name, median(times.get(name)!)]) };
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// -------------------------------------------------------------------- main

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const programs = PROGRAMS.filter((p) => !opts.only || opts.only.includes(p.name));
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const { exe: pypy, note: pypyNote } = ensurePypy(log);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-bench-'));
  try {
    console.log(`stencil-jit VM benchmarks on ${process.arch}-${process.platform}, node ${process.version}; ${pythonVersion('python3')}; ${pypy ? pythonVersion(pypy) : 'no pypy3'}`);
    console.log(`best of ${opts.runs} run(s), each in a fresh process, timed inside it (startup excluded); ${opts.quick ? 'quick' : 'full'} sizes; ms of wall time\n`);
    console.log(`0. Start-up: hello world as a whole process (median of 10, interleaved; python3 is ${PYTHON3})`);
    for (const line of startupLines(await startupRow(dir, pypy, opts.timeoutMs))) console.log(line);
    console.log('');
    console.log(`0b. Trace churn: ${CHURN_PAIRS} small function pairs called round-robin ${CHURN_ROUNDS} times (scripts/churn-program.ts), whole process (median, interleaved)`);
    for (const line of churnLines(await churnRow(dir, opts.runs, opts.timeoutMs))) console.log(line);
    console.log('');
    const results: BenchResult[] = [];
    for (const p of programs) {
      log(`bench: ${p.name} ...`);
      results.push(await benchOne(p, opts, dir, pypy, log));
    }
    console.log('1. VM benchmarks');
    for (const line of resultTable(results, pypyNote)) console.log(line);
    for (const r of results.filter((r) => r.mismatches.length)) {
      console.log(`\n!!! OUTPUT MISMATCH on ${r.program.name} (N=${r.size}):`);
      for (const m of r.mismatches) console.log(`!!!   ${m}`);
    }
    const failed = results.flatMap((r) => (['tier1', 'uop', 'native'] as const).filter((m) => r[m].error && !Number.isFinite(r[m].ms)).map((m) => `${r.program.name} on ${MODE_LABEL[m]}: ${r[m].error}`));
    for (const f of failed) console.log(`!!! FAILED: ${f}`);
    console.log('\nJIT statistics (fastest JIT run of each benchmark)');
    for (const r of results) for (const line of statsLines(r)) console.log(line);
    console.log('');

    if (opts.compile) {
      console.log('2. Compile benchmark (scripts/bench-compile.ts)\n');
      try {
        await runCompileBench();
      } catch (e) {
        console.log(`compile benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      console.log('');
    }

    console.log('3. What this shows');
    for (const line of footerLines(results)) console.log(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
