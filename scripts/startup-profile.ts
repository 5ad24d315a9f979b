// Where `stencil-jit run PROGRAM` spends its start-up: runs the launcher
// under V8's sampling profiler (100 µs) several times and prints, as medians,
// (1) the wall time of the whole process beside node's own start,
// (2) the time inside named phases (inclusive: the launcher's checks, compiling
//     the bundle, evaluating its modules, JIT runtime construction, the front
//     end, the run, the exit), and
// (3) self time per source file, mapped back through the bundle's source map.
// Profiles the path scripts/stencil-jit takes: the start-up snapshot (with the
// node flags its .key file is named by) when there is one, else launch.cjs
// (--launcher: launch.cjs and the code cache even when there is a snapshot).
//   node --import tsx scripts/startup-profile.ts [--runs N] [--launcher] [PROGRAM.py] [-- run flags]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');
const mapStackModule = createRequire(import.meta.url)('./launcher/map-stack.cjs');
const LAUNCH = path.join(ROOT, 'scripts/launcher/launch.cjs');
/** launch.cjs wraps the bundle in a function on the bundle's first line. */
const WRAPPER_LENGTH = mapStackModule.WRAPPER.length;
/** Source-map segments per bundle line: [column, source index, ...]. */
const decodeMappings: (mappings: string) => [number, number][][] = mapStackModule.decodeMappings;

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

/** Phases: a name and a test on a stack frame (function name, source file). */
const PHASES: [string, (fn: string, file: string) => boolean][] = [
  ['snapshot: is it current (stat of every input)', (fn, file) => fn === 'current' && file.endsWith('snapshot-main.cjs')],
  ['launcher: bundle freshness (stat of every input)', (fn) => fn === 'freshStamp'],
  ['launcher: read bundle and code cache', (fn) => fn === 'currentBundle'],
  ['compile the bundle (vm.Script, code cache)', (fn, file) => fn === 'Script' && file.startsWith('node:vm')],
  ['evaluate the bundle (module bodies)', (fn) => fn === 'evaluateBundle'],
  ['  koffi native module', (_, file) => file.includes('shim:koffi') || file.includes('koffi')],
  ['  stencil table and uop list (build/)', (_, file) => file.startsWith('build/')],
  ['runCommand (everything after loading)', (fn) => fn === 'runCommand'],
  ['  read the program file', (fn) => fn === 'readSourceFile'],
  ['  TracingJit construction', (fn) => fn === 'TracingJit'],
  ['  JIT: JitRuntime construction (on the first trace)', (fn) => fn === 'JitRuntime'],
  ['    load the stencil table', (fn) => fn === 'loadTable'],
  ['    link the support code', (fn) => fn === 'linkSupport'],
  ['  JIT: recorder (and what finishing a recording calls: optimize, JitRuntime construction, compile)', (_, file) => file.endsWith('trace-recorder.ts')],
  ['  JIT: optimizeTrace', (fn) => fn === 'optimizeTrace'],
  ['  JIT: JitRuntime.compile (copy and patch)', (fn, file) => fn === 'compile' && file.endsWith('jit-runtime.ts')],
  ['    layoutTrace', (fn) => fn === 'layoutTrace'],
  ['    TraceEmitter.emit', (fn, file) => fn === 'emit' && file.endsWith('trace-compiler.ts')],
  ['  runProgram', (fn) => fn === 'runProgram'],
  ['    front end (compileProgram)', (fn) => fn === 'compileProgram'],
  ['    Runtime (heap arena, constants)', (fn) => fn === 'Runtime'],
  ['    interpreter run', (fn, file) => fn === 'run' && file.endsWith('interpreter.ts')],
  ['  flush at exit', (fn) => fn === 'flushAtExit'],
  ['  dispose (JIT and arena)', (fn) => fn === 'dispose'],
  ['write the code cache (first run only)', (fn) => fn === 'saveCodeCache'],
  ['garbage collector', (fn) => fn === '(garbage collector)'],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function main(): void {
  const argv = process.argv.slice(2);
  let runs = 10;
  const ri = argv.indexOf('--runs');
  if (ri >= 0) {
    runs = Number(argv[ri + 1]);
    argv.splice(ri, 2);
  }
  const li = argv.indexOf('--launcher');
  if (li >= 0) argv.splice(li, 1);
  const dd = argv.indexOf('--');
  const runFlags = dd >= 0 ? argv.splice(dd).slice(1) : [];
  let program = argv[0];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-jit-profile-'));
  if (!program) {
    program = path.join(tmp, 'hello.py');
    fs.writeFileSync(program, 'print("hello, world")\n');
  }
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const empty = path.join(tmp, 'empty.cjs');
  fs.writeFileSync(empty, '');
  // Warm up (builds the bundle and its code cache if needed).
  spawnSync(path.join(ROOT, 'scripts/stencil-jit'), ['run', ...runFlags, program], { env, stdio: 'ignore' });
  const stamp = JSON.parse(fs.readFileSync(path.join(ROOT, '.cache/run/stamp.json'), 'utf8')) as { bundle: string };
  // The snapshot scripts/stencil-jit runs (one .key: snapshot<FLAGS>.key names the blob), and its node flags.
  const keys = li >= 0 ? [] : fs.readdirSync(path.join(ROOT, '.cache/run')).filter((f) => /^snapshot.*\.key$/.test(f));
  const start = keys.length === 1
    ? [...(keys[0].slice('snapshot'.length, -'.key'.length).match(/--[^-][^ ]*?(?=--|$)/g) ?? []), '--snapshot-blob', path.join(ROOT, '.cache/run', fs.readFileSync(path.join(ROOT, '.cache/run', keys[0]), 'utf8').split(' ')[0])]
    : [LAUNCH];
  const bundle = path.join(ROOT, '.cache/run', stamp.bundle);
  const map = JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const lines = decodeMappings(map.mappings);
  const sourceOf = (frame: CallFrame): string => {
    if (!frame.url) return frame.functionName;
    if (!frame.url.includes(stamp.bundle)) {
      if (frame.url.startsWith('node:')) return frame.url.replace(/^node:internal\/(\w+).*/, 'node:$1');
      return path.relative(ROOT, frame.url.replace(/^file:\/\//, ''));
    }
    let best = -1;
    for (const [col, src] of lines[frame.lineNumber] ?? []) {
      if (col <= frame.columnNumber - (frame.lineNumber === 0 ? WRAPPER_LENGTH : 0)) best = src;
      else break;
    }
    return best < 0 ? 'bundle' : path.relative(ROOT, path.resolve(path.dirname(bundle), map.sources[best]));
  };

  const wall: number[] = [];
  const nodeWall: number[] = [];
  const phaseMs = new Map<string, number[]>();
  const selfMs = new Map<string, number[]>();
  /** Self time of the samples inside evaluateBundle (the module bodies), by source. */
  const evalSelfMs = new Map<string, number[]>();
  const profiled: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    spawnSync(path.join(ROOT, 'scripts/stencil-jit'), ['run', ...runFlags, program], { env, stdio: 'ignore' });
    wall.push(performance.now() - t0);
    t0 = performance.now();
    spawnSync(process.execPath, [empty], { env, stdio: 'ignore' });
    nodeWall.push(performance.now() - t0);
    const dir = path.join(tmp, `prof-${r}`);
    spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, ...start, 'run', ...runFlags, program], { env, stdio: 'ignore' });
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) continue;
    const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Profile;
    profiled.push((prof.endTime - prof.startTime) / 1000);
    const parent = new Map<number, number>();
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const phase = new Map<string, number>();
    const self = new Map<string, number>();
    const evalSelf = new Map<string, number>();
    for (let i = 0; i < prof.samples.length; i++) {
      const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
      const leaf = byId.get(prof.samples[i])!;
      const leafSource = sourceOf(leaf.callFrame);
      self.set(leafSource, (self.get(leafSource) ?? 0) + dt);
      const hit = new Set<string>();
      for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
        const f = byId.get(id)!.callFrame;
        const src = sourceOf(f);
        for (const [name, test] of PHASES) if (!hit.has(name) && test(f.functionName, src)) hit.add(name);
      }
      for (const name of hit) phase.set(name, (phase.get(name) ?? 0) + dt);
      if (hit.has('evaluate the bundle (module bodies)')) evalSelf.set(leafSource, (evalSelf.get(leafSource) ?? 0) + dt);
    }
    for (const [name] of PHASES) phaseMs.set(name, [...(phaseMs.get(name) ?? []), phase.get(name) ?? 0]);
    for (const [k, v] of self) selfMs.set(k, [...(selfMs.get(k) ?? []), v]);
    for (const [k, v] of evalSelf) evalSelfMs.set(k, [...(evalSelfMs.get(k) ?? []), v]);
  }
  fs.rmSync(tmp, { recursive: true, force: true });

  const f = (x: number) => x.toFixed(1).padStart(7);
  const out: string[] = [];
  out.push(`stencil-jit run ${runFlags.join(' ')} ${path.basename(program)}: medians of ${runs} runs (NODE_EXTRA_CA_CERTS unset, as the launcher does)`);
  out.push(`${f(median(wall))} ms  whole process (scripts/stencil-jit: sh, then node)`);
  out.push(`${f(median(nodeWall))} ms  node running an empty CommonJS file (the floor)`);
  out.push(`${f(median(profiled))} ms  profiled span (from V8's profiler start to exit)`);
  out.push(`profiled: node ${start.length === 1 ? path.relative(ROOT, LAUNCH) : start.map((a) => (a.startsWith('/') ? path.relative(ROOT, a) : a)).join(' ')} run ...`);
  out.push('', 'phases (inclusive, ms):');
  for (const [name] of PHASES) out.push(`${f(median(phaseMs.get(name) ?? []))}  ${name}`);
  out.push('', 'evaluating the bundle: self time by source (ms, median; top 12):');
  const evalRows = [...evalSelfMs].map(([k, v]) => [k, median(v.concat(Array(runs - v.length).fill(0)))] as const).sort((a, b) => b[1] - a[1]).slice(0, 12);
  for (const [k, v] of evalRows) out.push(`${f(v)}  ${k}`);
  out.push('', 'self time by source (ms, median; top 25):');
  const rows = [...selfMs].map(([k, v]) => [k, median(v.concat(Array(runs - v.length).fill(0)))] as const).sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [k, v] of rows) out.push(`${f(v)}  ${k}`);
  process.stdout.write(out.join('\n') + '\n');
}

main();
