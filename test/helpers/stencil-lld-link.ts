// Test support for linking the generator's real stencil objects with ld.lld-19
// at chosen addresses: every input section goes where the stencil builder puts
// it in the stencil (code at CODE_BASE + its offset in the stencil code, read-only
// data at DATA_BASE + its offset in the stencil data), lld's GOT at GOT_BASE, and
// every extern (`_JIT_*` targets, operands, support and libm functions) at an
// address of the test's choosing.
//
// lld quirks this works around (see test/helpers/lld-link.ts):
// - lld relaxes a GOT load only for a symbol that is not absolute, so externs
//   that stand for addresses are defined inside placeholder NOLOAD sections.
//   Operands that are not addresses at all (full 64-bit words) are absolute
//   symbols: lld then keeps them in its GOT, which is where we want them.
// - lld checks that a relaxed x86_64 reference reaches only when some section
//   lies beyond 2 GiB; the `far` placeholder below (and the operand placeholders)
//   make sure one does.
// - `-O0` keeps lld from merging SHF_MERGE constants, which would move them.
// - Every output section has its own AT(), hence its own PT_LOAD: otherwise a
//   placeholder at address 3 (an oparg) and code at 256 MiB share a segment and
//   lld writes a 256 MiB file.
import { readLinkedElf } from './lld-link.ts';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EM_AARCH64, EM_X86_64, type ElfObject } from '../../generator/elf-reader.ts';

const run = promisify(execFile);

/** Where the stencil's code starts (buf[0] of our own image lives here too). */
export const CODE_BASE = 0x1000_0000;
/** lld's .got, and the slot area of our SlotAllocator (past the support library, ~180 KB of code). */
export const GOT_BASE = CODE_BASE + 0x6_0000;
/** Our code image (code, trampolines, slots) covers [CODE_BASE, CODE_BASE + CODE_IMAGE_SIZE). */
export const CODE_IMAGE_SIZE = 0x7_0000;
/**
 * The stencil's read-only data, 4 MiB from the code: within ±1 MiB lld turns
 * `adrp xN, sym; add xN, xN, :lo12:sym` into `nop; adr xN, sym`, which the
 * patcher does not do (patch-aarch64.ts); out of that range both write the pair.
 */
export const DATA_BASE = CODE_BASE + 0x40_0000;
export const DATA_IMAGE_SIZE = 0x1_0000;

/** Trace targets, all within branch range of the code (±128 MiB). */
export const JIT_TARGETS = {
  _JIT_CONTINUE: CODE_BASE + 0x8_0000,
  _JIT_JUMP_TARGET: CODE_BASE + 0x8_1000,
  _JIT_EXIT: CODE_BASE + 0x8_2000,
  /** Behind the code, so backward displacements are exercised too. */
  _JIT_TOP: CODE_BASE - 0x1_0000,
} as const;

export type LayoutName = 'near' | 'mid' | 'far';

export interface Operands {
  operand0: bigint;
  operand1: bigint;
  oparg: number;
  /** Operands are addresses (placeholder sections) rather than arbitrary words (absolute symbols). */
  asAddresses: boolean;
}

export interface LayoutSpec {
  name: LayoutName;
  /** Where external functions (support_*, libm) live. */
  externBase: number;
  operands: Operands;
  what: string;
}

/** Address of a host function that a uop calls through its operand (CALL_HOST_*): in the extern area. */
export const HOST_FUNCTION_OFFSET = 0x8000;

export const LAYOUTS: readonly LayoutSpec[] = [
  {
    name: 'near',
    externBase: CODE_BASE + 0x100_0000, // 16 MiB: direct calls everywhere
    operands: { operand0: 0x1234_5678_9abcn, operand1: 0x2345_6789_abc0n, oparg: 3, asAddresses: true },
    what: 'externs 16 MiB away, operands 47-bit pointers, oparg 3',
  },
  {
    name: 'mid',
    externBase: 0x7000_0000, // 1.5 GiB: x86_64 rel32 still reaches, aarch64 B/BL needs a thunk
    // Not 2^31-1: its 10-bit fields (A10, B10) would be equal words, which our constant
    // slots share and lld's GOT does not; every field of 2^31-2 differs.
    operands: { operand0: 0x2an, operand1: 0x7fff_fff0n, oparg: 0x7fff_fffe, asAddresses: true },
    what: 'externs 1.5 GiB away, small operands, oparg 2^31-2',
  },
  {
    name: 'far',
    externBase: 0x7f00_0000_0000, // 127 TiB: out of every 32-bit range
    operands: { operand0: 0xfff9_0000_0000_002an, operand1: 0xffff_ffff_ffff_fffen, oparg: 0x1234, asAddresses: false },
    what: 'externs 127 TiB away, operands full 64-bit words (NaN-box, -2), oparg 0x1234',
  },
];

/** One allocated input section and where the stencil (and the links) put it. */
export interface PlacedSection {
  object: number;
  index: number;
  name: string;
  place: 'code' | 'data';
  /** Offset in the stencil's code or data. */
  offset: number;
  size: number;
  address: number;
  /** Output section name in the link (unique). */
  outName: string;
}

const IGNORED_SECTION = /^(\.comment|\.note.*|\.llvm_addrsig|\.symtab|\.strtab|\.shstrtab|\.rela.*|\.group|)$/;
const align = (n: number, a: number) => (a > 1 ? Math.ceil(n / a) * a : n);

/** The stencil builder's placement of the objects' sections (generator/stencil-builder.ts), recomputed. */
export function placeSections(objects: readonly ElfObject[]): PlacedSection[] {
  const placed: PlacedSection[] = [];
  let code = 0;
  let data = 0;
  objects.forEach((elf, object) => {
    for (const s of elf.sections) {
      if (s.index === 0 || IGNORED_SECTION.test(s.name) || !s.flags.alloc || s.size === 0) continue;
      const outName = `.o${object}s${s.index}`;
      if (s.flags.execinstr) {
        const offset = align(code, elf.machine === EM_AARCH64 ? 4 : 1);
        code = offset + s.size;
        placed.push({ object, index: s.index, name: s.name, place: 'code', offset, size: s.size, address: CODE_BASE + offset, outName });
      } else {
        const offset = align(data, s.align);
        data = offset + s.size;
        placed.push({ object, index: s.index, name: s.name, place: 'data', offset, size: s.size, address: DATA_BASE + offset, outName });
      }
    }
  });
  if (code > GOT_BASE - CODE_BASE - 0x1000 || data > DATA_IMAGE_SIZE) throw new Error(`stencil too big for the test layout: ${code} code bytes, ${data} data bytes`);
  return placed;
}

export interface LinkInput {
  /** Label for file names and messages. */
  name: string;
  machine: number;
  objects: readonly Uint8Array[];
  /** Undefined symbols of the objects and their addresses or values. */
  externs: ReadonlyMap<string, bigint>;
  /** Which externs are plain values (absolute symbols) rather than addresses. */
  absolute: ReadonlySet<string>;
}

export interface LinkedSection {
  name: string;
  addr: number;
  data: Uint8Array;
}

export interface LinkedImage {
  sections: Map<string, LinkedSection>;
  symbols: Map<string, number>;
  /** The bytes at [addr, addr + size) if one section holds them all. */
  bytes(addr: number, size: number): Uint8Array | undefined;
  read64(addr: number): bigint | undefined;
}

const quote = (s: string) => `"${s}"`;
const hex = (v: number | bigint) => `0x${v.toString(16)}`;

/** The linker script for `input` laid out as `placed`. */
export function linkerScript(input: LinkInput, placed: readonly PlacedSection[], files: readonly string[]): string {
  const regions: Array<[bigint, string]> = [];
  const code = placed.filter((p) => p.place === 'code');
  if (input.machine === EM_AARCH64 && code.length > 1) {
    // One input section description for all the code, so that lld puts its
    // thunks after the last piece (as our trampolines go after all the code),
    // not between two objects' text. SUBALIGN: the builder aligns code to 4 on
    // aarch64 and not at all on x86_64, whatever the section asks for.
    const names = [...new Set(code.map((p) => quote(p.name)))].join(' ');
    regions.push([BigInt(code[0].address), `.code ${hex(code[0].address)} : AT(${hex(code[0].address)}) SUBALIGN(4) { *(${names}) }`]);
  }
  for (const p of placed) {
    if (p.place === 'code' && input.machine === EM_AARCH64 && code.length > 1) continue;
    const file = files[p.object].split('/').pop()!;
    // Unquoted: lld takes a quoted file pattern literally.
    const subalign = p.place === 'code' ? ` SUBALIGN(${input.machine === EM_AARCH64 ? 4 : 1})` : '';
    regions.push([BigInt(p.address), `${p.outName} ${hex(p.address)} : AT(${hex(p.address)})${subalign} { */${file}(${quote(p.name)}) }`]);
  }
  regions.push([BigInt(GOT_BASE), `.got ${hex(GOT_BASE)} : AT(${hex(GOT_BASE)}) { *(.got) }`]);
  // One placeholder section per address (symbols at the same address share it).
  const byAddress = new Map<bigint, string[]>();
  const absolute: string[] = [];
  for (const [name, v] of [...input.externs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (input.absolute.has(name)) absolute.push(`${name} = ${hex(BigInt.asUintN(64, v))};`);
    else byAddress.set(v, [...(byAddress.get(v) ?? []), name]);
  }
  let i = 0;
  for (const [addr, names] of byAddress) {
    regions.push([addr, `.ph${i++} ${hex(addr)} (NOLOAD) : AT(${hex(addr)}) { ${names.map((n) => `${n} = .;`).join(' ')} . += 1; }`]);
  }
  regions.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return ['SECTIONS {', ...regions.map(([, line]) => `  ${line}`), '}', ...absolute, ''].join('\n');
}

/** Links `input` with ld.lld-19 (static, no PIE, -O0) in `dir`. */
export async function linkStencil(input: LinkInput, placed: readonly PlacedSection[], dir: string): Promise<LinkedImage> {
  const files = input.objects.map((o, k) => {
    const f = join(dir, `${input.name}.${k}.o`);
    writeFileSync(f, o);
    return f;
  });
  const script = join(dir, `${input.name}.lds`);
  writeFileSync(script, linkerScript(input, placed, files));
  const out = join(dir, `${input.name}.elf`);
  const emulation = input.machine === EM_X86_64 ? 'elf_x86_64' : 'aarch64linux';
  await run('ld.lld-19', ['-m', emulation, '-static', '-no-pie', '-O0', '-e', '0', '-T', script, ...files, '-o', out]);
  return readLinked(new Uint8Array(readFileSync(out)));
}

function readLinked(file: Uint8Array): LinkedImage {
  const { sections, symbols } = readLinkedElf(file);
  const bytes = (addr: number, size: number) => {
    if (size === 0) return new Uint8Array(0);
    for (const s of sections.values()) {
      if (s.addr !== 0 && addr >= s.addr && addr + size <= s.addr + s.data.length) return s.data.subarray(addr - s.addr, addr - s.addr + size);
    }
    return undefined;
  };
  const read64 = (addr: number) => {
    const b = bytes(addr, 8);
    return b ? new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true) : undefined;
  };
  return { sections, symbols, bytes, read64 };
}
