// The collector keeps a program that allocates far more than its arena
// running in bounded memory, and never frees anything reachable.
import { describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, runPythonLimited, runWithJit } from './helpers/vm-jit-run.ts';
import { runOnVm } from './vm-python.ts';

const ARENA = 8 * 1024 * 1024;

const churn = `
keep = []
total = 0
for i in range(200000):
    row = [i, i + 1, i + 2, i * 2, (i, str(i)), 2 ** 70 + i]
    row.append([0] * 40)
    total += len(row) + row[5] % 3
    if i % 20000 == 0:
        keep.append(row)
print(total, len(keep), keep[4][4], keep[-1][5])
`;

describe('VM garbage collector', () => {
  it('runs an allocation loop far larger than the arena in bounded memory', () => {
    let stats = { peak: 0, allocated: 0, collections: 0, live: 0 };
    const r = runOnVm(churn, 'churn.py', {
      arenaBytes: ARENA,
      frameStackBytes: 256 * 1024,
      minGcBytes: 2 * 1024 * 1024,
      inspect: (rt) => {
        stats = {
          peak: rt.heap.peakArenaBytes,
          allocated: rt.heap.totalAllocatedBytes,
          collections: rt.heap.collections,
          live: rt.heap.liveBytesAfterGc,
        };
      },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${expectedTotal()} 10 (80000, '80000') ${2n ** 70n + 180000n}\n`);
    console.log(`gc: allocated ${(stats.allocated / 2 ** 20).toFixed(1)} MiB in a ${ARENA / 2 ** 20} MiB arena; ` +
      `peak arena use ${(stats.peak / 2 ** 20).toFixed(2)} MiB; ${stats.collections} collections; live after last ${stats.live} bytes`);
    expect(stats.allocated).toBeGreaterThan(10 * ARENA);
    expect(stats.peak).toBeLessThan(ARENA / 2);
    expect(stats.collections).toBeGreaterThan(10);
  });

  it('keeps objects reachable only from frames, globals and containers alive', () => {
    const src = `
def build(n):
    out = []
    for i in range(n):
        out.append([str(i), 2 ** 80 + i, (i, [i])])
    return out
def check(xs):
    s = 0
    for x in xs:
        s += int(x[0]) + x[1] % 1000 + x[2][1][0]
    return s
total = 0
for round in range(30):
    total += check(build(3000))
print(total)
`;
    const r = runOnVm(src, 'reach.py', { arenaBytes: ARENA, frameStackBytes: 256 * 1024, minGcBytes: 1024 * 1024 });
    let expected = 0n;
    for (let i = 0n; i < 3000n; i++) expected += i + (2n ** 80n + i) % 1000n + i;
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${expected * 30n}\n`);
  });

  it('keeps the object after a one-word free fragment intact (collections every few KiB)', () => {
    // Found by the JIT fuzzer: a dead one-word run between live objects was linked into a
    // free list, and the link overwrote the header of the live big int after it.
    const src = `
def f():
    L = [2, 10 ** 20]
    for i in range(90):
        for j in range(12):
            M = L[:]
        L.append(2 ** 100 - 5 - i)
    print(len(L), sum(L))
f()
`;
    let sum = 2n + 10n ** 20n;
    for (let i = 0n; i < 90n; i++) sum += 2n ** 100n - 5n - i;
    for (const minGcBytes of [4096, 16384, 65536]) {
      const r = runOnVm(src, 'fragment.py', { arenaBytes: 128 * 1024 * 1024, minGcBytes });
      expect(r.stderr, `minGcBytes ${minGcBytes}`).toBe('');
      expect(r.stdout).toBe(`92 ${sum}\n`);
    }
  });

  it('keeps what instance __dict__s hold (dict mode, replaced dicts; collections every few KiB)', async () => {
    // An instance whose __dict__ was asked for keeps its attributes in a real dict in its
    // last slot: the collector must trace it, and drop a replaced one.
    const src = `
class Node:
    def __init__(self, i):
        self.i = i
        self.tag = str(i)
keep = []
total = 0
for i in range(3000):
    n = Node(i)
    d = n.__dict__
    d['big'] = 2 ** 70 + i
    d['lst'] = [i] * 5
    n.extra = (i, str(i * 2))
    if i % 3 == 0:
        n.__dict__ = {'i': i, 'rep': [str(i)] * 3}
    total += n.i + len(vars(n)) + n.__dict__.get('big', 0) % 7
    if i % 100 == 0 or i % 100 == 1:
        keep.append(n)
print(total, [(k.i, sorted(vars(k))) for k in keep[:4]], sum(k.i for k in keep))
print(keep[-1].__dict__, keep[-1].rep, keep[-2].big, keep[-3].lst)
`;
    const py = await runPythonLimited(src);
    for (const minGcBytes of [4096, 65536]) {
      const r = runOnVm(src, 'instance_dicts.py', { arenaBytes: 128 * 1024 * 1024, minGcBytes });
      expect(r.stderr, `minGcBytes ${minGcBytes}`).toBe('');
      expect(r.stdout, `minGcBytes ${minGcBytes}`).toBe(py.stdout);
    }
  });
});

function expectedTotal(): bigint {
  let total = 0n;
  for (let i = 0n; i < 200000n; i++) total += 7n + (2n ** 70n + i) % 3n;
  return total;
}

// Lists and tuples the JIT builds natively (LIST_SLICE, BUILD_LIST, BUILD_TUPLE
// bump tier-1's lent allocation buffer) are heap objects like any other: collected when dropped, kept when
// reachable, in the same bounded arena, natively and on the uop interpreter.
const NATIVE_CHURN = `
def churn(n):
    base = list(range(40))
    keep = []
    total = 0
    for i in range(n):
        a = base[:]
        b = a[i % 7:i % 13 + 20]
        c = [b, i, (i, b[1])]
        total += len(a) + len(b) + b[0] + c[2][1]
        if i % 997 == 0:
            keep.append(c[0])
            keep.append(str(i))
    return total, len(keep), keep[1::2][-3:], sum([x[0] + x[-1] for x in keep[::2]])

print(churn(200000))
`;

describe('VM garbage collector with natively allocated lists', () => {
  for (const mode of JIT_MODES) {
    it(`collects and keeps lists the traces build (${mode})`, async () => {
      let stats = { peak: 0, allocated: 0, collections: 0 };
      const r = runWithJit(NATIVE_CHURN, 'native_churn.py', { mode, threshold: 2 }, {
        arenaBytes: ARENA,
        frameStackBytes: 256 * 1024,
        minGcBytes: 2 * 1024 * 1024,
        inspect: (rt) => {
          stats = { peak: rt.heap.peakArenaBytes, allocated: rt.heap.totalAllocatedBytes, collections: rt.heap.collections };
        },
      });
      const py = await runPythonLimited(NATIVE_CHURN);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(py.stdout);
      for (const uop of ['LIST_SLICE', 'BUILD_LIST', 'BUILD_TUPLE']) {
        expect(r.jit.allTraces.some((t) => t.compiled.instructions.some((i) => i.uop === uop)), `${uop}: ${describeJit(r.summary)}`).toBe(true);
      }
      // 400,000 lists of up to 40 items: far more than the arena, in bounded memory. (Every
      // 997th iteration leaves the trace at str(), so the buffer is lent and taken back often.)
      expect(stats.allocated).toBeGreaterThan(10 * ARENA);
      expect(stats.peak).toBeLessThan(ARENA / 2);
      expect(stats.collections).toBeGreaterThan(10);
      // A full buffer goes on natively into the next lent free run (between the kept lists):
      // 247 alloc exits, 5,198 with the buffer alone (a collection every 2 MB here).
      const allocExits = r.jit.allTraces.reduce((n, t) => n + t.exitCounts.reduce((m, c, i) => m + (t.exitReason[i] === 'alloc' ? c : 0), 0), 0);
      expect(allocExits).toBeLessThan(1000);
    });
  }
});
