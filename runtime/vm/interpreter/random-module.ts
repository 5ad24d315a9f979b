// The _random module behind stdlib/random.ts: CPython 3.11's Mersenne
// Twister and every function of the random module (runtime/vm/library/
// random.ts), over the module's generator of the run or, as i_<name>, over a
// random.Random instance's generator (an int handle).
import { Kind } from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import type { Real } from '../library/numeric.ts';
import { Random } from '../library/random.ts';
import { def, type Keywords } from './builtin-registry.ts';
import { intArgOf, itemsOf, primitiveOf, realArg, setListOf, setValue, type LibValue } from './library-host.ts';
import { arity, keywordArgs } from './math-module.ts';
import { registerModule } from './modules.ts';
import type { Runtime } from './runtime.ts';

/** The generators of each run: [0] is the module's, the others belong to random.Random instances (by handle). */
const generators = new WeakMap<Runtime, Random[]>();
function generatorsOf(rt: Runtime): Random[] {
  let gs = generators.get(rt);
  if (gs === undefined) {
    gs = [new Random()];
    generators.set(rt, gs);
  }
  return gs;
}

/** A module function over a generator g. */
type RandomFn = (rt: Runtime, g: Random, a: number, n: number, dst: number, kw: Keywords) => void;

/**
 * Registers `name` in _random twice: over the module's generator, and as
 * i_<name>(handle, ...) over a random.Random instance's (stdlib/random.ts).
 */
function random(name: string, fn: RandomFn): void {
  def(name, (rt, a, n, dst, kw) => fn(rt, generatorsOf(rt)[0], a, n, dst, kw), '_random');
  def(`i_${name}`, (rt, a, n, dst, kw) => {
    const gs = generatorsOf(rt);
    const h = rt.objs.kind(a) === Kind.Int ? rt.objs.smallInt(a) : -1;
    if (n < 1 || h < 1 || h >= gs.length) throw typeError(`descriptor '${name}' requires a 'random.Random' object`);
    fn(rt, gs[h], a + 1, n - 1, dst, kw);
  }, '_random');
}

def('new_generator', (rt, _a, _n, dst) => {
  const gs = generatorsOf(rt);
  gs.push(new Random());
  rt.objs.setInt(dst, gs.length - 1);
}, '_random');

function noKeywords(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`Random.${name}() takes no keyword arguments`);
}

random('seed', (rt, g, a, n, dst, kw) => {
  const k = keywordArgs('seed', kw, ['a', 'version']);
  arity('seed', n, 0, 2);
  const w = n >= 1 ? a : k.get('a');
  const vw = n === 2 ? a + 1 : k.get('version');
  const version = vw === undefined ? 2 : Number(intArgOf(rt, vw));
  const p = w === undefined || rt.objs.isNone(w) ? null : primitiveOf(rt, w);
  if (p === undefined) throw typeError('The only supported seed types are: None,\nint, float, str, bytes, and bytearray.');
  g.seed(p, version);
  rt.objs.setNone(dst);
});

/**
 * randint(a, b) / randrange(a, b) of two small ints `last` apart by at most
 * 2^32 (the common call, made from traces in place): the draw randbelow would
 * make, without BigInts; false for anything else.
 */
function smallRange(rt: Runtime, g: Random, a: number, n: number, dst: number, kw: Keywords, last: 0 | 1): boolean {
  if (n !== 2 || (kw !== null && kw.size > 0) || !rt.objs.isSmallInt(a) || !rt.objs.isSmallInt(a + 1)) return false;
  const start = rt.objs.smallInt(a);
  const width = rt.objs.smallInt(a + 1) + last - start;
  if (width <= 0 || width > 0xffffffff) return false;
  rt.objs.setInt(dst, start + g.randbelowSmall(width));
  return true;
}

/** A function of reals (None where an optional argument is None or not given); `fast` first when given. */
function realFn(name: string, min: number, max: number, f: (g: Random, ...xs: (Real | null)[]) => LibValue, kwNames: readonly string[] = [], fast?: (...args: Parameters<RandomFn>) => boolean): void {
  random(name, (rt, g, a, n, dst, kw) => {
    if (fast?.(rt, g, a, n, dst, kw)) return;
    if (kwNames.length === 0) noKeywords(name, kw);
    const k = keywordArgs(name, kw, kwNames);
    arity(name, n, 0, max);
    const xs: (Real | null)[] = [];
    for (let i = 0; i < max; i++) {
      const w = i < n ? a + i : k.get(kwNames[i]);
      xs.push(w === undefined || rt.objs.isNone(w) ? null : realArg(rt, w));
    }
    const given = xs.filter((x, i) => x !== null || i < n).length;
    if (given < min) {
      const missing = kwNames.slice(given, min);
      throw typeError(`Random.${name}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${missing.map((m) => `'${m}'`).join(' and ')}`);
    }
    setValue(rt, dst, f(g, ...xs));
  });
}
realFn('random', 0, 0, (g) => g.random());
realFn('getrandbits', 1, 1, (g, k) => g.getrandbits(k as bigint), ['k']);
realFn('randrange', 1, 3, (g, x, y, z) => g.randrange(x!, y ?? null, z ?? null), ['start', 'stop', 'step'], (rt, g, a, n, dst, kw) => smallRange(rt, g, a, n, dst, kw, 0));
realFn('randint', 2, 2, (g, x, y) => g.randint(x!, y!), ['a', 'b'], (rt, g, a, n, dst, kw) => smallRange(rt, g, a, n, dst, kw, 1));
realFn('uniform', 2, 2, (g, x, y) => g.uniform(x!, y!), ['a', 'b']);
realFn('triangular', 0, 3, (g, x, y, z) => g.triangular(x ?? 0.0, y ?? 1.0, z ?? null), ['low', 'high', 'mode']);
realFn('gauss', 0, 2, (g, x, y) => g.gauss(x ?? 0.0, y ?? 1.0), ['mu', 'sigma']);
realFn('normalvariate', 0, 2, (g, x, y) => g.normalvariate(x ?? 0.0, y ?? 1.0), ['mu', 'sigma']);
realFn('lognormvariate', 2, 2, (g, x, y) => g.lognormvariate(x!, y!), ['mu', 'sigma']);
realFn('expovariate', 1, 1, (g, x) => g.expovariate(x!), ['lambd']);
realFn('vonmisesvariate', 2, 2, (g, x, y) => g.vonmisesvariate(x!, y!), ['mu', 'kappa']);
realFn('gammavariate', 2, 2, (g, x, y) => g.gammavariate(x!, y!), ['alpha', 'beta']);
realFn('betavariate', 2, 2, (g, x, y) => g.betavariate(x!, y!), ['alpha', 'beta']);
realFn('paretovariate', 1, 1, (g, x) => g.paretovariate(x!), ['alpha']);
realFn('weibullvariate', 2, 2, (g, x, y) => g.weibullvariate(x!, y!), ['alpha', 'beta']);

random('choice', (rt, g, a, n, dst, kw) => {
  noKeywords('choice', kw);
  arity('choice', n, 1, 1);
  const k = rt.objs.kind(a);
  if (k === Kind.List || k === Kind.Tuple) {
    const s = rt.objs.sequence(a)!;
    if (s.length === 0) throw new PyError('IndexError', 'Cannot choose from an empty sequence');
    rt.objs.copy(dst, s.first + g.randbelowSmall(s.length));
    return;
  }
  // Any other sequence: len() and an item by index, as Random.choice does.
  const len = rt.ops.len(a);
  if (len === 0) throw new PyError('IndexError', 'Cannot choose from an empty sequence');
  const v = rt.interp.push(a);
  const i = rt.interp.pushNone();
  rt.objs.setBig(i, g.randbelow(BigInt(len)));
  rt.ops.subscript(v, i);
  rt.objs.copy(dst, v);
});

random('shuffle', (rt, g, a, n, dst, kw) => {
  noKeywords('shuffle', kw);
  arity('shuffle', n, 1, 1);
  if (rt.objs.kind(a) !== Kind.List) throw typeError(`'${rt.typeName(a)}' object does not support item assignment`);
    const u32 = rt.objs.u32;
  for (let i = rt.objs.sequence(a)!.length - 1; i >= 1; i--) {
    const j = g.randbelowSmall(i + 1);
    const first = rt.objs.sequence(a)!.first;
    const x = 2 * (first + i);
    const y = 2 * (first + j);
    [u32[x], u32[x + 1], u32[y], u32[y + 1]] = [u32[y], u32[y + 1], u32[x], u32[x + 1]];
  }
  rt.objs.setNone(dst);
});

random('sample', (rt, g, a, n, dst, kw) => {
  const k = keywordArgs('sample', kw, ['k', 'counts']);
  arity('sample', n, 1, 2);
  const kw2 = n === 2 ? a + 1 : k.get('k');
  if (kw2 === undefined) throw typeError("Random.sample() missing 1 required positional argument: 'k'");
  const kind = rt.objs.kind(a);
  if (kind !== Kind.List && kind !== Kind.Tuple && kind !== Kind.Str && kind !== Kind.Range) {
    throw typeError('Population must be a sequence.  For dicts or sets, use sorted(d).');
  }
  const items = itemsOf(rt, a);
  const countsW = k.get('counts');
  const counts = countsW !== undefined && !rt.objs.isNone(countsW) ? itemsOf(rt, countsW).map((w) => realArg(rt, w)) : null;
  setListOf(rt, dst, g.sample(items, intArgOf(rt, kw2), counts));
});

random('choices', (rt, g, a, n, dst, kw) => {
  const k = keywordArgs('choices', kw, ['weights', 'cum_weights', 'k']);
  arity('choices', n, 1, 2);
  const items = itemsOf(rt, a);
  const weightsW = n === 2 ? a + 1 : k.get('weights');
  const reals = (w: number | undefined) => w === undefined || rt.objs.isNone(w) ? null : itemsOf(rt, w).map((x) => realArg(rt, x));
  const count = k.has('k') ? intArgOf(rt, k.get('k')!) : 1n;
  setListOf(rt, dst, g.choices(items, reals(weightsW), reals(k.get('cum_weights')), count));
});

random('getstate', (rt, g, _a, n, dst, kw) => {
  noKeywords('getstate', kw);
  arity('getstate', n, 0, 0);
  setValue(rt, dst, g.getstate());
});

random('setstate', (rt, g, a, n, dst, kw) => {
  noKeywords('setstate', kw);
  arity('setstate', n, 1, 1);
  if (rt.objs.kind(a) !== Kind.Tuple) throw typeError('state vector must be a tuple');
  const parts = itemsOf(rt, a);
  if (parts.length !== 3) throw typeError(`setstate() takes exactly 3 items (${parts.length} given)`);
  const version = primitiveOf(rt, parts[0]);
  if (rt.objs.kind(parts[1]) !== Kind.Tuple) throw typeError('state vector must be a tuple');
  const words = itemsOf(rt, parts[1]).map((w) => {
    if (!rt.objs.isIntLike(w)) throw typeError('state vector items must be integers');
    return rt.objs.bigOf(w);
  });
  const gauss = rt.objs.isNone(parts[2]) ? null : Number(realArg(rt, parts[2]));
  g.setstate([version, words, gauss]);
  rt.objs.setNone(dst);
});

registerModule('_random');
