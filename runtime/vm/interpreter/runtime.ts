// One running program's world: the heap and its object helpers (dicts, sets,
// shapes), the classes, attribute access, operations, iteration, generators,
// exceptions and modules, the constant/global tables materialised in native
// memory, buffered output, and the interpreter. Code that implements
// builtins gets everything through this object.
import { builtinCount, builtinId, builtinSpec } from './builtin-registry.ts';
import './builtins.ts';
import './sys-module.ts';
import './array-support.ts';
import './library-formatting.ts';
import './str-methods.ts';
import { isHugeLength } from './huge-strs.ts';
import { StrBuilder } from '../heap/huge-str.ts';
import './number-methods.ts';
import './operator-methods.ts';
import { Dicts } from '../heap/dict.ts';
import { Formatter } from '../heap/format.ts';
import { HASH, hashHugeStr, hashString } from '../heap/hashing.ts';
import { strInlineHash } from '../heap/str-inline.ts';
import { DEFAULT_HEAP_OPTIONS, Heap } from '../heap/heap.ts';
import {
  BUILTIN_METHOD_NAME_W, BUILTIN_METHOD_SELF_W, BUILTIN_METHOD_TYPE_W, FUNCTION_CLOSURE_W, FUNCTION_DEFAULTS_W,
  FUNCTION_KWDEFAULTS_W, Kind, Objects, ROPE_HANDLE_LO, STR_CHARS_W, STR_HANDLE_W, STR_HASH_W,
} from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import { Sets } from '../heap/set.ts';
import { Shapes } from '../heap/shapes.ts';
import type { ConstantSpec, Program } from '../frontend/program.ts';
import { Attributes } from './attributes.ts';
import { BuiltinType } from './builtin-types.ts';
import { Classes } from './classes.ts';
import { Exceptions } from './exceptions.ts';
import { Generators } from './generators.ts';
import { Interpreter } from './interpreter.ts';
import { Iterators } from './iterators.ts';
import { callBuiltinTypeMethod, methodNameById, methodNameId } from './methods.ts';
import { Modules } from './modules.ts';
import { ModuleGlobals, setModuleDunder } from './module-globals.ts';
import { Operations } from './operations.ts';
import { TypeSystem } from './types.ts';
import { LAYOUT as L } from '../../../build/layout.ts';

export interface RuntimeOptions {
  write: (text: string) => void;
  /** Where sys.stderr writes (default: nowhere). */
  writeErr?: (text: string) => void;
  /** sys.argv (default: ['']). */
  argv?: string[];
  arenaBytes?: number;
  frameStackBytes?: number;
  minGcBytes?: number;
  /** Output held before `write` is called (default 64 KiB); 0 hands on every write (the CLI buffers as python3 does). */
  outputBufferBytes?: number;
  /** Pushes what `write` buffered to the file (print(flush=True), sys.stdout.flush()). */
  flushOutput?: () => void;
  /** The arena in a JavaScript buffer (HeapOptions.warmUpArena). */
  warmUpArena?: ArrayBuffer;
}

export class Runtime {
  readonly heap: Heap;
  readonly objs: Objects;
  readonly dicts: Dicts;
  readonly sets: Sets;
  readonly shapes = new Shapes();
  readonly ops: Operations;
  readonly fmt: Formatter;
  readonly types: TypeSystem;
  readonly classes: Classes;
  readonly attrs: Attributes;
  readonly iterators: Iterators;
  readonly generators: Generators;
  readonly exceptions: Exceptions;
  readonly modules: Modules;
  readonly interp: Interpreter;
  readonly moduleGlobals = new ModuleGlobals(this);
  /** Key equality for dict probes: one function for every lookup (no closure per call). */
  readonly keyEquals = (a: number, b: number): boolean => this.ops.itemEquals(a, b);
  /** Pinned str objects for names (attribute names, global names, keyword names). */
  private readonly interned = new Map<string, number>();
  /** The NotImplemented and Ellipsis singletons (pinned instances of their classes). */
  notImplemented = -1;
  ellipsis = -1;
  private out: string[] = [];
  private outSize = 0;
  private readonly outputLimit: number;

  constructor(readonly program: Program, private readonly options: RuntimeOptions) {
    this.outputLimit = options.outputBufferBytes ?? 1 << 16;
    this.heap = new Heap({
      arenaBytes: options.arenaBytes ?? DEFAULT_HEAP_OPTIONS.arenaBytes,
      frameStackBytes: options.frameStackBytes ?? DEFAULT_HEAP_OPTIONS.frameStackBytes,
      minGcBytes: options.minGcBytes ?? DEFAULT_HEAP_OPTIONS.minGcBytes,
      warmUpArena: options.warmUpArena,
      constantCount: program.constants.length,
      globalCount: program.globalNames.length,
    });
    this.objs = new Objects(this.heap);
    this.dicts = new Dicts(this.objs);
    this.sets = new Sets(this.objs, { hash: (w) => this.hash(w), eq: (a, b) => this.ops.itemEquals(a, b) });
    this.ops = new Operations(this);
    this.types = new TypeSystem(this);
    this.classes = new Classes(this);
    this.attrs = new Attributes(this);
    this.iterators = new Iterators(this);
    this.generators = new Generators(this);
    this.exceptions = new Exceptions(this);
    this.modules = new Modules(this);
    this.fmt = new Formatter(this);
    this.interp = new Interpreter(this);
    this.heap.withoutCollection(() => {
      this.types.createBuiltinClasses((name) => builtinId(name) ?? -1);
      this.notImplemented = this.classes.newPlainObject(this.types.builtinClass[BuiltinType.NOT_IMPLEMENTED]);
      this.heap.pin(this.notImplemented);
      this.ellipsis = this.classes.newPlainObject(this.types.builtinClass[BuiltinType.ELLIPSIS]);
      this.heap.pin(this.ellipsis);
    });
    this.materializeConstants();
    this.bindBuiltins();
  }

  private materializeConstants(): void {
    this.program.constants.forEach((c, i) => this.materializeConstant(this.heap.constantsW + i, c));
  }

  /** Writes constant c to slot w (rooted: a tuple's items are written after it is in its slot). */
  private materializeConstant(w: number, c: ConstantSpec): void {
    const objs = this.objs;
    switch (c.kind) {
      case 'int': objs.setBig(w, c.value); break;
      case 'float': objs.setFloat(w, c.value); break;
      case 'str': objs.setObject(w, objs.newStr(c.value)); break;
      case 'none': objs.setNone(w); break;
      case 'bool': objs.setBool(w, c.value); break;
      case 'function': objs.setObject(w, objs.newFunction(c.codeIndex)); break;
      case 'ellipsis': objs.setObject(w, this.ellipsis); break;
      case 'builtin': this.setBuiltinValue(w, c.name); break;
      case 'tuple': {
        const t = objs.newTuple(c.items.length);
        objs.setObject(w, t);
        c.items.forEach((item, k) => this.materializeConstant(objs.tupleItems(t) + k, item));
        break;
      }
    }
  }

  /** Globals named like a builtin start bound to it (Python looks builtins up after globals). */
  private bindBuiltins(): void {
    this.program.globalNames.forEach((name, g) => this.setBuiltinValue(this.heap.globalsW + g, name));
  }

  /** Writes the builtin named `name` (a function, a class, None for unknown names: left unbound) to slot w. */
  setBuiltinValue(w: number, name: string): boolean {
    const cls = this.types.namedClasses.get(name);
    if (cls !== undefined) { this.objs.setObject(w, cls); return true; }
    if (name === 'NotImplemented') { this.objs.setObject(w, this.notImplemented); return true; }
    if (name === 'Ellipsis') { this.objs.setObject(w, this.ellipsis); return true; }
    if (setModuleDunder(this, w, name)) return true;
    const id = builtinId(name);
    if (id === undefined) return false;
    // One object per builtin, so `min is min` holds between globals and constants (the
    // compiler's inline generator loops test it: compiler.ts consumedGenerator).
    let o = this.builtinObjects.get(id);
    if (o === undefined) {
      o = this.objs.newBuiltin(id);
      this.heap.pin(o);
      this.builtinObjects.set(id, o);
    }
    this.objs.setObject(w, o);
    return true;
  }

  private readonly builtinObjects = new Map<number, number>();

  // ---- names and hashing ---------------------------------------------------------

  /** A pinned str object for `name` (one per name). */
  internedName(name: string): number {
    let o = this.interned.get(name);
    if (o === undefined) {
      o = this.objs.newStr(name);
      this.heap.pin(o);
      this.interned.set(name, o);
    }
    return o;
  }

  /**
   * A value slot holding the interned str `name`, with its hash in HASH: the
   * key for a dict lookup that compares no other kinds of keys (the slot is
   * one scratch word, valid until the next call).
   */
  nameKey(name: string): number {
    const w = this.heap.scratchW + 62;
    const o = this.internedName(name);
    this.heap.setObject(w, o);
    this.hashStr(o);
    return w;
  }

  /** The hash of str object o into HASH (cached in the object). */
  hashStr(o: number): void {
    const u32 = this.heap.u32;
    const w = o + STR_HASH_W;
    let lo = u32[2 * w];
    let hi = u32[2 * w + 1];
    // Flattening a rope (strOf) clears its hash word, so read the str first when it is not cached.
    if (lo === 0 && hi === 0) {
      const c = 2 * (o + STR_CHARS_W);
      if (u32[c + 1] !== 0 && u32[2 * (o + STR_HANDLE_W)] !== ROPE_HANDLE_LO) {
        // Short ASCII: hashed from its inline chars, without making its text.
        strInlineHash(u32[c], u32[c + 1], HASH);
      } else {
        const huge = this.objs.hugeOf(o);
        if (huge !== null) hashHugeStr(huge);
        else hashString(this.objs.strOf(o));
      }
      lo = HASH[0];
      hi = HASH[1];
      if (lo === 0xffffffff && hi === 0xffffffff) lo = 0xfffffffe;
      u32[2 * w] = lo;
      u32[2 * w + 1] = hi;
      return;
    }
    HASH[0] = lo;
    HASH[1] = hi;
  }

  /** hash() of the value in slot w into HASH (TypeError for unhashable values; __hash__ may run Python code). */
  hash(w: number): void {
    this.ops.hash(w);
  }

  // ---- helpers the interpreter calls ------------------------------------------------

  typeName(w: number): string { return this.types.typeName(w); }

  builtinName(id: number): string { return builtinSpec(id).name; }

  isNotImplemented(w: number): boolean {
    return this.objs.kind(w) === Kind.Instance && this.heap.objectAt(w) === this.notImplemented;
  }

  isEllipsis(w: number): boolean {
    return this.objs.kind(w) === Kind.Instance && this.heap.objectAt(w) === this.ellipsis;
  }

  /** Range objects and range iterators share a layout; iterators are told apart by identity. */
  isRangeIterator(o: number): boolean {
    return this.iterators.isRangeIterator(o);
  }

  /** MAKE_FUNCTION: [defaults] [kwdefaults] [closure] -> function; returns the new sp. */
  makeFunction(sp: number, arg: number): number {
    const { objs, heap } = this;
    const flags = arg & 15;
    const n = (flags & 1) + ((flags >> 1) & 1) + ((flags >> 3) & 1);
    const first = sp - n;
    const f = objs.newFunction(arg >> 4);
    let w = first;
    if (flags & 1) objs.copy(f + FUNCTION_DEFAULTS_W, w++);
    if (flags & 2) objs.copy(f + FUNCTION_KWDEFAULTS_W, w++);
    if (flags & 8) objs.copy(f + FUNCTION_CLOSURE_W, w++);
    heap.setObject(first, f);
    return first + 1;
  }

  /** The class namespace of a class body frame (its local 0). */
  private namespaceOf(locals: number): number { return this.heap.objectAt(locals); }

  /** LOAD_NAME: the class namespace, then the global slot g (builtins included). */
  loadName(locals: number, g: number, dst: number): void {
    const name = this.program.globalNames[g];
    const key = this.nameKey(name);
    const v = this.dicts.get(this.namespaceOf(locals), key, HASH[0], HASH[1], this.keyEquals);
    if (v >= 0) { this.objs.copy(dst, v); return; }
    const gw = this.heap.globalsW + g;
    if (this.objs.isUnbound(gw)) throw this.interp.nameError(name, this.interp.fp, this.program.codes[0]);
    this.objs.copy(dst, gw);
  }

  storeName(locals: number, g: number, value: number): void {
    const key = this.interp.pushObject(this.internedName(this.program.globalNames[g]));
    this.dictSetItem(this.namespaceOf(locals), key, value);
    this.interp.popN(1);
  }

  deleteName(locals: number, g: number): void {
    const name = this.program.globalNames[g];
    const key = this.nameKey(name);
    const d = this.namespaceOf(locals);
    const ix = this.dicts.find(d, key, HASH[0], HASH[1], this.keyEquals);
    if (ix < 0) throw new PyError('NameError', `name '${name}' is not defined`);
    this.dicts.deleteFound(d, ix);
  }

  /** d[key] = value for a dict object d and value slots (rooted). */
  dictSetItem(d: number, key: number, value: number): void {
    this.hash(key);
    this.dicts.set(d, key, value, HASH[0], HASH[1], this.keyEquals);
  }

  /** The value slot of d[key], or -1. */
  dictGet(d: number, key: number): number {
    this.hash(key);
    return this.dicts.get(d, key, HASH[0], HASH[1], this.keyEquals);
  }

  /** BUILD_MAP: [k0 v0 ...] -> dict; returns the new sp. */
  buildMap(sp: number, n: number): number {
    const first = sp - 2 * n;
    const d = this.dicts.newDict(n);
    const slot = this.interp.pushObject(d);
    for (let i = 0; i < n; i++) this.dictSetItem(d, first + 2 * i, first + 2 * i + 1);
    this.objs.copy(first, slot);
    this.interp.popN(1);
    return first + 1;
  }

  /** BUILD_SET: [x0 ...] -> set; returns the new sp. */
  buildSet(sp: number, n: number): number {
    const first = sp - n;
    const s = this.sets.newSet(false);
    const slot = this.interp.pushObject(s);
    for (let i = 0; i < n; i++) this.sets.add(s, first + i);
    this.objs.copy(first, slot);
    this.interp.popN(1);
    return first + 1;
  }

  /** list.extend(iterable) for LIST_EXTEND (the list at slot `list`). */
  listExtend(list: number, iterable: number): void {
    const src = this.iterators.toListObject(iterable);
    const slot = this.interp.pushObject(src);
    this.ops.extendList(this.heap.objectAt(list), slot);
    this.interp.popN(1);
  }

  setUpdate(set: number, iterable: number): void {
    this.ops.setUpdateFrom(this.heap.objectAt(set), iterable);
  }

  /** {**m} (later keys win) or f(**m) (a repeated key is a TypeError). */
  dictUpdate(dict: number, mapping: number, merge: boolean): void {
    this.ops.dictUpdateFrom(this.heap.objectAt(dict), mapping, merge);
  }

  listToTuple(list: number): number {
    const objs = this.objs;
    const len = objs.listLength(list);
    this.heap.tempRoots.push(list);
    const t = objs.newTuple(len);
    this.heap.tempRoots.pop();
    objs.u32.copyWithin(2 * objs.tupleItems(t), 2 * objs.listItems(list), 2 * (objs.listItems(list) + len));
    return t;
  }

  /**
   * CALL_FUNCTION_EX: [callable args [kwargs]] becomes [callable a0 .. aN-1
   * kv0 ..]; returns the keyword names (null when there are none). Sets interp.sp.
   */
  expandCallArguments(callable: number, hasKw: boolean): string[] | null {
    return this.ops.expandCallArguments(callable, hasKw);
  }

  /** FORMAT_VALUE: the value at slot w becomes its (converted, formatted) str. */
  formatValue(w: number, conversion: number, spec: number): void {
    this.fmt.formatValue(w, conversion, spec);
  }

  /** BUILD_STRING: n strs -> their concatenation; returns the new sp. */
  buildString(sp: number, n: number): number {
    const first = sp - n;
    let s = '';
    let len = 0;
    let big: StrBuilder | null = null;
    for (let i = 0; i < n; i++) {
      const o = this.heap.objectAt(first + i);
      const t = this.objs.textOf(o);
      len += this.objs.strLength(o);
      if (big === null && typeof t === 'string' && !isHugeLength(s.length + t.length)) { s += t; continue; }
      // Past one V8 string, or a huge part: the rest goes to a chunked builder.
      if (big === null) { big = new StrBuilder(); big.add(s); }
      big.addText(t);
    }
    this.objs.setObject(first, big === null ? this.objs.newStr(s, len) : this.objs.newStrText(big.result()));
    return first + 1;
  }

  /** BEFORE_WITH: [manager] -> [bound __exit__, __enter__()]. */
  beforeWith(w: number): void {
    const interp = this.interp;
    const mgr = interp.push(w);
    const enter = this.attrs.lookupSpecial(mgr, '__enter__');
    const exit = this.attrs.lookupSpecial(mgr, '__exit__');
    if (enter < 0 || exit < 0) {
      const missing = enter < 0 ? '' : ' (missed __exit__ method)';
      throw typeError(`'${this.typeName(w)}' object does not support the context manager protocol${missing}`);
    }
    // [mgr] -> exit bound at w, enter's result at w + 1.
    this.attrs.load(interp.push(mgr), '__exit__');
    const exitSlot = interp.sp - 1;
    this.attrs.load(interp.push(mgr), '__enter__');
    interp.callValue(interp.sp - 1, 0);
    this.objs.copy(w + 1, interp.sp - 1);
    this.objs.copy(w, exitSlot);
    interp.popN(interp.sp - mgr);
  }

  /** WITH_EXCEPT_START: exit(type(exc), exc, traceback) into dst. */
  withExceptStart(exit: number, exc: number, dst: number): void {
    const interp = this.interp;
    const base = interp.push(exit);
    interp.pushObject(this.types.classOf(exc));
    interp.push(exc);
    interp.pushNone();
    interp.callValue(base, 3);
    this.objs.copy(dst, base);
    interp.popN(1);
  }

  /** CALL_METHOD's general part: false when callMethod (built-in receivers) should run; true when the stack is ready for a call. */
  prepareMethodCall(name: string, self: number, n: number): boolean {
    return this.attrs.prepareMethodCall(name, self, n);
  }

  /** Calls a built-in method object at base with its arguments after it. */
  callBuiltinMethod(base: number, nargs: number, kwnames: string[] | null): void {
    const { heap, objs } = this;
    const o = heap.objectAt(base);
    const nameId = heap.readI64(o + BUILTIN_METHOD_NAME_W);
    const type = heap.readI64(o + BUILTIN_METHOD_TYPE_W) as BuiltinType;
    const npos = nargs - (kwnames === null ? 0 : kwnames.length);
    if (objs.isUnbound(o + BUILTIN_METHOD_SELF_W)) {
      // An unbound method (str.lower): the first argument is self.
      if (npos === 0) throw typeError(`unbound method ${this.types.className(this.types.builtinClass[type])}.${methodNameById(nameId)}() needs an argument`);
      callBuiltinTypeMethod(this, type, nameId, base + 1, npos - 1, kwnames, base);
      return;
    }
    objs.copy(base, o + BUILTIN_METHOD_SELF_W);
    callBuiltinTypeMethod(this, type, nameId, base, npos, kwnames, base);
  }

  newBuiltinMethodObject(name: string, self: number, type: BuiltinType): number {
    return this.objs.newBuiltinMethod(methodNameId(name), self, type);
  }

  /** Calls the value at slot fn with argument slots and writes the result to dst. */
  call(dst: number, fn: number, ...args: number[]): void {
    const interp = this.interp;
    const base = interp.push(fn);
    for (const a of args) interp.push(a);
    interp.callValue(base, args.length);
    this.objs.copy(dst, base);
    interp.popN(1);
  }

  /** The builtin id of attribute `name` of module m (random.randint: _random's randint), or -1 when it is no builtin. */
  moduleBuiltinId(m: number, name: string): number {
    const v = this.attrs.moduleAttribute(m, name);
    return v >= 0 && this.objs.kind(v) === Kind.Builtin ? this.heap.readI64(this.heap.objectAt(v) + L.BUILTIN_ID / 8) : -1;
  }

  /**
   * For the tracing JIT: `module.name` when the module's attribute `name` is
   * still what the module was made with (its builtin of that name, or for math
   * its float constant), else null.
   */
  moduleAttributeIdentity(m: number, name: string): string | null {
    const v = this.attrs.moduleAttribute(m, name);
    if (v < 0) return null;
    const moduleName = this.modules.nameOf(this.heap.readI64(m + L.MODULE_ID / 8));
    const k = this.objs.kind(v);
    if (k === Kind.Builtin) {
      const spec = builtinSpec(this.heap.readI64(this.heap.objectAt(v) + L.BUILTIN_ID / 8));
      return spec.module === moduleName && spec.name === name ? `${moduleName}.${name}` : null;
    }
    const constants: Record<string, number> = { pi: Math.PI, e: Math.E, tau: 2 * Math.PI, inf: Infinity };
    if (moduleName === 'math' && k === Kind.Float && name in constants && this.objs.f64[v] === constants[name]) return `math.${name}`;
    return null;
  }

  // ---- output ---------------------------------------------------------------------

  write(text: string): void {
    this.out.push(text);
    this.outSize += text.length;
    if (this.outSize > this.outputLimit) this.flush();
  }

  /** Text for sys.stderr (unbuffered, like python3's). */
  writeErr(text: string): void {
    this.options.writeErr?.(text);
  }

  get argv(): readonly string[] { return this.options.argv ?? ['']; }

  /** print(flush=True), sys.stdout.flush(): everything written so far reaches the file. */
  flushToFile(): void {
    this.flush();
    this.options.flushOutput?.();
  }

  flush(): void {
    if (this.out.length === 0) return;
    // Emptied first: a write that raises (BrokenPipeError) must not be retried by the flush at exit.
    const text = this.out.join('');
    this.out = [];
    this.outSize = 0;
    this.options.write(text);
  }

  dispose(): void { this.heap.dispose(); }

  static builtinCount = builtinCount;
  static builtinSpec = builtinSpec;
  static readonly OBJ_CLASS = L.OBJ_CLASS;
}

