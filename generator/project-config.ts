// A stencil project's config (e.g. cases/stencil.config.json): which C files
// make the uops, the template and the support code, where the tables go, how
// the runtime enters the code, which uops the VM needs, and the VM's oparg
// fields. Everything VM-specific the generator and the runtime need comes from
// here; the bundled Python VM's config is the default. Errors name the file
// and, where it helps, the line.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntryAbi, EntryFunction, OpargField } from '../format/stencil-format.ts';
import { UserError } from './user-error.ts';

/** The stencil-jit checkout (the generator's own files are inputs of every project's digest). */
export const TOOLKIT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The bundled VM's config, relative to TOOLKIT_ROOT. */
export const DEFAULT_CONFIG = 'cases/stencil.config.json';

/** The project's value stack as the C emitter sees it (null: uops have no stack effects). */
export interface StackConfig {
  /** C type of a stack item. */
  valueType: string;
  /** The stack pointer variable (one past the top). */
  pointer: string;
  /** A variable that holds the top of the stack between uops (its memory slot may be stale), or null. */
  cachedTop: string | null;
  /**
   * The most stack items one uop may declare on either side. The VM sizes each
   * frame's value stack for what its bytecode needs: a uop that pushes more
   * would write past it (the bundled VM's frames end where the next frame or
   * the heap begins).
   */
  maxItems: number;
}

/** Regular expressions over a uop's body that add to the facts its holes show (uses only the uop interpreter makes). */
export interface FactPatterns {
  usesOparg?: RegExp;
  usesOperand0?: RegExp;
  usesOperand1?: RegExp;
  callsTop?: RegExp;
}

export interface ProjectConfig {
  /** The config file, as given (for messages). */
  file: string;
  /** Absolute directory every path below is relative to. */
  root: string;
  /** The uop definitions (the DSL), root-relative. */
  cases: string[];
  /** The stencil template: one function `_JIT_ENTRY` whose body includes UOP_BODY. */
  template: string;
  /** Headers the stencils and the support code include (their text is part of every cache key). */
  headers: string[];
  /** Include directories, root-relative. */
  include: string[];
  /** C files compiled into the support code (helpers, the entry shim, a uop interpreter). */
  support: string[];
  /** A C file of `const int64_t layout_NAME = ...;` constants written to layout.ts, or null. */
  layout: string | null;
  /** Absolute output directory of the tables. */
  output: string;
  /** Absolute directory of generated C and cached objects. */
  cacheDir: string;
  stack: StackConfig | null;
  /** Variable name -> statement the emitter appends to a uop whose body does not mention the variable. */
  forgetUnused: Readonly<Record<string, string>>;
  /** The template's state variables: no stack item may shadow them. */
  stateNames: string[];
  abi: EntryAbi;
  exitUop: string;
  loopUop: string | null;
  /** Uops the VM's code asks for by name; generation fails when one is missing. */
  requiredUops: string[];
  /** Symbols stencils and support code may take from the process (libc, libm) besides the support code's own. */
  externals: string[];
  opargFields: OpargField[];
  factPatterns: FactPatterns;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** 1-based line of the first occurrence of `needle` in the text, or 0. */
function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return i < 0 ? 0 : text.slice(0, i).split('\n').length;
}

/** Where the first JSON syntax error is (JSON.parse in Node 20 does not always say). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          value();
          ws();
          if (text[i++] !== ':') (i--, fail());
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (i >= text.length) fail();
      return void i++;
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}

class ConfigReader {
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  fail(message: string, near?: string): never {
    const line = near === undefined ? 0 : lineOf(this.text, near);
    throw new UserError(`${this.file}${line ? `:${line}` : ''}: error: ${message}`);
  }

  object(v: Json | undefined, where: string, keys: readonly string[], required: readonly string[]): Record<string, Json> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(`${where} must be an object`, where.split('.').pop());
    const o = v as Record<string, Json>;
    for (const k of Object.keys(o)) if (k !== '//' && !keys.includes(k)) this.fail(`unknown key "${k}" in ${where} (expected ${keys.join(', ')})`, `"${k}"`);
    for (const k of required) if (!(k in o)) this.fail(`${where} needs "${k}"`);
    return o;
  }

  string(v: Json | undefined, where: string): string {
    if (typeof v !== 'string' || v.length === 0) this.fail(`${where} must be a non-empty string`, `"${where.split('.').pop()}"`);
    return v;
  }

  identifier(v: Json | undefined, where: string): string {
    const s = this.string(v, where);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) this.fail(`${where} must be a C identifier, not "${s}"`, `"${s}"`);
    return s;
  }

  strings(v: Json | undefined, where: string): string[] {
    if (!Array.isArray(v)) this.fail(`${where} must be a list of strings`, `"${where.split('.').pop()}"`);
    return (v as Json[]).map((x, i) => this.string(x, `${where}[${i}]`));
  }

  integer(v: Json | undefined, where: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.fail(`${where} must be an integer in ${min}..${max}`, where.split('.').pop());
    return v;
  }

  regex(v: Json | undefined, where: string): RegExp {
    const s = this.string(v, where);
    try {
      return new RegExp(s);
    } catch (e) {
      return this.fail(`${where} is not a regular expression: ${(e as Error).message}`, `"${where.split('.').pop()}"`);
    }
  }
}

function entryFunction(r: ConfigReader, v: Json | undefined, where: string): EntryFunction {
  const o = r.object(v, where, ['symbol', 'args'], ['symbol', 'args']);
  const args = r.strings(o.args, `${where}.args`).map((a, i) => r.identifier(a, `${where}.args[${i}]`));
  if (args.length > 6) r.fail(`${where}.args: at most 6 arguments (they travel in registers)`, `"args"`);
  return { symbol: r.identifier(o.symbol, `${where}.symbol`), args };
}

/** Reads and checks a config; `file` is resolved against the working directory. */
export function loadConfig(file: string): ProjectConfig {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch {
    throw new UserError(`${file}: error: cannot read the config file`);
  }
  const r = new ConfigReader(file, text);
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (e) {
    const line = text.slice(0, jsonErrorOffset(text)).split('\n').length;
    throw new UserError(`${file}${line ? `:${line}` : ''}: error: not valid JSON: ${(e as Error).message}`);
  }
  const keys = [
    'root', 'cases', 'template', 'headers', 'include', 'support', 'layout', 'output', 'cache', 'stack', 'forgetUnused', 'stateNames',
    'abi', 'exitUop', 'loopUop', 'requiredUops', 'externals', 'opargFields', 'factPatterns',
  ];
  const o = r.object(json, 'the config', keys, ['cases', 'template', 'support', 'output', 'abi', 'exitUop']);
  const root = path.resolve(path.dirname(abs), o.root === undefined ? '.' : r.string(o.root, 'root'));
  const file_ = (v: Json | undefined, where: string): string => {
    const p = r.string(v, where);
    if (path.isAbsolute(p)) r.fail(`${where} must be relative to the root, not "${p}"`, `"${p}"`);
    if (!fs.existsSync(path.join(root, p))) r.fail(`${where}: "${p}" does not exist (relative to ${path.relative(process.cwd(), root) || '.'})`, `"${p}"`);
    return path.posix.normalize(p.split(path.sep).join('/'));
  };
  const files = (v: Json | undefined, where: string): string[] => r.strings(v, where).map((p, i) => file_(p, `${where}[${i}]`));

  let stack: StackConfig | null = null;
  if (o.stack !== undefined && o.stack !== null) {
    const s = r.object(o.stack, 'stack', ['valueType', 'pointer', 'cachedTop', 'maxItems'], ['valueType', 'pointer']);
    stack = {
      valueType: r.identifier(s.valueType, 'stack.valueType'),
      pointer: r.identifier(s.pointer, 'stack.pointer'),
      cachedTop: s.cachedTop === undefined || s.cachedTop === null ? null : r.identifier(s.cachedTop, 'stack.cachedTop'),
      maxItems: s.maxItems === undefined ? 16 : r.integer(s.maxItems, 'stack.maxItems', 0, 64),
    };
  }
  const forgetUnused: Record<string, string> = {};
  if (o.forgetUnused !== undefined) {
    const f = o.forgetUnused;
    if (f === null || typeof f !== 'object' || Array.isArray(f)) r.fail('forgetUnused must be an object of variable: statement', '"forgetUnused"');
    for (const [k, v] of Object.entries(f as Record<string, Json>)) if (k !== '//') forgetUnused[r.identifier(k, 'forgetUnused key')] = r.string(v, `forgetUnused.${k}`);
  }
  const a = r.object(o.abi, 'abi', ['enter', 'interpret', 'flushIcache'], ['enter']);
  const abi: EntryAbi = {
    enter: entryFunction(r, a.enter, 'abi.enter'),
    interpret: a.interpret === undefined || a.interpret === null ? null : entryFunction(r, a.interpret, 'abi.interpret'),
    flushIcache: a.flushIcache === undefined || a.flushIcache === null ? null : r.identifier(a.flushIcache, 'abi.flushIcache'),
  };
  const opargFields: OpargField[] = [];
  if (o.opargFields !== undefined) {
    if (!Array.isArray(o.opargFields)) r.fail('opargFields must be a list', '"opargFields"');
    (o.opargFields as Json[]).forEach((v, i) => {
      const f = r.object(v, `opargFields[${i}]`, ['name', 'shift', 'bits', 'scale'], ['name', 'shift', 'bits', 'scale']);
      const field: OpargField = {
        name: r.identifier(f.name, `opargFields[${i}].name`),
        shift: r.integer(f.shift, `opargFields[${i}].shift`, 0, 30),
        bits: r.integer(f.bits, `opargFields[${i}].bits`, 1, 31),
        scale: r.integer(f.scale, `opargFields[${i}].scale`, 0, 3),
      };
      // The runtime computes fields with 32-bit integer arithmetic and patches them into 32-bit fields.
      if (field.shift + field.bits > 31 || field.bits + field.scale > 31) r.fail(`opargFields[${i}] (${field.name}) does not fit 31 bits`, `"${field.name}"`);
      if (opargFields.some((g) => g.name === field.name)) r.fail(`oparg field ${field.name} is declared twice`, `"${field.name}"`);
      opargFields.push(field);
    });
  }
  const factPatterns: FactPatterns = {};
  if (o.factPatterns !== undefined) {
    const f = r.object(o.factPatterns, 'factPatterns', ['usesOparg', 'usesOperand0', 'usesOperand1', 'callsTop'], []);
    for (const k of ['usesOparg', 'usesOperand0', 'usesOperand1', 'callsTop'] as const) if (f[k] !== undefined) factPatterns[k] = r.regex(f[k], `factPatterns.${k}`);
  }
  const exitUop = r.identifier(o.exitUop, 'exitUop');
  const loopUop = o.loopUop === undefined || o.loopUop === null ? null : r.identifier(o.loopUop, 'loopUop');
  const requiredUops = o.requiredUops === undefined ? [] : r.strings(o.requiredUops, 'requiredUops');
  return {
    file,
    root,
    cases: files(o.cases, 'cases'),
    template: file_(o.template, 'template'),
    headers: o.headers === undefined ? [] : files(o.headers, 'headers'),
    include: o.include === undefined ? [] : files(o.include, 'include'),
    support: files(o.support, 'support'),
    layout: o.layout === undefined || o.layout === null ? null : file_(o.layout, 'layout'),
    output: path.resolve(root, r.string(o.output, 'output')),
    cacheDir: path.resolve(root, o.cache === undefined ? '.cache' : r.string(o.cache, 'cache')),
    stack,
    forgetUnused,
    stateNames: o.stateNames === undefined ? [] : r.strings(o.stateNames, 'stateNames'),
    abi,
    exitUop,
    loopUop,
    requiredUops: [...new Set([exitUop, ...(loopUop ? [loopUop] : []), ...requiredUops])],
    externals: o.externals === undefined ? [] : r.strings(o.externals, 'externals'),
    opargFields,
    factPatterns,
  };
}

export const FIX_COMMAND = 'scripts/stencil-jit generate --force';

/** The command that regenerates a project's tables (the bundled one needs no --config). */
export function fixCommand(config: ProjectConfig): string {
  const bundled = path.resolve(config.file) === path.join(TOOLKIT_ROOT, DEFAULT_CONFIG);
  return bundled ? FIX_COMMAND : `${FIX_COMMAND} --config ${config.file}`;
}

/** `file:line` of a required uop's entry in the config (where a missing one is reported). */
export function requiredUopPosition(config: ProjectConfig, uop: string): string {
  let line = 0;
  try {
    line = lineOf(fs.readFileSync(path.resolve(config.file), 'utf8'), `"${uop}"`);
  } catch {
    // the file was read a moment ago; without it the message still names the file
  }
  return `${config.file}${line ? `:${line}` : ''}`;
}
