// `stencil-jit run prog.py [--no-jit] [--jit-stats] [--jit-dump[=FUNCTION[:LINE]]] [--uop-interpreter] [--threshold N]`:
// runs a program file on the bundled VM, with the tracing JIT unless --no-jit.
// --jit-dump=advance:57 (or STENCIL_JIT_DUMP=advance:57) dumps only the trace
// tree of the loop at that line of advance() (or every tree of advance()).
// User errors (missing file, bad flags) are one line, exit 2.
import { readFileSync } from 'node:fs';
import { formatJitDump, formatJitStats, type DumpFilter } from '../runtime/vm/tracing/jit-report.ts';
import { runProgram } from '../runtime/vm/interpreter/run-program.ts';
import { TracingJit } from '../runtime/vm/tracing/tracing-jit.ts';

const USAGE = 'usage: stencil-jit run <program.py> [--no-jit] [--jit-stats] [--jit-dump[=FUNCTION[:LINE]]] [--uop-interpreter] [--threshold N]';

export async function runCommand(argv: string[]): Promise<number> {
  const args = argv[0] === 'run' ? argv.slice(1) : argv;
  let file: string | null = null;
  let jitEnabled = true;
  let stats = false;
  const envDump = process.env.STENCIL_JIT_DUMP;
  let dump = envDump !== undefined && envDump !== '' && envDump !== '0';
  let dumpOnly: DumpFilter | null = dump && envDump !== '1' ? parseDumpFilter(envDump!) : null;
  let uopInterpreter = false;
  let threshold: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--no-jit') jitEnabled = false;
    else if (a === '--jit') jitEnabled = true;
    else if (a === '--jit-stats') stats = true;
    else if (a === '--jit-dump') dump = true;
    else if (a.startsWith('--jit-dump=')) {
      dump = true;
      dumpOnly = parseDumpFilter(a.slice('--jit-dump='.length));
      if (!dumpOnly) return fail(`--jit-dump= needs FUNCTION or FUNCTION:LINE, not '${a.slice('--jit-dump='.length)}'; ${USAGE}`);
    }
    else if (a === '--uop-interpreter') uopInterpreter = true;
    else if (a === '--threshold') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < 1) return fail(`--threshold needs a positive integer; ${USAGE}`);
      threshold = v;
    } else if (a.startsWith('-')) return fail(`unknown option '${a}'; ${USAGE}`);
    else if (file === null) file = a;
    else return fail(`unexpected argument '${a}'; ${USAGE}`);
  }
  if (file === null) return fail(`no program given; ${USAGE}`);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(e);
    return fail(`cannot read '${file}': ${why}`);
  }
  const jit = jitEnabled ? new TracingJit({ mode: uopInterpreter ? 'uop-interpreter' : 'native', keepOps: dump }) : null;
  const started = performance.now();
  let report = '';
  const code = runProgram(source, {
    filename: file,
    write: (t) => { process.stdout.write(t); },
    writeErr: (t) => { process.stderr.write(t); },
    threshold,
    jit: jit ?? undefined,
    inspect: () => {
      // Traces are freed when the run ends: report while they exist.
      if (jit && stats) report += formatJitStats(jit, performance.now() - started);
    },
  });
  if (jit && dump) report += await formatJitDump(jit, dumpOnly);
  if (report) process.stderr.write(report);
  jit?.dispose();
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  return code;
}

/** `advance` or `advance:57`; null when malformed. */
function parseDumpFilter(spec: string): DumpFilter | null {
  const m = /^([A-Za-z_]\w*|<module>)(?::(\d+))?$/.exec(spec);
  return m ? { fn: m[1], line: m[2] === undefined ? undefined : Number(m[2]) } : null;
}

function fail(message: string): number {
  process.stderr.write(`stencil-jit: ${message}\n`);
  return 2;
}

// Direct use: `npx tsx scripts/run-command.ts prog.py`.
if (import.meta.url === `file://${process.argv[1]}`) {
  runCommand(process.argv.slice(2)).then((code) => process.exit(code));
}
