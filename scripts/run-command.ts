// `stencil-jit run prog.py [--no-jit] [--jit-stats] [--jit-dump[=FUNCTION[:LINE]]] [--uop-interpreter] [--threshold N] [--side-threshold N]`:
// runs a program file on the bundled VM, with the tracing JIT unless --no-jit.
// --jit-dump=advance:57 (or STENCIL_JIT_DUMP=advance:57) dumps only the trace
// tree of the loop at that line of advance() (or every tree of advance()).
// The process behaves as python3 running the file: output buffered and
// flushed as python3 does (vm-stdio.ts), the file read as python3 reads it
// (source-file.ts), exit status 0, 1 (uncaught exception), 2 (syntax error),
// 120 (output lost at exit). Usage errors are one line, exit 2.
import { runProgram } from '../runtime/vm/interpreter/run-program.ts';
import { TracingJit } from '../runtime/vm/tracing/tracing-jit.ts';
import type { DumpFilter } from '../runtime/vm/tracing/jit-report.ts';
import { readSourceFile, SourceFileError, SourceSyntaxError, type SourceFile } from './source-file.ts';
import { whileIdle } from './idle-signals.ts';
import { OutputStream } from './vm-stdio.ts';

const USAGE = 'usage: stencil-jit run <program.py | -> [--no-jit] [--jit-stats] [--jit-dump[=FUNCTION[:LINE]]] [--uop-interpreter] [--threshold N] [--side-threshold N] [-- program arguments...]';

interface RunArgs {
  file: string;
  /** The program's arguments (sys.argv[1:]): everything after `--` (which must follow the program). */
  programArgs: string[];
  jitEnabled: boolean;
  stats: boolean;
  dump: boolean;
  dumpOnly: DumpFilter | null;
  uopInterpreter: boolean;
  threshold: number | undefined;
  /** Exits taken this often grow a side trace (TracingJit's default unless given). */
  sideThreshold: number | undefined;
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
  const reports = args.stats || args.dump ? await whileIdle(import('../runtime/vm/tracing/jit-report.ts'), stdout, stderr) : null;
  const jit = args.jitEnabled
    ? new TracingJit({ mode: args.uopInterpreter ? 'uop-interpreter' : 'native', keepOps: args.dump, sideExitThreshold: args.sideThreshold })
    : null;
  const started = performance.now();
  let report = '';
  let code: number;
  try {
    code = runProgram(source.text, {
      filename: source.displayName,
      argv: args.programArgs,
      write: (t) => stdout.write(t),
      writeErr: (t) => {
        stdout.flushKeepingOnFailure();
        stderr.writeQuietly(t);
      },
      outputBufferBytes: 0,
      threshold: args.threshold,
      jit: jit ?? undefined,
      inspect: () => {
        // Traces are freed when the run ends: report while they exist.
        if (jit && reports && args.stats) report += reports.formatJitStats(jit, performance.now() - started);
      },
    });
  } catch (e) {
    // Not a Python exception: what the program printed still comes out first.
    stdout.flushAtExit(stderr);
    const limit = v8LimitAsPython(e);
    if (limit === null) throw e;
    stderr.writeQuietly(`${limit}\n`);
    return 1;
  }
  if (jit && reports && args.dump) report += await whileIdle(reports.formatJitDump(jit, args.dumpOnly), stdout, stderr);
  if (report) stderr.writeQuietly(report);
  jit?.dispose();
  if (!stdout.flushAtExit(stderr)) code = 120;
  if (stderr.failed) code = 120;
  return code;
}

/**
 * python3's last line for a V8 limit that escaped the VM (a string or array
 * too long, the JavaScript stack exhausted), or null for anything else.
 * The VM raises these as Python exceptions where it can; this is the backstop.
 */
export function v8LimitAsPython(e: unknown): string | null {
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
    dump: envDump !== undefined && envDump !== '' && envDump !== '0',
    dumpOnly: null,
    uopInterpreter: false,
    threshold: undefined,
    sideThreshold: undefined,
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
    else if (a === '--jit-dump') r.dump = true;
    else if (a.startsWith('--jit-dump=')) {
      r.dump = true;
      r.dumpOnly = parseDumpFilter(a.slice('--jit-dump='.length));
      if (!r.dumpOnly) return `--jit-dump= needs FUNCTION or FUNCTION:LINE, not '${a.slice('--jit-dump='.length)}'; ${USAGE}`;
    } else if (a === '--uop-interpreter') r.uopInterpreter = true;
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
