// Methods of builtin types (list.append, str.join, ...) and module attribute
// calls (math.sqrt(x)), dispatched by CALL_METHOD. The receiver is at slot
// `self`, arguments follow it, and the result replaces the receiver.
import { builtinId, builtinSpec, MODULE_NAMES, sortList } from './builtins.ts';
import { Kind, LIST_LENGTH_W, MODULE_ID_W } from '../heap/objects.ts';
import { PyError, indexError, typeError, valueError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';

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

function strArg(rt: Runtime, w: number, what: string): string {
  if (rt.objs.kind(w) !== Kind.Str) throw typeError(`${what} must be str, not ${rt.typeName(w)}`);
  return rt.objs.strOf(rt.heap.objectAt(w));
}

/** A method's str result into the receiver's slot. (A function, not a closure: tsx names every closure it creates.) */
function setStr(rt: Runtime, self: number, v: string): void {
  rt.objs.setObject(self, rt.objs.newStr(v));
}

function strMethod(rt: Runtime, name: string, self: number, args: number, n: number): void {
  const objs = rt.objs;
  const s = objs.strOf(rt.heap.objectAt(self));
  switch (name) {
    case 'join': {
      expectArgs('str.join', n, 1, 1);
      const k = objs.kind(args);
      if (k !== Kind.List && k !== Kind.Tuple) objs.setObject(args, rt.ops.iterableToList(args));
      const seq = objs.sequence(args)!;
      const parts: string[] = [];
      for (let i = 0; i < seq.length; i++) {
        if (objs.kind(seq.first + i) !== Kind.Str) {
          throw typeError(`sequence item ${i}: expected str instance, ${rt.typeName(seq.first + i)} found`);
        }
        parts.push(objs.strOf(rt.heap.objectAt(seq.first + i)));
      }
      setStr(rt, self, parts.join(s));
      return;
    }
    case 'split': {
      expectArgs('split', n, 0, 1);
      let parts: string[];
      if (n === 0 || objs.isNone(args)) parts = s.split(/\s+/).filter((p) => p.length > 0);
      else {
        const sep = strArg(rt, args, 'must be str or None');
        if (sep === '') throw valueError('empty separator');
        parts = s.split(sep);
      }
      const list = objs.newList(parts.length);
      objs.setObject(self, list);
      for (let i = 0; i < parts.length; i++) objs.setObject(objs.listItems(list) + i, objs.newStr(parts[i]));
      return;
    }
    case 'strip': expectArgs('strip', n, 0, 0); setStr(rt, self, s.trim()); return;
    case 'lstrip': expectArgs('lstrip', n, 0, 0); setStr(rt, self, s.trimStart()); return;
    case 'rstrip': expectArgs('rstrip', n, 0, 0); setStr(rt, self, s.trimEnd()); return;
    case 'upper': expectArgs('upper', n, 0, 0); setStr(rt, self, s.toUpperCase()); return;
    case 'lower': expectArgs('lower', n, 0, 0); setStr(rt, self, s.toLowerCase()); return;
    case 'startswith': expectArgs('startswith', n, 1, 1); objs.setBool(self, s.startsWith(strArg(rt, args, 'startswith first arg'))); return;
    case 'endswith': expectArgs('endswith', n, 1, 1); objs.setBool(self, s.endsWith(strArg(rt, args, 'endswith first arg'))); return;
    case 'replace': {
      expectArgs('replace', n, 2, 2);
      setStr(rt, self, s.split(strArg(rt, args, 'replace() argument 1')).join(strArg(rt, args + 1, 'replace() argument 2')));
      return;
    }
    case 'find': case 'index': {
      expectArgs(name, n, 1, 1);
      const i = s.indexOf(strArg(rt, args, `${name}() argument`));
      if (i < 0 && name === 'index') throw valueError('substring not found');
      objs.setInt(self, i);
      return;
    }
    case 'count': {
      expectArgs('count', n, 1, 1);
      const sub = strArg(rt, args, 'count() argument');
      objs.setInt(self, sub === '' ? s.length + 1 : s.split(sub).length - 1);
      return;
    }
    case 'isdigit': objs.setBool(self, s.length > 0 && /^[0-9]+$/.test(s)); return;
    case 'isalpha': objs.setBool(self, s.length > 0 && /^[A-Za-z]+$/.test(s)); return;
    case 'isspace': objs.setBool(self, s.length > 0 && /^\s+$/.test(s)); return;
    default: throw attributeError(rt, self, name);
  }
}

export { attributeError };
