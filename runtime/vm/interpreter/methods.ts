// Methods of the built-in types (list.append, dict.get, set.add, str.join,
// generator.send, object.__init__, ...): a table per built-in type, called by
// CALL_METHOD on built-in values (callMethod) and through built-in method
// objects ([].append, str.lower, super().__init__). A method reads its
// receiver from slot `self` (for an instance of a subclass of a built-in type,
// its built-in value), its arguments from [args, args + n) and keyword slots,
// and writes its result to `dst` (which may be self's slot).
import { LAYOUT as L } from '../../../build/layout.ts';
import { CompareOp } from '../frontend/bytecode.ts';
import { HASH, hashAddress } from '../heap/hashing.ts';
import {
  DESCRIPTOR_F1_W, DESCRIPTOR_F2_W, DESCRIPTOR_F3_W, INSTANCE_BASE_W, Kind, LIST_LENGTH_W, MODULE_DICT_W, MODULE_ID_W,
} from '../heap/objects.ts';
import { PyError, attributeError, indexError, typeError, valueError } from '../heap/py-error.ts';
import { builtinSpec, type Keywords } from './builtin-registry.ts';
import { BuiltinType, EXC_ARGS } from './builtin-types.ts';
import type { Runtime } from './runtime.ts';
import { SortBail, compareSortKeys, sortKeysOf, type SortKey } from './sort-keys.ts';
import { TYPE_DIRS } from './builtin-names.generated.ts';

export type MethodFn = (rt: Runtime, self: number, args: number, n: number, dst: number, kw: Keywords) => void;

const TABLES: Map<string, MethodFn>[] = [];
const NAMES: string[] = [];
const NAME_IDS = new Map<string, number>();

/** A small number for a method name (stored in built-in method objects). */
export function methodNameId(name: string): number {
  let id = NAME_IDS.get(name);
  if (id === undefined) {
    id = NAMES.length;
    NAMES.push(name);
    NAME_IDS.set(name, id);
  }
  return id;
}

export function methodNameById(id: number): string { return NAMES[id] ?? '?'; }

/** Registers method `name` of built-in type `type` (files that add built-in types call this too). */
export function method(type: BuiltinType, name: string, fn: MethodFn): void {
  (TABLES[type] ??= new Map()).set(name, fn);
  methodNameId(name);
}

const classMethodsReady = new WeakMap<Runtime, Set<BuiltinType>>();

/**
 * Puts methods `names` of built-in type `type` into its class's dict as
 * unbound built-in methods (once per runtime), for what looks special methods
 * up along the class's MRO rather than in the method table: repr, iteration,
 * `with` on an instance.
 */
export function exposeClassMethods(rt: Runtime, type: BuiltinType, names: readonly string[]): void {
  let ready = classMethodsReady.get(rt);
  if (ready === undefined) classMethodsReady.set(rt, (ready = new Set()));
  if (ready.has(type)) return;
  ready.add(type);
  const { objs, interp, types } = rt;
  const c = types.builtinClass[type];
  const unbound = interp.pushNone();
  objs.setUnbound(unbound);
  for (const name of names) {
    const key = interp.pushObject(rt.internedName(name));
    const m = interp.pushObject(objs.newBuiltinMethod(methodNameId(name), unbound, type));
    rt.dictSetItem(types.dictOf(c), key, m);
    interp.popN(2);
  }
  interp.popN(1);
  types.bump(c);
}

/** Str methods that work on a huge str receiver (huge-strs.ts); the others raise MemoryError on one. */
const HUGE_STR_METHODS = new Map<string, MethodFn>();

export function hugeStrMethod(name: string, fn: MethodFn): void {
  HUGE_STR_METHODS.set(name, fn);
}

/** The huge-str version of str method `name` (for an ordinary receiver whose result may be huge). */
export function hugeStrMethodOf(name: string): MethodFn | undefined {
  return HUGE_STR_METHODS.get(name);
}

/** The str method `name` for the receiver in slot self: its huge-str version when self or one of the n argument slots holds a huge str. */
function strMethodFor(rt: Runtime, self: number, args: number, n: number, name: string, fn: MethodFn): MethodFn {
  const objs = rt.objs;
  for (let i = -1; i < n; i++) {
    const w = i < 0 ? self : args + i;
    if (objs.kind(w) === Kind.Str && objs.hugeOf(rt.heap.objectAt(w)) !== null) return HUGE_STR_METHODS.get(name) ?? fn;
  }
  return fn;
}

export function hasBuiltinMethod(type: BuiltinType, name: string): boolean {
  return TABLES[type]?.has(name) ?? false;
}

/** The built-in type whose method table applies to the value in slot w. */
function typeOfReceiver(rt: Runtime, w: number): BuiltinType {
  return rt.types.builtinOf(rt.types.classOf(w));
}

/** Calls method `name` of built-in type `type` on self (its receiver slot); keyword values follow the n positional ones. */
export function callBuiltinTypeMethod(rt: Runtime, type: BuiltinType, nameId: number, self: number, n: number, kwnames: string[] | null, dst: number): void {
  const name = NAMES[nameId];
  const fn = TABLES[type]?.get(name);
  if (fn === undefined) throw attributeError(`'${rt.types.className(rt.types.builtinClass[type])}' object has no attribute '${name}'`);
  let kw: Keywords = null;
  if (kwnames !== null && kwnames.length > 0) {
    kw = new Map(kwnames.map((k, i) => [k, self + 1 + n + i] as [string, number]));
  }
  let recv = self;
  // (A file object's methods get the object itself: file-io.ts reads its handle from the base value.)
  if (rt.objs.kind(self) === Kind.Instance && type !== BuiltinType.OBJECT && type !== BuiltinType.BASE_EXCEPTION && type !== BuiltinType.TEXT_IO) {
    // A subclass of a built-in type: the method works on the built-in value.
    const base = rt.heap.objectAt(self) + INSTANCE_BASE_W;
    if (rt.objs.isNone(base) && !(name === '__init__' || name === '__new__')) {
      throw typeError(`descriptor '${name}' requires a '${rt.types.className(rt.types.builtinClass[type])}' object but received a '${rt.typeName(self)}'`);
    }
    if (!rt.objs.isNone(base)) recv = base;
  }
  if (recv !== self && name === '__init__') recv = self;
  // (Keyword values follow the positional ones: a huge one picks the huge-str version too.)
  (type === BuiltinType.STR ? strMethodFor(rt, recv, self + 1, n + (kw?.size ?? 0), name, fn) : fn)(rt, recv, self + 1, n, dst, kw);
}

/**
 * CALL_METHOD on a built-in value or module: [self a0..aN-1] -> [result].
 * (Instances, classes and other objects go through Attributes.prepareMethodCall.)
 */
export function callMethod(rt: Runtime, name: string, self: number, n: number): void {
  const kind = rt.objs.kind(self);
  if (kind === Kind.Module) {
    const m = rt.heap.objectAt(self);
    const v = rt.attrs.moduleAttribute(m, name);
    if (v < 0) throw attributeError(`module '${rt.modules.nameOf(rt.heap.readI64(m + MODULE_ID_W))}' has no attribute '${name}'`);
    void MODULE_DICT_W;
    builtinSpec(rt.heap.readI64(rt.heap.objectAt(v) + L.BUILTIN_ID / 8)).fn(rt, self + 1, n, self, null);
    return;
  }
  const type = typeOfReceiver(rt, self);
  const fn = TABLES[type]?.get(name) ?? TABLES[BuiltinType.OBJECT]!.get(name);
  if (fn === undefined) {
    const typeName = rt.typeName(self);
    const err = attributeError(`'${typeName}' object has no attribute '${name}'`);
    err.suggestion = { name, candidates: () => [TYPE_DIRS[typeName] ?? TYPE_DIRS.object] };
    throw err;
  }
  (type === BuiltinType.STR ? strMethodFor(rt, self, self + 1, n, name, fn) : fn)(rt, self, self + 1, n, self, null);
}

// ---- argument helpers ----------------------------------------------------------------

function expectArgs(name: string, n: number, min: number, max: number): void {
  if (n < min || n > max) {
    if (min === max && min === 0) throw typeError(`${name}() takes no arguments (${n} given)`);
    if (min === max && min === 1) throw typeError(`${name}() takes exactly one argument (${n} given)`);
    if (n < min) throw typeError(`${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
    throw typeError(`${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${n}`);
  }
}

function noKeywords(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`${name}() takes no keyword arguments`);
}

function intArg(rt: Runtime, w: number): number {
  if (!rt.objs.isIntLike(w)) return rt.ops.indexOf(w, `'${rt.typeName(w)}' object cannot be interpreted as an integer`);
  return Number(rt.objs.bigOf(w));
}

function clampIndex(b: bigint, len: number): number {
  let i = Number(b);
  if (i < 0) i = Math.max(0, i + len);
  return Math.min(i, len);
}

function strArg(rt: Runtime, w: number, what: string): string {
  if (rt.objs.kind(w) !== Kind.Str) throw typeError(`${what} must be str, not ${rt.typeName(w)}`);
  return rt.objs.strOf(rt.heap.objectAt(w));
}

function setStr(rt: Runtime, dst: number, v: string): void {
  rt.objs.setObject(dst, rt.objs.newStr(v));
}

// ---- sequences -------------------------------------------------------------------------

function sequenceSearch(rt: Runtime, name: string, self: number, args: number, n: number, dst: number, type: string): void {
  if (name === 'count') {
    expectArgs('count', n, 1, 1);
    let c = 0;
    for (let i = 0; ; i++) {
      const s = rt.objs.sequence(self)!;
      if (i >= s.length) break;
      if (rt.ops.itemEquals(s.first + i, args)) c++;
    }
    rt.objs.setInt(dst, c);
    return;
  }
  expectArgs('index', n, 1, 3);
  const len = rt.objs.sequence(self)!.length;
  const start = n >= 2 ? clampIndex(rt.objs.bigOf(args + 1), len) : 0;
  const stop = n >= 3 ? clampIndex(rt.objs.bigOf(args + 2), len) : len;
  for (let i = start; i < stop; i++) {
    const s = rt.objs.sequence(self)!;
    if (i >= s.length) break;
    if (rt.ops.itemEquals(s.first + i, args)) { rt.objs.setInt(dst, i); return; }
  }
  throw valueError(type === 'list' ? `${rt.fmt.repr(args)} is not in list` : 'tuple.index(x): x not in tuple');
}

/** Sorts list object `list` in place (stable; `<` only; key function and reverse like list.sort). */
export function sortList(rt: Runtime, list: number, key: number, reverse: boolean): void {
  const { objs, heap, interp } = rt;
  const len = objs.listLength(list);
  if (len < 2) return;
  const keep = interp.pushObject(list);
  // The items sorted are copies of the list's: a key function sees (and may change) the list.
  const items = objs.newList(len);
  const itemsSlot = interp.pushObject(items);
  objs.u32.copyWithin(2 * objs.listItems(items), 2 * objs.listItems(list), 2 * (objs.listItems(list) + len));
  let keys = items;
  if (key >= 0 && !objs.isNone(key)) {
    keys = objs.newList(len);
    const keysSlot = interp.pushObject(keys);
    for (let i = 0; i < len; i++) {
      const f = interp.push(key);
      interp.push(objs.listItems(heap.objectAt(itemsSlot)) + i);
      interp.callValue(f, 1);
      objs.copy(objs.listItems(heap.objectAt(keysSlot)) + i, f);
      interp.popN(1);
    }
    keys = heap.objectAt(keysSlot);
  }
  const k0 = objs.listItems(keys);
  const order = Array.from({ length: len }, (_, i) => i);
  let allInts = true;
  for (let i = 0; i < len && allInts; i++) if (objs.kind(k0 + i) !== Kind.Int) allInts = false;
  if (allInts) {
    const v = order.map((i) => objs.smallInt(k0 + i));
    order.sort(reverse ? (a, b) => v[b] - v[a] : (a, b) => v[a] - v[b]);
  } else if (!sortedByJsKeys(order, sortKeysOf(rt, k0, len), reverse)) {
    const ks = objs.listItems(keys);
    const lt = (a: number, b: number) => rt.ops.compareBool(CompareOp.LT, ks + a, ks + b);
    const cmp = (a: number, b: number) => (lt(a, b) ? -1 : lt(b, a) ? 1 : 0);
    for (let i = 0; i < len; i++) order[i] = i;
    order.sort(reverse ? (a, b) => cmp(b, a) : cmp);
  }
  const src = objs.listItems(heap.objectAt(itemsSlot));
  const sorted = new Uint32Array(2 * len);
  for (let i = 0; i < len; i++) {
    sorted[2 * i] = objs.u32[2 * (src + order[i])];
    sorted[2 * i + 1] = objs.u32[2 * (src + order[i]) + 1];
  }
  const target = heap.objectAt(keep);
  if (objs.listLength(target) !== len) throw valueError('list modified during sort');
  objs.u32.set(sorted, 2 * objs.listItems(target));
  interp.sp = keep;
}

/** Sorts `order` by JS keys (sort-keys.ts); false, leaving `order` scrambled, when there are none or a pair needs the generic comparison. */
function sortedByJsKeys(order: number[], v: SortKey[] | null, reverse: boolean): boolean {
  if (v === null) return false;
  const cmp = (a: number, b: number) => compareSortKeys(v[a], v[b]);
  try {
    order.sort(reverse ? (a, b) => cmp(b, a) : cmp);
  } catch (e) {
    if (e === SortBail) return false;
    throw e;
  }
  return true;
}

function kwArg(kw: Keywords, allowed: string[], fname: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!kw) return out;
  for (const [k, v] of kw) {
    if (!allowed.includes(k)) throw typeError(`'${k}' is an invalid keyword argument for ${fname}()`);
    out.set(k, v);
  }
  return out;
}

// list
method(BuiltinType.LIST, 'append', (rt, self, args, n, dst) => {
  expectArgs('list.append', n, 1, 1);
  rt.objs.listAppend(rt.heap.objectAt(self), args);
  rt.objs.setNone(dst);
});
method(BuiltinType.LIST, 'pop', (rt, self, args, n, dst) => {
  const { objs, heap } = rt;
  expectArgs('pop', n, 0, 1);
  const list = heap.objectAt(self);
  const len = objs.listLength(list);
  if (len === 0) throw indexError('pop from empty list');
  let i = len - 1;
  if (n === 1) {
    i = intArg(rt, args);
    if (i < 0) i += len;
    if (i < 0 || i >= len) throw indexError('pop index out of range');
  }
  const items = objs.listItems(list);
  const scratch = heap.scratchW + 8;
  objs.copy(scratch, items + i);
  objs.u32.copyWithin(2 * (items + i), 2 * (items + i + 1), 2 * (items + len));
  heap.writeI64(list + LIST_LENGTH_W, len - 1);
  objs.copy(dst, scratch);
  objs.setNone(scratch);
});
method(BuiltinType.LIST, 'insert', (rt, self, args, n, dst) => {
  const { objs, heap } = rt;
  expectArgs('insert', n, 2, 2);
  const list = heap.objectAt(self);
  const len = objs.listLength(list);
  let i = intArg(rt, args);
  if (i < 0) i = Math.max(0, i + len);
  if (i > len) i = len;
  objs.ensureCapacity(list, len + 1);
  const items = objs.listItems(list);
  objs.u32.copyWithin(2 * (items + i + 1), 2 * (items + i), 2 * (items + len));
  objs.copy(items + i, args + 1);
  heap.writeI64(list + LIST_LENGTH_W, len + 1);
  objs.setNone(dst);
});
method(BuiltinType.LIST, 'extend', (rt, self, args, n, dst) => {
  expectArgs('list.extend', n, 1, 1);
  const k = rt.objs.kind(args);
  const src = k === Kind.List || k === Kind.Tuple ? args : rt.interp.pushObject(rt.iterators.toListObject(args));
  rt.ops.extendList(rt.heap.objectAt(self), src);
  if (src !== args) rt.interp.popN(1);
  rt.objs.setNone(dst);
});
method(BuiltinType.LIST, 'index', (rt, self, args, n, dst) => sequenceSearch(rt, 'index', self, args, n, dst, 'list'));
method(BuiltinType.LIST, 'count', (rt, self, args, n, dst) => sequenceSearch(rt, 'count', self, args, n, dst, 'list'));
method(BuiltinType.LIST, 'remove', (rt, self, args, n, dst) => {
  const { objs, heap } = rt;
  expectArgs('list.remove', n, 1, 1);
  for (let i = 0; ; i++) {
    const list = heap.objectAt(self);
    const len = objs.listLength(list);
    if (i >= len) break;
    if (rt.ops.itemEquals(objs.listItems(list) + i, args)) {
      const l2 = heap.objectAt(self);
      const items = objs.listItems(l2);
      const len2 = objs.listLength(l2);
      objs.u32.copyWithin(2 * (items + i), 2 * (items + i + 1), 2 * (items + len2));
      heap.writeI64(l2 + LIST_LENGTH_W, len2 - 1);
      objs.setNone(dst);
      return;
    }
  }
  throw valueError('list.remove(x): x not in list');
});
method(BuiltinType.LIST, 'reverse', (rt, self, _args, n, dst) => {
  const { objs, heap } = rt;
  expectArgs('reverse', n, 0, 0);
  const list = heap.objectAt(self);
  const first = objs.listItems(list);
  const len = objs.listLength(list);
  const copy = objs.u32.slice(2 * first, 2 * (first + len));
  for (let i = 0; i < len; i++) {
    objs.u32[2 * (first + i)] = copy[2 * (len - 1 - i)];
    objs.u32[2 * (first + i) + 1] = copy[2 * (len - 1 - i) + 1];
  }
  objs.setNone(dst);
});
method(BuiltinType.LIST, 'sort', (rt, self, _args, n, dst, kw) => {
  if (n > 0) throw typeError('sort() takes no positional arguments');
  const k = kwArg(kw, ['key', 'reverse'], 'sort');
  const rev = k.has('reverse') ? rt.ops.truthy(k.get('reverse')!) : false;
  sortList(rt, rt.heap.objectAt(self), k.get('key') ?? -1, rev);
  rt.objs.setNone(dst);
});
method(BuiltinType.LIST, 'copy', (rt, self, _args, n, dst) => {
  expectArgs('copy', n, 0, 0);
  rt.objs.setObject(dst, rt.iterators.toListObject(self));
});
method(BuiltinType.LIST, 'clear', (rt, self, _args, n, dst) => {
  expectArgs('clear', n, 0, 0);
  rt.heap.writeI64(rt.heap.objectAt(self) + LIST_LENGTH_W, 0);
  rt.objs.setNone(dst);
});
method(BuiltinType.LIST, '__init__', (rt, self, args, n, dst) => {
  expectArgs('list', n, 0, 1);
  // self is an instance of a list subclass (or a list): its list is replaced by the iterable's items.
  const target = rt.objs.kind(self) === Kind.Instance ? rt.heap.objectAt(self) + INSTANCE_BASE_W : self;
  const list = rt.heap.objectAt(target);
  rt.heap.writeI64(list + LIST_LENGTH_W, 0);
  if (n === 1) {
    const src = rt.interp.pushObject(rt.iterators.toListObject(args));
    rt.ops.extendList(rt.heap.objectAt(target), src);
    rt.interp.popN(1);
  }
  rt.objs.setNone(dst);
});

// tuple
method(BuiltinType.TUPLE, 'index', (rt, self, args, n, dst) => sequenceSearch(rt, 'index', self, args, n, dst, 'tuple'));
method(BuiltinType.TUPLE, 'count', (rt, self, args, n, dst) => sequenceSearch(rt, 'count', self, args, n, dst, 'tuple'));

// range
method(BuiltinType.RANGE, 'index', (rt, self, args, n, dst) => {
  expectArgs('index', n, 1, 1);
  if (!rt.ops.contains(self, args)) throw valueError(`${rt.fmt.repr(args)} is not in range`);
  const r = rt.heap.objectAt(self);
  const start = rt.heap.readI64(r + L.RANGE_NEXT / 8);
  const step = rt.heap.readI64(r + L.RANGE_STEP / 8);
  rt.objs.setInt(dst, (Number(rt.objs.bigOf(args)) - start) / step);
});
method(BuiltinType.RANGE, 'count', (rt, self, args, n, dst) => {
  expectArgs('count', n, 1, 1);
  rt.objs.setInt(dst, rt.ops.contains(self, args) ? 1 : 0);
});

// str: str-methods.ts (over the library)

// dict
function dictOf(rt: Runtime, self: number): number { return rt.heap.objectAt(self); }

method(BuiltinType.DICT, 'get', (rt, self, args, n, dst) => {
  expectArgs('get', n, 1, 2);
  const v = rt.dictGet(dictOf(rt, self), args);
  if (v >= 0) rt.objs.copy(dst, v);
  else if (n === 2) rt.objs.copy(dst, args + 1);
  else rt.objs.setNone(dst);
});
method(BuiltinType.DICT, 'setdefault', (rt, self, args, n, dst) => {
  expectArgs('setdefault', n, 1, 2);
  const d = dictOf(rt, self);
  const v = rt.dictGet(d, args);
  if (v >= 0) { rt.objs.copy(dst, v); return; }
  const def = n === 2 ? args + 1 : rt.interp.pushNone();
  rt.dictSetItem(d, args, def);
  rt.objs.copy(dst, def);
  if (n < 2) rt.interp.popN(1);
});
method(BuiltinType.DICT, 'pop', (rt, self, args, n, dst) => {
  expectArgs('pop', n, 1, 2);
  const d = dictOf(rt, self);
  rt.hash(args);
  const ix = rt.dicts.find(d, args, HASH[0], HASH[1], (a, b) => rt.ops.itemEquals(a, b));
  if (ix < 0) {
    if (n === 2) { rt.objs.copy(dst, args + 1); return; }
    throw rt.exceptions.keyError(args);
  }
  const scratch = rt.heap.scratchW + 9;
  rt.objs.copy(scratch, rt.dicts.entry(d, ix) + 2);
  rt.dicts.deleteFound(d, ix);
  rt.objs.copy(dst, scratch);
  rt.objs.setNone(scratch);
});
method(BuiltinType.DICT, 'popitem', (rt, self, _args, n, dst) => {
  expectArgs('popitem', n, 0, 0);
  const d = dictOf(rt, self);
  let last = -1;
  for (let i = rt.dicts.nextLive(d, 0); i >= 0; i = rt.dicts.nextLive(d, i + 1)) last = i;
  if (last < 0) throw new PyError('KeyError', "'popitem(): dictionary is empty'");
  const t = rt.objs.newTuple(2);
  const e = rt.dicts.entry(d, last);
  rt.objs.copy(rt.objs.tupleItems(t), e + 1);
  rt.objs.copy(rt.objs.tupleItems(t) + 1, e + 2);
  rt.dicts.deleteEntry(d, last);
  rt.objs.setObject(dst, t);
});
for (const [name, kind] of [['keys', 0], ['values', 1], ['items', 2]] as const) {
  method(BuiltinType.DICT, name, (rt, self, _args, n, dst) => {
    expectArgs(name, n, 0, 0);
    rt.objs.setObject(dst, rt.objs.newDictView(kind, self));
  });
}
method(BuiltinType.DICT, 'update', (rt, self, args, n, dst, kw) => {
  expectArgs('update', n, 0, 1);
  const d = dictOf(rt, self);
  if (n === 1) dictUpdateFromArg(rt, d, args);
  if (kw) for (const [k, v] of kw) {
    const key = rt.interp.pushObject(rt.internedName(k));
    rt.dictSetItem(d, key, v);
    rt.interp.popN(1);
  }
  rt.objs.setNone(dst);
});
method(BuiltinType.DICT, 'clear', (rt, self, _args, n, dst) => {
  expectArgs('clear', n, 0, 0);
  rt.dicts.clear(dictOf(rt, self));
  rt.objs.setNone(dst);
});
method(BuiltinType.DICT, 'copy', (rt, self, _args, n, dst) => {
  expectArgs('copy', n, 0, 0);
  rt.objs.setObject(dst, rt.dicts.copy(dictOf(rt, self)));
});
method(BuiltinType.DICT, 'fromkeys', (rt, self, args, n, dst) => {
  expectArgs('fromkeys', n, 1, 2);
  void self;
  const d = rt.interp.pushObject(rt.dicts.newDict());
  const value = n === 2 ? args + 1 : rt.interp.pushNone();
  const it = rt.interp.push(args);
  rt.iterators.getIter(it);
  const k = rt.interp.pushNone();
  while (rt.iterators.next(it, k)) rt.dictSetItem(rt.heap.objectAt(d), k, value);
  rt.objs.copy(dst, d);
  rt.interp.sp = d;
});
method(BuiltinType.DICT, '__init__', (rt, self, args, n, dst, kw) => {
  expectArgs('dict', n, 0, 1);
  const target = rt.objs.kind(self) === Kind.Instance ? rt.heap.objectAt(self) + INSTANCE_BASE_W : self;
  const d = rt.heap.objectAt(target);
  if (n === 1) dictUpdateFromArg(rt, d, args);
  if (kw) for (const [k, v] of kw) {
    const key = rt.interp.pushObject(rt.internedName(k));
    rt.dictSetItem(d, key, v);
    rt.interp.popN(1);
  }
  rt.objs.setNone(dst);
});

/** dict(x)/d.update(x): a mapping, or an iterable of key/value pairs. */
export function dictUpdateFromArg(rt: Runtime, d: number, src: number): void {
  const { objs, heap, interp } = rt;
  const k = objs.kind(src);
  // A mapping: a dict, an instance of a dict subclass, or anything whose class has keys().
  if (k === Kind.Dict || (k === Kind.Instance && (rt.attrs.lookupSpecial(src, 'keys') >= 0 ||
    rt.objs.kind(rt.heap.objectAt(src) + INSTANCE_BASE_W) === Kind.Dict))) {
    rt.ops.dictUpdateFrom(d, src, false);
    return;
  }
  const keep = interp.pushObject(d);
  const it = interp.push(src);
  rt.iterators.getIter(it);
  const item = interp.pushNone();
  let i = 0;
  while (rt.iterators.next(it, item)) {
    const pair = interp.push(item);
    const ki = objs.kind(pair);
    if (ki !== Kind.List && ki !== Kind.Tuple) {
      const inner = interp.push(pair);
      try {
        rt.iterators.getIter(inner);
      } catch (e) {
        if (e instanceof PyError) throw typeError(`cannot convert dictionary update sequence element #${i} to a sequence`);
        throw e;
      }
      objs.setObject(pair, rt.iterators.toListObject(pair));
      interp.popN(1);
    }
    const s = objs.sequence(pair)!;
    if (s.length !== 2) throw valueError(`dictionary update sequence element #${i} has length ${s.length}; 2 is required`);
    rt.dictSetItem(heap.objectAt(keep), s.first, s.first + 1);
    interp.popN(1);
    i++;
  }
  interp.sp = keep;
}

// set and frozenset
function setOf(rt: Runtime, self: number): number { return rt.heap.objectAt(self); }

/** A set object made from the iterable at slot w (rooted by the caller). */
function toSet(rt: Runtime, w: number): number {
  if (rt.objs.kind(w) === Kind.Set) return rt.heap.objectAt(w);
  const s = rt.interp.pushObject(rt.sets.newSet(false));
  rt.ops.setUpdateFrom(rt.heap.objectAt(s), w);
  rt.interp.popN(1);
  return rt.heap.objectAt(s);
}

for (const type of [BuiltinType.SET, BuiltinType.FROZENSET]) {
  method(type, 'copy', (rt, self, _args, n, dst) => {
    expectArgs('copy', n, 0, 0);
    const s = setOf(rt, self);
    if (rt.sets.isFrozen(s)) { rt.objs.copy(dst, self); return; }
    rt.objs.setObject(dst, rt.sets.copy(s, false));
  });
  const combine = (name: string, op: (rt: Runtime, s: number, t: number, frozen: boolean) => number) => {
    method(type, name, (rt, self, args, n, dst) => {
      const s = setOf(rt, self);
      const frozen = rt.sets.isFrozen(s);
      const acc = rt.interp.pushObject(n === 0 ? rt.sets.copy(s, frozen) : s);
      for (let i = 0; i < n; i++) {
        const t = rt.interp.pushObject(toSet(rt, args + i));
        const r = op(rt, rt.heap.objectAt(acc), rt.heap.objectAt(t), frozen);
        rt.heap.setObject(acc, r);
        rt.interp.popN(1);
      }
      rt.objs.copy(dst, acc);
      rt.interp.popN(1);
    });
  };
  combine('union', (rt, s, t, frozen) => {
    const r = rt.sets.copy(s, frozen);
    rt.heap.tempRoots.push(r);
    rt.sets.merge(r, t);
    rt.heap.tempRoots.pop();
    return r;
  });
  combine('intersection', (rt, s, t, frozen) => rt.sets.intersection(s, t, frozen));
  combine('difference', (rt, s, t, frozen) => rt.sets.difference(s, t, frozen));
  combine('symmetric_difference', (rt, s, t, frozen) => rt.sets.symmetricDifference(s, t, frozen));
  method(type, 'issubset', (rt, self, args, n, dst) => {
    expectArgs('issubset', n, 1, 1);
    const t = rt.interp.pushObject(toSet(rt, args));
    rt.objs.setBool(dst, rt.sets.isSubset(setOf(rt, self), rt.heap.objectAt(t)));
    rt.interp.popN(1);
  });
  method(type, 'issuperset', (rt, self, args, n, dst) => {
    expectArgs('issuperset', n, 1, 1);
    const t = rt.interp.pushObject(toSet(rt, args));
    rt.objs.setBool(dst, rt.sets.isSubset(rt.heap.objectAt(t), setOf(rt, self)));
    rt.interp.popN(1);
  });
  method(type, 'isdisjoint', (rt, self, args, n, dst) => {
    expectArgs('isdisjoint', n, 1, 1);
    const t = rt.interp.pushObject(toSet(rt, args));
    const i = rt.sets.intersection(setOf(rt, self), rt.heap.objectAt(t), false);
    rt.objs.setBool(dst, rt.sets.used(i) === 0);
    rt.interp.popN(1);
  });
}
method(BuiltinType.SET, 'add', (rt, self, args, n, dst) => {
  expectArgs('set.add', n, 1, 1);
  rt.sets.add(setOf(rt, self), args);
  rt.objs.setNone(dst);
});
method(BuiltinType.SET, 'discard', (rt, self, args, n, dst) => {
  expectArgs('set.discard', n, 1, 1);
  rt.sets.discard(setOf(rt, self), args);
  rt.objs.setNone(dst);
});
method(BuiltinType.SET, 'remove', (rt, self, args, n, dst) => {
  expectArgs('set.remove', n, 1, 1);
  if (!rt.sets.discard(setOf(rt, self), args)) throw rt.exceptions.keyError(args);
  rt.objs.setNone(dst);
});
method(BuiltinType.SET, 'pop', (rt, self, _args, n, dst) => {
  expectArgs('pop', n, 0, 0);
  if (!rt.sets.pop(setOf(rt, self), dst)) throw new PyError('KeyError', "'pop from an empty set'");
});
method(BuiltinType.SET, 'clear', (rt, self, _args, n, dst) => {
  expectArgs('clear', n, 0, 0);
  rt.sets.clear(setOf(rt, self));
  rt.objs.setNone(dst);
});
method(BuiltinType.SET, 'update', (rt, self, args, n, dst) => {
  for (let i = 0; i < n; i++) rt.ops.setUpdateFrom(setOf(rt, self), args + i);
  rt.objs.setNone(dst);
});
const setUpdate = (name: string, op: (rt: Runtime, s: number, t: number) => void) => {
  method(BuiltinType.SET, name, (rt, self, args, n, dst) => {
    for (let i = 0; i < n; i++) {
      const t = rt.interp.pushObject(toSet(rt, args + i));
      op(rt, setOf(rt, self), rt.heap.objectAt(t));
      rt.interp.popN(1);
    }
    rt.objs.setNone(dst);
  });
};
setUpdate('difference_update', (rt, s, t) => rt.sets.differenceUpdate(s, t));
setUpdate('symmetric_difference_update', (rt, s, t) => rt.sets.symmetricDifferenceUpdate(s, t));
setUpdate('intersection_update', (rt, s, t) => {
  const r = rt.sets.intersection(s, t, false);
  // The intersection's table becomes s's.
  for (let w = 1; w <= 4; w++) rt.objs.copy(s + w, r + w);
  rt.heap.writeI64(s + L.SET_HASH / 8, -1);
});
method(BuiltinType.SET, '__init__', (rt, self, args, n, dst) => {
  expectArgs('set', n, 0, 1);
  const target = rt.objs.kind(self) === Kind.Instance ? rt.heap.objectAt(self) + INSTANCE_BASE_W : self;
  rt.sets.clear(rt.heap.objectAt(target));
  if (n === 1) rt.ops.setUpdateFrom(rt.heap.objectAt(target), args);
  rt.objs.setNone(dst);
});

// generators, and coroutines (generator objects of an `async def`: send, throw and close, no iteration)
method(BuiltinType.GENERATOR, 'send', (rt, self, args, n, dst) => {
  expectArgs('send', n, 1, 1);
  const g = rt.heap.objectAt(self);
  if (!rt.generators.send(g, args, dst)) throw rt.exceptions.stopIteration(dst);
});
method(BuiltinType.COROUTINE, 'send', (rt, self, args, n, dst) => {
  expectArgs('send', n, 1, 1);
  const g = rt.heap.objectAt(self);
  if (rt.generators.isFinished(g)) throw new PyError('RuntimeError', 'cannot reuse already awaited coroutine');
  if (!rt.generators.send(g, args, dst)) throw rt.exceptions.stopIteration(dst);
});
method(BuiltinType.GENERATOR, '__next__', (rt, self, _args, n, dst) => {
  expectArgs('__next__', n, 0, 0);
  if (!rt.generators.next(rt.heap.objectAt(self), dst)) throw rt.exceptions.stopIteration(dst);
});
method(BuiltinType.GENERATOR, '__iter__', (rt, self, _args, _n, dst) => { rt.objs.copy(dst, self); });
for (const type of [BuiltinType.GENERATOR, BuiltinType.COROUTINE]) {
  method(type, 'close', (rt, self, _args, n, dst) => {
    expectArgs('close', n, 0, 0);
    rt.generators.close(rt.heap.objectAt(self));
    rt.objs.setNone(dst);
  });
  method(type, 'throw', (rt, self, args, n, dst) => {
    expectArgs('throw', n, 1, 3);
    const e = rt.interp.push(args);
    if (rt.objs.kind(e) === Kind.Class) rt.call(e, e);
    if (rt.objs.kind(e) !== Kind.Instance || !rt.types.isExceptionClass(rt.types.classOf(e))) throw typeError('exceptions must be classes or instances deriving from BaseException, not ' + rt.typeName(e));
    const err = rt.exceptions.raise(rt.heap.objectAt(e));
    rt.interp.popN(1);
    if (!rt.generators.throwInto(rt.heap.objectAt(self), err, dst)) throw rt.exceptions.stopIteration(dst);
  });
}

// iterators
for (const type of [BuiltinType.LIST_ITERATOR, BuiltinType.RANGE_ITERATOR, BuiltinType.ITERATOR, BuiltinType.ZIP, BuiltinType.MAP,
  BuiltinType.FILTER, BuiltinType.ENUMERATE, BuiltinType.REVERSED]) {
  method(type, '__next__', (rt, self, _args, n, dst) => {
    expectArgs('__next__', n, 0, 0);
    if (!rt.iterators.next(self, dst)) throw new PyError('StopIteration', '');
  });
  method(type, '__iter__', (rt, self, _args, _n, dst) => { rt.objs.copy(dst, self); });
}

// property
for (const [name, field] of [['getter', DESCRIPTOR_F1_W], ['setter', DESCRIPTOR_F2_W], ['deleter', DESCRIPTOR_F3_W]] as const) {
  method(BuiltinType.PROPERTY, name, (rt, self, args, n, dst) => {
    expectArgs(name, n, 1, 1);
    const p = rt.heap.objectAt(self);
    const fields = [p + DESCRIPTOR_F1_W, p + DESCRIPTOR_F2_W, p + DESCRIPTOR_F3_W];
    fields[[DESCRIPTOR_F1_W, DESCRIPTOR_F2_W, DESCRIPTOR_F3_W].indexOf(field)] = args;
    rt.objs.setObject(dst, rt.objs.newDescriptor(L.DESCRIPTOR_PROPERTY, fields[0], fields[1], fields[2]));
  });
}

// object: what every class inherits
method(BuiltinType.OBJECT, '__init__', (rt, _self, _args, _n, dst) => { rt.objs.setNone(dst); });
// The end of a chain of super().__init_subclass__(**kw) (Classes.initSubclass): takes nothing more.
method(BuiltinType.OBJECT, '__init_subclass__', (rt, self, _args, n, dst, kw) => {
  if (n > 0 || (kw && kw.size > 0)) {
    const owner = self >= 0 && rt.objs.kind(self) === Kind.Class ? rt.types.className(rt.heap.objectAt(self)) : 'object';
    throw typeError(n > 0 ? `${owner}.__init_subclass__() takes no arguments (${n} given)` : `${owner}.__init_subclass__() takes no keyword arguments`);
  }
  rt.objs.setNone(dst);
});
method(BuiltinType.OBJECT, '__new__', (rt, self, _args, _n, dst) => {
  // object.__new__(cls): self is the class.
  if (rt.objs.kind(self) !== Kind.Class) throw typeError('object.__new__(X): X is not a type object');
  rt.heap.setObject(dst, rt.classes.newInstance(rt.heap.objectAt(self)));
});
// tuple.__new__(cls, iterable) and the others: what a subclass's __new__ calls (namedtuple's does).
for (const type of [BuiltinType.TUPLE, BuiltinType.INT, BuiltinType.FLOAT, BuiltinType.STR, BuiltinType.FROZENSET,
  BuiltinType.LIST, BuiltinType.DICT, BuiltinType.SET]) {
  method(type, '__new__', (rt, self, args, n, dst) => rt.classes.newOfBuiltin(type, self, args, n, dst));
}
method(BuiltinType.OBJECT, '__repr__', (rt, self, _args, _n, dst) => {
  const o = rt.heap.objectAt(self);
  const c = rt.types.classOf(self);
  const qual = rt.types.qualifiedName(c);
  setStr(rt, dst, `<${qual} object at 0x${rt.heap.addressOf(o).toString(16)}>`);
});
method(BuiltinType.OBJECT, '__str__', (rt, self, _args, _n, dst) => { setStr(rt, dst, rt.fmt.repr(self)); });
method(BuiltinType.OBJECT, '__eq__', (rt, self, args, n, dst) => {
  expectArgs('__eq__', n, 1, 1);
  const same = rt.objs.u32[2 * self] === rt.objs.u32[2 * args] && rt.objs.u32[2 * self + 1] === rt.objs.u32[2 * args + 1];
  if (same) rt.objs.setBool(dst, true);
  else rt.heap.setObject(dst, rt.notImplemented);
});
method(BuiltinType.OBJECT, '__ne__', (rt, self, args, n, dst) => {
  expectArgs('__ne__', n, 1, 1);
  rt.objs.setBool(dst, !rt.ops.equals(self, args));
});
method(BuiltinType.OBJECT, '__hash__', (rt, self, _args, _n, dst) => {
  // An instance's identity hash: rt.hash would look __hash__ up again and find this method.
  if (rt.objs.kind(self) === Kind.Instance) hashAddress(rt.heap.addressOf(rt.heap.objectAt(self)));
  else rt.hash(self);
  rt.objs.setBig(dst, BigInt.asIntN(64, (BigInt(HASH[1]) << 32n) | BigInt(HASH[0])));
});
method(BuiltinType.OBJECT, '__setattr__', (rt, self, args, n, dst) => {
  expectArgs('__setattr__', n, 2, 2);
  const name = strArg(rt, args, 'attribute name');
  if (rt.objs.kind(self) === Kind.Instance) rt.classes.setAttribute(rt.heap.objectAt(self), name, args + 1);
  else rt.attrs.store(self, name, args + 1);
  rt.objs.setNone(dst);
});
method(BuiltinType.OBJECT, '__getattribute__', (rt, self, args, n, dst) => {
  expectArgs('__getattribute__', n, 1, 1);
  const name = strArg(rt, args, 'attribute name');
  const v = rt.interp.push(self);
  rt.attrs.load(v, name);
  rt.objs.copy(dst, v);
  rt.interp.popN(1);
});
method(BuiltinType.OBJECT, '__format__', (rt, self, args, n, dst) => {
  expectArgs('__format__', n, 1, 1);
  const spec = strArg(rt, args, 'format spec');
  if (spec !== '') throw typeError(`unsupported format string passed to ${rt.typeName(self)}.__format__`);
  setStr(rt, dst, rt.fmt.str(self));
});

// BaseException
method(BuiltinType.BASE_EXCEPTION, '__init__', (rt, self, args, n, dst) => {
  const t = rt.objs.newTuple(n);
  rt.objs.u32.copyWithin(2 * rt.objs.tupleItems(t), 2 * args, 2 * (args + n));
  rt.objs.setObject(rt.exceptions.slot(rt.heap.objectAt(self), EXC_ARGS), t);
  rt.objs.setNone(dst);
});
method(BuiltinType.BASE_EXCEPTION, '__str__', (rt, self, _args, _n, dst) => {
  setStr(rt, dst, rt.exceptions.defaultMessage(rt.heap.objectAt(self)));
});
method(BuiltinType.BASE_EXCEPTION, 'with_traceback', (rt, self, _args, _n, dst) => { rt.objs.copy(dst, self); });

// Special methods of the built-in containers and numbers (for super().__getitem__(i) and friends).
const dunder = (types: BuiltinType[], name: string, fn: MethodFn) => { for (const t of types) method(t, name, fn); };
const CONTAINERS = [BuiltinType.LIST, BuiltinType.TUPLE, BuiltinType.DICT, BuiltinType.SET, BuiltinType.FROZENSET, BuiltinType.STR, BuiltinType.RANGE];
dunder(CONTAINERS, '__len__', (rt, self, _args, _n, dst) => { rt.objs.setInt(dst, rt.ops.len(self)); });
dunder(CONTAINERS, '__contains__', (rt, self, args, _n, dst) => { rt.objs.setBool(dst, rt.ops.contains(self, args)); });
dunder(CONTAINERS, '__iter__', (rt, self, _args, _n, dst) => { rt.objs.copy(dst, self); rt.iterators.getIter(dst); });
dunder([BuiltinType.LIST, BuiltinType.TUPLE, BuiltinType.DICT, BuiltinType.STR, BuiltinType.RANGE], '__getitem__', (rt, self, args, _n, dst) => {
  const v = rt.interp.push(self);
  rt.ops.subscript(v, args);
  rt.objs.copy(dst, v);
  rt.interp.popN(1);
});
dunder([BuiltinType.LIST, BuiltinType.DICT], '__setitem__', (rt, self, args, _n, dst) => {
  rt.ops.storeSubscript(args + 1, self, args);
  rt.objs.setNone(dst);
});
dunder([BuiltinType.LIST, BuiltinType.DICT], '__delitem__', (rt, self, args, _n, dst) => {
  rt.ops.deleteSubscript(self, args);
  rt.objs.setNone(dst);
});
dunder([...CONTAINERS, BuiltinType.INT, BuiltinType.FLOAT], '__eq__', (rt, self, args, _n, dst) => { rt.objs.setBool(dst, rt.ops.equals(self, args)); });
dunder([...CONTAINERS, BuiltinType.INT, BuiltinType.FLOAT], '__repr__', (rt, self, _args, _n, dst) => { setStr(rt, dst, rt.fmt.repr(self)); });
dunder([BuiltinType.DICT], 'keys', TABLES[BuiltinType.DICT]!.get('keys')!);
