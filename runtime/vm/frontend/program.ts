// What the compiler produces: code objects plus the program-wide tables that
// bytecode operands index (constants, globals, attribute/method names,
// keyword call sites).

export interface CodeObject {
  index: number;
  /** `<module>` or the function name (for tracebacks and error messages). */
  name: string;
  argcount: number;
  /** Parameters first, then other locals, then compiler temporaries. */
  nlocals: number;
  localNames: string[];
  /** [opcode, oparg] pairs, see bytecode.ts. */
  code: Int32Array;
  /** Source line of each instruction. */
  lines: Int32Array;
  /** Deepest value stack the code can reach (frames reserve this much). */
  maxStack: number;
}

export type ConstantSpec =
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'function'; codeIndex: number };

export interface KwCallSite {
  nargs: number;
  names: string[];
}

export interface Program {
  /** codes[0] is the module. */
  codes: CodeObject[];
  constants: ConstantSpec[];
  globalNames: string[];
  /** Attribute, method and module names (LOAD_ATTR, CALL_METHOD, IMPORT_NAME). */
  names: string[];
  kwCalls: KwCallSite[];
  sourceLines: string[];
}
