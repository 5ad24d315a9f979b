// One encoder per instruction field: the only code that knows where a field's
// bits go and what range it has. The generic patchers, the fast path, direct
// jumps between traces and the aarch64 trampolines all write through these.
// Encoders assume the value fits (the fits* predicates say whether it does)
// and allocate nothing.
import { read32, write16, write32, write64 } from './byte-access.ts';

// ---- ranges ----

export const fitsInt32 = (v: number): boolean => v >= -0x8000_0000 && v <= 0x7fff_ffff;
export const fitsUint32 = (v: number): boolean => v >= 0 && v < 0x1_0000_0000;
/** A signed or unsigned field of `bits` bits (lld's checkIntUInt). */
export const fitsIntOrUint = (v: number, bits: number): boolean => v >= -(2 ** (bits - 1)) && v < 2 ** bits;
/** A signed field of `bits` bits. */
export const fitsSigned = (v: number, bits: number): boolean => v >= -(2 ** (bits - 1)) && v < 2 ** (bits - 1);

/** aarch64 branch and literal offsets: 4-byte aligned, imm of `bits` bits scaled by 4 (±2^(bits+1) bytes). */
export const fitsA64Branch = (delta: number, bits: 26 | 19 | 14): boolean => (delta & 3) === 0 && delta >= -(2 ** (bits + 1)) && delta < 2 ** (bits + 1);
/** ADRP: the page delta within ±4 GiB. */
export const fitsAdrpPages = (pageDelta: number): boolean => pageDelta >= -0x1_0000_0000 && pageDelta < 0x1_0000_0000;
/** ADR: within ±1 MiB. */
export const fitsAdr = (delta: number): boolean => delta >= -0x10_0000 && delta < 0x10_0000;

export const page = (x: number): number => x - (((x % 4096) + 4096) % 4096);

// ---- plain data fields (both targets, little-endian) ----

export { write16 as encodeData16, write32 as encodeData32, write64 as encodeData64 };

export function encodeData8(code: Uint8Array, at: number, v: number): void {
  code[at] = v & 0xff;
}

/** A 64-bit word given as two u32 halves (operands need not fit a JS number). */
export function encodeWord64(code: Uint8Array, at: number, lo: number, hi: number): void {
  write32(code, at, lo);
  write32(code, at + 4, hi);
}

// ---- x86_64 ----

/** A rel32 (or imm32/disp32) field. */
export const encodeX86Imm32 = write32;

// ---- aarch64 ----

/** Replaces the bits of `mask` in the instruction at `at` with `bits`. */
function writeMasked(code: Uint8Array, at: number, bits: number, mask: number): void {
  write32(code, at, ((read32(code, at) & ~mask) | (bits & mask)) >>> 0);
}

/** B/BL imm26 (bits 0-25) from a byte offset. */
export function encodeImm26(code: Uint8Array, at: number, delta: number): void {
  writeMasked(code, at, (delta / 4) & 0x03ffffff, 0x03ffffff);
}

/** B.cond/CBZ/LDR-literal imm19 (bits 5-23) from a byte offset. */
export function encodeImm19(code: Uint8Array, at: number, delta: number): void {
  writeMasked(code, at, ((delta / 4) & 0x7ffff) << 5, 0x00ffffe0);
}

/** TBZ/TBNZ imm14 (bits 5-18) from a byte offset. */
export function encodeImm14(code: Uint8Array, at: number, delta: number): void {
  writeMasked(code, at, ((delta / 4) & 0x3fff) << 5, 0x0007ffe0);
}

/** ADR/ADRP's 21-bit immediate: immlo in bits 29-30, immhi in bits 5-23 (ADRP: in pages). */
export function encodeAdr21(code: Uint8Array, at: number, imm: number): void {
  writeMasked(code, at, ((imm & 0x3) << 29) | ((imm & 0x1ffffc) << 3), 0x60ffffe0);
}

/** The unsigned 12-bit immediate of ADD/LDR/STR (bits 10-21): the low 12 bits of `value`, scaled by 2^scale. */
export function encodeLo12(code: Uint8Array, at: number, value: number, scale: number): void {
  writeMasked(code, at, ((value & 0xfff) >> scale) << 10, 0x003ffc00);
}

/** Whether the low 12 bits of `value` are aligned for an access of 2^scale bytes. */
export const lo12Aligned = (value: number, scale: number): boolean => ((value & 0xfff) & ((1 << scale) - 1)) === 0;

/** MOVZ/MOVK's 16-bit immediate (bits 5-20). */
export function encodeMovw16(code: Uint8Array, at: number, chunk: number): void {
  writeMasked(code, at, (chunk & 0xffff) << 5, 0x001fffe0);
}

/**
 * A 16-bit group of a signed value into MOVZ/MOVN/MOVK: a MOVZ or MOVN becomes
 * MOVN with the inverted group when the value is negative, as lld does. `group`
 * is floor(v / 2^shift) (any integer).
 */
export function encodeMovwSigned(code: Uint8Array, at: number, group: number): void {
  let insn = read32(code, at) & ~0x001fffe0;
  let imm = group;
  if ((insn & (1 << 29)) === 0) {
    // MOVN (opc 00) or MOVZ (opc 10): pick by the sign bit of the group.
    if (imm & 0x10000) {
      imm = ~imm;
      insn &= ~(1 << 30);
    } else {
      insn |= 1 << 30;
    }
  }
  write32(code, at, (insn | ((imm & 0xffff) << 5)) >>> 0);
}

/** `b` to a byte offset (a linked exit; the caller checked fitsA64Branch). */
export function encodeA64Branch(code: Uint8Array, at: number, delta: number): void {
  write32(code, at, 0x14000000);
  encodeImm26(code, at, delta);
}

/** `jmp rel32` to a byte offset from the end of the 5-byte instruction (a linked exit). */
export function encodeX86Jump(code: Uint8Array, at: number, rel: number): void {
  code[at] = 0xe9;
  encodeX86Imm32(code, at + 1, rel);
}

// ---- aarch64: a GOT pair rewritten into the value itself ----

const A64_MOVZ_X = 0xd2800000;
const A64_MOVN_X = 0x92800000;
const A64_MOVK_X = 0xf2800000;
export const A64_NOP = 0xd503201f;
const A64_ADR = 0x10000000;

/** 16-bit group g (0-3) of the 64-bit word hi:lo. */
const group = (lo: number, hi: number, g: number): number => (g < 2 ? lo >>> (16 * g) : hi >>> (16 * (g - 2))) & 0xffff;

/**
 * How the 64-bit word hi:lo fits two MOV-wide instructions, CPython's
 * `movz; nop` / `movz; movk` generalised to any groups and to MOVN: at most two
 * 16-bit groups differ from 0 (MOVZ of the first, MOVK of the second) or from
 * 0xffff (MOVN of the first, MOVK of the second). Returns -1 when it does not
 * fit, else (movn << 8) | (first << 4) | second, second = 0xf for none (NOP).
 */
export function a64MovPairPlan(lo: number, hi: number): number {
  for (let fill = 0; fill < 2; fill++) {
    const background = fill === 0 ? 0 : 0xffff;
    let first = -1;
    let second = -1;
    let count = 0;
    for (let g = 0; g < 4; g++) {
      if (group(lo, hi, g) === background) continue;
      count++;
      if (first < 0) first = g;
      else second = g;
    }
    if (count <= 2) return (fill << 8) | ((first < 0 ? 0 : first) << 4) | (second < 0 ? 0xf : second);
  }
  return -1;
}

/** The first instruction of such a pair into xReg: MOVZ or MOVN of its first group (plan from a64MovPairPlan). */
export function encodeA64MovPairFirst(code: Uint8Array, at: number, plan: number, lo: number, hi: number, reg: number): void {
  const movn = plan >> 8;
  const g = (plan >> 4) & 0xf;
  const imm = movn ? ~group(lo, hi, g) & 0xffff : group(lo, hi, g);
  write32(code, at, ((movn ? A64_MOVN_X : A64_MOVZ_X) | (g << 21) | (imm << 5) | reg) >>> 0);
}

/** The second: MOVK of its second group, or NOP. */
export function encodeA64MovPairSecond(code: Uint8Array, at: number, plan: number, lo: number, hi: number, reg: number): void {
  const g = plan & 0xf;
  write32(code, at, g === 0xf ? A64_NOP : (A64_MOVK_X | (g << 21) | (group(lo, hi, g) << 5) | reg) >>> 0);
}

/** `adr xReg, .+delta` (the caller checked fitsAdr). */
export function encodeA64Adr(code: Uint8Array, at: number, delta: number, reg: number): void {
  write32(code, at, (A64_ADR | reg) >>> 0);
  encodeAdr21(code, at, delta);
}
