// The math module's functions (CPython's results and errors), registered as
// builtins of module 'math' (interpreter/modules.ts adds its constants).
import { cAtan2, cFmod, cHypot, cLibm1 } from '../heap/libm.ts';
import { floatPow, floatToBig } from '../heap/numbers.ts';
import { Kind } from '../heap/objects.ts';
import { PyError, overflowError, typeError, valueError } from '../heap/py-error.ts';
import { def, type Keywords } from './builtin-registry.ts';
import type { Runtime } from './runtime.ts';

function noKeywords(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`${name}() takes no keyword arguments`);
}

function arity(name: string, n: number, min: number, max: number): void {
  if (n >= min && n <= max) return;
  if (min === max) {
    if (min === 1) throw typeError(`${name}() takes exactly one argument (${n} given)`);
    throw typeError(`${name} expected ${min} arguments, got ${n}`);
  }
  if (n < min) throw typeError(`${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
  throw typeError(`${name} expected at most ${max} arguments, got ${n}`);
}

/** An int argument as a JS number (for sizes, range bounds, ...). */
function intArg(rt: Runtime, w: number): number {
  const k = rt.objs.kind(w);
  if (k === Kind.Int) return rt.objs.smallInt(w);
  if (k === Kind.Bool) return rt.objs.u32[2 * w];
  if (k === Kind.BigInt) return Number(rt.objs.bigOf(w));
  throw typeError(`'${rt.typeName(w)}' object cannot be interpreted as an integer`);
}

/** A number argument as a float (math functions). */
function floatArg(rt: Runtime, w: number): number {
  const k = rt.objs.kind(w);
  if (k === Kind.Float || k === Kind.Int || k === Kind.Bool || k === Kind.BigInt) return rt.objs.floatOf(w);
  throw typeError(`must be real number, not ${rt.typeName(w)}`);
}


/** CPython's math_1: NaN from non-NaN is a domain error, inf from finite a range error. */
function math1(name: string, f: (x: number) => number, canOverflow: boolean): void {
  def(name, (rt, args, n, dst, kw) => {
    noKeywords(name, kw);
    if (n !== 1) throw typeError(`math.${name}() takes exactly one argument (${n} given)`);
    const x = floatArg(rt, args);
    const r = f(x);
    if (Number.isNaN(r) && !Number.isNaN(x)) throw valueError('math domain error');
    if (!Number.isFinite(r) && Number.isFinite(x)) {
      if (canOverflow) throw overflowError('math range error');
      throw valueError('math domain error');
    }
    rt.objs.setFloat(dst, r);
  }, 'math');
}

for (const name of ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'tanh', 'asinh', 'acosh', 'atanh', 'sqrt', 'fabs', 'erf', 'erfc', 'cbrt']) {
  math1(name, cLibm1[name], false);
}
for (const name of ['exp', 'expm1', 'sinh', 'cosh', 'exp2', 'gamma', 'lgamma']) math1(name, cLibm1[name], true);
math1('degrees', (x) => x * (180 / Math.PI), true);
math1('radians', (x) => x * (Math.PI / 180), false);

function mathLog(name: string, f: (x: number) => number): void {
  def(name, (rt, args, n, dst, kw) => {
    noKeywords(name, kw);
    const maxArgs = name === 'log' ? 2 : 1;
    if (n < 1 || n > maxArgs) throw typeError(`${name} expected ${maxArgs === 1 ? '1 argument' : 'at most 2 arguments'}, got ${n}`);
    const logOf = (w: number): number => {
      const k = rt.objs.kind(w);
      if (k === Kind.BigInt || k === Kind.Int || k === Kind.Bool) {
        const b = rt.objs.bigOf(w);
        if (b <= 0n) throw valueError('math domain error');
        const d = Number(b);
        if (Number.isFinite(d)) return f(d);
        // Huge ints: log via the top bits and the bit length.
        const bits = b.toString(2).length;
        const top = Number(b >> BigInt(bits - 60));
        return f(top) + (bits - 60) * f(2);
      }
      const x = floatArg(rt, w);
      if (x <= 0 || Number.isNaN(x) && false) throw valueError('math domain error');
      return f(x);
    };
    let r = logOf(args);
    if (n === 2) {
      const d = logOf(args + 1);
      if (d === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
      r /= d;
    }
    rt.objs.setFloat(dst, r);
  }, 'math');
}
mathLog('log', cLibm1.log);
mathLog('log2', cLibm1.log2);
mathLog('log10', cLibm1.log10);

function intResult(name: string, f: (x: number) => number): void {
  def(name, (rt, args, n, dst, kw) => {
    noKeywords(name, kw);
    if (n !== 1) throw typeError(`math.${name}() takes exactly one argument (${n} given)`);
    const k = rt.objs.kind(args);
    if (k === Kind.Int || k === Kind.BigInt) { rt.objs.copy(dst, args); return; }
    if (k === Kind.Bool) { rt.objs.setInt(dst, rt.objs.u32[2 * args]); return; }
    rt.objs.setBig(dst, floatToBig(f(floatArg(rt, args))));
  }, 'math');
}
intResult('floor', Math.floor);
intResult('ceil', Math.ceil);
intResult('trunc', Math.trunc);

def('pow', (rt, args, n, dst, kw) => {
  noKeywords('pow', kw);
  if (n !== 2) throw typeError(`pow expected 2 arguments, got ${n}`);
  const x = floatArg(rt, args);
  const y = floatArg(rt, args + 1);
  if (x === 0 && y < 0) throw valueError('math domain error');
  if (x < 0 && Number.isFinite(x) && Number.isFinite(y) && Math.floor(y) !== y) throw valueError('math domain error');
  let r: number;
  try { r = floatPow(x, y); } catch (e) {
    if (e instanceof PyError && e.pyType === 'OverflowError') throw overflowError('math range error');
    throw e;
  }
  rt.objs.setFloat(dst, r);
}, 'math');

def('atan2', (rt, args, n, dst) => {
  if (n !== 2) throw typeError(`atan2 expected 2 arguments, got ${n}`);
  rt.objs.setFloat(dst, cAtan2(floatArg(rt, args), floatArg(rt, args + 1)));
}, 'math');

def('hypot', (rt, args, n, dst) => {
  let r = 0;
  if (n === 2) r = cHypot(floatArg(rt, args), floatArg(rt, args + 1));
  else {
    let s = 0;
    for (let i = 0; i < n; i++) s += floatArg(rt, args + i) ** 2;
    r = Math.sqrt(s);
  }
  rt.objs.setFloat(dst, r);
}, 'math');

def('fmod', (rt, args, n, dst) => {
  if (n !== 2) throw typeError(`fmod expected 2 arguments, got ${n}`);
  const x = floatArg(rt, args);
  const y = floatArg(rt, args + 1);
  if (y === 0 && !Number.isNaN(x) || !Number.isFinite(x) && !Number.isNaN(x)) throw valueError('math domain error');
  rt.objs.setFloat(dst, cFmod(x, y));
}, 'math');

def('copysign', (rt, args, n, dst) => {
  if (n !== 2) throw typeError(`copysign expected 2 arguments, got ${n}`);
  const x = Math.abs(floatArg(rt, args));
  const y = floatArg(rt, args + 1);
  rt.objs.setFloat(dst, y < 0 || Object.is(y, -0) ? -x : x);
}, 'math');

for (const [name, test] of [['isnan', Number.isNaN], ['isinf', (x: number) => x === Infinity || x === -Infinity], ['isfinite', Number.isFinite]] as const) {
  def(name, (rt, args, n, dst) => {
    if (n !== 1) throw typeError(`math.${name}() takes exactly one argument (${n} given)`);
    rt.objs.setBool(dst, (test as (x: number) => boolean)(floatArg(rt, args)));
  }, 'math');
}

def('isqrt', (rt, args, n, dst) => {
  if (n !== 1) throw typeError(`math.isqrt() takes exactly one argument (${n} given)`);
  if (!rt.objs.isIntLike(args)) throw typeError(`'${rt.typeName(args)}' object cannot be interpreted as an integer`);
  const v = rt.objs.bigOf(args);
  if (v < 0n) throw valueError('isqrt() argument must be nonnegative');
  if (v < 2n) { rt.objs.setBig(dst, v); return; }
  let x = BigInt(Math.floor(Math.sqrt(Number(v))));
  if (x === 0n) x = 1n;
  for (;;) {
    const y = (x + v / x) >> 1n;
    if (y >= x && x * x <= v) break;
    x = y;
  }
  while (x * x > v) x -= 1n;
  while ((x + 1n) * (x + 1n) <= v) x += 1n;
  rt.objs.setBig(dst, x);
}, 'math');

def('gcd', (rt, args, n, dst) => {
  let g = 0n;
  for (let i = 0; i < n; i++) {
    if (!rt.objs.isIntLike(args + i)) throw typeError(`'${rt.typeName(args + i)}' object cannot be interpreted as an integer`);
    let b = rt.objs.bigOf(args + i);
    if (b < 0n) b = -b;
    let a = g;
    while (b) { [a, b] = [b, a % b]; }
    g = a;
  }
  rt.objs.setBig(dst, g);
}, 'math');

def('factorial', (rt, args, n, dst) => {
  if (n !== 1) throw typeError(`math.factorial() takes exactly one argument (${n} given)`);
  if (!rt.objs.isIntLike(args)) throw typeError(`'${rt.typeName(args)}' object cannot be interpreted as an integer`);
  const v = rt.objs.bigOf(args);
  if (v < 0n) throw valueError('factorial() not defined for negative values');
  let r = 1n;
  for (let i = 2n; i <= v; i++) r *= i;
  rt.objs.setBig(dst, r);
}, 'math');

