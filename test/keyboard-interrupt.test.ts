// SIGINT and SIGTERM while a program runs, as processes against python3
// (runtime/vm/signals/, cases/signals.c): each program prints "started"
// (flushed), then runs something long; the signal comes once "started" was
// read and the loop had time to get hot (traced and compiled). Compared:
// stdout, the traceback's first and last lines (and, where python3's place is
// deterministic, the whole traceback), how the process ended (death by
// SIGINT after an uncaught KeyboardInterrupt, as python3 >= 3.8), and that a
// `try: ... except KeyboardInterrupt:` catches it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastLine } from './vm-python.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'scripts/stencil-jit');
const ENV: NodeJS.ProcessEnv = { ...process.env };
delete ENV.PYTHONUNBUFFERED;
let dir = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-sigint-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Ended {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs cmd, sends `signal` `delayMs` after "started" appeared on stdout, and waits for the end. */
function interrupt(cmd: string[], signal: NodeJS.Signals, delayMs: number): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: dir, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    // Killed for good if it does not end: a swallowed signal must fail the test, not hang it.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!sent && stdout.includes('started\n')) {
        sent = true;
        setTimeout(() => child.kill(signal), delayMs);
      }
    });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(guard);
      resolve({ stdout, stderr, code, signal: sig });
    });
  });
}

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

/** The traceback without 3.11's ^~~ position lines and "[Previous line repeated ...]" summaries. */
const comparable = (stderr: string) => stderr.split('\n').filter((l) => !/^\s*[~^]+\s*$/.test(l) && !/^\s*\[Previous line repeated/.test(l)).join('\n');

const SPIN = 'import sys\nprint("started", flush=True)\nx = 0\nwhile True:\n    x += 1\n';

const CASES: { name: string; program: string; args?: string[]; exactTraceback?: boolean; delayMs?: number }[] = [
  { name: 'a while loop at module level (native trace)', program: SPIN, exactTraceback: true },
  { name: 'a while loop at module level in tier-1 (--no-jit)', program: SPIN, args: ['--no-jit'], exactTraceback: true },
  { name: 'a while loop on the uop interpreter', program: SPIN, args: ['--uop-interpreter'], exactTraceback: true },
  {
    name: 'a float loop in a function (native trace, floats in registers)',
    program: 'def spin():\n    a = 0.5\n    b = 0.0\n    while True:\n        b = b * 0.5 + a\n\nprint("started", flush=True)\nspin()\n',
    exactTraceback: true,
  },
  {
    name: 'nested for-range loops (inner trace linked from the outer)',
    program: 'def work():\n    t = 0\n    while True:\n        for i in range(100):\n            t += i\n\nprint("started", flush=True)\nwork()\n',
  },
  {
    name: 'deep recursion (function traces calling themselves natively)',
    program: 'def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\nprint("started", flush=True)\nprint(fib(60))\n',
  },
  {
    name: 'recursion in tier-1 (--no-jit)',
    program: 'def f(n):\n    if n == 0:\n        return 0\n    return f(n - 1) + 1\n\nprint("started", flush=True)\nwhile True:\n    f(300)\n',
    args: ['--no-jit'],
  },
  {
    name: 'time.sleep (cut short at once, as python3)',
    program: 'import time\nprint("started", flush=True)\ntime.sleep(30)\nprint("not reached")\n',
    exactTraceback: true,
    delayMs: 300,
  },
  {
    name: 'a long builtin (sorted of a big list)',
    program: 'big = [(i * 7919) % 1000003 for i in range(1000003)]\nprint("started", flush=True)\nfor _ in range(1000):\n    s = sorted(big)\n',
    delayMs: 100,
  },
];

describe('SIGINT during a running program: KeyboardInterrupt as python3', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const file = write(`${c.name.replace(/\W+/g, '_')}.py`, c.program);
      const delay = c.delayMs ?? 700;
      const [want, got] = await Promise.all([interrupt(['python3', file], 'SIGINT', delay), interrupt([CLI, 'run', ...(c.args ?? []), file], 'SIGINT', delay)]);
      expect(want.signal).toBe('SIGINT');
      expect(got.signal, got.stderr).toBe('SIGINT');
      expect(got.stdout).toBe(want.stdout);
      expect(got.stderr.split('\n')[0]).toBe('Traceback (most recent call last):');
      expect(lastLine(got.stderr)).toBe('KeyboardInterrupt');
      expect(got.stderr).not.toMatch(/at .*\.ts:\d+|node:internal/);
      if (c.exactTraceback) expect(comparable(got.stderr)).toBe(comparable(want.stderr));
    }, 120_000);
  }

  it('try/except KeyboardInterrupt catches it, and the program goes on', async () => {
    const file = write('caught.py', 'print("started", flush=True)\ntry:\n    x = 0\n    while True:\n        x += 1\nexcept KeyboardInterrupt:\n    print("caught")\nfor i in range(3):\n    print("after", i)\n');
    for (const args of [[], ['--no-jit']]) {
      const [want, got] = await Promise.all([interrupt(['python3', file], 'SIGINT', 700), interrupt([CLI, 'run', ...args, file], 'SIGINT', 700)]);
      expect(want).toEqual({ stdout: 'started\ncaught\nafter 0\nafter 1\nafter 2\n', stderr: '', code: 0, signal: null });
      expect(got, args.join(' ')).toEqual(want);
    }
  }, 120_000);

  it('output printed before the signal is kept (a pipe: flushed at exit, as python3)', async () => {
    const file = write('buffered.py', 'print("started", flush=True)\nfor i in range(1000):\n    print("line", i)\nx = 0\nwhile True:\n    x += 1\n');
    const [want, got] = await Promise.all([interrupt(['python3', file], 'SIGINT', 700), interrupt([CLI, 'run', file], 'SIGINT', 700)]);
    expect(want.stdout.split('\n').length).toBe(1002);
    expect(got.stdout).toBe(want.stdout);
    expect(got.signal).toBe('SIGINT');
    expect(lastLine(got.stderr)).toBe('KeyboardInterrupt');
  }, 120_000);

  it('raise KeyboardInterrupt ends the process by SIGINT too', async () => {
    const file = write('raised.py', 'print("started", flush=True)\ndef f():\n    raise KeyboardInterrupt\nf()\n');
    const [want, got] = await Promise.all([interrupt(['python3', file], 'SIGTERM', 60_000), interrupt([CLI, 'run', file], 'SIGTERM', 60_000)]);
    expect(want.signal).toBe('SIGINT');
    expect(got.signal).toBe('SIGINT');
    expect(comparable(got.stderr)).toBe(comparable(want.stderr));
  }, 120_000);

  it('SIGTERM in a hot loop: death by SIGTERM, buffered pipe output lost as python3 loses it', async () => {
    const file = write('term.py', 'print("started", flush=True)\nprint("still buffered")\nx = 0\nwhile True:\n    x += 1\n');
    const [want, got] = await Promise.all([interrupt(['python3', file], 'SIGTERM', 700), interrupt([CLI, 'run', file], 'SIGTERM', 700)]);
    expect(want).toEqual({ stdout: 'started\n', stderr: '', code: null, signal: 'SIGTERM' });
    expect(got).toEqual(want);
  }, 120_000);

  it('sys.stdout.flush() and print(flush=True) reach the pipe at once; the rest is lost to SIGTERM as in python3', async () => {
    const file = write('flushes.py', 'import sys\nprint("one")\nsys.stdout.flush()\nprint("two")\nprint("started", flush=True)\nprint("lost")\nwhile True:\n    pass\n');
    const [want, got] = await Promise.all([interrupt(['python3', file], 'SIGTERM', 300), interrupt([CLI, 'run', file], 'SIGTERM', 300)]);
    expect(want).toEqual({ stdout: 'one\ntwo\nstarted\n', stderr: '', code: null, signal: 'SIGTERM' });
    expect(got).toEqual(want);
  }, 120_000);
});
