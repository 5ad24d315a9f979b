// Named Python programs checked differentially: each is written to a temp
// directory and run once on python3 and on the VM without the JIT; a run with
// the JIT must then agree with both.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunOptions } from '../../runtime/vm/interpreter/run-program.ts';
import { mapLimit, runOnPython, runOnVm, type RunResult } from '../vm-python.ts';
import { describeJit, runWithJit, type JitRun } from './vm-jit-run.ts';

/** python3's traceback without the caret lines 3.11+ adds under the failing expression. */
export const withoutCarets = (stderr: string) => stderr.split('\n').filter((l) => !/^\s*[~^]+\s*$/.test(l)).join('\n');

export class ProgramSet {
  readonly dir: string;
  readonly python = new Map<string, RunResult>();
  readonly noJit = new Map<string, RunResult>();

  constructor(readonly programs: Record<string, string>, prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  path(name: string): string {
    return join(this.dir, `${name}.py`);
  }

  /** Writes every program and runs it on python3 (four at a time) and on the VM without the JIT. */
  async prepare(): Promise<void> {
    const names = Object.keys(this.programs);
    for (const n of names) writeFileSync(this.path(n), this.programs[n]);
    const results = await mapLimit(names, 4, (n) => runOnPython(this.path(n)));
    names.forEach((n, i) => this.python.set(n, results[i]));
    for (const n of names) this.noJit.set(n, runOnVm(this.programs[n], this.path(n)));
  }

  /**
   * Runs a program with the JIT (threshold 2, side traces after 2 exits, unless
   * `options` says otherwise) and checks it against python3 (full stderr, carets
   * removed) and against the VM without the JIT.
   */
  run(name: string, options: Parameters<typeof runWithJit>[2] = {}, extra: Partial<RunOptions> = {}): JitRun {
    const r = runWithJit(this.programs[name], this.path(name), { threshold: 2, sideExitThreshold: 2, ...options }, extra);
    const py = this.python.get(name)!;
    const base = this.noJit.get(name)!;
    const why = `${name} (${options.mode ?? 'native'}): ${describeJit(r.summary)}`;
    expect(r.stdout, why).toBe(py.stdout);
    expect(r.stderr, why).toBe(withoutCarets(py.stderr));
    expect(r.code, why).toBe(py.code);
    expect(r.stdout, why).toBe(base.stdout);
    expect(r.stderr, why).toBe(base.stderr);
    expect(r.code, why).toBe(base.code);
    return r;
  }
}
