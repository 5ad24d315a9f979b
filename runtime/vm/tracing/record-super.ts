// super() in traces: `super().m(args)` in a method (the compiler's
// super(__class__, self)) and the call of m on it, inlined like any method
// call (cases/uops_super.c). The super object is made natively (NEW_SUPER)
// once the builtin, the class and the instance's shape are guarded (what
// tier-1's super() checks: a class, and an instance of it); the call on it
// is guarded by GUARD_SUPER_AT (the super's class, and the instance's class
// version, which fixes its MRO and every dict along it), then EXPAND_SUPER
// makes [method self args] and the call is inlined. super().__init__() that
// reaches object's own __init__ does nothing: None, natively.
import { LAYOUT as L } from '../../../build/layout.ts';
import { bindCall } from './record-kwcalls.ts';
import type { CallResult, CallSite, FoundMethod } from './record-calls.ts';
import { instanceAt } from './record-objects.ts';
import { NONE_WORD, wordAt } from './trace-ir.ts';

const isObjOf = (site: CallSite, w: number, type: number) =>
  site.heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ && site.heap.u32[2 * site.heap.objectAt(w)] === type;

/** CALL of the builtin super (word callee) with nargs arguments on top; false when not super(class, instance of it). */
export function recordSuperCall(site: CallSite, callee: bigint, nargs: number, sp: number): boolean {
  const { heap, model } = site;
  if (nargs !== 2 || !isObjOf(site, sp - 2, L.OBJ_CLASS)) return false;
  const o = instanceAt(heap, sp - 1);
  if (o < 0 || !model.isSubclass(model.classOf(o), heap.objectAt(sp - 2))) return false;
  site.guard('GUARD_STACK_IS', 'identity', { oparg: 3, operand0: callee });
  site.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: wordAt(heap, sp - 2) });
  site.guardShape(o, 1);
  site.guard('NEW_SUPER', 'alloc');
  return true;
}

/** What super-object s's `name` finds, and the guard that fixes it (the super object `depth` slots down); or why not. */
function lookup(site: CallSite, s: number, name: string, depth: number): { found: FoundMethod | 'object'; guard: () => void } | string {
  const { heap, model } = site;
  const start = s + L.SUPER_TYPE / 8;
  const o = instanceAt(heap, s + L.SUPER_OBJ / 8);
  if (o < 0 || !isObjOf(site, start, L.OBJ_CLASS)) return 'method of super() of a class';
  const cls = model.classOf(o);
  const found = model.superMethod(heap.objectAt(start), cls, name);
  if (found === null) return `super() method ${name} that is not a Python function`;
  return { found, guard: () => site.guard('GUARD_SUPER_AT', 'type', { oparg: depth, operand0: wordAt(heap, start), operand1: BigInt(model.version(cls)) }) };
}

/** LOAD_ATTR name of the super object on top: a bound method made natively. */
export function recordSuperAttribute(site: CallSite, name: string, sp: number): CallResult {
  const r = lookup(site, site.heap.objectAt(sp - 1), name, 1);
  if (typeof r === 'string') return r;
  if (r.found === 'object') return `super() attribute ${name} of object`;
  r.guard();
  site.guard('SUPER_BIND', 'alloc', { operand0: r.found.word });
  return null;
}

/** CALL_METHOD name with n arguments on a super object (under them). */
export function recordSuperMethod(site: CallSite, name: string, n: number, sp: number, pc: number): CallResult {
  const { heap } = site;
  const r = lookup(site, heap.objectAt(sp - n - 1), name, n + 1);
  if (typeof r === 'string') return r;
  const { found, guard } = r;
  if (found === 'object') {
    if (name !== '__init__' || n !== 0) return `super() method ${name} of object`;
    guard();
    site.emit({ uop: 'POP_TOP' });
    site.emit({ uop: 'LOAD_CONST', operand0: NONE_WORD, word: NONE_WORD });
    return null;
  }
  const binding = bindCall(heap, site.program, found.obj, found.codeIndex, n + 1, null);
  if (binding === null) return `super() method ${name} that needs argument binding, cells or a generator`;
  const code = site.program.codes[found.codeIndex];
  const frameWords = BigInt(L.SIZEOF_FRAME_HEADER / 8 + code.nlocals + code.maxStack);
  // Tier-1 calls [method self args] with the frame above them, as for a bound method.
  site.inline(found.codeIndex, n + 1, pc, sp + 1, () => {
    guard();
    site.guard('EXPAND_SUPER', 'frame', { oparg: n, operand0: found.word, operand1: frameWords });
  }, false, binding);
  return null;
}
