// `stencil-jit run` as a process, against python3 as a process: output that
// is never lost (slow pipes, a closed pipe, a full disk), exit statuses,
// buffering on a terminal, signals, program files that are not programs.
// Each case runs the same shell command line with `python3` and with our CLI
// and compares stdout, the last stderr line and the exit status (python3 with
// PYTHONUNBUFFERED unset, so that it buffers as it does by default; our CLI
// sees the same environment).
import { spawnSync } from 'node:child_process';
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

interface Outcome {
  stdout: string;
  stderr: string;
  /** The exit status as a shell reports it (128 + N for a signal). */
  status: number;
}

/** Runs `sh -c script` with PROG replaced by the interpreter's command. */
function sh(script: string, prog: string, timeoutMs = 30_000, env = ENV): Outcome {
  const r = spawnSync('sh', ['-c', script.replaceAll('PROG', prog)], { cwd: dir, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? 128 + (os.constants.signals[r.signal as NodeJS.Signals] ?? 0) };
}

const python = (script: string, timeoutMs?: number) => sh(script, 'python3', timeoutMs);
const ours = (script: string, timeoutMs?: number) => sh(script, `${CLI} run`, timeoutMs);

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

function writeBytes(name: string, bytes: Buffer): string {
  fs.writeFileSync(path.join(dir, name), bytes);
  return name;
}

/** A message of the interpreter itself, without the name it gives itself (python3 as started: `python3` or a path, through a wrapper such as pyenv's shim; `stencil-jit`). */
const withoutProgramName = (line: string) => line.replace(/^(\S*python3[.\d]*|stencil-jit): /, '');

/** Same stdout, last stderr line and status from python3 and from us; returns ours. */
function agree(script: string, timeoutMs?: number): Outcome {
  const want = python(script, timeoutMs);
  const got = ours(script, timeoutMs);
  const why = `${script}\npython3 stderr:\n${want.stderr.slice(-600)}\nours:\n${got.stderr.slice(-600)}`;
  expect(got.stdout, why).toBe(want.stdout);
  expect(withoutProgramName(lastLine(got.stderr)), why).toBe(withoutProgramName(lastLine(want.stderr)));
  expect(got.status, why).toBe(want.status);
  return got;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-cli-'));
  write('hello.py', 'print("hello, world")\n');
  write('endless.py', 'i = 0\nwhile True:\n    print("line", i)\n    i += 1\n');
  write('small.py', 'print("one line")\n');
  write('many.py', 'for i in range(100000):\n    print(i)\n');
  write('late.py', 'total = 0\nfor i in range(300000):\n    total += i\nprint(total)\n');
  write('fail_after_output.py', 'for i in range(8000):\n    print("abcdefgh", i)\nprint(1 // 0)\n');
  write('fail_early.py', 'print(1)\nprint(1 // 0)\n');
  // A traceback of 400 distinct frames (~85 KB: python3 folds only repeated lines).
  const deep = Array.from({ length: 400 }, (_, i) =>
    `def function_number_${i}_with_a_long_name_to_make_the_traceback_large(n):\n    return ${i === 399 ? '1 // 0' : `function_number_${i + 1}_with_a_long_name_to_make_the_traceback_large(n)`}\n`);
  write('deep_traceback.py', `${deep.join('')}function_number_0_with_a_long_name_to_make_the_traceback_large(0)\n`);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('stencil-jit run: output as python3 writes it', () => {
  it('runs from another working directory with a relative path', () => {
    const r = ours('PROG hello.py');
    expect(r).toEqual({ stdout: 'hello, world\n', stderr: '', status: 0 });
  });

  it('an endless print loop piped into head -1 stops at once with BrokenPipeError', () => {
    const r = agree('PROG endless.py | head -1', 20_000);
    expect(r.stdout).toBe('line 0\n');
    // The writer's own status, through a subshell.
    const want = python('(PROG endless.py; echo "status $?" >&2) | head -1', 20_000);
    const got = ours('(PROG endless.py; echo "status $?" >&2) | head -1', 20_000);
    expect(lastLine(got.stderr)).toBe(lastLine(want.stderr));
    expect(got.stderr).toMatch(/BrokenPipeError: \[Errno 32\] Broken pipe\nstatus 1\n$/);
  });

  it('a pipe closed before the flush at exit: "Exception ignored" and status 120', () => {
    const want = python('(sleep 0.3; PROG late.py; echo "status $?" >&2) | true');
    const got = ours('(sleep 0.3; PROG late.py; echo "status $?" >&2) | true');
    expect(got.stderr.split('\n').slice(-3)).toEqual(want.stderr.split('\n').slice(-3));
    expect(got.stderr).toContain("Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\nBrokenPipeError: [Errno 32] Broken pipe\nstatus 120\n");
  });

  it('a traceback before the failed flush at exit keeps python3 order and status', () => {
    const want = python('(sleep 0.3; PROG fail_early.py; echo "status $?" >&2) | true');
    const got = ours('(sleep 0.3; PROG fail_early.py; echo "status $?" >&2) | true');
    expect(got.stderr.split('\n').slice(-4)).toEqual(want.stderr.split('\n').slice(-4));
  });

  it('stdout on a full device (> /dev/full): OSError at the print or at exit, as python3', () => {
    const small = agree('PROG small.py > /dev/full');
    expect(small.status).toBe(120);
    expect(small.stderr).toContain('OSError: [Errno 28] No space left on device');
    const many = agree('PROG many.py > /dev/full');
    expect(many.status).toBe(1);
    expect(many.stderr).toMatch(/^Traceback/);
  });

  it('stderr is drained before exit: a traceback after 70 KB of stdout through a slow pipe', () => {
    const full = ours('PROG fail_after_output.py > out.txt 2>&1; cat out.txt');
    expect(full.stdout.length).toBeGreaterThan(70_000);
    const slow = ours('PROG fail_after_output.py 2>&1 | (sleep 1; cat)');
    expect(slow.stdout).toBe(full.stdout);
    const py = python('PROG fail_after_output.py 2>&1 | (sleep 1; cat)');
    expect(lastLine(slow.stdout)).toBe(lastLine(py.stdout));
  });

  it('stderr is drained before exit: a traceback over 64 KB through a slow pipe', () => {
    const slow = ours('PROG deep_traceback.py 2>&1 | (sleep 1; cat)');
    const full = ours('PROG deep_traceback.py > out.txt 2>&1; cat out.txt');
    expect(full.stdout.length).toBeGreaterThan(64 * 1024);
    expect(slow.stdout).toBe(full.stdout);
    expect(lastLine(slow.stdout)).toBe(lastLine(python('PROG deep_traceback.py 2>&1 | (sleep 1; cat)').stdout));
  });

  it('the traceback comes after the buffered output, as python3 flushes stdout first', () => {
    const want = python('PROG fail_early.py 2>&1 | cat');
    const got = ours('PROG fail_early.py 2>&1 | cat');
    expect(want.stdout).toMatch(/^1\nTraceback/);
    expect(got.stdout).toMatch(/^1\nTraceback/);
    expect(lastLine(got.stdout)).toBe(lastLine(want.stdout));
  });

  it('PYTHONUNBUFFERED writes every print at once, as python3 does', () => {
    const env = { ...ENV, PYTHONUNBUFFERED: '1' };
    const script = '(PROG endless.py; echo "status $?" >&2) | head -3';
    const want = sh(script, 'python3', 20_000, env);
    const got = sh(script, `${CLI} run`, 20_000, env);
    expect(got.stdout).toBe(want.stdout);
    expect(lastLine(got.stderr)).toBe(lastLine(want.stderr));
  });
});

describe('stencil-jit run: a terminal and signals', () => {
  // A pseudo-terminal from python3's pty module: stdout is a tty there.
  const PTY_DRIVER = `
import os, pty, signal, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
seen, deadline = b"", time.time() + 20
while b"started" not in seen and time.time() < deadline:
    try:
        seen += os.read(fd, 1024)
    except OSError:
        break
os.kill(pid, signal.SIGTERM)
_, status = os.waitpid(pid, 0)
print("seen" if b"started" in seen else "not seen", os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status))
`;

  it('stdout is line-buffered on a terminal: output before a hot loop is shown, and SIGTERM ends it as python3', () => {
    write('pty_driver.py', PTY_DRIVER);
    write('spin.py', 'print("started")\nx = 0\nwhile True:\n    x += 1\n');
    const want = spawnSync('python3', ['pty_driver.py', 'python3', 'spin.py'], { cwd: dir, env: ENV, encoding: 'utf8', timeout: 30_000 });
    const got = spawnSync('python3', ['pty_driver.py', CLI, 'run', 'spin.py'], { cwd: dir, env: ENV, encoding: 'utf8', timeout: 30_000 });
    expect(want.stdout).toBe('seen 15\n');
    expect(got.stdout).toBe(want.stdout);
  });

  it('SIGINT and SIGTERM during a hot loop end the process by that signal, as python3', () => {
    write('spin_quiet.py', 'x = 0\nwhile True:\n    x += 1\n');
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      // A background job of a non-interactive shell ignores SIGINT: start it from node instead.
      for (const cmd of [['python3', 'spin_quiet.py'], [CLI, 'run', 'spin_quiet.py']]) {
        const script = `${cmd.join(' ')} & pid=$!; sleep 1; kill -${signal.slice(3)} $pid; wait $pid; echo "status $?"`;
        const r = spawnSync('bash', ['-c', `set -m; ${script}`], { cwd: dir, env: ENV, encoding: 'utf8', timeout: 30_000 });
        expect(r.stdout, `${cmd[0]} ${signal}`).toBe(`status ${128 + os.constants.signals[signal]}\n`);
      }
    }
  });
});

describe('stencil-jit run: a V8 limit that escapes the VM', () => {
  it('a string past V8\'s length limit ends as python3\'s MemoryError (last line, status 1), output kept', () => {
    // python3 itself would first use gigabytes: only our side runs here.
    write('doubling.py', 'print("before")\ns = "x"\nwhile True:\n    s = s + s\n');
    const r = ours('PROG doubling.py', 60_000);
    expect(r.stdout).toBe('before\n');
    expect(lastLine(r.stderr)).toBe('MemoryError');
    expect(r.stderr).not.toMatch(/RangeError|at .*\.ts:\d+/);
    expect(r.status).toBe(1);
  });
});

describe('stencil-jit run: a signal while waiting on the event loop', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: buffered output flushed${signal === 'SIGINT' ? ', KeyboardInterrupt' : ''}, and death by the signal`, async () => {
      const script = path.join(dir, 'idle.mts');
      fs.writeFileSync(script, `import { whileIdle } from ${JSON.stringify(path.join(ROOT, 'scripts/idle-signals.ts'))};
import { OutputStream } from ${JSON.stringify(path.join(ROOT, 'scripts/vm-stdio.ts'))};
const stdout = new OutputStream(1, '<stdout>', 'block');
const stderr = new OutputStream(2, '<stderr>', 'unbuffered');
stdout.write('printed before the wait\\n');
// Said once the wait has begun (the handlers are installed by then).
setImmediate(() => stderr.write('waiting\\n'));
await whileIdle(new Promise((resolve) => setTimeout(resolve, 20_000)), stdout, stderr);
stdout.write('not reached\\n');
stdout.flush();
`);
      const { spawn } = await import('node:child_process');
      // Compiled to plain JavaScript as the run bundle is: tsx's loader handles SIGINT itself.
      const compiled = path.join(dir, `idle-${signal}.mjs`);
      const { build } = await import('esbuild');
      await build({ entryPoints: [script], bundle: true, platform: 'node', format: 'esm', outfile: compiled, logLevel: 'silent' });
      const child = spawn(process.execPath, [compiled], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => { out += d; });
      // 'close', not 'exit': the pipes are drained by then.
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_, sig) => resolve(sig)));
      await new Promise<void>((resolve) => child.stderr.on('data', (d) => { err += d; if (err.includes('waiting')) resolve(); }));
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(out).toBe('printed before the wait\n');
      expect(err).toBe(signal === 'SIGINT' ? 'waiting\nKeyboardInterrupt\n' : 'waiting\n');
    }, 30_000);
  }
});

describe('stencil-jit run: files that are not programs', () => {
  it('a missing file: python3\'s message, status 2', () => {
    const r = agree('PROG no_such_file.py');
    expect(r.stderr).toBe(`stencil-jit: can't open file '${path.join(fs.realpathSync(dir), 'no_such_file.py')}': [Errno 2] No such file or directory\n`);
  });

  it('a directory: its __main__.py runs, or python3\'s message and status 1', () => {
    fs.mkdirSync(path.join(dir, 'empty_dir'), { recursive: true });
    const r = agree('PROG empty_dir');
    expect(r.stderr.split('\n').length).toBe(2);
    fs.mkdirSync(path.join(dir, 'app'), { recursive: true });
    write('app/__main__.py', 'print("from __main__")\n');
    expect(agree('PROG app').stdout).toBe('from __main__\n');
  });

  for (const [name, make] of [
    ['/dev/zero', () => '/dev/zero'],
    ['/dev/urandom', () => '/dev/urandom'],
    ['a binary file', () => { fs.writeFileSync(path.join(dir, 'binary.dat'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 255))); return 'binary.dat'; }],
    ['NUL bytes in a program', () => write('nul.py', 'x = 1\nprint("a\0b")\n')],
    ['invalid UTF-8 in a program', () => writeBytes('latin.py', Buffer.from('x = 1\nprint("caf\xe9")\n', 'latin1'))],
  ] as const) {
    it(`${name}: one line with python3's SyntaxError text, in bounded time and memory`, () => {
      const file = make();
      const got = sh(`ulimit -v 4000000; PROG ${file}`, `${CLI} run`, 10_000);
      expect(got.stdout).toBe('');
      expect(got.stderr.split('\n').length, got.stderr).toBe(2);
      expect(got.stderr).toMatch(/^\S+:\d+:\d+: SyntaxError: /);
      // python3's status for a SyntaxError (2 is only for a file it cannot open).
      expect(got.status).toBe(1);
      if (file === '/dev/urandom') {
        expect(got.stderr).toMatch(/: SyntaxError: Non-UTF-8 code starting with '\\x[89a-f][0-9a-f]' in file \/dev\/urandom on line \d+, but no encoding declared;/);
      } else if (file !== '/dev/zero') {
        // python3 hangs on /dev/zero; elsewhere the message is python3's.
        const want = python(`PROG ${file}`);
        expect(lastLine(got.stderr).replace(/^\S+:\d+:\d+: /, '')).toBe(lastLine(want.stderr));
      }
    });
  }

  it('a latin-1 program with its coding declaration runs', () => {
    fs.writeFileSync(path.join(dir, 'declared.py'), Buffer.from('# -*- coding: latin-1 -*-\nprint("caf\xe9")\n', 'latin1'));
    expect(agree('PROG declared.py').stdout).toBe('café\n');
  });

  it('a UTF-8 BOM is skipped', () => {
    fs.writeFileSync(path.join(dir, 'bom.py'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('print("bom")\n')]));
    expect(agree('PROG bom.py').stdout).toBe('bom\n');
  });

  it('a program on standard input (`-`)', () => {
    expect(agree('echo "print(6 * 7)" | PROG -').stdout).toBe('42\n');
  });
});
