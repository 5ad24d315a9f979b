// One patch of any kind: the generic path, for holes the fast path
// (hole-plan.ts) does not take.
import { PatchKind } from '../../format/patch-kinds.ts';
import type { LinkerSlots } from './linker-slots.ts';
import { patchAarch64 } from './patch-aarch64.ts';
import { patchX86_64 } from './patch-x86_64.ts';

/**
 * Applies a patch of `kind` at code[offset]: P is the place's address, S the
 * symbol's address or value, A the addend. `what` names it in messages.
 */
export function applyPatch(code: Uint8Array, offset: number, kind: PatchKind, P: number, S: number, A: number, slots: LinkerSlots, what?: string): void {
  if (kind < PatchKind.A64_ABS64) patchX86_64(code, offset, kind, P, S, A, slots, what);
  else patchAarch64(code, offset, kind, P, S, A, slots, what);
}
