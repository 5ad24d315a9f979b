// A scratch copy of the parts of the repository the generator reads, for tests
// that change a source or a table and check what the tools say about it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function copyRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-repo-'));
  for (const p of ['cases', 'format', 'generator', 'runtime', 'build', 'scripts', 'package.json', 'tsconfig.json']) {
    fs.cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  // The compile cache is content-addressed, so sharing it cannot hide a change.
  fs.mkdirSync(path.join(dir, '.cache'), { recursive: true });
  for (const cache of ['.cache/objects', '.cache/uop-objects']) {
    fs.mkdirSync(path.join(ROOT, cache), { recursive: true });
    fs.symlinkSync(path.join(ROOT, cache), path.join(dir, cache));
  }
  return dir;
}

export function editFile(root: string, rel: string, edit: (text: string) => string): void {
  const file = path.join(root, rel);
  const before = fs.readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${rel} changed nothing`);
  fs.writeFileSync(file, after);
}
