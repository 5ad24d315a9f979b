// The program's module globals as python3's globals() dict shows them. They
// live in global slots (frontend/program.ts mainGlobals), which LOAD_GLOBAL,
// STORE_GLOBAL and traces read and write directly; a store here writes the
// slot as STORE_GLOBAL does (traces guard what they read of a global, so
// they see it). A slot named like a builtin starts bound to the builtin
// (Runtime.setBuiltinValue): it is a module global only once the module
// rebinds it, and deleting it gives the builtin back. Keys no code names (a
// computed `globals()[name] = v`, non-str keys) and the module's dunders no
// code names go into a dict of their own.
//
// python3's dict keeps first-binding order. Slots are numbered in the order
// the module body binds them (compiler.ts), and every look at the whole
// mapping appends the slots bound since the last look (`order`), so the order
// is exact for bindings made between looks and source order within them.
//
// The object globals() returns is a dict subclass written in Python
// (stdlib/module-globals.ts, hidden module _moduleglobals) over the natives of
// _globalslots below; a program that never names `globals` or `__globals__`
// is compiled without it and gets a copy.
import { MODULE_GLOBALS } from './builtin-names.generated.ts';
import { def, type Keywords } from './builtin-registry.ts';
import { registerModule } from './modules.ts';
import { HASH } from '../heap/hashing.ts';
import { Kind } from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';

const DUNDERS = new Set(MODULE_GLOBALS);

/**
 * The value of module dunder `name` into slot w (false: not a dunder). The
 * VM has no import system: __loader__ and __spec__ are None.
 */
export function setModuleDunder(rt: Runtime, w: number, name: string): boolean {
  const { objs } = rt;
  switch (name) {
    case '__name__': objs.setObject(w, rt.internedName('__main__')); return true;
    case '__doc__': {
      const doc = rt.program.codes[0].doc;
      if (doc === null) objs.setNone(w);
      else objs.setObject(w, objs.newStr(doc));
      return true;
    }
    case '__file__': objs.setObject(w, objs.newStr(rt.argv[0])); return true;
    case '__builtins__': objs.setObject(w, rt.modules.importModule('builtins')); return true;
    case '__annotations__': objs.setObject(w, rt.dicts.newDict()); return true;
    case '__package__': case '__loader__': case '__spec__': case '__cached__': objs.setNone(w); return true;
    default: return false;
  }
}

export class ModuleGlobals {
  /** The program's global slot of each name it names (null until first used). */
  private slots: Map<string, number> | null = null;
  /** Slot -> the two words of the builtin it starts bound to. */
  private readonly defaults = new Map<number, [number, number]>();
  /** Builtin-named slots a store through globals() bound (maybe to the builtin itself). */
  private readonly rebound = new Set<number>();
  /** The dict of keys without a slot (pinned). */
  private extras = -1;
  /** Str keys in python3's order (see the top of the file). */
  private readonly order = new Set<string>();
  /** The object globals() returns (pinned), once made. */
  private view = -1;

  constructor(private readonly rt: Runtime) {}

  /** The slot of each of the program's own global names, and the builtins they start bound to (made on first use). */
  private slotMap(): Map<string, number> {
    if (this.slots !== null) return this.slots;
    const { rt } = this;
    const { program, interp, objs } = rt;
    const slots = new Map<string, number>();
    const tmp = interp.pushNone();
    for (let g = 0; g < program.mainGlobals; g++) {
      const name = program.globalNames[g];
      slots.set(name, g);
      if (!DUNDERS.has(name) && rt.setBuiltinValue(tmp, name)) this.defaults.set(g, [objs.u32[2 * tmp], objs.u32[2 * tmp + 1]]);
    }
    interp.popN(1);
    this.slots = slots;
    return slots;
  }

  /** The dict of keys without a slot, made with the dunders no code names (they come first in `order`). */
  private extrasDict(): number {
    if (this.extras >= 0) return this.extras;
    const { rt } = this;
    const { interp, heap } = rt;
    const slots = this.slotMap();
    this.extras = rt.dicts.newDict();
    heap.pin(this.extras);
    const value = interp.pushNone();
    const key = interp.pushNone();
    for (const name of MODULE_GLOBALS) {
      if (!slots.has(name)) {
        setModuleDunder(rt, value, name);
        heap.setObject(key, rt.internedName(name));
        rt.dictSetItem(this.extras, key, value);
      }
      this.order.add(name);
    }
    interp.popN(2);
    return this.extras;
  }

  /** Whether global slot g holds a module global (not unbound, not the builtin it started as). */
  private bound(g: number): boolean {
    const u32 = this.rt.objs.u32;
    const w = this.rt.heap.globalsW + g;
    if (this.rt.objs.isUnbound(w)) return false;
    const d = this.defaults.get(g);
    return d === undefined || this.rebound.has(g) || u32[2 * w] !== d[0] || u32[2 * w + 1] !== d[1];
  }

  /** Brings `order` up to date with the slots: newly bound ones go last, unbound ones leave. */
  private refresh(): void {
    this.extrasDict();
    for (const [name, g] of this.slotMap()) {
      if (this.bound(g)) this.order.add(name);
      else this.order.delete(name);
    }
  }

  /** The global slot of a str key, or -1 (other keys, names no code reads). */
  private slotOf(key: number): number {
    const { objs, heap } = this.rt;
    if (objs.kind(key) !== Kind.Str || objs.hugeOf(heap.objectAt(key)) !== null) return -1;
    return this.slotMap().get(objs.strOf(heap.objectAt(key))) ?? -1;
  }

  /** The value slot of globals()[key], or -1. */
  find(key: number): number {
    const g = this.slotOf(key);
    if (g >= 0) return this.bound(g) ? this.rt.heap.globalsW + g : -1;
    return this.rt.dictGet(this.extrasDict(), key);
  }

  /** globals()[key] = value. */
  store(key: number, value: number): void {
    const { rt } = this;
    const g = this.slotOf(key);
    this.refresh();
    if (g >= 0) {
      rt.objs.copy(rt.heap.globalsW + g, value);
      if (this.defaults.has(g)) this.rebound.add(g);
    } else {
      rt.dictSetItem(this.extrasDict(), key, value);
    }
    if (rt.objs.kind(key) === Kind.Str) this.order.add(rt.objs.strOf(rt.heap.objectAt(key)));
  }

  /** del globals()[key]; false when there is no such key. */
  remove(key: number): boolean {
    const { rt } = this;
    const g = this.slotOf(key);
    if (g >= 0) {
      if (!this.bound(g)) return false;
      this.unbind(g);
    } else {
      rt.hash(key);
      const ix = rt.dicts.find(this.extrasDict(), key, HASH[0], HASH[1], rt.keyEquals);
      if (ix < 0) return false;
      rt.dicts.deleteFound(this.extras, ix);
    }
    if (rt.objs.kind(key) === Kind.Str) this.order.delete(rt.objs.strOf(rt.heap.objectAt(key)));
    return true;
  }

  /** DELETE_GLOBAL of slot g: a builtin's name gets the builtin back, as python3 then finds it. */
  deleteSlot(g: number): void {
    this.slotMap();
    const name = this.rt.program.globalNames[g];
    if (g < this.rt.program.mainGlobals ? !this.bound(g) : this.rt.objs.isUnbound(this.rt.heap.globalsW + g)) {
      throw new PyError('NameError', `name '${name}' is not defined`);
    }
    this.unbind(g);
  }

  private unbind(g: number): void {
    const w = this.rt.heap.globalsW + g;
    this.rebound.delete(g);
    if (this.defaults.has(g)) this.rt.setBuiltinValue(w, this.rt.program.globalNames[g]);
    else this.rt.objs.setUnbound(w);
  }

  /** How many keys globals() has. */
  size(): number {
    this.refresh();
    const { rt } = this;
    let n = this.order.size;
    for (let i = rt.dicts.nextLive(this.extras, 0); i >= 0; i = rt.dicts.nextLive(this.extras, i + 1)) {
      if (rt.objs.kind(rt.dicts.entry(this.extras, i) + 1) !== Kind.Str) n++;
    }
    return n;
  }

  /** A new dict of the module globals in python3's order (str keys, then other keys), into slot dst. */
  snapshot(dst: number): void {
    this.refresh();
    const { rt } = this;
    const { objs, heap, interp } = rt;
    const d = interp.pushObject(rt.dicts.newDict(this.order.size));
    const key = interp.pushNone();
    for (const name of this.order) {
      const g = this.slots!.get(name);
      heap.setObject(key, g === undefined ? objs.newStr(name) : rt.internedName(name));
      rt.dictSetItem(heap.objectAt(d), key, g === undefined ? rt.dictGet(this.extras, key) : heap.globalsW + g);
    }
    for (let i = rt.dicts.nextLive(this.extras, 0); i >= 0; i = rt.dicts.nextLive(this.extras, i + 1)) {
      const e = rt.dicts.entry(this.extras, i);
      if (objs.kind(e + 1) !== Kind.Str) rt.dictSetItem(heap.objectAt(d), e + 1, e + 2);
    }
    objs.copy(dst, d);
    interp.popN(2);
  }

  /** What globals() returns, into slot dst: the live view, or a copy when the program was compiled without it. */
  globals(dst: number): void {
    const { rt } = this;
    if (this.view >= 0) { rt.heap.setObject(dst, this.view); return; }
    if (!rt.program.sourceModules.has('_moduleglobals')) { this.snapshot(dst); return; }
    const m = rt.modules.importModule('_moduleglobals');
    const cls = rt.attrs.moduleAttribute(m, 'dict');
    if (cls < 0) throw new Error('internal error: _moduleglobals has no dict');
    const f = rt.interp.push(cls);
    rt.interp.callValue(f, 0);
    this.view = rt.heap.objectAt(f);
    rt.heap.pin(this.view);
    rt.objs.copy(dst, f);
    rt.interp.popN(1);
  }
}

function noKeywords(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`${name}() takes no keyword arguments`);
}

def('globals', (rt, _args, n, dst, kw) => {
  noKeywords('globals', kw);
  if (n !== 0) throw typeError(`globals() takes no arguments (${n} given)`);
  rt.moduleGlobals.globals(dst);
});

// The natives the view's methods call (stdlib/module-globals.ts passes them the right arguments).
def('getitem', (rt, args, _n, dst) => {
  const v = rt.moduleGlobals.find(args);
  if (v < 0) throw rt.exceptions.keyError(args);
  rt.objs.copy(dst, v);
}, '_globalslots');

def('get', (rt, args, _n, dst) => {
  const v = rt.moduleGlobals.find(args);
  rt.objs.copy(dst, v >= 0 ? v : args + 1);
}, '_globalslots');

def('contains', (rt, args, _n, dst) => { rt.objs.setBool(dst, rt.moduleGlobals.find(args) >= 0); }, '_globalslots');

def('setitem', (rt, args, _n, dst) => {
  rt.moduleGlobals.store(args, args + 1);
  rt.objs.setNone(dst);
}, '_globalslots');

def('delitem', (rt, args, _n, dst) => {
  if (!rt.moduleGlobals.remove(args)) throw rt.exceptions.keyError(args);
  rt.objs.setNone(dst);
}, '_globalslots');

def('length', (rt, _args, _n, dst) => { rt.objs.setInt(dst, rt.moduleGlobals.size()); }, '_globalslots');

def('snapshot', (rt, _args, _n, dst) => { rt.moduleGlobals.snapshot(dst); }, '_globalslots');

registerModule('_globalslots');
