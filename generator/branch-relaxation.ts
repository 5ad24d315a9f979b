// x86_64 stencil clean-up after clang: a branch to a block that only jumps on
// to a hole (`jbe L; ... L: jmp *_JIT_EXIT@GOTPCREL(%rip)`) becomes a direct
// branch to the hole (`jbe rel32` patched to the exit stub), and the block,
// now unreachable, goes. The uop's last instruction is then usually its jump
// to `_JIT_CONTINUE`, which the builder drops: the hot path runs straight into
// the next stencil and a failed guard is one conditional branch to its exit.
// Internal branches are re-encoded (rel8 widened to rel32 when needed). A jump
// through a register loaded from the GOT (`mov T@GOTPCREL(%rip), %rax; ...; jmp *%rax`:
// clang's choice when a tail call passes more than six arguments) becomes the
// same `jmp *T@GOTPCREL(%rip)` where the `jmp *%rax` was (the register is
// dead after a tail jump: none of the stencils' arguments lives in it). Any construct this
// pass does not understand leaves the stencil as it was.
//
// Hot/cold splitting: clang lays unlikely blocks (exits that push operands,
// slow paths) after the hot path's `jmp _JIT_CONTINUE`, so the hot path ended in
// a taken jump over them. Everything after the first unconditional jump to
// `_JIT_CONTINUE` moves to the stencil's cold part, which the trace compiler
// places after the whole trace body; the jump is then last and is dropped.
// Branches between the parts become rel32 holes against the other part
// (HoleValue.COLD from hot code, HoleValue.CODE from cold code).
import { HOLE_ADDEND, HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_SYMBOL, HOLE_VALUE, HoleValue } from '../format/stencil-format.ts';
import { R_X86_64 } from '../format/relocations.ts';
import type { DecodedInstruction } from './disassembler.ts';

/** Relaxation runs before patch kinds are chosen: the kind column still holds the ELF relocation type. */
const HOLE_TYPE = HOLE_KIND;

/** Hole values a jump block can stand for: places in the trace, always within rel32 reach. */
const TRACE_TARGETS = new Set<number>([HoleValue.CONTINUE, HoleValue.EXIT, HoleValue.JUMP_TARGET, HoleValue.TOP]);

type Kind = 'plain' | 'jcc' | 'jmp' | 'drop';

/** The two parts of a split stencil. */
const HOT = 0;
const COLD = 1;

interface Item {
  insn: DecodedInstruction;
  kind: Kind;
  /** Condition code of a jcc (low nibble). */
  cc: number;
  /** Internal target (original address) of a branch kept inside the stencil. */
  target: number;
  /** Hole value a retargeted branch now goes to, or -1. */
  tail: number;
  size: number;
  address: number;
}

export interface Relaxed {
  code: number[];
  holes: number[];
  /** Out-of-line code (empty when nothing was split off) and its holes, offsets from its start. */
  coldCode: number[];
  coldHoles: number[];
  /** Original hole offset → where it went, for relocation records. */
  moved: Map<number, MovedHole>;
  /** New branch holes that replace a jump block: where they are, and the offset of the block's hole. */
  derived: { place: CodePlace; offset: number; from: number }[];
  /** New holes of internal branches whose target the split put in the other part, and the branch's original offset. */
  crossing: { place: CodePlace; offset: number; from: number }[];
  /** aarch64: GOT pairs made adjacent (generator/got-pair-adjacency.ts), which pays even when the code keeps its size. */
  adjacentPairs?: number;
}

/** The stencil's code, or its out-of-line cold part. */
export type CodePlace = 'code' | 'cold';

export interface MovedHole {
  place: CodePlace;
  offset: number;
  /** The hole of a jump through a register, folded into a GOT jump. */
  folded: boolean;
}

function branchOf(b: Uint8Array): { kind: Kind; cc: number; dispAt: number; width: 1 | 4 } | null {
  if (b[0] >= 0x70 && b[0] <= 0x7f) return { kind: 'jcc', cc: b[0] & 0xf, dispAt: 1, width: 1 };
  if (b[0] === 0x0f && b[1] >= 0x80 && b[1] <= 0x8f) return { kind: 'jcc', cc: b[1] & 0xf, dispAt: 2, width: 4 };
  if (b[0] === 0xeb) return { kind: 'jmp', cc: 0, dispAt: 1, width: 1 };
  if (b[0] === 0xe9) return { kind: 'jmp', cc: 0, dispAt: 1, width: 4 };
  return null;
}

function disp(b: Uint8Array, at: number, width: 1 | 4): number {
  return width === 1 ? (b[at] << 24) >> 24 : b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
}

/** A pattern matching every name of a 64-bit general register and its parts (rcx: rcx, ecx, cx, cl, ch). */
function registerNames(reg64: string): RegExp {
  const legacy = /^r([abcd])x$/.exec(reg64);
  if (legacy) return new RegExp(`\\b(r${legacy[1]}x|e${legacy[1]}x|${legacy[1]}x|${legacy[1]}l|${legacy[1]}h)\\b`);
  const indexed = /^r(si|di|bp|sp)$/.exec(reg64);
  if (indexed) return new RegExp(`\\b(r${indexed[1]}|e${indexed[1]}|${indexed[1]}|${indexed[1]}l)\\b`);
  return new RegExp(`\\b${reg64}[dwb]?\\b`);
}

export function relaxBranches(code: number[], holes: number[], decode: (code: Uint8Array) => DecodedInstruction[] | null): Relaxed | null {
  const insns = decode(Uint8Array.from(code));
  if (!insns) return null;
  const rows: number[] = [];
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) rows.push(i);
  // A self-reference (jump table, address of a label) would move with the code.
  if (rows.some((r) => holes[r + HOLE_VALUE] === HoleValue.CODE)) return null;
  const holeIn = (insn: DecodedInstruction) => rows.filter((r) => holes[r + HOLE_OFFSET] >= insn.address && holes[r + HOLE_OFFSET] < insn.address + insn.size);
  // Jump blocks: `jmp *T@GOTPCREL(%rip)` with T a place in the trace.
  const blocks = new Map<number, number>();
  const blockHole = new Map<number, number>();
  for (const insn of insns) {
    const h = holeIn(insn);
    if (insn.size === 6 && insn.bytes[0] === 0xff && insn.bytes[1] === 0x25 && h.length === 1) {
      const r = h[0];
      if (TRACE_TARGETS.has(holes[r + HOLE_VALUE]) && holes[r + HOLE_TYPE] === R_X86_64.GOTPCRELX && holes[r + HOLE_ADDEND] === -4 && holes[r + HOLE_OFFSET] === insn.address + 2) {
        blocks.set(insn.address, holes[r + HOLE_VALUE]);
        blockHole.set(insn.address, holes[r + HOLE_OFFSET]);
      }
    }
  }
  // Jumps through a register: the `jmp *%reg` address -> the hole row of its
  // mov (instructions between must leave the register alone and not branch).
  const viaRax = new Map<number, number>();
  const movOfJump = new Set<number>();
  const branchTargets = insns.flatMap((insn) => {
    const br = branchOf(insn.bytes);
    return br ? [insn.address + insn.size + disp(insn.bytes, br.dispAt, br.width)] : [];
  });
  for (let k = 0; k < insns.length; k++) {
    const mov = insns[k];
    const h = holeIn(mov);
    // mov reg64, [rip + disp32]: REX.W 8b, modrm 00 reg 101.
    if (mov.size !== 7 || (mov.bytes[0] & 0xfb) !== 0x48 || mov.bytes[1] !== 0x8b || (mov.bytes[2] & 0xc7) !== 0x05 || h.length !== 1) continue;
    const r = h[0];
    if (!TRACE_TARGETS.has(holes[r + HOLE_VALUE]) || holes[r + HOLE_TYPE] !== R_X86_64.REX_GOTPCRELX || holes[r + HOLE_ADDEND] !== -4 || holes[r + HOLE_OFFSET] !== mov.address + 3) continue;
    const reg = mov.operands.split(',')[0].trim();
    const uses = registerNames(reg);
    let m = k + 1;
    while (m < insns.length && !(insns[m].mnemonic === 'jmp' && insns[m].operands.trim() === reg)) {
      if (branchOf(insns[m].bytes) || /^(j|call|ret|loop)/.test(insns[m].mnemonic) || uses.test(insns[m].operands)) break;
      m++;
    }
    if (m >= insns.length || insns[m].mnemonic !== 'jmp' || insns[m].operands.trim() !== reg) continue;
    // Code that branches in between the two would jump with another value in the register.
    const jmpAt = insns[m].address;
    if (branchTargets.some((t) => t > mov.address && t <= jmpAt)) continue;
    viaRax.set(insns[m].address, r);
    movOfJump.add(mov.address);
    // Nothing between: branches to the mov are branches to the jump itself.
    if (m === k + 1) {
      blocks.set(mov.address, holes[r + HOLE_VALUE]);
      blockHole.set(mov.address, holes[r + HOLE_OFFSET]);
    }
  }
  if (blocks.size === 0 && viaRax.size === 0) return null;
  const starts = new Set(insns.map((i) => i.address));
  const items: Item[] = [];
  let retargeted = 0;
  for (const insn of insns) {
    if (movOfJump.has(insn.address)) {
      items.push({ insn, kind: 'drop', cc: 0, target: -1, tail: -1, size: 0, address: insn.address });
      continue;
    }
    if (viaRax.has(insn.address)) {
      items.push({ insn, kind: 'plain', cc: 0, target: -1, tail: -1, size: 6, address: insn.address });
      continue;
    }
    const br = branchOf(insn.bytes);
    if (!br) {
      // Other control transfers, or code addressed relative to rip without a hole, would break when code moves.
      // (a call rel32 whose displacement is a hole moves with its hole)
      const patchedCall = insn.bytes[0] === 0xe8 && holeIn(insn).some((r) => holes[r + HOLE_OFFSET] === insn.address + 1);
      if (/^(j|loop|call)/.test(insn.mnemonic) && !(insn.bytes[0] === 0xff || (insn.bytes[0] === 0x67 && insn.bytes[1] === 0xe8) || patchedCall)) return null;
      if (insn.operands.includes('rip') && holeIn(insn).length === 0) return null;
      items.push({ insn, kind: 'plain', cc: 0, target: -1, tail: -1, size: insn.size, address: insn.address });
      continue;
    }
    const target = insn.address + insn.size + disp(insn.bytes, br.dispAt, br.width);
    if (!starts.has(target)) return null;
    const tail = blocks.get(target) ?? -1;
    if (tail >= 0) retargeted++;
    items.push({ insn, kind: br.kind, cc: br.cc, target, tail, size: br.width === 1 ? 2 : br.kind === 'jcc' ? 6 : 5, address: insn.address });
  }
  // A jump block no branch targets any more, and that nothing falls into, is dead.
  const dead = new Set<number>();
  for (let k = 1; k < items.length; k++) {
    const a = items[k].address;
    if (!blocks.has(a)) continue;
    const prevItem = items[k - 1];
    if (prevItem.kind === 'drop') continue;
    const prev = prevItem.insn.bytes;
    const fallsIn = !(prev[0] === 0xc3 || prev[0] === 0xe9 || prev[0] === 0xeb || (prev[0] === 0xff && (prev[1] === 0x25 || (prev[1] & 0x38) === 0x20)));
    if (!fallsIn && !items.some((it) => it.tail < 0 && it.target === a)) {
      dead.add(a);
      // A dead mov+jmp pair goes whole.
      const jmp = items[k + 1];
      if (items[k].kind === 'drop' && jmp && viaRax.has(jmp.address)) dead.add(jmp.address);
    }
  }
  const kept = items.filter((it) => !dead.has(it.address));
  for (const it of kept) if (it.tail >= 0) it.size = it.kind === 'jcc' ? 6 : 5;
  // The hot part ends at the first unconditional jump to the next stencil; what follows is cold.
  const jumpsToContinue = (it: Item) =>
    (viaRax.has(it.address) && holes[viaRax.get(it.address)! + HOLE_VALUE] === HoleValue.CONTINUE) ||
    (it.kind === 'plain' && blocks.get(it.address) === HoleValue.CONTINUE && it.insn.bytes[0] === 0xff) ||
    (it.kind === 'jmp' && it.tail === HoleValue.CONTINUE);
  const splitAt = kept.findIndex(jumpsToContinue);
  const coldFrom = splitAt >= 0 && splitAt < kept.length - 1 ? splitAt + 1 : kept.length;
  if (retargeted === 0 && viaRax.size === 0 && coldFrom === kept.length) return null;
  const partOf = new Map<number, number>();
  kept.forEach((it, k) => partOf.set(it.address, k < coldFrom ? HOT : COLD));
  const crosses = (it: Item) => it.tail < 0 && (it.kind === 'jcc' || it.kind === 'jmp') && partOf.get(it.address) !== partOf.get(it.target);
  for (const it of kept) if (crosses(it)) it.size = it.kind === 'jcc' ? 6 : 5;
  // Lay out each part until every internal rel8 branch reaches.
  const newAddress = new Map<number, number>();
  for (let pass = 0; pass < 8; pass++) {
    const at = [0, 0];
    for (const it of kept) {
      const part = partOf.get(it.address)!;
      newAddress.set(it.address, at[part]);
      at[part] += it.size;
    }
    let grew = false;
    for (const it of kept) {
      if (it.kind === 'plain' || it.kind === 'drop' || it.tail >= 0 || it.size > 2) continue;
      const d = newAddress.get(it.target)! - (newAddress.get(it.address)! + 2);
      if (d < -128 || d > 127) {
        it.size = it.kind === 'jcc' ? 6 : 5;
        grew = true;
      }
    }
    if (!grew) break;
    if (pass === 7) return null;
  }
  const out: number[][] = [[], []];
  const newHoles: number[][] = [[], []];
  const moved = new Map<number, MovedHole>();
  const derived: Relaxed['derived'] = [];
  const crossing: Relaxed['crossing'] = [];
  const placeOf = (part: number): CodePlace => (part === HOT ? 'code' : 'cold');
  const hole = (part: number, offset: number, type: number, value: number, symbol: number, addend: number) => {
    newHoles[part].push(offset, type, value, symbol, addend);
  };
  const move = (part: number, from: number, to: number, folded = false) => moved.set(from, { place: placeOf(part), offset: to, folded });
  for (const it of kept) {
    const part = partOf.get(it.address)!;
    const code = out[part];
    const at = newAddress.get(it.address)!;
    if (it.kind === 'drop') continue;
    const viaRaxRow = viaRax.get(it.address);
    if (viaRaxRow !== undefined) {
      // `jmp *T@GOTPCREL(%rip)`: the builder drops it when last, the patcher relaxes it otherwise.
      code.push(0xff, 0x25);
      move(part, holes[viaRaxRow + HOLE_OFFSET], at + 2, true);
      hole(part, at + 2, R_X86_64.GOTPCRELX, holes[viaRaxRow + HOLE_VALUE], holes[viaRaxRow + HOLE_SYMBOL], -4);
      code.push(0, 0, 0, 0);
      continue;
    }
    if (it.kind === 'plain') {
      code.push(...it.insn.bytes);
      for (const r of holeIn(it.insn)) {
        const o = holes[r + HOLE_OFFSET];
        const n = at + (o - it.address);
        move(part, o, n);
        hole(part, n, holes[r + HOLE_TYPE], holes[r + HOLE_VALUE], holes[r + HOLE_SYMBOL], holes[r + HOLE_ADDEND]);
      }
      continue;
    }
    const opcode = it.kind === 'jcc' ? (it.size === 2 ? [0x70 | it.cc] : [0x0f, 0x80 | it.cc]) : it.size === 2 ? [0xeb] : [0xe9];
    code.push(...opcode);
    const end = at + it.size;
    if (it.tail >= 0) {
      // rel32 to the trace place the block jumped to: a PC32 hole, in range by construction.
      derived.push({ place: placeOf(part), offset: code.length, from: blockHole.get(it.target)! });
      hole(part, code.length, R_X86_64.PC32, it.tail, -1, -4);
      code.push(0, 0, 0, 0);
    } else if (crosses(it)) {
      // rel32 into the other part: its start (COLD, or this stencil's CODE) plus the target's offset there.
      crossing.push({ place: placeOf(part), offset: code.length, from: it.address });
      hole(part, code.length, R_X86_64.PC32, part === HOT ? HoleValue.COLD : HoleValue.CODE, -1, newAddress.get(it.target)! - 4);
      code.push(0, 0, 0, 0);
    } else {
      const d = newAddress.get(it.target)! - end;
      if (it.size === 2) code.push(d & 0xff);
      else code.push(d & 0xff, (d >> 8) & 0xff, (d >> 16) & 0xff, (d >>> 24) & 0xff);
    }
  }
  return { code: out[HOT], holes: newHoles[HOT], coldCode: out[COLD], coldHoles: newHoles[COLD], moved, derived, crossing };
}
