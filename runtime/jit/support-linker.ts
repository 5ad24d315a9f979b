// The runtime's small in-memory linker for the support code (C helpers, the
// entry shim, the uop interpreter): it is compiled into the stencil tables by
// the generator, copied into code memory once and patched like any stencil.
// No C compiler runs at run time.
import type { CodeBlock, CodeMemory } from './code-memory.ts';
import { newHoleContext, patchHoles } from './hole-patcher.ts';
import { SlotAllocator, SLOT_SIZE, TRAMPOLINE_SIZE } from './slot-allocator.ts';
import type { LoadedStencil, LoadedTable } from './stencil-loader.ts';
import { HOLE_FIELDS } from '../../format/stencil-format.ts';

const PAGE = 4096;
const align = (n: number, a: number) => Math.ceil(n / a) * a;

export interface SupportLayout {
  codeSize: number;
  trampolineStart: number;
  dataStart: number;
  slotStart: number;
  totalSize: number;
}

export function layoutSupport(s: LoadedStencil): SupportLayout {
  const holes = (s.codeHoles.length + s.dataHoles.length) / HOLE_FIELDS;
  const trampolineStart = align(s.code.length, 16);
  const codeSize = trampolineStart + holes * TRAMPOLINE_SIZE;
  const dataStart = align(codeSize, PAGE);
  const slotStart = align(s.data.length, SLOT_SIZE);
  return { codeSize, trampolineStart, dataStart, slotStart, totalSize: dataStart + slotStart + holes * SLOT_SIZE };
}

/**
 * Writes the support code into buf (which will live at `base`), resolving its
 * own symbols first and everything else through `resolveExternal`.
 * Returns the address of every export.
 */
export function emitSupport(
  table: LoadedTable,
  buf: Uint8Array,
  base: number,
  layout: SupportLayout,
  resolveExternal: (name: string) => number,
): Map<string, number> {
  const s = table.support;
  const exports = new Map<string, number>();
  for (const [name, offset] of Object.entries(s.exports)) exports.set(name, base + offset);
  const addresses = new Float64Array(table.symbols.length);
  table.symbols.forEach((name, i) => {
    addresses[i] = exports.get(name) ?? resolveExternal(name);
  });
  const ctx = newHoleContext(addresses, table.symbols, table.opargFields);
  ctx.stencilName = 'support';
  ctx.code = base;
  ctx.data = base + layout.dataStart;
  const slots = new SlotAllocator(table.machine);
  slots.reset(buf, base, layout.dataStart + layout.slotStart, layout.totalSize, layout.trampolineStart, layout.codeSize);
  buf.set(s.code, 0);
  buf.set(s.data, layout.dataStart);
  patchHoles(buf, base, 0, s.codeHoles, ctx, slots);
  patchHoles(buf, base, layout.dataStart, s.dataHoles, ctx, slots);
  return exports;
}

/** Links the support code into native code memory (the host's target only). */
export function linkSupport(
  table: LoadedTable,
  memory: CodeMemory,
  resolveExternal: (name: string) => number,
): { block: CodeBlock; exports: Map<string, number> } {
  const layout = layoutSupport(table.support);
  const block = memory.allocate(layout.totalSize);
  const exports = emitSupport(table, memory.view(block), block.address, layout, resolveExternal);
  memory.makeExecutable(block.address, layout.codeSize);
  if (layout.totalSize > layout.dataStart) memory.makeReadOnly(block.address + layout.dataStart, layout.totalSize - layout.dataStart);
  return { block, exports };
}
