// The _heapq module: CPython's C heap operations (heappush, heappop,
// heapify, heapreplace, heappushpop) over list objects in the arena, so a
// heap in a hot loop costs no Python frames. stdlib/heapq.ts imports them
// over its Python definitions, as CPython's heapq.py does from _heapq. The
// sift algorithms are CPython's (the same list order as python3); items are
// compared with Python's < (instances' __lt__ too), the list is read afresh
// after every comparison, and a comparison that changes its size is
// CPython's RuntimeError.
import { CompareOp } from '../frontend/bytecode.ts';
import { Kind, LIST_LENGTH_W } from '../heap/objects.ts';
import { PyError, indexError, typeError } from '../heap/py-error.ts';
import { def, type Keywords } from './builtin-registry.ts';
import { registerModule } from './modules.ts';
import type { Runtime } from './runtime.ts';

function checkArgs(name: string, rt: Runtime, a: number, n: number, want: number, kw: Keywords): number {
  if (kw && kw.size > 0) throw typeError(`_heapq.${name}() takes no keyword arguments`);
  if (n !== want) {
    if (want === 1) throw typeError(`_heapq.${name}() takes exactly one argument (${n} given)`);
    throw typeError(`${name} expected ${want} arguments, got ${n}`);
  }
  if (rt.objs.kind(a) !== Kind.List) throw typeError(`${name}() argument${want === 1 ? '' : ' 1'} must be list, not ${rt.typeName(a)}`);
  return rt.heap.objectAt(a);
}

/** items[i] < items[j] (by slot), small ints and floats without the general comparison. */
function less(rt: Runtime, x: number, y: number): boolean {
  const objs = rt.objs;
  const kx = objs.kind(x);
  const ky = objs.kind(y);
  if (kx === Kind.Int && ky === Kind.Int) return objs.smallInt(x) < objs.smallInt(y);
  if (kx === Kind.Float && ky === Kind.Float) return objs.f64[x] < objs.f64[y];
  return rt.ops.compareBool(CompareOp.LT, x, y);
}

function changed(): PyError {
  return new PyError('RuntimeError', 'list changed size during iteration');
}

/** CPython's siftdown: the item at pos moves toward startpos while it is smaller than its parent. */
function siftDown(rt: Runtime, list: number, startpos: number, pos: number): void {
  const objs = rt.objs;
  const size = objs.listLength(list);
  const item = rt.interp.push(objs.listItems(list) + pos);
  while (pos > startpos) {
    const parentpos = (pos - 1) >> 1;
    const lt = less(rt, item, objs.listItems(list) + parentpos);
    if (objs.listLength(list) !== size) throw changed();
    if (!lt) break;
    const items = objs.listItems(list);
    objs.copy(items + pos, items + parentpos);
    pos = parentpos;
  }
  objs.copy(objs.listItems(list) + pos, item);
  rt.interp.popN(1);
}

/** CPython's siftup: the smaller child moves up until a leaf, then the item sifts down from there. */
function siftUp(rt: Runtime, list: number, pos: number): void {
  const objs = rt.objs;
  const endpos = objs.listLength(list);
  const startpos = pos;
  const item = rt.interp.push(objs.listItems(list) + pos);
  let childpos = 2 * pos + 1;
  while (childpos < endpos) {
    const rightpos = childpos + 1;
    if (rightpos < endpos) {
      const items = objs.listItems(list);
      const lt = less(rt, items + childpos, items + rightpos);
      if (objs.listLength(list) !== endpos) throw changed();
      if (!lt) childpos = rightpos;
    }
    const items = objs.listItems(list);
    objs.copy(items + pos, items + childpos);
    pos = childpos;
    childpos = 2 * pos + 1;
  }
  objs.copy(objs.listItems(list) + pos, item);
  rt.interp.popN(1);
  siftDown(rt, list, startpos, pos);
}

def('heappush', (rt, a, n, dst, kw) => {
  const list = checkArgs('heappush', rt, a, n, 2, kw);
  rt.objs.listAppend(list, a + 1);
  siftDown(rt, list, 0, rt.objs.listLength(list) - 1);
  rt.objs.setNone(dst);
}, '_heapq');

/** Removes and returns (into dst) the list's last item. */
function popLast(rt: Runtime, list: number, dst: number): void {
  const objs = rt.objs;
  const len = objs.listLength(list);
  if (len === 0) throw indexError('index out of range');
  const last = objs.listItems(list) + len - 1;
  objs.copy(dst, last);
  objs.setNone(last);
  rt.heap.writeI64(list + LIST_LENGTH_W, len - 1);
}

def('heappop', (rt, a, n, dst, kw) => {
  const list = checkArgs('heappop', rt, a, n, 1, kw);
  const objs = rt.objs;
  const last = rt.interp.pushNone();
  popLast(rt, list, last);
  if (objs.listLength(list) === 0) { objs.copy(dst, last); return; }
  const first = objs.listItems(list);
  objs.copy(dst, first);
  objs.copy(first, last);
  siftUp(rt, list, 0);
}, '_heapq');

def('heapreplace', (rt, a, n, dst, kw) => {
  const list = checkArgs('heapreplace', rt, a, n, 2, kw);
  const objs = rt.objs;
  if (objs.listLength(list) === 0) throw indexError('index out of range');
  const first = objs.listItems(list);
  const item = rt.interp.push(a + 1);
  objs.copy(dst, first);
  objs.copy(first, item);
  siftUp(rt, list, 0);
}, '_heapq');

def('heappushpop', (rt, a, n, dst, kw) => {
  const list = checkArgs('heappushpop', rt, a, n, 2, kw);
  const objs = rt.objs;
  if (objs.listLength(list) === 0) { objs.copy(dst, a + 1); return; }
  const top = rt.interp.push(objs.listItems(list));
  const lt = less(rt, top, a + 1);
  if (!lt) { objs.copy(dst, a + 1); return; }
  if (objs.listLength(list) === 0) throw indexError('index out of range');
  const first = objs.listItems(list);
  objs.copy(dst, first);
  objs.copy(first, a + 1);
  siftUp(rt, list, 0);
}, '_heapq');

def('heapify', (rt, a, n, dst, kw) => {
  const list = checkArgs('heapify', rt, a, n, 1, kw);
  for (let i = (rt.objs.listLength(list) >> 1) - 1; i >= 0; i--) siftUp(rt, list, i);
  rt.objs.setNone(dst);
}, '_heapq');

registerModule('_heapq');
