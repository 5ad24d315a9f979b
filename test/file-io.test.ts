// open(), input() and sys.stdin (runtime/vm/interpreter/file-io.ts) as
// processes against python3: each program runs in its own temp directory with
// the same standard input; stdout, the last stderr line, the exit status and
// the files it leaves must all agree.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lastLine } from './vm-python.ts';

const CLI = path.resolve(import.meta.dirname, '../scripts/stencil-jit');
const dirs: string[] = [];

interface Outcome { stdout: string; lastErr: string; status: number; files: Record<string, string> }

/** Runs `program` with `input` on stdin in a fresh directory holding `files` (bytes as given). */
function run(command: string[], program: string, input: string, files: Record<string, Buffer | string>): Outcome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-io-'));
  dirs.push(dir);
  for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), data);
  fs.writeFileSync(path.join(dir, 'prog.py'), program);
  const r = spawnSync(command[0], [...command.slice(1), 'prog.py'], { cwd: dir, input, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  const left: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) left[f] = fs.readFileSync(path.join(dir, f), 'latin1');
  return { stdout: r.stdout, lastErr: lastLine(r.stderr), status: r.status ?? -1, files: left };
}

function expectSame(program: string, input = '', files: Record<string, Buffer | string> = {}, modes: string[][] = [[]]): void {
  const py = run(['python3'], program, input, files);
  for (const mode of modes) {
    const vm = run([CLI, 'run', ...mode], program, input, files);
    expect(vm, `stencil-jit run ${mode.join(' ')}`).toEqual(py);
  }
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('text files, input() and sys.stdin against python3', () => {
  it('writes, appends and reads back by read(n), readline(n), readlines and iteration', () => {
    expectSame(`
with open("a.txt", "w") as f:
    f.write("alpha beta\\n")
    print("gamma", 42, file=f)
    f.writelines(["x\\n", "y\\n", "z"])
print(f.closed, f.name, f.mode)
with open("a.txt") as f:
    print(repr(f.readline()))
    for line in f:
        print(repr(line))
print(open("a.txt").read().split(), open("a.txt").readlines())
with open("a.txt", "a") as f:
    f.write("more\\n")
f = open("a.txt", encoding="utf-8")
print(f.read(3), f.read(4), repr(f.readline(2)), repr(f.read()))
print(repr(f.read()), repr(f.readline()))
f.close()
with open("b.txt", "w+") as g:
    g.write("both ways\\n")
with open("b.txt", "r+") as g:
    print(g.read())
`);
  });

  it('raises what python3 raises: missing files, directories, bad modes, closed files', () => {
    expectSame(`
for args in [("missing/none.txt",), (".",), ("a.txt", "q"), ("a.txt", "rw"), ("a.txt", "tb"), ("a.txt", ""), ("a.txt", "rr"), (3.5,)]:
    try:
        open(*args)
    except (OSError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
f = open("a.txt", "w")
f.close()
f.close()
try:
    f.write("x")
except ValueError as e:
    print("ValueError", e)
open("missing/none.txt")
`, '', { 'a.txt': 'hi' });
  });

  it('reads \\r\\n and \\r as newlines (universal newlines) and UTF-8 text', () => {
    expectSame(`
with open("crlf.txt") as f:
    print([line for line in f])
print(repr(open("mac.txt").read()), len(open("utf8.txt").read()), open("utf8.txt").read())
`, '', { 'crlf.txt': Buffer.from('one\r\ntwo\r\nthree'), 'mac.txt': Buffer.from('a\rb\r'), 'utf8.txt': 'h\u00e9llo \u4e16\u754c \u{1F600}\n' });
  });

  it('input() with a prompt, sys.stdin line by line and to the end, EOFError at the end', () => {
    expectSame(`
import sys
name = input("name? ")
print("hello", name)
print(sys.stdin.readline().strip())
for line in sys.stdin:
    print("in:", line.rstrip("\\n"))
print(repr(sys.stdin.read()))
try:
    input()
except EOFError as e:
    print("EOFError:", e)
`, 'bob\nsecond\nthird\nfourth');
  });

  it('flushes a file the program never closed, also when it ends with an exception', () => {
    expectSame(`
w = open("left.txt", "w")
for i in range(20000):
    w.write("line %d\\n" % i)
w2 = open("left2.txt", "w")
w2.write("before the error\\n")
raise KeyError("done")
`);
  });

  it('a hot loop over a file\'s lines gives the same sums with the JIT and without', () => {
    const lines = Array.from({ length: 20000 }, (_, i) => `${i} ${(i * 7919) % 1000} w${i % 37}`).join('\n');
    expectSame(`
total = 0
words = {}
with open("data.txt") as f:
    for line in f:
        a, b, w = line.split()
        total += int(a) * int(b)
        words[w] = words.get(w, 0) + 1
print(total, len(words), sorted(words.items())[:3])
`, '', { 'data.txt': lines }, [[], ['--threshold', '2'], ['--no-jit']]);
  });

  it('binary modes are one clear error (the VM has no bytes)', () => {
    const vm = run([CLI, 'run'], 'open("a.txt", "rb")\n', '', { 'a.txt': 'x' });
    expect(vm.status).toBe(1);
    expect(vm.lastErr).toBe("NotImplementedError: open() in binary mode ('rb') needs bytes, which this VM does not have");
  });
});
