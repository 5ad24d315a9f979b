// Methods of builtin types (list.append, str.join, ...) and module attribute
// calls (math.sqrt(x)), dispatched by CALL_METHOD. The receiver is at slot
// `self`, arguments follow it, and the result replaces the receiver.
import { builtinId, builtinSpec, MODULE_NAMES, sortList } from './builtins.ts';
import { Kind, LIST_LENGTH_W, MODULE_ID_W } from '../heap/objects.ts';
import { PyError, indexError, typeError, valueError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';
import * as S from '../library/str-methods.ts';
import { strFormat } from '../library/str-format.ts';
import { intArgOf, setValue, vmValueHost } from './library-host.ts';

function attributeError(rt: Runtime, self: number, name: string): PyError {
  if (rt.objs.kind(self) === Kind.Module) {
    const id = rt.heap.readI64(rt.heap.objectAt(self) + MODULE_ID_W);
    return new PyError('AttributeError', `module '${MODULE_NAMES[id]}' has no attribute '${name}'`);
  }
  return new PyError('AttributeError', `'${rt.typeName(self)}' object has no attribute '${name}'`);
}

function expectArgs(name: string, n: number, min: number, max: number): void {
  if (n < min || n > max) {
    if (min === max && min === 0) throw typeError(`${name}() takes no arguments (${n} given)`);
    if (min === max && min === 1) throw typeError(`${name}() takes exactly one argument (${n} given)`);
    if (n < min) throw typeError(`${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
    throw typeError(`${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${n}`);
  }
}

export function callMethod(rt: Runtime, name: string, self: number, n: number): void {
  const args = self + 1;
  const kind = rt.objs.kind(self);
  if (kind === Kind.Module) {
    const id = builtinId(name, MODULE_NAMES[rt.heap.readI64(rt.heap.objectAt(self) + MODULE_ID_W)]);
    if (id === undefined) throw attributeError(rt, self, name);
    builtinSpec(id).fn(rt, args, n, self, null);
    return;
  }
  if (kind === Kind.List) { listMethod(rt, name, self, args, n); return; }
  if (kind === Kind.Str) { strMethod(rt, name, self, args, n); return; }
  if (kind === Kind.Tuple && (name === 'index' || name === 'count')) { sequenceSearch(rt, name, self, args, n, 'tuple'); return; }
  throw attributeError(rt, self, name);
}

function sequenceSearch(rt: Runtime, name: string, self: number, args: number, n: number, type: string): void {
  const s = rt.objs.sequence(self)!;
  if (name === 'count') {
    expectArgs('count', n, 1, 1);
    let c = 0;
    for (let i = 0; i < s.length; i++) if (rt.ops.equals(s.first + i, args)) c++;
    rt.objs.setInt(self, c);
    return;
  }
  expectArgs('index', n, 1, 3);
  const start = n >= 2 ? clampIndex(rt.objs.bigOf(args + 1), s.length) : 0;
  const stop = n >= 3 ? clampIndex(rt.objs.bigOf(args + 2), s.length) : s.length;
  for (let i = start; i < stop; i++) {
    if (rt.ops.equals(s.first + i, args)) { rt.objs.setInt(self, i); return; }
  }
  throw valueError(type === 'list' ? `${rt.fmt.repr(args)} is not in list` : 'tuple.index(x): x not in tuple');
}

function clampIndex(b: bigint, len: number): number {
  let i = Number(b);
  if (i < 0) i = Math.max(0, i + len);
  return Math.min(i, len);
}

function listMethod(rt: Runtime, name: string, self: number, args: number, n: number): void {
  const objs = rt.objs;
  const heap = rt.heap;
  const list = heap.objectAt(self);
  switch (name) {
    case 'append':
      expectArgs('list.append', n, 1, 1);
      objs.listAppend(list, args);
      objs.setNone(self);
      return;
    case 'pop': {
      expectArgs('pop', n, 0, 1);
      const len = objs.listLength(list);
      if (len === 0) throw indexError('pop from empty list');
      let i = len - 1;
      if (n === 1) {
        if (!objs.isIntLike(args)) throw typeError(`'${rt.typeName(args)}' object cannot be interpreted as an integer`);
        i = Number(objs.bigOf(args));
        if (i < 0) i += len;
        if (i < 0 || i >= len) throw indexError('pop index out of range');
      }
      const items = objs.listItems(list);
      const scratch = heap.scratchW + 8;
      objs.copy(scratch, items + i);
      objs.u32.copyWithin(2 * (items + i), 2 * (items + i + 1), 2 * (items + len));
      heap.writeI64(list + LIST_LENGTH_W, len - 1);
      objs.copy(self, scratch);
      objs.setNone(scratch);
      return;
    }
    case 'insert': {
      expectArgs('insert', n, 2, 2);
      const len = objs.listLength(list);
      let i = Number(objs.bigOf(args));
      if (i < 0) i = Math.max(0, i + len);
      if (i > len) i = len;
      objs.ensureCapacity(list, len + 1);
      const items = objs.listItems(list);
      objs.u32.copyWithin(2 * (items + i + 1), 2 * (items + i), 2 * (items + len));
      objs.copy(items + i, args + 1);
      heap.writeI64(list + LIST_LENGTH_W, len + 1);
      objs.setNone(self);
      return;
    }
    case 'extend': {
      expectArgs('list.extend', n, 1, 1);
      const k = objs.kind(args);
      if (k !== Kind.List && k !== Kind.Tuple) objs.setObject(args, rt.ops.iterableToList(args));
      rt.ops.extendList(list, args);
      objs.setNone(self);
      return;
    }
    case 'index': case 'count': sequenceSearch(rt, name, self, args, n, 'list'); return;
    case 'reverse': {
      expectArgs('reverse', n, 0, 0);
      const first = objs.listItems(list);
      const len = objs.listLength(list);
      const copy = objs.u32.slice(2 * first, 2 * (first + len));
      for (let i = 0; i < len; i++) {
        objs.u32[2 * (first + i)] = copy[2 * (len - 1 - i)];
        objs.u32[2 * (first + i) + 1] = copy[2 * (len - 1 - i) + 1];
      }
      objs.setNone(self);
      return;
    }
    case 'sort':
      expectArgs('sort', n, 0, 0);
      sortList(rt, list, false);
      objs.setNone(self);
      return;
    case 'copy': {
      expectArgs('copy', n, 0, 0);
      objs.setObject(self, rt.ops.iterableToList(self));
      return;
    }
    case 'clear':
      expectArgs('clear', n, 0, 0);
      heap.writeI64(list + LIST_LENGTH_W, 0);
      objs.setNone(self);
      return;
    default:
      throw attributeError(rt, self, name);
  }
}

/** A method's str result into the receiver's slot. (A function, not a closure: tsx names every closure it creates.) */
function setStr(rt: Runtime, self: number, v: string): void {
  rt.objs.setObject(self, rt.objs.newStr(v));
}

/** A str argument, TypeError "<what> must be str, not X" otherwise (what may be empty). */
function strArg(rt: Runtime, w: number, what: string): string {
  if (rt.objs.kind(w) !== Kind.Str) throw typeError(`${what ? what + ' ' : ''}must be str, not ${rt.typeName(w)}`);
  return rt.objs.strOf(rt.heap.objectAt(w));
}

/** An optional str-or-None argument (null for None or not given). */
function optStr(rt: Runtime, args: number, n: number, i: number, message: string): string | null {
  if (i >= n || rt.objs.isNone(args + i)) return null;
  if (rt.objs.kind(args + i) !== Kind.Str) throw typeError(message.replace('%T', rt.typeName(args + i)));
  return rt.objs.strOf(rt.heap.objectAt(args + i));
}

/** An int argument as a JS number (huge values clamp as CPython's Py_ssize_t slice indices do). */
function intValue(rt: Runtime, w: number): number {
  return Number(intArgOf(rt, w));
}

/** A start/end slice index: None or an int. */
function sliceIndex(rt: Runtime, args: number, n: number, i: number): number | null {
  if (i >= n || rt.objs.isNone(args + i)) return null;
  if (!rt.objs.isIntLike(args + i)) throw typeError('slice indices must be integers or None or have an __index__ method');
  return intValue(rt, args + i);
}

function setStrList(rt: Runtime, self: number, parts: readonly string[]): void {
  const objs = rt.objs;
  const list = objs.newList(parts.length);
  objs.setObject(self, list);
  for (let i = 0; i < parts.length; i++) objs.setObject(objs.listItems(list) + i, objs.newStr(parts[i]));
}

const STR_PREDICATES: Record<string, (s: string) => boolean> = {
  isalpha: S.isalpha, isalnum: S.isalnum, isascii: S.isascii, isdecimal: S.isdecimal, isdigit: S.isdigit,
  isidentifier: S.isidentifier, islower: S.islower, isnumeric: S.isnumeric, isprintable: S.isprintable,
  isspace: S.isspace, istitle: S.istitle, isupper: S.isupper,
};
const STR_CASES: Record<string, (s: string) => string> = {
  upper: S.upper, lower: S.lower, casefold: S.casefold, swapcase: S.swapcase, title: S.title, capitalize: S.capitalize,
};

function strMethod(rt: Runtime, name: string, self: number, args: number, n: number): void {
  const objs = rt.objs;
  const s = objs.strOf(rt.heap.objectAt(self));
  const pred = STR_PREDICATES[name];
  if (pred) { expectArgs(`str.${name}`, n, 0, 0); objs.setBool(self, pred(s)); return; }
  const caseMap = STR_CASES[name];
  if (caseMap) { expectArgs(`str.${name}`, n, 0, 0); setStr(rt, self, caseMap(s)); return; }
  switch (name) {
    case 'join': {
      expectArgs('str.join', n, 1, 1);
      const k = objs.kind(args);
      if (k !== Kind.List && k !== Kind.Tuple) objs.setObject(args, rt.ops.iterableToList(args));
      const seq = objs.sequence(args)!;
      const parts: string[] = [];
      for (let i = 0; i < seq.length; i++) {
        if (objs.kind(seq.first + i) !== Kind.Str) throw S.joinItemError(i, rt.typeName(seq.first + i));
        parts.push(objs.strOf(rt.heap.objectAt(seq.first + i)));
      }
      setStr(rt, self, S.join(s, parts));
      return;
    }
    case 'split': case 'rsplit': {
      expectArgs(name, n, 0, 2);
      const sep = optStr(rt, args, n, 0, 'must be str or None, not %T');
      const max = n >= 2 ? intValue(rt, args + 1) : -1;
      setStrList(rt, self, (name === 'split' ? S.split : S.rsplit)(s, sep, max));
      return;
    }
    case 'splitlines':
      expectArgs('splitlines', n, 0, 1);
      setStrList(rt, self, S.splitlines(s, n === 1 && rt.ops.truthy(args)));
      return;
    case 'strip': case 'lstrip': case 'rstrip':
      expectArgs(name, n, 0, 1);
      setStr(rt, self, S[name](s, optStr(rt, args, n, 0, `${name} arg must be None or str`)));
      return;
    case 'replace':
      expectArgs('replace', n, 2, 3);
      setStr(rt, self, S.replace(s, strArg(rt, args, 'replace() argument 1'), strArg(rt, args + 1, 'replace() argument 2'),
        n === 3 ? intValue(rt, args + 2) : -1));
      return;
    case 'find': case 'rfind': case 'index': case 'rindex': case 'count':
      expectArgs(name, n, 1, 3);
      objs.setInt(self, S[name](s, strArg(rt, args, ''), sliceIndex(rt, args, n, 1), sliceIndex(rt, args, n, 2)));
      return;
    case 'startswith': case 'endswith': {
      expectArgs(name, n, 1, 3);
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
      objs.setBool(self, S[name](s, test, sliceIndex(rt, args, n, 1), sliceIndex(rt, args, n, 2)));
      return;
    }
    case 'ljust': case 'rjust': case 'center': {
      expectArgs(name, n, 1, 2);
      const fill = n === 2 ? strArg(rt, args + 1, `${name}() argument 2`) : ' ';
      setStr(rt, self, S[name](s, intValue(rt, args), fill));
      return;
    }
    case 'zfill': expectArgs('str.zfill', n, 1, 1); setStr(rt, self, S.zfill(s, intValue(rt, args))); return;
    case 'expandtabs': expectArgs('expandtabs', n, 0, 1); setStr(rt, self, S.expandtabs(s, n === 1 ? intValue(rt, args) : 8)); return;
    case 'removeprefix': case 'removesuffix':
      expectArgs(`str.${name}`, n, 1, 1);
      setStr(rt, self, S[name](s, strArg(rt, args, `${name}() argument`)));
      return;
    case 'partition': case 'rpartition': {
      expectArgs(`str.${name}`, n, 1, 1);
      setValue(rt, self, S[name](s, strArg(rt, args, '')));
      return;
    }
    case 'format': {
      const items = Array.from({ length: n }, (_, i) => args + i);
      setStr(rt, self, strFormat(vmValueHost(rt), s, items, new Map()));
      return;
    }
    default: throw attributeError(rt, self, name);
  }
}

export { attributeError };
