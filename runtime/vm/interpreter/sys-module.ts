// The sys module: argv, stdin/stdout/stderr (TextIOWrapper objects, file-io.ts;
// print(file=...) writes through them), exit, the recursion limit,
// maxsize and the platform facts programs test. sys.stdout is buffered with
// print's output; sys.stderr goes straight out, as python3 does when piped.
import { hugeInSlot, writeHuge } from './huge-strs.ts';
import { flushFile, handleOf, newStdin, writeToFile } from './file-io.ts';
import { def, moduleBuiltins } from './builtin-registry.ts';
import { BuiltinType } from './builtin-types.ts';
import { systemExit } from './builtins.ts';
import { RECURSION_LIMIT } from './interpreter.ts';
import { method } from './methods.ts';
import { registerModule } from './modules.ts';
import { Kind } from '../heap/objects.ts';
import { PyError, typeError, valueError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';


method(BuiltinType.TEXT_IO, 'write', (rt, self, args, n, dst) => {
  if (n !== 1) throw typeError(`TextIOWrapper.write() takes exactly one argument (${n} given)`);
  if (rt.objs.kind(args) !== Kind.Str) throw typeError(`write() argument must be str, not ${rt.typeName(args)}`);
  const huge = hugeInSlot(rt, args);
  if (huge !== null) {
    writeHuge(rt, huge, handleOf(rt, self) === 2);
    rt.objs.setInt(dst, huge.length);
    return;
  }
  const text = rt.objs.strOf(rt.heap.objectAt(args));
  if (writeToFile(rt, handleOf(rt, self), text)) {
    rt.objs.setInt(dst, [...text].length);
    return;
  }
  if (handleOf(rt, self) === 2) rt.writeErr(text);
  else rt.write(text);
  rt.objs.setInt(dst, [...text].length);
});
method(BuiltinType.TEXT_IO, 'flush', (rt, self, _args, _n, dst) => {
  if (!flushFile(rt, handleOf(rt, self)) && handleOf(rt, self) !== 2) rt.flushToFile();
  rt.objs.setNone(dst);
});

def('exit', (rt, args, n) => {
  if (n > 1) throw typeError(`exit expected at most 1 argument, got ${n}`);
  throw systemExit(rt, args, n);
}, 'sys');

def('getrecursionlimit', (rt, _args, n, dst) => {
  if (n !== 0) throw typeError(`sys.getrecursionlimit() takes no arguments (${n} given)`);
  rt.objs.setInt(dst, rt.interp.recursionLimit);
}, 'sys');

def('setrecursionlimit', (rt, args, n, dst) => {
  if (n !== 1) throw typeError(`setrecursionlimit() takes exactly one argument (${n} given)`);
  const k = rt.objs.kind(args);
  if (k === Kind.Float) throw typeError("'float' object cannot be interpreted as an integer");
  if (k !== Kind.Int && k !== Kind.Bool && k !== Kind.BigInt) throw typeError(`'${rt.typeName(args)}' object cannot be interpreted as an integer`);
  const v = k === Kind.BigInt ? Number(rt.objs.bigOf(args)) : rt.objs.smallInt(args);
  if (v < 1) throw valueError('recursion limit must be greater or equal than 1');
  if (v > 0x7fffffff) throw new PyError('OverflowError', 'Python int too large to convert to C int');
  // Below the limit traces check (cases/vm.h), the JIT stops entering traces (tracing-jit.ts): drop the ones it has.
  if (v < RECURSION_LIMIT && rt.interp.recursionLimit >= RECURSION_LIMIT) rt.interp.hook?.invalidateAll?.();
  rt.interp.recursionLimit = v;
  rt.objs.setNone(dst);
}, 'sys');

def('intern', (rt, args, n, dst) => {
  if (n !== 1) throw typeError(`intern() takes exactly one argument (${n} given)`);
  if (rt.objs.kind(args) !== Kind.Str) throw typeError(`intern() argument must be str, not ${rt.typeName(args)}`);
  rt.objs.copy(dst, args);
}, 'sys');

registerModule('sys', (rt, set) => {
  const { objs, heap, interp } = rt;
  const slot = interp.pushNone();
  const argv = rt.argv;
  const list = objs.newList(argv.length);
  objs.setObject(slot, list);
  argv.forEach((a, i) => {
    const s = objs.newStr(a);
    heap.setObject(objs.listItems(heap.objectAt(slot)) + i, s);
  });
  set('argv', slot);
  for (const [name, fd] of [['stdout', 1], ['stderr', 2]] as const) {
    const o = rt.classes.newPlainObject(rt.types.builtinClass[BuiltinType.TEXT_IO]);
    objs.setInt(rt.classes.baseOf(o), fd);
    heap.setObject(slot, o);
    set(name, slot);
    set(`__${name}__`, slot);
  }
  objs.copy(slot, newStdin(rt));
  interp.popN(1);
  set('stdin', slot);
  set('__stdin__', slot);
  objs.setBig(slot, (1n << 63n) - 1n);
  set('maxsize', slot);
  objs.setObject(slot, rt.internedName('linux'));
  set('platform', slot);
  objs.setObject(slot, rt.internedName('little'));
  set('byteorder', slot);
  objs.setObject(slot, rt.internedName('3.11.0 (stencil-jit)'));
  set('version', slot);
  structSequence(rt, slot, 'sys.version_info', [['major', 3], ['minor', 11], ['micro', 0], ['releaselevel', 'final'], ['serial', 0]]);
  set('version_info', slot);
  structSequence(rt, slot, 'sys.float_info', [
    ['max', Number.MAX_VALUE, 'f'], ['max_exp', 1024], ['max_10_exp', 308], ['min', 2.2250738585072014e-308, 'f'], ['min_exp', -1021],
    ['min_10_exp', -307], ['dig', 15], ['mant_dig', 53], ['epsilon', Number.EPSILON, 'f'], ['radix', 2], ['rounds', 1],
  ]);
  set('float_info', slot);
  interp.popN(1);
});

/**
 * A struct sequence (sys.version_info, sys.float_info) into slot dst: a
 * tuple of the values (comparisons, indexing and unpacking are the tuple's)
 * whose fields are also attributes by name. Its repr is the tuple's, not
 * CPython's `sys.version_info(major=3, ...)`.
 */
function structSequence(rt: Runtime, dst: number, name: string, fields: [string, number | string, 'f'?][]): void {
  const { objs, heap, interp, types, classes } = rt;
  const c = types.newClass(name.split('.')[1], [types.builtinClass[BuiltinType.TUPLE]], -1, BuiltinType.TUPLE, 0);
  heap.pin(c);
  const inst = interp.pushObject(classes.newInstance(c));
  const t = objs.newTuple(fields.length);
  heap.setObject(classes.baseOf(heap.objectAt(inst)), t);
  const v = interp.pushNone();
  fields.forEach(([field, value, f], i) => {
    if (typeof value === 'string') objs.setObject(v, objs.newStr(value));
    else if (f === 'f') objs.setFloat(v, value);
    else objs.setInt(v, value);
    objs.copy(objs.tupleItems(heap.objectAt(classes.baseOf(heap.objectAt(inst)))) + i, v);
    rt.attrs.store(inst, field, v);
  });
  objs.copy(dst, inst);
  interp.popN(2);
}

// The builtins module: every builtin function, type, exception class and
// constant by name (what the standard modules written in Python reach for
// when their own names shadow a builtin, and `import builtins`).
registerModule('builtins', (rt, set) => {
  const slot = rt.interp.pushNone();
  const names = [...rt.types.namedClasses.keys(), ...moduleBuiltins(null), 'None', 'True', 'False', 'NotImplemented', 'Ellipsis'];
  for (const name of names) {
    if (name === 'None') rt.objs.setNone(slot);
    else if (name === 'True' || name === 'False') rt.objs.setBool(slot, name === 'True');
    else if (!rt.setBuiltinValue(slot, name)) continue;
    set(name, slot);
  }
  rt.interp.popN(1);
});
