// Starred calls of Python functions in traces (record-star-calls.ts): the
// args tuple (up to four items, as f(*t), f(a, *rest) and f(*[...]) make it)
// unpacked in order and the call inlined, at JIT threshold 2, natively and on
// the uop interpreter, against python3 and the VM without the JIT; the tuple's
// length and the callee change mid-loop (exits before anything is unpacked)
// and the callee raises.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, uopCount } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const PROGRAMS: Record<string, string> = {
  spread: `
def add3(a, b, c=10):
    return a + b * 2 + c * 3

def pair(a, b):
    return (a, b)

def none():
    return 7

def quad(a, b, c, d):
    return a - b + c * d

def boom(a, b):
    if a > 140:
        raise KeyError(a)
    return a * b

def main():
    t = 0
    out = []
    args = (1, 2)
    f = add3
    for i in range(200):
        t += add3(*args) + add3(*(i, i + 1, i + 2)) + none(*()) + quad(*[i, 1, 2, 3])
        rest = [i, 5]
        t += pair(*rest)[1] + add3(1, *rest) + quad(i, *(2, 3), 4)
        if i == 150:
            args = (1, 2, 3)
        if i == 170:
            f = pair
        try:
            t += f(*args[:2])[0] if f is pair else f(*args)
        except TypeError as e:
            out.append(str(e))
        try:
            t += boom(*rest)
        except KeyError as e:
            out.append(repr(e))
        if i == 190:
            args = (1,)
            try:
                t += add3(*args)
            except TypeError as e:
                out.append(str(e))
            args = (4, 5)
    print(t, out[-3:], len(out))
main()
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-star-calls-');
beforeAll(() => programs.prepare());

for (const mode of JIT_MODES) {
  describe(`starred calls (${mode})`, () => {
    it('f(*args) of Python functions is inlined, tuple lengths and callees changing', () => {
      const r = programs.run('spread', { mode });
      expect(uopCount(r, 'UNPACK_TUPLE'), describeJit(r.summary)).toBeGreaterThan(0);
      expect(uopCount(r, 'PUSH_FRAME') + uopCount(r, 'PUSH_FRAME_1') + uopCount(r, 'PUSH_FRAME_2') + uopCount(r, 'PUSH_FRAME_3'), describeJit(r.summary)).toBeGreaterThan(3);
      expect(Object.keys(r.summary.stitchReasons).filter((k) => k.includes('CALL_FUNCTION_EX')), describeJit(r.summary)).toEqual([]);
      expect(r.summary.exits, describeJit(r.summary)).toBeGreaterThan(0);
    });
  });
}
