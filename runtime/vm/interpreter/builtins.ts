// The global builtin functions (print, len, range, sorted, isinstance, ...),
// registered in builtin-registry.ts. Each reads its arguments from value slots
// [args, args + n) (and keyword slots), writes its result into slot `dst`,
// and keeps intermediate objects on the value stack (rt.interp.push*) so the
// collector sees them; Python code they call (key functions, __eq__, ...)
// runs through rt.interp.callValue.
import { isLimbsObject, limbsSize, limbsWithSign } from '../heap/bigint-limbs.ts';
import { BigIntNative } from './bigint-native.ts';
import { hugeInSlot, hugeRepr, writeHuge } from './huge-strs.ts';
import { BinaryOp, CompareOp } from '../frontend/bytecode.ts';
import { asciiOf } from '../heap/format.ts';
import { HASH, hashAsBigInt } from '../heap/hashing.ts';
import { floatToBig } from '../heap/numbers.ts';
import {
  DESCRIPTOR_F1_W, INSTANCE_BASE_W, ITER_AUX2_W, ITER_AUX_W, ITER_INDEX_W, Kind, METHOD_FUNC_W,
} from '../heap/objects.ts';
import { PyError, typeError, valueError } from '../heap/py-error.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import { def, type BuiltinFn, type Keywords } from './builtin-registry.ts';
import { BuiltinType } from './builtin-types.ts';
import { IterKind } from './iterators.ts';
import { parseFloat as parseFloatText, scanInt, valueOfDigits } from '../library/int-text.ts';
import { hugeParseFloat, hugeParseInt } from './huge-str-numbers.ts';
import type { HugeStr } from '../heap/huge-str.ts';
import { powMod, round as libRound } from '../library/numeric.ts';
import { intArgOf, setValue } from './library-host.ts';
import './math-module.ts';
import './random-module.ts';
import './time-module.ts';
import './gc-module.ts';
import './bisect-module.ts';
import './re-module.ts';
import './json-module.ts';
import './os-module.ts';
import './heapq-native.ts';
import './copy-native.ts';
import './coroutine-native.ts';
import './deque-native.ts';
import { dictUpdateFromArg, sortList } from './methods.ts';
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

/** An int argument as a JS number (for sizes, range bounds, ...); __index__ for objects. */
function intArg(rt: Runtime, w: number): number {
  return rt.ops.indexOf(w, `'${rt.typeName(w)}' object cannot be interpreted as an integer`);
}

/** An int argument as a bigint (exact), __index__ for objects. */
function bigIndex(rt: Runtime, w: number): bigint {
  if (rt.objs.isIntLike(w)) return rt.objs.bigOf(w);
  return BigInt(intArg(rt, w));
}

/** Keyword arguments by name, rejecting unknown ones as CPython words it for builtins. */
function keywords(kw: Keywords, allowed: string[], fname: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!kw) return out;
  for (const [k, v] of kw) {
    if (!allowed.includes(k)) throw typeError(`'${k}' is an invalid keyword argument for ${fname}()`);
    out.set(k, v);
  }
  return out;
}

/** Calls the value at slot f with the value at slot x; the result goes to dst. */
function call1(rt: Runtime, f: number, x: number, dst: number): void {
  const interp = rt.interp;
  const base = interp.push(f);
  interp.push(x);
  interp.callValue(base, 1);
  rt.objs.copy(dst, base);
  interp.popN(1);
}

// ----------------------------------------------------------------- output

def('print', (rt, args, n, dst, kw) => {
  const k = keywords(kw, ['sep', 'end', 'file', 'flush'], 'print');
  let sep = ' ';
  let end = '\n';
  for (const name of ['sep', 'end'] as const) {
    const w = k.get(name);
    if (w === undefined) continue;
    const kind = rt.objs.kind(w);
    if (kind !== Kind.Str && kind !== Kind.None) throw typeError(`${name} must be None or a string, not ${rt.typeName(w)}`);
    if (kind === Kind.Str) {
      if (name === 'sep') sep = rt.objs.strOf(rt.heap.objectAt(w));
      else end = rt.objs.strOf(rt.heap.objectAt(w));
    }
  }
  let file = k.get('file');
  if (file === undefined || rt.objs.isNone(file)) {
    const redirected = rt.modules.redirectedStdout();
    if (redirected >= 0) file = rt.interp.push(redirected);
  }
  if (file !== undefined && !rt.objs.isNone(file)) {
    // Any object with a write method (sys.stderr, io.StringIO, a user class): one write per piece, as CPython does.
    const interp = rt.interp;
    const write = (text: string) => {
      const w = interp.push(file);
      rt.attrs.load(w, 'write');
      interp.pushObject(rt.objs.newStr(text));
      interp.callValue(w, 1);
      interp.popN(1);
    };
    for (let i = 0; i < n; i++) {
      if (i > 0) write(sep);
      const text = rt.fmt.strText(args + i);
      if (typeof text === 'string') { write(text); continue; }
      // A huge str goes to write() as a str object (its text has no one V8 string).
      const w = interp.push(file);
      rt.attrs.load(w, 'write');
      interp.pushObject(rt.objs.newStrText(text));
      interp.callValue(w, 1);
      interp.popN(1);
    }
    write(end);
    const flushFile = k.get('flush');
    if (flushFile !== undefined && rt.ops.truthy(flushFile)) {
      const f = interp.push(file);
      rt.attrs.load(f, 'flush');
      interp.callValue(f, 0);
      interp.popN(1);
    }
    rt.objs.setNone(dst);
    return;
  }
  let out = '';
  for (let i = 0; i < n; i++) {
    if (i > 0) out += sep;
    const text = rt.fmt.strText(args + i);
    if (typeof text === 'string') { out += text; continue; }
    // A huge str (or a container holding one) is streamed a chunk at a time.
    rt.write(out);
    out = '';
    writeHuge(rt, text);
  }
  rt.write(out + end);
  const flush = k.get('flush');
  if (flush !== undefined && rt.ops.truthy(flush)) rt.flushToFile();
  rt.objs.setNone(dst);
});

// ----------------------------------------------------------------- numbers and sequences

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
  rt.objs.setObject(dst, rt.iterators.newRangeObject(start, stop, step));
});

def('abs', (rt, args, n, dst, kw) => {
  noKeywords('abs', kw);
  if (n !== 1) throw typeError(`abs() takes exactly one argument (${n} given)`);
  const k = rt.objs.kind(args);
  if (k === Kind.Float) rt.objs.setFloat(dst, Math.abs(rt.objs.f64[args]));
  else if (k === Kind.BigInt && isLimbsObject(rt.heap, rt.heap.objectAt(args)) && Math.abs(limbsSize(rt.heap, rt.heap.objectAt(args))) > 2) {
    // Past 128 bits (3 limbs or more: the result stays a limbs int): a positive one is itself, a negative one its limbs copied.
    const o = rt.heap.objectAt(args);
    rt.objs.setObject(dst, limbsSize(rt.heap, o) < 0 ? limbsWithSign(rt.heap, o, 1) : o);
  } else if (k === Kind.Int || k === Kind.Bool || k === Kind.BigInt) {
    const b = rt.objs.bigOf(args);
    rt.objs.setBig(dst, b < 0n ? -b : b);
  } else if (k === Kind.Instance && rt.ops.callSpecial('__abs__', args, dst)) {
    return;
  } else throw typeError(`bad operand type for abs(): '${rt.typeName(args)}'`);
});

/** Iterates the value at slot iterable, calling fn(itemSlot) for each item; fn returns false to stop. */
function forEach(rt: Runtime, iterable: number, fn: (item: number) => boolean | void): void {
  const interp = rt.interp;
  const objs = rt.objs;
  const k = objs.kind(iterable);
  if (k === Kind.List || k === Kind.Tuple) {
    const keep = interp.push(iterable);
    const item = interp.pushNone();
    try {
      for (let i = 0; ; i++) {
        const s = objs.sequence(keep)!;
        if (i >= s.length) return;
        objs.copy(item, s.first + i);
        if (fn(item) === false) return;
      }
    } finally {
      interp.sp = keep;
    }
  }
  const it = interp.push(iterable);
  rt.iterators.getIter(it);
  const item = interp.pushNone();
  try {
    while (rt.iterators.next(it, item)) if (fn(item) === false) return;
  } finally {
    interp.sp = it;
  }
}

/**
 * min/max of a list or tuple of small ints only, without a callback per item:
 * the first smallest (largest) item copied to dst; false (nothing written)
 * when the sequence is empty or holds anything else.
 */
function smallIntExtreme(rt: Runtime, w: number, wantLess: boolean, dst: number): boolean {
  const seq = rt.objs.sequence(w);
  if (seq === null || seq.length === 0) return false;
  const u32 = rt.heap.u32;
  let best = -1;
  let bestValue = 0;
  for (let i = 0; i < seq.length; i++) {
    const hi = u32[2 * (seq.first + i) + 1];
    if (hi >>> 16 !== L.TAG_INT) return false;
    const v = ((hi << 16) >> 16) * 4294967296 + u32[2 * (seq.first + i)];
    if (best < 0 || (wantLess ? v < bestValue : v > bestValue)) { best = i; bestValue = v; }
  }
  rt.objs.copy(dst, seq.first + best);
  return true;
}

function minMax(name: string, wantLess: boolean): BuiltinFn {
  return (rt, args, n, dst, kw) => {
    const k = keywords(kw, ['key', 'default'], name);
    if (n === 0) throw typeError(`${name} expected at least 1 argument, got 0`);
    const key = k.get('key');
    const hasKey = key !== undefined && !rt.objs.isNone(key);
    if (n > 1 && k.has('default')) throw typeError(`Cannot specify a default for ${name}() with multiple positional arguments`);
    const interp = rt.interp;
    const best = interp.pushNone();
    const bestKey = interp.pushNone();
    const itemKey = interp.pushNone();
    let found = false;
    const consider = (item: number) => {
      if (hasKey) call1(rt, key, item, itemKey);
      else rt.objs.copy(itemKey, item);
      if (!found || rt.ops.compareBool(wantLess ? CompareOp.LT : CompareOp.GT, itemKey, bestKey)) {
        rt.objs.copy(best, item);
        rt.objs.copy(bestKey, itemKey);
        found = true;
      }
    };
    if (n === 1 && !hasKey && smallIntExtreme(rt, args, wantLess, best)) found = true;
    else if (n === 1) forEach(rt, args, consider);
    else for (let i = 0; i < n; i++) consider(args + i);
    if (!found) {
      const d = k.get('default');
      if (d === undefined) throw valueError(`${name}() arg is an empty sequence`);
      rt.objs.copy(best, d);
    }
    rt.objs.copy(dst, best);
    interp.sp = best;
  };
}
def('min', minMax('min', true));
def('max', minMax('max', false));

def('sum', (rt, args, n, dst, kw) => {
  const k = keywords(kw, ['start'], 'sum');
  if (n === 0 || n > 2) throw typeError(`sum() takes at most 2 arguments (${n} given)`);
  const start = n === 2 ? args + 1 : k.get('start');
  const interp = rt.interp;
  const acc = interp.pushNone();
  if (start !== undefined) {
    if (rt.objs.kind(start) === Kind.Str) throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
    rt.objs.copy(acc, start);
  } else rt.objs.setInt(acc, 0);
  forEach(rt, args, (item) => { rt.ops.binary(BinaryOp.ADD, acc, item); });
  rt.objs.copy(dst, acc);
  interp.popN(1);
});

def('any', (rt, args, n, dst, kw) => {
  noKeywords('any', kw);
  arity('any', n, 1, 1);
  let r = false;
  forEach(rt, args, (item) => (rt.ops.truthy(item) ? ((r = true), false) : true));
  rt.objs.setBool(dst, r);
});

def('all', (rt, args, n, dst, kw) => {
  noKeywords('all', kw);
  arity('all', n, 1, 1);
  let r = true;
  forEach(rt, args, (item) => (rt.ops.truthy(item) ? true : ((r = false), false)));
  rt.objs.setBool(dst, r);
});

const intBuiltin: BuiltinFn = (rt, args, n, dst, kw) => {
  const k = keywords(kw, ['base'], 'int');
  if (n === 0 && !k.has('base')) { rt.objs.setInt(dst, 0); return; }
  if (n > 2) throw typeError(`int() takes at most 2 arguments (${n} given)`);
  const kind = rt.objs.kind(args);
  const baseW = n === 2 ? args + 1 : k.get('base');
  if (baseW !== undefined) {
    if (kind !== Kind.Str) throw typeError("int() can't convert non-string with explicit base");
    const huge = hugeInSlot(rt, args);
    const base = intArg(rt, baseW);
    if (huge !== null) setHugeParsedInt(rt, dst, huge, base);
    else setParsedInt(rt, dst, rt.objs.strOf(rt.heap.objectAt(args)), base);
    return;
  }
  if (kind === Kind.Int || kind === Kind.BigInt) rt.objs.copy(dst, args);
  else if (kind === Kind.Bool) rt.objs.setInt(dst, rt.objs.u32[2 * args]);
  else if (kind === Kind.Float) rt.objs.setBig(dst, floatToBig(rt.objs.f64[args]));
  else if (kind === Kind.Str) {
    const huge = hugeInSlot(rt, args);
    if (huge !== null) setHugeParsedInt(rt, dst, huge, 10);
    else setParsedInt(rt, dst, rt.objs.strOf(rt.heap.objectAt(args)), 10);
  }
  else if (kind === Kind.Instance && (rt.ops.callSpecial('__int__', args, dst) || rt.ops.callSpecial('__index__', args, dst))) return;
  else if (kind === Kind.Instance && rt.ops.baseValue(args) >= 0 && rt.objs.kind(rt.ops.baseValue(args)) !== Kind.Instance) {
    // a subclass of int, float or str (IntEnum members, re.RegexFlag): its built-in value
    const b = rt.interp.push(rt.ops.baseValue(args));
    intBuiltin(rt, b, 1, dst, null);
  }
  else throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${rt.typeName(args)}'`);
};
def('int', intBuiltin);

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
    const huge = hugeInSlot(rt, args);
    rt.objs.setFloat(dst, huge !== null ? hugeParseFloat(huge) : parseFloatText(rt.objs.strOf(rt.heap.objectAt(args))));
    return;
  }
  if (k === Kind.Instance && rt.ops.callSpecial('__float__', args, dst)) return;
  throw typeError(`float() argument must be a string or a real number, not '${rt.typeName(args)}'`);
});

def('str', (rt, args, n, dst, kw) => {
  noKeywords('str', kw);
  if (n === 0) { rt.objs.setObject(dst, rt.objs.newStr('')); return; }
  if (n > 1) throw typeError('str() takes at most 1 argument');
  if (rt.objs.kind(args) === Kind.Str) { rt.objs.copy(dst, args); return; }
  rt.objs.setObject(dst, rt.objs.newStrText(rt.fmt.strText(args)));
});

def('repr', (rt, args, n, dst, kw) => {
  noKeywords('repr', kw);
  arity('repr', n, 1, 1);
  rt.objs.setObject(dst, rt.objs.newStrText(rt.fmt.reprText(args)));
});

def('ascii', (rt, args, n, dst, kw) => {
  noKeywords('ascii', kw);
  arity('ascii', n, 1, 1);
  rt.objs.setObject(dst, rt.objs.newStr(asciiOf(rt.fmt.repr(args))));
});

def('format', (rt, args, n, dst, kw) => {
  noKeywords('format', kw);
  arity('format', n, 1, 2);
  const spec = n === 2 ? rt.objs.strOf(rt.heap.objectAt(args + 1)) : '';
  rt.objs.setObject(dst, rt.objs.newStrText(rt.fmt.formatText(args, spec)));
});

def('bool', (rt, args, n, dst, kw) => {
  noKeywords('bool', kw);
  if (n > 1) throw typeError(`bool expected at most 1 argument, got ${n}`);
  rt.objs.setBool(dst, n === 0 ? false : rt.ops.truthy(args));
});

def('list', (rt, args, n, dst, kw) => {
  noKeywords('list', kw);
  if (n > 1) throw typeError(`list expected at most 1 argument, got ${n}`);
  rt.objs.setObject(dst, n === 0 ? rt.objs.newList(0) : rt.iterators.toListObject(args));
});

def('tuple', (rt, args, n, dst, kw) => {
  noKeywords('tuple', kw);
  if (n > 1) throw typeError(`tuple expected at most 1 argument, got ${n}`);
  if (n === 0) { rt.objs.setObject(dst, rt.objs.newTuple(0)); return; }
  if (rt.objs.kind(args) === Kind.Tuple) { rt.objs.copy(dst, args); return; }
  const list = rt.interp.pushObject(rt.iterators.toListObject(args));
  rt.objs.setObject(dst, rt.listToTuple(rt.heap.objectAt(list)));
  rt.interp.popN(1);
});

def('dict', (rt, args, n, dst, kw) => {
  if (n > 1) throw typeError(`dict expected at most 1 argument, got ${n}`);
  const d = rt.interp.pushObject(rt.dicts.newDict());
  if (n === 1) dictUpdateFromArg(rt, rt.heap.objectAt(d), args);
  if (kw) for (const [k, v] of kw) {
    const key = rt.interp.pushObject(rt.internedName(k));
    rt.dictSetItem(rt.heap.objectAt(d), key, v);
    rt.interp.popN(1);
  }
  rt.objs.copy(dst, d);
  rt.interp.popN(1);
});

for (const [name, frozen] of [['set', false], ['frozenset', true]] as const) {
  def(name, (rt, args, n, dst, kw) => {
    noKeywords(name, kw);
    if (n > 1) throw typeError(`${name} expected at most 1 argument, got ${n}`);
    if (frozen && n === 1 && rt.objs.kind(args) === Kind.Set && rt.sets.isFrozen(rt.heap.objectAt(args))) { rt.objs.copy(dst, args); return; }
    const s = rt.interp.pushObject(rt.sets.newSet(frozen));
    if (n === 1) rt.ops.setUpdateFrom(rt.heap.objectAt(s), args);
    rt.objs.copy(dst, s);
    rt.interp.popN(1);
  });
}

def('slice', (rt, args, n, dst, kw) => {
  noKeywords('slice', kw);
  arity('slice', n, 1, 3);
  const interp = rt.interp;
  const none = interp.pushNone();
  const o = n === 1 ? rt.objs.newSlice(none, args, none) : rt.objs.newSlice(args, args + 1, n === 3 ? args + 2 : none);
  rt.objs.setObject(dst, o);
  interp.popN(1);
});

// ----------------------------------------------------------------- classes and objects

/** The classes a class-or-tuple argument names (isinstance/issubclass); TypeError otherwise. */
function classesOf(rt: Runtime, w: number, fname: string): number[] {
  const { objs, heap } = rt;
  const k = objs.kind(w);
  if (k === Kind.Class) return [heap.objectAt(w)];
  if (k === Kind.Tuple) {
    const t = heap.objectAt(w);
    const out: number[] = [];
    for (let i = 0; i < objs.tupleLength(t); i++) out.push(...classesOf(rt, objs.tupleItems(t) + i, fname));
    return out;
  }
  throw typeError(`${fname}() arg 2 must be a type, a tuple of types, or a union`);
}

def('isinstance', (rt, args, n, dst, kw) => {
  noKeywords('isinstance', kw);
  if (n !== 2) throw typeError(`isinstance expected 2 arguments, got ${n}`);
  const cls = rt.types.classOf(args);
  rt.objs.setBool(dst, classesOf(rt, args + 1, 'isinstance').some((c) => rt.types.isSubclass(cls, c)));
});

def('issubclass', (rt, args, n, dst, kw) => {
  noKeywords('issubclass', kw);
  if (n !== 2) throw typeError(`issubclass expected 2 arguments, got ${n}`);
  if (rt.objs.kind(args) !== Kind.Class) throw typeError('issubclass() arg 1 must be a class');
  const cls = rt.heap.objectAt(args);
  rt.objs.setBool(dst, classesOf(rt, args + 1, 'issubclass').some((c) => rt.types.isSubclass(cls, c)));
});

def('callable', (rt, args, n, dst, kw) => {
  noKeywords('callable', kw);
  arity('callable', n, 1, 1);
  const k = rt.objs.kind(args);
  let r = k === Kind.Function || k === Kind.Builtin || k === Kind.BuiltinMethod || k === Kind.Method || k === Kind.Class;
  if (k === Kind.Instance) r = rt.types.lookup(rt.types.classOf(args), '__call__') >= 0;
  rt.objs.setBool(dst, r);
});

def('getattr', (rt, args, n, dst, kw) => {
  noKeywords('getattr', kw);
  if (n < 2 || n > 3) throw typeError(`getattr expected ${n < 2 ? 'at least 2' : 'at most 3'} arguments, got ${n}`);
  if (rt.objs.kind(args + 1) !== Kind.Str) throw typeError("getattr(): attribute name must be string");
  const name = rt.objs.strOf(rt.heap.objectAt(args + 1));
  const v = rt.interp.push(args);
  if (n === 3) {
    if (rt.attrs.tryLoad(v, name)) rt.objs.copy(dst, v);
    else rt.objs.copy(dst, args + 2);
  } else {
    rt.attrs.load(v, name);
    rt.objs.copy(dst, v);
  }
  rt.interp.popN(1);
});

def('hasattr', (rt, args, n, dst, kw) => {
  noKeywords('hasattr', kw);
  if (n !== 2) throw typeError(`hasattr expected 2 arguments, got ${n}`);
  if (rt.objs.kind(args + 1) !== Kind.Str) throw typeError('hasattr(): attribute name must be string');
  const v = rt.interp.push(args);
  rt.objs.setBool(dst, rt.attrs.tryLoad(v, rt.objs.strOf(rt.heap.objectAt(args + 1))));
  rt.interp.popN(1);
});

def('setattr', (rt, args, n, dst, kw) => {
  noKeywords('setattr', kw);
  if (n !== 3) throw typeError(`setattr expected 3 arguments, got ${n}`);
  if (rt.objs.kind(args + 1) !== Kind.Str) throw typeError("attribute name must be string, not '" + rt.typeName(args + 1) + "'");
  rt.attrs.store(args, rt.objs.strOf(rt.heap.objectAt(args + 1)), args + 2);
  rt.objs.setNone(dst);
});

def('delattr', (rt, args, n, dst, kw) => {
  noKeywords('delattr', kw);
  if (n !== 2) throw typeError(`delattr expected 2 arguments, got ${n}`);
  rt.attrs.delete(args, rt.objs.strOf(rt.heap.objectAt(args + 1)));
  rt.objs.setNone(dst);
});

def('vars', (rt, args, n, dst, kw) => {
  noKeywords('vars', kw);
  arity('vars', n, 1, 1);
  const v = rt.interp.push(args);
  if (!rt.attrs.tryLoad(v, '__dict__')) {
    rt.interp.popN(1);
    throw typeError('vars() argument must have __dict__ attribute');
  }
  rt.objs.copy(dst, v);
  rt.interp.popN(1);
});

def('id', (rt, args, n, dst, kw) => {
  noKeywords('id', kw);
  arity('id', n, 1, 1);
  const k = rt.objs.kind(args);
  // Objects: their address. Values that live in the word (ints, floats, bools, None): the word's payload.
  if (k >= Kind.BigInt && k !== Kind.None) rt.objs.setInt(dst, rt.heap.addressOf(rt.heap.objectAt(args)));
  else rt.objs.setInt(dst, (rt.objs.u32[2 * args + 1] & 0xffff) * 4294967296 + rt.objs.u32[2 * args]);
});

def('hash', (rt, args, n, dst, kw) => {
  noKeywords('hash', kw);
  arity('hash', n, 1, 1);
  rt.hash(args);
  rt.objs.setBig(dst, hashAsBigInt(HASH[0], HASH[1]));
});

def('staticmethod', (rt, args, n, dst, kw) => {
  noKeywords('staticmethod', kw);
  arity('staticmethod', n, 1, 1);
  rt.objs.setObject(dst, rt.objs.newDescriptor(L.DESCRIPTOR_STATICMETHOD, args));
});

def('classmethod', (rt, args, n, dst, kw) => {
  noKeywords('classmethod', kw);
  arity('classmethod', n, 1, 1);
  rt.objs.setObject(dst, rt.objs.newDescriptor(L.DESCRIPTOR_CLASSMETHOD, args));
});

def('property', (rt, args, n, dst, kw) => {
  const k = keywords(kw, ['fget', 'fset', 'fdel', 'doc'], 'property');
  if (n > 4) throw typeError(`property() takes at most 4 arguments (${n} given)`);
  const field = (i: number, name: string) => (n > i ? args + i : k.get(name) ?? -1);
  rt.objs.setObject(dst, rt.objs.newDescriptor(L.DESCRIPTOR_PROPERTY, field(0, 'fget'), field(1, 'fset'), field(2, 'fdel')));
});

def('super', (rt, args, n, dst, kw) => {
  noKeywords('super', kw);
  if (n === 0) throw new PyError('RuntimeError', 'super(): no arguments');
  if (n !== 2) throw typeError('super() takes exactly 2 arguments here');
  if (rt.objs.kind(args) !== Kind.Class) throw typeError(`super() argument 1 must be a type, not ${rt.typeName(args)}`);
  const type = rt.heap.objectAt(args);
  const objIsClass = rt.objs.kind(args + 1) === Kind.Class;
  const cls = objIsClass ? rt.heap.objectAt(args + 1) : rt.types.classOf(args + 1);
  if (!rt.types.isSubclass(cls, type)) throw typeError('super(type, obj): obj must be an instance or subtype of type');
  rt.objs.setObject(dst, rt.objs.newSuper(args, args + 1));
});

// ----------------------------------------------------------------- iteration

def('iter', (rt, args, n, dst, kw) => {
  noKeywords('iter', kw);
  arity('iter', n, 1, 2);
  if (n === 2) {
    // The source (the callable) is cleared when the sentinel comes.
    const it = rt.objs.newIter(IterKind.CALLABLE, args);
    rt.objs.copy(it + ITER_AUX_W, args);
    rt.objs.copy(it + ITER_AUX2_W, args + 1);
    rt.objs.setObject(dst, it);
    return;
  }
  const v = rt.interp.push(args);
  rt.iterators.getIter(v);
  rt.objs.copy(dst, v);
  rt.interp.popN(1);
});

def('next', (rt, args, n, dst, kw) => {
  noKeywords('next', kw);
  arity('next', n, 1, 2);
  if (!rt.iterators.isIterator(args)) throw typeError(`'${rt.typeName(args)}' object is not an iterator`);
  const out = rt.interp.pushNone();
  const got = rt.iterators.next(args, out);
  if (got) rt.objs.copy(dst, out);
  else if (n === 2) rt.objs.copy(dst, args + 1);
  else {
    // A generator's return value travels in StopIteration (made while `out` is still on the stack).
    const err = rt.objs.kind(args) === Kind.Generator ? rt.exceptions.stopIteration(out) : new PyError('StopIteration', '');
    rt.interp.popN(1);
    throw err;
  }
  rt.interp.popN(1);
});

def('enumerate', (rt, args, n, dst, kw) => {
  const k = keywords(kw, ['iterable', 'start'], 'enumerate');
  if (n < 1 || n > 2) throw typeError(`enumerate() takes at most 2 arguments (${n} given)`);
  const interp = rt.interp;
  const it = interp.push(args);
  rt.iterators.getIter(it);
  const e = rt.objs.newIter(IterKind.ENUMERATE, it);
  const start = n === 2 ? args + 1 : k.get('start');
  if (start !== undefined) {
    if (!rt.objs.isIntLike(start)) throw typeError(`'${rt.typeName(start)}' object cannot be interpreted as an integer`);
    rt.objs.copy(e + ITER_AUX_W, start);
  } else rt.objs.setInt(e + ITER_AUX_W, 0);
  rt.objs.setObject(dst, e);
  interp.popN(1);
});

/** A tuple of iterators over the values in [args, args + n) (kept at slot `at`). */
function iteratorsOf(rt: Runtime, args: number, n: number): number {
  const interp = rt.interp;
  const t = interp.pushObject(rt.objs.newTuple(n));
  for (let i = 0; i < n; i++) {
    const v = interp.push(args + i);
    rt.iterators.getIter(v);
    rt.objs.copy(rt.objs.tupleItems(rt.heap.objectAt(t)) + i, v);
    interp.popN(1);
  }
  return t;
}

def('zip', (rt, args, n, dst, kw) => {
  keywords(kw, ['strict'], 'zip');
  const t = iteratorsOf(rt, args, n);
  rt.objs.setObject(dst, rt.objs.newIter(IterKind.ZIP, t));
  rt.interp.popN(1);
});

def('map', (rt, args, n, dst, kw) => {
  noKeywords('map', kw);
  if (n < 2) throw typeError('map() must have at least two arguments.');
  const t = iteratorsOf(rt, args + 1, n - 1);
  const m = rt.objs.newIter(IterKind.MAP, t);
  rt.objs.copy(m + ITER_AUX_W, args);
  rt.objs.setObject(dst, m);
  rt.interp.popN(1);
});

def('filter', (rt, args, n, dst, kw) => {
  noKeywords('filter', kw);
  if (n !== 2) throw typeError(`filter expected 2 arguments, got ${n}`);
  const it = rt.interp.push(args + 1);
  rt.iterators.getIter(it);
  const f = rt.objs.newIter(IterKind.FILTER, it);
  rt.objs.copy(f + ITER_AUX_W, args);
  rt.objs.setObject(dst, f);
  rt.interp.popN(1);
});

def('reversed', (rt, argsW, n, dst, kw) => {
  let args = argsW;
  noKeywords('reversed', kw);
  arity('reversed', n, 1, 1);
  let k = rt.objs.kind(args);
  const interp = rt.interp;
  if (k === Kind.Instance) {
    if (rt.ops.callSpecial('__reversed__', args, dst)) return;
    const base = rt.heap.objectAt(args) + INSTANCE_BASE_W;
    const bk = rt.objs.kind(base);
    if (rt.attrs.lookupSpecial(args, '__getitem__') < 0 && (bk === Kind.List || bk === Kind.Tuple || bk === Kind.Str || bk === Kind.Dict)) {
      // A subclass of a built-in sequence or dict reverses its built-in value.
      args = base;
      k = bk;
    } else if (rt.attrs.lookupSpecial(args, '__len__') < 0 || rt.attrs.lookupSpecial(args, '__getitem__') < 0) {
      throw typeError(`'${rt.typeName(args)}' object is not reversible`);
    }
    else {
      const r = rt.objs.newIter(IterKind.REVERSED, args);
      rt.heap.writeI64(r + ITER_INDEX_W, rt.ops.len(args) - 1);
      rt.objs.setObject(dst, r);
      return;
    }
  }
  if (k !== Kind.List && k !== Kind.Tuple && k !== Kind.Str && k !== Kind.Range && k !== Kind.Dict) {
    throw typeError(`'${rt.typeName(args)}' object is not reversible`);
  }
  // Lists are iterated live (from their current end); the others through a list of their items.
  const src = k === Kind.List ? interp.push(args) : interp.pushObject(rt.iterators.toListObject(args));
  const r = rt.objs.newIter(IterKind.REVERSED, src);
  rt.heap.writeI64(r + ITER_INDEX_W, rt.objs.sequence(src)!.length - 1);
  rt.objs.setObject(dst, r);
  interp.popN(1);
});

def('sorted', (rt, args, n, dst, kw) => {
  if (n !== 1) throw typeError(`sorted expected 1 argument, got ${n}`);
  const k = keywords(kw, ['key', 'reverse'], 'sort');
  const list = rt.interp.pushObject(rt.iterators.toListObject(args));
  sortList(rt, rt.heap.objectAt(list), k.get('key') ?? -1, k.has('reverse') ? rt.ops.truthy(k.get('reverse')!) : false);
  rt.objs.copy(dst, list);
  rt.interp.popN(1);
});

// ----------------------------------------------------------------- arithmetic helpers

/**
 * int(text, base) into dst: decimal digits past 128 bits are converted in
 * native code (cases/bigint.c bigint_from_decimal), others by V8.
 */
function setParsedInt(rt: Runtime, dst: number, text: string, base: number): void {
  const scanned = scanInt(text, base);
  if (scanned.base === 10 && scanned.digits.length > 39 && BigIntNative.get().fromDecimal(rt.objs, rt.heap, dst, scanned.digits, scanned.negative)) return;
  // Other bases (cases/bigint_radix.c bigint_from_radix) once the value may pass 128 bits.
  if (scanned.base !== 10 && scanned.digits.length * Math.log2(scanned.base) > 128
    && BigIntNative.get().fromRadixDigits(rt.objs, rt.heap, dst, scanned.digits, scanned.base, scanned.negative)) return;
  rt.objs.setBig(dst, valueOfDigits(scanned));
}

/** int(huge str, base) into dst: a long digit run straight into limbs (cases/bigint_radix.c bigint_from_radix). */
function setHugeParsedInt(rt: Runtime, dst: number, huge: HugeStr, base: number): void {
  const r = hugeParseInt(huge, base);
  if (typeof r === 'bigint') rt.objs.setBig(dst, r);
  else if (!BigIntNative.get().fromRadixPieces(rt.objs, rt.heap, dst, r)) throw new PyError('MemoryError', '');
}

/** divmod of two ints, one past 128 bits, by one native division (cases/bigint.c bigint_divmod); false to take the operators' path. */
function nativeDivmod(rt: Runtime, q: number, r: number, a: number, b: number): boolean {
  const objs = rt.objs, heap = rt.heap;
  const limbs = (w: number) => objs.kind(w) === Kind.BigInt && isLimbsObject(heap, heap.objectAt(w));
  const int = (w: number) => objs.kind(w) === Kind.Int || objs.kind(w) === Kind.BigInt;
  if (!int(a) || !int(b) || !(limbs(a) || limbs(b))) return false;
  if (objs.isSmallInt(b) && objs.smallInt(b) === 0) return false; // the operators raise
  return BigIntNative.get().divmodBoth(objs, heap, q, r, a, b);
}

def('divmod', (rt, args, n, dst, kw) => {
  noKeywords('divmod', kw);
  if (n !== 2) throw typeError(`divmod expected 2 arguments, got ${n}`);
  const interp = rt.interp;
  if (rt.objs.kind(args) === Kind.Instance || rt.objs.kind(args + 1) === Kind.Instance) {
    if (rt.ops.callSpecial('__divmod__', args, dst, args + 1)) return;
    throw typeError(`unsupported operand type(s) for divmod(): '${rt.typeName(args)}' and '${rt.typeName(args + 1)}'`);
  }
  const q = interp.push(args);
  const r = interp.push(args);
  if (!nativeDivmod(rt, q, r, args, args + 1)) {
    rt.ops.binary(BinaryOp.FLOORDIV, q, args + 1);
    rt.ops.binary(BinaryOp.MOD, r, args + 1);
  }
  const t = rt.objs.newTuple(2);
  rt.objs.copy(rt.objs.tupleItems(t), q);
  rt.objs.copy(rt.objs.tupleItems(t) + 1, r);
  rt.objs.setObject(dst, t);
  interp.popN(2);
});

/** The sign of an int slot (-1, 0, 1), without a V8 BigInt for limbs objects. */
function intSign(rt: Runtime, w: number): number {
  const objs = rt.objs;
  if (objs.kind(w) === Kind.BigInt) {
    const o = rt.heap.objectAt(w);
    if (isLimbsObject(rt.heap, o)) return Math.sign(limbsSize(rt.heap, o));
  }
  const b = objs.bigOf(w);
  return b < 0n ? -1 : b > 0n ? 1 : 0;
}

def('pow', (rt, args, n, dst, kw) => {
  const k = keywords(kw, ['base', 'exp', 'mod'], 'pow');
  const mod = n === 3 ? args + 2 : k.get('mod');
  if (n < 2 || n > 3) throw typeError(`pow expected 2 or 3 arguments, got ${n}`);
  if (mod === undefined || rt.objs.isNone(mod)) {
    rt.objs.copy(dst, args);
    rt.ops.binary(BinaryOp.POW, dst, args + 1);
    return;
  }
  if (!rt.objs.isIntLike(args) || !rt.objs.isIntLike(args + 1) || !rt.objs.isIntLike(mod)) {
    throw typeError('pow() 3rd argument not allowed unless all arguments are integers');
  }
  // Non-negative exponents and moduli of 2 or more in native code (cases/bigint.c bigint_powmod).
  if (intSign(rt, args + 1) >= 0 && intSign(rt, mod) > 0 && !(rt.objs.isSmallInt(mod) && rt.objs.smallInt(mod) === 1)
    && !(rt.objs.kind(mod) === Kind.Bool) && BigIntNative.get().powMod(rt.objs, rt.heap, dst, args, args + 1, mod)) return;
  // Negative exponents: the inverse modulo m (cases/bigint_radix.c bigint_modinv) to the power -e.
  if (intSign(rt, args + 1) < 0 && intSign(rt, mod) > 0 && !(rt.objs.isSmallInt(mod) && rt.objs.smallInt(mod) === 1)
    && !(rt.objs.kind(mod) === Kind.Bool)) {
    const tmp = rt.interp.pushNone();
    const done = BigIntNative.get().powModNegative(rt.objs, rt.heap, dst, args, args + 1, mod, tmp);
    rt.interp.popN(1);
    if (done === 'not invertible') throw valueError('base is not invertible for the given modulus');
    if (done) return;
  }
  rt.objs.setBig(dst, powMod(rt.objs.bigOf(args), rt.objs.bigOf(args + 1), rt.objs.bigOf(mod)));
});

def('round', (rt, args, n, dst, kw) => {
  const kwm = keywords(kw, ['number', 'ndigits'], 'round');
  if (n === 0 || n > 2) throw typeError(`round() takes at most 2 arguments (${n} given)`);
  const k = rt.objs.kind(args);
  const ndW = n === 2 ? args + 1 : kwm.get('ndigits');
  const digitsGiven = ndW !== undefined && !rt.objs.isNone(ndW);
  if (k === Kind.Int || k === Kind.Bool || k === Kind.BigInt) {
    if (!digitsGiven || intArg(rt, ndW!) >= 0) { rt.objs.setBig(dst, rt.objs.bigOf(args)); return; }
    const p = 10n ** BigInt(-intArg(rt, ndW!));
    const x = rt.objs.bigOf(args);
    let q = x / p;
    let r = x % p;
    if (r < 0n) { q -= 1n; r += p; }
    if (2n * r > p || (2n * r === p && (q & 1n) === 1n)) q += 1n;
    rt.objs.setBig(dst, q * p);
    return;
  }
  if (k === Kind.Instance) {
    if (digitsGiven ? rt.ops.callSpecial('__round__', args, dst, ndW!) : rt.ops.callSpecial('__round__', args, dst)) return;
  }
  if (k !== Kind.Float) throw typeError(`type ${rt.typeName(args)} doesn't define __round__ method`);
  setValue(rt, dst, libRound(rt.objs.f64[args], digitsGiven ? intArgOf(rt, ndW!) : null));
});

def('oct', (rt, args, n, dst) => {
  arity('oct', n, 1, 1);
  if (setRadix2Text(rt, args, dst, 3, '0o')) return;
  const b = bigIndex(rt, args);
  rt.objs.setObject(dst, rt.objs.newStr((b < 0n ? '-0o' : '0o') + (b < 0n ? -b : b).toString(8)));
});

/**
 * hex/oct/bin of an int past 128 bits from its limbs (cases/bigint_radix.c
 * bigint_to_radix2: base 2^k digits), no V8 BigInt; false for other values.
 */
function setRadix2Text(rt: Runtime, w: number, dst: number, k: number, prefix: string): boolean {
  const { objs, heap } = rt;
  if (objs.kind(w) !== Kind.BigInt) return false;
  const o = heap.objectAt(w);
  if (!isLimbsObject(heap, o)) return false;
  const digits = BigIntNative.get().radix2Digits(heap, o, k);
  if (digits === null) return false;
  objs.setObject(dst, objs.newStr((limbsSize(heap, o) < 0 ? '-' : '') + prefix + digits));
  return true;
}

def('exit', (_rt, args, n) => { throw systemExit(_rt, args, n); });
def('quit', (_rt, args, n) => { throw systemExit(_rt, args, n); });

/** SystemExit(code) (the program ends with that status). */
export function systemExit(rt: Runtime, args: number, n: number): PyError {
  const interp = rt.interp;
  const base = interp.pushObject(rt.types.exception('SystemExit'));
  for (let i = 0; i < n; i++) interp.push(args + i);
  interp.callValue(base, n);
  const err = rt.exceptions.raise(rt.heap.objectAt(base));
  interp.popN(1);
  return err;
}

void DESCRIPTOR_F1_W;
void METHOD_FUNC_W;
void BuiltinType.OBJECT;

def('chr', (rt, args, n, dst, kw) => {
  noKeywords('chr', kw);
  arity('chr', n, 1, 1);
  const c = intArg(rt, args);
  if (c < 0 || c > 0x10ffff) throw valueError('chr() arg not in range(0x110000)');
  rt.objs.setObject(dst, rt.objs.charStr(String.fromCodePoint(c)));
});

def('ord', (rt, args, n, dst, kw) => {
  noKeywords('ord', kw);
  arity('ord', n, 1, 1);
  if (rt.objs.kind(args) !== Kind.Str) throw typeError(`ord() expected string of length 1, but ${rt.typeName(args)} found`);
  const o = rt.heap.objectAt(args);
  const len = rt.objs.strLength(o);
  if (len !== 1) throw typeError(`ord() expected a character, but string of length ${len} found`);
  rt.objs.setInt(dst, rt.objs.strOf(o).codePointAt(0)!);
});

def('hex', (rt, args, n, dst) => {
  arity('hex', n, 1, 1);
  if (setRadix2Text(rt, args, dst, 4, '0x')) return;
  const b = bigIndex(rt, args);
  rt.objs.setObject(dst, rt.objs.newStr((b < 0n ? '-0x' : '0x') + (b < 0n ? -b : b).toString(16)));
});

def('bin', (rt, args, n, dst) => {
  arity('bin', n, 1, 1);
  if (setRadix2Text(rt, args, dst, 1, '0b')) return;
  const b = bigIndex(rt, args);
  rt.objs.setObject(dst, rt.objs.newStr((b < 0n ? '-0b' : '0b') + (b < 0n ? -b : b).toString(2)));
});
