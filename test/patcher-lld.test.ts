// The relocation patchers (runtime/jit/patch-*.ts, given the patch kind generator/patch-kind-selection.ts picks) against ld.lld-19: every
// fixture is compiled for each configuration, linked by lld at chosen addresses
// with externs near, 1.5 GiB away and 127 TiB away, and the patcher must produce
// the same bytes from the unlinked object. Where lld builds a GOT entry or a
// range-extension thunk, the patcher is handed lld's own slot, so whole sections
// still compare byte for byte. Every patched place is also checked independently
// with capstone, using slots the test allocates itself.
//
// Documented differences from lld (aarch64 GOT pairs): lld relaxes no ADRP/LDR
// GOT pair in a section as soon as any R_AARCH64_ADR_GOT_PAGE in it is not
// immediately followed by its R_AARCH64_LD64_GOT_LO12_NC in the relocation list
// (clang interleaves pairs, e.g. `adrp x8; adrp x9; ldr x8; ldr x9`), and where
// it relaxes, only to `adrp; add`. The patcher sees one relocation at a time and
// rewrites every adjacent same-register pair: `movz; movk` (or `nop`) when the
// value has at most two 16-bit groups other than 0 (or 0xffff: `movn`), `adr;
// nop` within ±1 MiB, `adrp; add` within ±4 GiB. Such pairs may differ from
// lld's, and then both, read back with capstone, must leave the value in the register.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EM_AARCH64, EM_X86_64 } from '../format/elf-machines.ts';
import { R_AARCH64, R_X86_64, relocationName } from '../format/relocations.ts';
import { relocate } from '../generator/patch-kind-selection.ts';
import { PatchKind } from '../format/patch-kinds.ts';
import { patchGotPairHalf } from '../runtime/jit/patch-aarch64.ts';
import type { LinkerSlots } from '../runtime/jit/linker-slots.ts';
import { checkA64, checkX86, disasmA64, disasmX86, initCapstone } from './helpers/lld-disasm.ts';
import {
  compileAll, link, LldSlots, makeLayout, patchSection, RecordingSlots, resolveRelocations, VARIANTS,
  type CompiledObject, type LayoutName, type LinkedImage,
} from './helpers/lld-link.ts';

interface Linked {
  obj: CompiledObject;
  layout: ReturnType<typeof makeLayout>;
  image: LinkedImage;
}

let dir: string;
const objects = new Map<string, CompiledObject>();
const linked = new Map<string, Linked>();
const key = (fixture: string, variant: string, layout?: LayoutName) => `${fixture}/${variant}${layout ? `/${layout}` : ''}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patcher-lld-'));
  const [compiled] = await Promise.all([compileAll(dir), initCapstone()]);
  for (const o of compiled) objects.set(key(o.fixture, o.variant.name), o);
  await Promise.all(
    compiled.flatMap((obj) =>
      obj.variant.layouts.map(async (name) => {
        const layout = makeLayout(obj.elf, name);
        const image = await link(obj.path, layout, join(dir, `${obj.fixture}.${obj.variant.name}.${name}`));
        linked.set(key(obj.fixture, obj.variant.name, name), { obj, layout, image });
      }),
    ),
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One ELF relocation, patched as the runtime patches the kind the generator picks for it. */
type Relocate = (code: Uint8Array, offset: number, type: number, P: number, S: number, A: number, slots: LinkerSlots) => void;
const relocateX86: Relocate = (code, offset, type, P, S, A, slots) => relocate(EM_X86_64, code, offset, type, P, S, A, slots);
const relocateA64: Relocate = (code, offset, type, P, S, A, slots) => relocate(EM_AARCH64, code, offset, type, P, S, A, slots);
const relocateFor = (o: CompiledObject) => (o.variant.arch === 'x86_64' ? relocateX86 : relocateA64);

/** lld's AArch64Relaxer precondition: every ADR_GOT_PAGE is directly followed by an LD64_GOT_LO12_NC. */
function lldRelaxesGotPairs(types: number[]): boolean {
  for (let i = 0; i < types.length; i++) {
    if (types[i] === R_AARCH64.ADR_GOT_PAGE) {
      if (types[i + 1] !== R_AARCH64.LD64_GOT_LO12_NC) return false;
      i++;
    } else if (types[i] === R_AARCH64.LD64_GOT_LO12_NC) return false;
  }
  return true;
}

/** Types that must go through a GOT slot or a thunk when the symbol is 127 TiB away. */
const INDIRECT_WHEN_FAR = new Set<number>([R_X86_64.GOTPCREL, R_X86_64.GOTPCRELX, R_X86_64.REX_GOTPCRELX, R_AARCH64.ADR_GOT_PAGE, R_AARCH64.CALL26, R_AARCH64.JUMP26]);

const patchedSections = (o: CompiledObject) =>
  o.elf.sections.filter((s) => s.flags.alloc && s.type !== 'nobits' && s.data.length > 0);

describe('patcher output equals ld.lld-19', () => {
  for (const variant of VARIANTS) {
    for (const fixture of variant.fixtures) {
      for (const layoutName of variant.layouts) {
        it(`${fixture}.c ${variant.name}, externs ${layoutName}`, () => {
          const { obj, layout, image } = linked.get(key(fixture, variant.name, layoutName))!;
          const slots = new LldSlots(image);
          let relocs = 0;
          let documentedDiffs = 0;
          let indirectToExterns = false;
          for (const s of patchedSections(obj)) {
            const mine = patchSection(obj.elf, layout, s.index, relocateFor(obj), slots);
            const out = image.sections.get(s.name)!;
            expect(out.addr).toBe(layout.sectionAddress.get(s.index));
            const theirs = out.data.subarray(0, s.data.length);
            const rs = resolveRelocations(obj.elf, layout, s.index);
            relocs += rs.length;
            indirectToExterns ||= rs.some((r) => r.symbolName.startsWith('ext_') && INDIRECT_WHEN_FAR.has(r.rel.type));
            // Places where we relax a GOT pair that lld leaves alone or relaxes differently (see the header):
            // allowed to differ when both pairs, read back with capstone, leave X in the register.
            const allowed = new Set<number>();
            if (variant.arch === 'aarch64') {
              for (const r of rs) {
                if (r.rel.type !== R_AARCH64.LD64_GOT_LO12_NC) continue;
                const adrp = rs.find((o) => o.rel.type === R_AARCH64.ADR_GOT_PAGE && o.rel.offset === r.rel.offset - 4 && o.S + o.A === r.S + r.A);
                if (!adrp) continue;
                const from = adrp.rel.offset;
                if (mine.subarray(from, from + 8).every((b, k) => b === theirs[from + k])) continue;
                const ours = checkA64(mine, out.addr, true, r, rs, slots);
                const lld = checkA64(theirs, out.addr, true, r, rs, slots);
                if (ours || lld) expect.fail(`${s.name}+0x${from.toString(16)}: GOT pair differs from lld's and does not check out: ours ${ours ?? 'ok'}, lld ${lld ?? 'ok'}`);
                for (let i = from; i < from + 8; i++) allowed.add(i);
                documentedDiffs++;
              }
            }
            for (let i = 0; i < mine.length; i++) {
              if (mine[i] !== theirs[i] && !allowed.has(i)) {
                const near = rs.find((r) => r.rel.offset <= i && i < r.rel.offset + 8);
                const what = near ? `${relocationName(obj.elf.machine, near.rel.type)} ${near.symbolName}${near.A >= 0 ? '+' : ''}${near.A}` : 'no relocation';
                expect.fail(`${s.name}+0x${i.toString(16)}: patcher wrote 0x${mine[i].toString(16)}, lld 0x${theirs[i].toString(16)} (${what})`);
              }
            }
          }
          expect(relocs).toBeGreaterThan(0);
          // Far externs must have gone through lld's GOT or thunks, never silently direct.
          if (layoutName === 'far' && indirectToExterns) expect(slots.gotUses + slots.trampolineUses).toBeGreaterThan(0);
        });
      }
    }
  }
});

describe('every patched place checks out with capstone', () => {
  for (const variant of VARIANTS) {
    for (const fixture of variant.fixtures) {
      for (const layoutName of variant.layouts) {
        it(`${fixture}.c ${variant.name}, externs ${layoutName}`, () => {
          const { obj, layout } = linked.get(key(fixture, variant.name, layoutName))!;
          const slots = new RecordingSlots(0x1009_0000, 0x100a_0000);
          const problems: string[] = [];
          let checked = 0;
          for (const s of patchedSections(obj)) {
            const code = patchSection(obj.elf, layout, s.index, relocateFor(obj), slots);
            const base = layout.sectionAddress.get(s.index)!;
            const rs = resolveRelocations(obj.elf, layout, s.index);
            const insns = variant.arch === 'x86_64' && s.flags.execinstr ? disasmX86(code, base) : null;
            for (const r of rs) {
              const p = variant.arch === 'x86_64' ? checkX86(code, base, insns, r, slots) : checkA64(code, base, s.flags.execinstr, r, rs, slots);
              if (p) problems.push(`${s.name}: ${relocationName(obj.elf.machine, r.rel.type)} ${p}`);
              checked++;
            }
          }
          expect(problems).toEqual([]);
          expect(checked).toBeGreaterThan(0);
        });
      }
    }
  }
});

describe('the fixtures exercise every relocation kind', () => {
  const expected: Record<string, string[]> = {
    x86_64: [
      'R_X86_64_64', 'R_X86_64_PC64', 'R_X86_64_PC32', 'R_X86_64_PLT32', 'R_X86_64_32', 'R_X86_64_32S', 'R_X86_64_16',
      'R_X86_64_PC16', 'R_X86_64_8', 'R_X86_64_PC8', 'R_X86_64_GOTPCREL', 'R_X86_64_GOTPCRELX', 'R_X86_64_REX_GOTPCRELX',
    ],
    aarch64: Object.keys(R_AARCH64).filter((k) => k !== 'NONE').map((k) => `R_AARCH64_${k}`),
  };
  for (const arch of ['x86_64', 'aarch64'] as const) {
    it(arch, () => {
      const seen = new Set<string>();
      for (const o of objects.values()) {
        if (o.variant.arch !== arch) continue;
        for (const r of o.elf.relocations) seen.add(relocationName(o.elf.machine, r.type));
      }
      expect([...seen].sort()).toEqual(expected[arch].sort());
    });
  }
});

// --- behaviour lld cannot show ---

const noSlots = {
  gotSlot(): number {
    throw new Error('no GOT slot expected');
  },
  trampoline(): number {
    throw new Error('no trampoline expected');
  },
};

describe('x86_64 patcher', () => {
  beforeAll(initCapstone);
  const P0 = 0x7f12_3400_0000;
  const at = (bytes: number[]) => new Uint8Array(bytes);
  const one = (code: Uint8Array, address = P0) => {
    const [i] = disasmX86(code, address);
    return `${i.mnemonic} ${i.opStr}`;
  };

  it('throws on PC32 overflow (3 GiB away) naming type, offset and value', () => {
    const code = at([0x48, 0x8d, 0x05, 0, 0, 0, 0]);
    expect(() => relocateX86(code, 3, 2, P0 + 3, P0 + 0xc000_0000, -4, noSlots)).toThrow(
      /R_X86_64_PC32 at offset 0x3: value 0xbffffff9 does not fit a signed 32-bit field/,
    );
    expect([...code]).toEqual([0x48, 0x8d, 0x05, 0, 0, 0, 0]); // nothing written
  });

  it('throws on 32/32S overflow and unknown types', () => {
    expect(() => relocateX86(at([0, 0, 0, 0]), 0, 10, 0, 0x1_0000_0000, 0, noSlots)).toThrow(/R_X86_64_32 at offset 0x0/);
    expect(() => relocateX86(at([0, 0, 0, 0]), 0, 10, 0, 0, -1, noSlots)).toThrow(/R_X86_64_32 /);
    expect(() => relocateX86(at([0, 0, 0, 0]), 0, 11, 0, 0x8000_0000, 0, noSlots)).toThrow(/R_X86_64_32S/);
    expect(() => relocateX86(at([0, 0]), 0, 13, 0x10000, 0, 0, noSlots)).toThrow(/R_X86_64_PC16/);
    expect(() => relocateX86(at([0, 0, 0, 0]), 0, 19, 0, 0, 0, noSlots)).toThrow(/R_X86_64_TLSGD|R_X86_64_19.*unsupported/);
  });

  it('writes 64-bit values with two\'s complement for negatives (PC64)', () => {
    const code = new Uint8Array(8);
    relocateX86(code, 0, 24, 0x7f00_0000_0000, 0x1000, 0, noSlots);
    const v = new DataView(code.buffer).getBigInt64(0, true);
    expect(v).toBe(0x1000n - 0x7f00_0000_0000n);
  });

  it('sends an out-of-range PLT32 call through a trampoline', () => {
    const slots = new RecordingSlots(P0 + 0x10_0000, P0 + 0x20_0000);
    const code = at([0xe8, 0, 0, 0, 0]);
    relocateX86(code, 1, 4, P0 + 1, 0x1000_0000, -4, slots);
    expect(one(code)).toBe(`call 0x${(P0 + 0x20_0000).toString(16)}`);
    expect(slots.trampolines.get(P0 + 0x20_0000)).toBe(0x1000_0000);
  });

  it('relaxes GOTPCRELX call/jmp when in range and uses a GOT slot when not', () => {
    const call = at([0xff, 0x15, 0, 0, 0, 0]);
    relocateX86(call, 2, 41, P0 + 2, P0 + 0x7000_0000, -4, noSlots);
    expect(one(call)).toBe(`call 0x${(P0 + 0x7000_0000).toString(16)}`);
    expect(call[0]).toBe(0x67);
    const slots = new RecordingSlots(P0 + 0x10_0000, P0 + 0x20_0000);
    const jmp = at([0xff, 0x25, 0, 0, 0, 0]);
    relocateX86(jmp, 2, 41, P0 + 2, 0x1000_0000, -4, slots);
    expect(one(jmp)).toBe(`jmp qword ptr [rip + 0x${(0x10_0000 - 6).toString(16)}]`);
    expect(slots.got.get(P0 + 0x10_0000)).toBe(0x1000_0000);
  });

  it('turns a far mov GOT load of a small value into mov $imm32 (not done by lld)', () => {
    // movl _JIT_OPARG@GOTPCREL(%rip), %r10d  (44 8b 15): any value below 2^32
    const m32 = at([0x44, 0x8b, 0x15, 0, 0, 0, 0]);
    relocateX86(m32, 3, 42, P0 + 3, 0xfedc_ba98, -4, noSlots);
    expect(one(m32)).toBe('mov r10d, 0xfedcba98');
    // movq x@GOTPCREL(%rip), %rax  (48 8b 05): sign-extended, so only below 2^31
    const m64 = at([0x48, 0x8b, 0x05, 0, 0, 0, 0]);
    relocateX86(m64, 3, 42, P0 + 3, 0x1234_5678, -4, noSlots);
    expect(one(m64)).toBe('mov rax, 0x12345678');
    const slots = new RecordingSlots(P0 + 0x10_0000, P0 + 0x20_0000);
    const big = at([0x48, 0x8b, 0x05, 0, 0, 0, 0]);
    relocateX86(big, 3, 42, P0 + 3, 0x8000_0000, -4, slots);
    expect(one(big)).toBe(`mov rax, qword ptr [rip + 0x${(0x10_0000 - 7).toString(16)}]`);
  });

  it('keeps far test/binop GOT loads indirect', () => {
    const slots = new RecordingSlots(P0 + 0x10_0000, P0 + 0x20_0000);
    const add = at([0x48, 0x03, 0x05, 0, 0, 0, 0]);
    relocateX86(add, 3, 42, P0 + 3, 0x7f00_0000_0000, -4, slots);
    expect(one(add)).toBe(`add rax, qword ptr [rip + 0x${(0x10_0000 - 7).toString(16)}]`);
    const cmp = at([0x4c, 0x3b, 0x1d, 0, 0, 0, 0]);
    relocateX86(cmp, 3, 42, P0 + 3, 0x1234, -4, noSlots);
    expect(one(cmp)).toBe('cmp r11, 0x1234');
  });
});

describe('aarch64 patcher', () => {
  beforeAll(initCapstone);
  const P0 = 0x7f12_3400_0000;
  const word = (w: number) => new Uint8Array([w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]);
  const words = (...ws: number[]) => new Uint8Array(ws.flatMap((w) => [...word(w)]));
  const text = (code: Uint8Array, address = P0) => disasmA64(code, address).map((i) => `${i.mnemonic} ${i.opStr}`.trim());

  it('sends an out-of-range CALL26 through a trampoline and throws when that is out of reach too', () => {
    const slots = new RecordingSlots(P0 + 0x10_0000, P0 + 0x20_0000);
    const bl = word(0x94000000);
    relocateA64(bl, 0, R_AARCH64.CALL26, P0, 0x1000_0000, 0, slots);
    expect(text(bl)).toEqual([`bl #0x${(P0 + 0x20_0000).toString(16)}`]);
    expect(slots.trampolines.get(P0 + 0x20_0000)).toBe(0x1000_0000);
    const farSlots = new RecordingSlots(P0, P0 + 0x1000_0000);
    expect(() => relocateA64(word(0x14000000), 0, R_AARCH64.JUMP26, P0, 0x1000_0000, 0, farSlots)).toThrow(
      /R_AARCH64_JUMP26 at offset 0x0: value 0x10000000 does not fit the ±134217728 byte range even through the trampoline/,
    );
  });

  it('branches CONDBR19/TSTBR14 through a trampoline when in reach, else throws', () => {
    const slots = new RecordingSlots(P0 + 0x1000, P0 + 0x2000);
    const cbz = word(0xb4000000);
    relocateA64(cbz, 0, R_AARCH64.CONDBR19, P0, P0 + 0x20_0000, 0, slots);
    expect(text(cbz)).toEqual([`cbz x0, #0x${(P0 + 0x2000).toString(16)}`]);
    const tbz = word(0x36280000);
    expect(() => relocateA64(tbz, 0, R_AARCH64.TSTBR14, P0, P0 + 0x20_0000, 0, new RecordingSlots(0, P0 + 0x10000))).toThrow(
      /R_AARCH64_TSTBR14 at offset 0x0/,
    );
    expect(() => relocateA64(word(0x58000000), 0, R_AARCH64.LD_PREL_LO19, P0, P0 + 0x10_0000, 0, slots)).toThrow(/LD_PREL_LO19/);
  });

  it('throws on ADRP, ADR, MOVW and alignment overflows', () => {
    expect(() => relocateA64(word(0x90000000), 0, R_AARCH64.ADR_PREL_PG_HI21, P0, P0 + 0x1_0000_0000, 0, noSlots)).toThrow(
      /R_AARCH64_ADR_PREL_PG_HI21 at offset 0x0: value 0x100000000/,
    );
    expect(() => relocateA64(word(0x10000000), 0, R_AARCH64.ADR_PREL_LO21, P0, P0 - 0x10_0001, 0, noSlots)).toThrow(/ADR_PREL_LO21/);
    expect(() => relocateA64(word(0xd2800000), 0, R_AARCH64.MOVW_UABS_G0, P0, 0x1_0000, 0, noSlots)).toThrow(/MOVW_UABS_G0/);
    expect(() => relocateA64(word(0xd2a00000), 0, R_AARCH64.MOVW_UABS_G1, P0, 0x1_0000_0000, 0, noSlots)).toThrow(/MOVW_UABS_G1/);
    expect(() => relocateA64(word(0x92800000), 0, R_AARCH64.MOVW_SABS_G0, P0, -0x1_0001, 0, noSlots)).toThrow(/MOVW_SABS_G0/);
    expect(() => relocateA64(word(0xf9400000), 0, R_AARCH64.LDST64_ABS_LO12_NC, P0, 0x1004, 0, noSlots)).toThrow(/LDST64_ABS_LO12_NC.*aligned/);
    expect(() => relocateA64(word(0x94000000), 0, R_AARCH64.CALL26, P0, P0 + 2, 0, noSlots)).toThrow(/aligned/);
    expect(() => relocateA64(new Uint8Array(4), 0, R_AARCH64.ABS32, P0, 0x1_0000_0000, 0, noSlots)).toThrow(/ABS32/);
    expect(() => relocateA64(new Uint8Array(4), 0, 1024, P0, 0, 0, noSlots)).toThrow(/R_AARCH64_1024 at offset 0x0: unsupported/);
  });

  it('patches a GOT pair the same way whichever relocation comes first, in each of its forms', () => {
    // adrp x10, :got:S ; ldr x10, [x10, :got_lo12:S]
    const pair = () => words(0x9000000a, 0xf940014a);
    const pg = (x: number) => x - (x % 4096);
    const slot = P0 + 0x8_0000;
    const forms: [number, string[]][] = [
      [0x1000_0000, ['mov x10, #0x10000000', 'nop']],
      [0x1234_5678, ['mov x10, #0x5678', 'movk x10, #0x1234, lsl #16']],
      [0x7f00_0000_1234, ['mov x10, #0x1234', 'movk x10, #0x7f00, lsl #32']],
      [P0 + 0x800, [`adr x10, #0x${(P0 + 0x800).toString(16)}`, 'nop']],
      [P0 + 0x1234_5678, [`adrp x10, #0x${pg(P0 + 0x1234_5678).toString(16)}`, 'add x10, x10, #0x678']],
      [0x1234_5678_9abc, [`adrp x10, #0x${pg(slot).toString(16)}`, 'ldr x10, [x10]']],
    ];
    for (const [S, want] of forms) {
      const slotsA = new RecordingSlots(slot, P0 + 0x9_0000);
      const a = pair();
      relocateA64(a, 0, R_AARCH64.ADR_GOT_PAGE, P0, S, 0, slotsA);
      relocateA64(a, 4, R_AARCH64.LD64_GOT_LO12_NC, P0 + 4, S, 0, slotsA);
      const slotsB = new RecordingSlots(slot, P0 + 0x9_0000);
      const b = pair();
      relocateA64(b, 4, R_AARCH64.LD64_GOT_LO12_NC, P0 + 4, S, 0, slotsB);
      relocateA64(b, 0, R_AARCH64.ADR_GOT_PAGE, P0, S, 0, slotsB);
      expect([...b], `S=0x${S.toString(16)}`).toEqual([...a]);
      expect(text(a), `S=0x${S.toString(16)}`).toEqual(want);
      expect(slotsA.got.size).toBe(want[1].startsWith('ldr') ? 1 : 0);
      if (want[1].startsWith('ldr')) expect(slotsA.got.get(slot)).toBe(S);
    }
  });

  it('writes an operand word into an adjacent GOT pair as movz/movn + movk when it can, else loads a constant slot', () => {
    // hole patcher, with 64-bit words as two halves: -2, a NaN-boxed small int, a full word
    const cases: [number, number, string[]][] = [
      [0xfffffffe, 0xffffffff, ['mov x10, #-2', 'nop']],
      [0x0000_0005, 0xfff9_0000, ['mov x10, #5', 'movk x10, #0xfff9, lsl #48']],
      [0xffff_0000, 0xffff_ffff, ['mov x10, #-0x10000', 'nop']],
      [0x1234_5678, 0xfff9_0000, ['adrp x10, #0x7f1234080000', 'ldr x10, [x10]']],
    ];
    for (const [lo, hi, want] of cases) {
      const code = words(0x9000000a, 0xf940014a);
      const slotWords: number[][] = [];
      const slots = { ...noSlots, valueSlot: (l: number, h: number) => (slotWords.push([l, h]), P0 + 0x8_0000) };
      patchGotPairHalf(code, 4, PatchKind.A64_GOT_LO12_PAIRED, P0 + 4, lo, hi, slots);
      patchGotPairHalf(code, 0, PatchKind.A64_GOT_PAGE_PAIRED, P0, lo, hi, slots);
      expect(text(code), `0x${hi.toString(16)}_${lo.toString(16)}`).toEqual(want);
      expect(slotWords.length > 0).toBe(want[1].startsWith('ldr'));
    }
  });

  it('does not relax a pair whose registers differ or that is split', () => {
    const slots = new RecordingSlots(P0 + 0x8_0000, P0 + 0x9_0000);
    const split = words(0x9000000b, 0xaa0003ec, 0xf940016b); // adrp x11; mov x12, x0; ldr x11, [x11]
    relocateA64(split, 0, R_AARCH64.ADR_GOT_PAGE, P0, P0 + 0x5000, 0, slots);
    relocateA64(split, 8, R_AARCH64.LD64_GOT_LO12_NC, P0 + 8, P0 + 0x5000, 0, slots);
    expect(text(split)[2]).toBe('ldr x11, [x11]');
    const other = words(0x9000000b, 0xf940016c); // adrp x11; ldr x12, [x11]
    relocateA64(other, 0, R_AARCH64.ADR_GOT_PAGE, P0, P0 + 0x5000, 0, slots);
    relocateA64(other, 4, R_AARCH64.LD64_GOT_LO12_NC, P0 + 4, P0 + 0x5000, 0, slots);
    expect(text(other)[1]).toBe('ldr x12, [x11]');
  });

  it('turns a MOVZ into MOVN for a negative signed value', () => {
    const code = word(0xd2800009); // movz x9, #0
    relocateA64(code, 0, R_AARCH64.MOVW_PREL_G0, P0, P0 - 0x10, 0, noSlots);
    expect(text(code)).toEqual(['mov x9, #-0x10']);
  });
});
