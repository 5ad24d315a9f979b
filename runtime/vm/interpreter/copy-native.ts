// _copy: what the copy module (stdlib/small-modules.ts) reads of an instance
// without moving it to dict mode. vars(x) and x.__dict__ make an instance's
// attributes live in a real dict from then on (classes.ts materializeDict),
// which the JIT leaves to tier-1; copy.copy and copy.deepcopy only need a
// snapshot, and must not slow down the object they copy.
import { def } from './builtin-registry.ts';
import { registerModule } from './modules.ts';
import { Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';

/** instance_state(x): a new dict of x's instance attributes, or None when x has no __dict__. */
def('instance_state', (rt, args, n, dst) => {
  if (n !== 1) throw typeError(`instance_state() takes exactly one argument (${n} given)`);
  const { objs, heap, classes, shapes, interp } = rt;
  if (objs.kind(args) !== Kind.Instance || !classes.hasDict(heap.objectAt(args))) { objs.setNone(dst); return; }
  const own = classes.instanceDictOf(heap.objectAt(args));
  if (own >= 0) { heap.setObject(dst, rt.dicts.copy(own)); return; }
  const shape = classes.shapeOf(heap.objectAt(args));
  const names = shapes.namesOf(shape);
  const ds = interp.pushObject(rt.dicts.newDict(names.length));
  for (let i = shapes.rootCount(shape); i < names.length; i++) {
    const w = classes.slot(heap.objectAt(args), i);
    if (objs.isUnbound(w)) continue;
    const k = interp.pushObject(rt.internedName(names[i]));
    rt.dictSetItem(heap.objectAt(ds), k, w);
    interp.popN(1);
  }
  objs.copy(dst, ds);
  interp.popN(1);
}, '_copy');

registerModule('_copy');
