// Runs clang-19 on C units, many at once, with a content-hash cache: an object
// is rebuilt only when its source text, included headers or flags change.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export const CLANG = process.env.STENCIL_JIT_CLANG ?? 'clang-19';

export interface CompileJob {
  /** Who this is for, in messages (e.g. `uop ADD_INT` or `support`). */
  label: string;
  /** The C file to compile, relative to the project root. */
  source: string;
  /** Include directories, relative to the project root, searched first to last. */
  includes: readonly string[];
  /** Preprocessor definitions (-DNAME=VALUE). */
  defines: Readonly<Record<string, string>>;
  flags: readonly string[];
  /** Every file whose text the object depends on (for the cache key). */
  inputs: readonly string[];
}

export class CompileError extends Error {}

let clangVersionCache: string | null = null;

export async function clangVersion(): Promise<string> {
  if (clangVersionCache) return clangVersionCache;
  try {
    const { stdout } = await execa(CLANG, ['--version']);
    clangVersionCache = stdout.split('\n')[0].trim();
  } catch {
    throw new CompileError(`${CLANG} not found: run 'bash scripts/setup.sh' (installs clang-19, lld-19, llvm-19)`);
  }
  return clangVersionCache;
}

const defineFlags = (job: CompileJob) => Object.entries(job.defines).map(([k, v]) => `-D${k}=${v}`);

function cacheKey(root: string, job: CompileJob, version: string): string {
  const h = createHash('sha256');
  h.update(version).update('\0').update(job.flags.join(' ')).update('\0').update(defineFlags(job).join(' ')).update('\0').update(job.source).update('\0');
  for (const f of [job.source, ...job.inputs]) {
    // `#line` directives only steer clang's messages (no debug info is emitted):
    // leaving them out keeps an edit that moves other uops' lines from recompiling them.
    const text = fs.readFileSync(path.join(root, f), 'utf8').replace(/^#line .*$/gm, '#line');
    h.update(f).update('\0').update(text).update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

/** Turns clang's first error into one line pointing at the user's file. */
export function firstError(stderr: string, label: string): string {
  const line = stderr.split('\n').find((l) => /\berror:/.test(l));
  return line ? `${label}: ${line.trim()}` : `${label}: clang failed: ${stderr.trim().split('\n')[0] ?? ''}`;
}

export interface CompileResult {
  job: CompileJob;
  object: Uint8Array;
  objectPath: string;
  cached: boolean;
}

export async function compileAll(
  root: string,
  jobs: readonly CompileJob[],
  cacheDir: string,
  onProgress?: (done: number, total: number, job: CompileJob) => void,
): Promise<CompileResult[]> {
  const version = await clangVersion();
  fs.mkdirSync(cacheDir, { recursive: true });
  const results: CompileResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      const objectPath = path.join(cacheDir, `${cacheKey(root, job, version)}.o`);
      let cached = fs.existsSync(objectPath);
      if (!cached) {
        const tmp = `${objectPath}.${process.pid}.tmp`;
        const args = [...job.flags, ...defineFlags(job), ...job.includes.map((i) => `-I${i}`), `-ffile-prefix-map=${root}/=`, '-c', job.source, '-o', tmp];
        const r = await execa(CLANG, args, { cwd: root, reject: false });
        if (r.exitCode !== 0) {
          fs.rmSync(tmp, { force: true });
          throw new CompileError(firstError(r.stderr, job.label));
        }
        fs.renameSync(tmp, objectPath);
      }
      results[index] = { job, object: fs.readFileSync(objectPath), objectPath, cached };
      onProgress?.(++done, jobs.length, job);
    }
  };
  const parallel = Math.max(1, Math.min(os.availableParallelism(), jobs.length));
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}
