// Generator objects (cases/vm.h GeneratorObject). Calling a generator
// function runs its prologue in a normal frame; RETURN_GENERATOR then saves
// the frame's locals into a new generator and returns it. The interpreter
// resumes a generator by copying the saved locals and value stack back onto
// the frame stack at the resumer's stack top (so running frames stay
// contiguous, as traces expect) and saves them again at each yield. This file
// holds creation and the generator methods TypeScript code uses (next, send,
// throw, close).
import { LAYOUT as L } from '../../../build/layout.ts';
import {
  GENERATOR_CODE_W, GENERATOR_FRAME_W, GENERATOR_NVALUES_W, GENERATOR_PC_W, GENERATOR_STATE_W,
} from '../heap/objects.ts';
import { Kind } from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import { CodeFlags, type CodeObject } from '../frontend/program.ts';
import type { Runtime } from './runtime.ts';

const ITEMS_W = L.ITEMS_ITEMS / 8;

export class Generators {
  constructor(private readonly rt: Runtime) {}

  /** A generator for the frame whose locals start at `locals` (value stack up to sp), to resume at pc. */
  create(code: CodeObject, locals: number, sp: number, pc: number): number {
    const { heap } = this.rt;
    const g = heap.allocate(L.OBJ_GENERATOR, L.SIZEOF_GENERATOR);
    heap.writeI64(g + GENERATOR_CODE_W, code.index);
    heap.writeI64(g + GENERATOR_STATE_W, L.GEN_CREATED);
    heap.writeI64(g + GENERATOR_PC_W, pc);
    heap.writeI64(g + GENERATOR_NVALUES_W, 0);
    heap.writeI64(g + GENERATOR_FRAME_W, 0);
    heap.tempRoots.push(g);
    const block = heap.allocate(L.OBJ_ITEMS, L.ITEMS_ITEMS + (code.nlocals + code.maxStack + 1) * 8);
    heap.tempRoots.pop();
    const n = sp - locals;
    heap.u32.copyWithin(2 * (block + ITEMS_W), 2 * locals, 2 * sp);
    heap.writeI64(g + GENERATOR_FRAME_W, heap.addressOf(block));
    heap.writeI64(g + GENERATOR_NVALUES_W, n);
    return g;
  }

  /** Whether g came from an `async def` (a coroutine: awaited, never iterated). */
  isCoroutine(g: number): boolean {
    return (this.codeOf(g).flags & CodeFlags.COROUTINE) !== 0;
  }

  private codeOf(g: number): CodeObject {
    return this.rt.program.codes[this.rt.heap.readI64(g + GENERATOR_CODE_W)];
  }

  /**
   * GET_AWAITABLE (`await x`): the value in slot w becomes what the await
   * runs as `yield from`: a coroutine stays itself, anything else must have an
   * __await__ that returns an iterator (python3's checks and messages).
   */
  getAwaitable(w: number): void {
    const rt = this.rt;
    const { objs, heap } = rt;
    if (objs.kind(w) === Kind.Generator && this.isCoroutine(heap.objectAt(w))) {
      if (this.isFinished(heap.objectAt(w))) throw new PyError('RuntimeError', 'cannot reuse already awaited coroutine');
      return;
    }
    // A generator of a types.coroutine function is awaited as it is.
    if (objs.kind(w) === Kind.Generator && this.codeOf(heap.objectAt(w)).flags & CodeFlags.ITERABLE_COROUTINE) return;
    const method = objs.kind(w) === Kind.Instance ? rt.attrs.lookupSpecial(w, '__await__') : -1;
    if (method < 0) throw typeError(`object ${rt.typeName(w)} can't be used in 'await' expression`);
    const interp = rt.interp;
    const base = interp.push(method);
    interp.push(w);
    interp.callValue(base, 1);
    const isCoroutine = objs.kind(base) === Kind.Generator && this.isCoroutine(heap.objectAt(base));
    if (isCoroutine || !rt.iterators.isIterator(base)) {
      throw typeError(isCoroutine ? '__await__() returned a coroutine' : `__await__() returned non-iterator of type '${rt.typeName(base)}'`);
    }
    objs.copy(w, base);
    interp.popN(1);
  }

  isFinished(g: number): boolean {
    return this.rt.heap.readI64(g + GENERATOR_STATE_W) === L.GEN_FINISHED;
  }

  name(g: number): string {
    return this.rt.program.codes[this.rt.heap.readI64(g + GENERATOR_CODE_W)].name;
  }

  qualname(g: number): string {
    return this.rt.program.codes[this.rt.heap.readI64(g + GENERATOR_CODE_W)].qualname;
  }

  /**
   * Resumes g (object) sending the value at slot `sent`; writes what it yields
   * to dst and returns true, or returns false when it finished (its return
   * value in dst).
   */
  send(g: number, sent: number, dst: number): boolean {
    if (this.isFinished(g)) {
      this.rt.objs.setNone(dst);
      return false;
    }
    const returned = this.rt.interp.resumeFromTs(g, sent, dst);
    return !returned;
  }

  /** next(g): true with the yielded value in dst, false when exhausted. */
  next(g: number, dst: number): boolean {
    const interp = this.rt.interp;
    const none = interp.pushNone();
    try {
      return this.send(g, none, dst);
    } finally {
      interp.popN(1);
    }
  }

  /** generator.throw(exc): raises err at the yield; the generator may catch it and yield again. */
  throwInto(g: number, err: PyError, dst: number): boolean {
    if (this.rt.heap.readI64(g + GENERATOR_STATE_W) === L.GEN_CREATED || this.isFinished(g)) {
      this.rt.heap.writeI64(g + GENERATOR_STATE_W, L.GEN_FINISHED);
      throw err;
    }
    return !this.rt.interp.throwIntoGenerator(g, err, dst);
  }

  /** generator.close(): GeneratorExit raised at the yield (finally blocks run); a yield then is a RuntimeError. */
  close(g: number): void {
    const rt = this.rt;
    const state = rt.heap.readI64(g + GENERATOR_STATE_W);
    if (state !== L.GEN_SUSPENDED) {
      rt.heap.writeI64(g + GENERATOR_STATE_W, L.GEN_FINISHED);
      return;
    }
    const dst = rt.interp.pushNone();
    try {
      const yielded = this.throwInto(g, new PyError('GeneratorExit', ''), dst);
      if (yielded) throw new PyError('RuntimeError', 'generator ignored GeneratorExit');
    } catch (e) {
      if (e instanceof PyError && (rt.exceptions.isA(e, 'GeneratorExit') || rt.exceptions.isA(e, 'StopIteration'))) {
        rt.exceptions.released(e);
        return;
      }
      throw e;
    } finally {
      rt.interp.popN(1);
    }
  }
}
