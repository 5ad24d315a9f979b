// Attribute access for every kind of value: instances (data descriptors on
// the class first, then the instance's own slots, then class attributes,
// functions becoming bound methods), classes, modules, functions, super(),
// and the built-in types' methods and data attributes. Also the preparation
// of `obj.name(args)` calls (CALL_METHOD), which avoids a bound method
// object for a plain method of an instance.
import { LAYOUT as L } from '../../../build/layout.ts';
import { HASH } from '../heap/hashing.ts';
import {
  BUILTIN_METHOD_NAME_W, BUILTIN_METHOD_SELF_W, CLASS_BASES_W, CLASS_DICT_W, CLASS_MRO_W, CLASS_NAME_W, DESCRIPTOR_F1_W,
  DESCRIPTOR_F2_W, DESCRIPTOR_F3_W, DESCRIPTOR_KIND_W, FUNCTION_ATTRS_W, FUNCTION_CLOSURE_W, FUNCTION_CODE_INDEX_W,
  FUNCTION_DEFAULTS_W, FUNCTION_KWDEFAULTS_W, GENERATOR_CODE_W, Kind, METHOD_FUNC_W, METHOD_SELF_W, MODULE_DICT_W, MODULE_ID_W, RANGE_NEXT_W,
  RANGE_STEP_W, RANGE_STOP_W, SLICE_START_W, SLICE_STEP_W, SLICE_STOP_W, SUPER_OBJ_W, SUPER_TYPE_W,
} from '../heap/objects.ts';
import { PyError, attributeError, typeError } from '../heap/py-error.ts';
import { BuiltinType, EXC_ARGS } from './builtin-types.ts';
import { TYPE_DIRS } from './builtin-names.generated.ts';
import { hasBuiltinMethod, methodNameById } from './methods.ts';
import { codeObject } from './code-objects.ts';
import { CodeFlags } from '../frontend/program.ts';
import type { Runtime } from './runtime.ts';
import { INTERNED_KEYS } from '../heap/dict.ts';

const PROPERTY = L.DESCRIPTOR_PROPERTY;
const CLASSMETHOD = L.DESCRIPTOR_CLASSMETHOD;
const STATICMETHOD = L.DESCRIPTOR_STATICMETHOD;

/** Kinds whose attributes are the built-in type's methods (CALL_METHOD goes straight to callMethod for them). */
const BUILTIN_VALUE_KINDS = new Set<Kind>([
  Kind.Float, Kind.Int, Kind.Bool, Kind.None, Kind.BigInt, Kind.Str, Kind.List, Kind.Tuple, Kind.Range, Kind.ListIter,
  Kind.Dict, Kind.Set, Kind.Generator, Kind.Iter, Kind.Slice, Kind.DictView, Kind.Cell,
]);

export class Attributes {
  constructor(private readonly rt: Runtime) {}

  /** Replaces the value in slot w with its attribute `name`. */
  load(w: number, name: string): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    const k = objs.kind(w);
    switch (k) {
      case Kind.Instance: this.loadInstance(w, name); return;
      case Kind.Class: this.loadClass(w, name); return;
      case Kind.Module: this.loadModule(w, name); return;
      case Kind.Super: this.loadSuper(w, name); return;
      case Kind.Function: this.loadFunction(w, name); return;
      case Kind.Method: {
        const o = heap.objectAt(w);
        if (name === '__self__') { objs.copy(w, o + METHOD_SELF_W); return; }
        if (name === '__func__') { objs.copy(w, o + METHOD_FUNC_W); return; }
        if (name === '__class__') { heap.setObject(w, rt.types.classOf(w)); return; }
        objs.copy(w, o + METHOD_FUNC_W);
        this.load(w, name);
        return;
      }
      default: this.loadBuiltinValue(w, k, name);
    }
  }

  private noAttribute(w: number, name: string): PyError {
    const err = attributeError(`'${this.rt.typeName(w)}' object has no attribute '${name}'`);
    err.suggestion = { name, candidates: this.dirOf(w) };
    return err;
  }

  /**
   * dir() of the value in slot w as python3 would list it, for suggestions:
   * computed later (when the error is printed) from what is captured now.
   */
  private dirOf(w: number): () => (readonly string[])[] {
    const rt = this.rt;
    const { objs, heap, types, classes, shapes } = rt;
    const k = objs.kind(w);
    const collections = heap.collections;
    if (k === Kind.Instance || k === Kind.Class) {
      const o = heap.objectAt(w);
      return () => {
        // The object must still be what it was (no collection since).
        if (heap.collections !== collections) return [];
        const names = new Set<string>(TYPE_DIRS[k === Kind.Class ? 'type' : 'object']);
        const c = k === Kind.Class ? o : classes.classOfInstance(o);
        if (k === Kind.Instance) {
          const sh = classes.shapeOf(o);
          shapes.namesOf(sh).forEach((n, i) => { if (!objs.isUnbound(classes.slot(o, i))) names.add(n); });
          const own = classes.instanceDictOf(o);
          if (own >= 0) {
            for (let i = rt.dicts.nextLive(own, 0); i >= 0; i = rt.dicts.nextLive(own, i + 1)) {
              const key = rt.dicts.entry(own, i) + 1;
              if (objs.kind(key) === Kind.Str) names.add(objs.strOf(heap.objectAt(key)));
            }
          }
          for (const n of ['__dict__', '__module__', '__weakref__']) names.add(n);
        }
        for (const kc of types.mro(c)) {
          if (types.isBuiltinClass(kc)) {
            for (const n of TYPE_DIRS[types.className(kc)] ?? []) names.add(n);
            continue;
          }
          const d = types.dictOf(kc);
          for (let i = rt.dicts.nextLive(d, 0); i >= 0; i = rt.dicts.nextLive(d, i + 1)) {
            const key = rt.dicts.entry(d, i) + 1;
            if (objs.kind(key) === Kind.Str) names.add(objs.strOf(heap.objectAt(key)));
          }
        }
        return [[...names].sort()];
      };
    }
    const typeName = rt.typeName(w);
    return () => [TYPE_DIRS[typeName] ?? TYPE_DIRS.object];
  }

  private loadInstance(w: number, name: string): void {
    const rt = this.rt;
    const { objs, heap, types, classes } = rt;
    const o = heap.objectAt(w);
    const c = classes.classOfInstance(o);
    const attr = types.lookup(c, name);
    if (attr >= 0 && objs.kind(attr) === Kind.Descriptor && heap.readI64(heap.objectAt(attr) + DESCRIPTOR_KIND_W) === PROPERTY) {
      this.callProperty(heap.objectAt(attr), DESCRIPTOR_F1_W, w, -1, name, 'getter');
      return;
    }
    if (attr >= 0 && this.isDataDescriptor(attr)) {
      this.callDescriptor('__get__', attr, w, w, -1, c);
      return;
    }
    const own = classes.attributeSlot(o, name);
    if (own >= 0) { objs.copy(w, own); return; }
    if (attr >= 0) { this.bindClassAttribute(attr, w, c, w); return; }
    if (name === '__class__') { heap.setObject(w, c); return; }
    // The instance's own dict (live: later attribute stores and deletes go to it), made on first use.
    if (name === '__dict__' && classes.hasDict(o)) { heap.setObject(w, classes.materializeDict(o)); return; }
    // Methods of a built-in base (list.append of a list subclass) and object's own.
    const builtin = types.builtinOf(c);
    if (hasBuiltinMethod(builtin, name)) {
      heap.setObject(w, rt.newBuiltinMethodObject(name, w, builtin));
      return;
    }
    if (hasBuiltinMethod(BuiltinType.OBJECT, name)) {
      heap.setObject(w, rt.newBuiltinMethodObject(name, w, BuiltinType.OBJECT));
      return;
    }
    if ((name === 'value' || name === 'code') && types.isExceptionClass(c) && this.loadExceptionMember(w, o, c, name)) return;
    const getattr = types.lookup(c, '__getattr__');
    if (getattr >= 0) {
      const interp = rt.interp;
      const f = interp.push(getattr);
      interp.push(w);
      interp.pushObject(rt.internedName(name));
      interp.callValue(f, 2);
      objs.copy(w, f);
      interp.popN(1);
      return;
    }
    throw this.noAttribute(w, name);
  }

  /**
   * StopIteration.value and SystemExit.code: args[0], or None without
   * arguments (SystemExit.code is the args tuple for several). False when
   * the class is neither.
   */
  private loadExceptionMember(w: number, o: number, c: number, name: string): boolean {
    const rt = this.rt;
    const { objs, heap, types } = rt;
    if (!types.isSubclass(c, types.exception(name === 'value' ? 'StopIteration' : 'SystemExit'))) return false;
    const argsW = rt.exceptions.slot(o, EXC_ARGS);
    if (objs.kind(argsW) !== Kind.Tuple) { objs.setNone(w); return true; }
    const args = heap.objectAt(argsW);
    const n = objs.tupleLength(args);
    if (n === 0) objs.setNone(w);
    else if (n === 1 || name === 'value') objs.copy(w, objs.tupleItems(args));
    else objs.copy(w, argsW);
    return true;
  }

  /** The method `name` (__get__, __set__, __delete__) of the class of the user object in slot attr, or -1: a descriptor's protocol. */
  descriptorMethod(attr: number, name: string): number {
    const rt = this.rt;
    if (rt.objs.kind(attr) !== Kind.Instance) return -1;
    return rt.types.lookup(rt.classes.classOfInstance(rt.heap.objectAt(attr)), name);
  }

  /** A user-defined data descriptor (__get__ with __set__ or __delete__): it wins over the instance's own attribute. */
  isDataDescriptor(attr: number): boolean {
    return this.descriptorMethod(attr, '__get__') >= 0 && (this.descriptorMethod(attr, '__set__') >= 0 || this.descriptorMethod(attr, '__delete__') >= 0);
  }

  /**
   * descriptor.__get__(obj, cls) (obj -1: None), .__set__(obj, value) or
   * .__delete__(obj) of the user descriptor in slot attr; the result goes to dst.
   */
  private callDescriptor(name: string, attr: number, obj: number, dst: number, value: number, cls: number): void {
    const rt = this.rt;
    const { interp, objs } = rt;
    const base = interp.sp;
    try {
      const f = interp.push(this.descriptorMethod(attr, name));
      interp.push(attr);
      if (obj >= 0) interp.push(obj);
      else interp.pushNone();
      if (name === '__get__') interp.pushObject(cls);
      else if (name === '__set__') interp.push(value);
      interp.callValue(f, name === '__delete__' ? 2 : 3);
      objs.copy(dst, f);
    } finally {
      interp.sp = base;
    }
  }

  /**
   * What a class attribute (value slot `attr`) is when looked up through
   * `self` (a value slot; an instance, or the class itself for classmethods):
   * functions bind, staticmethods unwrap, classmethods bind to the class.
   */
  private bindClassAttribute(attr: number, self: number, cls: number, dst: number): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    const k = objs.kind(attr);
    if (k === Kind.Function) {
      heap.setObject(dst, objs.newMethod(attr, self));
      return;
    }
    if (k === Kind.Descriptor) {
      const d = heap.objectAt(attr);
      const kind = heap.readI64(d + DESCRIPTOR_KIND_W);
      if (kind === STATICMETHOD) { objs.copy(dst, d + DESCRIPTOR_F1_W); return; }
      if (kind === CLASSMETHOD) {
        const cs = rt.interp.pushObject(cls);
        heap.setObject(dst, objs.newMethod(d + DESCRIPTOR_F1_W, cs));
        rt.interp.popN(1);
        return;
      }
    }
    if (k === Kind.Instance && this.descriptorMethod(attr, '__get__') >= 0) {
      this.callDescriptor('__get__', attr, self, dst, -1, cls);
      return;
    }
    if (k === Kind.BuiltinMethod && objs.isUnbound(heap.objectAt(attr) + BUILTIN_METHOD_SELF_W)) {
      // `__eq__ = object.__eq__` style aliases of built-in methods bind like functions.
      const bm = heap.objectAt(attr);
      heap.setObject(dst, objs.newBuiltinMethod(heap.readI64(bm + BUILTIN_METHOD_NAME_W), self, heap.readI64(bm + L.BUILTIN_METHOD_TYPE / 8)));
      return;
    }
    objs.copy(dst, attr);
  }

  /** Calls a property's fget (slot f), fset or fdel with self (and value); `what` names the missing one. */
  private callProperty(prop: number, field: number, self: number, value: number, name: string, what: string): void {
    const rt = this.rt;
    const { objs, interp } = rt;
    if (objs.isNone(prop + field)) {
      const verb = what === 'getter' ? 'has no getter' : what === 'setter' ? 'has no setter' : 'has no deleter';
      throw attributeError(`property '${name}' of '${rt.typeName(self)}' object ${verb}`);
    }
    const f = interp.push(prop + field);
    interp.push(self);
    if (value >= 0) interp.push(value);
    interp.callValue(f, value >= 0 ? 2 : 1);
    objs.copy(self, f);
    interp.popN(1);
  }

  private loadClass(w: number, name: string): void {
    const rt = this.rt;
    const { objs, heap, types } = rt;
    const c = heap.objectAt(w);
    const attr = types.lookup(c, name);
    if (attr >= 0) {
      const k = objs.kind(attr);
      if (k === Kind.Descriptor) {
        const d = heap.objectAt(attr);
        const kind = heap.readI64(d + DESCRIPTOR_KIND_W);
        if (kind === STATICMETHOD) { objs.copy(w, d + DESCRIPTOR_F1_W); return; }
        if (kind === CLASSMETHOD) { heap.setObject(w, objs.newMethod(d + DESCRIPTOR_F1_W, w)); return; }
      }
      if (k === Kind.Instance && this.descriptorMethod(attr, '__get__') >= 0) {
        this.callDescriptor('__get__', attr, -1, w, -1, c);
        return;
      }
      objs.copy(w, attr);
      return;
    }
    switch (name) {
      case '__name__': case '__qualname__': objs.copy(w, c + CLASS_NAME_W); return;
      case '__mro__': objs.copy(w, c + CLASS_MRO_W); return;
      case '__bases__': objs.copy(w, c + CLASS_BASES_W); return;
      case '__base__': {
        const bases = types.bases(c);
        if (bases.length === 0) objs.setNone(w);
        else heap.setObject(w, bases[0]);
        return;
      }
      case '__dict__': this.classDict(w, c); return;
      case '__class__': heap.setObject(w, types.builtinClass[BuiltinType.TYPE]); return;
      case '__doc__': objs.setNone(w); return;
      case '__module__': heap.setObject(w, rt.internedName('builtins')); return;
      default: break;
    }
    // Built-in types' methods, unbound (str.lower, dict.fromkeys, object.__init__).
    for (const k of types.mro(c)) {
      if (!types.isBuiltinClass(k)) continue;
      const bt = types.builtinOf(k);
      if (hasBuiltinMethod(bt, name)) {
        // Class-level constructors and static methods (dict.fromkeys, int.from_bytes, str.maketrans, float.fromhex) bind to the class.
        const classLevel = (bt === BuiltinType.DICT && name === 'fromkeys') || (bt === BuiltinType.INT && name === 'from_bytes') ||
          (bt === BuiltinType.STR && name === 'maketrans') || (bt === BuiltinType.FLOAT && name === 'fromhex');
        heap.setObject(w, rt.newBuiltinMethodObject(name, classLevel ? w : -1, bt));
        return;
      }
    }
    const err = attributeError(`type object '${types.className(c)}' has no attribute '${name}'`);
    err.suggestion = { name, candidates: this.dirOf(w) };
    throw err;
  }

  /**
   * C.__dict__ into slot w: a read-only view of the class's own dict
   * (stdlib/mappingproxy.ts), or a copy when the program never names __dict__
   * (the compiler then left the view's module out: the name came from a
   * computed string).
   */
  private classDict(w: number, c: number): void {
    const rt = this.rt;
    const { heap, objs, interp } = rt;
    const d = heap.objectAt(c + CLASS_DICT_W);
    if (!rt.program.sourceModules.has('_mappingproxy')) {
      heap.setObject(w, rt.dicts.copy(d));
      return;
    }
    const m = rt.modules.importModule('_mappingproxy');
    const cls = this.moduleAttribute(m, 'mappingproxy');
    if (cls < 0) throw new Error('internal error: _mappingproxy has no mappingproxy');
    const f = interp.push(cls);
    interp.pushObject(heap.objectAt(c + CLASS_DICT_W));
    interp.callValue(f, 1);
    objs.copy(w, f);
    interp.popN(1);
    void d;
  }

  private loadModule(w: number, name: string): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    const m = heap.objectAt(w);
    const v = this.moduleAttribute(m, name);
    if (v >= 0) { objs.copy(w, v); return; }
    const err = attributeError(`module '${rt.modules.nameOf(heap.readI64(m + MODULE_ID_W))}' has no attribute '${name}'`);
    err.suggestion = {
      name,
      candidates: () => {
        const d = heap.objectAt(m + MODULE_DICT_W);
        const names = new Set(['__doc__', '__loader__', '__name__', '__package__', '__spec__']);
        for (let i = rt.dicts.nextLive(d, 0); i >= 0; i = rt.dicts.nextLive(d, i + 1)) names.add(objs.strOf(heap.objectAt(rt.dicts.entry(d, i) + 1)));
        return [[...names].sort()];
      },
    };
    throw err;
  }

  /** The value slot of a module attribute, or -1. */
  moduleAttribute(m: number, name: string): number {
    const rt = this.rt;
    const key = rt.nameKey(name);
    return rt.dicts.get(rt.heap.objectAt(m + MODULE_DICT_W), key, HASH[0], HASH[1], INTERNED_KEYS);
  }

  private loadFunction(w: number, name: string): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    const f = heap.objectAt(w);
    const code = rt.program.codes[heap.readI64(f + FUNCTION_CODE_INDEX_W)];
    if (!objs.isNone(f + FUNCTION_ATTRS_W)) {
      const key = rt.nameKey(name);
      const v = rt.dicts.get(heap.objectAt(f + FUNCTION_ATTRS_W), key, HASH[0], HASH[1], INTERNED_KEYS);
      if (v >= 0) { objs.copy(w, v); return; }
    }
    switch (name) {
      case '__name__': heap.setObject(w, rt.internedName(code.name)); return;
      case '__qualname__': heap.setObject(w, rt.internedName(code.qualname)); return;
      case '__module__': heap.setObject(w, rt.internedName(code.module)); return;
      case '__doc__': if (code.doc === null) objs.setNone(w); else heap.setObject(w, objs.newStr(code.doc)); return;
      case '__defaults__': objs.copy(w, f + FUNCTION_DEFAULTS_W); return;
      case '__kwdefaults__': objs.copy(w, f + FUNCTION_KWDEFAULTS_W); return;
      case '__closure__': objs.copy(w, f + FUNCTION_CLOSURE_W); return;
      case '__code__': codeObject(rt, code.index, w); return;
      case '__globals__':
        // A standard module's functions see their module's namespace (the dict its body returned).
        if (code.module === '__main__') rt.moduleGlobals.globals(w);
        else heap.setObject(w, heap.objectAt(rt.modules.importModule(code.module) + MODULE_DICT_W));
        return;
      case '__class__': heap.setObject(w, rt.types.classOf(w)); return;
      case '__dict__': {
        if (objs.isNone(f + FUNCTION_ATTRS_W)) heap.setObject(f + FUNCTION_ATTRS_W, rt.dicts.newDict());
        objs.copy(w, f + FUNCTION_ATTRS_W);
        return;
      }
      default: break;
    }
    if (hasBuiltinMethod(BuiltinType.OBJECT, name)) {
      heap.setObject(w, rt.newBuiltinMethodObject(name, w, BuiltinType.OBJECT));
      return;
    }
    throw this.noAttribute(w, name);
  }

  /** super(type, obj).name: the MRO of obj's class after `type`. */
  private loadSuper(w: number, name: string): void {
    const rt = this.rt;
    const { objs, heap, types } = rt;
    const s = heap.objectAt(w);
    const start = heap.objectAt(s + SUPER_TYPE_W);
    const objW = s + SUPER_OBJ_W;
    const objIsClass = objs.kind(objW) === Kind.Class;
    const cls = objIsClass ? heap.objectAt(objW) : types.classOf(objW);
    const mro = types.mro(cls);
    const i = mro.indexOf(start);
    for (let j = i + 1; j < mro.length; j++) {
      const k = mro[j];
      if (types.isBuiltinClass(k)) {
        const bt = types.builtinOf(k);
        if (hasBuiltinMethod(bt, name)) {
          // object.__init_subclass__ is a classmethod: bound to the class, as the other built-in methods are to an instance.
          heap.setObject(w, rt.newBuiltinMethodObject(name, objIsClass && name !== '__init_subclass__' ? -1 : objW, bt));
          return;
        }
        continue;
      }
      const key = rt.nameKey(name);
      const v = rt.dicts.get(types.dictOf(k), key, HASH[0], HASH[1], INTERNED_KEYS);
      if (v < 0) continue;
      if (objIsClass) {
        if (objs.kind(v) === Kind.Descriptor && heap.readI64(heap.objectAt(v) + DESCRIPTOR_KIND_W) === CLASSMETHOD) {
          heap.setObject(w, objs.newMethod(heap.objectAt(v) + DESCRIPTOR_F1_W, objW));
          return;
        }
        if (objs.kind(v) === Kind.Descriptor && heap.readI64(heap.objectAt(v) + DESCRIPTOR_KIND_W) === STATICMETHOD) {
          objs.copy(w, heap.objectAt(v) + DESCRIPTOR_F1_W);
          return;
        }
        objs.copy(w, v);
        return;
      }
      if (objs.kind(v) === Kind.Descriptor && heap.readI64(heap.objectAt(v) + DESCRIPTOR_KIND_W) === PROPERTY) {
        const interp = rt.interp;
        const self = interp.push(objW);
        this.callProperty(heap.objectAt(v), DESCRIPTOR_F1_W, self, -1, name, 'getter');
        objs.copy(w, self);
        interp.popN(1);
        return;
      }
      const clsSlot = rt.interp.pushObject(cls);
      this.bindClassAttribute(v, objW, cls, w);
      rt.interp.popN(1);
      void clsSlot;
      return;
    }
    throw attributeError(`'super' object has no attribute '${name}'`);
  }

  /** Attributes of built-in values: data attributes, then the type's methods (bound). */
  private loadBuiltinValue(w: number, k: Kind, name: string): void {
    const rt = this.rt;
    const { objs, heap, types } = rt;
    if (name === '__class__') { heap.setObject(w, types.classOf(w)); return; }
    switch (k) {
      case Kind.Int: case Kind.BigInt: case Kind.Bool:
        if (name === 'real' || name === 'numerator') { if (k === Kind.Bool) objs.setInt(w, objs.u32[2 * w]); return; }
        if (name === 'imag') { objs.setInt(w, 0); return; }
        if (name === 'denominator') { objs.setInt(w, 1); return; }
        break;
      case Kind.Float:
        if (name === 'real') return;
        if (name === 'imag') { objs.setFloat(w, 0); return; }
        break;
      case Kind.Range: {
        const r = heap.objectAt(w);
        if (!rt.iterators.isRangeIterator(r)) {
          if (name === 'start') { objs.setInt(w, heap.readI64(r + RANGE_NEXT_W)); return; }
          if (name === 'stop') { objs.setInt(w, heap.readI64(r + RANGE_STOP_W)); return; }
          if (name === 'step') { objs.setInt(w, heap.readI64(r + RANGE_STEP_W)); return; }
        }
        break;
      }
      case Kind.Slice: {
        const s = heap.objectAt(w);
        if (name === 'start') { objs.copy(w, s + SLICE_START_W); return; }
        if (name === 'stop') { objs.copy(w, s + SLICE_STOP_W); return; }
        if (name === 'step') { objs.copy(w, s + SLICE_STEP_W); return; }
        break;
      }
      case Kind.Descriptor: {
        const d = heap.objectAt(w);
        if (name === 'fget' || name === '__func__') { objs.copy(w, d + DESCRIPTOR_F1_W); return; }
        if (name === 'fset') { objs.copy(w, d + DESCRIPTOR_F2_W); return; }
        if (name === 'fdel') { objs.copy(w, d + DESCRIPTOR_F3_W); return; }
        break;
      }
      case Kind.Builtin: case Kind.BuiltinMethod:
        if (name === '__name__' || name === '__qualname__') {
          const n = k === Kind.Builtin ? Runtime_builtinName(rt, w) : methodNameById(heap.readI64(heap.objectAt(w) + BUILTIN_METHOD_NAME_W));
          heap.setObject(w, rt.internedName(n));
          return;
        }
        if (name === '__self__' && k === Kind.BuiltinMethod) { objs.copy(w, heap.objectAt(w) + BUILTIN_METHOD_SELF_W); return; }
        break;
      case Kind.Generator: {
        // A generator's code is gi_code, a coroutine's cr_code.
        const index = heap.readI64(heap.objectAt(w) + GENERATOR_CODE_W);
        if (name === ((rt.program.codes[index].flags & CodeFlags.COROUTINE) ? 'cr_code' : 'gi_code')) { codeObject(rt, index, w); return; }
        break;
      }
      case Kind.Cell:
        if (name === 'cell_contents') {
          const c = heap.objectAt(w) + L.CELL_VALUE / 8;
          if (objs.isUnbound(c)) throw new PyError('ValueError', 'Cell is empty');
          objs.copy(w, c);
          return;
        }
        break;
      default: break;
    }
    const bt = types.builtinOf(types.classOf(w));
    if (hasBuiltinMethod(bt, name) || hasBuiltinMethod(BuiltinType.OBJECT, name)) {
      heap.setObject(w, rt.newBuiltinMethodObject(name, w, hasBuiltinMethod(bt, name) ? bt : BuiltinType.OBJECT));
      return;
    }
    throw this.noAttribute(w, name);
  }

  // ---- stores and deletes --------------------------------------------------------------

  /** obj.name = value (slots obj and value). */
  store(obj: number, name: string, value: number): void {
    const rt = this.rt;
    const { objs, heap, types, classes } = rt;
    const k = objs.kind(obj);
    if (k === Kind.Instance) {
      const o = heap.objectAt(obj);
      const c = classes.classOfInstance(o);
      const attr = types.lookup(c, name);
      if (attr >= 0 && objs.kind(attr) === Kind.Descriptor && heap.readI64(heap.objectAt(attr) + DESCRIPTOR_KIND_W) === PROPERTY) {
        const interp = rt.interp;
        const self = interp.push(obj);
        this.callProperty(heap.objectAt(attr), DESCRIPTOR_F2_W, self, value, name, 'setter');
        interp.popN(1);
        return;
      }
      if (attr >= 0 && objs.kind(attr) === Kind.Instance && this.descriptorMethod(attr, '__set__') >= 0) {
        const r = rt.interp.pushNone();
        this.callDescriptor('__set__', attr, obj, r, value, -1);
        rt.interp.popN(1);
        return;
      }
      const setattr = types.lookup(c, '__setattr__');
      if (setattr >= 0 && objs.kind(setattr) === Kind.Function) {
        const interp = rt.interp;
        const f = interp.push(setattr);
        interp.push(obj);
        interp.pushObject(rt.internedName(name));
        interp.push(value);
        interp.callValue(f, 3);
        interp.popN(1);
        return;
      }
      if (types.isBuiltinClass(c)) throw classes.attributeSlot(o, name) >= 0 ? attributeError('readonly attribute') : this.noAttribute(obj, name);
      classes.setAttribute(o, name, value);
      return;
    }
    if (k === Kind.Class) {
      const c = heap.objectAt(obj);
      if (types.isBuiltinClass(c)) throw typeError(`cannot set '${name}' attribute of immutable type '${types.className(c)}'`);
      const own = rt.dicts.get(types.dictOf(c), rt.nameKey(name), HASH[0], HASH[1], INTERNED_KEYS);
      if (own >= 0 && types.rebindData(c, name, own, value)) return;
      const key = rt.interp.pushObject(rt.internedName(name));
      rt.dictSetItem(types.dictOf(c), key, value);
      rt.interp.popN(1);
      types.bump(c);
      return;
    }
    if (k === Kind.Module) {
      const m = heap.objectAt(obj);
      const key = rt.interp.pushObject(rt.internedName(name));
      rt.dictSetItem(heap.objectAt(m + MODULE_DICT_W), key, value);
      rt.interp.popN(1);
      // Traces may have folded this module's attributes.
      rt.interp.hook?.invalidateAll?.();
      return;
    }
    if (k === Kind.Function) { this.storeFunction(obj, name, value); return; }
    throw this.noAttribute(obj, name);
  }

  /** del obj.name. */
  delete(obj: number, name: string): void {
    const rt = this.rt;
    const { objs, heap, types, classes } = rt;
    const k = objs.kind(obj);
    if (k === Kind.Instance) {
      const o = heap.objectAt(obj);
      const attr = types.lookup(classes.classOfInstance(o), name);
      if (attr >= 0 && objs.kind(attr) === Kind.Descriptor && heap.readI64(heap.objectAt(attr) + DESCRIPTOR_KIND_W) === PROPERTY) {
        const interp = rt.interp;
        const self = interp.push(obj);
        this.callProperty(heap.objectAt(attr), DESCRIPTOR_F3_W, self, -1, name, 'deleter');
        interp.popN(1);
        return;
      }
      if (attr >= 0 && this.descriptorMethod(attr, '__delete__') >= 0) {
        const r = rt.interp.pushNone();
        this.callDescriptor('__delete__', attr, obj, r, -1, -1);
        rt.interp.popN(1);
        return;
      }
      if (!classes.deleteAttribute(o, name)) throw this.noAttribute(obj, name);
      return;
    }
    if (k === Kind.Class) {
      const c = heap.objectAt(obj);
      if (types.isBuiltinClass(c)) throw typeError(`cannot set '${name}' attribute of immutable type '${types.className(c)}'`);
      const key = rt.nameKey(name);
      const d = types.dictOf(c);
      const ix = rt.dicts.find(d, key, HASH[0], HASH[1], INTERNED_KEYS);
      if (ix < 0) throw attributeError(`type object '${types.className(c)}' has no attribute '${name}'`);
      rt.dicts.deleteFound(d, ix);
      types.bump(c);
      return;
    }
    if (k === Kind.Function) { this.deleteFunction(obj, name); return; }
    throw this.noAttribute(obj, name);
  }

  /**
   * f.name = value: __defaults__ and __kwdefaults__ are the fields calls read
   * (traces took the old ones as constants: they are dropped); other names go
   * into the function's attribute dict. A function's code stays its own.
   */
  private storeFunction(obj: number, name: string, value: number): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    const f = heap.objectAt(obj);
    const k = objs.kind(value);
    switch (name) {
      case '__defaults__':
        if (k !== Kind.Tuple && k !== Kind.None) throw typeError('__defaults__ must be set to a tuple object');
        objs.copy(f + FUNCTION_DEFAULTS_W, value);
        rt.interp.hook?.invalidateAll?.();
        return;
      case '__kwdefaults__':
        if (k !== Kind.Dict && k !== Kind.None) throw typeError('__kwdefaults__ must be set to a dict object');
        objs.copy(f + FUNCTION_KWDEFAULTS_W, value);
        rt.interp.hook?.invalidateAll?.();
        return;
      case '__code__':
        if (k !== Kind.Instance || rt.types.builtinOf(rt.types.classOf(value)) !== BuiltinType.CODE) throw typeError('__code__ must be set to a code object');
        throw new PyError('NotImplementedError', "this VM cannot replace a function's __code__");
      default: break;
    }
    if (objs.isNone(f + FUNCTION_ATTRS_W)) heap.setObject(f + FUNCTION_ATTRS_W, rt.dicts.newDict());
    const key = rt.interp.pushObject(rt.internedName(name));
    rt.dictSetItem(heap.objectAt(f + FUNCTION_ATTRS_W), key, value);
    rt.interp.popN(1);
  }

  /** del f.name: an attribute the program set, or __defaults__/__kwdefaults__ (back to None). */
  private deleteFunction(obj: number, name: string): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    const f = heap.objectAt(obj);
    if (name === '__defaults__' || name === '__kwdefaults__') {
      const none = rt.interp.pushNone();
      this.storeFunction(obj, name, none);
      rt.interp.popN(1);
      return;
    }
    if (name === '__code__') throw typeError('__code__ must be set to a code object');
    const d = objs.isNone(f + FUNCTION_ATTRS_W) ? -1 : heap.objectAt(f + FUNCTION_ATTRS_W);
    const ix = d < 0 ? -1 : rt.dicts.find(d, rt.nameKey(name), HASH[0], HASH[1], INTERNED_KEYS);
    if (ix < 0) throw this.noAttribute(obj, name);
    rt.dicts.deleteFound(d, ix);
  }

  /** getattr(obj, name, default) semantics: false (and nothing written) when the attribute is missing. */
  tryLoad(w: number, name: string): boolean {
    const rt = this.rt;
    const interp = rt.interp;
    const tmp = interp.push(w);
    try {
      this.load(tmp, name);
    } catch (e) {
      if (e instanceof PyError && rt.exceptions.isAttributeError(e)) {
        rt.exceptions.released(e);
        interp.popN(1);
        return false;
      }
      throw e;
    }
    rt.objs.copy(w, tmp);
    interp.popN(1);
    return true;
  }

  /**
   * A special method defined by the class of the value in slot w (user
   * classes; built-in types answer through their own operations): the value
   * slot in the class dict, or -1.
   */
  lookupSpecial(w: number, name: string): number {
    const rt = this.rt;
    if (rt.objs.kind(w) !== Kind.Instance) {
      // Built-in values with a protocol method in the method table count too (generators' __next__ ...).
      return hasBuiltinMethod(rt.types.builtinOf(rt.types.classOf(w)), name) ? -2 : -1;
    }
    return rt.types.lookup(rt.classes.classOfInstance(rt.heap.objectAt(w)), name);
  }

  /**
   * CALL_METHOD on [obj a0..aN-1]: for values of built-in types returns false
   * (callMethod runs the method); otherwise rewrites the stack for a general
   * call, [func obj a0..] for a plain method of an instance or [callable a0..],
   * sets interp.sp and returns true.
   */
  /**
   * For the interpreter's inline caches: the slot index `name` is read from in
   * instance o when attribute access goes straight to the instance (no data
   * descriptor on the class, no __getattr__ needed), or -1.
   */
  plainSlot(o: number, name: string): number {
    const rt = this.rt;
    const c = rt.classes.classOfInstance(o);
    const attr = rt.types.lookup(c, name);
    if (attr >= 0 && rt.objs.kind(attr) === Kind.Descriptor) return -1;
    if (rt.types.lookup(c, '__setattr__') >= 0 || rt.types.lookup(c, '__getattribute__') >= 0) return -1;
    const shape = rt.classes.shapeOf(o);
    // An instance in dict mode is never cached: its attributes are in its __dict__, which any code may change.
    if (rt.shapes.isDict(shape)) return -1;
    return rt.shapes.slotOf(shape, name);
  }

  prepareMethodCall(name: string, self: number, n: number): boolean {
    const rt = this.rt;
    const { objs, heap, types, classes, interp } = rt;
    const k = objs.kind(self);
    if (BUILTIN_VALUE_KINDS.has(k)) return false;
    if (k === Kind.Instance) {
      const o = heap.objectAt(self);
      const c = classes.classOfInstance(o);
      const attr = types.lookup(c, name);
      if (attr >= 0 && objs.kind(attr) === Kind.Function && !classes.mayHaveOwn(o, name)) {
        // [obj a0..] -> [func obj a0..]
        interp.insertArgumentAt(self, n);
        objs.copy(self + 1, self);
        objs.copy(self, attr);
        return true;
      }
      if (attr >= 0 && objs.kind(attr) === Kind.BuiltinMethod && objs.isUnbound(heap.objectAt(attr) + BUILTIN_METHOD_SELF_W) &&
        !classes.mayHaveOwn(o, name)) {
        // A class's alias of a built-in method (deque.append): called unbound with obj first, no bound method made.
        interp.insertArgumentAt(self, n);
        objs.copy(self + 1, self);
        objs.copy(self, attr);
        return true;
      }
    }
    if (k === Kind.Module) {
      const m = heap.objectAt(self);
      const v = this.moduleAttribute(m, name);
      if (v >= 0 && objs.kind(v) === Kind.Builtin) return false;
    }
    // The attribute (a bound method, a function, a class, ...) replaces obj; the arguments stay.
    this.load(self, name);
    interp.sp = self + 1 + n;
    return true;
  }
}

function Runtime_builtinName(rt: Runtime, w: number): string {
  return rt.builtinName(rt.heap.readI64(rt.heap.objectAt(w) + L.BUILTIN_ID / 8));
}
