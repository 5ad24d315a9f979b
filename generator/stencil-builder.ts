// Turns one or more relocatable objects into a stencil: code bytes, read-only
// data bytes and holes. Every relocation becomes a hole whose value says what
// the runtime puts there; anything unexpected is a build error naming the
// stencil, the section, the offset and the relocation type.
import {
  HOLE_ADDEND,
  HOLE_FIELDS,
  HOLE_KIND,
  HOLE_OFFSET,
  HOLE_VALUE,
  HoleValue,
  type OpargField,
  type Stencil,
} from '../format/stencil-format.ts';
import { R_AARCH64, R_X86_64, relocationName } from '../format/relocations.ts';
import { patchKindOf, UnsupportedRelocation } from './patch-kind-selection.ts';
import { relaxBranches } from './branch-relaxation.ts';
import { relaxBranchesAarch64 } from './branch-relaxation-aarch64.ts';
import { makeGotPairsAdjacent } from './got-pair-adjacency.ts';
import type { Relaxed } from './branch-relaxation.ts';
import type { DecodedInstruction } from './disassembler.ts';
import { EM_AARCH64, EM_X86_64, readElfObject, type ElfObject } from './elf-reader.ts';

export class StencilError extends Error {}

/** The extern symbols of cases/template.h and the hole values they stand for. */
const SPECIAL_SYMBOLS: Readonly<Record<string, HoleValue>> = {
  _JIT_CONTINUE: HoleValue.CONTINUE,
  _JIT_JUMP_TARGET: HoleValue.JUMP_TARGET,
  _JIT_EXIT: HoleValue.EXIT,
  _JIT_TOP: HoleValue.TOP,
  _JIT_OPERAND0: HoleValue.OPERAND0,
  _JIT_OPERAND1: HoleValue.OPERAND1,
  _JIT_OPARG: HoleValue.OPARG,
};

/** Sections that carry nothing the runtime loads. */
const IGNORED_SECTION = /^(\.comment|\.note.*|\.llvm_addrsig|\.symtab|\.strtab|\.shstrtab|\.rela.*|\.group|)$/;

/** While a stencil is built (branch relaxation, tail jumps), the kind column holds the ELF relocation type; finish() turns it into a PatchKind. */
const HOLE_TYPE = HOLE_KIND;

export interface RawRelocation {
  section: string;
  offset: number;
  type: string;
  symbol: string;
  addend: number;
  /** Where it landed in the stencil: code, its cold part or data, and the offset there. */
  place: 'code' | 'cold' | 'data';
  placeOffset: number;
}

export interface BuiltStencil {
  stencil: Stencil;
  /** The ELF relocation records behind the holes (for inspect). */
  relocations: RawRelocation[];
  /** Bytes dropped from the end of the code: a jump to the following stencil. */
  droppedTailJump: number;
  /** The stencil as clang laid it out (before branch relaxation), when relaxation changed it. */
  unrelaxed?: { stencil: Stencil; droppedTailJump: number };
}

interface Placement {
  place: 'code' | 'data';
  base: number;
}

function align(n: number, a: number): number {
  return a > 1 ? Math.ceil(n / a) * a : n;
}

/**
 * Builds one stencil from objects compiled for `machine`. Symbols defined in
 * any of the objects become exports when `exportGlobals` is set (support code).
 */
export function buildStencil(
  name: string,
  /** Relocatable objects, as bytes or already read. */
  objects: readonly (Uint8Array | ElfObject)[],
  machine: number,
  symbolIndex: (symbol: string) => number,
  options: {
    exportGlobals?: boolean;
    dropTailJump?: boolean;
    /** The VM's oparg fields: `_JIT_OPARG_<name>` symbols become OPARG_FIELD holes. */
    opargFields?: readonly OpargField[];
    /** Instruction decoder: enables branch relaxation (generator/branch-relaxation.ts; aarch64 decodes its fixed-width words itself). */
    decode?: (code: Uint8Array) => DecodedInstruction[] | null;
  } = {},
): BuiltStencil {
  const code: number[] = [];
  const data: number[] = [];
  let dataAlign = 1;
  const codeHoles: number[] = [];
  const dataHoles: number[] = [];
  const relocations: RawRelocation[] = [];
  const exports: Record<string, number> = {};

  const parsed: ElfObject[] = objects.map((o) => (o instanceof Uint8Array ? readElfObject(o) : o));
  const placements: Map<number, Placement>[] = [];
  for (const elf of parsed) {
    if (elf.machine !== machine) throw new StencilError(`${name}: object is for ELF machine ${elf.machine}, expected ${machine}`);
    const map = new Map<number, Placement>();
    for (const s of elf.sections) {
      if (s.index === 0 || IGNORED_SECTION.test(s.name) || !s.flags.alloc) continue;
      if (s.flags.write || s.type === 'nobits') {
        throw new StencilError(`${name}: unexpected writable section ${s.name} (stencils may only have code and read-only data)`);
      }
      if (s.size === 0) continue;
      if (s.flags.execinstr) {
        const base = align(code.length, machine === EM_AARCH64 ? 4 : 1);
        while (code.length < base) code.push(machine === EM_X86_64 ? 0xcc : 0);
        for (const b of s.data) code.push(b); // spread would overflow the stack on large sections
        map.set(s.index, { place: 'code', base });
      } else {
        const base = align(data.length, s.align);
        dataAlign = Math.max(dataAlign, s.align);
        while (data.length < base) data.push(0);
        for (const b of s.data) data.push(b);
        map.set(s.index, { place: 'data', base });
      }
    }
    placements.push(map);
  }

  parsed.forEach((elf, objectIndex) => {
    const map = placements[objectIndex];
    if (options.exportGlobals) {
      for (const sym of elf.symbols) {
        if (sym.binding === 'local' || sym.sectionIndex === 0 || sym.type !== 'func') continue;
        const p = map.get(sym.sectionIndex);
        if (p?.place === 'code') exports[sym.name] = p.base + sym.value;
      }
    }
    for (const r of elf.relocations) {
      const target = map.get(r.targetSection);
      const sectionName = elf.sections[r.relaSection].name;
      const where = `${name}: ${sectionName} offset 0x${r.offset.toString(16)} (${relocationName(machine, r.type)})`;
      if (!target) {
        if (IGNORED_SECTION.test(elf.sections[r.targetSection]?.name ?? '')) continue;
        throw new StencilError(`${where}: relocation in unexpected section ${elf.sections[r.targetSection]?.name}`);
      }
      const sym = elf.symbols[r.symbolIndex];
      if (!sym) throw new StencilError(`${where}: bad symbol index ${r.symbolIndex}`);
      let value: HoleValue;
      let symbol = -1;
      let addend = r.addend;
      let symbolName = sym.name;
      if (sym.sectionIndex === 0) {
        const special = SPECIAL_SYMBOLS[sym.name];
        const field = (options.opargFields ?? []).findIndex((f) => `_JIT_OPARG_${f.name}` === sym.name);
        if (special !== undefined) value = special;
        else if (field >= 0) {
          value = HoleValue.OPARG_FIELD;
          symbol = field;
        }
        else if (sym.name === '') throw new StencilError(`${where}: relocation against an unnamed undefined symbol`);
        else {
          value = HoleValue.SYMBOL;
          symbol = symbolIndex(sym.name);
        }
      } else {
        const p = map.get(sym.sectionIndex);
        if (!p) {
          throw new StencilError(`${where}: symbol '${sym.name}' is in section ${elf.sections[sym.sectionIndex]?.name ?? sym.sectionIndex}, which is not loaded`);
        }
        value = p.place === 'code' ? HoleValue.CODE : HoleValue.DATA;
        addend += p.base + sym.value;
        if (sym.type === 'section') symbolName = elf.sections[sym.sectionIndex].name;
      }
      const holes = target.place === 'code' ? codeHoles : dataHoles;
      const hole = new Array<number>(HOLE_FIELDS);
      hole[HOLE_OFFSET] = target.base + r.offset;
      hole[HOLE_TYPE] = r.type;
      hole[HOLE_VALUE] = value;
      hole[3] = symbol;
      hole[HOLE_ADDEND] = addend;
      holes.push(...hole);
      relocations.push({
        section: sectionName.replace(/^\.rela/, ''),
        offset: r.offset,
        type: relocationName(machine, r.type),
        symbol: symbolName,
        addend: r.addend,
        place: target.place,
        placeOffset: target.base + r.offset,
      });
    }
  });

  // Keep holes sorted by offset (readers and the patcher rely on it).
  const sortHoles = (flat: number[]) => {
    const rows: number[][] = [];
    for (let i = 0; i < flat.length; i += HOLE_FIELDS) rows.push(flat.slice(i, i + HOLE_FIELDS));
    rows.sort((a, b) => a[HOLE_OFFSET] - b[HOLE_OFFSET]);
    return rows.flat();
  };
  const finish = (finalCode: number[], finalHoles: number[], cold?: { code: number[]; holes: number[] }): { stencil: Stencil; dropped: number } => {
    const dropped = options.dropTailJump ? tailJumpLength(finalCode, finalHoles, machine) : 0;
    if (dropped > 0) {
      finalCode.length -= dropped;
      finalHoles.length -= HOLE_FIELDS;
    }
    const stencil: Stencil = {
      name,
      code: Buffer.from(finalCode).toString('hex'),
      data: Buffer.from(data).toString('hex'),
      dataAlign,
      codeHoles: withPatchKinds(name, machine, sortHoles(finalHoles), finalCode),
      dataHoles: withPatchKinds(name, machine, sortHoles(dataHoles), data),
    };
    if (cold && cold.code.length > 0) {
      stencil.coldCode = Buffer.from(cold.code).toString('hex');
      stencil.coldHoles = withPatchKinds(name, machine, sortHoles(cold.holes), cold.code);
    }
    if (options.exportGlobals) stencil.exports = Object.fromEntries(Object.entries(exports).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { stencil, dropped };
  };
  // Uops only (the support code is not given a decoder): it has no jumps to the next stencil to drop.
  const relaxed = !options.decode ? null
    : machine === EM_X86_64 ? relaxBranches(code, codeHoles, options.decode)
    : machine === EM_AARCH64 ? withAdjacentGotPairs(relaxBranchesAarch64(code, codeHoles), code, codeHoles, options.decode)
    : null;
  let unrelaxed: { stencil: Stencil; droppedTailJump: number } | undefined;
  let result: { stencil: Stencil; dropped: number };
  const plain = finish(code.slice(), codeHoles.slice());
  const better = relaxed && finish(relaxed.code.slice(), relaxed.holes.slice(), { code: relaxed.coldCode, holes: relaxed.coldHoles.slice() });
  // Keep the relaxation only where it pays: the hot path now falls through, or the code got smaller.
  if (relaxed && better && ((better.dropped > 0 && plain.dropped === 0) || better.stencil.code.length < plain.stencil.code.length || (relaxed.adjacentPairs ?? 0) > 0)) {
    unrelaxed = { stencil: plain.stencil, droppedTailJump: plain.dropped };
    result = better;
    // Relocation records follow their holes; a direct branch shows the record of the jump block it replaced.
    const original = new Map(relocations.filter((r) => r.place === 'code').map((r) => [r.placeOffset, r]));
    const derived: RawRelocation[] = [];
    for (const d of relaxed.derived) {
      const r = original.get(d.from);
      if (r) derived.push({ ...r, type: `${r.type} (its jump block folded into ${machine === EM_X86_64 ? 'a direct rel32 branch' : 'the branch'})`, place: d.place, placeOffset: d.offset });
    }
    for (let i = relocations.length - 1; i >= 0; i--) {
      const r = relocations[i];
      if (r.place !== 'code') continue;
      const n = relaxed.moved.get(r.placeOffset);
      if (n === undefined) relocations.splice(i, 1);
      else {
        // A `mov T@GOTPCREL(%rip), %reg; ...; jmp *%reg` became one `jmp *T@GOTPCREL(%rip)`.
        if (n.folded) r.type += ' (a jump through a register, folded into a GOT jump)';
        r.place = n.place;
        r.placeOffset = n.offset;
      }
    }
    relocations.push(...derived);
    // A branch inside .text has no relocation; the split gave it a hole.
    for (const c of relaxed.crossing) {
      relocations.push({
        section: '.text', offset: c.from, type: 'none (a branch inside .text whose target the hot/cold split put in the other part)',
        symbol: '', addend: 0, place: c.place, placeOffset: c.offset,
      });
    }
  } else {
    result = plain;
  }
  const placeOrder = { code: 0, cold: 1, data: 2 };
  relocations.sort((a, b) => placeOrder[a.place] - placeOrder[b.place] || a.placeOffset - b.placeOffset);
  return { stencil: result.stencil, relocations, droppedTailJump: result.dropped, unrelaxed };
}

/**
 * The aarch64 relaxation (or the code as it is, when that changed nothing)
 * with its GOT pairs made adjacent in each part; null when neither changed anything.
 */
function withAdjacentGotPairs(relaxed: Relaxed | null, code: number[], holes: number[], decode: (code: Uint8Array) => DecodedInstruction[] | null): Relaxed | null {
  const r: Relaxed = relaxed ?? {
    code: code.slice(), holes: holes.slice(), coldCode: [], coldHoles: [], derived: [], crossing: [],
    moved: new Map(Array.from({ length: holes.length / HOLE_FIELDS }, (_, k) => [holes[k * HOLE_FIELDS + HOLE_OFFSET], { place: 'code' as const, offset: holes[k * HOLE_FIELDS + HOLE_OFFSET], folded: false }])),
  };
  const hot = makeGotPairsAdjacent(r.code, r.holes, decode);
  const cold = makeGotPairsAdjacent(r.coldCode, r.coldHoles, decode);
  r.adjacentPairs = hot.pairs + cold.pairs;
  if (!relaxed && r.adjacentPairs === 0) return null;
  // Relocation records follow their instructions.
  const follow = (place: 'code' | 'cold', offset: number) => {
    const m = (place === 'code' ? hot : cold).moved.get(offset & ~3);
    return m === undefined ? offset : m + (offset & 3);
  };
  for (const h of r.moved.values()) h.offset = follow(h.place, h.offset);
  for (const d of [...r.derived, ...r.crossing]) d.offset = follow(d.place, d.offset);
  return r;
}

/** Holes with their ELF relocation types replaced by the patch kinds the runtime applies (R_*_NONE holes go). */
function withPatchKinds(name: string, machine: number, holes: readonly number[], bytes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) {
    const row = holes.slice(i, i + HOLE_FIELDS);
    let kind;
    try {
      kind = patchKindOf(machine, row[HOLE_TYPE], bytes, row[HOLE_OFFSET], row[HOLE_ADDEND]);
    } catch (e) {
      if (e instanceof UnsupportedRelocation) throw new StencilError(`${name}: ${e.message}`);
      throw e;
    }
    if (kind === null) continue;
    row[HOLE_KIND] = kind;
    out.push(...row);
  }
  return out;
}

/**
 * The length of a final jump to `_JIT_CONTINUE` (the next stencil follows
 * directly in a trace, so it can go), or 0. The last hole must be that jump's.
 */
function tailJumpLength(code: number[], holes: number[], machine: number): number {
  if (holes.length === 0) return 0;
  const last = holes.length - HOLE_FIELDS;
  let maxOffset = -1;
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) maxOffset = Math.max(maxOffset, holes[i + HOLE_OFFSET]);
  if (holes[last + HOLE_OFFSET] !== maxOffset || holes[last + HOLE_VALUE] !== HoleValue.CONTINUE) return 0;
  const at = holes[last + HOLE_OFFSET];
  if (machine === EM_X86_64) {
    // jmp *_JIT_CONTINUE@GOTPCREL(%rip): ff 25 <rel32>, ending the code.
    if (holes[last + HOLE_TYPE] === R_X86_64.GOTPCRELX && at === code.length - 4 && code[at - 2] === 0xff && code[at - 1] === 0x25) return 6;
    // jmp rel32 to it (branch relaxation made a jump to a jump block into one).
    if (holes[last + HOLE_TYPE] === R_X86_64.PC32 && holes[last + HOLE_ADDEND] === -4 && at === code.length - 4 && code[at - 1] === 0xe9) return 5;
    return 0;
  }
  if (machine === EM_AARCH64) {
    // b _JIT_CONTINUE, ending the code.
    const ok = holes[last + HOLE_TYPE] === R_AARCH64.JUMP26 && at === code.length - 4;
    return ok ? 4 : 0;
  }
  return 0;
}
