// The VM benchmark programs and their sizes: the classic benchmarks are the
// test corpus's own bench_*.py (one copy, run small by the tests), the two
// loop benchmarks live in scripts/bench-programs/.
// Each program sets its size on one line `N = <int>`; the bench substitutes
// the chosen size there and writes the result to a temporary directory, so
// python3, pypy3 and our VM run exactly the same text. Full sizes take
// 0.5-1 s under python3 (3.11) on the development machine; --quick sizes about
// a quarter of that.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPTS = path.dirname(fileURLToPath(import.meta.url));
export const PROGRAM_DIR = path.join(SCRIPTS, 'bench-programs');
const CORPUS_DIR = path.join(SCRIPTS, '..', 'test', 'corpus');

export interface BenchProgram {
  name: string;
  file: string;
  full: number;
  quick: number;
  /** A numeric loop: the floors (JIT ≥ 5x python3, ≥ 1.5x the uop interpreter) are its targets. */
  numeric: boolean;
  what: string;
}

export const PROGRAMS: BenchProgram[] = [
  { name: 'fib', file: 'bench_fib.py', full: 35, quick: 32, numeric: false, what: 'recursive fib(N): calls, no loops' },
  { name: 'loop-int', file: 'loop_int.py', full: 12_000_000, quick: 3_000_000, numeric: true, what: 'int while-loop sum, N iterations' },
  { name: 'loop-float', file: 'loop_float.py', full: 12_000_000, quick: 3_000_000, numeric: true, what: 'float recurrence + series, N iterations each' },
  { name: 'nbody', file: 'bench_nbody.py', full: 200_000, quick: 50_000, numeric: true, what: 'n-body, N steps (floats in lists)' },
  { name: 'spectral-norm', file: 'bench_spectral_norm.py', full: 400, quick: 200, numeric: true, what: 'spectral norm, N x N (calls in the inner loop)' },
  { name: 'sieve', file: 'bench_sieve.py', full: 3_000_000, quick: 1_000_000, numeric: true, what: 'sieve of Eratosthenes up to N, 4 times' },
  { name: 'mandelbrot', file: 'bench_mandelbrot.py', full: 280, quick: 140, numeric: true, what: 'mandelbrot 2N x N, 200 iterations max' },
  { name: 'fannkuch', file: 'bench_fannkuch.py', full: 9, quick: 8, numeric: false, what: 'fannkuch-redux(N) twice (list permutations)' },
  { name: 'factorial', file: 'bench_factorial_bigint.py', full: 2600, quick: 1500, numeric: false, what: 'big-int factorials 1..N' },
];

/** The program's text at a size (its `N = ...` line replaced). */
export function programSource(p: BenchProgram, size: number): string {
  const dir = p.file.startsWith('bench_') ? CORPUS_DIR : PROGRAM_DIR;
  const source = readFileSync(path.join(dir, p.file), 'utf8');
  const re = /^N = \d+$/m;
  if (!re.test(source)) throw new Error(`${p.file}: no 'N = <int>' line to set the size on`);
  return source.replace(re, `N = ${size}`);
}

/** Writes the program at its size into dir; returns the path. */
export function writeProgram(p: BenchProgram, size: number, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, p.file);
  writeFileSync(file, programSource(p, size));
  return file;
}
