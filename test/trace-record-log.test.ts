// The trace records kept for the reports are bounded (trace-record-log.ts):
// live records always stay, the oldest freed ones are folded into totals.
import { describe, expect, it } from 'vitest';
import { forgetOldFreed, noForgottenTraces } from '../runtime/vm/tracing/trace-record-log.ts';

type Rec = { id: number; kind: 'root' | 'function' | 'side'; compileNanos: number; compiled: { freed: boolean } };

describe('bounded trace records', () => {
  it('keeps every live record and the most recent freed ones; totals stay exact', () => {
    const all: Rec[] = [];
    const forgotten = noForgottenTraces();
    let freedKept = 0;
    const kinds = ['root', 'function', 'side'] as const;
    let compiled = 0;
    let nanos = 0;
    let maxKept = 0;
    // A churning program: compile 3 traces, free the 3 oldest live ones, 20,000 times; a few stay live.
    for (let round = 0; round < 20_000; round++) {
      for (let k = 0; k < 3; k++) {
        all.push({ id: compiled, kind: kinds[k], compileNanos: 10 + k, compiled: { freed: false } });
        compiled++;
        nanos += 10 + k;
      }
      const live = all.filter((t) => !t.compiled.freed);
      if (live.length > 30) {
        const doomed = live.slice(0, 3);
        for (const t of doomed) t.compiled.freed = true;
        freedKept = forgetOldFreed(all, freedKept + doomed.length, 100, forgotten);
      }
      maxKept = Math.max(maxKept, all.length);
    }
    expect(maxKept).toBeLessThanOrEqual(30 + 3 + 2 * 100 + 3);
    expect(all.length + forgotten.count).toBe(compiled);
    expect(all.reduce((n, t) => n + t.compileNanos, forgotten.compileNanos)).toBe(nanos);
    expect(forgotten.root + forgotten.function + forgotten.side).toBe(forgotten.count);
    // The live ones are all there; the freed ones kept are the newest.
    expect(all.filter((t) => !t.compiled.freed).length).toBeGreaterThanOrEqual(30);
    const freed = all.filter((t) => t.compiled.freed).map((t) => t.id);
    expect(freed.length).toBeGreaterThanOrEqual(100);
    expect(Math.min(...freed)).toBeGreaterThan(compiled - 30 - 3 * 2 * 100 - 6);
  });

  it('keeps everything while few traces are freed', () => {
    const all: Rec[] = Array.from({ length: 50 }, (_, id) => ({ id, kind: 'root', compileNanos: 1, compiled: { freed: id < 40 } }));
    const forgotten = noForgottenTraces();
    expect(forgetOldFreed(all, 40, 100, forgotten)).toBe(40);
    expect(all.length).toBe(50);
    expect(forgotten.count).toBe(0);
  });
});
