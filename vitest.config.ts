import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Most files are one process each and mostly wait for their child processes
// (python3, the VM, clang): run as many at once as there are cores (vitest's
// default leaves one idle, which on CI's 2 cores means one file at a time).
// Files that measure memory or time signals, or that need most of the
// machine's memory, run afterwards, one at a time.
const ALONE = ['test/hostile-limits.test.ts', 'test/huge-strs.test.ts', 'test/keyboard-interrupt.test.ts'];

export default defineConfig({
  test: {
    // Bounds for a hang, with room for a second file on the same cores.
    testTimeout: 300_000,
    hookTimeout: 900_000, // a corpus suite runs all its programs in beforeAll
    pool: 'forks',
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
