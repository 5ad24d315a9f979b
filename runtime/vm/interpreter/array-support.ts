// _array: what the array module (written in Python, stdlib/array.ts) cannot
// say in Python: float32(x), x rounded to the float an 'f' array stores.
import { def } from './builtin-registry.ts';
import { registerModule } from './modules.ts';
import { Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';

def('float32', (rt, args, n, dst) => {
  if (n !== 1 || rt.objs.kind(args) !== Kind.Float) throw typeError('float32() takes one float');
  rt.objs.setFloat(dst, Math.fround(rt.objs.f64[args]));
}, '_array');
registerModule('_array');
