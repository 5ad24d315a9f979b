// ELF relocation type numbers (r_info & 0xffffffff) for the two targets and
// their names, spelled once each. Values from the System V x86-64 psABI and
// AAELF64. Only the generator (and the tests that speak to ld.lld) use them:
// the tables carry patch kinds (format/patch-kinds.ts).
export { EM_AARCH64, EM_X86_64 } from './elf-machines.ts';
import { EM_AARCH64, EM_X86_64 } from './elf-machines.ts';

/** x86_64: `R_X86_64._64`, `R_X86_64.PC32` (names starting with a digit get a `_`). */
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

/** aarch64: `R_AARCH64.CALL26`. */
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

/** The relocation's ELF name, e.g. `R_X86_64_PC32`, or `R_X86_64_<n>` if unknown. */
export function relocationName(machine: number, type: number): string {
  if (machine === EM_X86_64) return X86_64_NAMES.get(type) ?? `R_X86_64_${type}`;
  if (machine === EM_AARCH64) return AARCH64_NAMES.get(type) ?? `R_AARCH64_${type}`;
  return `R_EM${machine}_${type}`;
}
