// Priming tier-1's JIT paths (issue 19's churn: the JIT's fixed cost). V8
// optimizes the interpreter's dispatch function (one function of 12 KB of
// bytecode) early in a run; a branch that first runs later (a loop or
// function turning hot, and the reload of the frame after the JIT ran) has
// no type feedback then, so V8 throws the optimized code away on its first
// use and compiles the whole function again: 100-300 ms of CPU each time.
// The churn program's functions turn hot late (each is called a few dozen
// times), so the JIT cost it two or three such recompiles that --no-jit
// never pays. Priming takes each hot path once at the start of the run, with
// a reload that changes nothing, so their feedback exists before V8
// optimizes; the counters then start from zero as if nothing happened.
// Only with the default thresholds: a user's (or a test's) --threshold keeps
// its exact meaning.
import type { Interpreter } from '../interpreter/interpreter.ts';

export class HookPriming {
  private loopPending = false;
  private functionPending = false;

  /** Makes the first back-edge and the first call of the run take the hot paths. */
  arm(interp: Interpreter): void {
    this.loopPending = this.functionPending = true;
    const hot = interp.threshold - 1;
    for (const c of interp.counters) c.fill(hot);
    interp.callCounters.fill(hot);
  }

  /**
   * True (once) for the priming hit of a loop: the caller returns true, a reload
   * of the state tier-1 just wrote (frame, stack pointer and the loop head's pc).
   */
  primeLoop(interp: Interpreter): boolean {
    if (!this.loopPending) return false;
    this.loopPending = false;
    for (const c of interp.counters) c.fill(0);
    return true;
  }

  /** As primeLoop, for the first call: the callee's new frame at pc 0. */
  primeFunction(interp: Interpreter): boolean {
    if (!this.functionPending) return false;
    this.functionPending = false;
    interp.callCounters.fill(0);
    return true;
  }
}
