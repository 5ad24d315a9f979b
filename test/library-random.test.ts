// Differential tests of the random module against python3: for many seeds
// (ints of any size and sign, floats, str, bytes), a random mix of calls on
// one generator must give python3's values in the same order, errors
// included, with getstate/setstate round trips in between.
import { describe, expect, it } from 'vitest';
import { Random } from '../runtime/vm/library/random.ts';
import { describeDifferences, differences, rng, sampleCount } from './helpers/python-oracle.ts';

const random = rng(1234567);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const CODE = `
import random
def run(seed, version, ops):
    r = random.Random()
    r.seed(seed, version)
    out = []
    saved = None
    for op in ops:
        name, args = op[0], op[1:]
        try:
            if name == 'getstate': saved = r.getstate(); v = [saved[0], list(saved[1]), saved[2]]
            elif name == 'setstate': r.setstate(saved); v = None
            elif name == 'shuffle': x = list(args[0]); r.shuffle(x); v = x
            elif name == 'choices': v = r.choices(args[0], args[1], cum_weights=args[2], k=args[3])
            elif name == 'sample': v = r.sample(args[0], args[1], counts=args[2])
            else: v = getattr(r, name)(*args)
        except Exception as e:
            v = ['error', type(e).__name__, str(e)]
        out.append(v)
    return out
`;

function runMine(seed: unknown, version: bigint, ops: unknown[][]): unknown[] {
  const r = new Random(0n);
  r.seed(seed as bigint, Number(version));
  const out: unknown[] = [];
  let saved: ReturnType<Random['getstate']> | null = null;
  for (const [name, ...args] of ops as [string, ...any[]][]) {
    try {
      let v: unknown;
      switch (name) {
        case 'getstate': saved = r.getstate(); v = [saved[0], [...saved[1]], saved[2]]; break;
        case 'setstate': r.setstate(saved!); v = null; break;
        case 'shuffle': { const x = [...args[0]]; r.shuffle(x); v = x; break; }
        case 'choices': v = r.choices(args[0], args[1], args[2], args[3]); break;
        case 'sample': v = r.sample(args[0], args[1], args[2]); break;
        default: v = (r as any)[name](...args);
      }
      out.push(v);
    } catch (e: any) {
      if (!e.pyType) throw e;
      out.push(['error', e.pyType, e.pyMessage]);
    }
  }
  return out;
}

function sampleOp(): unknown[] {
  const big = () => pick([1n, 2n, 3n, 10n, 100n, 2n ** 31n, 2n ** 32n, 2n ** 32n + 1n, 2n ** 53n, 2n ** 63n, 2n ** 64n + 7n, 10n ** 30n, 0n, -5n]);
  const real = () => random() < 0.5 ? (random() - 0.3) * 10 : BigInt(Math.floor(random() * 20) - 5);
  const list = () => Array.from({ length: Math.floor(random() * 30) }, (_, i) => BigInt(i * 3));
  switch (Math.floor(random() * 22)) {
    case 0: return ['random'];
    case 1: return ['getrandbits', pick([0n, 1n, 5n, 31n, 32n, 33n, 64n, 65n, 200n])];
    case 2: return ['randrange', big()];
    case 3: return ['randrange', big() - 3n, big(), ...(random() < 0.3 ? [] : [pick([1n, 2n, -1n, 3n, 0n])])];
    case 4: return ['randint', BigInt(Math.floor(random() * 10) - 5), big()];
    case 5: return ['choice', list()];
    case 6: return ['shuffle', list()];
    case 7: { const l = list(); return ['sample', l, BigInt(Math.floor(random() * (l.length + 2))), null]; }
    case 8: return ['sample', ['a', 'b', 'c'], BigInt(Math.floor(random() * 5)), [2n, 0n, 3n]];
    case 9: { const l = list(); return ['choices', l, random() < 0.5 ? null : l.map(() => random() < 0.5 ? random() : BigInt(Math.floor(random() * 5))), null, BigInt(Math.floor(random() * 6))]; }
    case 10: { const l = list(); let acc = 0; return ['choices', l, null, l.map(() => (acc += random())), BigInt(Math.floor(random() * 6))]; }
    case 11: return ['uniform', real(), real()];
    case 12: return ['triangular', real(), real(), random() < 0.5 ? null : real()];
    case 13: return ['gauss', real(), real()];
    case 14: return ['normalvariate', real(), real()];
    case 15: return ['lognormvariate', real(), random()];
    case 16: return ['expovariate', pick([1.0, 0.5, 3n, 0.0, -2.0])];
    case 17: return ['vonmisesvariate', real(), pick([0.0, 1e-7, 0.5, 4.0, 100.0])];
    case 18: return ['gammavariate', pick([0.5, 1.0, 2.5, 0.1, 9.0, 0.0]), pick([1.0, 2.0, 0.5])];
    case 19: return ['betavariate', pick([0.5, 2.0, 1.0]), pick([0.5, 3.0])];
    case 20: return random() < 0.5 ? ['paretovariate', pick([1.0, 2.5, 0.5])] : ['weibullvariate', pick([1.0, 2.5, 0.5]), pick([1.0, 3.0])];
    default: return [pick(['getstate', 'setstate', 'randbytes', 'random']), ...(random() < 0.3 ? [] : [])].concat(random() < 0.2 ? [] : []);
  }
}

describe('random against python3', () => {
  it('the same sequences for many seeds and call mixes', () => {
    const seeds: unknown[] = [0n, 1n, 42n, -42n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 100n + 12345n, -(10n ** 50n), 'hello', '', 'héllo \u{1F600}', new Uint8Array([1, 2, 255]),
      3.5, -0.0, 1e300, 2.0, true, false];
    for (let i = 0; i < sampleCount(30); i++) seeds.push(BigInt(Math.floor(random() * 2 ** 32)) * (random() < 0.5 ? 1n : 7919n ** 9n));
    const cases: unknown[][] = [];
    for (const seed of seeds) {
      const ops: unknown[][] = [['random'], ['random'], ['gauss', 0.0, 1.0]];
      for (let k = 0; k < 60; k++) {
        const op = sampleOp();
        if (op[0] === 'randbytes') op.push(BigInt(Math.floor(random() * 10)));
        if (op[0] === 'setstate' && !ops.some((o) => o[0] === 'getstate')) ops.push(['getstate']);
        ops.push(op);
        // A random() after every call shows at once a call that consumed the wrong amount of state.
        ops.push(['random']);
      }
      cases.push([seed, 2n, ops]);
    }
    cases.push(['abc', 1n, [['random'], ['random']]], [new Uint8Array([97, 98]), 1n, [['random']]], [12n, 1n, [['random']]]);
    const d = differences(CODE, cases, runMine);
    // Show the first call that differs in each differing case.
    const firsts = d.slice(0, 4).map(({ args, python, mine }) => {
      const p = (python as { ok: unknown[] }).ok ?? [];
      const m = (mine as { ok: unknown[] }).ok ?? [];
      const ops = args[2] as unknown[][];
      const i = ops.findIndex((_op, k) => JSON.stringify(p[k]) !== JSON.stringify(m[k]));
      return { seed: args[0], op: [ops[i - 1], ops[i]], python: p[i], mine: m[i], error: 'error' in python ? python : 'error' in mine ? mine : null };
    });
    expect(describeDifferences(firsts.map((f) => ({ args: [f.seed, f.op], python: { ok: f.python }, mine: { ok: f.mine ?? f.error } })), 4)).toBe('');
  });
});
