// Cuts one function out of an object compiled with -ffunction-sections: its
// text section, the read-only data only it uses (followed through data that
// points to other data) and the relocations of those sections, renumbered into
// an object of their own that looks exactly like compiling that function
// alone (its text section is called `.text` again). A function that shares a
// section with another one (a merged constant pool, a helper clang did not
// inline) cannot be cut out that way: the caller compiles it alone instead, so
// what a uop's stencil contains never depends on which uops shared a unit.
import type { ElfObject, ElfRelocation, ElfSection, ElfSymbol } from './elf-reader.ts';

/** Sections whose contents never reach a stencil (and whose relocations are ignored). */
const IGNORED = /^(\.comment|\.note.*|\.llvm_addrsig|\.symtab|\.strtab|\.shstrtab|\.rela.*|\.group|)$/;

/** The alloc sections each alloc section's relocations point to. */
function references(elf: ElfObject): Map<number, Set<number>> {
  const refs = new Map<number, Set<number>>();
  for (const r of elf.relocations) {
    const sym = elf.symbols[r.symbolIndex];
    if (!sym || sym.sectionIndex === 0 || sym.sectionIndex >= elf.sections.length) continue;
    const to = elf.sections[sym.sectionIndex];
    if (!to.flags.alloc || IGNORED.test(to.name)) continue;
    let set = refs.get(r.targetSection);
    if (!set) refs.set(r.targetSection, (set = new Set()));
    set.add(sym.sectionIndex);
  }
  return refs;
}

/** The sections a function's text reaches (itself included), in section order. */
function closure(elf: ElfObject, text: number, refs: Map<number, Set<number>>): number[] {
  const seen = new Set([text]);
  const work = [text];
  while (work.length > 0) {
    for (const to of refs.get(work.pop()!) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        work.push(to);
      }
    }
  }
  return [...seen].sort((a, b) => a - b);
}

export interface SplitResult {
  /** Function name -> its own object, for the functions that could be cut out. */
  objects: Map<string, ElfObject>;
  /** Functions that share a section with another (or reach another function's text): compile them alone. */
  shared: string[];
}

/** The sections function `fn` of `elf` reaches (its text, the data it uses), in section order. */
export function sectionsOf(elf: ElfObject, fn: string): number[] {
  const sym = elf.symbols.find((s) => s.name === fn && s.type === 'func' && s.sectionIndex !== 0);
  if (!sym) throw new Error(`no function ${fn}`);
  return closure(elf, sym.sectionIndex, references(elf));
}

/** The functions other than `fn` whose code `fn` reaches (helpers clang did not inline). */
export function outlinedCallees(elf: ElfObject, fn: string): string[] {
  const own = sectionsOf(elf, fn);
  const text = new Set(own.filter((s) => elf.sections[s].flags.execinstr));
  return elf.symbols.filter((s) => s.type === 'func' && s.name !== fn && text.has(s.sectionIndex)).map((s) => s.name);
}

/** Cuts each of `functions` out of `elf`. */
export function splitFunctions(elf: ElfObject, functions: readonly string[]): SplitResult {
  const refs = references(elf);
  const textOf = new Map<string, number>();
  for (const f of functions) {
    const sym = elf.symbols.find((s) => s.name === f && s.type === 'func' && s.sectionIndex !== 0);
    if (!sym || sym.value !== 0) throw new Error(`function ${f} is not at the start of a section of its own (compile with -ffunction-sections)`);
    textOf.set(f, sym.sectionIndex);
  }
  const reach = new Map(functions.map((f) => [f, closure(elf, textOf.get(f)!, refs)]));
  const users = new Map<number, number>();
  for (const sections of reach.values()) for (const s of sections) users.set(s, (users.get(s) ?? 0) + 1);

  const objects = new Map<string, ElfObject>();
  const shared: string[] = [];
  for (const f of functions) {
    const sections = reach.get(f)!;
    const own = textOf.get(f)!;
    const alone = sections.every((s) => users.get(s) === 1 && (s === own || !elf.sections[s].flags.execinstr));
    if (alone) objects.set(f, cut(elf, sections, own));
    else shared.push(f);
  }
  return { objects, shared };
}

/** The object of just `keep` (section indices), renumbered; `text` becomes `.text`. */
function cut(elf: ElfObject, keep: readonly number[], text: number): ElfObject {
  const newIndex = new Map<number, number>();
  const sections: ElfSection[] = [{ ...elf.sections[0], index: 0 }];
  for (const s of keep) {
    newIndex.set(s, sections.length);
    const src = elf.sections[s];
    sections.push({ ...src, index: sections.length, name: s === text ? '.text' : src.name });
  }
  // One .rela section per kept section that has relocations (the builder only reads their names and targets).
  const relaIndex = new Map<number, number>();
  for (const s of keep) {
    if (!elf.relocations.some((r) => r.targetSection === s)) continue;
    relaIndex.set(s, sections.length);
    sections.push({
      index: sections.length, name: `.rela${sections[newIndex.get(s)!].name}`, type: 'rela', flags: { alloc: false, write: false, execinstr: false },
      size: 0, align: 8, entsize: 24, link: 0, info: newIndex.get(s)!, data: new Uint8Array(0),
    });
  }
  // Symbols: the null symbol, then those the kept relocations use, with their sections renumbered.
  const symbols: ElfSymbol[] = [{ ...elf.symbols[0], index: 0 }];
  const newSymbol = new Map<number, number>();
  const relocations: ElfRelocation[] = [];
  for (const r of elf.relocations) {
    const target = newIndex.get(r.targetSection);
    if (target === undefined) continue;
    let sym = newSymbol.get(r.symbolIndex);
    if (sym === undefined) {
      const src = elf.symbols[r.symbolIndex];
      const section = src.sectionIndex === 0 || src.sectionIndex >= 0xff00 ? src.sectionIndex : newIndex.get(src.sectionIndex);
      if (section === undefined) throw new Error(`symbol ${src.name} is in a section the function does not reach`);
      sym = symbols.length;
      symbols.push({ ...src, index: sym, sectionIndex: section });
      newSymbol.set(r.symbolIndex, sym);
    }
    relocations.push({ ...r, targetSection: target, relaSection: relaIndex.get(r.targetSection)!, symbolIndex: sym });
  }
  return { machine: elf.machine, sections, symbols, relocations };
}

/** An object as JSON text (for the per-uop cache). */
export function serializeObject(o: ElfObject): string {
  return JSON.stringify({ ...o, sections: o.sections.map((s) => ({ ...s, data: Buffer.from(s.data).toString('hex') })) });
}

export function deserializeObject(text: string): ElfObject {
  const o = JSON.parse(text) as Omit<ElfObject, 'sections'> & { sections: (Omit<ElfSection, 'data'> & { data: string })[] };
  return { ...o, sections: o.sections.map((s) => ({ ...s, data: Uint8Array.from(Buffer.from(s.data, 'hex')) })) };
}
