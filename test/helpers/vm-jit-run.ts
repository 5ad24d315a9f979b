// Test helpers for the tracing JIT: run a program with a TracingJit attached
// and summarise what the JIT did (traces compiled and entered, exits taken,
// side traces, linked exits, invalidations), sampled while the traces exist.
import { execa } from 'execa';
import { createJitRuntime } from '../../runtime/vm/tracing/vm-jit-runtime.ts';
import { runProgram, type RunOptions } from '../../runtime/vm/interpreter/run-program.ts';
import { TracingJit, type ExecutionMode, type TraceRecord, type TracingJitOptions } from '../../runtime/vm/tracing/tracing-jit.ts';
import type { RunResult } from '../vm-python.ts';

export const JIT_MODES: readonly ExecutionMode[] = ['native', 'uop-interpreter'];

export interface JitSummary {
  traces: number;
  roots: number;
  /** Function traces (from a hot function's entry). */
  functions: number;
  sides: number;
  /** Traces with a CALL_TOP (a recursive call of their function's trace). */
  recursive: number;
  /** Trace entries from tier-1 (one per onHotLoop that ran a trace, plus continuations). */
  entries: number;
  /** Exits taken, summed over every trace. */
  exits: number;
  /** Exits whose side-trace slot points at another trace (a side trace or a linked loop). */
  linkedExits: number;
  recordings: number;
  aborted: number;
  abortReasons: Record<string, number>;
  /** Traces ending in a stitch exit, by the bytecode they could not translate (trace-stitching.ts). */
  stitchReasons: Record<string, number>;
  /** Stitched trees dropped as slower than tier-1. */
  declined: number;
  invalidations: number;
  freedTraces: number;
  /** Largest liveTraces() seen at a hot-loop check (and after the last one). */
  maxLiveTraces: number;
  /** rt.memory.peakBytesInUse() at the end of the run (support code included). */
  peakCodeBytes: number;
  /** Code memory in use before the first trace (the linked support code). */
  supportCodeBytes: number;
  /** Allocation removal (optimizer/virtuals.ts): virtual instances made, materialized in traces and at exits. */
  virtuals: { made: number; materializedInTraces: number; materializedAtExits: number };
}

export interface JitRun extends RunResult {
  jit: TracingJit;
  summary: JitSummary;
}

/** A TracingJit that samples the number of live traces at every hot-loop check. */
class SampledJit extends TracingJit {
  maxLive = 0;
  readonly supportBytes = this.rt.memory.bytesInUse();

  sample(): void {
    this.maxLive = Math.max(this.maxLive, this.liveTraces());
  }

  override onHotLoop(frameAddr: number, pc: number, spAddr: number): boolean {
    this.sample();
    const reload = super.onHotLoop(frameAddr, pc, spAddr);
    this.sample();
    return reload;
  }

  override detach(): void {
    this.sample();
    super.detach();
  }
}

export function summarize(jit: TracingJit, maxLive = jit.liveTraces(), supportBytes = 0): JitSummary {
  const t = jit.allTraces;
  let exits = 0;
  let linked = 0;
  for (const r of t) {
    for (const n of r.exitCounts) exits += n;
    for (const s of r.sideTraces) if (s) linked++;
  }
  return {
    traces: t.length,
    roots: t.filter((r) => r.kind === 'root').length,
    functions: t.filter((r) => r.kind === 'function').length,
    sides: t.filter((r) => r.kind === 'side').length,
    recursive: t.filter((r) => r.compiled.instructions.some((i) => i.uop === 'CALL_TOP')).length,
    entries: t.reduce((n, r) => n + r.entries, 0),
    exits,
    linkedExits: linked,
    recordings: jit.recordings,
    aborted: jit.aborted,
    abortReasons: Object.fromEntries(jit.abortReasons),
    stitchReasons: Object.fromEntries(jit.stitchReasons),
    declined: jit.declined,
    invalidations: jit.invalidations,
    freedTraces: jit.freedTraces,
    maxLiveTraces: maxLive,
    peakCodeBytes: jit.rt.memory.peakBytesInUse(),
    supportCodeBytes: supportBytes,
    virtuals: jit.virtualCounts(),
  };
}

/** Runs a program in-process with a fresh TracingJit (disposed afterwards). */
export function runWithJit(
  source: string,
  filename: string,
  options: TracingJitOptions & { threshold?: number; codeMemoryBytes?: number } = {},
  extra: Partial<RunOptions> = {},
): JitRun {
  const { threshold = 2, codeMemoryBytes, ...jitOptions } = options;
  const jit = new SampledJit(jitOptions, codeMemoryBytes === undefined ? undefined : createJitRuntime({ codeMemoryBytes }));
  let stdout = '';
  let stderr = '';
  let summary: JitSummary | null = null;
  try {
    const code = runProgram(source, {
      filename,
      write: (t) => { stdout += t; },
      writeErr: (t) => { stderr += t; },
      jit,
      threshold,
      ...extra,
    });
    summary = summarize(jit, jit.maxLive, jit.supportBytes);
    return { stdout, stderr, code, jit, summary };
  } finally {
    jit.dispose();
  }
}

/** Traces grown from `t` (directly). */
export function sideTracesOf(jit: TracingJit, t: TraceRecord): TraceRecord[] {
  return jit.allTraces.filter((s) => s.parent === t);
}

/** A one-line description of what the JIT did, for assertion messages. */
export function describeJit(s: JitSummary): string {
  return JSON.stringify(s);
}

/**
 * python3 on a source through stdin, with a memory cap and a time limit so that a
 * pathological generated program fails (MemoryError, exit 124) instead of taking the machine.
 */
export async function runPythonLimited(source: string, memoryKiB = 2_000_000, seconds = 120): Promise<RunResult> {
  const r = await execa('bash', ['-c', `ulimit -v ${memoryKiB}; exec timeout ${seconds} python3 -`], { input: source, reject: false, stripFinalNewline: false });
  return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode ?? -1 };
}

/** How many instructions of every trace the run compiled are `uop`. */
export function uopCount(r: JitRun, uop: string): number {
  let n = 0;
  for (const t of r.jit.allTraces) for (const i of t.compiled.instructions) if (i.uop === uop) n++;
  return n;
}
