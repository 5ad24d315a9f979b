// super() in traces (record-super.ts, cases/uops_super.c): super objects made
// natively, super().m(...) and super().__init__(...) (also with keywords, and
// reaching object.__init__) inlined, methods with a __class__ free variable
// inlined (COPY_FREE_VARS, COPY_FREE_VARS_OF in __init__), at JIT threshold
// 2, natively and on the uop interpreter, against python3 and the VM without
// the JIT: classes monkey-patched mid-loop (GUARD_SUPER_AT exits), another
// receiver class, and an exception raised two super() levels down (traceback).
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun, uopCount } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const PROGRAMS: Record<string, string> = {
  chain: `
class Base:
    def __init__(self, x):
        self.x = x
        self.log = 0
    def area(self, k):
        return self.x * k
    def describe(self):
        return 'base'

class Mid(Base):
    def __init__(self, x, y=3):
        super().__init__(x)
        self.y = y
    def area(self, k):
        return super().area(k) + self.y
    def describe(self):
        return 'mid/' + super().describe()

class Leaf(Mid):
    def __init__(self, x):
        super().__init__(x, y=7)
    def area(self, k):
        return super().area(k * 2) - 1

class Plain:
    def __init__(self, v):
        super().__init__()
        self.v = v

def main():
    t = 0
    out = []
    for i in range(300):
        a = Mid(i)
        b = Leaf(i + 1)
        c = Plain(i)
        t += a.area(2) + b.area(3) + c.v
        out.append(a.describe())
        if i == 200:
            Base.area = lambda self, k: -k
        if i == 250:
            def area2(self, k):
                return 1000
            Mid.area = area2
    print(t, out[-1], len(out))
main()
`,
  raising: `
class Shape:
    def __init__(self, n):
        self.n = n
    def check(self, k):
        if k > self.n:
            raise ValueError('too big: ' + str(k))
        return k

class Square(Shape):
    def __init__(self, n):
        super().__init__(n * n)
    def check(self, k):
        return super().check(k) * 2

class Other(Shape):
    def check(self, k):
        return -k

def main():
    s = Square(10)
    t = 0
    objs = [s, s, s, Other(3)]
    for i in range(150):
        try:
            t += objs[i % 4 if i > 100 else 0].check(i)
        except ValueError as e:
            t += 1
    print(t)
    for i in range(120):
        s.check(i)
main()
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-super-');
beforeAll(() => programs.prepare());

const superStitches = (r: JitRun) => Object.keys(r.summary.stitchReasons).filter((k) => /super|call of object|argument binding|attribute of a non-module/.test(k));

for (const mode of JIT_MODES) {
  describe(`super() (${mode})`, () => {
    it('super() calls of methods and __init__ along a class chain, classes changing mid-loop', () => {
      const r = programs.run('chain', { mode });
      for (const u of ['NEW_SUPER', 'GUARD_SUPER_AT', 'EXPAND_SUPER', 'SUPER_BIND', 'COPY_FREE_VARS_OF']) expect(uopCount(r, u), `${u}: ${describeJit(r.summary)}`).toBeGreaterThan(0);
      expect(superStitches(r), describeJit(r.summary)).toEqual([]);
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    });

    it('an exception raised in a method reached through super(): traceback through both frames', () => {
      const r = programs.run('raising', { mode });
      expect(uopCount(r, 'EXPAND_SUPER'), describeJit(r.summary)).toBeGreaterThan(0);
      expect(r.summary.exits, describeJit(r.summary)).toBeGreaterThan(0);
    });
  });
}
