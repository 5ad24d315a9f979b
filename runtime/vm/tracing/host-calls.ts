// Builtins a trace calls in place (CALL_BUILTIN_0..4, cases/host_calls.c)
// where no uop does their work natively: random's functions, sorted, repr,
// next, math's, ... Before, such a call was a stitch (a round trip through
// tier-1 of ~0.5 us or more), and a loop with one every few dozen bytecodes
// was declined and ran in tier-1; a call back from native code costs ~0.1 us.
//
// The trace's frames are native while it runs, so a builtin called from it
// must not run Python code (Interpreter.inHostCall: one that would gives up
// before pushing a frame), and when it gives up or raises, nothing may have
// happened: tier-1 makes the call again, and raises with its own traceback.
// So only builtins that raise and run Python code before any effect are
// called (TRACE_CALLABLE, with a check of the arguments where that depends
// on them), and the stack words they may write are restored when they fail.
//
// The collector: the builtin runs under Heap.withoutCollection (the trace's
// values in registers are invisible to a collection), and allocates around
// the allocation buffer and the runs lent to the trace (Heap.take).
import { LAYOUT as L } from '../../../build/layout.ts';
import { koffi } from '../../jit/native.ts';
import { Kind } from '../heap/objects.ts';
import { builtinSpec } from '../interpreter/builtin-registry.ts';
import type { Runtime } from '../interpreter/runtime.ts';

/** CALL_BUILTIN_0 .. CALL_BUILTIN_4. */
export const MAX_BUILTIN_CALL_ARGS = 4;

type ArgumentCheck = (rt: Runtime, args: number, n: number) => boolean;

const ANY: ArgumentCheck = () => true;
/** random.choice over a sequence other than these reads it through Python methods after drawing. */
const sequenceAt = (i: number): ArgumentCheck => (rt, args, n) => {
  if (i >= n) return true;
  const k = rt.objs.kind(args + i);
  return k === Kind.List || k === Kind.Tuple || k === Kind.Str || k === Kind.Range;
};

/** _random's functions over the module's generator and, as i_<name>, over a Random's (its handle first): they draw after checking their arguments. */
const RANDOM = ['random', 'getrandbits', 'randrange', 'randint', 'uniform', 'triangular', 'gauss', 'normalvariate', 'lognormvariate',
  'expovariate', 'vonmisesvariate', 'gammavariate', 'betavariate', 'paretovariate', 'weibullvariate', 'shuffle', 'sample', 'choices'];
/** Global builtins without effects (next's only effect, advancing a native iterator, comes after any Python code). */
const PURE = ['abs', 'all', 'any', 'ascii', 'bin', 'callable', 'chr', 'divmod', 'format', 'getattr', 'hasattr', 'hash', 'hex', 'isinstance',
  'issubclass', 'iter', 'len', 'max', 'min', 'next', 'oct', 'ord', 'pow', 'repr', 'round', 'sorted', 'sum'];

/** Qualified builtin names a trace may call in place, with the check of their arguments. */
const TRACE_CALLABLE: ReadonlyMap<string, ArgumentCheck> = new Map<string, ArgumentCheck>([
  ...PURE.map((n) => [n, ANY] as const),
  ...RANDOM.flatMap((n) => [[`_random.${n}`, ANY], [`_random.i_${n}`, ANY]] as const),
  ['_random.choice', sequenceAt(0)],
  ['_random.i_choice', sequenceAt(1)],
  ['bisect.bisect_left', ANY], ['bisect.bisect_right', ANY], ['bisect.bisect', ANY],
]);

/** The check of each builtin by id (null: not callable from traces), filled as they are met. */
const checks: (ArgumentCheck | null)[] = [];

function checkOf(id: number): ArgumentCheck | null {
  let c = checks[id];
  if (c === undefined) {
    const spec = builtinSpec(id);
    c = spec.module === 'math' ? ANY : TRACE_CALLABLE.get(spec.module ? `${spec.module}.${spec.name}` : spec.name) ?? null;
    checks[id] = c;
  }
  return c;
}

/** Whether a trace may call builtin `id` in place with the n arguments at word args (checked on every call). */
function callable(rt: Runtime, id: number, args: number, n: number): boolean {
  return n <= MAX_BUILTIN_CALL_ARGS && (checkOf(id)?.(rt, args, n) ?? false);
}

/** Builtins that run no Python code whatever their arguments are (a metaclass's __instancecheck__ aside, which the VM has not). */
const ANY_ARGUMENTS = new Set(['isinstance', 'issubclass', 'callable']);
const ITEMS_LOOKED_AT = 256;

/** Whether no builtin can reach Python code through value w (numbers, strs, classes, native iterators, small lists and tuples of those). */
function pythonFree(rt: Runtime, w: number, depth: number): boolean {
  const k = rt.objs.kind(w);
  if (k <= Kind.Str || k === Kind.Range || k === Kind.ListIter || k === Kind.Class || k === Kind.Builtin) return true;
  if ((k !== Kind.List && k !== Kind.Tuple) || depth > 2) return false;
  const s = rt.objs.sequence(w)!;
  if (s.length > ITEMS_LOOKED_AT) return false;
  for (let i = 0; i < s.length; i++) if (!pythonFree(rt, s.first + i, depth + 1)) return false;
  return true;
}

/**
 * Whether the recorder may call builtin `id` in place with the n arguments at
 * word args: a call that would run Python code now (a generator's next, sorted
 * over instances) is left to a stitch, where tier-1 runs that code in its own
 * frames; on a later call the trace gives up on it (tier-1 makes it).
 */
export function traceCallable(rt: Runtime, id: number, args: number, n: number): boolean {
  if (!callable(rt, id, args, n)) return false;
  if (ANY_ARGUMENTS.has(builtinSpec(id).name)) return true;
  for (let i = 0; i < n; i++) if (!pythonFree(rt, args + i, 0)) return false;
  return true;
}

let prototype: ReturnType<typeof koffi.proto> | null = null;

/** VMState.host_call for one run: registered with koffi while the JIT is attached. */
export class HostCalls {
  private callback: ReturnType<typeof koffi.register> | null = null;
  private saved = new Uint32Array(2 * (MAX_BUILTIN_CALL_ARGS + 1));

  attach(rt: Runtime): void {
    prototype ??= koffi.proto('int64_t stencil_jit_host_call(int64_t id, uint64_t sp, int64_t nargs)');
    this.callback = koffi.register((id: number, sp: number | bigint, n: number) => this.call(rt, Number(id), Number(sp), Number(n)), koffi.pointer(prototype));
    rt.heap.writeI64(rt.heap.vmStateW + L.VM_HOST_CALL / 8, Number(koffi.address(this.callback)));
  }

  detach(rt: Runtime): void {
    if (this.callback === null) return;
    rt.heap.writeI64(rt.heap.vmStateW + L.VM_HOST_CALL / 8, 0);
    koffi.unregister(this.callback);
    this.callback = null;
  }

  /** 0: the result is in the callable's slot; 1: nothing happened, tier-1 makes the call. */
  private call(rt: Runtime, id: number, spAddr: number, n: number): number {
    const { heap, interp } = rt;
    const top = heap.wordOf(spAddr);
    const args = top - n;
    if (!callable(rt, id, args, n)) return 1;
    const u32 = heap.u32;
    const saved = this.saved;
    saved.set(u32.subarray(2 * (args - 1), 2 * top));
    const sp = interp.sp;
    interp.sp = top;
    interp.inHostCall = true;
    try {
      heap.withoutCollection(() => builtinSpec(id).fn(rt, args, n, args - 1, null));
      return 0;
    } catch {
      u32.set(saved.subarray(0, 2 * (n + 1)), 2 * (args - 1));
      return 1;
    } finally {
      interp.inHostCall = false;
      interp.sp = sp;
    }
  }
}
