// One fuzzing process (scripts/fuzz/main.ts starts one per core). For each
// batch it is sent: generate the batch's programs, run them on python3 and
// in-process on the VM in the chosen mode, and compare. A batch that differs
// (or that killed or hung an earlier worker: `investigate`) is analysed with
// the `stencil-jit run` command as a subprocess, so a crash or a hang is seen
// as one: the first diverging program is cut out of the batch and minimised.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProgram } from '../../runtime/vm/interpreter/run-program.ts';
import { TracingJit } from '../../runtime/vm/tracing/tracing-jit.ts';
import { generateBatch, sections, type GeneratorOptions } from '../../test/helpers/vm-fuzz-generator.ts';
import { minimise } from './minimise.ts';
import { type BatchResult, type Divergence, type FuzzConfig, type Outcome, type WorkerRequest, MODE_FLAGS, lastLine } from './protocol.ts';

const config = JSON.parse(process.env.STENCIL_JIT_FUZZ_CONFIG ?? 'null') as FuzzConfig;
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'scripts/stencil-jit');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-fuzz-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

/** The generator options of batch `b` (every fourth batch of a JIT mode builds strings too). */
export function generatorOptions(mode: FuzzConfig['mode'], b: number): GeneratorOptions {
  // Half the batches in objects mode (classes, special methods, dicts, sets,
  // exceptions, closures, generators), a quarter with strings: the whole language.
  const objects = b % 2 === 1;
  if (mode === 'tier1') return { objects };
  return { loopScale: 2, calls: 2, recursion: true, strings: b % 4 === 2, objects };
}

function batchSource(b: number): { source: string; first: number; count: number } {
  const first = b * config.batch;
  const count = Math.min(config.batch, config.count - first);
  return { source: generateBatch(config.seed + b, first, count, generatorOptions(config.mode, b)), first, count };
}

function runPython(source: string): Outcome {
  const file = path.join(scratch, `py-${process.pid}.py`);
  fs.writeFileSync(file, source);
  const r = spawnSync('bash', ['-c', `ulimit -v 2000000; exec "$0" "$1"`, config.python, file], {
    encoding: 'utf8', timeout: config.timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PYTHONUNBUFFERED: '' },
  });
  return outcome(r);
}

function runCli(source: string): Outcome {
  const file = path.join(scratch, `vm-${process.pid}.py`);
  fs.writeFileSync(file, source);
  const r = spawnSync(CLI, ['run', ...MODE_FLAGS[config.mode], file], {
    encoding: 'utf8', timeout: config.timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PYTHONUNBUFFERED: '' },
  });
  return outcome(r);
}

function outcome(r: ReturnType<typeof spawnSync>): Outcome {
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { stdout, stderrLast: lastLine(stderr), code: -1, note: 'timed out' };
  if (r.signal) return { stdout, stderrLast: lastLine(stderr), code: -1, note: `killed by ${r.signal}` };
  return { stdout, stderrLast: lastLine(stderr), code: r.status ?? -1 };
}

function runInProcess(source: string): Outcome {
  let stdout = '';
  let stderr = '';
  const jit = config.mode === 'tier1' ? null : new TracingJit({ mode: config.mode === 'uop-interpreter' ? 'uop-interpreter' : 'native', sideExitThreshold: 2 });
  try {
    const code = runProgram(source, {
      filename: 'batch.py',
      write: (t) => { stdout += t; },
      writeErr: (t) => { stderr += t; },
      jit: jit ?? undefined,
      threshold: 2,
    });
    return { stdout, stderrLast: lastLine(stderr), code };
  } catch (e) {
    return { stdout, stderrLast: lastLine(stderr), code: -1, note: `internal error: ${(e as Error).message}` };
  } finally {
    jit?.dispose();
  }
}

const same = (a: Outcome, b: Outcome) => a.stdout === b.stdout && a.stderrLast === b.stderrLast && a.code === b.code && a.note === b.note;

/** The definition of `prog_k` (and its helper) and the lines that call it, cut out of a batch. */
function standaloneProgram(source: string, name: string): { alone: string; prefix: string } | null {
  const marker = `print("== ${name}")\n`;
  const at = source.indexOf(marker);
  if (at < 0) return null;
  const callsEnd = source.slice(at + marker.length).match(new RegExp(`^(?:${name}\\(\\)\\n)*`))![0];
  const end = at + marker.length + callsEnd.length;
  // The program starts after the previous program's marker and calls.
  const before = source.slice(0, at);
  const previous = [...before.matchAll(/^print\("== prog_\d+"\)\n(?:prog_\d+\(\)\n)*/gm)].pop();
  const start = previous ? previous.index! + previous[0].length : before.indexOf('\n') + 1;
  const header = source.slice(0, source.indexOf('\n') + 1);
  return { alone: header + source.slice(start, at) + marker + callsEnd, prefix: source.slice(0, end) };
}

/** The first program whose output section differs (the last one started, when the VM stopped early). */
function firstDiverging(source: string, py: Outcome, vm: Outcome): string | null {
  const want = sections(py.stdout);
  const got = sections(vm.stdout);
  for (const [name, text] of want) {
    if (name === '') continue;
    if (got.get(name) !== text) return name;
  }
  const started = [...got.keys()].filter((n) => n !== '');
  return started.length > 0 ? started[started.length - 1] : (source.match(/^def (prog_\d+)\(/m)?.[1] ?? null);
}

function analyse(b: number, reason: string): Divergence {
  const { source, first } = batchSource(b);
  const py = runPython(source);
  const vm = runCli(source);
  const name = firstDiverging(source, py, vm);
  const base: Divergence = { batch: b, seed: config.seed + b, program: name ?? `batch ${b}`, reason, expected: py, got: vm, original: source, minimised: null, tests: 0, note: '' };
  if (same(py, vm)) return { ...base, note: 'the batch agrees when run by the CLI (in-process only: state left by the fuzzer, or a threshold difference)' };
  const interesting = (candidate: string): boolean => {
    const p = runPython(candidate);
    if (p.code !== 0 || p.note) return false;
    return !same(p, runCli(candidate));
  };
  const cut = name ? standaloneProgram(source, name) : null;
  for (const [label, candidate] of cut ? [['the program alone', cut.alone], ['the batch up to it', cut.prefix]] as const : []) {
    if (!interesting(candidate)) continue;
    const m = minimise(candidate, interesting, config.maxTests);
    const expected = runPython(m.source);
    const got = runCli(m.source);
    return { ...base, original: candidate, minimised: m.source, tests: m.tests, expected, got, note: `${label}, ${m.linesBefore} -> ${m.linesAfter} lines in ${m.tests} runs (first program of batch: prog_${first})` };
  }
  return { ...base, note: 'no smaller program reproduces it: the whole batch is saved' };
}

function runBatch(b: number): BatchResult {
  const t0 = performance.now();
  const { source, count } = batchSource(b);
  const py = runPython(source);
  const vm = runInProcess(source);
  const divergences: Divergence[] = [];
  if (py.note) divergences.push({ batch: b, seed: config.seed + b, program: `batch ${b}`, reason: `python3 ${py.note}`, expected: py, got: vm, original: source, minimised: null, tests: 0, note: 'the reference failed: the generator made a program python3 cannot run in time' });
  else if (!same(py, vm)) divergences.push(analyse(b, vm.note ?? (vm.code !== py.code ? `exit status ${vm.code}, python3 ${py.code}` : 'output differs')));
  return { batch: b, programs: count, divergences, ms: performance.now() - t0 };
}

process.on('message', (msg: WorkerRequest) => {
  const result = msg.kind === 'run' ? runBatch(msg.batch) : { batch: msg.batch, programs: 0, divergences: [analyse(msg.batch, msg.reason)], ms: 0 };
  process.send!(result);
});
process.send!({ ready: true });
