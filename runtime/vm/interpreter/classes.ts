// Instances and class creation: allocating instances with their shape and
// inline slots (cases/vm.h InstanceObject), reading and writing attributes
// through shapes, calling a class to construct an instance (with __init__
// run in the caller's dispatch loop when it is Python code), and BUILD_CLASS
// (running the class body on a fresh namespace, then making the class).
import { LAYOUT as L } from '../../../build/layout.ts';
import { HASH } from '../heap/hashing.ts';
import {
  CLASS_CTOR_W, FUNCTION_CODE_INDEX_W, INSTANCE_BASE_W, INSTANCE_CAPACITY_W, INSTANCE_CLASS_W, INSTANCE_INLINE_W, INSTANCE_SHAPE_W, INSTANCE_SLOTS_W, Kind,
} from '../heap/objects.ts';
import { PyError, attributeError, typeError } from '../heap/py-error.ts';
import { builtinSpec } from './builtin-registry.ts';
import { callBuiltinTypeMethod, methodNameId } from './methods.ts';
import { BuiltinType, EXCEPTION_FIELDS, EXC_ARGS } from './builtin-types.ts';
import type { Runtime } from './runtime.ts';
import { CLASS_FLAG_EXCEPTION, CLASS_FLAG_SLOTS } from './types.ts';
import { INTERNED_KEYS } from '../heap/dict.ts';

const ITEMS_W = L.ITEMS_ITEMS / 8;

export class Classes {
  constructor(private readonly rt: Runtime) {}

  // ---- instances -------------------------------------------------------------------

  /** A new instance of class c with its root shape, every slot UNBOUND, base None. */
  newInstance(c: number): number {
    const { heap, objs, types, shapes } = this.rt;
    let shape = types.rootShape(c);
    if (shape < 0) {
      shape = shapes.newRoot([], false);
      types.setRootShape(c, shape);
    }
    const capacity = Math.max(shapes.count(shape), types.slotHint(c));
    heap.tempRoots.push(c);
    const o = heap.allocate(L.OBJ_INSTANCE, L.INSTANCE_INLINE_SLOTS + capacity * 8);
    heap.tempRoots.pop();
    heap.writeI64(o + INSTANCE_CLASS_W, heap.addressOf(c));
    heap.writeI64(o + INSTANCE_SHAPE_W, shape);
    heap.writeI64(o + INSTANCE_CAPACITY_W, capacity);
    heap.writeI64(o + INSTANCE_SLOTS_W, heap.addressOf(o + INSTANCE_INLINE_W));
    objs.setNone(o + INSTANCE_BASE_W);
    for (let i = 0; i < capacity; i++) objs.setUnbound(o + INSTANCE_INLINE_W + i);
    return o;
  }

  /** An instance of a built-in class with no attributes (object(), NotImplemented). */
  newPlainObject(c: number): number {
    return this.newInstance(c);
  }

  classOfInstance(o: number): number { return this.rt.heap.wordOf(this.rt.heap.readI64(o + INSTANCE_CLASS_W)); }
  shapeOf(o: number): number { return this.rt.heap.readI64(o + INSTANCE_SHAPE_W); }
  /** Word index of slot i of instance o. */
  slot(o: number, i: number): number { return this.rt.heap.wordOf(this.rt.heap.readI64(o + INSTANCE_SLOTS_W)) + i; }
  baseOf(o: number): number { return o + INSTANCE_BASE_W; }

  /** The slot word holding attribute `name` of instance o, or -1 when it has none. */
  attributeSlot(o: number, name: string): number {
    const shape = this.shapeOf(o);
    const i = this.rt.shapes.slotOf(shape, name);
    if (i < 0) {
      if (!this.rt.shapes.isDict(shape)) return -1;
      // An instance in dict mode: its attributes are the entries of its __dict__.
      const rt = this.rt;
      return rt.dicts.get(this.dictSlotOf(o, shape), rt.nameKey(name), HASH[0], HASH[1], rt.keyEquals);
    }
    const w = this.slot(o, i);
    return this.rt.objs.isUnbound(w) ? -1 : w;
  }

  /**
   * Whether an attribute `name` of instance o may hide its class's attribute
   * of that name (for the method-call shortcuts): a slot for it in the shape
   * (bound or not), or an entry of its __dict__.
   */
  mayHaveOwn(o: number, name: string): boolean {
    const shape = this.shapeOf(o);
    if (this.rt.shapes.slotOf(shape, name) >= 0) return true;
    return this.rt.shapes.isDict(shape) && this.attributeSlot(o, name) >= 0;
  }

  /** The dict object of an instance in dict mode (shape `shape`, a dict shape). */
  private dictSlotOf(o: number, shape: number): number {
    return this.rt.heap.objectAt(this.slot(o, this.rt.shapes.count(shape) - 1));
  }

  /** The dict object holding instance o's attributes when it is in dict mode, else -1. */
  instanceDictOf(o: number): number {
    const shape = this.shapeOf(o);
    return this.rt.shapes.isDict(shape) ? this.dictSlotOf(o, shape) : -1;
  }

  /** Whether instance o has a __dict__: not for __slots__ classes (without '__dict__' in them) nor object() and its kin. */
  hasDict(o: number): boolean {
    const { shapes, types } = this.rt;
    const shape = this.shapeOf(o);
    if (shapes.isDict(shape)) return true;
    if (shapes.isFixed(shape)) return false;
    const c = this.classOfInstance(o);
    return !types.isBuiltinClass(c) || types.isExceptionClass(c);
  }

  /**
   * obj.__dict__ / vars(obj): the dict that from now on holds instance o's
   * attributes (made from its slots on the first call, when o moves to its
   * class's dict shape); the same dict every time. AttributeError when o has
   * no __dict__.
   */
  materializeDict(o: number): number {
    const rt = this.rt;
    const { shapes, heap, interp, objs } = rt;
    const shape = this.shapeOf(o);
    if (shapes.isDict(shape)) return this.dictSlotOf(o, shape);
    if (!this.hasDict(o)) throw this.noDict(o);
    const names = shapes.namesOf(shape);
    const root = shapes.rootCount(shape);
    const base = interp.sp;
    heap.tempRoots.push(o);
    try {
      const ds = interp.pushObject(rt.dicts.newDict(names.length - root));
      const d = heap.objectAt(ds);
      // Fixed slots (exception fields, __slots__ next to a __dict__) stay slots, as in CPython.
      for (let i = root; i < names.length; i++) {
        const w = this.slot(o, i);
        if (objs.isUnbound(w)) continue;
        const k = interp.pushObject(rt.internedName(names[i]));
        rt.dictSetItem(d, k, w);
        interp.popN(1);
      }
      this.enterDictMode(o, ds);
      return d;
    } finally {
      heap.tempRoots.pop();
      interp.sp = base;
    }
  }

  /** obj.__dict__ = value: the dict in slot v becomes instance o's attributes (its fixed slots stay). */
  setDict(o: number, v: number): void {
    const rt = this.rt;
    if (!this.hasDict(o)) throw this.noDict(o);
    if (rt.objs.kind(v) !== Kind.Dict) throw typeError(`__dict__ must be set to a dictionary, not a '${rt.typeName(v)}'`);
    this.enterDictMode(o, v);
  }

  /** del obj.__dict__: a new empty dict, as CPython makes on the next access. */
  deleteDict(o: number): void {
    const rt = this.rt;
    if (!this.hasDict(o)) throw this.noDict(o);
    const ds = rt.interp.pushObject(rt.dicts.newDict());
    this.enterDictMode(o, ds);
    rt.interp.popN(1);
  }

  private noDict(o: number): PyError {
    return attributeError(`'${this.rt.types.className(this.classOfInstance(o))}' object has no attribute '__dict__'`);
  }

  /** Moves instance o to its dict shape with the dict in slot ds (rooted); the slots after the fixed ones are emptied. */
  private enterDictMode(o: number, ds: number): void {
    const { shapes, heap, objs } = this.rt;
    const shape = this.shapeOf(o);
    const dshape = shapes.dictShapeOf(shape);
    const at = shapes.count(dshape) - 1;
    this.ensureCapacity(o, at + 1, ds);
    const capacity = heap.readI64(o + INSTANCE_CAPACITY_W);
    if (!shapes.isDict(shape)) for (let i = at; i < capacity; i++) objs.setUnbound(this.slot(o, i));
    objs.copy(this.slot(o, at), ds);
    heap.writeI64(o + INSTANCE_SHAPE_W, dshape);
  }

  /** Sets attribute `name` of instance o to the value in slot v (rooted); AttributeError for __slots__ classes. */
  setAttribute(o: number, name: string, v: number): void {
    const { shapes, objs } = this.rt;
    if (name === '__dict__') { this.setDict(o, v); return; }
    const shape = this.shapeOf(o);
    const i = shapes.slotOf(shape, name);
    if (i >= 0) {
      objs.copy(this.slot(o, i), v);
      return;
    }
    if (shapes.isDict(shape)) {
      const rt = this.rt;
      const k = rt.interp.pushObject(rt.internedName(name));
      rt.dictSetItem(this.dictSlotOf(o, shape), k, v);
      rt.interp.popN(1);
      return;
    }
    const next = shapes.withAttribute(shape, name);
    if (next < 0) {
      throw attributeError(`'${this.rt.types.className(this.classOfInstance(o))}' object has no attribute '${name}'`);
    }
    const n = shapes.count(next);
    this.ensureCapacity(o, n, v);
    objs.copy(this.slot(o, n - 1), v);
    this.rt.heap.writeI64(o + INSTANCE_SHAPE_W, next);
    this.rt.types.noteSlots(this.classOfInstance(o), n);
  }

  /** Grows o's slots to hold n (moving them to an items block); v is a value slot to keep rooted meanwhile. */
  private ensureCapacity(o: number, n: number, v: number): void {
    const { heap, objs } = this.rt;
    const capacity = heap.readI64(o + INSTANCE_CAPACITY_W);
    if (n <= capacity) return;
    const newCap = Math.max(4, capacity * 2, n);
    heap.tempRoots.push(o);
    const interp = this.rt.interp;
    const keep = interp.push(v);
    const items = heap.allocate(L.OBJ_ITEMS, L.ITEMS_ITEMS + newCap * 8);
    interp.popN(1);
    void keep;
    heap.tempRoots.pop();
    const from = this.slot(o, 0);
    const to = items + ITEMS_W;
    heap.u32.copyWithin(2 * to, 2 * from, 2 * (from + capacity));
    for (let i = capacity; i < newCap; i++) objs.setUnbound(to + i);
    heap.writeI64(o + INSTANCE_SLOTS_W, heap.addressOf(to));
    heap.writeI64(o + INSTANCE_CAPACITY_W, newCap);
  }

  /** Deletes attribute `name` of instance o (false when it had none). */
  deleteAttribute(o: number, name: string): boolean {
    const { shapes, objs } = this.rt;
    if (name === '__dict__') { this.deleteDict(o); return true; }
    const shape = this.shapeOf(o);
    const i = shapes.slotOf(shape, name);
    if (i < 0 && shapes.isDict(shape)) {
      const rt = this.rt;
      const d = this.dictSlotOf(o, shape);
      const ix = rt.dicts.find(d, rt.nameKey(name), HASH[0], HASH[1], rt.keyEquals);
      if (ix < 0) return false;
      rt.dicts.deleteFound(d, ix);
      return true;
    }
    if (i < 0 || objs.isUnbound(this.slot(o, i))) return false;
    const rootCount = shapes.count(this.rt.types.rootShape(this.classOfInstance(o)));
    if (i < rootCount || shapes.isFixed(shape)) {
      // Fixed slots (__slots__, exception fields) just become empty.
      objs.setUnbound(this.slot(o, i));
      return true;
    }
    const next = shapes.withoutAttribute(shape, name);
    const n = shapes.count(shape);
    const first = this.slot(o, 0);
    this.rt.heap.u32.copyWithin(2 * (first + i), 2 * (first + i + 1), 2 * (first + n));
    objs.setUnbound(first + n - 1);
    this.rt.heap.writeI64(o + INSTANCE_SHAPE_W, next);
    return true;
  }

  // ---- calling a class ----------------------------------------------------------------

  /**
   * Calls class [base] with [base+1 .. base+1+nargs) (positional, then values
   * of kwnames). Completes the call (result in base) and returns null, or, when
   * __init__ is a Python function, rewrites the stack as [__init__ instance
   * args..] and returns the instance for the caller to push __init__'s frame.
   */
  construct(base: number, nargs: number, kwnames: string[] | null): number | null {
    const rt = this.rt;
    const { heap, objs, types, interp } = rt;
    const c = heap.objectAt(base);
    const npos = nargs - (kwnames === null ? 0 : kwnames.length);
    if (types.isBuiltinClass(c)) {
      this.constructBuiltin(c, base, nargs, npos, kwnames);
      return null;
    }
    // A user-defined __new__ decides what the call makes.
    const newSlot = types.lookup(c, '__new__');
    if (newSlot >= 0 && objs.kind(newSlot) !== Kind.BuiltinMethod) {
      this.constructWithNew(c, newSlot, base, nargs, kwnames);
      return null;
    }
    const o = this.newInstance(c);
    interp.insertArgumentAt(base, nargs);
    heap.setObject(base + 1, o);
    const builtin = types.builtinOf(c);
    if (builtin !== BuiltinType.OBJECT) this.initBuiltinBase(o, builtin, base + 2, npos, kwnames);
    const init = types.lookup(c, '__init__');
    if (init >= 0 && objs.kind(init) === Kind.Function) {
      objs.copy(base, init);
      return o;
    }
    if (init >= 0) {
      // Some other callable as __init__ (a built-in's, a staticmethod, ...): call it with the instance.
      objs.copy(base, init);
      interp.callValue(base, nargs + 1, kwnames);
      if (!objs.isNone(base)) throw typeError(`__init__() should return None, not '${rt.typeName(base)}'`);
    } else {
      this.builtinInit(c, builtin, o, base + 2, npos, kwnames);
    }
    heap.setObject(base, o);
    interp.sp = base + 1;
    return null;
  }

  /** The built-in __init__ of an instance whose class defines none. */
  private builtinInit(c: number, builtin: BuiltinType, o: number, args: number, npos: number, kwnames: string[] | null): void {
    const rt = this.rt;
    if (builtin === BuiltinType.OBJECT && (npos > 0 || (kwnames !== null && kwnames.length > 0))) {
      // object.__init__ takes no arguments when __new__ is object's too.
      throw typeError(`${rt.types.className(c)}() takes no arguments`);
    }
    if (builtin === BuiltinType.LIST || builtin === BuiltinType.DICT || builtin === BuiltinType.SET) {
      // The built-in type's __init__ fills the instance's built-in value from the arguments.
      const interp = rt.interp;
      const self = interp.pushObject(o);
      const n = npos + (kwnames === null ? 0 : kwnames.length);
      for (let i = 0; i < n; i++) interp.push(args + i);
      callBuiltinTypeMethod(rt, builtin, methodNameId('__init__'), self, npos, kwnames, self);
      interp.sp = self;
    }
  }

  /** Sets up the built-in part of an instance of a subclass of a built-in type from the call's arguments. */
  private initBuiltinBase(o: number, builtin: BuiltinType, args: number, npos: number, kwnames: string[] | null): void {
    const rt = this.rt;
    const { objs, heap, interp } = rt;
    const baseW = o + INSTANCE_BASE_W;
    switch (builtin) {
      case BuiltinType.LIST: objs.setObject(baseW, objs.newList(0)); return;
      case BuiltinType.DICT: objs.setObject(baseW, rt.dicts.newDict()); return;
      case BuiltinType.SET: objs.setObject(baseW, rt.sets.newSet(false)); return;
      case BuiltinType.BASE_EXCEPTION: {
        const t = objs.newTuple(npos);
        heap.u32.copyWithin(2 * objs.tupleItems(t), 2 * args, 2 * (args + npos));
        objs.setObject(this.slot(o, EXC_ARGS), t);
        objs.setNone(this.slot(o, 1));
        objs.setNone(this.slot(o, 2));
        objs.setBool(this.slot(o, 3), false);
        objs.setNone(this.slot(o, 4));
        return;
      }
      default: {
        // int, float, str, tuple, frozenset, ...: the value is the built-in type's constructor applied to the arguments.
        const cls = rt.types.builtinClass[builtin];
        const ctor = heap.readI64(cls + CLASS_CTOR_W);
        if (ctor < 0) throw typeError(`cannot subclass '${rt.types.className(cls)}'`);
        const dst = interp.pushNone();
        for (let i = 0; i < npos; i++) interp.push(args + i);
        builtinSpec(ctor).fn(rt, dst + 1, npos, dst, null);
        objs.copy(baseW, dst);
        interp.popN(interp.sp - dst);
        void kwnames;
      }
    }
  }

  private constructWithNew(c: number, newSlot: number, base: number, nargs: number, kwnames: string[] | null): void {
    const rt = this.rt;
    const { objs, interp } = rt;
    // __new__ is a static method: Cls.__new__(Cls, *args).
    const fn = objs.kind(newSlot) === Kind.Descriptor ? newSlot + L.DESCRIPTOR_F1 / 8 : newSlot;
    const call = interp.push(fn);
    interp.push(base);
    for (let i = 0; i < nargs; i++) interp.push(base + 1 + i);
    interp.callValue(call, nargs + 1, kwnames);
    if (rt.types.isInstance(call, c)) {
      const init = rt.types.lookup(c, '__init__');
      if (init >= 0) {
        const ic = interp.push(init);
        interp.push(call);
        for (let i = 0; i < nargs; i++) interp.push(base + 1 + i);
        interp.callValue(ic, nargs + 1, kwnames);
        interp.popN(1);
      }
    }
    objs.copy(base, call);
    interp.sp = base + 1;
  }

  /** Calling a built-in class: its constructor builtin, or an exception, object() or type(). */
  private constructBuiltin(c: number, base: number, nargs: number, npos: number, kwnames: string[] | null): void {
    const rt = this.rt;
    const { heap, objs, types } = rt;
    if (types.isExceptionClass(c)) {
      if (kwnames !== null && kwnames.length > 0) throw typeError(`${types.className(c)}() takes no keyword arguments`);
      const o = this.newInstance(c);
      const slot = rt.interp.pushObject(o);
      this.initBuiltinBase(o, BuiltinType.BASE_EXCEPTION, base + 1, npos, null);
      objs.copy(base, slot);
      return;
    }
    const builtin = types.builtinOf(c);
    if (builtin === BuiltinType.OBJECT) {
      if (nargs > 0) throw typeError('object() takes no arguments');
      heap.setObject(base, this.newInstance(c));
      return;
    }
    if (builtin === BuiltinType.TYPE) {
      if (npos === 1 && nargs === 1) { heap.setObject(base, types.classOf(base + 1)); return; }
      if (npos === 3) { this.typeCall(base); return; }
      throw typeError('type() takes 1 or 3 arguments');
    }
    const ctor = heap.readI64(c + CLASS_CTOR_W);
    if (ctor < 0) throw typeError(`cannot create '${types.className(c)}' instances`);
    const kw = kwnames === null ? null : new Map(kwnames.map((n, i) => [n, base + 1 + npos + i] as [string, number]));
    builtinSpec(ctor).fn(rt, base + 1, npos, base, kw);
  }

  /**
   * X.__new__(cls, *args) for a built-in type X (tuple, int, str, list, ...):
   * X(*args) itself when cls is X, else an instance of the subclass cls whose
   * built-in value is made from args (empty for list, dict and set, which
   * their __init__ fills). The result goes to slot dst.
   */
  newOfBuiltin(builtin: BuiltinType, clsW: number, args: number, npos: number, dst: number): void {
    const rt = this.rt;
    const { heap, objs, types } = rt;
    const typeName = types.className(types.builtinClass[builtin]);
    if (objs.kind(clsW) !== Kind.Class) throw typeError(`${typeName}.__new__(X): X is not a type object (${rt.typeName(clsW)})`);
    const c = heap.objectAt(clsW);
    if (!types.isSubclass(c, types.builtinClass[builtin])) {
      throw typeError(`${typeName}.__new__(${types.className(c)}): ${types.className(c)} is not a subtype of ${typeName}`);
    }
    if (c === types.builtinClass[builtin]) {
      const ctor = heap.readI64(c + CLASS_CTOR_W);
      const call = rt.interp.pushNone();
      for (let i = 0; i < npos; i++) rt.interp.push(args + i);
      builtinSpec(ctor).fn(rt, call + 1, npos, call, null);
      objs.copy(dst, call);
      rt.interp.popN(rt.interp.sp - call);
      return;
    }
    const keep = rt.interp.pushObject(this.newInstance(c));
    const mutable = builtin === BuiltinType.LIST || builtin === BuiltinType.DICT || builtin === BuiltinType.SET;
    this.initBuiltinBase(heap.objectAt(keep), builtin, args, mutable ? 0 : npos, null);
    objs.copy(dst, keep);
    rt.interp.popN(rt.interp.sp - keep);
  }

  /** type(name, bases, dict). */
  private typeCall(base: number): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    if (objs.kind(base + 1) !== Kind.Str) throw typeError('type.__new__() argument 1 must be str, not ' + rt.typeName(base + 1));
    if (objs.kind(base + 2) !== Kind.Tuple) throw typeError('type.__new__() argument 2 must be tuple, not ' + rt.typeName(base + 2));
    if (objs.kind(base + 3) !== Kind.Dict) throw typeError('type.__new__() argument 3 must be dict, not ' + rt.typeName(base + 3));
    const t = heap.objectAt(base + 2);
    const bases: number[] = [];
    for (let i = 0; i < objs.tupleLength(t); i++) bases.push(heap.objectAt(objs.tupleItems(t) + i));
    const ns = rt.dicts.copy(heap.objectAt(base + 3));
    heap.setObject(base, this.makeClass(objs.strOf(heap.objectAt(base + 1)), bases, ns));
  }

  // ---- class statements ------------------------------------------------------------

  /** BUILD_CLASS: [body name base0..baseN-1 (keywords)] -> class; `keywords` is the slot of the class keywords' dict, or -1. */
  buildClass(first: number, nbases: number, keywords = -1): void {
    const rt = this.rt;
    const { heap, objs, interp, types } = rt;
    const bases: number[] = [];
    for (let i = 0; i < nbases; i++) {
      const b = first + 2 + i;
      if (objs.kind(b) !== Kind.Class) throw typeError(`bases must be types`);
      bases.push(heap.objectAt(b));
    }
    const name = objs.strOf(heap.objectAt(first + 1));
    const classKeywords = keywords >= 0 ? this.keywordSlots(keywords) : [];
    const meta = classKeywords.findIndex(([k]) => k === 'metaclass');
    if (meta >= 0) {
      this.applyMetaclass(classKeywords[meta][1], bases);
      classKeywords.splice(meta, 1);
    }
    // Run the body with a new namespace: body(ns).
    const ns = rt.dicts.newDict();
    const call = interp.push(first);
    const nsSlot = interp.pushObject(ns);
    void nsSlot;
    interp.callValue(call, 1);
    const cellSlot = call;
    // __module__ and __qualname__ come from the body's code ('__main__' or a standard module; `f.<locals>.C`).
    const body = rt.program.codes[heap.readI64(heap.objectAt(first) + FUNCTION_CODE_INDEX_W)];
    const c = this.makeClass(name, bases, ns, body.module, body.qualname, body.doc);
    if (objs.kind(cellSlot) === Kind.Cell) heap.setObject(heap.objectAt(cellSlot) + L.CELL_VALUE / 8, c);
    interp.popN(1);
    heap.setObject(first, c);
    // As type.__new__: the attributes' __set_name__, then the parent's __init_subclass__.
    this.setNames(first);
    this.initSubclass(first, classKeywords);
    void types;
  }

  /** The class keywords in dict slot d as [name, value slot] (the dict stays on the stack, so the slots stay valid). */
  private keywordSlots(d: number): [string, number][] {
    const { heap, objs, dicts } = this.rt;
    const dict = heap.objectAt(d);
    const out: [string, number][] = [];
    for (let i = dicts.nextLive(dict, 0); i >= 0; i = dicts.nextLive(dict, i + 1)) {
      const e = dicts.entry(dict, i);
      if (objs.kind(e + 1) !== Kind.Str) throw typeError('keywords must be strings');
      out.push([objs.strOf(heap.objectAt(e + 1)), e + 2]);
    }
    return out;
  }

  /**
   * metaclass=: this VM has no metaclasses. `type` is every class's own, and
   * abc.ABCMeta (stdlib/abc.ts) stands for its ABC base, which does what
   * ABCMeta does here; any other is a TypeError naming it.
   */
  private applyMetaclass(slot: number, bases: number[]): void {
    const rt = this.rt;
    const { heap, objs, types } = rt;
    if (objs.kind(slot) === Kind.Class) {
      const m = heap.objectAt(slot);
      if (m === types.builtinClass[BuiltinType.TYPE]) return;
      const abcBase = rt.dicts.get(types.dictOf(m), rt.nameKey('_abc_base'), HASH[0], HASH[1], INTERNED_KEYS);
      if (abcBase >= 0 && objs.kind(abcBase) === Kind.Class) {
        const abc = heap.objectAt(abcBase);
        if (!bases.some((b) => types.isSubclass(b, abc))) bases.push(abc);
        return;
      }
    }
    throw typeError(`metaclass ${objs.kind(slot) === Kind.Class ? `'${types.className(heap.objectAt(slot))}'` : `of type '${rt.typeName(slot)}'`} is not supported (this VM's classes have no metaclass but type; abc.ABCMeta works as the ABC base)`);
  }

  /** __set_name__(cls, name) of each class attribute that defines it (descriptors learning their name). */
  private setNames(classSlot: number): void {
    const rt = this.rt;
    const { heap, objs, interp, dicts, types } = rt;
    const dict = types.dictOf(heap.objectAt(classSlot));
    const named: [number, number][] = [];
    for (let i = dicts.nextLive(dict, 0); i >= 0; i = dicts.nextLive(dict, i + 1)) {
      const e = dicts.entry(dict, i);
      if (objs.kind(e + 2) === Kind.Instance && rt.attrs.lookupSpecial(e + 2, '__set_name__') >= 0) named.push([e + 1, e + 2]);
    }
    if (named.length === 0) return;
    // Copied to the stack first: a __set_name__ may change the class dict.
    const base = interp.sp;
    for (const [k, v] of named) { interp.push(k); interp.push(v); }
    try {
      for (let i = 0; i < named.length; i++) {
        const r = interp.pushNone();
        rt.ops.callSpecial('__set_name__', base + 2 * i + 1, r, classSlot, base + 2 * i);
        interp.popN(1);
      }
    } finally {
      interp.sp = base;
    }
  }

  /** super(cls, cls).__init_subclass__(**keywords): the nearest base's, implicitly a classmethod; object's takes no keywords. */
  private initSubclass(classSlot: number, keywords: [string, number][]): void {
    const rt = this.rt;
    const { heap, objs, interp, types } = rt;
    const c = heap.objectAt(classSlot);
    for (const k of types.mro(c).slice(1)) {
      if (types.isBuiltinClass(k)) continue; // object.__init_subclass__ (built-in types have no other); a user class after int (IntEnum) still counts
      const v = rt.dicts.get(types.dictOf(k), rt.nameKey('__init_subclass__'), HASH[0], HASH[1], INTERNED_KEYS);
      if (v < 0) continue;
      const base = interp.sp;
      try {
        if (objs.kind(v) === Kind.Descriptor && heap.readI64(heap.objectAt(v) + L.DESCRIPTOR_KIND / 8) === L.DESCRIPTOR_CLASSMETHOD) {
          interp.push(heap.objectAt(v) + L.DESCRIPTOR_F1 / 8);
        } else {
          interp.push(v);
        }
        interp.push(classSlot);
        for (const [, slot] of keywords) interp.push(slot);
        interp.callValue(base, 1 + keywords.length, keywords.length > 0 ? keywords.map(([name]) => name) : null);
      } finally {
        interp.sp = base;
      }
      return;
    }
    if (keywords.length > 0) throw typeError(`${types.className(c)}.__init_subclass__() takes no keyword arguments`);
  }

  /**
   * A user class from its name, bases and namespace dict (which becomes the
   * class dict). __module__ and __qualname__ default to the running code's
   * module and the name, unless the namespace has them.
   */
  makeClass(name: string, bases: number[], ns: number, module = this.runningModule(), qualname = name, doc: string | null = null): number {
    const rt = this.rt;
    const { heap, objs, types, shapes } = rt;
    if (bases.length === 0) bases = [types.builtinClass[BuiltinType.OBJECT]];
    let flags = 0;
    let builtin: BuiltinType = BuiltinType.OBJECT;
    for (const b of bases) {
      if (types.isExceptionClass(b)) flags |= CLASS_FLAG_EXCEPTION;
      const bt = types.builtinOf(b);
      if (bt === BuiltinType.BOOL || bt === BuiltinType.RANGE || bt === BuiltinType.SLICE || bt === BuiltinType.FUNCTION || bt === BuiltinType.NONE) {
        throw typeError(`type '${types.className(b)}' is not an acceptable base type`);
      }
      if (bt !== BuiltinType.OBJECT) {
        if (builtin !== BuiltinType.OBJECT && builtin !== bt) throw typeError('multiple bases have instance lay-out conflict');
        builtin = bt;
      }
    }
    heap.tempRoots.push(ns);
    for (const b of bases) heap.tempRoots.push(b);
    // __slots__: a fixed shape (unless a base has a dict).
    const slotNames = this.slotsOf(ns);
    const baseRoot = types.rootShape(bases[0]);
    const inherited = baseRoot >= 0 ? [...shapes.namesOf(baseRoot)] : [];
    const basesFixed = bases.every((b) => types.builtinOf(b) !== BuiltinType.OBJECT || types.isBuiltinClass(b) || shapes.isFixed(types.rootShape(b)));
    let fixed = false;
    let rootNames = inherited;
    if (slotNames !== null) {
      rootNames = [...inherited, ...slotNames.filter((n) => n !== '__dict__' && !inherited.includes(n))];
      fixed = basesFixed && !slotNames.includes('__dict__') && builtin === BuiltinType.OBJECT;
      if (fixed) flags |= CLASS_FLAG_SLOTS;
    }
    if ((flags & CLASS_FLAG_EXCEPTION) && rootNames.length === 0) rootNames = [...EXCEPTION_FIELDS];
    const c = types.newClass(name, bases, ns, builtin, flags);
    heap.tempRoots.length -= 1 + bases.length;
    types.setRootShape(c, shapes.newRoot(rootNames, fixed));
    // __module__ and __qualname__ as CPython sets them.
    heap.tempRoots.push(c);
    const setName = (key: string, value: number | null) => {
      const k = rt.interp.pushObject(rt.internedName(key));
      const v = value === null ? rt.interp.pushNone() : rt.interp.pushObject(value);
      rt.hashStr(heap.objectAt(k));
      if (rt.dicts.get(ns, k, HASH[0], HASH[1], INTERNED_KEYS) < 0) rt.dictSetItem(ns, k, v);
      rt.interp.popN(2);
    };
    setName('__module__', rt.internedName(module));
    setName('__qualname__', rt.internedName(qualname));
    setName('__doc__', doc === null ? null : objs.newStr(doc));
    heap.tempRoots.pop();
    void objs;
    return c;
  }

  /** The module of the code running in the current frame ('__main__' or a standard module's name). */
  private runningModule(): string {
    const rt = this.rt;
    const fp = rt.interp.fp;
    if (fp < 0) return '__main__';
    return rt.program.codes[rt.heap.readI64(fp + L.FRAME_CODE_INDEX / 8)]?.module ?? '__main__';
  }

  /** The names in a namespace's __slots__ (a str or an iterable of strs), or null when it has none. */
  private slotsOf(ns: number): string[] | null {
    const rt = this.rt;
    const { objs, heap } = rt;
    const key = rt.nameKey('__slots__');
    const v = rt.dicts.get(ns, key, HASH[0], HASH[1], INTERNED_KEYS);
    if (v < 0) return null;
    if (objs.kind(v) === Kind.Str) return [objs.strOf(heap.objectAt(v))];
    const list = rt.iterators.toListObject(v);
    const names: string[] = [];
    for (let i = 0; i < objs.listLength(list); i++) {
      const w = objs.listItems(list) + i;
      if (objs.kind(w) !== Kind.Str) throw typeError(`__slots__ items must be strings, not '${rt.typeName(w)}'`);
      names.push(objs.strOf(heap.objectAt(w)));
    }
    return names;
  }
}

export { PyError };
