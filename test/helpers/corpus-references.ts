// python3's results on the corpus programs (test/vm-corpus.test.ts), computed
// once and kept for later runs: a file under
// .cache/corpus-python named by a digest of everything the results depend on
// (python3's version and executable, the corpus directory, every program's name
// and text, the working directory and PYTHON* variables). A changed program or
// another python3 is another digest, so a result is never reused for anything
// but the same inputs. The first process to need them computes them (holding
// a lock directory), another waits for its file; a clean checkout computes them.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mapLimit, runOnPython, type RunResult } from '../vm-python.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIR = path.join(ROOT, '.cache', 'corpus-python');
/** Bump when what is stored, or how it is computed (runOnPython), changes. */
const FORMAT = 'corpus-python 1';
/** A lock older than this is taken to be left by a process that died. */
const STALE_LOCK_MS = 10 * 60_000;

async function digest(corpusDir: string, files: readonly string[]): Promise<string> {
  const py = await execa('python3', ['-c', 'import os, sys; print(sys.version); print(os.path.realpath(sys.executable))'], { reject: false });
  if (py.exitCode !== 0) throw new Error(`python3 is needed for the corpus references: ${py.stderr}`);
  const h = createHash('sha256');
  const env = Object.entries(process.env).filter(([k]) => k.startsWith('PYTHON')).sort();
  h.update(JSON.stringify([FORMAT, py.stdout, path.resolve(corpusDir), process.cwd(), env]));
  for (const f of files) h.update(`\0${f}\0`).update(fs.readFileSync(path.join(corpusDir, f)));
  return h.digest('hex').slice(0, 32);
}

function read(file: string): Map<string, RunResult> | null {
  try {
    return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, RunResult>));
  } catch {
    return null;
  }
}

function lockIsStale(lock: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    try {
      process.kill(pid, 0);
    } catch {
      return true; // its process is gone
    }
    return Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS;
  } catch {
    // No pid yet (just made) or the lock is gone: look again later.
    return false;
  }
}

/** python3's stdout, stderr and exit code for each of `files` (run as `python3 <corpusDir>/<file>`). */
export async function corpusPythonResults(corpusDir: string, files: readonly string[]): Promise<Map<string, RunResult>> {
  const key = await digest(corpusDir, files);
  const file = path.join(DIR, `${key}.json`);
  const lock = path.join(DIR, `${key}.lock`);
  fs.mkdirSync(DIR, { recursive: true });
  for (;;) {
    const cached = read(file);
    if (cached && files.every((f) => cached.has(f))) return cached;
    try {
      fs.mkdirSync(lock);
    } catch {
      if (lockIsStale(lock)) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      const results = await mapLimit([...files], 4, (f) => runOnPython(path.join(corpusDir, f)));
      const out = new Map(files.map((f, i) => [f, results[i]]));
      // A python3 killed by a signal (no exit code) is not a reference to keep.
      if (results.every((r) => r.code >= 0)) {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(out)));
        fs.renameSync(tmp, file);
      }
      return out;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
