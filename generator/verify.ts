// `verify`: regenerate build/ into a temporary directory and compare it with
// the committed one byte for byte. On a difference, report per target and uop
// which bytes and holes changed, and the one command that fixes it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOLE_FIELDS, type Stencil, type StencilTable } from '../format/stencil-format.ts';
import { loadTable } from './build-tables.ts';
import { configOf, generate } from './generate.ts';
import { FIX_COMMAND, fixCommand, type ProjectConfig } from './project-config.ts';
import { TARGETS } from './targets.ts';

export { FIX_COMMAND, fixCommand };

function listFiles(dir: string, rel = ''): string[] {
  if (!fs.existsSync(path.join(dir, rel))) return [];
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]))
    .sort();
}

function byteDiffs(a: Buffer, b: Buffer, limit = 8): string {
  const diffs: string[] = [];
  const n = Math.max(a.length, b.length);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) continue;
    count++;
    if (diffs.length < limit) {
      const f = (x: number | undefined) => (x === undefined ? '--' : x.toString(16).padStart(2, '0'));
      diffs.push(`0x${i.toString(16)}: ${f(a[i])} -> ${f(b[i])}`);
    }
  }
  const len = a.length === b.length ? '' : ` (length ${a.length} -> ${b.length})`;
  return `${count} byte(s) differ${len}: ${diffs.join(', ')}${count > limit ? ', ...' : ''}`;
}

function holeDiffs(a: readonly number[], b: readonly number[]): string | null {
  const rows = (flat: readonly number[]) => {
    const r: string[] = [];
    for (let i = 0; i < flat.length; i += HOLE_FIELDS) r.push(flat.slice(i, i + HOLE_FIELDS).join(','));
    return r;
  };
  const ra = rows(a);
  const rb = rows(b);
  const gone = ra.filter((x) => !rb.includes(x));
  const added = rb.filter((x) => !ra.includes(x));
  if (gone.length === 0 && added.length === 0) return null;
  return `holes [offset,type,value,symbol,addend]: committed has ${gone.map((x) => `[${x}]`).join(' ') || 'nothing extra'}, sources give ${added.map((x) => `[${x}]`).join(' ') || 'nothing extra'}`;
}

function compareStencil(label: string, committed: Stencil | undefined, fresh: Stencil | undefined, out: string[]): void {
  if (!committed) return void out.push(`  ${label}: missing from the committed table`);
  if (!fresh) return void out.push(`  ${label}: in the committed table but no longer in the sources`);
  const problems: string[] = [];
  if (committed.code !== fresh.code) problems.push(`code ${byteDiffs(Buffer.from(committed.code, 'hex'), Buffer.from(fresh.code, 'hex'))}`);
  if (committed.data !== fresh.data) problems.push(`data ${byteDiffs(Buffer.from(committed.data, 'hex'), Buffer.from(fresh.data, 'hex'))}`);
  const ch = holeDiffs(committed.codeHoles, fresh.codeHoles);
  if (ch) problems.push(`code ${ch}`);
  const dh = holeDiffs(committed.dataHoles, fresh.dataHoles);
  if (dh) problems.push(`data ${dh}`);
  if (JSON.stringify(committed.exports ?? {}) !== JSON.stringify(fresh.exports ?? {})) problems.push('exports differ');
  for (const p of problems) out.push(`  ${label}: ${p}`);
}

async function compareTables(triple: string, buildDir: string, freshDir: string, out: string[]): Promise<void> {
  let committed: StencilTable;
  try {
    committed = await loadTable(buildDir, triple);
  } catch (e) {
    out.push(`  ${triple}: the committed table does not load (${(e as Error).message.split('\n')[0]})`);
    return;
  }
  const fresh = await loadTable(freshDir, triple);
  if (committed.digest !== fresh.digest) out.push(`  ${triple}: digest ${committed.digest.slice(0, 19)}… -> ${fresh.digest.slice(0, 19)}… (inputs changed)`);
  const names = [...new Set([...Object.keys(committed.uops), ...Object.keys(fresh.uops)])];
  for (const n of names) compareStencil(`${triple} ${n}`, committed.uops[n], fresh.uops[n], out);
  compareStencil(`${triple} support`, committed.support, fresh.support, out);
  if (JSON.stringify(committed.symbols) !== JSON.stringify(fresh.symbols)) out.push(`  ${triple}: symbol list differs`);
}

export interface VerifyResult {
  ok: boolean;
  report: string[];
}

/** Verifies a project: a loaded config, or the bundled config of the checkout at `root`. */
export async function verify(project: string | ProjectConfig): Promise<VerifyResult> {
  const config = typeof project === 'string' ? configOf({ root: project }) : project;
  const buildDir = config.output;
  const shown = path.relative(config.root, buildDir) || '.';
  const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-verify-'));
  try {
    await generate({ config, outDir: freshDir, force: true });
    const committedFiles = listFiles(buildDir);
    const freshFiles = listFiles(freshDir);
    const report: string[] = [];
    for (const f of [...new Set([...committedFiles, ...freshFiles])].sort()) {
      const a = path.join(buildDir, f);
      const b = path.join(freshDir, f);
      if (!fs.existsSync(a)) {
        report.push(`${path.join(shown, f)}: missing (the sources produce it)`);
        continue;
      }
      if (!fs.existsSync(b)) {
        report.push(`${path.join(shown, f)}: not produced by the sources (stale file)`);
        continue;
      }
      const ta = fs.readFileSync(a);
      const tb = fs.readFileSync(b);
      if (ta.equals(tb)) continue;
      report.push(`${path.join(shown, f)}: differs from a fresh generation`);
      const triple = TARGETS.find((t) => f === path.join(t.triple, 'stencils.ts'))?.triple;
      const details: string[] = [];
      if (triple) await compareTables(triple, buildDir, freshDir, details);
      if (details.length === 0) {
        const la = ta.toString('utf8').split('\n');
        const lb = tb.toString('utf8').split('\n');
        const i = la.findIndex((l, k) => l !== lb[k]);
        details.push(`  first difference at line ${i + 1}: ${JSON.stringify(la[i] ?? '')} -> ${JSON.stringify(lb[i] ?? '')}`);
      }
      report.push(...details);
    }
    if (report.length > 0) report.push(`To fix: run '${fixCommand(config)}' and commit ${shown}/.`);
    return { ok: report.length === 0, report };
  } finally {
    fs.rmSync(freshDir, { recursive: true, force: true });
  }
}
