// Applies one x86_64 patch kind (format/patch-kinds.ts) to a byte array, the
// way ld.lld does for a static, non-PIE link, including its GOTPCRELX
// relaxations. Addresses are plain numbers (user space fits in 47 bits); the
// hot path allocates nothing.
//
// Notation (psABI): S = symbol address or value, A = addend, P = address of the
// place (code base + offset), G = a GOT slot holding S.
//
// GOT-indirect kinds (the generator picked them from the instruction; A = -4),
// in order of preference, as ld.lld 19 decides:
//   ff 15 call *S@GOTPCREL(%rip)  -> 67 e8 addr32 call S       if S-P fits rel32
//   ff 25 jmp  *S@GOTPCREL(%rip)  -> e9 .. 90 jmp S; nop       if S-P fits rel32
//   8b    mov  S@GOTPCREL(%rip),r -> 8d lea S(%rip), r          if S-P fits rel32
//   REX 85/03/0b/13/1b/23/2b/33/3b test/binop
//                                 -> f7 /0 or 81 /n with imm32 = S   if S fits
//                                    (lld does this in -no-pie links)
// and otherwise the instruction stays indirect through slots.gotSlot(S).
// One relaxation lld 19 does not do: a `mov` whose S is out of rel32 range but
// fits an imm32 becomes `mov $S, r` (c7 /0), as CPython's JIT does; this keeps
// small operand values (oparg) out of the GOT when code is far from them.
// Plain GOTPCREL is never relaxed (lld does not either). A branch rel32 out of
// range goes through slots.trampoline(S), which is what a PLT entry is; a plain
// rel32 out of range is an error.
import { PatchKind, patchKindName } from '../../format/patch-kinds.ts';
import { encodeData16, encodeData64, encodeData8, encodeX86Imm32, fitsInt32, fitsIntOrUint, fitsSigned, fitsUint32 } from './field-encoders.ts';
import type { LinkerSlots } from './linker-slots.ts';
import { PatchError, describeValue, outsideSection } from './patch-errors.ts';

const TWO_32 = 0x1_0000_0000;

/** rel32 to a GOT slot holding S: G + A - P. */
function patchGotRel32(code: Uint8Array, offset: number, kind: PatchKind, P: number, S: number, A: number, slots: LinkerSlots, what: string | undefined): void {
  const v = slots.gotSlot(S) + A - P;
  if (!fitsInt32(v)) throw new PatchError(describeValue(what ?? patchKindName(kind), offset, v, 'a signed 32-bit field (GOT slot out of reach)', P, S, A));
  encodeX86Imm32(code, offset, v);
}

function fail(kind: PatchKind, offset: number, v: number, P: number, S: number, A: number, what: string | undefined, field: string): never {
  throw new PatchError(describeValue(what ?? patchKindName(kind), offset, v, field, P, S, A));
}

/** REX.R -> REX.B: the register moves from ModRM.reg to ModRM.rm. */
function rexToRm(code: Uint8Array, at: number): void {
  const rex = code[at];
  code[at] = (rex & ~0x04) | ((rex & 0x04) >> 2);
}

/**
 * Applies one patch of `kind` at `code[offset]`. P is the runtime address of the
 * place, S the symbol's address or value, A the addend. Throws on overflow and
 * on a place outside the array; never truncates. `what` names the patch in
 * messages (default: the kind's name).
 */
export function patchX86_64(code: Uint8Array, offset: number, kind: PatchKind, P: number, S: number, A: number, slots: LinkerSlots, what?: string): void {
  outsideSection(code, offset, kind, what);
  switch (kind) {
    case PatchKind.X86_ABS64:
      return encodeData64(code, offset, S + A);
    case PatchKind.X86_PCREL64:
      return encodeData64(code, offset, S + A - P);
    case PatchKind.X86_REL32: {
      const v = S + A - P;
      if (!fitsInt32(v)) fail(kind, offset, v, P, S, A, what, 'a signed 32-bit field');
      return encodeX86Imm32(code, offset, v);
    }
    case PatchKind.X86_BRANCH32: {
      let v = S + A - P;
      if (!fitsInt32(v)) {
        v = slots.trampoline(S) + A - P;
        if (!fitsInt32(v)) fail(kind, offset, v, P, S, A, what, 'a signed 32-bit field even through the trampoline');
      }
      return encodeX86Imm32(code, offset, v);
    }
    case PatchKind.X86_ABS32:
    case PatchKind.X86_ABS32S: {
      const v = S + A;
      const signed = kind === PatchKind.X86_ABS32S;
      if (signed ? !fitsInt32(v) : !fitsUint32(v)) fail(kind, offset, v, P, S, A, what, signed ? 'a sign-extended 32-bit field' : 'a zero-extended 32-bit field');
      return encodeX86Imm32(code, offset, v);
    }
    case PatchKind.X86_ABS16:
    case PatchKind.X86_PCREL16: {
      const pcrel = kind === PatchKind.X86_PCREL16;
      const v = pcrel ? S + A - P : S + A;
      if (pcrel ? !fitsSigned(v, 16) : !fitsIntOrUint(v, 16)) fail(kind, offset, v, P, S, A, what, 'a 16-bit field');
      return encodeData16(code, offset, v);
    }
    case PatchKind.X86_ABS8:
    case PatchKind.X86_PCREL8: {
      const pcrel = kind === PatchKind.X86_PCREL8;
      const v = pcrel ? S + A - P : S + A;
      if (pcrel ? !fitsSigned(v, 8) : !fitsIntOrUint(v, 8)) fail(kind, offset, v, P, S, A, what, 'a 8-bit field');
      return encodeData8(code, offset, v);
    }
    case PatchKind.X86_GOT_REL32:
      return patchGotRel32(code, offset, kind, P, S, A, slots, what);
    case PatchKind.X86_GOT_REL64:
      return encodeData64(code, offset, slots.gotSlot(S) + A - P);
    case PatchKind.X86_GOT_MOV:
    case PatchKind.X86_GOT_MOV_REX:
    case PatchKind.X86_GOT_MOV_REXW: {
      const direct = S + A - P;
      if (fitsInt32(direct)) {
        code[offset - 2] = 0x8d; // mov S@GOTPCREL(%rip), r  ->  lea S(%rip), r
        return encodeX86Imm32(code, offset, direct);
      }
      // Not in lld: mov S@GOTPCREL(%rip), r  ->  mov $S, r (c7 /0 id) when S fits the immediate.
      if (kind === PatchKind.X86_GOT_MOV_REXW ? fitsInt32(S) : S >= 0 && S < TWO_32) {
        if (kind !== PatchKind.X86_GOT_MOV) rexToRm(code, offset - 3);
        const modRm = code[offset - 1];
        code[offset - 2] = 0xc7;
        code[offset - 1] = 0xc0 | ((modRm & 0x38) >> 3);
        return encodeX86Imm32(code, offset, S);
      }
      return patchGotRel32(code, offset, kind, P, S, A, slots, what);
    }
    case PatchKind.X86_GOT_CALL: {
      const direct = S + A - P;
      if (fitsInt32(direct)) {
        code[offset - 2] = 0x67; // call *S@GOTPCREL(%rip)  ->  addr32 call S
        code[offset - 1] = 0xe8;
        return encodeX86Imm32(code, offset, direct);
      }
      return patchGotRel32(code, offset, kind, P, S, A, slots, what);
    }
    case PatchKind.X86_GOT_JMP: {
      const direct = S + A - P;
      if (fitsInt32(direct + 1)) {
        code[offset - 2] = 0xe9; // jmp *S@GOTPCREL(%rip)  ->  jmp S; nop
        encodeX86Imm32(code, offset - 1, direct + 1);
        code[offset + 3] = 0x90;
        return;
      }
      return patchGotRel32(code, offset, kind, P, S, A, slots, what);
    }
    case PatchKind.X86_GOT_ALU: {
      if (S >= 0 && S <= 0x7fff_ffff) {
        // lld's -no-pie relaxation: test/binop S@GOTPCREL(%rip), r  ->  test/binop $S, r.
        const op = code[offset - 2];
        const modRm = code[offset - 1];
        rexToRm(code, offset - 3);
        if (op === 0x85) {
          code[offset - 2] = 0xf7;
          code[offset - 1] = 0xc0 | ((modRm & 0x38) >> 3);
        } else {
          code[offset - 2] = 0x81;
          code[offset - 1] = 0xc0 | ((modRm & 0x38) >> 3) | (op & 0x3c);
        }
        return encodeX86Imm32(code, offset, S);
      }
      return patchGotRel32(code, offset, kind, P, S, A, slots, what);
    }
    default:
      throw new PatchError(`${what ?? patchKindName(kind)} at offset 0x${offset.toString(16)}: not an x86_64 patch kind`);
  }
}
