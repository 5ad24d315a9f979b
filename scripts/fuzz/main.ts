// `npm run fuzz -- --count N --seed S [--jit|--tier1|--uop-interpreter]`:
// differential fuzzing at scale. Random programs from
// test/helpers/vm-fuzz-generator.ts, in batches, run on python3 and on the VM
// by one worker process per core (scripts/fuzz/worker.ts). Prints progress
// and a one-line summary; every diverging program is minimised (delta
// debugging over its lines) and saved, with python3's and our output and the
// command that reproduces it, in the directory named at the start.
// Options: --batch B (programs per batch, 25), --jobs J (workers, one per
// core), --out DIR, --timeout SECONDS (per run, 120), --max-tests N (runs per
// minimisation, 400), --python EXE (the reference: python3's executable).
// Exit status 1 when anything diverged.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type BatchResult, type Divergence, type FuzzConfig, type FuzzMode, type WorkerRequest, MODE_FLAGS } from './protocol.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const USAGE = 'usage: npm run fuzz -- [--count N] [--seed S] [--jit | --tier1 | --uop-interpreter] [--batch B] [--jobs J] [--out DIR] [--timeout SECONDS] [--max-tests N] [--python EXE]';

interface Options extends FuzzConfig {
  jobs: number;
  out: string;
}

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions(argv: string[]): Options {
  let mode: FuzzMode = 'jit';
  const o: Partial<Options> = {};
  const int = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) fail(`${flag} needs an integer >= ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--jit') mode = 'jit';
    else if (a === '--tier1') mode = 'tier1';
    else if (a === '--uop-interpreter') mode = 'uop-interpreter';
    else if (a === '--count') o.count = int(a, argv[++i], 1);
    else if (a === '--seed') o.seed = int(a, argv[++i], 0);
    else if (a === '--batch') o.batch = int(a, argv[++i], 1);
    else if (a === '--jobs') o.jobs = int(a, argv[++i], 1);
    else if (a === '--timeout') o.timeoutMs = int(a, argv[++i], 1) * 1000;
    else if (a === '--max-tests') o.maxTests = int(a, argv[++i], 1);
    else if (a === '--out') o.out = argv[++i] ?? fail('--out needs a directory');
    else if (a === '--python') o.python = argv[++i] ?? fail('--python needs an executable');
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument '${a}'`);
  }
  const seed = o.seed ?? (Date.now() % 1_000_000_000);
  return {
    count: o.count ?? 1000,
    seed,
    batch: o.batch ?? 25,
    mode,
    python: o.python ?? '',
    timeoutMs: o.timeoutMs ?? 120_000,
    maxTests: o.maxTests ?? 400,
    jobs: o.jobs ?? Math.max(1, os.availableParallelism()),
    out: path.resolve(o.out ?? path.join(ROOT, '.cache', 'fuzz', `${mode}-seed-${seed}`)),
  };
}

/** python3's real executable: pyenv's shim costs ~90 ms per run. */
function findPython(): string {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable); print(sys.version_info[:2] == (3, 11))'], { encoding: 'utf8' });
  if (r.status !== 0) fail('python3 (3.11) is needed as the reference and was not found');
  const [exe, is311] = r.stdout.trim().split('\n');
  if (is311 !== 'True') process.stderr.write('fuzz: warning: python3 is not 3.11: differences may be version differences\n');
  return exe;
}

function save(o: Options, d: Divergence): string {
  fs.mkdirSync(o.out, { recursive: true });
  const base = path.join(o.out, `${d.program.replace(/\W+/g, '_')}-seed-${d.seed}`);
  const program = d.minimised ?? d.original;
  fs.writeFileSync(`${base}.py`, program);
  if (d.minimised) fs.writeFileSync(`${base}.original.py`, d.original);
  const show = (label: string, r: Divergence['expected']) =>
    `--- ${label}: exit ${r.code}${r.note ? ` (${r.note})` : ''}, last stderr line: ${r.stderrLast}\n${r.stdout.length > 4000 ? `${r.stdout.slice(0, 4000)}... (${r.stdout.length} chars)` : r.stdout}`;
  fs.writeFileSync(`${base}.txt`, [
    `${d.program} (batch ${d.batch}, generator seed ${d.seed}, --${o.mode}): ${d.reason}`,
    d.note,
    `reproduce: scripts/stencil-jit run ${MODE_FLAGS[o.mode].join(' ')} ${base}.py   vs   python3 ${base}.py`,
    show('python3', d.expected),
    show('stencil-jit', d.got),
  ].join('\n') + '\n');
  return `${base}.py`;
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  o.python ||= findPython();
  // Workers investigate through `stencil-jit run`: build its bundle once, before they race to.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/launcher/build-run-bundle.cjs'), '--if-stale'], { encoding: 'utf8' });
  if (build.status !== 0) fail(`cannot build the run bundle: ${build.stderr.trim()}`);
  const batches = Math.ceil(o.count / o.batch);
  const jobs = Math.min(o.jobs, batches);
  process.stderr.write(`fuzz: ${o.count} programs in ${batches} batches of ${o.batch} (generator seeds ${o.seed}..${o.seed + batches - 1}), --${o.mode}, ${jobs} workers; diverging programs go to ${o.out}\n`);

  const tsx = createRequire(path.join(ROOT, 'package.json')).resolve('tsx');
  const config: FuzzConfig = { count: o.count, seed: o.seed, batch: o.batch, mode: o.mode, python: o.python, timeoutMs: o.timeoutMs, maxTests: o.maxTests };
  const queue: WorkerRequest[] = Array.from({ length: batches }, (_, b) => ({ kind: 'run', batch: b }));
  const started = performance.now();
  let done = 0;
  let programs = 0;
  const saved: string[] = [];
  const isTty = process.stderr.isTTY;
  let lastProgress = 0;

  const progress = (force = false) => {
    const now = performance.now();
    if (!force && now - lastProgress < (isTty ? 250 : 10_000)) return;
    lastProgress = now;
    const rate = programs / ((now - started) / 1000);
    const eta = rate > 0 ? formatDuration(((o.count - programs) / rate) * 1000) : '?';
    const line = `fuzz: ${programs}/${o.count} programs, ${saved.length} diverging, ${rate.toFixed(1)} programs/s, ${formatDuration(now - started)} elapsed, eta ${eta}`;
    process.stderr.write(isTty ? `\r${line}\x1b[K` : `${line}\n`);
  };

  const record = (r: BatchResult, count: number) => {
    programs += count;
    for (const d of r.divergences) {
      const file = save(o, d);
      saved.push(file);
      if (isTty) process.stderr.write('\r\x1b[K');
      process.stderr.write(`fuzz: ${d.program} (seed ${d.seed}) diverges: ${d.reason}; ${d.note}; saved ${file}\n`);
    }
  };

  const countOf = (b: number) => Math.min(o.batch, o.count - b * o.batch);

  await new Promise<void>((resolve) => {
    let active = 0;
    const startWorker = () => {
      const request = queue.shift();
      if (!request) {
        if (active === 0) resolve();
        return;
      }
      active++;
      const child: ChildProcess = fork(path.join(import.meta.dirname, 'worker.ts'), [], {
        execArgv: ['--import', tsx],
        env: { ...process.env, STENCIL_JIT_FUZZ_CONFIG: JSON.stringify(config) },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      let current: WorkerRequest | null = null;
      let timer: NodeJS.Timeout | null = null;
      let pending: WorkerRequest | null = request;
      const send = (req: WorkerRequest) => {
        current = req;
        // A batch runs at most B programs on python3 and on the VM; investigating adds minimisation runs.
        const limit = req.kind === 'run' ? o.timeoutMs * 3 : o.timeoutMs * (o.maxTests + 4) * 2;
        timer = setTimeout(() => child.kill('SIGKILL'), limit);
        child.send(req);
      };
      child.on('message', (msg: BatchResult | { ready: true }) => {
        if ('ready' in msg) {
          send(pending!);
          pending = null;
          return;
        }
        if (timer) clearTimeout(timer);
        const req = current!;
        current = null;
        record(msg, req.kind === 'run' ? msg.programs : countOf(req.batch));
        done++;
        progress();
        const next = queue.shift();
        if (next) send(next);
        else child.disconnect();
      });
      child.on('exit', (code, signal) => {
        if (timer) clearTimeout(timer);
        active--;
        if (current) {
          // The worker died or hung on this batch: a fresh worker investigates it with subprocess runs.
          const why = signal === 'SIGKILL' ? 'the VM hung (the worker was stopped)' : `the worker died (${signal ?? `exit ${code}`})`;
          if (current.kind === 'run') queue.unshift({ kind: 'investigate', batch: current.batch, reason: why });
          else {
            record({ batch: current.batch, programs: 0, divergences: [], ms: 0 }, countOf(current.batch));
            process.stderr.write(`fuzz: batch ${current.batch} could not be investigated: ${why}\n`);
          }
        }
        startWorker();
      });
    };
    for (let i = 0; i < jobs; i++) startWorker();
  });

  if (isTty) {
    progress(true);
    process.stderr.write('\n');
  }
  const elapsed = formatDuration(performance.now() - started);
  const where = saved.length > 0 ? `; saved in ${o.out}` : '';
  process.stdout.write(`fuzz: ${programs} programs, ${saved.length} diverging (--${o.mode}, seeds ${o.seed}..${o.seed + batches - 1}, ${elapsed})${where}\n`);
  return saved.length > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
