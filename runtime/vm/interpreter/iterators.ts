// The iteration protocol: iter() of every iterable kind and next() of every
// iterator kind. Lists and ranges keep their own iterator objects (the ones
// the tracing JIT runs natively); tuples and strs iterate over a list copy as
// they always did; dicts, sets, zip, map, filter, enumerate, reversed,
// iter(callable, sentinel) and __getitem__ sequences use an IterObject
// (cases/vm.h) with one of the kinds below; generators resume; instances
// answer through __iter__/__next__.
import type { HugeStr } from '../heap/huge-str.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import {
  DICT_VIEW_DICT_W, DICT_VIEW_KIND_W, INSTANCE_BASE_W, ITER_AUX2_W, ITER_AUX_W, ITER_INDEX_W, ITER_KIND_W, ITER_SOURCE_W,
  Kind, LIST_ITER_INDEX_W, LIST_ITER_LIST_W, RANGE_NEXT_W, RANGE_STEP_W, RANGE_STOP_W,
} from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import { BuiltinType } from './builtin-types.ts';
import type { Runtime } from './runtime.ts';

export const enum IterKind {
  DICT_KEYS = 1, DICT_VALUES = 2, DICT_ITEMS = 3, SET = 4, ZIP = 5, MAP = 6, FILTER = 7, ENUMERATE = 8,
  REVERSED = 9, CALLABLE = 10, SEQUENCE = 11,
}

/** A range *object* (range(...)) is allocated one word bigger than a range iterator, which is how they are told apart (its header's words). */
export const RANGE_OBJECT_BYTES = L.SIZEOF_RANGE + 8;
export const RANGE_OBJECT_WORDS = RANGE_OBJECT_BYTES / 8;

export class Iterators {
  constructor(private readonly rt: Runtime) {}

  isRangeIterator(o: number): boolean {
    return this.rt.heap.u32[2 * o + 1] !== RANGE_OBJECT_WORDS;
  }

  /** A range object range(start, stop, step). */
  newRangeObject(start: number, stop: number, step: number): number {
    const heap = this.rt.heap;
    const o = heap.allocate(L.OBJ_RANGE, RANGE_OBJECT_BYTES);
    heap.writeI64(o + RANGE_NEXT_W, start);
    heap.writeI64(o + RANGE_STOP_W, stop);
    heap.writeI64(o + RANGE_STEP_W, step);
    return o;
  }

  typeOfIterator(o: number): BuiltinType {
    switch (this.rt.heap.readI64(o + ITER_KIND_W)) {
      case IterKind.ZIP: return BuiltinType.ZIP;
      case IterKind.MAP: return BuiltinType.MAP;
      case IterKind.FILTER: return BuiltinType.FILTER;
      case IterKind.ENUMERATE: return BuiltinType.ENUMERATE;
      case IterKind.REVERSED: return BuiltinType.REVERSED;
      default: return BuiltinType.ITERATOR;
    }
  }

  /** An iterator object over the value at slot src. */
  newIter(kind: IterKind, src: number): number {
    return this.rt.objs.newIter(kind, src);
  }

  /** Whether the value in slot w is an iterator (next() works on it). */
  isIterator(w: number): boolean {
    const rt = this.rt;
    switch (rt.objs.kind(w)) {
      case Kind.ListIter: case Kind.Iter: return true;
      case Kind.Generator: return !rt.generators.isCoroutine(rt.heap.objectAt(w));
      case Kind.Range: return this.isRangeIterator(rt.heap.objectAt(w));
      case Kind.Instance: return rt.attrs.lookupSpecial(w, '__next__') >= 0;
      default: return false;
    }
  }

  /** GET_ITER / iter(x): replaces the iterable at slot w with an iterator. */
  getIter(w: number): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    switch (objs.kind(w)) {
      case Kind.Range: {
        const r = heap.objectAt(w);
        if (this.isRangeIterator(r)) return;
        objs.setObject(w, objs.newRange(heap.readI64(r + RANGE_NEXT_W), heap.readI64(r + RANGE_STOP_W), heap.readI64(r + RANGE_STEP_W)));
        return;
      }
      case Kind.List: objs.setObject(w, objs.newListIter(heap.objectAt(w))); return;
      case Kind.ListIter: case Kind.Iter: return;
      case Kind.Generator:
        if (rt.generators.isCoroutine(heap.objectAt(w))) throw typeError("'coroutine' object is not iterable");
        return;
      case Kind.Tuple: case Kind.Str: {
        if (objs.kind(w) === Kind.Str && objs.hugeOf(heap.objectAt(w)) !== null) {
          // A huge str is iterated by index (huge-strs.ts hugeIndex), not copied into a list.
          objs.setObject(w, objs.newIter(IterKind.SEQUENCE, w));
          return;
        }
        const list = this.toListObject(w);
        // (After toListObject: a rope has a handle of its own now.) A trace may iterate this str next.
        if (heap.strUnits !== null && objs.kind(w) === Kind.Str) heap.strUnits.forTier1(heap.objectAt(w));
        objs.setObject(w, list); // keep it rooted while the iterator is allocated
        objs.setObject(w, objs.newListIter(list));
        return;
      }
      case Kind.Dict: objs.setObject(w, this.newDictIter(IterKind.DICT_KEYS, w)); return;
      case Kind.DictView: {
        const v = heap.objectAt(w);
        const kind = heap.readI64(v + DICT_VIEW_KIND_W);
        objs.setObject(w, this.newDictIter(kind === 0 ? IterKind.DICT_KEYS : kind === 1 ? IterKind.DICT_VALUES : IterKind.DICT_ITEMS, v + DICT_VIEW_DICT_W));
        return;
      }
      case Kind.Set: {
        const it = objs.newIter(IterKind.SET, w);
        objs.setInt(it + ITER_AUX2_W, rt.sets.used(heap.objectAt(w)));
        objs.setObject(w, it);
        return;
      }
      case Kind.Instance: this.instanceIter(w); return;
      case Kind.Class:
        if (rt.ops.classHook(w, '__meta_iter__', w)) {
          if (!this.isIterator(w)) throw typeError(`iter() returned non-iterator of type '${rt.typeName(w)}'`);
          return;
        }
        throw typeError(`'${rt.typeName(w)}' object is not iterable`);
      default: throw typeError(`'${rt.typeName(w)}' object is not iterable`);
    }
  }

  private newDictIter(kind: IterKind, dictSlot: number): number {
    const rt = this.rt;
    const it = rt.objs.newIter(kind, dictSlot);
    rt.objs.setInt(it + ITER_AUX2_W, rt.dicts.used(rt.heap.objectAt(it + ITER_SOURCE_W)));
    return it;
  }

  private instanceIter(w: number): void {
    const rt = this.rt;
    const { objs, heap, interp } = rt;
    const iter = rt.attrs.lookupSpecial(w, '__iter__');
    if (iter >= 0) {
      const f = interp.push(iter);
      interp.push(w);
      interp.callValue(f, 1);
      if (!this.isIterator(f)) throw typeError(`iter() returned non-iterator of type '${rt.typeName(f)}'`);
      objs.copy(w, f);
      interp.popN(1);
      return;
    }
    const o = heap.objectAt(w);
    if (!objs.isNone(o + INSTANCE_BASE_W) && rt.types.builtinOf(rt.types.classOf(w)) !== BuiltinType.BASE_EXCEPTION) {
      // A subclass of a built-in iterable iterates its built-in value.
      objs.copy(w, o + INSTANCE_BASE_W);
      this.getIter(w);
      return;
    }
    if (rt.attrs.lookupSpecial(w, '__getitem__') >= 0) {
      objs.setObject(w, objs.newIter(IterKind.SEQUENCE, w));
      return;
    }
    throw typeError(`'${rt.typeName(w)}' object is not iterable`);
  }

  /**
   * next() of the iterator at slot it into slot out: true, or false when it is
   * exhausted (StopIteration from Python code counts as exhausted).
   */
  next(it: number, out: number): boolean {
    const rt = this.rt;
    const { objs, heap } = rt;
    switch (objs.kind(it)) {
      case Kind.ListIter: {
        const o = heap.objectAt(it);
        const list = heap.wordOf(heap.readI64(o + LIST_ITER_LIST_W));
        const index = heap.readI64(o + LIST_ITER_INDEX_W);
        if (index >= objs.listLength(list)) return false;
        objs.copy(out, objs.listItems(list) + index);
        heap.writeI64(o + LIST_ITER_INDEX_W, index + 1);
        return true;
      }
      case Kind.Range: {
        const o = heap.objectAt(it);
        if (!this.isRangeIterator(o)) break;
        const next = heap.readI64(o + RANGE_NEXT_W);
        const stop = heap.readI64(o + RANGE_STOP_W);
        const step = heap.readI64(o + RANGE_STEP_W);
        if (step > 0 ? next >= stop : next <= stop) return false;
        heap.writeI64(o + RANGE_NEXT_W, next + step);
        objs.setInt(out, next);
        return true;
      }
      case Kind.Generator: return rt.generators.next(heap.objectAt(it), out);
      case Kind.Iter: return this.iterNext(heap.objectAt(it), out);
      case Kind.Instance: {
        const f = rt.attrs.lookupSpecial(it, '__next__');
        if (f < 0) break;
        const interp = rt.interp;
        const base = interp.push(f);
        interp.push(it);
        try {
          interp.callValue(base, 1);
        } catch (e) {
          if (e instanceof PyError && rt.exceptions.isStopIterationError(e)) {
            rt.exceptions.released(e);
            interp.sp = base;
            return false;
          }
          throw e;
        }
        objs.copy(out, base);
        interp.popN(1);
        return true;
      }
      default: break;
    }
    throw typeError(`'${rt.typeName(it)}' object is not an iterator`);
  }

  /** next() of an IterObject o. */
  private iterNext(o: number, out: number): boolean {
    const rt = this.rt;
    const { objs, heap, interp } = rt;
    const kind = heap.readI64(o + ITER_KIND_W) as IterKind;
    const src = o + ITER_SOURCE_W;
    if (objs.isNone(src)) return false;
    switch (kind) {
      case IterKind.DICT_KEYS: case IterKind.DICT_VALUES: case IterKind.DICT_ITEMS: {
        const d = heap.objectAt(src);
        if (rt.dicts.used(d) !== objs.smallInt(o + ITER_AUX2_W)) {
          objs.setInt(o + ITER_AUX2_W, -1);
          throw new PyError('RuntimeError', 'dictionary changed size during iteration');
        }
        const i = rt.dicts.nextLive(d, heap.readI64(o + ITER_INDEX_W));
        if (i < 0) { objs.setNone(src); return false; }
        heap.writeI64(o + ITER_INDEX_W, i + 1);
        const e = rt.dicts.entry(d, i);
        if (kind === IterKind.DICT_KEYS) objs.copy(out, e + 1);
        else if (kind === IterKind.DICT_VALUES) objs.copy(out, e + 2);
        else {
          const t = objs.newTuple(2);
          const e2 = rt.dicts.entry(heap.objectAt(src), i);
          objs.copy(objs.tupleItems(t), e2 + 1);
          objs.copy(objs.tupleItems(t) + 1, e2 + 2);
          objs.setObject(out, t);
        }
        return true;
      }
      case IterKind.SET: {
        const s = heap.objectAt(src);
        if (rt.sets.used(s) !== objs.smallInt(o + ITER_AUX2_W)) {
          objs.setInt(o + ITER_AUX2_W, -1);
          throw new PyError('RuntimeError', 'Set changed size during iteration');
        }
        const i = rt.sets.nextActive(s, heap.readI64(o + ITER_INDEX_W));
        if (i < 0) { objs.setNone(src); return false; }
        heap.writeI64(o + ITER_INDEX_W, i + 1);
        objs.copy(out, rt.sets.entry(s, i) + 1);
        return true;
      }
      case IterKind.ZIP: {
        const iters = heap.objectAt(src);
        const n = objs.tupleLength(iters);
        if (n === 0) return false;
        const keep = interp.pushObject(o);
        const t = objs.newTuple(n);
        const ts = interp.pushObject(t);
        for (let i = 0; i < n; i++) {
          const item = interp.pushNone();
          if (!this.next(objs.tupleItems(heap.objectAt(heap.objectAt(keep) + ITER_SOURCE_W)) + i, item)) {
            objs.setNone(heap.objectAt(keep) + ITER_SOURCE_W);
            interp.sp = keep;
            return false;
          }
          objs.copy(objs.tupleItems(heap.objectAt(ts)) + i, item);
          interp.popN(1);
        }
        objs.copy(out, ts);
        interp.sp = keep;
        return true;
      }
      case IterKind.MAP: {
        const iters = heap.objectAt(src);
        const n = objs.tupleLength(iters);
        const keep = interp.pushObject(o);
        const f = interp.push(o + ITER_AUX_W);
        for (let i = 0; i < n; i++) {
          const item = interp.pushNone();
          if (!this.next(objs.tupleItems(heap.objectAt(heap.objectAt(keep) + ITER_SOURCE_W)) + i, item)) {
            objs.setNone(heap.objectAt(keep) + ITER_SOURCE_W);
            interp.sp = keep;
            return false;
          }
        }
        interp.callValue(f, n);
        objs.copy(out, f);
        interp.sp = keep;
        return true;
      }
      case IterKind.FILTER: {
        const keep = interp.pushObject(o);
        const item = interp.pushNone();
        for (;;) {
          if (!this.next(heap.objectAt(keep) + ITER_SOURCE_W, item)) {
            interp.sp = keep;
            return false;
          }
          let ok: boolean;
          if (objs.isNone(heap.objectAt(keep) + ITER_AUX_W)) {
            ok = rt.ops.truthy(item);
          } else {
            const f = interp.push(heap.objectAt(keep) + ITER_AUX_W);
            interp.push(item);
            interp.callValue(f, 1);
            ok = rt.ops.truthy(f);
            interp.popN(1);
          }
          if (ok) {
            objs.copy(out, item);
            interp.sp = keep;
            return true;
          }
        }
      }
      case IterKind.ENUMERATE: {
        const keep = interp.pushObject(o);
        const item = interp.pushNone();
        if (!this.next(heap.objectAt(keep) + ITER_SOURCE_W, item)) {
          interp.sp = keep;
          return false;
        }
        const it = heap.objectAt(keep);
        const t = objs.newTuple(2);
        objs.copy(objs.tupleItems(t), it + ITER_AUX_W);
        objs.copy(objs.tupleItems(t) + 1, item);
        objs.setObject(out, t);
        // count += 1 (it may pass the small-int range).
        const count = interp.push(it + ITER_AUX_W);
        const one = interp.pushNone();
        objs.setInt(one, 1);
        rt.ops.binary(0, count, one);
        objs.copy(heap.objectAt(keep) + ITER_AUX_W, count);
        interp.sp = keep;
        return true;
      }
      case IterKind.REVERSED: {
        const i = heap.readI64(o + ITER_INDEX_W);
        if (i < 0) { objs.setNone(src); return false; }
        const seq = objs.sequence(src);
        if (seq === null) {
          // A __getitem__ sequence with __len__.
          const idx = interp.pushNone();
          objs.setInt(idx, i);
          const v = interp.push(src);
          rt.ops.subscript(v, idx);
          objs.copy(out, v);
          interp.popN(2);
        } else {
          if (i >= seq.length) { objs.setNone(src); return false; }
          objs.copy(out, seq.first + i);
        }
        heap.writeI64(o + ITER_INDEX_W, i - 1);
        return true;
      }
      case IterKind.CALLABLE: {
        const keep = interp.pushObject(o);
        const f = interp.push(o + ITER_AUX_W);
        interp.callValue(f, 0);
        if (rt.ops.itemEquals(f, heap.objectAt(keep) + ITER_AUX2_W)) {
          objs.setNone(heap.objectAt(keep) + ITER_SOURCE_W);
          interp.sp = keep;
          return false;
        }
        objs.copy(out, f);
        interp.sp = keep;
        return true;
      }
      case IterKind.SEQUENCE: {
        const i = heap.readI64(o + ITER_INDEX_W);
        const keep = interp.pushObject(o);
        const v = interp.push(src);
        const idx = interp.pushNone();
        objs.setInt(idx, i);
        try {
          rt.ops.subscript(v, idx);
        } catch (e) {
          if (e instanceof PyError && (rt.exceptions.isA(e, 'IndexError') || rt.exceptions.isStopIterationError(e))) {
            rt.exceptions.released(e);
            objs.setNone(heap.objectAt(keep) + ITER_SOURCE_W);
            interp.sp = keep;
            return false;
          }
          throw e;
        }
        heap.writeI64(heap.objectAt(keep) + ITER_INDEX_W, i + 1);
        objs.copy(out, v);
        interp.sp = keep;
        return true;
      }
      default: return false;
    }
  }

  /** A new list object with the items of the iterable at slot w (the caller roots it). */
  /** list(s) of a huge str: its characters a chunk at a time. */
  private hugeToList(t: HugeStr): number {
    const { objs, heap } = this.rt;
    const o = objs.newList(t.length);
    heap.tempRoots.push(o);
    let i = 0;
    for (const chunk of t.chunks) {
      for (const c of chunk) objs.setObject(objs.listItems(o) + i++, objs.charStr(c));
    }
    heap.tempRoots.pop();
    return o;
  }

  toListObject(w: number): number {
    const rt = this.rt;
    const { objs, heap, interp } = rt;
    const k = objs.kind(w);
    if (k === Kind.List || k === Kind.Tuple) {
      const n = objs.sequence(w)!.length;
      const o = objs.newList(n);
      const s = objs.sequence(w)!;
      objs.u32.copyWithin(2 * objs.listItems(o), 2 * s.first, 2 * (s.first + n));
      return o;
    }
    if (k === Kind.Str) {
      const huge = objs.hugeOf(heap.objectAt(w));
      if (huge !== null) return this.hugeToList(huge);
      const chars = Array.from(objs.strOf(heap.objectAt(w)));
      const o = objs.newList(chars.length);
      heap.tempRoots.push(o);
      for (let i = 0; i < chars.length; i++) objs.setObject(objs.listItems(o) + i, objs.charStr(chars[i]));
      heap.tempRoots.pop();
      return o;
    }
    if (k === Kind.Range && !this.isRangeIterator(heap.objectAt(w))) {
      const r = heap.objectAt(w);
      const n = objs.rangeLength(r);
      const start = heap.readI64(r + RANGE_NEXT_W);
      const step = heap.readI64(r + RANGE_STEP_W);
      const o = objs.newList(n);
      heap.tempRoots.push(o);
      for (let i = 0; i < n; i++) objs.setInt(objs.listItems(o) + i, start + i * step);
      heap.tempRoots.pop();
      return o;
    }
    // Anything else: iterate.
    const list = objs.newList(0);
    const ls = interp.pushObject(list);
    const it = interp.push(w);
    this.getIter(it);
    const item = interp.pushNone();
    while (this.next(it, item)) objs.listAppend(heap.objectAt(ls), item);
    interp.sp = ls;
    return list;
  }
}

export { L };
