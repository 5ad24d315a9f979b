// Whole-process start-up, side by side: `stencil-jit run hello.py` against
// python3 and pypy3 running the same file, with node's own start (an empty
// CommonJS file) as the floor. Runs are interleaved (one of each per round,
// the order rotating) so that load from elsewhere hits every command alike;
// prints medians and minimums.
//   node --import tsx scripts/bench-startup.ts [--runs N] [PROGRAM.py]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pythonExecutable } from './bench-python.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Command {
  label: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function main(): void {
  const args = process.argv.slice(2);
  let runs = 10;
  const ri = args.indexOf('--runs');
  if (ri >= 0) {
    runs = Number(args[ri + 1]);
    args.splice(ri, 2);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-startup-'));
  const program = args[0] ?? path.join(tmp, 'hello.py');
  if (!args[0]) fs.writeFileSync(program, 'print("hello, world")\n');
  const empty = path.join(tmp, 'empty.cjs');
  fs.writeFileSync(empty, '');
  const noCa = { ...process.env };
  delete noCa.NODE_EXTRA_CA_CERTS;
  const commands: Command[] = [{ label: 'stencil-jit run', argv: [path.join(ROOT, 'scripts/stencil-jit'), 'run', program] }];
  const py = pythonExecutable('python3');
  if (py) commands.push({ label: `python3 (${py})`, argv: [py, program] });
  // What `python3 hello.py` runs when PATH's python3 is a wrapper (pyenv's shim).
  if (py && fs.realpathSync(spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim()) !== fs.realpathSync(py)) {
    commands.push({ label: 'python3 as found on PATH (a wrapper)', argv: ['python3', program] });
  }
  if (py !== '/usr/bin/python3' && fs.existsSync('/usr/bin/python3')) commands.push({ label: 'python3 (/usr/bin/python3)', argv: ['/usr/bin/python3', program] });
  const pypy = pythonExecutable('pypy3');
  if (pypy) commands.push({ label: `pypy3 (${pypy})`, argv: [pypy, program] });
  commands.push({ label: 'node, empty file (floor)', argv: [process.execPath, empty], env: noCa });

  const times = commands.map(() => [] as number[]);
  for (const c of commands) spawnSync(c.argv[0], c.argv.slice(1), { stdio: 'ignore', env: c.env });
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (k + r) % commands.length;
      const c = commands[i];
      const t0 = performance.now();
      const res = spawnSync(c.argv[0], c.argv.slice(1), { stdio: 'ignore', env: c.env });
      times[i].push(performance.now() - t0);
      if (res.status !== 0) throw new Error(`${c.label} failed with status ${res.status}`);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const ours = median(times[0]);
  const lines = [`${path.basename(program)}: whole-process wall time, ${runs} interleaved runs each (ms)`, `${'command'.padEnd(48)} ${'median'.padStart(7)} ${'min'.padStart(7)}  stencil-jit / this`];
  commands.forEach((c, i) => {
    const m = median(times[i]);
    lines.push(`${c.label.padEnd(48)} ${m.toFixed(1).padStart(7)} ${Math.min(...times[i]).toFixed(1).padStart(7)}  ${i === 0 ? '' : `${(ours / m).toFixed(2)}x`}`);
  });
  process.stdout.write(lines.join('\n') + '\n');
}

main();
