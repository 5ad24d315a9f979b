// Fills one stencil instance's holes. Addresses go through applyPatch (with
// GOT relaxation and trampolines); operand values, which are
// 64-bit words that need not fit a JS number, are written as two 32-bit halves
// or placed in a constant slot that the instruction loads.
import { PatchKind, patchKindName } from '../../format/patch-kinds.ts';
import { HOLE_ADDEND, HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_SYMBOL, HOLE_VALUE, HoleValue, opargFieldValue, type OpargField } from '../../format/stencil-format.ts';
import { applyPatch } from './apply-patch.ts';
import { encodeMovw16, encodeWord64, encodeX86Imm32, fitsInt32 } from './field-encoders.ts';
import type { LinkerSlots } from './linker-slots.ts';
import { PatchError } from './patch-errors.ts';
import { patchGotPairHalf } from './patch-aarch64.ts';

/** Linker slots plus constant slots for 64-bit operand words. */
export interface PatchSlots extends LinkerSlots {
  /** Address of an 8-byte read-only slot holding the word hi:lo. */
  valueSlot(lo: number, hi: number): number;
}

/** What the holes of one stencil instance stand for. Reused across instances (no allocation). */
export interface HoleContext {
  code: number;
  /** The stencil's cold part (0 when it has none). */
  cold: number;
  data: number;
  continueTo: number;
  jumpTarget: number;
  exit: number;
  top: number;
  operand0Lo: number;
  operand0Hi: number;
  operand1Lo: number;
  operand1Hi: number;
  oparg: number;
  /** Address of each table symbol (support export, libc, host); NaN when unresolved. */
  symbolAddresses: Float64Array;
  symbolNames: readonly string[];
  /** The table's oparg fields (OPARG_FIELD holes index them). */
  opargFields: readonly OpargField[];
  /** For messages. */
  stencilName: string;
}

export function newHoleContext(symbolAddresses: Float64Array, symbolNames: readonly string[], opargFields: readonly OpargField[]): HoleContext {
  return {
    code: 0, cold: 0, data: 0, continueTo: 0, jumpTarget: 0, exit: 0, top: 0,
    operand0Lo: 0, operand0Hi: 0, operand1Lo: 0, operand1Hi: 0, oparg: 0,
    symbolAddresses, symbolNames, opargFields, stencilName: '',
  };
}

export { PatchError };

/** Low 32 bits of an operand (number or bigint, possibly negative), without allocating. */
export function wordLo(v: number | bigint): number {
  if (typeof v === 'bigint') return Number(BigInt.asUintN(32, v));
  if (!Number.isSafeInteger(v)) throw new PatchError(`operand ${v} is not an integer that fits 53 bits: pass a bigint`);
  return v >>> 0;
}

/** High 32 bits of an operand, as wordLo. */
export function wordHi(v: number | bigint): number {
  if (typeof v === 'bigint') return Number(BigInt.asUintN(32, BigInt.asUintN(64, v) >> 32n));
  return Math.floor(v / 4294967296) >>> 0;
}

/** Splits an operand (number or bigint, possibly negative) into two u32 halves. */
export function splitWord(v: number | bigint): [number, number] {
  if (typeof v === 'bigint') {
    const w = BigInt.asUintN(64, v);
    return [Number(w & 0xffffffffn), Number(w >> 32n)];
  }
  if (!Number.isSafeInteger(v)) throw new PatchError(`operand ${v} is not an integer that fits 53 bits: pass a bigint`);
  return [v >>> 0, Math.floor(v / 4294967296) >>> 0];
}


/** Adds a small signed addend to the 64-bit word hi:lo. */
function addToWord(lo: number, hi: number, addend: number): [number, number] {
  if (addend === 0) return [lo, hi];
  const sum = lo + addend;
  const carry = Math.floor(sum / 4294967296);
  return [sum >>> 0, (hi + carry) >>> 0];
}

/** Places a 64-bit value hi:lo (an operand, the oparg or one of its fields) into a hole of `kind`. */
function patchValue(buf: Uint8Array, at: number, kind: PatchKind, place: number, lo: number, hi: number, addend: number, slots: PatchSlots, ctx: HoleContext): void {
  switch (kind) {
    // A call or jump to the operand itself (CALL_HOST_1 calls the function pointer in
    // OPERAND0): a branch target like a symbol, through a trampoline when out of range.
    case PatchKind.X86_BRANCH32:
    case PatchKind.A64_BRANCH26:
      if (hi > 0xffff) throw new PatchError(`${ctx.stencilName}: operand 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} is a branch target but not a user-space address`);
      return applyPatch(buf, at, kind, place, hi * 4294967296 + lo, addend, slots);
    // The instruction loads the value from memory: point it at a constant slot.
    // For these GOT forms the addend applies to the slot's address, not to the value.
    case PatchKind.X86_GOT_REL32:
    case PatchKind.X86_GOT_MOV:
    case PatchKind.X86_GOT_MOV_REX:
    case PatchKind.X86_GOT_MOV_REXW:
    case PatchKind.X86_GOT_CALL:
    case PatchKind.X86_GOT_JMP:
    case PatchKind.X86_GOT_ALU: {
      const rel = slots.valueSlot(lo, hi) + addend - place;
      if (!fitsInt32(rel)) break;
      return encodeX86Imm32(buf, at, rel);
    }
    // ADRP of a slot that holds the value; the paired LDR loads it.
    // An adjacent pair: rewritten into the value itself when it can be (MOVZ/MOVK, ADR, ADRP+ADD).
    case PatchKind.A64_GOT_PAGE_PAIRED:
    case PatchKind.A64_GOT_LO12_PAIRED:
      if (addend !== 0) throw new PatchError(`${ctx.stencilName}: GOT reference to an operand with addend ${addend}`);
      return patchGotPairHalf(buf, at, kind, place, lo, hi, slots);
    case PatchKind.A64_GOT_PAGE:
      if (addend !== 0) throw new PatchError(`${ctx.stencilName}: GOT reference to an operand with addend ${addend}`);
      return applyPatch(buf, at, PatchKind.A64_ADRP, place, slots.valueSlot(lo, hi), 0, slots);
    case PatchKind.A64_GOT_LO12:
      if (addend !== 0) throw new PatchError(`${ctx.stencilName}: GOT reference to an operand with addend ${addend}`);
      return applyPatch(buf, at, PatchKind.A64_LO12_X8, place, slots.valueSlot(lo, hi), 0, slots);
    default: {
      [lo, hi] = addToWord(lo, hi, addend);
      switch (kind) {
        case PatchKind.X86_ABS64:
        case PatchKind.A64_ABS64:
          return encodeWord64(buf, at, lo, hi);
        case PatchKind.X86_ABS32:
          if (hi !== 0) break;
          return encodeX86Imm32(buf, at, lo);
        case PatchKind.X86_ABS32S:
          if (!((hi === 0 && lo < 0x80000000) || (hi === 0xffffffff && lo >= 0x80000000))) break;
          return encodeX86Imm32(buf, at, lo);
        case PatchKind.A64_MOVW_UABS_G0:
        case PatchKind.A64_MOVW_UABS_G0_NC:
          return encodeMovw16(buf, at, lo & 0xffff);
        case PatchKind.A64_MOVW_UABS_G1:
        case PatchKind.A64_MOVW_UABS_G1_NC:
          return encodeMovw16(buf, at, lo >>> 16);
        case PatchKind.A64_MOVW_UABS_G2:
        case PatchKind.A64_MOVW_UABS_G2_NC:
          return encodeMovw16(buf, at, hi & 0xffff);
        case PatchKind.A64_MOVW_UABS_G3:
          return encodeMovw16(buf, at, hi >>> 16);
      }
    }
  }
  throw new PatchError(`${ctx.stencilName}: cannot place operand 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} in a ${patchKindName(kind)} hole`);
}

/**
 * Patches hole `i` (an index into `holes`, a multiple of HOLE_FIELDS) of one
 * stencil section copied to buf[sectionStart...], where buf[0] lives at address `bufAddress`.
 */
export function patchHole(
  buf: Uint8Array,
  bufAddress: number,
  sectionStart: number,
  holes: Int32Array,
  i: number,
  ctx: HoleContext,
  slots: PatchSlots,
): void {
  const at = sectionStart + holes[i + HOLE_OFFSET];
  const kind = holes[i + HOLE_KIND] as PatchKind;
  const addend = holes[i + HOLE_ADDEND];
  const place = bufAddress + at;
  let target: number;
  switch (holes[i + HOLE_VALUE] as HoleValue) {
    case HoleValue.CODE: target = ctx.code; break;
    case HoleValue.COLD: target = ctx.cold; break;
    case HoleValue.DATA: target = ctx.data; break;
    case HoleValue.CONTINUE: target = ctx.continueTo; break;
    case HoleValue.JUMP_TARGET: target = ctx.jumpTarget; break;
    case HoleValue.EXIT: target = ctx.exit; break;
    case HoleValue.TOP: target = ctx.top; break;
    case HoleValue.SYMBOL: {
      target = ctx.symbolAddresses[holes[i + HOLE_SYMBOL]];
      if (!(target > 0)) throw new PatchError(`${ctx.stencilName}: symbol '${ctx.symbolNames[holes[i + HOLE_SYMBOL]]}' cannot be resolved`);
      break;
    }
    case HoleValue.OPERAND0:
      return patchValue(buf, at, kind, place, ctx.operand0Lo, ctx.operand0Hi, addend, slots, ctx);
    case HoleValue.OPERAND1:
      return patchValue(buf, at, kind, place, ctx.operand1Lo, ctx.operand1Hi, addend, slots, ctx);
    case HoleValue.OPARG:
      return patchValue(buf, at, kind, place, ctx.oparg >>> 0, ctx.oparg < 0 ? 0xffffffff : 0, addend, slots, ctx);
    case HoleValue.OPARG_FIELD:
      return patchValue(buf, at, kind, place, opargFieldValue(ctx.oparg, ctx.opargFields[holes[i + HOLE_SYMBOL]]), 0, addend, slots, ctx);
    default:
      throw new PatchError(`${ctx.stencilName}: unknown hole value ${holes[i + HOLE_VALUE]}`);
  }
  applyPatch(buf, at, kind, place, target, addend, slots);
}

/** Patches every hole of one stencil section, as patchHole. */
export function patchHoles(
  buf: Uint8Array,
  bufAddress: number,
  sectionStart: number,
  holes: Int32Array,
  ctx: HoleContext,
  slots: PatchSlots,
): void {
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) patchHole(buf, bufAddress, sectionStart, holes, i, ctx, slots);
}
