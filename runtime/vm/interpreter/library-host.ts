// The bridge between VM value slots and runtime/vm/library/: reading a slot
// as a library value (bigint, number, boolean, string), writing a library
// result into a slot, and the ValueHost that %-formatting and str.format use
// for values the library does not own.
import { Kind } from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import { notIntegerError, notRealError } from '../library/math.ts';
import type { Real } from '../library/numeric.ts';
import type { Primitive, ValueHost } from '../library/value-host.ts';
import type { Runtime } from './runtime.ts';

/** A slot as a library primitive (int, bool, float, str), undefined for other values. */
export function primitiveOf(rt: Runtime, w: number): Primitive | undefined {
  const objs = rt.objs;
  switch (objs.kind(w)) {
    case Kind.Int: return BigInt(objs.smallInt(w));
    case Kind.BigInt: return objs.bigOf(w);
    case Kind.Bool: return objs.boolOf(w);
    case Kind.Float: return objs.f64[w];
    case Kind.Str: return objs.strOf(rt.heap.objectAt(w));
    default: return undefined;
  }
}

/** An int or float argument; TypeError "must be real number, not X" otherwise. */
export function realArg(rt: Runtime, w: number): Real {
  const p = primitiveOf(rt, w);
  if (p === undefined || typeof p === 'string') throw notRealError(rt.typeName(w));
  return p;
}

/** An int argument (bools are ints); TypeError "'X' object cannot be interpreted as an integer" otherwise. */
export function intArgOf(rt: Runtime, w: number): bigint {
  const p = primitiveOf(rt, w);
  if (typeof p === 'bigint') return p;
  if (typeof p === 'boolean') return p ? 1n : 0n;
  throw notIntegerError(rt.typeName(w));
}

/** A str argument; TypeError naming what expected it otherwise. */
export function strArgOf(rt: Runtime, w: number, what: string): string {
  if (rt.objs.kind(w) !== Kind.Str) throw typeError(`${what} must be str, not ${rt.typeName(w)}`);
  return rt.objs.strOf(rt.heap.objectAt(w));
}

/** The items of any iterable as slots of a fresh list kept in `keep` (which roots it). */
export function itemsOf(rt: Runtime, w: number, keep: number): number[] {
  const objs = rt.objs;
  const k = objs.kind(w);
  if (k !== Kind.List && k !== Kind.Tuple) {
    objs.setObject(keep, rt.ops.iterableToList(w));
    w = keep;
  } else if (keep !== w) {
    objs.copy(keep, w);
  }
  const s = objs.sequence(w)!;
  return Array.from({ length: s.length }, (_, i) => s.first + i);
}

/** A library value as a Python value in slot w: arrays become tuples. */
export type LibValue = bigint | number | boolean | string | null | readonly LibValue[];

export function setValue(rt: Runtime, w: number, v: LibValue): void {
  const objs = rt.objs;
  if (v === null) objs.setNone(w);
  else if (typeof v === 'bigint') objs.setBig(w, v);
  else if (typeof v === 'number') objs.setFloat(w, v);
  else if (typeof v === 'boolean') objs.setBool(w, v);
  else if (typeof v === 'string') objs.setObject(w, objs.newStr(v));
  else {
    const t = objs.newTuple(v.length);
    objs.setObject(w, t); // rooted through w while the items allocate
    for (let i = 0; i < v.length; i++) setValue(rt, objs.tupleItems(rt.heap.objectAt(w)) + i, v[i]);
  }
}

/** A list of slot values copied into a new list in slot w. */
export function setListOf(rt: Runtime, w: number, items: readonly number[]): void {
  const objs = rt.objs;
  const list = objs.newList(items.length);
  const first = objs.listItems(list);
  for (let i = 0; i < items.length; i++) objs.copy(first + i, items[i]);
  objs.setObject(w, list);
}

/** The VM's ValueHost: values are slots; only ints, floats, bools, strs, lists, tuples and None exist. */
export function vmValueHost(rt: Runtime): ValueHost<number> {
  const objs = rt.objs;
  return {
    primitive: (w) => primitiveOf(rt, w),
    str: (w) => rt.fmt.str(w),
    repr: (w) => rt.fmt.repr(w),
    typeName: (w) => rt.typeName(w),
    formatObject(w, spec) {
      if (spec !== '') throw typeError(`unsupported format string passed to ${rt.typeName(w)}.__format__`);
      return rt.fmt.str(w);
    },
    getAttr(w, name) {
      throw new PyError('AttributeError', `'${rt.typeName(w)}' object has no attribute '${name}'`);
    },
    getItem(w, key) {
      const k = objs.kind(w);
      if (k === Kind.List || k === Kind.Tuple) {
        const type = k === Kind.List ? 'list' : 'tuple';
        if (typeof key !== 'bigint') throw typeError(`${type} indices must be integers or slices, not str`);
        const s = objs.sequence(w)!;
        if (key >= BigInt(s.length)) throw new PyError('IndexError', `${type} index out of range`);
        return s.first + Number(key);
      }
      if (k === Kind.Str) {
        if (typeof key !== 'bigint') throw typeError("string indices must be integers, not 'str'");
        const chars = Array.from(objs.strOf(rt.heap.objectAt(w)));
        if (key >= BigInt(chars.length)) throw new PyError('IndexError', 'string index out of range');
        const scratch = rt.heap.scratchW + 7;
        objs.setObject(scratch, objs.newStr(chars[Number(key)]));
        return scratch;
      }
      throw typeError(`'${rt.typeName(w)}' object is not subscriptable`);
    },
    tupleItems(w) {
      if (objs.kind(w) !== Kind.Tuple) return undefined;
      const s = objs.sequence(w)!;
      return Array.from({ length: s.length }, (_, i) => s.first + i);
    },
    isMapping: (w) => objs.kind(w) === Kind.List,
    index: () => undefined,
    toInt: () => undefined,
    toFloat: () => undefined,
  };
}
