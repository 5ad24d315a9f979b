// The support code prelinked (runtime/jit/support-prelink.ts) links to the
// same bytes as the support code patched hole by hole: for both tables, at
// bases near and far, with the same layout and the same symbol addresses.
import { describe, expect, it } from 'vitest';
import { table as aarch64Table } from '../build/aarch64-unknown-linux-gnu/stencils.ts';
import { table as x86_64Table } from '../build/x86_64-unknown-linux-gnu/stencils.ts';
import type { StencilTable } from '../format/stencil-format.ts';
import { loadStencil, loadSupport, machineOf, type LoadedTable } from '../runtime/jit/stencil-loader.ts';
import { emitSupport, layoutSupport } from '../runtime/jit/support-linker.ts';
import { prelinkSupport } from '../runtime/jit/support-prelink.ts';

const BASES = [0x10000, 0x7f12_3456_7000, 0x4000_0000_0000];

function tableWith(t: StencilTable, support: LoadedTable['support']): LoadedTable {
  return { target: t.target, machine: machineOf(t.target), symbols: t.symbols, opargFields: t.opargFields, support } as Pick<LoadedTable, 'target' | 'machine' | 'symbols' | 'opargFields' | 'support'> as LoadedTable;
}

describe('prelinkSupport', () => {
  for (const t of [x86_64Table, aarch64Table]) {
    it(`leaves ${t.target}'s support code only its symbol holes and links it to the same bytes`, () => {
      const whole = loadStencil(t.support, machineOf(t.target));
      const pre = prelinkSupport(whole);
      expect(pre).not.toBe(whole);
      const holes = (s: typeof whole) => (s.codeHoles.length + s.dataHoles.length) / 5;
      expect(holes(pre)).toBeLessThan(holes(whole) / 4);
      // The prelinked layout (fewer trampolines and slots), given to both.
      const layout = layoutSupport(pre);
      for (const base of BASES) {
        // Symbols 1 GiB away: GOT slots and trampolines in play.
        const resolve = (name: string) => base + 2 ** 30 + 64 * t.symbols.indexOf(name);
        const a = new Uint8Array(layout.totalSize);
        const b = new Uint8Array(layout.totalSize);
        const ea = emitSupport(tableWith(t, whole), a, base, layout, resolve);
        const eb = emitSupport(tableWith(t, pre), b, base, layout, resolve);
        expect(eb).toEqual(ea);
        expect(Buffer.compare(a, b)).toBe(0);
      }
    });
  }

  it('is what loadSupport gives, once per table', () => {
    expect(loadSupport(x86_64Table)).toBe(loadSupport(x86_64Table));
    expect(loadSupport(x86_64Table).codeHoles).toEqual(prelinkSupport(loadStencil(x86_64Table.support, machineOf(x86_64Table.target))).codeHoles);
  });
});
