// Builtin functions and the `math` module. Each builtin reads its arguments
// from value slots [args, args+n) and writes its result into slot `dst` (the
// callable's slot, below the arguments). Builtins that allocate more than once
// keep intermediate objects in heap.tempRoots.
import { floatRepr } from '../heap/format.ts';
import { floatToBig } from '../heap/numbers.ts';
import { intToBin, intToHex, parseFloat as parseFloatText, parseInt as parseIntText } from '../library/int-text.ts';
import { powMod, round as libRound } from '../library/numeric.ts';
import { chr as libChr, ord as libOrd } from '../library/str-methods.ts';
import { registerLibrary } from './library-builtins.ts';
import { intArgOf, realArg, setValue } from './library-host.ts';
import { Kind, RANGE_NEXT_W, RANGE_STEP_W, RANGE_STOP_W } from '../heap/objects.ts';
import { typeError, valueError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';
import { BinaryOp, CompareOp } from '../frontend/bytecode.ts';

export type Keywords = Map<string, number> | null;
export type BuiltinFn = (rt: Runtime, args: number, n: number, dst: number, kw: Keywords) => void;

export interface BuiltinSpec {
  name: string;
  /** 'math' for module attributes, null for global builtins. */
  module: string | null;
  fn: BuiltinFn;
}

export const MODULE_NAMES = ['math', 'random', 'time', 'bisect'];

const BUILTINS: BuiltinSpec[] = [];
const byName = new Map<string, number>();

function def(name: string, fn: BuiltinFn, module: string | null = null): void {
  byName.set(module ? `${module}.${name}` : name, BUILTINS.length);
  BUILTINS.push({ name, module, fn });
}

export function builtinId(name: string, module: string | null = null): number | undefined {
  return byName.get(module ? `${module}.${name}` : name);
}
export function builtinSpec(id: number): BuiltinSpec { return BUILTINS[id]; }
export function builtinCount(): number { return BUILTINS.length; }

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

// ----------------------------------------------------------------- builtins

def('print', (rt, args, n, dst, kw) => {
  let sep = ' ';
  let end = '\n';
  if (kw) {
    for (const [name, w] of kw) {
      const k = rt.objs.kind(w);
      if (name !== 'sep' && name !== 'end' && name !== 'flush') throw typeError(`'${name}' is an invalid keyword argument for print()`);
      if (name === 'flush') continue;
      if (k !== Kind.Str && k !== Kind.None) throw typeError(`${name} must be None or a string, not ${rt.typeName(w)}`);
      if (k === Kind.Str) {
        if (name === 'sep') sep = rt.objs.strOf(rt.heap.objectAt(w));
        else end = rt.objs.strOf(rt.heap.objectAt(w));
      }
    }
  }
  let out = '';
  for (let i = 0; i < n; i++) {
    if (i > 0) out += sep;
    out += rt.fmt.str(args + i);
  }
  rt.write(out + end);
  rt.objs.setNone(dst);
});

def('len', (rt, args, n, dst, kw) => {
  noKeywords('len', kw);
  if (n !== 1) throw typeError(`len() takes exactly one argument (${n} given)`);
  rt.objs.setInt(dst, rt.ops.len(args));
});

def('range', (rt, args, n, dst, kw) => {
  noKeywords('range', kw);
  if (n === 0) throw typeError('range expected at least 1 argument, got 0');
  if (n > 3) throw typeError(`range expected at most 3 arguments, got ${n}`);
  const a = intArg(rt, args);
  const start = n === 1 ? 0 : a;
  const stop = n === 1 ? a : intArg(rt, args + 1);
  const step = n === 3 ? intArg(rt, args + 2) : 1;
  if (step === 0) throw valueError('range() arg 3 must not be zero');
  rt.objs.setObject(dst, rt.objs.newRange(start, stop, step));
});

def('abs', (rt, args, n, dst, kw) => {
  noKeywords('abs', kw);
  if (n !== 1) throw typeError(`abs() takes exactly one argument (${n} given)`);
  const k = rt.objs.kind(args);
  if (k === Kind.Float) rt.objs.setFloat(dst, Math.abs(rt.objs.f64[args]));
  else if (k === Kind.Int || k === Kind.Bool || k === Kind.BigInt) {
    const b = rt.objs.bigOf(args);
    rt.objs.setBig(dst, b < 0n ? -b : b);
  } else throw typeError(`bad operand type for abs(): '${rt.typeName(args)}'`);
});

function minMax(name: string, wantLess: boolean): BuiltinFn {
  return (rt, args, n, dst, kw) => {
    noKeywords(name, kw);
    if (n === 0) throw typeError(`${name} expected at least 1 argument, got 0`);
    let first = args;
    let count = n;
    if (n === 1) {
      const list = rt.ops.iterableToList(args);
      rt.objs.setObject(args, list); // keep rooted
      first = rt.objs.listItems(list);
      count = rt.objs.listLength(list);
      if (count === 0) throw valueError(`${name}() arg is an empty sequence`);
    }
    let best = first;
    for (let i = 1; i < count; i++) {
      if (rt.ops.compareBool(wantLess ? CompareOp.LT : CompareOp.GT, first + i, best)) best = first + i;
    }
    rt.objs.copy(dst, best);
  };
}
def('min', minMax('min', true));
def('max', minMax('max', false));

def('sum', (rt, args, n, dst, kw) => {
  noKeywords('sum', kw);
  if (n === 0 || n > 2) throw typeError(`sum() takes at most 2 arguments (${n} given)`);
  const list = rt.ops.iterableToList(args);
  rt.objs.setObject(args, list);
  const acc = rt.heap.scratchW + 1; // scratch slot; reachable through dst below
  if (n === 2) {
    if (rt.objs.kind(args + 1) === Kind.Str) throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
    rt.objs.copy(dst, args + 1);
  } else rt.objs.setInt(dst, 0);
  const count = rt.objs.listLength(list);
  for (let i = 0; i < count; i++) {
    rt.objs.copy(acc, rt.objs.listItems(list) + i);
    rt.ops.binary(BinaryOp.ADD, dst, acc);
  }
  rt.objs.setNone(acc);
});

def('int', (rt, args, n, dst, kw) => {
  noKeywords('int', kw);
  if (n === 0) { rt.objs.setInt(dst, 0); return; }
  if (n > 2) throw typeError(`int() takes at most 2 arguments (${n} given)`);
  const k = rt.objs.kind(args);
  if (n === 2) {
    if (k !== Kind.Str) throw typeError("int() can't convert non-string with explicit base");
    rt.objs.setBig(dst, parseIntText(rt.objs.strOf(rt.heap.objectAt(args)), intArg(rt, args + 1)));
    return;
  }
  if (k === Kind.Int || k === Kind.BigInt) rt.objs.copy(dst, args);
  else if (k === Kind.Bool) rt.objs.setInt(dst, rt.objs.u32[2 * args]);
  else if (k === Kind.Float) rt.objs.setBig(dst, floatToBig(rt.objs.f64[args]));
  else if (k === Kind.Str) rt.objs.setBig(dst, parseIntText(rt.objs.strOf(rt.heap.objectAt(args)), 10));
  else throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${rt.typeName(args)}'`);
});

def('float', (rt, args, n, dst, kw) => {
  noKeywords('float', kw);
  if (n === 0) { rt.objs.setFloat(dst, 0); return; }
  if (n > 1) throw typeError(`float expected at most 1 argument, got ${n}`);
  const k = rt.objs.kind(args);
  if (k === Kind.Float || k === Kind.Int || k === Kind.Bool || k === Kind.BigInt) {
    rt.objs.setFloat(dst, rt.objs.floatOf(args));
    return;
  }
  if (k === Kind.Str) {
    rt.objs.setFloat(dst, parseFloatText(rt.objs.strOf(rt.heap.objectAt(args))));
    return;
  }
  throw typeError(`float() argument must be a string or a real number, not '${rt.typeName(args)}'`);
});

def('str', (rt, args, n, dst, kw) => {
  noKeywords('str', kw);
  if (n === 0) { rt.objs.setObject(dst, rt.objs.newStr('')); return; }
  if (n > 1) throw typeError('str() takes at most 1 argument');
  rt.objs.setObject(dst, rt.objs.newStr(rt.fmt.str(args)));
});

def('repr', (rt, args, n, dst, kw) => {
  noKeywords('repr', kw);
  arity('repr', n, 1, 1);
  rt.objs.setObject(dst, rt.objs.newStr(rt.fmt.repr(args)));
});

def('bool', (rt, args, n, dst, kw) => {
  noKeywords('bool', kw);
  if (n > 1) throw typeError(`bool expected at most 1 argument, got ${n}`);
  rt.objs.setBool(dst, n === 0 ? false : rt.ops.truthy(args));
});

def('list', (rt, args, n, dst, kw) => {
  noKeywords('list', kw);
  if (n > 1) throw typeError(`list expected at most 1 argument, got ${n}`);
  rt.objs.setObject(dst, n === 0 ? rt.objs.newList(0) : rt.ops.iterableToList(args));
});

def('tuple', (rt, args, n, dst, kw) => {
  noKeywords('tuple', kw);
  if (n > 1) throw typeError(`tuple expected at most 1 argument, got ${n}`);
  if (n === 0) { rt.objs.setObject(dst, rt.objs.newTuple(0)); return; }
  if (rt.objs.kind(args) === Kind.Tuple) { rt.objs.copy(dst, args); return; }
  const list = rt.ops.iterableToList(args);
  rt.objs.setObject(args, list);
  rt.objs.setObject(dst, listToTuple(rt, list));
});

function listToTuple(rt: Runtime, list: number): number {
  const len = rt.objs.listLength(list);
  rt.heap.tempRoots.push(list);
  const t = rt.objs.newTuple(len);
  rt.heap.tempRoots.pop();
  rt.objs.u32.copyWithin(2 * rt.objs.tupleItems(t), 2 * rt.objs.listItems(list), 2 * (rt.objs.listItems(list) + len));
  return t;
}

const TYPE_KINDS: Record<string, Kind[]> = {
  int: [Kind.Int, Kind.BigInt, Kind.Bool], float: [Kind.Float], str: [Kind.Str], bool: [Kind.Bool],
  list: [Kind.List], tuple: [Kind.Tuple], range: [Kind.Range],
};

def('isinstance', (rt, args, n, dst, kw) => {
  noKeywords('isinstance', kw);
  if (n !== 2) throw typeError(`isinstance expected 2 arguments, got ${n}`);
  const kind = rt.objs.kind(args);
  const matches = (w: number): boolean => {
    const k = rt.objs.kind(w);
    if (k === Kind.Tuple) {
      const s = rt.objs.sequence(w)!;
      for (let i = 0; i < s.length; i++) if (matches(s.first + i)) return true;
      return false;
    }
    if (k === Kind.Builtin) {
      const name = BUILTINS[rt.heap.readI64(rt.heap.objectAt(w) + 1)].name;
      const kinds = TYPE_KINDS[name];
      if (kinds && BUILTINS[rt.heap.readI64(rt.heap.objectAt(w) + 1)].module === null) return kinds.includes(kind);
    }
    throw typeError('isinstance() arg 2 must be a type, a tuple of types, or a union');
  };
  rt.objs.setBool(dst, matches(args + 1));
});

def('round', (rt, args, n, dst, kw) => {
  noKeywords('round', kw);
  if (n === 0 || n > 2) throw typeError(`round() takes at most 2 arguments (${n} given)`);
  const k = rt.objs.kind(args);
  if (k !== Kind.Float && k !== Kind.Int && k !== Kind.Bool && k !== Kind.BigInt) {
    throw typeError(`type ${rt.typeName(args)} doesn't define __round__ method`);
  }
  const digits = n === 2 && !rt.objs.isNone(args + 1) ? intArgOf(rt, args + 1) : null;
  setValue(rt, dst, libRound(realArg(rt, args), digits));
});

def('divmod', (rt, args, n, dst, kw) => {
  noKeywords('divmod', kw);
  if (n !== 2) throw typeError(`divmod expected 2 arguments, got ${n}`);
  const s = rt.heap.scratchW;
  rt.objs.copy(s + 2, args);
  rt.objs.copy(s + 3, args + 1);
  rt.ops.binary(BinaryOp.FLOORDIV, s + 2, s + 3);
  rt.objs.copy(s + 4, args);
  rt.ops.binary(BinaryOp.MOD, s + 4, s + 3);
  // Keep both results in argument slots (rooted) before allocating the tuple.
  rt.objs.copy(args, s + 2);
  rt.objs.copy(args + 1, s + 4);
  const t = rt.objs.newTuple(2);
  rt.objs.copy(rt.objs.tupleItems(t), args);
  rt.objs.copy(rt.objs.tupleItems(t) + 1, args + 1);
  rt.objs.setObject(dst, t);
});

def('pow', (rt, args, n, dst, kw) => {
  noKeywords('pow', kw);
  if (n === 2) {
    rt.objs.copy(dst, args);
    rt.ops.binary(BinaryOp.POW, dst, args + 1);
    return;
  }
  if (n !== 3) throw typeError(`pow expected 2 or 3 arguments, got ${n}`);
  rt.objs.setBig(dst, powMod(realArg(rt, args), realArg(rt, args + 1), realArg(rt, args + 2)));
});

def('chr', (rt, args, n, dst, kw) => {
  noKeywords('chr', kw);
  arity('chr', n, 1, 1);
  rt.objs.setObject(dst, rt.objs.charStr(libChr(intArgOf(rt, args))));
});

def('ord', (rt, args, n, dst, kw) => {
  noKeywords('ord', kw);
  arity('ord', n, 1, 1);
  if (rt.objs.kind(args) !== Kind.Str) throw typeError(`ord() expected string of length 1, but ${rt.typeName(args)} found`);
  rt.objs.setInt(dst, libOrd(rt.objs.strOf(rt.heap.objectAt(args))));
});

function sortList(rt: Runtime, list: number, reverse: boolean): void {
  const objs = rt.objs;
  const len = objs.listLength(list);
  const first = objs.listItems(list);
  const order = Array.from({ length: len }, (_, i) => i);
  const cmp = (a: number, b: number) => {
    if (rt.ops.compareBool(CompareOp.LT, first + a, first + b)) return -1;
    if (rt.ops.compareBool(CompareOp.LT, first + b, first + a)) return 1;
    return 0;
  };
  order.sort(reverse ? (a, b) => cmp(b, a) : cmp);
  const copy = objs.u32.slice(2 * first, 2 * (first + len));
  for (let i = 0; i < len; i++) {
    objs.u32[2 * (first + i)] = copy[2 * order[i]];
    objs.u32[2 * (first + i) + 1] = copy[2 * order[i] + 1];
  }
}
export { sortList };

def('sorted', (rt, args, n, dst, kw) => {
  if (n !== 1) throw typeError(`sorted expected 1 argument, got ${n}`);
  let reverse = false;
  if (kw) {
    for (const [name, w] of kw) {
      if (name !== 'reverse') throw typeError(`'${name}' is an invalid keyword argument for sort()`);
      reverse = rt.ops.truthy(w);
    }
  }
  const list = rt.ops.iterableToList(args);
  rt.objs.setObject(dst, list);
  sortList(rt, list, reverse);
});

def('reversed', (rt, args, n, dst, kw) => {
  noKeywords('reversed', kw);
  arity('reversed', n, 1, 1);
  const k = rt.objs.kind(args);
  if (k !== Kind.List && k !== Kind.Tuple && k !== Kind.Str && k !== Kind.Range) {
    throw typeError(`'${rt.typeName(args)}' object is not reversible`);
  }
  const list = rt.ops.iterableToList(args);
  rt.objs.setObject(dst, list);
  const first = rt.objs.listItems(list);
  const len = rt.objs.listLength(list);
  const copy = rt.objs.u32.slice(2 * first, 2 * (first + len));
  for (let i = 0; i < len; i++) {
    rt.objs.u32[2 * (first + i)] = copy[2 * (len - 1 - i)];
    rt.objs.u32[2 * (first + i) + 1] = copy[2 * (len - 1 - i) + 1];
  }
  rt.objs.setObject(dst, rt.objs.newListIter(list));
});

/** Builds a list of n-tuples from parallel slots; used by enumerate and zip. */
def('enumerate', (rt, args, n, dst, kw) => {
  let start = 0;
  if (kw) for (const [name, w] of kw) {
    if (name !== 'start') throw typeError(`'${name}' is an invalid keyword argument for enumerate()`);
    start = intArg(rt, w);
  }
  if (n === 2) start = intArg(rt, args + 1);
  if (n < 1 || n > 2) throw typeError(`enumerate() takes at most 2 arguments (${n} given)`);
  const src = rt.ops.iterableToList(args);
  rt.objs.setObject(args, src);
  const len = rt.objs.listLength(src);
  const out = rt.objs.newList(len);
  rt.objs.setObject(dst, out);
  for (let i = 0; i < len; i++) {
    const t = rt.objs.newTuple(2);
    rt.objs.setInt(rt.objs.tupleItems(t), start + i);
    rt.objs.copy(rt.objs.tupleItems(t) + 1, rt.objs.listItems(src) + i);
    rt.objs.setObject(rt.objs.listItems(out) + i, t);
  }
  rt.objs.setObject(dst, rt.objs.newListIter(out));
});

def('zip', (rt, args, n, dst, kw) => {
  noKeywords('zip', kw);
  let len = Infinity;
  for (let i = 0; i < n; i++) {
    const src = rt.ops.iterableToList(args + i);
    rt.objs.setObject(args + i, src);
    len = Math.min(len, rt.objs.listLength(src));
  }
  if (n === 0) len = 0;
  const out = rt.objs.newList(len);
  rt.objs.setObject(dst, out);
  for (let j = 0; j < len; j++) {
    const t = rt.objs.newTuple(n);
    for (let i = 0; i < n; i++) {
      const src = rt.heap.objectAt(args + i);
      rt.objs.copy(rt.objs.tupleItems(t) + i, rt.objs.listItems(src) + j);
    }
    rt.objs.setObject(rt.objs.listItems(out) + j, t);
  }
  rt.objs.setObject(dst, rt.objs.newListIter(out));
});

def('hex', (rt, args, n, dst, kw) => {
  noKeywords('hex', kw);
  arity('hex', n, 1, 1);
  rt.objs.setObject(dst, rt.objs.newStr(intToHex(intArgOf(rt, args))));
});

def('bin', (rt, args, n, dst, kw) => {
  noKeywords('bin', kw);
  arity('bin', n, 1, 1);
  rt.objs.setObject(dst, rt.objs.newStr(intToBin(intArgOf(rt, args))));
});

// ------------------------------------------ math, random, time, bisect, format

export const MATH_CONSTANTS: Record<string, number> = {
  pi: Math.PI, e: Math.E, tau: 2 * Math.PI, inf: Infinity, nan: NaN,
};

registerLibrary(def);

export { floatRepr };
