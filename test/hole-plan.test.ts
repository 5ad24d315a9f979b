// The trace compiler patches through per-stencil plans (runtime/jit/hole-plan.ts);
// the lld and capstone tests check the generic patchHoles. Differential: for
// every stencil of both tables, code and data, at bases and hole values near
// and far (in range, out of rel32/B range, misaligned, zero, negative opargs),
// the planned patch writes the same bytes, slots and trampolines as patchHoles,
// or throws the same error.
import { describe, expect, it } from 'vitest';
import { table as aarch64Table } from '../build/aarch64-unknown-linux-gnu/stencils.ts';
import { UOP_METADATA } from '../build/uops.ts';
import { table as x86_64Table } from '../build/x86_64-unknown-linux-gnu/stencils.ts';
import { EM_X86_64 } from '../format/elf-machines.ts';
import { HoleKind, patchPlannedHoles } from '../runtime/jit/hole-plan.ts';
import { newHoleContext, patchHoles, type HoleContext } from '../runtime/jit/hole-patcher.ts';
import { SLOT_SIZE, SlotAllocator, TRAMPOLINE_SIZE } from '../runtime/jit/slot-allocator.ts';
import { loadTable, type LoadedStencil } from '../runtime/jit/stencil-loader.ts';
import { HOLE_FIELDS, type OpargField } from '../format/stencil-format.ts';

const GiB = 2 ** 30;
const BASES = [0x10000, 0x7f12_3456_7000, 0x4000_0000_0000];

interface Values {
  name: string;
  /** Distance from the section of the trace addresses (continue, jump target, exit, top). */
  far: number;
  oparg: number;
  operand0: [number, number];
}

const VALUES: Values[] = [
  { name: 'near', far: 0x1234, oparg: 7, operand0: [0x9abc_def0, 0x1234] },
  { name: 'behind', far: -0x40_0000, oparg: 0, operand0: [0, 0] },
  { name: 'B range edge', far: 2 ** 27, oparg: 3, operand0: [3, 0] },
  { name: 'rel32 edge', far: 2 ** 31 - 0x80, oparg: 4, operand0: [4, 0] },
  { name: 'past B range', far: 129 * 2 ** 20, oparg: 0x7fff_ffff, operand0: [0xffff_ffff, 0xffff_ffff] },
  { name: 'past rel32 range', far: 3 * GiB, oparg: 1, operand0: [1, 0] },
  { name: 'misaligned', far: 0x1002, oparg: -1, operand0: [5, 0x7fff] },
  { name: 'zero', far: Number.NaN, oparg: 2 ** 31, operand0: [0, 0xfff] },
];

function contextFor(s: LoadedStencil, symbols: readonly string[], opargFields: readonly OpargField[], base: number, v: Values): HoleContext {
  const symbolAddresses = Float64Array.from(symbols, (_, i) => base + 0x10_0000 + 0x100 * i);
  const ctx = newHoleContext(symbolAddresses, symbols, opargFields);
  const at = (k: number) => (Number.isNaN(v.far) ? 0 : base + v.far + 0x40 * k);
  ctx.stencilName = s.name;
  ctx.code = base;
  ctx.data = base + 0x8000;
  ctx.continueTo = at(1);
  ctx.jumpTarget = at(2);
  ctx.exit = at(3);
  ctx.top = at(4);
  ctx.oparg = v.oparg;
  [ctx.operand0Lo, ctx.operand0Hi] = v.operand0;
  [ctx.operand1Lo, ctx.operand1Hi] = [v.operand0[1], v.operand0[0]];
  return ctx;
}

/** Patches one section both ways; returns the planned result after checking it equals the generic one. */
function patchBothWays(machine: number, s: LoadedStencil, symbols: readonly string[], opargFields: readonly OpargField[], section: 'code' | 'data', base: number, v: Values): string {
  const bytes = section === 'code' ? s.code : s.data;
  const holes = section === 'code' ? s.codeHoles : s.dataHoles;
  const plan = section === 'code' ? s.codePlan : s.dataPlan;
  const holeCount = holes.length / HOLE_FIELDS;
  const trampStart = Math.ceil(bytes.length / 16) * 16;
  const slotStart = trampStart + holeCount * TRAMPOLINE_SIZE;
  const size = slotStart + holeCount * SLOT_SIZE;
  const run = (planned: boolean): Uint8Array | string => {
    const buf = new Uint8Array(size);
    buf.set(bytes);
    const slots = new SlotAllocator(machine);
    slots.reset(buf, base, slotStart, size, trampStart, slotStart);
    const ctx = contextFor(s, symbols, opargFields, base, v);
    try {
      if (planned) patchPlannedHoles(buf, base, 0, holes, plan, ctx, slots);
      else patchHoles(buf, base, 0, holes, ctx, slots);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
    return buf;
  };
  const generic = run(false);
  const planned = run(true);
  // Compared as bytes (toEqual over thousands of typed arrays is most of this file's time); toEqual shows a difference.
  const same = typeof planned === 'string' || typeof generic === 'string' ? planned === generic : Buffer.from(planned).equals(Buffer.from(generic));
  if (!same) expect(planned, `${s.name} ${section} at 0x${base.toString(16)}, ${v.name}`).toEqual(generic);
  return typeof planned === 'string' ? planned : 'ok';
}

describe.each([x86_64Table, aarch64Table])('hole plans on $target', (stencilTable) => {
  const table = loadTable(stencilTable, UOP_METADATA);
  const stencils = [...table.stencils, table.support];

  it('patch every stencil exactly as patchHoles does', () => {
    const outcomes = new Set<string>();
    for (const s of stencils) {
      for (const base of BASES) {
        for (const v of VALUES) {
          outcomes.add(patchBothWays(table.machine, s, table.symbols, table.opargFields, 'code', base, v));
          if (s.data.length > 0 || s.dataHoles.length > 0) outcomes.add(patchBothWays(table.machine, s, table.symbols, table.opargFields, 'data', base, v));
        }
      }
    }
    // Both outcomes were exercised: successful patches and the errors of out-of-range values.
    expect(outcomes.has('ok')).toBe(true);
    expect([...outcomes].some((o) => o.startsWith('error'))).toBe(true);
  });

  it('plan the common holes', () => {
    const kinds = new Set<number>();
    for (const s of stencils) for (const k of s.codePlan) kinds.add(k);
    const expected = table.machine === EM_X86_64 ? [HoleKind.PCREL32, HoleKind.OPARG32, HoleKind.OPERAND64] : [HoleKind.BRANCH26];
    for (const k of expected) expect(kinds.has(k), `kind ${k}`).toBe(true);
  });
});
