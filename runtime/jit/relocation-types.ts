// ELF relocation type numbers the stencils use, per target, with their names
// (for tables, inspect output and error messages).
import { EM_AARCH64, EM_X86_64 } from './elf-machines.ts';

export const R_X86_64 = {
  NONE: 0,
  _64: 1,
  PC32: 2,
  GOT32: 3,
  PLT32: 4,
  GOTPCREL: 9,
  _32: 10,
  _32S: 11,
  PC64: 24,
  GOTPCRELX: 41,
  REX_GOTPCRELX: 42,
} as const;

export const R_AARCH64 = {
  NONE: 0,
  ABS64: 257,
  ABS32: 258,
  PREL64: 260,
  PREL32: 261,
  MOVW_UABS_G0: 263,
  MOVW_UABS_G0_NC: 264,
  MOVW_UABS_G1: 265,
  MOVW_UABS_G1_NC: 266,
  MOVW_UABS_G2: 267,
  MOVW_UABS_G2_NC: 268,
  MOVW_UABS_G3: 269,
  MOVW_PREL_G0: 287,
  MOVW_PREL_G0_NC: 288,
  MOVW_PREL_G1: 289,
  MOVW_PREL_G1_NC: 290,
  MOVW_PREL_G2: 291,
  MOVW_PREL_G2_NC: 292,
  MOVW_PREL_G3: 293,
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
  LDST128_ABS_LO12_NC: 299,
  ADR_GOT_PAGE: 311,
  LD64_GOT_LO12_NC: 312,
} as const;

function invert(table: Record<string, number>, prefix: string): Map<number, string> {
  return new Map(Object.entries(table).map(([k, v]) => [v, prefix + k.replace(/^_/, '')]));
}

const X86_64_NAMES = invert(R_X86_64, 'R_X86_64_');
const AARCH64_NAMES = invert(R_AARCH64, 'R_AARCH64_');

function namesFor(machine: number): Map<number, string> | undefined {
  return machine === EM_X86_64 ? X86_64_NAMES : machine === EM_AARCH64 ? AARCH64_NAMES : undefined;
}

export function isKnownRelocation(machine: number, type: number): boolean {
  return type !== 0 && (namesFor(machine)?.has(type) ?? false);
}

export function relocationName(machine: number, type: number): string {
  return namesFor(machine)?.get(type) ?? `relocation type ${type}`;
}
