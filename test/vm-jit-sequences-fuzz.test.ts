// Seeded random programs over the sequence uops of cases/uops_loops.c (slices
// with random bounds and steps, concatenation, repetition, in/index/count/
// remove/pop/insert, sum/min/max/any/all/sorted/list/tuple, loops over tuples,
// sets, dicts, enumerate/zip/reversed), each statement in a loop hot enough to
// be traced at threshold 2, its values changing type and length as the loop
// goes, errors caught and printed: run natively and on the uop interpreter,
// against python3 and the VM without the JIT.
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgramSet } from './helpers/program-set.ts';
import { describeJit, JIT_MODES } from './helpers/vm-jit-run.ts';

const PROGRAMS_COUNT = Number(process.env.SEQ_FUZZ_COUNT ?? 16);
const SEED = Number(process.env.SEQ_FUZZ_SEED ?? 1515);

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const bound = () => pick(['None', String(int(-12, 12)), 'i % 7', '-(i % 5)', 'k']);
  const step = () => pick(['None', '1', '-1', '2', '-3', String(int(-4, 4)), '(i % 3) - 1']);
  const seqs = ['xs', 'ys', 'tup', 'mixed'];
  const num = () => pick(['i', 'k', '2.5', 'i * 0.5', 'True', String(int(-5, 20)), '-k']);
  const stmts: string[] = [];
  const n = int(10, 18);
  for (let s = 0; s < n; s++) {
    const a = pick(seqs);
    const b = pick(seqs);
    stmts.push(pick([
      `out.append(${a}[${bound()}:${bound()}:${step()}])`,
      `out.append(${a}[${bound()}:${bound()}])`,
      `out.append(len(${a} + ${b}))`,
      `out.append(${a} * (k - 2))`,
      `out.append(${num()} in ${a})`,
      `out.append(${num()} not in ${a})`,
      `out.append(${a}.index(${num()}))`,
      `out.append(${a}.count(${num()}))`,
      `xs.remove(${num()})`,
      `out.append(xs.pop())`,
      `out.append(xs.pop(${bound()}))`,
      `xs.insert(${bound()}, ${num()})`,
      `xs.append(${num()})`,
      `xs.reverse()`,
      `xs += ${pick(['[i]', '(k, 1.5)', 'ys[:2]'])}`,
      `out.append(${pick(['sum', 'min', 'max', 'any', 'all', 'sorted', 'list', 'tuple'])}(${a}))`,
      `out.append(sum(range(${bound()}, ${bound()}, ${pick(['1', '2', '-1', '-2'])})))`,
      `out.append(${num()} in range(${int(-3, 3)}, ${int(5, 15)}, ${pick(['1', '2', '-1', '3'])}))`,
      `for p, q in zip(${a}, ${b}):\n    out.append((p, q))`,
      `for j, v in enumerate(${a}):\n    t += j`,
      `for v in reversed(${a}):\n    out.append(v)`,
      `for v in ${a}:\n    out.append(v)`,
      `for v in st:\n    t += v`,
      `for kk, vv in dd.items():\n    t += kk * vv`,
      `st.add(${pick(['i % 5', 'k', '-k'])})`,
      `dd[i % 4] = k`,
      `ys = ${pick(['[]', '[1, 2, 3]', 'list(range(k))', '[2.5, None, "s"]', '(1, 2)', 'xs[::2]'])}`,
      `tup = tuple(xs)`,
      `mixed = ${pick(['[1, 2.0, True]', '(None, 3, 3.0)', '[float("nan"), 1]', 'xs', '[]', '(7,) * 3'])}`,
    ]));
  }
  const body = stmts.map((st) => `        try:\n            ${st.replace(/\n/g, '\n            ')}\n        except (ValueError, IndexError, TypeError, RuntimeError) as e:\n            out.append(type(e).__name__)`).join('\n');
  return `
def run(n):
    xs = [3, 1, 4, 1, 5]
    ys = [2.5, -1, 0]
    tup = (9, 2, 6)
    mixed = [1, 2.0, True]
    st = {1, 2}
    dd = {0: 1}
    out = []
    t = 0
    for i in range(n):
        k = i % 6
${body}
        if len(xs) > 40:
            xs = xs[:10]
        if len(out) > 300:
            print(repr(out)[:2000])
            out = []
    print(repr(out)[:4000], t, xs, ys, tup, sorted(st), dd)
run(40)
run(25)
`;
}

const SEQUENCE_UOPS = new Set([
  'SEQ_SLICE3', 'TUPLE_SLICE', 'SEQ_CONCAT', 'SEQ_REPEAT', 'LIST_EXTEND_SEQ', 'LIST_CONTAINS_NUMBER', 'TUPLE_CONTAINS_NUMBER',
  'SEQ_INDEX_NUMBER', 'SEQ_COUNT_NUMBER', 'LIST_REMOVE_NUMBER', 'LIST_POP', 'LIST_POP_AT', 'LIST_INSERT', 'LIST_REVERSE',
  'SUM_SEQ', 'MIN_SEQ', 'MAX_SEQ', 'ANY_SEQ', 'ALL_SEQ', 'SORTED_NUMBERS', 'TO_LIST', 'TO_TUPLE', 'SUM_RANGE', 'RANGE_OBJECT_NEW',
  'RANGE_CONTAINS_INT', 'ZIP2_SEQ_NEW', 'ENUMERATE_SEQ_NEW', 'REVERSED_SEQ_NEW', 'FOR_REVERSED_LIST_NEXT', 'TUPLE_ITER_NEW',
  'SET_ITER_NEW', 'FOR_SET_NEXT', 'DICT_ITER_NEW',
]);

const sources: Record<string, string> = {};
for (let p = 0; p < PROGRAMS_COUNT; p++) sources[`seq${p}`] = generate(SEED + p);
const programs = new ProgramSet(sources, 'vm-jit-seq-fuzz-');
beforeAll(() => programs.prepare(), 120_000);

describe.each(JIT_MODES)(`random sequence programs (%s, ${PROGRAMS_COUNT} programs, seed ${SEED})`, (mode) => {
  it('agree with python3 and the VM without the JIT, and run sequence uops in traces', () => {
    let compiled = 0;
    const seen = new Set<string>();
    for (const name of Object.keys(sources)) {
      const r = programs.run(name, { mode });
      expect(r.summary.aborted, `${name}: ${describeJit(r.summary)}`).toBe(0);
      compiled += r.summary.traces;
      for (const t of r.jit.allTraces) for (const i of t.compiled.instructions) if (SEQUENCE_UOPS.has(i.uop)) seen.add(i.uop);
    }
    expect(compiled).toBeGreaterThan(PROGRAMS_COUNT);
    // The batch really ran the sequence uops natively (most of them, whatever the seed).
    expect(seen.size, [...seen].join(' ')).toBeGreaterThanOrEqual(Math.min(12, PROGRAMS_COUNT));
  }, 600_000);
});
