// Decorator wrappers in traces (record-star-kwcalls.ts): calls of functions
// with *args, keyword-only parameters and **kwargs bound natively
// (BIND_STAR_ARGS), their `fn(*a, **k)` spread (EXPAND_STAR_KW) and the
// callee inlined; counting wrappers with function attributes, stacked
// decorators, super().__init__(*args, **kwargs), cls(*a, **k) and decorated
// methods. Natively and on the uop interpreter, at threshold 2 and a higher
// one, against python3 and the VM without the JIT; the trees must cover the
// wrapper calls (no keyword-call or argument-binding stitches, nothing
// declined). 'shapes' changes the argument shapes mid-loop and raises from
// inside the wrapped function, so the guards before anything moves exit with
// the stack as tier-1 left it.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun, uopCount } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const PROGRAMS: Record<string, string> = {
  counted: `
import functools
def counted(fn):
    @functools.wraps(fn)
    def w(*a, **k):
        w.calls += 1
        return fn(*a, **k)
    w.calls = 0
    return w

@counted
def add(a, b=1):
    return a + b

def main():
    t = 0
    for i in range(3000):
        t += add(i, b=2) + add(i)
    print(t, add.calls, add.__name__)
main()
`,
  stacked: `
def logged(fn):
    def w(*args, **kwargs):
        return fn(*args, **kwargs)
    return w

def keyed(fn):
    def w(*a, key=None, **k):
        if key is not None:
            k['b'] = key
        return fn(*a, **k)
    return w

def defaulting(fn):
    def w(*a, **k):
        k.setdefault('b', 1)
        return fn(*a, **k)
    return w

@logged
@keyed
def sub(a, b=10):
    return a - b

@defaulting
def shift(a, b):
    return a + 2 * b

class Base:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y

class Child(Base):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.z = self.x + self.y

def make(cls, *a, **k):
    return cls(*a, **k)

class Acc:
    def __init__(self):
        self.total = 0

    @logged
    def put(self, v, scale=1):
        self.total += v * scale
        return self.total

def main():
    t = 0
    acc = Acc()
    for i in range(3000):
        t += sub(i) + sub(i, key=3) + sub(i, b=4)
        t += shift(i) + shift(i, b=5)
        t += Child(i, y=2).z + make(Base, i, y=1).y + make(Child, i).z
        t += acc.put(i) + acc.put(i, scale=2)
    print(t, acc.total)
main()
`,
  shapes: `
def logged(fn):
    def w(*args, **kwargs):
        return fn(*args, **kwargs)
    return w

@logged
def f(a, b=1, c=2):
    if a == 1234:
        raise KeyError(a)
    return a + 10 * b + 100 * c

def main():
    t = 0
    out = []
    for i in range(3000):
        try:
            if i % 7 == 0:
                t += f(i, c=5, b=1)
            elif i % 11 == 0:
                t += f(i, 3)
            elif i == 2000:
                t += f(i, d=1)
            else:
                t += f(i, b=2)
        except (TypeError, KeyError) as e:
            out.append(repr(e))
        t += f(1234 if i == 2500 else i) if i != 2500 else 0
    print(t, out)
main()
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-decorators-');
beforeAll(() => programs.prepare());

function expectCovered(r: JitRun): void {
  const why = describeJit(r.summary);
  const reasons = Object.keys(r.summary.stitchReasons);
  expect(reasons.filter((k) => /keyword call|argument binding|CALL_FUNCTION_EX|attribute of a non-module|instantiation/.test(k)), why).toEqual([]);
  expect(r.summary.declined, why).toBe(0);
  expect(r.summary.aborted, why).toBe(0);
  expect(uopCount(r, 'BIND_STAR_ARGS'), why).toBeGreaterThan(0);
  expect(uopCount(r, 'EXPAND_STAR_KW'), why).toBeGreaterThan(0);
}

for (const mode of JIT_MODES) {
  describe(`decorator wrappers (${mode})`, () => {
    it('a counting wrapper (functools.wraps, w.calls += 1) is inlined with its callee', () => {
      const r = programs.run('counted', { mode });
      expectCovered(r);
      expect(uopCount(r, 'FUNC_ATTR_LOAD') + uopCount(r, 'FUNC_ATTR_STORE'), describeJit(r.summary)).toBeGreaterThan(1);
    });
    it('stacked, keyword-only and kwargs-changing wrappers, super().__init__(*args, **kwargs), cls(*a, **k), decorated methods', () => {
      expectCovered(programs.run('stacked', { mode }));
    });
    it('argument shapes changing mid-loop and the callee raising', () => {
      const r = programs.run('shapes', { mode });
      expect(uopCount(r, 'EXPAND_STAR_KW'), describeJit(r.summary)).toBeGreaterThan(0);
      expect(r.summary.exits, describeJit(r.summary)).toBeGreaterThan(0);
    });
  });
}

describe('decorator wrappers at a higher threshold', () => {
  it('the counting wrapper is covered once its loop is hot', () => {
    expectCovered(programs.run('counted', { threshold: 61, sideExitThreshold: 61 }));
  });
});
