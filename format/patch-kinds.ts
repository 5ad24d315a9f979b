// How the runtime patches a hole: one kind per instruction field and the way
// its value is computed, decided by the generator from the ELF relocation and
// the instruction it sits in (generator/patch-kind-selection.ts) and written
// into the tables, as CPython's build step picks each hole's patch function.
// The runtime's patchers switch on these (runtime/jit/apply-patch.ts) and
// never see an ELF relocation type.
//
// Notation: S = the symbol's address or value, A = the addend, P = the place's
// address, Page(x) = x & ~0xfff, slot = an 8-byte GOT/constant slot holding S + A.
import { EM_AARCH64, EM_X86_64 } from './elf-machines.ts';

export const enum PatchKind {
  // ---- x86_64 ----
  /** 64-bit absolute S + A. */
  X86_ABS64 = 0,
  /** 64-bit S + A - P. */
  X86_PCREL64,
  /** Signed 32-bit S + A - P (a rel32 displacement). */
  X86_REL32,
  /** The rel32 of a call or jmp: beyond ±2 GiB through a trampoline (a PLT entry). */
  X86_BRANCH32,
  /** Zero-extended 32-bit absolute S + A. */
  X86_ABS32,
  /** Sign-extended 32-bit absolute S + A. */
  X86_ABS32S,
  /** 16-bit absolute S + A (signed or unsigned). */
  X86_ABS16,
  /** Signed 16-bit S + A - P. */
  X86_PCREL16,
  /** 8-bit absolute S + A (signed or unsigned). */
  X86_ABS8,
  /** Signed 8-bit S + A - P. */
  X86_PCREL8,
  /** rel32 to a GOT slot holding S (never relaxed). */
  X86_GOT_REL32,
  /** 64-bit slot - P. */
  X86_GOT_REL64,
  /** `mov S@GOTPCREL(%rip), r` (no REX): `lea S(%rip), r` in rel32 range, else `mov $S, r` if S fits 32 bits unsigned, else the slot. */
  X86_GOT_MOV,
  /** The same with a REX prefix without W (32-bit register): the immediate is zero-extended. */
  X86_GOT_MOV_REX,
  /** The same with REX.W (64-bit register): the immediate is sign-extended. */
  X86_GOT_MOV_REXW,
  /** `call *S@GOTPCREL(%rip)`: `addr32 call S` in rel32 range, else the slot. */
  X86_GOT_CALL,
  /** `jmp *S@GOTPCREL(%rip)`: `jmp S; nop` in rel32 range, else the slot. */
  X86_GOT_JMP,
  /** A REX test or ALU op on S@GOTPCREL(%rip): its immediate form when 0 <= S < 2^31, else the slot. */
  X86_GOT_ALU,

  // ---- aarch64 ----
  /** 64-bit absolute S + A. */
  A64_ABS64,
  /** 32-bit absolute S + A (signed or unsigned). */
  A64_ABS32,
  /** 16-bit absolute S + A (signed or unsigned). */
  A64_ABS16,
  /** 64-bit S + A - P. */
  A64_PREL64,
  /** 32-bit S + A - P (signed or unsigned). */
  A64_PREL32,
  /** 16-bit S + A - P (signed or unsigned). */
  A64_PREL16,
  /** Signed 32-bit S + A - P. */
  A64_PLT32,
  /** ADRP: Page(S + A) - Page(P) in the 21-bit immediate, ±4 GiB checked. */
  A64_ADRP,
  /** ADRP, unchecked. */
  A64_ADRP_NC,
  /** ADR: S + A - P in the 21-bit immediate, ±1 MiB. */
  A64_ADR,
  /** The 12-bit immediate of ADD or LDRB/STRB: the low 12 bits of S + A. */
  A64_LO12,
  /** LDRH/STRH: the low 12 bits, 2-byte aligned, scaled. */
  A64_LO12_X2,
  /** LDR/STR W: the low 12 bits, 4-byte aligned, scaled. */
  A64_LO12_X4,
  /** LDR/STR X: the low 12 bits, 8-byte aligned, scaled. */
  A64_LO12_X8,
  /** LDR/STR Q: the low 12 bits, 16-byte aligned, scaled. */
  A64_LO12_X16,
  /** B/BL imm26 (±128 MiB); beyond that through a trampoline. */
  A64_BRANCH26,
  /** B.cond/CBZ/CBNZ imm19 (±1 MiB); beyond that through a trampoline (lld has no thunks for it). */
  A64_CONDBR19,
  /** LDR (literal) imm19 (±1 MiB). */
  A64_LDLIT19,
  /** TBZ/TBNZ imm14 (±32 KiB); beyond that through a trampoline. */
  A64_TSTBR14,
  /** MOVZ/MOVK of bits 0-15 of S + A, which must fit 16 bits unsigned. */
  A64_MOVW_UABS_G0,
  A64_MOVW_UABS_G0_NC,
  A64_MOVW_UABS_G1,
  A64_MOVW_UABS_G1_NC,
  A64_MOVW_UABS_G2,
  A64_MOVW_UABS_G2_NC,
  A64_MOVW_UABS_G3,
  /** MOVZ/MOVN of a signed S + A (negative: MOVN of the inverted group). */
  A64_MOVW_SABS_G0,
  A64_MOVW_SABS_G1,
  A64_MOVW_SABS_G2,
  /** MOVZ/MOVN/MOVK of a group of S + A - P. */
  A64_MOVW_PREL_G0,
  A64_MOVW_PREL_G0_NC,
  A64_MOVW_PREL_G1,
  A64_MOVW_PREL_G1_NC,
  A64_MOVW_PREL_G2,
  A64_MOVW_PREL_G2_NC,
  A64_MOVW_PREL_G3,
  /** ADRP of a GOT slot's page (the pair cannot be relaxed). */
  A64_GOT_PAGE,
  /** ADRP of a GOT pair `adrp xN; ldr xN, [xN, ...]` (adjacent, one register): MOVZ/MOVN of S + A when it has at most two 16-bit groups, ADR of it within ±1 MiB, ADRP of it within ±4 GiB, else of the slot. */
  A64_GOT_PAGE_PAIRED,
  /** LDR of a GOT slot's low 12 bits (scaled by 8). */
  A64_GOT_LO12,
  /** The LDR of such a pair: MOVK (or NOP), NOP after an ADR, `add xN, xN, :lo12:S+A` after an ADRP of S + A, else the slot's LDR. */
  A64_GOT_LO12_PAIRED,
  /** LDR (literal) of a GOT slot. */
  A64_GOT_LDLIT19,
}

export interface PatchKindInfo {
  name: string;
  machine: number;
  /** Bytes from the place that the patch writes (the hole's field, and any instruction bytes after it it rewrites). */
  size: number;
  /** Bytes before the place that the patch reads or rewrites (the opcode and ModRM of a relaxed x86_64 GOT load). */
  before: number;
  /** May need an 8-byte GOT or constant slot. */
  slot: boolean;
  /** May need a trampoline (a branch out of range). */
  trampoline: boolean;
  /** What the runtime writes, for `inspect`. */
  description: string;
}

const x86 = (name: string, size: number, description: string, extra: Partial<PatchKindInfo> = {}): PatchKindInfo => ({
  name, machine: EM_X86_64, size, before: 0, slot: false, trampoline: false, description, ...extra,
});
const a64 = (name: string, size: number, description: string, extra: Partial<PatchKindInfo> = {}): PatchKindInfo => ({
  name, machine: EM_AARCH64, size, before: 0, slot: false, trampoline: false, description, ...extra,
});
const movw = (what: string, group: number, checked: boolean) =>
  a64(`movw ${what} g${group}${checked ? '' : ' nc'}`, 4, `MOVZ/MOVN/MOVK: bits ${16 * group}-${16 * group + 15} of ${what === 'prel' ? 'S + A - P' : 'S + A'}${checked ? ' (range checked)' : ''}`);
const GOT_RELAXED = 'relaxed to a direct rel32 instruction when the value is within ±2 GiB; else rel32 to a GOT slot in the trace\'s data holding it';

/** Every kind's description; a Record, so the type checker refuses a kind without one. */
const INFO: Readonly<Record<PatchKind, PatchKindInfo>> = {
  [PatchKind.X86_ABS64]: x86('abs64', 8, '64-bit absolute: the value + addend'),
  [PatchKind.X86_PCREL64]: x86('pcrel64', 8, '64-bit PC-relative: the value + addend - place'),
  [PatchKind.X86_REL32]: x86('rel32', 4, '32-bit PC-relative: the value + addend - place (range ±2 GiB, checked)'),
  [PatchKind.X86_BRANCH32]: x86('branch rel32', 4, 'call/jmp rel32 to the value + addend; beyond ±2 GiB through a trampoline (jmp *[rip]; .quad target) placed after the trace', { trampoline: true }),
  [PatchKind.X86_ABS32]: x86('abs32', 4, '32-bit absolute, zero-extended: the value + addend (must fit, checked)'),
  [PatchKind.X86_ABS32S]: x86('abs32s', 4, '32-bit absolute, sign-extended: the value + addend (must fit, checked)'),
  [PatchKind.X86_ABS16]: x86('abs16', 2, '16-bit absolute: the value + addend (checked)'),
  [PatchKind.X86_PCREL16]: x86('pcrel16', 2, '16-bit PC-relative (checked)'),
  [PatchKind.X86_ABS8]: x86('abs8', 1, '8-bit absolute: the value + addend (checked)'),
  [PatchKind.X86_PCREL8]: x86('pcrel8', 1, '8-bit PC-relative (checked)'),
  [PatchKind.X86_GOT_REL32]: x86('got rel32', 4, "rel32 to a GOT slot in the trace's data holding the value", { slot: true }),
  [PatchKind.X86_GOT_REL64]: x86('got rel64', 8, '64-bit offset of a GOT slot holding the value', { slot: true }),
  [PatchKind.X86_GOT_MOV]: x86('got mov', 4, `mov from the GOT: lea when in range, mov of a 32-bit immediate when the value fits one; ${GOT_RELAXED}`, { slot: true, before: 2 }),
  [PatchKind.X86_GOT_MOV_REX]: x86('got mov rex', 4, `mov from the GOT (REX): lea when in range, mov of a zero-extended immediate when the value fits one; ${GOT_RELAXED}`, { slot: true, before: 3 }),
  [PatchKind.X86_GOT_MOV_REXW]: x86('got mov rex.w', 4, `mov from the GOT (REX.W): lea when in range, mov of a sign-extended immediate when the value fits one; ${GOT_RELAXED}`, { slot: true, before: 3 }),
  [PatchKind.X86_GOT_CALL]: x86('got call', 4, `call through the GOT: ${GOT_RELAXED}`, { slot: true, before: 2 }),
  [PatchKind.X86_GOT_JMP]: x86('got jmp', 4, `jmp through the GOT: ${GOT_RELAXED}`, { slot: true, before: 2 }),
  [PatchKind.X86_GOT_ALU]: x86('got alu', 4, 'test/ALU op on a GOT entry: its immediate form when the value fits 31 bits, else rel32 to a GOT slot', { slot: true, before: 3 }),

  [PatchKind.A64_ABS64]: a64('abs64', 8, '64-bit absolute: the value + addend'),
  [PatchKind.A64_ABS32]: a64('abs32', 4, '32-bit absolute (checked)'),
  [PatchKind.A64_ABS16]: a64('abs16', 2, '16-bit absolute (checked)'),
  [PatchKind.A64_PREL64]: a64('prel64', 8, '64-bit PC-relative'),
  [PatchKind.A64_PREL32]: a64('prel32', 4, '32-bit PC-relative (checked)'),
  [PatchKind.A64_PREL16]: a64('prel16', 2, '16-bit PC-relative (checked)'),
  [PatchKind.A64_PLT32]: a64('plt32', 4, '32-bit PC-relative, signed (checked)'),
  [PatchKind.A64_ADRP]: a64('adrp', 4, 'ADRP: 4 KiB page delta, ±4 GiB'),
  [PatchKind.A64_ADRP_NC]: a64('adrp nc', 4, 'ADRP: 4 KiB page delta, unchecked'),
  [PatchKind.A64_ADR]: a64('adr', 4, 'ADR: PC-relative, ±1 MiB'),
  [PatchKind.A64_LO12]: a64('lo12', 4, 'ADD/LDRB/STRB: low 12 bits of the address'),
  [PatchKind.A64_LO12_X2]: a64('lo12 x2', 4, 'LDRH/STRH: low 12 bits of the address, scaled by 2'),
  [PatchKind.A64_LO12_X4]: a64('lo12 x4', 4, 'LDR/STR W: low 12 bits of the address, scaled by 4'),
  [PatchKind.A64_LO12_X8]: a64('lo12 x8', 4, 'LDR/STR X: low 12 bits of the address, scaled by 8'),
  [PatchKind.A64_LO12_X16]: a64('lo12 x16', 4, 'LDR/STR Q: low 12 bits of the address, scaled by 16'),
  [PatchKind.A64_BRANCH26]: a64('branch26', 4, 'B/BL imm26: the value + addend - place, ±128 MiB; beyond that through a trampoline (or dropped when it is the trailing jump to the next stencil)', { trampoline: true }),
  [PatchKind.A64_CONDBR19]: a64('condbr19', 4, 'B.cond/CBZ imm19: ±1 MiB PC-relative; beyond that through a trampoline', { trampoline: true }),
  [PatchKind.A64_LDLIT19]: a64('ldlit19', 4, 'LDR literal imm19: ±1 MiB PC-relative (checked)'),
  [PatchKind.A64_TSTBR14]: a64('tstbr14', 4, 'TBZ/TBNZ imm14: ±32 KiB PC-relative; beyond that through a trampoline', { trampoline: true }),
  [PatchKind.A64_MOVW_UABS_G0]: movw('uabs', 0, true),
  [PatchKind.A64_MOVW_UABS_G0_NC]: movw('uabs', 0, false),
  [PatchKind.A64_MOVW_UABS_G1]: movw('uabs', 1, true),
  [PatchKind.A64_MOVW_UABS_G1_NC]: movw('uabs', 1, false),
  [PatchKind.A64_MOVW_UABS_G2]: movw('uabs', 2, true),
  [PatchKind.A64_MOVW_UABS_G2_NC]: movw('uabs', 2, false),
  [PatchKind.A64_MOVW_UABS_G3]: movw('uabs', 3, false),
  [PatchKind.A64_MOVW_SABS_G0]: movw('sabs', 0, true),
  [PatchKind.A64_MOVW_SABS_G1]: movw('sabs', 1, true),
  [PatchKind.A64_MOVW_SABS_G2]: movw('sabs', 2, true),
  [PatchKind.A64_MOVW_PREL_G0]: movw('prel', 0, true),
  [PatchKind.A64_MOVW_PREL_G0_NC]: movw('prel', 0, false),
  [PatchKind.A64_MOVW_PREL_G1]: movw('prel', 1, true),
  [PatchKind.A64_MOVW_PREL_G1_NC]: movw('prel', 1, false),
  [PatchKind.A64_MOVW_PREL_G2]: movw('prel', 2, true),
  [PatchKind.A64_MOVW_PREL_G2_NC]: movw('prel', 2, false),
  [PatchKind.A64_MOVW_PREL_G3]: movw('prel', 3, false),
  [PatchKind.A64_GOT_PAGE]: a64('got page', 4, 'ADRP of the page of a GOT slot holding the value', { slot: true }),
  [PatchKind.A64_GOT_PAGE_PAIRED]: a64('got page paired', 4, "first of an adjacent GOT pair: MOVZ/MOVN of the value when it has at most two 16-bit groups other than 0 (or 0xffff), ADR of it within ±1 MiB, ADRP of its page within ±4 GiB, else ADRP of a GOT slot holding it", { slot: true }),
  [PatchKind.A64_GOT_LO12]: a64('got lo12', 4, 'LDR of a GOT slot (low 12 bits, scaled by 8)', { slot: true }),
  [PatchKind.A64_GOT_LO12_PAIRED]: a64('got lo12 paired', 4, 'second of an adjacent GOT pair: MOVK of the second group (or NOP), NOP after an ADR, ADD of the low 12 bits after an ADRP of the value, else LDR of the GOT slot', { slot: true }),
  [PatchKind.A64_GOT_LDLIT19]: a64('got ldlit19', 4, 'LDR literal of a GOT slot (±1 MiB)', { slot: true }),
};

/** Indexed by PatchKind (the kinds are numbered densely from 0). */
export const PATCH_KINDS: readonly PatchKindInfo[] = Array.from({ length: Object.keys(INFO).length }, (_, k) => INFO[k as PatchKind]);

/** Whether `kind` is a patch kind of `machine` (a table for another machine, or a bad number, is not). */
export function isPatchKindOf(kind: number, machine: number): boolean {
  return Number.isInteger(kind) && kind >= 0 && kind < PATCH_KINDS.length && PATCH_KINDS[kind].machine === machine;
}

export function patchKindName(kind: number): string {
  return PATCH_KINDS[kind]?.name ?? `patch kind ${kind}`;
}
