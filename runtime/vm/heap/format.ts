// str() and repr() of VM values, matching CPython's output (float repr rules,
// string quoting, container formatting).
import { Kind, RANGE_NEXT_W, RANGE_STEP_W, RANGE_STOP_W, type Objects } from './objects.ts';
import { valueError } from './py-error.ts';

const MAX_STR_DIGITS = 4300;

/** Python's repr() of a float: shortest round-trip digits, exponent outside [1e-5, 1e16). */
export function floatRepr(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const s = d.toExponential(); // shortest round-trip, e.g. "-1.2345e+5"
  const ePos = s.indexOf('e');
  let mantissa = s.slice(0, ePos);
  const exp = Number(s.slice(ePos + 1));
  let sign = '';
  if (mantissa[0] === '-') { sign = '-'; mantissa = mantissa.slice(1); }
  const digits = mantissa.replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp >= 0) {
    if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

export function intToString(b: bigint): string {
  const s = b.toString();
  if (s.length - (b < 0n ? 1 : 0) > MAX_STR_DIGITS) {
    throw valueError(`Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`);
  }
  return s;
}

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

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
