// Differential tests of the library's number and str formatting against
// python3: format(value, spec) over sampled specs and values, float repr and
// PyOS_double_to_string's codes, int/float parsing, repr of str.
import { describe, expect, it } from 'vitest';
import { formatFloat, floatRepr } from '../runtime/vm/library/float-format.ts';
import { formatFloatValue, formatInt, formatStr } from '../runtime/vm/library/format-spec.ts';
import { floatFromHex, floatToHex, intToDecimal, parseFloat, parseInt } from '../runtime/vm/library/int-text.ts';
import { strAscii, strRepr } from '../runtime/vm/library/str-repr.ts';
import { describeDifferences, differences, rng, sampleCount } from './helpers/python-oracle.ts';

const random = rng(20240611);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

/** Floats that stress rounding: exact ties, powers of ten, extremes, random bit patterns. */
function sampleFloat(): number {
  const r = random();
  if (r < 0.25) return pick([0, -0, 0.5, 1.5, 2.5, 0.125, 0.375, 2.675, 1.005, 1e16, 1e15, 123456.789, 1e-5, 1e-4, 9.995, 0.05,
    5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, Infinity, -Infinity, NaN, 1e21, 1e22, 0.1, 1 / 3, -2.5, 99.5, 999999.5]);
  if (r < 0.5) return (random() < 0.5 ? -1 : 1) * Math.floor(random() * 2 ** (random() * 40)) / 2 ** Math.floor(random() * 12);
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, Math.floor(random() * 2 ** 32));
  view.setUint32(4, Math.floor(random() * 2 ** 32));
  const x = view.getFloat64(0);
  return Number.isNaN(x) ? 1.25 : x;
}

function sampleInt(): bigint {
  const r = random();
  if (r < 0.2) return pick([0n, 1n, -1n, 7n, 10n, 255n, -256n, 1000n, 1234567n, -987654321n, 65n, 0x10ffffn, 0x110000n]);
  const bits = Math.floor(random() * 200);
  let v = 0n;
  for (let i = 0; i < bits; i += 30) v = (v << 30n) | BigInt(Math.floor(random() * 2 ** 30));
  v >>= BigInt(Math.max(0, Math.ceil(bits / 30) * 30 - bits));
  return random() < 0.3 ? -v : v;
}

function sampleSpec(types: string): string {
  let s = '';
  if (random() < 0.3) s += (random() < 0.5 ? pick(['*', '0', ' ', 'x', '€', '{']) : '') + pick(['<', '>', '^', '=']);
  if (random() < 0.3) s += pick(['+', '-', ' ']);
  if (random() < 0.1) s += 'z';
  if (random() < 0.2) s += '#';
  if (random() < 0.2) s += '0';
  if (random() < 0.5) s += String(Math.floor(random() * 25));
  if (random() < 0.2) s += pick([',', '_']);
  if (random() < 0.03) s += pick([',', '_']);
  if (random() < 0.4) s += '.' + String(Math.floor(random() * (random() < 0.1 ? 120 : 20)));
  if (random() < 0.03) s += '.';
  if (random() < 0.8) s += pick(Array.from(types));
  return s;
}

const firstDiffs = describeDifferences;

describe('format() against python3', () => {
  it('ints', () => {
    const cases: unknown[][] = [];
    for (let i = 0; i < sampleCount(4000); i++) cases.push([sampleInt(), sampleSpec('bcdoxXneEfFgG%s')]);
    cases.push([10n ** 5000n, ''], [-(10n ** 4300n), 'd'], [10n ** 4299n, ',']);
    const d = differences('def run(v, s): return format(v, s)', cases, (v: bigint, s: string) => formatInt(v, s));
    expect(firstDiffs(d)).toBe('');
  });
  it('bools', () => {
    const cases: unknown[][] = [];
    for (let i = 0; i < 300; i++) cases.push([random() < 0.5, i < 20 ? '' : sampleSpec('dxfs')]);
    const d = differences('def run(v, s): return format(v, s)', cases, (v: boolean, s: string) => formatInt(v ? 1n : 0n, s, 'bool'));
    expect(firstDiffs(d)).toBe('');
  });
  it('floats', () => {
    const cases: unknown[][] = [];
    for (let i = 0; i < sampleCount(6000); i++) cases.push([sampleFloat(), sampleSpec('eEfFgGn%dxs')]);
    const d = differences('def run(v, s): return format(v, s)', cases, (v: number, s: string) => formatFloatValue(v, s));
    expect(firstDiffs(d)).toBe('');
  });
  it('strs', () => {
    const cases: unknown[][] = [];
    const texts = ['', 'a', 'hello', 'héllo wörld', '日本語', '\u{1F600}x', 'tab\there'];
    for (let i = 0; i < sampleCount(1500); i++) cases.push([pick(texts), sampleSpec('sdr')]);
    const d = differences('def run(v, s): return format(v, s)', cases, (v: string, s: string) => formatStr(v, s));
    expect(firstDiffs(d)).toBe('');
  });
});

describe('float text against python3', () => {
  it('repr, and %e %f %g %r at sampled precisions, with # and z', () => {
    const cases: unknown[][] = [];
    for (let i = 0; i < sampleCount(6000); i++) {
      cases.push([sampleFloat(), pick(['e', 'f', 'g', 'r', 'E', 'G']), BigInt(Math.floor(random() * (random() < 0.1 ? 400 : 20))), random() < 0.2]);
    }
    const code = `
def run(x, code, p, alt):
    if code == 'r': return repr(x)
    return ('%' + ('#' if alt else '') + '.' + str(p) + code) % x`;
    const d = differences(code, cases, (x: number, c: string, p: bigint, alt: boolean) => c === 'r' ? floatRepr(x)
      : formatFloat(x, c.toLowerCase() as 'e', Number(p), { alt, upper: c !== c.toLowerCase() }));
    expect(firstDiffs(d)).toBe('');
  });
  it('float.hex and float.fromhex', () => {
    const xs: number[] = [];
    for (let i = 0; i < sampleCount(2000); i++) xs.push(sampleFloat());
    const hexCases: unknown[][] = xs.map((x) => [x]);
    expect(firstDiffs(differences('def run(x): return x.hex()', hexCases, floatToHex))).toBe('');
    const texts = ['0x1p-1074', '0x1p-1075', '0x1.8p-1075', '0x3p-1076', '0x1.fffffffffffff8p1023', '0x1.fffffffffffff7p1023', '0x1p1024',
      ' -0x1.8P+3 ', '1.', '.8', 'inf', '-nan', '0x.p1', 'zz', '0x1.00000000000008p0', '0x1.00000000000018p0', '0x1.000000000000081p0', '7p-3', '0x1p-2000'];
    const cases: unknown[][] = texts.map((t) => [t]);
    for (const x of xs.slice(0, 300)) cases.push([floatToHex(x)]);
    expect(firstDiffs(differences('def run(s): return float.fromhex(s)', cases, floatFromHex))).toBe('');
  });
});

describe('int and float parsing against python3', () => {
  it('int(s, base)', () => {
    const texts = ['0', '00', '0_0', '01', '-0', '+12', ' 12 ', '1_000', '1__0', '_1', '1_', '0x_1f', '0x1f', '0X1F', '0o17', '0b101', '0b', '0x',
      '0b_', 'z', 'Z1', '١٢٣', '\u00a012\u2003', '12a', '', ' ', '-', '9'.repeat(4301), '9'.repeat(4300), '1'.repeat(5000) + 'x', "it's", '0o8', '0b2', '3.5', 'zz_z'];
    const bases = [0, 2, 8, 10, 16, 36, 1, 37, -1, 3, 7];
    const cases: unknown[][] = [];
    for (const t of texts) for (const b of bases) cases.push([t, BigInt(b)]);
    for (let i = 0; i < sampleCount(500); i++) {
      const b = pick([0, 2, 5, 10, 16, 36]);
      const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzXO_ -+';
      let t = '';
      const n = Math.floor(random() * 8);
      for (let k = 0; k < n; k++) t += pick(Array.from(alphabet));
      cases.push([t, BigInt(b)]);
    }
    const d = differences('def run(s, b): return int(s, b)', cases, (s: string, b: bigint) => parseInt(s, Number(b)));
    expect(firstDiffs(d)).toBe('');
  });
  it('float(s)', () => {
    const texts = ['1', '1.5', ' 1.5 ', '1_000.5', '1__0', '_1', '1_', '1e5', '1E-5', '1e', '.5', '5.', '.', 'inf', '-Infinity', 'INF', 'nan', '-nan',
      '+nAn', 'infinit', '1e400', '-1e400', '1e-400', '0x10', '١.٥', '\u20031.5\u2003', '', ' ', '-0', '- 1', '1.5.5', '1_e5', '1e_5', '1e5_0',
      '123456789012345678901234567890', '2.675', '4.9e-324', '2.4703282292062328e-324', '2.4703282292062327e-324'];
    const d = differences('def run(s): return float(s)', texts.map((t) => [t]), parseFloat);
    expect(firstDiffs(d)).toBe('');
  });
  it('str(int) limit', () => {
    const cases: unknown[][] = [[10n ** 4299n], [10n ** 4300n], [-(10n ** 4299n)], [-(10n ** 4300n)], [123n]];
    const d = differences('def run(v): return str(v)', cases, intToDecimal);
    expect(firstDiffs(d)).toBe('');
  });
});

describe('repr and ascii of str against python3', () => {
  it('every BMP code point and a sample above', () => {
    const cases: unknown[][] = [];
    let chunk = '';
    for (let c = 0; c < 0x10000; c++) {
      chunk += String.fromCharCode(c);
      if (chunk.length === 64) { cases.push([chunk]); chunk = ''; }
    }
    for (let c = 0x10000; c < 0x10fff0; c += 97) cases.push([String.fromCodePoint(c) + "'" + String.fromCodePoint(c + 13)]);
    cases.push(["'"], ['"'], ['\'"'], ['a\\b'], ['\ud800'], ['\udc00x'], ['\ud83d\ude00']);
    expect(firstDiffs(differences('def run(s): return repr(s)', cases, strRepr))).toBe('');
    expect(firstDiffs(differences('def run(s): return ascii(s)', cases, strAscii))).toBe('');
  });
});
