// Issue 19's trace churn: the JIT's fixed costs kept off a program whose hot
// code is wide and thin (600 small function pairs called round-robin,
// scripts/churn-program.ts) by hot-rate.ts: a loop or function is recorded
// when it reaches the threshold within a short time of the main thread's CPU
// (twice, after the start), not whenever its count since the start does
// (default thresholds only). Checked as a mechanism, counted in --jit-stats,
// not as a timing (that is `npm run bench`'s churn row).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/repo-copy.ts';
import { churnProgram } from '../scripts/churn-program.ts';
import { HOT_WINDOW_MS, HotRate } from '../runtime/vm/tracing/hot-rate.ts';
import type { JitStats } from '../runtime/vm/tracing/jit-stats.ts';

const CLI = path.join(ROOT, 'scripts/stencil-jit');

describe('HotRate (hot-rate.ts)', () => {
  it('records a site that reaches the threshold twice within the window, and counts again one that does not', () => {
    let now = 1000;
    const rate = new HotRate(() => now);
    rate.start();
    // Hot from the start: recorded at once.
    now += HOT_WINDOW_MS / 2;
    expect(rate.isHot(1)).toBe(true);
    // Later, the first time only starts the window.
    now += 10 * HOT_WINDOW_MS;
    expect(rate.isHot(7)).toBe(false);
    now += HOT_WINDOW_MS / 2;
    expect(rate.isHot(7)).toBe(true);
    // A slow site: each time starts a new window, and is counted.
    expect(rate.isHot(-3)).toBe(false);
    now += 3 * HOT_WINDOW_MS;
    expect(rate.isHot(-3)).toBe(false);
    now += 3 * HOT_WINDOW_MS;
    expect(rate.isHot(-3)).toBe(false);
    expect(rate.slow).toBe(4);
    // It turns hot later: recorded then.
    now += 1;
    expect(rate.isHot(-3)).toBe(true);
    // Sites are independent; a recorded site that comes back (evicted, put off) waits a window again.
    expect(rate.isHot(7)).toBe(false);
  });
});

describe('the churn program (issue 19) with the JIT', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-churn-'));
  const run = (args: string[]) => spawnSync(args[0], args.slice(1), { cwd: dir, encoding: 'utf8', timeout: 120_000 });

  it('records none of the 1,800 loops and functions that turn hot only over the whole run (default thresholds)', () => {
    fs.writeFileSync(path.join(dir, 'churn.py'), churnProgram(600, 60));
    const want = run(['python3', 'churn.py']);
    const got = run([CLI, 'run', '--jit-stats=json:churn.json', 'churn.py']);
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(want.stdout);
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'churn.json'), 'utf8')) as JitStats;
    // Before: the compile budget's 50 ms bought ~70-150 traces of `g`'s 2-iteration loop, entered ~10,000
    // times between them. Now: the module loop's (its callee changes on every call: invalidated, then left
    // to tier-1) and a few of the sites that turn hot in a moment: 9-41 traces in six runs on a loaded
    // 2-core machine (the window is CPU time, read every few ms), against 1,800 sites.
    expect(s.traces.compiled).toBeLessThan(60);
    expect(s.slowToHeat).toBeGreaterThan(1000);
  });

  it('records every loop as it reaches an explicit --threshold, however slowly', () => {
    fs.writeFileSync(path.join(dir, 'pairs.py'), churnProgram(100, 60));
    const want = run(['python3', 'pairs.py']);
    const got = run([CLI, 'run', '--threshold', '56', '--jit-stats=json:pairs.json', 'pairs.py']);
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(want.stdout);
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'pairs.json'), 'utf8')) as JitStats;
    expect(s.slowToHeat).toBe(0);
    // Each g's loop and each f's: 200 loop trees, as before.
    expect(s.traces.loop).toBeGreaterThanOrEqual(200);
  });
});
