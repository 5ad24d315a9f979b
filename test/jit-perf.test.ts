// `stencil-jit run --perf`: the perf map and the jitdump, read back by an
// independent reader (test/helpers/jitdump-reader.ts), and then the real perf:
// `perf record -k 1` + `perf inject --jit` + `perf report` / `perf annotate`
// must put samples on a trace by name and show its disassembly next to the
// Python lines. Perf runs wherever the kernel lets it sample this process
// (perf_event_paranoid <= 2 allows a user's own processes); otherwise that
// part is skipped with the reason printed, and the reader checks still run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disassemble } from '../generator/disassembler.ts';
import { readJitdump, readPerfMap, type Jitdump, type PerfMapEntry } from './helpers/jitdump-reader.ts';
import { advanceProgram } from './helpers/advance-program.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'scripts/stencil-jit');
const PROGRAM = advanceProgram(40, 50000);

/** Why perf cannot sample here, or null when it can (probed by running it). */
function perfUnavailable(dir: string): string | null {
  const which = spawnSync('sh', ['-c', 'command -v perf'], { encoding: 'utf8' });
  if (which.status !== 0) return 'perf is not installed (scripts/setup.sh installs linux-perf)';
  const r = spawnSync('perf', ['record', '-k', '1', '-e', 'cpu-clock', '-o', path.join(dir, 'probe.data'), '--', 'true'], { encoding: 'utf8' });
  if (r.status !== 0) {
    const paranoid = fs.existsSync('/proc/sys/kernel/perf_event_paranoid') ? fs.readFileSync('/proc/sys/kernel/perf_event_paranoid', 'utf8').trim() : '?';
    return `perf record fails here (perf_event_paranoid=${paranoid}): ${r.stderr.trim().split('\n').pop()}`;
  }
  return null;
}

let dir = '';
let perfReason: string | null = null;
let pid = 0;
let dump: Jitdump;
let map: PerfMapEntry[];
let python = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-perf-'));
  fs.writeFileSync(path.join(dir, 'prog.py'), PROGRAM);
  python = spawnSync('python3', [path.join(dir, 'prog.py')], { encoding: 'utf8' }).stdout;
  perfReason = perfUnavailable(dir);
  console.log(perfReason ? `jit-perf: real perf skipped: ${perfReason}; checking the files with the independent reader only` : 'jit-perf: running the real perf (record -k 1, inject --jit, report, annotate)');
  const run = perfReason
    ? spawnSync(CLI, ['run', `--perf=${dir}`, 'prog.py'], { cwd: dir, encoding: 'utf8' })
    : spawnSync('perf', ['record', '-k', '1', '-e', 'cpu-clock', '-F', '4000', '-o', 'perf.data', '--', CLI, 'run', `--perf=${dir}`, 'prog.py'], { cwd: dir, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toBe(python);
  const dumps = fs.readdirSync(dir).filter((f) => /^jit-\d+\.dump$/.test(f));
  expect(dumps).toHaveLength(1);
  pid = Number(/\d+/.exec(dumps[0])![0]);
  dump = readJitdump(path.join(dir, dumps[0]));
  map = readPerfMap(`/tmp/perf-${pid}.map`);
});

afterAll(() => {
  if (pid) fs.rmSync(`/tmp/perf-${pid}.map`, { force: true });
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('perf map and jitdump (independent reader)', () => {
  it('has a valid header and is closed', () => {
    expect(dump.header.magic).toBe(0x4a695444);
    expect(dump.header.version).toBe(1);
    expect(dump.header.totalSize).toBe(40);
    expect(dump.header.elfMach).toBe(process.arch === 'arm64' ? 183 : 62);
    expect(dump.header.pid).toBe(pid);
    expect(dump.closed).toBe(true);
    expect(dump.order[dump.order.length - 1]).toBe(3);
  });

  it('names every trace by function:line and number, and every exit stub', () => {
    const bodies = dump.loads.filter((l) => /^py:advance:4:trace_\d+$/.test(l.name));
    expect(bodies.length).toBeGreaterThan(0);
    expect(dump.loads.some((l) => /^py:advance:4:trace_\d+:exit_\d+$/.test(l.name))).toBe(true);
    for (const l of dump.loads) {
      expect(l.pid).toBe(pid);
      expect(l.vma).toBe(l.codeAddr);
      expect(l.code.length).toBe(Number(l.codeSize));
    }
    // Code indexes are unique (perf inject names its .so files by them).
    expect(new Set(dump.loads.map((l) => l.codeIndex)).size).toBe(dump.loads.length);
  });

  it('the perf map lists the same symbols at the same addresses, none overlapping', () => {
    expect(map.map((e) => `${e.start} ${e.size} ${e.name}`)).toEqual(dump.loads.map((l) => `${l.codeAddr} ${l.codeSize} ${l.name}`));
    // (No trace was freed in this run, so no address range is reused.)
    const sorted = [...map].sort((a, b) => (a.start < b.start ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1].start + sorted[i - 1].size <= sorted[i].start).toBe(true);
  });

  it('the code is whole instructions (capstone decodes every byte)', async () => {
    for (const l of dump.loads) {
      const insns = await disassemble(process.arch === 'arm64' ? 'arm64' : 'x86', l.code, Number(l.codeAddr));
      const decoded = insns.reduce((n, i) => n + i.size, 0);
      expect(decoded, l.name).toBe(l.code.length);
    }
  });

  it('debug records come before their code and map code to the loop body lines of prog.py', () => {
    const lines = new Set<number>();
    for (const d of dump.debug) {
      const load = dump.loads.find((l) => l.codeAddr === d.codeAddr)!;
      expect(load, `debug info at 0x${d.codeAddr.toString(16)} has no code load`).toBeDefined();
      expect(d.timestamp <= load.timestamp).toBe(true);
      for (const e of d.entries) {
        expect(e.file).toBe(path.join(fs.realpathSync(dir), 'prog.py'));
        expect(e.addr >= load.codeAddr && e.addr < load.codeAddr + load.codeSize).toBe(true);
        lines.add(e.line);
      }
    }
    for (const line of [4, 5, 6, 9]) expect(lines.has(line), `line ${line}`).toBe(true);
  });
});

describe('bad input', () => {
  it('--perf= naming something that is not a writable directory is one line and exit 2', () => {
    const r = spawnSync(CLI, ['run', '--perf=/nonexistent/dir', 'prog.py'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('stencil-jit: --perf=/nonexistent/dir: not a writable directory\n');
    expect(r.stdout).toBe('');
  });
});

describe('the real perf', () => {
  it('perf inject --jit + perf report attribute samples to traces by name; perf annotate shows their code with the Python source', (ctx) => {
    if (perfReason) {
      console.log(`skipped: ${perfReason}`);
      ctx.skip();
    }
    const inject = spawnSync('perf', ['inject', '--jit', '-i', 'perf.data', '-o', 'perf.jit.data'], { cwd: dir, encoding: 'utf8' });
    expect(inject.status, inject.stderr).toBe(0);
    expect(fs.readdirSync(dir).some((f) => new RegExp(`^jitted-${pid}-\\d+\\.so$`).test(f))).toBe(true);
    const report = spawnSync('perf', ['report', '-i', 'perf.jit.data', '--stdio', '--sort', 'sym', '--no-children'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(report.status, report.stderr).toBe(0);
    const traceLines = report.stdout.split('\n').filter((l) => /py:advance:4:trace_\d+/.test(l) && /%/.test(l));
    expect(traceLines.length, report.stdout.slice(0, 3000)).toBeGreaterThan(0);
    const top = /(py:advance:4:trace_\d+)/.exec(traceLines[0])![1];
    const annotate = spawnSync('perf', ['annotate', '-i', 'perf.jit.data', '--stdio', '-s', top], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(annotate.status, annotate.stderr).toBe(0);
    expect(annotate.stdout).toContain(`<${top}>:`);
    // The Python source next to the disassembly (from the debug records).
    expect(annotate.stdout).toMatch(/total = total \+ x \* x|while i < n/);
    console.log(`perf report (traces): ${traceLines.map((l) => l.trim().replace(/\s+/g, ' ')).join(' | ')}`);
  });

  it('perf --call-graph=fp walks from a trace to its host frames (jit_enter keeps the frame pointer chain)', (ctx) => {
    if (perfReason) ctx.skip();
    if (process.arch !== 'x64') {
      console.log('skipped: frame pointers through traces are x86_64 only');
      ctx.skip();
    }
    const rec = spawnSync('perf', ['record', '-k', '1', '-e', 'cpu-clock', '-F', '4000', '--call-graph=fp', '-o', 'fp.data', '--', CLI, 'run', `--perf=${dir}`, 'prog.py'], { cwd: dir, encoding: 'utf8' });
    expect(rec.status, rec.stderr).toBe(0);
    const inject = spawnSync('perf', ['inject', '--jit', '-i', 'fp.data', '-o', 'fp.jit.data'], { cwd: dir, encoding: 'utf8' });
    expect(inject.status, inject.stderr).toBe(0);
    const script = spawnSync('perf', ['script', '-i', 'fp.jit.data'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(script.status, script.stderr).toBe(0);
    // Samples whose innermost frame is a trace: the frame below it must be the host (koffi's call into jit_enter), not garbage.
    const samples = script.stdout.split(/\n\s*\n/).map((b) => b.split('\n').filter((l) => /^\s+[0-9a-f]+ /.test(l)));
    const inTrace = samples.filter((f) => f.length > 1 && /py:advance:\d+:trace_\d+/.test(f[0]));
    expect(inTrace.length, script.stdout.slice(0, 2000)).toBeGreaterThan(0);
    const walked = inTrace.filter((f) => /koffi/.test(f[1]));
    console.log(`perf --call-graph=fp: ${walked.length} of ${inTrace.length} samples in a trace unwind into koffi; e.g.\n${walked[0]?.slice(0, 3).join('\n')}`);
    expect(walked.length / inTrace.length).toBeGreaterThan(0.9);
  });
});
