// The generator pipeline for one project (its config): cases → C units →
// clang-19 (parallel, cached) → ELF → stencils → the output directory. When
// every output still matches its inputs and its own recorded contents,
// nothing runs.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OpargField, Stencil, TableOrigin, UopInfo } from '../format/stencil-format.ts';
import { emitCase, emitOpargFields, emitUopCases, emitUopIds, usesStackDirectly, type EmitConfig } from './c-emitter.ts';
import { clangVersion, compileAll, type CompileJob, type CompileResult } from './clang-driver.ts';
import { parseCases, type FormSet, type UopDefinition } from './dsl-parser.ts';
import { decodeSync, loadDecoder } from './disassembler.ts';
import { readElfObject, type ElfObject } from './elf-reader.ts';
import { DEFAULT_CONFIG, fixCommand, loadConfig, requiredUopPosition, TOOLKIT_ROOT, type ProjectConfig } from './project-config.ts';
import { buildStencil, type BuiltStencil } from './stencil-builder.ts';
import { readDigest, renderLayout, renderStencilTable, renderUopMetadata, withContentLine, contentLineMatches } from './table-writer.ts';
import { TARGETS, type Target } from './targets.ts';
import { compileUops, type UopUnitContext } from './uop-compiler.ts';
import { uopInfo } from './uop-facts.ts';
import { expandVariants } from './uop-variants.ts';
import { UserError } from './user-error.ts';
import { GDB_JIT_OUTPUT, gdbJitDigest, renderGdbJitInterface } from './gdb-jit-interface.ts';

/** The toolkit's own files that decide what the tables say (not verify, inspect or the CLI), toolkit-relative. */
const GENERATOR_INPUTS = [
  'format/content-digest.ts',
  'format/elf-machines.ts',
  'format/patch-kinds.ts',
  'format/relocations.ts',
  'format/stencil-format.ts',
  'generator/branch-relaxation.ts',
  'generator/c-emitter.ts',
  'generator/clang-driver.ts',
  'generator/disassembler.ts',
  'generator/dsl-parser.ts',
  'generator/elf-reader.ts',
  'generator/function-split.ts',
  'generator/generate.ts',
  'generator/patch-kind-selection.ts',
  'generator/project-config.ts',
  'generator/stencil-builder.ts',
  'generator/table-writer.ts',
  'generator/targets.ts',
  'generator/uop-compiler.ts',
  'generator/uop-facts.ts',
  'generator/uop-variants.ts',
];

export interface GenerateOptions {
  /** The project: a loaded config, a config file, or (when absent) the bundled config of the checkout at `root`. */
  config?: ProjectConfig | string;
  /** A stencil-jit checkout whose bundled config to use (tests point it at scratch copies). */
  root?: string;
  /** Where the tables go instead of the config's output (verify points this at a temp dir). */
  outDir?: string;
  targets?: readonly Target[];
  force?: boolean;
  progress?: boolean;
  log?: (line: string) => void;
}

export interface TargetOutput {
  target: Target;
  /** Nothing was generated: every output was up to date. */
  skipped: boolean;
  uops: Map<string, BuiltStencil>;
  support: BuiltStencil | null;
  symbols: string[];
  opargFields: readonly OpargField[];
  /** Each uop's object (in opcode order): cut out of a unit of many uops, or compiled alone. */
  uopObjects: ElfObject[];
  /** Per support source, then the layout unit. */
  objects: CompileResult[];
}

export interface GenerateResult {
  config: ProjectConfig;
  uops: UopDefinition[];
  infos: UopInfo[];
  targets: TargetOutput[];
  /** Uops and support units compiled, and taken from the cache. */
  compiled: number;
  cached: number;
  /** clang processes run. */
  processes: number;
  /** How the uops were compiled (for compileAlone). */
  unitContext: UopUnitContext | null;
}

/** Resolves the config an options object names. */
export function configOf(options: Pick<GenerateOptions, 'config' | 'root'>): ProjectConfig {
  if (typeof options.config === 'object') return options.config;
  if (typeof options.config === 'string') return loadConfig(options.config);
  return loadConfig(path.join(options.root ?? TOOLKIT_ROOT, DEFAULT_CONFIG));
}

function listFiles(root: string, rel: string): string[] {
  const abs = path.join(root, rel);
  if (!fs.statSync(abs).isDirectory()) return [rel];
  return fs
    .readdirSync(abs)
    .sort()
    .flatMap((e) => listFiles(root, path.posix.join(rel, e)));
}

/** Every project file the stencils depend on: the sources, the headers and whatever else is in the include directories. */
export function projectInputs(config: ProjectConfig): string[] {
  const files = new Set([...config.cases, config.template, ...config.headers, ...config.support, ...(config.layout ? [config.layout] : [])]);
  for (const dir of config.include) for (const f of listFiles(config.root, dir)) files.add(f);
  return [...files].sort();
}

/** Digest of everything the tables depend on (project files, the config, the generator, clang), plus the targets' flags. */
export function inputsDigest(config: ProjectConfig, version: string, targets: readonly Target[]): string {
  const h = createHash('sha256');
  h.update(version).update('\0');
  for (const t of targets) h.update(t.triple).update('\0').update(t.flags.join(' ')).update('\0').update(t.supportFlags.join(' ')).update('\0');
  h.update('config\0').update(fs.readFileSync(path.resolve(config.file))).update('\0');
  for (const f of projectInputs(config)) h.update(f).update('\0').update(fs.readFileSync(path.join(config.root, f))).update('\0');
  for (const f of GENERATOR_INPUTS) h.update(f).update('\0').update(fs.readFileSync(path.join(TOOLKIT_ROOT, f))).update('\0');
  return `sha256:${h.digest('hex')}`;
}

/** Writes a file only when its text changes (keeps the compile cache's inputs stable). */
function writeIfChanged(file: string, text: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** A uop body without its comments and string literals (what its code says). */
function codeOf(body: string): string {
  return body.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ').replace(/"(\\.|[^"\\])*"|'(\\.|[^'\\])*'/g, '""');
}

/**
 * A uop's stack effect fits the project: no stack items without a stack, at
 * most stack.maxItems on a side, and every output that is not also an input
 * assigned in the body (an unassigned one would push whatever the register
 * held; clang's -Werror=sometimes-uninitialized catches the paths a plain
 * assignment does not cover).
 */
function checkStackEffect(config: ProjectConfig, u: UopDefinition): void {
  const at = `${u.file}:${u.line}:1: error: uop ${u.name}`;
  const items = u.inputs.length + u.outputs.length;
  if (!config.stack && items > 0) throw new UserError(`${at}: declares stack items, but ${config.file} declares no value stack`);
  const max = config.stack?.maxItems ?? 0;
  for (const [side, list] of [['inputs', u.inputs], ['outputs', u.outputs]] as const) {
    if (list.length > max) throw new UserError(`${at}: declares ${list.length} ${side}; a uop may have at most ${max} (stack.maxItems in ${config.file})`);
  }
  const code = codeOf(u.body);
  for (const name of u.outputs) {
    if (u.inputs.includes(name)) continue;
    const assigned = new RegExp(`\\b${name}\\s*([-+*/%&|^]|<<|>>)?=(?!=)|(\\+\\+|--)\\s*${name}\\b|\\b${name}\\s*(\\+\\+|--)|&\\s*${name}\\b`);
    if (!assigned.test(code)) throw new UserError(`${at}: output '${name}' is never assigned`);
  }
}

/** The first line of `text` (1-based) that mentions identifier `name`, or 0. */
function lineMentioning(text: string, name: string): number {
  const re = new RegExp(`\\b${name}\\b`);
  return text.split('\n').findIndex((l) => re.test(l)) + 1;
}

/**
 * Every symbol the stencils and the support code take from outside is one the
 * runtime can give them: a support export, or one of the config's externals
 * (libc, libm, the VM's host callbacks). An unknown one (a typo, a function
 * declared and never defined) is an error naming the line that uses it,
 * instead of a failure when the runtime resolves it, or a call into nowhere.
 */
function checkExternals(config: ProjectConfig, uops: readonly UopDefinition[], out: TargetOutput): void {
  const exports = new Set(Object.keys(out.support!.stencil.exports ?? {}));
  const known = (name: string) => exports.has(name) || config.externals.includes(name);
  const fail = (where: string, what: string, name: string): never => {
    throw new UserError(`${where}: error: ${what} uses '${name}', which the support code does not define and ${config.file} does not list in externals (${out.target.triple})`);
  };
  for (const u of uops) {
    for (const r of out.uops.get(u.name)!.relocations) {
      const name = r.symbol;
      // Only what the table takes from outside: the `_JIT_*` holes and the stencil's own sections are not symbols.
      if (!out.symbols.includes(name) || known(name)) continue;
      const line = lineMentioning(u.body, name);
      fail(`${u.file}:${line ? u.bodyLine + line - 1 : u.line}:1`, `uop ${u.name}`, name);
    }
  }
  for (const r of out.support!.relocations) {
    if (!out.symbols.includes(r.symbol) || known(r.symbol)) continue;
    const where = config.support.map((f) => [f, lineMentioning(fs.readFileSync(path.join(config.root, f), 'utf8'), r.symbol)] as const).find(([, l]) => l > 0);
    fail(where ? `${where[0]}:${where[1]}:1` : config.support.join(', '), 'the support code', r.symbol);
  }
}

/** Parses every cases file of the project and expands the definitions with forms(...) into their variants. */
export function readUops(config: ProjectConfig): UopDefinition[] {
  const defs: UopDefinition[] = [];
  const sets: FormSet[] = [];
  const seen = new Map<string, UopDefinition>();
  for (const file of config.cases) {
    const parsed = parseCases(fs.readFileSync(path.join(config.root, file), 'utf8'), file, { stateNames: config.stateNames });
    for (const u of parsed.uops) {
      const before = seen.get(u.name);
      if (before) throw new UserError(`${u.file}:${u.line}:1: error: uop ${u.name} is already defined at ${before.file}:${before.line}`);
      checkStackEffect(config, u);
      seen.set(u.name, u);
      defs.push(u);
    }
    for (const set of parsed.formSets) {
      const before = sets.find((s) => s.name === set.name);
      if (before) throw new UserError(`${set.file}:${set.line}:1: error: form set ${set.name} is already defined at ${before.file}:${before.line}`);
      sets.push(set);
    }
  }
  if (defs.length === 0) throw new UserError(`${config.file}: error: the cases files define no uops`);
  const uops = expandVariants(defs, sets, config);
  const names = new Set(uops.map((u) => u.name));
  for (const name of config.requiredUops) {
    if (!names.has(name)) {
      const why = name === config.exitUop ? ' (the exit uop: exit stubs are made of it)' : name === config.loopUop ? ' (the loop uop: loop traces end with it)' : '';
      throw new UserError(`${requiredUopPosition(config, name)}: error: required uop ${name} is not defined in ${config.cases.join(', ')}${why}`);
    }
  }
  return uops;
}

/** A generated file's origin as its table records it: where the config puts it, and the command that remakes it. */
function originOf(config: ProjectConfig, file: string): TableOrigin {
  return { file: path.relative(config.root, path.join(config.output, file)).split(path.sep).join('/'), regenerate: fixCommand(config) };
}

/** The config file relative to the project root: what generated files name (never an absolute path). */
const configName = (config: ProjectConfig) => path.relative(config.root, path.resolve(config.file)).split(path.sep).join('/');

const emitConfig = (config: ProjectConfig): EmitConfig => ({ stack: config.stack, forgetUnused: config.forgetUnused });

/** Writes the generated C (per-uop bodies and the headers the support code includes); returns the generated dir. */
function writeGeneratedC(config: ProjectConfig, uops: readonly UopDefinition[]): string {
  const dir = path.join(config.cacheDir, 'generated');
  const emit = emitConfig(config);
  writeIfChanged(path.join(dir, 'uop_ids.h'), emitUopIds(uops));
  writeIfChanged(path.join(dir, 'uop_cases.h'), emitUopCases(uops, emit));
  writeIfChanged(path.join(dir, 'oparg_fields.h'), emitOpargFields(config.opargFields, configName(config)));
  for (const u of uops) writeIfChanged(path.join(dir, 'uops', `${u.name}.h`), emitCase(u, 'default:', emit) + '\n');
  return dir;
}

/** The support and layout units of one target (the uops go through compileUops). */
function jobsFor(config: ProjectConfig, target: Target, generated: string): CompileJob[] {
  const rel = (p: string) => path.relative(config.root, p).split(path.sep).join('/');
  const gen = rel(generated);
  const common = [...config.headers, `${gen}/oparg_fields.h`];
  const jobs: CompileJob[] = [];
  for (const source of config.support) {
    // The generated uop headers count only for a source that includes them (a uop interpreter):
    // a uop's edit then leaves the other support objects in the cache.
    const text = fs.readFileSync(path.join(config.root, source), 'utf8');
    const uopHeaders = ['uop_ids.h', 'uop_cases.h'].filter((h) => text.includes(`"${h}"`)).map((h) => `${gen}/${h}`);
    jobs.push({
      label: `support ${source} (${target.triple})`,
      source,
      includes: [gen, ...config.include],
      defines: {},
      // The uop interpreter (the source with the uop cases) is the dispatch baseline the
      // benchmarks compare with: it keeps rbp as a register where the rest of the support
      // code keeps frame pointers (generator/targets.ts).
      flags: uopHeaders.length && target.supportFlags.includes('-fno-omit-frame-pointer') ? [...target.supportFlags, '-fomit-frame-pointer'] : target.supportFlags,
      inputs: [...common, ...uopHeaders],
    });
  }
  if (config.layout) jobs.push({ label: `layout (${target.triple})`, source: config.layout, includes: [gen, ...config.include], defines: {}, flags: target.flags, inputs: common });
  return jobs;
}

/** Reads the `layout_*` constants out of a compiled layout source. */
function readLayout(object: Uint8Array): Map<string, number> {
  const elf = readElfObject(object);
  const values = new Map<string, number>();
  const syms = elf.symbols.filter((s) => s.name.startsWith('layout_') && s.sectionIndex !== 0);
  syms.sort((a, b) => a.value - b.value || a.sectionIndex - b.sectionIndex);
  for (const s of syms) {
    const data = elf.sections[s.sectionIndex].data;
    const v = Buffer.from(data.buffer, data.byteOffset, data.byteLength).readBigInt64LE(s.value);
    values.set(s.name.slice('layout_'.length), Number(v));
  }
  return values;
}

/** How a generated module in `dir` imports the format's types: by path inside this checkout, else by package name. */
function formatModuleFor(dir: string): string {
  const rel = path.relative(dir, path.join(TOOLKIT_ROOT, 'format/stencil-format.ts')).split(path.sep).join('/');
  return rel.startsWith('../') && !path.relative(TOOLKIT_ROOT, dir).startsWith('..') ? rel : 'stencil-jit/format';
}

/** Whether a generated file exists, was made from `digest` and still has the contents it was written with. */
export function outputMatches(file: string, digest: string): boolean {
  if (!fs.existsSync(file)) return false;
  const text = fs.readFileSync(file, 'utf8');
  return readDigest(text) === digest && contentLineMatches(text);
}

/** The files a generation writes, with the inputs digest each records. */
function plannedOutputs(config: ProjectConfig, outDir: string, version: string, targets: readonly Target[]): { file: string; digest: string }[] {
  const all = inputsDigest(config, version, TARGETS);
  const files = targets.map((t) => ({ file: path.join(outDir, t.triple, 'stencils.ts'), digest: inputsDigest(config, version, [t]) }));
  files.push({ file: path.join(outDir, 'uops.ts'), digest: all }, { file: path.join(outDir, 'oparg_fields.h'), digest: all });
  if (config.layout) files.push({ file: path.join(outDir, 'layout.ts'), digest: all });
  files.push({ file: path.join(outDir, GDB_JIT_OUTPUT), digest: gdbJitDigest(version) });
  return files;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const config = configOf(options);
  const outDir = options.outDir ?? config.output;
  const log = options.log ?? (() => {});
  const targets = options.targets ?? TARGETS;
  const uops = readUops(config);
  const version = await clangVersion();
  const outputs = plannedOutputs(config, outDir, version, targets);
  if (!options.force && outputs.every((o) => outputMatches(o.file, o.digest))) {
    for (const t of targets) log(`${t.triple}: up to date`);
    const skipped = targets.map((t) => ({ target: t, skipped: true, uops: new Map(), support: null, symbols: [], opargFields: config.opargFields, uopObjects: [], objects: [] }));
    return { config, uops, infos: [], targets: skipped, compiled: 0, cached: 0, processes: 0, unitContext: null };
  }

  // Every target is compiled (from the cache, mostly): the uop facts come from all of them.
  const generated = writeGeneratedC(config, uops);
  const allJobs: CompileJob[] = [];
  const ranges = new Map<Target, [number, number]>();
  for (const t of TARGETS) {
    const jobs = jobsFor(config, t, generated);
    ranges.set(t, [allJobs.length, allJobs.length + jobs.length]);
    allJobs.push(...jobs);
  }
  const tty = options.progress && process.stderr.isTTY;
  const show = (done: number, total: number, label: string) => {
    if (tty) process.stderr.write(`\r\x1b[K[${done}/${total}] ${label}`);
  };
  const ctx: UopUnitContext = { config, generated, version };
  // The support units (the largest, a uop interpreter) start first; the uop units share the cores with them.
  // The targets asked for first: their errors are the ones reported.
  const order = [...targets, ...TARGETS.filter((t) => !targets.includes(t))];
  const [supportDone, uopsDone] = await Promise.allSettled([
    compileAll(config.root, allJobs, path.join(config.cacheDir, 'objects')),
    compileUops(ctx, order, uops, show),
  ]);
  if (tty) process.stderr.write('\r\x1b[K');
  // A uop's error names the uop; the support code's (a uop interpreter includes every uop) would not.
  if (uopsDone.status === 'rejected') throw uopsDone.reason;
  if (supportDone.status === 'rejected') throw supportDone.reason;
  const results = supportDone.value;
  const units = uopsDone.value;
  const supportCompiled = results.filter((r) => !r.cached).length;
  const compiled = supportCompiled + units.stats.compiled;

  const built: TargetOutput[] = [];
  let layout: Map<string, number> | null = null;
  for (const t of TARGETS) {
    const [from, to] = ranges.get(t)!;
    const mine = results.slice(from, to);
    if (config.layout) {
      const values = readLayout(mine[mine.length - 1].object);
      if (layout && JSON.stringify([...layout]) !== JSON.stringify([...values])) {
        throw new UserError(`${config.layout}: the layout constants differ between targets (${t.triple}): the VM's structures must lay out the same everywhere`);
      }
      layout = values;
    }
    const symbols: string[] = [];
    const symbolIndex = (name: string) => {
      let i = symbols.indexOf(name);
      if (i < 0) i = symbols.push(name) - 1;
      return i;
    };
    await loadDecoder(t.capstone.arch);
    const decode = (code: Uint8Array) => decodeSync(t.capstone.arch, code);
    const stencils = new Map<string, BuiltStencil>();
    const uopObjects = units.objects.get(t)!;
    uops.forEach((u, i) => {
      stencils.set(u.name, buildStencil(u.name, [uopObjects[i]], t.machine, symbolIndex, { dropTailJump: true, decode, opargFields: config.opargFields }));
    });
    const supportObjects = mine.slice(0, config.support.length).map((r) => r.object);
    const support = buildStencil('support', supportObjects, t.machine, symbolIndex, { exportGlobals: true, opargFields: config.opargFields });
    built.push({ target: t, skipped: false, uops: stencils, support, symbols, opargFields: config.opargFields, uopObjects, objects: mine });
  }
  for (const out of built) checkExternals(config, uops, out);
  const infos = uops.map((u, i) => uopInfo(u, i, built.map((b) => b.uops.get(u.name)!), config.factPatterns, usesStackDirectly(u, emitConfig(config))));

  for (const out of built.filter((b) => targets.includes(b.target))) {
    const t = out.target;
    const stencils: Stencil[] = [...out.uops.values()].map((b) => b.stencil);
    const dir = path.join(outDir, t.triple);
    // Imports are relative to where the config puts the tables, so a table written elsewhere (verify) is the same text.
    const origin = originOf(config, `${t.triple}/stencils.ts`);
    const text = await renderStencilTable(t, inputsDigest(config, version, [t]), inputsDigest(config, version, TARGETS), out, stencils, out.support!.stencil, formatModuleFor(path.join(config.output, t.triple)), origin);
    writeIfChanged(path.join(dir, 'stencils.ts'), withContentLine(text));
    log(`${t.triple}: ${uops.length} uops, ${stencils.reduce((n, s) => n + (s.code.length + (s.coldCode?.length ?? 0)) / 2, 0)} code bytes`);
  }
  const all = inputsDigest(config, version, TARGETS);
  const meta = { origin: originOf(config, 'uops.ts'), digest: all, uops: infos, exitUop: config.exitUop, loopUop: config.loopUop };
  writeIfChanged(path.join(outDir, 'uops.ts'), withContentLine(renderUopMetadata(meta, config.abi, formatModuleFor(config.output))));
  writeIfChanged(path.join(outDir, 'oparg_fields.h'), withContentLine(`${emitOpargFields(config.opargFields, configName(config)).replace(/\n/, `\n// digest: ${all}\n`)}`));
  if (layout) writeIfChanged(path.join(outDir, 'layout.ts'), withContentLine(renderLayout(all, layout, config.layout!)));
  const gdbFile = path.join(outDir, GDB_JIT_OUTPUT);
  if (!outputMatches(gdbFile, gdbJitDigest(version))) writeIfChanged(gdbFile, await renderGdbJitInterface(version));
  return {
    config, uops, infos, targets: built.filter((b) => targets.includes(b.target)),
    compiled, cached: results.length - supportCompiled + units.stats.cached, processes: supportCompiled + units.stats.processes, unitContext: ctx,
  };
}
