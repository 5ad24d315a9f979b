// Differential fuzzing with the tracing JIT on: the seeded random programs of
// test/helpers/vm-fuzz-generator.ts, with longer loops and each program called
// twice (loop counters persist across calls), run on python3, on the VM
// without the JIT, and on the VM with a TracingJit at threshold 2 (natively
// and on the uop interpreter). Outputs must be identical, and the
// batch must really have compiled and entered traces.
// Each program has a recursive helper that its statements call, so function
// traces and native recursion (CALL_TOP) are fuzzed too.
// 300 programs by default, a fixed-seed sample that keeps the suite short;
// `npm run fuzz` runs thousands on fresh seeds (a 1,500-program run once found
// a collector bug). FUZZ_COUNT=<n> runs more programs, FUZZ_SEED=<s> changes the seed.
import { describe, expect, it } from 'vitest';
import { firstDifference, generateBatch, type GeneratorOptions } from './helpers/vm-fuzz-generator.ts';
import { describeJit, JIT_MODES, runPythonLimited, runWithJit, type JitSummary } from './helpers/vm-jit-run.ts';
import { lastLine, mapLimit, runOnVm, type RunResult } from './vm-python.ts';

const COUNT = Number(process.env.FUZZ_COUNT ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20250317);
const BATCH = 25;
// Loops twice as long (3x makes some programs print tens of megabytes).
const GEN: GeneratorOptions = { loopScale: 2, calls: 2, recursion: true };

function check(label: string, source: string, got: RunResult, want: RunResult, summary?: JitSummary): void {
  const why = summary ? `${label}: ${describeJit(summary)}` : label;
  if (got.stdout !== want.stdout) expect.fail(`${why}\n${firstDifference(source, got.stdout, want.stdout)}`);
  expect(lastLine(got.stderr), why).toBe(lastLine(want.stderr));
  expect(got.code, why).toBe(want.code);
}

interface Totals {
  traces: number; functions: number; recursive: number; sides: number; entries: number; exits: number; linked: number;
  uopInterpreterEntries: number;
  /** Native traces per uop name that they contain at least once. */
  tracesWith: Map<string, number>;
}

/** Generates `count` programs in batches from `seed`, checks each batch on the JIT (both modes) against python3 and --no-jit. */
async function fuzz(count: number, seed: number, gen: GeneratorOptions): Promise<Totals> {
  const batches = Array.from({ length: Math.ceil(count / BATCH) }, (_, i) => i);
  const sources = batches.map((b) => generateBatch(seed + b, b * BATCH, Math.min(BATCH, count - b * BATCH), gen));
  const expected = await mapLimit(sources, 2, (src) => runPythonLimited(src));
  const total: Totals = { traces: 0, functions: 0, recursive: 0, sides: 0, entries: 0, exits: 0, linked: 0, uopInterpreterEntries: 0, tracesWith: new Map() };
  for (let b = 0; b < batches.length; b++) {
    const src = sources[b];
    const file = `jit_fuzz_batch_${b}.py`;
    const py = expected[b];
    const base = runOnVm(src, file);
    check(`batch ${b} without the JIT vs python3 (seed ${seed + b})`, src, base, py);
    for (const mode of JIT_MODES) {
      const run = runWithJit(src, file, { mode, threshold: 2, sideExitThreshold: 2 });
      const label = `batch ${b} (${mode}, seed ${seed + b})`;
      check(`${label} vs python3`, src, run, py, run.summary);
      check(`${label} vs --no-jit`, src, run, base, run.summary);
      expect(run.stderr, label).toBe(base.stderr);
      if (mode === 'native') {
        total.traces += run.summary.traces;
        total.functions += run.summary.functions;
        total.recursive += run.summary.recursive;
        total.sides += run.summary.sides;
        total.entries += run.summary.entries;
        total.exits += run.summary.exits;
        total.linked += run.summary.linkedExits;
        for (const t of run.jit.allTraces) {
          for (const uop of new Set(t.compiled.instructions.map((i) => i.uop))) total.tracesWith.set(uop, (total.tracesWith.get(uop) ?? 0) + 1);
        }
      } else {
        total.uopInterpreterEntries += run.summary.entries;
      }
    }
  }
  return total;
}

// Timeouts allow for another test file on the same cores (vitest.config.ts): the bound is for a hang.
describe(`VM fuzz with the tracing JIT vs python3 and --no-jit (${COUNT} programs, seed ${SEED})`, () => {
  const batches = Array.from({ length: Math.ceil(COUNT / BATCH) }, (_, i) => i);
  it('agrees on every generated program, with traces compiled and entered', async () => {
    const total = await fuzz(COUNT, SEED, GEN);
    // The generated loops are long enough to be traced: across the batch, many
    // traces were compiled and entered, side traces grew and exits were linked.
    const why = JSON.stringify({ ...total, tracesWith: undefined });
    expect(total.traces, why).toBeGreaterThanOrEqual(batches.length * 5);
    expect(total.entries, why).toBeGreaterThanOrEqual(batches.length * 20);
    expect(total.sides, why).toBeGreaterThan(0);
    // Every program and its recursive helper is called from tier-1 often enough to get a function trace.
    expect(total.functions, why).toBeGreaterThanOrEqual(batches.length * 5);
    expect(total.recursive, why).toBeGreaterThanOrEqual(batches.length);
    expect(total.linked, why).toBeGreaterThan(0);
    expect(total.uopInterpreterEntries, why).toBeGreaterThan(0);
    // The float registers were exercised: loop-carried float locals in fr0, results handed on in ftos.
    const withUops = (re: RegExp) => [...total.tracesWith].filter(([u]) => re.test(u)).reduce((n, [, k]) => n + k, 0);
    expect(withUops(/^ENTER_FR0$/), why).toBeGreaterThan(0);
    expect(withUops(/^(LOAD|STORE)_FR[01]/), why).toBeGreaterThan(0);
    expect(withUops(/_FLOAT.*_F$/), why).toBeGreaterThan(0);
  }, Math.max(300_000, COUNT * 1500));

  // Programs with classes, dicts, sets, closures, generators and exceptions: whatever the
  // recorder cannot translate ends a trace with an exit to tier-1 (or drops the recording).
  const OBJECT_COUNT = Math.ceil(COUNT / 4);
  it(`agrees on ${OBJECT_COUNT} generated programs of the full language`, async () => {
    const total = await fuzz(OBJECT_COUNT, SEED + 104_729, { ...GEN, objects: true });
    const why = JSON.stringify({ ...total, tracesWith: undefined });
    expect(total.traces, why).toBeGreaterThanOrEqual(OBJECT_COUNT / 5);
    expect(total.entries, why).toBeGreaterThan(0);
  }, Math.max(300_000, OBJECT_COUNT * 2000));

  // Programs that also build strs: ropes (STR_CONCAT) and constant-str subscripts in traces.
  const STR_COUNT = Math.ceil(COUNT / 4);
  it(`agrees on ${STR_COUNT} generated programs that build strings, with the string uops in traces`, async () => {
    const total = await fuzz(STR_COUNT, SEED + 7919, { ...GEN, strings: true });
    const why = JSON.stringify({ ...total, tracesWith: Object.fromEntries(total.tracesWith) });
    expect(total.traces, why).toBeGreaterThanOrEqual(STR_COUNT / 5);
    for (const uop of ['STR_CONCAT', 'STR_INDEX_CONST', 'STR_LEN']) expect(total.tracesWith.get(uop) ?? 0, `${uop}: ${why}`).toBeGreaterThanOrEqual(STR_COUNT / 25);
  }, Math.max(300_000, STR_COUNT * 2000));
});
