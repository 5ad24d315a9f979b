// The optimizer's knowledge about a trace's values at one point, for the
// abstract interpretation of guard elimination: per stack slot, local and
// global, a type and possibly the exact word; and the two operations loop
// peeling needs (what two states share, whether one still implies another).
import { VType } from '../trace-ir.ts';

/** What is known about one value slot. */
export interface Fact {
  type: VType;
  /** The exact word, when known (constants, guarded identities). */
  word?: bigint;
  /** An instance's guarded shape and class version (GUARD_SHAPE's operands, `shape:version`). */
  shape?: string;
}

export const UNKNOWN: Fact = { type: VType.UNKNOWN };

export class FrameFacts {
  readonly locals = new Map<number, Fact>();
  /** Stack slots by height relative to the frame's start (negative: below the trace's start). */
  readonly stack = new Map<number, Fact>();
  height = 0;

  clone(): FrameFacts {
    const f = new FrameFacts();
    for (const [k, v] of this.locals) f.locals.set(k, v);
    for (const [k, v] of this.stack) f.stack.set(k, v);
    f.height = this.height;
    return f;
  }

  push(f: Fact): void {
    this.stack.set(this.height++, f);
  }

  pop(): Fact {
    const f = this.stack.get(--this.height) ?? UNKNOWN;
    this.stack.delete(this.height);
    return f;
  }

  peek(depth: number): Fact {
    return this.stack.get(this.height - depth) ?? UNKNOWN;
  }

  set(depth: number, f: Fact): void {
    this.stack.set(this.height - depth, f);
  }
}

export class Facts {
  frames: FrameFacts[] = [new FrameFacts()];
  globals = new Map<number, Fact>();

  get top(): FrameFacts {
    return this.frames[this.frames.length - 1];
  }

  clone(): Facts {
    const f = new Facts();
    f.frames = this.frames.map((x) => x.clone());
    f.globals = new Map(this.globals);
    return f;
  }
}

const sameFact = (a: Fact | undefined, b: Fact | undefined) =>
  a !== undefined && b !== undefined && a.type === b.type && a.word === b.word && a.shape === b.shape;

/**
 * Forgets every shape fact: after a uop that moved some instance to another
 * shape (any slot may alias it), or that ran code outside the trace (which may
 * have changed a class's version too).
 */
export function forgetShapes(facts: Facts): void {
  const strip = (m: Map<number, Fact>) => {
    for (const [k, v] of m) if (v.shape !== undefined) m.set(k, { type: v.type, word: v.word });
  };
  for (const fr of facts.frames) {
    strip(fr.locals);
    strip(fr.stack);
  }
  strip(facts.globals);
}

/** The facts of `a` that `b` also has (for the loop fixpoint). */
export function intersect(a: Facts, b: Facts): Facts {
  const out = new Facts();
  const fa = a.frames[0];
  const fb = b.frames[0];
  const f = out.frames[0];
  for (const [k, v] of fa.locals) if (sameFact(v, fb.locals.get(k))) f.locals.set(k, v);
  for (const [k, v] of fa.stack) if (k < fa.height && sameFact(v, fb.stack.get(k))) f.stack.set(k, v);
  f.height = fa.height;
  for (const [k, v] of a.globals) if (sameFact(v, b.globals.get(k))) out.globals.set(k, v);
  return out;
}

/** Whether every fact of `assumed` still holds in `after`. */
export function implies(after: Facts, assumed: Facts): boolean {
  const fa = after.frames[0];
  const fs = assumed.frames[0];
  if (after.frames.length !== 1 || fa.height !== fs.height) return false;
  for (const [k, v] of fs.locals) if (!sameFact(v, fa.locals.get(k))) return false;
  for (const [k, v] of fs.stack) if (k < fs.height && !sameFact(v, fa.stack.get(k))) return false;
  for (const [k, v] of assumed.globals) if (!sameFact(v, after.globals.get(k))) return false;
  return true;
}

export const T = (type: VType): Fact => ({ type });
