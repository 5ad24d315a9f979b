// Differential test: every program in test/corpus runs on the VM (in-process)
// and on python3; stdout, the last stderr line and the exit code must agree.
// Files named err_* must also print python3's whole traceback (frames, source
// lines, chained exceptions; 3.11's ^~~ position markers aside).
// Files named syntax_error_* must be rejected at compile time (exit 1 as python3,
// `file:line:col: SyntaxError: ...`) where python3 also reports a SyntaxError.
//
// Then with the tracing JIT on: every program runs with a TracingJit at
// threshold 2 and side-exit threshold 2 (so every loop that can be traced is,
// and hot exits grow side traces at once), natively and on the uop
// interpreter. stdout must be byte-identical to python3 and to the run without
// the JIT, the last stderr line must match python3 (the whole traceback must
// match the run without the JIT), and so must the exit code. The loop-heavy
// programs must actually have compiled and entered traces.
//
// One file for both, so that python3's results (helpers/corpus-references.ts)
// and the runs without the JIT (the first half's own runs) are made once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPythonResults } from './helpers/corpus-references.ts';
import { describeJit, JIT_MODES, runWithJit } from './helpers/vm-jit-run.ts';
import { lastLine, runOnVm, type RunResult } from './vm-python.ts';

const corpusDir = join(import.meta.dirname, 'corpus');
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.py')).sort();
const sources = new Map(files.map((f) => [f, readFileSync(join(corpusDir, f), 'utf8')]));
const python = new Map<string, RunResult>();
const noJit = new Map<string, RunResult>();

/** The run without the JIT: made by the first half's test, or here when a filter skipped it. */
function runWithoutJit(file: string): RunResult {
  let r = noJit.get(file);
  if (!r) noJit.set(file, (r = runOnVm(sources.get(file)!, file)));
  return r;
}

/** Programs whose traceback python3 abbreviates in ways the VM does not copy ("[Previous line repeated N more times]"). */
const TRACEBACK_LAST_LINE_ONLY = new Set(['err_recursion_method.py']);

/** A traceback without 3.11's position markers, with the program named by its file name. */
function comparableTraceback(stderr: string, file: string): string {
  return stderr.split('\n').filter((l) => !/^\s*[~^]+\s*$/.test(l)).join('\n').replaceAll(`"${join(corpusDir, file)}"`, `"${file}"`);
}

/** Programs whose hot loops the JIT supports: they must have run traces. */
const LOOP_HEAVY = [
  'bench_collatz.py', 'bench_factorial_bigint.py', 'bench_fannkuch.py', 'bench_mandelbrot.py', 'bench_matrix.py',
  'bench_nbody.py', 'bench_primes_trial.py', 'bench_queens.py', 'bench_sieve.py', 'bench_spectral_norm.py',
  'for_list.py', 'while_loops.py', 'listcomp.py', 'small_int_boundary.py',
  // Hot loops over instances, some of them in dict mode (their accesses stay tier-1's, the rest is traced).
  'instance_dict_jit.py',
];

beforeAll(async () => {
  for (const [f, r] of await corpusPythonResults(corpusDir, files)) python.set(f, r);
});

describe('VM corpus vs python3', () => {
  it('has a corpus of at least 60 programs', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  for (const file of files) {
    it(file, () => {
      const py = python.get(file)!;
      const vm = runOnVm(sources.get(file)!, file);
      noJit.set(file, vm); // the JIT's tests below compare with it
      if (file.startsWith('syntax_error')) {
        expect(lastLine(py.stderr)).toMatch(/SyntaxError|IndentationError/);
        expect(vm.code).toBe(1);
        expect(vm.code).toBe(py.code);
        // The error's class as python3 names it (IndentationError is a SyntaxError subclass).
        const cls = /^(\w+):/.exec(lastLine(py.stderr))![1];
        expect(vm.stderr).toMatch(new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+: ${cls}: .+\\n$`));
        expect(vm.stdout).toBe('');
        return;
      }
      expect(vm.stdout).toBe(py.stdout);
      expect(lastLine(vm.stderr)).toBe(lastLine(py.stderr));
      expect(vm.code).toBe(py.code);
      if (file.startsWith('err_') && !TRACEBACK_LAST_LINE_ONLY.has(file)) {
        expect(vm.stderr).toBe(comparableTraceback(py.stderr, file));
      }
    });
  }
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
          const base = runWithoutJit(file);
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
