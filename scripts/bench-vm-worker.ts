// One benchmark program on the bundled VM in one mode, timed in-process (Node
// startup, module loading and JitRuntime construction excluded), run by
// scripts/bench.ts as a child process so that a hang or a crash in the VM or
// the JIT costs one cell of the table, not the whole benchmark run.
//
//   node --import tsx scripts/bench-vm-worker.ts <program.py> <tier1|uop|native> <runs>
//
// Prints one JSON line (WorkerResult) on stdout; the program's own output is
// captured, never printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileProgram } from '../runtime/vm/frontend/compiler.ts';
import { runProgram } from '../runtime/vm/interpreter/run-program.ts';
import { TracingJit } from '../runtime/vm/tracing/tracing-jit.ts';

export type VmMode = 'tier1' | 'uop' | 'native';

export interface TraceSummary {
  name: string;
  kind: 'root' | 'side' | 'function';
  uops: number;
  recordedUops: number;
  loopUops: number;
  peeled: boolean;
  recordedGuards: number;
  loopGuards: number;
  removedGuards: number;
  folded: number;
  entries: number;
  /** Exits taken, by reason, with where they go (only those taken). */
  exits: { count: number; reason: string; where: string; linked: boolean }[];
}

export interface JitSummary {
  traces: number;
  rootTraces: number;
  functionTraces: number;
  sideTraces: number;
  recordings: number;
  aborted: number;
  abortReasons: [string, number][];
  /** Traces ending in a stitch exit (tier-1 runs one bytecode for them), by that bytecode's reason. */
  stitchReasons: [string, number][];
  /** Stitched trees dropped as slower than tier-1. */
  declined: number;
  freed: number;
  invalidations: number;
  compileMs: number;
  /** Time inside traces (native code, or the C uop interpreter in 'uop' mode). */
  inTraceMs: number;
  entries: number;
  /** Exits that came back to TypeScript (linked exits that jump natively are not counted). */
  exitsTaken: number;
  recordedGuards: number;
  keptGuards: number;
  removedGuards: number;
  /** Allocation removal (optimizer/virtuals.ts): instances not allocated, and virtual instances materialized (in traces, at exits). */
  allocationsRemoved?: number;
  virtualsMaterialized?: number;
  perTrace: TraceSummary[];
}

export interface WorkerResult {
  mode: VmMode;
  /** Wall time of each run, ms (runProgram: compile + run). */
  times: number[];
  /** compileProgram (front end to bytecode) alone, ms, best of the runs. */
  frontEndMs: number;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Whether every run printed the same thing. */
  stableOutput: boolean;
  /** Of the fastest run. */
  jit?: JitSummary;
}

function summarize(jit: TracingJit, wallMs: number): JitSummary {
  void wallMs;
  const traces = jit.allTraces;
  const virtuals = jit.virtualCounts();
  const perTrace: TraceSummary[] = traces.map((t) => {
    const exits: TraceSummary['exits'] = [];
    t.exitCounts.forEach((n, i) => {
      if (n > 0) exits.push({ count: n, reason: t.exitReason[i], where: jit.exitName(t, i), linked: t.sideTraces[i] !== null });
    });
    const s = t.stats;
    return {
      name: jit.traceName(t), kind: t.kind, uops: t.compiled.instructions.length, recordedUops: s.recordedUops, loopUops: s.loopUops, peeled: s.peeled,
      recordedGuards: s.recordedGuards, loopGuards: s.loopGuards, removedGuards: s.removedGuards, folded: s.folded, entries: t.entries, exits,
    };
  });
  return {
    traces: traces.length,
    rootTraces: traces.filter((t) => t.kind === 'root').length,
    functionTraces: traces.filter((t) => t.kind === 'function').length,
    sideTraces: traces.filter((t) => t.kind === 'side').length,
    recordings: jit.recordings,
    aborted: jit.aborted,
    abortReasons: [...jit.abortReasons],
    stitchReasons: [...jit.stitchReasons],
    declined: jit.declined,
    freed: jit.freedTraces,
    invalidations: jit.invalidations,
    compileMs: traces.reduce((n, t) => n + t.compileNanos, 0) / 1e6,
    inTraceMs: jit.nativeNanos / 1e6,
    entries: traces.reduce((n, t) => n + t.entries, 0),
    exitsTaken: traces.reduce((n, t) => n + t.exitCounts.reduce((a, b) => a + b, 0), 0),
    recordedGuards: perTrace.reduce((n, t) => n + t.recordedGuards, 0),
    keptGuards: perTrace.reduce((n, t) => n + t.loopGuards, 0),
    removedGuards: perTrace.reduce((n, t) => n + t.removedGuards, 0),
    allocationsRemoved: virtuals.made - virtuals.materializedInTraces - virtuals.materializedAtExits,
    virtualsMaterialized: virtuals.materializedInTraces + virtuals.materializedAtExits,
    perTrace,
  };
}

export function runVmBench(file: string, mode: VmMode, runs: number): WorkerResult {
  const source = readFileSync(file, 'utf8');
  const filename = path.basename(file);
  const times: number[] = [];
  let frontEndMs = Infinity;
  let stdout: string | null = null;
  let stderr = '';
  let exitCode = 0;
  let stableOutput = true;
  let best: JitSummary | undefined;
  // One JitRuntime for all runs (its construction is setup, like Node startup); a fresh TracingJit per run.
  let runtime: TracingJit['rt'] | undefined;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    compileProgram(source);
    frontEndMs = Math.min(frontEndMs, performance.now() - t0);

    const jit = mode === 'tier1' ? null : new TracingJit({ mode: mode === 'uop' ? 'uop-interpreter' : 'native' }, runtime);
    runtime ??= jit?.rt;
    const out: string[] = [];
    const err: string[] = [];
    let summary: JitSummary | undefined;
    const started = performance.now();
    const code = runProgram(source, {
      filename,
      write: (t) => { out.push(t); },
      writeErr: (t) => { err.push(t); },
      jit: jit ?? undefined,
      inspect: () => {
        if (jit) summary = summarize(jit, performance.now() - started);
      },
    });
    const ms = performance.now() - started;
    if (times.length === 0 || ms < Math.min(...times)) best = summary;
    times.push(ms);
    const text = out.join('');
    if (stdout === null) {
      stdout = text;
      stderr = err.join('');
      exitCode = code;
    } else if (text !== stdout || code !== exitCode) stableOutput = false;
  }
  runtime?.dispose();
  return { mode, times, frontEndMs, exitCode, stdout: stdout ?? '', stderr, stableOutput, jit: best };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [file, mode, runs] = process.argv.slice(2);
  if (!file || !['tier1', 'uop', 'native'].includes(mode)) {
    process.stderr.write('usage: bench-vm-worker.ts <program.py> <tier1|uop|native> [runs]\n');
    process.exit(2);
  }
  const result = runVmBench(file, mode as VmMode, Math.max(1, Number(runs) || 1));
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}
