// The bisect module (runtime/vm/library/bisect.ts) over lists and tuples:
// items compared with Python's < (instances' __lt__ included), key= applied
// to the items (and by insort to x), lo/hi as the C module takes them.
import { CompareOp } from '../frontend/bytecode.ts';
import { Kind, LIST_LENGTH_W } from '../heap/objects.ts';
import { PyError, attributeError, typeError } from '../heap/py-error.ts';
import * as B from '../library/bisect.ts';
import { def, type Keywords } from './builtin-registry.ts';
import { intArgOf } from './library-host.ts';
import { arity, keywordArgs } from './math-module.ts';
import { registerModule } from './modules.ts';
import type { Runtime } from './runtime.ts';

interface BisectArgs { lo: number; hi: number | null; key: ((item: number) => number) | null }

function bisectArgs(name: string, rt: Runtime, a: number, n: number, kw: Keywords): BisectArgs {
  const k = keywordArgs(name, kw, ['a', 'x', 'lo', 'hi', 'key']);
  if (n < 2) {
    const missing = ['a', 'x'].slice(n).filter((m) => !k.has(m));
    if (missing.length > 0) throw typeError(`${name}() missing required argument '${missing[0]}' (pos ${n + 1})`);
  }
  arity(name, n, 0, 4);
  const loW = n >= 3 ? a + 2 : k.get('lo');
  const hiW = n >= 4 ? a + 3 : k.get('hi');
  const lo = loW === undefined ? 0 : Number(intArgOf(rt, loW));
  const hi = hiW === undefined || rt.objs.isNone(hiW) ? null : Number(intArgOf(rt, hiW));
  const keyW = k.get('key');
  let key: BisectArgs['key'] = null;
  if (keyW !== undefined && !rt.objs.isNone(keyW)) {
    key = (item) => {
      const f = rt.interp.push(keyW);
      rt.interp.push(item);
      rt.interp.callValue(f, 1);
      return f; // the result stays on the value stack until the builtin returns
    };
  }
  return { lo, hi, key };
}

/** The sequence in slot a: a list or tuple read afresh at each step (a key or __lt__ may change it), else len() and a[i]. */
function sequenceOf(rt: Runtime, a: number): B.Sequence<number> {
  const kind = rt.objs.kind(a);
  if (kind === Kind.List || kind === Kind.Tuple) {
    return {
      length: rt.objs.sequence(a)!.length,
      get(i: number): number {
        const s = rt.objs.sequence(a)!;
        if (i >= s.length) throw new PyError('IndexError', `${rt.typeName(a)} index out of range`);
        return s.first + i;
      },
    };
  }
  return {
    length: rt.ops.len(a),
    get(i: number): number {
      const v = rt.interp.push(a);
      const k = rt.interp.pushNone();
      rt.objs.setInt(k, i);
      rt.ops.subscript(v, k);
      return v;
    },
  };
}

const lessThan = (rt: Runtime) => (p: number, q: number): boolean => rt.ops.compareBool(CompareOp.LT, p, q);

for (const [name, f] of [['bisect_left', B.bisectLeft], ['bisect_right', B.bisectRight], ['bisect', B.bisectRight]] as const) {
  def(name, (rt, a, n, dst, kw) => {
    const { lo, hi, key } = bisectArgs(name, rt, a, n, kw);
    rt.objs.setInt(dst, f(sequenceOf(rt, a), a + 1, lessThan(rt), lo, hi, key));
  }, 'bisect');
}

for (const [name, f] of [['insort_left', B.insortLeft], ['insort_right', B.insortRight], ['insort', B.insortRight]] as const) {
  def(name, (rt, a, n, dst, kw) => {
    const { lo, hi, key } = bisectArgs(name, rt, a, n, kw);
    if (rt.objs.kind(a) !== Kind.List) throw attributeError(`'${rt.typeName(a)}' object has no attribute 'insert'`);
    let i = f(sequenceOf(rt, a), a + 1, lessThan(rt), lo, hi, key);
    const { objs, heap } = rt;
    const list = heap.objectAt(a);
    const len = objs.listLength(list);
    if (i > len) i = len;
    objs.ensureCapacity(list, len + 1);
    const items = objs.listItems(list);
    objs.u32.copyWithin(2 * (items + i + 1), 2 * (items + i), 2 * (items + len));
    objs.copy(items + i, a + 1);
    heap.writeI64(list + LIST_LENGTH_W, len + 1);
    objs.setNone(dst);
  }, 'bisect');
}

registerModule('bisect');
