// Hot means often in a short time, not often since the program started
// (issue 19's trace churn). A loop's back-edge counter or a function's call
// counter that reaches the threshold makes the site hot, and recorded, when
// its count began within HOT_WINDOW_MS of the main thread's CPU time; the
// first count of every site begins with the program (a loop hot from the
// start is recorded at the threshold, as without this policy), each later
// one when the previous count ended too slowly. (HotSpot decays its counters
// for the same reason.) A trace costs about half a millisecond to record,
// optimize and compile and saves a fraction of a microsecond per bytecode: a
// loop or function that does not reach the threshold (56) within 20 ms runs
// fewer than ~2,800 back-edges or calls a second and would need seconds to
// repay its trace. The churn program's 1,800 loops and functions (600 pairs
// called round-robin) each reach 56 in 60-120 ms and no longer get a trace
// each (the compile budget, then 50 ms, went on the first ~70 of them, entered
// ~10,000 times for ~2 iterations each, and V8 then optimized the recorder,
// optimizer and compiler too: ~130 ms of CPU on its helper threads); a
// benchmark's loops reach it in microseconds. Only with the default
// thresholds: a user's (or a test's) --threshold is taken as said.

import { threadCpuMs } from '../../jit/native.ts';

/** A site is recorded when its count reaches the threshold within this much of the main thread's CPU time (ms) from its start. */
export const HOT_WINDOW_MS = 20;
/** How often (wall ms) the thread's CPU clock is read (a system call, ~2 us); in between, wall time is added to the last reading. */
const CLOCK_READ_MS = 4;

/**
 * The main thread's CPU time, cheaply: on a busy machine wall time runs on
 * while the thread waits for a CPU, and a site hot in CPU time would look slow.
 * Between readings wall time stands in for it (at most CLOCK_READ_MS of it).
 */
export class CheapThreadClock {
  private wallAt = -Infinity;
  private cpuAt = 0;

  now(): number {
    const wall = performance.now();
    if (wall - this.wallAt >= CLOCK_READ_MS) {
      this.wallAt = wall;
      this.cpuAt = threadCpuMs();
      return this.cpuAt;
    }
    return this.cpuAt + (wall - this.wallAt);
  }
}

export class HotRate {
  /** When each site's current count began (clock ms), from the first time it reached the threshold. */
  private readonly started = new Map<number, number>();
  /** Times a site reached the threshold too slowly and started counting again (--jit-stats). */
  slow = 0;

  /** When the program started (clock ms): every site's first count began then. */
  private origin: number;

  /** `clock`: ms of the main thread's CPU time (tests give their own). */
  constructor(private readonly clock: () => number = (() => {
    const c = new CheapThreadClock();
    return () => c.now();
  })()) {
    this.origin = clock();
  }

  /** The program starts now (its front end has run). */
  start(): void {
    this.origin = this.clock();
  }

  /**
   * At a site's counter reaching the threshold: true when its count began within
   * the window (record it); false when the count starts over now (tier-1 reset it).
   */
  isHot(site: number, now = this.clock()): boolean {
    // A site's first count began when the program did: code hot from the start is recorded at once.
    const t0 = this.started.get(site) ?? this.origin;
    if (now - t0 <= HOT_WINDOW_MS) {
      this.started.delete(site);
      return true;
    }
    this.slow++;
    this.started.set(site, now);
    return false;
  }
}
