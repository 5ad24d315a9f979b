// Compiles the uops: many per clang process. A uop's object is cached under a
// digest of what it depends on (clang, flags, the template and headers, its
// own generated case), as an object of its own (generator/function-split.ts).
// The uops not in the cache go, per target, into a few units (one per core),
// each including the template once per uop under its own function name,
// compiled with -ffunction-sections and cut back into one object per uop.
// A uop that cannot be cut out cleanly (it shares data with another one in its
// unit) is compiled alone, as is every uop of a unit that does not compile (so
// that a C error names its uop): the result never depends on the batching.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { CLANG, CompileError, compileAll, firstError, type CompileJob } from './clang-driver.ts';
import type { UopDefinition } from './dsl-parser.ts';
import { readElfObject, type ElfObject } from './elf-reader.ts';
import { deserializeObject, outlinedCallees, serializeObject, splitFunctions } from './function-split.ts';
import type { ProjectConfig } from './project-config.ts';
import type { Target } from './targets.ts';

/** The code that compiles and cuts the objects: cached objects made by other code are not reused. */
const SPLIT_FORMAT = createHash('sha256')
  .update(fs.readFileSync(new URL('./function-split.ts', import.meta.url)))
  .update(fs.readFileSync(new URL('./uop-compiler.ts', import.meta.url)))
  .digest('hex');
/**
 * Each function and global in a section of its own, so that they can be cut
 * apart; and every static function marked `used`. That last one keeps a uop's
 * code independent of the other uops in its unit: LLVM's interprocedural
 * constant propagation narrows the arguments of an internal helper (vm.h's
 * FITS_SMALL_INT) to the values all its callers pass, so NEG_INT compiled with
 * FLOORDIV_INT came out different from NEG_INT alone. A `used` function may
 * have callers it cannot see, so nothing is narrowed, in a unit or alone.
 */
const UNIT_FLAGS = ['-ffunction-sections', '-fdata-sections', '-Dstatic=__attribute__((used)) static'];

export interface UopCompileStats {
  /** Uops compiled (in units or alone). */
  compiled: number;
  /** Uops taken from the cache. */
  cached: number;
  /** clang processes run. */
  processes: number;
}

export interface UopUnitContext {
  config: ProjectConfig;
  /** The generated C directory (uops/<NAME>.h, oparg_fields.h), absolute. */
  generated: string;
  /** clang --version, for the cache keys. */
  version: string;
}

const rel = (config: ProjectConfig, p: string) => path.relative(config.root, p).split(path.sep).join('/');

/** The per-uop compile job (a unit of one uop), as the uncached fallback compiles it. */
export function soloJob(ctx: UopUnitContext, target: Target, u: UopDefinition): CompileJob {
  const gen = rel(ctx.config, ctx.generated);
  return {
    label: `uop ${u.name} (${target.triple})`,
    source: ctx.config.template,
    includes: [gen, ...ctx.config.include],
    defines: { UOP_BODY: `"uops/${u.name}.h"`, _JIT_ENTRY: `_JIT_ENTRY_${u.name}` },
    // The same flags as a unit's, so that a uop compiled alone is the uop cut out of a unit.
    flags: [...target.flags, ...UNIT_FLAGS],
    inputs: [...ctx.config.headers, `${gen}/oparg_fields.h`, `${gen}/uops/${u.name}.h`],
  };
}

function cacheKey(ctx: UopUnitContext, target: Target, u: UopDefinition, headerTexts: string): string {
  const h = createHash('sha256');
  h.update(SPLIT_FORMAT).update('\0').update(ctx.version).update('\0').update(target.flags.join(' ')).update('\0').update(headerTexts);
  // `#line` only steers messages: an edit that moves other uops' lines must not recompile them.
  h.update(fs.readFileSync(path.join(ctx.generated, 'uops', `${u.name}.h`), 'utf8').replace(/^#line .*$/gm, '#line'));
  return h.digest('hex').slice(0, 32);
}

/** The text of the unit that compiles `uops`: the template once per uop, each as a function of its own. */
function unitText(ctx: UopUnitContext, uops: readonly UopDefinition[]): string {
  const template = JSON.stringify(path.join(ctx.config.root, ctx.config.template));
  const out = ['// A unit of uops for one clang process (generator/uop-compiler.ts).'];
  for (const u of uops) out.push(`#define _JIT_ENTRY _JIT_ENTRY_${u.name}`, `#define UOP_BODY "uops/${u.name}.h"`, `#include ${template}`, '#undef _JIT_ENTRY', '#undef UOP_BODY');
  return `${out.join('\n')}\n`;
}

/** The uop whose body holds the position of clang's first error, if it is in one. */
function culpritOf(stderr: string, uops: readonly UopDefinition[]): UopDefinition | null {
  const m = /^([^:\n]+):(\d+):\d+: (fatal )?error:/m.exec(stderr);
  if (!m) return null;
  const line = Number(m[2]);
  // The C a variant's form adds around its body (uop-variants.ts) is reported at the form's line.
  const variant = uops.find((u) => u.file === m[1] && u.code?.line === line);
  if (variant) return variant;
  let best: UopDefinition | null = null;
  for (const u of uops) if (u.file === m[1] && u.bodyLine <= line && (!best || u.bodyLine > best.bodyLine)) best = u;
  return best;
}

/** Splits work into at most `parts` runs of similar size. */
function chunks<T>(items: readonly T[], parts: number): T[][] {
  const n = Math.max(1, Math.min(parts, items.length));
  const size = Math.ceil(items.length / n);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Each uop compiled alone, as clang wrote it (for tests that link uops with ld.lld). */
export async function compileAlone(ctx: UopUnitContext, target: Target, uops: readonly UopDefinition[]): Promise<Uint8Array[]> {
  const results = await compileAll(ctx.config.root, uops.map((u) => soloJob(ctx, target, u)), path.join(ctx.config.cacheDir, 'objects'));
  return results.map((r) => r.object);
}

/**
 * The object of every uop on every target (per target, in the order of
 * `uops`), from the cache or compiled. `onProgress` counts uops.
 */
export async function compileUops(
  ctx: UopUnitContext,
  targets: readonly Target[],
  uops: readonly UopDefinition[],
  onProgress?: (done: number, total: number, label: string) => void,
): Promise<{ objects: Map<Target, ElfObject[]>; stats: UopCompileStats }> {
  const { config } = ctx;
  const cacheDir = path.join(config.cacheDir, 'uop-objects');
  fs.mkdirSync(cacheDir, { recursive: true });
  const gen = rel(config, ctx.generated);
  let headerTexts = fs.readFileSync(path.join(config.root, config.template), 'utf8');
  for (const f of [...config.headers, `${gen}/oparg_fields.h`]) headerTexts += `\0${f}\0${fs.readFileSync(path.join(config.root, f), 'utf8')}`;
  const total = targets.length * uops.length;
  let done = 0;
  const stats: UopCompileStats = { compiled: 0, cached: 0, processes: 0 };
  const objects = new Map<Target, ElfObject[]>();
  const store = (file: string, o: ElfObject) => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, serializeObject(o));
    fs.renameSync(tmp, file);
  };

  // From the cache what is there; the rest, per target, in units.
  const work: { target: Target; missing: { u: UopDefinition; index: number; file: string }[] }[] = [];
  for (const t of targets) {
    const list: ElfObject[] = new Array(uops.length);
    objects.set(t, list);
    const missing: { u: UopDefinition; index: number; file: string }[] = [];
    uops.forEach((u, index) => {
      const file = path.join(cacheDir, `${cacheKey(ctx, t, u, headerTexts)}.json`);
      if (fs.existsSync(file)) {
        list[index] = deserializeObject(fs.readFileSync(file, 'utf8'));
        stats.cached++;
        onProgress?.(++done, total, `uop ${u.name} (${t.triple})`);
      } else {
        missing.push({ u, index, file });
      }
    });
    if (missing.length > 0) work.push({ target: t, missing });
  }
  const parallel = Math.max(1, os.availableParallelism());
  const units = work.flatMap((w) => chunks(w.missing, Math.ceil(parallel / work.length)).map((m) => ({ target: w.target, missing: m })));
  const alone: { target: Target; u: UopDefinition; index: number; file: string }[] = [];

  const unitsDir = path.join(ctx.generated, 'units');
  fs.mkdirSync(unitsDir, { recursive: true });
  const errors: { target: Target; error: CompileError }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < units.length) {
      const { target, missing } = units[next++];
      const name = createHash('sha256').update(target.triple).update(missing.map((m) => m.u.name).join(',')).digest('hex').slice(0, 16);
      const source = path.join(unitsDir, `${name}.c`);
      const object = path.join(unitsDir, `${name}.${process.pid}.o`);
      fs.writeFileSync(source, unitText(ctx, missing.map((m) => m.u)));
      const args = [...target.flags, ...UNIT_FLAGS, `-I${gen}`, ...config.include.map((i) => `-I${i}`), `-ffile-prefix-map=${config.root}/=`, '-c', rel(config, source), '-o', object];
      stats.processes++;
      const r = await execa(CLANG, args, { cwd: config.root, reject: false });
      if (r.exitCode !== 0) {
        fs.rmSync(object, { force: true });
        // An error in a uop's body names its line in the cases file (#line): that uop is the culprit.
        const culprit = culpritOf(r.stderr, missing.map((m) => m.u));
        if (culprit) {
          errors.push({ target, error: new CompileError(firstError(r.stderr, `uop ${culprit.name} (${target.triple})`)) });
          continue;
        }
        // Elsewhere (a header): compiled alone, the first error names its uop.
        for (const m of missing) alone.push({ target, ...m });
        continue;
      }
      const elf = readElfObject(fs.readFileSync(object));
      fs.rmSync(object, { force: true });
      const split = splitFunctions(elf, missing.map((m) => `_JIT_ENTRY_${m.u.name}`));
      for (const m of missing) {
        const o = split.objects.get(`_JIT_ENTRY_${m.u.name}`);
        if (!o) {
          alone.push({ target, ...m });
          continue;
        }
        objects.get(target)![m.index] = o;
        store(m.file, o);
        stats.compiled++;
        onProgress?.(++done, total, `uop ${m.u.name} (${target.triple})`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, units.length) }, worker));
  // The error of the first target in `targets` order (the one asked for), whichever unit finished first.
  errors.sort((a, b) => targets.indexOf(a.target) - targets.indexOf(b.target));
  if (errors.length > 0) throw errors[0].error;

  if (alone.length > 0) {
    const soloDir = path.join(config.cacheDir, 'objects');
    const results = await compileAll(config.root, alone.map((a) => soloJob(ctx, a.target, a.u)), soloDir);
    stats.processes += results.filter((r) => !r.cached).length;
    alone.forEach((a, k) => {
      // A unit of one function, cut like the others (its text section is `.text` either way).
      const elf = readElfObject(results[k].object);
      const entry = `_JIT_ENTRY_${a.u.name}`;
      const o = splitFunctions(elf, [entry]).objects.get(entry);
      // Alone, only code of its own stops it: a stencil is one function, entered at its start.
      if (!o) throw new CompileError(`uop ${a.u.name} (${a.target.triple}): its code calls ${outlinedCallees(elf, entry).join(', ')}, which clang did not inline: a stencil is one function; make the helper always_inline`);
      objects.get(a.target)![a.index] = o;
      store(a.file, o);
      stats.compiled++;
      onProgress?.(++done, total, `uop ${a.u.name} (${a.target.triple})`);
    });
  }
  return { objects, stats };
}

