// How a trace is named and mapped back to Python lines for tools outside the
// process (perf map, jitdump, gdb): `py:FUNCTION:LINE:trace_N` (the function
// and line its tree starts at), its exit stubs `...:exit_K`, and per uop the
// line of the bytecode it was recorded from.
import type { JitCode, LineEntry } from '../../jit/observe/code-observer.ts';
import type { Program } from '../frontend/program.ts';
import type { TraceOp } from './trace-ir.ts';
import type { TraceRecord } from './tracing-jit.ts';

/** `py:advance:57:trace_3`: no spaces, so every tool keeps it whole. */
export function traceSymbol(program: Program, t: TraceRecord): string {
  const code = program.codes[t.codeIndex];
  const line = code.lines[Math.min(t.pc, code.lines.length - 1)];
  return `py:${code.name}:${line}:trace_${t.compiled.id}`;
}

export function describeTrace(program: Program, t: TraceRecord, file: string, code: Uint8Array): JitCode {
  const { layout } = t.compiled;
  const lines: LineEntry[] = [];
  (t.compiled.instructions as readonly TraceOp[]).forEach((op, i) => {
    if (op.codeIndex === undefined || op.bcPc === undefined) return;
    const line = program.codes[op.codeIndex].lines[op.bcPc];
    if (line === undefined || (lines.length && lines[lines.length - 1].line === line)) return;
    // Instructions may have no hot code (offsets repeat): the later one wins the offset.
    if (lines.length && lines[lines.length - 1].offset === layout.codeOffsets[i]) lines.pop();
    lines.push({ offset: layout.codeOffsets[i], line });
  });
  // A stub ends where the next piece of code (a uop, a cold part, a stub, the trampolines) starts.
  const starts = [...layout.codeOffsets, ...layout.coldOffsets, ...layout.stubOffsets, layout.trampolineStart, layout.codeSize].sort((a, b) => a - b);
  const stubs = Array.from(layout.stubOffsets, (offset, k) => ({ name: `exit_${k}`, offset, size: (starts.find((s) => s > offset) ?? layout.codeSize) - offset }));
  return { id: t.compiled.id, name: traceSymbol(program, t), address: t.compiled.entry, code, file, lines, ranges: stubs };
}
