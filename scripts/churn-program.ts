// Issue 19's trace-churn program: more hot code than the JIT should ever
// compile (PAIRS small function pairs, each g with a short loop, each f
// calling its g three times), called round-robin ROUNDS times. Its traces
// barely pay back what they cost, so the JIT's fixed costs (recording,
// compiling, entering and leaving traces) show against --no-jit. One copy,
// used by `npm run bench` (its churn row) and test/jit-budget.test.ts.

export const CHURN_PAIRS = 600;
export const CHURN_ROUNDS = 60;

/**
 * `bursts`: each f called `rounds` times in a row instead (its loops turn hot
 * in a moment, one pair after another: test/jit-budget.test.ts's program that
 * keeps meeting new hot code).
 */
export function churnProgram(pairs = CHURN_PAIRS, rounds = CHURN_ROUNDS, order: 'round-robin' | 'bursts' = 'round-robin'): string {
  const lines: string[] = [];
  for (let i = 0; i < pairs; i++) {
    lines.push(`def g${i}(n):\n    s = ${i}\n    for k in range(n):\n        s += k * ${(i % 7) + 1}\n    return s\n`);
    lines.push(`def f${i}(x):\n    t = 0\n    for j in range(3):\n        t += g${i}(j + x % 3)\n    return t\n`);
  }
  const calls = order === 'bursts' ? `for f in fs:\n    for r in range(${rounds}):\n        total += f(r)` : `for r in range(${rounds}):\n    for f in fs:\n        total += f(r)`;
  lines.push(`fs = [${Array.from({ length: pairs }, (_, i) => `f${i}`).join(', ')}]\ntotal = 0\n${calls}\nprint(total)\n`);
  return lines.join('\n');
}
