// Operator special methods inlined in traces that return NotImplemented
// (record-declines.ts, interpreter/declined-specials.ts): the method need not
// name NotImplemented (a helper may return it), the return is guarded, and
// tier-1 finishes the operator's protocol (the reflected method, identity for
// ==, TypeError) at that exit or after any exit inside the method. Each
// program runs at JIT threshold 2, natively and on the uop interpreter,
// against python3 and the VM without the JIT.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, uopCount } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const PROGRAMS: Record<string, string> = {
  // NotImplemented from a helper: forward, reflected and rich comparison.
  helper: `
def decline():
    return NotImplemented

class V:
    def __init__(self, x):
        self.x = x
    def __add__(self, o):
        if self.x > 50:
            return decline()
        return V(self.x + 1)
    def __radd__(self, o):
        if self.x > 60:
            return decline()
        return self.x + o
    def __lt__(self, o):
        if self.x > 55:
            return decline()
        return self.x < o.x
    def __gt__(self, o):
        return 'gt'

class W:
    def __radd__(self, o):
        return 'W.radd'
    def __gt__(self, o):
        return 'W.gt'

def main():
    out = []
    w = W()
    for i in range(100):
        a = V(i)
        r = a + w
        out.append(r if isinstance(r, str) else r.x)
        out.append(a < V(i))
        try:
            out.append(3 + a)
        except TypeError as e:
            out.append(str(e))
    print(out)
main()
`,
  // Methods that name NotImplemented are inlined too: ==, != through __eq__, __iadd__, __lt__, __radd__.
  named: `
class N:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        if not isinstance(o, N):
            return NotImplemented
        return self.v == o.v
    def __iadd__(self, o):
        if self.v % 7 == 3:
            return NotImplemented
        self.v += 1
        return self
    def __add__(self, o):
        return N(self.v + 100)
    def __lt__(self, o):
        if self.v % 5 == 0:
            return NotImplemented
        return self.v < o.v

class R:
    def __radd__(self, o):
        if o % 3 == 0:
            return NotImplemented
        return o * 10
    def __ge__(self, o):
        return 'R.ge'
    def __sub__(self, o):
        return pick(o)

def pick(o):
    return NotImplemented if o > 40 else o

def main():
    out = []
    r = R()
    for i in range(90):
        n = N(i)
        out.append(n == N(i))
        out.append(n == i)
        out.append(n != N(i + 1))
        n += 1
        out.append(n.v)
        try:
            out.append(n < N(1000))
        except TypeError as e:
            out.append(str(e))
        try:
            out.append(i + r)
        except TypeError as e:
            out.append(str(e))
        try:
            out.append(r - i)
        except TypeError as e:
            out.append(str(e))
    print(out)
    try:
        for i in range(10):
            n = N(i * 5)
            n < 3
    except Exception as e:
        print(type(e).__name__, e)
main()
`,
  // The reflected method raising after the trace's forward method declined; an uncaught TypeError's traceback.
  raising: `
class A:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return helper(self.v, o)

class B:
    def __radd__(self, o):
        if o.v > 70:
            raise ValueError('B.radd refuses ' + str(o.v))
        return 'B' + str(o.v)

def helper(v, o):
    if v > 60:
        return NotImplemented
    return v + 1

def main():
    b = B()
    out = []
    for i in range(100):
        try:
            out.append(A(i) + b)
        except ValueError as e:
            out.append(str(e))
    print(out)
    for i in range(100):
        A(i) + b
main()
`,
  // Exits inside the inlined method (side traces returning from it), then declines.
  sides: `
class V:
    def __init__(self, x):
        self.x = x
    def __mul__(self, k):
        if k > 30:
            if k > 80:
                return thing(k)
            return V(self.x * 2)
        return V(self.x * k)
    def __rmul__(self, k):
        return -k

def thing(k):
    return NotImplemented if k % 2 else V(k)

def main():
    t = 0
    for i in range(120):
        r = V(1) * i
        t += r if isinstance(r, int) else r.x
    print(t)
main()
`,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-declines-');
beforeAll(() => programs.prepare());

for (const mode of JIT_MODES) {
  describe(`inlined special methods returning NotImplemented (${mode})`, () => {
    for (const name of Object.keys(PROGRAMS)) {
      it(name, () => {
        const r = programs.run(name, { mode });
        // The methods are inlined; their returns guarded (the optimizer proves the guard for an int or bool result).
        expect(uopCount(r, 'INSERT_METHOD') + uopCount(r, 'INSERT_REFLECTED'), describeJit(r.summary)).toBeGreaterThan(0);
        if (name === 'helper' || name === 'sides') expect(uopCount(r, 'GUARD_STACK_IS_NOT'), describeJit(r.summary)).toBeGreaterThan(0);
        expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
      });
    }
  });
}
