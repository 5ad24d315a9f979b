// Digests of a generated table's own contents: the generator records them in
// the table, the runtime recomputes them when it loads one, so an edited or
// stale table is refused before any of its code is copied. One sha256 over a
// JSON text (V8's native JSON.stringify: the cheapest serialization at
// start-up, about 1 ms for a table and its metadata together): every stencil
// as an array of its fields in a fixed order, so the generator's objects and
// the loaded module's give the same text whatever order their keys were made
// in; the uop metadata as the module holds it (the generator hashes the very
// objects it writes).
import { createHash } from 'node:crypto';
import type { Stencil, StencilTable, UopMetadata } from './stencil-format.ts';

const stencilFields = (key: string, s: Stencil) => [key, s.name, s.code, s.data, s.dataAlign, s.codeHoles, s.dataHoles, s.coldCode ?? '', s.coldHoles ?? [], s.exports ?? {}];

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** The digest of everything in a stencil table except the digest itself. */
export function tableContentDigest(t: Omit<StencilTable, 'contentDigest'>): string {
  const uops: unknown[] = [];
  for (const name in t.uops) uops.push(stencilFields(name, t.uops[name]));
  return sha256(JSON.stringify(['stencil-table/3', t.origin, t.target, t.digest, t.metadataDigest, t.symbols, t.opargFields, uops, stencilFields('', t.support)]));
}

/** The digest of everything in the uop metadata except the digest itself. */
export function metadataContentDigest(m: Omit<UopMetadata, 'contentDigest'>): string {
  return sha256(JSON.stringify(['uop-metadata/3', m.origin, m.digest, m.exitUop, m.loopUop, m.uops]));
}
