// The numbers behind --jit-stats, collected once into one plain object: the
// text report prints them and --jit-stats=json writes them as they are, for
// machines. Collected while the traces still exist (before the run frees them).
import type { TracingJit, TraceRecord } from './tracing-jit.ts';

export const JIT_STATS_VERSION = 1;

export interface ExitStats {
  exit: number;
  count: number;
  perSecond: number;
  reason: string;
  /** `guard exit to FUNCTION line L (pc P)`. */
  where: string;
  /** The trace this exit is linked to (a side trace or another loop's), or null. */
  linkedTo: number | null;
}

export interface TraceStats {
  id: number;
  name: string;
  kind: TraceRecord['kind'];
  function: string;
  line: number;
  parent: number | null;
  parentExit: number | null;
  live: boolean;
  uops: number;
  recordedUops: number;
  loopUops: number;
  recordedGuards: number;
  loopGuards: number;
  removedGuards: number;
  folded: number;
  fused: number;
  /** Allocation sites per iteration (per run) whose instance the trace no longer allocates. */
  allocationSitesRemoved: number;
  codeBytes: number;
  /** Code, stencil data, slots and the uop program: the pages this trace holds. */
  memoryBytes: number;
  compileMicros: number;
  entries: number;
  exitsTaken: number;
  exitsPerSecond: number;
  exits: ExitStats[];
}

export interface JitStats {
  version: number;
  wallMs: number;
  compileMs: number;
  inTracesMs: number;
  /** Whole run minus time in traces and compiling: tier-1, recording, start-up. */
  outsideTracesMs: number;
  traces: { compiled: number; loop: number; function: number; side: number; liveAtEnd: number; freed: number; invalidations: number };
  /** Times a loop or function reached the threshold too slowly to be recorded, and counted again (hot-rate.ts). */
  slowToHeat: number;
  sideTracesFormed: number;
  /** Started root, function and side recordings; aborted ones by reason; cancelled: root recordings of a loop that ended before it came round (no trace, no failure). */
  recordings: { started: number; aborted: number; abortedByReason: Record<string, number>; cancelled: number };
  codeBytesLive: number;
  memoryHeldBytes: number;
  /** Instances traces did not allocate (optimizer/virtuals.ts): virtual instances made, less those materialized. */
  allocationsRemoved: number;
  /** Virtual instances made, materialized where they escaped in a trace, and materialized at exits. */
  virtuals: { made: number; materializedInTraces: number; materializedAtExits: number };
  perTrace: TraceStats[];
}

export function collectJitStats(jit: TracingJit, wallMs: number): JitStats {
  const traces = jit.allTraces;
  const seconds = Math.max(wallMs / 1000, 1e-9);
  const compileNs = traces.reduce((n, t) => n + t.compileNanos, jit.forgotten.compileNanos);
  // (The run frees every trace before reporting: live = live when the program ended.)
  const live = traces.filter((t) => t.liveAtEnd || !t.compiled.freed);
  const perTrace = traces.map((t): TraceStats => {
    const { fn, line } = jit.treeOf(t);
    const s = t.stats;
    const exits: ExitStats[] = [];
    t.exitCounts.forEach((n, i) => {
      if (n > 0) exits.push({ exit: i, count: n, perSecond: n / seconds, reason: t.exitReason[i], where: jit.exitName(t, i), linkedTo: t.sideTraces[i]?.compiled.id ?? null });
    });
    const exitsTaken = exits.reduce((n, e) => n + e.count, 0);
    return {
      id: t.compiled.id, name: jit.traceName(t), kind: t.kind, function: fn, line,
      parent: t.parent?.compiled.id ?? null, parentExit: t.parentExit ?? null, live: Boolean(t.liveAtEnd || !t.compiled.freed),
      uops: t.compiled.instructions.length, recordedUops: s.recordedUops, loopUops: s.loopUops,
      recordedGuards: s.recordedGuards, loopGuards: s.loopGuards, removedGuards: s.removedGuards, folded: s.folded, fused: s.fused,
      allocationSitesRemoved: s.allocationsRemoved ?? 0, codeBytes: t.compiled.layout.codeSize, memoryBytes: t.compiled.block.size, compileMicros: t.compileNanos / 1000,
      entries: t.entries, exitsTaken, exitsPerSecond: exitsTaken / seconds, exits,
    };
  });
  const abortedByReason: Record<string, number> = {};
  for (const [r, n] of jit.abortReasons) abortedByReason[r] = n;
  const inTracesMs = jit.nativeNanos / 1e6;
  const virtuals = jit.virtualCounts();
  return {
    version: JIT_STATS_VERSION,
    wallMs,
    compileMs: compileNs / 1e6,
    inTracesMs,
    outsideTracesMs: Math.max(0, wallMs - inTracesMs - compileNs / 1e6),
    traces: {
      compiled: traces.length + jit.forgotten.count,
      loop: traces.filter((t) => t.kind === 'root').length + jit.forgotten.root,
      function: traces.filter((t) => t.kind === 'function').length + jit.forgotten.function,
      side: traces.filter((t) => t.kind === 'side').length + jit.forgotten.side,
      liveAtEnd: live.length,
      freed: jit.freedTraces,
      invalidations: jit.invalidations,
    },
    slowToHeat: jit.hotRate.slow,
    sideTracesFormed: traces.filter((t) => t.kind === 'side').length + jit.forgotten.side,
    recordings: { started: jit.recordings, aborted: jit.aborted, abortedByReason, cancelled: jit.cancelledShortLoops },
    codeBytesLive: live.reduce((n, t) => n + t.compiled.layout.codeSize, 0),
    memoryHeldBytes: live.reduce((n, t) => n + t.compiled.block.size, 0),
    allocationsRemoved: virtuals.made - virtuals.materializedInTraces - virtuals.materializedAtExits,
    virtuals,
    perTrace,
  };
}
