// Digests of a generated table's own contents: the generator records them in
// the table, the runtime recomputes them when it loads one, so an edited or
// stale table is refused before any of its code is copied. The canonical text
// lists every field in a fixed order (not JSON.stringify's key order), so the
// generator's objects and the loaded module's hash alike. One sha256 over a
// few hundred KiB: well under a millisecond.
import { createHash } from 'node:crypto';
import type { Stencil, StencilTable, UopInfo, UopMetadata } from './stencil-format.ts';

function stencilText(s: Stencil, out: string[]): void {
  const exports = s.exports ? Object.entries(s.exports).map(([k, v]) => `${k}=${v}`).join(',') : '';
  out.push(`${s.name}\n${s.code}\n${s.data}\n${s.dataAlign}\n${s.codeHoles.join(',')}\n${s.dataHoles.join(',')}\n${s.coldCode ?? ''}\n${(s.coldHoles ?? []).join(',')}\n${exports}`);
}

function sha256(parts: string[]): string {
  return `sha256:${createHash('sha256').update(parts.join('\n')).digest('hex')}`;
}

/** The digest of everything in a stencil table except the digest itself. */
export function tableContentDigest(t: Omit<StencilTable, 'contentDigest'>): string {
  const out: string[] = ['stencil-table/2', t.origin.file, t.origin.regenerate, t.target, t.digest, t.metadataDigest, t.symbols.join(','), t.opargFields.map((f) => `${f.name}:${f.shift}:${f.bits}:${f.scale}`).join(',')];
  for (const [name, s] of Object.entries(t.uops)) {
    out.push(name);
    stencilText(s, out);
  }
  stencilText(t.support, out);
  return sha256(out);
}

const flag = (b: boolean) => (b ? 1 : 0);
/** A uop's info as one line (one template: cheap when a runtime starts). */
const uopText = (u: UopInfo) =>
  `${u.name}|${u.opcode}|${u.stack.inputs.join(',')}--${u.stack.outputs.join(',')}|${flag(u.usesOparg)}${flag(u.usesOperand0)}${flag(u.usesOperand1)}` +
  `${flag(u.canExit)}${flag(u.usesJumpTarget)}${flag(u.terminates)}${flag(u.callsTop)}${flag(u.movesStackPointer)}|${u.source}|${u.doc}|` +
  `${u.types.inputs.join(',')}--${u.types.outputs.join(',')}|${u.guards.map((g) => `${g.depth}:${g.type}`).join(',')}|` +
  `${u.variant ? `${u.variant.of}:${u.variant.sources.join(' ')}>${u.variant.sink}` : ''}|${u.fuses.map((f) => f.join(' ')).join(',')}`;
/** The fields uopText covers: a new UopInfo field fails the type check here until the digest covers it too. */
const COVERED: Readonly<Record<keyof UopInfo, true>> = {
  name: true, opcode: true, stack: true, usesOparg: true, usesOperand0: true, usesOperand1: true, canExit: true, usesJumpTarget: true,
  terminates: true, callsTop: true, source: true, doc: true, types: true, guards: true, movesStackPointer: true, variant: true, fuses: true,
};
void COVERED;

/** The digest of everything in the uop metadata except the digest itself. */
export function metadataContentDigest(m: Omit<UopMetadata, 'contentDigest'>): string {
  const out: string[] = ['uop-metadata/2', m.origin.file, m.origin.regenerate, m.digest, m.exitUop, m.loopUop ?? ''];
  for (const u of m.uops) out.push(uopText(u));
  return sha256(out);
}
