// Built-in modules. A module is registered by name (registerModule); its
// attributes are the builtins defined for it (def(name, fn, module) in
// builtin-registry.ts) plus whatever its `define` function adds (constants,
// classes). The module object (cases/vm.h ModuleObject) is made on first
// import, with its attributes in a dict, and lives for the whole run.
//
// Adding a module:  def('choice', fn, 'random'); registerModule('random', (rt, set) => { ... })
import { builtinId, moduleBuiltins } from './builtin-registry.ts';
import { HASH } from '../heap/hashing.ts';
import { Kind, MODULE_DICT_W, MODULE_ID_W } from '../heap/objects.ts';
import { PyError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';
import { SOURCE_MODULES } from '../stdlib/source-modules.ts';
import { INTERNED_KEYS } from '../heap/dict.ts';

/** Adds attributes to a module being made: set(name, slot) copies the value in slot into the module. */
export type ModuleDefine = (rt: Runtime, set: (name: string, w: number) => void) => void;

interface ModuleEntry { name: string; define: ModuleDefine | null; source?: boolean }
const MODULES: ModuleEntry[] = [];

// The standard modules written in Python: the compiler compiles the ones a program imports.
for (const name of SOURCE_MODULES.keys()) MODULES.push({ name, define: null, source: true });

/** Registers a built-in module (replacing one of the same name). */
export function registerModule(name: string, define: ModuleDefine | null = null): void {
  const i = MODULES.findIndex((m) => m.name === name);
  if (i >= 0 && MODULES[i].source) throw new Error(`module '${name}' is written in Python (runtime/vm/stdlib/)`);
  if (i >= 0) MODULES[i] = { name, define };
  else MODULES.push({ name, define });
}

/** Names of the registered modules. */
export function moduleNames(): string[] {
  return MODULES.map((m) => m.name);
}

registerModule('math', (rt, set) => {
  const slot = rt.interp.pushNone();
  for (const [name, v] of [['pi', Math.PI], ['e', Math.E], ['tau', 2 * Math.PI], ['inf', Infinity], ['nan', NaN]] as const) {
    rt.objs.setFloat(slot, v);
    set(name, slot);
  }
  rt.interp.popN(1);
});

export class Modules {
  /** Module objects by module id, once imported. */
  private readonly objects = new Map<number, number>();

  constructor(private readonly rt: Runtime) {}

  nameOf(id: number): string { return MODULES[id]?.name ?? '?'; }

  /** The module object for `import name`: ModuleNotFoundError for modules the VM does not have. */
  importModule(name: string): number {
    if (name.startsWith('.')) throw new PyError('ImportError', 'attempted relative import with no known parent package');
    if (name === 'os.path') name = 'posixpath'; // os.path is posixpath, as on Linux (stdlib/os.ts)
    const top = name.split('.')[0];
    const id = MODULES.findIndex((m) => m.name === name);
    if (id < 0) {
      const known = MODULES.some((m) => m.name === top);
      throw new PyError('ModuleNotFoundError', known ? `No module named '${name}'; '${top}' is not a package` : `No module named '${top}'`);
    }
    let o = this.objects.get(id);
    if (o === undefined) o = this.make(id);
    return o;
  }

  private make(id: number): number {
    const rt = this.rt;
    const { heap, objs, interp } = rt;
    const entry = MODULES[id];
    if (entry.source) return this.makeFromSource(id);
    const o = objs.newModule(id);
    heap.pin(o);
    this.objects.set(id, o);
    const d = rt.dicts.newDict();
    heap.setObject(o + MODULE_DICT_W, d);
    const set = (name: string, w: number) => {
      const k = interp.pushObject(rt.internedName(name));
      rt.dictSetItem(heap.objectAt(o + MODULE_DICT_W), k, w);
      interp.popN(1);
    };
    const slot = interp.pushNone();
    for (const fname of moduleBuiltins(entry.name)) {
      objs.setObject(slot, objs.newBuiltin(builtinId(fname, entry.name)!));
      set(fname, slot);
    }
    heap.setObject(slot, rt.internedName(entry.name));
    set('__name__', slot);
    interp.popN(1);
    entry.define?.(rt, set);
    return o;
  }

  /** A module written in Python: its compiled body runs once and returns the module's namespace. */
  private makeFromSource(id: number): number {
    const rt = this.rt;
    const { heap, objs, interp } = rt;
    const name = MODULES[id].name;
    const codeIndex = rt.program.sourceModules.get(name);
    // The compiler compiles every module a program's import statements name.
    if (codeIndex === undefined) throw new PyError('ModuleNotFoundError', `No module named '${name}'`);
    const f = interp.pushObject(objs.newFunction(codeIndex));
    interp.callValue(f, 0);
    if (objs.kind(f) !== Kind.Dict) throw new Error(`internal error: module ${name} did not return its namespace`);
    const o = objs.newModule(id);
    heap.pin(o);
    this.objects.set(id, o);
    heap.setObject(o + MODULE_DICT_W, heap.objectAt(f));
    const k = interp.pushObject(rt.internedName('__name__'));
    const v = interp.pushObject(rt.internedName(name));
    rt.dictSetItem(heap.objectAt(f), k, v);
    interp.popN(3);
    return o;
  }

  /** sys.stdout's slot when a program rebound it (contextlib.redirect_stdout, sys.stdout = ...), or -1: print() writes there. */
  redirectedStdout(): number {
    const id = MODULES.findIndex((m) => m.name === 'sys');
    const o = this.objects.get(id);
    if (o === undefined) return -1;
    const out = this.rt.attrs.moduleAttribute(o, 'stdout');
    const original = this.rt.attrs.moduleAttribute(o, '__stdout__');
    if (out < 0 || original < 0 || this.rt.heap.objectAt(out) === this.rt.heap.objectAt(original)) return -1;
    return out;
  }

  /** IMPORT_FROM: module attribute `name` into dst (ImportError when missing). */
  importFrom(moduleW: number, name: string, dst: number): void {
    const rt = this.rt;
    const m = rt.heap.objectAt(moduleW);
    const v = rt.attrs.moduleAttribute(m, name);
    if (v < 0) {
      const mod = this.nameOf(rt.heap.readI64(m + MODULE_ID_W));
      throw new PyError('ImportError', `cannot import name '${name}' from '${mod}' (unknown location)`);
    }
    rt.objs.copy(dst, v);
  }

  /** IMPORT_STAR: every global the program names that the module has (not starting with _) gets its value. */
  importStar(moduleW: number): void {
    const rt = this.rt;
    const { heap } = rt;
    const m = heap.objectAt(moduleW);
    const d = heap.objectAt(m + MODULE_DICT_W);
    rt.program.globalNames.forEach((name, g) => {
      if (name.startsWith('_')) return;
      const key = rt.nameKey(name);
      const v = rt.dicts.get(d, key, HASH[0], HASH[1], INTERNED_KEYS);
      if (v >= 0) rt.objs.copy(heap.globalsW + g, v);
    });
  }
}
