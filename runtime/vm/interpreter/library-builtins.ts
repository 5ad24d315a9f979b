// The builtins and modules that runtime/vm/library/ implements, registered
// through builtins.ts's def(): format, ascii, oct, the math module (complete),
// random, time and bisect. Each reads its arguments from slots, calls the
// library, and writes the result into dst.
import { Kind, LIST_LENGTH_W } from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import { CompareOp } from '../frontend/bytecode.ts';
import * as B from '../library/bisect.ts';
import { intToOct } from '../library/int-text.ts';
import * as M from '../library/math.ts';
import type { Real } from '../library/numeric.ts';
import { Random } from '../library/random.ts';
import { asciiEscape } from '../library/str-repr.ts';
import * as T from '../library/time.ts';
import { formatValue } from '../library/value-host.ts';
import type { BuiltinFn, Keywords } from './builtins.ts';
import { intArgOf, itemsOf, primitiveOf, realArg, setListOf, setValue, strArgOf, vmValueHost, type LibValue } from './library-host.ts';
import type { Runtime } from './runtime.ts';

type Def = (name: string, fn: BuiltinFn, module?: string | null) => void;

/** Scratch slots these builtins keep intermediate lists in (the VM state's scratch area is a root). */
const KEEP = 40;

function args(name: string, n: number, min: number, max: number): void {
  if (n >= min && n <= max) return;
  if (min === max && min === 1) throw typeError(`${name}() takes exactly one argument (${n} given)`);
  if (min === max) throw typeError(`${name} expected ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
  if (n < min) throw typeError(`${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
  throw typeError(`${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${n}`);
}

function noKw(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`${name}() takes no keyword arguments`);
}

/** Keyword arguments a builtin accepts, by name; any other is a TypeError. */
function keywords(name: string, kw: Keywords, allowed: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (kw) {
    for (const [k, w] of kw) {
      if (!allowed.includes(k)) throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
      out.set(k, w);
    }
  }
  return out;
}

export function registerLibrary(def: Def): void {
  // ------------------------------------------------------------ builtins
  def('format', (rt, a, n, dst, kw) => {
    noKw('format', kw);
    args('format', n, 1, 2);
    const spec = n === 2 ? strArgOf(rt, a + 1, 'format() argument 2') : '';
    rt.objs.setObject(dst, rt.objs.newStr(formatValue(vmValueHost(rt), a, spec)));
  });
  def('ascii', (rt, a, n, dst, kw) => {
    noKw('ascii', kw);
    args('ascii', n, 1, 1);
    rt.objs.setObject(dst, rt.objs.newStr(asciiEscape(rt.fmt.repr(a))));
  });
  def('oct', (rt, a, n, dst, kw) => {
    noKw('oct', kw);
    args('oct', n, 1, 1);
    rt.objs.setObject(dst, rt.objs.newStr(intToOct(intArgOf(rt, a))));
  });

  // ---------------------------------------------------------------- math
  const math = (name: string, fn: BuiltinFn) => def(name, fn, 'math');
  const oneArg = (name: string, f: (x: Real) => LibValue) => math(name, (rt, a, n, dst, kw) => {
    noKw(name, kw);
    if (n !== 1) throw typeError(`math.${name}() takes exactly one argument (${n} given)`);
    setValue(rt, dst, f(realArg(rt, a)));
  });
  for (const name of ['acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cbrt', 'cos', 'cosh', 'erf', 'erfc', 'exp', 'exp2', 'expm1', 'fabs',
    'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'log1p', 'degrees', 'radians', 'gamma', 'lgamma', 'log2', 'log10', 'ulp', 'isfinite', 'isinf',
    'isnan', 'floor', 'ceil', 'trunc', 'frexp', 'modf'] as const) {
    oneArg(name, M[name] as (x: Real) => LibValue);
  }
  for (const name of ['atan2', 'copysign', 'fmod', 'remainder', 'pow', 'nextafter'] as const) {
    math(name, (rt, a, n, dst, kw) => {
      noKw(name, kw);
      args(name, n, 2, 2);
      setValue(rt, dst, M[name](realArg(rt, a), realArg(rt, a + 1)));
    });
  }
  math('ldexp', (rt, a, n, dst, kw) => {
    noKw('ldexp', kw);
    args('ldexp', n, 2, 2);
    const i = primitiveOf(rt, a + 1);
    if (typeof i !== 'bigint' && typeof i !== 'boolean') throw typeError('Expected an int as second argument to ldexp.');
    setValue(rt, dst, M.ldexp(realArg(rt, a), i));
  });
  math('log', (rt, a, n, dst, kw) => {
    noKw('log', kw);
    args('log', n, 1, 2);
    setValue(rt, dst, M.log(realArg(rt, a), n === 2 ? realArg(rt, a + 1) : undefined));
  });
  math('hypot', (rt, a, n, dst, kw) => {
    noKw('hypot', kw);
    const xs = Array.from({ length: n }, (_, i) => realArg(rt, a + i));
    setValue(rt, dst, M.hypot(...xs));
  });
  math('dist', (rt, a, n, dst, kw) => {
    noKw('dist', kw);
    args('dist', n, 2, 2);
    const p = itemsOf(rt, a, rt.heap.scratchW + KEEP).map((w) => realArg(rt, w));
    const q = itemsOf(rt, a + 1, rt.heap.scratchW + KEEP + 1).map((w) => realArg(rt, w));
    setValue(rt, dst, M.dist(p, q));
  });
  math('fsum', (rt, a, n, dst, kw) => {
    noKw('fsum', kw);
    args('fsum', n, 1, 1);
    setValue(rt, dst, M.fsum(itemsOf(rt, a, rt.heap.scratchW + KEEP).map((w) => realArg(rt, w))));
  });
  math('prod', (rt, a, n, dst, kw) => {
    const k = keywords('prod', kw, ['start']);
    args('prod', n, 1, 1);
    const start = k.has('start') ? realArg(rt, k.get('start')!) : 1n;
    setValue(rt, dst, M.prod(itemsOf(rt, a, rt.heap.scratchW + KEEP).map((w) => realArg(rt, w)), start));
  });
  for (const name of ['gcd', 'lcm'] as const) {
    math(name, (rt, a, n, dst, kw) => {
      noKw(name, kw);
      setValue(rt, dst, M[name](...Array.from({ length: n }, (_, i) => intArgOf(rt, a + i))));
    });
  }
  for (const name of ['factorial', 'isqrt'] as const) {
    math(name, (rt, a, n, dst, kw) => {
      noKw(name, kw);
      if (n !== 1) throw typeError(`math.${name}() takes exactly one argument (${n} given)`);
      setValue(rt, dst, M[name](intArgOf(rt, a)));
    });
  }
  math('comb', (rt, a, n, dst, kw) => {
    noKw('comb', kw);
    args('comb', n, 2, 2);
    setValue(rt, dst, M.comb(intArgOf(rt, a), intArgOf(rt, a + 1)));
  });
  math('perm', (rt, a, n, dst, kw) => {
    noKw('perm', kw);
    args('perm', n, 1, 2);
    setValue(rt, dst, M.perm(intArgOf(rt, a), n === 2 && !rt.objs.isNone(a + 1) ? intArgOf(rt, a + 1) : null));
  });
  math('isclose', (rt, a, n, dst, kw) => {
    const k = keywords('isclose', kw, ['rel_tol', 'abs_tol']);
    args('isclose', n, 2, 2);
    const rel = k.has('rel_tol') ? realArg(rt, k.get('rel_tol')!) : 1e-9;
    const abs = k.has('abs_tol') ? realArg(rt, k.get('abs_tol')!) : 0.0;
    setValue(rt, dst, M.isclose(realArg(rt, a), realArg(rt, a + 1), rel, abs));
  });

  // -------------------------------------------------------------- random
  const rng = new Random();
  const random = (name: string, fn: BuiltinFn) => def(name, fn, 'random');
  random('seed', (rt, a, n, dst, kw) => {
    const k = keywords('seed', kw, ['a', 'version']);
    args('seed', n, 0, 2);
    const w = n >= 1 ? a : k.get('a');
    const version = n === 2 ? Number(intArgOf(rt, a + 1)) : k.has('version') ? Number(intArgOf(rt, k.get('version')!)) : 2;
    const p = w === undefined || rt.objs.isNone(w) ? null : primitiveOf(rt, w);
    if (p === undefined) throw typeError('The only supported seed types are: None,\nint, float, str, bytes, and bytearray.');
    rng.seed(p, version);
    rt.objs.setNone(dst);
  });
  const realFn = (name: string, min: number, max: number, f: (...xs: (Real | null)[]) => LibValue) => random(name, (rt, a, n, dst, kw) => {
    noKw(name, kw);
    args(name, n, min, max);
    setValue(rt, dst, f(...Array.from({ length: n }, (_, i) => rt.objs.isNone(a + i) ? null : realArg(rt, a + i))));
  });
  realFn('random', 0, 0, () => rng.random());
  realFn('getrandbits', 1, 1, (k) => rng.getrandbits(k as bigint));
  realFn('randrange', 1, 3, (x, y, z) => rng.randrange(x!, y ?? null, z ?? null));
  realFn('randint', 2, 2, (x, y) => rng.randint(x!, y!));
  realFn('uniform', 2, 2, (x, y) => rng.uniform(x!, y!));
  realFn('triangular', 0, 3, (x, y, z) => rng.triangular(x ?? 0.0, y ?? 1.0, z ?? null));
  realFn('gauss', 0, 2, (x, y) => rng.gauss(x ?? 0.0, y ?? 1.0));
  realFn('normalvariate', 0, 2, (x, y) => rng.normalvariate(x ?? 0.0, y ?? 1.0));
  realFn('lognormvariate', 2, 2, (x, y) => rng.lognormvariate(x!, y!));
  realFn('expovariate', 1, 1, (x) => rng.expovariate(x!));
  realFn('vonmisesvariate', 2, 2, (x, y) => rng.vonmisesvariate(x!, y!));
  realFn('gammavariate', 2, 2, (x, y) => rng.gammavariate(x!, y!));
  realFn('betavariate', 2, 2, (x, y) => rng.betavariate(x!, y!));
  realFn('paretovariate', 1, 1, (x) => rng.paretovariate(x!));
  realFn('weibullvariate', 2, 2, (x, y) => rng.weibullvariate(x!, y!));
  random('choice', (rt, a, n, dst, kw) => {
    noKw('choice', kw);
    args('choice', n, 1, 1);
    const items = itemsOf(rt, a, rt.heap.scratchW + KEEP);
    rt.objs.copy(dst, items[rng.choice(items.map((_, i) => i))]);
  });
  random('shuffle', (rt, a, n, dst, kw) => {
    noKw('shuffle', kw);
    args('shuffle', n, 1, 1);
    if (rt.objs.kind(a) !== Kind.List) throw typeError(`'${rt.typeName(a)}' object does not support item assignment`);
    const s = rt.objs.sequence(a)!;
    const u32 = rt.objs.u32;
    for (let i = s.length - 1; i >= 1; i--) {
      const j = rng.randbelowSmall(i + 1);
      const x = 2 * (s.first + i);
      const y = 2 * (s.first + j);
      [u32[x], u32[x + 1], u32[y], u32[y + 1]] = [u32[y], u32[y + 1], u32[x], u32[x + 1]];
    }
    rt.objs.setNone(dst);
  });
  random('sample', (rt, a, n, dst, kw) => {
    const k = keywords('sample', kw, ['k', 'counts']);
    args('sample', n, 1, 2);
    const kw2 = n === 2 ? a + 1 : k.get('k');
    if (kw2 === undefined) throw typeError("Random.sample() missing 1 required positional argument: 'k'");
    const kind = rt.objs.kind(a);
    if (kind !== Kind.List && kind !== Kind.Tuple && kind !== Kind.Str && kind !== Kind.Range) {
      throw typeError('Population must be a sequence.  For dicts or sets, use sorted(d).');
    }
    const items = itemsOf(rt, a, rt.heap.scratchW + KEEP);
    const counts = k.has('counts') && !rt.objs.isNone(k.get('counts')!)
      ? itemsOf(rt, k.get('counts')!, rt.heap.scratchW + KEEP + 1).map((w) => realArg(rt, w)) : null;
    const picked = rng.sample(items, intArgOf(rt, kw2), counts);
    setListOf(rt, dst, picked);
  });
  random('choices', (rt, a, n, dst, kw) => {
    const k = keywords('choices', kw, ['weights', 'cum_weights', 'k']);
    args('choices', n, 1, 2);
    const items = itemsOf(rt, a, rt.heap.scratchW + KEEP);
    const weightsW = n === 2 ? a + 1 : k.get('weights');
    const cumW = k.get('cum_weights');
    const reals = (w: number | undefined, keep: number) => w === undefined || rt.objs.isNone(w) ? null
      : itemsOf(rt, w, rt.heap.scratchW + keep).map((x) => realArg(rt, x));
    const count = k.has('k') ? intArgOf(rt, k.get('k')!) : 1n;
    setListOf(rt, dst, rng.choices(items, reals(weightsW, KEEP + 1), reals(cumW, KEEP + 2), count));
  });

  // ---------------------------------------------------------------- time
  const time = (name: string, f: () => LibValue) => def(name, (rt, _a, n, dst, kw) => {
    noKw(name, kw);
    args(name, n, 0, 0);
    setValue(rt, dst, f());
  }, 'time');
  time('time', T.time);
  time('time_ns', T.timeNs);
  time('perf_counter', T.perfCounter);
  time('perf_counter_ns', T.perfCounterNs);
  time('monotonic', T.monotonic);
  time('monotonic_ns', T.monotonicNs);
  time('process_time', T.processTime);
  time('process_time_ns', T.processTimeNs);
  def('sleep', (rt, a, n, dst, kw) => {
    noKw('sleep', kw);
    args('sleep', n, 1, 1);
    const p = primitiveOf(rt, a);
    if (typeof p !== 'bigint' && typeof p !== 'number' && typeof p !== 'boolean') {
      throw typeError(`'${rt.typeName(a)}' object cannot be interpreted as an integer`);
    }
    rt.flush();
    T.sleep(p);
    rt.objs.setNone(dst);
  }, 'time');

  // -------------------------------------------------------------- bisect
  const lessThan = (rt: Runtime) => (p: number, q: number) => rt.ops.compareBool(CompareOp.LT, p, q);
  const bisectArgs = (name: string, rt: Runtime, a: number, n: number, kw: Keywords): { lo: number; hi: number | null } => {
    const k = keywords(name, kw, ['lo', 'hi', 'key']);
    args(name, n, 2, 4);
    if (k.has('key') && !rt.objs.isNone(k.get('key')!)) throw new PyError('NotImplementedError', `${name}() with key= is not supported yet`);
    const loW = n >= 3 ? a + 2 : k.get('lo');
    const hiW = n >= 4 ? a + 3 : k.get('hi');
    const lo = loW === undefined ? 0 : Number(intArgOf(rt, loW));
    const hi = hiW === undefined || rt.objs.isNone(hiW) ? null : Number(intArgOf(rt, hiW));
    const kind = rt.objs.kind(a);
    if (kind !== Kind.List && kind !== Kind.Tuple) throw typeError(`'${rt.typeName(a)}' object is not subscriptable`);
    return { lo, hi };
  };
  const sequenceOf = (rt: Runtime, a: number): B.Sequence<number> => {
    const s = rt.objs.sequence(a)!;
    return {
      length: s.length,
      get(i: number): number {
        if (i >= s.length) throw new PyError('IndexError', `${rt.typeName(a)} index out of range`);
        return s.first + i;
      },
    };
  };
  for (const [name, f] of [['bisect_left', B.bisectLeft], ['bisect_right', B.bisectRight], ['bisect', B.bisectRight]] as const) {
    def(name, (rt, a, n, dst, kw) => {
      const { lo, hi } = bisectArgs(name, rt, a, n, kw);
      rt.objs.setInt(dst, f(sequenceOf(rt, a), a + 1, lessThan(rt), lo, hi));
    }, 'bisect');
  }
  for (const [name, f] of [['insort_left', B.bisectLeft], ['insort_right', B.bisectRight], ['insort', B.bisectRight]] as const) {
    def(name, (rt, a, n, dst, kw) => {
      const { lo, hi } = bisectArgs(name, rt, a, n, kw);
      if (rt.objs.kind(a) !== Kind.List) throw new PyError('AttributeError', `'${rt.typeName(a)}' object has no attribute 'insert'`);
      let i = f(sequenceOf(rt, a), a + 1, lessThan(rt), lo, hi);
      const objs = rt.objs;
      const list = rt.heap.objectAt(a);
      const len = objs.listLength(list);
      if (i > len) i = len;
      objs.ensureCapacity(list, len + 1);
      const items = objs.listItems(list);
      objs.u32.copyWithin(2 * (items + i + 1), 2 * (items + i), 2 * (items + len));
      objs.copy(items + i, a + 1);
      rt.heap.writeI64(list + LIST_LENGTH_W, len + 1);
      objs.setNone(dst);
    }, 'bisect');
  }
}
