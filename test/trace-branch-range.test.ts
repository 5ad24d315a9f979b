// aarch64 short branches that leave their stencil (B.cond/CBZ to an exit stub
// or to the stencil's cold part after the trace body, ±1 MiB) go through a
// veneer after the trace when out of range; the trace compiler refuses, before
// writing anything, a trace so long that a veneer would be out of reach too
// (TraceBranchRangeError, which the VM treats as a trace it cannot compile).
// A trace just within reach emits, every exit branch reaching its stub
// (within the limit a forward target is always in direct reach: veneers serve
// targets behind the branch, such as a cold part's way back or another trace's
// top; test/patcher-lld.test.ts and test/aarch64-qemu.test.ts run those).
import { describe, expect, it } from 'vitest';
import { table as aarch64Table } from '../build/aarch64-unknown-linux-gnu/stencils.ts';
import { UOP_METADATA } from '../build/uops.ts';
import { PatchKind } from '../format/patch-kinds.ts';
import { HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET } from '../format/stencil-format.ts';
import { loadTable } from '../runtime/jit/stencil-loader.ts';
import { layoutTrace, TraceBranchRangeError, TraceEmitter, type TraceInstruction } from '../runtime/jit/trace-compiler.ts';

const table = loadTable(aarch64Table, UOP_METADATA);
const guard = table.opcodeOf.get('GUARD_INT')!;

/** n guards (each a B.cond to its exit stub) and an EXIT_TRACE. */
const guards = (n: number): TraceInstruction[] => [...Array.from({ length: n }, () => ({ uop: 'GUARD_INT' })), { uop: 'EXIT_TRACE' }];

describe('aarch64 short branches and their veneers', () => {
  it('GUARD_INT exits through a CONDBR19 hole (the relaxed stencil)', () => {
    const holes = table.stencils[guard].codeHoles;
    const kinds = Array.from({ length: holes.length / HOLE_FIELDS }, (_, k) => holes[k * HOLE_FIELDS + HOLE_KIND]);
    expect(kinds).toContain(PatchKind.A64_CONDBR19);
  });

  it('refuses a trace whose B.cond could not reach a veneer (over 1 MiB of code)', () => {
    // ~12 bytes of guard and one exit stub per guard: 60000 guards are well over 1 MiB.
    expect(() => layoutTrace(table, guards(60000))).toThrow(TraceBranchRangeError);
    expect(() => layoutTrace(table, guards(60000))).toThrow(/too long for its ±1024 KiB branch to reach a veneer/);
  });

  it('emits a trace near the limit, every exit branch reaching its stub', () => {
    const stub = table.stencils[table.exitOpcode].code.length;
    const per = table.stencils[guard].code.length + stub;
    const n = Math.floor((1024 * 1024 - 4096) / (per + 16)); // room for one veneer per guard
    const layout = layoutTrace(table, guards(n));
    expect(layout.codeSize).toBeGreaterThan(900 * 1024);
    const buf = new Uint8Array(layout.totalSize);
    const base = 0x40_0000_0000;
    new TraceEmitter(table, new Float64Array(table.symbols.length).fill(0x50_0000_0000)).emit(layout, buf, base);
    // Every guard's B.cond: decode its imm19 and follow it (to the stub, or to a veneer `ldr x16, .+8; br x16; .quad stub`).
    const at = layout.codeOffsets;
    const bcondOffset = table.stencils[guard].codeHoles[HOLE_OFFSET];
    const view = new DataView(buf.buffer);
    let viaVeneer = 0;
    for (let i = 0; i < n; i++) {
      const p = at[i] + bcondOffset;
      const w = view.getUint32(p, true);
      expect((w & 0xff000010) >>> 0).toBe(0x54000000);
      const target = p + (((w >> 5) & 0x7ffff) << 13 >> 11);
      const stubAt = layout.stubOffsets[layout.exitOf[i]];
      if (target === stubAt) continue;
      expect(view.getUint32(target, true)).toBe(0x58000050); // ldr x16, .+8
      expect(view.getUint32(target + 4, true)).toBe(0xd61f0200); // br x16
      expect(Number(view.getBigUint64(target + 8, true))).toBe(base + stubAt);
      viaVeneer++;
    }
    expect(viaVeneer).toBe(0);
  });
});
