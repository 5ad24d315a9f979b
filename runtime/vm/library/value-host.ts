// What the library's formatting needs to know about VM values it does not
// own (instances, containers): the VM implements ValueHost over its own value
// handles. ints (bigint), bools, floats (number) and strs are formatted by the
// library itself once the host reports them as primitives.
import { PyError, typeError } from '../heap/py-error.ts';
import { formatFloatValue, formatInt, formatIntParts, formatStr, type IntParts } from './format-spec.ts';
import { asciiEscape } from './str-repr.ts';

/** A value the library formats itself (exact int, bool, float or str). */
export type Primitive = bigint | boolean | number | string;

export interface ValueHost<V> {
  /** v as a Primitive when its type is exactly int, bool, float or str (a subclass may override __format__/__str__); undefined otherwise. */
  primitive(v: V): Primitive | undefined;
  /** str(v), repr(v), type(v).__name__. */
  str(v: V): string;
  repr(v: V): string;
  typeName(v: V): string;
  /** format(v, spec) for a non-primitive: its __format__ (object.__format__ raises TypeError for a non-empty spec). */
  formatObject(v: V, spec: string): string;
  /** getattr(v, name) (str.format's {0.name}). */
  getAttr(v: V, name: string): V;
  /** v[key] (str.format's {0[key]}, %-formatting's %(key)s); KeyError/IndexError as Python raises them. */
  getItem(v: V, key: string | bigint): V;
  /** The items of v when it is a tuple (for %-formatting's arguments); undefined otherwise. */
  tupleItems(v: V): readonly V[] | undefined;
  /** Whether v is a mapping for %-formatting (has __getitem__, not a tuple or str: dicts, lists, ...). */
  isMapping(v: V): boolean;
  /**
   * The parts of an exact int the host keeps outside V8 BigInts (a big int
   * whose digits it computes natively); undefined for every other value.
   */
  bigInt?(v: V): IntParts | undefined;
  /**
   * str.format's {!conversion:spec} of v when the host formats it itself (a
   * text too long for one string); undefined to let the library do it.
   */
  formatConverted?(v: V, conversion: 's' | 'r' | 'a', spec: string): string | undefined;
  /** format(v, spec) when the spec's width is past one string (WIDE_SPEC) and the host pads it itself; undefined to let the library try. */
  formatWide?(v: V, spec: string): string | undefined;
  /** operator.index(v) for a non-primitive, undefined when it has no __index__. */
  index(v: V): bigint | undefined;
  /** int(v) (PyNumber_Long) for a non-primitive, undefined when it is not a number. */
  toInt(v: V): bigint | undefined;
  /** float(v) (PyFloat_AsDouble) for a non-primitive, undefined when it is not a number. */
  toFloat(v: V): number | undefined;
}

/** A spec whose width has 9 digits or more: maybe past the longest V8 string (536,870,888 units). */
export const WIDE_SPEC = /\d{9}/;

/** format(v, spec) as the builtin does it (also what f-string fields call). */
export function formatValue<V>(host: ValueHost<V>, v: V, spec: string): string {
  const wide = host.formatWide !== undefined && WIDE_SPEC.test(spec) ? host.formatWide(v, spec) : undefined;
  if (wide !== undefined) return wide;
  const parts = host.bigInt?.(v);
  if (parts !== undefined) return formatIntParts(parts, spec);
  const p = host.primitive(v);
  if (p === undefined) return host.formatObject(v, spec);
  return formatPrimitive(p, spec);
}

export function formatPrimitive(p: Primitive, spec: string): string {
  switch (typeof p) {
    case 'bigint': return formatInt(p, spec);
    case 'boolean': return formatInt(p ? 1n : 0n, spec, 'bool');
    case 'number': return formatFloatValue(p, spec);
    default: return formatStr(p, spec);
  }
}

/** The !s / !r / !a conversions of str.format and f-strings (null: none). */
export function convertValue<V>(host: ValueHost<V>, v: V, conversion: 's' | 'r' | 'a'): string {
  if (conversion === 's') return host.str(v);
  if (conversion === 'r') return host.repr(v);
  return asciiEscape(host.repr(v));
}

/** ascii(v). */
export function asciiOf<V>(host: ValueHost<V>, v: V): string {
  return asciiEscape(host.repr(v));
}

export { PyError, typeError };
