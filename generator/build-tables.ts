// Loads the committed (or freshly generated) tables in build/ as modules.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StencilTable, UopInfo } from '../format/stencil-format.ts';

export async function loadTable(buildDir: string, triple: string): Promise<StencilTable> {
  const file = path.join(buildDir, triple, 'stencils.ts');
  const mod = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { table: StencilTable };
  return mod.table;
}

export async function loadUopInfos(buildDir: string): Promise<readonly UopInfo[]> {
  const mod = (await import(`${pathToFileURL(path.join(buildDir, 'uops.ts')).href}?t=${Date.now()}`)) as { UOPS: readonly UopInfo[] };
  return mod.UOPS;
}
