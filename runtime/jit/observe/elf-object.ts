// A minimal ELF64 relocatable object describing code that already sits in
// memory, for gdb's JIT interface: a .text section of type NOBITS whose
// address is the code's (gdb reads the bytes from the process), function
// symbols in it, and the code's CFI in .debug_frame. The layout of LuaJIT's
// lj_gdbjit.c objects, written from the ELF specification.

export interface ElfFunction {
  name: string;
  /** Offset in the code. */
  offset: number;
  size: number;
}

export interface ElfObjectInput {
  machine: number;
  /** The code's address and size in this process. */
  address: number;
  size: number;
  /** A name for the object (the STT_FILE symbol). */
  file: string;
  functions: readonly ElfFunction[];
  debugFrame: Uint8Array;
}

const EHDR = 64;
const SHDR = 64;
const SYM = 24;
const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const SHT_NOBITS = 8;
const SHF_ALLOC = 2;
const SHF_EXECINSTR = 4;
const STT_FUNC = 2;
const STT_FILE = 4;
const STB_GLOBAL = 1;
const SHN_ABS = 0xfff1;

class Strings {
  readonly bytes: number[] = [0];
  add(s: string): number {
    const at = this.bytes.length;
    this.bytes.push(...Buffer.from(s, 'utf8'), 0);
    return at;
  }
}

export function buildElfObject(o: ElfObjectInput): Uint8Array {
  const shstr = new Strings();
  const names = { text: shstr.add('.text'), frame: shstr.add('.debug_frame'), symtab: shstr.add('.symtab'), strtab: shstr.add('.strtab'), shstrtab: shstr.add('.shstrtab') };
  const str = new Strings();
  // Symbols: null, the file (local), then the functions (global).
  const syms: { name: number; info: number; shndx: number; value: number; size: number }[] = [
    { name: 0, info: 0, shndx: 0, value: 0, size: 0 },
    { name: str.add(o.file), info: STT_FILE, shndx: SHN_ABS, value: 0, size: 0 },
  ];
  for (const f of o.functions) syms.push({ name: str.add(f.name), info: (STB_GLOBAL << 4) | STT_FUNC, shndx: 1, value: f.offset, size: f.size });

  // Layout: header, .debug_frame, .symtab, .strtab, .shstrtab, section headers.
  const frameAt = EHDR;
  const symAt = align(frameAt + o.debugFrame.length, 8);
  const strAt = symAt + syms.length * SYM;
  const shstrAt = strAt + str.bytes.length;
  const shAt = align(shstrAt + shstr.bytes.length, 8);
  const total = shAt + 6 * SHDR;
  const b = Buffer.alloc(total);

  // ELF header.
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0); // ELFCLASS64, little-endian, version 1, SysV
  b.writeUInt16LE(1, 16); // ET_REL
  b.writeUInt16LE(o.machine, 18);
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(0n, 24); // entry
  b.writeBigUInt64LE(0n, 32); // phoff
  b.writeBigUInt64LE(BigInt(shAt), 40);
  b.writeUInt32LE(0, 48); // flags
  b.writeUInt16LE(EHDR, 52);
  b.writeUInt16LE(0, 54);
  b.writeUInt16LE(0, 56);
  b.writeUInt16LE(SHDR, 58);
  b.writeUInt16LE(6, 60); // section count
  b.writeUInt16LE(5, 62); // .shstrtab index

  b.set(o.debugFrame, frameAt);
  syms.forEach((s, i) => {
    const at = symAt + i * SYM;
    b.writeUInt32LE(s.name, at);
    b[at + 4] = s.info;
    b[at + 5] = 0;
    b.writeUInt16LE(s.shndx, at + 6);
    b.writeBigUInt64LE(BigInt(s.value), at + 8);
    b.writeBigUInt64LE(BigInt(s.size), at + 16);
  });
  b.set(str.bytes, strAt);
  b.set(shstr.bytes, shstrAt);

  const section = (i: number, name: number, type: number, flags: number, addr: number, offset: number, size: number, link = 0, info = 0, addralign = 1, entsize = 0) => {
    const at = shAt + i * SHDR;
    b.writeUInt32LE(name, at);
    b.writeUInt32LE(type, at + 4);
    b.writeBigUInt64LE(BigInt(flags), at + 8);
    b.writeBigUInt64LE(BigInt(addr), at + 16);
    b.writeBigUInt64LE(BigInt(offset), at + 24);
    b.writeBigUInt64LE(BigInt(size), at + 32);
    b.writeUInt32LE(link, at + 40);
    b.writeUInt32LE(info, at + 44);
    b.writeBigUInt64LE(BigInt(addralign), at + 48);
    b.writeBigUInt64LE(BigInt(entsize), at + 56);
  };
  section(1, names.text, SHT_NOBITS, SHF_ALLOC | SHF_EXECINSTR, o.address, EHDR, o.size, 0, 0, 16);
  section(2, names.frame, SHT_PROGBITS, 0, 0, frameAt, o.debugFrame.length, 0, 0, 8);
  section(3, names.symtab, SHT_SYMTAB, 0, 0, symAt, syms.length * SYM, 4, 2, 8, SYM); // info: first global symbol
  section(4, names.strtab, SHT_STRTAB, 0, 0, strAt, str.bytes.length);
  section(5, names.shstrtab, SHT_STRTAB, 0, 0, shstrAt, shstr.bytes.length);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;
