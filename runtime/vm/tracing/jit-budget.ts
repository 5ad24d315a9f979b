// The JIT's share of a run, bounded (issue 19's trace churn: 600 small
// function pairs each called a few dozen times compiled 4,200 traces that
// then ran 96 ms between them, and the compiling made the run 3x slower than
// tier-1 alone). Optimizing and compiling traces may take ALLOWANCE_MS outright, then SHARE of the
// run so far; past that, a loop or function that turns hot waits POSTPONE
// times its threshold longer before it is recorded, and a hot exit waits for
// its next turn. A program whose hot code is small compiles well
// within the allowance and never sees the budget; a program that keeps
// meeting new hot code gets traces for what stays hot as the run goes on.
// Only with the default thresholds: a user's (or a test's) --threshold is taken
// as said.

const ALLOWANCE_MS = 50;
const SHARE = 0.05;
export const POSTPONE = 16;

export class JitBudget {
  private readonly start = performance.now();
  /** Milliseconds spent optimizing and compiling traces (recording runs the program's own bytecodes too: not counted). */
  spentMs = 0;
  /** Recordings put off because the budget was spent. */
  postponed = 0;

  charge(ms: number): void {
    this.spentMs += ms;
  }

  /** Whether a new trace may be recorded now; counts the ones put off. */
  allowsRecording(): boolean {
    if (this.spentMs <= ALLOWANCE_MS + SHARE * (performance.now() - this.start)) return true;
    this.postponed++;
    return false;
  }
}
