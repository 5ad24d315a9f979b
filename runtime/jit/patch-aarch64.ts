// Applies one aarch64 patch kind (format/patch-kinds.ts) to a byte array, the
// way ld.lld does for a static, non-PIE link. Addresses are plain numbers
// (user space fits in 47 bits); the hot path allocates nothing.
//
// Notation (AAELF64): S = symbol address or value, A = addend, P = address of
// the place, X = S + A, Page(x) = x & ~0xfff, GOT(X) = a GOT slot holding X.
//
// Branches: B/BL out of ±128 MiB go through slots.trampoline(X) (lld's
// range-extension thunk, which in a -no-pie link is the same
// `ldr x16, .+8; br x16; .quad X`). B.cond/CBZ and TBZ out of range also try the
// trampoline (lld has no thunks for them and fails the link); they throw if the
// trampoline is out of reach too.
//
// GOT pairs (`adrp xN, :got:S` + `ldr xN, [xN, :got_lo12:S]`). ld.lld relaxes a
// pair to `adrp xN, S; add xN, xN, :lo12:S` only when the two instructions are
// adjacent (ldr at adrp+4), use the same register as destination and base, and
// Page(X) - Page(P_adrp) fits the ±4 GiB ADRP range; otherwise both go through
// the GOT. The generator makes most pairs adjacent (generator/got-pair-adjacency.ts)
// and marks the adjacent same-register ones (the _PAIRED kinds); at patch time
// each half decides from X and the ADRP's address alone (patchGotPairHalf), so
// the pair is always patched consistently, in either order, and goes further
// than lld, as CPython's JIT does: `movz/movn; movk|nop` when X has at most two
// 16-bit groups other than 0 (or 0xffff), `adr; nop` within ±1 MiB, `adrp; add`
// within ±4 GiB, else the slot. A non-zero addend does not prevent it: X = S + A
// is what the GOT slot would hold.
import { PatchKind, patchKindName } from '../../format/patch-kinds.ts';
import { write32 } from './byte-access.ts';
import {
  encodeAdr21, encodeData16, encodeData32, encodeData64, encodeImm14, encodeImm19, encodeImm26, encodeLo12, encodeMovw16,
  encodeMovwSigned, fitsA64Branch, fitsAdr, fitsAdrpPages, fitsInt32, fitsIntOrUint, lo12Aligned, page,
  A64_NOP, a64MovPairPlan, encodeA64Adr, encodeA64MovPairFirst, encodeA64MovPairSecond,
} from './field-encoders.ts';
import type { LinkerSlots } from './linker-slots.ts';
import { PatchError, describeValue, outsideSection } from './patch-errors.ts';

/** Bits [shift, shift+16) of v as a 64-bit two's complement number (shift ≤ 48). */
const group16 = (v: number, shift: number) => Math.floor(v / 2 ** shift) & 0xffff;

const LO12_SCALE: Partial<Record<PatchKind, number>> = {
  [PatchKind.A64_LO12]: 0, [PatchKind.A64_LO12_X2]: 1, [PatchKind.A64_LO12_X4]: 2, [PatchKind.A64_LO12_X8]: 3, [PatchKind.A64_LO12_X16]: 4,
};

/** The place being patched and what is patched into it, for the helpers and their messages. */
interface Place {
  code: Uint8Array;
  offset: number;
  kind: PatchKind;
  P: number;
  S: number;
  A: number;
  what: string | undefined;
}

/** One reusable Place: the patchers run one patch at a time and allocate nothing. */
const place: Place = { code: new Uint8Array(0), offset: 0, kind: PatchKind.A64_ABS64, P: 0, S: 0, A: 0, what: undefined };

function fail(p: Place, v: number, field: string): never {
  throw new PatchError(describeValue(p.what ?? patchKindName(p.kind), p.offset, v, field, p.P, p.S, p.A));
}

/** A data field of `bytes` bytes: lld's checkIntUInt for 16 and 32 bits. */
function data(p: Place, bytes: number, v: number): void {
  if (bytes === 8) return encodeData64(p.code, p.offset, v);
  if (!fitsIntOrUint(v, 8 * bytes)) fail(p, v, `a ${8 * bytes}-bit field`);
  if (bytes === 4) encodeData32(p.code, p.offset, v);
  else encodeData16(p.code, p.offset, v);
}

function adrp(p: Place, target: number, check: boolean): void {
  const v = page(target) - page(p.P);
  if (check && !fitsAdrpPages(v)) fail(p, v, 'the ±4 GiB ADRP range');
  encodeAdr21(p.code, p.offset, v / 4096);
}

function lo12(p: Place, value: number, scale: number): void {
  if (!lo12Aligned(value, scale)) fail(p, value, `a ${1 << scale}-byte aligned offset`);
  encodeLo12(p.code, p.offset, value, scale);
}

/** B/BL (26), B.cond/CBZ/LDR literal (19), TBZ (14), with the trampoline fallback when slots are given. */
function branch(p: Place, bits: 26 | 19 | 14, target: number, trampolines: LinkerSlots | null): void {
  let v = target - p.P;
  if (v & 3) fail(p, v, 'a 4-byte aligned branch or literal offset');
  const range = 2 ** (bits + 1);
  if (!fitsA64Branch(v, bits)) {
    if (trampolines === null) fail(p, v, `the ±${range} byte range`);
    v = trampolines.trampoline(target) - p.P;
    if (!fitsA64Branch(v, bits)) fail(p, v, `the ±${range} byte range even through the trampoline`);
  }
  if (bits === 26) encodeImm26(p.code, p.offset, v);
  else if (bits === 19) encodeImm19(p.code, p.offset, v);
  else encodeImm14(p.code, p.offset, v);
}

function movwUnsigned(p: Place, group: number, check: boolean): void {
  const v = p.S + p.A;
  if (check && (v < 0 || v >= 2 ** (16 * group + 16))) fail(p, v, `an unsigned ${16 * group + 16}-bit value`);
  encodeMovw16(p.code, p.offset, group16(v, 16 * group));
}

function movwSigned(p: Place, group: number, pcrel: boolean, check: boolean): void {
  const v = pcrel ? p.S + p.A - p.P : p.S + p.A;
  const limit = 2 ** (16 * group + 16);
  if (check && (v < -limit || v >= limit)) fail(p, v, `a signed ${16 * group + 17}-bit value`);
  encodeMovwSigned(p.code, p.offset, Math.floor(v / 2 ** (16 * group)));
}

/** Whether the GOT pair whose ADRP is at `adrpAddress` can address X directly. */
const pairReaches = (X: number, adrpAddress: number): boolean => fitsAdrpPages(page(X) - page(adrpAddress));

/**
 * One half of an adjacent GOT pair `adrp xN, :got:X; ldr xN, [xN, :got_lo12:X]`
 * (the _PAIRED kinds), X = hi:lo a 64-bit word. Both halves make the same
 * choice from X and the ADRP's address, so they can be patched in either
 * order, and each rewrites its own instruction only:
 *   X in two MOV-wide groups:   movz/movn xN, ...; movk xN, ... (or nop)
 *   X within ±1 MiB of the pair: adr xN, X; nop
 *   X within ±4 GiB:             adrp xN, X; add xN, xN, :lo12:X
 *   else:                        the GOT pair, loading a slot holding X.
 * ld.lld does only the third (test/stencils-lld.test.ts checks the others with capstone).
 */
export function patchGotPairHalf(code: Uint8Array, offset: number, kind: PatchKind, P: number, lo: number, hi: number, slots: LinkerSlots & { valueSlot?(lo: number, hi: number): number }): void {
  const first = kind === PatchKind.A64_GOT_PAGE_PAIRED;
  const reg = code[offset] & 0x1f;
  const plan = a64MovPairPlan(lo, hi);
  if (plan >= 0) {
    if (first) encodeA64MovPairFirst(code, offset, plan, lo, hi, reg);
    else encodeA64MovPairSecond(code, offset, plan, lo, hi, reg);
    return;
  }
  const adrpAt = first ? P : P - 4;
  // hi < 2^21: X is a number JavaScript holds exactly (user-space addresses are).
  const X = hi < 0x200000 ? hi * 4294967296 + lo : -1;
  if (X >= 0 && fitsAdr(X - adrpAt)) {
    if (first) encodeA64Adr(code, offset, X - adrpAt, reg);
    else write32(code, offset, A64_NOP);
    return;
  }
  const p = place;
  p.code = code;
  p.offset = offset;
  p.kind = kind;
  p.P = P;
  p.S = X;
  p.A = 0;
  p.what = undefined;
  if (X >= 0 && pairReaches(X, adrpAt)) {
    if (first) return adrp(p, X, true);
    write32(code, offset, (0x91000000 | reg | (reg << 5)) >>> 0); // ldr xN, [xN, :got_lo12:X] -> add xN, xN, :lo12:X
    return lo12(p, X, 0);
  }
  // An operand word has a constant slot of its own; a symbol's address, a GOT slot.
  const slot = slots.valueSlot ? slots.valueSlot(lo, hi) : slots.gotSlot(hi * 4294967296 + lo);
  if (first) return adrp(p, slot, true);
  return lo12(p, slot, 3);
}

/**
 * Applies one patch of `kind` at `code[offset]`. P is the runtime address of the
 * place, S the symbol's address or value, A the addend. Throws on overflow and
 * on a place outside the array; never truncates. `what` names the patch in
 * messages (default: the kind's name).
 */
export function patchAarch64(code: Uint8Array, offset: number, kind: PatchKind, P: number, S: number, A: number, slots: LinkerSlots, what?: string): void {
  const p = place;
  p.code = code;
  p.offset = offset;
  p.kind = kind;
  p.P = P;
  p.S = S;
  p.A = A;
  p.what = what;
  outsideSection(code, offset, kind, what);
  switch (kind) {
    case PatchKind.A64_ABS64: return data(p, 8, S + A);
    case PatchKind.A64_ABS32: return data(p, 4, S + A);
    case PatchKind.A64_ABS16: return data(p, 2, S + A);
    case PatchKind.A64_PREL64: return data(p, 8, S + A - P);
    case PatchKind.A64_PREL32: return data(p, 4, S + A - P);
    case PatchKind.A64_PREL16: return data(p, 2, S + A - P);
    case PatchKind.A64_PLT32: {
      const v = S + A - P;
      if (!fitsInt32(v)) fail(p, v, 'a signed 32-bit field');
      return encodeData32(code, offset, v);
    }
    case PatchKind.A64_ADRP: return adrp(p, S + A, true);
    case PatchKind.A64_ADRP_NC: return adrp(p, S + A, false);
    case PatchKind.A64_ADR: {
      const v = S + A - P;
      if (!fitsAdr(v)) fail(p, v, 'the ±1 MiB ADR range');
      return encodeAdr21(code, offset, v);
    }
    case PatchKind.A64_LO12:
    case PatchKind.A64_LO12_X2:
    case PatchKind.A64_LO12_X4:
    case PatchKind.A64_LO12_X8:
    case PatchKind.A64_LO12_X16:
      return lo12(p, S + A, LO12_SCALE[kind]!);
    case PatchKind.A64_BRANCH26: return branch(p, 26, S + A, slots);
    case PatchKind.A64_CONDBR19: return branch(p, 19, S + A, slots);
    case PatchKind.A64_LDLIT19: return branch(p, 19, S + A, null);
    case PatchKind.A64_TSTBR14: return branch(p, 14, S + A, slots);
    case PatchKind.A64_MOVW_UABS_G0: return movwUnsigned(p, 0, true);
    case PatchKind.A64_MOVW_UABS_G0_NC: return movwUnsigned(p, 0, false);
    case PatchKind.A64_MOVW_UABS_G1: return movwUnsigned(p, 1, true);
    case PatchKind.A64_MOVW_UABS_G1_NC: return movwUnsigned(p, 1, false);
    case PatchKind.A64_MOVW_UABS_G2: return movwUnsigned(p, 2, true);
    case PatchKind.A64_MOVW_UABS_G2_NC: return movwUnsigned(p, 2, false);
    case PatchKind.A64_MOVW_UABS_G3: return movwUnsigned(p, 3, false);
    case PatchKind.A64_MOVW_SABS_G0: return movwSigned(p, 0, false, true);
    case PatchKind.A64_MOVW_SABS_G1: return movwSigned(p, 1, false, true);
    case PatchKind.A64_MOVW_SABS_G2: return movwSigned(p, 2, false, true);
    case PatchKind.A64_MOVW_PREL_G0: return movwSigned(p, 0, true, true);
    case PatchKind.A64_MOVW_PREL_G0_NC: return movwSigned(p, 0, true, false);
    case PatchKind.A64_MOVW_PREL_G1: return movwSigned(p, 1, true, true);
    case PatchKind.A64_MOVW_PREL_G1_NC: return movwSigned(p, 1, true, false);
    case PatchKind.A64_MOVW_PREL_G2: return movwSigned(p, 2, true, true);
    case PatchKind.A64_MOVW_PREL_G2_NC: return movwSigned(p, 2, true, false);
    case PatchKind.A64_MOVW_PREL_G3: return movwSigned(p, 3, true, false);
    case PatchKind.A64_GOT_PAGE: return adrp(p, slots.gotSlot(S + A), true);
    case PatchKind.A64_GOT_LO12: return lo12(p, slots.gotSlot(S + A), 3);
    case PatchKind.A64_GOT_PAGE_PAIRED:
    case PatchKind.A64_GOT_LO12_PAIRED: {
      const X = S + A;
      return patchGotPairHalf(code, offset, kind, P, X >>> 0, Math.floor(X / 4294967296) >>> 0, slots);
    }
    case PatchKind.A64_GOT_LDLIT19: return branch(p, 19, slots.gotSlot(S + A), null);
    default:
      throw new PatchError(`${what ?? patchKindName(kind)} at offset 0x${offset.toString(16)}: not an aarch64 patch kind`);
  }
}
