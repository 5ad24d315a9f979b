// str() and repr() of VM values, matching CPython's output (float repr rules,
// string quoting, container formatting, the default reprs of functions,
// classes and objects), calling __repr__/__str__/__format__ of user classes.
import { concatTexts, hugeRepr, joinTexts } from '../interpreter/huge-strs.ts';
import { asciiText } from '../interpreter/huge-str-percent.ts';
import { memoryError, type StrText } from './huge-str.ts';
import { formatHugeStr, padToWidth, specWithoutWidth } from './huge-str-spec.ts';
import { DICT_VIEW_DICT_W, DICT_VIEW_KIND_W, Kind, METHOD_FUNC_W, METHOD_SELF_W, MODULE_ID_W, RANGE_NEXT_W, RANGE_STEP_W, RANGE_STOP_W, SLICE_START_W, SLICE_STEP_W, SLICE_STOP_W, BUILTIN_METHOD_NAME_W, BUILTIN_METHOD_SELF_W, FUNCTION_CODE_INDEX_W, INSTANCE_BASE_W, DESCRIPTOR_F1_W, DESCRIPTOR_KIND_W, GENERATOR_CODE_W } from './objects.ts';
import { PyError, typeError } from './py-error.ts';
import { floatRepr } from '../library/float-format.ts';
import { intToDecimal as intToString, limitError, MAX_STR_BITS, MAX_STR_DIGITS } from '../library/int-text.ts';
import { isLimbsObject, limbsBitLength, limbsSize } from './bigint-limbs.ts';
import { BigIntNative } from '../interpreter/bigint-native.ts';
import { asciiEscape } from '../library/str-repr.ts';
import { strRepr } from '../library/str-repr.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import { BuiltinType } from '../interpreter/builtin-types.ts';
import { methodNameById } from '../interpreter/methods.ts';

// The text of floats, ints and strs comes from the library (CPython's exact rules).
export { floatRepr } from '../library/float-format.ts';
export { intToDecimal as intToString } from '../library/int-text.ts';
export { strRepr } from '../library/str-repr.ts';

/**
 * Where the pure library's formatting plugs in (format specs of ints, floats
 * and strs; printf-style %): set by interpreter/library-formatting.ts. format(), f-string
 * fields (FORMAT_VALUE: conversion, then Formatter.format) and str % args all
 * come through here. Instances are handled before (their __format__, or their
 * built-in base value's format), so the wiring is, with the library merged:
 *   formatSpec: (rt, w, spec) => formatValue(objectValueHost(rt), w, spec)
 *   percent: (rt, fmt, args) => percentFormat(objectValueHost(rt), fmt, args)
 * (objectValueHost: interpreter/value-host.ts, the VM side of the library's ValueHost.)
 */
export const formattingLibrary: {
  formatSpec: ((rt: Runtime, w: number, spec: string) => string) | null;
  percent: ((rt: Runtime, format: string, args: number) => string) | null;
} = { formatSpec: null, percent: null };

export class Formatter {
  /** Objects whose repr is being computed (a container inside itself prints as [...]). */
  private readonly active = new Set<number>();

  constructor(private readonly rt: Runtime) {}

  private hex(o: number): string {
    return `0x${this.rt.heap.addressOf(o).toString(16)}`;
  }

  str(w: number): string {
    const rt = this.rt;
    const objs = rt.objs;
    const k = objs.kind(w);
    if (k === Kind.Str) return objs.strOf(rt.heap.objectAt(w));
    if (k === Kind.Instance) return this.instanceText(w, '__str__');
    return this.repr(w);
  }

  /** str or repr of an instance: the user's method, else exceptions' message, else the built-in value's, else the default. */
  private instanceText(w: number, method: '__str__' | '__repr__'): string {
    const rt = this.rt;
    const { objs, heap, types } = rt;
    const o = heap.objectAt(w);
    const c = rt.classes.classOfInstance(o);
    const f = types.lookup(c, method);
    if (f >= 0) {
      const interp = rt.interp;
      const base = interp.push(f);
      interp.push(w);
      interp.callValue(base, 1);
      if (objs.kind(base) !== Kind.Str) {
        throw typeError(`${method} returned non-string (type ${rt.typeName(base)})`);
      }
      const s = objs.strOf(heap.objectAt(base));
      interp.popN(1);
      return s;
    }
    if (method === '__str__') {
      if (types.lookup(c, '__repr__') >= 0) return this.instanceText(w, '__repr__');
      if (types.isExceptionClass(c)) return rt.exceptions.message(o);
    }
    if (types.isExceptionClass(c)) {
      const args = rt.exceptions.slot(o, 0);
      const name = types.className(c);
      if (objs.kind(args) === Kind.Tuple && objs.tupleLength(heap.objectAt(args)) === 1) {
        return `${name}(${this.repr(objs.tupleItems(heap.objectAt(args)))})`;
      }
      return `${name}${objs.kind(args) === Kind.Tuple ? this.repr(args) : '()'}`;
    }
    if (!objs.isNone(o + INSTANCE_BASE_W)) return method === '__str__' ? this.str(o + INSTANCE_BASE_W) : this.repr(o + INSTANCE_BASE_W);
    if (o === rt.notImplemented) return 'NotImplemented';
    if (o === rt.ellipsis) return 'Ellipsis';
    const bt = types.builtinOf(c);
    const qual = types.qualifiedName(c);
    void bt;
    return `<${qual} object at ${this.hex(o)}>`;
  }

  /**
   * str() of a big int: past 128 bits the digits come from the limbs in
   * native code (cases/bigint.c bigint_to_decimal), with python3.11's
   * 4300-digit limit checked on the bit length first.
   */
  private bigIntText(w: number): string {
    const { objs, heap } = this.rt;
    const o = heap.objectAt(w);
    if (!isLimbsObject(heap, o)) return intToString(objs.bigOf(w));
    if (limbsBitLength(heap, o) > MAX_STR_BITS) throw limitError();
    const digits = BigIntNative.get().decimalDigits(heap, o);
    if (digits === null) return intToString(objs.bigOf(w));
    if (digits.length > MAX_STR_DIGITS) throw limitError();
    return limbsSize(heap, o) < 0 ? `-${digits}` : digits;
  }

  repr(w: number): string {
    const rt = this.rt;
    const objs = rt.objs;
    const heap = rt.heap;
    const k = objs.kind(w);
    switch (k) {
      case Kind.Float: return floatRepr(objs.f64[w]);
      case Kind.Int: return String(objs.smallInt(w));
      case Kind.Bool: return objs.boolOf(w) ? 'True' : 'False';
      case Kind.None: return 'None';
      case Kind.BigInt: return this.bigIntText(w);
      case Kind.Str: return strRepr(objs.strOf(heap.objectAt(w)));
      case Kind.Instance: return this.instanceText(w, '__repr__');
      default: break;
    }
    const o = heap.objectAt(w);
    switch (k) {
      case Kind.List: case Kind.Tuple: case Kind.Dict: case Kind.Set: case Kind.DictView: {
        const r = this.containerRepr(w, o, k);
        if (typeof r !== 'string') throw memoryError(); // a huge item: reprText builds it
        return r;
      }
      case Kind.Function: {
        const code = rt.program.codes[heap.readI64(o + FUNCTION_CODE_INDEX_W)];
        return `<function ${code.qualname} at ${this.hex(o)}>`;
      }
      case Kind.Builtin: return `<built-in function ${rt.builtinName(heap.readI64(o + L.BUILTIN_ID / 8))}>`;
      case Kind.BuiltinMethod: {
        const name = methodNameById(heap.readI64(o + BUILTIN_METHOD_NAME_W));
        const self = o + BUILTIN_METHOD_SELF_W;
        if (objs.isUnbound(self)) {
          const cls = rt.types.builtinClass[heap.readI64(o + L.BUILTIN_METHOD_TYPE / 8)];
          return `<method '${name}' of '${cls === undefined ? 'object' : rt.types.className(cls)}' objects>`;
        }
        return `<built-in method ${name} of ${rt.typeName(self)} object at ${objs.kind(self) >= Kind.BigInt ? this.hex(heap.objectAt(self)) : '0x0'}>`;
      }
      case Kind.Method: {
        const f = o + METHOD_FUNC_W;
        const name = objs.kind(f) === Kind.Function ? rt.program.codes[heap.readI64(heap.objectAt(f) + FUNCTION_CODE_INDEX_W)].qualname : '?';
        return `<bound method ${name} of ${this.repr(o + METHOD_SELF_W)}>`;
      }
      case Kind.Class: {
        const c = o;
        if (rt.types.lookup(c, '__meta_repr__') >= 0) {
          // a class-level __repr__ (enum.Enum's <enum 'Color'>; operations.ts classHook)
          const w = rt.interp.pushObject(c);
          try {
            rt.ops.classHook(w, '__meta_repr__', w);
            if (objs.kind(w) !== Kind.Str) throw typeError(`__repr__ returned non-string (type ${rt.typeName(w)})`);
            return objs.strOf(heap.objectAt(w));
          } finally {
            rt.interp.popN(1);
          }
        }
        return `<class '${rt.types.qualifiedName(c)}'>`;
      }
      case Kind.Module: return `<module '${rt.modules.nameOf(heap.readI64(o + MODULE_ID_W))}' (built-in)>`;
      case Kind.Range: {
        if (rt.iterators.isRangeIterator(o)) return `<range_iterator object at ${this.hex(o)}>`;
        const start = heap.readI64(o + RANGE_NEXT_W);
        const stop = heap.readI64(o + RANGE_STOP_W);
        const step = heap.readI64(o + RANGE_STEP_W);
        return step === 1 ? `range(${start}, ${stop})` : `range(${start}, ${stop}, ${step})`;
      }
      case Kind.Slice:
        return `slice(${this.repr(o + SLICE_START_W)}, ${this.repr(o + SLICE_STOP_W)}, ${this.repr(o + SLICE_STEP_W)})`;
      case Kind.ListIter: return `<list_iterator object at ${this.hex(o)}>`;
      case Kind.Generator: return `<${rt.typeName(w)} object ${rt.program.codes[heap.readI64(o + GENERATOR_CODE_W)].qualname} at ${this.hex(o)}>`;
      case Kind.Iter: return `<${rt.types.typeName(w)} object at ${this.hex(o)}>`;
      case Kind.Descriptor: {
        const kind = heap.readI64(o + DESCRIPTOR_KIND_W);
        if (kind === L.DESCRIPTOR_PROPERTY) return `<property object at ${this.hex(o)}>`;
        return `<${kind === L.DESCRIPTOR_STATICMETHOD ? 'staticmethod' : 'classmethod'}(${this.repr(o + DESCRIPTOR_F1_W)})>`;
      }
      case Kind.Cell: return `<cell at ${this.hex(o)}>`;
      case Kind.Super: return `<super object at ${this.hex(o)}>`;
      default: return `<object at ${this.hex(o)}>`;
    }
  }

  /** repr(w) as a text: a huge str, or a container holding one, gives a huge str. */
  reprText(w: number): StrText {
    const rt = this.rt;
    const k = rt.objs.kind(w);
    if (k === Kind.Str) {
      const huge = rt.objs.hugeOf(rt.heap.objectAt(w));
      return huge !== null ? hugeRepr(huge) : this.repr(w);
    }
    if (k === Kind.List || k === Kind.Tuple || k === Kind.Dict || k === Kind.Set || k === Kind.DictView) return this.containerRepr(w, rt.heap.objectAt(w), k);
    if (k === Kind.Instance) {
      // An exception's default repr: its name and the repr of its args.
      const { objs, heap, types } = rt;
      const o = heap.objectAt(w);
      const c = rt.classes.classOfInstance(o);
      const args = types.isExceptionClass(c) && types.lookup(c, '__repr__') < 0 ? rt.exceptions.slot(o, 0) : -1;
      if (args >= 0 && objs.kind(args) === Kind.Tuple) {
        const name = types.className(c);
        const t = heap.objectAt(args);
        return objs.tupleLength(t) === 1 ? concat([name, '(', this.reprText(objs.tupleItems(t)), ')']) : concat([name, this.reprText(args)]);
      }
    }
    return this.repr(w);
  }

  /** str(w) as a text (see reprText); an exception whose one argument is a huge str gives that str. */
  strText(w: number): StrText {
    const rt = this.rt;
    const { objs, heap, types } = rt;
    const k = objs.kind(w);
    if (k === Kind.Str) return objs.textOf(heap.objectAt(w));
    if (k === Kind.Instance) {
      const o = heap.objectAt(w);
      const c = rt.classes.classOfInstance(o);
      if (types.isExceptionClass(c) && types.lookup(c, '__str__') < 0 && types.lookup(c, '__repr__') < 0 && !types.className(c).endsWith('KeyError')) {
        const argsW = rt.exceptions.slot(o, 0);
        if (objs.kind(argsW) === Kind.Tuple && objs.tupleLength(heap.objectAt(argsW)) === 1) {
          const item = objs.tupleItems(heap.objectAt(argsW));
          if (objs.kind(item) === Kind.Str) return objs.textOf(heap.objectAt(item));
        }
      }
      return this.str(w);
    }
    if (k === Kind.List || k === Kind.Tuple || k === Kind.Dict || k === Kind.Set || k === Kind.DictView) return this.reprText(w);
    return this.str(w);
  }

  private containerRepr(w: number, o: number, k: Kind): StrText {
    const rt = this.rt;
    const objs = rt.objs;
    const heap = rt.heap;
    if (this.active.has(o)) return k === Kind.List ? '[...]' : k === Kind.Tuple ? '(...)' : k === Kind.Dict ? '{...}' : `${rt.typeName(w)}(...)`;
    // Each level counts toward the recursion limit, as CPython's Py_EnterRecursiveCall in PyObject_Repr.
    const interp = rt.interp;
    if (interp.depth >= interp.recursionLimit) throw new PyError('RecursionError', 'maximum recursion depth exceeded while getting the repr of an object');
    interp.depth++;
    this.active.add(o);
    try {
      if (k === Kind.List || k === Kind.Tuple) {
        const parts: StrText[] = [];
        for (let i = 0; ; i++) {
          const seq = objs.sequence(w)!;
          if (i >= seq.length) break;
          parts.push(this.reprText(seq.first + i));
        }
        if (k === Kind.List) return enclose('[', parts, ']');
        return parts.length === 1 ? enclose('(', parts, ',)') : enclose('(', parts, ')');
      }
      if (k === Kind.Dict) {
        const d = rt.dicts;
        const parts: StrText[] = [];
        for (let i = d.nextLive(o, 0); i >= 0; i = d.nextLive(o, i + 1)) {
          const e = d.entry(o, i);
          parts.push(concat([this.reprText(e + 1), ': ', this.reprText(d.entry(o, i) + 2)]));
        }
        return enclose('{', parts, '}');
      }
      if (k === Kind.Set) {
        const s = rt.sets;
        const parts: StrText[] = [];
        for (let i = s.nextActive(o, 0); i >= 0; i = s.nextActive(o, i + 1)) parts.push(this.reprText(s.entry(o, i) + 1));
        const frozen = s.isFrozen(o);
        if (parts.length === 0) return frozen ? 'frozenset()' : 'set()';
        return frozen ? enclose('frozenset({', parts, '})') : enclose('{', parts, '}');
      }
      // dict views
      const kind = heap.readI64(o + DICT_VIEW_KIND_W);
      const d = heap.objectAt(o + DICT_VIEW_DICT_W);
      const dicts = rt.dicts;
      const parts: StrText[] = [];
      for (let i = dicts.nextLive(d, 0); i >= 0; i = dicts.nextLive(d, i + 1)) {
        const e = dicts.entry(d, i);
        if (kind === 0) parts.push(this.reprText(e + 1));
        else if (kind === 1) parts.push(this.reprText(e + 2));
        else parts.push(concat(['(', this.reprText(e + 1), ', ', this.reprText(dicts.entry(d, i) + 2), ')']));
      }
      const name = kind === 0 ? 'dict_keys' : kind === 1 ? 'dict_values' : 'dict_items';
      return enclose(`${name}([`, parts, '])');
    } finally {
      interp.depth--;
      this.active.delete(o);
    }
  }

  /** format(value, spec) as a text: a huge str formats by huge-str-spec.ts once a short str has checked the spec. */
  formatText(w: number, spec: string): StrText {
    const rt = this.rt;
    const huge = rt.objs.kind(w) === Kind.Str ? rt.objs.hugeOf(rt.heap.objectAt(w)) : null;
    if (huge === null) {
      try {
        return this.format(w, spec);
      } catch (e) {
        // A width past one V8 string (`f'{x:>600000000}'`): formatted without it, then padded in chunks.
        const k = rt.objs.kind(w);
        const plain = k === Kind.Str || k === Kind.Int || k === Kind.BigInt || k === Kind.Bool || k === Kind.Float;
        const rest = specWithoutWidth(spec);
        if (!(e instanceof PyError) || e.pyType !== 'MemoryError' || !plain || rest === null) throw e;
        const padded = padToWidth(this.format(w, rest), spec, k !== Kind.Str);
        if (padded === null) throw e;
        return padded;
      }
    }
    const probe = rt.interp.pushObject(rt.objs.newStr('x'));
    try {
      this.format(probe, spec);
    } finally {
      rt.interp.popN(1);
    }
    return formatHugeStr(huge, spec);
  }

  /** format(value, spec) as a JS string. */
  format(w: number, spec: string): string {
    const rt = this.rt;
    const objs = rt.objs;
    if (objs.kind(w) === Kind.Instance) {
      const c = rt.classes.classOfInstance(rt.heap.objectAt(w));
      const f = rt.types.lookup(c, '__format__');
      if (f >= 0) {
        const interp = rt.interp;
        const base = interp.push(f);
        interp.push(w);
        interp.pushObject(objs.newStr(spec));
        interp.callValue(base, 2);
        if (objs.kind(base) !== Kind.Str) throw typeError(`__format__ must return a str, not ${rt.typeName(base)}`);
        const s = objs.strOf(rt.heap.objectAt(base));
        interp.popN(1);
        return s;
      }
      if (spec !== '' && objs.isNone(rt.heap.objectAt(w) + INSTANCE_BASE_W)) {
        throw typeError(`unsupported format string passed to ${rt.typeName(w)}.__format__`);
      }
      if (spec === '') return this.str(w);
      return this.format(rt.heap.objectAt(w) + INSTANCE_BASE_W, spec);
    }
    if (spec === '') return this.str(w);
    if (formattingLibrary.formatSpec !== null) return formattingLibrary.formatSpec(rt, w, spec);
    throw new PyError('NotImplementedError', `format specs are not supported yet (format spec '${spec}' for ${rt.typeName(w)})`);
  }

  /** FORMAT_VALUE: the value at w becomes its converted (1 str, 2 repr, 3 ascii) and formatted str. */
  formatValue(w: number, conversion: number, specW: number): void {
    const rt = this.rt;
    const objs = rt.objs;
    if (conversion === 1) { if (objs.kind(w) !== Kind.Str) objs.setObject(w, objs.newStrText(this.strText(w))); }
    else if (conversion === 2) objs.setObject(w, objs.newStrText(this.reprText(w)));
    else if (conversion === 3) objs.setObject(w, objs.newStrText(asciiText(this.reprText(w))));
    const spec = specW < 0 ? '' : objs.strOf(rt.heap.objectAt(specW));
    if (spec === '' && objs.kind(w) === Kind.Str) return;
    // A container holding a huge str formats as its (huge) repr.
    if (spec === '' && objs.kind(w) !== Kind.Instance) { objs.setObject(w, objs.newStrText(this.strText(w))); return; }
    objs.setObject(w, objs.newStrText(this.formatText(w, spec)));
  }

  /** `format % args` (printf-style formatting of str). */
  percentFormat(format: number, args: number): string {
    const rt = this.rt;
    if (formattingLibrary.percent !== null) return formattingLibrary.percent(rt, rt.objs.strOf(rt.heap.objectAt(format)), args);
    throw new PyError('NotImplementedError', '%-formatting of strings is not supported yet');
  }
}

/** open + parts joined by ', ' + close: one V8 string unless a part is huge. */
function enclose(open: string, parts: readonly StrText[], close: string): StrText {
  if (parts.every((p) => typeof p === 'string')) return `${open}${(parts as string[]).join(', ')}${close}`;
  return concat([open, joinTexts(', ', parts), close]);
}

/** The concatenation of texts: one V8 string unless one is huge. */
function concat(parts: readonly StrText[]): StrText {
  if (parts.every((p) => typeof p === 'string')) return (parts as string[]).join('');
  return concatTexts(parts);
}

/** ascii(): non-ASCII characters of a repr escaped. */
export const asciiOf = asciiEscape;

/** Python's type name of the value at slot w (for error messages). */
export function typeName(rt: Runtime, w: number): string {
  return rt.typeName(w);
}

export { BuiltinType };
