// The support code's functions (helpers the stencils call, the entry shim, the
// uop interpreter) as JitCode for the observers, one per exported symbol, so
// that perf and gdb name them too: they are linked in memory, not loaded
// from a file any tool could read.
import type { JitRuntime } from '../jit-runtime.ts';
import { viewMemory } from '../native.ts';
import type { JitCode } from './code-observer.ts';

/** Ids below zero: support functions (traces count up from 1). */
export function describeSupportCode(rt: JitRuntime, file = 'stencil-jit support code'): JitCode[] {
  const support = rt.table.support;
  const byOffset = Object.entries(support.exports).sort((a, b) => a[1] - b[1]);
  if (!byOffset.length) return [];
  const base = rt.exportAddress(byOffset[0][0]) - byOffset[0][1];
  return byOffset.map(([name, offset], k) => {
    const end = k + 1 < byOffset.length ? byOffset[k + 1][1] : support.code.length;
    return {
      id: -1 - k,
      name,
      address: base + offset,
      code: new Uint8Array(viewMemory(base + offset, end - offset)),
      file,
      lines: [],
      ranges: [],
    };
  });
}
