// The methods of str, over runtime/vm/library/str-methods.ts (code-point
// indexing, Unicode tables, CPython's errors), str-format.ts (str.format,
// format_map) and the VM's ValueHost. Registered in methods.ts's table.
import { isHugeLength, joinParts, joinTexts } from './huge-strs.ts';
import { holdsHuge } from './huge-str-percent.ts';
import './huge-str-layout.ts';
import './huge-str-case.ts';
import './huge-str-split.ts';
import './huge-str-format.ts';
import { Kind } from '../heap/objects.ts';
import { CHARS, inlineChars, textOfChars } from '../heap/str-inline.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import { PyError, typeError, valueError } from '../heap/py-error.ts';
import * as S from '../library/str-methods.ts';
import { strFormat } from '../library/str-format.ts';
import { BuiltinType } from './builtin-types.ts';
import type { Keywords } from './builtin-registry.ts';
import { valueHostOf } from './library-formatting.ts';
import { intArgOf, setStrList, setValue } from './library-host.ts';
import { hugeStrMethodOf, method } from './methods.ts';
import { HUGE_STR_UNITS } from '../heap/huge-str.ts';
import type { Runtime } from './runtime.ts';

/** CPython's argument-count messages: Argument Clinic's ("f() takes at most 2 arguments (3 given)") or the older "f expected ...". */
export function arity(name: string, n: number, min: number, max: number, clinic: boolean): void {
  if (n >= min && n <= max) return;
  const s = (k: number) => (k === 1 ? '' : 's');
  if (min === max && min === 0) throw typeError(`str.${name}() takes no arguments (${n} given)`);
  if (min === max && min === 1) throw typeError(`str.${name}() takes exactly one argument (${n} given)`);
  if (clinic) {
    if (n < min) throw typeError(`${name}() takes at least ${min} argument${s(min)} (${n} given)`);
    throw typeError(`${name}() takes at most ${max} argument${s(max)} (${n} given)`);
  }
  if (n < min) throw typeError(`${name} expected at least ${min} argument${s(min)}, got ${n}`);
  throw typeError(`${name} expected at most ${max} argument${s(max)}, got ${n}`);
}

export function noKeywords(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`str.${name}() takes no keyword arguments`);
}

/** Positional-or-keyword arguments of an Argument Clinic method: the slot of each parameter, or undefined. */
export function params(name: string, args: number, n: number, kw: Keywords, names: readonly string[]): (number | undefined)[] {
  const out: (number | undefined)[] = names.map((_, i) => (i < n ? args + i : undefined));
  if (kw) {
    for (const [k, w] of kw) {
      const i = names.indexOf(k);
      if (i < 0) throw typeError(`'${k}' is an invalid keyword argument for ${name}()`);
      if (i < n) throw typeError(`argument for ${name}() given by name ('${k}') and position (${i + 1})`);
      out[i] = w;
    }
  }
  return out;
}

const STR_INLINE_MAX = L.STR_INLINE_MAX;
const STR_HANDLE_W = L.STR_HANDLE / 8;
const STR_CHARS_W = L.STR_CHARS / 8;
/** The two halves of the STR_INLINE_ONLY handle word (-2). */
const INLINE_ONLY_LO = L.STR_INLINE_ONLY >>> 0;
const INLINE_ONLY_LO_HI = 0xffffffff;

const selfStr = (rt: Runtime, self: number): string => rt.objs.strOf(rt.heap.objectAt(self));

function strArg(rt: Runtime, w: number, what: string): string {
  if (rt.objs.kind(w) !== Kind.Str) throw typeError(`${what ? what + ' ' : ''}must be str, not ${rt.typeName(w)}`);
  return rt.objs.strOf(rt.heap.objectAt(w));
}

function setStr(rt: Runtime, dst: number, v: string): void {
  rt.objs.setObject(dst, rt.objs.newStr(v));
}

/** The result of a method that may change nothing: python3 returns an exact str receiver itself then (strip, replace). */
function setStrOrSelf(rt: Runtime, self: number, before: string, dst: number, v: string): void {
  if (v === before && rt.objs.kind(self) === Kind.Str) rt.objs.copy(dst, self);
  else setStr(rt, dst, v);
}

/** A start/end slice index: None or an int (or __index__). */
export function sliceIndex(rt: Runtime, w: number | undefined): number | null {
  if (w === undefined || rt.objs.isNone(w)) return null;
  const k = rt.objs.kind(w);
  if (k !== Kind.Int && k !== Kind.BigInt && k !== Kind.Bool && k !== Kind.Instance) {
    throw typeError('slice indices must be integers or None or have an __index__ method');
  }
  return Number(intArgOf(rt, w));
}

const PREDICATES: [string, (s: string) => boolean][] = [
  ['isalpha', S.isalpha], ['isalnum', S.isalnum], ['isascii', S.isascii], ['isdecimal', S.isdecimal], ['isdigit', S.isdigit],
  ['isidentifier', S.isidentifier], ['islower', S.islower], ['isnumeric', S.isnumeric], ['isprintable', S.isprintable],
  ['isspace', S.isspace], ['istitle', S.istitle], ['isupper', S.isupper],
];
for (const [name, f] of PREDICATES) {
  method(BuiltinType.STR, name, (rt, self, _args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 0, 0, false);
    rt.objs.setBool(dst, f(selfStr(rt, self)));
  });
}

const CASES: [string, (s: string) => string][] = [
  ['upper', S.upper], ['lower', S.lower], ['casefold', S.casefold], ['swapcase', S.swapcase], ['title', S.title], ['capitalize', S.capitalize],
];
for (const [name, f] of CASES) {
  method(BuiltinType.STR, name, (rt, self, _args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 0, 0, false);
    setStr(rt, dst, f(selfStr(rt, self)));
  });
}

/** Python's ASCII whitespace (str.split() with no separator): \t \n \v \f \r, \x1c-\x1f and space. */
const ASCII_SPACE = new Uint8Array(128);
for (const c of [9, 10, 11, 12, 13, 28, 29, 30, 31, 32]) ASCII_SPACE[c] = 1;

/** Word bounds of the last scanWords(): start, end pairs (grown as needed, reused). */
let bounds = new Int32Array(1024);

/**
 * The words of an all-ASCII s as (start, end) pairs in `bounds`; their count,
 * or -1 at the first non-ASCII code unit (the caller then splits on Unicode
 * whitespace). One pass over the code units, no JS substrings.
 */
function scanWords(s: string): number {
  const n = s.length;
  let count = 0;
  let i = 0;
  for (;;) {
    let c = 0;
    while (i < n && (c = s.charCodeAt(i)) < 128 && ASCII_SPACE[c] === 1) i++;
    if (i === n) return count;
    if (c >= 128) return -1;
    const start = i;
    while (i < n && (c = s.charCodeAt(i)) < 128 && ASCII_SPACE[c] === 0) i++;
    if (c >= 128 && i < n) return -1;
    if (2 * count + 2 > bounds.length) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      bounds = grown;
    }
    bounds[2 * count] = start;
    bounds[2 * count + 1] = i;
    count++;
  }
}

/**
 * s.split() (and rsplit()) into slot dst: its words as a list, each short
 * ASCII one (str-inline.ts) made from its inline chars, with no JS substring
 * and no retained JS string: tier-1 makes the text only if it reads the word
 * (a JIT loop over the words never does), and 300k words no longer live in
 * V8's heap. (Measured on 300k words: 174 ms per split before, when V8's
 * regex split made every substring first.)
 */
function splitWords(rt: Runtime, s: string, dst: number): void {
  const objs = rt.objs;
  const count = scanWords(s);
  if (count < 0) {
    const parts = S.split(s);
    objs.setObject(dst, objs.newList(parts.length));
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      const word = inlineChars(p) ? objs.newInlineStr(CHARS[0], CHARS[1], p.length) : objs.newStr(p);
      objs.setObject(objs.listItems(rt.heap.objectAt(dst)) + k, word);
    }
    return;
  }
  const b = bounds;
  const heap = rt.heap;
  objs.setObject(dst, objs.newList(count));
  // The collector does not move objects and the list does not grow: its item slots stay put.
  const items = objs.listItems(heap.objectAt(dst));
  for (let k = 0; k < count; k++) {
    const start = b[2 * k];
    const end = b[2 * k + 1];
    const length = end - start;
    let word: number;
    if (length <= STR_INLINE_MAX) {
      // The inline chars word (str-inline.ts's packing: 7 bits per char, flag in bit 63).
      let lo = 0;
      let hi = 0;
      for (let i = 0; i < length; i++) {
        const c = s.charCodeAt(start + i);
        const bit = 7 * i;
        if (bit < 32) {
          lo |= c << bit;
          if (bit > 25) hi |= c >>> (32 - bit);
        } else {
          hi |= c << (bit - 32);
        }
      }
      word = objs.newInlineStr(lo >>> 0, (hi | 0x80000000) >>> 0, length);
    } else {
      word = objs.newStr(s.slice(start, end), length);
    }
    heap.setObject(items + k, word);
  }
}

for (const name of ['split', 'rsplit'] as const) {
  method(BuiltinType.STR, name, (rt, self, args, n, dst, kw) => {
    arity(name, n, 0, 2, true);
    const [sepW, maxW] = params(name, args, n, kw, ['sep', 'maxsplit']);
    let sep: string | null = null;
    if (sepW !== undefined && !rt.objs.isNone(sepW)) {
      if (rt.objs.kind(sepW) !== Kind.Str) throw typeError(`must be str or None, not ${rt.typeName(sepW)}`);
      sep = rt.objs.strOf(rt.heap.objectAt(sepW));
    }
    const max = maxW === undefined ? -1 : Number(intArgOf(rt, maxW));
    const text = selfStr(rt, self);
    if (sep === null && max < 0) return splitWords(rt, text, dst);
    setStrList(rt, dst, S[name](text, sep, max));
  });
}

method(BuiltinType.STR, 'splitlines', (rt, self, args, n, dst, kw) => {
  arity('splitlines', n, 0, 1, true);
  const [keepW] = params('splitlines', args, n, kw, ['keepends']);
  const keep = keepW !== undefined && Number(intArgOf(rt, keepW)) !== 0;
  setStrList(rt, dst, S.splitlines(selfStr(rt, self), keep));
});

for (const name of ['strip', 'lstrip', 'rstrip'] as const) {
  method(BuiltinType.STR, name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 0, 1, false);
    let chars: string | null = null;
    if (n === 1 && !rt.objs.isNone(args)) {
      if (rt.objs.kind(args) !== Kind.Str) throw typeError(`${name} arg must be None or str`);
      chars = rt.objs.strOf(rt.heap.objectAt(args));
    }
    const before = selfStr(rt, self);
    setStrOrSelf(rt, self, before, dst, S[name](before, chars));
  });
}

method(BuiltinType.STR, 'replace', (rt, self, args, n, dst, kw) => {
  noKeywords('replace', kw);
  arity('replace', n, 2, 3, false);
  const old = strArg(rt, args, 'replace() argument 1');
  const rep = strArg(rt, args + 1, 'replace() argument 2');
  const before = selfStr(rt, self);
  setStrOrSelf(rt, self, before, dst, S.replace(before, old, rep, n === 3 ? Number(intArgOf(rt, args + 2)) : -1));
});

for (const name of ['find', 'rfind', 'index', 'rindex', 'count'] as const) {
  method(BuiltinType.STR, name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 3, true);
    const sub = strArg(rt, args, '');
    rt.objs.setInt(dst, S[name](selfStr(rt, self), sub, sliceIndex(rt, n > 1 ? args + 1 : undefined), sliceIndex(rt, n > 2 ? args + 2 : undefined)));
  });
}

for (const name of ['startswith', 'endswith'] as const) {
  method(BuiltinType.STR, name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 3, true);
    const { objs } = rt;
    let test: string | string[];
    if (objs.kind(args) === Kind.Tuple) {
      const t = objs.sequence(args)!;
      test = Array.from({ length: t.length }, (_, i) => {
        if (objs.kind(t.first + i) !== Kind.Str) throw typeError(`tuple for ${name} must only contain str, not ${rt.typeName(t.first + i)}`);
        return objs.strOf(rt.heap.objectAt(t.first + i));
      });
    } else if (objs.kind(args) === Kind.Str) {
      test = objs.strOf(rt.heap.objectAt(args));
    } else {
      throw typeError(`${name} first arg must be str or a tuple of str, not ${rt.typeName(args)}`);
    }
    objs.setBool(dst, S[name](selfStr(rt, self), test, sliceIndex(rt, n > 1 ? args + 1 : undefined), sliceIndex(rt, n > 2 ? args + 2 : undefined)));
  });
}

/**
 * Whether a padded result of `width` characters (of up to two units each)
 * may be past one V8 string: then the huge-str version builds it in chunks.
 */
function paddedMayBeHuge(width: number): boolean {
  return width > HUGE_STR_UNITS / 2;
}

/** A width argument as CPython reads it (a C ssize_t: OverflowError past 64 bits). */
function widthArg(rt: Runtime, w: number): number {
  const b = intArgOf(rt, w);
  if (b > 0x7fffffffffffffffn || b < -0x8000000000000000n) throw new PyError('OverflowError', 'Python int too large to convert to C ssize_t');
  return Number(b);
}

for (const name of ['ljust', 'rjust', 'center'] as const) {
  method(BuiltinType.STR, name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 2, false);
    const width = widthArg(rt, args);
    if (paddedMayBeHuge(width)) { hugeStrMethodOf(name)!(rt, self, args, n, dst, kw); return; }
    let fill = ' ';
    if (n === 2) {
      if (rt.objs.kind(args + 1) !== Kind.Str) throw typeError(`${name}() argument 2 must be str, not ${rt.typeName(args + 1)}`);
      fill = rt.objs.strOf(rt.heap.objectAt(args + 1));
    }
    setStr(rt, dst, S[name](selfStr(rt, self), width, fill));
  });
}

method(BuiltinType.STR, 'zfill', (rt, self, args, n, dst, kw) => {
  noKeywords('zfill', kw);
  arity('zfill', n, 1, 1, false);
  const width = widthArg(rt, args);
  if (paddedMayBeHuge(width)) { hugeStrMethodOf('zfill')!(rt, self, args, n, dst, kw); return; }
  setStr(rt, dst, S.zfill(selfStr(rt, self), width));
});

method(BuiltinType.STR, 'expandtabs', (rt, self, args, n, dst, kw) => {
  arity('expandtabs', n, 0, 1, true);
  const [tabW] = params('expandtabs', args, n, kw, ['tabsize']);
  setStr(rt, dst, S.expandtabs(selfStr(rt, self), tabW === undefined ? 8 : Number(intArgOf(rt, tabW))));
});

for (const name of ['removeprefix', 'removesuffix'] as const) {
  method(BuiltinType.STR, name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 1, false);
    setStr(rt, dst, S[name](selfStr(rt, self), strArg(rt, args, `${name}() argument`)));
  });
}

for (const name of ['partition', 'rpartition'] as const) {
  method(BuiltinType.STR, name, (rt, self, args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 1, 1, false);
    setValue(rt, dst, S[name](selfStr(rt, self), strArg(rt, args, '')));
  });
}

/** A replacement field whose spec may have a width past one V8 string (value-host.ts WIDE_SPEC). */
const WIDE_FIELD = /:[^{}]*\d{9}/;

method(BuiltinType.STR, 'format', (rt, self, args, n, dst, kw) => {
  // A list or tuple holding a huge str has a huge str() and repr(): the huge-str version marks it.
  for (let i = 0; i < n; i++) if (holdsHuge(rt, args + i)) { hugeStrMethodOf('format')!(rt, self, args, n, dst, kw); return; }
  for (const w of kw?.values() ?? []) if (holdsHuge(rt, w)) { hugeStrMethodOf('format')!(rt, self, args, n, dst, kw); return; }
  const template = selfStr(rt, self);
  // A field width past one V8 string (`'{:>600000000}'.format(x)`): its text is padded in chunks there too.
  if (WIDE_FIELD.test(template)) { hugeStrMethodOf('format')!(rt, self, args, n, dst, kw); return; }
  const items = Array.from({ length: n }, (_, i) => args + i);
  setStr(rt, dst, strFormat(valueHostOf(rt), template, items, kw ?? new Map()));
});

method(BuiltinType.STR, 'format_map', (rt, self, args, n, dst, kw) => {
  noKeywords('format_map', kw);
  arity('format_map', n, 1, 1, false);
  // Keyword fields are looked up in the mapping on demand (a defaultdict's __missing__ works).
  const host = valueHostOf(rt);
  const mapping = args;
  const lookup = new Proxy(new Map<string, number>(), {
    get(target, prop) {
      if (prop === 'get') return (key: string) => host.getItem(mapping, key);
      if (prop === 'has') return () => true;
      return Reflect.get(target, prop);
    },
  });
  setStr(rt, dst, strFormat(host, selfStr(rt, self), [], lookup));
});

method(BuiltinType.STR, 'join', (rt, self, args, n, dst, kw) => {
  const { objs, heap } = rt;
  noKeywords('join', kw);
  arity('join', n, 1, 1, false);
  const k = objs.kind(args);
  if (k !== Kind.List && k !== Kind.Tuple) {
    if (k !== Kind.Instance && k !== Kind.Str && k !== Kind.Dict && k !== Kind.Set && k !== Kind.Generator && k !== Kind.Iter &&
      k !== Kind.DictView && k !== Kind.ListIter && k !== Kind.Range) throw typeError('can only join an iterable');
  }
  const seqSlot = k === Kind.List || k === Kind.Tuple ? args : rt.interp.pushObject(rt.iterators.toListObject(args));
  const seq = objs.sequence(seqSlot)!;
  const parts: string[] = new Array(seq.length);
  const sep = selfStr(rt, self);
  let units = sep.length * Math.max(0, seq.length - 1);
  let length = seq.length > 1 ? objs.strLength(heap.objectAt(self)) * (seq.length - 1) : 0;
  for (let i = 0; i < seq.length; i++) {
    if (objs.kind(seq.first + i) !== Kind.Str) throw S.joinItemError(i, rt.typeName(seq.first + i));
    const o = heap.objectAt(seq.first + i);
    // A huge item, or a result past one V8 string: the chunked join (huge-strs.ts).
    if (objs.hugeOf(o) !== null) {
      units = Infinity;
      continue;
    }
    length += objs.strLength(o);
    // A str JIT code built from inline chars alone: its text without a string-table handle.
    const w = 2 * (o + STR_HANDLE_W);
    parts[i] = objs.u32[w] === INLINE_ONLY_LO && objs.u32[w + 1] === INLINE_ONLY_LO_HI
      ? textOfChars(objs.u32[2 * (o + STR_CHARS_W)], objs.u32[2 * (o + STR_CHARS_W) + 1], objs.strLength(o))
      : objs.strOf(o);
    units += parts[i].length;
  }
  if (isHugeLength(units)) { objs.setObject(dst, objs.newStrText(joinTexts(sep, joinParts(rt, seqSlot)))); return; }
  objs.setObject(dst, objs.newStr(parts.join(sep), length));
});

method(BuiltinType.STR, 'translate', (rt, self, args, n, dst, kw) => {
  noKeywords('translate', kw);
  arity('translate', n, 1, 1, false);
  const { objs, interp } = rt;
  let out = '';
  const key = interp.pushNone();
  const v = interp.pushNone();
  for (const ch of selfStr(rt, self)) {
    objs.setInt(key, ch.codePointAt(0)!);
    objs.copy(v, args);
    try {
      rt.ops.subscript(v, key);
    } catch (e) {
      if (e instanceof PyError && rt.exceptions.isA(e, 'LookupError')) {
        rt.exceptions.released(e);
        interp.sp = v + 1;
        out += ch;
        continue;
      }
      throw e;
    }
    const k = objs.kind(v);
    if (k === Kind.None) continue;
    if (k === Kind.Str) out += objs.strOf(rt.heap.objectAt(v));
    else if (k === Kind.Int || k === Kind.BigInt || k === Kind.Bool) {
      const c = objs.bigOf(v);
      if (c < 0n || c > 0x10ffffn) throw valueError('character mapping must be in range(0x110000)');
      out += String.fromCodePoint(Number(c));
    } else throw typeError('character mapping must return integer, None or str');
  }
  setStr(rt, dst, out);
});

method(BuiltinType.STR, 'maketrans', (rt, _self, args, n, dst, kw) => {
  noKeywords('maketrans', kw);
  arity('maketrans', n, 1, 3, false);
  const { objs, interp } = rt;
  const d = interp.pushObject(rt.dicts.newDict());
  const key = interp.pushNone();
  const val = interp.pushNone();
  if (n === 1) {
    if (objs.kind(args) !== Kind.Dict) throw typeError('if you give only one argument to maketrans it must be a dict');
    const src = rt.heap.objectAt(args);
    for (let i = rt.dicts.nextLive(src, 0); i >= 0; i = rt.dicts.nextLive(src, i + 1)) {
      const e = rt.dicts.entry(src, i);
      const kk = objs.kind(e + 1);
      if (kk === Kind.Str) {
        const s = objs.strOf(rt.heap.objectAt(e + 1));
        if (S.strLength(s) !== 1) throw valueError('string keys in translate table must be of length 1');
        objs.setInt(key, s.codePointAt(0)!);
      } else if (kk === Kind.Int || kk === Kind.BigInt || kk === Kind.Bool) {
        objs.copy(key, e + 1);
      } else throw typeError('keys in translate table must be strings or integers');
      objs.copy(val, rt.dicts.entry(src, i) + 2);
      rt.dictSetItem(rt.heap.objectAt(d), key, val);
    }
  } else {
    const x = Array.from(strArg(rt, args, 'maketrans() argument 1'));
    const y = Array.from(strArg(rt, args + 1, 'maketrans() argument 2'));
    if (x.length !== y.length) throw valueError('the first two maketrans arguments must have equal length');
    for (let i = 0; i < x.length; i++) {
      objs.setInt(key, x[i].codePointAt(0)!);
      objs.setInt(val, y[i].codePointAt(0)!);
      rt.dictSetItem(rt.heap.objectAt(d), key, val);
    }
    if (n === 3) {
      objs.setNone(val);
      for (const c of strArg(rt, args + 2, 'maketrans() argument 3')) {
        objs.setInt(key, c.codePointAt(0)!);
        rt.dictSetItem(rt.heap.objectAt(d), key, val);
      }
    }
  }
  objs.copy(dst, d);
});
