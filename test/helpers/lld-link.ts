// Test support for checking the relocation patcher against ld.lld-19: compiles
// fixtures with clang-19, lays an object out at chosen addresses with a linker
// script (one output section per input section, extern symbols defined
// section-relative so lld treats them like real definitions), links it
// statically, and reads the linked sections and symbols back.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readElfObject, type ElfObject, type ElfRelocation } from '../../generator/elf-reader.ts';
import type { LinkerSlots } from '../../runtime/jit/linker-slots.ts';

const run = promisify(execFile);

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'patcher');

export type Arch = 'x86_64' | 'aarch64';
export type LayoutName = 'near' | 'mid' | 'far';

const COMMON = [
  '-ffreestanding', '-fno-builtin', '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-O2', '-c',
];

export interface Variant {
  /** e.g. `x86_64-nopic` */
  name: string;
  arch: Arch;
  flags: string[];
  fixtures: string[];
  layouts: LayoutName[];
}

const ALL: LayoutName[] = ['near', 'mid', 'far'];

/** The compile configurations under test (the first of each target is the project's default). */
export const VARIANTS: Variant[] = [
  {
    name: 'x86_64-nopic', arch: 'x86_64', layouts: ALL,
    flags: ['--target=x86_64-unknown-linux-gnu', '-fno-plt', '-fno-pic', '-mcmodel=medium', '-mlarge-data-threshold=0'],
    fixtures: ['calls', 'data', 'rodata', 'direct', 'forced'],
  },
  {
    name: 'x86_64-pic', arch: 'x86_64', layouts: ALL,
    flags: ['--target=x86_64-unknown-linux-gnu', '-fno-plt', '-fpic'],
    fixtures: ['calls', 'data', 'rodata', 'direct'],
  },
  {
    // Plain R_X86_64_GOTPCREL, which is never relaxed.
    name: 'x86_64-pic-norelax', arch: 'x86_64', layouts: ALL,
    flags: ['--target=x86_64-unknown-linux-gnu', '-fno-plt', '-fpic', '-Wa,-mrelax-relocations=no'],
    fixtures: ['calls', 'data'],
  },
  {
    // Direct R_X86_64_PLT32 calls to externs: lld has no PLT in a static link, so only in rel32 range.
    name: 'x86_64-nopic-plt', arch: 'x86_64', layouts: ['near', 'mid'],
    flags: ['--target=x86_64-unknown-linux-gnu', '-fno-pic', '-mcmodel=medium', '-mlarge-data-threshold=0'],
    fixtures: ['calls', 'direct'],
  },
  {
    name: 'aarch64-pic', arch: 'aarch64', layouts: ALL,
    flags: ['--target=aarch64-unknown-linux-gnu', '-fno-plt', '-fpic', '-mno-outline-atomics'],
    fixtures: ['calls', 'data', 'rodata', 'direct', 'forced'],
  },
  {
    name: 'aarch64-large', arch: 'aarch64', layouts: ALL,
    flags: ['--target=aarch64-unknown-linux-gnu', '-fno-plt', '-fno-pic', '-mcmodel=large'],
    fixtures: ['calls', 'data', 'rodata', 'direct', 'forced'],
  },
  {
    // CALL26/JUMP26 to externs (thunks when far).
    name: 'aarch64-pic-plt', arch: 'aarch64', layouts: ALL,
    flags: ['--target=aarch64-unknown-linux-gnu', '-fpic', '-mno-outline-atomics'],
    fixtures: ['calls', 'direct'],
  },
];

export interface CompiledObject {
  variant: Variant;
  fixture: string;
  path: string;
  bytes: Uint8Array;
  elf: ElfObject;
}

export async function compileAll(dir: string): Promise<CompiledObject[]> {
  const jobs: Promise<CompiledObject>[] = [];
  for (const variant of VARIANTS) {
    for (const fixture of variant.fixtures) {
      const path = join(dir, `${fixture}.${variant.name}.o`);
      jobs.push(
        run('clang-19', [...variant.flags, ...COMMON, join(FIXTURES, `${fixture}.c`), '-o', path]).then(() => {
          const bytes = new Uint8Array(readFileSync(path));
          return { variant, fixture, path, bytes, elf: readElfObject(bytes) };
        }),
      );
    }
  }
  return Promise.all(jobs);
}

// --- layout ---

const CODE_BASE = 0x1000_0000;
const DATA_BASE = 0x1040_0000;
const SECTION_STRIDE = 0x1_0000;
/** Where lld puts its GOT (within ±1 MiB of the code, for R_AARCH64_GOT_LD_PREL19). */
export const GOT_BASE = 0x1008_0000;
/** Symbols within a few KiB of the code: branch targets for TSTBR14/CONDBR19, ADR, LDR literal. */
const NEAR_BASE = 0x1000_6000;
const NEAR_SYMBOLS: Record<string, number> = { near_fn: 0, near_data: 0x100, near_tbl: 0x200 };
export const EXTERN_BASES: Record<LayoutName, number> = {
  near: 0x10e0_0000, // 14 MiB from the code: direct everything
  mid: 0x7000_0000, // 1.5 GiB: x86 rel32 still reaches, aarch64 B/BL needs a thunk
  far: 0x7f00_0000_0000, // out of every 32-bit range
};
const EXTERN_SYMBOLS: Record<string, number> = {
  ext_fn0: 0, ext_fn1: 0x100, ext_fn2: 0x200, ext_exit: 0x300, ext_sink: 0x400,
  ext_array: 0x1000, ext_table: 0x2000, ext_scalar: 0x3000, _JIT_OPERAND0: 0x4000, _JIT_OPARG: 0x5000,
};
const NEAR_SMALL = 0x1234;

export interface Layout {
  name: LayoutName;
  /** Object section index → address. */
  sectionAddress: Map<number, number>;
  /** Undefined symbol name → address. */
  externs: Map<string, number>;
  script: string;
}

const quote = (name: string) => `"${name}"`;

export function makeLayout(elf: ElfObject, name: LayoutName): Layout {
  const sectionAddress = new Map<number, number>();
  // Output sections in address order (lld assigns file offsets in script order).
  const placed: Array<[number, string]> = [];
  let code = 0;
  let data = 0;
  for (const s of elf.sections) {
    if (!s.flags.alloc) continue;
    const addr = s.flags.execinstr ? CODE_BASE + SECTION_STRIDE * code++ : DATA_BASE + SECTION_STRIDE * data++;
    sectionAddress.set(s.index, addr);
    placed.push([addr, `${quote(s.name)} 0x${addr.toString(16)} : { *(${quote(s.name)}) }`]);
  }
  placed.push([GOT_BASE, `.got 0x${GOT_BASE.toString(16)} : { *(.got) }`]);
  const externs = new Map<string, number>();
  const base = EXTERN_BASES[name];
  const near: string[] = [];
  for (const [sym, off] of Object.entries(NEAR_SYMBOLS)) {
    externs.set(sym, NEAR_BASE + off);
    near.push(`${sym} = . + 0x${off.toString(16)};`);
  }
  placed.push([NEAR_BASE, `.near_syms 0x${NEAR_BASE.toString(16)} (NOLOAD) : { ${near.join(' ')} . += 0x1000; }`]);
  const ext: string[] = [];
  for (const [sym, off] of Object.entries(EXTERN_SYMBOLS)) {
    externs.set(sym, base + off);
    ext.push(`${sym} = . + 0x${off.toString(16)};`);
  }
  placed.push([base, `.ext_syms 0x${base.toString(16)} (NOLOAD) : { ${ext.join(' ')} . += 0x10000; }`]);
  placed.sort((x, y) => x[0] - y[0]);
  const lines = ['SECTIONS {', ...placed.map(([, line]) => `  ${line}`), '}'];
  // Absolute symbols, used only by data relocations of limited width.
  externs.set('near_small', NEAR_SMALL);
  lines.push(`near_small = 0x${NEAR_SMALL.toString(16)};`);
  const ro = elf.sections.find((s) => s.name === '.rodata.forced');
  if (ro) {
    const nearRo = sectionAddress.get(ro.index)! + 0x60;
    externs.set('near_ro', nearRo);
    lines.push(`near_ro = 0x${nearRo.toString(16)};`);
  }
  return { name, sectionAddress, externs, script: lines.join('\n') + '\n' };
}

// --- linked image ---

export interface LinkedSection {
  name: string;
  type: number;
  addr: number;
  data: Uint8Array;
}

export interface LinkedImage {
  sections: Map<string, LinkedSection>;
  symbols: Map<string, number>;
  /** Reads 8 bytes at a virtual address, or undefined if no section holds it. */
  read64(addr: number): number | undefined;
}

export async function link(objPath: string, layout: Layout, outPath: string): Promise<LinkedImage> {
  const scriptPath = `${outPath}.lds`;
  writeFileSync(scriptPath, layout.script);
  await run('ld.lld-19', ['-static', '-no-pie', '-O0', '-e', '0', '-T', scriptPath, objPath, '-o', outPath]);
  return readLinked(new Uint8Array(readFileSync(outPath)));
}

/** Sections (by name) and symbols of a linked ELF64 image, as lld wrote it. */
export function readLinkedElf(file: Uint8Array): { sections: Map<string, LinkedSection>; symbols: Map<string, number> } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const shoff = u64(0x28);
  const shentsize = view.getUint16(0x3a, true);
  const shnum = view.getUint16(0x3c, true);
  const shstrndx = view.getUint16(0x3e, true);
  const header = (i: number) => {
    const at = shoff + i * shentsize;
    return {
      name: view.getUint32(at, true), type: view.getUint32(at + 4, true), addr: u64(at + 16),
      offset: u64(at + 24), size: u64(at + 32), link: view.getUint32(at + 40, true),
    };
  };
  const str = (tableOffset: number, at: number) => {
    let end = tableOffset + at;
    while (file[end] !== 0) end++;
    return Buffer.from(file.subarray(tableOffset + at, end)).toString('latin1');
  };
  const shstr = header(shstrndx).offset;
  const sections = new Map<string, LinkedSection>();
  const symbols = new Map<string, number>();
  for (let i = 1; i < shnum; i++) {
    const h = header(i);
    const name = str(shstr, h.name);
    const data = h.type === 8 ? new Uint8Array(0) : file.subarray(h.offset, h.offset + h.size);
    sections.set(name, { name, type: h.type, addr: h.addr, data });
    if (h.type === 2) {
      const strtab = header(h.link).offset;
      for (let at = h.offset + 24; at + 24 <= h.offset + h.size; at += 24) {
        symbols.set(str(strtab, view.getUint32(at, true)), u64(at + 8));
      }
    }
  }
  return { sections, symbols };
}

function readLinked(file: Uint8Array): LinkedImage {
  const { sections, symbols } = readLinkedElf(file);
  const read64 = (addr: number) => {
    for (const s of sections.values()) {
      if (s.addr !== 0 && addr >= s.addr && addr + 8 <= s.addr + s.data.length) {
        const d = new DataView(s.data.buffer, s.data.byteOffset + (addr - s.addr), 8);
        return Number(d.getBigUint64(0, true));
      }
    }
    return undefined;
  };
  return { sections, symbols, read64 };
}

// --- applying the patcher to an unlinked object ---

export type Relocate = (code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots) => void;

export interface ResolvedRelocation {
  rel: ElfRelocation;
  symbolName: string;
  P: number;
  S: number;
  A: number;
}

/** The relocations of one section with P, S and A resolved for a layout. */
export function resolveRelocations(elf: ElfObject, layout: Layout, sectionIndex: number): ResolvedRelocation[] {
  const base = layout.sectionAddress.get(sectionIndex)!;
  return elf.relocations
    .filter((r) => r.targetSection === sectionIndex)
    .map((rel) => {
      const sym = elf.symbols[rel.symbolIndex];
      let S: number;
      let symbolName = sym.name;
      if (sym.sectionIndex === 0) {
        const v = layout.externs.get(sym.name);
        if (v === undefined) throw new Error(`no address for extern ${sym.name}`);
        S = v;
      } else if (sym.sectionIndex === 0xfff1) {
        S = sym.value;
      } else {
        S = layout.sectionAddress.get(sym.sectionIndex)! + sym.value;
        if (!symbolName) symbolName = elf.sections[sym.sectionIndex].name;
      }
      return { rel, symbolName, P: base + rel.offset, S, A: rel.addend };
    });
}

export function patchSection(
  elf: ElfObject, layout: Layout, sectionIndex: number, relocate: Relocate, slots: LinkerSlots,
): Uint8Array {
  const code = new Uint8Array(elf.sections[sectionIndex].data);
  for (const r of resolveRelocations(elf, layout, sectionIndex)) {
    relocate(code, r.rel.offset, r.rel.type, r.P, r.S, r.A, slots);
  }
  return code;
}

/**
 * Slots that are lld's own: the GOT entry lld allocated for a target, and the
 * range-extension thunk lld built for it. Asking for one lld did not make means
 * the patcher went indirect where lld went direct.
 */
export class LldSlots implements LinkerSlots {
  gotUses = 0;
  trampolineUses = 0;
  constructor(private readonly image: LinkedImage) {}

  /** lld's GOT, slot address -> what it holds (for the capstone checks). */
  get got(): Map<number, number> {
    const out = new Map<number, number>();
    const got = this.image.sections.get('.got');
    if (got) for (let at = 0; at + 8 <= got.data.length; at += 8) out.set(got.addr + at, Number(this.image.read64(got.addr + at)));
    return out;
  }

  /** lld's thunks, address -> target. */
  get trampolines(): Map<number, number> {
    const out = new Map<number, number>();
    for (const [name, addr] of this.image.symbols) if (name.startsWith('__AArch64AbsLongThunk_')) out.set(addr, Number(this.image.read64(addr + 8)));
    return out;
  }

  gotSlot(target: number): number {
    this.gotUses++;
    const got = this.image.sections.get('.got');
    if (got) {
      for (let at = 0; at + 8 <= got.data.length; at += 8) {
        if (this.image.read64(got.addr + at) === target) return got.addr + at;
      }
    }
    throw new Error(`lld has no GOT slot holding 0x${target.toString(16)}`);
  }

  trampoline(target: number): number {
    this.trampolineUses++;
    for (const [name, addr] of this.image.symbols) {
      if (name.startsWith('__AArch64AbsLongThunk_') && this.image.read64(addr + 8) === target) return addr;
    }
    throw new Error(`lld has no thunk to 0x${target.toString(16)}`);
  }
}

/** Slots allocated by the test itself, recording what each one holds. */
export class RecordingSlots implements LinkerSlots {
  readonly got = new Map<number, number>();
  readonly trampolines = new Map<number, number>();
  private readonly gotByTarget = new Map<number, number>();
  private readonly trampolineByTarget = new Map<number, number>();
  constructor(private readonly gotBase: number, private readonly trampolineBase: number) {}

  gotSlot(target: number): number {
    let slot = this.gotByTarget.get(target);
    if (slot === undefined) {
      slot = this.gotBase + 8 * this.got.size;
      this.got.set(slot, target);
      this.gotByTarget.set(target, slot);
    }
    return slot;
  }

  trampoline(target: number): number {
    let t = this.trampolineByTarget.get(target);
    if (t === undefined) {
      t = this.trampolineBase + 16 * this.trampolines.size;
      this.trampolines.set(t, target);
      this.trampolineByTarget.set(target, t);
    }
    return t;
  }
}
