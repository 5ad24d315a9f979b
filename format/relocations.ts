// ELF relocation type numbers (r_info & 0xffffffff) for the two targets, names
// for messages, and which types the patchers (patch-x86_64.ts, patch-aarch64.ts)
// support. Values from the System V x86-64 psABI and AAELF64.
export { EM_AARCH64, EM_X86_64 } from './elf-machines.ts';
import { EM_AARCH64, EM_X86_64 } from './elf-machines.ts';

export const R_X86_64_NONE = 0;
export const R_X86_64_64 = 1;
export const R_X86_64_PC32 = 2;
export const R_X86_64_GOT32 = 3;
export const R_X86_64_PLT32 = 4;
export const R_X86_64_COPY = 5;
export const R_X86_64_GLOB_DAT = 6;
export const R_X86_64_JUMP_SLOT = 7;
export const R_X86_64_RELATIVE = 8;
export const R_X86_64_GOTPCREL = 9;
export const R_X86_64_32 = 10;
export const R_X86_64_32S = 11;
export const R_X86_64_16 = 12;
export const R_X86_64_PC16 = 13;
export const R_X86_64_8 = 14;
export const R_X86_64_PC8 = 15;
export const R_X86_64_PC64 = 24;
export const R_X86_64_GOTOFF64 = 25;
export const R_X86_64_GOTPC32 = 26;
export const R_X86_64_GOTPCREL64 = 28;
export const R_X86_64_GOTPC64 = 29;
export const R_X86_64_GOTPCRELX = 41;
export const R_X86_64_REX_GOTPCRELX = 42;

export const R_AARCH64_NONE = 0;
export const R_AARCH64_ABS64 = 257;
export const R_AARCH64_ABS32 = 258;
export const R_AARCH64_ABS16 = 259;
export const R_AARCH64_PREL64 = 260;
export const R_AARCH64_PREL32 = 261;
export const R_AARCH64_PREL16 = 262;
export const R_AARCH64_MOVW_UABS_G0 = 263;
export const R_AARCH64_MOVW_UABS_G0_NC = 264;
export const R_AARCH64_MOVW_UABS_G1 = 265;
export const R_AARCH64_MOVW_UABS_G1_NC = 266;
export const R_AARCH64_MOVW_UABS_G2 = 267;
export const R_AARCH64_MOVW_UABS_G2_NC = 268;
export const R_AARCH64_MOVW_UABS_G3 = 269;
export const R_AARCH64_MOVW_SABS_G0 = 270;
export const R_AARCH64_MOVW_SABS_G1 = 271;
export const R_AARCH64_MOVW_SABS_G2 = 272;
export const R_AARCH64_LD_PREL_LO19 = 273;
export const R_AARCH64_ADR_PREL_LO21 = 274;
export const R_AARCH64_ADR_PREL_PG_HI21 = 275;
export const R_AARCH64_ADR_PREL_PG_HI21_NC = 276;
export const R_AARCH64_ADD_ABS_LO12_NC = 277;
export const R_AARCH64_LDST8_ABS_LO12_NC = 278;
export const R_AARCH64_TSTBR14 = 279;
export const R_AARCH64_CONDBR19 = 280;
export const R_AARCH64_JUMP26 = 282;
export const R_AARCH64_CALL26 = 283;
export const R_AARCH64_LDST16_ABS_LO12_NC = 284;
export const R_AARCH64_LDST32_ABS_LO12_NC = 285;
export const R_AARCH64_LDST64_ABS_LO12_NC = 286;
export const R_AARCH64_MOVW_PREL_G0 = 287;
export const R_AARCH64_MOVW_PREL_G0_NC = 288;
export const R_AARCH64_MOVW_PREL_G1 = 289;
export const R_AARCH64_MOVW_PREL_G1_NC = 290;
export const R_AARCH64_MOVW_PREL_G2 = 291;
export const R_AARCH64_MOVW_PREL_G2_NC = 292;
export const R_AARCH64_MOVW_PREL_G3 = 293;
export const R_AARCH64_LDST128_ABS_LO12_NC = 299;
export const R_AARCH64_GOT_LD_PREL19 = 309;
export const R_AARCH64_ADR_GOT_PAGE = 311;
export const R_AARCH64_LD64_GOT_LO12_NC = 312;
export const R_AARCH64_PLT32 = 314;

/** The same numbers as an object: `R_X86_64._64`, `R_X86_64.PC32` (names starting with a digit get a `_`). */
export const R_X86_64 = {
  NONE: 0,
  _64: 1,
  PC32: 2,
  GOT32: 3,
  PLT32: 4,
  COPY: 5,
  GLOB_DAT: 6,
  JUMP_SLOT: 7,
  RELATIVE: 8,
  GOTPCREL: 9,
  _32: 10,
  _32S: 11,
  _16: 12,
  PC16: 13,
  _8: 14,
  PC8: 15,
  PC64: 24,
  GOTOFF64: 25,
  GOTPC32: 26,
  GOTPCREL64: 28,
  GOTPC64: 29,
  GOTPCRELX: 41,
  REX_GOTPCRELX: 42,
} as const;

/** The same numbers as an object: `R_AARCH64.CALL26`. */
export const R_AARCH64 = {
  NONE: 0,
  ABS64: 257,
  ABS32: 258,
  ABS16: 259,
  PREL64: 260,
  PREL32: 261,
  PREL16: 262,
  MOVW_UABS_G0: 263,
  MOVW_UABS_G0_NC: 264,
  MOVW_UABS_G1: 265,
  MOVW_UABS_G1_NC: 266,
  MOVW_UABS_G2: 267,
  MOVW_UABS_G2_NC: 268,
  MOVW_UABS_G3: 269,
  MOVW_SABS_G0: 270,
  MOVW_SABS_G1: 271,
  MOVW_SABS_G2: 272,
  LD_PREL_LO19: 273,
  ADR_PREL_LO21: 274,
  ADR_PREL_PG_HI21: 275,
  ADR_PREL_PG_HI21_NC: 276,
  ADD_ABS_LO12_NC: 277,
  LDST8_ABS_LO12_NC: 278,
  TSTBR14: 279,
  CONDBR19: 280,
  JUMP26: 282,
  CALL26: 283,
  LDST16_ABS_LO12_NC: 284,
  LDST32_ABS_LO12_NC: 285,
  LDST64_ABS_LO12_NC: 286,
  MOVW_PREL_G0: 287,
  MOVW_PREL_G0_NC: 288,
  MOVW_PREL_G1: 289,
  MOVW_PREL_G1_NC: 290,
  MOVW_PREL_G2: 291,
  MOVW_PREL_G2_NC: 292,
  MOVW_PREL_G3: 293,
  LDST128_ABS_LO12_NC: 299,
  GOT_LD_PREL19: 309,
  ADR_GOT_PAGE: 311,
  LD64_GOT_LO12_NC: 312,
  PLT32: 314,
} as const;

const X86_64_NAMES = new Map<number, string>(Object.entries(R_X86_64).map(([k, v]) => [v, `R_X86_64_${k.replace(/^_/, '')}`]));
const AARCH64_NAMES = new Map<number, string>(Object.entries(R_AARCH64).map(([k, v]) => [v, `R_AARCH64_${k}`]));

/** Types patch-x86_64.ts applies. */
export const X86_64_SUPPORTED: ReadonlySet<number> = new Set([R_X86_64.NONE, R_X86_64._64, R_X86_64.PC32, R_X86_64.PLT32, R_X86_64.GOTPCREL, R_X86_64._32, R_X86_64._32S, R_X86_64._16, R_X86_64.PC16, R_X86_64._8, R_X86_64.PC8, R_X86_64.PC64, R_X86_64.GOTPCREL64, R_X86_64.GOTPCRELX, R_X86_64.REX_GOTPCRELX]);
/** Types patch-aarch64.ts applies. */
export const AARCH64_SUPPORTED: ReadonlySet<number> = new Set(Object.values(R_AARCH64));

/** The relocation's ELF name, e.g. `R_X86_64_PC32`, or `R_X86_64_<n>` if unknown. */
export function relocationName(machine: number, type: number): string {
  if (machine === EM_X86_64) return X86_64_NAMES.get(type) ?? `R_X86_64_${type}`;
  if (machine === EM_AARCH64) return AARCH64_NAMES.get(type) ?? `R_AARCH64_${type}`;
  return `R_EM${machine}_${type}`;
}

/** Whether the patcher for `machine` can apply relocations of `type`. */
export function isKnownRelocation(machine: number, type: number): boolean {
  if (machine === EM_X86_64) return X86_64_SUPPORTED.has(type);
  if (machine === EM_AARCH64) return AARCH64_SUPPORTED.has(type);
  return false;
}
