// The _time module behind stdlib/time.ts: the clocks and sleep (runtime/vm/library/time.ts);
// the calendar functions are time-calendar.ts.
import './time-calendar.ts';
import { Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';
import * as T from '../library/time.ts';
import { def, type Keywords } from './builtin-registry.ts';
import { setValue, type LibValue } from './library-host.ts';
import { arity } from './math-module.ts';
import { registerModule } from './modules.ts';
import { LAYOUT as L } from '../../../build/layout.ts';

/** The low half of VMState.interrupt, which the SIGINT handler sets (runtime/vm/signals/). */
const INTERRUPT_U32 = 2 * (L.VM_INTERRUPT / 8);

function noKeywords(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`time.${name}() takes no keyword arguments`);
}

const clocks: [string, () => LibValue][] = [
  ['time', T.time], ['time_ns', T.timeNs], ['perf_counter', T.perfCounter], ['perf_counter_ns', T.perfCounterNs],
  ['monotonic', T.monotonic], ['monotonic_ns', T.monotonicNs], ['process_time', T.processTime], ['process_time_ns', T.processTimeNs],
];
for (const [name, f] of clocks) {
  def(name, (rt, _a, n, dst, kw) => {
    noKeywords(name, kw);
    if (n !== 0) throw typeError(`time.${name}() takes no arguments (${n} given)`);
    setValue(rt, dst, f());
  }, '_time');
}

def('sleep', (rt, a, n, dst, kw) => {
  noKeywords('sleep', kw);
  arity('sleep', n, 1, 1);
  const k = rt.objs.kind(a);
  if (k !== Kind.Int && k !== Kind.BigInt && k !== Kind.Bool && k !== Kind.Float) {
    throw typeError(`'${rt.typeName(a)}' object cannot be interpreted as an integer`);
  }
  rt.flush(); // what was printed before the sleep shows before it, as python3's line-buffered terminal output does
  const slept = T.sleep(k === Kind.Float ? rt.objs.f64[a] : rt.objs.bigOf(a), () => rt.heap.u32[INTERRUPT_U32] !== 0);
  if (!slept) throw rt.interp.keyboardInterrupt();
  rt.objs.setNone(dst);
}, '_time');

registerModule('_time');
