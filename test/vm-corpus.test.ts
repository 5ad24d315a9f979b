// Differential test: every program in test/corpus runs on the VM (in-process)
// and on python3; stdout, the last stderr line and the exit code must agree.
// Files named err_* must also print python3's whole traceback (frames, source
// lines, chained exceptions; 3.11's ^~~ position markers aside).
// Files named syntax_error_* must be rejected at compile time (exit 1 as python3,
// `file:line:col: SyntaxError: ...`) where python3 also reports a SyntaxError.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastLine, mapLimit, runOnPython, runOnVm, type RunResult } from './vm-python.ts';

const corpusDir = join(import.meta.dirname, 'corpus');
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.py')).sort();
const expected = new Map<string, RunResult>();

/** Programs whose traceback python3 abbreviates in ways the VM does not copy ("[Previous line repeated N more times]"). */
const TRACEBACK_LAST_LINE_ONLY = new Set(['err_recursion_method.py']);

/** A traceback without 3.11's position markers, with the program named by its file name. */
function comparableTraceback(stderr: string, file: string): string {
  return stderr.split('\n').filter((l) => !/^\s*[~^]+\s*$/.test(l)).join('\n').replaceAll(`"${join(corpusDir, file)}"`, `"${file}"`);
}

beforeAll(async () => {
  const results = await mapLimit(files, 4, (f) => runOnPython(join(corpusDir, f)));
  files.forEach((f, i) => expected.set(f, results[i]));
});

describe('VM corpus vs python3', () => {
  it('has a corpus of at least 60 programs', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  for (const file of files) {
    it(file, () => {
      const source = readFileSync(join(corpusDir, file), 'utf8');
      const py = expected.get(file)!;
      const vm = runOnVm(source, file);
      if (file.startsWith('syntax_error')) {
        expect(lastLine(py.stderr)).toMatch(/SyntaxError|IndentationError/);
        expect(vm.code).toBe(1);
        expect(vm.code).toBe(py.code);
        // The error's class as python3 names it (IndentationError is a SyntaxError subclass).
        const cls = /^(\w+):/.exec(lastLine(py.stderr))![1];
        expect(vm.stderr).toMatch(new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+: ${cls}: .+\\n$`));
        expect(vm.stdout).toBe('');
        return;
      }
      expect(vm.stdout).toBe(py.stdout);
      expect(lastLine(vm.stderr)).toBe(lastLine(py.stderr));
      expect(vm.code).toBe(py.code);
      if (file.startsWith('err_') && !TRACEBACK_LAST_LINE_ONLY.has(file)) {
        expect(vm.stderr).toBe(comparableTraceback(py.stderr, file));
      }
    });
  }
});
