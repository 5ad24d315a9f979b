// The C math library through koffi, so float results (pow, sin, exp, ...)
// match CPython bit for bit: V8's Math.* use different algorithms than glibc.
import { koffi } from '../../jit/native.ts';

const libm = koffi.load('libm.so.6');
type Fn1 = (x: number) => number;
type Fn2 = (x: number, y: number) => number;
const f1 = (name: string) => libm.func(`double ${name}(double)`) as Fn1;
const f2 = (name: string) => libm.func(`double ${name}(double, double)`) as Fn2;

export const cPow = f2('pow');
export const cFmod = f2('fmod');
export const cAtan2 = f2('atan2');
export const cHypot = f2('hypot');
export const cLibm1: Record<string, Fn1> = {
  sin: f1('sin'), cos: f1('cos'), tan: f1('tan'), asin: f1('asin'), acos: f1('acos'), atan: f1('atan'),
  sinh: f1('sinh'), cosh: f1('cosh'), tanh: f1('tanh'), exp: f1('exp'), expm1: f1('expm1'), log: f1('log'),
  log2: f1('log2'), log10: f1('log10'), log1p: f1('log1p'), sqrt: f1('sqrt'), fabs: f1('fabs'),
  asinh: f1('asinh'), acosh: f1('acosh'), atanh: f1('atanh'), erf: f1('erf'), erfc: f1('erfc'),
  gamma: f1('tgamma'), lgamma: f1('lgamma'), cbrt: f1('cbrt'), exp2: f1('exp2'),
};
export const cRemainder = f2('remainder');
export const cNextafter = f2('nextafter');
export const cLdexp = libm.func('double ldexp(double, int)') as (x: number, e: number) => number;
