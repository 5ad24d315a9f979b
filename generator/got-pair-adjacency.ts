// aarch64: clang schedules other instructions between the two halves of a GOT
// load (`adrp x8, :got:_JIT_OPARG; mov w9, #1; ldr x8, [x8, :got_lo12:...]`),
// and only an adjacent pair can be rewritten at patch time into the value
// itself (movz/movk, adr, adrp+add: runtime/jit/patch-aarch64.ts). This pass
// moves such an ADRP down to just before its LDR when that cannot change what
// the code computes: the LDR loads into the register it addresses with (so the
// register holds the value afterwards either way), and the instructions in
// between neither name that register, nor branch, nor are branched to, nor
// depend on where they are without a hole. Runs on code whose hole kind column
// still holds ELF relocation types, per part (hot or cold) of a stencil.
import { HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_SYMBOL, HOLE_VALUE, HOLE_ADDEND } from '../format/stencil-format.ts';
import { R_AARCH64 } from '../format/relocations.ts';
import { branchTargetOf, isPositionDependent } from './branch-relaxation-aarch64.ts';
import type { DecodedInstruction } from './disassembler.ts';

const HOLE_TYPE = HOLE_KIND;

const read32 = (code: readonly number[], at: number) => (code[at] | (code[at + 1] << 8) | (code[at + 2] << 16) | (code[at + 3] << 24)) >>> 0;
const isAdrp = (w: number) => (w & 0x9f000000) >>> 0 === 0x90000000;
/** LDR Xt, [Xn, #imm12*8] */
const isLdr64Imm = (w: number) => (w & 0xffc00000) >>> 0 === 0xf9400000;

/** Control transfers: B/BL/B.cond/CBZ/TBZ and the register forms (BR, BLR, RET, ...). */
function isBranch(w: number): boolean {
  return branchTargetOf(w, 0) !== null || (w & 0xfe000000) >>> 0 === 0xd6000000 || (w & 0x7c000000) >>> 0 === 0x14000000;
}

export interface AdjacencyResult {
  /** Old offset -> new offset of every instruction that moved. */
  moved: Map<number, number>;
  pairs: number;
}

/**
 * Makes GOT pairs of `code` adjacent in place (code and hole offsets), returns
 * what moved. `decode` names the registers each instruction uses (capstone).
 */
export function makeGotPairsAdjacent(code: number[], holes: number[], decode: (code: Uint8Array) => DecodedInstruction[] | null): AdjacencyResult {
  const result: AdjacencyResult = { moved: new Map(), pairs: 0 };
  if (code.length === 0 || code.length % 4 !== 0) return result;
  const rows: number[] = [];
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) rows.push(i);
  let insns: DecodedInstruction[] | null;
  try {
    insns = decode(Uint8Array.from(code));
  } catch {
    return result; // capstone throws on bytes it cannot decode
  }
  if (!insns || insns.length !== code.length / 4) return result;
  // Every internal branch target (an instruction with a hole has none: it goes elsewhere).
  const targets = new Set<number>();
  for (let at = 0; at < code.length; at += 4) {
    if (rows.some((r) => holes[r + HOLE_OFFSET] >= at && holes[r + HOLE_OFFSET] < at + 4)) continue;
    const t = branchTargetOf(read32(code, at), at);
    if (t !== null) targets.add(t);
  }
  const holeAt = (at: number) => rows.filter((r) => holes[r + HOLE_OFFSET] >= at && holes[r + HOLE_OFFSET] < at + 4);
  // Where each original instruction is now (pairs are disjoint ranges, so moves compose simply).
  const position = code.map((_, i) => i).filter((i) => i % 4 === 0);
  for (const r of rows) {
    if (holes[r + HOLE_TYPE] !== R_AARCH64.ADR_GOT_PAGE) continue;
    const a = holes[r + HOLE_OFFSET];
    const adrp = read32(code, a);
    if (!isAdrp(adrp) || holeAt(a).length !== 1) continue;
    const reg = adrp & 0x1f;
    // x29/x30 may print as fp/lr: the register test below would not see them.
    if (reg >= 29) continue;
    // Its LDR: the next LD64_GOT_LO12_NC hole for the same value, `ldr xN, [xN, ...]`.
    const partner = rows.find((o) => holes[o + HOLE_TYPE] === R_AARCH64.LD64_GOT_LO12_NC && holes[o + HOLE_OFFSET] > a &&
      holes[o + HOLE_VALUE] === holes[r + HOLE_VALUE] && holes[o + HOLE_SYMBOL] === holes[r + HOLE_SYMBOL] && holes[o + HOLE_ADDEND] === holes[r + HOLE_ADDEND]);
    if (partner === undefined) continue;
    const l = holes[partner + HOLE_OFFSET];
    if (l === a + 4) continue; // already adjacent
    const ldr = read32(code, l);
    if (!isLdr64Imm(ldr) || (ldr & 0x1f) !== reg || ((ldr >>> 5) & 0x1f) !== reg || holeAt(l).length !== 1) continue;
    const name = new RegExp(`\\b[xw]${reg}\\b`);
    let safe = true;
    for (let at = a + 4; at < l && safe; at += 4) {
      const w = read32(code, at);
      const insn = insns[at / 4];
      if (targets.has(at) || isBranch(w) || name.test(insn.operands) || (holeAt(at).length === 0 && isPositionDependent(w))) safe = false;
      // Another GOT pair's ADRP in between is fine (it moves with its holes), unless it is this one's partner's register: covered by the name test.
    }
    if (!safe || targets.has(l)) continue;
    // Rotate [a, l) left by one instruction: the ADRP lands at l - 4.
    const bytes = code.slice(a, a + 4);
    code.copyWithin(a, a + 4, l);
    code.splice(l - 4, 4, ...bytes);
    for (const o of rows) {
      const off = holes[o + HOLE_OFFSET];
      if (off >= a && off < a + 4) holes[o + HOLE_OFFSET] = off - a + (l - 4);
      else if (off >= a + 4 && off < l) holes[o + HOLE_OFFSET] = off - 4;
    }
    insns.splice(l / 4 - 1, 0, insns.splice(a / 4, 1)[0]);
    for (let k = 0; k < position.length; k++) {
      const p = position[k];
      if (p >= a && p < a + 4) position[k] = l - 4;
      else if (p >= a + 4 && p < l) position[k] = p - 4;
    }
    result.pairs++;
  }
  position.forEach((p, k) => {
    if (p !== 4 * k) result.moved.set(4 * k, p);
  });
  return result;
}
