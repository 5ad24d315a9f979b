// collections.deque's storage and hot operations in TypeScript (module
// _collections): a deque instance (the Python class in stdlib/collections.ts)
// carries as its built-in value a ring buffer, a list object laid out as
//   [head, count, maxlen (None or int), item 0 .. item cap-1]
// with the items at ring positions (head + i) % cap. The methods are
// registered on the hidden built-in type DEQUE_STORAGE and handed to the
// class as unbound built-in methods (append = _collections.append), which
// bind like functions; called on an instance they receive its ring's slot.
// So append/appendleft/pop/popleft/len/indexing are O(1) without a Python
// frame. Iteration walks a snapshot of the items.
import { CompareOp } from '../frontend/bytecode.ts';
import { INSTANCE_BASE_W, Kind } from '../heap/objects.ts';
import { PyError, indexError, typeError, valueError } from '../heap/py-error.ts';
import { def, type Keywords } from './builtin-registry.ts';
import { BuiltinType } from './builtin-types.ts';
import { method, type MethodFn } from './methods.ts';
import { registerModule } from './modules.ts';
import type { Runtime } from './runtime.ts';

const HEAD = 0;
const COUNT = 1;
const MAXLEN = 2;
const RING = 3;

/** The ring of the deque whose storage is in slot self. */
class Ring {
  readonly o: number;
  readonly first: number;
  readonly cap: number;
  head: number;
  count: number;

  constructor(private readonly rt: Runtime, readonly self: number) {
    const objs = rt.objs;
    if (objs.kind(self) !== Kind.List) throw typeError("descriptor requires a 'collections.deque' object");
    this.o = rt.heap.objectAt(self);
    this.first = objs.listItems(this.o);
    this.cap = objs.listLength(this.o) - RING;
    this.head = objs.smallInt(this.first + HEAD);
    this.count = objs.smallInt(this.first + COUNT);
  }

  get maxlen(): number {
    const w = this.first + MAXLEN;
    return this.rt.objs.isNone(w) ? -1 : this.rt.objs.smallInt(w);
  }

  /** Slot of item i (0 <= i < count). */
  at(i: number): number {
    let p = this.head + i;
    if (p >= this.cap) p -= this.cap;
    return this.first + RING + p;
  }

  store(): void {
    this.rt.objs.setInt(this.first + HEAD, this.head);
    this.rt.objs.setInt(this.first + COUNT, this.count);
  }
}

/** A fresh ring with room for cap items holding `items` (slots), maxlen from slot maxlenW (None: unbounded). */
function newRing(rt: Runtime, cap: number, items: (i: number) => number, count: number, maxlen: number): number {
  const objs = rt.objs;
  const o = objs.newList(RING + cap);
  const first = objs.listItems(o);
  objs.setInt(first + HEAD, 0);
  objs.setInt(first + COUNT, count);
  if (maxlen < 0) objs.setNone(first + MAXLEN);
  else objs.setInt(first + MAXLEN, maxlen);
  for (let i = 0; i < count; i++) objs.copy(first + RING + i, items(i));
  return o;
}

/** Makes room for one more item (doubling the ring); the ring afterwards. */
function grow(rt: Runtime, r: Ring): Ring {
  if (r.count < r.cap) return r;
  const o = newRing(rt, Math.max(8, r.cap * 2), (i) => r.at(i), r.count, r.maxlen);
  rt.objs.setObject(r.self, o);
  return new Ring(rt, r.self);
}

function noKw(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`deque.${name}() takes no keyword arguments`);
}

function arity(name: string, n: number, want: number): void {
  if (n === want) return;
  if (want === 0) throw typeError(`deque.${name}() takes no arguments (${n} given)`);
  if (want === 1) throw typeError(`deque.${name}() takes exactly one argument (${n} given)`);
  throw typeError(`${name} expected ${want} arguments, got ${n}`);
}

const m = (name: string, fn: MethodFn) => method(BuiltinType.DEQUE_STORAGE, name, fn);

function pushRight(rt: Runtime, self: number, x: number): void {
  let r = new Ring(rt, self);
  const maxlen = r.maxlen;
  if (maxlen === 0) return;
  if (r.count === maxlen) {
    // Full: the leftmost item goes.
    rt.objs.setNone(r.at(0));
    r.head = r.head + 1 === r.cap ? 0 : r.head + 1;
    r.count--;
  }
  r = grow(rt, r);
  rt.objs.copy(r.at(r.count), x);
  r.count++;
  r.store();
}

function pushLeft(rt: Runtime, self: number, x: number): void {
  let r = new Ring(rt, self);
  const maxlen = r.maxlen;
  if (maxlen === 0) return;
  if (r.count === maxlen) {
    // Full: the rightmost item goes.
    rt.objs.setNone(r.at(r.count - 1));
    r.count--;
  }
  r = grow(rt, r);
  r.head = r.head === 0 ? r.cap - 1 : r.head - 1;
  r.count++;
  rt.objs.copy(r.at(0), x);
  r.store();
}

m('append', (rt, self, args, n, dst, kw) => { noKw('append', kw); arity('append', n, 1); pushRight(rt, self, args); rt.objs.setNone(dst); });
m('appendleft', (rt, self, args, n, dst, kw) => { noKw('appendleft', kw); arity('appendleft', n, 1); pushLeft(rt, self, args); rt.objs.setNone(dst); });

m('pop', (rt, self, _args, n, dst, kw) => {
  noKw('pop', kw);
  arity('pop', n, 0);
  const r = new Ring(rt, self);
  if (r.count === 0) throw indexError('pop from an empty deque');
  const s = r.at(r.count - 1);
  rt.objs.copy(dst, s);
  rt.objs.setNone(s);
  r.count--;
  r.store();
});

m('popleft', (rt, self, _args, n, dst, kw) => {
  noKw('popleft', kw);
  arity('popleft', n, 0);
  const r = new Ring(rt, self);
  if (r.count === 0) throw indexError('pop from an empty deque');
  const s = r.at(0);
  rt.objs.copy(dst, s);
  rt.objs.setNone(s);
  r.head = r.head + 1 === r.cap ? 0 : r.head + 1;
  r.count--;
  r.store();
});

/** The items of an iterable as a list pushed on the value stack (a snapshot, so d.extend(d) is fine). */
function itemsList(rt: Runtime, w: number): number {
  return rt.interp.pushObject(rt.iterators.toListObject(w));
}

for (const [name, push] of [['extend', pushRight], ['extendleft', pushLeft]] as const) {
  m(name, (rt, self, args, n, dst, kw) => {
    noKw(name, kw);
    arity(name, n, 1);
    const list = itemsList(rt, args);
    const len = rt.objs.listLength(rt.heap.objectAt(list));
    for (let i = 0; i < len; i++) push(rt, self, rt.objs.listItems(rt.heap.objectAt(list)) + i);
    rt.objs.setNone(dst);
  });
}

m('clear', (rt, self, _args, n, dst, kw) => {
  noKw('clear', kw);
  arity('clear', n, 0);
  const r = new Ring(rt, self);
  rt.objs.setObject(self, newRing(rt, 8, () => -1, 0, r.maxlen));
  rt.objs.setNone(dst);
});

m('__len__', (rt, self, _args, n, dst) => { arity('__len__', n, 0); rt.objs.setInt(dst, new Ring(rt, self).count); });
m('__bool__', (rt, self, _args, n, dst) => { arity('__bool__', n, 0); rt.objs.setBool(dst, new Ring(rt, self).count > 0); });
m('maxlen', (rt, self, _args, _n, dst) => {
  const r = new Ring(rt, self);
  if (r.maxlen < 0) rt.objs.setNone(dst);
  else rt.objs.setInt(dst, r.maxlen);
});

/** An index argument in range (negative from the end); IndexError otherwise. */
function indexArg(rt: Runtime, r: Ring, w: number): number {
  let i = rt.ops.indexOf(w, `sequence index must be integer, not '${rt.typeName(w)}'`);
  if (i < 0) i += r.count;
  if (i < 0 || i >= r.count) throw indexError('deque index out of range');
  return i;
}

/** An int in a slot pushed on the value stack. */
function pushInt(rt: Runtime, i: number): number {
  const w = rt.interp.pushNone();
  rt.objs.setInt(w, i);
  return w;
}

m('__getitem__', (rt, self, args, n, dst) => {
  arity('__getitem__', n, 1);
  const r = new Ring(rt, self);
  rt.objs.copy(dst, r.at(indexArg(rt, r, args)));
});
m('__setitem__', (rt, self, args, n, dst) => {
  arity('__setitem__', n, 2);
  const r = new Ring(rt, self);
  rt.objs.copy(r.at(indexArg(rt, r, args)), args + 1);
  rt.objs.setNone(dst);
});

/** Rebuilds the ring from a list of items (slots), keeping maxlen. */
function refill(rt: Runtime, self: number, list: number): void {
  const r = new Ring(rt, self);
  const o = rt.heap.objectAt(list);
  const len = rt.objs.listLength(o);
  const ring = newRing(rt, Math.max(8, len), (i) => rt.objs.listItems(rt.heap.objectAt(list)) + i, len, r.maxlen);
  rt.objs.setObject(self, ring);
}

/** The items in order as a new list pushed on the value stack. */
function snapshot(rt: Runtime, self: number): number {
  const r = new Ring(rt, self);
  const list = rt.interp.pushObject(rt.objs.newList(r.count));
  const r2 = new Ring(rt, self);
  const first = rt.objs.listItems(rt.heap.objectAt(list));
  for (let i = 0; i < r2.count; i++) rt.objs.copy(first + i, r2.at(i));
  return list;
}

m('__delitem__', (rt, self, args, n, dst) => {
  arity('__delitem__', n, 1);
  const r = new Ring(rt, self);
  const i = indexArg(rt, r, args);
  const list = snapshot(rt, self);
  rt.ops.deleteSubscript(list, pushInt(rt, i));
  refill(rt, self, list);
  rt.objs.setNone(dst);
});

m('__iter__', (rt, self, _args, n, dst) => {
  arity('__iter__', n, 0);
  const list = snapshot(rt, self);
  rt.iterators.getIter(list);
  rt.objs.copy(dst, list);
});

m('__reversed__', (rt, self, _args, n, dst) => {
  arity('__reversed__', n, 0);
  const list = snapshot(rt, self);
  const o = rt.heap.objectAt(list);
  const first = rt.objs.listItems(o);
  const len = rt.objs.listLength(o);
  for (let i = 0, j = len - 1; i < j; i++, j--) {
    const t = rt.interp.push(first + i);
    rt.objs.copy(first + i, first + j);
    rt.objs.copy(first + j, t);
    rt.interp.popN(1);
  }
  rt.iterators.getIter(list);
  rt.objs.copy(dst, list);
});

/** Index of the first item equal to x in [start, stop), or -1; a comparison that mutates the deque is CPython's RuntimeError. */
function find(rt: Runtime, self: number, x: number, start: number, stop: number): number {
  for (let i = start; i < stop; i++) {
    const r = new Ring(rt, self);
    if (i >= r.count) break;
    const count = r.count;
    const eq = rt.ops.compareBool(CompareOp.EQ, r.at(i), x);
    if (new Ring(rt, self).count !== count) throw new PyError('RuntimeError', 'deque mutated during iteration');
    if (eq) return i;
  }
  return -1;
}

m('__contains__', (rt, self, args, n, dst) => {
  arity('__contains__', n, 1);
  rt.objs.setBool(dst, find(rt, self, args, 0, new Ring(rt, self).count) >= 0);
});

m('count', (rt, self, args, n, dst, kw) => {
  noKw('count', kw);
  arity('count', n, 1);
  let c = 0;
  for (let i = 0; i < new Ring(rt, self).count; i++) {
    const r = new Ring(rt, self);
    const eq = rt.ops.compareBool(CompareOp.EQ, r.at(i), args);
    if (new Ring(rt, self).count !== r.count) throw new PyError('RuntimeError', 'deque mutated during iteration');
    if (eq) c++;
  }
  rt.objs.setInt(dst, c);
});

m('index', (rt, self, args, n, dst, kw) => {
  noKw('index', kw);
  if (n < 1 || n > 3) throw typeError(n < 1 ? `index expected at least 1 argument, got ${n}` : `index expected at most 3 arguments, got ${n}`);
  const len = new Ring(rt, self).count;
  const bound = (w: number, d: number) => {
    if (w < 0) return d;
    let v = Number(rt.objs.bigOf(w));
    if (v < 0) v = Math.max(0, v + len);
    return Math.min(v, len);
  };
  const i = find(rt, self, args, bound(n > 1 ? args + 1 : -1, 0), bound(n > 2 ? args + 2 : -1, len));
  if (i < 0) throw valueError(`${rt.fmt.repr(args)} is not in deque`);
  rt.objs.setInt(dst, i);
});

m('remove', (rt, self, args, n, dst, kw) => {
  noKw('remove', kw);
  arity('remove', n, 1);
  const i = find(rt, self, args, 0, new Ring(rt, self).count);
  if (i < 0) throw valueError('deque.remove(x): x not in deque');
  const list = snapshot(rt, self);
  rt.ops.deleteSubscript(list, pushInt(rt, i));
  refill(rt, self, list);
  rt.objs.setNone(dst);
});

m('insert', (rt, self, args, n, dst, kw) => {
  noKw('insert', kw);
  arity('insert', n, 2);
  const r = new Ring(rt, self);
  if (r.maxlen >= 0 && r.count >= r.maxlen) throw indexError('deque already at its maximum size');
  let i = Number(rt.objs.bigOf(args));
  if (i < 0) i = Math.max(0, i + r.count);
  i = Math.min(i, r.count);
  const list = snapshot(rt, self);
  const o = rt.heap.objectAt(list);
  const len = rt.objs.listLength(o);
  rt.objs.listAppend(o, args + 1);
  const first = rt.objs.listItems(rt.heap.objectAt(list));
  rt.objs.u32.copyWithin(2 * (first + i + 1), 2 * (first + i), 2 * (first + len));
  rt.objs.copy(first + i, args + 1);
  refill(rt, self, list);
  rt.objs.setNone(dst);
});

m('reverse', (rt, self, _args, n, dst, kw) => {
  noKw('reverse', kw);
  arity('reverse', n, 0);
  const r = new Ring(rt, self);
  for (let i = 0, j = r.count - 1; i < j; i++, j--) {
    const t = rt.interp.push(r.at(i));
    rt.objs.copy(r.at(i), r.at(j));
    rt.objs.copy(r.at(j), t);
    rt.interp.popN(1);
  }
  rt.objs.setNone(dst);
});

m('rotate', (rt, self, args, n, dst, kw) => {
  noKw('rotate', kw);
  if (n > 1) throw typeError(`rotate expected at most 1 argument, got ${n}`);
  const r = new Ring(rt, self);
  let k = n === 1 ? Number(rt.objs.bigOf(args)) : 1;
  if (r.count > 1 && k !== 0) {
    k %= r.count;
    if (k < 0) k += r.count;
    // Rotating right by k: the last k items move to the front.
    const list = snapshot(rt, self);
    const rotated = rt.interp.pushObject(rt.objs.newList(r.count));
    const src = rt.objs.listItems(rt.heap.objectAt(list));
    const out = rt.objs.listItems(rt.heap.objectAt(rotated));
    for (let i = 0; i < r.count; i++) rt.objs.copy(out + ((i + k) % r.count), src + i);
    refill(rt, self, rotated);
  }
  rt.objs.setNone(dst);
});

// _collections.init(deque, maxlen): a fresh, empty ring as the instance's built-in value.
def('init', (rt, a, n, dst) => {
  if (n !== 2 || rt.objs.kind(a) !== Kind.Instance) throw typeError('init(deque, maxlen)');
  let maxlen = -1;
  if (!rt.objs.isNone(a + 1)) {
    const k = rt.objs.kind(a + 1);
    if (k !== Kind.Int && k !== Kind.BigInt) throw typeError('an integer is required');
    const v = rt.objs.bigOf(a + 1);
    if (v < 0n) throw valueError('maxlen must be non-negative');
    if (v > 0x7fffffffffffn) throw new PyError('OverflowError', 'Python int too large to convert to C ssize_t');
    maxlen = Number(v);
  }
  const ring = newRing(rt, 8, () => -1, 0, maxlen);
  rt.heap.setObject(rt.heap.objectAt(a) + INSTANCE_BASE_W, ring);
  rt.objs.setNone(dst);
}, '_collections');

const METHODS = ['append', 'appendleft', 'pop', 'popleft', 'extend', 'extendleft', 'clear', '__len__', '__bool__', 'maxlen',
  '__getitem__', '__setitem__', '__delitem__', '__iter__', '__reversed__', '__contains__', 'count', 'index', 'remove', 'insert',
  'reverse', 'rotate'];

registerModule('_collections', (rt, set) => {
  const slot = rt.interp.pushNone();
  for (const name of METHODS) {
    rt.heap.setObject(slot, rt.newBuiltinMethodObject(name, -1, BuiltinType.DEQUE_STORAGE));
    set(name, slot);
  }
  rt.interp.popN(1);
});
