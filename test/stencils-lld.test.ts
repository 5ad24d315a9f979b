// Real stencils, both targets, against ld.lld-19. generate() runs into a
// temp dir (objects come from the compile cache); then each uop object of a
// sample that covers every kind of hole (all of them with STENCIL_JIT_HEAVY=1),
// and the two support objects together, are linked by lld at chosen addresses (code at
// CODE_BASE, read-only data at DATA_BASE, GOT at GOT_BASE, `_JIT_CONTINUE`,
// `_JIT_JUMP_TARGET`, `_JIT_EXIT` ahead of the code and `_JIT_TOP` behind it,
// operands and support/libm functions per layout: see stencil-lld-link.ts), and
// the runtime's patchHoles, run over the stencil copied to the same addresses
// with the same values, must produce the same bytes. Three layouts: externs
// 16 MiB away (direct everywhere), 1.5 GiB (x86_64 rel32 reaches, aarch64 needs
// thunks) and 127 TiB (x86_64 through the GOT, aarch64 thunks).
//
// Exactly compared: every code byte of the stencil (the text minus the dropped
// tail jump), every data byte, lld's thunks against our trampolines and lld's GOT
// against our slots. To make the whole text comparable our SlotAllocator is
// seeded with lld's GOT entries and thunks, in lld's order at lld's addresses,
// so wherever lld goes indirect the patcher must pick that very slot or thunk
// (and may not need any other). Operands are symbol values for lld: addresses
// in placeholder sections (near, mid) or absolute symbols carrying full 64-bit
// words (far: a NaN-boxed word, -2, oparg 0x1234; opargs are 0..2^31-1, an x86_64
// 32-bit immediate). x86_64 operands are R_X86_64_64
// in a movabs, which lld fills exactly as we do, 64-bit words included; aarch64
// operands are GOT pairs, which lld loads from its GOT entry for the symbol, and
// so do we from a constant slot, which the seeding puts at the same address.
// Read-only data sits 4 MiB from the code: within ±1 MiB lld would turn
// `adrp; add` into `nop; adr`, which the patcher does not do.
//
// Where we relax differently from lld (documented, checked with capstone instead):
// - aarch64 GOT pairs: lld relaxes an adjacent `adrp; ldr` only to `adrp; add`
//   when the value lies within ±4 GiB of the code page (oparg 3: `adrp x8, #0;
//   add x8, x8, #3`), and none in a section whose GOT relocations interleave.
//   The patcher rewrites every adjacent same-register pair (the generator makes
//   most pairs adjacent: generator/got-pair-adjacency.ts) into the value itself:
//   `mov x8, #3; nop`, `mov x8, #5; movk x8, #0xfff9, lsl #48`, `adr x8, ...;
//   nop`, `adrp; add`, and loads a slot only when none fits. Both must check
//   out: each pair, read back with capstone, leaves the value in its register.
// - x86_64 `call` to an operand (CALL_HOST_1) 127 TiB away: lld has no PLT in a
//   static link and refuses; we go through a trampoline. Only capstone checks it.
//
// Then, independently of lld, every hole of every stencil on both targets is
// checked with capstone after a plain runtime patch (slots and trampolines laid
// out as the trace compiler does): the instruction holding it must show the
// intended target or constant, directly or through a slot/trampoline holding it
// (`jmp 0x10082000` to the exit, `movabs rax, 0x123456789abc`, `call qword ptr
// [rip + 0xffdd]` with the slot holding the far function, `adrp x8, #0x10010000;
// ldr x8, [x8]` with the slot holding the oparg), and have the shape the runtime
// means to produce.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElfObject, type ElfObject } from '../generator/elf-reader.ts';
import { generate, type GenerateResult } from '../generator/generate.ts';
import { decodeSync } from '../generator/disassembler.ts';
import { sectionsOf as reachedSections } from '../generator/function-split.ts';
import { buildStencil, type BuiltStencil } from '../generator/stencil-builder.ts';
import { compileAlone } from '../generator/uop-compiler.ts';
import { TARGETS, type Target } from '../generator/targets.ts';
import { EM_X86_64 } from '../format/elf-machines.ts';
import { PatchKind, patchKindName } from '../format/patch-kinds.ts';
import { R_AARCH64, R_X86_64, relocationName } from '../format/relocations.ts';
import { loadStencil, type LoadedStencil } from '../runtime/jit/stencil-loader.ts';
import { HOLE_FIELDS, HOLE_KIND, HOLE_VALUE, HoleValue, opargFieldValue, type OpargField } from '../format/stencil-format.ts';
import {
  checkHole, disassemble, holesOf, initCapstone, insnText, instructionAt, section, type Hole, type Section,
} from './helpers/stencil-lld-capstone.ts';
import {
  CODE_BASE, DATA_BASE, GOT_BASE, HOST_FUNCTION_OFFSET, JIT_TARGETS, LAYOUTS, linkStencil, placeSections,
  type LayoutSpec, type LinkedImage, type PlacedSection,
} from './helpers/stencil-lld-link.ts';
import { coldBase, patchStencil, trampolineTarget, type HoleValues, type LldSlotsSeed, type Memory, type PatchedImage } from './helpers/stencil-lld-patch.ts';

const ROOT = join(import.meta.dirname, '..');
/** Link every uop with lld, not a covering sample (see lldSample). */
const HEAVY = process.env.STENCIL_JIT_HEAVY === '1';

interface Case {
  target: Target;
  layout: LayoutSpec;
  name: string;
  built: BuiltStencil;
  stencil: LoadedStencil;
  objects: Uint8Array[];
  elfs: ElfObject[];
  placed: PlacedSection[];
  values: HoleValues;
  /** Operands the stencil branches to (host function pointers): addresses, whatever the layout. */
  calledOperands: Set<string>;
  /** Why lld cannot link this one, if it cannot. */
  noLld: string | null;
  image?: LinkedImage;
}

let tmp: string;
let result: GenerateResult;
const cases: Case[] = [];
/** The stencils as the runtime gets them (branch-relaxed), for the capstone checks. */
const finalCases: Case[] = [];

const OPERAND_SYMBOLS: Partial<Record<HoleValue, string>> = {
  [HoleValue.OPERAND0]: '_JIT_OPERAND0',
  [HoleValue.OPERAND1]: '_JIT_OPERAND1',
  [HoleValue.OPARG]: '_JIT_OPARG',
};

const isBranch = (kind: number) => kind === PatchKind.X86_BRANCH32 || kind === PatchKind.A64_BRANCH26;

function makeCase(target: Target, symbols: readonly string[], opargFields: readonly OpargField[], name: string, built: BuiltStencil, objects: Uint8Array[], layout: LayoutSpec): Case {
  const m = target.machine;
  const stencil = loadStencil(built.stencil, m);
  const elfs = objects.map((o) => readElfObject(o));
  const symbolAddresses = new Float64Array(symbols.length);
  symbols.forEach((sym, i) => {
    const exported = stencil.exports[sym];
    symbolAddresses[i] = exported !== undefined ? CODE_BASE + exported : layout.externBase + 0x100 * (i + 1);
  });
  const { operand0, operand1, oparg } = layout.operands;
  const values: HoleValues = { operand0, operand1, oparg, symbolAddresses, symbolNames: symbols, opargFields };
  // CALL_HOST_1 calls the function whose address is OPERAND0: give it one, in the extern area.
  const calledOperands = new Set<string>();
  for (const h of holesOf(stencil, values)) {
    if (h.value !== HoleValue.OPERAND0 && h.value !== HoleValue.OPERAND1) continue;
    if (!isBranch(h.kind)) continue;
    calledOperands.add(OPERAND_SYMBOLS[h.value]!);
    const host = BigInt(layout.externBase + HOST_FUNCTION_OFFSET + (h.value === HoleValue.OPERAND1 ? 0x100 : 0));
    if (h.value === HoleValue.OPERAND0) values.operand0 = host;
    else values.operand1 = host;
  }
  const outOfRel32 = holesOf(stencil, values).some((h) => isBranch(h.kind) && m === EM_X86_64 && calledOperands.has(OPERAND_SYMBOLS[h.value] ?? '') &&
    (h.S - BigInt(h.P) >= 1n << 31n || h.S - BigInt(h.P) < -(1n << 31n)));
  const noLld = outOfRel32 ? 'x86_64 call to an operand out of rel32 range: lld has no PLT in a static link' : null;
  return { target, layout, name, built, stencil, objects, elfs, placed: placeSections(elfs), values, calledOperands, noLld };
}

/** The linker's view of the externs: every symbol undefined in all of the objects, with its address or value. */
function externsOf(c: Case): { externs: Map<string, bigint>; absolute: Set<string> } {
  const defined = new Set(c.elfs.flatMap((e) => e.symbols.filter((s) => s.sectionIndex !== 0 && s.binding !== 'local').map((s) => s.name)));
  const externs = new Map<string, bigint>();
  const absolute = new Set<string>();
  const operandWords: Record<string, bigint> = {
    _JIT_OPERAND0: c.values.operand0,
    _JIT_OPERAND1: c.values.operand1,
    _JIT_OPARG: BigInt(c.values.oparg),
    ...Object.fromEntries(c.values.opargFields.map((f) => [`_JIT_OPARG_${f.name}`, BigInt(opargFieldValue(c.values.oparg, f))])),
  };
  for (const e of c.elfs) {
    for (const s of e.symbols) {
      if (s.sectionIndex !== 0 || !s.name || defined.has(s.name)) continue;
      let v: bigint;
      if (s.name in JIT_TARGETS) v = BigInt(JIT_TARGETS[s.name as keyof typeof JIT_TARGETS]);
      else if (s.name in operandWords) {
        v = BigInt.asUintN(64, operandWords[s.name]);
        if (!c.layout.operands.asAddresses && !c.calledOperands.has(s.name)) absolute.add(s.name);
      } else {
        const i = c.values.symbolNames.indexOf(s.name);
        if (i < 0) throw new Error(`${c.name}: extern ${s.name} is not in the stencil table's symbols`);
        v = BigInt(c.values.symbolAddresses[i]);
      }
      externs.set(s.name, v);
    }
  }
  return { externs, absolute };
}

/**
 * The uops lld links by default: every sixteenth one, and enough others that each
 * kind of hole (patch kind, value, place) of every stencil, relaxed or as clang
 * laid it out, and each tail-jump shape is linked in every layout.
 * STENCIL_JIT_HEAVY=1 links all of them.
 */
function lldSample<U>(target: Target, built: readonly BuiltStencil[], uops: readonly U[]): U[] {
  const seen = new Set<string>();
  const signature = (b: BuiltStencil): string[] => {
    const keys: string[] = [`tail ${b.droppedTailJump} ${b.unrelaxed?.droppedTailJump}`];
    for (const s of b.unrelaxed ? [b.stencil, b.unrelaxed.stencil] : [b.stencil]) {
      const l = loadStencil(s, target.machine);
      for (const [place, holes] of [['code', l.codeHoles], ['data', l.dataHoles], ['cold', l.coldHoles]] as const) {
        for (let i = 0; i < holes.length; i += HOLE_FIELDS) keys.push(`${place} ${holes[i + HOLE_KIND]} ${holes[i + HOLE_VALUE]}`);
      }
    }
    return keys;
  };
  return uops.filter((_, i) => {
    const fresh = signature(built[i]).filter((k) => !seen.has(k));
    fresh.forEach((k) => seen.add(k));
    // (Every eighth till the suite had to fit CI's time: each is a clang run of its own on a clean checkout.)
    return i % 16 === 0 || fresh.length > 0;
  });
}

async function pool<T>(items: readonly T[], width: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await job(items[next++]);
  }));
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'stencils-lld-'));
  const [generated] = await Promise.all([generate({ root: ROOT, outDir: join(tmp, 'build'), targets: TARGETS }), initCapstone()]);
  result = generated;
  for (const out of result.targets) {
    if (out.skipped) throw new Error(`generate() skipped ${out.target.triple}`);
    // generate() cut most uops out of units of many; lld links each uop compiled alone, as clang wrote it
    // (minus the static helpers it marks `used` but never calls), so the two must give the same stencils.
    const linked = HEAVY ? result.uops : lldSample(out.target, result.uops.map((u) => out.uops.get(u.name)!), result.uops);
    if (!HEAVY) console.log(`stencils-lld: ${out.target.triple}: lld links ${linked.length} of ${result.uops.length} uops (STENCIL_JIT_HEAVY=1: all)`);
    const alone = await aloneForLld(out.target, linked.map((u) => u.name), await compileAlone(result.unitContext!, out.target, linked));
    for (const layout of LAYOUTS) {
      result.uops.forEach((u) => {
        const built = out.uops.get(u.name)!;
        const k = linked.indexOf(u);
        // Capstone checks every stencil; lld links the sample (objects compiled alone).
        const objects = k < 0 ? [] : [alone[k]];
        const final = makeCase(out.target, out.symbols, out.opargFields, u.name, built, objects, layout);
        finalCases.push(final);
        if (k < 0) return;
        // lld links clang's layout; our branch relaxation (generator/branch-relaxation.ts) is checked with capstone.
        cases.push(built.unrelaxed ? makeCase(out.target, out.symbols, out.opargFields, u.name, { ...built, ...built.unrelaxed }, objects, layout) : final);
      });
      // generate() compiles the support sources, then the layout unit.
      const supportObjects = out.objects.slice(0, -1).map((o) => o.object);
      const support = makeCase(out.target, out.symbols, out.opargFields, 'support', out.support!, supportObjects, layout);
      cases.push(support);
      finalCases.push(support);
    }
  }
  await pool(cases.filter((c) => !c.noLld), 4, async (c) => {
    const { externs, absolute } = externsOf(c);
    const label = `${c.name}.${c.target.triple.split('-')[0]}.${c.layout.name}`;
    c.image = await linkStencil({ name: label, machine: c.target.machine, objects: c.objects, externs, absolute }, c.placed, tmp);
  });
}, 900_000); // generate() and ~1500 lld links: over the default 5 min on a busy machine

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * Each uop's object compiled alone, without the sections its function does not
 * reach (llvm-objcopy), for lld; and a check that it builds exactly the stencil
 * generate() built from the object it cut out of a unit of many uops.
 */
async function aloneForLld(target: Target, names: readonly string[], objects: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const mismatches: string[] = [];
  for (const [i, name] of names.entries()) {
    const elf = readElfObject(objects[i]);
    const keep = new Set(reachedSections(elf, `_JIT_ENTRY_${name}`));
    const drop = elf.sections.filter((s) => s.index !== 0 && s.flags.alloc && !keep.has(s.index)).map((s) => s.name);
    const file = join(tmp, `${name}.${target.triple}.o`);
    writeFileSync(file, objects[i]);
    if (drop.length > 0) execFileSync('llvm-objcopy-19', [...drop.flatMap((d) => ['--remove-section', d]), file]);
    out.push(readFileSync(file));
    const symbols = result.targets.find((t) => t.target === target)!.symbols.slice();
    const built = result.targets.find((t) => t.target === target)!.uops.get(name)!;
    const again = buildStencil(name, [out[i]], target.machine, (s) => {
      let k = symbols.indexOf(s);
      if (k < 0) k = symbols.push(s) - 1;
      return k;
    }, { dropTailJump: true, decode: (code) => decodeSync(target.capstone.arch, code), opargFields: result.config.opargFields });
    if (JSON.stringify(again.stencil) !== JSON.stringify(built.stencil)) mismatches.push(`${target.triple} ${name}`);
  }
  expect(mismatches, 'uops whose stencil compiled alone differs from the one cut out of a unit').toEqual([]);
  return out;
}

const arch = (t: Target) => t.triple.split('-')[0];

/** lld's GOT entries and its range-extension thunks, in address order. */
function lldSeed(c: Case): LldSlotsSeed {
  const image = c.image!;
  const gotSection = image.sections.get('.got');
  const got: bigint[] = [];
  if (gotSection && gotSection.data.length > 0) {
    expect(gotSection.addr).toBe(GOT_BASE);
    for (let at = 0; at + 8 <= gotSection.data.length; at += 8) got.push(image.read64(GOT_BASE + at)!);
  }
  const thunks = [...image.symbols]
    .filter(([name]) => /^__AArch64.*Thunk_/.test(name))
    .map(([name, address]) => {
      const target = trampolineTarget(c.target.machine, image, address);
      if (target === undefined) throw new Error(`${c.name}: lld thunk ${name} is not an absolute long thunk`);
      return { address, target };
    })
    .sort((a, b) => a.address - b.address);
  return { got, thunks };
}

/** The stencil's code and data sections in an image (ours or lld's), for the capstone checks. */
function sectionsOf(c: Case, mem: Memory): Record<Hole['place'], Section> {
  const m = c.target.machine;
  return {
    code: section(m, mem.bytes(CODE_BASE, c.stencil.code.length)!, CODE_BASE, true),
    cold: section(m, mem.bytes(coldBase(c.stencil), c.stencil.coldCode.length) ?? new Uint8Array(0), coldBase(c.stencil), true),
    data: section(m, mem.bytes(DATA_BASE, c.stencil.data.length) ?? new Uint8Array(0), DATA_BASE, false),
  };
}

function checkAll(c: Case, mem: Memory, holes: readonly Hole[], only?: ReadonlySet<Hole>): string[] {
  const sections = sectionsOf(c, mem);
  const problems: string[] = [];
  for (const h of holes) {
    if (only && !only.has(h)) continue;
    const p = checkHole(sections[h.place], h, holes, mem);
    if (p) problems.push(`${c.name}: ${p}`);
  }
  return problems;
}

interface Stats {
  stencils: number;
  codeBytes: number;
  dataBytes: number;
  thunks: number;
  gotEntries: number;
  holesExact: number;
  holesDocumented: number;
  documentedExamples: string[];
  capstoneOnly: string[];
  capstoneOnlyHoles: number;
  capstoneHoles: number;
  capstoneByType: Map<string, number>;
  /** One patched instruction per hole kind. */
  examples: Map<string, string>;
  droppedJumps: number;
}

const stats = new Map<string, Stats>();
const statsFor = (key: string): Stats => {
  let s = stats.get(key);
  if (!s) {
    s = {
      stencils: 0, codeBytes: 0, dataBytes: 0, thunks: 0, gotEntries: 0, holesExact: 0, holesDocumented: 0,
      documentedExamples: [], capstoneOnly: [], capstoneOnlyHoles: 0, capstoneHoles: 0, capstoneByType: new Map(), examples: new Map(), droppedJumps: 0,
    };
    stats.set(key, s);
  }
  return s;
};

const GOT_PAGE: ReadonlySet<number> = new Set([PatchKind.A64_GOT_PAGE, PatchKind.A64_GOT_PAGE_PAIRED]);
const GOT_LO12: ReadonlySet<number> = new Set([PatchKind.A64_GOT_LO12, PatchKind.A64_GOT_LO12_PAIRED]);
const GOT_PAIR: ReadonlySet<number> = new Set([...GOT_PAGE, ...GOT_LO12]);

describe('stencils linked by ld.lld-19 equal our patched copies', () => {
  for (const target of TARGETS) {
    for (const layout of LAYOUTS) {
      it(`${arch(target)}, ${layout.what}`, () => {
        const st = statsFor(`${arch(target)}/${layout.name}`);
        const problems: string[] = [];
        for (const c of cases.filter((c) => c.target === target && c.layout === layout)) {
          if (c.noLld) {
            st.capstoneOnly.push(`${c.name} (${c.noLld})`);
            st.capstoneOnlyHoles += holesOf(c.stencil, c.values).length;
            continue;
          }
          const image = c.image!;
          const seed = lldSeed(c);
          const ours = patchStencil(target.machine, c.stencil, c.values, seed);
          const holes = holesOf(c.stencil, c.values);
          const documented = new Set<Hole>();
          const diffAt = (addr: number, mine: Uint8Array, theirs: Uint8Array | undefined, what: string) => {
            if (!theirs) {
              problems.push(`${c.name}: lld has no bytes for ${what} at 0x${addr.toString(16)}`);
              return;
            }
            for (let i = 0; i < mine.length; i++) {
              if (mine[i] === theirs[i]) continue;
              const P = addr + i;
              const h = holes.find((h) => h.P <= P && P < h.P + 4);
              if (target.machine !== EM_X86_64 && h && GOT_PAIR.has(h.kind)) {
                documented.add(h);
                continue;
              }
              const insn = h?.place === 'code' ? instructionAt(section(target.machine, mine, addr, true), P) : undefined;
              problems.push(
                `${c.name}: ${what}+0x${(P - addr).toString(16)}: ours 0x${mine[i].toString(16)}, lld 0x${theirs[i].toString(16)}` +
                  (h ? ` (${patchKindName(h.kind)} ${h.what}: ours ${insnText(insn)})` : ' (no hole)'),
              );
              break;
            }
          };
          // Code, minus the dropped tail jump; then data.
          for (const p of c.placed) {
            const len = p.place === 'code' ? Math.min(p.size, c.stencil.code.length - p.offset) : p.size;
            const mine = ours.bytes(p.address, len)!;
            diffAt(p.address, mine, image.bytes(p.address, len), `${p.name}#${p.object}`);
            if (p.place === 'code') st.codeBytes += len;
            else st.dataBytes += len;
          }
          // lld's thunks are our trampolines, byte for byte.
          for (const t of seed.thunks) diffAt(t.address, ours.bytes(t.address, 16)!, image.bytes(t.address, 16), 'thunk');
          // lld's GOT is our slot area; anything we needed beyond it is for documented differences only.
          diffAt(GOT_BASE, ours.bytes(GOT_BASE, seed.got.length * 8)!, image.bytes(GOT_BASE, seed.got.length * 8), '.got');
          if (ours.slots.slotBytesUsed > seed.got.length * 8 && documented.size === 0) {
            problems.push(`${c.name}: we used ${ours.slots.slotBytesUsed / 8} slots, lld ${seed.got.length} GOT entries`);
          }
          if (ours.slots.trampolineBytesUsed !== seed.thunks.length * 16) {
            problems.push(`${c.name}: we used ${ours.slots.trampolineBytesUsed / 16} trampolines, lld ${seed.thunks.length} thunks`);
          }
          // Documented differences: both GOT-pair instructions must compute the intended value, ours and lld's.
          if (documented.size > 0) {
            for (const h of [...documented]) {
              // Its partner differs too (or not), either way both must check out.
              for (const o of holes) if (GOT_PAIR.has(o.kind) && o.S === h.S && o.A === h.A) documented.add(o);
            }
            problems.push(...checkAll(c, ours, holes, documented).map((p) => `ours: ${p}`));
            problems.push(...checkAll(c, image, holes, documented).map((p) => `lld: ${p}`));
            for (const h of documented) {
              if (st.documentedExamples.length < 4 && GOT_LO12.has(h.kind)) {
                const adrp = holes.find((o) => GOT_PAGE.has(o.kind) && o.S === h.S && o.offset < h.offset);
                const show = (mem: Memory, P: number) => insnText(disassemble(target.machine, mem.bytes(P, 4)!, P)[0]);
                st.documentedExamples.push(
                  `${c.name} ${h.what}=0x${h.S.toString(16)}: lld \`${adrp ? show(image, adrp.P) : '?'}; ${show(image, h.P)}\`, ` +
                    `ours \`${adrp ? show(ours, adrp.P) : '?'}; ${show(ours, h.P)}\``,
                );
              }
            }
          }
          st.stencils++;
          st.thunks += seed.thunks.length;
          st.gotEntries += seed.got.length;
          st.holesDocumented += documented.size;
          st.holesExact += holes.length - documented.size;
        }
        expect(problems).toEqual([]);
        expect(st.stencils).toBeGreaterThan(cases.filter((c) => c.target === target && c.layout === layout).length - 2);
      });
    }
  }
});

describe('a dropped tail jump was exactly the jump to _JIT_CONTINUE', () => {
  for (const target of TARGETS) {
    it(arch(target), () => {
      const problems: string[] = [];
      const st = statsFor(arch(target));
      for (const c of cases.filter((c) => c.target === target && c.layout === LAYOUTS[0])) {
        const dropped = c.built.droppedTailJump;
        const code = c.placed.filter((p) => p.place === 'code');
        const last = code[code.length - 1];
        const elf = c.elfs[last.object];
        const end = last.offset + last.size;
        if (end !== c.stencil.code.length + dropped) {
          problems.push(`${c.name}: text ends at 0x${end.toString(16)}, stencil code 0x${c.stencil.code.length.toString(16)} + dropped ${dropped}`);
          continue;
        }
        if (dropped === 0) continue;
        if (c.name === 'support') problems.push('support: tail jump dropped');
        st.droppedJumps++;
        const at = c.stencil.code.length - last.offset; // in the object's section
        const raw = elf.sections[last.index].data.subarray(at, at + dropped);
        const rels = elf.relocations.filter((r) => r.targetSection === last.index && r.offset >= at);
        const rel = rels.length === 1 ? rels[0] : undefined;
        const sym = rel ? elf.symbols[rel.symbolIndex].name : '';
        const lldBytes = c.image!.bytes(CODE_BASE + c.stencil.code.length, dropped)!;
        const lld = disassemble(target.machine, lldBytes, CODE_BASE + c.stencil.code.length).map(insnText);
        const cont = `0x${JIT_TARGETS._JIT_CONTINUE.toString(16)}`;
        const ok =
          target.machine === EM_X86_64
            ? dropped === 6 && raw[0] === 0xff && raw[1] === 0x25 && rel?.type === R_X86_64.GOTPCRELX && rel.offset === at + 2 && rel.addend === -4 &&
              JSON.stringify(lld) === JSON.stringify([`jmp ${cont}`, 'nop'])
            : dropped === 4 && raw.every((b, i) => b === [0, 0, 0, 0x14][i]) && rel?.type === R_AARCH64.JUMP26 && rel.offset === at && rel.addend === 0 &&
              JSON.stringify(lld) === JSON.stringify([`b #${cont}`]);
        if (!ok || sym !== '_JIT_CONTINUE') {
          problems.push(`${c.name}: dropped ${dropped} bytes ${Buffer.from(raw).toString('hex')} (${rel ? relocationName(target.machine, rel.type) : 'no relocation'} ${sym}), lld: ${lld.join('; ')}`);
        }
        // Nothing of the stencil refers to the dropped bytes.
        if (holesOf(c.stencil, c.values).some((h) => h.place === 'code' && h.offset + 4 > c.stencil.code.length)) problems.push(`${c.name}: a hole lies in the dropped jump`);
      }
      // x86_64: clang tail-jumps through a register when a stencil passes more than six
      // arguments (`mov _JIT_CONTINUE@GOTPCREL(%rip), %reg; ...; jmp *%reg`), and only our
      // branch relaxation turns that into a jump it can drop (the builder drops only a jump
      // to _JIT_CONTINUE): clang's code must have such a jump, with the register linked by
      // lld to _JIT_CONTINUE.
      if (target.machine === EM_X86_64) {
        for (const f of finalCases.filter((f) => f.target === target && f.layout === LAYOUTS[0] && f.built.unrelaxed && f.built.droppedTailJump > 0)) {
          const c = cases.find((x) => x.name === f.name && x.target === target && x.layout === LAYOUTS[0]);
          if (!c || c.built.droppedTailJump > 0 || !c.image) continue;
          const insns = disassemble(target.machine, c.image.bytes(CODE_BASE, c.stencil.code.length)!, CODE_BASE);
          const jumpsToContinue = insns.filter((jmp, k) => {
            if (jmp.mnemonic !== 'jmp' || !/^[a-z0-9]+$/.test(jmp.opStr)) return false;
            // lld relaxes the GOT load to `lea reg, [rip + d]`, or to `mov reg, imm32` for a low address.
            const load = insns.slice(0, k).reverse().find((i) => (i.mnemonic === 'lea' || i.mnemonic === 'mov') && i.opStr.startsWith(`${jmp.opStr}, `));
            const rip = load ? /^[a-z0-9]+, \[rip ([+-]) (0x[0-9a-f]+)\]$/.exec(load.opStr) : null;
            const imm = load ? /^[a-z0-9]+, (0x[0-9a-f]+)$/.exec(load.opStr) : null;
            const loaded = rip ? Number(load!.address) + load!.size + (rip[1] === '-' ? -1 : 1) * Number(rip[2]) : imm ? Number(imm[1]) : NaN;
            return loaded === JIT_TARGETS._JIT_CONTINUE;
          });
          if (jumpsToContinue.length === 0) problems.push(`${f.name}: dropped a tail jump, but clang's code has no jump through a register to _JIT_CONTINUE`);
          st.droppedJumps++;
        }
      }
      expect(problems).toEqual([]);
      expect(st.droppedJumps).toBeGreaterThan(0);
    });
  }
});

/** What the instruction holding a code hole looks like after our patching (`original`: the unpatched code the hole is in). */
function expectedShape(machine: number, h: Hole, original: Uint8Array): RegExp {
  const operand = h.value === HoleValue.OPERAND0 || h.value === HoleValue.OPERAND1 || h.value === HoleValue.OPARG || h.value === HoleValue.OPARG_FIELD;
  const far = h.S - BigInt(h.P) >= 1n << 31n || h.S - BigInt(h.P) < -(1n << 31n);
  if (machine === EM_X86_64) {
    switch (h.kind) {
      case PatchKind.X86_ABS64: return /^movabs [a-z0-9]+, (0x[0-9a-f]+|\d+)$/;
      // The oparg (or a field of it) as a 32-bit immediate, or a displacement of a load or a store (sized `_JIT_OPARG[1]` is small data).
      case PatchKind.X86_ABS32:
      // (A zero displacement shows as no number: `lea rax, [r13]`.)
      case PatchKind.X86_ABS32S: return /((0x[0-9a-f]+|\b\d+)(\]|\], [a-z0-9]+)?|\[[a-z0-9]+\](, [a-z0-9]+)?)$/;
      case PatchKind.X86_BRANCH32: return /^(call|jmp) 0x[0-9a-f]+$/; // direct, or to a trampoline
      // rip-relative data, or a branch our relaxation pointed straight at a trace place (exit, continue, ...).
      case PatchKind.X86_REL32: return h.value === HoleValue.DATA ? /\[rip [+-] 0x[0-9a-f]+\]/ : /^(j[a-z]+|jmp) 0x[0-9a-f]+$/;
      case PatchKind.X86_GOT_MOV_REXW:
        // A trace place loaded into a register for a jump through it that relaxation left (a join of two paths).
        if (!operand && h.value !== HoleValue.SYMBOL) return far ? /^mov [a-z0-9]+, qword ptr \[rip [+-] 0x[0-9a-f]+\]$/ : /^lea [a-z0-9]+, \[rip [+-] 0x[0-9a-f]+\]$/;
        // A symbol: a function relaxed into a branch, or a data symbol's address loaded (the support code's vm_interrupt_cell).
        if (h.value === HoleValue.SYMBOL) {
          return far
            ? /^((call|jmp) qword ptr \[rip [+-] 0x[0-9a-f]+\]|mov [a-z0-9]+, qword ptr \[rip [+-] 0x[0-9a-f]+\])$/
            : /^((call|jmp|j[a-z]+) 0x[0-9a-f]+|lea [a-z0-9]+, \[rip [+-] 0x[0-9a-f]+\])$/;
        }
      // falls through
      case PatchKind.X86_GOT_CALL:
      case PatchKind.X86_GOT_JMP:
        // Relaxed to a direct branch in rel32 range (trace targets always are), else indirect through a slot.
        return far ? /^(call|jmp) qword ptr \[rip [+-] 0x[0-9a-f]+\]$/ : /^(call|jmp|j[a-z]+) 0x[0-9a-f]+$/;
    }
  } else {
    switch (h.kind) {
      // B (JUMP26) or BL (CALL26), as clang wrote it (bit 31 of the unpatched instruction).
      case PatchKind.A64_BRANCH26: return original[h.offset + 3] & 0x80 ? /^bl #0x[0-9a-f]+$/ : /^b #0x[0-9a-f]+$/;
      // A conditional branch the relaxation pointed at a trace place or the other part (generator/branch-relaxation-aarch64.ts).
      case PatchKind.A64_CONDBR19: return /^(b\.[a-z]{2}|cbn?z [xw]\d+,) #0x[0-9a-f]+$/;
      case PatchKind.A64_TSTBR14: return /^tbn?z [xw]\d+, #(?:0x[0-9a-f]+|\d+), #0x[0-9a-f]+$/;
      case PatchKind.A64_ADRP: return /^adrp x\d+, #0x[0-9a-f]+$/;
      case PatchKind.A64_LO12: return /^add x\d+, x\d+, #(0x[0-9a-f]+|\d+)$/;
      // A load of a constant from the stencil's data (e.g. a vectorised loop's constant).
      case PatchKind.A64_LO12_X4:
      case PatchKind.A64_LO12_X8:
      case PatchKind.A64_LO12_X16: return /^ldr [wxsdq]\d+, \[x\d+(, #(0x[0-9a-f]+|\d+))?\]$/;
      case PatchKind.A64_GOT_PAGE: return /^adrp x\d+, #0x[0-9a-f]+$/;
      // An adjacent pair becomes the value itself where it can (patch-aarch64.ts, patchGotPairHalf).
      case PatchKind.A64_GOT_PAGE_PAIRED: return /^(adrp|adr) x\d+, #0x[0-9a-f]+$|^mov x\d+, #-?(0x[0-9a-f]+|\d+)$/;
      case PatchKind.A64_GOT_LO12_PAIRED: return /^(ldr x\d+, \[x\d+(, #(0x[0-9a-f]+|\d+))?\]|add x\d+, x\d+, #(0x[0-9a-f]+|\d+)|movk x\d+, #(0x[0-9a-f]+|\d+)(, lsl #\d+)?|nop)$/;
      // A pair that is not adjacent loads operands from a constant slot (never relaxed to an add, unlike lld).
      case PatchKind.A64_GOT_LO12: return operand ? /^ldr x\d+, \[x\d+(, #(0x[0-9a-f]+|\d+))?\]$/ : /^(ldr|add) /;
    }
  }
  return /^$/;
}

describe('every hole of every stencil checks out with capstone after patching', () => {
  for (const target of TARGETS) {
    for (const layout of LAYOUTS) {
      it(`${arch(target)}, ${layout.what}`, () => {
        const st = statsFor(`${arch(target)}/${layout.name}`);
        const problems: string[] = [];
        for (const c of finalCases.filter((c) => c.target === target && c.layout === layout)) {
          // As the trace compiler lays it out: trampolines after the code, slots in their own area.
          const ours: PatchedImage = patchStencil(target.machine, c.stencil, c.values);
          const holes = holesOf(c.stencil, c.values);
          problems.push(...checkAll(c, ours, holes));
          st.capstoneHoles += holes.length;
          const sections = sectionsOf(c, ours);
          for (const h of holes) {
            const k = `${patchKindName(h.kind)} ${h.value === HoleValue.SYMBOL ? 'symbol' : h.what}`;
            st.capstoneByType.set(k, (st.capstoneByType.get(k) ?? 0) + 1);
            if (h.place === 'data') continue;
            // And the instruction has the shape the runtime means to produce.
            const text = insnText(instructionAt(sections[h.place], h.P));
            const shape = expectedShape(target.machine, h, h.place === 'cold' ? c.stencil.coldCode : c.stencil.code);
            if (!shape.test(text)) problems.push(`${c.name}: ${k} at ${h.place}+0x${h.offset.toString(16)}: \`${text}\` is not ${shape}`);
            if (!st.examples.has(k)) st.examples.set(k, `${c.name}: ${text}`);
          }
        }
        expect(problems).toEqual([]);
        expect(st.capstoneHoles).toBeGreaterThan(0);
      });
    }
  }
});

describe('coverage', () => {
  it('both targets, every layout: lld compared almost every hole exactly, capstone checked all', () => {
    // Needs the tests above (a `-t` filter that skips them leaves nothing to count).
    if (stats.size < TARGETS.length * (LAYOUTS.length + 1)) return;
    const lines: string[] = [];
    for (const [key, s] of [...stats].sort()) {
      if (!key.includes('/')) {
        lines.push(`${key}: ${s.droppedJumps} dropped tail jumps checked`);
        continue;
      }
      lines.push(
        `${key}: ${s.stencils} stencils linked, ${s.codeBytes} code + ${s.dataBytes} data bytes, ${s.thunks} thunks, ${s.gotEntries} GOT entries equal; ` +
          `holes ${s.holesExact} exact, ${s.holesDocumented} documented GOT-pair differences; capstone ${s.capstoneHoles} holes` +
          (s.capstoneOnly.length ? `; lld could not link: ${s.capstoneOnly.join(', ')}` : ''),
      );
      for (const e of s.documentedExamples) lines.push(`    GOT pair, lld vs ours: ${e}`);
      for (const [k, e] of [...s.examples].sort()) lines.push(`    ${k}: ${e}`);
      // Every hole the capstone pass checked was also compared with lld, exactly or as a documented difference, or lld could not link it.
      // Capstone checks the branch-relaxed stencils (both targets), whose exit jumps were folded into their branches
      // (one hole per branch instead of one per jump block), so the counts differ.
      expect(s.capstoneHoles).toBeGreaterThan((s.holesExact + s.holesDocumented + s.capstoneOnlyHoles) / 2);
      expect(s.holesDocumented).toBeLessThan(s.holesExact / 4);
      // Only calls to an operand out of rel32 range (CALL_HOST_1's host function, CALL_TRACE's trace) go without lld.
      for (const e of s.capstoneOnly) expect(e).toMatch(/^(CALL_HOST_1|CALL_TRACE) \(x86_64 call to an operand out of rel32 range/);
    }
    for (const t of TARGETS) {
      const types = new Set<string>();
      for (const l of LAYOUTS) for (const k of statsFor(`${arch(t)}/${l.name}`).capstoneByType.keys()) types.add(k);
      lines.push(`${arch(t)} hole kinds: ${[...types].sort().join(', ')}`);
    }
    console.log(lines.join('\n'));
    expect(stats.size).toBe(TARGETS.length * (LAYOUTS.length + 1));
  });
});

