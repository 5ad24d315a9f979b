// --jit-report=out.html: one self-contained page about what the tracing JIT
// did: the trace trees as a graph (side traces under the exits they grew from,
// exits linked to other loops' traces, exit counts as a heat scale), and per
// trace the Python lines it covers, its recorded and optimized uops side by
// side (what the optimizer removed, what it formed), and its patched machine
// code stencil by stencil, every hole highlighted and labelled with its patch
// kind and what it was patched with. Needs the traces' uops and code
// (TracingJit keepOps) and is imported only when the flag is given.
import { disassemble } from '../../../generator/disassembler.ts';
import { bytesWithHoles, esc, heat, hex, htmlPage, type HoleMark } from '../../../generator/html-page.ts';
import { PATCH_KINDS } from '../../../format/patch-kinds.ts';
import { HOLE_ADDEND, HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_SYMBOL, HOLE_VALUE, HOLE_VALUE_NAMES, HoleValue, opargFieldValue } from '../../../format/stencil-format.ts';
import type { LoadedStencil, LoadedTable } from '../../jit/stencil-loader.ts';
import type { Program } from '../frontend/program.ts';
import { collectJitStats, type JitStats } from './jit-stats.ts';
import type { TraceOp } from './trace-ir.ts';
import { traceSymbol } from './trace-symbols.ts';
import type { TracingJit, TraceRecord } from './tracing-jit.ts';

export interface ReportInput {
  jit: TracingJit;
  program: Program;
  table: LoadedTable;
  /** The program's text and file name as the run shows it. */
  source: string;
  file: string;
  stats: JitStats;
}

const arch = () => (process.arch === 'arm64' ? 'arm64' : 'x86');
const anchor = (t: TraceRecord) => `trace-${t.compiled.id}`;

function lineOf(program: Program, op: TraceOp): number | undefined {
  if (op.codeIndex === undefined || op.bcPc === undefined) return undefined;
  return program.codes[op.codeIndex]?.lines[op.bcPc];
}

function formatOp(op: TraceOp): string {
  const parts = [op.uop];
  if (op.oparg !== undefined) parts.push(`oparg=${op.oparg}`);
  if (op.operand0 !== undefined) parts.push(`operand0=${hex(op.operand0)}`);
  if (op.operand1 !== undefined) parts.push(`operand1=${op.operand1}`);
  if (op.resumePc !== undefined) parts.push(`[exit: ${op.reason} → pc ${op.resumePc}]`);
  return parts.join(' ');
}

// ---- the graph ---------------------------------------------------------------------

function graph(jit: TracingJit, traces: readonly TraceRecord[]): string {
  const roots = traces.filter((t) => !t.parent);
  const children = new Map<TraceRecord, TraceRecord[]>();
  for (const t of traces) if (t.parent) children.set(t.parent, [...(children.get(t.parent) ?? []), t]);
  const pos = new Map<TraceRecord, { x: number; y: number }>();
  const W = 170;
  const H = 46;
  let column = 0;
  let maxDepth = 0;
  const place = (t: TraceRecord, depth: number): void => {
    const kids = children.get(t) ?? [];
    const start = column;
    for (const k of kids) place(k, depth + 1);
    if (!kids.length) column++;
    const x = kids.length ? (start + column - 1) / 2 : start;
    pos.set(t, { x, y: depth });
    maxDepth = Math.max(maxDepth, depth);
  };
  for (const r of roots) place(r, 0);
  const maxExit = Math.max(1, ...traces.flatMap((t) => [...t.exitCounts]));
  const px = (p: { x: number; y: number }) => ({ x: 20 + p.x * (W + 30), y: 20 + p.y * (H + 70) });
  const width = 40 + Math.max(1, column) * (W + 30);
  const height = 30 + (maxDepth + 1) * (H + 70) - 40;
  const edges: string[] = [];
  const nodes: string[] = [];
  for (const t of traces) {
    const a = px(pos.get(t)!);
    t.sideTraces.forEach((s, i) => {
      if (!s || !pos.has(s)) return;
      const b = px(pos.get(s)!);
      const grown = s.parent === t && s.parentExit === i;
      const n = t.exitCounts[i];
      const color = heat(Math.log1p(n) / Math.log1p(maxExit));
      const x1 = a.x + W / 2;
      const y1 = a.y + H;
      // A side trace hangs below its exit; a link to another trace's head goes into its side.
      const left = b.x + W / 2 >= x1;
      const x2 = grown ? b.x + W / 2 : left ? b.x : b.x + W;
      const y2 = grown ? b.y : b.y + H / 2;
      const c2 = grown ? `${x2},${y2 - 40}` : `${left ? x2 - 50 : x2 + 50},${y2}`;
      const lx = grown ? (x1 + x2) / 2 + 4 : x1 + 6;
      const ly = grown ? (y1 + y2) / 2 + 12 * (i % 3) : y1 + 14;
      edges.push(`<g class="edge"><title>exit ${i} of trace ${t.compiled.id} → trace ${s.compiled.id}: ${n} times before it was linked</title><path d="M${x1},${y1} C${x1},${y1 + 40} ${c2} ${x2},${y2}" fill="none" stroke="${grown ? '#555' : '#2a6fdb'}" stroke-width="${grown ? 2 : 1.5}"${grown ? '' : ' stroke-dasharray="5 4"'} marker-end="url(#arrow-${grown ? 'grown' : 'link'})"/><text x="${lx}" y="${ly}" fill="#333"><tspan style="fill:${color};stroke:#555;stroke-width:.3">■</tspan> exit ${i} (${n})</text></g>`);
    });
  }
  for (const t of traces) {
    const p = px(pos.get(t)!);
    const taken = t.exitCounts.reduce((n, c) => n + c, 0);
    const { fn, line } = jit.treeOf(t);
    nodes.push(`<a href="#${anchor(t)}"><g class="node" data-trace="${t.compiled.id}"><title>${esc(jit.traceName(t))}: entered ${t.entries}x, ${taken} exits taken</title><rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="6" fill="${heat(Math.log1p(taken) / Math.log1p(maxExit))}" stroke="${t.kind === 'side' ? '#777' : '#222'}" stroke-width="${t.kind === 'side' ? 1 : 2}"/><text x="${p.x + 8}" y="${p.y + 18}" font-weight="600">${esc(`${t.kind} trace ${t.compiled.id}`)}</text><text x="${p.x + 8}" y="${p.y + 36}" fill="#333">${esc(`${fn}:${line} · ${t.compiled.instructions.length} uops`)}</text></g></a>`);
  }
  return `<svg id="trace-graph" role="img" aria-label="trace trees" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow-grown" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker><marker id="arrow-link" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#2a6fdb"/></marker></defs>${edges.join('')}${nodes.join('')}</svg>
<p class="mute key">Solid lines: a side trace grown from that exit; dashed: an exit linked to another loop's trace. Boxes and markers are colored by exits taken<span style="background:${heat(0)}"></span>few<span style="background:${heat(0.5)}"></span><span style="background:${heat(1)}"></span>many.</p>`;
}

// ---- uops side by side -------------------------------------------------------------

function uopTables(program: Program, t: TraceRecord): string {
  const rec = t.recorded ?? [];
  const opt = t.optimized ?? [];
  const key = (op: TraceOp) => `${op.uop}@${op.codeIndex}:${op.bcPc}`;
  const left = new Map<string, number>();
  for (const op of opt) left.set(key(op), (left.get(key(op)) ?? 0) + 1);
  const recKeys = new Set(rec.map(key));
  const recRows = rec.map((op, i) => {
    const k = key(op);
    const kept = (left.get(k) ?? 0) > 0;
    if (kept) left.set(k, left.get(k)! - 1);
    return `<tr class="${kept ? 'kept' : 'removed'}"><td class="num">${i}</td><td class="num">${lineOf(program, op) ?? ''}</td><td class="mono">${esc(formatOp(op))}</td><td>${kept ? '' : 'removed'}</td></tr>`;
  });
  const optRows = opt.map((op, i) => {
    const formed = !recKeys.has(key(op));
    const loop = t.compiled.loopStart === i ? ' <b>← loop body starts</b>' : '';
    return `<tr class="${formed ? 'new' : ''}"><td class="num">${i}</td><td class="num">${lineOf(program, op) ?? ''}</td><td class="mono">${esc(formatOp(op))}${loop}</td><td>${formed ? 'formed by the optimizer' : ''}</td></tr>`;
  });
  const head = '<tr><th class="num">#</th><th class="num">line</th><th>uop</th><th></th></tr>';
  const removed = recRows.filter((r) => r.includes('class="removed"')).length;
  return `<div class="side"><div><h3>recorded uops (${rec.length}; ${removed} removed)</h3><table class="uops recorded">${head}${recRows.join('')}</table></div>
<div><h3>optimized uops (${opt.length})</h3><table class="uops optimized">${head}${optRows.join('')}</table></div></div>`;
}

// ---- machine code with holes --------------------------------------------------------

interface Region {
  label: string;
  offset: number;
  stencil: LoadedStencil;
  cold: boolean;
  /** Instruction index (or -1 for an exit stub) and exit number for stubs. */
  instruction: number;
  exit: number;
}

function patchedWith(t: TraceRecord, table: LoadedTable, r: Region, value: number, symbol: number, addend: number): string {
  const c = t.compiled;
  const L = c.layout;
  const base = c.entry;
  const i = r.instruction;
  const ops = c.instructions as readonly TraceOp[];
  const uopAt = (k: number) => (k < ops.length ? `uop ${k} ${ops[k].uop} at ${hex(base + L.codeOffsets[k])}` : `the end of the code at ${hex(base + L.codeSize)}`);
  const plus = addend ? ` ${addend < 0 ? '−' : '+'} ${Math.abs(addend)}` : '';
  switch (value) {
    case HoleValue.CODE: return `this stencil's code at ${hex(base + r.offset)}${plus}`;
    case HoleValue.DATA: return `this stencil's data${plus}`;
    case HoleValue.CONTINUE: return i < 0 ? 'the next uop' : `the next: ${uopAt(i + 1)}`;
    case HoleValue.JUMP_TARGET: return i < 0 || L.targets[i] < 0 ? 'the jump target' : `the jump target: ${uopAt(L.targets[i])}`;
    case HoleValue.EXIT: {
      const k = i >= 0 ? L.exitOf[i] : r.exit;
      if (k < 0) return 'the exit stub';
      const linked = t.sideTraces[k];
      return `exit stub ${k} at ${hex(base + L.stubOffsets[k])}${linked ? ` (linked to trace ${linked.compiled.id})` : ''}`;
    }
    case HoleValue.TOP: return c.loopStart !== undefined ? `the loop body: ${uopAt(c.loopStart)}` : `the trace's top at ${hex(c.top)}`;
    case HoleValue.OPERAND0: return i < 0 ? 'operand0' : `operand0 = ${hex(ops[i].operand0 ?? 0)}${plus}`;
    case HoleValue.OPERAND1: return i < 0 ? 'operand1' : `operand1 = ${ops[i].operand1 ?? 0}${plus}`;
    case HoleValue.OPARG: return i < 0 ? `the exit number (${r.exit})` : `oparg = ${ops[i].oparg ?? 0}${plus}`;
    case HoleValue.OPARG_FIELD: {
      const f = table.opargFields[symbol];
      return i < 0 || !f ? `oparg field ${f?.name ?? symbol}` : `oparg field ${f.name} = ${opargFieldValue(ops[i].oparg ?? 0, f)}${plus}`;
    }
    case HoleValue.SYMBOL: return `${table.symbols[symbol]}${plus}`;
    case HoleValue.COLD: return `this uop's cold part at ${hex(base + L.coldOffsets[i])}${plus}`;
    default: return HOLE_VALUE_NAMES[value] ?? `value ${value}`;
  }
}

async function machineCode(t: TraceRecord, table: LoadedTable): Promise<string> {
  const code = t.machineCode;
  if (!code) return '<p class="mute">(no machine code kept)</p>';
  const c = t.compiled;
  const L = c.layout;
  const ops = c.instructions as readonly TraceOp[];
  const regions: Region[] = [];
  ops.forEach((op, i) => {
    const s = table.stencils[L.opcodes[i]];
    regions.push({ label: `${i}: ${op.uop}`, offset: L.codeOffsets[i], stencil: s, cold: false, instruction: i, exit: L.exitOf[i] });
  });
  ops.forEach((op, i) => {
    const s = table.stencils[L.opcodes[i]];
    if (s.coldCode.length) regions.push({ label: `${i}: ${op.uop} (cold part)`, offset: L.coldOffsets[i], stencil: s, cold: true, instruction: i, exit: L.exitOf[i] });
  });
  c.exits.forEach((e, k) => {
    if (e.kind === 'guard') regions.push({ label: `exit stub ${k} (uop ${e.instruction})`, offset: L.stubOffsets[k], stencil: table.stencils[table.exitOpcode], cold: false, instruction: -1, exit: k });
  });
  const rows: string[] = [];
  let holeCount = 0;
  for (const r of regions) {
    const bytes = r.cold ? r.stencil.coldCode : r.stencil.code;
    const holesFlat = r.cold ? r.stencil.coldHoles : r.stencil.codeHoles;
    const start = c.entry + r.offset;
    const marks: (HoleMark & { label: string })[] = [];
    for (let h = 0; h < holesFlat.length; h += HOLE_FIELDS) {
      const kind = PATCH_KINDS[holesFlat[h + HOLE_KIND]];
      const id = `t${c.id}-${r.offset}-${holesFlat[h + HOLE_OFFSET]}`;
      const what = patchedWith(t, table, r, holesFlat[h + HOLE_VALUE], holesFlat[h + HOLE_SYMBOL], holesFlat[h + HOLE_ADDEND]);
      marks.push({ id, start: start + holesFlat[h + HOLE_OFFSET], size: kind?.size ?? 4, label: `${kind?.name ?? 'unknown kind'} ← ${what}` });
    }
    holeCount += marks.length;
    rows.push(`<tr class="uophead"><td colspan="3">${esc(r.label)} <span class="mute">@ ${hex(start)}, ${bytes.length} bytes, ${marks.length} hole${marks.length === 1 ? '' : 's'}</span></td></tr>`);
    const insns = await disassemble(arch(), code.subarray(r.offset, r.offset + bytes.length), start);
    for (const insn of insns) {
      const here = marks.filter((m) => m.start < insn.address + insn.size && m.start + m.size > insn.address);
      rows.push(`<tr><td class="mono">${insn.address.toString(16)}</td><td class="mono">${bytesWithHoles(insn.address, insn.bytes, here)}</td><td class="mono">${esc(insn.text)}</td></tr>`);
      for (const m of here.filter((m) => m.start >= insn.address)) {
        rows.push(`<tr class="holerow" data-hole="${esc(m.id)}"><td></td><td colspan="2" class="holelabel">↳ hole +${m.start - start}: ${esc(m.label)}</td></tr>`);
      }
    }
  }
  return `<details open><summary>machine code at ${hex(c.entry)}: ${L.codeSize} bytes, ${holeCount} holes patched (exit stubs linked to another trace show the jump that replaced them; the labels give what the stencil's holes were patched with)</summary>
<table class="code"><tr><th>address</th><th>bytes (holes highlighted)</th><th>instruction</th></tr>${rows.join('')}</table></details>`;
}

// ---- the page -----------------------------------------------------------------------

function sourceLines(program: Program, source: string[], t: TraceRecord): string {
  const lines = new Set<number>();
  for (const op of t.recorded ?? t.optimized ?? []) {
    const l = lineOf(program, op);
    if (l !== undefined) lines.add(l);
  }
  const sorted = [...lines].sort((a, b) => a - b);
  return `<table class="source"><tr><th class="num">line</th><th>Python source</th></tr>${sorted.map((l) => `<tr><td class="num">${l}</td><td class="mono"><pre>${esc(source[l - 1] ?? '')}</pre></td></tr>`).join('')}</table>`;
}

function exitTable(jit: TracingJit, t: TraceRecord, s: JitStats): string {
  const pt = s.perTrace.find((p) => p.id === t.compiled.id);
  if (!pt || !pt.exits.length) return '<p class="mute">No exit was taken.</p>';
  const max = Math.max(...pt.exits.map((e) => e.count));
  return `<table class="exits"><tr><th class="num">exit</th><th class="num">taken</th><th class="num">per second</th><th>where</th><th>linked to</th></tr>${pt.exits.map((e) => `<tr><td class="num">${e.exit}</td><td class="num" style="background:${heat(Math.log1p(e.count) / Math.log1p(max))}">${e.count}</td><td class="num">${e.perSecond.toFixed(1)}</td><td>${esc(e.where)}</td><td>${e.linkedTo === null ? '' : `<a href="#trace-${e.linkedTo}">trace ${e.linkedTo}</a>`}</td></tr>`).join('')}</table>`;
}

export async function renderJitReport(r: ReportInput): Promise<string> {
  const { jit, program, table, stats: s } = r;
  const traces = jit.allTraces;
  const source = r.source.split('\n');
  const total = Math.max(s.wallMs, 1e-9);
  const pct = (x: number) => `${((100 * x) / total).toFixed(1)}%`;
  const parts: string[] = [];
  parts.push(`<h1>stencil-jit trace report</h1><p><code>${esc(r.file)}</code> · <span id="trace-count">${traces.length}</span> traces (${s.traces.loop} loop, ${s.traces.function} function, ${s.traces.side} side) · ${s.recordings.started} recordings, ${s.recordings.aborted} aborted · ${process.arch}</p>`);
  parts.push(`<h2>Time</h2><div class="bar" title="whole run ${s.wallMs.toFixed(1)} ms"><span style="width:${pct(s.inTracesMs)};background:#3a7d44" title="in traces"></span><span style="width:${pct(s.compileMs)};background:#d97706" title="compiling"></span><span style="width:${pct(s.outsideTracesMs)};background:#9aa5b1" title="tier-1, recording, start-up"></span></div>
<table class="time"><tr><th>in traces</th><td class="num" id="time-traces">${s.inTracesMs.toFixed(2)} ms</td><td class="num">${pct(s.inTracesMs)}</td></tr><tr><th>compiling traces</th><td class="num" id="time-compile">${s.compileMs.toFixed(2)} ms</td><td class="num">${pct(s.compileMs)}</td></tr><tr><th>tier-1, recording and start-up</th><td class="num">${s.outsideTracesMs.toFixed(2)} ms</td><td class="num">${pct(s.outsideTracesMs)}</td></tr><tr><th>whole run</th><td class="num">${s.wallMs.toFixed(2)} ms</td><td></td></tr></table>
<p>Side traces formed: ${s.sideTracesFormed} · code bytes live at the end: ${s.codeBytesLive} · memory held by traces: ${s.memoryHeldBytes} bytes${Object.keys(s.recordings.abortedByReason).length ? ` · aborted recordings: ${Object.entries(s.recordings.abortedByReason).map(([k, n]) => `${esc(k)} ×${n}`).join(', ')}` : ''}</p>`);
  parts.push(`<h2>Trace trees</h2>${traces.length ? graph(jit, traces) : '<p>No trace was compiled.</p>'}`);
  parts.push(`<h2>Traces</h2><table class="summary"><tr><th>trace</th><th>symbol (perf, gdb)</th><th class="num">uops</th><th class="num">guards removed</th><th class="num">code bytes</th><th class="num">compile µs</th><th class="num">entered</th><th class="num">exits taken</th></tr>${s.perTrace.map((p) => {
    const t = traces.find((x) => x.compiled.id === p.id)!;
    return `<tr class="trace-row"><td><a href="#${anchor(t)}">${esc(p.name)}</a></td><td class="mono">${esc(traceSymbol(program, t))}</td><td class="num">${p.uops}</td><td class="num">${p.removedGuards}</td><td class="num">${p.codeBytes}</td><td class="num">${p.compileMicros.toFixed(1)}</td><td class="num">${p.entries}</td><td class="num">${p.exitsTaken}</td></tr>`;
  }).join('')}</table>`);
  for (const t of traces) {
    parts.push(`<section class="trace" id="${anchor(t)}"><h2>${esc(jit.traceName(t))}</h2>
<p>${t.compiled.instructions.length} uops · ${t.compiled.layout.codeSize} code bytes · compiled in ${(t.compileNanos / 1000).toFixed(1)} µs · entered ${t.entries}× · guards ${t.stats.recordedGuards} → ${t.stats.loopGuards} · ${t.liveAtEnd ? 'live at the end' : 'freed during the run'}</p>
<h3>Python lines it covers</h3>${sourceLines(program, source, t)}
<h3>Exits</h3>${exitTable(jit, t, s)}
${uopTables(program, t)}
<h3>Machine code</h3>${await machineCode(t, table)}</section>`);
  }
  return htmlPage(`stencil-jit report: ${r.file}`, parts.join('\n'));
}

export { collectJitStats };
