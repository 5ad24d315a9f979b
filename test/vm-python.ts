// Test helpers: run a program on the VM in-process, and on python3.
import { execa } from 'execa';
import { runProgram, type RunOptions } from '../runtime/vm/interpreter/run-program.ts';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function runOnVm(source: string, filename = 'prog.py', extra: Partial<RunOptions> = {}): RunResult {
  let stdout = '';
  let stderr = '';
  const code = runProgram(source, {
    filename,
    write: (t) => { stdout += t; },
    writeErr: (t) => { stderr += t; },
    ...extra,
  });
  return { stdout, stderr, code };
}

export async function runOnPython(file: string): Promise<RunResult> {
  const r = await execa('python3', [file], { reject: false, stripFinalNewline: false });
  return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode ?? -1 };
}

/** Runs python3 on source given through stdin (execa strips the final newline of stdout). */
export async function runPythonSource(source: string): Promise<RunResult> {
  const r = await execa('python3', ['-'], { input: source, reject: false, stripFinalNewline: false });
  // A cut-off reference would only show up as a confusing mismatch.
  if (r.isMaxBuffer) throw new Error('python3 printed more than the capture buffer holds: the program is too big for a reference');
  return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode ?? -1 };
}

export function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}

/** Runs async tasks with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
