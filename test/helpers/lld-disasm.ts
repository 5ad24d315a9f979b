// Independent checks of patched places with capstone: each relocated
// instruction, disassembled, must reach the intended target or show the intended
// constant (directly, or through a GOT slot / trampoline whose content the test
// recorded). Data relocations are read back as integers.
import { Capstone, Const, loadCapstone, type Insn } from 'capstone-wasm';
import { R_AARCH64, R_X86_64 } from '../../format/relocations.ts';
import { pairValue } from './a64-pair-value.ts';
import type { ResolvedRelocation } from './lld-link.ts';

let x86: Capstone | undefined;
let a64: Capstone | undefined;

export async function initCapstone(): Promise<void> {
  if (x86) return;
  await loadCapstone();
  x86 = new Capstone(Const.CS_ARCH_X86, Const.CS_MODE_64);
  a64 = new Capstone(Const.CS_ARCH_ARM64, Const.CS_MODE_ARM);
}

export function disasmX86(code: Uint8Array, address: number): Insn[] {
  return x86!.disasm(code, { address });
}

export function disasmA64(code: Uint8Array, address: number): Insn[] {
  return a64!.disasm(code, { address });
}

/** What a GOT slot or trampoline address stands for. */
export interface SlotContents {
  got: ReadonlyMap<number, number>;
  trampolines: ReadonlyMap<number, number>;
}

const M64 = (1n << 64n) - 1n;
const big = (v: number) => BigInt(v);

function numbers(opStr: string): bigint[] {
  return [...opStr.matchAll(/(-?)(0x[0-9a-f]+|\b\d+\b)/g)].map((m) => (m[1] ? -BigInt(m[2]) : BigInt(m[2])));
}

function readLE(code: Uint8Array, at: number, bytes: number): bigint {
  let v = 0n;
  for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(code[at + i]);
  return v;
}

function describe(insn: Insn | undefined, r: ResolvedRelocation): string {
  const what = insn ? `${insn.mnemonic} ${insn.opStr} @0x${Number(insn.address).toString(16)}` : 'no instruction';
  return `type ${r.rel.type} offset 0x${r.rel.offset.toString(16)} ${r.symbolName} S=0x${r.S.toString(16)} A=${r.A}: ${what}`;
}

/** Checks a data relocation by reading the patched value back. */
function checkData(code: Uint8Array, r: ResolvedRelocation, bytes: number, pcrel: boolean): string | null {
  const want = (big(pcrel ? r.S + r.A - r.P : r.S + r.A) & ((1n << BigInt(bytes * 8)) - 1n));
  const got = readLE(code, r.rel.offset, bytes);
  return got === want ? null : `${describe(undefined, r)}: data reads 0x${got.toString(16)}, want 0x${want.toString(16)}`;
}

/** Returns null when the x86_64 place is right, else a description of what is wrong. */
export function checkX86(code: Uint8Array, base: number, insns: Insn[] | null, r: ResolvedRelocation, slots: SlotContents): string | null {
  const T = R_X86_64;
  const t = r.rel.type;
  if (!insns) {
    if (t === T._64) return checkData(code, r, 8, false);
    if (t === T.PC64) return checkData(code, r, 8, true);
    if (t === T._32 || t === T._32S) return checkData(code, r, 4, false);
    if (t === T.PC32 || t === T.PLT32) return checkData(code, r, 4, true);
    if (t === T._16) return checkData(code, r, 2, false);
    if (t === T.PC16) return checkData(code, r, 2, true);
    if (t === T._8) return checkData(code, r, 1, false);
    if (t === T.PC8) return checkData(code, r, 1, true);
    return `${describe(undefined, r)}: unexpected data relocation`;
  }
  const at = base + r.rel.offset;
  const insn = insns.find((i) => Number(i.address) <= at && at < Number(i.address) + i.size);
  if (!insn) return `${describe(undefined, r)}: no instruction covers the place`;
  const end = Number(insn.address) + insn.size;
  const rip = /rip ([+-]) (0x[0-9a-f]+|\d+)/.exec(insn.opStr);
  const E = rip ? end + (rip[1] === '-' ? -1 : 1) * Number(rip[2]) : undefined;
  const isBranch = /^(call|jmp|j[a-z]+)$/.test(insn.mnemonic) && /^0x[0-9a-f]+$/.test(insn.opStr);
  const branchTarget = isBranch ? Number(insn.opStr) : undefined;
  const bad = (why: string) => `${describe(insn, r)}: ${why}`;
  const S = r.S;
  switch (t) {
    case T._64:
    case T._32:
    case T._32S: {
      const want = big(S + r.A) & M64;
      return numbers(insn.opStr).some((n) => (n & M64) === want) ? null : bad(`no operand equals 0x${want.toString(16)}`);
    }
    case T.PC32:
    case T.PLT32: {
      const E2 = branchTarget ?? E;
      if (E2 === undefined) return bad('no PC-relative operand');
      const reached = E2 - (end - r.P) - r.A;
      if (reached === S || slots.trampolines.get(reached) === S) return null;
      return bad(`reaches 0x${reached.toString(16)}`);
    }
    case T.GOTPCREL:
    case T.GOTPCRELX:
    case T.REX_GOTPCRELX: {
      if (branchTarget !== undefined) return branchTarget === S ? null : bad('relaxed branch misses the symbol');
      if (insn.mnemonic === 'lea') return E === S ? null : bad('relaxed lea misses the symbol');
      if (E !== undefined) {
        const slot = E - (end - r.P) - r.A;
        return slots.got.get(slot) === S ? null : bad(`loads from 0x${slot.toString(16)}, not a GOT slot holding S`);
      }
      // Immediate forms (mov $imm / binop $imm / test $imm).
      const want32 = big(S) & 0xffffffffn;
      return numbers(insn.opStr).some((n) => (n & 0xffffffffn) === want32) ? null : bad('no immediate equals S');
    }
    default:
      return bad('unexpected code relocation');
  }
}

const page = (x: number) => x - (((x % 4096) + 4096) % 4096);

/** Returns null when the aarch64 place is right, else a description of what is wrong. */
export function checkA64(
  code: Uint8Array, base: number, isCode: boolean, r: ResolvedRelocation, all: readonly ResolvedRelocation[], slots: SlotContents,
): string | null {
  const T = R_AARCH64;
  const t = r.rel.type;
  const X = r.S + r.A;
  if (!isCode) {
    if (t === T.ABS64) return checkData(code, r, 8, false);
    if (t === T.PREL64) return checkData(code, r, 8, true);
    if (t === T.ABS32) return checkData(code, r, 4, false);
    if (t === T.PREL32 || t === T.PLT32) return checkData(code, r, 4, true);
    if (t === T.ABS16) return checkData(code, r, 2, false);
    if (t === T.PREL16) return checkData(code, r, 2, true);
    return `${describe(undefined, r)}: unexpected data relocation`;
  }
  const insn = disasmA64(code.subarray(r.rel.offset, r.rel.offset + 4), r.P)[0];
  const bad = (why: string) => `${describe(insn, r)}: ${why}`;
  if (!insn) return bad('does not disassemble');
  const nums = numbers(insn.opStr.replace(/\b[xwqdsbh]\d+\b/g, ''));
  const last = nums.length ? Number(nums[nums.length - 1]) : 0;
  switch (t) {
    case T.CALL26:
    case T.JUMP26:
    case T.CONDBR19:
    case T.TSTBR14:
      return last === X || slots.trampolines.get(last) === X ? null : bad(`branches to 0x${last.toString(16)}`);
    case T.ADR_PREL_LO21:
    case T.LD_PREL_LO19:
      return last === X ? null : bad('wrong target');
    case T.GOT_LD_PREL19:
      return slots.got.get(last) === X ? null : bad('not a GOT slot holding X');
    case T.ADR_PREL_PG_HI21:
      return insn.mnemonic === 'adrp' && last === page(X) ? null : bad(`page 0x${last.toString(16)}, want 0x${page(X).toString(16)}`);
    case T.ADR_PREL_PG_HI21_NC: {
      // No overflow check: only the page delta modulo 2^33 is encoded.
      const wrap = (v: number) => ((big(v) % (1n << 33n)) + (1n << 33n)) % (1n << 33n);
      return insn.mnemonic === 'adrp' && wrap(last - page(r.P)) === wrap(page(X) - page(r.P)) ? null : bad('wrong page delta');
    }
    case T.ADD_ABS_LO12_NC:
    case T.LDST8_ABS_LO12_NC:
    case T.LDST16_ABS_LO12_NC:
    case T.LDST32_ABS_LO12_NC:
    case T.LDST64_ABS_LO12_NC:
    case T.LDST128_ABS_LO12_NC: {
      const imm = /#/.test(insn.opStr) ? last : 0;
      return imm === (X & 0xfff) ? null : bad(`offset 0x${imm.toString(16)}, want 0x${(X & 0xfff).toString(16)}`);
    }
    case T.ADR_GOT_PAGE: {
      const pair = adjacentPair(code, r, all, slots);
      if (pair !== undefined) return pair === null ? null : bad(pair);
      if (insn.mnemonic !== 'adrp') return bad('not an adrp');
      if (last === page(X)) return null;
      for (const [slot, v] of slots.got) if (v === X && page(slot) === last) return null;
      return bad('page is neither the target nor a GOT slot holding it');
    }
    case T.LD64_GOT_LO12_NC: {
      const pair = adjacentPair(code, r, all, slots);
      if (pair !== undefined) return pair === null ? null : bad(pair);
      // The ADRP this LDR (or relaxed ADD) pairs with: same symbol, destination = our base register.
      const word = Number(readLE(code, r.rel.offset, 4));
      const rn = (word >>> 5) & 31;
      const adrp = [...all].reverse().find((o) =>
        o.rel.type === T.ADR_GOT_PAGE && o.rel.offset < r.rel.offset && o.S + o.A === X &&
        (Number(readLE(code, o.rel.offset, 4)) & 31) === rn);
      if (!adrp) return bad('no matching adrp');
      const pg = Number(numbers(disasmA64(code.subarray(adrp.rel.offset, adrp.rel.offset + 4), adrp.P)[0].opStr.replace(/\bx\d+\b/g, '')).pop());
      const imm = /#/.test(insn.opStr) ? last : 0;
      if (insn.mnemonic === 'add') return pg + imm === X ? null : bad(`adrp+add gives 0x${(pg + imm).toString(16)}`);
      if (insn.mnemonic === 'ldr') return slots.got.get(pg + imm) === X ? null : bad(`loads 0x${(pg + imm).toString(16)}, not a GOT slot holding X`);
      return bad('neither add nor ldr');
    }
    default:
      return checkMovw(insn, r, bad);
  }
}

/**
 * An adjacent GOT pair (ADR_GOT_PAGE at o, LD64_GOT_LO12_NC at o + 4, same
 * value) that `r` is half of: null when the two instructions leave X in the
 * register (in any of the patcher's forms, lld's included), else what is wrong;
 * undefined when `r` is not half of one.
 */
function adjacentPair(code: Uint8Array, r: ResolvedRelocation, all: readonly ResolvedRelocation[], slots: SlotContents): string | null | undefined {
  const T = R_AARCH64;
  const X = r.S + r.A;
  const first = r.rel.type === T.ADR_GOT_PAGE ? r : all.find((o) => o.rel.type === T.ADR_GOT_PAGE && o.rel.offset === r.rel.offset - 4 && o.S + o.A === X);
  const second = r.rel.type === T.LD64_GOT_LO12_NC ? r : all.find((o) => o.rel.type === T.LD64_GOT_LO12_NC && o.rel.offset === r.rel.offset + 4 && o.S + o.A === X);
  if (!first || !second) return undefined;
  const [a, b] = disasmA64(code.subarray(first.rel.offset, first.rel.offset + 8), first.P);
  const v = pairValue(a, b, (address) => {
    const held = slots.got.get(Number(address));
    return held === undefined ? undefined : big(held);
  });
  if (typeof v === 'string') return v;
  return v === (big(X) & M64) ? null : `the pair gives 0x${v.toString(16)}`;
}

function checkMovw(insn: Insn, r: ResolvedRelocation, bad: (why: string) => string): string | null {
  const T = R_AARCH64;
  const t = r.rel.type;
  const unsigned = t >= T.MOVW_UABS_G0 && t <= T.MOVW_UABS_G3;
  const signedAbs = t >= T.MOVW_SABS_G0 && t <= T.MOVW_SABS_G2;
  const prel = t >= T.MOVW_PREL_G0 && t <= T.MOVW_PREL_G3;
  if (!unsigned && !signedAbs && !prel) return bad('unexpected code relocation');
  const shift = BigInt(
    unsigned ? ((t - T.MOVW_UABS_G0) >> 1) * 16 : signedAbs ? (t - T.MOVW_SABS_G0) * 16 : ((t - T.MOVW_PREL_G0) >> 1) * 16,
  );
  const v = big(prel ? r.S + r.A - r.P : r.S + r.A);
  const chunk = (v >> shift) & 0xffffn;
  const nums = numbers(insn.opStr.replace(/\b[xw]\d+\b/g, ''));
  if (insn.mnemonic === 'movk') {
    const lsl = nums.length > 1 ? nums[1] : 0n;
    return nums[0] === chunk && lsl === shift ? null : bad(`movk chunk 0x${nums[0]?.toString(16)}, want 0x${chunk.toString(16)}`);
  }
  // movz/movn, which capstone shows as `mov xN, #value` (the whole register value).
  let want: bigint;
  if (unsigned) want = chunk << shift;
  else if ((v >> shift) & 0x10000n) want = ~(((~v >> shift) & 0xffffn) << shift);
  else want = chunk << shift;
  const shown = insn.mnemonic === 'mov' ? nums[0] : insn.mnemonic === 'movz' ? nums[0] << (nums[1] ?? 0n) : ~(nums[0] << (nums[1] ?? 0n));
  return (shown & M64) === (want & M64) ? null : bad(`register value 0x${(shown & M64).toString(16)}, want 0x${(want & M64).toString(16)}`);
}
