// Differential tests of str.format and %-formatting against python3 over
// sampled templates and arguments (positional, keyword, attribute and index
// fields, conversions, nested specs; every % conversion, flag and * form).
import { describe, expect, it } from 'vitest';
import { percentFormat } from '../runtime/vm/library/percent-format.ts';
import { strFormat } from '../runtime/vm/library/str-format.ts';
import { jsValueHost } from './helpers/js-value-host.ts';
import { Namespace, Tuple, describeDifferences, differences, rng, sampleCount } from './helpers/python-oracle.ts';

const random = rng(99);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const VALUES: unknown[] = [0n, 42n, -7n, 1234567n, 2n ** 70n, true, false, 3.25, -0.0, 1e20, 2.675, NaN, -Infinity, 'abc', '', 'it\'s', 'é\u{1F600}',
  null, [1n, 'x'], new Tuple([1n]), new Map([['k', 1n]]), new Namespace(new Map<string, unknown>([['x', 5n], ['name', 'bob']]))];

describe('str.format against python3', () => {
  it('sampled templates', () => {
    const pieces = ['{}', '{0}', '{1}', '{2}', '{9}', '{a}', '{b}', '{zz}', '{0!r}', '{0!s}', '{0!a}', '{!r:>8}', '{0!x}', '{0!}', '{0!rr}',
      '{:>10}', '{0:^{1}}', '{:{}}', '{:{}.{}f}', '{a:{b}}', '{0:{1:{2}}}', '{{', '}}', '{', '}', 'x', ' ', '{0[0]}', '{0[k]}', '{a.x}',
      '{a.name!r:*^12}', '{0.}', '{0[}', '{0[]}', '{0[0]x}', '{0.x[0]}', '{:d}', '{:,}', '{:.3e}', '{:%}', '{:x}', '{:c}', '{0:}', '{:s}',
      '{00}', '{0x}', '{ }', '{0 }', '{!r}', '{:}{}', '{a[0]}', '{b[1]}', '{a:{{}}}', '{0:{1}{2}}', '{0:{}}', '{:{a}}', '{:{0}}'];
    const cases: unknown[][] = [];
    for (let i = 0; i < sampleCount(4000); i++) {
      let t = '';
      const n = 1 + Math.floor(random() * 4);
      for (let k = 0; k < n; k++) t += pick(pieces);
      const args = Array.from({ length: Math.floor(random() * 4) }, () => pick(VALUES));
      const kw = new Map<string, unknown>();
      if (random() < 0.6) kw.set('a', pick(VALUES));
      if (random() < 0.6) kw.set('b', pick([5n, '>6', 'x', 3n, '']));
      cases.push([t, args, kw]);
    }
    const d = differences('def run(t, args, kw): return t.format(*args, **kw)', cases,
      (t: string, args: unknown[], kw: Map<string, unknown>) => strFormat(jsValueHost, t, args, kw));
    expect(describeDifferences(d)).toBe('');
  });
});

describe('% formatting against python3', () => {
  it('sampled formats and arguments', () => {
    const convs = Array.from('sracdiuoxXeEfFgG%') ;
    const cases: unknown[][] = [];
    for (let i = 0; i < sampleCount(6000); i++) {
      let f = random() < 0.3 ? pick(['', 'x=', 'é ']) : '';
      const n = Math.floor(random() * 3) + (random() < 0.9 ? 1 : 0);
      for (let k = 0; k < n; k++) {
        f += '%';
        if (random() < 0.15) f += pick(['(a)', '(b)', '(zz)', '(a(b))', '(']);
        for (const flag of '-+ #0') if (random() < 0.12) f += flag;
        if (random() < 0.35) f += random() < 0.15 ? '*' : String(Math.floor(random() * 12));
        if (random() < 0.35) f += '.' + (random() < 0.15 ? '*' : String(Math.floor(random() * 8)));
        if (random() < 0.03) f += pick(['h', 'l', 'L']);
        if (random() < 0.97) f += random() < 0.03 ? pick(['y', 'é', '\n']) : pick(convs);
        if (random() < 0.3) f += pick([' ', '|', 'ab']);
      }
      const r = random();
      let args: unknown;
      const argVals = () => pick([...VALUES, 5n, -3n, 65n, 0x110000n, 'Z', 'ZZ']);
      if (r < 0.5) args = new Tuple(Array.from({ length: Math.floor(random() * 4) }, argVals));
      else if (r < 0.65) args = new Map<string, unknown>([['a', argVals()], ['b', argVals()]]);
      else args = argVals();
      cases.push([f, args]);
    }
    const d = differences('def run(f, a): return f % a', cases, (f: string, a: unknown) => percentFormat(jsValueHost, f, a));
    expect(describeDifferences(d)).toBe('');
  });
});

describe('limits against python3', () => {
  it('too many digits, width and precision too big', () => {
    const cases: unknown[][] = [['{:' + '9'.repeat(20) + '}'], ['{:' + '9'.repeat(19) + '}'], ['{:.' + '9'.repeat(20) + '}'], ['{' + '9'.repeat(20) + '}'],
      ['%' + '9'.repeat(20) + 'd'], ['%.' + '9'.repeat(12) + 'd']];
    const code = "def run(f):\n    return f.format(1) if f[0] == '{' else f % 1";
    const d = differences(code, cases, (f: string) => f[0] === '{' ? strFormat(jsValueHost, f, [1n], new Map()) : percentFormat(jsValueHost, f, 1n));
    expect(describeDifferences(d)).toBe('');
  });
});
