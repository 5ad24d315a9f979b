// The fuzz runner (`npm run fuzz`): its minimiser on its own, and a whole run
// against a reference that differs on purpose (python3 with every 7 printed
// as 8), which must be found, minimised, saved and reported with status 1.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { minimise } from '../scripts/fuzz/minimise.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-fuzz-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('minimise', () => {
  const program = [
    'def f():',
    '    a = 1',
    '    for i in range(3):',
    '        b = 2',
    '        if i == 1:',
    '            x = 13',
    '            c = 4',
    '        d = 5',
    '    e = 6',
    'f()',
    'print("done")',
  ].join('\n') + '\n';

  it('keeps the interesting line with its block headers, with pass where a body was emptied', () => {
    let runs = 0;
    const r = minimise(program, (p) => { runs++; return p.includes('x = 13') && /^f\(\)$/m.test(p); });
    expect(r.source).toBe('def f():\n    for i in range(3):\n        if i == 1:\n            x = 13\nf()\n');
    expect(r.tests).toBe(runs);
    expect(r.linesBefore).toBe(11);
    expect(r.linesAfter).toBe(5);
  });

  it('never produces an empty block', () => {
    const r = minimise(program, (p) => p.includes('for i in range(3):'));
    expect(r.source).toBe('def f():\n    for i in range(3):\n        pass\n');
  });

  it('stops after maxTests runs', () => {
    let runs = 0;
    minimise(program, () => { runs++; return false; }, 5);
    expect(runs).toBeLessThanOrEqual(5);
  });
});

describe('npm run fuzz', () => {
  it('finds, minimises and saves a divergence, and says so in one line with status 1', () => {
    const fake = path.join(dir, 'python-with-8-for-7.sh');
    fs.writeFileSync(fake, '#!/bin/bash\nset -o pipefail\npython3 "$@" | sed "s/7/8/g"\n', { mode: 0o755 });
    const out = path.join(dir, 'found');
    const r = spawnSync('npm', ['run', '--silent', 'fuzz', '--', '--count', '4', '--seed', '1', '--tier1', '--batch', '4', '--max-tests', '40', '--python', fake, '--out', out],
      { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^fuzz: 4 programs, 1 diverging \(--tier1, seeds 1\.\.1, (\d+m)?\d+s\); saved in /);
    expect(r.stderr).toMatch(/^fuzz: 4 programs in 1 batches of 4/);
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual(['prog_0-seed-1.original.py', 'prog_0-seed-1.py', 'prog_0-seed-1.txt']);
    const minimised = fs.readFileSync(path.join(out, 'prog_0-seed-1.py'), 'utf8');
    const original = fs.readFileSync(path.join(out, 'prog_0-seed-1.original.py'), 'utf8');
    expect(minimised.split('\n').length).toBeLessThan(original.split('\n').length);
    // It still shows the difference: python3's output has a 7 that the fake reference turns into an 8.
    const py = spawnSync('python3', [path.join(out, 'prog_0-seed-1.py')], { encoding: 'utf8' });
    expect(py.status).toBe(0);
    expect(py.stdout).toMatch(/7/);
    expect(fs.readFileSync(path.join(out, 'prog_0-seed-1.txt'), 'utf8')).toMatch(/reproduce: scripts\/stencil-jit run --no-jit /);
  }, 600_000);

  it('a clean run: every program agrees, status 0', () => {
    const r = spawnSync('npm', ['run', '--silent', 'fuzz', '--', '--count', '20', '--seed', '99', '--tier1', '--batch', '10', '--out', path.join(dir, 'clean')], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^fuzz: 20 programs, 0 diverging \(--tier1, seeds 99\.\.100, (\d+m)?\d+s\)\n$/);
  }, 600_000);
});
