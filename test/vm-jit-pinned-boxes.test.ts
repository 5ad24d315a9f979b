// The int boxes pinned for a trace's uops (wide temporaries and locals,
// optimizer/wide-temporaries.ts and wide-locals.ts; divisor cells,
// optimizer/wide-divisors.ts) are unpinned when the trace is freed: a tree
// recorded again by int widening, or retired, leaves no pinned memory behind,
// and the program still agrees with python3 while the collector reclaims them.
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgramSet } from './helpers/program-set.ts';
import { JIT_MODES } from './helpers/vm-jit-run.ts';

const PROGRAMS: Record<string, string> = {
  // Loops start small and cross 2^47 (each tree is recorded again wide, the first
  // root freed); two_sites widens a second site later; hashing's trees (wide boxes
  // for the inlined step's product) are invalidated when step is rebound. Lists of big ints keep the collector busy meanwhile.
  rerecorded: `
def sum_squares(start, n, m):
    total = 0
    for i in range(start, start + n):
        total = (total + i * i) % m
    return total

def fnv(n):
    h = 0xCBF29CE484222325
    while n:
        h ^= n & 0xFF
        h = (h * 0x100000001B3) & ((1 << 64) - 1)
        n >>= 8
    return h

def two_sites(n):
    a = 1
    b = 1
    for i in range(n):
        a = (a * 1000003 + i) % 4611686018427387847
        if i > 300:
            b = (b * 3 + a) % (2**100 + 277)
    return a, b

MASK = (1 << 64) - 1

def step(h, i):
    return ((h ^ i) * 0x100000001B3) & MASK

def other_step(h, i):
    return ((h + i) * 0x100000001B3 + 7) & MASK

def hashing(n):
    h = 0xCBF29CE484222325
    for i in range(n):
        h = step(h, i)
    return h

keep = []
for k in range(30):
    keep.append([2**70 + j * k for j in range(200)])
    print(k, sum_squares(11_860_000 - 300 + k, 600, 1000003 + k), fnv(k * 2654435761 + 2**50))
    print(two_sites(400 + k))
    print(hashing(300 + k))
    if k == 10:
        step = other_step   # the traces inlining step are invalidated (freed) mid-run
print(sum(sum(x) for x in keep) % 1000000007)
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-pinned-boxes-');

beforeAll(() => programs.prepare(), 180_000);

describe.each(JIT_MODES)('pinned int boxes (%s)', (mode) => {
  it('are unpinned with their trace, during the run and at its end', () => {
    const r = programs.run('rerecorded', { mode });
    const counts = r.jit.pinnedBoxCounts;
    expect(counts.pinned).toBeGreaterThan(0);
    // Trees freed while the program ran (recorded again wide) gave their boxes back then...
    expect(counts.unpinnedBeforeEnd).toBeGreaterThan(0);
    // ...and every other box went with its trace at the end.
    expect(counts.unpinned).toBe(counts.pinned);
  }, 120_000);
});
