// Recording calls of Python code that tier-1 makes on a program's behalf:
// special methods of instances (a + b, 2 * a, -a, a < b, a[i], calling an
// instance) and class instantiation with a Python __init__. Each is recorded
// as an inlined call of the Python function, like a plain call (frames
// reconstructable at every exit): the uops of cases/calls.c lay the stack out
// as tier-1's call of that function, [function self arg] or [class instance
// args], so an exit inside the callee leaves tier-1 frames it resumes as its
// own (an __init__ frame is recognised by the class in its callable slot:
// Interpreter.adoptTraceFrames).
//
// Which method runs is decided as tier-1 decides it (operations.ts
// instanceBinary, richCompare, unary; classes.ts construct), at recording
// time, and the trace guards everything that decision read: the operands'
// shapes (an instance's shape implies its class) and class versions (any
// change to a class's attributes bumps it), or a non-instance operand's type,
// or the class and its version for an instantiation. An operator's method may
// return NotImplemented (then Python tries the other operand): its return is
// guarded, and tier-1 finishes the protocol at that exit (record-declines.ts).
import { isInlineStr } from './record-strs.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import { BinaryOp, CompareOp, isInplaceBinaryOp, Op, plainBinaryOp, UnaryOp } from '../frontend/bytecode.ts';
import { CodeFlags, type CodeObject, type Program } from '../frontend/program.ts';
import type { Heap } from '../heap/heap.ts';
import { Kind } from '../heap/objects.ts';
import { HASH } from '../heap/hashing.ts';
import { BuiltinType } from '../interpreter/builtin-types.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import { bindCall, type Binding, type KwLayout, type StarModel } from './record-kwcalls.ts';
import { instanceAt } from './record-objects.ts';
import { nativeKey, probeNow } from './record-dicts.ts';
import { FALSE_WORD, TRUE_WORD, typeOfWord, VType, wordAt, type ExitReason, type TraceOp } from './trace-ir.ts';
import { INTERNED_KEYS } from '../heap/dict.ts';

/** A Python function found as a special method: its word (the trace's constant) and code object. */
export interface FoundMethod { word: bigint; codeIndex: number; obj: number }

/** What the recorder asks the runtime about classes (answered from tier-1's own structures). */
export interface CallModel extends StarModel {
  /** The class of the instance at object word index o. */
  classOf(o: number): number;
  /** `name` found on class c (its MRO), or -1. */
  lookup(c: number, name: string): number;
  /** `name` on class c when it is a Python function, else null. */
  method(c: number, name: string): FoundMethod | null;
  isSubclass(c: number, base: number): boolean;
  /** The class of the value in slot w (an instance's, or a built-in type). */
  classOfValue(w: number): number;
  /**
   * What calling class object c does, when tier-1 would make a plain instance
   * and run a Python __init__ in its loop: the class version, the slot count of
   * its root shape and the __init__; otherwise why not.
   */
  instantiation(c: number): { version: bigint; rootShape: number; rootSlots: number; init: FoundMethod } | string;
  /**
   * super(start, instance of cls).name: the Python function found along cls's
   * MRO after start, 'object' when the search reaches the built-in object
   * class first, else null.
   */
  superMethod(start: number, cls: number, name: string): FoundMethod | 'object' | null;
  /** Class c's version (never reused: it names the class and its attributes as they are). */
  version(c: number): number;
  /** The word of the NotImplemented singleton (pinned): inlined operator methods are guarded against it (record-declines.ts). */
  notImplemented: bigint;
  /** The keys of dict object d, in order, when they are all strs; else null. */
  dictKeys(d: number): string[] | null;
}

export function callModelOf(rt: Runtime): CallModel {
  const { heap, types, objs, shapes } = rt;
  const method = (c: number, name: string): FoundMethod | null => {
    const f = types.lookup(c, name);
    if (f < 0 || objs.kind(f) !== Kind.Function) return null;
    const obj = heap.objectAt(f);
    return { word: wordAt(heap, f), codeIndex: heap.readI64(obj + L.FUNCTION_CODE_INDEX / 8), obj };
  };
  const pinnedKeys = new Map<string, number>();
  return {
    notImplemented: (BigInt(L.TAG_OBJ) << 48n) | BigInt(heap.addressOf(rt.notImplemented)),
    kwDefault(fn, name) {
      const dw = fn + L.FUNCTION_KWDEFAULTS / 8;
      if (heap.u32[2 * dw + 1] >>> 16 !== L.TAG_OBJ) return null;
      const v = rt.dicts.get(heap.objectAt(dw), rt.nameKey(name), HASH[0], HASH[1], INTERNED_KEYS);
      return v < 0 ? null : wordAt(heap, v);
    },
    pinnedKeys(items) {
      const key = items.map((x) => `${typeof x}:${x}`).join('\u0000');
      const known = pinnedKeys.get(key);
      if (known !== undefined) return known;
      if (pinnedKeys.size >= 4096) return null;
      // Two keys with one hash: native code would ask tier-1 to compare them (BIND_STAR_ARGS must not exit there).
      const hashes = new Set<string>();
      for (const x of items) {
        if (typeof x !== 'string') continue;
        rt.hashStr(rt.internedName(x));
        hashes.add(`${HASH[0]}:${HASH[1]}`);
      }
      if (hashes.size !== items.filter((x) => typeof x === 'string').length) return null;
      const t = heap.withoutCollection(() => {
        const o = objs.newTuple(items.length);
        heap.pin(o);
        const first = objs.tupleItems(o);
        items.forEach((x, i) => {
          if (typeof x === 'string') {
            const s = rt.internedName(x);
            rt.hashStr(s);
            heap.setObject(first + i, s);
          } else if (typeof x === 'number') {
            objs.setInt(first + i, x);
          } else {
            heap.u32[2 * (first + i)] = Number(x & 0xffffffffn);
            heap.u32[2 * (first + i) + 1] = Number(x >> 32n);
          }
        });
        return heap.addressOf(o);
      });
      pinnedKeys.set(key, t);
      return t;
    },
    dictKeys(d) {
      const out: string[] = [];
      for (let i = rt.dicts.nextLive(d, 0); i >= 0; i = rt.dicts.nextLive(d, i + 1)) {
        const e = rt.dicts.entry(d, i);
        if (objs.kind(e + 1) !== Kind.Str) return null;
        out.push(objs.strOf(heap.objectAt(e + 1)));
      }
      return out;
    },
    classOf: (o) => rt.classes.classOfInstance(o),
    version: (c) => types.version(c),
    superMethod(start, cls, name) {
      const mro = types.mro(cls);
      for (let j = mro.indexOf(start) + 1; j > 0 && j < mro.length; j++) {
        const k = mro[j];
        if (types.isBuiltinClass(k)) return types.builtinOf(k) === BuiltinType.OBJECT ? 'object' : null;
        // k's own dict, as tier-1's loadSuper looks.
        const f = rt.dicts.get(types.dictOf(k), rt.nameKey(name), HASH[0], HASH[1], INTERNED_KEYS);
        if (f < 0) continue;
        if (objs.kind(f) !== Kind.Function) return null;
        const obj = heap.objectAt(f);
        return { word: wordAt(heap, f), codeIndex: heap.readI64(obj + L.FUNCTION_CODE_INDEX / 8), obj };
      }
      return null;
    },
    lookup: (c, name) => types.lookup(c, name),
    method,
    isSubclass: (c, base) => types.isSubclass(c, base),
    classOfValue: (w) => types.classOf(w),
    instantiation(c) {
      if (types.isBuiltinClass(c)) return 'a built-in class';
      if (types.builtinOf(c) !== BuiltinType.OBJECT) return 'a class with a built-in base';
      const n = types.lookup(c, '__new__');
      if (n >= 0 && objs.kind(n) !== Kind.BuiltinMethod) return 'a class with __new__';
      const root = types.rootShape(c);
      if (root < 0) return 'a class without instances yet';
      const init = method(c, '__init__');
      if (init === null) return 'a class without a Python __init__';
      return { version: BigInt(types.version(c)), rootShape: root, rootSlots: Math.max(shapes.count(root), types.slotHint(c)), init };
    },
  };
}

/** The recorder as this module sees it (trace-recorder.ts makes one). */
export interface CallSite {
  heap: Heap;
  program: Program;
  model: CallModel;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
  emit(op: TraceOp): void;
  /** The shape and class version guard of the instance o, `depth` slots below the top. */
  guardShape(o: number, depth: number): void;
  /** A type guard of a non-instance value of type t, 1 (top) or 2 slots down; false when there is none. */
  guardType(t: VType, depth: 1 | 2): boolean;
  /**
   * Inlines the call of Python function codeIndex with its callable and nargs
   * arguments on the stack (tier-1's layout, made by what guardCallee emits);
   * frameW: where tier-1 pushes the callee's frame as it runs the bytecode
   * now (null: somewhere above, a nested call); `init`: an __init__ frame,
   * whose return gives the instance.
   */
  inline(codeIndex: number, nargs: number, pc: number, frameW: number | null, guardCallee: () => void, init: boolean, binding?: Binding): void;
  /** The keyword layout of the CALL_KW being recorded (record-kwcalls.ts), null for a positional call. */
  kwLayout(): KwLayout | null;
}

/**
 * The words of the defaults a positional call of function object fn (code
 * codeIndex) with nargs arguments leaves to it, in parameter order (none when
 * nargs is its parameter count); null when the call needs more binding than
 * that (too few or too many arguments, keyword-only parameters, *args, cells,
 * a generator). Under the guard on the function they are constants: a
 * rebinding of __defaults__ drops every trace (interpreter/attributes.ts).
 */
export function defaultWords(heap: Heap, program: Program, fn: number, codeIndex: number, nargs: number, simple?: boolean): bigint[] | null {
  const code = program.codes[codeIndex];
  if (!(simple ?? inlinableCode(code)) || nargs > code.argcount) return null;
  if (nargs === code.argcount) return [];
  const dw = fn + L.FUNCTION_DEFAULTS / 8;
  if (heap.u32[2 * dw + 1] >>> 16 !== L.TAG_OBJ) return null;
  const t = heap.objectAt(dw);
  const n = heap.readI64(t + L.TUPLE_LENGTH / 8);
  const first = code.argcount - n;
  if (nargs < first) return null;
  const items = t + L.TUPLE_ITEMS / 8;
  const out: bigint[] = [];
  for (let i = nargs; i < code.argcount; i++) out.push(wordAt(heap, items + i - first));
  return out;
}

/**
 * Whether calls of code can be inlined by copying arguments into a frame:
 * plain functions, closures (a method using super() has __class__):
 * COPY_FREE_VARS at their entry copies the cells from the function in the
 * callable slot (COPY_FREE_VARS_OF in an __init__, whose slot holds the
 * class), and functions with cells of their own (MAKE_CELL allocates them).
 * *args, keyword-only parameters (record-kwcalls.ts binds those) and
 * generators are not.
 */
export function inlinableCode(code: CodeObject): boolean {
  return code.simple || (!(code.flags & (CodeFlags.GENERATOR | CodeFlags.CLASS_BODY)) && code.nparams === code.argcount);
}

/** Null when recorded, else why not (the recorder stitches the bytecode). */
export type CallResult = string | null;

const DUNDER = ['add', 'sub', 'mul', 'truediv', 'floordiv', 'mod', 'pow', 'lshift', 'rshift', 'and', 'or', 'xor'];
const binaryName = (op: number, prefix: '' | 'r' | 'i') => `__${prefix}${op === BinaryOp.MATMUL ? 'matmul' : DUNDER[op]}__`;
const RICH = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];
const REFLECTED_COMPARE = [CompareOp.GT, CompareOp.GE, CompareOp.EQ, CompareOp.NE, CompareOp.LT, CompareOp.LE];
const UNARY_NAMES: Record<number, string> = { [UnaryOp.NEGATIVE]: '__neg__', [UnaryOp.POSITIVE]: '__pos__', [UnaryOp.INVERT]: '__invert__' };

/** A method the trace can inline with nargs arguments (self included), or why not. */
function inlinable(site: CallSite, m: FoundMethod | null, nargs: number, name: string): string | null {
  if (m === null) return `${name} is not a Python function`;
  const code = site.program.codes[m.codeIndex];
  if (!inlinableCode(code) || code.argcount !== nargs) return `${name} needs argument binding, cells or a generator`;
  return null;
}

const frameWords = (site: CallSite, codeIndex: number) => {
  const code = site.program.codes[codeIndex];
  return BigInt(L.SIZEOF_FRAME_HEADER / 8 + code.nlocals + code.maxStack);
};

/** `method(self, other)` inlined with [self other] on the stack (self deeper): INSERT_METHOD makes [method self other]. */
function inlineForward(site: CallSite, m: FoundMethod, pc: number, guards: () => void): void {
  site.inline(m.codeIndex, 2, pc, null, () => {
    guards();
    site.guard('INSERT_METHOD', 'frame', { oparg: 2, operand0: m.word, operand1: frameWords(site, m.codeIndex) });
  }, false);
}

/** `method(self, other)` inlined with [other self] on the stack: INSERT_REFLECTED makes [method self other]. */
function inlineReflected(site: CallSite, m: FoundMethod, pc: number, guards: () => void): void {
  site.inline(m.codeIndex, 2, pc, null, () => {
    guards();
    site.guard('INSERT_REFLECTED', 'frame', { operand0: m.word, operand1: frameWords(site, m.codeIndex) });
  }, false);
}

/** Class c's method `name` inlined as a binary special method (forward: [self other]; reflected: [other self]), or why not. */
function inlineSpecial(site: CallSite, c: number, name: string, pc: number, guards: () => void, reflected: boolean): string | null {
  const m = site.model.method(c, name);
  const why = inlinable(site, m, 2, name);
  if (why !== null) return why;
  (reflected ? inlineReflected : inlineForward)(site, m!, pc, guards);
  return null;
}

/**
 * The guard that fixes which method tier-1 picks for the operand at depth
 * (an instance: its shape; anything else: its type, so that it cannot turn
 * into an instance of a subclass with a reflected method); false when the
 * operand's type has no guard.
 */
function guardOperand(site: CallSite, w: number, depth: 1 | 2): boolean {
  const o = instanceAt(site.heap, w);
  if (o >= 0) {
    site.guardShape(o, depth);
    return true;
  }
  return site.guardType(typeOfWord(site.heap, w), depth);
}

/** BINARY_OP with an instance operand. */
export function recordInstanceBinary(site: CallSite, opArg: number, sp: number, pc: number): CallResult {
  const { heap, model } = site;
  const op = plainBinaryOp(opArg);
  if (op > BinaryOp.MATMUL) return 'binary op';
  const a = sp - 2;
  const b = sp - 1;
  const oa = instanceAt(heap, a);
  const ob = instanceAt(heap, b);
  const ca = oa >= 0 ? model.classOf(oa) : -1;
  const cb = ob >= 0 ? model.classOf(ob) : -1;
  const guards = () => {
    if (!guardOperand(site, a, 2) || !guardOperand(site, b, 1)) throw new Error('internal error: operand guard vanished');
  };
  if (!canGuard(site, a, 2) || !canGuard(site, b, 1)) return 'binary op on an operand without a type guard';
  if (oa >= 0) {
    if (isInplaceBinaryOp(opArg) && model.lookup(ca, binaryName(op, 'i')) >= 0) {
      return inlineSpecial(site, ca, binaryName(op, 'i'), pc, guards, false);
    }
    const reflected = binaryName(op, 'r');
    const rightFirst = ob >= 0 && ca !== cb && model.isSubclass(cb, ca) && model.lookup(cb, reflected) >= 0 && model.lookup(cb, reflected) !== model.lookup(ca, reflected);
    if (rightFirst) return 'binary op with a subclass operand on the right';
    const forward = binaryName(op, '');
    if (model.lookup(ca, forward) < 0) return `binary op without ${forward}`;
    return inlineSpecial(site, ca, forward, pc, guards, false);
  }
  // A number on the left of an instance: int/float decline, the right operand's reflected method runs.
  const ta = typeOfWord(heap, a);
  if (ob < 0 || (ta !== VType.INT && ta !== VType.FLOAT)) return 'binary op on instance';
  return inlineSpecial(site, cb, binaryName(op, 'r'), pc, guards, true);
}

/** Whether the operand in word w, `depth` slots down, has a guard (an instance's shape, or a type guard). */
function canGuard(site: CallSite, w: number, depth: 1 | 2): boolean {
  if (instanceAt(site.heap, w) >= 0) return true;
  const t = typeOfWord(site.heap, w);
  return t === VType.INT || t === VType.FLOAT || t === VType.STR || t === VType.LIST || t === VType.TUPLE || (t === VType.BOOL && depth === 1);
}

/** COMPARE_OP <, <=, ==, !=, >, >= with an instance operand. */
export function recordInstanceCompare(site: CallSite, op: number, sp: number, pc: number): CallResult {
  const { heap, model } = site;
  if (op > CompareOp.GE) return 'compare';
  const a = sp - 2;
  const b = sp - 1;
  if (!canGuard(site, a, 2) || !canGuard(site, b, 1)) return 'compare on an operand without a type guard';
  const oa = instanceAt(heap, a);
  const ob = instanceAt(heap, b);
  const ca = oa >= 0 ? model.classOf(oa) : -1;
  const cb = ob >= 0 ? model.classOf(ob) : -1;
  const guards = () => {
    if (!guardOperand(site, a, 2) || !guardOperand(site, b, 1)) throw new Error('internal error: operand guard vanished');
  };
  const refl = RICH[REFLECTED_COMPARE[op]];
  // == and != where no instance operand's class defines either, nor has a built-in base (the other
  // operand a built-in value, whose == gives way): object's own, identity, under the guards that fix
  // the classes (deltablue's `c != out`).
  const identityEq = (o: number, c: number) => o < 0 || (heap.u32[2 * (o + L.INSTANCE_BASE / 8) + 1] >>> 16 === L.TAG_NONE &&
    model.lookup(c, '__eq__') < 0 && model.lookup(c, '__ne__') < 0);
  if ((op === CompareOp.EQ || op === CompareOp.NE) && identityEq(oa, ca) && identityEq(ob, cb)) {
    guards();
    site.emit({ uop: 'IS_SAME' });
    if (op === CompareOp.NE) site.emit({ uop: 'NOT_BOOL' });
    return null;
  }
  if (oa >= 0) {
    if (ob >= 0 && ca !== cb && model.isSubclass(cb, ca) && model.lookup(cb, refl) >= 0) return 'compare with a subclass operand on the right';
    // A class without the method (object's own ==, or != through __eq__) is left to tier-1.
    return inlineSpecial(site, ca, RICH[op], pc, guards, false);
  }
  const ta = typeOfWord(heap, a);
  if (ob < 0 || (ta !== VType.INT && ta !== VType.FLOAT)) return 'compare on instance';
  return inlineSpecial(site, cb, refl, pc, guards, true);
}

/** UNARY -a, +a, ~a on an instance. */
export function recordInstanceUnary(site: CallSite, op: number, sp: number, pc: number): CallResult {
  const name = UNARY_NAMES[op];
  const o = instanceAt(site.heap, sp - 1);
  if (name === undefined || o < 0) return 'unary op on instance';
  const m = site.model.method(site.model.classOf(o), name);
  const why = inlinable(site, m, 1, name);
  if (why !== null) return why;
  site.inline(m!.codeIndex, 1, pc, null, () => {
    site.guardShape(o, 1);
    site.guard('INSERT_METHOD', 'frame', { oparg: 1, operand0: m!.word, operand1: frameWords(site, m!.codeIndex) });
  }, false);
  return null;
}

/**
 * What the native probe of instance o's base dict finds now for the key in
 * word kw (an entry, or -1: absent) when its class leaves `special` ([] or
 * []=) to dict, as a Counter or a defaultdict does; 'ask' otherwise (another
 * class, a key native code cannot hash or compare).
 */
function baseDictProbe(site: CallSite, o: number, special: string, kw: number): number | 'ask' {
  if (site.model.lookup(site.model.classOf(o), special) >= 0 || !nativeKey(site.heap, kw)) return 'ask';
  return probeNow(site.heap, o + L.INSTANCE_BASE / 8, kw);
}

/**
 * BINARY_SUBSCR on an instance: its __getitem__, or its base dict's entry
 * (a key found now), or its __missing__ (a key absent now).
 */
export function recordInstanceSubscript(site: CallSite, sp: number, pc: number): CallResult {
  const o = instanceAt(site.heap, sp - 2);
  if (o < 0) return 'subscript';
  const c = site.model.classOf(o);
  const p = baseDictProbe(site, o, '__getitem__', sp - 1);
  if (p !== 'ask' && p >= 0) {
    site.guardShape(o, 2);
    // A miss is a branch: its side trace inlines __missing__.
    site.guard('BASE_DICT_GET', 'branch');
    return null;
  }
  if (p !== 'ask') {
    const missing = site.model.method(c, '__missing__');
    const why = inlinable(site, missing, 2, '__missing__');
    if (why !== null) return why;
    site.inline(missing!.codeIndex, 2, pc, null, () => {
      site.guardShape(o, 2);
      site.guard('GUARD_BASE_DICT_ABSENT', 'branch');
      site.guard('INSERT_METHOD', 'frame', { oparg: 2, operand0: missing!.word, operand1: frameWords(site, missing!.codeIndex) });
    }, false);
    return null;
  }
  const m = site.model.method(c, '__getitem__');
  const why = inlinable(site, m, 2, '__getitem__');
  if (why !== null) return why;
  // The key's type does not choose the method: only the container's shape is guarded.
  site.inline(m!.codeIndex, 2, pc, null, () => {
    site.guardShape(o, 2);
    site.guard('INSERT_METHOD', 'frame', { oparg: 2, operand0: m!.word, operand1: frameWords(site, m!.codeIndex) });
  }, false);
  return null;
}

/** STORE_SUBSCR (value, container, key) on an instance that leaves []= to its base dict. */
export function recordInstanceStoreSubscript(site: CallSite, sp: number): CallResult {
  const o = instanceAt(site.heap, sp - 2);
  if (o < 0 || baseDictProbe(site, o, '__setitem__', sp - 1) === 'ask') return 'subscript store';
  site.guardShape(o, 2);
  site.guard('BASE_DICT_SET', 'bounds');
  return null;
}

/**
 * CALL of something other than a function: an instance (its class's
 * __call__) or a user class (a new instance, then its __init__).
 */
export function recordObjectCall(site: CallSite, nargs: number, sp: number, pc: number): CallResult {
  const { heap, model } = site;
  const w = sp - nargs - 1;
  const inst = instanceAt(heap, w);
  if (inst >= 0) {
    const m = model.method(model.classOf(inst), '__call__');
    const why = inlinable(site, m, nargs + 1, '__call__');
    if (why !== null) return why;
    site.inline(m!.codeIndex, nargs + 1, pc, sp + 1, () => {
      site.guardShape(inst, nargs + 1);
      site.guard('INSERT_METHOD', 'frame', { oparg: nargs + 1, operand0: m!.word, operand1: frameWords(site, m!.codeIndex) });
    }, false);
    return null;
  }
  if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return 'call of object';
  if (heap.u32[2 * heap.objectAt(w)] === L.OBJ_METHOD) return boundMethodCall(site, heap.objectAt(w), nargs, sp, pc);
  const c = heap.objectAt(w);
  if (heap.u32[2 * c] !== L.OBJ_CLASS) return 'call of object';
  const what = model.instantiation(c);
  if (typeof what === 'string') return `instantiation of ${what}`;
  const binding = bindCall(heap, site.program, what.init.obj, what.init.codeIndex, nargs + 1, site.kwLayout(), site.model);
  if (binding === null) return 'instantiation whose __init__ needs argument binding, cells or a generator';
  // NEW_INSTANCE allocates before BIND_STAR_ARGS does: the room checked first covers both.
  if (binding.star) binding.star.room += instanceRoom(what.rootSlots);
  if (what.rootSlots >= 1 << 20) return 'instantiation of a class with too many slots';
  site.inline(what.init.codeIndex, nargs + 1, pc, sp + 1, () => {
    site.guard('GUARD_CLASS_AT', 'type', { oparg: nargs + 1, operand0: wordAt(heap, w), operand1: what.version });
    const shapeAndSlots = (BigInt(what.rootShape) << 20n) | BigInt(what.rootSlots);
    site.guard('NEW_INSTANCE', 'alloc', { oparg: nargs, operand0: shapeAndSlots, operand1: frameWords(site, what.init.codeIndex) });
  }, true, binding);
  return null;
}

/** Bytes of the lent buffer NEW_INSTANCE may take for an instance of a class with rootSlots slots (its slot hint may have grown since: NEW_INSTANCE exits past 64 more). */
export const instanceRoom = (rootSlots: number): number => 8 * (rootSlots + 64) + 64;

/**
 * Class.m(a0..) (CALL_METHOD on a class) of a classmethod m of a Python
 * function, found along the class's MRO: [cls a0..] -> [f cls a0..] under the
 * guard on the class and its version, and the call inlined.
 */
export function recordClassMethodCall(site: CallSite, name: string, n: number, sp: number, pc: number): CallResult {
  const { heap, model } = site;
  const w = sp - n - 1;
  const c = heap.objectAt(w);
  const v = model.lookup(c, name);
  const d = v >= 0 && heap.u32[2 * v + 1] >>> 16 === L.TAG_OBJ ? heap.objectAt(v) : -1;
  if (d < 0 || heap.u32[2 * d] !== L.OBJ_DESCRIPTOR || heap.readI64(d + L.DESCRIPTOR_KIND / 8) !== L.DESCRIPTOR_CLASSMETHOD) return `method ${name} of a class`;
  const fw = d + L.DESCRIPTOR_F1 / 8;
  if (typeOfWord(heap, fw) !== VType.FUNCTION) return `classmethod ${name} of a non-function`;
  const fn = heap.objectAt(fw);
  const codeIndex = heap.readI64(fn + L.FUNCTION_CODE_INDEX / 8);
  const binding = bindCall(heap, site.program, fn, codeIndex, n + 1, site.kwLayout(), model);
  if (binding === null) return `classmethod ${name} that needs argument binding, cells or a generator`;
  site.inline(codeIndex, n + 1, pc, sp + 1, () => {
    site.guard('GUARD_CLASS_AT', 'type', { oparg: n + 1, operand0: wordAt(heap, w), operand1: BigInt(model.version(c)) });
    site.guard('INSERT_METHOD', 'frame', { oparg: n + 1, operand0: wordAt(heap, fw), operand1: frameWords(site, codeIndex) });
  }, false, binding);
  return null;
}

/** m(a0..) of a bound method of a Python function: EXPAND_METHOD lays out [function self a0..] and the call is inlined. */
function boundMethodCall(site: CallSite, m: number, nargs: number, sp: number, pc: number): CallResult {
  const { heap } = site;
  const fw = m + L.METHOD_FUNC / 8;
  if (heap.u32[2 * fw + 1] >>> 16 !== L.TAG_OBJ) return 'call of a bound method of a non-function';
  const fn = heap.objectAt(fw);
  if (heap.u32[2 * fn] !== L.OBJ_FUNCTION) return 'call of a bound method of a non-function';
  const codeIndex = heap.readI64(fn + L.FUNCTION_CODE_INDEX / 8);
  const binding = bindCall(heap, site.program, fn, codeIndex, nargs + 1, site.kwLayout(), site.model);
  if (binding === null) return 'call of a bound method that needs argument binding, cells or a generator';
  const word = wordAt(heap, fw);
  site.inline(codeIndex, nargs + 1, pc, sp + 1, () => {
    site.guard('EXPAND_METHOD', 'type', { oparg: nargs, operand0: word, operand1: frameWords(site, codeIndex) });
  }, false, binding);
  return null;
}

/** RETURN_VALUE of an inlined __init__ frame: None checked, the frame popped, the instance as the call's result. */
export function recordInitReturn(site: CallSite, sp: number, nparams: number): CallResult {
  if (typeOfWord(site.heap, sp - 1) !== VType.NONE) return '__init__ returning a value';
  site.guard('GUARD_STACK_IS', 'type', { oparg: 1, operand0: wordAt(site.heap, sp - 1) });
  site.emit({ uop: 'POP_FRAME', oparg: nparams });
  site.emit({ uop: 'INIT_RESULT' });
  return null;
}

/** Builtins of numbers this module records: int(x), 2-argument min/max, isinstance(x, C). */
export const SCALAR_BUILTINS: ReadonlySet<string> = new Set(['int', 'min', 'max', 'isinstance']);

/**
 * CALL of one of SCALAR_BUILTINS (its name; callee word; nargs arguments on
 * top): natively on small ints, floats and bools, isinstance folded to a
 * constant under the guard that fixes the value's class.
 */
export function recordScalarBuiltin(site: CallSite, name: string, callee: bigint, nargs: number, sp: number): CallResult {
  const { heap } = site;
  const t1 = typeOfWord(heap, sp - 1);
  const t2 = nargs === 2 ? typeOfWord(heap, sp - 2) : VType.UNKNOWN;
  const finish = () => {
    site.emit({ uop: 'SWAP' });
    site.emit({ uop: 'POP_TOP' });
  };
  if (name === 'int' && nargs === 1 && (t1 === VType.INT || t1 === VType.FLOAT || t1 === VType.BOOL)) {
    site.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: callee });
    site.guardType(t1, 1);
    // A float past the small ints (or inf, nan) exits: tier-1 converts or raises.
    if (t1 === VType.FLOAT) site.guard('FLOAT_TO_INT', 'other');
    else if (t1 === VType.BOOL) site.emit({ uop: 'BOOL_TO_INT' });
    finish();
    return null;
  }
  if (name === 'int' && nargs === 1 && t1 === VType.STR && isInlineStr(heap, sp - 1)) {
    // A short ASCII str (a token sliced natively is one): parsed natively; anything int() would
    // not read as a plain decimal exits, and tier-1 converts it or raises.
    site.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: callee });
    site.guard('INT_OF_STR', 'other');
    finish();
    return null;
  }
  if ((name === 'min' || name === 'max') && nargs === 2 && t1 === t2 && (t1 === VType.INT || t1 === VType.FLOAT)) {
    site.guard('GUARD_STACK_IS', 'identity', { oparg: 3, operand0: callee });
    site.guardType(t2, 2);
    site.guardType(t1, 1);
    const uop = t1 === VType.INT ? (name === 'min' ? 'MIN_INT' : 'MAX_INT') : name === 'min' ? 'MIN_FLOAT' : 'MAX_FLOAT';
    site.emit({ uop });
    finish();
    return null;
  }
  if (name === 'isinstance' && nargs === 2) {
    const x = sp - 2;
    const c = sp - 1;
    if (heap.u32[2 * c + 1] >>> 16 !== L.TAG_OBJ || heap.u32[2 * heap.objectAt(c)] !== L.OBJ_CLASS) return 'isinstance with a tuple or a non-class';
    if (!canGuard(site, x, 2)) return 'isinstance of a value without a type guard';
    const result = site.model.isSubclass(site.model.classOfValue(x), heap.objectAt(c));
    site.guard('GUARD_STACK_IS', 'identity', { oparg: 3, operand0: callee });
    site.guard('GUARD_STACK_IS', 'identity', { oparg: 1, operand0: wordAt(heap, c) });
    if (!guardOperand(site, x, 2)) throw new Error('internal error: operand guard vanished');
    for (let i = 0; i < 3; i++) site.emit({ uop: 'POP_TOP' });
    site.emit({ uop: 'LOAD_CONST', operand0: result ? TRUE_WORD : FALSE_WORD, word: result ? TRUE_WORD : FALSE_WORD });
    return null;
  }
  return `builtin ${name}`;
}
