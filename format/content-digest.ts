// Digests of a generated table's own contents: the generator records them in
// the table, the runtime recomputes them when it loads one, so an edited or
// stale table is refused before any of its code is copied. The canonical text
// lists every field in a fixed order (not JSON.stringify's key order), so the
// generator's objects and the loaded module's hash alike. One sha256 over a
// few hundred KiB: well under a millisecond.
import { createHash } from 'node:crypto';
import type { Stencil, StencilTable, UopMetadata } from './stencil-format.ts';

function stencilText(s: Stencil, out: string[]): void {
  out.push(
    s.name, s.code, s.data, String(s.dataAlign), s.codeHoles.join(','), s.dataHoles.join(','),
    s.coldCode ?? '', (s.coldHoles ?? []).join(','),
    s.exports ? Object.entries(s.exports).map(([k, v]) => `${k}=${v}`).join(',') : '',
  );
}

function sha256(parts: string[]): string {
  return `sha256:${createHash('sha256').update(parts.join('\n')).digest('hex')}`;
}

/** The digest of everything in a stencil table except the digest itself. */
export function tableContentDigest(t: Omit<StencilTable, 'contentDigest'>): string {
  const out: string[] = ['stencil-table/1', t.target, t.digest, t.symbols.join(','), t.opargFields.map((f) => `${f.name}:${f.shift}:${f.bits}:${f.scale}`).join(',')];
  for (const [name, s] of Object.entries(t.uops)) {
    out.push(name);
    stencilText(s, out);
  }
  stencilText(t.support, out);
  return sha256(out);
}

/** The digest of everything in the uop metadata except the digest itself. */
export function metadataContentDigest(m: Omit<UopMetadata, 'contentDigest'>): string {
  const out: string[] = ['uop-metadata/1', m.digest, m.exitUop, m.loopUop ?? ''];
  for (const u of m.uops) out.push(JSON.stringify(u));
  return sha256(out);
}
