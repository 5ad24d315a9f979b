// Loop-carried wide ints in a box of the loop's own (optimizer/wide-locals.ts,
// cases/wide_locals.c UNSHARE_WIDE_LOCAL): loops agree with python3 and the
// box never escapes the loop: values appended on a side path, printed from
// tier-1 at an exit, returned or kept across calls are each their own object.
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgramSet } from './helpers/program-set.ts';
import { JIT_MODES } from './helpers/vm-jit-run.ts';

const PROGRAM = `
MASK = (1 << 64) - 1

def fnv(n):
    h = 0xCBF29CE484222325
    while n:
        h ^= n & 0xFF
        h = (h * 0x100000001B3) & MASK
        n >>= 8
    return h

def side_path(n):
    h = 0xCBF29CE484222325
    out = []
    for i in range(n):
        h = (h * 0x100000001B3 + i) & MASK
        if i % 7 == 6:
            out.append(h)          # a side trace reads the local: a copy, not the box
    return h, out

def tier1_exits(n):
    acc = 3 ** 40            # wide from the start: the root is recorded on a wide accumulator
    seen = []
    for i in range(n):
        acc = (acc * 31 + 3000000019 * (i + 1)) % 4611686018427387847
        if i % 97 == 0:
            seen.append(acc)
            seen.append(str(acc))  # tier-1 runs this (a stitch or exit with the local live)
    return acc, seen

def small_again(n):
    x = 5
    xs = []
    for i in range(n):
        x = (x * 1000003 + i) % (1 << 62) if i % 50 else i   # wide, then small, then wide
        xs.append(x)
    return xs

results = [fnv(i * 2654435761) for i in range(300)]
print(len(set(results)), sum(results) % 1000000007, results[:3])
h, out = side_path(3000)
print(h, len(out), len(set(out)), sum(out) % 1000000007, out[:3], out[-2:])
acc, seen = tier1_exits(3000)
print(acc, len(seen), seen[:4], seen[-4:])
xs = small_again(2000)
print(len(set(xs)), sum(xs) % 1000000007, xs[:3], xs[-3:])
`;

const programs = new ProgramSet({ locals: PROGRAM }, 'vm-wide-locals-');

beforeAll(() => programs.prepare(), 180_000);

describe.each(JIT_MODES)('wide locals (%s)', (mode) => {
  it('agree with python3, and the loops keep their wide ints in their own box', () => {
    const r = programs.run('locals', { mode });
    const withLocals = r.jit.allTraces.filter((t) => t.wideLocals !== undefined && t.entries > 0);
    const names = withLocals.map((t) => r.jit.traceName(t));
    for (const fn of ['fnv', 'side_path', 'tier1_exits']) expect(names.some((n) => n.includes(`(${fn}, `)), `${fn} in ${names.join('; ')}`).toBe(true);
    // The side traces grown from such a loop copy the box first.
    const sides = r.jit.allTraces.filter((t) => t.kind === 'side' && t.parent?.wideLocals !== undefined);
    expect(sides.length).toBeGreaterThan(0);
    for (const t of sides) expect(t.compiled.instructions[0].uop).toBe('UNSHARE_WIDE_LOCAL');
  }, 120_000);
});
