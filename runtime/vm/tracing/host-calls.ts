// What a trace calls in place (CALL_BUILTIN_0..4, cases/host_calls.c) where
// no uop does the work natively: builtins (random's functions, sorted, repr,
// next, math's, ...), methods of built-in values (s.split(), d.items(),
// xs.pop(), ...), set and dict displays, operators no uop handles (str %
// tuple, str * int, ...), and instances of classes with a built-in base and
// no Python __init__ (exceptions, list subclasses). Each was a stitch (a
// round trip through tier-1 of ~0.5 us or more), and a loop with one every
// few dozen bytecodes was declined and ran in tier-1; a call back from
// native code costs ~0.1 us.
//
// The trace's frames are native while it runs, so a callee must not run
// Python code (Interpreter.inHostCall: one that would gives up before pushing
// a frame), and when it gives up or raises, nothing may have happened: tier-1
// makes the call again, and raises with its own traceback. So only callees
// that raise and run Python code before any effect are called (TRACE_CALLABLE
// and METHODS, with a check of the arguments where that depends on them), and
// the stack words they may write are restored when they fail.
//
// The collector: the callee runs under Heap.withoutCollection (the trace's
// values in registers are invisible to a collection), and allocates around
// the allocation buffer and the runs lent to the trace (Heap.take). Once a
// collection is due, calls give up: the trace leaves, tier-1 collects.
import { LAYOUT as L } from '../../../build/layout.ts';
import { koffi } from '../../jit/native.ts';
import { Kind } from '../heap/objects.ts';
import { builtinSpec } from '../interpreter/builtin-registry.ts';
import { BuiltinType } from '../interpreter/builtin-types.ts';
import { callBuiltinTypeMethod, methodNameById, methodNameId } from '../interpreter/methods.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import { HOST_CALL_DECLINED } from '../interpreter/interpreter.ts';

/** CALL_BUILTIN_n by argument count n (names spelled out: project-config.test.ts finds the uops the VM uses). */
export const CALL_BUILTIN = ['CALL_BUILTIN_0', 'CALL_BUILTIN_1', 'CALL_BUILTIN_2', 'CALL_BUILTIN_3', 'CALL_BUILTIN_4'] as const;
export const MAX_BUILTIN_CALL_ARGS = CALL_BUILTIN.length - 1;

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
/**
 * Global builtins without effects (next's only effect, advancing a native
 * iterator, comes after any Python code), the constructors of built-in types
 * among them (list(x) calls the builtin list).
 */
const PURE = ['abs', 'all', 'any', 'ascii', 'bin', 'callable', 'chr', 'divmod', 'format', 'getattr', 'hasattr', 'hash', 'hex', 'isinstance',
  'issubclass', 'iter', 'len', 'max', 'min', 'next', 'oct', 'ord', 'pow', 'repr', 'round', 'sorted', 'sum',
  'int', 'float', 'str', 'bool', 'list', 'tuple', 'dict', 'set', 'frozenset', 'slice', 'enumerate', 'zip', 'map', 'filter', 'reversed'];

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

/** Whether no builtin can reach Python code through value w (numbers, strs, classes, native iterators, instances of classes without special methods, small lists, tuples, sets and dicts of those). */
function pythonFree(rt: Runtime, w: number, depth: number): boolean {
  const k = rt.objs.kind(w);
  if (k <= Kind.Str || k === Kind.Range || k === Kind.ListIter || k === Kind.Class || k === Kind.Builtin) return true;
  if (k === Kind.Instance) return !definesSpecials(rt, rt.classes.classOfInstance(rt.heap.objectAt(w)));
  if (depth > 2) return false;
  if (k === Kind.Set) {
    const sets = rt.sets;
    const o = rt.heap.objectAt(w);
    if (sets.used(o) > ITEMS_LOOKED_AT) return false;
    for (let i = sets.nextActive(o, 0); i >= 0; i = sets.nextActive(o, i + 1)) if (!pythonFree(rt, sets.entry(o, i) + 1, depth + 1)) return false;
    return true;
  }
  if (k === Kind.Dict || k === Kind.DictView) {
    const dicts = rt.dicts;
    const heap = rt.heap;
    const o = k === Kind.Dict ? heap.objectAt(w) : heap.objectAt(heap.objectAt(w) + L.DICT_VIEW_DICT / 8);
    if (dicts.used(o) > ITEMS_LOOKED_AT) return false;
    for (let i = dicts.nextLive(o, 0); i >= 0; i = dicts.nextLive(o, i + 1)) {
      const e = dicts.entry(o, i);
      if (!pythonFree(rt, e + 1, depth + 1) || !pythonFree(rt, e + 2, depth + 1)) return false;
    }
    return true;
  }
  if (k !== Kind.List && k !== Kind.Tuple) return false;
  const s = rt.objs.sequence(w)!;
  if (s.length > ITEMS_LOOKED_AT) return false;
  for (let i = 0; i < s.length; i++) if (!pythonFree(rt, s.first + i, depth + 1)) return false;
  return true;
}

/** Special methods a builtin may call on an instance (len, iteration, comparisons, hashing, conversions, formatting). */
const SPECIALS = ['__len__', '__iter__', '__next__', '__getitem__', '__contains__', '__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__',
  '__hash__', '__bool__', '__index__', '__int__', '__float__', '__str__', '__repr__', '__format__', '__getattr__', '__getattribute__',
  '__add__', '__radd__', '__mul__', '__rmul__', '__mod__', '__rmod__', '__round__', '__abs__', '__neg__'];

/** Whether class c (its MRO) defines a special method a builtin could run on its instances. */
function definesSpecials(rt: Runtime, c: number): boolean {
  return SPECIALS.some((name) => rt.types.lookup(c, name) >= 0);
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

// ---- methods of built-in values: s.split(), d.items(), xs.pop(), ... -----------------

/**
 * A method call's operand: this bit, the receiver's built-in type and the
 * method's name id (methods.ts), where a builtin function's is its id.
 */
const METHOD_BIT = 2 ** 40;
const TYPE_SHIFT = 2 ** 20;

const argumentAt = (i: number, kinds: readonly Kind[]): ArgumentCheck => (rt, args, n) => i >= n || kinds.includes(rt.objs.kind(args + i));
const SEQUENCE = [Kind.List, Kind.Tuple, Kind.Str, Kind.Range];
const methodsOf = (names: readonly string[], check = ANY) => names.map((m) => [m, check] as const);
/** Methods by the receiver's built-in type: none runs Python code after an effect (an argument that could make one do so is checked). */
const METHODS: ReadonlyMap<BuiltinType, ReadonlyMap<string, ArgumentCheck>> = new Map([
  [BuiltinType.LIST, new Map([...methodsOf(['index', 'count', 'copy', 'pop', 'insert', 'reverse', 'clear', 'remove', 'append']), ['extend', argumentAt(0, SEQUENCE)]])],
  [BuiltinType.TUPLE, new Map(methodsOf(['index', 'count']))],
  [BuiltinType.DICT, new Map([...methodsOf(['get', 'items', 'keys', 'values', 'copy', 'pop', 'setdefault', 'popitem', 'clear']), ['update', argumentAt(0, [Kind.Dict])]])],
  [BuiltinType.SET, new Map([
    ...methodsOf(['add', 'discard', 'remove', 'pop', 'copy', 'clear', 'union', 'intersection', 'difference', 'symmetric_difference', 'issubset', 'issuperset', 'isdisjoint']),
    ...methodsOf(['update', 'difference_update', 'intersection_update'], argumentAt(0, [Kind.Set])),
  ])],
  // collections.deque's (an instance over its ring, interpreter/deque-native.ts).
  [BuiltinType.DEQUE_STORAGE, new Map([...methodsOf(['append', 'appendleft', 'pop', 'popleft', 'clear', 'rotate', 'count', 'index', 'remove', 'copy']), ['extend', argumentAt(0, SEQUENCE)], ['extendleft', argumentAt(0, SEQUENCE)]])],
]);
/** Built-in types whose every method is free of effects (strs and numbers are immutable). */
const PURE_TYPES: ReadonlySet<BuiltinType> = new Set([BuiltinType.STR, BuiltinType.INT, BuiltinType.FLOAT]);
/** The built-in type of a receiver by its kind (an instance's comes from its class: traceCallableMethod). */
const TYPE_OF_KIND: (BuiltinType | undefined)[] = [];
for (const [k, t] of [[Kind.Str, BuiltinType.STR], [Kind.Int, BuiltinType.INT], [Kind.Float, BuiltinType.FLOAT], [Kind.List, BuiltinType.LIST],
  [Kind.Tuple, BuiltinType.TUPLE], [Kind.Dict, BuiltinType.DICT], [Kind.Set, BuiltinType.SET]] as const) TYPE_OF_KIND[k] = t;
/** Methods that compare the receiver's items (Python's __eq__ for instances among them). */
const COMPARING = new Set(['index', 'count', 'remove']);

/** The check of method `name` of built-in type t, or null when a trace may not call it in place. */
function methodCheck(t: BuiltinType, name: string): ArgumentCheck | null {
  if (PURE_TYPES.has(t)) return name.startsWith('__') ? null : ANY;
  return METHODS.get(t)?.get(name) ?? null;
}

/**
 * The built-in type whose method `name` a CALL_METHOD on the receiver at word
 * self runs, or undefined: a built-in value's own; for an instance (its shape
 * guarded by the caller), its class's built-in base's when no class along its
 * MRO defines `name`, or the type of the built-in method the class holds
 * (deque's, from _collections).
 */
function receiverType(rt: Runtime, self: number, name: string): BuiltinType | undefined {
  const k = rt.objs.kind(self);
  if (k !== Kind.Instance) return TYPE_OF_KIND[k];
  const { heap, types } = rt;
  const o = heap.objectAt(self);
  if (rt.objs.isNone(o + L.INSTANCE_BASE / 8)) return undefined;
  const c = rt.classes.classOfInstance(o);
  const f = types.lookup(c, name);
  if (f < 0) return types.builtinOf(c);
  if (rt.objs.kind(f) !== Kind.BuiltinMethod) return undefined;
  const m = heap.objectAt(f);
  const unbound = rt.objs.isNone(m + L.BUILTIN_METHOD_SELF / 8) || heap.u32[2 * (m + L.BUILTIN_METHOD_SELF / 8) + 1] >>> 16 === L.TAG_UNBOUND;
  return unbound && methodNameById(heap.readI64(m + L.BUILTIN_METHOD_NAME / 8)) === name ? heap.readI64(m + L.BUILTIN_METHOD_TYPE / 8) : undefined;
}

/**
 * The operand of CALL_BUILTIN_n for method `name` of the value at word self
 * (a built-in value, or an instance whose shape the caller guards) with n
 * arguments above it, when the recorder may call it in place (nothing in
 * reach runs Python code now); else -1.
 */
export function traceCallableMethod(rt: Runtime, name: string, self: number, n: number): number {
  const type = receiverType(rt, self, name);
  const check = type === undefined ? null : methodCheck(type, name);
  if (check === null || n > MAX_BUILTIN_CALL_ARGS || !check(rt, self + 1, n)) return -1;
  if (COMPARING.has(name) && rt.objs.kind(self) !== Kind.Instance && !pythonFree(rt, self, 0)) return -1;
  for (let i = 1; i <= n; i++) if (!pythonFree(rt, self + i, 0)) return -1;
  return METHOD_BIT + type! * TYPE_SHIFT + methodNameId(name);
}

/**
 * Method call `operand` on the receiver at word self: false when the receiver
 * or an argument is not one it may be called with. (An instance's type was
 * fixed by the shape guard before the call.)
 */
function methodCallable(rt: Runtime, operand: number, self: number, n: number): boolean {
  const type = Math.floor((operand - METHOD_BIT) / TYPE_SHIFT);
  const k = rt.objs.kind(self);
  if (k !== Kind.Instance && TYPE_OF_KIND[k] !== type) return false;
  const row = (methodChecks[type] ??= []);
  const nameId = operand % TYPE_SHIFT;
  let check = row[nameId];
  if (check === undefined) row[nameId] = check = methodCheck(type, methodNameById(nameId));
  return check?.(rt, self + 1, n) ?? false;
}

/** methodCheck by type and name id, for the calls. */
const methodChecks: (ArgumentCheck | null)[][] = [];

// ---- set and dict displays: {a, b}, {k: v} ------------------------------------------

/** The operands of BUILD_SET and BUILD_MAP made in place (runtime.ts buildSet, buildMap: the items' hashes may need Python). */
const BUILD_SET = 2 ** 41;
const BUILD_MAP = BUILD_SET + 1;

/**
 * The CALL_BUILTIN_n operand that makes a set (or dict) display of the
 * `items` values on top of the stack in place (they take the callable's and
 * the arguments' places: n = items - 1), or -1 when too many or when an item
 * could run Python code now.
 */
export function displayInPlace(rt: Runtime, dict: boolean, items: number, top: number): number {
  if (items < 1 || items > MAX_BUILTIN_CALL_ARGS + 1) return -1;
  for (let i = 1; i <= items; i++) if (!pythonFree(rt, top - i, 0)) return -1;
  return dict ? BUILD_MAP : BUILD_SET;
}

// ---- operators: str % tuple, str * int, strs ordered, lists compared, ... ----------------

/** BINARY_OP and COMPARE_OP made in place (Operations.binary, compare: an operand's special method is Python code). */
const BINARY_OP = 2 ** 42;
const COMPARE_OP = 2 ** 43;

/** The CALL_BUILTIN_1 operand of BINARY_OP (or COMPARE_OP) `arg` on the two values below word top, or -1 when one could run Python code now. */
export function operatorInPlace(rt: Runtime, compare: boolean, arg: number, top: number): number {
  if (!pythonFree(rt, top - 2, 0) || !pythonFree(rt, top - 1, 0)) return -1;
  return (compare ? COMPARE_OP : BINARY_OP) + arg;
}

// ---- instances of classes with a built-in base and no Python __init__ --------------------

/** Instantiation in place (Classes.construct with no Python code to run: the class is guarded by the caller). */
const INSTANTIATE = 2 ** 44;

/**
 * The CALL_BUILTIN_n operand that instantiates class c (a user class with a
 * built-in base, an exception class, ..., neither __new__ nor __init__ a
 * Python function) with the n arguments at word args, or -1.
 */
export function instantiationInPlace(rt: Runtime, c: number, args: number, n: number): number {
  const { types, objs } = rt;
  if (n > MAX_BUILTIN_CALL_ARGS || types.isBuiltinClass(c)) return -1;
  const nw = types.lookup(c, '__new__');
  if ((nw >= 0 && objs.kind(nw) !== Kind.BuiltinMethod) || types.lookup(c, '__init__') >= 0) return -1;
  for (let i = 0; i < n; i++) if (!pythonFree(rt, args + i, 0)) return -1;
  return INSTANTIATE;
}

let prototype: ReturnType<typeof koffi.proto> | null = null;

/** VMState.host_call for one run: registered with koffi while the JIT is attached. */
export class HostCalls {
  private callback: ReturnType<typeof koffi.register> | null = null;
  private saved = new Uint32Array(2 * (MAX_BUILTIN_CALL_ARGS + 1));

  attach(rt: Runtime): void {
    this.rt = rt;
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

  /** The call being made (fields, not a closure per call). */
  private id = 0;
  private top = 0;
  private n = 0;
  private rt: Runtime | null = null;
  private readonly run = (): void => {
    const { id, top, n } = this;
    const rt = this.rt!;
    const args = top - n;
    if (id === INSTANTIATE) {
      // (A Python __init__ that appeared since: give up, tier-1 makes the call.)
      if (rt.classes.construct(args - 1, n, null) !== null) throw HOST_CALL_DECLINED;
    } else if (id >= COMPARE_OP) rt.ops.compare(id - COMPARE_OP, args - 1, args);
    else if (id >= BINARY_OP) rt.ops.binary(id - BINARY_OP, args - 1, args);
    else if (id === BUILD_SET) rt.buildSet(top, n + 1);
    else if (id === BUILD_MAP) rt.buildMap(top, (n + 1) / 2);
    else if (id >= METHOD_BIT) callBuiltinTypeMethod(rt, Math.floor((id - METHOD_BIT) / TYPE_SHIFT), id % TYPE_SHIFT, args - 1, n, null, args - 1);
    else builtinSpec(id).fn(rt, args, n, args - 1, null);
  };

  /** 0: the result is in the callable's slot; 1: nothing happened, tier-1 makes the call. */
  private call(rt: Runtime, id: number, spAddr: number, n: number): number {
    const { heap, interp } = rt;
    // A collection is due: the trace leaves here (nothing done) and tier-1 makes the call and collects,
    // so a loop allocating through calls in place keeps the collector's pace instead of growing the heap.
    if (heap.collectionDue) return 1;
    const top = heap.wordOf(spAddr);
    const args = top - n;
    // Operands by range: builtin ids, then methods, then displays, operators and instantiation (checked when recorded).
    if (id < METHOD_BIT ? !callable(rt, id, args, n) : id < BUILD_SET && !methodCallable(rt, id, args - 1, n)) return 1;
    const u32 = heap.u32;
    const saved = this.saved;
    const from = 2 * (args - 1);
    const words = 2 * (n + 1);
    for (let i = 0; i < words; i++) saved[i] = u32[from + i];
    const sp = interp.sp;
    interp.sp = top;
    interp.inHostCall = true;
    this.id = id;
    this.top = top;
    this.n = n;
    try {
      heap.withoutCollection(this.run);
      return 0;
    } catch {
      for (let i = 0; i < words; i++) u32[from + i] = saved[i];
      return 1;
    } finally {
      interp.inHostCall = false;
      interp.sp = sp;
    }
  }
}
