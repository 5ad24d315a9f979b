// Applies one aarch64 ELF relocation to a byte array, the way ld.lld does for a
// static, non-PIE link. Addresses are plain numbers (user space fits in 47
// bits); the hot path allocates nothing.
//
// Notation (AAELF64): S = symbol address or value, A = addend, P = address of
// the place, X = S + A, Page(x) = x & ~0xfff, GOT(X) = a GOT slot holding X.
//
// Branches: CALL26/JUMP26 out of ±128 MiB go through slots.trampoline(X) (lld's
// range-extension thunk, which in a -no-pie link is the same
// `ldr x16, .+8; br x16; .quad X`). CONDBR19/TSTBR14 out of range also try the
// trampoline (lld has no thunks for them and fails the link); they throw if the
// trampoline is out of reach too.
//
// GOT pairs (`adrp xN, :got:S` R_AARCH64_ADR_GOT_PAGE + `ldr xN, [xN, :got_lo12:S]`
// R_AARCH64_LD64_GOT_LO12_NC). ld.lld relaxes a pair to `adrp xN, S; add xN, xN,
// :lo12:S` only when the two instructions are adjacent (ldr at adrp+4), use the
// same register as destination and base, and Page(X) - Page(P_adrp) fits the ±4 GiB
// ADRP range; otherwise both go through the GOT. Clang usually schedules other
// instructions between the two, so most real pairs are not relaxed by lld either.
// Each relocation here decides from the same facts without shared state: the
// ADRP looks at the instruction after it (still the LDR, or already the ADD if the
// LDR was patched first), the LDR looks at the ADRP before it (an ADRP either way),
// and both measure the range from the ADRP's address. So the pair is always
// patched consistently, in either order. Unlike lld, a non-zero addend does not
// prevent the relaxation: X = S + A is what the GOT slot would hold.
// Not done (lld does it): `adrp; add` -> `nop; adr` when X is within ±1 MiB.
import { read32, write32, write64 } from './byte-access.ts';
import type { LinkerSlots } from './linker-slots.ts';
import {
  EM_AARCH64,
  R_AARCH64_ABS16,
  R_AARCH64_ABS32,
  R_AARCH64_ABS64,
  R_AARCH64_ADD_ABS_LO12_NC,
  R_AARCH64_ADR_GOT_PAGE,
  R_AARCH64_ADR_PREL_LO21,
  R_AARCH64_ADR_PREL_PG_HI21,
  R_AARCH64_ADR_PREL_PG_HI21_NC,
  R_AARCH64_CALL26,
  R_AARCH64_CONDBR19,
  R_AARCH64_GOT_LD_PREL19,
  R_AARCH64_JUMP26,
  R_AARCH64_LD64_GOT_LO12_NC,
  R_AARCH64_LD_PREL_LO19,
  R_AARCH64_LDST128_ABS_LO12_NC,
  R_AARCH64_LDST16_ABS_LO12_NC,
  R_AARCH64_LDST32_ABS_LO12_NC,
  R_AARCH64_LDST64_ABS_LO12_NC,
  R_AARCH64_LDST8_ABS_LO12_NC,
  R_AARCH64_MOVW_PREL_G0,
  R_AARCH64_MOVW_PREL_G0_NC,
  R_AARCH64_MOVW_PREL_G1,
  R_AARCH64_MOVW_PREL_G1_NC,
  R_AARCH64_MOVW_PREL_G2,
  R_AARCH64_MOVW_PREL_G2_NC,
  R_AARCH64_MOVW_PREL_G3,
  R_AARCH64_MOVW_SABS_G0,
  R_AARCH64_MOVW_SABS_G1,
  R_AARCH64_MOVW_SABS_G2,
  R_AARCH64_MOVW_UABS_G0,
  R_AARCH64_MOVW_UABS_G0_NC,
  R_AARCH64_MOVW_UABS_G1,
  R_AARCH64_MOVW_UABS_G1_NC,
  R_AARCH64_MOVW_UABS_G2,
  R_AARCH64_MOVW_UABS_G2_NC,
  R_AARCH64_MOVW_UABS_G3,
  R_AARCH64_NONE,
  R_AARCH64_PLT32,
  R_AARCH64_PREL16,
  R_AARCH64_PREL32,
  R_AARCH64_PREL64,
  R_AARCH64_TSTBR14,
  relocationName,
} from '../../format/relocations.ts';

const ADRP_RANGE = 0x1_0000_0000; // Page(X) - Page(P) in [-4 GiB, 4 GiB)

function hex(v: number): string {
  return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

function outOfRange(type: number, offset: number, value: number, field: string, P: number, S: number, A: number): never {
  throw new Error(
    `${relocationName(EM_AARCH64, type)} at offset ${hex(offset)}: value ${hex(value)} does not fit ${field} ` +
      `(S=${hex(S)}, A=${A}, P=${hex(P)})`,
  );
}

function fail(type: number, offset: number, what: string): never {
  throw new Error(`${relocationName(EM_AARCH64, type)} at offset ${hex(offset)}: ${what}`);
}

/** Replaces the bits of `mask` in the instruction at `at` with `bits`. */
function writeMasked(code: Uint8Array, at: number, bits: number, mask: number): void {
  write32(code, at, ((read32(code, at) & ~mask) | (bits & mask)) >>> 0);
}

const page = (x: number) => x - (((x % 4096) + 4096) % 4096);

/** Bits [shift, shift+16) of v as a 64-bit two's complement number (shift ≤ 48). */
const chunk16 = (v: number, shift: number) => Math.floor(v / 2 ** shift) & 0xffff;

// --- instruction shapes ---

const isAdrp = (insn: number) => (insn & 0x9f000000) >>> 0 === 0x90000000;
/** LDR Xt, [Xn, #imm12*8] */
const isLdr64Imm = (insn: number) => (insn & 0xffc00000) >>> 0 === 0xf9400000;
/** ADD Xd, Xn, #imm12 (no shift) */
const isAdd64Imm = (insn: number) => (insn & 0xffc00000) >>> 0 === 0x91000000;

// --- one function per patch kind ---

function patchData(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, bytes: number, pcrel: boolean): void {
  const v = pcrel ? S + A - P : S + A;
  if (bytes === 8) return write64(code, offset, v);
  const bits = bytes * 8;
  const half = 2 ** (bits - 1);
  // lld's checkIntUInt: the value must fit as a signed or as an unsigned field.
  if (v < -half || v >= 2 * half) outOfRange(type, offset, v, `a ${bits}-bit field`, P, S, A);
  if (bytes === 4) write32(code, offset, v);
  else {
    code[offset] = v & 0xff;
    code[offset + 1] = (v >>> 8) & 0xff;
  }
}

function patchPlt32(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number): void {
  const v = S + A - P;
  if (v < -0x8000_0000 || v > 0x7fff_ffff) outOfRange(type, offset, v, 'a signed 32-bit field', P, S, A);
  write32(code, offset, v);
}

/** ADR/ADRP immediate: immlo in bits 29-30, immhi in bits 5-23. */
function writeAdrImm(code: Uint8Array, offset: number, imm: number): void {
  writeMasked(code, offset, ((imm & 0x3) << 29) | ((imm & 0x1ffffc) << 3), 0x60ffffe0);
}

function patchAdrPage(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, target: number, check: boolean): void {
  const v = page(target) - page(P);
  if (check && (v < -ADRP_RANGE || v >= ADRP_RANGE)) outOfRange(type, offset, v, 'the ±4 GiB ADRP range', P, S, A);
  writeAdrImm(code, offset, v / 4096);
}

function patchAdr(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number): void {
  const v = S + A - P;
  if (v < -0x10_0000 || v >= 0x10_0000) outOfRange(type, offset, v, 'the ±1 MiB ADR range', P, S, A);
  writeAdrImm(code, offset, v);
}

/** The unsigned 12-bit immediate of ADD/LDR/STR (bits 10-21), scaled by the access size. */
function patchLo12(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, value: number, scale: number): void {
  const lo = value & 0xfff;
  if (lo & ((1 << scale) - 1)) outOfRange(type, offset, value, `a ${1 << scale}-byte aligned offset`, P, S, A);
  writeMasked(code, offset, (lo >> scale) << 10, 0x003ffc00);
}

/** B/BL (imm26), B.cond/CBZ/LDR literal (imm19), TBZ (imm14), with the trampoline fallback for branches. */
function patchBranch(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, bits: number, slots: LinkerSlots | null): void {
  const range = 2 ** (bits + 1); // ± in bytes
  let v = S + A - P;
  if (v & 3) outOfRange(type, offset, v, 'a 4-byte aligned branch or literal offset', P, S, A);
  if (v < -range || v >= range) {
    if (slots === null) outOfRange(type, offset, v, `the ±${range} byte range`, P, S, A);
    v = slots.trampoline(S + A) - P;
    if (v < -range || v >= range) outOfRange(type, offset, v, `the ±${range} byte range even through the trampoline`, P, S, A);
  }
  const field = (1 << bits) - 1;
  const imm = (v / 4) & field;
  if (bits === 26) writeMasked(code, offset, imm, 0x03ffffff);
  else if (bits === 19) writeMasked(code, offset, imm << 5, 0x00ffffe0);
  else writeMasked(code, offset, imm << 5, 0x0007ffe0);
}

/** MOVZ/MOVK with an unsigned absolute value (MOVW_UABS_Gn[_NC]). */
function patchMovwUnsigned(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, shift: number, check: boolean): void {
  const v = S + A;
  if (check && (v < 0 || v >= 2 ** (shift + 16))) outOfRange(type, offset, v, `an unsigned ${shift + 16}-bit value`, P, S, A);
  writeMasked(code, offset, chunk16(v, shift) << 5, 0x001fffe0);
}

/**
 * MOVZ/MOVN/MOVK with a signed value (MOVW_SABS_Gn, MOVW_PREL_Gn[_NC]): a MOVZ or
 * MOVN becomes MOVN with the inverted chunk when the value is negative, as lld does.
 */
function patchMovwSigned(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, shift: number, pcrel: boolean, check: boolean): void {
  const v = pcrel ? S + A - P : S + A;
  const limit = 2 ** (shift + 16);
  if (check && (v < -limit || v >= limit)) outOfRange(type, offset, v, `a signed ${shift + 17}-bit value`, P, S, A);
  let insn = read32(code, offset) & ~0x001fffe0;
  let imm = Math.floor(v / 2 ** shift);
  if ((insn & (1 << 29)) === 0) {
    // MOVN (opc 00) or MOVZ (opc 10): pick by the sign bit of the chunk.
    if (imm & 0x10000) {
      imm = ~imm;
      insn &= ~(1 << 30);
    } else {
      insn |= 1 << 30;
    }
  }
  write32(code, offset, (insn | ((imm & 0xffff) << 5)) >>> 0);
}

/** Does the ADRP at `adrpAt` form a relaxable GOT pair with the instruction after it? */
function gotPairRelaxable(code: Uint8Array, adrpAt: number, target: number, P_adrp: number): boolean {
  if (adrpAt < 0 || adrpAt + 8 > code.length) return false;
  const adrp = read32(code, adrpAt);
  const next = read32(code, adrpAt + 4);
  if (!isAdrp(adrp)) return false;
  const reg = adrp & 0x1f;
  if (!(isLdr64Imm(next) || isAdd64Imm(next)) || (next & 0x1f) !== reg || ((next >>> 5) & 0x1f) !== reg) return false;
  const v = page(target) - page(P_adrp);
  return v >= -ADRP_RANGE && v < ADRP_RANGE;
}

function patchGotPage(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  const target = S + A;
  if (gotPairRelaxable(code, offset, target, P)) return patchAdrPage(code, offset, type, P, S, A, target, true);
  patchAdrPage(code, offset, type, P, S, A, slots.gotSlot(target), true);
}

function patchGotLo12(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  const target = S + A;
  const insn = read32(code, offset);
  if (!isLdr64Imm(insn)) fail(type, offset, `expected LDR Xt, [Xn, #imm], found 0x${insn.toString(16)}`);
  if (gotPairRelaxable(code, offset - 4, target, P - 4)) {
    const reg = insn & 0x1f;
    write32(code, offset, (0x91000000 | reg | (reg << 5)) >>> 0); // ldr xN, [xN, :got_lo12:S] -> add xN, xN, :lo12:S
    return patchLo12(code, offset, type, P, S, A, target, 0);
  }
  patchLo12(code, offset, type, P, S, A, slots.gotSlot(target), 3);
}

function patchGotLiteral(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  patchBranch(code, offset, type, P, slots.gotSlot(S + A), 0, 19, null);
}

/**
 * Applies one relocation of `type` at `code[offset]`. P is the runtime address of
 * the place, S the symbol's address or value, A the addend. Throws on overflow
 * and on unsupported types; never truncates.
 */
export function relocate(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  if (type !== R_AARCH64_NONE && (offset < 0 || offset + (type === R_AARCH64_ABS64 || type === R_AARCH64_PREL64 ? 8 : type === R_AARCH64_ABS16 || type === R_AARCH64_PREL16 ? 2 : 4) > code.length)) {
    fail(type, offset, `place is outside the ${code.length}-byte section`);
  }
  switch (type) {
    case R_AARCH64_NONE:
      return;
    case R_AARCH64_ABS64:
      return patchData(code, offset, type, P, S, A, 8, false);
    case R_AARCH64_ABS32:
      return patchData(code, offset, type, P, S, A, 4, false);
    case R_AARCH64_ABS16:
      return patchData(code, offset, type, P, S, A, 2, false);
    case R_AARCH64_PREL64:
      return patchData(code, offset, type, P, S, A, 8, true);
    case R_AARCH64_PREL32:
      return patchData(code, offset, type, P, S, A, 4, true);
    case R_AARCH64_PREL16:
      return patchData(code, offset, type, P, S, A, 2, true);
    case R_AARCH64_PLT32:
      return patchPlt32(code, offset, type, P, S, A);
    case R_AARCH64_ADR_PREL_PG_HI21:
      return patchAdrPage(code, offset, type, P, S, A, S + A, true);
    case R_AARCH64_ADR_PREL_PG_HI21_NC:
      return patchAdrPage(code, offset, type, P, S, A, S + A, false);
    case R_AARCH64_ADR_PREL_LO21:
      return patchAdr(code, offset, type, P, S, A);
    case R_AARCH64_ADD_ABS_LO12_NC:
    case R_AARCH64_LDST8_ABS_LO12_NC:
      return patchLo12(code, offset, type, P, S, A, S + A, 0);
    case R_AARCH64_LDST16_ABS_LO12_NC:
      return patchLo12(code, offset, type, P, S, A, S + A, 1);
    case R_AARCH64_LDST32_ABS_LO12_NC:
      return patchLo12(code, offset, type, P, S, A, S + A, 2);
    case R_AARCH64_LDST64_ABS_LO12_NC:
      return patchLo12(code, offset, type, P, S, A, S + A, 3);
    case R_AARCH64_LDST128_ABS_LO12_NC:
      return patchLo12(code, offset, type, P, S, A, S + A, 4);
    case R_AARCH64_CALL26:
    case R_AARCH64_JUMP26:
      return patchBranch(code, offset, type, P, S, A, 26, slots);
    case R_AARCH64_CONDBR19:
      return patchBranch(code, offset, type, P, S, A, 19, slots);
    case R_AARCH64_LD_PREL_LO19:
      return patchBranch(code, offset, type, P, S, A, 19, null);
    case R_AARCH64_TSTBR14:
      return patchBranch(code, offset, type, P, S, A, 14, slots);
    case R_AARCH64_MOVW_UABS_G0:
      return patchMovwUnsigned(code, offset, type, P, S, A, 0, true);
    case R_AARCH64_MOVW_UABS_G0_NC:
      return patchMovwUnsigned(code, offset, type, P, S, A, 0, false);
    case R_AARCH64_MOVW_UABS_G1:
      return patchMovwUnsigned(code, offset, type, P, S, A, 16, true);
    case R_AARCH64_MOVW_UABS_G1_NC:
      return patchMovwUnsigned(code, offset, type, P, S, A, 16, false);
    case R_AARCH64_MOVW_UABS_G2:
      return patchMovwUnsigned(code, offset, type, P, S, A, 32, true);
    case R_AARCH64_MOVW_UABS_G2_NC:
      return patchMovwUnsigned(code, offset, type, P, S, A, 32, false);
    case R_AARCH64_MOVW_UABS_G3:
      return patchMovwUnsigned(code, offset, type, P, S, A, 48, false);
    case R_AARCH64_MOVW_SABS_G0:
      return patchMovwSigned(code, offset, type, P, S, A, 0, false, true);
    case R_AARCH64_MOVW_SABS_G1:
      return patchMovwSigned(code, offset, type, P, S, A, 16, false, true);
    case R_AARCH64_MOVW_SABS_G2:
      return patchMovwSigned(code, offset, type, P, S, A, 32, false, true);
    case R_AARCH64_MOVW_PREL_G0:
      return patchMovwSigned(code, offset, type, P, S, A, 0, true, true);
    case R_AARCH64_MOVW_PREL_G0_NC:
      return patchMovwSigned(code, offset, type, P, S, A, 0, true, false);
    case R_AARCH64_MOVW_PREL_G1:
      return patchMovwSigned(code, offset, type, P, S, A, 16, true, true);
    case R_AARCH64_MOVW_PREL_G1_NC:
      return patchMovwSigned(code, offset, type, P, S, A, 16, true, false);
    case R_AARCH64_MOVW_PREL_G2:
      return patchMovwSigned(code, offset, type, P, S, A, 32, true, true);
    case R_AARCH64_MOVW_PREL_G2_NC:
      return patchMovwSigned(code, offset, type, P, S, A, 32, true, false);
    case R_AARCH64_MOVW_PREL_G3:
      return patchMovwSigned(code, offset, type, P, S, A, 48, true, false);
    case R_AARCH64_ADR_GOT_PAGE:
      return patchGotPage(code, offset, type, P, S, A, slots);
    case R_AARCH64_LD64_GOT_LO12_NC:
      return patchGotLo12(code, offset, type, P, S, A, slots);
    case R_AARCH64_GOT_LD_PREL19:
      return patchGotLiteral(code, offset, type, P, S, A, slots);
    default:
      fail(type, offset, 'unsupported relocation type for the aarch64 patcher');
  }
}
