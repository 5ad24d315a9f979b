// A per-stencil plan, made once when the table loads, that lets the trace
// compiler patch its common holes with a range check and a 32-bit store
// instead of patchHole's value switch, relocate() dispatch and byte stores.
// A hole the plan cannot prove simple, or a fast hole whose value fails the
// range check (a far target: trampoline or error), goes through patchHole, in
// hole order, so the bytes are the same either way (test/hole-plan.test.ts).
import { EM_X86_64 } from '../../format/elf-machines.ts';
import { patchHole, type HoleContext, type PatchSlots } from './hole-patcher.ts';
import { R_AARCH64, R_X86_64 } from '../../format/relocations.ts';
import { HOLE_ADDEND, HOLE_FIELDS, HOLE_OFFSET, HOLE_SYMBOL, HOLE_TYPE, HOLE_VALUE, HoleValue, opargFieldValue } from '../../format/stencil-format.ts';

export const enum HoleKind {
  /** patchHole decides. */
  GENERIC = 0,
  /** x86_64 PC32/PLT32 to an address in the trace: S + A - P in a signed 32-bit field. */
  PCREL32 = 1,
  /** x86_64 R_X86_64_32/32S of the oparg, addend 0: the oparg itself when in 0..2^31-1. */
  OPARG32 = 2,
  /** R_X86_64_64 / R_AARCH64_ABS64 of an operand, addend 0: its two 32-bit halves. */
  OPERAND64 = 3,
  /** aarch64 B/BL (JUMP26/CALL26) to an address in the trace: imm26 when aligned and within ±128 MiB. */
  BRANCH26 = 4,
  /** x86_64 R_X86_64_32/32S of an oparg field plus the addend (a displacement or an immediate), when in 0..2^31-1. */
  OPARG_FIELD32 = 5,
}

/** Code, cold part and data of this uop, the next one, jump and exit targets, the trace top. */
function isTraceAddress(value: number): boolean {
  return value <= HoleValue.TOP || value === HoleValue.COLD;
}

function kindOf(machine: number, type: number, value: number, addend: number): HoleKind {
  if (machine === EM_X86_64) {
    if ((type === R_X86_64.PC32 || type === R_X86_64.PLT32) && isTraceAddress(value)) return HoleKind.PCREL32;
    if ((type === R_X86_64._32 || type === R_X86_64._32S) && value === HoleValue.OPARG && addend === 0) return HoleKind.OPARG32;
    if ((type === R_X86_64._32 || type === R_X86_64._32S) && value === HoleValue.OPARG_FIELD) return HoleKind.OPARG_FIELD32;
    if (type === R_X86_64._64 && (value === HoleValue.OPERAND0 || value === HoleValue.OPERAND1) && addend === 0) return HoleKind.OPERAND64;
  } else {
    if ((type === R_AARCH64.JUMP26 || type === R_AARCH64.CALL26) && isTraceAddress(value)) return HoleKind.BRANCH26;
    if (type === R_AARCH64.ABS64 && (value === HoleValue.OPERAND0 || value === HoleValue.OPERAND1) && addend === 0) return HoleKind.OPERAND64;
  }
  return HoleKind.GENERIC;
}

/** One HoleKind per hole of a section of `sectionSize` bytes; a place outside the section stays generic (patchHole reports it). */
export function planHoles(holes: Int32Array, sectionSize: number, machine: number): Uint8Array {
  const kinds = new Uint8Array(holes.length / HOLE_FIELDS);
  for (let h = 0, i = 0; i < holes.length; h++, i += HOLE_FIELDS) {
    const kind = kindOf(machine, holes[i + HOLE_TYPE], holes[i + HOLE_VALUE], holes[i + HOLE_ADDEND]);
    const offset = holes[i + HOLE_OFFSET];
    if (offset >= 0 && offset + (kind === HoleKind.OPERAND64 ? 8 : 4) <= sectionSize) kinds[h] = kind;
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

/**
 * patchHoles with a plan from planHoles: the same bytes. `view` views the
 * same memory as `buf`.
 */
export function patchPlannedHoles(
  buf: Uint8Array,
  view: DataView,
  bufAddress: number,
  sectionStart: number,
  holes: Int32Array,
  kinds: Uint8Array,
  machine: number,
  ctx: HoleContext,
  slots: PatchSlots,
): void {
  for (let h = 0, i = 0; i < holes.length; h++, i += HOLE_FIELDS) {
    const at = sectionStart + holes[i + HOLE_OFFSET];
    switch (kinds[h] as HoleKind) {
      case HoleKind.PCREL32: {
        const v = traceAddress(ctx, holes[i + HOLE_VALUE]) + holes[i + HOLE_ADDEND] - (bufAddress + at);
        if (v >= -0x80000000 && v <= 0x7fffffff) {
          view.setInt32(at, v, true);
          continue;
        }
        break;
      }
      case HoleKind.OPARG32: {
        const v = ctx.oparg;
        if ((v | 0) === v && v >= 0) {
          view.setInt32(at, v, true);
          continue;
        }
        break;
      }
      case HoleKind.OPARG_FIELD32: {
        const v = opargFieldValue(ctx.oparg, ctx.opargFields[holes[i + HOLE_SYMBOL]]) + holes[i + HOLE_ADDEND];
        if ((v | 0) === v && v >= 0) {
          view.setInt32(at, v, true);
          continue;
        }
        break;
      }
      case HoleKind.OPERAND64: {
        const first = holes[i + HOLE_VALUE] === HoleValue.OPERAND0;
        view.setUint32(at, first ? ctx.operand0Lo : ctx.operand1Lo, true);
        view.setUint32(at + 4, first ? ctx.operand0Hi : ctx.operand1Hi, true);
        continue;
      }
      case HoleKind.BRANCH26: {
        const v = traceAddress(ctx, holes[i + HOLE_VALUE]) + holes[i + HOLE_ADDEND] - (bufAddress + at);
        if ((v & 3) === 0 && v >= -0x8000000 && v < 0x8000000) {
          view.setUint32(at, ((view.getUint32(at, true) & 0xfc000000) | ((v >> 2) & 0x03ffffff)) >>> 0, true);
          continue;
        }
        break;
      }
    }
    patchHole(buf, bufAddress, sectionStart, holes, i, machine, ctx, slots);
  }
}
