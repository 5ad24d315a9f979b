// The standard modules written in Python (stdlib/source-modules.ts), compiled
// once per process (and once for good in the start-up snapshot) and appended
// to each program that imports them. A module compiled into a program of its
// own fills a contiguous range of each table (codes, constants, global slots,
// names, keyword call sites), starting at 0; appending it shifts every index
// into those tables by the program's lengths. Compiling a module in cold V8
// costs ~100 ms for collections alone: a start-up cost python3 pays once in
// its .pyc. test/source-module-cache.test.ts checks that a program built from
// these equals the one compiled from source, table by table.
import { Op } from './bytecode.ts';
import type { CodeObject, ConstantSpec, Program } from './program.ts';

/** A standard module compiled alone: its program, its function's code index there, the modules it imports. */
export interface CompiledSourceModule {
  program: Program;
  index: number;
  imports: string[];
}

const compiled = new Map<string, CompiledSourceModule>();

/** Module `name` compiled by `compile` (a blank program in, the module's code index and imports out), once per process. */
export function compiledSourceModule(name: string, compile: (program: Program) => { index: number; imports: string[] }): CompiledSourceModule {
  let m = compiled.get(name);
  if (m === undefined) {
    const program: Program = { codes: [], constants: [], globalNames: [], mainGlobals: 0, names: [], kwCalls: [], sourceLines: [], sourceModules: new Map() };
    const { index, imports } = compile(program);
    m = { program, index, imports };
    compiled.set(name, m);
  }
  return m;
}

interface Bases { code: number; constant: number; global: number; name: number; kwCall: number }

function relocateConstant(c: ConstantSpec, codeBase: number): ConstantSpec {
  if (c.kind === 'function') return { kind: 'function', codeIndex: c.codeIndex + codeBase };
  if (c.kind === 'tuple') return { kind: 'tuple', items: c.items.map((i) => relocateConstant(i, codeBase)) };
  return c;
}

/** A copy of the bytecode with every table index shifted to the target program's tables. */
function relocateBytecode(code: Int32Array, b: Bases): Int32Array {
  const out = code.slice();
  for (let i = 0; i < out.length; i += 2) {
    switch (out[i]) {
      case Op.LOAD_CONST: out[i + 1] += b.constant; break;
      case Op.LOAD_GLOBAL: case Op.STORE_GLOBAL: case Op.DELETE_GLOBAL:
      case Op.LOAD_NAME: case Op.STORE_NAME: case Op.DELETE_NAME: out[i + 1] += b.global; break;
      case Op.LOAD_ATTR: case Op.STORE_ATTR: case Op.DELETE_ATTR: case Op.IMPORT_NAME: case Op.IMPORT_FROM: out[i + 1] += b.name; break;
      // The method's name index above 8 bits of argument count.
      case Op.CALL_METHOD: out[i + 1] += b.name << 8; break;
      case Op.CALL_KW: out[i + 1] += b.kwCall; break;
      // The function's code index above 4 flag bits.
      case Op.MAKE_FUNCTION: out[i + 1] += b.code << 4; break;
      default: break;
    }
  }
  return out;
}

/** Appends module `name` (compiled alone) to program; returns the code index of its function there. */
export function appendSourceModule(program: Program, name: string, m: CompiledSourceModule): number {
  const b: Bases = {
    code: program.codes.length, constant: program.constants.length, global: program.globalNames.length,
    name: program.names.length, kwCall: program.kwCalls.length,
  };
  const from = m.program;
  for (const c of from.constants) program.constants.push(relocateConstant(c, b.code));
  program.globalNames.push(...from.globalNames);
  program.names.push(...from.names);
  program.kwCalls.push(...from.kwCalls);
  for (const c of from.codes) {
    const code: CodeObject = { ...c, index: c.index + b.code, code: relocateBytecode(c.code, b) };
    program.codes.push(code);
  }
  const index = m.index + b.code;
  program.sourceModules.set(name, index);
  return index;
}
