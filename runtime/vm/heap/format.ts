// str() and repr() of VM values, matching CPython's output (float repr rules,
// string quoting, container formatting).
import { Kind, RANGE_NEXT_W, RANGE_STEP_W, RANGE_STOP_W, type Objects } from './objects.ts';
import { floatRepr } from '../library/float-format.ts';
import { intToDecimal as intToString } from '../library/int-text.ts';
import { strRepr } from '../library/str-repr.ts';

// The text of floats, ints and strs comes from the library (CPython's exact rules).
export { floatRepr } from '../library/float-format.ts';
export { intToDecimal as intToString } from '../library/int-text.ts';
export { strRepr } from '../library/str-repr.ts';

export interface NameSource {
  functionName(codeIndex: number): string;
  builtinName(id: number): string;
  moduleName(id: number): string;
}

export class Formatter {
  constructor(private readonly objs: Objects, private readonly names: NameSource) {}

  str(w: number): string {
    if (this.objs.kind(w) === Kind.Str) return this.objs.strOf(this.objs.heap.objectAt(w));
    return this.repr(w);
  }

  repr(w: number, depth = 0): string {
    const objs = this.objs;
    const heap = objs.heap;
    switch (objs.kind(w)) {
      case Kind.Float: return floatRepr(objs.f64[w]);
      case Kind.Int: return String(objs.smallInt(w));
      case Kind.Bool: return objs.boolOf(w) ? 'True' : 'False';
      case Kind.None: return 'None';
      case Kind.BigInt: return intToString(objs.bigOf(w));
      case Kind.Str: return strRepr(objs.strOf(heap.objectAt(w)));
      case Kind.List: case Kind.Tuple: {
        if (depth > 200) return '[...]';
        const isList = objs.kind(w) === Kind.List;
        const seq = objs.sequence(w)!;
        const parts: string[] = [];
        for (let i = 0; i < seq.length; i++) parts.push(this.repr(seq.first + i, depth + 1));
        if (isList) return `[${parts.join(', ')}]`;
        return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
      }
      case Kind.Function: {
        const o = heap.objectAt(w);
        return `<function ${this.names.functionName(heap.readI64(o + 1))} at 0x${heap.addressOf(o).toString(16)}>`;
      }
      case Kind.Builtin: return `<built-in function ${this.names.builtinName(heap.readI64(heap.objectAt(w) + 1))}>`;
      case Kind.Module: return `<module '${this.names.moduleName(heap.readI64(heap.objectAt(w) + 1))}' (built-in)>`;
      case Kind.Range: {
        const o = heap.objectAt(w);
        const start = heap.readI64(o + RANGE_NEXT_W);
        const stop = heap.readI64(o + RANGE_STOP_W);
        const step = heap.readI64(o + RANGE_STEP_W);
        return step === 1 ? `range(${start}, ${stop})` : `range(${start}, ${stop}, ${step})`;
      }
      case Kind.ListIter: return `<list_iterator object at 0x${heap.addressOf(heap.objectAt(w)).toString(16)}>`;
      default: return '<object>';
    }
  }
}

/** Python's type name of the value at slot w (for error messages). */
export function typeName(objs: Objects, w: number): string {
  switch (objs.kind(w)) {
    case Kind.Float: return 'float';
    case Kind.Int: case Kind.BigInt: return 'int';
    case Kind.Bool: return 'bool';
    case Kind.None: return 'NoneType';
    case Kind.Str: return 'str';
    case Kind.List: return 'list';
    case Kind.Tuple: return 'tuple';
    case Kind.Function: return 'function';
    case Kind.Builtin: return 'builtin_function_or_method';
    case Kind.Module: return 'module';
    case Kind.Range: return 'range';
    case Kind.ListIter: return 'list_iterator';
    default: return 'object';
  }
}
