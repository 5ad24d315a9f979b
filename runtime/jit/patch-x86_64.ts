// Applies one x86_64 ELF relocation to a byte array, the way ld.lld does for a
// static, non-PIE link, including its GOTPCRELX relaxations. Addresses are plain
// numbers (user space fits in 47 bits); the hot path allocates nothing.
//
// Notation (psABI): S = symbol address or value, A = addend, P = address of the
// place (code base + offset), G = a GOT slot holding S.
//
// GOT-indirect forms (R_X86_64_GOTPCRELX / R_X86_64_REX_GOTPCRELX with A = -4),
// in order of preference, as ld.lld 19 decides:
//   ff 15 call *S@GOTPCREL(%rip)  -> 67 e8 addr32 call S       if S-P fits rel32
//   ff 25 jmp  *S@GOTPCREL(%rip)  -> e9 .. 90 jmp S; nop       if S-P fits rel32
//   8b    mov  S@GOTPCREL(%rip),r -> 8d lea S(%rip), r          if S-P fits rel32
//   REX 85/03/0b/13/1b/23/2b/33/3b test/binop (REX_GOTPCRELX only)
//                                 -> f7 /0 or 81 /n with imm32 = S   if S fits
//                                    (lld does this in -no-pie links)
// and otherwise the instruction stays indirect through slots.gotSlot(S).
// One relaxation lld 19 does not do: a `mov` whose S is out of rel32 range but
// fits an imm32 becomes `mov $S, r` (c7 /0), as CPython's JIT does; this keeps
// small operand values (oparg) out of the GOT when code is far from them.
// Plain R_X86_64_GOTPCREL is never relaxed (lld does not either).
// R_X86_64_PLT32 out of rel32 range goes through slots.trampoline(S), which is
// what a PLT entry is; R_X86_64_PC32 out of range is an error.
import { write16, write32, write64, write8 } from './byte-access.ts';
import type { LinkerSlots } from './linker-slots.ts';
import {
  EM_X86_64,
  R_X86_64_16,
  R_X86_64_32,
  R_X86_64_32S,
  R_X86_64_64,
  R_X86_64_8,
  R_X86_64_GOTPCREL,
  R_X86_64_GOTPCREL64,
  R_X86_64_GOTPCRELX,
  R_X86_64_NONE,
  R_X86_64_PC16,
  R_X86_64_PC32,
  R_X86_64_PC64,
  R_X86_64_PC8,
  R_X86_64_PLT32,
  R_X86_64_REX_GOTPCRELX,
  relocationName,
} from '../../format/relocations.ts';

const TWO_32 = 0x1_0000_0000;

function hex(v: number): string {
  return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

function outOfRange(type: number, offset: number, value: number, field: string, P: number, S: number, A: number): never {
  throw new Error(
    `${relocationName(EM_X86_64, type)} at offset ${hex(offset)}: value ${hex(value)} does not fit ${field} ` +
      `(S=${hex(S)}, A=${A}, P=${hex(P)})`,
  );
}

function badInstruction(type: number, offset: number, what: string): never {
  throw new Error(`${relocationName(EM_X86_64, type)} at offset ${hex(offset)}: ${what}`);
}

const isInt32 = (v: number) => v >= -0x8000_0000 && v <= 0x7fff_ffff;

function checkBounds(code: Uint8Array, offset: number, size: number, type: number): void {
  if (offset < 0 || offset + size > code.length) {
    badInstruction(type, offset, `place of ${size} bytes is outside the ${code.length}-byte section`);
  }
}

// --- one function per patch kind ---

function patchAbs64(code: Uint8Array, offset: number, S: number, A: number): void {
  write64(code, offset, S + A);
}

function patchPcRel64(code: Uint8Array, offset: number, P: number, S: number, A: number): void {
  write64(code, offset, S + A - P);
}

/** R_X86_64_PC32 and friends: S + A - P in a signed 32-bit field. */
function patchPcRel32(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number): void {
  const v = S + A - P;
  if (!isInt32(v)) outOfRange(type, offset, v, 'a signed 32-bit field', P, S, A);
  write32(code, offset, v);
}

/** R_X86_64_PLT32: a call/jmp; out of range, branch to a trampoline (a PLT entry) instead. */
function patchPlt32(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  let v = S + A - P;
  if (!isInt32(v)) {
    v = slots.trampoline(S) + A - P;
    if (!isInt32(v)) outOfRange(type, offset, v, 'a signed 32-bit field even through the trampoline', P, S, A);
  }
  write32(code, offset, v);
}

/** R_X86_64_32 (zero-extended) and R_X86_64_32S (sign-extended) absolute values. */
function patchAbs32(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, signed: boolean): void {
  const v = S + A;
  if (signed ? !isInt32(v) : v < 0 || v >= TWO_32) {
    outOfRange(type, offset, v, signed ? 'a sign-extended 32-bit field' : 'a zero-extended 32-bit field', P, S, A);
  }
  write32(code, offset, v);
}

/** Small data fields: R_X86_64_16/8 accept signed or unsigned values, PC16/PC8 signed. */
function patchSmall(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, bits: number, pcrel: boolean): void {
  const v = pcrel ? S + A - P : S + A;
  const half = 2 ** (bits - 1);
  const ok = pcrel ? v >= -half && v < half : v >= -half && v < 2 * half;
  if (!ok) outOfRange(type, offset, v, `a ${bits}-bit field`, P, S, A);
  if (bits === 16) write16(code, offset, v);
  else write8(code, offset, v);
}

/** R_X86_64_GOTPCREL (and the X forms that cannot be relaxed): G + A - P. */
function patchGotPcRel32(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  const v = slots.gotSlot(S) + A - P;
  if (!isInt32(v)) outOfRange(type, offset, v, 'a signed 32-bit field (GOT slot out of reach)', P, S, A);
  write32(code, offset, v);
}

function patchGotPcRel64(code: Uint8Array, offset: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  write64(code, offset, slots.gotSlot(S) + A - P);
}

/** Is `op` (with a ModRM addressing [rip+disp32]) a test or ALU op lld rewrites to an immediate form? */
function isTestOrBinop(op: number): boolean {
  return op === 0x85 || (op <= 0x3b && (op & 0xc7) === 0x03);
}

/** R_X86_64_GOTPCRELX / R_X86_64_REX_GOTPCRELX: relax like lld when possible, else use the GOT. */
function patchGotPcRelX(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  if (A === -4 && offset >= 2) {
    const op = code[offset - 2];
    const modRm = code[offset - 1];
    const direct = S + A - P;
    if (op === 0x8b && (modRm & 0xc7) === 0x05) {
      if (isInt32(direct)) {
        code[offset - 2] = 0x8d; // mov S@GOTPCREL(%rip), r  ->  lea S(%rip), r
        write32(code, offset, direct);
        return;
      }
      // Not in lld: mov S@GOTPCREL(%rip), r  ->  mov $S, r (c7 /0 id) when S fits the immediate.
      const hasRex = type === R_X86_64_REX_GOTPCRELX && offset >= 3 && (code[offset - 3] & 0xf0) === 0x40;
      const wide = hasRex && (code[offset - 3] & 0x08) !== 0;
      if (wide ? isInt32(S) : S >= 0 && S < TWO_32) {
        if (hasRex) {
          const rex = code[offset - 3];
          code[offset - 3] = (rex & ~0x04) | ((rex & 0x04) >> 2); // REX.R -> REX.B
        }
        code[offset - 2] = 0xc7;
        code[offset - 1] = 0xc0 | ((modRm & 0x38) >> 3);
        write32(code, offset, S);
        return;
      }
    } else if (op === 0xff && modRm === 0x15) {
      if (isInt32(direct)) {
        code[offset - 2] = 0x67; // call *S@GOTPCREL(%rip)  ->  addr32 call S
        code[offset - 1] = 0xe8;
        write32(code, offset, direct);
        return;
      }
    } else if (op === 0xff && modRm === 0x25) {
      if (isInt32(direct + 1)) {
        code[offset - 2] = 0xe9; // jmp *S@GOTPCREL(%rip)  ->  jmp S; nop
        write32(code, offset - 1, direct + 1);
        code[offset + 3] = 0x90;
        return;
      }
    } else if (
      type === R_X86_64_REX_GOTPCRELX &&
      offset >= 3 &&
      (code[offset - 3] & 0xf0) === 0x40 &&
      (modRm & 0xc7) === 0x05 &&
      isTestOrBinop(op) &&
      S >= 0 &&
      S <= 0x7fff_ffff
    ) {
      // lld's -no-pie relaxation: test/binop S@GOTPCREL(%rip), r  ->  test/binop $S, r.
      const rex = code[offset - 3];
      code[offset - 3] = (rex & ~0x04) | ((rex & 0x04) >> 2);
      if (op === 0x85) {
        code[offset - 2] = 0xf7;
        code[offset - 1] = 0xc0 | ((modRm & 0x38) >> 3);
      } else {
        code[offset - 2] = 0x81;
        code[offset - 1] = 0xc0 | ((modRm & 0x38) >> 3) | (op & 0x3c);
      }
      write32(code, offset, S);
      return;
    }
  }
  patchGotPcRel32(code, offset, type, P, S, A, slots);
}

/**
 * Applies one relocation of `type` at `code[offset]`. P is the runtime address of
 * the place, S the symbol's address or value, A the addend. Throws on overflow
 * and on unsupported types; never truncates.
 */
export function relocate(code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots): void {
  switch (type) {
    case R_X86_64_NONE:
      return;
    case R_X86_64_64:
      checkBounds(code, offset, 8, type);
      return patchAbs64(code, offset, S, A);
    case R_X86_64_PC64:
      checkBounds(code, offset, 8, type);
      return patchPcRel64(code, offset, P, S, A);
    case R_X86_64_PC32:
      checkBounds(code, offset, 4, type);
      return patchPcRel32(code, offset, type, P, S, A);
    case R_X86_64_PLT32:
      checkBounds(code, offset, 4, type);
      return patchPlt32(code, offset, type, P, S, A, slots);
    case R_X86_64_32:
      checkBounds(code, offset, 4, type);
      return patchAbs32(code, offset, type, P, S, A, false);
    case R_X86_64_32S:
      checkBounds(code, offset, 4, type);
      return patchAbs32(code, offset, type, P, S, A, true);
    case R_X86_64_16:
      checkBounds(code, offset, 2, type);
      return patchSmall(code, offset, type, P, S, A, 16, false);
    case R_X86_64_PC16:
      checkBounds(code, offset, 2, type);
      return patchSmall(code, offset, type, P, S, A, 16, true);
    case R_X86_64_8:
      checkBounds(code, offset, 1, type);
      return patchSmall(code, offset, type, P, S, A, 8, false);
    case R_X86_64_PC8:
      checkBounds(code, offset, 1, type);
      return patchSmall(code, offset, type, P, S, A, 8, true);
    case R_X86_64_GOTPCREL:
      checkBounds(code, offset, 4, type);
      return patchGotPcRel32(code, offset, type, P, S, A, slots);
    case R_X86_64_GOTPCRELX:
    case R_X86_64_REX_GOTPCRELX:
      checkBounds(code, offset, 4, type);
      return patchGotPcRelX(code, offset, type, P, S, A, slots);
    case R_X86_64_GOTPCREL64:
      checkBounds(code, offset, 8, type);
      return patchGotPcRel64(code, offset, P, S, A, slots);
    default:
      badInstruction(type, offset, 'unsupported relocation type for the x86_64 patcher');
  }
}
