// Differential fuzzing: seeded random programs (int/big-int/float/list
// arithmetic, loops, ifs) run on the VM and on python3; outputs must match.
// Programs are batched into one module per python3 invocation for speed.
// FUZZ_COUNT=<n> runs more programs, FUZZ_SEED=<s> changes the seed.
import { describe, expect, it } from 'vitest';
import { firstDifference, generateBatch } from './helpers/vm-fuzz-generator.ts';
import { lastLine, mapLimit, runOnVm, runPythonSource } from './vm-python.ts';

const COUNT = Number(process.env.FUZZ_COUNT ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const BATCH = 50;

describe(`VM fuzz vs python3 (${COUNT} programs, seed ${SEED})`, () => {
  const batches = Array.from({ length: Math.ceil(COUNT / BATCH) }, (_, i) => i);
  it('agrees with python3 on every generated program', async () => {
    const sources = batches.map((b) => generateBatch(SEED + b, b * BATCH, Math.min(BATCH, COUNT - b * BATCH)));
    const expected = await mapLimit(sources, 2, (src) => runPythonSource(src));
    for (let b = 0; b < batches.length; b++) {
      const py = expected[b];
      const vm = runOnVm(sources[b], `fuzz_batch_${b}.py`);
      if (vm.stdout !== py.stdout) expect.soft(vm.stdout, `batch ${b}, seed ${SEED + b}: ${firstDifference(sources[b], vm.stdout, py.stdout)}`).toBe(py.stdout);
      expect(vm.stdout).toBe(py.stdout);
      expect(lastLine(vm.stderr)).toBe(lastLine(py.stderr));
      expect(vm.code).toBe(py.code);
    }
  });
});
