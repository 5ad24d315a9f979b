// The observers a run asks for (--perf, --gdb), opened in one place so the
// command line loads this module, and what it imports, only when one is asked for.
import { accessSync, constants, statSync } from 'node:fs';
import type { JitCodeObserver } from './code-observer.ts';
import { JitdumpWriter } from './jitdump.ts';
import { PerfMapWriter } from './perf-map.ts';

export interface ObserverRequest {
  /** --perf: where the jitdump goes. */
  perfDir?: string | null;
  /** --gdb: register every trace with gdb's JIT interface. */
  gdb?: boolean;
}

/** Opens the requested observers; throws one line naming the bad path. */
export async function openObservers(req: ObserverRequest): Promise<JitCodeObserver[]> {
  const out: JitCodeObserver[] = [];
  if (req.perfDir != null) {
    let ok = false;
    try {
      ok = statSync(req.perfDir).isDirectory();
      accessSync(req.perfDir, constants.W_OK);
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`--perf=${req.perfDir}: not a writable directory`);
    out.push(new PerfMapWriter(), new JitdumpWriter(req.perfDir));
  }
  if (req.gdb) out.push(await (await import('./gdb-jit.ts')).GdbJitRegistrar.open());
  return out;
}
