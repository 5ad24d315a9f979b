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

/** Modules compiled in this process, or kept as text (frozenSourceModules): decoded when a program first imports them. */
const compiled = new Map<string, CompiledSourceModule | string>();

type Compile = (program: Program) => { index: number; imports: string[] };

/** Module `name` compiled by `compile` (a blank program in, the module's code index and imports out), once per process. */
export function compiledSourceModule(name: string, compile: Compile): CompiledSourceModule {
  let m = compiled.get(name);
  if (typeof m === 'string') m = decode(m);
  if (m === undefined) {
    const program: Program = { codes: [], constants: [], globalNames: [], mainGlobals: 0, names: [], kwCalls: [], sourceLines: [], sourceModules: new Map() };
    const { index, imports } = compile(program);
    m = { program, index, imports };
  }
  compiled.set(name, m);
  return m;
}

/**
 * Every module compiled, each kept as one string (the start-up snapshot's
 * form: a string costs it a copy, where the thousands of objects of 30
 * compiled modules cost ~9 ms of deserializing on every run, hello world's
 * included); a program that imports one decodes it (~0.1 ms a module).
 */
export function freezeSourceModules(names: Iterable<string>, compile: (name: string) => Compile): void {
  for (const name of names) {
    const m = compiled.get(name);
    compiled.set(name, encode(typeof m === 'object' ? m : compiledSourceModule(name, compile(name))));
  }
}

// JSON with what it lacks: bigints (int constants), Int32Arrays (bytecode, lines,
// exception tables), Maps, and the floats JSON cannot spell (nan, inf, -0.0).
const encode = (m: CompiledSourceModule): string => JSON.stringify(m, (_key, v: unknown) => {
  if (typeof v === 'bigint') return { $big: v.toString() };
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $num: Object.is(v, -0) ? '-0' : String(v) };
  if (v instanceof Map) return { $map: [...v] };
  return v instanceof Int32Array ? { $i32: Array.from(v) } : v;
});

const decode = (s: string): CompiledSourceModule => JSON.parse(s, (_key, v) => {
  if (v === null || typeof v !== 'object') return v;
  if ('$big' in v) return BigInt(v.$big);
  if ('$num' in v) return Number(v.$num);
  if ('$map' in v) return new Map(v.$map);
  if ('$i32' in v) return Int32Array.from(v.$i32);
  return v;
});

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
