// The math module (complete for 3.11): each function reads its arguments from
// slots and calls runtime/vm/library/math.ts, which has CPython's results and
// errors. Registered as builtins of module 'math' (interpreter/modules.ts adds
// its constants). The trace recorder knows math.sqrt by name.
import { Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';
import * as M from '../library/math.ts';
import type { Real } from '../library/numeric.ts';
import { def, type BuiltinFn, type Keywords } from './builtin-registry.ts';
import { intArgOf, itemsOf, realArg, setValue, type LibValue } from './library-host.ts';

function noKeywords(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`math.${name}() takes no keyword arguments`);
}

export function arity(name: string, n: number, min: number, max: number): void {
  if (n >= min && n <= max) return;
  if (min === max && min === 1) throw typeError(`${name}() takes exactly one argument (${n} given)`);
  if (min === max) throw typeError(`${name} expected ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
  if (n < min) throw typeError(`${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
  throw typeError(`${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${n}`);
}

/** Keyword arguments a builtin accepts, by name; any other is a TypeError. */
export function keywordArgs(name: string, kw: Keywords, allowed: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (kw) {
    for (const [k, w] of kw) {
      if (!allowed.includes(k)) throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
      out.set(k, w);
    }
  }
  return out;
}

const math = (name: string, fn: BuiltinFn) => def(name, fn, 'math');

for (const name of ['acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cbrt', 'cos', 'cosh', 'erf', 'erfc', 'exp', 'exp2', 'expm1', 'fabs',
  'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'log1p', 'degrees', 'radians', 'gamma', 'lgamma', 'log2', 'log10', 'ulp', 'isfinite', 'isinf',
  'isnan', 'floor', 'ceil', 'trunc', 'frexp', 'modf'] as const) {
  const f = M[name] as (x: Real) => LibValue;
  const integral = name === 'floor' || name === 'ceil' || name === 'trunc';
  math(name, (rt, a, n, dst, kw) => {
    noKeywords(name, kw);
    if (n !== 1) throw typeError(`math.${name}() takes exactly one argument (${n} given)`);
    // floor/ceil/trunc of an int is the int itself (CPython: __floor__ of int).
    if (integral && rt.objs.isIntLike(a)) { rt.objs.setBig(dst, rt.objs.bigOf(a)); return; }
    setValue(rt, dst, f(realArg(rt, a)));
  });
}
for (const name of ['atan2', 'copysign', 'fmod', 'remainder', 'pow', 'nextafter'] as const) {
  math(name, (rt, a, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 2, 2);
    setValue(rt, dst, M[name](realArg(rt, a), realArg(rt, a + 1)));
  });
}
math('ldexp', (rt, a, n, dst, kw) => {
  noKeywords('ldexp', kw);
  arity('ldexp', n, 2, 2);
  if (!rt.objs.isIntLike(a + 1)) throw typeError('Expected an int as second argument to ldexp.');
  setValue(rt, dst, M.ldexp(realArg(rt, a), rt.objs.bigOf(a + 1)));
});
math('log', (rt, a, n, dst, kw) => {
  noKeywords('log', kw);
  arity('log', n, 1, 2);
  setValue(rt, dst, M.log(realArg(rt, a), n === 2 ? realArg(rt, a + 1) : undefined));
});
math('hypot', (rt, a, n, dst, kw) => {
  noKeywords('hypot', kw);
  const xs = Array.from({ length: n }, (_, i) => realArg(rt, a + i));
  setValue(rt, dst, M.hypot(...xs));
});
math('dist', (rt, a, n, dst, kw) => {
  noKeywords('dist', kw);
  arity('dist', n, 2, 2);
  const kind = (w: number, which: string) => {
    const k = rt.typeName(w);
    if (k !== 'tuple' && k !== 'list') throw typeError(`dist() argument ${which} must be tuple, not ${k}`);
  };
  kind(a, '1');
  kind(a + 1, '2');
  const p = itemsOf(rt, a).map((w) => realArg(rt, w));
  const q = itemsOf(rt, a + 1).map((w) => realArg(rt, w));
  setValue(rt, dst, M.dist(p, q));
});
math('fsum', (rt, a, n, dst, kw) => {
  noKeywords('fsum', kw);
  arity('fsum', n, 1, 1);
  setValue(rt, dst, M.fsum(itemsOf(rt, a).map((w) => realArg(rt, w))));
});
math('prod', (rt, a, n, dst, kw) => {
  const k = keywordArgs('prod', kw, ['start']);
  arity('prod', n, 1, 1);
  const start = k.has('start') ? realArg(rt, k.get('start')!) : 1n;
  setValue(rt, dst, M.prod(itemsOf(rt, a).map((w) => realArg(rt, w)), start));
});
for (const name of ['gcd', 'lcm'] as const) {
  math(name, (rt, a, n, dst, kw) => {
    noKeywords(name, kw);
    setValue(rt, dst, M[name](...Array.from({ length: n }, (_, i) => intArgOf(rt, a + i))));
  });
}
for (const name of ['factorial', 'isqrt'] as const) {
  math(name, (rt, a, n, dst, kw) => {
    noKeywords(name, kw);
    if (n !== 1) throw typeError(`math.${name}() takes exactly one argument (${n} given)`);
    // A float goes to the library as is, for its 3.11 message (factorial(2.0) is a TypeError).
    setValue(rt, dst, M[name](rt.objs.kind(a) === Kind.Float ? rt.objs.f64[a] : intArgOf(rt, a)));
  });
}
math('comb', (rt, a, n, dst, kw) => {
  noKeywords('comb', kw);
  arity('comb', n, 2, 2);
  setValue(rt, dst, M.comb(intArgOf(rt, a), intArgOf(rt, a + 1)));
});
math('perm', (rt, a, n, dst, kw) => {
  noKeywords('perm', kw);
  arity('perm', n, 1, 2);
  setValue(rt, dst, M.perm(intArgOf(rt, a), n === 2 && !rt.objs.isNone(a + 1) ? intArgOf(rt, a + 1) : null));
});
math('isclose', (rt, a, n, dst, kw) => {
  const k = keywordArgs('isclose', kw, ['rel_tol', 'abs_tol']);
  arity('isclose', n, 2, 2);
  const rel = k.has('rel_tol') ? realArg(rt, k.get('rel_tol')!) : 1e-9;
  const abs = k.has('abs_tol') ? realArg(rt, k.get('abs_tol')!) : 0.0;
  setValue(rt, dst, M.isclose(realArg(rt, a), realArg(rt, a + 1), rel, abs));
});

