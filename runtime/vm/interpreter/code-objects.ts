// Code objects (f.__code__, a generator's gi_code): python3's read-only
// description of a function's code, made from the compiler's CodeObject. One
// is an instance of the built-in class `code` whose base value is the code's
// index in the program (its methods get that as their receiver) and whose
// co_* attributes are set when it is made; there is one per code, so two
// closures of one def share it, as in python3. The VM's bytecode is not
// CPython's: co_code, co_consts, co_names and the line tables are left out.
import { CodeFlags, type CodeObject } from '../frontend/program.ts';
import { BuiltinType } from './builtin-types.ts';
import { exposeClassMethods, method } from './methods.ts';
import type { Runtime } from './runtime.ts';

/** CPython's co_flags bits (Include/cpython/code.h). */
const CO_OPTIMIZED = 0x1;
const CO_NEWLOCALS = 0x2;
const CO_VARARGS = 0x4;
const CO_VARKEYWORDS = 0x8;
const CO_NESTED = 0x10;
const CO_GENERATOR = 0x20;
const CO_COROUTINE = 0x80;
const CO_ITERABLE_COROUTINE = 0x100;

function coFlags(code: CodeObject): number {
  let f = 0;
  // Functions have fast locals; the module and class bodies work on a namespace.
  if (code.index !== 0 && !(code.flags & CodeFlags.CLASS_BODY)) f |= CO_OPTIMIZED | CO_NEWLOCALS;
  if (code.flags & CodeFlags.VARARGS) f |= CO_VARARGS;
  if (code.flags & CodeFlags.VARKEYWORDS) f |= CO_VARKEYWORDS;
  // Defined inside a function (CPython's ste_nested): what the qualname's <locals> says.
  if (code.qualname.includes('<locals>')) f |= CO_NESTED;
  if (code.flags & CodeFlags.COROUTINE) f |= CO_COROUTINE;
  else if (code.flags & CodeFlags.GENERATOR) f |= CO_GENERATOR;
  if (code.flags & CodeFlags.ITERABLE_COROUTINE) f |= CO_ITERABLE_COROUTINE;
  return f;
}

/**
 * co_varnames: the parameters, then the other locals that are not cells
 * (those are co_cellvars) in the order the compiler numbered them; the
 * compiler's hidden locals (temporaries, comprehension variables) are not
 * python3's and come after the free variables.
 */
function varnames(code: CodeObject): string[] {
  const cells = new Set(code.cellLocals);
  return code.localNames.slice(0, code.freeStart).filter((_, i) => i < code.nparams || !cells.has(i));
}

/** CPython lists cell and free variables sorted by name. */
const cellvars = (code: CodeObject): string[] => code.cellLocals.map((i) => code.localNames[i]).sort();
const freevars = (code: CodeObject): string[] => code.localNames.slice(code.freeStart, code.freeStart + code.nfree).sort();

/** The file a code's tracebacks name: the program's, or a standard module's (written in Python, run frozen). */
function filenameOf(rt: Runtime, code: CodeObject): string {
  return code.module === '__main__' ? rt.argv[0] : `<frozen ${code.module}>`;
}

const made = new WeakMap<Runtime, Map<number, number>>();

/** The code object of code index `index` into slot dst. */
export function codeObject(rt: Runtime, index: number, dst: number): void {
  let byIndex = made.get(rt);
  if (byIndex === undefined) made.set(rt, (byIndex = new Map()));
  const known = byIndex.get(index);
  if (known !== undefined) { rt.heap.setObject(dst, known); return; }
  exposeClassMethods(rt, BuiltinType.CODE, ['__repr__']);
  const { objs, heap, interp, classes } = rt;
  const code = rt.program.codes[index];
  const inst = interp.pushObject(classes.newPlainObject(rt.types.builtinClass[BuiltinType.CODE]));
  objs.setInt(classes.baseOf(heap.objectAt(inst)), index);
  const v = interp.pushNone();
  const set = (name: string) => classes.setAttribute(heap.objectAt(inst), name, v);
  const setInt = (name: string, n: number) => { objs.setInt(v, n); set(name); };
  const setStr = (name: string, s: string) => { objs.setObject(v, rt.internedName(s)); set(name); };
  const setNames = (name: string, names: string[]) => {
    objs.setObject(v, objs.newTuple(names.length));
    names.forEach((n, i) => objs.setObject(objs.tupleItems(heap.objectAt(v)) + i, rt.internedName(n)));
    set(name);
  };
  const locals = varnames(code);
  setInt('co_argcount', code.argcount);
  setInt('co_posonlyargcount', code.posonlyargcount);
  setInt('co_kwonlyargcount', code.kwonlyargcount);
  setInt('co_nlocals', locals.length);
  setInt('co_flags', coFlags(code));
  setInt('co_firstlineno', code.headLine);
  setStr('co_name', code.name);
  setStr('co_qualname', code.qualname);
  setStr('co_filename', filenameOf(rt, code));
  setNames('co_varnames', locals);
  setNames('co_cellvars', cellvars(code));
  setNames('co_freevars', freevars(code));
  const o = heap.objectAt(inst);
  heap.pin(o);
  byIndex.set(index, o);
  objs.copy(dst, inst);
  interp.popN(2);
}

method(BuiltinType.CODE, '__repr__', (rt, self, _args, _n, dst) => {
  // self is the base value (the code index); the object's address is the cached one's.
  const index = rt.objs.smallInt(self);
  const code = rt.program.codes[index];
  const o = made.get(rt)!.get(index)!;
  const text = `<code object ${code.name} at 0x${rt.heap.addressOf(o).toString(16)}, file "${filenameOf(rt, code)}", line ${code.headLine}>`;
  rt.objs.setObject(dst, rt.objs.newStr(text));
});
