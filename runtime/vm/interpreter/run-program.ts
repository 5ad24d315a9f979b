// Runs a program's source in-process: compile, build the native world,
// interpret, and report Python-style. Exit codes: 0 ok, 1 uncaught Python
// exception (traceback on stderr) or syntax error, 130 KeyboardInterrupt.
import { compileProgram } from '../frontend/compiler.ts';
import { Interpreter } from './interpreter.ts';
import type { Program } from '../frontend/program.ts';
import { PyError } from '../heap/py-error.ts';
import { Runtime } from './runtime.ts';
import { SyntaxErrorAt } from '../frontend/syntax-error.ts';
import { FrontEndResourceError } from '../frontend/resource-error.ts';
import { isStackOverflow } from '../limits/stack-overflow.ts';
import { Kind } from '../heap/objects.ts';
import { closeFiles } from './file-io.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import { bindInterruptWord, unbindInterruptWord } from '../signals/interrupt-cell.ts';

/** What a JIT passes as `options.jit`: it gets the interpreter before the program starts. */
export interface JitAttachment {
  attach(interpreter: Interpreter, runtime: Runtime): void;
  /** Called after the run (success or failure) to release resources. */
  detach?(): void;
}

export interface RunOptions {
  filename: string;
  write: (text: string) => void;
  writeErr: (text: string) => void;
  /** sys.argv[1:] (sys.argv[0] is the filename). */
  argv?: string[];
  jit?: unknown;
  threshold?: number;
  /** Arena size override (bytes), e.g. for GC tests. */
  arenaBytes?: number;
  frameStackBytes?: number;
  /** Allocation volume between collections, at least (bytes). */
  minGcBytes?: number;
  /** Pushes buffered output to the file (Runtime's option: print(flush=True), sys.stdout.flush()). */
  flushOutput?: () => void;
  /** Output held before `write` is called (Runtime's option; default 64 KiB). */
  outputBufferBytes?: number;
  /**
   * Called when the program ended with an uncaught KeyboardInterrupt (status
   * 130): python3 then ends by SIGINT itself, once its output is flushed.
   */
  onKeyboardInterrupt?: () => void;
  /** Receives the runtime and interpreter after the run, before the arena is released (for tests and stats). */
  inspect?: (runtime: Runtime, interpreter: Interpreter) => void;
}

export function runProgram(source: string, options: RunOptions): number {
  let program: Program;
  try {
    program = compileProgram(source);
  } catch (e) {
    if (e instanceof SyntaxErrorAt) {
      // python3's status for SyntaxError and its subclasses (IndentationError, TabError) is 1.
      options.writeErr(e.format(options.filename) + '\n');
      return 1;
    }
    // Too deeply nested for the front end: python3's MemoryError or RecursionError, status 1.
    const limit = e instanceof FrontEndResourceError ? e
      : isStackOverflow(e) ? new FrontEndResourceError('RecursionError', 'maximum recursion depth exceeded during compilation') : null;
    if (limit === null) throw e;
    options.writeErr(limit.format() + '\n');
    return 1;
  }
  const runtime = new Runtime(program, {
    write: options.write, writeErr: options.writeErr, argv: [options.filename, ...(options.argv ?? [])], arenaBytes: options.arenaBytes, frameStackBytes: options.frameStackBytes, minGcBytes: options.minGcBytes,
    outputBufferBytes: options.outputBufferBytes, flushOutput: options.flushOutput,
  });
  const interpreter = runtime.interp;
  if (options.threshold !== undefined) {
    interpreter.threshold = options.threshold;
    interpreter.thresholdGiven = true;
  }
  const jit = isJitAttachment(options.jit) ? options.jit : null;
  // A SIGINT sets this VM's VMState.interrupt (signals/sigint-handler.ts), one that came before it too.
  if (bindInterruptWord(runtime.heap.base + L.VM_INTERRUPT)) runtime.heap.u32[2 * (L.VM_INTERRUPT / 8)] = 1;
  try {
    jit?.attach(interpreter, runtime);
    interpreter.run();
    runtime.flush();
    return 0;
  } catch (e) {
    runtime.flush();
    if (e instanceof PyError) {
      const exit = systemExitStatus(runtime, e, options);
      if (exit !== null) return exit;
      options.writeErr(runtime.exceptions.formatUncaught(e, program, options.filename));
      runtime.flush();
      if (runtime.exceptions.isA(e, 'KeyboardInterrupt')) {
        options.onKeyboardInterrupt?.();
        return 130;
      }
      return 1;
    }
    throw e;
  } finally {
    closeFiles(runtime);
    unbindInterruptWord();
    jit?.detach?.();
    options.inspect?.(runtime, interpreter);
    runtime.dispose();
  }
}

function isJitAttachment(x: unknown): x is JitAttachment {
  return typeof x === 'object' && x !== null && typeof (x as JitAttachment).attach === 'function';
}

/** SystemExit ends the program quietly: its code is the status (None 0, an int itself, anything else printed and 1). */
function systemExitStatus(rt: Runtime, e: PyError, options: RunOptions): number | null {
  if (!rt.exceptions.isA(e, 'SystemExit')) return null;
  if (e.exc < 0) return 0;
  const args = rt.exceptions.slot(e.exc, 0);
  const objs = rt.objs;
  if (objs.kind(args) !== Kind.Tuple || objs.tupleLength(rt.heap.objectAt(args)) === 0) return 0;
  const t = rt.heap.objectAt(args);
  const code = objs.tupleLength(t) === 1 ? objs.tupleItems(t) : args;
  const k = objs.kind(code);
  if (k === Kind.None) return 0;
  if (k === Kind.Int || k === Kind.Bool) return objs.smallInt(code) & 0xff;
  options.writeErr(rt.fmt.str(code) + '\n');
  return 1;
}

export function formatTraceback(e: PyError, program: Program, filename: string): string {
  const lines = ['Traceback (most recent call last):'];
  for (const { codeIndex, pc } of [...e.traceback].reverse()) {
    const code = program.codes[codeIndex];
    const line = pc < 0 ? code.firstLine : code.lines[Math.min(pc, code.lines.length - 1)];
    lines.push(`  File "${filename}", line ${line}, in ${code.name}`);
    const text = program.sourceLines[line - 1]?.trim();
    if (text) lines.push(`    ${text}`);
  }
  lines.push(e.pyMessage ? `${e.pyType}: ${e.pyMessage}` : e.pyType);
  return lines.join('\n') + '\n';
}
