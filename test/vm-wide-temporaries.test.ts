// Int128 temporaries boxed without allocation (optimizer/wide-temporaries.ts,
// cases/wide_temporaries.c): loops whose int128 intermediates feed the next
// operation agree with python3 and the VM without the JIT, the _T uops run,
// and values that escape (stored, appended, returned) are never the reused box.
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgramSet } from './helpers/program-set.ts';
import { JIT_MODES } from './helpers/vm-jit-run.ts';

const PROGRAM = `
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

def escapes(n):
    keep = []
    x = 3 ** 30
    for i in range(n):
        p = x * (i + 1)          # stored: a real box each time
        keep.append(p)
        q = (x * i + p) // 7     # temporaries feeding // (and the sum)
        keep.append(q)
        if (x * i) % 1000003 > (p * 3) % 1000003:
            keep.append(i)
        keep.append((p * p) >> 100)  # an int128 product past 2^127: side trace, any-size uops
    return keep

def mixed(n):
    acc = 1
    for i in range(n):
        acc = (acc * 31 + 3000000019 * (i + 1)) % 4611686018427387847
    return acc

print(sum_squares(11863000, 4000, 1000003), sum_squares(-11863200, 3000, 1000003))
h = 0
for i in range(400):
    h ^= fnv(i * 2654435761)
print(hex(h))
k = escapes(300)
print(len(k), sum(k) % 1000000007, k[:6], k[-4:], len(set(k)))
print(mixed(5000))
`;

const programs = new ProgramSet({ temporaries: PROGRAM }, 'vm-wide-temporaries-');

beforeAll(() => programs.prepare(), 180_000);

describe.each(JIT_MODES)('int128 temporaries (%s)', (mode) => {
  it('agree with python3, run as _T uops, and never hand out the reused box', () => {
    const r = programs.run('temporaries', { mode });
    const ran = new Set<string>();
    for (const t of r.jit.allTraces) {
      if (t.entries === 0 && t.kind !== 'side') continue;
      for (const i of t.compiled.instructions) if (i.uop.endsWith('_WIDE_T')) ran.add(i.uop);
    }
    for (const uop of ['MUL_WIDE_T', 'ADD_WIDE_T', 'AND_WIDE_T']) expect(ran, [...ran].join(' ')).toContain(uop);
  }, 120_000);
});
