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
