// Text files: open(), input() and sys.stdin. A file object is a
// TextIOWrapper (sys-module.ts makes sys.stdout and sys.stderr the same way)
// whose base value is its handle: 0 for stdin, 1 and 2 for the outputs, the
// OS file descriptor for a file open()ed by the program. Reads decode UTF-8
// in chunks with universal newlines ('\r\n' and '\r' read as '\n', as
// python3's default newline=None); writes are buffered and reach the file on
// flush(), close(), when the buffer fills, and when the program ends
// (closeFiles, called by run-program.ts). Binary modes need bytes, which the
// VM does not have: they are one clear error.
import * as fs from 'node:fs';
import { def } from './builtin-registry.ts';
import { BuiltinType } from './builtin-types.ts';
import { exposeClassMethods, method } from './methods.ts';
import { Kind } from '../heap/objects.ts';
import { PyError, typeError, valueError } from '../heap/py-error.ts';
import { pythonOsError } from '../limits/os-errors.ts';
import type { Keywords } from './builtin-registry.ts';
import type { Runtime } from './runtime.ts';

const CHUNK = 1 << 16;
const WRITE_BUFFER = 1 << 16;

/** One open handle's state. */
class OpenFile {
  private readonly decoder = new TextDecoder('utf-8');
  /** Decoded text not yet read, and whether the OS reported the end. */
  private text = '';
  private atEnd = false;
  /** A '\r' that ended a chunk: '\n' if the next chunk starts with one it swallows. */
  private pendingCr = false;
  private out: string[] = [];
  private outLength = 0;
  closed = false;

  constructor(readonly fd: number, readonly name: string, readonly mode: string, readonly readable: boolean, readonly writable: boolean) {}

  /** Reads one more chunk into `text`; false at the end of the file. */
  private fill(): boolean {
    if (this.atEnd) return false;
    const buf = Buffer.allocUnsafe(CHUNK);
    let n: number;
    for (;;) {
      try {
        n = fs.readSync(this.fd, buf, 0, CHUNK, null);
        break;
      } catch (e) {
        // A non-blocking stdin (a terminal some other code set up): wait a little and retry.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
        if ((e as NodeJS.ErrnoException).code === 'EOF') { n = 0; break; }
        throw osError(e, this.name);
      }
    }
    let s = n === 0 ? this.decoder.decode() : this.decoder.decode(buf.subarray(0, n), { stream: true });
    if (n === 0) this.atEnd = true;
    if (this.pendingCr) {
      if (s.startsWith('\n')) s = s.slice(1);
      this.pendingCr = false;
    }
    if (s.endsWith('\r')) this.pendingCr = true;
    this.text += s.replace(/\r\n?/g, '\n');
    return n > 0 || s.length > 0;
  }

  /** Up to `size` characters (all that is left when size < 0). */
  read(size: number): string {
    while ((size < 0 || this.text.length < size) && this.fill());
    const take = size < 0 ? this.text.length : Math.min(size, this.text.length);
    const s = this.text.slice(0, take);
    this.text = this.text.slice(take);
    return s;
  }

  /** One line with its '\n' ('' at the end of the file), at most `size` characters if size >= 0. */
  readline(size: number): string {
    let at = this.text.indexOf('\n');
    while (at < 0 && (size < 0 || this.text.length < size) && this.fill()) at = this.text.indexOf('\n');
    let take = at < 0 ? this.text.length : at + 1;
    if (size >= 0) take = Math.min(take, size);
    const s = this.text.slice(0, take);
    this.text = this.text.slice(take);
    return s;
  }

  write(s: string): void {
    this.out.push(s);
    this.outLength += s.length;
    if (this.outLength >= WRITE_BUFFER) this.flush();
  }

  flush(): void {
    if (this.outLength === 0 && this.out.length === 0) return;
    const data = this.out.join('');
    this.out = [];
    this.outLength = 0;
    try {
      fs.writeSync(this.fd, data);
    } catch (e) {
      throw osError(e, this.name);
    }
  }

  close(): void {
    if (this.closed) return;
    try {
      if (this.writable) this.flush();
    } finally {
      this.closed = true;
      if (this.fd > 2) fs.closeSync(this.fd);
    }
  }
}

/** python3's OSError subclass and message for a Node file-system error on `name`. */
const osError = (e: unknown, name: string): PyError => pythonOsError(e as NodeJS.ErrnoException, name);

const filesOf = new WeakMap<Runtime, Map<number, OpenFile>>();

function files(rt: Runtime): Map<number, OpenFile> {
  let m = filesOf.get(rt);
  if (m === undefined) {
    m = new Map();
    filesOf.set(rt, m);
  }
  return m;
}

/** The handle of a TextIOWrapper (its base value). */
export function handleOf(rt: Runtime, self: number): number {
  return rt.objs.smallInt(rt.classes.baseOf(rt.heap.objectAt(self)));
}

/** The open file behind handle h (stdin made on first use); null for stdout and stderr. */
export function fileOf(rt: Runtime, h: number): OpenFile | null {
  const m = files(rt);
  let f = m.get(h);
  if (f === undefined && h === 0) {
    f = new OpenFile(0, '<stdin>', 'r', true, false);
    m.set(0, f);
  }
  return f ?? null;
}

function openFile(rt: Runtime, self: number, op: string): OpenFile {
  const f = fileOf(rt, handleOf(rt, self));
  if (f === null) throw new PyError('OSError', `${op}`);
  if (f.closed) throw valueError('I/O operation on closed file.');
  return f;
}

function readableFile(rt: Runtime, self: number): OpenFile {
  const f = openFile(rt, self, 'not readable');
  if (!f.readable) throw new PyError('OSError', 'not readable');
  return f;
}

/** A size argument (None or missing: -1). */
function sizeArg(rt: Runtime, args: number, n: number): number {
  if (n === 0 || rt.objs.kind(args) === Kind.None) return -1;
  if (rt.objs.kind(args) !== Kind.Int && rt.objs.kind(args) !== Kind.Bool) throw typeError(`argument should be integer or None, not '${rt.typeName(args)}'`);
  return rt.objs.kind(args) === Kind.Bool ? Number(rt.objs.boolOf(args)) : rt.objs.smallInt(args);
}

const setStr = (rt: Runtime, dst: number, s: string) => rt.objs.setObject(dst, rt.objs.newStr(s));

/** The protocols a file object answers from its class (iteration, with). */
const PROTOCOL_METHODS = ['__iter__', '__next__', '__enter__', '__exit__'];

/** A new TextIOWrapper for handle h with its name and mode attributes. */
function newWrapper(rt: Runtime, h: number, name: number, mode: string): number {
  exposeClassMethods(rt, BuiltinType.TEXT_IO, PROTOCOL_METHODS);
  const { objs, heap, interp } = rt;
  const slot = interp.pushObject(rt.classes.newPlainObject(rt.types.builtinClass[BuiltinType.TEXT_IO]));
  objs.setInt(rt.classes.baseOf(heap.objectAt(slot)), h);
  // Read-only for the program (a store to an attribute of a built-in type's instance is an AttributeError).
  rt.classes.setAttribute(heap.objectAt(slot), 'name', name);
  const m = interp.pushObject(objs.newStr(mode));
  rt.classes.setAttribute(heap.objectAt(slot), 'mode', m);
  objs.setBool(m, false);
  rt.classes.setAttribute(heap.objectAt(slot), 'closed', m);
  interp.popN(1);
  return slot;
}

const OPEN_KEYWORDS = ['file', 'mode', 'buffering', 'encoding', 'errors', 'newline', 'closefd', 'opener'];

def('open', (rt, args, n, dst, kw: Keywords) => {
  if (n > OPEN_KEYWORDS.length) throw typeError(`open() takes at most 8 arguments (${n} given)`);
  const given = new Map<string, number>();
  for (let i = 0; i < n; i++) given.set(OPEN_KEYWORDS[i], args + i);
  for (const [k, w] of kw ?? []) {
    if (!OPEN_KEYWORDS.includes(k)) throw typeError(`'${k}' is an invalid keyword argument for open()`);
    if (given.has(k)) throw typeError(`argument for open() given by name ('${k}') and position (${OPEN_KEYWORDS.indexOf(k) + 1})`);
    given.set(k, w);
  }
  const fileSlot = given.get('file');
  if (fileSlot === undefined) throw typeError("open() missing required argument 'file' (pos 1)");
  if (rt.objs.kind(fileSlot) !== Kind.Str) throw typeError(`expected str, bytes or os.PathLike object, not ${rt.typeName(fileSlot)}`);
  const path = rt.objs.strOf(rt.heap.objectAt(fileSlot));
  const modeSlot = given.get('mode');
  const mode = modeSlot === undefined ? 'r' : rt.objs.kind(modeSlot) === Kind.Str ? rt.objs.strOf(rt.heap.objectAt(modeSlot)) : (() => { throw typeError(`open() argument 'mode' must be str, not ${rt.typeName(modeSlot)}`); })();
  const encodingSlot = given.get('encoding');
  if (encodingSlot !== undefined && rt.objs.kind(encodingSlot) === Kind.Str) {
    const enc = rt.objs.strOf(rt.heap.objectAt(encodingSlot)).toLowerCase().replace(/[-_]/g, '');
    if (enc !== 'utf8' && enc !== 'ascii') throw new PyError('LookupError', `unknown encoding: ${rt.objs.strOf(rt.heap.objectAt(encodingSlot))} (this VM reads and writes UTF-8 only)`);
  }
  // CPython's checks, in its order (_io.open).
  if (!/^(?!.*(.).*\1)[rwxabt+]*$/.test(mode)) throw valueError(`invalid mode: '${mode}'`);
  if (mode.includes('t') && mode.includes('b')) throw valueError("can't have text and binary mode at once");
  const kinds = (mode.match(/[rwxa]/g) ?? []).length;
  if (kinds > 1) throw valueError('must have exactly one of create/read/write/append mode');
  if (kinds === 0) throw valueError('Must have exactly one of create/read/write/append mode and at most one plus');
  if (mode.includes('b')) throw new PyError('NotImplementedError', `open() in binary mode ('${mode}') needs bytes, which this VM does not have`);
  const plus = mode.includes('+');
  const kind = mode.match(/[rwxa]/)![0];
  const flags = { r: plus ? 'r+' : 'r', w: plus ? 'w+' : 'w', x: plus ? 'wx+' : 'wx', a: plus ? 'a+' : 'a' }[kind]!;
  let fd: number;
  try {
    fd = fs.openSync(path, flags);
    if (kind === 'r' && fs.fstatSync(fd).isDirectory()) {
      fs.closeSync(fd);
      throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    }
  } catch (e) {
    throw osError(e, path);
  }
  files(rt).set(fd, new OpenFile(fd, path, mode, kind === 'r' || plus, kind !== 'r' || plus));
  const w = newWrapper(rt, fd, fileSlot, mode);
  rt.objs.copy(dst, w);
  rt.interp.popN(1);
});

def('input', (rt, args, n, dst, kw) => {
  if (kw && kw.size > 0) throw typeError('input() takes no keyword arguments');
  if (n > 1) throw typeError(`input expected at most 1 argument, got ${n}`);
  if (n === 1) {
    rt.write(rt.fmt.str(args));
    rt.flushToFile();
  } else {
    rt.flushToFile();
  }
  const line = fileOf(rt, 0)!.readline(-1);
  if (line === '') throw new PyError('EOFError', 'EOF when reading a line');
  setStr(rt, dst, line.endsWith('\n') ? line.slice(0, -1) : line);
});

method(BuiltinType.TEXT_IO, 'read', (rt, self, args, n, dst) => {
  if (n > 1) throw typeError(`read expected at most 1 argument, got ${n}`);
  setStr(rt, dst, readableFile(rt, self).read(sizeArg(rt, args, n)));
});
method(BuiltinType.TEXT_IO, 'readline', (rt, self, args, n, dst) => {
  if (n > 1) throw typeError(`readline expected at most 1 argument, got ${n}`);
  setStr(rt, dst, readableFile(rt, self).readline(sizeArg(rt, args, n)));
});
method(BuiltinType.TEXT_IO, 'readlines', (rt, self, _args, n, dst) => {
  if (n > 1) throw typeError(`readlines expected at most 1 argument, got ${n}`);
  const f = readableFile(rt, self);
  const lines: string[] = [];
  for (let line = f.readline(-1); line !== ''; line = f.readline(-1)) lines.push(line);
  const { objs, heap, interp } = rt;
  const list = interp.pushObject(objs.newList(lines.length));
  lines.forEach((l, i) => heap.setObject(objs.listItems(heap.objectAt(list)) + i, objs.newStr(l)));
  objs.copy(dst, list);
  interp.popN(1);
});
method(BuiltinType.TEXT_IO, '__iter__', (rt, self, _args, _n, dst) => {
  openFile(rt, self, 'not readable');
  rt.objs.copy(dst, self);
});
method(BuiltinType.TEXT_IO, '__next__', (rt, self, _args, _n, dst) => {
  const line = readableFile(rt, self).readline(-1);
  if (line === '') throw new PyError('StopIteration', '');
  setStr(rt, dst, line);
});
method(BuiltinType.TEXT_IO, 'writelines', (rt, self, args, n, dst) => {
  if (n !== 1) throw typeError(`writelines() takes exactly one argument (${n} given)`);
  const interp = rt.interp;
  const items = interp.pushObject(rt.iterators.toListObject(args));
  const seq = rt.objs.sequence(items)!;
  for (let i = 0; i < seq.length; i++) {
    const w = interp.push(self);
    rt.attrs.load(w, 'write');
    interp.push(seq.first + i);
    interp.callValue(w, 1);
    interp.popN(1);
  }
  interp.popN(1);
  rt.objs.setNone(dst);
});
method(BuiltinType.TEXT_IO, 'close', (rt, self, _args, _n, dst) => {
  const h = handleOf(rt, self);
  const f = fileOf(rt, h);
  if (f !== null) {
    f.close();
    const t = rt.interp.pushNone();
    rt.objs.setBool(t, true);
    rt.classes.setAttribute(rt.heap.objectAt(self), 'closed', t);
    rt.interp.popN(1);
  } else {
    rt.flushToFile();
  }
  rt.objs.setNone(dst);
});
method(BuiltinType.TEXT_IO, '__enter__', (rt, self, _args, _n, dst) => {
  openFile(rt, self, 'not readable');
  rt.objs.copy(dst, self);
});
method(BuiltinType.TEXT_IO, '__exit__', (rt, self, _args, _n, dst) => {
  const w = rt.interp.push(self);
  rt.attrs.load(w, 'close');
  rt.interp.callValue(w, 0);
  rt.interp.popN(1);
  rt.objs.setNone(dst);
});
method(BuiltinType.TEXT_IO, 'fileno', (rt, self, _args, _n, dst) => { rt.objs.setInt(dst, handleOf(rt, self)); });
for (const [name, which] of [['readable', 'readable'], ['writable', 'writable']] as const) {
  method(BuiltinType.TEXT_IO, name, (rt, self, _args, _n, dst) => {
    const h = handleOf(rt, self);
    const f = fileOf(rt, h);
    rt.objs.setBool(dst, f === null ? which === 'writable' : f[which]);
  });
}

/** write() to a file (not stdout or stderr): false when h is stdout or stderr. */
export function writeToFile(rt: Runtime, h: number, text: string): boolean {
  const f = fileOf(rt, h);
  if (f === null) return false;
  if (f.closed) throw valueError('I/O operation on closed file.');
  if (!f.writable) throw new PyError('OSError', 'not writable');
  f.write(text);
  return true;
}

/** flush() of a file: false when h is stdout or stderr. */
export function flushFile(rt: Runtime, h: number): boolean {
  const f = fileOf(rt, h);
  if (f === null) return false;
  if (f.closed) throw valueError('I/O operation on closed file.');
  if (f.writable) f.flush();
  return true;
}

/** At the end of a run: what files still hold reaches them, and they are closed. */
export function closeFiles(rt: Runtime): void {
  const m = filesOf.get(rt);
  if (m === undefined) return;
  for (const f of m.values()) {
    try {
      f.close();
    } catch {
      // The program has ended; python3 too ignores a failed flush of a file at exit.
    }
  }
  filesOf.delete(rt);
}

/** sys.stdin: a TextIOWrapper on handle 0. */
export function newStdin(rt: Runtime): number {
  const name = rt.interp.pushObject(rt.objs.newStr('<stdin>'));
  const w = newWrapper(rt, 0, name, 'r');
  rt.objs.copy(name, w);
  rt.interp.popN(1);
  return name;
}
