// sys.stdout and sys.stderr of a `stencil-jit run` process, as python3 3.11
// has them:
// - stdout is line-buffered on a terminal, block-buffered elsewhere,
//   unbuffered with PYTHONUNBUFFERED set; stderr is written at once.
// - Writes are synchronous and blocking (fs.writeSync, never process.stdout):
//   the program runs synchronously, so queued asynchronous writes could only
//   drain after it ends (a `print` loop into `head -1` grew without bound and
//   never saw EPIPE), and process.exit dropped what was still queued.
// - A failed write raises what python3 raises at that `print`
//   (BrokenPipeError, OSError: [Errno 28] No space left on device, ...);
//   a failure at the final flush is reported as python3's "Exception ignored"
//   and the exit status becomes 120.
// - A closed descriptor (`>&-`) is /dev/null for node (it opens one in its
//   place at start-up), so output is swallowed, as by python3's None stream.
import fs from 'node:fs';
import { PyError } from '../runtime/vm/heap/py-error.ts';
import { pythonOsError } from '../runtime/vm/limits/os-errors.ts';

export type BufferMode = 'line' | 'block' | 'unbuffered';

/**
 * isatty without loading node:tty for pipes and files (it brings in net and
 * streams: ~2 ms of start-up): only a character device can be a terminal.
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fs.fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

const BLOCK_BYTES = 8192;
/** Made on first use: the run's start-up snapshot is built where SharedArrayBuffer does not exist. */
let pause: Int32Array | null = null;

/** Writes all of `bytes` to `fd`, blocking; waits out EAGAIN (a descriptor another process made non-blocking). */
function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  let waitMs = 1;
  while (at < bytes.length) {
    try {
      at += fs.writeSync(fd, bytes, at, bytes.length - at);
      waitMs = 1;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        pause ??= new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(pause, 0, 0, waitMs);
        waitMs = Math.min(waitMs * 2, 20);
      } else if (code !== 'EINTR') {
        throw e;
      }
    }
  }
}

export class OutputStream {
  private chunks: string[] = [];
  private size = 0;
  /** The first write error (stderr keeps going without raising). */
  failed: PyError | null = null;

  constructor(readonly fd: number, readonly name: '<stdout>' | '<stderr>', readonly mode: BufferMode) {}

  /** python3's choice for this descriptor and environment. */
  static forStdout(env: NodeJS.ProcessEnv = process.env): OutputStream {
    const unbuffered = (env.PYTHONUNBUFFERED ?? '') !== '';
    return new OutputStream(1, '<stdout>', unbuffered ? 'unbuffered' : isTerminal(1) ? 'line' : 'block');
  }

  static forStderr(): OutputStream {
    return new OutputStream(2, '<stderr>', 'unbuffered');
  }

  /** Buffers `text` by the stream's mode; raises python3's exception when a write fails. */
  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.mode === 'unbuffered' || this.size >= BLOCK_BYTES || (this.mode === 'line' && text.includes('\n'))) this.flush();
  }

  /** Writes out what is buffered; on failure the buffered text is dropped and python3's exception thrown. */
  flush(): void {
    if (this.size === 0 && this.chunks.length === 0) return;
    const text = this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    try {
      writeAll(this.fd, Buffer.from(text, 'utf8'));
    } catch (e) {
      const err = pythonOsError(e as NodeJS.ErrnoException);
      this.failed ??= err;
      throw err;
    }
  }

  /**
   * python3 flushes stdout before it prints a traceback, ignoring a failure
   * and keeping the text (so the flush at exit fails again and reports it).
   */
  flushKeepingOnFailure(): void {
    if (this.chunks.length === 0) return;
    const kept = this.chunks;
    const size = this.size;
    try {
      this.flush();
    } catch {
      this.chunks = kept;
      this.size = size;
    }
  }

  /** Writes without raising (tracebacks, reports): a failure is remembered in `failed`. */
  writeQuietly(text: string): void {
    try {
      this.write(text);
    } catch {
      // Remembered in `failed`; python3 cannot report a broken stderr either.
    }
  }

  /**
   * The flush at exit: python3 reports a failure as "Exception ignored in:
   * <_io.TextIOWrapper ...>" on stderr and exits with status 120.
   * Returns false when it failed.
   */
  flushAtExit(stderr: OutputStream): boolean {
    try {
      this.flush();
      return true;
    } catch (e) {
      const err = e as PyError;
      stderr.writeQuietly(`Exception ignored in: <_io.TextIOWrapper name='${this.name}' mode='w' encoding='utf-8'>\n${err.pyType}: ${err.pyMessage}\n`);
      return false;
    }
  }
}
