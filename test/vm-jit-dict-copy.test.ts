// dict(d) in traces (record-dict-copy.ts, cases/uops_dict_copy.c DICT_COPY):
// copies with deleted slots, copies grown past their table, the source
// replaced mid-loop (a dict comprehension's dict, then a dict subclass: the
// uop exits and tier-1 copies), at JIT threshold 2, natively and on the uop
// interpreter, against python3 and the VM without the JIT.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, uopCount } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const PROGRAMS: Record<string, string> = {
  copies: `
class D(dict):
    pass

def main():
    base = {'a': 1, 'b': 2, 'c': 3}
    out = []
    total = 0
    for i in range(300):
        d = dict(base)
        d['x' + str(i % 5)] = i
        if i % 3 == 0 and 'a' in d:
            del d['a']
        for k in d:
            total += d[k]
        total += len(d)
        if i == 100:
            base = {k: v for k, v in base.items() if k != 'b'}
            base['z'] = 9
        if i == 200:
            del base['c']
        if i == 250:
            base = D(q=1)
        big = dict(d)
        big[i] = i
        total += len(big) - len(d)
    print(total, len(out), base, type(dict(base)).__name__)
main()
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-dict-copy-');
beforeAll(() => programs.prepare());

for (const mode of JIT_MODES) {
  describe(`dict(d) in traces (${mode})`, () => {
    it('copies natively; another source type exits', () => {
      const r = programs.run('copies', { mode });
      expect(uopCount(r, 'DICT_COPY'), describeJit(r.summary)).toBeGreaterThan(0);
      expect(r.summary.exits, describeJit(r.summary)).toBeGreaterThan(0);
    });
  });
}
