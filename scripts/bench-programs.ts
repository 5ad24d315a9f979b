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

export type BenchGroup = 'numeric' | 'objects' | 'wide-ints' | 'big-ints' | 'calls';

export interface BenchProgram {
  name: string;
  file: string;
  full: number;
  quick: number;
  /**
   * Which set it belongs to, and so which floors apply (bench-report.ts):
   * numeric loops (JIT >= 5x python3, >= 1.5x the uop interpreter), the
   * object-oriented set (JIT >= 2x python3 geomean in-process, >= 1.5x whole
   * process), wide ints (>= 5x python3) and big ints (>= python3).
   */
  group: BenchGroup;
  what: string;
}

export const PROGRAMS: BenchProgram[] = [
  { name: 'fib', file: 'bench_fib.py', full: 35, quick: 32, group: 'calls', what: 'recursive fib(N): calls, no loops' },
  { name: 'loop-int', file: 'loop_int.py', full: 12_000_000, quick: 3_000_000, group: 'numeric', what: 'int while-loop sum, N iterations' },
  { name: 'loop-float', file: 'loop_float.py', full: 12_000_000, quick: 3_000_000, group: 'numeric', what: 'float recurrence + series, N iterations each' },
  { name: 'nbody', file: 'bench_nbody.py', full: 200_000, quick: 50_000, group: 'numeric', what: 'n-body, N steps (floats in lists)' },
  { name: 'spectral-norm', file: 'bench_spectral_norm.py', full: 400, quick: 200, group: 'numeric', what: 'spectral norm, N x N (calls in the inner loop)' },
  { name: 'sieve', file: 'bench_sieve.py', full: 3_000_000, quick: 1_000_000, group: 'numeric', what: 'sieve of Eratosthenes up to N, 4 times' },
  { name: 'mandelbrot', file: 'bench_mandelbrot.py', full: 280, quick: 140, group: 'numeric', what: 'mandelbrot 2N x N, 200 iterations max' },
  { name: 'fannkuch', file: 'bench_fannkuch.py', full: 9, quick: 8, group: 'calls', what: 'fannkuch-redux(N) twice (list permutations)' },
  { name: 'scheduler', file: 'oo_scheduler.py', full: 110, quick: 30, group: 'objects', what: 'task scheduler: classes, inheritance, attribute updates, N runs' },
  { name: 'raytrace', file: 'oo_raytrace.py', full: 240, quick: 120, group: 'objects', what: 'ray tracer with a Vector class (special methods), N x 3N/4 pixels' },
  { name: 'sudoku', file: 'oo_sudoku.py', full: 12, quick: 3, group: 'objects', what: 'constraint propagation on 5 sudokus (dicts, sets, exceptions), N rounds' },
  { name: 'wordcount', file: 'dict_wordcount.py', full: 300_000, quick: 80_000, group: 'objects', what: 'word and bigram counts in dicts over N generated words' },
  { name: 'connect4', file: 'board_search.py', full: 10, quick: 8, group: 'objects', what: 'connect-four alpha-beta with a transposition table, depth N' },
  { name: 'int-modloop', file: 'int_modloop.py', full: 5_000_000, quick: 1_250_000, group: 'wide-ints', what: '(total + i*i) % m with i*i crossing 2^47, N iterations' },
  { name: 'int-hash', file: 'int_hash.py', full: 120_000, quick: 30_000, group: 'wide-ints', what: '64-bit FNV-1a and modpow with 62-bit products, N' },
  { name: 'pidigits', file: 'bigint_pidigits.py', full: 3000, quick: 1000, group: 'big-ints', what: 'N digits of pi by the spigot (big ints)' },
  { name: 'factorial', file: 'bench_factorial_bigint.py', full: 2600, quick: 1500, group: 'big-ints', what: 'big-int factorials 1..N' },
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
