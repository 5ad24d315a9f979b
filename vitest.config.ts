import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Most files are one process each and mostly wait for their child processes
// (python3, the VM, clang): run as many at once as there are cores (vitest's
// default leaves one idle, which on CI's 2 cores means one file at a time).
// Files that measure memory or time signals, or that need most of the
// machine's memory, run afterwards, one at a time.
const ALONE = ['test/hostile-limits.test.ts', 'test/huge-strs.test.ts', 'test/keyboard-interrupt.test.ts'];

// The files that take minutes on CI's 2 cores, longest first. Without durations
// of its own (a clean clone, as on CI) vitest starts the largest files first,
// and some of these are small: one of them started last ran alone for minutes
// at the end of the run.
const LONG = [
  'test/vm-corpus.test.ts', 'test/table-checks.test.ts', 'test/vm-jit-fuzz.test.ts', 'test/generator.test.ts',
  'test/stencils-lld.test.ts', 'test/python-parser.test.ts', 'test/aarch64-vm.test.ts', 'test/vm-jit-targeted.test.ts',
  'test/cli-anywhere.test.ts',
];

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG.indexOf(path.relative(f.project.config.root, f.moduleId));
      return i < 0 ? LONG.length : i;
    };
    // Within a project (and its group), the long files first; otherwise vitest's order.
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => a.f.project.config.sequence.groupOrder - b.f.project.config.sequence.groupOrder
        || (a.f.project.name === b.f.project.name ? 0 : a.f.project.name < b.f.project.name ? -1 : 1)
        || rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    // Bounds for a hang, with room for a second file on the same cores.
    testTimeout: 300_000,
    hookTimeout: 900_000, // a corpus suite runs all its programs in beforeAll
    pool: 'forks',
    sequence: { sequencer: LongFilesFirst },
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ALONE, maxWorkers: Math.max(2, os.availableParallelism()) },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
