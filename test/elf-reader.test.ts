// generator/elf-reader.ts must agree with llvm-readelf-19 (JSON output) on the
// symbols and relocations of every object the patcher tests compile, for both
// targets, and on the generator's cached objects under .cache/objects if present
// (at most 200, in a stable order).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElfObject } from '../generator/elf-reader.ts';
import { compileAll } from './helpers/lld-link.ts';

const run = promisify(execFile);

const CACHE = join(import.meta.dirname, '..', '.cache', 'objects');
const CACHE_LIMIT = 200;

interface ReadelfNamed {
  Name: string;
  Value: number | string;
}

interface ReadelfSymbol {
  Name: ReadelfNamed;
  Value: number | string;
  Size: number | string;
  Binding: ReadelfNamed;
  Type: ReadelfNamed;
  Section: ReadelfNamed;
}

interface ReadelfRelocation {
  Offset: number | string;
  Type: ReadelfNamed;
  Symbol?: ReadelfNamed;
  Addend: number | string;
}

interface ReadelfFile {
  Relocations?: Array<{ SectionIndex: number; Relocs: Array<{ Relocation: ReadelfRelocation }> }>;
  Symbols?: Array<{ Symbol: ReadelfSymbol }>;
}

/** Runs llvm-readelf and parses its JSON keeping 64-bit numbers exact (long ones become strings). */
async function readelf(path: string): Promise<ReadelfFile> {
  const { stdout } = await run('llvm-readelf-19', ['--elf-output-style=JSON', '-r', '-s', path], { maxBuffer: 64 << 20 });
  return (JSON.parse(stdout.replace(/(:\s*)(\d{16,})/g, '$1"$2"')) as ReadelfFile[])[0];
}

const BINDING: Record<string, string> = { Local: 'local', Global: 'global', Weak: 'weak' };
const TYPE: Record<string, string> = { None: 'notype', Object: 'object', Function: 'func', Section: 'section', File: 'file' };

interface Comparison {
  symbols: number;
  relocations: number;
  mismatches: string[];
}

async function compare(path: string): Promise<Comparison> {
  const elf = readElfObject(new Uint8Array(readFileSync(path)));
  const ref = await readelf(path);
  const mismatches: string[] = [];
  const refSymbols = (ref.Symbols ?? []).map((s) => s.Symbol);
  if (refSymbols.length !== elf.symbols.length) mismatches.push(`symbol count ${elf.symbols.length} vs ${refSymbols.length}`);
  refSymbols.forEach((r, i) => {
    const s = elf.symbols[i];
    if (!s) return;
    // readelf shows a section symbol (st_name 0) under its section's name.
    const name = s.type === 'section' && s.name === '' ? elf.sections[s.sectionIndex].name : s.name;
    const mine = [name, BigInt(s.value), BigInt(s.size), s.binding, s.type, s.sectionIndex];
    const theirs = [
      r.Name.Name, BigInt(r.Value), BigInt(r.Size), BINDING[r.Binding.Name] ?? 'other', TYPE[r.Type.Name] ?? 'other', Number(r.Section.Value),
    ];
    if (mine.some((v, k) => v !== theirs[k])) mismatches.push(`symbol ${i}: ${String(mine)} vs ${String(theirs)}`);
  });
  const refRelocs = (ref.Relocations ?? []).flatMap((g) => g.Relocs.map((x) => ({ section: g.SectionIndex, ...x.Relocation })));
  if (refRelocs.length !== elf.relocations.length) mismatches.push(`relocation count ${elf.relocations.length} vs ${refRelocs.length}`);
  refRelocs.forEach((r, i) => {
    const m = elf.relocations[i];
    if (!m) return;
    const sym = elf.symbols[m.symbolIndex];
    const symName = sym?.type === 'section' ? elf.sections[sym.sectionIndex].name : (sym?.name ?? '');
    const mine = [m.relaSection, BigInt(m.offset), m.type, m.symbolIndex, symName, BigInt.asUintN(64, BigInt(m.addend))];
    const theirs = [r.section, BigInt(r.Offset), Number(r.Type.Value), Number(r.Symbol?.Value ?? 0), r.Symbol?.Name ?? '', BigInt(r.Addend)];
    if (mine.some((v, k) => v !== theirs[k])) mismatches.push(`relocation ${i}: ${String(mine)} vs ${String(theirs)}`);
  });
  // The relocation's target section is the .rela section's sh_info.
  for (const m of elf.relocations) {
    if (elf.sections[m.relaSection].info !== m.targetSection) mismatches.push(`relocation target ${m.targetSection}`);
  }
  return { symbols: refSymbols.length, relocations: refRelocs.length, mismatches };
}

describe('elf-reader agrees with llvm-readelf-19', () => {
  let dir: string;
  let paths: Array<{ label: string; path: string; machine: string }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'elf-reader-'));
    const compiled = await compileAll(dir);
    paths = compiled.map((o) => ({ label: `${o.fixture}.c ${o.variant.name}`, path: o.path, machine: o.variant.arch }));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('on the patcher fixtures, both targets', async () => {
    expect(new Set(paths.map((p) => p.machine))).toEqual(new Set(['x86_64', 'aarch64']));
    let symbols = 0;
    let relocations = 0;
    for (const p of paths) {
      const c = await compare(p.path);
      expect(c.mismatches, p.label).toEqual([]);
      symbols += c.symbols;
      relocations += c.relocations;
    }
    expect(symbols).toBeGreaterThan(100);
    expect(relocations).toBeGreaterThan(300);
  });

  it.skipIf(!existsSync(CACHE))('on the generator objects in .cache/objects', async () => {
    const files = readdirSync(CACHE).filter((f) => f.endsWith('.o')).sort().slice(0, CACHE_LIMIT);
    const results = await Promise.all(files.map(async (f) => ({ f, c: await compare(join(CACHE, f)) })));
    for (const { f, c } of results) expect(c.mismatches, f).toEqual([]);
  });

  it('reads negative addends as negative numbers', async () => {
    const withNegative = await Promise.all(paths.map(async (p) => readElfObject(new Uint8Array(readFileSync(p.path)))));
    expect(withNegative.some((elf) => elf.relocations.some((r) => r.addend === -4))).toBe(true);
  });
});
