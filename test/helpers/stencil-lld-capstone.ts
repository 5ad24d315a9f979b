// Test support: checks one patched hole of a real stencil with capstone,
// independently of lld. The instruction holding the hole, disassembled, must
// reach the intended target or show the intended constant: directly (`jmp
// 0x10082000`, `movabs rax, 0x123456789abc`, `bl #0x11000300`), or through a slot
// or trampoline whose content, read back from the same image, is that target or
// constant (`jmp qword ptr [rip + 0xfff2]` with the slot holding the exit
// address; `adrp x8, #0x10010000` + `ldr x8, [x8, #8]` with the slot holding the
// operand word). Data holes are read back as integers.
import { Capstone, Const, loadCapstone, type Insn } from 'capstone-wasm';
import { EM_X86_64 } from '../../format/elf-machines.ts';
import { walkCode } from '../../generator/disassembler.ts';
import { PatchKind, patchKindName } from '../../format/patch-kinds.ts';
import type { LoadedStencil } from '../../runtime/jit/stencil-loader.ts';
import {
  HOLE_ADDEND, HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_SYMBOL, HOLE_VALUE, HOLE_VALUE_NAMES, HoleValue, opargFieldValue,
} from '../../format/stencil-format.ts';
import { CODE_BASE, DATA_BASE, JIT_TARGETS } from './stencil-lld-link.ts';
import { coldBase, trampolineTarget, type HoleValues, type Memory } from './stencil-lld-patch.ts';
import { pairValue } from './a64-pair-value.ts';

let x86: Capstone | undefined;
let a64: Capstone | undefined;

/** Loads capstone-wasm the way generator/disassembler.ts does. */
export async function initCapstone(): Promise<void> {
  if (x86) return;
  await loadCapstone();
  x86 = new Capstone(Const.CS_ARCH_X86, Const.CS_MODE_64);
  a64 = new Capstone(Const.CS_ARCH_ARM64, Const.CS_MODE_ARM);
}

/** Disassembles all of `code`, stepping over bytes capstone cannot decode (in windows: generator/disassembler.ts walkCode). */
export function disassemble(machine: number, code: Uint8Array, address: number): Insn[] {
  const out: Insn[] = [];
  walkCode(machine === EM_X86_64 ? x86! : a64!, code, address, machine === EM_X86_64 ? 1 : 4, (i) => {
    if (i) out.push(i);
  });
  return out;
}

export const insnText = (i: Insn | undefined) => (i ? `${i.mnemonic} ${i.opStr}`.trim() : '(none)');

/** One hole of a stencil with what it stands for in a test case. */
export interface Hole {
  place: 'code' | 'cold' | 'data';
  /** Offset in the stencil's code, cold part or data. */
  offset: number;
  /** Address of the place. */
  P: number;
  /** The hole's patch kind (format/patch-kinds.ts). */
  kind: number;
  value: HoleValue;
  /** The symbol's address, or the operand word (64-bit, unsigned). */
  S: bigint;
  A: number;
  /** For messages: e.g. `operand0`, `symbol sqrt`. */
  what: string;
}

const M64 = (1n << 64n) - 1n;

/** The holes of `s` with their values under `values` (the trace targets are JIT_TARGETS). */
export function holesOf(s: LoadedStencil, values: HoleValues): Hole[] {
  const out: Hole[] = [];
  const add = (holes: Int32Array, place: Hole['place'], base: number) => {
    for (let i = 0; i < holes.length; i += HOLE_FIELDS) {
      const value = holes[i + HOLE_VALUE] as HoleValue;
      let S: bigint;
      let what: string = HOLE_VALUE_NAMES[value];
      switch (value) {
        case HoleValue.CODE: S = BigInt(CODE_BASE); break;
        case HoleValue.COLD: S = BigInt(coldBase(s)); break;
        case HoleValue.DATA: S = BigInt(DATA_BASE); break;
        case HoleValue.CONTINUE: S = BigInt(JIT_TARGETS._JIT_CONTINUE); break;
        case HoleValue.JUMP_TARGET: S = BigInt(JIT_TARGETS._JIT_JUMP_TARGET); break;
        case HoleValue.EXIT: S = BigInt(JIT_TARGETS._JIT_EXIT); break;
        case HoleValue.TOP: S = BigInt(JIT_TARGETS._JIT_TOP); break;
        case HoleValue.OPERAND0: S = BigInt.asUintN(64, values.operand0); break;
        case HoleValue.OPERAND1: S = BigInt.asUintN(64, values.operand1); break;
        case HoleValue.OPARG: S = BigInt.asUintN(64, BigInt(values.oparg)); break;
        case HoleValue.OPARG_FIELD:
          S = BigInt(opargFieldValue(values.oparg, values.opargFields[holes[i + HOLE_SYMBOL]]));
          what = `oparg ${values.opargFields[holes[i + HOLE_SYMBOL]].name}`;
          break;
        case HoleValue.SYMBOL:
          S = BigInt(values.symbolAddresses[holes[i + HOLE_SYMBOL]]);
          what = `symbol ${values.symbolNames[holes[i + HOLE_SYMBOL]]}`;
          break;
        default: throw new Error(`unknown hole value ${value}`);
      }
      const offset = holes[i + HOLE_OFFSET];
      out.push({ place, offset, P: base + offset, kind: holes[i + HOLE_KIND], value, S, A: holes[i + HOLE_ADDEND], what });
    }
  };
  add(s.codeHoles, 'code', CODE_BASE);
  add(s.coldHoles, 'cold', coldBase(s));
  add(s.dataHoles, 'data', DATA_BASE);
  return out;
}

function numbers(opStr: string): bigint[] {
  return [...opStr.matchAll(/(-?)(0x[0-9a-f]+|\b\d+\b)/g)].map((m) => (m[1] ? -BigInt(m[2]) : BigInt(m[2])));
}

function readLE(b: Uint8Array, at: number, bytes: number): bigint {
  let v = 0n;
  for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i]);
  return v;
}

const page = (x: bigint) => x & ~0xfffn;

/** A code or data section as patched, with its disassembly (code, x86_64: linear sweep). */
export interface Section {
  machine: number;
  bytes: Uint8Array;
  address: number;
  insns: Insn[] | null;
}

export function section(machine: number, bytes: Uint8Array, address: number, isCode: boolean): Section {
  return { machine, bytes, address, insns: isCode && machine === EM_X86_64 ? disassemble(machine, bytes, address) : null };
}

/** The instruction holding the hole, as text, for messages and the report. */
export function instructionAt(sec: Section, P: number): Insn | undefined {
  if (sec.machine === EM_X86_64) return sec.insns?.find((i) => Number(i.address) <= P && P < Number(i.address) + i.size);
  return disassemble(sec.machine, sec.bytes.subarray(P - sec.address, P - sec.address + 4), P)[0];
}

function checkData(sec: Section, h: Hole, bytes: number, pcrel: boolean): string | null {
  const mask = (1n << BigInt(bytes * 8)) - 1n;
  const want = (h.S + BigInt(h.A) - (pcrel ? BigInt(h.P) : 0n)) & mask;
  const got = readLE(sec.bytes, h.P - sec.address, bytes);
  return got === want ? null : `data reads 0x${got.toString(16)}, want 0x${want.toString(16)}`;
}

/** null when the hole is right, else what is wrong. */
export function checkHole(sec: Section, h: Hole, all: readonly Hole[], mem: Memory): string | null {
  const problem = sec.machine === EM_X86_64 ? checkX86(sec, h, mem) : checkA64(sec, h, all, mem);
  if (problem === null) return null;
  return `${h.place}+0x${h.offset.toString(16)} ${patchKindName(h.kind)} ${h.what}${h.A >= 0 ? '+' : ''}${h.A} ` +
    `(S=0x${h.S.toString(16)}): ${insnText(h.place !== 'data' ? instructionAt(sec, h.P) : undefined)}: ${problem}`;
}

function checkX86(sec: Section, h: Hole, mem: Memory): string | null {
  const t = h.kind;
  if (!sec.insns) {
    if (t === PatchKind.X86_ABS64) return checkData(sec, h, 8, false);
    if (t === PatchKind.X86_PCREL64) return checkData(sec, h, 8, true);
    if (t === PatchKind.X86_ABS32 || t === PatchKind.X86_ABS32S) return checkData(sec, h, 4, false);
    if (t === PatchKind.X86_REL32 || t === PatchKind.X86_BRANCH32) return checkData(sec, h, 4, true);
    return 'unexpected data relocation';
  }
  const insn = instructionAt(sec, h.P);
  if (!insn) return 'no instruction covers the place';
  const end = BigInt(Number(insn.address) + insn.size);
  const rip = /rip ([+-]) (0x[0-9a-f]+|\d+)/.exec(insn.opStr);
  const E = rip ? end + (rip[1] === '-' ? -1n : 1n) * BigInt(rip[2]) : undefined;
  const branch = /^(call|jmp|j[a-z]+)$/.test(insn.mnemonic) && /^0x[0-9a-f]+$/.test(insn.opStr) ? BigInt(insn.opStr) : undefined;
  const A = BigInt(h.A);
  const P = BigInt(h.P);
  switch (t) {
    case PatchKind.X86_ABS64:
    case PatchKind.X86_ABS32:
    case PatchKind.X86_ABS32S: {
      const want = (h.S + A) & M64;
      const width = t === PatchKind.X86_ABS64 ? M64 : 0xffff_ffffn;
      // A zero displacement shows as none: `lea rax, [r13]`.
      if (want === 0n && /\[[a-z0-9]+( \+ [a-z0-9]+\*\d)?\]/.test(insn.opStr)) return null;
      return numbers(insn.opStr).some((n) => (n & width) === (want & width)) ? null : `no operand equals 0x${want.toString(16)}`;
    }
    case PatchKind.X86_REL32:
    case PatchKind.X86_BRANCH32: {
      const E2 = branch ?? E;
      if (E2 === undefined) return 'no PC-relative operand';
      const reached = E2 - (end - P) - A;
      if (reached === h.S) return null;
      const via = trampolineTarget(sec.machine, mem, Number(reached));
      return via !== undefined && BigInt(via) === h.S ? null : `reaches 0x${reached.toString(16)}`;
    }
    case PatchKind.X86_GOT_REL32:
    case PatchKind.X86_GOT_MOV:
    case PatchKind.X86_GOT_MOV_REX:
    case PatchKind.X86_GOT_MOV_REXW:
    case PatchKind.X86_GOT_CALL:
    case PatchKind.X86_GOT_JMP:
    case PatchKind.X86_GOT_ALU: {
      if (branch !== undefined) return branch === h.S ? null : 'relaxed branch misses the target';
      if (insn.mnemonic === 'lea') return E === h.S ? null : 'relaxed lea misses the target';
      if (E !== undefined) {
        const slot = E - (end - P) - A;
        const held = mem.read64(Number(slot));
        return held === h.S ? null : `loads from 0x${slot.toString(16)}, which holds ${held === undefined ? 'nothing' : `0x${held.toString(16)}`}`;
      }
      const want32 = h.S & 0xffff_ffffn;
      return numbers(insn.opStr).some((n) => (n & 0xffff_ffffn) === want32) ? null : 'no immediate equals S';
    }
    default:
      return 'unexpected code relocation';
  }
}

function checkA64(sec: Section, h: Hole, all: readonly Hole[], mem: Memory): string | null {
  const t = h.kind;
  const X = (h.S + BigInt(h.A)) & M64;
  if (!sec.insns && h.place === 'data') {
    if (t === PatchKind.A64_ABS64) return checkData(sec, h, 8, false);
    if (t === PatchKind.A64_PREL64) return checkData(sec, h, 8, true);
    if (t === PatchKind.A64_ABS32) return checkData(sec, h, 4, false);
    if (t === PatchKind.A64_PREL32 || t === PatchKind.A64_PLT32) return checkData(sec, h, 4, true);
    return 'unexpected data relocation';
  }
  const insn = instructionAt(sec, h.P);
  if (!insn) return 'does not disassemble';
  const regless = (s: string) => s.replace(/\b[xwqdsbh]\d+\b/g, '');
  const nums = numbers(regless(insn.opStr));
  const last = nums.length ? nums[nums.length - 1] : 0n;
  const word = (at: number) => Number(readLE(sec.bytes, at - sec.address, 4));
  switch (t) {
    case PatchKind.A64_BRANCH26:
    case PatchKind.A64_CONDBR19:
    case PatchKind.A64_TSTBR14: {
      if (last === X) return null;
      const via = trampolineTarget(sec.machine, mem, Number(last));
      return via !== undefined && BigInt(via) === X ? null : `branches to 0x${last.toString(16)}`;
    }
    case PatchKind.A64_ADRP:
      return insn.mnemonic === 'adrp' && last === page(X) ? null : `page 0x${last.toString(16)}, want 0x${page(X).toString(16)}`;
    case PatchKind.A64_LO12:
    case PatchKind.A64_LO12_X2:
    case PatchKind.A64_LO12_X4:
    case PatchKind.A64_LO12_X8:
    case PatchKind.A64_LO12_X16: {
      const imm = /#/.test(insn.opStr) ? last : 0n;
      return imm === (X & 0xfffn) ? null : `offset 0x${imm.toString(16)}, want 0x${(X & 0xfffn).toString(16)}`;
    }
    case PatchKind.A64_GOT_PAGE_PAIRED:
    case PatchKind.A64_GOT_LO12_PAIRED: {
      // Adjacent by construction: whatever form the patcher chose (movz/movk, adr, adrp+add, a slot), the register must hold X.
      const adrpAt = t === PatchKind.A64_GOT_PAGE_PAIRED ? h.P : h.P - 4;
      const v = pairValue(instructionAt(sec, adrpAt), instructionAt(sec, adrpAt + 4), (address) => mem.read64(Number(address)));
      if (typeof v === 'string') return v;
      return v === X ? null : `the pair gives 0x${v.toString(16)}`;
    }
    case PatchKind.A64_GOT_PAGE:
    case PatchKind.A64_GOT_LO12: {
      // The pair (not adjacent): an ADRP whose destination is the LDR's base register, same target.
      const isAdrp = t === PatchKind.A64_GOT_PAGE;
      const isLo = (o: Hole) => o.kind === PatchKind.A64_GOT_LO12;
      const isPage = (o: Hole) => o.kind === PatchKind.A64_GOT_PAGE;
      const same = (o: Hole) => o.S === h.S && o.A === h.A && o.place === 'code';
      const partner = isAdrp
        ? all.find((o) => isLo(o) && same(o) && o.offset > h.offset && ((word(o.P) >>> 5) & 31) === (word(h.P) & 31))
        : [...all].reverse().find((o) => isPage(o) && same(o) && o.offset < h.offset && (word(o.P) & 31) === ((word(h.P) >>> 5) & 31));
      if (!partner) return 'no matching GOT pair instruction';
      const [adrpAt, loAt] = isAdrp ? [h.P, partner.P] : [partner.P, h.P];
      const adrp = instructionAt(sec, adrpAt);
      const lo = instructionAt(sec, loAt);
      if (adrp?.mnemonic !== 'adrp') return `pair starts with ${insnText(adrp)}`;
      const pg = numbers(regless(adrp.opStr)).pop()!;
      const loNums = numbers(regless(lo!.opStr));
      const imm = /#/.test(lo!.opStr) ? loNums[loNums.length - 1] : 0n;
      if (lo!.mnemonic === 'add') return pg + imm === X ? null : `adrp+add gives 0x${(pg + imm).toString(16)}`;
      if (lo!.mnemonic === 'ldr') {
        const held = mem.read64(Number(pg + imm));
        return held === X ? null : `loads from 0x${(pg + imm).toString(16)}, which holds ${held === undefined ? 'nothing' : `0x${held.toString(16)}`}`;
      }
      return `pair ends with ${insnText(lo)}`;
    }
    default:
      return 'unexpected code relocation';
  }
}
