// Printing the VM benchmarks: the side-by-side table, each benchmark's JIT
// statistics, and the "what this shows" footer, whose every sentence is
// derived from the measured numbers (nothing here is hard-coded about how a
// benchmark behaves).
import { Op } from '../runtime/vm/frontend/bytecode.ts';
import { BINARY_OP_SYMBOLS, COMPARE_OP_SYMBOLS, UNARY_OP_SYMBOLS } from '../runtime/vm/frontend/bytecode.ts';
import type { BenchProgram } from './bench-programs.ts';
import type { JitSummary } from './bench-vm-worker.ts';

export const FLOOR_VS_PYTHON = 5;
export const FLOOR_VS_UOP = 1.5;
/** The object-oriented set: JIT vs python3, geomean, in-process and whole-process. */
export const FLOOR_OBJECTS = 2;
export const FLOOR_OBJECTS_WALL = 1.5;
/** Big-int programs: at least as fast as python3 in-process. */
export const FLOOR_BIG_INTS = 1;
/** Start-up: `stencil-jit run hello.py` at most this times python3's. */
export const CEILING_STARTUP = 1.5;

export interface StartupResult {
  /** [engine, median whole-process ms]; the last engine is ours. */
  medians: [string, number][];
}

export interface Cell {
  /** Best of the runs, ms; NaN when no run succeeded. */
  ms: number;
  runs: number[];
  error?: string;
}

export interface BenchResult {
  program: BenchProgram;
  size: number;
  python: Cell;
  pypy: Cell | null;
  tier1: Cell;
  uop: Cell;
  native: Cell;
  /** Whole-process wall time (interpreter or Node start-up included): python3, pypy3, `stencil-jit run` with the JIT. */
  wall: { python: Cell; pypy: Cell | null; native: Cell };
  /** compileProgram (source to bytecode), best, ms. */
  frontEndMs: number;
  /** Output differences against python3, one message each. */
  mismatches: string[];
  /** JIT statistics of the fastest native and uop-interpreter runs. */
  nativeStats?: JitSummary;
  uopStats?: JitSummary;
}

// ------------------------------------------------------------------ formatting

const ratio = (num: number, den: number) => num / den;
export const fx = (x: number) => (Number.isFinite(x) ? (x >= 100 ? `${x.toFixed(0)}x` : x >= 10 ? `${x.toFixed(1)}x` : `${x.toFixed(2)}x`) : '-');
const fms = (c: Cell | null) => (c === null ? 'skipped' : Number.isFinite(c.ms) ? c.ms.toFixed(0) : c.error?.startsWith('timed out') ? 'TIMEOUT' : 'FAIL');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '-');

export function table(headers: string[], rows: string[][], leftColumns = 1): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const geomean = (xs: number[]) => {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
  return ok.length ? Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length) : NaN;
};

// ---------------------------------------------------------- abort reasons

// The order of VType in runtime/vm/tracing/trace-ir.ts (a const enum, so no runtime reverse map here).
const VTYPE_NAMES = ['unknown', 'int', 'float', 'bool', 'None', 'list', 'tuple', 'range iterator', 'list iterator', 'function', 'builtin', 'module', 'str', 'big int', 'other', 'unbound'];
const OP_NAMES = new Map(Object.entries(Op).map(([k, v]) => [v as number, k]));
const vt = (s: string) => VTYPE_NAMES[Number(s)] ?? `type ${s}`;

/** The recorder's abort reason in words ("bytecode 25" -> "bytecode BUILD_TUPLE", type numbers -> names). */
export function explainAbort(reason: string): string {
  let m: RegExpMatchArray | null;
  if ((m = reason.match(/^bytecode (\d+)$/))) return `unsupported bytecode ${OP_NAMES.get(Number(m[1])) ?? m[1]}`;
  if ((m = reason.match(/^binary op (\d+) on (\d+), (\d+)$/))) return `binary '${BINARY_OP_SYMBOLS[Number(m[1])] ?? m[1]}' on ${vt(m[2])}, ${vt(m[3])}`;
  if ((m = reason.match(/^compare on (\d+), (\d+)$/))) return `compare on ${vt(m[1])}, ${vt(m[2])}`;
  if ((m = reason.match(/^compare (\d+)$/))) return `compare '${COMPARE_OP_SYMBOLS[Number(m[1])] ?? m[1]}'`;
  if ((m = reason.match(/^unary (\d+) on (\d+)$/))) return `unary '${UNARY_OP_SYMBOLS[Number(m[1])] ?? m[1]}' on ${vt(m[2])}`;
  if ((m = reason.match(/^(local|global) of type (\d+)$/))) return `${m[1]} of type ${vt(m[2])}`;
  if ((m = reason.match(/^(truthiness of|iteration over|call of) (\d+)$/))) return `${m[1]} ${vt(m[2])}`;
  if ((m = reason.match(/^no guard for (\d+) (.*)$/))) return `no guard for ${vt(m[1])} ${m[2]}`;
  return reason;
}

// --------------------------------------------------------------- the table

export function resultTable(results: BenchResult[], pypyNote: string): string[] {
  const rows = results.map((r) => [
    r.program.name,
    String(r.size),
    fms(r.python),
    fms(r.pypy),
    fms(r.tier1),
    fms(r.uop),
    fms(r.native),
    fx(ratio(r.python.ms, r.native.ms)),
    fx(ratio(r.uop.ms, r.native.ms)),
    fx(ratio(r.tier1.ms, r.native.ms)),
    r.pypy ? fx(ratio(r.native.ms, r.pypy.ms)) : '-',
    fms(r.wall.python),
    fms(r.wall.native),
    fx(ratio(r.wall.python.ms, r.wall.native.ms)),
    r.mismatches.length ? 'MISMATCH' : 'ok',
  ]);
  const out = table(['benchmark', 'N', 'python3 ms', 'pypy3 ms', 'tier-1 ms', 'uop-interp ms', 'JIT ms', 'JIT vs py3', 'JIT vs uop', 'JIT vs tier-1', 'pypy3 vs JIT', 'py3 wall', 'JIT wall', 'wall vs py3', 'output'], rows, 1);
  out.push('');
  out.push('  ms columns: program time measured inside the process (start-up excluded); wall columns: the whole process as a user runs it');
  out.push('  (`python3 prog.py` vs `scripts/stencil-jit run prog.py`, start-up included).');
  out.push('  JIT vs X = X time / JIT time (above 1x: the JIT is faster); pypy3 vs JIT = JIT time / pypy3 time (above 1x: pypy3 is faster).');
  out.push('  tier-1 = our bytecode interpreter alone (--no-jit); uop-interp = the same traces run by the C uop interpreter (dispatch per uop);');
  out.push('  JIT = the traces as copied-and-patched native code. Output: every VM run compared with python3\'s stdout and exit code.');
  if (pypyNote) out.push(`  pypy3: ${pypyNote}`);
  const noisy: string[] = [];
  for (const r of results) {
    for (const [label, c] of [['python3', r.python], ['pypy3', r.pypy], ['tier-1', r.tier1], ['uop', r.uop], ['JIT', r.native]] as const) {
      if (c && c.runs.length > 1 && Math.max(...c.runs) / Math.min(...c.runs) > 1.25) noisy.push(`${r.program.name}/${label} ${c.runs.map((x) => x.toFixed(0)).join(',')}`);
    }
  }
  if (noisy.length) out.push(`  Noisy cells (slowest run > 1.25x the fastest; the machine may be busy): ${noisy.join('; ')}`);
  return out;
}

/** The JIT's goal on the churn program: within this factor of --no-jit (issue 19). */
export const CEILING_CHURN = 1.2;

export function churnLines(r: StartupResult): string[] {
  const ms = (name: string) => r.medians.find(([n]) => n === name)?.[1] ?? NaN;
  const jit = ms('stencil-jit run');
  const lines = r.medians.map(([name, t]) => `  ${name.padEnd(22)} ${Number.isFinite(t) ? t.toFixed(1).padStart(7) : 'FAIL'.padStart(7)} ms`);
  const ratio = jit / ms('stencil-jit --no-jit');
  lines.push(`  JIT / --no-jit = ${ratio.toFixed(2)} (goal ${CEILING_CHURN}): ${ratio <= CEILING_CHURN ? 'PASS' : 'MISS'}; JIT / python3 = ${(jit / ms('python3')).toFixed(2)}`);
  return lines;
}

export function startupLines(r: StartupResult): string[] {
  const ours = r.medians[r.medians.length - 1][1];
  const py = r.medians.find(([n]) => n === 'python3')?.[1] ?? NaN;
  const lines = r.medians.map(([name, ms]) => `  ${name.padEnd(16)} ${Number.isFinite(ms) ? ms.toFixed(1).padStart(7) : 'FAIL'.padStart(7)} ms`);
  lines.push(`  stencil-jit / python3 = ${(ours / py).toFixed(2)} (ceiling ${CEILING_STARTUP}): ${ours / py <= CEILING_STARTUP ? 'PASS' : 'MISS'}`);
  return lines;
}

// --------------------------------------------------------- per-benchmark stats

function topExits(s: JitSummary, n: number): string[] {
  const all = s.perTrace.flatMap((t) => t.exits.filter((e) => !e.linked).map((e) => ({ ...e, trace: t.name.replace(/^(root|side|function) trace (\d+).*$/, 'trace $2') })));
  all.sort((a, b) => b.count - a.count);
  return all.slice(0, n).map((e) => `${e.count}x ${e.trace}: ${e.where}`);
}

function abortList(s: JitSummary): string {
  return s.abortReasons.map(([r, n]) => `${explainAbort(r)} x${n}`).join('; ');
}

export function statsLines(r: BenchResult): string[] {
  const s = r.nativeStats;
  const lines: string[] = [];
  if (!s) return [`${r.program.name}: no JIT statistics (the JIT run failed: ${r.native.error ?? 'unknown'})`];
  const roots = s.perTrace.filter((t) => t.kind === 'root');
  const loopUops = roots.map((t) => `${t.loopUops}${t.peeled ? 'p' : ''}`);
  const shown = loopUops.length > 8 ? `${loopUops.slice(0, 8).join('/')}/...` : loopUops.join('/');
  lines.push(`${r.program.name} (${r.program.what}, N=${r.size})`);
  lines.push(`  traces ${s.traces} (${s.rootTraces} loop, ${s.functionTraces} function, ${s.sideTraces} side), recordings ${s.recordings}, aborted ${s.aborted}${s.freed ? `, freed ${s.freed}` : ''}${s.invalidations ? `, invalidations ${s.invalidations}` : ''}`);
  if (s.traces > 0) {
    const functions = s.perTrace.filter((t) => t.kind === 'function').map((t) => `${t.loopUops}`);
    const perRun = functions.length ? `; uops per function trace run: ${functions.length > 8 ? `${functions.slice(0, 8).join('/')}/...` : functions.join('/')}` : '';
    lines.push(`  loop uops per iteration (loop traces${roots.some((t) => t.peeled) ? ', p = after peeling' : ''}): ${shown || '-'}${perRun}; guards ${s.recordedGuards} recorded -> ${s.keptGuards} kept (${s.removedGuards} removed, ${pct(s.removedGuards / s.recordedGuards)})`);
    lines.push(`  trace entries ${s.entries}, exits back to the VM ${s.exitsTaken}${topExits(s, 2).length ? ` (top: ${topExits(s, 2).join('; ')})` : ''}`);
    if (s.allocationsRemoved !== undefined) lines.push(`  allocations removed: ${s.allocationsRemoved} (virtual instances materialized where they escaped: ${s.virtualsMaterialized})`);
  }
  if (s.aborted) lines.push(`  aborted recordings: ${abortList(s)}`);
  if (s.stitchReasons?.length) lines.push(`  stitched through tier-1: ${s.stitchReasons.map(([r, n]) => `${explainAbort(r)} x${n}`).join('; ')}${s.declined ? `; ${s.declined} stitched tree(s) declined as slower than tier-1` : ''}`);
  const jitMs = r.native.ms;
  lines.push(`  JIT run: in native code ${s.inTraceMs.toFixed(0)} of ${jitMs.toFixed(0)} ms (${pct(s.inTraceMs / jitMs)}), trace compile ${s.compileMs.toFixed(1)} ms, front end ${r.frontEndMs.toFixed(1)} ms${r.frontEndMs / jitMs > 0.05 ? ' (significant)' : ''}`);
  if (r.uopStats && Number.isFinite(r.uop.ms) && r.uopStats.traces > 0) {
    const u = r.uopStats;
    lines.push(`  uop-interpreter run: in the uop interpreter ${u.inTraceMs.toFixed(0)} of ${r.uop.ms.toFixed(0)} ms (${pct(u.inTraceMs / r.uop.ms)}); same traces natively ${s.inTraceMs.toFixed(0)} ms -> in-trace speedup ${fx(u.inTraceMs / s.inTraceMs)}`);
  }
  return lines;
}

// -------------------------------------------------------------------- footer

/** Why the JIT misses a floor, from its statistics. */
function whyMiss(r: BenchResult, floor: 'python' | 'uop'): string[] {
  const s = r.nativeStats;
  const why: string[] = [];
  if (!s) return [`the JIT run failed (${r.native.error ?? 'unknown'})`];
  const jitMs = r.native.ms;
  const outside = jitMs - s.inTraceMs;
  if (s.recordings === 0) {
    why.push('no loop ever got hot, so nothing was recorded: the JIT traces loops only, and this program\'s time is in calls/recursion; everything ran in tier-1');
    return why;
  }
  if (s.traces === 0) why.push(`every recording aborted (${abortList(s)}), so no trace exists and tier-1 runs everything`);
  else if (s.aborted) why.push(`${s.aborted} of ${s.recordings} recordings aborted (${abortList(s)}); those loops stay in tier-1`);
  if (s.traces > 0) {
    const share = s.inTraceMs / jitMs;
    if (share < 0.75) why.push(`only ${pct(share)} of the JIT run is in native code; ${outside.toFixed(0)} ms is outside traces (tier-1, recording, ${s.compileMs.toFixed(1)} ms compiling)`);
    if (share < 0.75 && s.exitsTaken <= 1000) why.push(`with only ${s.exitsTaken} exits, that time is not trace transitions but work outside traces (warm-up before a trace exists, recording, builtins, allocation, GC, VM setup)`);
    if (s.exitsTaken > 1000) why.push(`${s.exitsTaken} exits back to the VM, ~${((outside * 1e3) / s.exitsTaken).toFixed(1)} us of outside-trace time each (top: ${topExits(s, 2).join('; ')})`);
  }
  if (floor === 'uop' && r.uopStats && s.inTraceMs > 0) {
    const inTrace = r.uopStats.inTraceMs / s.inTraceMs;
    const uopOutside = r.uop.ms - r.uopStats.inTraceMs;
    if (inTrace >= FLOOR_VS_UOP) why.push(`inside traces native code is ${fx(inTrace)} the uop interpreter, but the JIT does not speed up the time outside traces (${uopOutside.toFixed(0)} ms in the uop run, ${outside.toFixed(0)} ms in the JIT run)`);
    else why.push(`even inside traces native code is only ${fx(inTrace)} the uop interpreter (${r.uopStats.inTraceMs.toFixed(0)} vs ${s.inTraceMs.toFixed(0)} ms): dispatch is a small part of these uops' cost`);
  }
  if (floor === 'python' && s.traces > 0 && s.inTraceMs > 0) {
    // The ceiling: python3's time over the time spent in native code alone.
    const ceiling = r.python.ms / s.inTraceMs;
    const perIter = s.perTrace.filter((t) => t.kind !== 'side').map((t) => t.loopUops).join('/');
    if (ceiling < FLOOR_VS_PYTHON) why.push(`the native code itself is too slow: python3's whole run is only ${fx(ceiling)} the ${s.inTraceMs.toFixed(0)} ms spent in traces, so even with no time outside traces the JIT would miss ${FLOOR_VS_PYTHON}x (loop and function traces: ${perIter} uops per iteration or run, ${s.keptGuards} guards kept in all)`);
    else why.push(`the native code alone would make it: python3's run is ${fx(ceiling)} the ${s.inTraceMs.toFixed(0)} ms spent in traces; the ${outside.toFixed(0)} ms (${pct(outside / jitMs)}) outside traces costs the rest`);
  }
  if (floor === 'python' && Number.isFinite(r.tier1.ms) && r.tier1.ms < r.python.ms) why.push(`(tier-1 alone is already ${fx(r.python.ms / r.tier1.ms)} python3)`);
  return why;
}

/** The floors of the object-oriented, wide-int and big-int sets, and "never slower than tier-1". */
function groupFloorLines(results: BenchResult[]): string[] {
  const out: string[] = [];
  const of = (g: string) => results.filter((r) => r.program.group === g);
  const objects = of('objects');
  if (objects.length) {
    const inProcess = geomean(objects.map((r) => r.python.ms / r.native.ms));
    const wall = geomean(objects.map((r) => r.wall.python.ms / r.wall.native.ms));
    out.push(`Object-oriented set (${objects.map((r) => r.program.name).join(', ')}): JIT vs python3 ${fx(inProcess)} in-process (floor ${FLOOR_OBJECTS}x: ${inProcess >= FLOOR_OBJECTS ? 'PASS' : 'MISS'}),`);
    out.push(`  ${fx(wall)} whole-process (floor ${FLOOR_OBJECTS_WALL}x: ${wall >= FLOOR_OBJECTS_WALL ? 'PASS' : 'MISS'}); aborted recordings: ${objects.reduce((n, r) => n + (r.nativeStats?.aborted ?? 0), 0)}.`);
  }
  for (const r of of('wide-ints')) {
    const x = r.python.ms / r.native.ms;
    out.push(`Wide ints, ${r.program.name}: JIT ${fx(x)} python3 in-process (floor ${FLOOR_VS_PYTHON}x: ${x >= FLOOR_VS_PYTHON ? 'PASS' : 'MISS'}), ${fx(r.tier1.ms / r.native.ms)} tier-1.`);
  }
  for (const r of of('big-ints')) {
    const x = r.python.ms / r.native.ms;
    out.push(`Big ints, ${r.program.name}: JIT ${fx(x)} python3 in-process (floor ${FLOOR_BIG_INTS}x: ${x >= FLOOR_BIG_INTS ? 'PASS' : 'MISS'}), ${fx(r.tier1.ms / r.native.ms)} tier-1.`);
  }
  const slower = results.filter((r) => r.native.ms > r.tier1.ms * 1.05);
  out.push(`Never slower than tier-1 (5% noise allowed): ${slower.length ? `MISS on ${slower.map((r) => `${r.program.name} ${fx(r.tier1.ms / r.native.ms)}`).join(', ')}` : 'PASS'}.`);
  return out;
}

export function footerLines(results: BenchResult[]): string[] {
  const out: string[] = [];
  const ok = results.filter((r) => Number.isFinite(r.native.ms));
  out.push(`Floors: JIT >= ${FLOOR_VS_PYTHON}x faster than python3 on the numeric loops, and >= ${FLOOR_VS_UOP}x faster than the uop interpreter.`);
  out.push('(Numeric loops: ' + results.filter((r) => r.program.group === 'numeric').map((r) => r.program.name).join(', ') + '; the others are shown against the same floors for reference.)');
  let pass = 0;
  let floored = 0;
  for (const r of results) {
    const vsPy = r.python.ms / r.native.ms;
    const vsUop = r.uop.ms / r.native.ms;
    const pyOk = vsPy >= FLOOR_VS_PYTHON;
    const uopOk = vsUop >= FLOOR_VS_UOP;
    const tag = r.program.group === 'numeric' ? '' : ' (reference)';
    if (r.program.group === 'numeric') {
      floored += 2;
      pass += (pyOk ? 1 : 0) + (uopOk ? 1 : 0);
    }
    out.push(`  ${r.program.name.padEnd(14)} ${pyOk ? 'PASS' : 'MISS'} ${fx(vsPy).padStart(6)} vs python3   ${uopOk ? 'PASS' : 'MISS'} ${fx(vsUop).padStart(6)} vs uop interpreter${tag}${r.mismatches.length ? '   OUTPUT MISMATCH' : ''}`);
    if (!pyOk) for (const w of whyMiss(r, 'python')) out.push(`      why (python3): ${w}`);
    if (!uopOk) for (const w of whyMiss(r, 'uop').filter((w) => pyOk || !whyMiss(r, 'python').includes(w))) out.push(`      why (uop):     ${w}`);
  }
  out.push(`  numeric-loop floors met: ${pass} of ${floored}`);
  out.push('');
  for (const line of groupFloorLines(results)) out.push(line);
  out.push('');

  // Does removing dispatch pay? The same traces, run by the uop interpreter vs natively.
  const withTraces = ok.filter((r) => r.nativeStats && r.uopStats && r.nativeStats.inTraceMs > 0 && r.uopStats.inTraceMs > 0);
  const inTrace = withTraces.map((r) => r.uopStats!.inTraceMs / r.nativeStats!.inTraceMs);
  const whole = ok.map((r) => r.uop.ms / r.native.ms);
  if (withTraces.length) {
    const lo = withTraces[inTrace.indexOf(Math.min(...inTrace))];
    const hi = withTraces[inTrace.indexOf(Math.max(...inTrace))];
    out.push(`Does removing dispatch pay? Inside traces, the same uops run ${fx(geomean(inTrace))} faster as native code than through the uop interpreter`);
    out.push(`  (geomean of ${withTraces.length}; from ${fx(Math.min(...inTrace))} on ${lo.program.name} to ${fx(Math.max(...inTrace))} on ${hi.program.name}). Whole programs: ${fx(geomean(whole))} (geomean of ${whole.length}),`);
    const outUop = withTraces.reduce((n, r) => n + r.uop.ms - r.uopStats!.inTraceMs, 0);
    const outJit = withTraces.reduce((n, r) => n + r.native.ms - r.nativeStats!.inTraceMs, 0);
    const diluted = ok.filter((r) => r.nativeStats && r.nativeStats.inTraceMs / r.native.ms < 0.5).map((r) => r.program.name);
    out.push(`  because removing dispatch only speeds up time inside traces: outside them these benchmarks spent ${outUop.toFixed(0)} ms in the uop runs and ${outJit.toFixed(0)} ms in the JIT runs;`);
    if (diluted.length) out.push(`  under half of the JIT run is native code on ${diluted.join(', ')}.`);
  } else out.push('Does removing dispatch pay? No benchmark ran any trace, so this run cannot say.');

  // How far does type specialization with guards go?
  const stats = ok.filter((r) => r.nativeStats && r.nativeStats.traces > 0);
  const rec = stats.reduce((n, r) => n + r.nativeStats!.recordedGuards, 0);
  const removed = stats.reduce((n, r) => n + r.nativeStats!.removedGuards, 0);
  const vsTier1 = ok.map((r) => r.tier1.ms / r.native.ms);
  const numeric = ok.filter((r) => r.program.group === 'numeric');
  out.push(`How far do type specialization and guards go? ${removed} of ${rec} recorded guards (${pct(removed / rec)}) were proven away; on the numeric loops the JIT is`);
  out.push(`  ${fx(geomean(numeric.map((r) => r.tier1.ms / r.native.ms)))} tier-1 and ${fx(geomean(numeric.map((r) => r.python.ms / r.native.ms)))} python3 (geomean; all benchmarks: ${fx(geomean(vsTier1))} tier-1, ${fx(geomean(ok.map((r) => r.python.ms / r.native.ms)))} python3).`);
  const aborts = new Map<string, string[]>();
  for (const r of ok) for (const [reason] of r.nativeStats?.abortReasons ?? []) aborts.set(explainAbort(reason), [...(aborts.get(explainAbort(reason)) ?? []), r.program.name]);
  const noLoops = ok.filter((r) => r.nativeStats && r.nativeStats.recordings === 0).map((r) => r.program.name);
  if (aborts.size || noLoops.length) {
    out.push('  Where it stops:');
    for (const [reason, names] of aborts) out.push(`    recording aborts on ${reason} (${names.join(', ')})`);
    if (noLoops.length) out.push(`    no hot loops to trace (${noLoops.join(', ')}): recursion stays in tier-1`);
  }
  const slower = ok.filter((r) => r.native.ms > r.tier1.ms * 1.05).map((r) => `${r.program.name} ${fx(r.tier1.ms / r.native.ms)}`);
  if (slower.length) out.push(`  The JIT is slower than tier-1 alone on: ${slower.join(', ')} (recording, exits and trace entries cost more than the traces save).`);
  const pypy = ok.filter((r) => r.pypy && Number.isFinite(r.pypy.ms));
  if (pypy.length) {
    const vs = pypy.map((r) => r.native.ms / r.pypy!.ms);
    const ahead = pypy.filter((r) => r.native.ms < r.pypy!.ms).map((r) => r.program.name);
    out.push(`pypy3 is ${fx(geomean(vs))} faster than our JIT (geomean of ${pypy.length})${ahead.length ? `; our JIT is ahead on ${ahead.join(', ')}` : ''}.`);
  }
  const bad = results.filter((r) => r.mismatches.length);
  if (bad.length) {
    out.push('');
    out.push(`!!! OUTPUT MISMATCHES (VM differs from python3) on: ${bad.map((r) => r.program.name).join(', ')}; see above.`);
  }
  return out;
}
