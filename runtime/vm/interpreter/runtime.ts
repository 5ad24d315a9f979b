// One running program's world: the heap, object helpers, operations,
// formatting, the constant/global tables materialised in native memory, and
// buffered output.
import { builtinCount, builtinId, builtinSpec, MODULE_NAMES } from './builtins.ts';
import { Formatter, typeName } from '../heap/format.ts';
import { DEFAULT_HEAP_OPTIONS, Heap } from '../heap/heap.ts';
import { Objects } from '../heap/objects.ts';
import { Operations } from './operations.ts';
import { percentFormat } from '../library/percent-format.ts';
import { vmValueHost } from './library-host.ts';
import type { ValueHost } from '../library/value-host.ts';
import type { Program } from '../frontend/program.ts';

export interface RuntimeOptions {
  write: (text: string) => void;
  arenaBytes?: number;
  frameStackBytes?: number;
  minGcBytes?: number;
}

export class Runtime {
  readonly heap: Heap;
  readonly objs: Objects;
  readonly ops: Operations;
  readonly fmt: Formatter;
  /** One module object per module name, created on first import. */
  private readonly modules = new Map<number, number>();
  private out: string[] = [];
  private outSize = 0;

  constructor(readonly program: Program, private readonly options: RuntimeOptions) {
    this.heap = new Heap({
      arenaBytes: options.arenaBytes ?? DEFAULT_HEAP_OPTIONS.arenaBytes,
      frameStackBytes: options.frameStackBytes ?? DEFAULT_HEAP_OPTIONS.frameStackBytes,
      minGcBytes: options.minGcBytes ?? DEFAULT_HEAP_OPTIONS.minGcBytes,
      constantCount: program.constants.length,
      globalCount: program.globalNames.length,
    });
    this.objs = new Objects(this.heap);
    this.ops = new Operations(this.objs);
    let host: ValueHost<number> | null = null;
    this.ops.percentFormat = (format, args) => percentFormat(host ??= vmValueHost(this), format, args);
    this.fmt = new Formatter(this.objs, {
      functionName: (i) => program.codes[i].name,
      builtinName: (id) => builtinSpec(id).name,
      moduleName: (id) => MODULE_NAMES[id],
    });
    this.materializeConstants();
    this.bindBuiltins();
  }

  private materializeConstants(): void {
    const { heap, objs } = this;
    this.program.constants.forEach((c, i) => {
      const w = heap.constantsW + i;
      switch (c.kind) {
        case 'int': objs.setBig(w, c.value); break;
        case 'float': objs.setFloat(w, c.value); break;
        case 'str': objs.setObject(w, objs.newStr(c.value)); break;
        case 'none': objs.setNone(w); break;
        case 'bool': objs.setBool(w, c.value); break;
        case 'function': objs.setObject(w, objs.newFunction(c.codeIndex)); break;
      }
    });
  }

  /** Globals named like a builtin start bound to it (Python looks builtins up after globals). */
  private bindBuiltins(): void {
    this.program.globalNames.forEach((name, g) => {
      const id = builtinId(name);
      if (id !== undefined) this.objs.setObject(this.heap.globalsW + g, this.objs.newBuiltin(id));
    });
  }

  /** The module object for `import name` (pinned: it lives for the whole run). */
  module(name: string): number {
    const id = MODULE_NAMES.indexOf(name);
    let o = this.modules.get(id);
    if (o === undefined) {
      o = this.objs.newModule(id);
      this.heap.pin(o);
      this.modules.set(id, o);
    }
    return o;
  }

  typeName(w: number): string { return typeName(this.objs, w); }

  write(text: string): void {
    this.out.push(text);
    this.outSize += text.length;
    if (this.outSize > 1 << 16) this.flush();
  }

  flush(): void {
    if (this.out.length === 0) return;
    this.options.write(this.out.join(''));
    this.out = [];
    this.outSize = 0;
  }

  dispose(): void { this.heap.dispose(); }

  static builtinCount = builtinCount;
}
