// Differential fuzzing: seeded random programs (int/big-int/float/list
// arithmetic, loops, ifs) run on the VM and on python3; outputs must match.
// Programs are batched into one module per python3 invocation for speed.
// FUZZ_COUNT=<n> runs more programs, FUZZ_SEED=<s> changes the seed.
import { describe, expect, it } from 'vitest';
import { firstDifference, generateBatch, type GeneratorOptions } from './helpers/vm-fuzz-generator.ts';
import { lastLine, mapLimit, runOnVm, runPythonSource } from './vm-python.ts';

const COUNT = Number(process.env.FUZZ_COUNT ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const BATCH = 50;

/** Checks `count` generated programs (batches of BATCH from `seed`) against python3. */
async function fuzzAgainstPython(count: number, seed: number, options: GeneratorOptions): Promise<void> {
  const batches = Array.from({ length: Math.ceil(count / BATCH) }, (_, i) => i);
  const sources = batches.map((b) => generateBatch(seed + b, b * BATCH, Math.min(BATCH, count - b * BATCH), options));
  const expected = await mapLimit(sources, 2, (src) => runPythonSource(src));
  for (let b = 0; b < batches.length; b++) {
    const py = expected[b];
    const vm = runOnVm(sources[b], `fuzz_batch_${b}.py`);
    if (vm.stdout !== py.stdout) expect.soft(vm.stdout, `batch ${b}, seed ${seed + b}: ${firstDifference(sources[b], vm.stdout, py.stdout)}`).toBe(py.stdout);
    expect(vm.stdout).toBe(py.stdout);
    expect(lastLine(vm.stderr)).toBe(lastLine(py.stderr));
    expect(vm.code).toBe(py.code);
  }
}

// Programs with classes, special methods, dicts, sets, closures, generators and exceptions.
const OBJECT_COUNT = Math.ceil(COUNT / 2);
describe(`VM fuzz of the full language vs python3 (${OBJECT_COUNT} programs, seed ${SEED + 50_000})`, () => {
  it('agrees with python3 on every generated program', async () => {
    await fuzzAgainstPython(OBJECT_COUNT, SEED + 50_000, { objects: true, calls: 2 });
  }, Math.max(120_000, OBJECT_COUNT * 400));
});

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
