// Fills one stencil instance's holes. Addresses go through the target's
// relocate() (with GOT relaxation and trampolines); operand values, which are
// 64-bit words that need not fit a JS number, are written as two 32-bit halves
// or placed in a constant slot that the instruction loads.
import { read32, write32 } from './byte-access.ts';
import { EM_X86_64 } from '../../format/elf-machines.ts';
import type { LinkerSlots } from './linker-slots.ts';
import { relocate as relocateAarch64 } from './patch-aarch64.ts';
import { relocate as relocateX86_64 } from './patch-x86_64.ts';
import { R_AARCH64, R_X86_64, relocationName } from '../../format/relocations.ts';
import { HOLE_ADDEND, HOLE_FIELDS, HOLE_OFFSET, HOLE_SYMBOL, HOLE_TYPE, HOLE_VALUE, HoleValue, opargFieldValue, type OpargField } from '../../format/stencil-format.ts';

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

export class PatchError extends Error {}

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

function patchValue(
  buf: Uint8Array,
  at: number,
  machine: number,
  type: number,
  place: number,
  lo: number,
  hi: number,
  addend: number,
  slots: PatchSlots,
  ctx: HoleContext,
): void {
  // A call or jump to the operand itself (CALL_HOST_1 calls the function pointer in
  // OPERAND0): a branch target like a symbol, through a trampoline when out of range.
  if (machine === EM_X86_64 ? type === R_X86_64.PLT32 : type === R_AARCH64.CALL26 || type === R_AARCH64.JUMP26) {
    if (hi > 0xffff) throw new PatchError(`${ctx.stencilName}: operand 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} is a branch target but not a user-space address`);
    (machine === EM_X86_64 ? relocateX86_64 : relocateAarch64)(buf, at, type, place, hi * 4294967296 + lo, addend, slots);
    return;
  }
  const isGot =
    type === (machine === EM_X86_64 ? R_X86_64.GOTPCRELX : R_AARCH64.ADR_GOT_PAGE) ||
    type === (machine === EM_X86_64 ? R_X86_64.REX_GOTPCRELX : R_AARCH64.LD64_GOT_LO12_NC) ||
    (machine === EM_X86_64 && type === R_X86_64.GOTPCREL);
  // For GOT forms the addend applies to the slot's address, not to the value.
  if (!isGot) [lo, hi] = addToWord(lo, hi, addend);
  else if (machine !== EM_X86_64 && addend !== 0) {
    throw new PatchError(`${ctx.stencilName}: GOT reference to an operand with addend ${addend}`);
  }
  if (machine === EM_X86_64) {
    switch (type) {
      case R_X86_64._64:
        write32(buf, at, lo);
        write32(buf, at + 4, hi);
        return;
      case R_X86_64._32:
        if (hi !== 0) break;
        write32(buf, at, lo);
        return;
      case R_X86_64._32S:
        if (!((hi === 0 && lo < 0x80000000) || (hi === 0xffffffff && lo >= 0x80000000))) break;
        write32(buf, at, lo);
        return;
      case R_X86_64.GOTPCRELX:
      case R_X86_64.REX_GOTPCRELX:
      case R_X86_64.GOTPCREL: {
        // The instruction loads the operand from memory: point it at a constant slot.
        const slot = slots.valueSlot(lo, hi);
        const rel = slot + addend - place;
        if (rel < -0x80000000 || rel > 0x7fffffff) break;
        write32(buf, at, rel >>> 0);
        return;
      }
    }
  } else {
    switch (type) {
      case R_AARCH64.ABS64:
        write32(buf, at, lo);
        write32(buf, at + 4, hi);
        return;
      case R_AARCH64.ADR_GOT_PAGE:
        // ADRP of a slot that holds the value; the paired LDR loads it.
        relocateAarch64(buf, at, R_AARCH64.ADR_PREL_PG_HI21, place, slots.valueSlot(lo, hi), 0, slots);
        return;
      case R_AARCH64.LD64_GOT_LO12_NC:
        relocateAarch64(buf, at, R_AARCH64.LDST64_ABS_LO12_NC, place, slots.valueSlot(lo, hi), 0, slots);
        return;
      case R_AARCH64.MOVW_UABS_G0:
      case R_AARCH64.MOVW_UABS_G0_NC:
      case R_AARCH64.MOVW_UABS_G1:
      case R_AARCH64.MOVW_UABS_G1_NC:
      case R_AARCH64.MOVW_UABS_G2:
      case R_AARCH64.MOVW_UABS_G2_NC:
      case R_AARCH64.MOVW_UABS_G3: {
        const group = (type - R_AARCH64.MOVW_UABS_G0) >> 1;
        const bits = group === 0 ? lo & 0xffff : group === 1 ? lo >>> 16 : group === 2 ? hi & 0xffff : hi >>> 16;
        const insn = read32(buf, at);
        write32(buf, at, ((insn & ~(0xffff << 5)) | (bits << 5)) >>> 0);
        return;
      }
    }
  }
  throw new PatchError(`${ctx.stencilName}: cannot place operand 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} in a ${relocationName(machine, type)} hole`);
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
  machine: number,
  ctx: HoleContext,
  slots: PatchSlots,
): void {
  const at = sectionStart + holes[i + HOLE_OFFSET];
  const type = holes[i + HOLE_TYPE];
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
      return patchValue(buf, at, machine, type, place, ctx.operand0Lo, ctx.operand0Hi, addend, slots, ctx);
    case HoleValue.OPERAND1:
      return patchValue(buf, at, machine, type, place, ctx.operand1Lo, ctx.operand1Hi, addend, slots, ctx);
    case HoleValue.OPARG:
      return patchValue(buf, at, machine, type, place, ctx.oparg >>> 0, ctx.oparg < 0 ? 0xffffffff : 0, addend, slots, ctx);
    case HoleValue.OPARG_FIELD:
      return patchValue(buf, at, machine, type, place, opargFieldValue(ctx.oparg, ctx.opargFields[holes[i + HOLE_SYMBOL]]), 0, addend, slots, ctx);
    default:
      throw new PatchError(`${ctx.stencilName}: unknown hole value ${holes[i + HOLE_VALUE]}`);
  }
  if (machine === EM_X86_64) relocateX86_64(buf, at, type, place, target, addend, slots);
  else relocateAarch64(buf, at, type, place, target, addend, slots);
}

/** Patches every hole of one stencil section, as patchHole. */
export function patchHoles(
  buf: Uint8Array,
  bufAddress: number,
  sectionStart: number,
  holes: Int32Array,
  machine: number,
  ctx: HoleContext,
  slots: PatchSlots,
): void {
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) patchHole(buf, bufAddress, sectionStart, holes, i, machine, ctx, slots);
}
