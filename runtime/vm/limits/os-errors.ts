// python3's exception for a failed system call, by Node's errno name: the
// OSError subclass, Linux's errno number and C's strerror text, as python3
// words it (`[Errno 2] No such file or directory: 'x.txt'`). One table for
// file I/O (interpreter/file-io.ts) and the program's stdout/stderr
// (scripts/vm-stdio.ts).
import { PyError } from '../heap/py-error.ts';

const OS_ERRORS: Record<string, [type: string, errno: number, text: string]> = {
  ENOENT: ['FileNotFoundError', 2, 'No such file or directory'],
  EPERM: ['PermissionError', 1, 'Operation not permitted'],
  EIO: ['OSError', 5, 'Input/output error'],
  EACCES: ['PermissionError', 13, 'Permission denied'],
  EEXIST: ['FileExistsError', 17, 'File exists'],
  ENOTDIR: ['NotADirectoryError', 20, 'Not a directory'],
  EISDIR: ['IsADirectoryError', 21, 'Is a directory'],
  EINVAL: ['OSError', 22, 'Invalid argument'],
  EFBIG: ['OSError', 27, 'File too large'],
  ENOSPC: ['OSError', 28, 'No space left on device'],
  EPIPE: ['BrokenPipeError', 32, 'Broken pipe'],
  ECONNRESET: ['ConnectionResetError', 104, 'Connection reset by peer'],
  EDQUOT: ['OSError', 122, 'Disk quota exceeded'],
};

/** The PyError python3 raises for Node's error e (`: 'filename'` appended when given). */
export function pythonOsError(e: NodeJS.ErrnoException, filename?: string): PyError {
  const known = e.code ? OS_ERRORS[e.code] : undefined;
  const suffix = filename === undefined ? '' : `: '${filename}'`;
  if (known) return new PyError(known[0], `[Errno ${known[1]}] ${known[2]}${suffix}`);
  const errno = typeof e.errno === 'number' ? Math.abs(e.errno) : 0;
  const text = (e.message.split(', ')[0].split(': ')[1] ?? e.message).replace(/^./, (c) => c.toUpperCase());
  return new PyError('OSError', `[Errno ${errno}] ${text}${suffix}`);
}
