// --jit-stats counters and --jit-stats=json: the JSON document agrees with the
// text report and with what the program is known to do (a branch taken on every
// tenth iteration exits the trace about that often; builtin str aborts recordings).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JitStats } from '../runtime/vm/tracing/jit-stats.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'scripts/stencil-jit');
const PROGRAM = `def f(n):
    hits = 0
    i = 0
    while i < n:
        if i % 10 == 0:
            hits = hits + 1
        i = i + 1
    return hits

print(f(1000))
out = []
j = 0
while j < 3000:
    out.append(str(j))
    j = j + 1
print(len(out))
`;
let dir = '';
const run = (...args: string[]) => spawnSync(CLI, ['run', ...args], { cwd: dir, encoding: 'utf8' });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-stats-'));
  fs.writeFileSync(path.join(dir, 'prog.py'), PROGRAM);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--jit-stats=json', () => {
  it('writes one JSON document with the counters, consistent with the program and the text report', () => {
    const python = spawnSync('python3', ['prog.py'], { cwd: dir, encoding: 'utf8' }).stdout;
    const r = run('--jit-stats=json', '--side-threshold', '100000', 'prog.py');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(python);
    const s = JSON.parse(r.stderr.trim().split('\n').pop()!) as JitStats;
    expect(s.version).toBe(1);
    expect(s.traces.compiled).toBe(s.perTrace.length);
    expect(s.sideTracesFormed).toBe(0);
    // Whatever stops recordings (none, once the JIT covers everything), the
    // reasons add up to the count and the text report names each of them.
    expect(s.recordings.aborted).toBe(Object.values(s.recordings.abortedByReason).reduce((a, b) => a + b, 0));
    const t = s.perTrace.find((p) => p.function === 'f' && p.kind === 'root')!;
    expect(t.live).toBe(true);
    // hits = hits + 1 runs for i = 0, 10, ..., 990; the trace is entered after the threshold, so most of those 100 leave it.
    const branch = t.exits.find((e) => /line 6/.test(e.where))!;
    expect(branch.count).toBeGreaterThan(80);
    expect(branch.count).toBeLessThanOrEqual(100);
    expect(branch.perSecond).toBeCloseTo(branch.count / (s.wallMs / 1000), 6);
    expect(t.exitsTaken).toBe(t.exits.reduce((n, e) => n + e.count, 0));
    expect(s.codeBytesLive).toBe(s.perTrace.filter((p) => p.live).reduce((n, p) => n + p.codeBytes, 0));
    expect(s.memoryHeldBytes % 4096).toBe(0);
    expect(s.memoryHeldBytes).toBeGreaterThanOrEqual(s.codeBytesLive);
    // The program makes no instances: nothing to remove, and the counts agree.
    expect(s.allocationsRemoved).toBe(s.virtuals.made - s.virtuals.materializedInTraces - s.virtuals.materializedAtExits);
    expect(s.allocationsRemoved).toBe(0);
    expect(s.inTracesMs).toBeGreaterThan(0);
    expect(s.inTracesMs + s.compileMs).toBeLessThanOrEqual(s.wallMs);

    const text = run('--jit-stats', '--side-threshold', '100000', 'prog.py');
    expect(text.stderr).toMatch(new RegExp(`^recordings: ${s.recordings.started}, aborted: ${s.recordings.aborted}, cancelled \\(the loop ended before it came round\\): ${s.recordings.cancelled}$`, 'm'));
    for (const [why, n] of Object.entries(s.recordings.abortedByReason)) expect(text.stderr).toContain(`  abort: ${why} x${n}`);
    expect(text.stderr).toMatch(new RegExp(`^side traces formed: 0, code bytes live: ${s.codeBytesLive} in ${s.traces.liveAtEnd} traces, memory held by traces: ${s.memoryHeldBytes} bytes`, 'm'));
    expect(text.stderr).toMatch(/^root trace \d+ \(f, loop at line 4\): .*, exits \d+x \([\d.]+\/s\)$/m);
  });

  it('json:FILE writes the file; bad values are one line and exit 2', () => {
    const r = run('--jit-stats=json:stats.json', 'prog.py');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'stats.json'), 'utf8')) as JitStats).perTrace.length).toBeGreaterThan(0);
    const bad = run('--jit-stats=xml', 'prog.py');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^stencil-jit: --jit-stats= takes json or json:FILE, not 'xml'; usage: .*\n$/);
    const unwritable = run('--jit-stats=json:/nonexistent/dir/s.json', 'prog.py');
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr).toBe('stencil-jit: --jit-stats=json:/nonexistent/dir/s.json: ENOENT\n');
  });
});
