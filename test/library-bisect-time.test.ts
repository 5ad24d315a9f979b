// bisect against python3 (with lo/hi, hi=-1, key), and the time module's
// clocks and sleep checked against themselves and python3's error messages.
import { describe, expect, it } from 'vitest';
import { bisectLeft, bisectRight, insortLeft, insortRight } from '../runtime/vm/library/bisect.ts';
import * as T from '../runtime/vm/library/time.ts';
import { describeDifferences, differences, rng, sampleCount } from './helpers/python-oracle.ts';

const random = rng(555);

describe('bisect against python3', () => {
  it('bisect_left/right and insort_left/right with lo, hi and key', () => {
    const code = `
import bisect
def run(name, a, x, lo, hi, neg):
    key = (lambda v: -v) if neg else None
    if name.startswith('insort'):
        a = list(a)
        getattr(bisect, name)(a, x, lo, hi, key=key)
        return a
    return getattr(bisect, name)(a, -x if neg else x, lo, hi, key=key)`;
    const cases: unknown[][] = [];
    for (let i = 0; i < sampleCount(1500); i++) {
      const neg = random() < 0.3;
      const a = Array.from({ length: Math.floor(random() * 12) }, () => BigInt(Math.floor(random() * 10))).sort((p, q) => neg ? Number(q - p) : Number(p - q));
      const name = ['bisect_left', 'bisect_right', 'insort_left', 'insort_right'][Math.floor(random() * 4)];
      const lo = BigInt(random() < 0.7 ? 0 : Math.floor(random() * 8) - 1);
      const hi = random() < 0.5 ? null : BigInt(Math.floor(random() * 14) - 2);
      cases.push([name, a, BigInt(Math.floor(random() * 11) - 1), lo, hi, neg]);
    }
    const lt = (p: bigint, q: bigint) => p < q;
    const d = differences(code, cases, (name: string, a: bigint[], x: bigint, lo: bigint, hi: bigint | null, neg: boolean) => {
      const key = neg ? (v: bigint) => -v : null;
      const h = hi === null ? null : Number(hi);
      if (name === 'insort_left' || name === 'insort_right') {
        const copy = [...a];
        (name === 'insort_left' ? insortLeft : insortRight)(copy, x, lt, Number(lo), h, key);
        return copy;
      }
      return BigInt((name === 'bisect_left' ? bisectLeft : bisectRight)(a, neg ? -x : x, lt, Number(lo), h, key));
    });
    expect(describeDifferences(d)).toBe('');
  });
});

describe('time', () => {
  it('clocks agree with each other and sleep waits', () => {
    const t0 = T.time();
    expect(Math.abs(t0 - Date.now() / 1000)).toBeLessThan(0.05);
    expect(Math.abs(Number(T.timeNs()) / 1e9 - t0)).toBeLessThan(0.05);
    const p0 = T.perfCounter();
    const n0 = T.perfCounterNs();
    T.sleep(0.05);
    const slept = T.perfCounter() - p0;
    expect(slept).toBeGreaterThanOrEqual(0.049);
    expect(slept).toBeLessThan(1);
    expect(Number(T.perfCounterNs() - n0)).toBeGreaterThanOrEqual(49e6);
    expect(T.monotonic()).toBeGreaterThanOrEqual(p0);
    expect(T.processTime()).toBeGreaterThan(0);
  });
  it('sleep errors as python3 words them', () => {
    const code = 'import time\ndef run(x): return time.sleep(x)';
    const d = differences(code, [[-1.0], [NaN], [-1n], [1e300], [-1e300], [1e10], [Infinity], [10n ** 10n], [-(10n ** 30n)]], (x: number | bigint) => { T.sleep(x); return null; });
    expect(describeDifferences(d)).toBe('');
  });
});
