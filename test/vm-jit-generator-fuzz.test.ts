// Differential fuzzing of generator frames in traces (record-generators.ts,
// cases/uops_generators.c): the seeded random programs of
// test/helpers/generator-program-generator.ts (generator functions with
// loops, several yields, early returns, try/finally, exceptions at chosen
// items, generators consuming generators; consumed by for with break and
// continue, list(), sum(), zip() and closed at the end) run on python3, on the
// VM without the JIT and with the JIT at threshold 2, natively and on the uop
// interpreter; every output must be identical and the batches must have run
// generator frames natively. GEN_FUZZ_BATCHES=<n> runs more batches,
// GEN_FUZZ_SEED=<s> changes the seed.
import { describe, expect, it } from 'vitest';
import { generateGeneratorBatch } from './helpers/generator-program-generator.ts';
import { firstDifference } from './helpers/vm-fuzz-generator.ts';
import { describeJit, JIT_MODES, runPythonLimited, runWithJit } from './helpers/vm-jit-run.ts';
import { mapLimit, runOnVm } from './vm-python.ts';

const BATCHES = Number(process.env.GEN_FUZZ_BATCHES ?? 4);
const SEED = Number(process.env.GEN_FUZZ_SEED ?? 7);
const PROGRAMS_PER_BATCH = 12;

describe(`generator frames in traces, fuzzed against python3 and --no-jit (${BATCHES} x ${PROGRAMS_PER_BATCH} programs, seed ${SEED})`, () => {
  it('agrees on every program, with generator frames resumed and yielded natively', async () => {
    const sources = Array.from({ length: BATCHES }, (_, b) => generateGeneratorBatch(SEED + b, PROGRAMS_PER_BATCH));
    const expected = await mapLimit(sources, 2, (src) => runPythonLimited(src));
    const uses = new Map<string, number>();
    for (let b = 0; b < BATCHES; b++) {
      const src = sources[b];
      const file = `gen_fuzz_batch_${b}.py`;
      const py = expected[b];
      expect(py.code, `python3 on batch ${b} (seed ${SEED + b}): ${py.stderr}`).toBe(0);
      const base = runOnVm(src, file);
      if (base.stdout !== py.stdout) expect.fail(`batch ${b} without the JIT vs python3 (seed ${SEED + b})\n${firstDifference(src, base.stdout, py.stdout)}`);
      for (const mode of JIT_MODES) {
        const run = runWithJit(src, file, { mode, threshold: 2, sideExitThreshold: 2 });
        const label = `batch ${b} (${mode}, seed ${SEED + b}): ${describeJit(run.summary)}`;
        if (run.stdout !== py.stdout) expect.fail(`${label}\n${firstDifference(src, run.stdout, py.stdout)}`);
        expect(run.stderr, label).toBe(py.stderr);
        expect(run.code, label).toBe(0);
        for (const t of run.jit.allTraces) for (const u of new Set(t.compiled.instructions.map((i) => i.uop))) uses.set(u, (uses.get(u) ?? 0) + 1);
      }
    }
    // The batches exercised every generator uop (in traces of both modes).
    const why = JSON.stringify(Object.fromEntries([...uses].filter(([u]) => /GEN/.test(u))));
    for (const u of ['PUSH_GEN_FRAME', 'POP_GEN_FRAME', 'GUARD_GEN_FOR_CALLER', 'MAKE_GENERATOR', 'RETURN_GEN_FRAME']) expect(uses.get(u) ?? 0, `${u}: ${why}`).toBeGreaterThan(0);
  }, 600_000);
});
