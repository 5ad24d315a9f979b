// The compile benchmark (scripts/bench-compile.ts) times clang-19 on a trace
// written out as straight-line C over the uop cases; the C must compile, or
// the clang column would time an error. (No timing is asserted here.)
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUops } from '../generator/generate.ts';
import { DEFAULT_CONFIG, loadConfig } from '../generator/project-config.ts';
import { TARGETS } from '../generator/targets.ts';
import { createJitRuntime } from '../runtime/vm/tracing/vm-jit-runtime.ts';
import { layoutTrace } from '../runtime/jit/trace-compiler.ts';
import { traceAsC } from '../scripts/bench-compile.ts';
import { longTrace } from './helpers/trace-programs.ts';

const ROOT = path.join(import.meta.dirname, '..');
const isX86 = process.platform === 'linux' && process.arch === 'x64';

describe.skipIf(!isX86)('the compile benchmark\'s straight-line C', () => {
  it('compiles with clang-19 for a 100-uop trace', () => {
    const rt = createJitRuntime();
    try {
      const uops = new Map(readUops(loadConfig(path.join(ROOT, DEFAULT_CONFIG))).map((u) => [u.name, u]));
      const trace = longTrace(100);
      const source = traceAsC(trace, uops, layoutTrace(rt.table, trace).exitOf);
      const target = TARGETS.find((t) => t.triple.startsWith('x86_64'))!;
      const flags = target.supportFlags.filter((f) => !/^-O/.test(f) && f !== '-Wall');
      const run = () => execFileSync('clang-19', [...flags, '-O0', '-w', '-I', path.join(ROOT, 'build'), '-I', path.join(ROOT, 'cases'), '-x', 'c', '-fsyntax-only', '-'], { input: source, stdio: ['pipe', 'pipe', 'pipe'] });
      expect(run).not.toThrow();
    } finally {
      rt.dispose();
    }
  });
});
