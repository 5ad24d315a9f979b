// The aarch64 stencil passes on small hand-written functions, the unusual
// cases the real stencils may not have today: what must move, what must not
// (test/stencils-lld.test.ts checks every real stencil with ld.lld and capstone,
// test/aarch64-qemu.test.ts and test/aarch64-vm.test.ts run them).
import { beforeAll, describe, expect, it } from 'vitest';
import { HoleValue } from '../format/stencil-format.ts';
import { R_AARCH64 } from '../format/relocations.ts';
import { relaxBranchesAarch64 } from '../generator/branch-relaxation-aarch64.ts';
import { decodeSync, loadDecoder } from '../generator/disassembler.ts';
import { makeGotPairsAdjacent } from '../generator/got-pair-adjacency.ts';

const CMP = 0xeb09011f; // cmp x8, x9
const BNE_8 = 0x54000041; // b.ne .+8
const BEQ_8 = 0x54000040; // b.eq .+8
const B = 0x14000000; // b (a hole)
const ADD = 0x91000508; // add x8, x8, #1
const SUB = 0xd1000508; // sub x8, x8, #1
const MOV_W9 = 0x52800029; // mov w9, #1
const ADRP_X8 = 0x90000008;
const LDR_X8 = 0xf9400108; // ldr x8, [x8]
const ADD_X9_X8 = 0x91000509; // add x9, x8, #1
const BL = 0x94000000;
const ADD_X10 = 0x9100054a; // add x10, x10, #1

const bytes = (...ws: number[]) => ws.flatMap((w) => [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]);
const wordsOf = (code: number[]) => Array.from({ length: code.length / 4 }, (_, k) => (code[4 * k] | (code[4 * k + 1] << 8) | (code[4 * k + 2] << 16) | (code[4 * k + 3] << 24)) >>> 0);
/** A hole row: [offset, ELF type, value, symbol, addend]. */
const hole = (offset: number, type: number, value: number, addend = 0) => [offset, type, value, -1, addend];
const decode = (code: Uint8Array) => decodeSync('arm64', code);

beforeAll(() => loadDecoder('arm64'));

describe('aarch64 branch relaxation', () => {
  it('retargets a B.cond to an exit block and drops the block', () => {
    // cmp; b.ne L; b CONTINUE; L: b EXIT
    const r = relaxBranchesAarch64(bytes(CMP, BNE_8, B, B), [...hole(8, R_AARCH64.JUMP26, HoleValue.CONTINUE), ...hole(12, R_AARCH64.JUMP26, HoleValue.EXIT)])!;
    expect(wordsOf(r.code)).toEqual([CMP, 0x54000001, B]); // b.ne EXIT (its imm19 a hole), b CONTINUE (last: the builder drops it)
    expect(r.holes).toEqual([...hole(4, R_AARCH64.CONDBR19, HoleValue.EXIT), ...hole(8, R_AARCH64.JUMP26, HoleValue.CONTINUE)]);
    expect(r.coldCode).toEqual([]);
  });

  it('inverts a B.cond over a jump to an exit', () => {
    // cmp; b.eq L; b EXIT; L: add; b CONTINUE
    const r = relaxBranchesAarch64(bytes(CMP, BEQ_8, B, ADD, B), [...hole(8, R_AARCH64.JUMP26, HoleValue.EXIT), ...hole(16, R_AARCH64.JUMP26, HoleValue.CONTINUE)])!;
    expect(wordsOf(r.code)).toEqual([CMP, 0x54000001, ADD, B]); // b.ne EXIT
    expect(r.holes).toEqual([...hole(4, R_AARCH64.CONDBR19, HoleValue.EXIT), ...hole(12, R_AARCH64.JUMP26, HoleValue.CONTINUE)]);
  });

  it('moves what follows the first jump to the next stencil to the cold part', () => {
    // cmp; b.ne L; add; b CONTINUE; L: sub; b CONTINUE
    const r = relaxBranchesAarch64(bytes(CMP, BNE_8 + (1 << 5), ADD, B, SUB, B), [...hole(12, R_AARCH64.JUMP26, HoleValue.CONTINUE), ...hole(20, R_AARCH64.JUMP26, HoleValue.CONTINUE)])!;
    expect(wordsOf(r.code)).toEqual([CMP, 0x54000001, ADD, B]);
    expect(r.holes).toEqual([...hole(4, R_AARCH64.CONDBR19, HoleValue.COLD, 0), ...hole(12, R_AARCH64.JUMP26, HoleValue.CONTINUE)]);
    expect(wordsOf(r.coldCode)).toEqual([SUB, B]);
    expect(r.coldHoles).toEqual(hole(4, R_AARCH64.JUMP26, HoleValue.CONTINUE));
  });

  it('leaves a function with a BL or ADR without a hole alone', () => {
    expect(relaxBranchesAarch64(bytes(CMP, BNE_8, BL, B), hole(12, R_AARCH64.JUMP26, HoleValue.EXIT))).toBeNull();
    expect(relaxBranchesAarch64(bytes(CMP, BNE_8, 0x10000008, B), hole(12, R_AARCH64.JUMP26, HoleValue.EXIT))).toBeNull();
  });
});

describe('aarch64 GOT pairs made adjacent', () => {
  const pair = (between: number[], ldr = LDR_X8) => {
    const code = bytes(ADRP_X8, ...between, ldr);
    const holes = [...hole(0, R_AARCH64.ADR_GOT_PAGE, HoleValue.OPARG), ...hole(4 + 4 * between.length, R_AARCH64.LD64_GOT_LO12_NC, HoleValue.OPARG)];
    const r = makeGotPairsAdjacent(code, holes, decode);
    return { words: wordsOf(code), holes, pairs: r.pairs, moved: r.moved };
  };

  it('moves the ADRP down to its LDR over instructions that leave the register alone', () => {
    const r = pair([MOV_W9, ADD_X10]);
    expect(r.words).toEqual([MOV_W9, ADD_X10, ADRP_X8, LDR_X8]);
    expect(r.holes).toEqual([...hole(8, R_AARCH64.ADR_GOT_PAGE, HoleValue.OPARG), ...hole(12, R_AARCH64.LD64_GOT_LO12_NC, HoleValue.OPARG)]);
    expect([...r.moved]).toEqual([[0, 8], [4, 0], [8, 4]]);
  });

  it('leaves it where an instruction in between names the register (x8 or w8)', () => {
    expect(pair([ADD_X9_X8]).pairs).toBe(0);
    expect(pair([CMP]).pairs).toBe(0); // cmp x8, x9
  });

  it('leaves it where the LDR loads into another register, or something branches in between', () => {
    expect(pair([MOV_W9], 0xf9400109).pairs).toBe(0); // ldr x9, [x8]
    expect(pair([BNE_8, MOV_W9]).pairs).toBe(0);
  });
});
