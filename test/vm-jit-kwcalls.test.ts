// Keyword calls out of parameter order and skipping parameters with
// defaults, inlined as positional calls (record-kwcalls.ts: defaults pushed,
// then SWAP / KW_PERMUTE_3/4 of cases/uops_kwcalls.c right before the frame
// is pushed): plain functions, bound methods and instantiations, at JIT
// threshold 2, natively and on the uop interpreter, against python3 and the
// VM without the JIT. 'exits' changes the callee mid-loop (another function,
// a subclass's method, a rebound __init__) and raises inside one, so the
// guards before the permutation exit with the stack as tier-1 left it.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun, uopCount } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const PROGRAMS: Record<string, string> = {
  kinds: `
class Material:
    def __init__(self, color, diffuse=0.8, reflect=0.0, name='m'):
        self.color = color
        self.diffuse = diffuse
        self.reflect = reflect
        self.name = name
    def scaled(self, k, bias=0.0, clamp=False):
        v = self.color * k + bias
        return min(v, 1.0) if clamp else v

def f(a, b=2, c=3, d=4):
    return a * 1000 + b * 100 + c * 10 + d

def g(x, y, z):
    return x - y * z

def main():
    t = 0
    out = []
    for i in range(300):
        m = Material(i * 0.5, reflect=0.25)
        m2 = Material(color=i, name='q', diffuse=0.1)
        t += f(i, d=1) + f(i, c=7, b=5) + f(d=i, a=2) + g(z=i, x=1, y=2) + g(1, z=3, y=i)
        t += m.scaled(2.0, clamp=True) + m2.scaled(k=0.5, bias=i) + m.diffuse + m2.reflect
        out.append(m2.name + m.name)
    print(t, len(out), out[-1])
    try:
        print(f(d=1))
    except TypeError as e:
        print(e)
main()
`,
  exits: `
def f(a, b=2, c=3):
    return a * 100 + b * 10 + c

def h(a, b=5, c=6):
    if a == 77:
        raise ValueError('bad a ' + str(b))
    return a - b - c

class P:
    def __init__(self, x, y=1, z=2):
        self.s = x + y * z
    def m(self, u, v=3, w=4):
        return self.s + u * v - w

class Q(P):
    def m(self, u, v=30, w=40):
        return -u * v + w

def main():
    out = []
    fn = f
    obj = P(1)
    for i in range(120):
        if i == 60:
            fn = h
        if i == 90:
            obj = Q(2, z=5)
        if i == 100:
            P.__init__ = lambda self, x, y=0, z=0: setattr(self, 's', x * 1000)
        try:
            out.append(fn(i, c=i % 4, b=1))
            out.append(fn(c=2, a=i))
        except ValueError as e:
            out.append(str(e))
        out.append(obj.m(w=i, u=2))
        out.append(P(i, z=3).s + P(z=1, y=i, x=2).s)
    print(out)
main()
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-kwcalls-');
beforeAll(() => programs.prepare());

const keywordStitches = (r: JitRun) => Object.keys(r.summary.stitchReasons).filter((k) => /keyword|argument binding/.test(k));

for (const mode of JIT_MODES) {
  describe(`keyword calls out of order (${mode})`, () => {
    it('functions, methods and instantiations with keywords in any order and skipped defaults', () => {
      const r = programs.run('kinds', { mode });
      expect(uopCount(r, 'KW_PERMUTE_3') + uopCount(r, 'KW_PERMUTE_4'), describeJit(r.summary)).toBeGreaterThan(0);
      expect(uopCount(r, 'SWAP'), describeJit(r.summary)).toBeGreaterThan(0);
      expect(keywordStitches(r), describeJit(r.summary)).toEqual([]);
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    });

    it('the callee changing mid-loop and raising: exits before the permutation', () => {
      const r = programs.run('exits', { mode });
      expect(uopCount(r, 'KW_PERMUTE_3') + uopCount(r, 'SWAP'), describeJit(r.summary)).toBeGreaterThan(0);
      expect(r.summary.exits, describeJit(r.summary)).toBeGreaterThan(0);
      expect(keywordStitches(r), describeJit(r.summary)).toEqual([]);
    });
  });
}
