// The JIT's share of a run, bounded (issue 19's trace churn: 600 small
// function pairs each called a few dozen times compiled 4,200 traces that
// then ran 96 ms between them, and the compiling made the run 3x slower than
// tier-1 alone). A trace is charged from the start of its recording to the
// end of its compile. Recording, optimizing and compiling may take
// ALLOWANCE_MS outright, then SHARE of the run so far, or, when more, what
// the traces have saved so far: past that, a loop or function that turns hot
// waits POSTPONE times its threshold longer before it is recorded, and a hot
// exit waits for its next turn.
//
// Why the payback term: a flat share held back programs whose traces pay off
// (raytrace, 39 traces: "59,630 recordings put off" on a loaded machine, and
// 1.57 s of CPU against 1.00 s without the budget). A millisecond of work in
// a trace is work tier-1 would have needed about three for (traces run 3-10x
// faster than tier-1), so it saved PAYBACK milliseconds: compile time up to
// what the traces have saved is paid for. Work means time in a trace beyond
// TRIP_COST_MS per entry (entering and leaving cost that much and save
// nothing). The larger of the two terms, not their sum: a program whose traces
// barely run (the churn program: ~40 ms in traces, nearly all of it trips)
// gets the flat part and no more; the benchmarks pay back from their first
// traces and see no budget at all.
//
// The budget runs on the main thread's CPU time, not wall time: on a busy
// machine every compile takes longer in wall time while the flat allowance
// does not grow, and the budget held back programs it never touches on a
// quiet one. (Time in traces is wall time, scaled by the thread's share of
// the CPU.)
// Only with the default thresholds: a user's (or a test's) --threshold is taken
// as said.

import { threadCpuMs } from '../../jit/native.ts';

// 150 ms, not 50: with 50, raytrace (38 traces, 2-5 ms each to record and
// compile while V8 is cold) compiled 14-37 of them depending on timing and ran
// 656-1070 ms in-process; with 150 it compiles all 38 and runs 507-607 ms. The
// churn program is held back by hot-rate.ts before it reaches the budget.
const ALLOWANCE_MS = 150;
const SHARE = 0.02;
/** Milliseconds of tier-1 time one millisecond in a trace saves (at the least). */
const PAYBACK = 2;
/**
 * What one trip into a trace and back costs in wall time (the native call, the
 * exit's handling in TypeScript): time in a trace up to this much per entry
 * saved nothing. The churn program's traces run 2-10 µs an entry: without
 * this they looked as if they paid and it compiled 250-550 traces instead of ~150.
 */
export const TRIP_COST_MS = 0.01;
export const POSTPONE = 16;
/** How often (wall ms) the allowance is computed again once the flat part is spent (a thread CPU clock read is a system call, ~2 µs). */
const RECHECK_MS = 5;

export class JitBudget {
  private readonly start = threadCpuMs();
  private readonly startWall = performance.now();
  private checkedAt = -Infinity;
  private allowed = true;
  /** Milliseconds spent optimizing and compiling traces (recording runs the program's own bytecodes too: not counted). */
  spentMs = 0;
  /** Recordings put off because the budget was spent. */
  postponed = 0;

  /** `inTracesMs`: wall time traces ran so far beyond what entering them cost (what the compiling bought). */
  constructor(private readonly inTracesMs: () => number = () => 0) {}

  /** The clock charges are measured on (the main thread's CPU time, ms). */
  now(): number {
    return threadCpuMs();
  }

  charge(ms: number): void {
    this.spentMs += ms;
    this.checkedAt = -Infinity;
  }

  /** What optimizing and compiling may have taken by now. */
  allowanceMs(): number {
    const cpu = threadCpuMs() - this.start;
    // Time in traces is wall time: scaled by the share of the CPU this thread got, to compare with CPU time.
    const cpuShare = Math.min(1, cpu / Math.max(1, performance.now() - this.startWall));
    return Math.max(ALLOWANCE_MS + SHARE * cpu, PAYBACK * cpuShare * this.inTracesMs());
  }

  /** Whether a new trace may be recorded now; counts the ones put off. */
  allowsRecording(): boolean {
    // The cheap test first: most calls come before the flat allowance is spent.
    if (this.spentMs <= ALLOWANCE_MS) return true;
    const t = performance.now();
    if (t - this.checkedAt >= RECHECK_MS) {
      this.checkedAt = t;
      this.allowed = this.spentMs <= this.allowanceMs();
    }
    if (this.allowed) return true;
    this.postponed++;
    return false;
  }
}
