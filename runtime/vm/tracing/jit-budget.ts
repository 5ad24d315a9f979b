// The JIT's share of a run, bounded (issue 19's trace churn: 600 small
// function pairs each called a few dozen times compiled 4,200 traces that
// then ran 96 ms between them, and the compiling made the run 3x slower than
// tier-1 alone). Optimizing and compiling traces may take ALLOWANCE_MS outright, then SHARE of the
// run so far, or, when more, the time the traces have saved so far: past that,
// a loop or function that turns hot waits POSTPONE times its threshold longer
// before it is recorded, and a hot exit waits for its next turn.
//
// Why the payback term: a flat share held back programs whose traces pay off
// (raytrace, 39 traces: "59,630 recordings put off" on a loaded machine, and
// 1.57 s of CPU against 1.00 s without the budget). A millisecond in a trace
// is work tier-1 would have needed about three for (traces run 3-10x faster
// than tier-1), so it saved PAYBACK milliseconds: compile time up to what the
// traces have saved is paid for. The larger of the two terms, not their sum:
// a program whose traces barely run (the churn program: 25 ms in traces
// against 130 ms compiling) gets the flat share and no more.
// Compiling and the run are measured in the main thread's CPU time, not wall
// time: on a busy machine every compile takes longer in wall time while the
// flat allowance does not grow, and the budget held back programs it never
// touches on a quiet one.
// Only with the default thresholds: a user's (or a test's) --threshold is taken
// as said.

import { threadCpuMs } from '../../jit/native.ts';

const ALLOWANCE_MS = 25;
const SHARE = 0.03;
/** Milliseconds of tier-1 time one millisecond in a trace saves (at the least). */
const PAYBACK = 2;
export const POSTPONE = 16;
/** How often (wall ms) the allowance is computed again once the flat part is spent (a thread CPU clock read is a system call, ~2 µs). */
const RECHECK_MS = 5;

export class JitBudget {
  private readonly start = threadCpuMs();
  private checkedAt = -Infinity;
  private allowed = true;
  /** Milliseconds spent optimizing and compiling traces (recording runs the program's own bytecodes too: not counted). */
  spentMs = 0;
  /** Recordings put off because the budget was spent. */
  postponed = 0;

  /** `inTracesMs`: time spent running traces so far (what the compiling bought). */
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
    return Math.max(ALLOWANCE_MS + SHARE * (threadCpuMs() - this.start), PAYBACK * this.inTracesMs());
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
