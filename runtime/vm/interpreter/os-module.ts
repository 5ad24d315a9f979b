// The _os module behind stdlib/os.ts and stdlib/posixpath.ts: the process's
// environment (read once, when os is imported), working directory, CPU count
// and pid, and the file-system queries os.path needs (exists, isfile, isdir,
// getsize, listdir). Nothing here writes to the file system.
import { cpus } from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { PyError, typeError } from '../heap/py-error.ts';
import { def } from './builtin-registry.ts';
import { setStrList, setValue, strArgOf } from './library-host.ts';
import { registerModule } from './modules.ts';

def('environ', (rt, _a, n, dst) => {
  if (n !== 0) throw typeError('_os.environ() takes no arguments');
  setValue(rt, dst, Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}, '_os');

def('getcwd', (rt, _a, n, dst) => {
  if (n !== 0) throw typeError(`os.getcwd() takes no arguments (${n} given)`);
  setValue(rt, dst, process.cwd());
}, '_os');

def('cpu_count', (rt, _a, _n, dst) => setValue(rt, dst, BigInt(Math.max(1, cpus().length))), '_os');
def('getpid', (rt, _a, _n, dst) => setValue(rt, dst, BigInt(process.pid)), '_os');

function stat(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

def('exists', (rt, a, _n, dst) => setValue(rt, dst, existsSync(strArgOf(rt, a, 'path'))), '_os');
def('isfile', (rt, a, _n, dst) => setValue(rt, dst, stat(strArgOf(rt, a, 'path'))?.isFile() ?? false), '_os');
def('isdir', (rt, a, _n, dst) => setValue(rt, dst, stat(strArgOf(rt, a, 'path'))?.isDirectory() ?? false), '_os');

def('getsize', (rt, a, _n, dst) => {
  const path = strArgOf(rt, a, 'path');
  const s = stat(path);
  if (s === undefined) throw new PyError('FileNotFoundError', `[Errno 2] No such file or directory: '${path}'`);
  setValue(rt, dst, BigInt(s.size));
}, '_os');

def('listdir', (rt, a, _n, dst) => {
  const path = strArgOf(rt, a, 'path');
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    throw new PyError('FileNotFoundError', `[Errno 2] No such file or directory: '${path}'`);
  }
  setStrList(rt, dst, names);
}, '_os');

registerModule('_os');
