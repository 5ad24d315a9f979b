// Errors of the patchers, with the numbers that explain them.
import { PATCH_KINDS, patchKindName, type PatchKind } from '../../format/patch-kinds.ts';

export class PatchError extends Error {}

function hex(v: number): string {
  return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

/** `<what> at offset 0x..: value 0x.. does not fit <field> (S=.., A=.., P=..)`. */
export function describeValue(what: string, offset: number, value: number, field: string, P: number, S: number, A: number): string {
  return `${what} at offset ${hex(offset)}: value ${hex(value)} does not fit ${field} (S=${hex(S)}, A=${A}, P=${hex(P)})`;
}

/** Throws unless the bytes a patch of `kind` at `offset` reads and writes lie inside `code`. */
export function outsideSection(code: Uint8Array, offset: number, kind: PatchKind, what: string | undefined): void {
  const info = PATCH_KINDS[kind];
  if (offset - info.before < 0 || offset + info.size > code.length) {
    throw new PatchError(`${what ?? patchKindName(kind)} at offset ${hex(offset)}: place of ${info.size} bytes is outside the ${code.length}-byte section`);
  }
}
