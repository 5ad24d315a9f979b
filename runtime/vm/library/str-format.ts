// str.format(*args, **kwargs) as CPython's Objects/stringlib/unicode_format.h:
// literal text with {{ and }}, replacement fields {name.attr[key]!conv:spec}
// with automatic or manual numbering, nested fields in the spec (two levels),
// and the same error types and messages.
import { PyError, valueError } from '../heap/py-error.ts';
import { formatStr } from './format-spec.ts';
import { strRepr as pyStrRepr } from './str-repr.ts';
import { convertValue, formatValue, type ValueHost } from './value-host.ts';

class Numbering {
  /** 'auto' once an empty field name was seen, 'manual' once a number or name was. */
  mode: '' | 'auto' | 'manual' = '';
  next = 0;
}

const isDigits = (s: string): boolean => s.length > 0 && /^[0-9]+$/.test(s);

function toIndex(s: string): bigint {
  const b = BigInt(s);
  if (b > 0x7fffffffffffffffn) throw valueError('Too many decimal digits in format string');
  return b;
}

function conversionText(c: string): string {
  const n = c.codePointAt(0)!;
  return n > 32 && n < 127 ? c : `\\x${n.toString(16)}`;
}

/** template.format(*args, **kwargs). */
export function strFormat<V>(host: ValueHost<V>, template: string, args: readonly V[], kwargs: ReadonlyMap<string, V>): string {
  return render(host, template, args, kwargs, 2, new Numbering());
}

function render<V>(host: ValueHost<V>, s: string, args: readonly V[], kwargs: ReadonlyMap<string, V>, depth: number, numbering: Numbering): string {
  if (depth <= 0) throw valueError('Max string recursion exceeded');
  let out = '';
  let pos = 0;
  const end = s.length;
  while (pos < end) {
    // MarkupIterator_next: literal text up to a brace ({{ and }} stand for one).
    const start = pos;
    let c = '';
    let markup = false;
    while (pos < end) {
      c = s[pos++];
      if (c === '{' || c === '}') { markup = true; break; }
    }
    const atEnd = pos >= end;
    let len = pos - start;
    if (c === '}' && (atEnd || s[pos] !== '}')) throw valueError("Single '}' encountered in format string");
    if (atEnd && c === '{') throw valueError("Single '{' encountered in format string");
    if (!atEnd) {
      if (s[pos] === c) { pos++; markup = false; } else len--;
    }
    out += s.slice(start, start + len);
    if (!markup) continue;
    // parse_field: the name runs to '}', ':' or '!' over the rest of the string ('[' skips to the next ']').
    const nameStart = pos;
    c = '';
    while (pos < end) {
      c = s[pos++];
      if (c === '{') throw valueError("unexpected '{' in field name");
      if (c === '[') {
        while (pos < end && s[pos] !== ']') pos++;
        continue;
      }
      if (c === '}' || c === ':' || c === '!') break;
    }
    const name = s.slice(nameStart, pos - 1);
    let conversion = '';
    let spec = '';
    let expand = false;
    if (c === '!' || c === ':') {
      let specDone = false;
      if (c === '!') {
        if (pos >= end) throw valueError('end of string while looking for conversion specifier');
        conversion = String.fromCodePoint(s.codePointAt(pos)!);
        pos += conversion.length;
        if (pos < end) {
          const d = s[pos++];
          if (d === '}') specDone = true;
          else if (d !== ':') throw valueError("expected ':' after conversion specifier");
        }
      }
      if (!specDone) {
        const specStart = pos;
        let count = 1;
        for (;;) {
          if (pos >= end) throw valueError("unmatched '{' in format spec");
          const d = s[pos++];
          if (d === '{') { expand = true; count++; } else if (d === '}' && --count === 0) break;
        }
        spec = s.slice(specStart, pos - 1);
      }
    } else if (c !== '}') {
      throw valueError("expected '}' before end of string");
    }
    const value = lookup(host, name, args, kwargs, numbering);
    if (expand) spec = render(host, spec, args, kwargs, depth - 1, numbering);
    if (conversion !== '') {
      if (conversion !== 'r' && conversion !== 's' && conversion !== 'a') {
        throw valueError(`Unknown conversion specifier ${conversionText(conversion)}`);
      }
      out += host.formatConverted?.(value, conversion, spec) ?? formatStr(convertValue(host, value, conversion), spec);
    } else {
      out += formatValue(host, value, spec);
    }
  }
  return out;
}

function lookup<V>(host: ValueHost<V>, name: string, args: readonly V[], kwargs: ReadonlyMap<string, V>, numbering: Numbering): V {
  // The first part runs to '.' or '['.
  let i = 0;
  while (i < name.length && name[i] !== '.' && name[i] !== '[') i++;
  const first = name.slice(0, i);
  let value: V;
  if (first === '') {
    if (numbering.mode === 'manual') throw valueError('cannot switch from manual field specification to automatic field numbering');
    numbering.mode = 'auto';
    value = positional(args, BigInt(numbering.next++));
  } else if (isDigits(first)) {
    if (numbering.mode === 'auto') throw valueError('cannot switch from automatic field numbering to manual field specification');
    numbering.mode = 'manual';
    value = positional(args, toIndex(first));
  } else {
    const v = kwargs.get(first);
    if (v === undefined) throw new PyError('KeyError', pyStrRepr(first));
    value = v;
  }
  // Then .attribute and [key] parts.
  while (i < name.length) {
    if (name[i] === '.') {
      i++;
      const start = i;
      while (i < name.length && name[i] !== '.' && name[i] !== '[') i++;
      const attr = name.slice(start, i);
      if (attr === '') throw valueError('Empty attribute in format string');
      value = host.getAttr(value, attr);
    } else if (name[i] === '[') {
      i++;
      const start = i;
      while (i < name.length && name[i] !== ']') i++;
      if (i >= name.length) throw valueError("Missing ']' in format string");
      const key = name.slice(start, i);
      i++;
      if (key === '') throw valueError('Empty attribute in format string');
      value = host.getItem(value, isDigits(key) ? toIndex(key) : key);
      if (i < name.length && name[i] !== '.' && name[i] !== '[') {
        throw valueError("Only '.' or '[' may follow ']' in format field specifier");
      }
    } else {
      throw valueError("Only '.' or '[' may follow ']' in format field specifier");
    }
  }
  return value;
}

function positional<V>(args: readonly V[], i: bigint): V {
  if (i >= BigInt(args.length)) throw new PyError('IndexError', `Replacement index ${i} out of range for positional args tuple`);
  return args[Number(i)];
}
