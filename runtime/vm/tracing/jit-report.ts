// What the tracing JIT did, for people: --jit-stats (traces, uops, guards
// removed, exits taken, time compiling vs in native code) and --jit-dump
// (each trace's uops and its patched machine code, disassembled by capstone).
import { disassemble } from '../../../generator/disassembler.ts';
import type { TraceOp } from './trace-ir.ts';
import type { TracingJit, TraceRecord } from './tracing-jit.ts';
import { collectJitStats } from './jit-stats.ts';

export { collectJitStats };

const ms = (ns: number) => `${(ns / 1e6).toFixed(2)} ms`;
const rate = (n: number) => (n >= 100 ? Math.round(n).toString() : n.toFixed(1));

export function formatJitStats(jit: TracingJit, wallMs: number): string {
  const traces = jit.allTraces;
  const stats = collectJitStats(jit, wallMs);
  const lines: string[] = [];
  const compileNs = stats.compileMs * 1e6;
  lines.push('== jit stats');
  lines.push(`traces compiled: ${stats.traces.compiled} (${stats.traces.loop} loop, ${stats.traces.function} function, ${stats.traces.side} side), live at end: ${jit.liveAtEnd}, freed: ${jit.freedTraces}, invalidations: ${jit.invalidations}, retired (stuck exits): ${jit.retired}`);
  if (jit.forgotten.count > 0) lines.push(`records not kept: ${jit.forgotten.count} traces freed long ago (counted above, not listed below)`);
  lines.push(`recordings: ${jit.recordings}, aborted: ${jit.aborted}, cancelled (the loop ended before it came round): ${jit.cancelledShortLoops}${[...jit.abortReasons].map(([r, n]) => `\n  abort: ${r} x${n}`).join('')}`);
  if (jit.budget.postponed > 0) lines.push(`recordings put off by the compile budget (jit-budget.ts): ${jit.budget.postponed}, compiling took ${jit.budget.spentMs.toFixed(1)} ms`);
  if (jit.hotRate.slow > 0) lines.push(`loops and functions that reached the threshold too slowly to be recorded (hot-rate.ts): ${jit.hotRate.slow} times`);
  if (jit.stitchReasons.size > 0) lines.push(`traces stitched through tier-1 (one bytecode each): ${[...jit.stitchReasons].map(([r, n]) => `${r} x${n}`).join(', ')}`);
  if (jit.declined > 0) lines.push(`stitched trees declined (slower than tier-1): ${jit.declined}${[...jit.declineReasons].map(([r, n]) => `\n  declined: ${r} x${n}`).join('')}`);
  lines.push(`time: compile ${ms(compileNs)}, in traces ${ms(jit.nativeNanos)}, whole run ${wallMs.toFixed(1)} ms`);
  lines.push(`side traces formed: ${stats.sideTracesFormed}, code bytes live: ${stats.codeBytesLive} in ${stats.traces.liveAtEnd} traces, memory held by traces: ${stats.memoryHeldBytes} bytes (code, data, slots, uop programs), allocations removed: ${stats.allocationsRemoved} (virtual instances ${stats.virtuals.made}, materialized in traces ${stats.virtuals.materializedInTraces}, at exits ${stats.virtuals.materializedAtExits})`);
  // aarch64 hosts only: patched code made visible to instruction fetch (compile, exit links).
  const flushes = traces.length > 0 ? jit.rt.icacheFlushes : 0;
  if (flushes > 0) lines.push(`icache flushes: ${flushes}`);
  traces.forEach((t, k) => {
    const s = t.stats;
    lines.push(`${jit.traceName(t)}: ${t.compiled.instructions.length} uops (${s.recordedUops} recorded; ${s.loopUops} ${s.peeled || t.compiled.loopStart !== undefined || t.kind === 'root' ? 'per iteration' : 'per run'}${s.peeled ? ' after peeling' : ''}), guards ${s.recordedGuards} -> ${s.loopGuards} (removed ${s.removedGuards}), folded ${s.folded}, fused ${s.fused}, ${s.allocationsRemoved ? `allocations removed ${s.allocationsRemoved}, ` : ''}${t.compiled.layout.codeSize} code bytes, compiled in ${(t.compileNanos / 1000).toFixed(1)} us, entered ${t.entries}x, exits ${stats.perTrace[k].exitsTaken}x (${rate(stats.perTrace[k].exitsPerSecond)}/s)`);
    t.exitCounts.forEach((n, i) => {
      if (n > 0) lines.push(`    exit ${i}: ${n}x, ${jit.exitName(t, i)}${t.sideTraces[i] ? ` -> trace ${t.sideTraces[i]!.compiled.id}` : ''}`);
    });
  });
  return `${lines.join('\n')}\n`;
}

function formatOp(op: TraceOp): string {
  const parts = [op.uop];
  if (op.oparg !== undefined) parts.push(`oparg=${op.oparg}`);
  if (op.operand0 !== undefined) parts.push(`operand0=0x${BigInt.asUintN(64, BigInt(op.operand0)).toString(16)}`);
  if (op.operand1 !== undefined) parts.push(`operand1=${op.operand1}`);
  if (op.resumePc !== undefined) parts.push(`[exit: ${op.reason} -> pc ${op.resumePc}${op.virtuals ? `, materializes ${op.virtuals.virtuals.map((v) => `v${v.id}`).join(' ')}` : ''}]`);
  return parts.join(' ');
}

/** Which trace trees --jit-dump shows: a function's, or the one of its loop (or entry) at a line. */
export interface DumpFilter {
  fn: string;
  line?: number;
}

export async function formatJitDump(jit: TracingJit, only: DumpFilter | null = null): Promise<string> {
  const lines: string[] = [];
  const arch = process.arch === 'arm64' ? 'arm64' : 'x86';
  const trees = (t: TraceRecord) => jit.treeOf(t);
  const selected = only ? jit.allTraces.filter((t) => trees(t).fn === only.fn && (only.line === undefined || trees(t).line === only.line)) : jit.allTraces;
  if (only && selected.length === 0) {
    const known = [...new Set(jit.allTraces.map((t) => `${trees(t).fn}:${trees(t).line}`))];
    return `--jit-dump=${only.fn}${only.line === undefined ? '' : `:${only.line}`}: no trace there (traced: ${known.join(', ') || 'nothing'})\n`;
  }
  for (const t of selected) {
    lines.push(`== ${jit.traceName(t)}`);
    lines.push(`-- recorded uops (${t.recorded?.length ?? 0})`);
    t.recorded?.forEach((op, i) => lines.push(`  ${String(i).padStart(4)} ${formatOp(op)}`));
    lines.push(`-- optimized uops (${t.optimized?.length ?? 0})${t.compiled.loopStart !== undefined ? `, loop body from ${t.compiled.loopStart}` : ''}`);
    t.optimized?.forEach((op, i) => lines.push(`  ${String(i).padStart(4)} ${formatOp(op)}`));
    if (!t.machineCode) continue;
    lines.push(`-- machine code at 0x${t.compiled.entry.toString(16)} (${t.machineCode.length} bytes)`);
    const starts = new Map<number, string>();
    t.compiled.instructions.forEach((ins, i) => starts.set(t.compiled.entry + t.compiled.layout.codeOffsets[i], `${i}: ${ins.uop}`));
    t.compiled.layout.stubOffsets.forEach((off, k) => starts.set(t.compiled.entry + off, `exit stub ${k}`));
    for (const insn of await disassemble(arch, t.machineCode, t.compiled.entry)) {
      const label = starts.get(insn.address);
      if (label) lines.push(`  ; ${label}`);
      lines.push(`  ${insn.address.toString(16)}: ${insn.text}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
