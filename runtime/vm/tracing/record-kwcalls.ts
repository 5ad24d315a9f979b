// Keyword calls of known Python callees in traces: `f(a, key=v)`,
// `obj.m(x, flag=True)` (a bound method) and `Point(x=1, y=2)` (an
// instantiation). The keywords may name any positional-or-keyword
// parameters after the positional arguments, in any order, and skip
// parameters that have defaults: the call is inlined as the positional call
// it binds like (trace-recorder.ts): the keyword values stay on the stack,
// the missing parameters' defaults (constants under the guard on the callee)
// are pushed after them, and when that is not parameter order one uop
// permutes the values (SWAP, KW_PERMUTE_3/4 in cases/uops_kwcalls.c) right
// before the frame is pushed, after every guard of the call, so no exit sees
// the stack half-bound. Keywords naming *args/**kwargs/keyword-only
// parameters, a parameter also given positionally, or more than four
// values to permute stay tier-1's (the call stitches).
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from '../heap/heap.ts';
import { CodeFlags, type CodeObject, type KwCallSite, type Program } from '../frontend/program.ts';
import { defaultWords, inlinableCode, type CallModel } from './record-calls.ts';
import { NONE_WORD, wordAt } from './trace-ir.ts';

/** Which parameters a keyword call's keyword values bind: `first` positional (self included), then named[i] for the i-th value. */
export interface KwLayout {
  first: number;
  /** The parameter each keyword value binds; -1: the **kwargs dict (a callee with *args, keyword-only parameters or **kwargs). */
  named: number[];
  /** The keywords, in order. */
  names: readonly string[];
}

/**
 * How a call binds beyond its stack words: defaults to push (the first
 * `beforePermute` of them, then the permutation of the top values, then the
 * rest); permute null: already in order.
 */
export interface Binding {
  defaults: bigint[];
  permute: number[] | null;
  beforePermute: number;
  /** A callee with *args, keyword-only parameters or **kwargs: BIND_STAR_ARGS's oparg and keys tuple (starBinding). */
  star?: { oparg: number; keys: number; consumed: number; produced: number; room: number };
}

/** Most values one permutation uop handles. */
const MAX_PERMUTED = 4;

/**
 * The keyword call at `site` (stack top sp) as a call with its stack words as
 * arguments: their count and which parameters the keyword values bind; null
 * when the callee is not a known Python function, bound method or class with
 * a Python __init__, or the keywords bind other than plain parameters.
 */
export function keywordLayout(heap: Heap, program: Program, model: CallModel | undefined, sp: number, site: KwCallSite): { total: number; kw: KwLayout } | null {
  const total = site.nargs + site.names.length;
  const w = sp - total - 1;
  if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return null;
  const o = heap.objectAt(w);
  let codeIndex: number;
  let offset = 0;
  switch (heap.u32[2 * o]) {
    case L.OBJ_FUNCTION:
      codeIndex = heap.readI64(o + L.FUNCTION_CODE_INDEX / 8);
      break;
    case L.OBJ_METHOD: {
      const fw = o + L.METHOD_FUNC / 8;
      if (heap.u32[2 * fw + 1] >>> 16 !== L.TAG_OBJ || heap.u32[2 * heap.objectAt(fw)] !== L.OBJ_FUNCTION) return null;
      codeIndex = heap.readI64(heap.objectAt(fw) + L.FUNCTION_CODE_INDEX / 8);
      offset = 1;
      break;
    }
    case L.OBJ_CLASS: {
      const what = model?.instantiation(o);
      if (what === undefined || typeof what === 'string') return null;
      codeIndex = what.init.codeIndex;
      offset = 1;
      break;
    }
    default:
      return null;
  }
  const code = program.codes[codeIndex];
  const first = offset + site.nargs;
  if (code.nparams !== code.argcount) return starLayout(code, first, site.names, total);
  if (first + site.names.length > code.argcount || first < code.posonlyargcount) return null;
  const named: number[] = [];
  for (const name of site.names) {
    const p = code.localNames.indexOf(name);
    // Not a parameter, positional-only, or already given positionally: tier-1 raises.
    if (p < first || p >= code.argcount) return null;
    named.push(p);
  }
  return { total, kw: { first, named, names: site.names } };
}

/**
 * The keyword layout of a call of a callee with *args, keyword-only
 * parameters or **kwargs: each keyword names a keyword-only parameter or goes
 * into **kwargs (-1); null when one names a positional parameter (or nothing,
 * without **kwargs: tier-1 raises).
 */
function starLayout(code: CodeObject, first: number, names: readonly string[], total: number): { total: number; kw: KwLayout } | null {
  const argc = code.argcount;
  const named: number[] = [];
  for (const name of names) {
    let p = -1;
    for (let i = code.posonlyargcount; i < argc + code.kwonlyargcount; i++) if (code.localNames[i] === name) { p = i; break; }
    if (p >= 0 && p < argc) return null;
    if (p < 0 && !(code.flags & CodeFlags.VARKEYWORDS)) return null;
    named.push(p);
  }
  return { total, kw: { first, named, names } };
}

/** Most keyword values BIND_STAR_ARGS puts in a new **kwargs dict (its first table), and most keyword-only parameters. */
const MAX_KWARGS = 5;
const MAX_KWONLY = 8;

/** What starBinding needs beyond the heap: keyword-only defaults and pinned keys (record-calls.ts CallModel). */
export interface StarModel {
  /** The word of keyword-only parameter `name`'s default of function object fn, or null. */
  kwDefault(fn: number, name: string): bigint | null;
  /** A pinned tuple (its address) of interned strs, small ints and words, or null. */
  pinnedKeys(items: readonly (string | number | bigint)[]): number | null;
}

/**
 * The binding of a call of a function with *args, keyword-only parameters or
 * **kwargs (function object fn) with nargs stack words, keyword values last
 * as kw says: every positional parameter given positionally, the rest of the
 * positional values into *args, keyword values into keyword-only parameters
 * or **kwargs, defaults for the keyword-only parameters not given; null for
 * anything else (tier-1 binds it).
 */
function starBinding(code: CodeObject, fn: number, nargs: number, kw: KwLayout | null, model: StarModel | undefined): Binding | null {
  if (!model || code.flags & (CodeFlags.GENERATOR | CodeFlags.CLASS_BODY)) return null;
  const m = kw === null ? 0 : kw.named.length;
  const argc = code.argcount;
  const k = code.kwonlyargcount;
  const varargs = (code.flags & CodeFlags.VARARGS) !== 0;
  const varkw = (code.flags & CodeFlags.VARKEYWORDS) !== 0;
  const n = nargs - m - argc;
  if (n < 0 || (n > 0 && !varargs) || n > 255 || m > 255 || k > MAX_KWONLY) return null;
  const keys: (string | number | bigint)[] = [];
  const given = new Set<number>();
  let inDict = 0;
  for (let i = 0; i < m; i++) {
    const p = kw!.named[i];
    if (p >= argc && p < argc + k && !given.has(p)) {
      given.add(p);
      keys.push(p - argc);
    } else if (p < 0 && varkw) {
      keys.push(kw!.names[i]);
      inDict++;
    } else {
      return null;
    }
  }
  if (inDict > MAX_KWARGS) return null;
  for (let j = 0; j < k; j++) {
    if (given.has(argc + j)) {
      keys.push(NONE_WORD);
      continue;
    }
    const d = model.kwDefault(fn, code.localNames[argc + j]);
    if (d === null) return null;
    keys.push(d);
  }
  const pinned = model.pinnedKeys(keys);
  if (pinned === null) return null;
  const oparg = n | (m << 8) | (k << 16) | (varargs ? 1 << 24 : 0) | (varkw ? 1 << 25 : 0);
  return { defaults: [], permute: null, beforePermute: 0, star: { oparg, keys: pinned, consumed: n + m, produced: k + (varargs ? 1 : 0) + (varkw ? 1 : 0), room: 8 * (n + m) + 512 } };
}

/** Whether keyword values (if any) bind the parameters right after the positional ones, in order. */
export const inOrder = (kw: KwLayout | null): boolean => kw === null || kw.named.every((p, i) => p === kw.first + i);

/**
 * The binding of a call of function object fn (code codeIndex) with nargs
 * stack arguments (self included), keyword values last as `kw` says (null:
 * all positional): defaults for every parameter not given, in parameter
 * order, then the permutation that puts the values from kw.first on in
 * parameter order; null when the call needs more binding than that.
 */
export function bindCall(heap: Heap, program: Program, fn: number, codeIndex: number, nargs: number, kw: KwLayout | null, model?: StarModel): Binding | null {
  if (program.codes[codeIndex].nparams !== program.codes[codeIndex].argcount) return starBinding(program.codes[codeIndex], fn, nargs, kw, model);
  if (kw === null || inOrder(kw)) {
    const defaults = defaultWords(heap, program, fn, codeIndex, nargs);
    return defaults === null ? null : { defaults, permute: null, beforePermute: 0 };
  }
  const code = program.codes[codeIndex];
  if (!inlinableCode(code) || nargs !== kw.first + kw.named.length) return null;
  // Past the last parameter a keyword names, the defaults are pushed in order after the permutation.
  const count = Math.max(...kw.named) + 1 - kw.first;
  if (count > MAX_PERMUTED) return null;
  const dw = fn + L.FUNCTION_DEFAULTS / 8;
  const t = heap.u32[2 * dw + 1] >>> 16 === L.TAG_OBJ ? heap.objectAt(dw) : -1;
  const firstDefault = code.argcount - (t < 0 ? 0 : heap.readI64(t + L.TUPLE_LENGTH / 8));
  const defaults: bigint[] = [];
  const permute: number[] = [];
  for (let p = kw.first; p < code.argcount; p++) {
    const i = kw.named.indexOf(p);
    if (i >= 0) {
      permute.push(i);
      continue;
    }
    // A parameter without a default and without a value: tier-1 raises TypeError.
    if (p < firstDefault) return null;
    if (p < kw.first + count) permute.push(kw.named.length + defaults.length);
    defaults.push(wordAt(heap, t + L.TUPLE_ITEMS / 8 + p - firstDefault));
  }
  const beforePermute = permute.length - kw.named.length;
  return { defaults, permute: permute.every((s, i) => s === i) ? null : permute, beforePermute };
}

/** The uop (and its oparg) that permutes the top values as `permute` says. */
export function permuteUop(permute: number[]): { uop: string; oparg: number } {
  if (permute.length === 2) return { uop: 'SWAP', oparg: 0 };
  let oparg = 0;
  permute.forEach((s, i) => { oparg |= s << (2 * i); });
  return { uop: permute.length === 3 ? 'KW_PERMUTE_3' : 'KW_PERMUTE_4', oparg };
}
