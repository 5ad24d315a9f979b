// Binding a call's arguments to a Python function's parameters (CPython's
// rules and messages): positional, keyword, defaults, keyword-only
// parameters, *args and **kwargs. The result is laid out on the value stack
// as the callee's nparams parameter words right after the callable, which is
// what the frame rule of cases/vm.h copies into the new frame.
import { CodeFlags, type CodeObject } from '../frontend/program.ts';
import { HASH } from '../heap/hashing.ts';
import { FUNCTION_DEFAULTS_W, FUNCTION_KWDEFAULTS_W } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';
import { INTERNED_KEYS } from '../heap/dict.ts';

function nameList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

/**
 * Binds [base+1 .. base+1+nargs) (positional values, then the values of
 * `kwnames`) to the parameters of function object `fn` with code `code`, and
 * rewrites the stack from base+1 as its nparams parameter values. Returns the
 * word after them. The callable stays at base.
 */
export function bindArguments(rt: Runtime, fn: number, code: CodeObject, base: number, nargs: number, kwnames: string[] | null): number {
  const { objs, heap } = rt;
  const u32 = heap.u32;
  const nkw = kwnames === null ? 0 : kwnames.length;
  const npos = nargs - nkw;
  const argc = code.argcount;
  const nkwonly = code.kwonlyargcount;
  const hasVarargs = (code.flags & CodeFlags.VARARGS) !== 0;
  const hasVarkw = (code.flags & CodeFlags.VARKEYWORDS) !== 0;
  const first = base + 1;
  if (nkwonly === 0 && npos >= argc && (hasVarargs || npos === argc) && (nkw === 0 || hasVarkw) && !namesPositional(code, kwnames)) {
    return bindStar(rt, code, first, npos, nargs, kwnames, hasVarargs, hasVarkw);
  }
  const name = code.qualname;
  const src = new Array<number>(argc + nkwonly).fill(-1);
  for (let i = 0; i < Math.min(npos, argc); i++) src[i] = first + i;

  const extraKw: number[] = [];
  const posonlyPassed: string[] = [];
  for (let k = 0; k < nkw; k++) {
    const kwName = kwnames![k];
    const slot = first + npos + k;
    let idx = -1;
    for (let i = code.posonlyargcount; i < argc + nkwonly; i++) if (code.localNames[i] === kwName) { idx = i; break; }
    if (idx < 0) {
      if (hasVarkw) { extraKw.push(k); continue; }
      if (code.localNames.slice(0, code.posonlyargcount).includes(kwName)) { posonlyPassed.push(kwName); continue; }
      throw typeError(`${name}() got an unexpected keyword argument '${kwName}'`);
    }
    if (src[idx] >= 0) throw typeError(`${name}() got multiple values for argument '${kwName}'`);
    src[idx] = slot;
  }
  if (posonlyPassed.length > 0) {
    throw typeError(`${name}() got some positional-only arguments passed as keyword arguments: '${posonlyPassed.join(', ')}'`);
  }

  const defaultsW = fn + FUNCTION_DEFAULTS_W;
  const ndefaults = objs.isNone(defaultsW) ? 0 : objs.tupleLength(heap.objectAt(defaultsW));
  if (npos > argc && !hasVarargs) {
    let kwonlyGiven = 0;
    for (let i = argc; i < argc + nkwonly; i++) if (src[i] >= 0) kwonlyGiven++;
    const sig = ndefaults > 0 ? `from ${argc - ndefaults} to ${argc}` : `${argc}`;
    const plural = ndefaults > 0 || argc !== 1;
    const kwSig = kwonlyGiven > 0
      ? ` positional argument${npos !== 1 ? 's' : ''} (and ${kwonlyGiven} keyword-only argument${kwonlyGiven !== 1 ? 's' : ''})` : '';
    throw typeError(`${name}() takes ${sig} positional argument${plural ? 's' : ''} but ${npos}${kwSig} ${npos === 1 && kwonlyGiven === 0 ? 'was' : 'were'} given`);
  }

  const missing: string[] = [];
  const defaultsFirst = ndefaults > 0 ? objs.tupleItems(heap.objectAt(defaultsW)) : 0;
  for (let i = npos; i < argc; i++) {
    if (src[i] >= 0) continue;
    const d = i - (argc - ndefaults);
    if (d >= 0) src[i] = defaultsFirst + d;
    else missing.push(code.localNames[i]);
  }
  if (missing.length > 0) {
    throw typeError(`${name}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${nameList(missing)}`);
  }
  const kwDefaultsW = fn + FUNCTION_KWDEFAULTS_W;
  for (let i = argc; i < argc + nkwonly; i++) {
    if (src[i] >= 0) continue;
    if (!objs.isNone(kwDefaultsW)) {
      const key = rt.nameKey(code.localNames[i]);
      const v = rt.dicts.get(heap.objectAt(kwDefaultsW), key, HASH[0], HASH[1], INTERNED_KEYS);
      if (v >= 0) { src[i] = v; continue; }
    }
    missing.push(code.localNames[i]);
  }
  if (missing.length > 0) {
    throw typeError(`${name}() missing ${missing.length} required keyword-only argument${missing.length === 1 ? '' : 's'}: ${nameList(missing)}`);
  }

  // *args and **kwargs are new objects; keep them on the stack above the arguments until the final copy.
  const interp = rt.interp;
  interp.sp = first + nargs;
  let varargs = -1;
  if (hasVarargs) {
    const n = Math.max(0, npos - argc);
    const t = objs.newTuple(n);
    u32.copyWithin(2 * objs.tupleItems(t), 2 * (first + argc), 2 * (first + argc + n));
    varargs = interp.pushObject(t);
  }
  let varkw = -1;
  if (hasVarkw) {
    varkw = interp.pushObject(rt.dicts.newDict(extraKw.length));
    for (const k of extraKw) {
      const key = rt.internedName(kwnames![k]);
      const keySlot = interp.pushObject(key);
      rt.dictSetItem(heap.objectAt(varkw), keySlot, first + npos + k);
      interp.popN(1);
    }
  }

  // Gather every parameter word, then write them in place (sources may overlap the destination).
  const nparams = code.nparams;
  const words = new Uint32Array(2 * nparams);
  let p = 0;
  for (let i = 0; i < argc + nkwonly; i++, p++) {
    words[2 * p] = u32[2 * src[i]];
    words[2 * p + 1] = u32[2 * src[i] + 1];
  }
  for (const extra of [varargs, varkw]) {
    if (extra < 0) continue;
    words[2 * p] = u32[2 * extra];
    words[2 * p + 1] = u32[2 * extra + 1];
    p++;
  }
  u32.set(words, 2 * first);
  interp.sp = first + nparams;
  return first + nparams;
}

/** Whether a keyword names a positional parameter that can be passed by keyword (bindArguments binds or rejects that). */
function namesPositional(code: CodeObject, kwnames: string[] | null): boolean {
  if (kwnames === null) return false;
  const names = code.localNames;
  for (const k of kwnames) for (let i = code.posonlyargcount; i < code.argcount; i++) if (names[i] === k) return true;
  return false;
}

/**
 * bindArguments of the decorator wrapper's shape (`def w(*a, **k)`, `def
 * __init__(self, *args, **kwargs)`): every positional parameter given
 * positionally, no keyword-only parameters, every keyword into **kwargs. The
 * positional parameters stay where they are; the rest becomes the tuple and
 * the dict, without the general path's bookkeeping arrays.
 */
function bindStar(rt: Runtime, code: CodeObject, first: number, npos: number, nargs: number, kwnames: string[] | null, hasVarargs: boolean, hasVarkw: boolean): number {
  const { objs, heap } = rt;
  const interp = rt.interp;
  const argc = code.argcount;
  interp.sp = first + nargs;
  let varargs = -1;
  if (hasVarargs) {
    const n = npos - argc;
    const t = objs.newTuple(n);
    heap.u32.copyWithin(2 * objs.tupleItems(t), 2 * (first + argc), 2 * (first + argc + n));
    varargs = interp.pushObject(t);
  }
  let varkw = -1;
  if (hasVarkw) {
    const nkw = kwnames === null ? 0 : kwnames.length;
    varkw = interp.pushObject(rt.dicts.newDict(nkw));
    for (let k = 0; k < nkw; k++) {
      const keySlot = interp.pushObject(rt.internedName(kwnames![k]));
      rt.dictSetItem(heap.objectAt(varkw), keySlot, first + npos + k);
      interp.popN(1);
    }
  }
  let p = first + argc;
  if (varargs >= 0) objs.copy(p++, varargs);
  if (varkw >= 0) objs.copy(p++, varkw);
  interp.sp = p;
  return p;
}
