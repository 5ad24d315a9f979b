// `inspect UOP`: a stencil's disassembly with every hole marked at its
// instruction, the raw ELF relocation behind each hole, and how the runtime
// patches it; `list`: sizes and hole counts of every uop per target.
import { HOLE_FIELDS, HoleValue, type StencilTable } from '../format/stencil-format.ts';
import { PATCH_KINDS } from '../format/patch-kinds.ts';
import { loadTable } from './build-tables.ts';
import { disassemble } from './disassembler.ts';
import { generate, readUops, type TargetOutput } from './generate.ts';
import { describeHole, holeRows, type HoleRow } from './table-writer.ts';
import type { ProjectConfig } from './project-config.ts';
import { findTarget, TARGETS, type Target } from './targets.ts';
import { UserError } from './user-error.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the runtime writes into a hole of this patch kind: the kind's description, with the value named. */
export function patchDescription(kind: number, value: number): string {
  const what =
    value === HoleValue.OPERAND0 || value === HoleValue.OPERAND1 || value === HoleValue.OPARG || value === HoleValue.OPARG_FIELD
      ? 'the value'
      : value === HoleValue.CODE || value === HoleValue.DATA
        ? "this stencil's own address"
        : value === HoleValue.COLD
          ? "the address of this stencil's cold part"
          : 'the target address';
  const info = PATCH_KINDS[kind];
  return info ? `${info.name}: ${info.description.replace(/the value/g, what)}` : `unknown patch kind ${kind}`;
}

export interface InspectedHole extends HoleRow {
  place: 'code' | 'cold' | 'data';
  description: string;
  patch: string;
  instruction: string | null;
  relocation: { section: string; offset: number; type: string; symbol: string; addend: number } | null;
}

export interface Inspection {
  uop: string;
  target: string;
  codeSize: number;
  /** Out-of-line code, placed after the trace body (0 when none). */
  coldSize: number;
  dataSize: number;
  droppedTailJump: number;
  instructions: { place: 'code' | 'cold'; address: number; bytes: string; text: string; holes: number[] }[];
  holes: InspectedHole[];
}

export async function inspectUop(config: ProjectConfig, uop: string, target: Target): Promise<Inspection> {
  const names = readUops(config).map((u) => u.name);
  if (uop !== 'support' && !names.includes(uop)) {
    const near = names.filter((n) => n.includes(uop.toUpperCase()) || uop.toUpperCase().includes(n)).slice(0, 5);
    throw new UserError(`inspect: no uop named '${uop}' in ${config.cases.join(', ')}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
  }
  // Regenerate this target in memory (the compile cache makes this quick) to get the raw relocations.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-inspect-'));
  try {
    const result = await generate({ config, outDir: tmp, targets: [target], force: true });
    return await inspectBuilt(result.targets.find((t) => t.target === target)!, uop);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Inspects one stencil of a generated target (`support` for the support code). */
export async function inspectBuilt(out: TargetOutput, uop: string): Promise<Inspection> {
  const target = out.target;
  const built = uop === 'support' ? out.support! : out.uops.get(uop)!;
  const s = built.stencil;
  const code = Buffer.from(s.code, 'hex');
  const cold = Buffer.from(s.coldCode ?? '', 'hex');
  const insns = {
    code: await disassemble(target.capstone.arch, code),
    cold: await disassemble(target.capstone.arch, cold),
  };
  const holes: InspectedHole[] = [];
  const add = (flat: readonly number[], place: InspectedHole['place']) => {
    for (const h of holeRows(flat)) {
      const insn = place === 'data' ? undefined : insns[place].find((i) => h.offset >= i.address && h.offset < i.address + i.size);
      const rel = built.relocations.find((r) => r.place === place && r.placeOffset === h.offset) ?? null;
      holes.push({
        ...h,
        place,
        description: describeHole(h, out),
        patch: patchDescription(h.kind, h.value),
        instruction: insn ? `${place === 'cold' ? 'cold ' : ''}${insn.address.toString(16).padStart(4, '0')}: ${insn.text}` : null,
        relocation: rel && { section: rel.section, offset: rel.offset, type: rel.type, symbol: rel.symbol, addend: rel.addend },
      });
    }
  };
  add(s.codeHoles, 'code');
  add(s.coldHoles ?? [], 'cold');
  add(s.dataHoles, 'data');
  const listing = (place: 'code' | 'cold') =>
    insns[place].map((i) => ({
      place,
      address: i.address,
      bytes: Buffer.from(i.bytes).toString('hex'),
      text: i.text,
      holes: holes.filter((h) => h.place === place && h.offset >= i.address && h.offset < i.address + i.size).map((h) => h.offset),
    }));
  return {
    uop,
    target: target.triple,
    codeSize: code.length,
    coldSize: cold.length,
    dataSize: s.data.length / 2,
    droppedTailJump: built.droppedTailJump,
    instructions: [...listing('code'), ...listing('cold')],
    holes,
  };
}

export function formatInspection(x: Inspection): string {
  const lines: string[] = [];
  const cold = x.coldSize ? ` (+ ${x.coldSize} cold, placed after the trace body)` : '';
  lines.push(`${x.uop} on ${x.target}: ${x.codeSize} code bytes${cold}, ${x.dataSize} data bytes, ${x.holes.length} holes` +
    (x.droppedTailJump ? ` (trailing ${x.droppedTailJump}-byte jump to the next stencil dropped)` : ''));
  lines.push('');
  for (const [k, i] of x.instructions.entries()) {
    if (i.place === 'cold' && x.instructions[k - 1]?.place !== 'cold') lines.push('', '  cold part:');
    lines.push(`  ${i.address.toString(16).padStart(4, '0')}  ${i.bytes.padEnd(22)} ${i.text}`);
    for (const off of i.holes) {
      const h = x.holes.find((k) => k.place === i.place && k.offset === off)!;
      const col = ' '.repeat(8 + (off - i.address) * 2);
      lines.push(`${col}^ hole @${off.toString(16)}: ${h.description}`);
    }
  }
  lines.push('');
  lines.push('Holes:');
  for (const h of x.holes) {
    const r = h.relocation;
    const raw = r ? `${r.type} at ${r.section}+0x${r.offset.toString(16)} against ${r.symbol || '(none)'} addend ${r.addend}` : '(no record)';
    lines.push(`  ${h.place} @0x${h.offset.toString(16)}: ${h.description}`);
    lines.push(`      relocation: ${raw}`);
    lines.push(`      runtime:    ${h.patch}`);
  }
  return lines.join('\n');
}

export async function listUops(config: ProjectConfig): Promise<string> {
  const tables: StencilTable[] = [];
  for (const t of TARGETS) tables.push(await loadTable(config.output, t.triple));
  const names = Object.keys(tables[0].uops);
  const header = ['uop'.padEnd(22), ...TARGETS.map((t) => `${t.triple.split('-')[0].padStart(8)} code  data holes`)].join(' ');
  const rows = [header];
  const totals = TARGETS.map(() => [0, 0, 0]);
  for (const n of names) {
    const cells = tables.map((tab, k) => {
      const s = tab.uops[n];
      const c = (s.code.length + (s.coldCode?.length ?? 0)) / 2; // hot and cold parts
      const d = s.data.length / 2;
      const h = (s.codeHoles.length + (s.coldHoles?.length ?? 0) + s.dataHoles.length) / HOLE_FIELDS;
      totals[k][0] += c;
      totals[k][1] += d;
      totals[k][2] += h;
      return `${String(c).padStart(13)} ${String(d).padStart(5)} ${String(h).padStart(5)}`;
    });
    rows.push([n.padEnd(22), ...cells].join(' '));
  }
  rows.push(['total'.padEnd(22), ...totals.map(([c, d, h]) => `${String(c).padStart(13)} ${String(d).padStart(5)} ${String(h).padStart(5)}`)].join(' '));
  return rows.join('\n');
}

export { findTarget };
