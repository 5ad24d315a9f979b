// _types.coroutine: types.coroutine(f) for a generator function marks its code
// (CodeFlags.ITERABLE_COROUTINE) so that `await` takes its generators as they
// are, as CPython sets CO_ITERABLE_COROUTINE; anything else is returned as it is.
import { def } from './builtin-registry.ts';
import { registerModule } from './modules.ts';
import { CodeFlags } from '../frontend/program.ts';
import { FUNCTION_CODE_INDEX_W, Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';

def('coroutine', (rt, args, n, dst) => {
  if (n !== 1) throw typeError(`coroutine() takes exactly one argument (${n} given)`);
  const { objs, heap } = rt;
  if (objs.kind(args) === Kind.Function) {
    const code = rt.program.codes[heap.readI64(heap.objectAt(args) + FUNCTION_CODE_INDEX_W)];
    if (code.flags & CodeFlags.GENERATOR && !(code.flags & CodeFlags.COROUTINE)) code.flags |= CodeFlags.ITERABLE_COROUTINE;
  }
  objs.copy(dst, args);
}, '_types');

registerModule('_types');
