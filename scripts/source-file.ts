// Reading the program file of `stencil-jit run` as python3 reads its script:
// a missing file, a directory (run as python3 runs one: its __main__.py), a
// file that is not text. Bounded: the file is read in chunks and checked as it
// comes, so /dev/zero and /dev/urandom fail on their first chunk (python3
// hangs on /dev/zero), and nothing larger than MAX_SOURCE_BYTES is read.
// Decoding follows PEP 263 as far as the file level goes: UTF-8 unless a
// coding declaration in the first two lines names another encoding, a UTF-8
// BOM skipped, NUL bytes rejected (python3's messages, with line and column).
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';

export const MAX_SOURCE_BYTES = 256 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** A program file that cannot be run: one line for stderr, and the exit status. */
export class SourceFileError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export interface SourceFile {
  /** The path tracebacks show: absolute, as python3 shows it (`<stdin>` for `-`). */
  displayName: string;
  text: string;
}

/** Reads the program named on the command line, relative paths from the current directory. */
export function readSourceFile(file: string, maxBytes = MAX_SOURCE_BYTES): SourceFile {
  if (file === '-') return { displayName: '<stdin>', text: decodeSource(readBounded(0, '<stdin>', maxBytes), '<stdin>') };
  let abs = path.resolve(file);
  let fd: number;
  try {
    fd = fs.openSync(abs, 'r');
    if (fs.fstatSync(fd).isDirectory()) {
      fs.closeSync(fd);
      const main = path.join(abs, '__main__.py');
      if (!fs.existsSync(main)) throw new SourceFileError(`can't find '__main__' module in '${abs}'`, 1);
      abs = main;
      fd = fs.openSync(abs, 'r');
    }
  } catch (e) {
    if (e instanceof SourceFileError) throw e;
    throw new SourceFileError(`can't open file '${abs}': ${errnoText(e as NodeJS.ErrnoException)}`, 2);
  }
  try {
    return { displayName: abs, text: decodeSource(readBounded(fd, abs, maxBytes), abs) };
  } finally {
    fs.closeSync(fd);
  }
}

function errnoText(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return '[Errno 2] No such file or directory';
    case 'EACCES': return '[Errno 13] Permission denied';
    case 'ENOTDIR': return '[Errno 20] Not a directory';
    case 'ELOOP': return '[Errno 40] Too many levels of symbolic links';
    case 'EISDIR': return '[Errno 21] Is a directory';
    case 'ENAMETOOLONG': return '[Errno 36] File name too long';
    default: return e.message;
  }
}

/** The whole file, at most `maxBytes`; stops at the first chunk with a NUL byte (the decoder rejects it). */
function readBounded(fd: number, name: string, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EAGAIN') continue;
      if (err.code === 'EISDIR') throw new SourceFileError(`can't find '__main__' module in '${name}'`, 1);
      throw new SourceFileError(`can't read '${name}': ${errnoText(err)}`, 1);
    }
    if (n === 0) break;
    const got = chunk.subarray(0, n);
    chunks.push(got);
    total += n;
    if (got.includes(0)) break;
    if (total > maxBytes) throw new SourceFileError(`can't run '${name}': larger than ${maxBytes / (1024 * 1024)} MiB`, 1);
    // A valid source starts as text: a binary stream (/dev/urandom) stops at its first chunk.
    if (chunks.length === 1 && !plausibleStart(got)) break;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/** False when the first chunk cannot be the start of any source python3 accepts (invalid UTF-8 with no coding line). */
function plausibleStart(first: Buffer): boolean {
  return isUtf8(first) || codingDeclaration(first) !== null || validUtf8Prefix(first);
}

function validUtf8Prefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export class SourceSyntaxError extends SourceFileError {
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly detail: string) {
    super(`${file}:${line}:${column}: SyntaxError: ${detail}`, 1);
  }
}

/** The encoding a PEP 263 comment in the first two lines declares, or null. */
export function codingDeclaration(bytes: Uint8Array): string | null {
  let end = 0;
  for (let line = 0; line < 2; line++) {
    const start = end;
    while (end < bytes.length && bytes[end] !== 0x0a) end++;
    const text = Buffer.from(bytes.subarray(start, end)).toString('latin1');
    end++;
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(text);
    if (m) return m[1].toLowerCase();
    // Only a comment or blank first line lets the second line declare it.
    if (!/^[ \t\f]*(#.*)?\r?$/.test(text)) break;
    if (end > bytes.length) break;
  }
  return null;
}

/** 1-based line and column of a byte offset; lines end at \n, \r\n or \r as python3 reads them. */
function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The first offset where strict UTF-8 decoding fails (the length when it does not). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return bytes.length;
  let lo = 0;
  let hi = bytes.length;
  // Binary search on the longest valid prefix (a prefix that ends inside a sequence is valid when streaming).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (validUtf8Prefix(bytes.subarray(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  // python3 names the byte that starts the bad sequence: the lead byte of one left incomplete.
  for (let k = lo - 1; k >= 0 && k >= lo - 3; k--) {
    const b = bytes[k];
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (k + length > lo) return k;
    break;
  }
  return lo;
}

const UTF8_NAMES = new Set(['utf-8', 'utf8', 'utf_8', 'u8', 'utf', 'cp65001', 'utf-8-sig', 'utf_8_sig']);
const LATIN1_NAMES = new Set(['latin-1', 'latin1', 'latin_1', 'iso-8859-1', 'iso8859-1', 'iso_8859_1', '8859', 'cp819', 'l1', 'iso-ir-100']);

/** The source text python3 would compile, or python3's SyntaxError about the bytes (the first problem by position). */
export function decodeSource(bytes: Buffer, name: string): string {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  const nulError = () => {
    const at = lineAndColumn(body, nul);
    return new SourceSyntaxError(name, at.line, at.column, 'source code cannot contain null bytes');
  };
  const declared = codingDeclaration(body);
  if (declared === null || UTF8_NAMES.has(declared)) {
    // isUtf8 is native and needs no decoder: the common case costs next to nothing at start-up.
    if (nul < 0 && isUtf8(body)) return body.toString('utf8');
    const bad = firstInvalidUtf8(body);
    if (nul >= 0 && nul < bad) throw nulError();
    const at = lineAndColumn(body, bad);
    const hex = body[bad].toString(16).padStart(2, '0');
    throw new SourceSyntaxError(name, at.line, at.column, declared === null
      ? `Non-UTF-8 code starting with '\\x${hex}' in file ${name} on line ${at.line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details`
      : `(unicode error) 'utf-8' codec can't decode byte 0x${hex} in position ${bad}: invalid start byte`);
  }
  if (nul >= 0) throw nulError();
  if (bom) throw new SourceSyntaxError(name, 1, 1, `encoding problem: ${declared} with BOM`);
  if (LATIN1_NAMES.has(declared)) return body.toString('latin1');
  if (declared === 'ascii' || declared === 'us-ascii' || declared === '646') {
    const bad = body.findIndex((b) => b >= 0x80);
    if (bad < 0) return body.toString('latin1');
    const at = lineAndColumn(body, bad);
    throw new SourceSyntaxError(name, at.line, at.column, `(unicode error) 'ascii' codec can't decode byte 0x${body[bad].toString(16)} in position ${bad}: ordinal not in range(128)`);
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(declared.replace(/_/g, '-'), { fatal: true });
  } catch {
    throw new SourceSyntaxError(name, 1, 1, `unknown encoding: ${declared}`);
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new SourceSyntaxError(name, 1, 1, `(unicode error) '${declared}' codec can't decode the source`);
  }
}
