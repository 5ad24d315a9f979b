// python3 and pypy3 for the benchmarks: each run is a fresh process whose
// program time is measured inside it (perf_counter around runpy.run_path), so
// interpreter startup is excluded as it is for our VM. pypy3 is installed with
// apt-get when missing and we are root; otherwise its column is skipped.
import { spawn, spawnSync } from 'node:child_process';

export interface ProcessRun {
  /** Program time measured inside the process, ms; NaN if it failed. */
  ms: number;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  error?: string;
}

const MARK = '@@stencil-jit-bench-seconds ';

// The program runs as __main__ with sys.argv = [path]; stdout is flushed inside the timed region.
const WRAPPER = [
  'import sys, time, runpy',
  'p = sys.argv[1]',
  'sys.argv = [p]',
  't = time.perf_counter()',
  "runpy.run_path(p, run_name='__main__')",
  'sys.stdout.flush()',
  'dt = time.perf_counter() - t',
  `sys.stderr.write('\\n${MARK}%r\\n' % dt)`,
].join('\n');

/** Runs a command, collecting stdout/stderr; kills it after timeoutMs. */
export function runProcess(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; exitCode: number | null; signal: string | null; timedOut: boolean; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ stdout: '', stderr: '', exitCode: null, signal: null, timedOut: false, error: e.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: code, signal, timedOut });
    });
  });
}

export async function runPython(exe: string, file: string, timeoutMs: number): Promise<ProcessRun> {
  const r = await runProcess(exe, ['-c', WRAPPER, file], timeoutMs);
  const at = r.stderr.lastIndexOf(`\n${MARK}`);
  const seconds = at >= 0 ? Number(r.stderr.slice(at + MARK.length + 1).trim()) : NaN;
  const stderr = at >= 0 ? r.stderr.slice(0, at) : r.stderr;
  return {
    ms: r.exitCode === 0 ? seconds * 1e3 : NaN,
    stdout: r.stdout,
    stderr,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    error: r.error ?? (r.timedOut ? 'timed out' : r.exitCode !== 0 ? `exit ${r.exitCode}${r.signal ? ` (${r.signal})` : ''}: ${lastLine(stderr)}` : undefined),
  };
}

/** Whole-process wall time of a command (start-up included), ms; NaN with an error when it fails. */
export async function runWall(cmd: string, args: string[], timeoutMs: number): Promise<{ ms: number; stdout: string; error?: string }> {
  const t = performance.now();
  const r = await runProcess(cmd, args, timeoutMs);
  const ms = performance.now() - t;
  if (r.error || r.timedOut || r.exitCode !== 0) return { ms: NaN, stdout: r.stdout, error: r.error ?? (r.timedOut ? 'timed out' : `exit ${r.exitCode}: ${lastLine(r.stderr)}`) };
  return { ms, stdout: r.stdout };
}

const lastLine = (s: string) => s.trimEnd().split('\n').pop() ?? '';

function which(exe: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${exe}`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

export function pythonVersion(exe: string): string {
  const r = spawnSync(exe, ['-c', 'import sys, platform; print(platform.python_implementation(), sys.version.split()[0], getattr(sys, "pypy_version_info", "") and "(PyPy %d.%d.%d)" % sys.pypy_version_info[:3])'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().replace(/\s+$/, '') : 'unknown version';
}

/**
 * The pypy3 executable, installing it with apt-get when missing and we are
 * root. Returns null and a one-line reason when it is not available.
 */
export function ensurePypy(log: (line: string) => void): { exe: string | null; note: string } {
  const found = which('pypy3');
  if (found) return { exe: found, note: '' };
  if (process.getuid?.() !== 0) return { exe: null, note: 'pypy3 is not installed and we are not root (install it with `apt-get install pypy3`): column skipped' };
  log('bench: pypy3 missing, installing it (apt-get install -y pypy3) ...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'pypy3'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  let r = install();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    r = install();
  }
  const after = which('pypy3');
  if (after) return { exe: after, note: '' };
  return { exe: null, note: `pypy3 could not be installed (apt-get: ${lastLine(r.stderr ?? r.error?.message ?? '') || `exit ${r.status}`}): column skipped` };
}

/**
 * The executable behind a command name: on PATH python3 may be a wrapper
 * (pyenv's shim is a bash script that costs ~300 ms a run), which whole-process
 * times must not count as python3's. Null when there is none.
 */
export function pythonExecutable(cmd: string): string | null {
  const r = spawnSync(cmd, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}
