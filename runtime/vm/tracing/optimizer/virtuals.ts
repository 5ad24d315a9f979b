// Allocation removal (PyPy's virtuals, LuaJIT's allocation sinking): an
// instance a trace creates (NEW_INSTANCE of a class call, its __init__
// inlined) is not allocated while it does not escape. Its fields live in the
// virtual-field words of the VM's scratch area (cases/virtuals.h); where the
// instance would be (stack slots, locals of inlined frames) a placeholder
// word stands, and the uops that look at it are rewritten:
//  - NEW_INSTANCE -> NEW_VIRTUAL (fields unbound, placeholder pushed);
//  - LOAD_SLOT / STORE_SLOT(_ADD) on it -> LOAD/STORE_VIRTUAL_FIELD (a shape
//    transition is followed statically);
//  - GUARD_SHAPE(_AT) and GUARD_LOCAL_OBJ on it are proven and dropped.
// Moves (locals, stack shuffles, frames pushed and popped, INIT_RESULT) carry
// the placeholder. Any other use is an escape: the virtual is materialized
// right before it (MATERIALIZE: allocated, fields copied, written over every
// placeholder of it), and so is every virtual still live where the trace
// leaves (JUMP_TO_TOP, EXIT_TRACE, a return past the base frame, a call of
// another trace). A virtual held in a field of another is materialized first.
//
// Exits: a uop that can exit while virtuals are live carries `virtuals`, what
// tracing/virtual-exits.ts needs to materialize them in TypeScript before
// tier-1 resumes; a side trace linked to such an exit starts by materializing
// them itself (entryMaterializations).
//
// The pass works on one straight stretch of uops (the peeled first iteration,
// the loop body, or a whole trace): nothing virtual crosses its end.
import { LAYOUT as L } from '../../../../build/layout.ts';
import { VIRTUAL_FIELD_WORDS } from '../../heap/heap.ts';
import { localWritten, variadicInputs, type TraceOp } from '../trace-ir.ts';
import { UOP_INFO } from './uop-lookups.ts';
import { bindStarEffect, expandStarEffect } from './call-facts.ts';

/** A virtual instance live at an exit, as the exit handler materializes it. */
export interface VirtualAtExit {
  id: number;
  classWord: bigint;
  /** The class object's address (the word's payload). */
  classAddress: number;
  shape: number;
  /** Its first field word (index into the virtual fields) and how many. */
  fieldsBase: number;
  words: number;
  /** Its NEW_VIRTUAL took its bytes off the lent buffer (the trace materializes it further on): a side trace's entry gives them back. */
  reserved: boolean;
}

/** What an exit needs to materialize the virtuals live there. */
export interface ExitVirtuals {
  /** Frames from the exit's frame down to the trace's base frame (where the placeholders may be, up to the stack top). */
  depth: number;
  /** Inner first: a virtual held in another's field comes before it. */
  virtuals: VirtualAtExit[];
  /** Virtual-field words in use there (a materialization scans them for placeholders). */
  fieldWords: number;
}

const VIRTUAL_MARK = 0x76;
/** A placeholder's high 32 bits (its low 32 are the virtual's id). */
export const PLACEHOLDER_HI = ((L.TAG_UNBOUND << 16) | VIRTUAL_MARK) >>> 0;
export const placeholderWord = (id: number): bigint => (BigInt(PLACEHOLDER_HI) << 32n) | BigInt(id);

/** STENCIL_JIT_NO_ALLOCATION_REMOVAL=1 turns the pass off (to measure what it does, side by side). */
const ALLOCATION_REMOVAL = !process.env.STENCIL_JIT_NO_ALLOCATION_REMOVAL;

/** Slot words a virtual may have (cases/virtuals.c MATERIALIZE: 8 bits). */
const MAX_VIRTUAL_WORDS = 32;
/** Field words one stretch may use (MATERIALIZE scans them: 8 bits). */
const FIELD_WORDS = Math.min(VIRTUAL_FIELD_WORDS, 255);

class Virtual {
  materialized = false;
  /** Uses the removal saved before it had to be materialized (field loads and guards). */
  saved = 0;
  /** Materialized by the trace itself (not only at exits). */
  nativelyMaterialized = false;
  readonly fields: Slot[];
  constructor(
    readonly id: number,
    readonly site: TraceOp,
    readonly classWord: bigint,
    readonly version: number,
    public shape: number,
    readonly fieldsBase: number,
    readonly words: number,
    readonly newOp: TraceOp,
  ) {
    this.fields = new Array<Slot>(words).fill(null);
  }
}
type Slot = Virtual | null;

class ModelFrame {
  readonly locals = new Map<number, Slot>();
  readonly stack: Slot[] = [];
  pop(): Slot { return this.stack.length > 0 ? this.stack.pop()! : null; }
  push(s: Slot): void { this.stack.push(s); }
  peek(d: number): Slot { return d <= this.stack.length ? this.stack[this.stack.length - d] : null; }
  set(d: number, s: Slot): void {
    while (this.stack.length < d) this.stack.unshift(null);
    this.stack[this.stack.length - d] = s;
  }
}

export interface VirtualsResult {
  ops: TraceOp[];
  /** Allocation sites whose instance this stretch no longer allocates on its path (not materialized natively). */
  removed: number;
}

/**
 * Removes allocations from one stretch of optimized uops. `classGuards`: the
 * GUARD_CLASS_AT the recorder emitted before each NEW_INSTANCE (the class word
 * and version, which guard elimination may have proven away since).
 * `nextId`: the first placeholder id to use (ids are unique per trace).
 */
export function removeAllocations(ops: readonly TraceOp[], classGuards: ReadonlyMap<TraceOp, TraceOp>, nextId: { value: number }): VirtualsResult {
  if (!ALLOCATION_REMOVAL || !ops.some((op) => op.uop === 'NEW_INSTANCE' && classGuards.has(op))) return { ops: [...ops], removed: 0 };
  // Sites whose instance would be materialized before any use was saved: left allocated.
  const excluded = new Set<TraceOp>();
  // Slot words a site's instance needs (an attribute __init__ adds past the recorded capacity).
  const minWords = new Map<TraceOp, number>();
  for (let round = 0; round < 8; round++) {
    const startId = nextId.value;
    const r = run(ops, classGuards, excluded, minWords, nextId);
    const useless = r.virtuals.filter((v) => v.nativelyMaterialized && v.saved === 0);
    if ((useless.length === 0 && !r.grew) || round === 7) {
      return { ops: r.ops, removed: r.virtuals.filter((v) => !v.nativelyMaterialized).length };
    }
    for (const v of useless) excluded.add(v.site);
    nextId.value = startId;
  }
  return { ops: [...ops], removed: 0 };
}

function run(ops: readonly TraceOp[], classGuards: ReadonlyMap<TraceOp, TraceOp>, excluded: ReadonlySet<TraceOp>, minWords: Map<TraceOp, number>, nextId: { value: number }): { ops: TraceOp[]; virtuals: Virtual[]; grew: boolean } {
  let grew = false;
  const out: TraceOp[] = [];
  const virtuals: Virtual[] = [];
  let frames: ModelFrame[] = [new ModelFrame()];
  let fieldWords = 0;
  // The word just above the stack top after POP_FRAME (the instance INIT_RESULT takes).
  let aboveTop: Slot = null;
  const top = () => frames[frames.length - 1];
  // (Whether a virtual's bytes are reserved is known once the stretch is done.)
  const atExits: [VirtualAtExit, Virtual][] = [];

  const replaceEverywhere = (v: Virtual) => {
    for (const f of frames) {
      for (const [k, s] of f.locals) if (s === v) f.locals.set(k, null);
      for (let i = 0; i < f.stack.length; i++) if (f.stack[i] === v) f.stack[i] = null;
    }
    for (const w of virtuals) for (let i = 0; i < w.fields.length; i++) if (w.fields[i] === v) w.fields[i] = null;
    if (aboveTop === v) aboveTop = null;
  };
  const materialize = (v: Virtual | null) => {
    if (v === null || v.materialized) return;
    v.materialized = true;
    active--;
    // What it holds escapes with it, first.
    for (const f of v.fields) materialize(f);
    v.nativelyMaterialized = true;
    // Its NEW_VIRTUAL takes the bytes off the lent buffer, so this never exits.
    v.newOp.operand1 = BigInt(v.newOp.operand1!) | 0x8000n;
    out.push({
      uop: 'MATERIALIZE',
      oparg: v.id | ((frames.length - 1) << 16),
      operand0: v.classWord,
      operand1: BigInt(v.shape) | (BigInt(v.fieldsBase) << 32n) | (BigInt(v.words) << 40n) | (BigInt(fieldWords) << 48n),
    });
    replaceEverywhere(v);
  };
  // Virtuals made and not materialized (none: nothing is live, the common case checked first).
  let active = 0;
  const live = (): Virtual[] => {
    if (active === 0) return [];
    const seen = new Set<Virtual>();
    const order: Virtual[] = [];
    const visit = (s: Slot) => {
      if (s === null || s.materialized || seen.has(s)) return;
      seen.add(s);
      for (const f of s.fields) visit(f);
      order.push(s);
    };
    for (const f of frames) {
      for (const s of f.locals.values()) visit(s);
      for (const s of f.stack) visit(s);
    }
    visit(aboveTop);
    return order;
  };
  const materializeAll = () => { if (active > 0) for (const v of live()) materialize(v); };
  const virtualAt = (s: Slot): Virtual | null => (s !== null && !s.materialized ? s : null);
  const withExit = (op: TraceOp): TraceOp => {
    if (op.resumePc === undefined || !UOP_INFO.get(op.uop)?.canExit) return op;
    const vs = live();
    if (vs.length === 0) return op;
    const at = vs.map((v): VirtualAtExit => {
      const a = { id: v.id, classWord: v.classWord, classAddress: Number(v.classWord & 0xffffffffffffn), shape: v.shape, fieldsBase: v.fieldsBase, words: v.words, reserved: false };
      atExits.push([a, v]);
      return a;
    });
    return { ...op, virtuals: { depth: frames.length - 1, fieldWords, virtuals: at } };
  };

  // Before the first instance that may be virtual nothing is: only the frames are followed.
  const first = ops.findIndex((op) => op.uop === 'NEW_INSTANCE' && classGuards.has(op) && !excluded.has(op));
  const skip = first < 0 ? ops.length : first;
  for (let i = 0; i < skip; i++) {
    const op = ops[i];
    out.push(op);
    if (op.uop === 'PUSH_FRAME' || op.uop === 'PUSH_GEN_FRAME') frames.push(new ModelFrame());
    else if (op.uop === 'POP_FRAME' || op.uop === 'CALL_TOP' || op.uop === 'CALL_TRACE' || op.uop === 'POP_GEN_FRAME' || op.uop === 'RETURN_GEN_FRAME' || op.uop === 'MAKE_GENERATOR') {
      frames.pop();
      if (frames.length === 0) frames = [new ModelFrame()];
    }
  }
  for (let i = skip; i < ops.length; i++) {
    const op = ops[i];
    const f = top();
    // Only INIT_RESULT, right after POP_FRAME, reads the word above the top.
    const above = aboveTop;
    aboveTop = null;
    switch (op.uop) {
      case 'NEW_INSTANCE': {
        const guard = classGuards.get(op);
        const words = Math.max(1, Number(BigInt(op.operand0!) & 0xfffffn), minWords.get(op) ?? 0);
        const n = op.oparg!;
        if (guard && !excluded.has(op) && words <= MAX_VIRTUAL_WORDS && fieldWords + words <= FIELD_WORDS && nextId.value < 0xffff && frames.length - 1 < 255) {
          out.push(withExit(op));
          const id = nextId.value++;
          const newOp: TraceOp = {
            ...out.pop()!,
            uop: 'NEW_VIRTUAL',
            operand0: placeholderWord(id),
            operand1: BigInt(fieldWords) | (BigInt(Number(op.operand1) & 0xffff) << 16n) | (BigInt(words) << 32n),
          };
          out.push(newOp);
          const v = new Virtual(id, op, BigInt(guard.operand0!), Number(guard.operand1), Number(BigInt(op.operand0!) >> 20n), fieldWords, words, newOp);
          fieldWords += words;
          virtuals.push(v);
          active++;
          const args: Slot[] = [];
          for (let i = 0; i < n; i++) args.unshift(f.pop());
          f.push(v);
          for (const a of args) f.push(a);
          continue;
        }
        for (let i = 1; i <= n; i++) materialize(virtualAt(f.peek(i)));
        out.push(withExit(op));
        const args: Slot[] = [];
        for (let i = 0; i < n; i++) args.unshift(f.pop());
        f.push(null);
        for (const a of args) f.push(a);
        continue;
      }
      case 'LOAD_SLOT': {
        const v = virtualAt(f.peek(1));
        if (v && op.oparg! < v.words) {
          v.saved++;
          out.push(withExit({ ...op, uop: 'LOAD_VIRTUAL_FIELD', oparg: v.fieldsBase + op.oparg! }));
          f.pop();
          f.push(v.fields[op.oparg!]);
          continue;
        }
        break;
      }
      case 'STORE_SLOT':
      case 'STORE_SLOT_ADD': {
        const v = virtualAt(f.peek(1));
        if (v && op.oparg! >= v.words && op.oparg! < MAX_VIRTUAL_WORDS) {
          minWords.set(v.site, op.oparg! + 1);
          grew = true;
        }
        if (v && op.oparg! < v.words) {
          const value = f.peek(2);
          // A virtual cannot hold itself (or a virtual holding it) without a cycle of materializations.
          if (value !== null && reaches(value, v)) materialize(value);
          if (!v.materialized) {
            out.push({ uop: 'STORE_VIRTUAL_FIELD', oparg: v.fieldsBase + op.oparg!, bcPc: op.bcPc, codeIndex: op.codeIndex, inlineDepth: op.inlineDepth });
            v.fields[op.oparg!] = virtualAt(f.peek(2));
            if (op.uop === 'STORE_SLOT_ADD') v.shape = Number(op.operand0);
            f.pop();
            f.pop();
            continue;
          }
        }
        break;
      }
      case 'GUARD_SHAPE':
      case 'GUARD_SHAPE_AT': {
        const d = op.uop === 'GUARD_SHAPE' ? 1 : op.oparg!;
        const v = virtualAt(f.peek(d));
        if (v && Number(op.operand0) === v.shape && Number(op.operand1) === v.version) {
          v.saved++;
          continue;
        }
        materialize(v);
        out.push(withExit(op));
        continue;
      }
      case 'GUARD_LOCAL_OBJ':
      case 'GUARD_LOCAL_TAG':
      case 'GUARD_LOCAL_FLOAT': {
        const v = virtualAt(f.locals.get(op.oparg!) ?? null);
        if (v && op.uop === 'GUARD_LOCAL_OBJ' && Number(op.operand0) === L.OBJ_INSTANCE) {
          v.saved++;
          continue;
        }
        materialize(v);
        out.push(withExit(op));
        continue;
      }
      case 'LOAD_LOCAL':
        out.push(withExit(op));
        f.push(f.locals.get(op.oparg!) ?? null);
        continue;
      case 'STORE_LOCAL':
        out.push(withExit(op));
        f.locals.set(op.oparg!, f.pop());
        continue;
      case 'STORE_LOCAL_KEEP':
        out.push(withExit(op));
        f.locals.set(op.oparg!, f.peek(1));
        continue;
      case 'POP_TOP':
        out.push(withExit(op));
        f.pop();
        continue;
      case 'COPY_TOP':
        out.push(withExit(op));
        f.push(f.peek(1));
        continue;
      case 'COPY_AT':
        out.push(withExit(op));
        f.push(f.peek(op.oparg!));
        continue;
      case 'SWAP': {
        out.push(withExit(op));
        const a = f.peek(2);
        f.set(2, f.peek(1));
        f.set(1, a);
        continue;
      }
      case 'SWAP_FIRST_THIRD': {
        out.push(withExit(op));
        const a = f.peek(3);
        f.set(3, f.peek(1));
        f.set(1, a);
        continue;
      }
      case 'INSERT_METHOD': {
        out.push(withExit(op));
        const items: Slot[] = [];
        for (let i = 0; i < op.oparg!; i++) items.unshift(f.pop());
        f.push(null);
        for (const it of items) f.push(it);
        continue;
      }
      case 'INSERT_REFLECTED': {
        out.push(withExit(op));
        const b = f.pop();
        const a = f.pop();
        f.push(null);
        f.push(b);
        f.push(a);
        continue;
      }
      case 'EXPAND_METHOD':
      case 'EXPAND_SUPER': {
        materialize(virtualAt(f.peek(op.oparg! + 1)));
        out.push(withExit(op));
        const args: Slot[] = [];
        for (let i = 0; i < op.oparg!; i++) args.unshift(f.pop());
        f.pop();
        f.push(null);
        f.push(null);
        for (const a of args) f.push(a);
        continue;
      }
      case 'GUARD_CLASS_AT':
        out.push(withExit(op));
        continue;
      case 'BIND_STAR_ARGS': {
        // The values go into a new tuple and dict (or stay as keyword-only parameters): they escape.
        const e = bindStarEffect(op.oparg!);
        for (let i = 1; i <= e.consumed; i++) materialize(virtualAt(f.peek(i)));
        out.push(withExit(op));
        for (let i = 0; i < e.consumed; i++) f.pop();
        for (let i = 0; i < e.kwonly + (e.varargs ? 1 : 0) + (e.varkw ? 1 : 0); i++) f.push(null);
        continue;
      }
      case 'EXPAND_STAR_KW': {
        const e = expandStarEffect(op.oparg!);
        for (let i = 1; i <= e.consumed + 1; i++) materialize(virtualAt(f.peek(i)));
        out.push(withExit(op));
        for (let i = 0; i <= e.consumed; i++) f.pop();
        for (let i = 0; i < 1 + (e.method ? 1 : 0) + e.spread; i++) f.push(null);
        continue;
      }
      case 'IS_SAME': {
        // Placeholders compare as the instances would: equal to themselves only.
        for (const s of [f.pop(), f.pop()]) if (virtualAt(s)) virtualAt(s)!.saved++;
        out.push(withExit(op));
        f.push(null);
        continue;
      }
      case 'INIT_RESULT':
        out.push(withExit(op));
        f.set(1, above);
        continue;
      case 'PUSH_FRAME': {
        out.push(withExit(op));
        const callee = new ModelFrame();
        const n = op.oparg!;
        for (let i = 0; i < n; i++) callee.locals.set(i, f.peek(n - i));
        frames.push(callee);
        continue;
      }
      case 'POP_FRAME': {
        // Returning past the trace's base frame: the placeholders would be below where exits look.
        if (frames.length === 1) materializeAll();
        out.push(withExit(op));
        const result = top().pop();
        frames.pop();
        if (frames.length === 0) frames = [new ModelFrame()];
        const caller = top();
        aboveTop = caller.peek(op.oparg!);
        for (let i = 0; i <= op.oparg!; i++) caller.pop();
        caller.push(result);
        continue;
      }
      case 'PUSH_GEN_FRAME':
        out.push(withExit(op));
        frames.push(new ModelFrame());
        continue;
      case 'MAKE_GENERATOR': {
        // The frame's locals (the arguments) go into the generator's block in the heap.
        materializeAll();
        out.push(withExit(op));
        frames.pop();
        if (frames.length === 0) frames = [new ModelFrame()];
        for (let i = 0; i <= op.oparg!; i++) top().pop();
        top().push(null);
        continue;
      }
      case 'POP_GEN_FRAME':
      case 'RETURN_GEN_FRAME': {
        // The generator's frame is saved into the heap (or dropped): nothing in it may stay a placeholder.
        materializeAll();
        out.push(withExit(op));
        const result = top().pop();
        frames.pop();
        if (frames.length === 0) frames = [new ModelFrame()];
        if (op.uop === 'POP_GEN_FRAME') top().push(result);
        else top().pop();
        continue;
      }
      case 'CALL_TOP':
      case 'CALL_TRACE': {
        // Another trace runs (and may exit) with these frames below it.
        materializeAll();
        out.push(withExit(op));
        frames.pop();
        if (frames.length === 0) frames = [new ModelFrame()];
        const caller = top();
        for (let i = 0; i <= op.callArgs!; i++) caller.pop();
        caller.push(null);
        continue;
      }
      case 'JUMP_TO_TOP':
      case 'EXIT_TRACE':
      case 'RETURN_TRACE':
      case 'RETURN_IF_CALLED':
        materializeAll();
        out.push(withExit(op));
        continue;
      case 'GUARD_INT_AT':
      case 'GUARD_STACK_IS':
        materialize(virtualAt(f.peek(op.oparg!)));
        out.push(withExit(op));
        continue;
      case 'GUARD_SLOT_SELF_METHOD_AT':
        // It reads the instance's slot: the instance must be one.
        materialize(virtualAt(f.peek(op.oparg! & 255)));
        out.push(withExit(op));
        continue;
      case 'RANGE_ITER_NEW':
        for (let i = 1; i <= op.oparg! + 1; i++) materialize(virtualAt(f.peek(i)));
        out.push(withExit(op));
        for (let i = 0; i <= op.oparg!; i++) f.pop();
        f.push(null);
        continue;
      case 'UNPACK_TUPLE':
      case 'UNPACK_LIST':
        materialize(virtualAt(f.peek(1)));
        out.push(withExit(op));
        f.pop();
        for (let i = 0; i < op.oparg!; i++) f.push(null);
        continue;
      case 'MAKE_CELL':
        // The local's value moves into a heap cell: it escapes.
        materialize(virtualAt(f.locals.get(op.oparg!) ?? null));
        out.push(withExit(op));
        f.locals.set(op.oparg!, null);
        continue;
      case 'MAKE_FUNCTION':
      case 'BUILD_LIST':
      case 'BUILD_TUPLE': {
        const n = variadicInputs(op);
        for (let i = 1; i <= n; i++) materialize(virtualAt(f.peek(i)));
        out.push(withExit(op));
        for (let i = 0; i < n; i++) f.pop();
        f.push(null);
        continue;
      }
    }
    // Any other uop: its declared operands escape (the uop looks at them).
    const effect = UOP_INFO.get(op.uop)?.stack;
    if (!effect) {
      materializeAll();
      out.push(withExit(op));
      continue;
    }
    // A uop that reads a stack word OPARG deep (its DSL effect does not say).
    if (op.uop.endsWith('_AT') && op.oparg !== undefined) materialize(virtualAt(f.peek(op.oparg)));
    for (let i = 1; i <= effect.inputs.length; i++) materialize(virtualAt(f.peek(i)));
    out.push(withExit(op));
    const popped: Slot[] = [];
    for (let i = 0; i < effect.inputs.length; i++) popped.unshift(f.pop());
    effect.outputs.forEach((name, k) => f.push(effect.inputs[k] === name ? popped[k] : null));
    const local = localWritten(op);
    if (local >= 0) f.locals.set(local, null);
  }
  materializeAll();
  for (const [a, v] of atExits) a.reserved = v.nativelyMaterialized;
  return { ops: out, virtuals, grew };
}

/** Whether virtual `from` is `to` or holds it through its fields. */
function reaches(from: Virtual, to: Virtual, seen = new Set<Virtual>()): boolean {
  if (from === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return from.fields.some((f) => f !== null && !f.materialized && reaches(f, to, seen));
}

/** The GUARD_CLASS_AT the recorder emitted right before each NEW_INSTANCE. */
export function classGuardsOf(recorded: readonly TraceOp[]): Map<TraceOp, TraceOp> {
  const m = new Map<TraceOp, TraceOp>();
  for (let i = 1; i < recorded.length; i++) {
    const op = recorded[i];
    const g = recorded[i - 1];
    if (op.uop === 'NEW_INSTANCE' && g.uop === 'GUARD_CLASS_AT' && g.oparg === op.oparg! + 1) m.set(op, g);
  }
  return m;
}

/**
 * The uops a side trace starts with when it grows from an exit where its parent
 * left virtuals live (`at`): the exit is linked natively, so the side trace
 * materializes them itself. Each exits to `resume` (the exit's own resume
 * point, where the exit handler materializes what is left) when the lent buffer is full.
 */
export function entryMaterializations(at: ExitVirtuals, resume: { resumePc: number; codeIndex: number }): TraceOp[] {
  return at.virtuals.map((v) => ({
    uop: 'MATERIALIZE_AT_ENTRY',
    oparg: v.id | (at.depth << 16) | (v.reserved ? 1 << 24 : 0),
    operand0: v.classWord,
    operand1: BigInt(v.shape) | (BigInt(v.fieldsBase) << 32n) | (BigInt(v.words) << 40n) | (BigInt(at.fieldWords) << 48n),
    resumePc: resume.resumePc,
    codeIndex: resume.codeIndex,
    reason: 'alloc',
    inlineDepth: 0,
    virtuals: at,
  }));
}
