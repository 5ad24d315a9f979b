// What the compiler produces: code objects plus the program-wide tables that
// bytecode operands index (constants, globals, attribute/method names,
// keyword call sites).

/** CodeObject.flags bits. */
export const CodeFlags = {
  /** Has a `*args` parameter. */
  VARARGS: 1,
  /** Has a `**kwargs` parameter. */
  VARKEYWORDS: 2,
  /** A generator function: calling it returns a generator (RETURN_GENERATOR). */
  GENERATOR: 4,
  /** A class body: local 0 holds the class namespace (LOAD_NAME/STORE_NAME). */
  CLASS_BODY: 8,
  /** An `async def` (with GENERATOR): calling it returns a coroutine. */
  COROUTINE: 16,
  /** A generator function marked by types.coroutine: its generators may be awaited. */
  ITERABLE_COROUTINE: 32,
} as const;

export interface CodeObject {
  index: number;
  /** `<module>` or the function name (for tracebacks). */
  name: string;
  /** Dotted name for messages and reprs (`Foo.bar`, `f.<locals>.g`). */
  qualname: string;
  /** Positional parameters (positional-only ones included). */
  argcount: number;
  posonlyargcount: number;
  kwonlyargcount: number;
  flags: number;
  /**
   * Locals a call fills: argcount + kwonlyargcount + one for *args + one for
   * **kwargs. The caller's stack holds the callable and exactly this many
   * words below the callee's frame, and a return writes its value into the
   * callable's slot (the frame rule of cases/vm.h).
   */
  nparams: number;
  /**
   * A plain function: positional parameters only, no cells, not a generator.
   * A call with exactly argcount positional arguments copies them into the
   * frame (tier-1's fast path; the only calls the JIT inlines).
   */
  simple: boolean;
  /** Parameters first, then other locals, then free variables, then compiler temporaries. */
  nlocals: number;
  localNames: string[];
  /** Locals that hold cells (MAKE_CELL at entry). */
  cellLocals: number[];
  /** Free variables occupy locals [freeStart, freeStart + nfree) (COPY_FREE_VARS). */
  freeStart: number;
  nfree: number;
  /** [opcode, oparg] pairs, see bytecode.ts. */
  code: Int32Array;
  /** Source line of each instruction. */
  lines: Int32Array;
  /** Line of the def (or 1 for the module). */
  firstLine: number;
  /** python3's co_firstlineno: the line of a decorated def's first decorator, else firstLine. */
  headLine: number;
  /**
   * The module the code belongs to: '__main__' for the program, the module's
   * name for a standard module written in Python (runtime/vm/stdlib/), whose
   * frames tracebacks leave out as CPython leaves out its C modules'.
   */
  module: string;
  /** The docstring (a leading string statement of a function or class body), or null. */
  doc: string | null;
  /** Deepest value stack the code can reach (frames reserve this much). */
  maxStack: number;
  /**
   * The exception table, 3.11 style: [start, end, handler, depth] per entry,
   * innermost first. An exception raised at pc in [start, end) cuts the stack
   * to `depth` values, pushes the exception and continues at `handler`.
   */
  exceptionTable: Int32Array;
}

export type ConstantSpec =
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'function'; codeIndex: number }
  | { kind: 'ellipsis' }
  /** A tuple of literals (a def's or lambda's defaults): one object, as CPython's co_consts. */
  | { kind: 'tuple'; items: ConstantSpec[] }
  /** A builtin's value (a name the program cannot rebind for it: AssertionError in `assert`). */
  | { kind: 'builtin'; name: string };

export interface KwCallSite {
  nargs: number;
  names: string[];
}

export interface Program {
  /** codes[0] is the module. */
  codes: CodeObject[];
  constants: ConstantSpec[];
  globalNames: string[];
  /**
   * Global slots [0, mainGlobals) are the program's own module globals
   * (globals() lists them); the standard modules' slots follow.
   */
  mainGlobals: number;
  /** Attribute, method and module names (LOAD_ATTR, CALL_METHOD, IMPORT_NAME, ...). */
  names: string[];
  kwCalls: KwCallSite[];
  sourceLines: string[];
  /**
   * Standard modules written in Python that the program imports (directly or
   * through one another), compiled with it: module name -> index of the code
   * whose call runs the module body and returns its namespace as a dict.
   */
  sourceModules: Map<string, number>;
}
