// The VM side of the formatting library's ValueHost (interpreter/value-host.ts):
// __format__, attributes, items, __index__/__int__/__float__ and the mapping
// test answered for values a program made, read after the run from its globals.
import { describe, expect, it } from 'vitest';
import { runProgram } from '../runtime/vm/interpreter/run-program.ts';
import type { Runtime } from '../runtime/vm/interpreter/runtime.ts';
import { objectValueHost, type ObjectValueHost } from '../runtime/vm/interpreter/value-host.ts';

const PROGRAM = `
class F:
    def __format__(self, spec): return "F:" + spec
class I:
    def __index__(self): return 7
class Fl:
    def __float__(self): return 2.5
class Bad:
    def __index__(self): return "no"
class Get:
    def __getitem__(self, k): return k * 2
class N(int): pass
class P:
    def __init__(self): self.x = 41
f, i, fl, bad, get, n, p = F(), I(), Fl(), Bad(), Get(), N(5), P()
d = {"k": "v"}
t = (1, "a")
lst = [10, 20]
big = 2 ** 70
`;

function withHost(check: (host: ObjectValueHost, g: (name: string) => number, rt: Runtime) => void): void {
  let out = '';
  const code = runProgram(PROGRAM, {
    filename: 'host.py', write: (s) => { out += s; }, writeErr: (s) => { out += s; },
    inspect: (rt) => {
      const g = (name: string) => rt.heap.globalsW + rt.program.globalNames.indexOf(name);
      check(objectValueHost(rt), g, rt);
    },
  });
  expect(code, out).toBe(0);
}

describe('objectValueHost', () => {
  it('answers for instances through their special methods', () => {
    withHost((host, g, rt) => {
      expect(host.formatObject(g('f'), '>5')).toBe('F:>5');
      expect(host.index(g('i'))).toBe(7n);
      expect(host.toInt(g('i'))).toBe(7n);
      expect(host.toFloat(g('fl'))).toBe(2.5);
      expect(host.toFloat(g('i'))).toBe(7);
      expect(host.index(g('fl'))).toBeUndefined();
      expect(() => host.index(g('bad'))).toThrow(/__index__ returned non-int \(type str\)/);
      expect(rt.fmt.str(host.getAttr(g('p'), 'x'))).toBe('41');
      expect(() => host.getAttr(g('p'), 'nope')).toThrow(/'P' object has no attribute 'nope'/);
      expect(rt.fmt.str(host.getItem(g('get'), 21n))).toBe('42');
      expect(host.isMapping(g('get'))).toBe(true);
      expect(host.isMapping(g('p'))).toBe(false);
      // An int subclass is not a primitive; with no __format__ it formats as its int.
      expect(host.primitive(g('n'))).toBeUndefined();
      expect(host.formatObject(g('n'), '')).toBe('5');
      expect(() => host.formatObject(g('p'), 'x')).toThrow(/unsupported format string passed to P.__format__/);
    });
  });

  it('answers for built-in values', () => {
    withHost((host, g, rt) => {
      expect(host.primitive(g('big'))).toBe(2n ** 70n);
      expect(host.primitive(g('lst'))).toBeUndefined();
      expect(rt.fmt.repr(host.getItem(g('d'), 'k'))).toBe("'v'");
      expect(() => host.getItem(g('d'), 'z')).toThrow(/KeyError|'z'/);
      expect(rt.fmt.str(host.getItem(g('lst'), 1n))).toBe('20');
      expect(host.tupleItems(g('t'))!.map((w) => rt.fmt.repr(w))).toEqual(['1', "'a'"]);
      expect(host.tupleItems(g('lst'))).toBeUndefined();
      expect(host.isMapping(g('d')) && host.isMapping(g('lst')) && !host.isMapping(g('t'))).toBe(true);
      expect(host.formatObject(g('lst'), '')).toBe('[10, 20]');
      expect(() => host.formatObject(g('lst'), '>3')).toThrow(/unsupported format string passed to list.__format__/);
      expect(host.typeName(g('t'))).toBe('tuple');
    });
  });
});
