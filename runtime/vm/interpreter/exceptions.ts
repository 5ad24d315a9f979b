// Exceptions as Python objects: instances of the built-in exception classes
// or user subclasses, with args, __cause__, __context__ and a traceback in
// their first slots. The VM raises most errors as a type name and message
// (PyError) and makes the object only when Python code catches it. This file
// also formats uncaught exceptions the way python3 prints them.
import {
  EXC_ARGS, EXC_CAUSE, EXC_CONTEXT, EXC_SUPPRESS_CONTEXT, EXC_TRACEBACK,
} from './builtin-types.ts';
import { Kind } from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import type { Program } from '../frontend/program.ts';
import type { Runtime } from './runtime.ts';
import { suggestName } from './suggestions.ts';

export class Exceptions {
  constructor(private readonly rt: Runtime) {}

  /** A new exception of built-in class `name` with the given argument slots. */
  newException(name: string, ...args: number[]): number {
    const rt = this.rt;
    const c = rt.types.exception(name);
    const interp = rt.interp;
    const base = interp.pushObject(c);
    for (const a of args) interp.push(a);
    interp.callValue(base, args.length);
    const o = rt.heap.objectAt(base);
    interp.popN(1);
    return o;
  }

  /** A PyError carrying exception object o (kept alive while in flight). */
  raise(o: number): PyError {
    const rt = this.rt;
    const err = new PyError(rt.types.className(rt.classes.classOfInstance(o)), '');
    err.exc = o;
    rt.interp.inFlight.push(o);
    return err;
  }

  /** KeyError(key) for the value in slot key. */
  keyError(key: number): PyError {
    return this.raise(this.newException('KeyError', key));
  }

  /** StopIteration(value) for the value in slot v. */
  stopIteration(v: number): PyError {
    return this.raise(this.newException('StopIteration', v));
  }

  /** The exception object of err, made on first need (from its type and message). */
  objectFor(err: PyError): number {
    if (err.exc >= 0) return err.exc;
    const rt = this.rt;
    const interp = rt.interp;
    let o: number;
    if (err.pyMessage === '') {
      o = this.newException(err.pyType);
    } else {
      // A KeyError's message is the repr of its key (the traceback line); its argument is the key.
      const text = err.pyType === 'KeyError' ? keyFromRepr(err.pyMessage) : err.pyMessage;
      const m = interp.pushObject(rt.objs.newStr(text));
      o = this.newException(err.pyType, m);
      interp.popN(1);
    }
    err.exc = o;
    interp.inFlight.push(o);
    if (err.context >= 0) rt.heap.setObject(this.slot(o, EXC_CONTEXT), err.context);
    return o;
  }

  /**
   * Records where err was raised: the exception being handled becomes its
   * __context__ (unless it is a re-raise). Called by the interpreter when it
   * first sees err.
   */
  captureContext(err: PyError): void {
    if (err.contextCaptured) return;
    err.contextCaptured = true;
    const rt = this.rt;
    const info = rt.interp.excInfoW;
    if (rt.objs.kind(info) !== Kind.Instance) return;
    const ctx = rt.heap.objectAt(info);
    if (ctx === err.exc) return;
    if (err.exc >= 0) {
      // Avoid a cycle through the context chain.
      for (let c = ctx, n = 0; c >= 0 && n < 1000; n++) {
        const next = this.slot(c, EXC_CONTEXT);
        if (rt.objs.kind(next) !== Kind.Instance) break;
        const nc = rt.heap.objectAt(next);
        if (nc === err.exc) { rt.objs.setNone(next); break; }
        c = nc;
      }
      rt.heap.setObject(this.slot(err.exc, EXC_CONTEXT), ctx);
    } else {
      err.context = ctx;
      rt.interp.inFlight.push(ctx);
    }
  }

  /** A handler caught err: its object (made if needed) with the traceback stored, for the handler's stack. */
  caught(err: PyError): number {
    const rt = this.rt;
    const o = this.objectFor(err);
    // The catching frame's entry stays (where the exception passed through it): a
    // re-raise keeps it, and the traceback of a chained exception shows it.
    const tb = err.traceback;
    const t = rt.objs.newTuple(2 * tb.length);
    tb.forEach((e, i) => {
      rt.objs.setInt(rt.objs.tupleItems(t) + 2 * i, e.codeIndex);
      rt.objs.setInt(rt.objs.tupleItems(t) + 2 * i + 1, e.pc);
    });
    rt.heap.setObject(this.slot(o, EXC_TRACEBACK), t);
    return o;
  }

  /** err is no longer in flight (caught, or dropped by TypeScript code that handled it). */
  released(err: PyError): void {
    const roots = this.rt.interp.inFlight;
    for (const o of [err.exc, err.context]) {
      if (o < 0) continue;
      const i = roots.lastIndexOf(o);
      if (i >= 0) roots.splice(i, 1);
    }
  }

  /** Word index of an exception object's slot i (args, cause, context, ...). */
  slot(o: number, i: number): number {
    return this.rt.classes.slot(o, i);
  }

  private storedTraceback(o: number): { codeIndex: number; pc: number }[] {
    const { objs, heap } = this.rt;
    const w = this.slot(o, EXC_TRACEBACK);
    if (objs.kind(w) !== Kind.Tuple) return [];
    const t = heap.objectAt(w);
    const out: { codeIndex: number; pc: number }[] = [];
    for (let i = 0; i + 1 < objs.tupleLength(t); i += 2) {
      out.push({ codeIndex: objs.smallInt(objs.tupleItems(t) + i), pc: objs.smallInt(objs.tupleItems(t) + i + 1) });
    }
    return out;
  }

  /** RERAISE: the exception object at slot w raised again with its traceback. */
  reraise(w: number): PyError {
    const rt = this.rt;
    if (rt.objs.kind(w) !== Kind.Instance) throw new Error('internal error: RERAISE of a non-exception');
    const o = rt.heap.objectAt(w);
    const err = this.raise(o);
    err.traceback = this.storedTraceback(o);
    err.contextCaptured = true;
    err.reraised = true;
    return err;
  }

  /** The exception object for `raise X`: X itself, or X() for a class; TypeError otherwise. */
  private instantiate(w: number, what: string): number {
    const rt = this.rt;
    const { objs, heap, types } = rt;
    const k = objs.kind(w);
    if (k === Kind.Class && types.isExceptionClass(heap.objectAt(w))) {
      const interp = rt.interp;
      const base = interp.push(w);
      interp.callValue(base, 0);
      const o = heap.objectAt(base);
      if (!types.isExceptionClass(types.classOf(base))) {
        throw typeError(`calling ${rt.typeName(w)} should have returned an instance of BaseException, not ${rt.typeName(base)}`);
      }
      interp.popN(1);
      return o;
    }
    if (k === Kind.Instance && types.isExceptionClass(types.classOf(w))) return heap.objectAt(w);
    throw typeError(what);
  }

  /** RAISE_VARARGS n with its operands from slot `first`. */
  raiseFrom(n: number, first: number): PyError {
    const rt = this.rt;
    const { objs, heap } = rt;
    if (n === 0) {
      const info = rt.interp.excInfoW;
      if (objs.kind(info) !== Kind.Instance) return new PyError('RuntimeError', 'No active exception to reraise');
      return this.reraise(info);
    }
    const o = this.instantiate(first, 'exceptions must derive from BaseException');
    const interp = rt.interp;
    const keep = interp.pushObject(o);
    if (n === 2) {
      const cause = first + 1;
      if (objs.isNone(cause)) {
        objs.setNone(this.slot(o, EXC_CAUSE));
      } else {
        const c = this.instantiate(cause, 'exception causes must derive from BaseException');
        heap.setObject(this.slot(o, EXC_CAUSE), c);
      }
      objs.setBool(this.slot(o, EXC_SUPPRESS_CONTEXT), true);
    }
    interp.popN(1);
    void keep;
    const err = this.raise(o);
    // `raise e` of an exception raised before: its traceback grows from the one it has (as CPython's).
    err.traceback = this.storedTraceback(o);
    return err;
  }

  /** CHECK_EXC_MATCH: isinstance(exc, type) where type is a class or a tuple of classes. */
  matches(exc: number, type: number): boolean {
    const rt = this.rt;
    const { objs, heap, types } = rt;
    const k = objs.kind(type);
    if (k === Kind.Tuple) {
      const t = heap.objectAt(type);
      for (let i = 0; i < objs.tupleLength(t); i++) if (this.matches(exc, objs.tupleItems(t) + i)) return true;
      return false;
    }
    if (k !== Kind.Class || !types.isExceptionClass(heap.objectAt(type))) {
      throw typeError('catching classes that do not inherit from BaseException is not allowed');
    }
    return types.isInstance(exc, heap.objectAt(type));
  }

  /** Whether err is (or would be) an instance of the built-in exception class `name`. */
  isA(err: PyError, name: string): boolean {
    const rt = this.rt;
    const target = rt.types.exception(name);
    if (err.exc >= 0) return rt.types.isSubclass(rt.classes.classOfInstance(err.exc), target);
    const c = rt.types.exceptionClass.get(err.pyType);
    return c !== undefined && rt.types.isSubclass(c, target);
  }

  isAttributeError(err: PyError): boolean { return this.isA(err, 'AttributeError'); }
  isStopIterationError(err: PyError): boolean { return this.isA(err, 'StopIteration'); }

  isStopIteration(o: number): boolean {
    const rt = this.rt;
    return rt.types.isSubclass(rt.classes.classOfInstance(o), rt.types.exception('StopIteration'));
  }

  /** StopIteration's value (args[0] or None) into dst. */
  stopIterationValue(err: PyError, dst: number): void {
    const rt = this.rt;
    if (err.exc < 0) { rt.objs.setNone(dst); return; }
    const args = rt.heap.objectAt(this.slot(err.exc, EXC_ARGS));
    if (rt.objs.tupleLength(args) === 0) rt.objs.setNone(dst);
    else rt.objs.copy(dst, rt.objs.tupleItems(args));
  }

  /** newErr raised with `cause` as its __cause__ (materialising both). */
  chain(newErr: PyError, cause: PyError): PyError {
    const rt = this.rt;
    const c = this.objectFor(cause);
    const o = this.objectFor(newErr);
    rt.heap.setObject(this.slot(o, EXC_CAUSE), c);
    rt.objs.setBool(this.slot(o, EXC_SUPPRESS_CONTEXT), true);
    newErr.traceback = cause.traceback.slice();
    this.released(cause);
    return newErr;
  }

  /** str(exc) for an exception object: str(args[0]) for one argument (repr for KeyError), the args tuple's repr for several. */
  message(o: number): string {
    const rt = this.rt;
    const { objs, heap } = rt;
    const slot = rt.interp.pushObject(o);
    try {
      const user = rt.types.lookup(rt.classes.classOfInstance(o), '__str__');
      if (user >= 0) return rt.fmt.str(slot);
      return this.defaultMessage(o);
    } finally {
      rt.interp.popN(1);
      void heap;
      void objs;
    }
  }

  /** BaseException.__str__. */
  defaultMessage(o: number): string {
    const rt = this.rt;
    const { objs, heap } = rt;
    const argsW = this.slot(o, EXC_ARGS);
    if (objs.kind(argsW) !== Kind.Tuple) return '';
    const args = heap.objectAt(argsW);
    const n = objs.tupleLength(args);
    if (n === 0) return '';
    if (n === 1) {
      const a = objs.tupleItems(args);
      return rt.types.isSubclass(rt.classes.classOfInstance(o), rt.types.exception('KeyError')) ? rt.fmt.repr(a) : rt.fmt.str(a);
    }
    return rt.fmt.repr(argsW);
  }

  // ---- uncaught exceptions -----------------------------------------------------------

  /** The traceback python3 prints for an uncaught exception, chained exceptions first. */
  formatUncaught(err: PyError, program: Program, filename: string): string {
    const rt = this.rt;
    const blocks: string[] = [];
    const seen = new Set<number>();
    const render = (tb: { codeIndex: number; pc: number }[], line: string): string => {
      const lines = ['Traceback (most recent call last):'];
      for (const { codeIndex, pc } of [...tb].reverse()) {
        const code = program.codes[codeIndex];
        // Frames of the standard modules written in Python are left out, as CPython's C modules have none.
        if (code.module !== '__main__') continue;
        // pc -1: raised as the frame started (KeyboardInterrupt at a call): the `def` line, as python3's RESUME.
        const ln = pc < 0 ? code.firstLine : code.lines[Math.min(pc, code.lines.length - 1)];
        lines.push(`  File "${filename}", line ${ln}, in ${code.name}`);
        const text = program.sourceLines[ln - 1]?.trim();
        if (text) lines.push(`    ${text}`);
      }
      lines.push(line);
      return lines.join('\n') + '\n';
    };
    const hint = this.suggestionFor(err);
    if (err.exc < 0) {
      const last = (err.pyMessage ? `${err.pyType}: ${err.pyMessage}` : err.pyType) + hint;
      if (err.context >= 0) this.renderChain(err.context, blocks, seen, render, false);
      blocks.push(render(err.traceback, last));
      return blocks.join('');
    }
    this.renderChain(err.exc, blocks, seen, render, true, err.traceback);
    if (hint) blocks[blocks.length - 1] = blocks[blocks.length - 1].replace(/\n$/, hint + '\n');
    return blocks.join('');
  }

  /** ". Did you mean: 'x'?" when python3 would add it to err's line, else ''. */
  private suggestionFor(err: PyError): string {
    const s = err.suggestion;
    if (s === null) return '';
    for (const names of s.candidates()) {
      const best = suggestName(s.name, names);
      if (best !== null) return `. Did you mean: '${best}'?`;
    }
    return '';
  }

  private renderChain(
    o: number, blocks: string[], seen: Set<number>,
    render: (tb: { codeIndex: number; pc: number }[], line: string) => string, last: boolean,
    tb?: { codeIndex: number; pc: number }[],
  ): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    if (seen.has(o)) return;
    seen.add(o);
    const causeW = this.slot(o, EXC_CAUSE);
    const contextW = this.slot(o, EXC_CONTEXT);
    const suppress = objs.kind(this.slot(o, EXC_SUPPRESS_CONTEXT)) === Kind.Bool && objs.boolOf(this.slot(o, EXC_SUPPRESS_CONTEXT));
    if (objs.kind(causeW) === Kind.Instance) {
      this.renderChain(heap.objectAt(causeW), blocks, seen, render, false);
      blocks.push('\nThe above exception was the direct cause of the following exception:\n\n');
    } else if (!suppress && objs.kind(contextW) === Kind.Instance) {
      this.renderChain(heap.objectAt(contextW), blocks, seen, render, false);
      blocks.push('\nDuring handling of the above exception, another exception occurred:\n\n');
    }
    let msg: string;
    try {
      msg = this.message(o);
    } catch (e) {
      if (!(e instanceof PyError)) throw e;
      msg = '<exception str() failed>';
    }
    const name = rt.types.className(rt.classes.classOfInstance(o));
    const line = msg ? `${name}: ${msg}` : name;
    blocks.push(render(tb ?? this.storedTraceback(o), line));
    void last;
  }
}

/** The str whose repr is `r` ('x' or "x" with backslash escapes of quotes and backslashes); r itself otherwise. */
function keyFromRepr(r: string): string {
  const q = r[0];
  if (r.length < 2 || (q !== "'" && q !== '"') || r[r.length - 1] !== q) return r;
  const body = r.slice(1, -1);
  if (/\\[^\\'"]/.test(body)) return r; // other escapes: keep the text as it is
  return body.replace(/\\([\\'"])/g, '$1');
}
