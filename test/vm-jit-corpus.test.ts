// Differential test with the tracing JIT on: every program in test/corpus runs
// with a TracingJit at threshold 2 and side-exit threshold 2 (so every loop
// that can be traced is, and hot exits grow side traces at once), natively and
// on the uop interpreter. stdout must be byte-identical to python3 and to the
// run without the JIT, the last stderr line must match python3 (the whole
// traceback must match the run without the JIT), and so must the exit code.
// The loop-heavy programs must actually have compiled and entered traces.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, runWithJit } from './helpers/vm-jit-run.ts';
import { lastLine, mapLimit, runOnPython, runOnVm, type RunResult } from './vm-python.ts';

const corpusDir = join(import.meta.dirname, 'corpus');
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.py')).sort();
const sources = new Map(files.map((f) => [f, readFileSync(join(corpusDir, f), 'utf8')]));
const python = new Map<string, RunResult>();
const noJit = new Map<string, RunResult>();

/** Programs whose hot loops the JIT supports: they must have run traces. */
const LOOP_HEAVY = [
  'bench_collatz.py', 'bench_factorial_bigint.py', 'bench_fannkuch.py', 'bench_mandelbrot.py', 'bench_matrix.py',
  'bench_nbody.py', 'bench_primes_trial.py', 'bench_queens.py', 'bench_sieve.py', 'bench_spectral_norm.py',
  'for_list.py', 'while_loops.py', 'listcomp.py', 'small_int_boundary.py',
  // Hot loops over instances, some of them in dict mode (their accesses stay tier-1's, the rest is traced).
  'instance_dict_jit.py',
];

beforeAll(async () => {
  const results = await mapLimit(files, 4, (f) => runOnPython(join(corpusDir, f)));
  files.forEach((f, i) => python.set(f, results[i]));
  for (const f of files) noJit.set(f, runOnVm(sources.get(f)!, f));
});

describe('VM corpus with the tracing JIT vs python3 and --no-jit', () => {
  it('covers the whole corpus, loop-heavy programs included', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
    for (const f of LOOP_HEAVY) expect(files).toContain(f);
  });

  for (const mode of JIT_MODES) {
    describe(mode, () => {
      for (const file of files) {
        it(file, () => {
          const py = python.get(file)!;
          const base = noJit.get(file)!;
          const run = runWithJit(sources.get(file)!, file, { mode, threshold: 2, sideExitThreshold: 2 });
          if (file.startsWith('syntax_error')) {
            expect(run.code).toBe(py.code);
            expect(run.stderr).toBe(base.stderr);
            expect(run.stdout).toBe('');
            expect(run.summary.traces).toBe(0);
            return;
          }
          const why = `${file} (${mode}): ${describeJit(run.summary)}`;
          expect(run.stdout, why).toBe(py.stdout);
          expect(run.stdout, why).toBe(base.stdout);
          expect(lastLine(run.stderr), why).toBe(lastLine(py.stderr));
          // Exits resume tier-1 at the exact bytecode: the traceback is the interpreter's own.
          expect(run.stderr, why).toBe(base.stderr);
          expect(run.code, why).toBe(py.code);
          expect(run.code, why).toBe(base.code);
          if (LOOP_HEAVY.includes(file)) {
            expect(run.summary.traces, why).toBeGreaterThan(0);
            expect(run.summary.roots, why).toBeGreaterThan(0);
            expect(run.summary.entries, why).toBeGreaterThan(0);
            // Entered traces leave through exits (the loop's end at least).
            expect(run.summary.exits, why).toBeGreaterThan(0);
            // Their globals are functions, modules, built-in classes (range, float) and numbers:
            // all specialised (a for-range loop whose `range` global was not lost its trace).
            expect(Object.keys(run.summary.abortReasons).filter((r) => /global of type/.test(r)), why).toEqual([]);
          }
        });
      }
    });
  }
});
