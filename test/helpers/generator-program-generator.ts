// Seeded random Python programs built around generator functions, for the
// differential fuzz of generator frames in traces (test/vm-jit-generator-fuzz.test.ts):
// each program has a few module-level generator functions (while and for
// loops yielding ints or pairs at one or two places, early returns,
// try/finally that logs, exceptions raised at a chosen item, generators
// consuming the earlier ones) and a main that consumes them in loops with
// `for` (with break and continue), list(), sum() and next(), keeps
// every generator alive and closes them at the end, and catches what they
// raise. (Kept because python3 finalizes an abandoned suspended generator at
// once, running its finally, and this VM only when it exits.)
import { mulberry32 } from './vm-fuzz-generator.ts';

class ProgramWriter {
  private readonly rnd: () => number;
  constructor(seed: number, private readonly p: string) {
    this.rnd = mulberry32(seed);
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }

  private chance(p: number): boolean {
    return this.rnd() < p;
  }

  /** A value to yield from loop variable v (an int, or a pair). */
  private yielded(v: string): string {
    return this.pick([`${v}`, `${v} * k`, `(${v} * 7 + k) % 23`, `(${v}, k - ${v})`, `(k, ${v} % 5)`, `-${v}`]);
  }

  /** The body of generator number i (parameters n and k); earlier generators may be consumed. */
  private generator(i: number): string[] {
    const g = `${this.p}g${i}`;
    const lines: string[] = [];
    const body: string[] = [];
    const bad = this.int(0, 9);
    const raise = this.pick([[], [], [`        if j == ${bad} and k % 3 == 1:`, '            raise ValueError(j)'], [`        q = 100 // (j - ${bad} - k % 4)`]]);
    switch (this.int(0, 3)) {
      case 0:
        body.push('    j = 0', '    while j < n:');
        body.push(...raise);
        if (this.chance(0.4)) body.push(`        if j % ${this.int(2, 4)} == 0:`, `            yield ${this.yielded('j')}`);
        body.push(`        yield ${this.yielded('j')}`, '        j += 1');
        break;
      case 1:
        body.push(`    for j in range(${this.pick(['n', 'n + 1', 'k % 5, n + 2', 'n, -1, -1'])}):`);
        body.push(...raise);
        if (this.chance(0.4)) body.push(`        if (j + k) % ${this.int(2, 5)} == 0:`, '            continue');
        if (this.chance(0.3)) body.push(`        if j > ${this.int(3, 12)}:`, '            return');
        body.push(`        yield ${this.yielded('j')}`);
        if (this.chance(0.3)) body.push(`        yield ${this.yielded('j')}`);
        break;
      case 2: {
        const inner = i > 0 ? `${this.p}g${this.int(0, i - 1)}` : null;
        if (inner) {
          body.push(`    for j in ${this.p}keep(${inner}(n, k + 1)):`, '        if not isinstance(j, int):', '            j = j[0] + j[1]');
        } else {
          body.push('    for j in range(n):');
        }
        body.push(...raise);
        body.push(`        yield ${this.yielded('j')}`);
        break;
      }
      default:
        body.push('    j = n', '    while True:', '        j -= 1', '        if j < 0:', '            return');
        body.push(...raise);
        body.push(`        yield ${this.yielded('j')}`);
    }
    lines.push(`def ${g}(n, k${this.chance(0.3) ? '=3' : ''}):`);
    if (this.chance(0.35)) {
      lines.push('    try:', ...body.map((l) => `    ${l}`), '    finally:', `        ${this.p}log.append((${i}, n, k))`);
    } else {
      lines.push(...body);
    }
    return lines;
  }

  /** One consuming statement in main's loop over k (t accumulates). */
  private consumer(n: number): string[] {
    const g = `${this.p}g${this.int(0, n - 1)}`;
    const size = this.pick(['k % 6', 'k % 9 + 1', '5', 'k % 3 + 8']);
    const call = `${this.p}keep(${g}(${size}, k))`;
    switch (this.int(0, 5)) {
      case 0:
      case 1: {
        const lines = [`        for x in ${call}:`, `            t = (t * 31 + ${this.p}h(x)) % 1000003`];
        if (this.chance(0.4)) lines.push(`            if ${this.p}h(x) % ${this.int(3, 7)} == 0:`, '                continue');
        return lines;
      }
      case 2:
        // A break leaves the generator suspended: kept and closed at the end.
        return [`        gen = ${call}`, '        for x in gen:', `            t += ${this.p}h(x)`,
          `            if t % ${this.int(2, 5)} == 0:`, '                break'];
      case 3:
        return [`        t += len(list(${call})) + sum(${this.p}h(x) for x in ${call})`];
      case 4:
        return [`        gen = ${call}`, '        t += sum(1 for _ in zip(range(2), gen))', '        for x in gen:', `            t ^= ${this.p}h(x)`];
      default:
        return [`        for a in ${call}:`, `            for b in ${this.p}keep(${this.p}g${this.int(0, n - 1)}(3, k)):`, `                t += ${this.p}h(a) * ${this.p}h(b) % 97`];
    }
  }

  program(): string {
    const p = this.p;
    const n = this.int(2, 4);
    const out: string[] = [`${p}log = []`, `${p}kept = []`, `def ${p}h(x):`, '    return x if isinstance(x, int) else x[0] * 3 - x[1]',
      `def ${p}keep(gen):`, `    ${p}kept.append(gen)`, '    return gen'];
    for (let i = 0; i < n; i++) out.push(...this.generator(i));
    out.push(`def ${p}main():`, '    t = 0', `    for k in range(${this.int(20, 60)}):`, '        try:');
    const stmts: string[] = [];
    for (let s = this.int(1, 3); s > 0; s--) stmts.push(...this.consumer(n));
    out.push(...stmts.map((l) => `    ${l}`));
    out.push('        except (ValueError, ZeroDivisionError) as e:', '            t = (t + 7 * len(str(e))) % 1000003');
    out.push(`    for gen in ${p}kept:`, '        gen.close()');
    out.push(`    print("${p}", t, len(${p}log), ${p}log[-5:])`);
    out.push(`${p}main()`);
    return out.join('\n');
  }
}

/** `count` programs from `seed`, one source (each program's names prefixed, so they cannot collide). */
export function generateGeneratorBatch(seed: number, count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(new ProgramWriter(seed * 1000 + i, `p${i}_`).program());
  return parts.join('\n\n') + '\n';
}
