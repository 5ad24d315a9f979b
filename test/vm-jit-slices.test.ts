// List slice stores and deletes (BUILD_SLICE 2 + STORE_SUBSCR / DELETE_SUBSCR
// as one uop), star displays (LIST_EXTEND of a list or tuple) and
// LIST_TO_TUPLE in traces (record-slices.ts, cases/uops_slices.c): each
// program runs at JIT threshold 2, natively and on the uop interpreter,
// against python3 and the VM without the JIT (the uops' generic path), with
// shrinking, growing past capacity, a list stored into itself, bounds of
// every sign and None, and exits where a bound or value changes type (tier-1
// raises python3's TypeError). Each test asserts the uops ran.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const PROGRAMS: Record<string, string> = {
  stores: `
def main():
    out = []
    a = list(range(10))
    t = (7, 8, 9)
    for i in range(200):
        k = i % 13 - 4
        j = i % 7 - 2
        b = list(range(i % 9))
        b[k:j] = a[j:k] + [i]
        out.append(len(b))
        b[k:] = t
        out.append(sum(b))
        b[:j] = []
        out.append(tuple(b))
        c = b[:]
        del c[j:k]
        out.append(tuple(c))
        del c[:]
        out.append(len(c))
        x = (*b, i)
        out.append(x[-1] + len(x))
        d = list(range(i % 5))
        d[1:3] = d
        out.append(d)
        try:
            d[0:1] = 5
        except TypeError as e:
            out.append(str(e))
        d[None:None] = range(3)
        out.append(tuple(d))
        e = [0] * (i % 4)
        e[i % 3:] = list(range(i % 40))
        out.append(len(e))
    print(out[-30:], len(out), sum(len(str(o)) for o in out))
main()
x = [1, 2, 3]
try:
    x[::2] = 5
except TypeError as e:
    print(e)
try:
    x[1:2] = None
except TypeError as e:
    print(e)
`,
  guards: `
def main():
    out = []
    for i in range(60):
        a = list(range(8))
        k = i % 5 if i < 50 else (None if i < 55 else 1.5)
        try:
            del a[k:k + 2 if k is not None and k != 1.5 else None]
        except TypeError as e:
            out.append(str(e))
        try:
            a[k:] = (i, i)
        except TypeError as e:
            out.append(str(e))
        b = a if i < 58 else 'ab'
        try:
            b[1:3] = [i]
        except TypeError as e:
            out.append(str(e))
        out.append(tuple(a))
    print(out)
main()
`,
  rotations: `
def rotations(n, rounds):
    order = list(range(n))
    counts = [0] * n
    seen = 0
    for r in range(rounds):
        i = r % n
        order[i:] = order[i + 1:] + order[i:i + 1]
        counts[order[0]] += 1
        head = tuple(order[:3])
        seen += head[0] * 3 + len(head)
    print(order, counts, seen)

rotations(7, 500)
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-slices-');
beforeAll(() => programs.prepare());

function uopCounts(r: JitRun): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of r.jit.allTraces) for (const i of t.compiled.instructions) m.set(i.uop, (m.get(i.uop) ?? 0) + 1);
  return m;
}

function expectUops(r: JitRun, uops: string[]): void {
  const counts = uopCounts(r);
  for (const u of uops) expect(counts.get(u) ?? 0, `${u} in ${[...counts.keys()].join(' ')}: ${describeJit(r.summary)}`).toBeGreaterThan(0);
}

for (const mode of JIT_MODES) {
  describe(`slices and star displays in traces (${mode})`, () => {
    it('slice stores and deletes, star displays, tuple(): natively', () => {
      const r = programs.run('stores', { mode });
      expectUops(r, ['LIST_STORE_SLICE', 'LIST_DELETE_SLICE', 'LIST_TO_TUPLE', 'LIST_EXTEND_SEQ']);
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    });

    it('bounds and values changing type: exits, and tier-1 raises', () => {
      const r = programs.run('guards', { mode });
      expectUops(r, ['LIST_STORE_SLICE', 'LIST_DELETE_SLICE']);
      expect(r.summary.exits, describeJit(r.summary)).toBeGreaterThan(0);
    });

    it('a rotation by slice store (as permutation generators do) does not stitch', () => {
      const r = programs.run('rotations', { mode });
      expectUops(r, ['LIST_STORE_SLICE']);
      expect(Object.keys(r.summary.stitchReasons).filter((k) => k.includes('BUILD_SLICE') || k.includes('LIST_TO_TUPLE')), describeJit(r.summary)).toEqual([]);
    });
  });
}
