// The generator pipeline: cases/ → C units → clang-19 (parallel, cached) →
// ELF → stencils → build/. A target whose digest is unchanged is skipped.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OpargField, Stencil, UopInfo } from '../format/stencil-format.ts';
import { emitCase, emitUopCases, emitUopIds, uopInfo } from './c-emitter.ts';
import { clangVersion, compileAll, type CompileJob, type CompileResult } from './clang-driver.ts';
import { parseUops, type UopDefinition } from './dsl-parser.ts';
import { decodeSync, loadDecoder } from './disassembler.ts';
import { readElfObject } from './elf-reader.ts';
import { buildStencil, type BuiltStencil } from './stencil-builder.ts';
import { readDigest, renderLayout, renderStencilTable, renderUopMetadata } from './table-writer.ts';
import { OPARG_FIELDS } from './project-config.ts';
import { TARGETS, type Target } from './targets.ts';

export const UOPS_FILE = 'cases/uops.c';
const SUPPORT_SOURCES = ['cases/support.c', 'cases/uop_interpreter.c'];
const LAYOUT_SOURCE = 'cases/layout.c';
/** Inputs besides cases/: the code that decides what the tables say (not verify, inspect or the CLI). */
const GENERATOR_INPUTS = [
  'generator/branch-relaxation.ts',
  'generator/c-emitter.ts',
  'generator/clang-driver.ts',
  'generator/disassembler.ts',
  'generator/dsl-parser.ts',
  'generator/elf-reader.ts',
  'generator/generate.ts',
  'generator/stencil-builder.ts',
  'generator/table-writer.ts',
  'generator/project-config.ts',
  'generator/targets.ts',
  'format/elf-machines.ts',
  'format/relocations.ts',
  'format/stencil-format.ts',
];

export interface GenerateOptions {
  root: string;
  /** Where build/ goes (verify points this at a temp dir). */
  outDir: string;
  targets?: readonly Target[];
  force?: boolean;
  progress?: boolean;
  log?: (line: string) => void;
}

export interface TargetOutput {
  target: Target;
  skipped: boolean;
  uops: Map<string, BuiltStencil>;
  support: BuiltStencil | null;
  symbols: string[];
  opargFields: readonly OpargField[];
  objects: CompileResult[];
}

export interface GenerateResult {
  uops: UopDefinition[];
  targets: TargetOutput[];
  compiled: number;
  cached: number;
}

function listFiles(root: string, rel: string): string[] {
  const abs = path.join(root, rel);
  if (!fs.statSync(abs).isDirectory()) return [rel];
  return fs
    .readdirSync(abs)
    .sort()
    .flatMap((e) => listFiles(root, path.posix.join(rel, e)));
}

/** Digest of everything the tables depend on, plus the target's flags. */
export function inputsDigest(root: string, version: string, targets: readonly Target[]): string {
  const h = createHash('sha256');
  h.update(version).update('\0');
  for (const t of targets) h.update(t.triple).update('\0').update(t.flags.join(' ')).update('\0').update(t.supportFlags.join(' ')).update('\0');
  const files = [...listFiles(root, 'cases'), ...GENERATOR_INPUTS];
  for (const f of files) h.update(f).update('\0').update(fs.readFileSync(path.join(root, f))).update('\0');
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

const GENERATED_DIR = '.cache/generated';

/** Writes the generated C headers and returns the per-uop include directories. */
function writeGeneratedC(root: string, uops: readonly UopDefinition[]): Map<string, string> {
  writeIfChanged(path.join(root, GENERATED_DIR, 'uop_ids.h'), emitUopIds(uops));
  writeIfChanged(path.join(root, GENERATED_DIR, 'uop_cases.h'), emitUopCases(uops));
  const dirs = new Map<string, string>();
  for (const u of uops) {
    const dir = path.posix.join(GENERATED_DIR, 'uops', u.name);
    writeIfChanged(path.join(root, dir, 'uop_body.h'), emitCase(u, 'default:') + '\n');
    dirs.set(u.name, dir);
  }
  return dirs;
}

const COMMON_HEADERS = ['cases/vm.h', 'cases/support.h', 'cases/template.h'];

function jobsFor(target: Target, uops: readonly UopDefinition[], dirs: Map<string, string>): CompileJob[] {
  const jobs: CompileJob[] = uops.map((u) => ({
    label: `uop ${u.name} (${target.triple})`,
    source: 'cases/template.c',
    includes: [dirs.get(u.name)!, 'cases'],
    flags: target.flags,
    inputs: [...COMMON_HEADERS, path.posix.join(dirs.get(u.name)!, 'uop_body.h')],
  }));
  for (const source of SUPPORT_SOURCES) {
    jobs.push({
      label: `support ${source} (${target.triple})`,
      source,
      includes: [GENERATED_DIR, 'cases'],
      flags: target.supportFlags,
      inputs: [...COMMON_HEADERS, `${GENERATED_DIR}/uop_ids.h`, `${GENERATED_DIR}/uop_cases.h`],
    });
  }
  jobs.push({ label: `layout (${target.triple})`, source: LAYOUT_SOURCE, includes: ['cases'], flags: target.flags, inputs: ['cases/vm.h'] });
  return jobs;
}

/** Reads the `layout_*` constants out of a compiled cases/layout.c. */
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

export function readUops(root: string): UopDefinition[] {
  return parseUops(fs.readFileSync(path.join(root, UOPS_FILE), 'utf8'), UOPS_FILE);
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { root, outDir } = options;
  const log = options.log ?? (() => {});
  const targets = options.targets ?? TARGETS;
  const uops = readUops(root);
  const version = await clangVersion();
  const dirs = writeGeneratedC(root, uops);
  const infos: UopInfo[] = uops.map((u, i) => uopInfo(u, i));

  const pending = targets.filter((t) => {
    if (options.force) return true;
    const file = path.join(outDir, t.triple, 'stencils.ts');
    return !fs.existsSync(file) || readDigest(fs.readFileSync(file, 'utf8')) !== inputsDigest(root, version, [t]);
  });
  const metaDigest = inputsDigest(root, version, TARGETS);
  const metaFiles = [path.join(outDir, 'uops.ts'), path.join(outDir, 'layout.ts')];
  const metaStale = options.force || metaFiles.some((f) => !fs.existsSync(f) || readDigest(fs.readFileSync(f, 'utf8')) !== metaDigest);
  // Layout comes from every target's object, so a stale layout compiles the layout units of all targets.
  const compileTargets = metaStale ? TARGETS.filter((t) => pending.includes(t) || true) : pending;

  const allJobs: CompileJob[] = [];
  const ranges = new Map<Target, [number, number]>();
  for (const t of compileTargets) {
    const jobs = pending.includes(t) ? jobsFor(t, uops, dirs) : jobsFor(t, uops, dirs).slice(-1);
    ranges.set(t, [allJobs.length, allJobs.length + jobs.length]);
    allJobs.push(...jobs);
  }
  const tty = options.progress && process.stderr.isTTY;
  const results = await compileAll(root, allJobs, path.join(root, '.cache/objects'), (done, total, job) => {
    if (tty) process.stderr.write(`\r\x1b[K[${done}/${total}] ${job.label}`);
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const compiled = results.filter((r) => !r.cached).length;

  const outputs: TargetOutput[] = [];
  let layout: Map<string, number> | null = null;
  for (const t of compileTargets) {
    const [from, to] = ranges.get(t)!;
    const mine = results.slice(from, to);
    const layoutValues = readLayout(mine[mine.length - 1].object);
    if (layout && JSON.stringify([...layout]) !== JSON.stringify([...layoutValues])) {
      throw new Error(`layout constants differ between targets (${t.triple}): cases/vm.h must lay out the same everywhere`);
    }
    layout = layoutValues;
    if (!pending.includes(t)) {
      outputs.push({ target: t, skipped: true, uops: new Map(), support: null, symbols: [], opargFields: OPARG_FIELDS, objects: mine });
      continue;
    }
    const symbols: string[] = [];
    const symbolIndex = (name: string) => {
      let i = symbols.indexOf(name);
      if (i < 0) i = symbols.push(name) - 1;
      return i;
    };
    const built = new Map<string, BuiltStencil>();
    await loadDecoder(t.capstone.arch);
    const decode = (code: Uint8Array) => decodeSync(t.capstone.arch, code);
    uops.forEach((u, i) => {
      built.set(u.name, buildStencil(u.name, [mine[i].object], t.machine, symbolIndex, { dropTailJump: true, decode, opargFields: OPARG_FIELDS }));
    });
    const supportObjects = mine.slice(uops.length, uops.length + SUPPORT_SOURCES.length).map((r) => r.object);
    const support = buildStencil('support', supportObjects, t.machine, symbolIndex, { exportGlobals: true });
    const stencils: Stencil[] = [...built.values()].map((b) => b.stencil);
    const text = await renderStencilTable(t, inputsDigest(root, version, [t]), { symbols, opargFields: OPARG_FIELDS }, stencils, support.stencil);
    writeIfChanged(path.join(outDir, t.triple, 'stencils.ts'), text);
    outputs.push({ target: t, skipped: false, uops: built, support, symbols, opargFields: OPARG_FIELDS, objects: mine });
    log(`${t.triple}: ${uops.length} uops, ${stencils.reduce((n, s) => n + (s.code.length + (s.coldCode?.length ?? 0)) / 2, 0)} code bytes`);
  }
  for (const t of targets.filter((t) => !pending.includes(t))) log(`${t.triple}: up to date`);
  if (metaStale && layout) {
    writeIfChanged(path.join(outDir, 'uops.ts'), renderUopMetadata(metaDigest, infos));
    writeIfChanged(path.join(outDir, 'layout.ts'), renderLayout(metaDigest, layout));
  }
  return { uops, targets: outputs, compiled, cached: results.length - compiled };
}
