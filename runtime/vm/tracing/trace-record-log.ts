// The trace records the reports read (allTraces) stay bounded: a program that
// frees trees again and again (trace churn, issue 19) would otherwise keep
// the record of every trace ever compiled, with its uops and exit tables.
// Live traces are always kept; of the freed ones, the most recent `keepFreed`
// are kept for the reports, the older ones folded into totals.

/** What the reports still count of records no longer kept. */
export interface ForgottenTraces {
  count: number;
  root: number;
  function: number;
  side: number;
  compileNanos: number;
}

export function noForgottenTraces(): ForgottenTraces {
  return { count: 0, root: 0, function: 0, side: 0, compileNanos: 0 };
}

interface Forgettable {
  kind: 'root' | 'function' | 'side';
  compileNanos: number;
  compiled: { freed: boolean };
}

/**
 * Drops the oldest freed records from `all` (in place) once more than
 * 2 * keepFreed of them are kept, down to keepFreed: amortised O(1) per free.
 */
export function forgetOldFreed<T extends Forgettable>(all: T[], freedKept: number, keepFreed: number, forgotten: ForgottenTraces): number {
  if (freedKept <= 2 * keepFreed) return freedKept;
  let drop = freedKept - keepFreed;
  let w = 0;
  for (const t of all) {
    if (drop > 0 && t.compiled.freed) {
      drop--;
      forgotten.count++;
      forgotten[t.kind]++;
      forgotten.compileNanos += t.compileNanos;
      continue;
    }
    all[w++] = t;
  }
  all.length = w;
  return keepFreed;
}
