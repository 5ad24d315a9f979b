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

/** Where a variant's operand comes from (a source code of the config's variants.sources). */
export type SourceKind =
  /** Popped from the value stack, as the base uop's own operands. */
  | { kind: 'stack' }
  /** A local variable named by the next oparg field (variants.locals). */
  | { kind: 'local' }
  /** A C expression of the operand's value; `popsStackCopy`: the unfused code pushed a copy of it, still on the stack and popped unread. */
  | { kind: 'value'; value: string; popsStackCopy: boolean }
  /** A code for hand-written variants only (no C to generate one from). */
  | { kind: 'label' };

/** Where a variant's result goes (a sink code of the config's variants.sinks). */
export type SinkKind = { suffix: string } & (
  | { kind: 'stack' }
  /** A statement that takes the result ({value}). */
  | { kind: 'assign'; assign: string }
  /** A local variable named by the next oparg field. */
  | { kind: 'local' }
  | { kind: 'label' }
);

/**
 * How a uop definition expands into its variants (`forms(...)` in the cases):
 * what each source and sink code means in C, how locals are named by oparg
 * fields, and the exit macros a variant rewrites so that an exit leaves the
 * stack as the unfused uops would have (its operands from elsewhere pushed).
 */
export interface VariantsConfig {
  sources: Readonly<Record<string, SourceKind>>;
  sinks: Readonly<Record<string, SinkKind>>;
  locals: {
    /** The slot of a local given its oparg field, with {field}: e.g. LOCAL_{field}. */
    slot: string;
    /** The fields of n locals (sources, then a local sink), for n = 1, 2, ...: e.g. [["ARG"], ["LO", "HI"]]. */
    fields: string[][];
    /** A store into a local by a uop that leaves the stack as it is ({slot}, {value}). */
    store: string;
    /** A store by a uop that pops (the cached top is reloaded after it). */
    storeAfterPop: string;
  } | null;
  exits: {
    /** The exit with the stack as at the start of the uop. */
    asAtStart: string;
    /** The exit with the uop's stack inputs popped. */
    popped: string;
    /** Exits with 1, 2, ... words pushed over the stack as at the start. */
    pushing: string[];
  };
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
  /** The types a stack item may be declared with (`res: float`): the optimizer's facts. */
  factTypes: string[];
  /** How uops expand into variants, or null (no `forms(...)` allowed). */
  variants: VariantsConfig | null;
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
    'abi', 'exitUop', 'loopUop', 'requiredUops', 'externals', 'opargFields', 'factPatterns', 'factTypes', 'variants',
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
  const factTypes = o.factTypes === undefined ? [] : r.strings(o.factTypes, 'factTypes').map((t, i) => r.identifier(t, `factTypes[${i}]`));
  const variants = o.variants === undefined || o.variants === null ? null : variantsConfig(r, o.variants, stack);
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
    factTypes,
    variants,
  };
}

/** The config's `variants`: source and sink codes, locals, exits. */
function variantsConfig(r: ConfigReader, v: Json, stack: StackConfig | null): VariantsConfig {
  const o = r.object(v, 'variants', ['sources', 'sinks', 'locals', 'exits'], ['sources', 'sinks', 'exits']);
  if (!stack) r.fail('variants needs a value stack (stack): variants move operands on and off it', '"variants"');
  const code = (k: string, where: string) => {
    if (!/^[A-Z][A-Z0-9]*$/.test(k)) r.fail(`${where}: "${k}" is not a code (UPPER_CASE letters and digits)`, `"${k}"`);
    return k;
  };
  const sources: Record<string, SourceKind> = {};
  const so = r.object(o.sources, 'variants.sources', Object.keys((o.sources ?? {}) as object), []);
  for (const [k, val] of Object.entries(so)) {
    if (k === '//') continue;
    const where = `variants.sources.${code(k, 'variants.sources')}`;
    const s = r.object(val, where, ['from', 'value', 'popsStackCopy', 'doc'], ['from']);
    const from = r.string(s.from, `${where}.from`);
    if (from === 'stack' || from === 'local' || from === 'label') sources[k] = { kind: from };
    else if (from === 'value') sources[k] = { kind: 'value', value: r.string(s.value, `${where}.value`), popsStackCopy: s.popsStackCopy === true };
    else r.fail(`${where}.from must be "stack", "local", "value" or "label", not "${from}"`, `"${from}"`);
    if (from !== 'value' && (s.value !== undefined || s.popsStackCopy !== undefined)) r.fail(`${where}: only a source from "value" has a value`, `"${k}"`);
  }
  const sinks: Record<string, SinkKind> = {};
  const si = r.object(o.sinks, 'variants.sinks', Object.keys((o.sinks ?? {}) as object), []);
  for (const [k, val] of Object.entries(si)) {
    if (k === '//') continue;
    const where = `variants.sinks.${code(k, 'variants.sinks')}`;
    const s = r.object(val, where, ['to', 'suffix', 'assign', 'doc'], ['to', 'suffix']);
    const suffix = typeof s.suffix === 'string' && /^(_[A-Z0-9][A-Z0-9_]*)?$/.test(s.suffix) ? s.suffix : r.fail(`${where}.suffix must be "" or like "_F"`, `"${k}"`);
    const to = r.string(s.to, `${where}.to`);
    if (to === 'stack' || to === 'local' || to === 'label') sinks[k] = { kind: to, suffix };
    else if (to === 'assign') sinks[k] = { kind: 'assign', suffix, assign: r.string(s.assign, `${where}.assign`) };
    else r.fail(`${where}.to must be "stack", "assign", "local" or "label", not "${to}"`, `"${to}"`);
  }
  if (!Object.values(sources).some((s) => s.kind === 'stack')) r.fail('variants.sources needs a source from "stack" (the base uop\'s operands)', '"sources"');
  if (!Object.values(sinks).some((s) => s.kind === 'stack' && s.suffix === '')) r.fail('variants.sinks needs a sink to "stack" with suffix "" (the base uop\'s outputs)', '"sinks"');
  let locals: VariantsConfig['locals'] = null;
  if (o.locals !== undefined && o.locals !== null) {
    const l = r.object(o.locals, 'variants.locals', ['slot', 'fields', 'store', 'storeAfterPop'], ['slot', 'fields', 'store', 'storeAfterPop']);
    if (!Array.isArray(l.fields)) r.fail('variants.locals.fields must be a list of lists of oparg field names', '"fields"');
    locals = {
      slot: r.string(l.slot, 'variants.locals.slot'),
      fields: (l.fields as Json[]).map((f, i) => r.strings(f, `variants.locals.fields[${i}]`)),
      store: r.string(l.store, 'variants.locals.store'),
      storeAfterPop: r.string(l.storeAfterPop, 'variants.locals.storeAfterPop'),
    };
    locals.fields.forEach((f, i) => {
      if (f.length !== i + 1) r.fail(`variants.locals.fields[${i}] must name ${i + 1} field(s) (the packing of ${i + 1} local(s))`, '"fields"');
    });
  }
  const e = r.object(o.exits, 'variants.exits', ['asAtStart', 'popped', 'pushing'], ['asAtStart', 'popped', 'pushing']);
  const exits = {
    asAtStart: r.identifier(e.asAtStart, 'variants.exits.asAtStart'),
    popped: r.identifier(e.popped, 'variants.exits.popped'),
    pushing: r.strings(e.pushing, 'variants.exits.pushing').map((m, i) => r.identifier(m, `variants.exits.pushing[${i}]`)),
  };
  return { sources, sinks, locals, exits };
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
