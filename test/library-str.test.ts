// Differential tests of the library's str methods and Unicode predicates
// against python3: every BMP code point and a sample above for the
// predicates and case mappings, sampled strings and arguments for the rest.
import { describe, expect, it } from 'vitest';
import * as S from '../runtime/vm/library/str-methods.ts';
import { describeDifferences, differences, rng, sampleCount } from './helpers/python-oracle.ts';

const random = rng(7031);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

/** Every BMP code point (surrogates included) in chunks, plus every 61st code point above. */
function allCodePointChunks(size: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < 0x10000; c += size) {
    let s = '';
    for (let k = c; k < c + size; k++) s += String.fromCharCode(k);
    out.push(s);
  }
  for (let c = 0x10000; c < 0x110000; c += 61 * size) {
    let s = '';
    for (let k = c; k < c + 61 * size && k < 0x110000; k += 61) s += String.fromCodePoint(k);
    out.push(s);
  }
  return out;
}

const PREDICATES = ['isalpha', 'isdecimal', 'isdigit', 'isnumeric', 'isspace', 'isalnum', 'isascii', 'isprintable',
  'isidentifier', 'isupper', 'islower', 'istitle'] as const;
const CASES = ['upper', 'lower', 'casefold', 'swapcase', 'title', 'capitalize'] as const;

describe('Unicode predicates and case mappings against python3', () => {
  it('each predicate on every single code point', () => {
    // Each case: the whole chunk; python3 returns one flag per character.
    const chunks = allCodePointChunks(512);
    for (const name of PREDICATES) {
      const d = differences(`def run(s): return [c.${name}() for c in s]`, chunks.map((c) => [c]),
        (s: string) => Array.from(s).map((c) => S[name](c)));
      expect(describeDifferences(d, 2), name).toBe('');
    }
  });
  it('each case mapping on every single code point', () => {
    const chunks = allCodePointChunks(512);
    for (const name of CASES) {
      const d = differences(`def run(s): return [c.${name}() for c in s]`, chunks.map((c) => [c]),
        (s: string) => Array.from(s).map((c) => S[name](c)));
      expect(describeDifferences(d, 2), name).toBe('');
    }
  });
  it('predicates and case mappings on mixed strings (final sigma, titles, digits)', () => {
    const alphabet = Array.from('aZ Σσς΄\u0345ǅǈ\u00aa1١²½_-\'.ΣΑ\u02b0İıßﬁ\u1e9e\t\n\u2028\u00ad\u0300x\u{10400}\u{1d7ce}');
    const cases: unknown[][] = [['ΑΣ'], ['ΑΣ.'], ['Σ'], ['ΑΣΑ'], ['ΑΣ\u0345'], ['Α\u00adΣ'], ['ῼ'], ['ǆ ǅ']];
    for (let i = 0; i < sampleCount(2000); i++) {
      let s = '';
      const n = Math.floor(random() * 7);
      for (let k = 0; k < n; k++) s += pick(alphabet);
      cases.push([s]);
    }
    for (const name of [...PREDICATES, ...CASES]) {
      const d = differences(`def run(s): return s.${name}()`, cases, (s: string) => S[name](s));
      expect(describeDifferences(d, 4), name).toBe('');
    }
  });
});

/** Strings for the other methods: separators, whitespace of all kinds, astral characters. */
function sampleText(): string {
  const alphabet = Array.from('ab ,\t\n\r\x0b\x0c\x1c\x85\u2028\u3000\u00a0\u{1F600}a-_0+');
  let s = '';
  const n = Math.floor(random() * 10);
  for (let k = 0; k < n; k++) s += pick(alphabet);
  return s;
}
const sampleSub = (): string => pick(['', 'a', 'ab', ',', ' ', '\u{1F600}', 'a\u{1F600}', 'zz', '\r\n', 'b ']);
const sampleIndex = (): bigint | null => random() < 0.3 ? null : BigInt(Math.floor(random() * 16) - 8);
const idx = (b: bigint | null): number | null => b === null ? null : Number(b);

describe('str methods against python3', () => {
  const N = sampleCount(1500);
  const table: [string, string, () => unknown[], (...a: any[]) => unknown][] = [
    ['split', 's.split(a, b)', () => [random() < 0.4 ? null : sampleSub(), BigInt(Math.floor(random() * 5) - 1)], (s, a, b) => S.split(s, a, Number(b))],
    ['rsplit', 's.rsplit(a, b)', () => [random() < 0.4 ? null : sampleSub(), BigInt(Math.floor(random() * 5) - 1)], (s, a, b) => S.rsplit(s, a, Number(b))],
    ['strip', 's.strip(a)', () => [random() < 0.4 ? null : pick(['a', ' b', '\u{1F600}', ''])], (s, a) => S.strip(s, a)],
    ['lstrip', 's.lstrip(a)', () => [random() < 0.4 ? null : pick(['a', ' b', '\u{1F600}'])], (s, a) => S.lstrip(s, a)],
    ['rstrip', 's.rstrip(a)', () => [random() < 0.4 ? null : pick(['a', ' b', '\u{1F600}'])], (s, a) => S.rstrip(s, a)],
    ['splitlines', 's.splitlines(a)', () => [random() < 0.5], (s, a) => S.splitlines(s, a)],
    ['replace', 's.replace(a, b, c)', () => [sampleSub(), pick(['', 'X', '\u{1F601}']), BigInt(Math.floor(random() * 5) - 1)], (s, a, b, c) => S.replace(s, a, b, Number(c))],
    ['find', 's.find(a, b, c)', () => [sampleSub(), sampleIndex(), sampleIndex()], (s, a, b, c) => S.find(s, a, idx(b), idx(c))],
    ['rfind', 's.rfind(a, b, c)', () => [sampleSub(), sampleIndex(), sampleIndex()], (s, a, b, c) => S.rfind(s, a, idx(b), idx(c))],
    ['index', 's.index(a, b, c)', () => [sampleSub(), sampleIndex(), sampleIndex()], (s, a, b, c) => S.index(s, a, idx(b), idx(c))],
    ['rindex', 's.rindex(a, b, c)', () => [sampleSub(), sampleIndex(), sampleIndex()], (s, a, b, c) => S.rindex(s, a, idx(b), idx(c))],
    ['count', 's.count(a, b, c)', () => [sampleSub(), sampleIndex(), sampleIndex()], (s, a, b, c) => S.count(s, a, idx(b), idx(c))],
    ['startswith', 's.startswith(tuple(a) if isinstance(a, list) else a, b, c)', () => [random() < 0.3 ? [sampleSub(), sampleSub()] : sampleSub(), sampleIndex(), sampleIndex()], (s, a, b, c) => S.startswith(s, a, idx(b), idx(c))],
    ['endswith', 's.endswith(tuple(a) if isinstance(a, list) else a, b, c)', () => [random() < 0.3 ? [sampleSub(), sampleSub()] : sampleSub(), sampleIndex(), sampleIndex()], (s, a, b, c) => S.endswith(s, a, idx(b), idx(c))],
    ['ljust', 's.ljust(a, b)', () => [BigInt(Math.floor(random() * 14) - 2), pick([' ', '*', '\u{1F600}', 'ab'])], (s, a, b) => S.ljust(s, Number(a), b)],
    ['rjust', 's.rjust(a, b)', () => [BigInt(Math.floor(random() * 14) - 2), pick([' ', '*', '\u{1F600}', ''])], (s, a, b) => S.rjust(s, Number(a), b)],
    ['center', 's.center(a, b)', () => [BigInt(Math.floor(random() * 14) - 2), pick([' ', '*', '\u{1F600}'])], (s, a, b) => S.center(s, Number(a), b)],
    ['zfill', 's.zfill(a)', () => [BigInt(Math.floor(random() * 14) - 2)], (s, a) => S.zfill(s, Number(a))],
    ['partition', 'list(s.partition(a))', () => [sampleSub()], (s, a) => S.partition(s, a)],
    ['rpartition', 'list(s.rpartition(a))', () => [sampleSub()], (s, a) => S.rpartition(s, a)],
    ['expandtabs', 's.expandtabs(a)', () => [BigInt(Math.floor(random() * 10) - 1)], (s, a) => S.expandtabs(s, Number(a))],
    ['removeprefix', 's.removeprefix(a)', () => [sampleSub()], (s, a) => S.removeprefix(s, a)],
    ['removesuffix', 's.removesuffix(a)', () => [sampleSub()], (s, a) => S.removesuffix(s, a)],
    ['len', 'len(s)', () => [], (s) => BigInt(S.strLength(s))],
    ['repeat', 's * a', () => [BigInt(Math.floor(random() * 5) - 1)], (s, a) => S.repeat(s, Number(a))],
  ];
  for (const [name, expr, args, mine] of table) {
    it(name, () => {
      const cases: unknown[][] = [];
      for (let i = 0; i < N; i++) cases.push([sampleText(), ...args()]);
      const wrap = (...a: any[]) => {
        const r = mine(...a);
        return typeof r === 'number' ? BigInt(r) : r;
      };
      const d = differences(`def run(s, a=None, b=None, c=None):\n    return ${expr}`, cases, wrap);
      expect(describeDifferences(d, 4)).toBe('');
    });
  }
  it('ord and chr', () => {
    const cases: unknown[][] = [['a'], [''], ['ab'], ['\u{1F600}'], ['\ud800'], ['\u{1F600}a']];
    expect(describeDifferences(differences('def run(s): return ord(s)', cases, (s: string) => BigInt(S.ord(s))))).toBe('');
    const ints: unknown[][] = [0n, 65n, 0xd800n, 0x10ffffn, 0x110000n, -1n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 70n].map((i) => [i]);
    expect(describeDifferences(differences('def run(i): return chr(i)', ints, S.chr))).toBe('');
  });
});
