// Chooses each hole's patch kind (format/patch-kinds.ts) from its ELF
// relocation and the instruction it sits in, when the tables are generated:
// the runtime then patches by kind and never looks at relocation types or
// decodes instructions. A relocation this does not know is a generation-time
// error, so there is no list of "supported" types to keep in step with the
// patchers: this switch is the list.
import { EM_AARCH64, EM_X86_64 } from '../format/elf-machines.ts';
import { PatchKind } from '../format/patch-kinds.ts';
import { R_AARCH64, R_X86_64, relocationName } from '../format/relocations.ts';
import { applyPatch } from '../runtime/jit/apply-patch.ts';
import type { LinkerSlots } from '../runtime/jit/linker-slots.ts';

export class UnsupportedRelocation extends Error {}

const read32 = (code: ArrayLike<number>, at: number) => (code[at] | (code[at + 1] << 8) | (code[at + 2] << 16) | (code[at + 3] << 24)) >>> 0;

/** Is `op` (with a ModRM addressing [rip+disp32]) a test or ALU op lld rewrites to an immediate form? */
const isTestOrBinop = (op: number) => op === 0x85 || (op <= 0x3b && (op & 0xc7) === 0x03);

function x86Kind(type: number, code: ArrayLike<number>, offset: number, addend: number): PatchKind | null {
  switch (type) {
    case R_X86_64.NONE: return null;
    case R_X86_64._64: return PatchKind.X86_ABS64;
    case R_X86_64.PC64: return PatchKind.X86_PCREL64;
    case R_X86_64.PC32: return PatchKind.X86_REL32;
    case R_X86_64.PLT32: return PatchKind.X86_BRANCH32;
    case R_X86_64._32: return PatchKind.X86_ABS32;
    case R_X86_64._32S: return PatchKind.X86_ABS32S;
    case R_X86_64._16: return PatchKind.X86_ABS16;
    case R_X86_64.PC16: return PatchKind.X86_PCREL16;
    case R_X86_64._8: return PatchKind.X86_ABS8;
    case R_X86_64.PC8: return PatchKind.X86_PCREL8;
    case R_X86_64.GOTPCREL: return PatchKind.X86_GOT_REL32;
    case R_X86_64.GOTPCREL64: return PatchKind.X86_GOT_REL64;
    case R_X86_64.GOTPCRELX:
    case R_X86_64.REX_GOTPCRELX: {
      // The relaxable instructions (ld.lld's list); anything else keeps its GOT slot.
      if (addend !== -4 || offset < 2) return PatchKind.X86_GOT_REL32;
      const op = code[offset - 2];
      const modRm = code[offset - 1];
      const rex = type === R_X86_64.REX_GOTPCRELX && offset >= 3 && (code[offset - 3] & 0xf0) === 0x40 ? code[offset - 3] : -1;
      if (op === 0x8b && (modRm & 0xc7) === 0x05) {
        if (rex < 0) return PatchKind.X86_GOT_MOV;
        return rex & 0x08 ? PatchKind.X86_GOT_MOV_REXW : PatchKind.X86_GOT_MOV_REX;
      }
      if (op === 0xff && modRm === 0x15) return PatchKind.X86_GOT_CALL;
      if (op === 0xff && modRm === 0x25) return PatchKind.X86_GOT_JMP;
      if (rex >= 0 && (modRm & 0xc7) === 0x05 && isTestOrBinop(op)) return PatchKind.X86_GOT_ALU;
      return PatchKind.X86_GOT_REL32;
    }
  }
  throw new UnsupportedRelocation(`unsupported relocation type for the x86_64 patcher`);
}

const isAdrp = (insn: number) => (insn & 0x9f000000) >>> 0 === 0x90000000;
/** LDR Xt, [Xn, #imm12*8] */
const isLdr64Imm = (insn: number) => (insn & 0xffc00000) >>> 0 === 0xf9400000;
// What the patcher leaves of a pair (runtime/jit/patch-aarch64.ts), for relocate() on code one half of which is already patched:
/** ADD Xd, Xn, #imm12 (no shift). */
const isAdd64Imm = (insn: number) => (insn & 0xffc00000) >>> 0 === 0x91000000;
/** MOVZ/MOVN Xd (any shift). */
const isMovzMovn64 = (insn: number) => (insn & 0xff800000) >>> 0 === 0x92800000 || (insn & 0xff800000) >>> 0 === 0xd2800000;
/** MOVK Xd (any shift). */
const isMovk64 = (insn: number) => (insn & 0xff800000) >>> 0 === 0xf2800000;
const isAdr = (insn: number) => (insn & 0x9f000000) >>> 0 === 0x10000000;
const NOP = 0xd503201f;

/** Does the ADRP at `adrpAt` form a relaxable GOT pair with the instruction after it (adjacent, one register)? */
function gotPair(code: ArrayLike<number>, adrpAt: number): boolean {
  if (adrpAt < 0 || adrpAt + 8 > code.length) return false;
  const first = read32(code, adrpAt);
  const next = read32(code, adrpAt + 4);
  if (!isAdrp(first) && !isMovzMovn64(first) && !isAdr(first)) return false;
  const reg = first & 0x1f;
  if (next === NOP || isMovk64(next)) return next === NOP || (next & 0x1f) === reg;
  return (isLdr64Imm(next) || isAdd64Imm(next)) && (next & 0x1f) === reg && ((next >>> 5) & 0x1f) === reg;
}

function aarch64Kind(type: number, code: ArrayLike<number>, offset: number): PatchKind | null {
  switch (type) {
    case R_AARCH64.NONE: return null;
    case R_AARCH64.ABS64: return PatchKind.A64_ABS64;
    case R_AARCH64.ABS32: return PatchKind.A64_ABS32;
    case R_AARCH64.ABS16: return PatchKind.A64_ABS16;
    case R_AARCH64.PREL64: return PatchKind.A64_PREL64;
    case R_AARCH64.PREL32: return PatchKind.A64_PREL32;
    case R_AARCH64.PREL16: return PatchKind.A64_PREL16;
    case R_AARCH64.PLT32: return PatchKind.A64_PLT32;
    case R_AARCH64.ADR_PREL_PG_HI21: return PatchKind.A64_ADRP;
    case R_AARCH64.ADR_PREL_PG_HI21_NC: return PatchKind.A64_ADRP_NC;
    case R_AARCH64.ADR_PREL_LO21: return PatchKind.A64_ADR;
    case R_AARCH64.ADD_ABS_LO12_NC:
    case R_AARCH64.LDST8_ABS_LO12_NC: return PatchKind.A64_LO12;
    case R_AARCH64.LDST16_ABS_LO12_NC: return PatchKind.A64_LO12_X2;
    case R_AARCH64.LDST32_ABS_LO12_NC: return PatchKind.A64_LO12_X4;
    case R_AARCH64.LDST64_ABS_LO12_NC: return PatchKind.A64_LO12_X8;
    case R_AARCH64.LDST128_ABS_LO12_NC: return PatchKind.A64_LO12_X16;
    case R_AARCH64.CALL26:
    case R_AARCH64.JUMP26: return PatchKind.A64_BRANCH26;
    case R_AARCH64.CONDBR19: return PatchKind.A64_CONDBR19;
    case R_AARCH64.LD_PREL_LO19: return PatchKind.A64_LDLIT19;
    case R_AARCH64.TSTBR14: return PatchKind.A64_TSTBR14;
    case R_AARCH64.MOVW_UABS_G0:
    case R_AARCH64.MOVW_UABS_G0_NC:
    case R_AARCH64.MOVW_UABS_G1:
    case R_AARCH64.MOVW_UABS_G1_NC:
    case R_AARCH64.MOVW_UABS_G2:
    case R_AARCH64.MOVW_UABS_G2_NC:
    case R_AARCH64.MOVW_UABS_G3:
      // The ELF numbers and the kinds run in the same order: G0, G0_NC, ..., G3.
      return PatchKind.A64_MOVW_UABS_G0 + (type - R_AARCH64.MOVW_UABS_G0);
    case R_AARCH64.MOVW_SABS_G0:
    case R_AARCH64.MOVW_SABS_G1:
    case R_AARCH64.MOVW_SABS_G2:
      return PatchKind.A64_MOVW_SABS_G0 + (type - R_AARCH64.MOVW_SABS_G0);
    case R_AARCH64.MOVW_PREL_G0:
    case R_AARCH64.MOVW_PREL_G0_NC:
    case R_AARCH64.MOVW_PREL_G1:
    case R_AARCH64.MOVW_PREL_G1_NC:
    case R_AARCH64.MOVW_PREL_G2:
    case R_AARCH64.MOVW_PREL_G2_NC:
    case R_AARCH64.MOVW_PREL_G3:
      return PatchKind.A64_MOVW_PREL_G0 + (type - R_AARCH64.MOVW_PREL_G0);
    case R_AARCH64.ADR_GOT_PAGE:
      return gotPair(code, offset) ? PatchKind.A64_GOT_PAGE_PAIRED : PatchKind.A64_GOT_PAGE;
    case R_AARCH64.LD64_GOT_LO12_NC: {
      const insn = offset + 4 <= code.length ? read32(code, offset) : 0;
      if (!isLdr64Imm(insn) && !gotPair(code, offset - 4)) {
        throw new UnsupportedRelocation(`expected LDR Xt, [Xn, #imm], found 0x${insn.toString(16)}`);
      }
      return gotPair(code, offset - 4) ? PatchKind.A64_GOT_LO12_PAIRED : PatchKind.A64_GOT_LO12;
    }
    case R_AARCH64.GOT_LD_PREL19: return PatchKind.A64_GOT_LDLIT19;
  }
  throw new UnsupportedRelocation(`unsupported relocation type for the aarch64 patcher`);
}

/**
 * The patch kind of a relocation of `type` at code[offset] with `addend`, or
 * null when it needs no patch (R_*_NONE). Throws UnsupportedRelocation, naming
 * the relocation and offset, for anything the runtime cannot patch.
 */
export function patchKindOf(machine: number, type: number, code: ArrayLike<number>, offset: number, addend: number): PatchKind | null {
  try {
    if (machine === EM_X86_64) return x86Kind(type, code, offset, addend);
    if (machine === EM_AARCH64) return aarch64Kind(type, code, offset);
    throw new UnsupportedRelocation(`no patcher for ELF machine ${machine}`);
  } catch (e) {
    if (e instanceof UnsupportedRelocation) throw new UnsupportedRelocation(`${relocationName(machine, type)} at offset 0x${offset.toString(16)}: ${e.message}`);
    throw e;
  }
}

/**
 * Applies one ELF relocation as the runtime would patch its hole: the kind the
 * generator would choose, then the runtime's patcher (for the differential
 * tests against ld.lld, which speak in relocations).
 */
export function relocate(machine: number, code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  const kind = patchKindOf(machine, type, code, offset, A);
  if (kind !== null) applyPatch(code, offset, kind, P, S, A, slots, relocationName(machine, type));
}
