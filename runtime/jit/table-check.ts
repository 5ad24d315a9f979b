// What a runtime checks before it copies any code of a table: that the table
// is what the generator wrote (its recorded content digest), and that every
// hole lies inside its stencil and names a value, a symbol and a patch kind
// that exist. A table edited by hand, left stale, or made by a broken
// generator is refused with one line naming the file and the command that
// regenerates it.
import { metadataContentDigest, tableContentDigest } from '../../format/content-digest.ts';
import { isPatchKindOf, PATCH_KINDS } from '../../format/patch-kinds.ts';
import { HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_SYMBOL, HOLE_VALUE, HoleValue, type StencilTable, type TableOrigin, type UopMetadata } from '../../format/stencil-format.ts';

export class StencilTableError extends Error {}

function refuse(origin: TableOrigin | undefined, why: string): never {
  const file = origin?.file ?? 'a stencil table';
  const fix = origin?.regenerate ? `: run '${origin.regenerate}'` : '';
  throw new StencilTableError(`${file}: ${why}${fix}`);
}

/** Throws StencilTableError unless the metadata's contents match its recorded digest. */
export function checkMetadata(m: UopMetadata): void {
  // One digest per metadata object, as checkTable's (the run's start-up snapshot has it done).
  if (checkedMetadata.has(m)) return;
  if (metadataContentDigest(m) !== m.contentDigest) refuse(m.origin, 'the uop metadata does not match its recorded digest (edited by hand or stale)');
  checkedMetadata.add(m);
}

/** Metadata whose contents matched their digest (never edited in place after generation). */
const checkedMetadata = new WeakSet<UopMetadata>();

/** Throws StencilTableError unless the table was generated with this metadata (not a stale one of another generation). */
export function checkPair(t: StencilTable, m: UopMetadata): void {
  if (t.metadataDigest !== m.digest) refuse(t.origin, `the ${t.target} stencil table and ${m.origin?.file ?? 'the uop metadata'} come from different generations (one is stale)`);
}

/** What a table's holes may name. */
export interface HoleBounds {
  origin: TableOrigin | undefined;
  machine: number;
  target: string;
  symbols: number;
  opargFields: number;
}

/**
 * Checks the holes of one part (code, cold part or data, `bytes` long) of
 * stencil `name`, already read into 32-bit integers: each inside the part,
 * with a patch kind of the machine, a known value and a symbol or oparg field
 * that exists. One pass, no allocation unless something is wrong.
 */
export function checkHoles(b: HoleBounds, name: string, part: string, bytes: number, holes: Int32Array): void {
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) {
    const kind = holes[i + HOLE_KIND];
    const at = holes[i + HOLE_OFFSET];
    const value = holes[i + HOLE_VALUE];
    const symbol = holes[i + HOLE_SYMBOL];
    let why: string | null = null;
    if (!isPatchKindOf(kind, b.machine)) why = `has no ${b.target} patch kind`;
    else if (at - PATCH_KINDS[kind].before < 0 || at + PATCH_KINDS[kind].size > bytes) {
      why = `(${PATCH_KINDS[kind].name}, ${PATCH_KINDS[kind].before + PATCH_KINDS[kind].size} bytes) lies outside the stencil's ${bytes}-byte ${part}`;
    } else if (value < HoleValue.CODE || value > HoleValue.OPARG_FIELD) why = 'has no known hole value';
    else if (value === HoleValue.SYMBOL && !(symbol >= 0 && symbol < b.symbols)) why = 'names no symbol of the table';
    else if (value === HoleValue.OPARG_FIELD && !(symbol >= 0 && symbol < b.opargFields)) why = 'names no oparg field of the table';
    if (why !== null) refuse(b.origin, `stencil ${name}: ${part} hole ${i / HOLE_FIELDS} [${Array.from(holes.subarray(i, i + HOLE_FIELDS)).join(', ')}] ${why}`);
  }
}

const hexBytes = (hex: string | undefined) => (hex ?? '').length / 2;

/**
 * Throws StencilTableError unless the table's contents match its recorded
 * digest (the holes are checked as the loader reads them: checkHoles).
 */
export function checkTable(t: StencilTable): void {
  // One digest per table object: the SIGINT handler's link and the JIT runtime's both check it.
  if (checked.has(t)) return;
  if (tableContentDigest(t) !== t.contentDigest) refuse(t.origin, `the ${t.target} stencil table does not match its recorded digest (edited by hand or stale)`);
  for (const s of [...Object.values(t.uops), t.support]) {
    for (const [name, offset] of Object.entries(s.exports ?? {})) {
      if (!(Number.isInteger(offset) && offset >= 0 && offset < hexBytes(s.code))) refuse(t.origin, `stencil ${s.name}: export ${name} at ${offset} lies outside its code`);
    }
  }
  checked.add(t);
}

/** Tables whose contents matched their digest (tables are never edited in place after generation). */
const checked = new WeakSet<StencilTable>();

/** A malformed hole table (not rows of 32-bit integers). */
export function refuseHoleTable(origin: TableOrigin | undefined, name: string, why: string): never {
  refuse(origin, `stencil ${name}: ${why}`);
}
