// Runs a program's source in-process: compile, build the native world,
// interpret, and report Python-style. Exit codes: 0 ok, 1 uncaught Python
// exception (traceback on stderr), 2 syntax error.
import { compileProgram } from '../frontend/compiler.ts';
import { Interpreter } from './interpreter.ts';
import type { Program } from '../frontend/program.ts';
import { PyError } from '../heap/py-error.ts';
import { Runtime } from './runtime.ts';
import { SyntaxErrorAt } from '../frontend/syntax-error.ts';

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
  jit?: unknown;
  threshold?: number;
  /** Arena size override (bytes), e.g. for GC tests. */
  arenaBytes?: number;
  frameStackBytes?: number;
  /** Allocation volume between collections, at least (bytes). */
  minGcBytes?: number;
  /** Output held before `write` is called (Runtime's option; default 64 KiB). */
  outputBufferBytes?: number;
  /** Receives the runtime and interpreter after the run, before the arena is released (for tests and stats). */
  inspect?: (runtime: Runtime, interpreter: Interpreter) => void;
}

export function runProgram(source: string, options: RunOptions): number {
  let program: Program;
  try {
    program = compileProgram(source);
  } catch (e) {
    if (e instanceof SyntaxErrorAt) {
      options.writeErr(e.format(options.filename) + '\n');
      return 2;
    }
    throw e;
  }
  const runtime = new Runtime(program, {
    write: options.write, arenaBytes: options.arenaBytes, frameStackBytes: options.frameStackBytes, minGcBytes: options.minGcBytes,
    outputBufferBytes: options.outputBufferBytes,
  });
  const interpreter = new Interpreter(runtime);
  if (options.threshold !== undefined) interpreter.threshold = options.threshold;
  const jit = isJitAttachment(options.jit) ? options.jit : null;
  try {
    jit?.attach(interpreter, runtime);
    interpreter.run();
    runtime.flush();
    return 0;
  } catch (e) {
    runtime.flush();
    if (e instanceof PyError) {
      options.writeErr(formatTraceback(e, program, options.filename));
      return 1;
    }
    throw e;
  } finally {
    jit?.detach?.();
    options.inspect?.(runtime, interpreter);
    runtime.dispose();
  }
}

function isJitAttachment(x: unknown): x is JitAttachment {
  return typeof x === 'object' && x !== null && typeof (x as JitAttachment).attach === 'function';
}

export function formatTraceback(e: PyError, program: Program, filename: string): string {
  const lines = ['Traceback (most recent call last):'];
  for (const { codeIndex, pc } of [...e.traceback].reverse()) {
    const code = program.codes[codeIndex];
    const line = code.lines[Math.max(0, Math.min(pc, code.lines.length - 1))];
    lines.push(`  File "${filename}", line ${line}, in ${code.name}`);
    const text = program.sourceLines[line - 1]?.trim();
    if (text) lines.push(`    ${text}`);
  }
  lines.push(e.pyMessage ? `${e.pyType}: ${e.pyMessage}` : e.pyType);
  return lines.join('\n') + '\n';
}
