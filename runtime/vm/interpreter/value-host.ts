// What the pure formatting library (runtime/vm/library/, branch `library`:
// format specs, str.format, %-formatting, f-string fields) needs to know about
// VM values it does not own, answered over the object model: __format__,
// attributes and items through the interpreter, __index__/__int__/__float__.
// It has the shape of the library's ValueHost<number> (values are slots), so
// the library's glue can use it as is:
//
//   formatValue(objectValueHost(rt), slot, spec)    // format(), f-string fields
//   convertValue(objectValueHost(rt), slot, 'r')    // !r / !s / !a
//
// Slots this host returns (getAttr, getItem) are pushed on the value stack
// above the running builtin; the dispatch loop drops them when the builtin
// returns (it resets sp), so they are rooted exactly as long as they are used.
import { INSTANCE_BASE_W, Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';
import { BigIntNative } from './bigint-native.ts';
import { isLimbsObject, limbsSize } from '../heap/bigint-limbs.ts';
import type { IntParts } from '../library/format-spec.ts';

/** An exact int, bool, float or str (what the library formats itself). */
export type HostPrimitive = bigint | boolean | number | string;

export interface ObjectValueHost {
  primitive(w: number): HostPrimitive | undefined;
  /** A big int's formatting parts from its limbs (no V8 BigInt); undefined for other values. */
  bigInt(w: number): IntParts | undefined;
  /** str.format's {!conversion:spec} when the host formats it itself (the huge-str marker host); absent otherwise. */
  formatConverted?(w: number, conversion: 's' | 'r' | 'a', spec: string): string | undefined;
  formatWide?(w: number, spec: string): string | undefined;
  str(w: number): string;
  repr(w: number): string;
  typeName(w: number): string;
  formatObject(w: number, spec: string): string;
  getAttr(w: number, name: string): number;
  getItem(w: number, key: string | bigint): number;
  tupleItems(w: number): readonly number[] | undefined;
  isMapping(w: number): boolean;
  index(w: number): bigint | undefined;
  toInt(w: number): bigint | undefined;
  toFloat(w: number): number | undefined;
}

/** The value in slot w as a primitive when its type is exactly int, bool, float or str. */
export function primitiveOf(rt: Runtime, w: number): HostPrimitive | undefined {
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

/**
 * The formatting parts of an int past 128 bits (a limbs object): digits and
 * float from its limbs in C (cases/bigint.c, cases/bigint_radix.c), no V8 BigInt.
 */
function limbsIntParts(rt: Runtime, w: number): IntParts | undefined {
  const { objs, heap } = rt;
  if (objs.kind(w) !== Kind.BigInt) return undefined;
  const o = heap.objectAt(w);
  if (!isLimbsObject(heap, o)) return undefined;
  return {
    negative: limbsSize(heap, o) < 0,
    digits(radix) {
      if (radix === 10) {
        const t = rt.fmt.str(w); // the 4300-digit limit, native digits
        return t.charCodeAt(0) === 45 ? t.slice(1) : t;
      }
      const d = BigIntNative.get().radix2Digits(heap, o, radix === 16 ? 4 : radix === 8 ? 3 : 1);
      if (d !== null) return d;
      const b = objs.bigOf(w);
      return (b < 0n ? -b : b).toString(radix);
    },
    toFloat: () => objs.floatOf(w),
    value: () => objs.bigOf(w),
  };
}

export function objectValueHost(rt: Runtime): ObjectValueHost {
  const { objs, heap, interp } = rt;
  /** Calls special method `name` of an instance; the result slot, or -1 when its class has none. */
  const special = (name: string, w: number): number => {
    const dst = interp.pushNone();
    return rt.ops.callSpecial(name, w, dst) ? dst : -1;
  };
  const exactInt = (w: number, what: string): bigint => {
    const k = objs.kind(w);
    if (k === Kind.Int || k === Kind.BigInt || k === Kind.Bool) return objs.bigOf(w);
    throw typeError(`${what} returned non-int (type ${rt.typeName(w)})`);
  };
  return {
    primitive: (w) => primitiveOf(rt, w),
    bigInt: (w) => limbsIntParts(rt, w),
    str: (w) => rt.fmt.str(w),
    repr: (w) => rt.fmt.repr(w),
    typeName: (w) => rt.typeName(w),
    formatObject(w, spec) {
      if (objs.kind(w) === Kind.Instance) {
        // A class's __format__, else its built-in base's (an int subclass formats as an int).
        const own = rt.types.lookup(rt.classes.classOfInstance(heap.objectAt(w)), '__format__');
        const base = heap.objectAt(w) + INSTANCE_BASE_W;
        if (own >= 0 || objs.isNone(base)) return rt.fmt.format(w, spec);
        return rt.fmt.format(base, spec);
      }
      // object.__format__: only the empty spec.
      if (spec !== '') throw typeError(`unsupported format string passed to ${rt.typeName(w)}.__format__`);
      return rt.fmt.str(w);
    },
    getAttr(w, name) {
      const v = interp.push(w);
      rt.attrs.load(v, name);
      return v;
    },
    getItem(w, key) {
      const v = interp.push(w);
      const k = interp.pushNone();
      if (typeof key === 'bigint') objs.setBig(k, key);
      else objs.setObject(k, objs.newStr(key));
      rt.ops.subscript(v, k);
      return v;
    },
    tupleItems(w) {
      if (objs.kind(w) !== Kind.Tuple) return undefined;
      const s = objs.sequence(w)!;
      return Array.from({ length: s.length }, (_, i) => s.first + i);
    },
    isMapping(w) {
      // PyMapping_Check minus tuples and strs: anything with __getitem__.
      switch (objs.kind(w)) {
        case Kind.List: case Kind.Dict: case Kind.Range: return true;
        case Kind.Instance: return rt.attrs.lookupSpecial(w, '__getitem__') >= 0;
        default: return false;
      }
    },
    index(w) {
      const r = special('__index__', w);
      return r < 0 ? undefined : exactInt(r, '__index__');
    },
    toInt(w) {
      let r = special('__int__', w);
      if (r >= 0) return exactInt(r, '__int__');
      r = special('__index__', w);
      return r < 0 ? undefined : exactInt(r, '__index__');
    },
    toFloat(w) {
      const r = special('__float__', w);
      if (r >= 0) {
        if (objs.kind(r) !== Kind.Float) throw typeError(`${rt.typeName(w)}.__float__ returned non-float (type ${rt.typeName(r)})`);
        return objs.f64[r];
      }
      const i = special('__index__', w);
      return i < 0 ? undefined : Number(exactInt(i, '__index__'));
    },
  };
}

