// Runs a command as a process under a python3 wrapper that reports the
// child's peak RSS (ru_maxrss of RUSAGE_CHILDREN): the process-level tests
// compare stdout, the last stderr line, the exit status and peak RSS with
// python3's.
import { spawn } from 'node:child_process';

export interface Outcome { stdout: string; stderr: string; status: number; peakRssKb: number; seconds: number }

export function runMeasured(argv: string[], options: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<Outcome> {
  const wrapper = 'import resource, subprocess, sys\n'
    + 'r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n'
    + 'sys.stdout.buffer.write(r.stdout)\n'
    + 'sys.stderr.buffer.write(r.stderr + b"\\n@rss %d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n'
    + 'sys.exit(r.returncode if r.returncode >= 0 else 128 - r.returncode)\n';
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', wrapper, ...argv], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      const m = /\n@rss (\d+)\n$/.exec(stderr);
      resolve({
        stdout, stderr: m ? stderr.slice(0, m.index) : stderr, status: status ?? -1, peakRssKb: m ? Number(m[1]) : -1,
        seconds: (performance.now() - start) / 1000,
      });
    });
  });
}
