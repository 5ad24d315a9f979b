// The bridge between VM value slots and runtime/vm/library/ for builtins
// written over the library: reading an argument slot as a library value
// (bigint, number, boolean, string), writing a library result into a slot.
// (The ValueHost of formatting is value-host.ts.) Slots these helpers push
// stay on the value stack until the running builtin returns (the dispatch
// loop resets sp), which roots them exactly as long as they are used.
import { Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';
import { notIntegerError, notRealError } from '../library/math.ts';
import type { Real } from '../library/numeric.ts';
import type { Runtime } from './runtime.ts';
import { primitiveOf } from './value-host.ts';

export { primitiveOf };

/** An int or float argument (an instance with __index__ or __float__ too); TypeError "must be real number, not X" otherwise. */
export function realArg(rt: Runtime, w: number): Real {
  const p = primitiveOf(rt, w);
  if (p !== undefined && typeof p !== 'string') return p;
  if (rt.objs.kind(w) === Kind.Instance) {
    const base = rt.ops.baseValue(w);
    if (base >= 0) return realArg(rt, base);
    const dst = rt.interp.pushNone();
    if (rt.ops.callSpecial('__float__', w, dst)) {
      if (rt.objs.kind(dst) !== Kind.Float) throw typeError(`${rt.typeName(w)}.__float__ returned non-float (type ${rt.typeName(dst)})`);
      return rt.objs.f64[dst];
    }
    if (rt.ops.callSpecial('__index__', w, dst)) return intArgOf(rt, dst);
  }
  throw notRealError(rt.typeName(w));
}

/** An int argument (bools are ints, instances with __index__ too); TypeError "'X' object cannot be interpreted as an integer" otherwise. */
export function intArgOf(rt: Runtime, w: number): bigint {
  const p = primitiveOf(rt, w);
  if (typeof p === 'bigint') return p;
  if (typeof p === 'boolean') return p ? 1n : 0n;
  if (rt.objs.kind(w) === Kind.Instance) {
    const base = rt.ops.baseValue(w);
    if (base >= 0) return intArgOf(rt, base);
    const dst = rt.interp.pushNone();
    if (rt.ops.callSpecial('__index__', w, dst)) {
      const k = rt.objs.kind(dst);
      if (k !== Kind.Int && k !== Kind.BigInt && k !== Kind.Bool) throw typeError(`__index__ returned non-int (type ${rt.typeName(dst)})`);
      return rt.objs.bigOf(dst);
    }
  }
  throw notIntegerError(rt.typeName(w));
}

/** A str argument; TypeError naming what expected it otherwise. */
export function strArgOf(rt: Runtime, w: number, what: string): string {
  if (rt.objs.kind(w) !== Kind.Str) throw typeError(`${what} must be str, not ${rt.typeName(w)}`);
  return rt.objs.strOf(rt.heap.objectAt(w));
}

/** The items of any iterable as slots (of the list or tuple itself, or of a fresh list pushed on the value stack). */
export function itemsOf(rt: Runtime, w: number): number[] {
  const objs = rt.objs;
  const k = objs.kind(w);
  if (k !== Kind.List && k !== Kind.Tuple) w = rt.interp.pushObject(rt.iterators.toListObject(w));
  const s = objs.sequence(w)!;
  return Array.from({ length: s.length }, (_, i) => s.first + i);
}

/** A library value as a Python value: arrays become tuples. */
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

/** A list of strs in slot w. */
export function setStrList(rt: Runtime, w: number, parts: readonly string[]): void {
  const objs = rt.objs;
  objs.setObject(w, objs.newList(parts.length));
  for (let i = 0; i < parts.length; i++) objs.setObject(objs.listItems(rt.heap.objectAt(w)) + i, objs.newStr(parts[i]));
}
