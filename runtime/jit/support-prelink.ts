// The support code with the holes that do not depend on where it is linked
// already patched. Of its ~1,100 holes (x86_64) all but ~70 are references
// from the support block into itself through a PC-relative field (its code to
// its read-only data, jump tables to its code): their bytes are S - P, the
// same wherever the (page-aligned) block lands. Patching them once (the run's start-up
// snapshot does it, stencil-loader.ts's loadSupport) leaves every link (the
// SIGINT handler at each start, a JIT runtime) only the symbols to patch.
import { PatchKind } from '../../format/patch-kinds.ts';
import { HOLE_FIELDS, HOLE_KIND, HOLE_VALUE, HoleValue } from '../../format/stencil-format.ts';
import { newHoleContext, patchHole } from './hole-patcher.ts';
import { planHoles } from './hole-plan.ts';
import { layoutSupport } from './support-linker.ts';
import type { LoadedStencil } from './stencil-loader.ts';

/**
 * Kinds whose field depends on S + A - P alone (no slot, no relaxation), or,
 * for aarch64's ADRP and LO12, on it and S's offset in its page: the same for
 * every page-aligned block (a support block is whole pages, mprotected as such).
 */
const PC_RELATIVE = new Set<PatchKind>([
  PatchKind.X86_PCREL64, PatchKind.X86_REL32, PatchKind.X86_BRANCH32, PatchKind.X86_PCREL16, PatchKind.X86_PCREL8,
  PatchKind.A64_PREL64, PatchKind.A64_PREL32, PatchKind.A64_PREL16, PatchKind.A64_PLT32, PatchKind.A64_ADR,
  PatchKind.A64_ADRP, PatchKind.A64_ADRP_NC, PatchKind.A64_LO12, PatchKind.A64_LO12_X2, PatchKind.A64_LO12_X4, PatchKind.A64_LO12_X8, PatchKind.A64_LO12_X16,
  PatchKind.A64_BRANCH26, PatchKind.A64_CONDBR19, PatchKind.A64_LDLIT19, PatchKind.A64_TSTBR14,
]);

/** Where the block is taken to be while prelinking: any page-aligned address gives the same bytes. */
const NOMINAL_BASE = 2 ** 32;

/** Splits a section's holes into those prelinked (into the block itself, PC-relative) and the rest. */
function splitHoles(holes: Int32Array): { now: Int32Array; later: Int32Array } {
  const now: number[] = [];
  const later: number[] = [];
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) {
    const value = holes[i + HOLE_VALUE];
    const own = value === HoleValue.CODE || value === HoleValue.DATA;
    (own && PC_RELATIVE.has(holes[i + HOLE_KIND]) ? now : later).push(...holes.subarray(i, i + HOLE_FIELDS));
  }
  return { now: Int32Array.from(now), later: Int32Array.from(later) };
}

/**
 * The support stencil `s` with its own PC-relative holes patched and removed,
 * for the layout layoutSupport gives the result (fewer holes: fewer
 * trampolines and slots). `s` itself, unchanged, when one of those holes
 * cannot be patched without a slot (a branch out of range within the block)
 * or when it has a cold part (support code has none).
 */
export function prelinkSupport(s: LoadedStencil): LoadedStencil {
  if (s.coldCode.length > 0) return s;
  const code = splitHoles(s.codeHoles);
  const data = splitHoles(s.dataHoles);
  if (code.now.length === 0 && data.now.length === 0) return s;
  const out: LoadedStencil = {
    ...s,
    codeHoles: code.later,
    dataHoles: data.later,
    codePlan: planHoles(code.later, s.code.length),
    dataPlan: planHoles(data.later, s.data.length),
  };
  const layout = layoutSupport(out);
  const buf = new Uint8Array(layout.dataStart + s.data.length);
  buf.set(s.code, 0);
  buf.set(s.data, layout.dataStart);
  const ctx = newHoleContext(new Float64Array(0), [], []);
  ctx.stencilName = 'support';
  ctx.code = NOMINAL_BASE;
  ctx.data = NOMINAL_BASE + layout.dataStart;
  const noSlots = {
    gotSlot(): never { throw new Error('prelinked hole needs a slot'); },
    trampoline(): never { throw new Error('prelinked hole needs a trampoline'); },
    valueSlot(): never { throw new Error('prelinked hole needs a slot'); },
  };
  try {
    for (let i = 0; i < code.now.length; i += HOLE_FIELDS) patchHole(buf, NOMINAL_BASE, 0, code.now, i, ctx, noSlots);
    for (let i = 0; i < data.now.length; i += HOLE_FIELDS) patchHole(buf, NOMINAL_BASE, layout.dataStart, data.now, i, ctx, noSlots);
  } catch {
    return s;
  }
  out.code = buf.slice(0, s.code.length);
  out.data = buf.slice(layout.dataStart);
  return out;
}
