// A ValueHost over the test side's JS values (what python-oracle.ts encodes):
// bigint/boolean/number/string primitives, null for None, arrays for lists,
// Tuple, Map for dicts, Namespace for objects with attributes. Its str/repr
// and errors follow python3 for these few types only.
import { PyError, typeError } from '../../runtime/vm/heap/py-error.ts';
import { floatRepr } from '../../runtime/vm/library/float-format.ts';
import { intToDecimal } from '../../runtime/vm/library/int-text.ts';
import { strRepr } from '../../runtime/vm/library/str-repr.ts';
import type { Primitive, ValueHost } from '../../runtime/vm/library/value-host.ts';
import { Namespace, Tuple } from './python-oracle.ts';

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'bigint': return 'int';
    case 'boolean': return 'bool';
    case 'number': return 'float';
    case 'string': return 'str';
  }
  if (Array.isArray(v)) return 'list';
  if (v instanceof Tuple) return 'tuple';
  if (v instanceof Map) return 'dict';
  if (v instanceof Namespace) return 'types.SimpleNamespace';
  return 'object';
}

function repr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  switch (typeof v) {
    case 'bigint': return intToDecimal(v);
    case 'boolean': return v ? 'True' : 'False';
    case 'number': return floatRepr(v);
    case 'string': return strRepr(v);
  }
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (v instanceof Tuple) return v.items.length === 1 ? `(${repr(v.items[0])},)` : `(${v.items.map(repr).join(', ')})`;
  if (v instanceof Map) return `{${[...v].map(([k, w]) => `${repr(k)}: ${repr(w)}`).join(', ')}}`;
  if (v instanceof Namespace) return `namespace(${[...v.attrs].map(([k, w]) => `${k}=${repr(w)}`).join(', ')})`;
  return '<object>';
}

export const jsValueHost: ValueHost<unknown> = {
  primitive(v): Primitive | undefined {
    return typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string' ? v : undefined;
  },
  str: (v) => typeof v === 'string' ? v : repr(v),
  repr,
  typeName,
  formatObject(v, spec) {
    if (spec !== '') throw typeError(`unsupported format string passed to ${typeName(v)}.__format__`);
    return repr(v);
  },
  getAttr(v, name) {
    if (v instanceof Namespace && v.attrs.has(name)) return v.attrs.get(name);
    const t = typeName(v);
    throw new PyError('AttributeError', `'${t}' object has no attribute '${name}'`);
  },
  getItem(v, key) {
    if (Array.isArray(v) || v instanceof Tuple || typeof v === 'string') {
      const t = typeName(v);
      if (typeof key !== 'bigint') throw typeError(t === 'str' ? "string indices must be integers, not 'str'" : `${t} indices must be integers or slices, not str`);
      const items = Array.isArray(v) ? v : v instanceof Tuple ? v.items : Array.from(v as string);
      if (key >= BigInt(items.length)) throw new PyError('IndexError', `${t === 'str' ? 'string' : t} index out of range`);
      return items[Number(key)];
    }
    if (v instanceof Map) {
      for (const [k, w] of v) if (k === key) return w;
      throw new PyError('KeyError', repr(key));
    }
    throw typeError(`'${typeName(v)}' object is not subscriptable`);
  },
  tupleItems: (v) => v instanceof Tuple ? v.items : undefined,
  isMapping: (v) => Array.isArray(v) || v instanceof Map,
  index: () => undefined,
  toInt: () => undefined,
  toFloat: () => undefined,
};
