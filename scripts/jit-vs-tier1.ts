// Times every corpus and benchmark program with the JIT and with --no-jit and
// lists the programs the JIT makes slower ("never slower than tier-1").
// CPU time (user + sys of the whole process, /usr/bin/time) rather than wall
// time: the machine is shared, and CPU time is what the JIT's work changes.
// Each program runs `--runs` times each way, interleaved; the minimum counts.
//
//   node --import tsx scripts/jit-vs-tier1.ts [--runs N] [--min-ms M] [DIR_OR_FILE...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
let runs = 1;
let minMs = 0;
const inputs: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--min-ms') minMs = Number(args[++i]);
  else inputs.push(args[i]);
}
if (inputs.length === 0) inputs.push(join(root, 'test/corpus'), join(root, 'scripts/bench-programs'));
const programs = inputs.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.py')).sort().map((f) => join(p, f)) : [p]));

function cpuMs(program: string, flags: string[]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', join(root, 'scripts/stencil-jit'), 'run', program, ...flags], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [u, s] = last.split(' ').map(Number);
  return (u + s) * 1000;
}

const rows: { name: string; jit: number; tier1: number }[] = [];
for (const p of programs) {
  let jit = Infinity;
  let tier1 = Infinity;
  for (let k = 0; k < runs; k++) {
    tier1 = Math.min(tier1, cpuMs(p, ['--no-jit']));
    jit = Math.min(jit, cpuMs(p, []));
  }
  const name = p.slice(p.lastIndexOf('/') + 1);
  rows.push({ name, jit, tier1 });
  process.stdout.write(`${name.padEnd(40)} tier-1 ${tier1.toFixed(0).padStart(7)} ms  JIT ${jit.toFixed(0).padStart(7)} ms  ${(tier1 / jit).toFixed(2)}x\n`);
}
// Start-up (~200 ms of CPU) dominates short programs: only differences beyond noise count.
const losers = rows.filter((r) => r.tier1 >= minMs && r.jit > r.tier1 * 1.1 + 30);
process.stdout.write(`\nJIT slower than tier-1 (by >10% + 30 ms CPU): ${losers.length} of ${rows.length}\n`);
for (const r of losers) process.stdout.write(`  ${r.name}: tier-1 ${r.tier1.toFixed(0)} ms, JIT ${r.jit.toFixed(0)} ms (${(r.jit / r.tier1).toFixed(2)}x slower)\n`);
