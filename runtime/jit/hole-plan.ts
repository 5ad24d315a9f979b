// A per-stencil plan, made once when the table loads, that lets the trace
// compiler patch its common holes with a range check and a store through the
// field's encoder, instead of patchHole's value switch and applyPatch dispatch.
// A hole the plan cannot prove simple, or a fast hole whose value fails the
// range check (a far target: trampoline or error), goes through patchHole, in
// hole order, so the bytes are the same either way (test/hole-plan.test.ts).
import { PATCH_KINDS, PatchKind } from '../../format/patch-kinds.ts';
import { HOLE_ADDEND, HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_SYMBOL, HOLE_VALUE, HoleValue, opargFieldValue } from '../../format/stencil-format.ts';
import { encodeImm26, encodeX86Imm32, encodeWord64, fitsA64Branch, fitsInt32 } from './field-encoders.ts';
import { patchHole, type HoleContext, type PatchSlots } from './hole-patcher.ts';

export const enum HoleKind {
  /** patchHole decides. */
  GENERIC = 0,
  /** x86_64 rel32 (plain or a branch's) to an address in the trace: S + A - P in a signed 32-bit field. */
  PCREL32 = 1,
  /** x86_64 abs32/abs32s of the oparg, addend 0: the oparg itself when in 0..2^31-1. */
  OPARG32 = 2,
  /** abs64 of an operand, addend 0: its two 32-bit halves. */
  OPERAND64 = 3,
  /** aarch64 B/BL imm26 to an address in the trace: when aligned and within ±128 MiB. */
  BRANCH26 = 4,
  /** x86_64 abs32/abs32s of an oparg field plus the addend (a displacement or an immediate), when in 0..2^31-1. */
  OPARG_FIELD32 = 5,
}

/** Code, cold part and data of this uop, the next one, jump and exit targets, the trace top. */
function isTraceAddress(value: number): boolean {
  return value <= HoleValue.TOP || value === HoleValue.COLD;
}

function kindOf(patch: number, value: number, addend: number): HoleKind {
  const operand = value === HoleValue.OPERAND0 || value === HoleValue.OPERAND1;
  switch (patch as PatchKind) {
    case PatchKind.X86_REL32:
    case PatchKind.X86_BRANCH32:
      return isTraceAddress(value) ? HoleKind.PCREL32 : HoleKind.GENERIC;
    case PatchKind.X86_ABS32:
    case PatchKind.X86_ABS32S:
      if (value === HoleValue.OPARG && addend === 0) return HoleKind.OPARG32;
      return value === HoleValue.OPARG_FIELD ? HoleKind.OPARG_FIELD32 : HoleKind.GENERIC;
    case PatchKind.X86_ABS64:
    case PatchKind.A64_ABS64:
      return operand && addend === 0 ? HoleKind.OPERAND64 : HoleKind.GENERIC;
    case PatchKind.A64_BRANCH26:
      return isTraceAddress(value) ? HoleKind.BRANCH26 : HoleKind.GENERIC;
    default:
      return HoleKind.GENERIC;
  }
}

/** One HoleKind per hole of a section of `sectionSize` bytes (into `kinds`, zeroed, when given); a place outside the section stays generic (patchHole reports it). */
export function planHoles(holes: Int32Array, sectionSize: number, kinds: Uint8Array = new Uint8Array(holes.length / HOLE_FIELDS)): Uint8Array {
  for (let h = 0, i = 0; i < holes.length; h++, i += HOLE_FIELDS) {
    const patch = holes[i + HOLE_KIND];
    const offset = holes[i + HOLE_OFFSET];
    if (offset >= 0 && offset + (PATCH_KINDS[patch]?.size ?? Infinity) <= sectionSize) kinds[h] = kindOf(patch, holes[i + HOLE_VALUE], holes[i + HOLE_ADDEND]);
  }
  return kinds;
}

function traceAddress(ctx: HoleContext, value: number): number {
  switch (value as HoleValue) {
    case HoleValue.CODE: return ctx.code;
    case HoleValue.COLD: return ctx.cold;
    case HoleValue.DATA: return ctx.data;
    case HoleValue.CONTINUE: return ctx.continueTo;
    case HoleValue.JUMP_TARGET: return ctx.jumpTarget;
    case HoleValue.EXIT: return ctx.exit;
    default: return ctx.top;
  }
}

/** patchHoles with a plan from planHoles: the same bytes. */
export function patchPlannedHoles(
  buf: Uint8Array,
  bufAddress: number,
  sectionStart: number,
  holes: Int32Array,
  kinds: Uint8Array,
  ctx: HoleContext,
  slots: PatchSlots,
): void {
  for (let h = 0, i = 0; i < holes.length; h++, i += HOLE_FIELDS) {
    const at = sectionStart + holes[i + HOLE_OFFSET];
    switch (kinds[h] as HoleKind) {
      case HoleKind.PCREL32: {
        const v = traceAddress(ctx, holes[i + HOLE_VALUE]) + holes[i + HOLE_ADDEND] - (bufAddress + at);
        if (fitsInt32(v)) {
          encodeX86Imm32(buf, at, v);
          continue;
        }
        break;
      }
      case HoleKind.OPARG32: {
        const v = ctx.oparg;
        if ((v | 0) === v && v >= 0) {
          encodeX86Imm32(buf, at, v);
          continue;
        }
        break;
      }
      case HoleKind.OPARG_FIELD32: {
        const v = opargFieldValue(ctx.oparg, ctx.opargFields[holes[i + HOLE_SYMBOL]]) + holes[i + HOLE_ADDEND];
        if ((v | 0) === v && v >= 0) {
          encodeX86Imm32(buf, at, v);
          continue;
        }
        break;
      }
      case HoleKind.OPERAND64: {
        const first = holes[i + HOLE_VALUE] === HoleValue.OPERAND0;
        encodeWord64(buf, at, first ? ctx.operand0Lo : ctx.operand1Lo, first ? ctx.operand0Hi : ctx.operand1Hi);
        continue;
      }
      case HoleKind.BRANCH26: {
        const v = traceAddress(ctx, holes[i + HOLE_VALUE]) + holes[i + HOLE_ADDEND] - (bufAddress + at);
        if (fitsA64Branch(v, 26)) {
          encodeImm26(buf, at, v);
          continue;
        }
        break;
      }
    }
    patchHole(buf, bufAddress, sectionStart, holes, i, ctx, slots);
  }
}
