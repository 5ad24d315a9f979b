// Recording attribute access and method calls on instances of user classes.
//
// Design: an instance's shape implies its class and which slot holds each
// attribute; the class's version word changes whenever an attribute of the
// class or of any base changes. So (shape, version) is the same key tier-1's
// inline caches use, and one guard on it (GUARD_SHAPE: type, shape and the
// version read through the instance) proves everything a trace assumed about
// the lookup: the slot of an instance attribute, the absence of a descriptor
// or __setattr__/__getattribute__, the function a method name finds, a class
// attribute's value. A class mutation bumps the version, the guard fails, and
// the trace leaves at the bytecode (a version word guard rather than
// dependency tracking: no bookkeeping when classes change, one compare per
// guard, and the guard is dropped when the optimizer already knows the shape).
import { LAYOUT as L } from '../../../build/layout.ts';
import { HASH } from '../heap/hashing.ts';
import { isDataKind, Kind } from '../heap/objects.ts';
import type { Heap } from '../heap/heap.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import { typeOfConstantWord, VType, wordAt } from './trace-ir.ts';
import { INTERNED_KEYS } from '../heap/dict.ts';

const INSTANCE_SHAPE_W = L.INSTANCE_SHAPE / 8;
const CLASS_VERSION_W = L.CLASS_VERSION / 8;

/** What the recorder may assume about `obj.name` under a guard on obj's shape and its class's version. */
export type InstanceAttribute =
  /** An attribute of the instance, in this slot (bound now). */
  | { kind: 'slot'; slot: number }
  /** A plain value of the class (an int, float, bool or None: the word itself). */
  | { kind: 'class-constant'; word: bigint }
  /** A data value of the class that running code rebinds (types.rebindData): read from its class-dict word. */
  | { kind: 'class-data'; address: number }
  /** A Python function of the class, called as a method: its word and code object. */
  | { kind: 'method'; word: bigint; codeIndex: number }
  /** A property of the class whose getter is a Python function (word, code object): called with the instance. */
  | { kind: 'property'; word: bigint; codeIndex: number };

/** What `obj.name = v` does under the same guard: store to a slot, or add one (moving to `shape`). */
export type InstanceStore = { slot: number; newShape: number | null };

/**
 * `cls.name` of a class object, under a guard on the class and its version: a
 * data value read from its class-dict word (data rebinds keep the version), or
 * a function folded as the constant it is until the version changes.
 */
export type ClassAttribute = { kind: 'data'; address: number } | { kind: 'constant'; word: bigint };

/** The questions the recorder asks the object model (answered from tier-1's own structures). */
export interface ObjectModel {
  /** Shape and class version of the instance at object word index o. */
  key(o: number): { shape: bigint; version: bigint };
  load(o: number, name: string): InstanceAttribute | null;
  store(o: number, name: string): InstanceStore | null;
  /** The version of class c (object word index). */
  classVersion(c: number): bigint;
  classLoad(c: number, name: string): ClassAttribute | null;
  /** The address of the class-dict word `cls.name = data` rebinds in place (types.rebindData), or null. */
  classStore(c: number, name: string): number | null;
}

export function objectModelOf(rt: Runtime): ObjectModel {
  const { heap, types, classes, shapes, objs } = rt;
  /** No descriptor for `name` and no attribute hooks: the instance's slots are the whole story. */
  const plain = (c: number, name: string): boolean => {
    const attr = types.lookup(c, name);
    if (attr >= 0 && objs.kind(attr) === Kind.Descriptor) return false;
    // A user descriptor (an instance whose class defines __get__, __set__ or __delete__): tier-1 calls its protocol.
    if (attr >= 0 && objs.kind(attr) === Kind.Instance && ['__get__', '__set__', '__delete__'].some((m) => rt.attrs.descriptorMethod(attr, m) >= 0)) return false;
    return types.lookup(c, '__setattr__') < 0 && types.lookup(c, '__getattribute__') < 0;
  };
  /** A property `name` of class c whose getter is a Python function (a data descriptor: it wins over the instance's own attribute). */
  const propertyGetter = (c: number, name: string): InstanceAttribute | null => {
    const attr = types.lookup(c, name);
    if (attr < 0 || objs.kind(attr) !== Kind.Descriptor || types.lookup(c, '__getattribute__') >= 0) return null;
    const d = heap.objectAt(attr);
    if (heap.readI64(d + L.DESCRIPTOR_KIND / 8) !== L.DESCRIPTOR_PROPERTY) return null;
    const fget = d + L.DESCRIPTOR_F1 / 8;
    if (objs.kind(fget) !== Kind.Function) return null;
    return { kind: 'property', word: wordAt(heap, fget), codeIndex: heap.readI64(heap.objectAt(fget) + L.FUNCTION_CODE_INDEX / 8) };
  };
  return {
    key(o) {
      const cls = classes.classOfInstance(o);
      return { shape: BigInt(heap.readI64(o + INSTANCE_SHAPE_W)), version: BigInt(heap.readI64(cls + CLASS_VERSION_W)) };
    },
    load(o, name) {
      // An instance in dict mode (its __dict__ was asked for): its attributes are dict entries any code may
      // change without a shape change, so its accesses stay tier-1's.
      if (shapes.isDict(classes.shapeOf(o))) return null;
      const c = classes.classOfInstance(o);
      const getter = propertyGetter(c, name);
      if (getter !== null) return getter;
      if (!plain(c, name)) return null;
      const slot = shapes.slotOf(classes.shapeOf(o), name);
      if (slot >= 0) return classes.attributeSlot(o, name) >= 0 ? { kind: 'slot', slot } : null;
      const attr = types.lookup(c, name);
      if (attr < 0) return null;
      const kind = objs.kind(attr);
      if (kind === Kind.Function) {
        return { kind: 'method', word: wordAt(heap, attr), codeIndex: heap.readI64(heap.objectAt(attr) + L.FUNCTION_CODE_INDEX / 8) };
      }
      // Rebound in place by running code (types.rebindData): read, never folded.
      if (types.isReboundSlot(attr)) return { kind: 'class-data', address: heap.addressOf(attr) };
      const word = wordAt(heap, attr);
      const t = typeOfConstantWord(word);
      if (t === VType.INT || t === VType.FLOAT || t === VType.BOOL || t === VType.NONE) return { kind: 'class-constant', word };
      // A str, tuple, list, dict or set of the class (`WS = " \t\n"`): read from the class's dict entry, which
      // stays put while the class version the shape guard checks stays the same.
      return isDataKind(kind) ? { kind: 'class-data', address: heap.addressOf(attr) } : null;
    },
    classVersion(c) {
      return BigInt(types.version(c));
    },
    classLoad(c, name) {
      // Special names may be the metaclass's descriptors (__name__, __dict__, ...).
      if (name.startsWith('__') || types.isBuiltinClass(c)) return null;
      const attr = types.lookup(c, name);
      if (attr < 0) return null;
      const kind = objs.kind(attr);
      if (kind === Kind.Function || kind === Kind.Class) return { kind: 'constant', word: wordAt(heap, attr) };
      // An instance (Strength.REQUIRED, an enum-like constant; rebinding it changes the class version), unless a descriptor.
      if (kind === Kind.Instance) return ['__get__', '__set__', '__delete__'].some((m) => rt.attrs.descriptorMethod(attr, m) >= 0) ? null : { kind: 'constant', word: wordAt(heap, attr) };
      return isDataKind(kind) ? { kind: 'data', address: heap.addressOf(attr) } : null;
    },
    classStore(c, name) {
      if (name.startsWith('__') || types.isBuiltinClass(c)) return null;
      const own = rt.dicts.get(types.dictOf(c), rt.nameKey(name), HASH[0], HASH[1], INTERNED_KEYS);
      // Only where tier-1 already rebinds in place (the first rebind changed the version once).
      return own >= 0 && types.isReboundSlot(own) && isDataKind(objs.kind(own)) ? heap.addressOf(own) : null;
    },
    store(o, name) {
      if (shapes.isDict(classes.shapeOf(o))) return null;
      const c = classes.classOfInstance(o);
      if (!plain(c, name)) return null;
      const shape = classes.shapeOf(o);
      const slot = shapes.slotOf(shape, name);
      if (slot >= 0) return { slot, newShape: null };
      // The transition tier-1 is about to take (made now if it is the first).
      const next = shapes.withAttribute(shape, name);
      if (next < 0) return null;
      return { slot: shapes.count(next) - 1, newShape: next };
    },
  };
}

/** The object word index of an instance in value slot w, or -1. */
export function instanceAt(heap: Heap, w: number): number {
  if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return -1;
  const o = heap.objectAt(w);
  return heap.u32[2 * o] === L.OBJ_INSTANCE ? o : -1;
}
