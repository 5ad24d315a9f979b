// Reads the parts of a relocatable ELF64 object the generator needs. elfy gives
// the section table (names, kinds, data); its 64-bit addralign/entsize are
// unreliable, so those are read from the raw header here, and .symtab and
// .rela.* are decoded by hand.
import elfy from 'elfy';

export interface ElfSection {
  index: number;
  name: string;
  type: string;
  flags: { alloc: boolean; write: boolean; execinstr: boolean };
  size: number;
  align: number;
  entsize: number;
  link: number;
  info: number;
  data: Uint8Array;
}

export type SymbolBinding = 'local' | 'global' | 'weak' | 'other';
export type SymbolType = 'notype' | 'object' | 'func' | 'section' | 'file' | 'other';

export interface ElfSymbol {
  index: number;
  name: string;
  value: number;
  size: number;
  binding: SymbolBinding;
  type: SymbolType;
  /** Section index; 0 = undefined (SHN_UNDEF), 0xfff1 = absolute. */
  sectionIndex: number;
}

export interface ElfRelocation {
  /** The section the relocation patches. */
  targetSection: number;
  /** The .rela section it came from. */
  relaSection: number;
  offset: number;
  type: number;
  symbolIndex: number;
  addend: number;
}

export interface ElfObject {
  machine: number;
  sections: ElfSection[];
  symbols: ElfSymbol[];
  relocations: ElfRelocation[];
}

export { EM_X86_64, EM_AARCH64 } from '../format/elf-machines.ts';
const SHT_SYMTAB = 2;
const SHT_RELA = 4;

const BINDINGS: SymbolBinding[] = ['local', 'global', 'weak'];
const TYPES: SymbolType[] = ['notype', 'object', 'func', 'section', 'file'];

export class ElfFormatError extends Error {}

/** Reads a 64-bit little-endian field as a number, refusing values past 2^53. */
function u64(view: DataView, at: number): number {
  const v = view.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfFormatError(`64-bit field at 0x${at.toString(16)} is too large`);
  return Number(v);
}

function cString(bytes: Uint8Array, at: number): string {
  let end = at;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at).toString('latin1');
}

export function readElfObject(file: Uint8Array): ElfObject {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) throw new ElfFormatError('not an ELF file');
  if (buf[4] !== 2 || buf[5] !== 1) throw new ElfFormatError('only little-endian ELF64 objects are supported');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const machine = view.getUint16(18, true);
  const shoff = u64(view, 40);
  const shentsize = view.getUint16(58, true);
  const parsed = elfy.parse(buf) as { body: { sections: Array<Record<string, unknown>> } };

  const sections: ElfSection[] = parsed.body.sections.map((s, index) => {
    const header = shoff + index * shentsize;
    const flags = (s.flags ?? {}) as Record<string, boolean>;
    const data = (s.data as Buffer | undefined) ?? Buffer.alloc(0);
    return {
      index,
      name: String(s.name),
      type: String(s.type),
      flags: { alloc: !!flags.alloc, write: !!flags.write, execinstr: !!flags.execinstr },
      size: Number(s.size),
      align: u64(view, header + 48),
      entsize: u64(view, header + 56),
      link: view.getUint32(header + 40, true),
      info: view.getUint32(header + 44, true),
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  });

  const rawType = (index: number) => view.getUint32(shoff + index * shentsize + 4, true);
  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => rawType(s.index) === SHT_SYMTAB);
  if (symtab) {
    const strtab = sections[symtab.link].data;
    const d = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
    for (let at = 0, index = 0; at + 24 <= symtab.data.byteLength; at += 24, index++) {
      const info = d.getUint8(at + 4);
      symbols.push({
        index,
        name: cString(strtab, d.getUint32(at, true)),
        binding: BINDINGS[info >> 4] ?? 'other',
        type: TYPES[info & 0xf] ?? 'other',
        sectionIndex: d.getUint16(at + 6, true),
        value: Number(d.getBigUint64(at + 8, true)),
        size: Number(d.getBigUint64(at + 16, true)),
      });
    }
  }

  const relocations: ElfRelocation[] = [];
  for (const s of sections) {
    if (rawType(s.index) !== SHT_RELA) continue;
    const d = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
    for (let at = 0; at + 24 <= s.data.byteLength; at += 24) {
      relocations.push({
        targetSection: s.info,
        relaSection: s.index,
        offset: Number(d.getBigUint64(at, true)),
        symbolIndex: d.getUint32(at + 12, true),
        type: d.getUint32(at + 8, true),
        addend: Number(d.getBigInt64(at + 16, true)),
      });
    }
  }
  return { machine, sections, symbols, relocations };
}
