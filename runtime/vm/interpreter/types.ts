// Classes: the built-in types and exception classes made at start-up, user
// classes made by BUILD_CLASS (C3 method resolution order), the class of any
// value, isinstance/issubclass, and attribute lookup along the MRO cached per
// class under its version tag (bumped when the class or a base changes).
import { LAYOUT as L } from '../../../build/layout.ts';
import { HASH } from '../heap/hashing.ts';
import {
  CLASS_BASES_W, CLASS_BUILTIN_W, CLASS_CTOR_W, CLASS_DICT_W, CLASS_FLAGS_W, CLASS_MRO_W, CLASS_NAME_W, CLASS_ROOT_SHAPE_W,
  CLASS_SLOT_HINT_W, CLASS_SUBCLASSES_W, CLASS_VERSION_W, INSTANCE_CLASS_W, isDataKind, Kind,
} from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import {
  BUILTIN_TYPE_NAMES, BuiltinType, EXCEPTION_FIELDS, EXCEPTION_TREE, NAMED_TYPES,
} from './builtin-types.ts';
import type { Runtime } from './runtime.ts';
import { INTERNED_KEYS } from '../heap/dict.ts';

export const CLASS_FLAG_BUILTIN = L.CLASS_FLAG_BUILTIN;
export const CLASS_FLAG_SLOTS = L.CLASS_FLAG_SLOTS;
export const CLASS_FLAG_EXCEPTION = L.CLASS_FLAG_EXCEPTION;

/** Kinds whose class is one fixed built-in type. */
const KIND_TYPES: Partial<Record<Kind, BuiltinType>> = {
  [Kind.Float]: BuiltinType.FLOAT, [Kind.Int]: BuiltinType.INT, [Kind.BigInt]: BuiltinType.INT, [Kind.Bool]: BuiltinType.BOOL,
  [Kind.None]: BuiltinType.NONE, [Kind.Str]: BuiltinType.STR, [Kind.List]: BuiltinType.LIST, [Kind.Tuple]: BuiltinType.TUPLE,
  [Kind.Function]: BuiltinType.FUNCTION, [Kind.Builtin]: BuiltinType.BUILTIN_FUNCTION, [Kind.Module]: BuiltinType.MODULE,
  [Kind.ListIter]: BuiltinType.LIST_ITERATOR, [Kind.Class]: BuiltinType.TYPE, [Kind.Dict]: BuiltinType.DICT,
  [Kind.Cell]: BuiltinType.CELL, [Kind.Method]: BuiltinType.METHOD, [Kind.BuiltinMethod]: BuiltinType.BUILTIN_FUNCTION,
  [Kind.Slice]: BuiltinType.SLICE, [Kind.Super]: BuiltinType.SUPER,
};

interface AttrCache { version: number; slots: Map<string, number> }

export class TypeSystem {
  /** Class object (word index) of each built-in type, by BuiltinType. */
  readonly builtinClass: number[] = [];
  /** Exception classes by name. */
  readonly exceptionClass = new Map<string, number>();
  /** Classes that a program can name as builtins (int, list, ValueError, ...). */
  readonly namedClasses = new Map<string, number>();
  private nextVersion = 1;
  private readonly caches = new Map<number, AttrCache>();
  /** The root shape of BaseException instances. */
  exceptionShape = -1;

  constructor(private readonly rt: Runtime) {}

  // ---- class objects -------------------------------------------------------------

  /** A class object with the given name, bases (class word indices), dict (or a new one) and flags. Pinned by the caller if needed. */
  newClass(name: string, bases: number[], dict: number, builtin: BuiltinType, flags: number, ctor = -1): number {
    const { heap, objs } = this.rt;
    const c = heap.allocate(L.OBJ_CLASS, L.SIZEOF_CLASS);
    for (let w = CLASS_NAME_W; w <= CLASS_SUBCLASSES_W; w++) objs.setNone(c + w);
    heap.writeI64(c + CLASS_VERSION_W, this.nextVersion++);
    heap.writeI64(c + CLASS_FLAGS_W, flags);
    heap.writeI64(c + CLASS_BUILTIN_W, builtin);
    heap.writeI64(c + CLASS_ROOT_SHAPE_W, -1);
    heap.writeI64(c + CLASS_SLOT_HINT_W, 0);
    heap.writeI64(c + CLASS_CTOR_W, ctor);
    heap.tempRoots.push(c);
    objs.setObject(c + CLASS_NAME_W, objs.newStr(name));
    if (dict < 0) dict = this.rt.dicts.newDict();
    objs.setObject(c + CLASS_DICT_W, dict);
    const t = objs.newTuple(bases.length);
    bases.forEach((b, i) => objs.setObject(objs.tupleItems(t) + i, b));
    objs.setObject(c + CLASS_BASES_W, t);
    objs.setObject(c + CLASS_SUBCLASSES_W, objs.newList(0));
    const mro = this.computeMro(c, bases);
    const m = objs.newTuple(mro.length);
    mro.forEach((k, i) => objs.setObject(objs.tupleItems(m) + i, k));
    objs.setObject(c + CLASS_MRO_W, m);
    for (const b of bases) {
      const sub = heap.objectAt(b + CLASS_SUBCLASSES_W);
      heap.tempRoots.push(sub);
      const slot = this.rt.interp.pushObject(c);
      objs.listAppend(sub, slot);
      this.rt.interp.popN(1);
      heap.tempRoots.pop();
    }
    heap.tempRoots.pop();
    return c;
  }

  /** C3 linearization (TypeError when the bases cannot be ordered). */
  private computeMro(c: number, bases: number[]): number[] {
    const seqs = bases.map((b) => this.mro(b)).concat([bases.slice()]).filter((s) => s.length > 0);
    const out = [c];
    for (;;) {
      const live = seqs.filter((s) => s.length > 0);
      if (live.length === 0) return out;
      let head = -1;
      for (const s of live) {
        const cand = s[0];
        if (!live.some((t) => t.indexOf(cand) > 0)) { head = cand; break; }
      }
      if (head < 0) {
        throw typeError(`Cannot create a consistent method resolution order (MRO) for bases ${bases.map((b) => this.className(b)).join(', ')}`);
      }
      out.push(head);
      for (const s of live) if (s[0] === head) s.shift();
    }
  }

  /** The MRO of a class as word indices (the class first). */
  mro(c: number): number[] {
    const { heap, objs } = this.rt;
    const t = heap.objectAt(c + CLASS_MRO_W);
    const n = objs.tupleLength(t);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(heap.objectAt(objs.tupleItems(t) + i));
    return out;
  }

  bases(c: number): number[] {
    const { heap, objs } = this.rt;
    const t = heap.objectAt(c + CLASS_BASES_W);
    const out: number[] = [];
    for (let i = 0; i < objs.tupleLength(t); i++) out.push(heap.objectAt(objs.tupleItems(t) + i));
    return out;
  }

  className(c: number): string {
    return this.rt.objs.strOf(this.rt.heap.objectAt(c + CLASS_NAME_W));
  }

  /**
   * How reprs name a class: `int` for a built-in type, else its __module__ and
   * __qualname__ (`__main__.Point`, `collections.deque`, `__main__.f.<locals>.C`).
   */
  qualifiedName(c: number): string {
    if (this.isBuiltinClass(c)) return this.className(c);
    const rt = this.rt;
    const text = (name: string): string | null => {
      const v = rt.dicts.get(this.dictOf(c), rt.nameKey(name), HASH[0], HASH[1], INTERNED_KEYS);
      return v >= 0 && rt.objs.kind(v) === Kind.Str ? rt.objs.strOf(rt.heap.objectAt(v)) : null;
    };
    const module = text('__module__') ?? '__main__';
    const qualname = text('__qualname__') ?? this.className(c);
    return module === 'builtins' ? qualname : `${module}.${qualname}`;
  }

  flags(c: number): number { return this.rt.heap.u32[2 * (c + CLASS_FLAGS_W)]; }
  builtinOf(c: number): BuiltinType { return this.rt.heap.u32[2 * (c + CLASS_BUILTIN_W)]; }
  isBuiltinClass(c: number): boolean { return (this.flags(c) & CLASS_FLAG_BUILTIN) !== 0; }
  isExceptionClass(c: number): boolean { return (this.flags(c) & CLASS_FLAG_EXCEPTION) !== 0; }
  dictOf(c: number): number { return this.rt.heap.objectAt(c + CLASS_DICT_W); }
  ctorOf(c: number): number { return this.rt.heap.readI64(c + CLASS_CTOR_W); }
  rootShape(c: number): number { return this.rt.heap.readI64(c + CLASS_ROOT_SHAPE_W); }
  version(c: number): number { return this.rt.heap.readI64(c + CLASS_VERSION_W); }

  /**
   * Class-dict value slots whose data attribute was rebound since the last
   * version change that covered it (`Counter.count += 1`): later rebinds of them
   * leave the version alone, and traces do not fold their values
   * (record-objects.ts). A class attribute counter bumped by every
   * instantiation would otherwise invalidate every cache and trace of the
   * class and its subclasses each time.
   */
  private readonly reboundSlots = new Set<number>();

  isReboundSlot(slot: number): boolean { return this.reboundSlots.has(slot); }

  /**
   * c.name = value where c's own dict already holds `name` at `slot`: true when
   * the value was rebound in place without a version change (see reboundSlots).
   * Only data replaces data: no function (tier-1's method caches and traces hold
   * those), no descriptor, no special name.
   */
  rebindData(c: number, name: string, slot: number, value: number): boolean {
    const objs = this.rt.objs;
    if (name.startsWith('__') || !isDataKind(objs.kind(slot)) || !isDataKind(objs.kind(value))) return false;
    if (!this.reboundSlots.has(slot)) {
      // The first time: the version changes once, so no trace keeps the folded old value.
      this.reboundSlots.add(slot);
      this.bump(c);
    }
    objs.copy(slot, value);
    return true;
  }

  /** A class's attributes changed: it and every subclass get a new version (caches keyed by the old one die). */
  bump(c: number): void {
    const { heap, objs } = this.rt;
    heap.writeI64(c + CLASS_VERSION_W, this.nextVersion++);
    const sub = heap.objectAt(c + CLASS_SUBCLASSES_W);
    const n = objs.listLength(sub);
    for (let i = 0; i < n; i++) this.bump(heap.objectAt(objs.listItems(sub) + i));
  }

  // ---- built-in classes ---------------------------------------------------------------

  /** Makes the built-in types and exception classes (pinned). */
  createBuiltinClasses(ctorOf: (name: string) => number): void {
    const heap = this.rt.heap;
    const make = (name: string, t: BuiltinType, bases: number[], flags: number) => {
      const c = this.newClass(name, bases, -1, t, flags | CLASS_FLAG_BUILTIN, ctorOf(name));
      heap.pin(c);
      return c;
    };
    for (const [name, t, base] of NAMED_TYPES) {
      const c = make(name, t, base === null ? [] : [this.builtinClass[base]], 0);
      this.builtinClass[t] = c;
      this.namedClasses.set(name, c);
    }
    BUILTIN_TYPE_NAMES.forEach((name, t) => {
      if (this.builtinClass[t] === undefined) this.builtinClass[t] = make(name, t, [this.builtinClass[BuiltinType.OBJECT]], 0);
    });
    this.exceptionShape = this.rt.shapes.newRoot(EXCEPTION_FIELDS, false);
    for (const [name, parent] of EXCEPTION_TREE) {
      const bases = [parent === null ? this.builtinClass[BuiltinType.OBJECT] : this.exceptionClass.get(parent)!];
      const c = make(name, BuiltinType.BASE_EXCEPTION, bases, CLASS_FLAG_EXCEPTION);
      heap.writeI64(c + CLASS_ROOT_SHAPE_W, this.exceptionShape);
      this.exceptionClass.set(name, c);
      this.namedClasses.set(name, c);
    }
    this.builtinClass[BuiltinType.BASE_EXCEPTION] = this.exceptionClass.get('BaseException')!;
  }

  // ---- the class of a value ----------------------------------------------------------

  /** The class of the value in slot w. */
  classOf(w: number): number {
    const { objs, heap } = this.rt;
    const k = objs.kind(w);
    if (k === Kind.Instance) return heap.wordOf(heap.readI64(heap.objectAt(w) + INSTANCE_CLASS_W));
    return this.builtinClass[this.builtinTypeOfKind(w, k)];
  }

  private builtinTypeOfKind(w: number, k: Kind): BuiltinType {
    const t = KIND_TYPES[k];
    if (t !== undefined) return t;
    const { objs, heap } = this.rt;
    switch (k) {
      case Kind.Range: return this.rt.isRangeIterator(heap.objectAt(w)) ? BuiltinType.RANGE_ITERATOR : BuiltinType.RANGE;
      case Kind.Set: return this.rt.sets.isFrozen(heap.objectAt(w)) ? BuiltinType.FROZENSET : BuiltinType.SET;
      case Kind.Descriptor: {
        const kind = heap.readI64(heap.objectAt(w) + L.DESCRIPTOR_KIND / 8);
        return kind === L.DESCRIPTOR_PROPERTY ? BuiltinType.PROPERTY : kind === L.DESCRIPTOR_CLASSMETHOD ? BuiltinType.CLASSMETHOD : BuiltinType.STATICMETHOD;
      }
      case Kind.DictView: {
        const kind = heap.readI64(heap.objectAt(w) + L.DICT_VIEW_KIND / 8);
        return kind === 0 ? BuiltinType.DICT_KEYS : kind === 1 ? BuiltinType.DICT_VALUES : BuiltinType.DICT_ITEMS;
      }
      case Kind.Iter: return this.rt.iterators.typeOfIterator(heap.objectAt(w));
      case Kind.Generator: return this.rt.generators.isCoroutine(heap.objectAt(w)) ? BuiltinType.COROUTINE : BuiltinType.GENERATOR;
      default: {
        if (this.rt.isNotImplemented(w)) return BuiltinType.NOT_IMPLEMENTED;
        if (this.rt.isEllipsis(w)) return BuiltinType.ELLIPSIS;
        void objs;
        return BuiltinType.OBJECT;
      }
    }
  }

  /** The type name python3 prints for the value in slot w (`int`, `Foo`, ...). */
  typeName(w: number): string {
    return this.className(this.classOf(w));
  }

  isSubclass(c: number, base: number): boolean {
    if (c === base) return true;
    // Along the MRO tuple in place: operator dispatch asks this for every binary op on instances.
    const { heap, objs } = this.rt;
    const t = heap.objectAt(c + CLASS_MRO_W);
    const items = objs.tupleItems(t);
    for (let i = objs.tupleLength(t) - 1; i >= 0; i--) if (heap.objectAt(items + i) === base) return true;
    return false;
  }

  /** isinstance(w, cls) for a class word index. */
  isInstance(w: number, cls: number): boolean {
    return this.isSubclass(this.classOf(w), cls);
  }

  /** The value slot of `name` found along the MRO of class c, or -1 (cached under the class version). */
  lookup(c: number, name: string): number {
    const v = this.version(c);
    let cache = this.caches.get(c);
    if (cache === undefined || cache.version !== v) {
      cache = { version: v, slots: new Map() };
      this.caches.set(c, cache);
    }
    let slot = cache.slots.get(name);
    if (slot === undefined) {
      slot = this.lookupUncached(c, name);
      cache.slots.set(name, slot);
    }
    return slot;
  }

  private lookupUncached(c: number, name: string): number {
    const rt = this.rt;
    const key = rt.nameKey(name);
    const lo = HASH[0];
    const hi = HASH[1];
    for (const k of this.mro(c)) {
      const d = this.dictOf(k);
      const slot = rt.dicts.get(d, key, lo, hi, INTERNED_KEYS);
      if (slot >= 0) return slot;
    }
    return -1;
  }

  /** The built-in type whose methods a class's instances have (its own, or a user class's built-in base). */
  builtinBase(c: number): BuiltinType {
    return this.builtinOf(c);
  }

  /** The class to use for `raise Name` / internal errors by exception name. */
  exception(name: string): number {
    const c = this.exceptionClass.get(name);
    if (c === undefined) throw new PyError('SystemError', `unknown exception class ${name}`);
    return c;
  }

  /** Marks a class (user-defined) as having been given a special method. */
  setFlag(c: number, flag: number): void {
    this.rt.heap.writeI64(c + CLASS_FLAGS_W, this.flags(c) | flag);
  }

  /** Records that an instance of c needed `n` slots, so later instances get them inline. */
  noteSlots(c: number, n: number): void {
    const heap = this.rt.heap;
    if (heap.readI64(c + CLASS_SLOT_HINT_W) < n) heap.writeI64(c + CLASS_SLOT_HINT_W, Math.min(n, 64));
  }

  slotHint(c: number): number { return this.rt.heap.readI64(c + CLASS_SLOT_HINT_W); }

  setRootShape(c: number, shape: number): void { this.rt.heap.writeI64(c + CLASS_ROOT_SHAPE_W, shape); }
}
