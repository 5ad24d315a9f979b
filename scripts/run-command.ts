// `stencil-jit run prog.py [--no-jit] [--jit-stats[=json[:FILE]]] [--jit-dump[=FUNCTION[:LINE]]] [--uop-interpreter] [--threshold N] [--side-threshold N] [--perf[=DIR]] [--gdb] [--jit-report=FILE.html] [--max-heap=SIZE]`:
// runs a program file on the bundled VM, with the tracing JIT unless --no-jit.
// --jit-stats=json writes the same counters as one JSON document on stderr
// (--jit-stats=json:FILE into FILE) for machines.
// --perf writes /tmp/perf-<pid>.map and a jitdump (DIR/jit-<pid>.dump, DIR
// /tmp by default) naming every trace for `perf record -k 1` + `perf inject --jit`.
// --gdb registers every trace and support function with gdb's JIT interface
// (symbols and CFI), so `bt` in gdb walks through JIT code.
// --jit-report=out.html writes one self-contained page: the trace trees, each
// trace's lines, uops before and after optimization, and its patched code.
// --jit-dump=advance:57 (or STENCIL_JIT_DUMP=advance:57) dumps only the trace
// tree of the loop at that line of advance() (or every tree of advance()).
// The process behaves as python3 running the file: output buffered and
// flushed as python3 does (vm-stdio.ts), the file read as python3 reads it
// (source-file.ts), exit status 0, 1 (uncaught exception or syntax error, as
// python3), 2 (a file that cannot be opened), 120 (output lost at exit), and
// death by SIGINT after an uncaught KeyboardInterrupt. Usage errors are one line, exit 2.
import { writeFileSync } from 'node:fs';
import { runProgram } from '../runtime/vm/interpreter/run-program.ts';
import { TracingJit } from '../runtime/vm/tracing/tracing-jit.ts';
import type { DumpFilter } from '../runtime/vm/tracing/jit-report.ts';
import type { JitStats } from '../runtime/vm/tracing/jit-stats.ts';
import type { JitCodeObserver } from '../runtime/jit/observe/code-observer.ts';
import { readSourceFile, SourceFileError, SourceSyntaxError, type SourceFile } from './source-file.ts';
import { checkMetadata, StencilTableError } from '../runtime/jit/table-check.ts';
import { UOP_METADATA } from '../build/uops.ts';
import { compileProgram, precompileSourceModules } from '../runtime/vm/frontend/compiler.ts';
import { Runtime } from '../runtime/vm/interpreter/runtime.ts';
import { whileIdle } from './idle-signals.ts';
import { dieBySigint, installSigintHandler, prepareSigintHandler, uninstallSigintHandler } from '../runtime/vm/signals/sigint-handler.ts';
import { OutputStream } from './vm-stdio.ts';
import { isStackOverflow } from '../runtime/vm/limits/stack-overflow.ts';
import { parseHeapSize } from '../runtime/vm/limits/max-heap.ts';

const USAGE = 'usage: stencil-jit run <program.py | -> [--no-jit] [--jit-stats[=json[:FILE]]] [--jit-dump[=FUNCTION[:LINE]]] [--uop-interpreter] [--threshold N] [--side-threshold N] [--perf[=DIR]] [--gdb] [--jit-report=FILE.html] [--max-heap=SIZE] [-- program arguments...]';

interface RunArgs {
  file: string;
  /** The program's arguments (sys.argv[1:]): everything after `--` (which must follow the program). */
  programArgs: string[];
  jitEnabled: boolean;
  stats: boolean;
  /** --jit-stats=json: '' for stderr, else the file to write. */
  statsJson: string | null;
  dump: boolean;
  dumpOnly: DumpFilter | null;
  uopInterpreter: boolean;
  threshold: number | undefined;
  /** Exits taken this often grow a side trace (TracingJit's default unless given). */
  sideThreshold: number | undefined;
  /** --perf: the jitdump's directory (the perf map always goes to /tmp). */
  perfDir: string | null;
  gdb: boolean;
  /** --jit-report: the HTML file to write. */
  reportFile: string | null;
  /** --max-heap: the arena's size in bytes (default: limits/max-heap.ts). */
  maxHeap: number | undefined;
}

/** Runs `stencil-jit run ARGS` and returns the exit status; stdout and stderr are flushed. */
export async function runCommand(argv: string[], streams = { stdout: OutputStream.forStdout(), stderr: OutputStream.forStderr() }): Promise<number> {
  const { stdout, stderr } = streams;
  const parsed = parseArgs(argv[0] === 'run' ? argv.slice(1) : argv);
  if (typeof parsed === 'string') {
    stderr.writeQuietly(`stencil-jit: ${parsed}\n`);
    return 2;
  }
  const args = parsed;
  let source: SourceFile;
  try {
    source = readSourceFile(args.file);
  } catch (e) {
    if (!(e instanceof SourceFileError)) throw e;
    stderr.writeQuietly(e instanceof SourceSyntaxError ? `${e.message}\n` : `stencil-jit: ${e.message}\n`);
    return e.exitCode;
  }
  // Only --jit-stats and --jit-dump need the report module (and capstone behind it).
  const reports = args.stats || args.dump || args.reportFile !== null ? await whileIdle(import('../runtime/vm/tracing/jit-report.ts'), stdout, stderr) : null;
  // Profiler and debugger support is loaded only when asked for.
  let observers: JitCodeObserver[] = [];
  if (args.jitEnabled && (args.perfDir !== null || args.gdb)) {
    try {
      observers = await (await import('../runtime/jit/observe/open-observers.ts')).openObservers({ perfDir: args.perfDir, gdb: args.gdb });
    } catch (e) {
      stderr.writeQuietly(`stencil-jit: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const jit = args.jitEnabled
    ? new TracingJit({ mode: args.uopInterpreter ? 'uop-interpreter' : 'native', keepOps: args.dump || args.reportFile !== null, sideExitThreshold: args.sideThreshold, observers, sourceFile: source.displayName })
    : null;
  const started = performance.now();
  let report = '';
  let statsFile = null as { path: string; text: string } | null;
  let reportStats = null as JitStats | null;
  let code: number;
  let keyboardInterrupt = false;
  // SIGINT becomes KeyboardInterrupt while the program runs (a native flag the
  // VM polls); outside, the waits of whileIdle handle it.
  installSigintHandler();
  try {
    code = runProgram(source.text, {
      onKeyboardInterrupt: () => { keyboardInterrupt = true; },
      filename: source.displayName,
      argv: args.programArgs,
      write: (t) => stdout.write(t),
      flushOutput: () => stdout.flush(),
      writeErr: (t) => {
        stdout.flushKeepingOnFailure();
        stderr.writeQuietly(t);
      },
      outputBufferBytes: 0,
      arenaBytes: args.maxHeap,
      threshold: args.threshold,
      jit: jit ?? undefined,
      inspect: () => {
        // Traces are freed when the run ends: report while they exist.
        if (!jit || !reports) return;
        const wallMs = performance.now() - started;
        if (args.reportFile !== null) reportStats = reports.collectJitStats(jit, wallMs);
        if (!args.stats) return;
        if (args.statsJson === null) report += reports.formatJitStats(jit, wallMs);
        else {
          const json = JSON.stringify(reports.collectJitStats(jit, wallMs));
          if (args.statsJson === '') report += `${json}\n`;
          else statsFile = { path: args.statsJson, text: `${json}\n` };
        }
      },
    });
  } catch (e) {
    uninstallSigintHandler();
    // Not a Python exception: what the program printed still comes out first.
    stdout.flushAtExit(stderr);
    // A stencil whose holes fail their check when the JIT first uses it (tables load lazily): one line.
    if (e instanceof StencilTableError) {
      stderr.writeQuietly(`stencil-jit: ${e.message}\n`);
      return 1;
    }
    const limit = v8LimitAsPython(e);
    if (limit === null) throw e;
    stderr.writeQuietly(`${limit}\n`);
    return 1;
  }
  uninstallSigintHandler();
  if (jit && reports && args.dump) report += await whileIdle(reports.formatJitDump(jit, args.dumpOnly), stdout, stderr);
  if (jit && args.reportFile !== null && reportStats) {
    const { renderJitReport } = await import('../runtime/vm/tracing/jit-html-report.ts');
    const html = await whileIdle(renderJitReport({ jit, program: jit.runningProgram, table: jit.rt.table, source: source.text, file: source.displayName, stats: reportStats }), stdout, stderr);
    try {
      writeFileSync(args.reportFile, html);
    } catch (e) {
      report += `stencil-jit: --jit-report=${args.reportFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`;
      code = code || 1;
    }
  }
  if (report) stderr.writeQuietly(report);
  if (statsFile) {
    try {
      writeFileSync(statsFile.path, statsFile.text);
    } catch (e) {
      stderr.writeQuietly(`stencil-jit: --jit-stats=json:${statsFile.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      code = code || 1;
    }
  }
  for (const o of observers) o.close();
  jit?.dispose();
  if (!stdout.flushAtExit(stderr)) code = 120;
  if (stderr.failed) code = 120;
  // python3 ends an uncaught KeyboardInterrupt by SIGINT itself, output flushed (status 130 if that fails).
  if (keyboardInterrupt && code === 130) dieBySigint();
  return code;
}

/**
 * What the run's start-up snapshot (scripts/launcher/snapshot-main.cjs) does
 * once when it is built, so that every run from it starts with it done:
 * JavaScript only, no native state. The digest checks of the host stencil
 * table and the uop metadata (remembered per object; one that fails is
 * checked, and reported, again by the run), decoding and prelinking the
 * SIGINT handler's support code, loading node's perf_hooks, the front end
 * compiling sample programs and every standard module written in Python (kept
 * compiled: frontend/source-module-cache.ts), and the VM running the last
 * sample, JavaScript only (V8 keeps the bytecode of functions that ran in the
 * snapshot: a hello world's runtime construction and run cost ~30% less; a
 * Runtime keeps no state between programs).
 */
export function warmStartupSnapshot(samples: string[]): void {
  // Checks the host table's digest first.
  try {
    prepareSigintHandler();
  } catch {}
  // A JIT runtime checks the uop metadata's digest too.
  try {
    checkMetadata(UOP_METADATA);
  } catch {}
  // Node loads its perf_hooks module on the first use of `performance` (~2 ms); a snapshot holds it loaded (node resets timeOrigin when a run starts).
  performance.now();
  for (const source of samples) {
    try {
      compileProgram(source);
    } catch {}
  }
  // The standard modules written in Python, compiled for good (an import of collections costs ~100 ms in a cold V8).
  try {
    precompileSourceModules();
  } catch {}
  // The last sample (a hello world) run too, in a 4 MiB JavaScript arena (garbage before the
  // snapshot is written): runtime construction and tier-1's print come with their bytecode.
  try {
    const runtime = new Runtime(compileProgram(samples[samples.length - 1]), { write: () => {}, frameStackBytes: 1 << 20, minGcBytes: 1 << 20, warmUpArena: new ArrayBuffer(4 << 20) });
    runtime.interp.run();
    runtime.flush();
  } catch {}
}

/**
 * python3's last line for a V8 limit that escaped the VM (a string or array
 * too long, the JavaScript stack exhausted), or null for anything else.
 * The VM raises these as Python exceptions where it can; this is the backstop.
 */
export function v8LimitAsPython(e: unknown): string | null {
  if (isStackOverflow(e)) return 'RecursionError: maximum recursion depth exceeded';
  if (!(e instanceof RangeError)) return null;
  if (/Invalid (string|array|typed array) length|Array buffer allocation failed|allocation failed/i.test(e.message)) return 'MemoryError';
  if (/Maximum call stack size exceeded/.test(e.message)) return 'RecursionError: maximum recursion depth exceeded';
  return null;
}

function parseArgs(args: string[]): RunArgs | string {
  let file: string | null = null;
  const programArgs: string[] = [];
  const envDump = process.env.STENCIL_JIT_DUMP;
  const r: Omit<RunArgs, 'file' | 'programArgs'> = {
    jitEnabled: true,
    stats: false,
    statsJson: null,
    dump: envDump !== undefined && envDump !== '' && envDump !== '0',
    dumpOnly: null,
    uopInterpreter: false,
    threshold: undefined,
    sideThreshold: undefined,
    perfDir: null,
    gdb: false,
    reportFile: null,
    maxHeap: undefined,
  };
  if (r.dump && envDump !== '1') {
    r.dumpOnly = parseDumpFilter(envDump!);
    if (!r.dumpOnly) return `STENCIL_JIT_DUMP needs 1, FUNCTION or FUNCTION:LINE, not '${envDump}'`;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--' && file !== null) { programArgs.push(...args.slice(i + 1)); break; }
    if (a === '--no-jit') r.jitEnabled = false;
    else if (a === '--jit') r.jitEnabled = true;
    else if (a === '--jit-stats') r.stats = true;
    else if (a === '--jit-stats=json' || a.startsWith('--jit-stats=json:')) {
      r.stats = true;
      r.statsJson = a.slice('--jit-stats=json:'.length);
      if (a.startsWith('--jit-stats=json:') && !r.statsJson) return `--jit-stats=json: needs a file name after the colon; ${USAGE}`;
    } else if (a.startsWith('--jit-stats=')) return `--jit-stats= takes json or json:FILE, not '${a.slice('--jit-stats='.length)}'; ${USAGE}`;
    else if (a === '--jit-dump') r.dump = true;
    else if (a.startsWith('--jit-dump=')) {
      r.dump = true;
      r.dumpOnly = parseDumpFilter(a.slice('--jit-dump='.length));
      if (!r.dumpOnly) return `--jit-dump= needs FUNCTION or FUNCTION:LINE, not '${a.slice('--jit-dump='.length)}'; ${USAGE}`;
    } else if (a === '--gdb') r.gdb = true;
    else if (a.startsWith('--jit-report=')) {
      r.reportFile = a.slice('--jit-report='.length);
      if (!r.reportFile) return `--jit-report= needs a file name; ${USAGE}`;
    } else if (a === '--jit-report') return `--jit-report needs =FILE.html; ${USAGE}`;
    else if (a === '--perf') r.perfDir = '/tmp';
    else if (a.startsWith('--perf=')) {
      r.perfDir = a.slice('--perf='.length);
      if (!r.perfDir) return `--perf= needs a directory; ${USAGE}`;
    } else if (a === '--uop-interpreter') r.uopInterpreter = true;
    else if (a === '--max-heap' || a.startsWith('--max-heap=')) {
      const v = parseHeapSize(a === '--max-heap' ? args[++i] ?? '' : a.slice('--max-heap='.length));
      if (typeof v === 'string') return `${v}; ${USAGE}`;
      r.maxHeap = v;
    }
    else if (a === '--threshold' || a === '--side-threshold') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < 1) return `${a} needs a positive integer; ${USAGE}`;
      if (a === '--threshold') r.threshold = v;
      else r.sideThreshold = v;
    } else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'; ${USAGE}`;
    else if (file === null) file = a;
    else return `unexpected argument '${a}'; ${USAGE}`;
  }
  if (file === null) return `no program given; ${USAGE}`;
  return { file, programArgs, ...r };
}

/** `advance` or `advance:57`; null when malformed. */
function parseDumpFilter(spec: string): DumpFilter | null {
  const m = /^([A-Za-z_]\w*|<module>)(?::(\d+))?$/.exec(spec);
  return m ? { fn: m[1], line: m[2] === undefined ? undefined : Number(m[2]) } : null;
}
