// The JIT runtime's fixed costs, asserted as mechanisms rather than timings
// (timings live in `npm run bench`: its churn row, and the first-compile
// numbers in the issue notes): a runtime decodes only the stencils its traces
// use, and checks each one's holes before any of its bytes is copied;
// compiling, linking and freeing a trace cost a fixed, small number of
// mprotect calls and whole pages; the compile budget pays a program back for
// the work its traces do, not for the trips into them.
import { describe, expect, it } from 'vitest';
import { UOP_METADATA, ENTRY_ABI } from '../build/uops.ts';
import { tableContentDigest } from '../format/content-digest.ts';
import type { Stencil, StencilTable } from '../format/stencil-format.ts';
import { HOLE_OFFSET } from '../format/stencil-format.ts';
import { JitRuntime } from '../runtime/jit/jit-runtime.ts';
import { hostTarget } from '../runtime/jit/host.ts';
import { PAGE_SIZE, threadCpuMs } from '../runtime/jit/native.ts';
import { StencilTableError } from '../runtime/jit/table-check.ts';
import { JitBudget } from '../runtime/vm/tracing/jit-budget.ts';
import { createJitRuntime, TABLES, vmHostSymbols } from '../runtime/vm/tracing/vm-jit-runtime.ts';
import { floatLoop, op, sumLoop } from './helpers/trace-programs.ts';

const native = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64');

describe.runIf(native)('JIT runtime costs', () => {
  it('decodes only the stencils of the traces it compiles (issue 14: time to first native code)', () => {
    const rt = createJitRuntime({ codeMemoryBytes: 4 * 1024 * 1024 });
    try {
      const loaded = () => rt.table.stencils.filter(Boolean).length;
      // The exit stub's stencil only (and the loop uop's when it is the same).
      expect(loaded()).toBeLessThanOrEqual(2);
      const trace = sumLoop();
      rt.compile(trace);
      const used = new Set([...trace.map((i) => i.uop), 'EXIT_TRACE']);
      expect(loaded()).toBe(used.size);
      expect(rt.table.stencils.length).toBeLessThan(rt.table.infos.length);
      // A second trace of other uops loads those and no more.
      rt.compile(floatLoop());
      const more = new Set([...used, ...floatLoop().map((i) => i.uop)]);
      expect(loaded()).toBe(more.size);
    } finally {
      rt.dispose();
    }
  });

  it('checks a stencil\'s holes when it is first used, before any code memory is taken for it', () => {
    const table = TABLES[hostTarget()];
    const forged: StencilTable = JSON.parse(JSON.stringify(table));
    const s = forged.uops.ADD_INT as Stencil & { codeHoles: number[] };
    const holes = [...s.codeHoles];
    holes[HOLE_OFFSET] = s.code.length / 2 + 8;
    (forged.uops as Record<string, Stencil>).ADD_INT = { ...s, codeHoles: holes };
    forged.contentDigest = tableContentDigest(forged);
    const rt = new JitRuntime({ table: forged, uops: UOP_METADATA, abi: ENTRY_ABI, codeMemoryBytes: 4 * 1024 * 1024, hostSymbols: vmHostSymbols() });
    try {
      // Traces without ADD_INT compile and the runtime works.
      rt.compile([op('NOP'), op('EXIT_TRACE')]);
      const before = rt.memory.bytesInUse();
      expect(() => rt.compile(sumLoop())).toThrow(StencilTableError);
      expect(() => rt.compile(sumLoop())).toThrow(/stencil ADD_INT: code hole 0 \[.*\] .* lies outside the stencil's \d+-byte code/);
      expect(rt.memory.bytesInUse()).toBe(before);
    } finally {
      rt.dispose();
    }
  });

  it('compiling, linking, unlinking and freeing a trace cost a fixed number of mprotect calls and whole pages', () => {
    const rt = createJitRuntime({ codeMemoryBytes: 4 * 1024 * 1024 });
    try {
      const calls = () => rt.memory.protectCalls;
      let c = calls();
      const a = rt.compile(sumLoop());
      // Writable, then code r-x and the rest r--.
      expect(calls() - c).toBe(3);
      // A small trace: one page of code, one of data, stubs' links and uop program.
      expect(a.block.size % PAGE_SIZE).toBe(0);
      expect(a.block.size).toBeLessThanOrEqual(2 * PAGE_SIZE);
      const b = rt.compile(sumLoop());
      c = calls();
      rt.linkExit(a, 1, b);
      // The stub's page writable and back, the uop interpreter's link writable and back.
      expect(calls() - c).toBe(4);
      c = calls();
      rt.unlinkExit(a, 1);
      expect(calls() - c).toBe(4);
      rt.linkExit(a, 1, b);
      c = calls();
      // Freeing b unlinks a's exit into it (4) and returns b's pages (1).
      rt.free(b);
      expect(calls() - c).toBe(5);
      c = calls();
      rt.free(a);
      expect(calls() - c).toBe(1);
      expect(rt.liveTraces()).toBe(0);
    } finally {
      rt.dispose();
    }
  });
});

describe('compile budget (jit-budget.ts)', () => {
  /** Burns `ms` of this thread's CPU, so the budget's clock moves. */
  const burn = (ms: number) => {
    const end = threadCpuMs() + ms;
    let x = 0;
    while (threadCpuMs() < end) x++;
    return x;
  };

  it('allows the flat allowance, then refuses a program whose traces saved nothing', () => {
    const b = new JitBudget(() => 0);
    expect(b.allowsRecording()).toBe(true);
    b.charge(40);
    expect(b.allowsRecording()).toBe(true);
    b.charge(200);
    expect(b.allowsRecording()).toBe(false);
    expect(b.allowsRecording()).toBe(false);
    expect(b.postponed).toBe(2);
  });

  it('pays back compile time with the work traces did', () => {
    let work = 0;
    const b = new JitBudget(() => work);
    burn(20);
    b.charge(300);
    expect(b.allowsRecording()).toBe(false);
    // Traces worked for far more than was spent compiling them (scaled by this thread's CPU share).
    work = 100_000;
    b.charge(0);
    expect(b.allowsRecording()).toBe(true);
    expect(b.allowanceMs()).toBeGreaterThan(300);
  });

  it('grows the flat part with the run\'s CPU time, not its wall time', () => {
    const b = new JitBudget(() => 0);
    const start = b.allowanceMs();
    // Wall time passes with no CPU spent: the allowance barely moves.
    const until = Date.now() + 60;
    while (Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    expect(b.allowanceMs() - start).toBeLessThan(1);
  });
});
