// Tier-1's JIT paths primed at the start of a run (runtime/vm/tracing/hook-priming.ts):
// with the default thresholds the first back-edge and the first call of a run
// take the hot-loop and hot-function paths once, with a reload of the state
// tier-1 just wrote. That reload must change nothing wherever the first loop
// or call happens (module level, __init__, a special method, a generator, a
// lambda called by a builtin, recursion, a frame that then raises): python3's
// output for each. The priming's purpose (fewer V8 recompiles of the dispatch
// loop) is a timing, measured by `npm run bench`'s churn row, not asserted here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/repo-copy.ts';

const CLI = path.join(ROOT, 'scripts/stencil-jit');

const PROGRAMS: Record<string, string> = {
  'first loop and call in __init__, __add__ and a generator': `class V:
    def __init__(self, x):
        for i in range(2):
            x += i
        self.x = x
    def __add__(self, o):
        return V(self.x + o.x)
def gen(n):
    for i in range(n):
        yield V(i) + V(1)
print([v.x for v in gen(3)])
`,
  'first call with defaults, varargs and keywords; a lambda called by sorted': `def f(a, b=2, *args, **kw):
    return a + b + len(args) + len(kw)
print(f(1), f(1, 2, 3, k=4))
print(sorted([3, 1, 2], key=lambda v: -v))
`,
  'first loop at module level, then comprehensions': `import math
t = 0
while t < 3:
    t += 1
print(t, math.floor(2.5), [i * i for i in range(4)], {k: k for k in "ab"})
`,
  'first call recursive, then an exception': `def rec(n):
    return 1 if n == 0 else n * rec(n - 1)
try:
    for i in range(3):
        print(rec(i))
    raise ValueError("x")
except ValueError as e:
    print("caught", e)
`,
  'first call raises out of a loop': `def g(n):
    for i in range(n):
        if i == 1:
            raise KeyError(i)
    return n
try:
    g(5)
except KeyError as e:
    print("key", e)
print(sum(g(1) for _ in range(70)))
`,
};

describe('hook priming (default thresholds)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hook-priming-'));
  for (const [what, source] of Object.entries(PROGRAMS)) {
    it(what, () => {
      const file = path.join(dir, `${Object.keys(PROGRAMS).indexOf(what)}.py`);
      fs.writeFileSync(file, source);
      const want = spawnSync('python3', [file], { encoding: 'utf8' });
      for (const mode of [[], ['--uop-interpreter']]) {
        const got = spawnSync(CLI, ['run', ...mode, file], { encoding: 'utf8', timeout: 60_000 });
        expect(got.stdout, `${mode.join(' ') || 'native'}: stdout`).toBe(want.stdout);
        expect(got.status, `${mode.join(' ') || 'native'}: exit status`).toBe(want.status);
      }
    });
  }
});
