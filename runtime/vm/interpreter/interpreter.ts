// The tier-1 interpreter: a switch-dispatched loop over the bytecode whose
// entire state (frames, locals, value stack) lives in native memory with the
// layouts of cases/vm.h, so JIT code can take over and hand back at any
// instruction. Small-int and float cases run inline without allocation;
// everything else goes through Operations and the runtime.
//
// Calls of Python functions push their frame in this loop (the frame rule of
// cases/vm.h: the callee's frame starts at the caller's stack pointer, a
// return writes the result into the callable's slot). TypeScript code that
// must call Python (a key function, __eq__, __init__ of a built-in base...)
// uses callValue: it pushes the callee frame above the current stack top and
// runs a nested dispatch loop until that frame returns. A few frames need
// something special when they end (the entry frame of such a nested loop, an
// __init__ frame whose caller wants the instance, a generator's frame): they
// are recorded on a small side stack, and RETURN_VALUE checks one address.
//
// The dispatch loop (execute) holds only the fast paths of the common
// instructions; a case that cannot finish inline leaves the switch with
// `break slow` and the instruction runs again, from the state before it, in
// slowOp (with the rare instructions). V8 compiles a smaller loop faster, and an
// untried path there deoptimizes slowOp, not the loop.
//
// Exceptions are zero-cost: nothing runs on entering a try block. When
// something raises, the failing frame's exception table (compiler.ts) is
// searched, then its callers', popping frames and recording the traceback.
//
// Hooks for the JIT (both cost one null check when unused). They run in
// slowOp, never in execute: V8 optimizes execute early, and a path it has
// no type feedback for deoptimizes the whole function when first taken
// (100-300 ms of CPU to compile it again); the first hot loop, recording or
// trace entry after that must cost a recompile of slowOp at most.
//  - hook.onHotLoop(frameAddr, pc, spAddr) runs when a backward jump's counter
//    reaches `threshold`; before the call, VMState.frame/sp and the frame's pc
//    (= the loop head) are written to memory. Returning true means "native
//    state changed": the interpreter reloads frame = VMState.frame,
//    sp = VMState.sp, pc = frame.pc and continues from there.
//  - recorder.onInstruction(frameAddr, spAddr, pc) runs before every
//    instruction while `recorder` is non-null; recorder.onException (if any)
//    runs when an instruction raised.
import { isStackOverflow } from '../limits/stack-overflow.ts';
import { clearPendingInterrupt } from '../signals/interrupt-cell.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import { BUILD_CLASS_KEYWORDS, BUILD_CLASS_MAX_BASES, Op } from '../frontend/bytecode.ts';
import { builtinSpec, type Keywords } from './builtin-registry.ts';
import type { Heap, RootSource } from '../heap/heap.ts';
import { callMethod } from './methods.ts';
import {
  CELL_VALUE_W, FUNCTION_CLOSURE_W, FUNCTION_CODE_INDEX_W, GENERATOR_CODE_W, GENERATOR_FRAME_W, GENERATOR_NVALUES_W,
  GENERATOR_PC_W, GENERATOR_STATE_W, Kind, METHOD_FUNC_W, METHOD_SELF_W,
} from '../heap/objects.ts';
import { CodeFlags, type CodeObject, type Program } from '../frontend/program.ts';
import { PyError, typeError, valueError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';
import { bindArguments } from './calls.ts';
import { declinableStep, DeclinedStep, finishDeclined } from './declined-specials.ts';
import { BUILTIN_NAMES, MODULE_GLOBALS } from './builtin-names.generated.ts';

/** Thrown where a builtin called in place from a trace would run Python code (Interpreter.inHostCall). */
export const HOST_CALL_DECLINED = new Error('a builtin called from a trace would run Python code');

const BUILTIN_SET = new Set<string>(BUILTIN_NAMES);

import {
  BOOL_HI, FIRST_TAG_HI, INT_HI, NONE_HI, TAG_INT, TAG_OBJ, TWO_32, UNBOUND_HI, fitsSmallInt,
} from '../heap/value-words.ts';

export interface HotLoopHook {
  /** Called at a hot loop head; return true when frame/sp/pc must be reloaded from native memory. */
  onHotLoop(frameAddr: number, pc: number, spAddr: number): boolean;
  /**
   * Called when a function called from tier-1 `threshold` times has just had
   * its frame pushed (frameAddr, its pc 0, spAddr = its empty stack); same contract.
   */
  onHotFunction?(frameAddr: number, spAddr: number): boolean;
  /**
   * Called when something traces may have specialised on changed (an attribute
   * of a built-in module was rebound): every trace must be dropped.
   */
  invalidateAll?(): void;
}

export interface InstructionRecorder {
  /**
   * Called before each instruction executes. Returning true means a trace ran
   * from this point: as for onHotLoop, the interpreter reloads frame, sp and pc
   * from native memory (VMState.frame/sp, frame.pc) instead of running it.
   */
  onInstruction(frameAddr: number, spAddr: number, pc: number): boolean | void;
  /** Called when the instruction last reported raised an exception. */
  onException?(): void;
}

export const FRAME_HEADER_WORDS = L.SIZEOF_FRAME_HEADER / 8;
const PREVIOUS_W = L.FRAME_PREVIOUS / 8;
const STACK_BASE_W = L.FRAME_STACK_BASE / 8;
const CODE_INDEX_W = L.FRAME_CODE_INDEX / 8;
const PC_W = L.FRAME_PC / 8;
const NLOCALS_W = L.FRAME_NLOCALS / 8;
const DEPTH_W = L.FRAME_DEPTH / 8;
const LOCALS_W = L.FRAME_LOCALS / 8;
const VM_FRAME_W = L.VM_FRAME / 8;
const VM_SP_W = L.VM_SP / 8;
// The low half of VMState.interrupt (set by the SIGINT handler), as a u32 index.
const VM_INTERRUPT_U32 = 2 * (L.VM_INTERRUPT / 8);
// Pseudo-instructions execute hands to slowOp for the JIT's hooks (never in
// bytecode, above every opcode): show the instruction at pc to the recorder; a
// hot function's frame was just pushed.
const RECORD_STEP = 1000;
const HOT_FUNCTION = 1001;
/** Functions whose calls do not count towards a function trace: generators and coroutines (their frame is made and suspended at once), class bodies. */
const CALLS_NOT_COUNTED = CodeFlags.GENERATOR | CodeFlags.COROUTINE | CodeFlags.CLASS_BODY;
const OBJ_FUNCTION = L.OBJ_FUNCTION;
const OBJ_BUILTIN = L.OBJ_BUILTIN;
const OBJ_LIST = L.OBJ_LIST;
const OBJ_RANGE = L.OBJ_RANGE;
const OBJ_LIST_ITER = L.OBJ_LIST_ITER;
const OBJ_GENERATOR = L.OBJ_GENERATOR;
const OBJ_METHOD = L.OBJ_METHOD;
const OBJ_INSTANCE = L.OBJ_INSTANCE;
const OBJ_TUPLE = L.OBJ_TUPLE;
const TUPLE_LENGTH_W = L.TUPLE_LENGTH / 8;
const TUPLE_ITEMS_W = L.TUPLE_ITEMS / 8;
const LIST_LENGTH_W = L.LIST_LENGTH / 8;
const LIST_ITEMS_W = L.LIST_ITEMS / 8;
const ITEMS_ITEMS_W = L.ITEMS_ITEMS / 8;
const RANGE_NEXT_W = L.RANGE_NEXT / 8;
const RANGE_STOP_W = L.RANGE_STOP / 8;
const RANGE_STEP_W = L.RANGE_STEP / 8;
const LIST_ITER_LIST_W = L.LIST_ITER_LIST / 8;
const LIST_ITER_INDEX_W = L.LIST_ITER_INDEX / 8;
const INSTANCE_SHAPE_W = L.INSTANCE_SHAPE / 8;
const INSTANCE_CLASS_W = L.INSTANCE_CLASS / 8;
const INSTANCE_SLOTS_W = L.INSTANCE_SLOTS / 8;
const INSTANCE_CAPACITY_W = L.INSTANCE_CAPACITY / 8;
const CLASS_VERSION_W = L.CLASS_VERSION / 8;
const SMALL_MIN = -(2 ** (L.SMALL_INT_BITS - 1));
const SMALL_MAX = 2 ** (L.SMALL_INT_BITS - 1) - 1;

// Opcode numbers appear as literals in the dispatch switch (so V8 builds a jump
// table); test/vm-bytecode.test.ts checks every `N /* NAME */` against bytecode.ts.
// Module-local copies of imported constants: imported bindings may be accessors
// under some loaders.
const TAG_INT_ = TAG_INT;
const TAG_OBJ_ = TAG_OBJ;
const TWO_32_ = TWO_32;
const BOOL_HI_ = BOOL_HI;
const NONE_HI_ = NONE_HI;
const UNBOUND_HI_ = UNBOUND_HI;
const FIRST_TAG_HI_ = FIRST_TAG_HI;
const INT_HI_ = INT_HI;

/** Kinds of frames that need attention when they end (bits of a special record). */
export const enum Special {
  /** The entry frame of a nested dispatch loop (callValue / resuming a generator from TypeScript). */
  REENTRANT = 1,
  /** An __init__ frame: the caller wants the new instance (the record's object), not __init__'s None. */
  INIT = 2,
  /** A generator's frame resumed by FOR_ITER (aux: the loop's exit pc). */
  GEN_FOR = 4,
  /** A generator's frame resumed by SEND (aux: SEND's exit pc). */
  GEN_SEND = 8,
  /** A generator's frame resumed from TypeScript (next(), send(); with REENTRANT). */
  GEN_CALL = 16,
  /** An operator's special method a trace inlined (aux: its DeclinedStep): NotImplemented continues the protocol. */
  DECLINABLE = 32,
}
const GENERATOR_KINDS = Special.GEN_FOR | Special.GEN_SEND | Special.GEN_CALL;

/** Upper half of a small-int word (local copy of value-words' smallIntHi for the hot loop). */
function smallHi(n: number): number {
  return (((n - (n >>> 0)) / TWO_32_) & 0xffff | INT_HI_) >>> 0;
}

/** Python's default; cases/vm.h has the same number for traces (frames below a frame are in Frame.depth). */
export const RECURSION_LIMIT = L.RECURSION_LIMIT;

export class Interpreter implements RootSource {
  /**
   * sys.getrecursionlimit(): frames deeper than this raise RecursionError in
   * tier-1. Traces exit to tier-1 at RECURSION_LIMIT (cases/vm.h), so a
   * higher limit is exact; a lower one is enforced only where tier-1 runs.
   */
  recursionLimit: number = RECURSION_LIMIT;
  hook: HotLoopHook | null = null;
  recorder: InstructionRecorder | null = null;
  /**
   * Backward jumps at one site (or calls of one function) before the hook
   * runs. 56 is LuaJIT's hotloop default; at 1000 the benchmarks spent
   * 10-35% of their time in tier-1 warming up.
   */
  threshold = 56;
  /** The threshold was set by the user (--threshold): the JIT's compile budget is off. */
  thresholdGiven = false;
  /** Per code object, per instruction: backward-jump counts (only while a hook is attached). */
  readonly counters: Int32Array[];
  /** Per code object: calls from tier-1 (only while a hook with onHotFunction is attached). */
  readonly callCounters: Int32Array;
  /**
   * Inline caches of LOAD_ATTR, STORE_ATTR and CALL_METHOD on instances, four
   * entries (a polymorphic site sees a few classes, e.g. sibling subclasses) of four
   * numbers per instruction: [shape, class version, slot or function, shape after].
   * A shape implies the class; the version says its attributes are unchanged.
   */
  private readonly caches: Int32Array[];
  /** Frame and stack pointer (word indices) as of the last slow-path call: the GC's roots, and where TypeScript pushes. */
  fp = -1;
  sp: number;
  /**
   * A trace is calling a builtin in place (tracing/host-calls.ts): its frames
   * are native, not tier-1's, so Python code cannot run from here; a builtin
   * that would run some gives up (HOST_CALL_DECLINED) and tier-1 makes the call.
   */
  inHostCall = false;
  depth = 0;
  private readonly heap: Heap;
  private readonly program: Program;
  /** Special frame records, four numbers each: frame, kinds (Special bits), object (instance/generator), aux (a pc). */
  private readonly specials: number[] = [];
  /** Numbers in use in `specials` (the array never shrinks: setting an array's length is slow in V8). */
  private specialsLen = 0;
  /** The innermost special frame, or -1 (RETURN_VALUE compares its frame with this). */
  specialTop = -1;
  /** A frame callAt pushed whose function just reached the call threshold (slowOp runs the JIT's hook for it), else -1. */
  private hotCallee = -1;
  /** Exception objects raised from TypeScript and not yet caught (kept alive). */
  readonly inFlight: number[] = [];
  /** Scratch word holding the exception being handled (sys.exc_info), a GC root. */
  readonly excInfoW: number;
  /** After resuming a generator from TypeScript: whether it returned (true) or yielded. */
  generatorReturned = false;

  constructor(private readonly rt: Runtime) {
    this.heap = rt.heap;
    this.program = rt.program;
    this.counters = rt.program.codes.map((c) => new Int32Array(c.code.length / 2));
    this.callCounters = new Int32Array(rt.program.codes.length);
    this.caches = rt.program.codes.map((c) => new Int32Array(8 * c.code.length).fill(-1));
    this.heap.rootSource = this;
    this.sp = this.heap.frameStackW;
    this.excInfoW = this.heap.scratchW + 63;
    rt.objs.setNone(this.excInfoW);
  }

  /** Address of the VMState block (frame, sp, globals, stack_limit, ...) in the arena. */
  get vmStateAddress(): number { return this.heap.addressOf(this.heap.vmStateW); }

  /** Runs the module code from the start. Throws PyError (with traceback) on an uncaught exception. */
  run(): void {
    const heap = this.heap;
    const fp = heap.frameStackW;
    const module = this.program.codes[0];
    this.writeFrame(fp, 0, module, 0);
    this.depth = 1;
    this.specialsLen = 0;
    this.specialTop = -1;
    this.execute(fp, fp + FRAME_HEADER_WORDS + module.nlocals, 0);
  }

  /**
   * Continues from native state alone: the frame at frameAddr runs from pc
   * with its stack pointer at spAddr; callers are reached through `previous`
   * and resume at their saved pc. Returns when the bottom frame returns.
   */
  resume(frameAddr: number, spAddr: number, pc: number): void {
    const fp = this.heap.wordOf(frameAddr);
    this.depth = this.frameDepth(fp);
    this.specialsLen = 0;
    this.specialTop = -1;
    this.execute(fp, this.heap.wordOf(spAddr), pc);
  }

  private frameDepth(fp: number): number {
    let d = 0;
    for (let f = fp; ; d++) {
      const prev = this.heap.readI64(f + PREVIOUS_W);
      if (prev === 0) return d + 1;
      f = this.heap.wordOf(prev);
    }
  }

  /** GC roots: every frame's locals and value stack (a caller's stack ends at its callee's frame), special records, in-flight exceptions. */
  markRoots(heap: Heap): void {
    for (const o of this.inFlight) heap.markObject(o);
    for (let i = 0; i < this.specialsLen; i += 4) if (this.specials[i + 2] >= 0) heap.markObject(this.specials[i + 2]);
    if (this.fp < 0) {
      heap.markRange(heap.frameStackW, this.sp);
      return;
    }
    let top = this.sp;
    let f = this.fp;
    for (;;) {
      heap.markRange(f + LOCALS_W, top);
      const prev = heap.readI64(f + PREVIOUS_W);
      if (prev === 0) {
        // TypeScript may have pushed below the module frame's locals only before run(); nothing there.
        break;
      }
      top = f;
      f = heap.wordOf(prev);
    }
  }

  private writeFrame(fp: number, previousAddr: number, code: CodeObject, firstArgs: number): void {
    const heap = this.heap;
    const u32 = heap.u32;
    const locals = fp + LOCALS_W;
    heap.writeI64(fp + PREVIOUS_W, previousAddr);
    heap.writeI64(fp + STACK_BASE_W, heap.addressOf(locals + code.nlocals));
    heap.writeI64(fp + CODE_INDEX_W, code.index);
    heap.writeI64(fp + PC_W, 0);
    heap.writeI64(fp + NLOCALS_W, code.nlocals);
    heap.writeI64(fp + DEPTH_W, 0);
    for (let i = firstArgs; i < code.nlocals; i++) {
      u32[2 * (locals + i)] = 0;
      u32[2 * (locals + i) + 1] = UNBOUND_HI_;
    }
  }

  // ---- the TypeScript side of the value stack ---------------------------------------

  /** Copies the value at slot w to the top of the stack; returns the new slot. */
  push(w: number): number {
    const s = this.sp;
    if (s >= this.heap.frameStackEndW - 8) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    this.heap.u32[2 * s] = this.heap.u32[2 * w];
    this.heap.u32[2 * s + 1] = this.heap.u32[2 * w + 1];
    this.sp = s + 1;
    return s;
  }

  /** Pushes a reference to object o; returns the slot. */
  pushObject(o: number): number {
    const s = this.sp;
    if (s >= this.heap.frameStackEndW - 8) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    this.heap.setObject(s, o);
    this.sp = s + 1;
    return s;
  }

  /** Pushes None; returns the slot. */
  pushNone(): number {
    const s = this.sp;
    if (s >= this.heap.frameStackEndW - 8) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    this.rt.objs.setNone(s);
    this.sp = s + 1;
    return s;
  }

  popN(n: number): void {
    this.sp -= n;
  }

  /**
   * Calls the value at `base` with the `nargs` values after it (positional,
   * then the values of `kwnames`), which must be the top of the stack. The
   * result replaces the callable; sp becomes base + 1. Python code runs in a
   * nested dispatch loop; its exceptions come out as PyError.
   */
  callValue(base: number, nargs: number, kwnames: string[] | null = null): void {
    if (this.inHostCall) throw HOST_CALL_DECLINED;
    const savedFp = this.fp;
    const nf = this.callAt(savedFp, base, nargs, kwnames, -1, false);
    if (nf < 0) {
      this.sp = base + 1;
      return;
    }
    this.runNested(nf, savedFp, Special.REENTRANT, -1, 0);
    this.sp = base + 1;
  }

  /** Runs frame nf (just pushed, this.sp its stack top) until it ends, as a special frame of `kind`. */
  private runNested(nf: number, savedFp: number, kind: number, obj: number, aux: number): void {
    const depth = this.depth - 1;
    const sp = this.sp;
    this.pushSpecial(nf, kind, obj, aux);
    const pc = this.heap.readI64(nf + PC_W);
    try {
      this.execute(nf, sp, pc);
    } finally {
      this.fp = savedFp;
      this.depth = depth;
    }
  }

  /**
   * Frames a trace pushed become tier-1's when it exits to this loop: an
   * __init__ frame the trace inlined keeps its class in the callable slot
   * (cases/calls.c: tier-1's own have __init__ there) and gets the record
   * tier-1 gives the __init__ frames it pushes, so its return yields the
   * instance; a generator frame a trace resumed for a FOR_ITER (the running
   * generator right below it: cases/uops_generators.c) gets the GEN_FOR
   * record tier-1 gives the ones it resumes. A trace may also have yielded out
   * of a generator frame tier-1 resumed: its record goes. topW: the frame
   * tier-1 resumes; boundaryW: the frame the traces could not return from
   * (every frame of theirs lies above it, or is a generator frame resumed
   * again where the one they yielded out of was).
   */
  adoptTraceFrames(topW: number, boundaryW: number): void {
    const heap = this.heap;
    const u32 = heap.u32;
    let floor = boundaryW;
    while (this.specialsLen > 0 && (this.specialTop > topW || !this.specialLive())) {
      this.popSpecial();
      // Its consumer's frames below it may hold new frames: look down to the next record (rare: a yield out of the boundary).
      floor = this.specialTop;
    }
    // Frame, kind, object, aux quadruples, innermost first.
    let adopted: number[] | null = null;
    for (let f = topW; f > floor;) {
      const code = this.program.codes[heap.readI64(f + CODE_INDEX_W)];
      const prev = heap.readI64(f + PREVIOUS_W);
      const g = code.flags & CodeFlags.GENERATOR ? this.runningGeneratorBelow(f) : -1;
      const callable = f - code.nparams - 1;
      if (g >= 0 && prev !== 0) {
        // Resumed by FOR_ITER: the consumer waits right after it, and leaves its loop when the generator returns.
        const consumer = heap.wordOf(prev);
        const forPc = heap.readI64(consumer + PC_W) - 1;
        const bc = this.program.codes[heap.readI64(consumer + CODE_INDEX_W)].code;
        if (bc[2 * forPc] !== Op.FOR_ITER) throw new Error('internal error: a trace resumed a generator outside a for loop');
        (adopted ??= []).push(f, Special.GEN_FOR, g, bc[2 * forPc + 1]);
      } else if (u32[2 * callable + 1] >>> 16 === TAG_OBJ_ && u32[2 * heap.objectAt(callable)] === L.OBJ_CLASS) {
        (adopted ??= []).push(f, Special.INIT, heap.objectAt(callable + 1), 0);
      } else if (prev !== 0) {
        // An operator's special method (declined-specials.ts).
        const step = declinableStep(this.rt, this.program, f, heap.wordOf(prev));
        if (step !== DeclinedStep.NONE) (adopted ??= []).push(f, Special.DECLINABLE, -1, step);
      }
      if (prev === 0) break;
      f = heap.wordOf(prev);
    }
    if (adopted === null) return;
    for (let i = adopted.length - 4; i >= 0; i -= 4) this.pushSpecial(adopted[i], adopted[i + 1], adopted[i + 2], adopted[i + 3]);
  }

  /** The generator running in frame f when it is the word right below f (a FOR_ITER resumed it), or -1. */
  private runningGeneratorBelow(f: number): number {
    const heap = this.heap;
    if (heap.u32[2 * (f - 1) + 1] >>> 16 !== TAG_OBJ_) return -1;
    const g = heap.objectAt(f - 1);
    if (heap.u32[2 * g] !== OBJ_GENERATOR || heap.readI64(g + GENERATOR_STATE_W) !== L.GEN_RUNNING) return -1;
    return heap.readI64(g + GENERATOR_CODE_W) === heap.readI64(f + CODE_INDEX_W) ? g : -1;
  }

  /** Whether the innermost special record still describes its frame (a trace may have yielded out of a GEN_FOR frame). */
  private specialLive(): boolean {
    const n = this.specialsLen - 4;
    if (!(this.specials[n + 1] & Special.GEN_FOR)) return true;
    return this.runningGeneratorBelow(this.specials[n]) === this.specials[n + 2];
  }

  /** Whether tier-1's record about frame fp (the innermost) is only that it is an inlined operator method (its return is plain but for NotImplemented). */
  onlyDeclinable(fp: number): boolean {
    return fp === this.specialTop && this.specials[this.specialsLen - 3] === Special.DECLINABLE;
  }

  private pushSpecial(fp: number, kind: number, obj: number, aux: number): void {
    const s = this.specials;
    if (fp === this.specialTop) {
      // One frame, two reasons (an __init__ frame called from TypeScript).
      s[this.specialsLen - 3] |= kind;
      if (obj >= 0) s[this.specialsLen - 2] = obj;
      return;
    }
    const n = this.specialsLen;
    s[n] = fp;
    s[n + 1] = kind;
    s[n + 2] = obj;
    s[n + 3] = aux;
    this.specialsLen = n + 4;
    this.specialTop = fp;
  }

  private popSpecial(): void {
    const s = this.specials;
    const n = this.specialsLen - 4;
    this.specialsLen = n;
    this.specialTop = n > 0 ? s[n - 4] : -1;
  }

  // ---- frames and calls ------------------------------------------------------------

  /**
   * Pushes a frame for `callee` at sp (the word after its nparams arguments),
   * saving the caller's resume pc. Returns the new frame's word index.
   */
  private pushFrame(fp: number, sp: number, pc: number, callee: CodeObject, nargs: number): number {
    const heap = this.heap;
    const nf = sp;
    const nlocals = callee.nlocals;
    if (nf + FRAME_HEADER_WORDS + nlocals + callee.maxStack > heap.frameStackEndW || this.depth >= this.recursionLimit) {
      throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    }
    this.depth++;
    const u32 = heap.u32;
    // Addresses are base + 8 * word; split into 32-bit halves without allocation.
    const base = heap.base;
    if (fp >= 0 && pc >= 0) {
      u32[2 * (fp + PC_W)] = pc;
      u32[2 * (fp + PC_W) + 1] = 0;
    }
    const prev = fp >= 0 ? base + fp * 8 : 0;
    u32[2 * (nf + PREVIOUS_W)] = prev >>> 0;
    u32[2 * (nf + PREVIOUS_W) + 1] = (prev - (prev >>> 0)) / 4294967296;
    const locals = nf + LOCALS_W;
    const stackBase = base + (locals + nlocals) * 8;
    u32[2 * (nf + STACK_BASE_W)] = stackBase >>> 0;
    u32[2 * (nf + STACK_BASE_W) + 1] = (stackBase - (stackBase >>> 0)) / 4294967296;
    u32[2 * (nf + CODE_INDEX_W)] = callee.index;
    u32[2 * (nf + CODE_INDEX_W) + 1] = 0;
    u32[2 * (nf + PC_W)] = 0;
    u32[2 * (nf + PC_W) + 1] = 0;
    u32[2 * (nf + NLOCALS_W)] = nlocals;
    u32[2 * (nf + NLOCALS_W) + 1] = 0;
    u32[2 * (nf + DEPTH_W)] = this.depth - 1;
    u32[2 * (nf + DEPTH_W) + 1] = 0;
    for (let i = 0, src = sp - nargs; i < nargs; i++, src++) {
      u32[2 * (locals + i)] = u32[2 * src];
      u32[2 * (locals + i) + 1] = u32[2 * src + 1];
    }
    for (let i = nargs; i < nlocals; i++) {
      u32[2 * (locals + i)] = 0;
      u32[2 * (locals + i) + 1] = UNBOUND_HI_;
    }
    return nf;
  }

  /**
   * The general call: [base] called with [base+1 .. base+nargs] (positional,
   * then the values of kwnames). Pushes the frame of a Python function (the
   * caller's resume pc is `pc`) and returns it (this.sp = its stack top), or
   * completes the call (result in base, this.sp = base + 1) and returns -1.
   */
  callAt(fp: number, base: number, nargs: number, kwnames: string[] | null, pc: number, fromLoop: boolean): number {
    const rt = this.rt;
    const heap = this.heap;
    const u32 = heap.u32;
    for (let guard = 0; ; guard++) {
      this.fp = fp;
      this.sp = base + 1 + nargs;
      if (u32[2 * base + 1] >>> 16 !== TAG_OBJ_) break;
      const o = heap.objectAt(base);
      const type = u32[2 * o];
      if (type === OBJ_FUNCTION) {
        const code = this.program.codes[u32[2 * (o + FUNCTION_CODE_INDEX_W)]];
        let top = base + 1 + nargs;
        if (kwnames !== null || code.nparams !== code.argcount || nargs !== code.argcount) top = bindArguments(rt, o, code, base, nargs, kwnames);
        const nf = this.pushFrame(fp, top, pc, code, code.nparams);
        this.sp = nf + LOCALS_W + code.nlocals;
        // Calls that bind arguments, closures, functions with cells: counted here as the fast path counts
        // plain ones, so they get function traces too; the hook runs once the call's slow path is done.
        if (fromLoop && this.hook?.onHotFunction !== undefined && (code.flags & CALLS_NOT_COUNTED) === 0 && ++this.callCounters[code.index] >= this.threshold) this.hotCallee = nf;
        return nf;
      }
      if (type === OBJ_METHOD) {
        // self becomes the first argument: [method a0..] -> [func self a0..]
        this.insertArgumentAt(base, nargs);
        rt.objs.copy(base, o + METHOD_FUNC_W);
        rt.objs.copy(base + 1, o + METHOD_SELF_W);
        nargs++;
        continue;
      }
      if (type === OBJ_BUILTIN) {
        const npos = nargs - (kwnames === null ? 0 : kwnames.length);
        builtinSpec(u32[2 * (o + 1)]).fn(rt, base + 1, npos, base, kwnames === null ? null : this.keywords(base + 1 + npos, kwnames));
        this.fp = fp;
        this.sp = base + 1;
        return -1;
      }
      if (type === L.OBJ_CLASS) {
        const r = rt.classes.construct(base, nargs, kwnames);
        if (r === null) {
          this.fp = fp;
          this.sp = base + 1;
          return -1;
        }
        // A Python __init__: [cls a0..] became [init instance a0..]; its frame returns the instance
        // (a special frame: not entered through a function trace, which returns its own value).
        const nf = this.callAt(fp, base, nargs + 1, kwnames, pc, false);
        if (nf < 0) throw new Error('internal error: __init__ did not push a frame');
        this.pushSpecial(nf, Special.INIT, r, 0);
        return nf;
      }
      if (type === L.OBJ_BUILTIN_METHOD) {
        rt.callBuiltinMethod(base, nargs, kwnames);
        this.fp = fp;
        this.sp = base + 1;
        return -1;
      }
      if (type === OBJ_INSTANCE) {
        // __call__: the instance becomes the first argument of its class's __call__.
        const call = rt.types.lookup(rt.types.classOf(base), '__call__');
        if (call < 0) break;
        this.insertArgumentAt(base, nargs);
        rt.objs.copy(base + 1, base);
        rt.objs.copy(base, call);
        nargs++;
        if (guard > 100) break;
        continue;
      }
      break;
    }
    throw typeError(`'${rt.typeName(base)}' object is not callable`);
  }

  /** Moves [base+1 .. base+1+n) up by one word, leaving base+1 free (its old value stays there too). */
  insertArgumentAt(base: number, n: number): void {
    const u32 = this.heap.u32;
    const top = base + 1 + n;
    if (top >= this.heap.frameStackEndW - 8) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    // A loop: copyWithin costs more for the few words a call moves.
    for (let w = top; w > base + 1; w--) {
      u32[2 * w] = u32[2 * w - 2];
      u32[2 * w + 1] = u32[2 * w - 1];
    }
    this.sp = top + 1;
  }

  private keywords(first: number, names: string[]): Keywords {
    const kw: Keywords = new Map();
    names.forEach((name, i) => kw.set(name, first + i));
    return kw;
  }

  // ---- generators ---------------------------------------------------------------------

  /**
   * Pushes generator g's frame at sp with `sent` (a value slot) as the result of
   * the yield it is suspended at; returns the frame. The caller records it as
   * a special frame.
   */
  private resumeGenerator(fp: number, sp: number, pc: number, g: number, sent: number): number {
    const heap = this.heap;
    const rt = this.rt;
    const state = heap.readI64(g + GENERATOR_STATE_W);
    if (state === L.GEN_RUNNING) throw valueError(`${rt.generators.isCoroutine(g) ? 'coroutine' : 'generator'} already executing`);
    if (state === L.GEN_CREATED && !rt.objs.isNone(sent)) {
      throw typeError(`can't send non-None value to a just-started ${rt.generators.isCoroutine(g) ? 'coroutine' : 'generator'}`);
    }
    const code = this.program.codes[heap.readI64(g + GENERATOR_CODE_W)];
    const nvalues = heap.readI64(g + GENERATOR_NVALUES_W);
    // Read the sent value before the frame header may overwrite its slot.
    const sentLo = heap.u32[2 * sent];
    const sentHi = heap.u32[2 * sent + 1];
    const nf = this.pushFrame(fp, sp, pc, code, 0);
    const saved = heap.wordOf(heap.readI64(g + GENERATOR_FRAME_W)) + ITEMS_ITEMS_W;
    const locals = nf + LOCALS_W;
    heap.u32.copyWithin(2 * locals, 2 * saved, 2 * (saved + nvalues));
    const top = locals + nvalues;
    heap.u32[2 * top] = sentLo;
    heap.u32[2 * top + 1] = sentHi;
    heap.writeI64(nf + PC_W, heap.readI64(g + GENERATOR_PC_W));
    heap.writeI64(g + GENERATOR_STATE_W, L.GEN_RUNNING);
    this.sp = top + 1;
    return nf;
  }

  /** Saves the running generator frame fp (stack top sp, not counting the yielded value) into g, suspended at pc. */
  private suspendGenerator(fp: number, sp: number, pc: number, g: number): void {
    const heap = this.heap;
    const locals = fp + LOCALS_W;
    const nvalues = sp - locals;
    const saved = heap.wordOf(heap.readI64(g + GENERATOR_FRAME_W)) + ITEMS_ITEMS_W;
    heap.u32.copyWithin(2 * saved, 2 * locals, 2 * sp);
    heap.writeI64(g + GENERATOR_NVALUES_W, nvalues);
    heap.writeI64(g + GENERATOR_PC_W, pc);
    heap.writeI64(g + GENERATOR_STATE_W, L.GEN_SUSPENDED);
  }

  /**
   * Resumes generator `gen` (object) from TypeScript with the value at slot
   * `sent` and runs it until it yields or returns. The yielded or returned
   * value is written to `dst`; returns true when it returned.
   */
  resumeFromTs(gen: number, sent: number, dst: number): boolean {
    if (this.inHostCall) throw HOST_CALL_DECLINED;
    const savedFp = this.fp;
    const sp = this.sp;
    const nf = this.resumeGenerator(savedFp, sp, 0, gen, sent);
    this.runNested(nf, savedFp, Special.REENTRANT | Special.GEN_CALL, gen, dst);
    this.sp = sp;
    return this.generatorReturned;
  }

  /** Resumes a generator with an exception raised at its yield (generator.throw / close). */
  throwIntoGenerator(gen: number, err: PyError, dst: number): boolean {
    if (this.inHostCall) throw HOST_CALL_DECLINED;
    const savedFp = this.fp;
    const sp = this.sp;
    const none = this.pushNone();
    const nf = this.resumeGenerator(savedFp, sp + 1, 0, gen, none);
    this.pendingThrow = err;
    try {
      this.runNested(nf, savedFp, Special.REENTRANT | Special.GEN_CALL, gen, dst);
    } finally {
      this.pendingThrow = null;
    }
    this.sp = sp;
    return this.generatorReturned;
  }

  /** An exception to raise as soon as the resumed generator frame runs (throwIntoGenerator). */
  private pendingThrow: PyError | null = null;
  /** An error a special return raises in the frame it returns to (set by specialReturn). */
  private raiseInCaller: PyError | null = null;

  // ---- the dispatch loop --------------------------------------------------------------

  private execute(fp: number, sp: number, pc: number): void {
    // Locals for constants: cheaper than module-scope reads in the dispatch loop.
    const lPREVIOUS_W = PREVIOUS_W;
    const lCODE_INDEX_W = CODE_INDEX_W;
    const lPC_W = PC_W;
    const lLOCALS_W = LOCALS_W;
    const lVM_FRAME_W = VM_FRAME_W;
    const lVM_SP_W = VM_SP_W;
    const lVM_INTERRUPT_U32 = VM_INTERRUPT_U32;
    const lOBJ_FUNCTION = OBJ_FUNCTION;
    const lOBJ_BUILTIN = OBJ_BUILTIN;
    const lOBJ_LIST = OBJ_LIST;
    const lOBJ_RANGE = OBJ_RANGE;
    const lOBJ_LIST_ITER = OBJ_LIST_ITER;
    const lOBJ_TUPLE = OBJ_TUPLE;
    const lTUPLE_LENGTH_W = TUPLE_LENGTH_W;
    const lTUPLE_ITEMS_W = TUPLE_ITEMS_W;
    const lLIST_LENGTH_W = LIST_LENGTH_W;
    const lLIST_ITEMS_W = LIST_ITEMS_W;
    const lITEMS_ITEMS_W = ITEMS_ITEMS_W;
    const lRANGE_NEXT_W = RANGE_NEXT_W;
    const lRANGE_STOP_W = RANGE_STOP_W;
    const lRANGE_STEP_W = RANGE_STEP_W;
    const lLIST_ITER_LIST_W = LIST_ITER_LIST_W;
    const lLIST_ITER_INDEX_W = LIST_ITER_INDEX_W;
    const lOBJ_INSTANCE = OBJ_INSTANCE;
    const lINSTANCE_SHAPE_W = INSTANCE_SHAPE_W;
    const lINSTANCE_CLASS_W = INSTANCE_CLASS_W;
    const lINSTANCE_SLOTS_W = INSTANCE_SLOTS_W;
    const lINSTANCE_CAPACITY_W = INSTANCE_CAPACITY_W;
    const lCLASS_VERSION_W = CLASS_VERSION_W;
    const lSMALL_MIN = SMALL_MIN;
    const lSMALL_MAX = SMALL_MAX;
    const lTAG_INT_ = TAG_INT_;
    const lTAG_OBJ_ = TAG_OBJ_;
    const lTWO_32_ = TWO_32_;
    const lBOOL_HI_ = BOOL_HI_;
    const lNONE_HI_ = NONE_HI_;
    const lUNBOUND_HI_ = UNBOUND_HI_;
    const lFIRST_TAG_HI_ = FIRST_TAG_HI_;
    const lINT_HI_ = INT_HI_;
    const rt = this.rt;
    const heap = this.heap;
    const objs = rt.objs;
    const ops = rt.ops;
    const u32 = heap.u32;
    const i32 = heap.i32;
    const f64 = heap.f64;
    const base = heap.base;
    const codes = this.program.codes;
    const names = this.program.names;
    const constW = heap.constantsW;
    const globW = heap.globalsW;
    let code = codes[heap.readI64(fp + lCODE_INDEX_W)];
    let bc = code.code;
    let locals = fp + lLOCALS_W;
    let hook = this.hook;
    let recorder = this.recorder;
    // The recorder has seen the instruction at pc (RECORD_STEP ran): run it.
    let recorded = false;
    let a = 0;
    let b = 0;
    // A generator resumed by throw(): the exception is raised at the yield.
    let pending: PyError | null = this.pendingThrow;
    this.pendingThrow = null;
    for (;;) {
      try {
        if (pending !== null) {
          // Raised at the yield the generator is suspended at (the instruction before pc).
          const p = pending;
          pending = null;
          throw p;
        }
        for (;;) {
          // While a recording runs, each instruction is first shown to the
          // recorder out of line (RECORD_STEP in slowOp), then runs here.
          let op = RECORD_STEP;
          let arg = 0;
          slow: {
          if (recorder !== null && !recorded) break slow;
          recorded = false;
          op = bc[2 * pc];
          arg = bc[2 * pc + 1];
          pc++;
          switch (op) {
            case 0 /* NOP */: break;
            case 1 /* LOAD_CONST */:
              u32[2 * sp] = u32[2 * (constW + arg)];
              u32[2 * sp + 1] = u32[2 * (constW + arg) + 1];
              sp++;
              break;
            case 2 /* LOAD_LOCAL */: {
              const s = locals + arg;
              const hi = u32[2 * s + 1];
              if (hi === lUNBOUND_HI_) {
                throw new PyError('UnboundLocalError', `cannot access local variable '${code.localNames[arg]}' where it is not associated with a value`);
              }
              u32[2 * sp] = u32[2 * s];
              u32[2 * sp + 1] = hi;
              sp++;
              break;
            }
            case 3 /* STORE_LOCAL */:
              sp--;
              u32[2 * (locals + arg)] = u32[2 * sp];
              u32[2 * (locals + arg) + 1] = u32[2 * sp + 1];
              break;
            case 4 /* LOAD_GLOBAL */: {
              const g = globW + arg;
              const hi = u32[2 * g + 1];
              if (hi === lUNBOUND_HI_) throw this.nameError(this.program.globalNames[arg], fp, code);
              u32[2 * sp] = u32[2 * g];
              u32[2 * sp + 1] = hi;
              sp++;
              break;
            }
            case 5 /* STORE_GLOBAL */:
              sp--;
              u32[2 * (globW + arg)] = u32[2 * sp];
              u32[2 * (globW + arg) + 1] = u32[2 * sp + 1];
              break;
            case 6 /* POP_TOP */: sp--; break;
            case 7 /* DUP_TOP */:
              u32[2 * sp] = u32[2 * sp - 2];
              u32[2 * sp + 1] = u32[2 * sp - 1];
              sp++;
              break;
            case 31 /* ROT_TWO */: {
              const lo = u32[2 * sp - 2];
              const hi = u32[2 * sp - 1];
              u32[2 * sp - 2] = u32[2 * sp - 4];
              u32[2 * sp - 1] = u32[2 * sp - 3];
              u32[2 * sp - 4] = lo;
              u32[2 * sp - 3] = hi;
              break;
            }
            case 8 /* BINARY_OP */: {
              a = sp - 2;
              b = sp - 1;
              const ha = u32[2 * a + 1];
              const hb = u32[2 * b + 1];
              if (ha >>> 16 === lTAG_INT_ && hb >>> 16 === lTAG_INT_ && (arg < 6 /* POW */ || (arg >= 12 /* INPLACE_ADD */ && arg < 18 /* INPLACE_POW */))) {
                const x = ((ha << 16) >> 16) * lTWO_32_ + u32[2 * a];
                const y = ((hb << 16) >> 16) * lTWO_32_ + u32[2 * b];
                let r: number;
                switch (arg) {
                  case 0 /* ADD */: case 12 /* INPLACE_ADD */: r = x + y; break;
                  case 1 /* SUB */: case 13 /* INPLACE_SUB */: r = x - y; break;
                  case 2 /* MUL */: case 14 /* INPLACE_MUL */: r = x * y; break;
                  case 3 /* TRUEDIV */: case 15 /* INPLACE_TRUEDIV */:
                    if (y === 0) throw new PyError('ZeroDivisionError', 'division by zero');
                    f64[a] = x / y;
                    sp--;
                    continue;
                  case 4 /* FLOORDIV */: case 16 /* INPLACE_FLOORDIV */:
                    if (y === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
                    r = Math.floor(x / y);
                    break;
                  default: // MOD, INPLACE_MOD
                    if (y === 0) throw new PyError('ZeroDivisionError', 'integer modulo by zero');
                    r = x % y;
                    if (r !== 0 && (r < 0) !== (y < 0)) r += y;
                    break;
                }
                if (r >= lSMALL_MIN && r <= lSMALL_MAX) {
                  u32[2 * a] = r >>> 0;
                  u32[2 * a + 1] = smallHi(r);
                  sp--;
                  break;
                }
              } else if (ha < lFIRST_TAG_HI_ && hb < lFIRST_TAG_HI_ && (arg <= 2 /* MUL */ || (arg >= 12 /* INPLACE_ADD */ && arg <= 14 /* INPLACE_MUL */))) {
                const x = f64[a];
                const y = f64[b];
                f64[a] = arg === 1 /* SUB */ || arg === 13 /* INPLACE_SUB */ ? x - y : arg === 2 /* MUL */ || arg === 14 /* INPLACE_MUL */ ? x * y : x + y;
                sp--;
                break;
              }
              break slow;
            }
            case 9 /* COMPARE_OP */: {
              a = sp - 2;
              b = sp - 1;
              const ha = u32[2 * a + 1];
              const hb = u32[2 * b + 1];
              let r: boolean;
              if (ha >>> 16 === lTAG_INT_ && hb >>> 16 === lTAG_INT_ && arg <= 5 /* GE */) {
                const x = ((ha << 16) >> 16) * lTWO_32_ + u32[2 * a];
                const y = ((hb << 16) >> 16) * lTWO_32_ + u32[2 * b];
                switch (arg) {
                  case 0 /* LT */: r = x < y; break;
                  case 1 /* LE */: r = x <= y; break;
                  case 2 /* EQ */: r = x === y; break;
                  case 3 /* NE */: r = x !== y; break;
                  case 4 /* GT */: r = x > y; break;
                  default: r = x >= y; break;
                }
              } else if (ha < lFIRST_TAG_HI_ && hb < lFIRST_TAG_HI_ && arg <= 5 /* GE */) {
                const x = f64[a];
                const y = f64[b];
                switch (arg) {
                  case 0 /* LT */: r = x < y; break;
                  case 1 /* LE */: r = x <= y; break;
                  case 2 /* EQ */: r = x === y; break;
                  case 3 /* NE */: r = x !== y; break;
                  case 4 /* GT */: r = x > y; break;
                  default: r = x >= y; break;
                }
              } else if (arg === 6 /* IS */ || arg === 7 /* IS_NOT */) {
                r = (u32[2 * a] === u32[2 * b] && ha === hb) === (arg === 6 /* IS */);
              } else {
                break slow;
              }
              u32[2 * a] = r ? 1 : 0;
              u32[2 * a + 1] = lBOOL_HI_;
              sp--;
              break;
            }
            case 10 /* UNARY */: {
              a = sp - 1;
              const ha = u32[2 * a + 1];
              if (arg === 0 /* NEGATIVE */) {
                if (ha < lFIRST_TAG_HI_) { f64[a] = -f64[a]; break; }
                if (ha >>> 16 === lTAG_INT_) {
                  const r = -(((ha << 16) >> 16) * lTWO_32_ + u32[2 * a]);
                  if (r <= lSMALL_MAX) {
                    u32[2 * a] = r >>> 0;
                    u32[2 * a + 1] = smallHi(r);
                    break;
                  }
                }
              } else if (arg === 1 /* NOT */ && ha === lBOOL_HI_) {
                u32[2 * a] ^= 1;
                break;
              }
              break slow;
            }
            case 11 /* POP_JUMP_IF_FALSE */:
            case 12 /* POP_JUMP_IF_TRUE */: {
              const hi = u32[2 * sp - 1];
              let t: boolean;
              if (hi === lBOOL_HI_) t = u32[2 * sp - 2] !== 0;
              else if (hi >>> 16 === lTAG_INT_) t = u32[2 * sp - 2] !== 0 || (hi & 0xffff) !== 0;
              else if (hi === lNONE_HI_) t = false;
              else break slow;
              sp--;
              if (t === (op === 12 /* POP_JUMP_IF_TRUE */)) pc = arg;
              break;
            }
            case 13 /* JUMP_IF_FALSE_OR_POP */:
            case 14 /* JUMP_IF_TRUE_OR_POP */: {
              const hi = u32[2 * sp - 1];
              let t: boolean;
              if (hi === lBOOL_HI_) t = u32[2 * sp - 2] !== 0;
              else break slow;
              if (t === (op === 14 /* JUMP_IF_TRUE_OR_POP */)) pc = arg;
              else sp--;
              break;
            }
            case 15 /* JUMP */: pc = arg; break;
            case 16 /* JUMP_BACKWARD */:
              // SIGINT is seen at back-edges and calls, as python3's eval breaker.
              if (u32[lVM_INTERRUPT_U32] !== 0) throw this.keyboardInterrupt();
              // A hot loop head: the JIT's hook runs out of line (slowOp's JUMP_BACKWARD).
              if (hook !== null && ++this.counters[code.index][pc - 1] >= this.threshold) break slow;
              pc = arg;
              break;
            case 18 /* FOR_ITER */: {
              const it = sp - 1;
              const o = ((u32[2 * it + 1] & 0xffff) * lTWO_32_ + u32[2 * it] - base) / 8;
              const type = u32[2 * o];
              if (type === lOBJ_RANGE) {
                const nw = o + lRANGE_NEXT_W;
                const next = i32[2 * nw + 1] * lTWO_32_ + u32[2 * nw];
                const stop = i32[2 * (o + lRANGE_STOP_W) + 1] * lTWO_32_ + u32[2 * (o + lRANGE_STOP_W)];
                const step = i32[2 * (o + lRANGE_STEP_W) + 1] * lTWO_32_ + u32[2 * (o + lRANGE_STEP_W)];
                if (step > 0 ? next < stop : next > stop) {
                  const nn = next + step;
                  u32[2 * nw] = nn >>> 0;
                  i32[2 * nw + 1] = Math.floor(nn / lTWO_32_);
                  if (next >= lSMALL_MIN && next <= lSMALL_MAX) {
                    u32[2 * sp] = next >>> 0;
                    u32[2 * sp + 1] = smallHi(next);
                  } else {
                    this.fp = fp;
                    this.sp = sp;
                    objs.setInt(sp, next);
                  }
                  sp++;
                } else {
                  sp--;
                  pc = arg;
                }
              } else if (type === lOBJ_LIST_ITER) {
                const list = (heap.readI64(o + lLIST_ITER_LIST_W) - base) / 8;
                const index = heap.readI64(o + lLIST_ITER_INDEX_W);
                if (index < heap.readI64(list + lLIST_LENGTH_W)) {
                  const item = (heap.readI64(list + lLIST_ITEMS_W) - base) / 8 + lITEMS_ITEMS_W + index;
                  u32[2 * sp] = u32[2 * item];
                  u32[2 * sp + 1] = u32[2 * item + 1];
                  sp++;
                  u32[2 * (o + lLIST_ITER_INDEX_W)] = index + 1;
                } else {
                  sp--;
                  pc = arg;
                }
              } else {
                break slow;
              }
              break;
            }
            case 19 /* CALL */: {
              const callable = sp - arg - 1;
              const hi = u32[2 * callable + 1];
              if (hi >>> 16 === lTAG_OBJ_) {
                const o = ((hi & 0xffff) * lTWO_32_ + u32[2 * callable] - base) / 8;
                const type = u32[2 * o];
                if (type === lOBJ_FUNCTION) {
                  const callee = codes[u32[2 * (o + 1)]];
                  if (callee.simple && arg === callee.argcount) {
                    fp = this.pushFrame(fp, sp, pc, callee, arg);
                    locals = fp + lLOCALS_W;
                    sp = locals + callee.nlocals;
                    code = callee;
                    bc = callee.code;
                    pc = 0;
                    // Raised in the callee at its `def` line (pc -1), as python3's RESUME.
                    if (u32[lVM_INTERRUPT_U32] !== 0) throw this.keyboardInterrupt();
                    // A hot function, its frame pushed: the JIT's hook runs out of line (HOT_FUNCTION).
                    if (hook !== null && hook.onHotFunction !== undefined && ++this.callCounters[callee.index] >= this.threshold) {
                      op = HOT_FUNCTION;
                      break slow;
                    }
                    break;
                  }
                }
              }
              break slow;
            }
            case 21 /* CALL_METHOD */: {
              const n = arg & 255;
              const self = sp - n - 1;
              const shi = u32[2 * self + 1];
              if (shi >>> 16 === lTAG_OBJ_) {
                const ic = this.caches[code.index];
                let k = 16 * (pc - 1);
                const o = ((shi & 0xffff) * lTWO_32_ + u32[2 * self] - base) / 8;
                const shape = u32[2 * (o + lINSTANCE_SHAPE_W)];
                while (ic[k] !== shape && (k & 15) !== 12) k += 4;
                if (u32[2 * o] === lOBJ_INSTANCE && ic[k] === shape) {
                  const cls = (heap.readI64(o + lINSTANCE_CLASS_W) - base) / 8;
                  const f = ic[k + 2];
                  // The entry's function is alive while its class's version is unchanged.
                  const callee = ic[k + 1] === u32[2 * (cls + lCLASS_VERSION_W)] ? codes[u32[2 * (f + 1)]] : null;
                  if (callee !== null && callee.simple && n + 1 === callee.argcount) {
                    // A plain method of this shape's class: [obj a0..] -> [func obj a0..], then the call.
                    for (let w = sp; w > self; w--) {
                      u32[2 * w] = u32[2 * w - 2];
                      u32[2 * w + 1] = u32[2 * w - 1];
                    }
                    sp++;
                    heap.setObject(self, f);
                    fp = this.pushFrame(fp, sp, pc, callee, n + 1);
                    locals = fp + lLOCALS_W;
                    sp = locals + callee.nlocals;
                    code = callee;
                    bc = callee.code;
                    pc = 0;
                    if (u32[lVM_INTERRUPT_U32] !== 0) throw this.keyboardInterrupt();
                    break;
                  }
                }
              }
              break slow;
            }
            case 22 /* LOAD_ATTR */: {
              const w = sp - 1;
              const hi = u32[2 * w + 1];
              if (hi >>> 16 === lTAG_OBJ_) {
                const o = ((hi & 0xffff) * lTWO_32_ + u32[2 * w] - base) / 8;
                if (u32[2 * o] === lOBJ_INSTANCE) {
                  const ic = this.caches[code.index];
                  let k = 16 * (pc - 1);
                  const shape = u32[2 * (o + lINSTANCE_SHAPE_W)];
                  const cls = (heap.readI64(o + lINSTANCE_CLASS_W) - base) / 8;
                  const version = u32[2 * (cls + lCLASS_VERSION_W)];
                  while (ic[k] !== shape && (k & 15) !== 12) k += 4;
                  if (ic[k] === shape && ic[k + 1] === version) {
                    // The attribute is this shape's slot ic[k + 2] (no descriptor on the class).
                    const s = (heap.readI64(o + lINSTANCE_SLOTS_W) - base) / 8 + ic[k + 2];
                    const shi = u32[2 * s + 1];
                    if (shi !== lUNBOUND_HI_) {
                      u32[2 * w] = u32[2 * s];
                      u32[2 * w + 1] = shi;
                      break;
                    }
                  }
                }
              }
              break slow;
            }
            case 23 /* RETURN_VALUE */: {
              if (fp === this.specialTop) break slow;
              const prev = heap.readI64(fp + lPREVIOUS_W);
              if (prev === 0) {
                this.fp = -1;
                this.sp = heap.frameStackW;
                return;
              }
              const dst = fp - code.nparams - 1;
              u32[2 * dst] = u32[2 * sp - 2];
              u32[2 * dst + 1] = u32[2 * sp - 1];
              fp = (prev - base) / 8;
              locals = fp + lLOCALS_W;
              sp = dst + 1;
              code = codes[heap.readI64(fp + lCODE_INDEX_W)];
              bc = code.code;
              pc = heap.readI64(fp + lPC_W);
              this.depth--;
              break;
            }
            case 24 /* BUILD_LIST */: {
              // `f(*a, ...)` of a tuple local (BUILD_LIST 0; LOAD_LOCAL a; LIST_EXTEND; LIST_TO_TUPLE
              // right before the call or its kwargs): the copy only feeds the call, a itself does.
              // (The trace recorder fuses the same run: record-star-kwcalls.ts.)
              if (arg === 0 && bc[2 * pc] === 2 /* LOAD_LOCAL */ && bc[2 * pc + 2] === 50 /* LIST_EXTEND */ && bc[2 * pc + 4] === 54 /* LIST_TO_TUPLE */ &&
                  (bc[2 * pc + 6] === 55 /* CALL_FUNCTION_EX */ || (bc[2 * pc + 6] === 47 /* BUILD_MAP */ && bc[2 * pc + 7] === 0 && bc[2 * pc + 8] === 2 &&
                    bc[2 * pc + 10] === 53 /* DICT_MERGE */ && bc[2 * pc + 12] === 55 && (bc[2 * pc + 13] & 1) !== 0))) {
                const s = locals + bc[2 * pc + 1];
                if (u32[2 * s + 1] >>> 16 === lTAG_OBJ_ && u32[2 * heap.objectAt(s)] === lOBJ_TUPLE) {
                  u32[2 * sp] = u32[2 * s];
                  u32[2 * sp + 1] = u32[2 * s + 1];
                  sp++;
                  pc += 3;
                  break;
                }
              }
              this.fp = fp;
              this.sp = sp;
              const o = objs.newList(arg);
              const first = sp - arg;
              u32.copyWithin(2 * objs.listItems(o), 2 * first, 2 * sp);
              heap.setObject(first, o);
              sp = first + 1;
              break;
            }
            case 25 /* BUILD_TUPLE */: {
              this.fp = fp;
              this.sp = sp;
              const o = objs.newTuple(arg);
              const first = sp - arg;
              u32.copyWithin(2 * objs.tupleItems(o), 2 * first, 2 * sp);
              heap.setObject(first, o);
              sp = first + 1;
              break;
            }
            case 26 /* BINARY_SUBSCR */: {
              a = sp - 2;
              b = sp - 1;
              const ha = u32[2 * a + 1];
              if (ha >>> 16 === lTAG_OBJ_ && u32[2 * b + 1] >>> 16 === lTAG_INT_) {
                const o = ((ha & 0xffff) * lTWO_32_ + u32[2 * a] - base) / 8;
                if (u32[2 * o] === lOBJ_LIST) {
                  let i = ((u32[2 * b + 1] << 16) >> 16) * lTWO_32_ + u32[2 * b];
                  const len = heap.readI64(o + lLIST_LENGTH_W);
                  if (i < 0) i += len;
                  if (i < 0 || i >= len) throw new PyError('IndexError', 'list index out of range');
                  const item = (heap.readI64(o + lLIST_ITEMS_W) - base) / 8 + lITEMS_ITEMS_W + i;
                  u32[2 * a] = u32[2 * item];
                  u32[2 * a + 1] = u32[2 * item + 1];
                  sp--;
                  break;
                }
              }
              break slow;
            }
            case 27 /* STORE_SUBSCR */: {
              const v = sp - 3;
              a = sp - 2;
              b = sp - 1;
              const ha = u32[2 * a + 1];
              if (ha >>> 16 === lTAG_OBJ_ && u32[2 * b + 1] >>> 16 === lTAG_INT_) {
                const o = ((ha & 0xffff) * lTWO_32_ + u32[2 * a] - base) / 8;
                if (u32[2 * o] === lOBJ_LIST) {
                  let i = ((u32[2 * b + 1] << 16) >> 16) * lTWO_32_ + u32[2 * b];
                  const len = heap.readI64(o + lLIST_LENGTH_W);
                  if (i < 0) i += len;
                  if (i < 0 || i >= len) throw new PyError('IndexError', 'list assignment index out of range');
                  const item = (heap.readI64(o + lLIST_ITEMS_W) - base) / 8 + lITEMS_ITEMS_W + i;
                  u32[2 * item] = u32[2 * v];
                  u32[2 * item + 1] = u32[2 * v + 1];
                  sp -= 3;
                  break;
                }
              }
              break slow;
            }
            case 29 /* UNPACK_SEQUENCE */: {
              const w = sp - 1;
              const hi = u32[2 * w + 1];
              if (hi >>> 16 !== lTAG_OBJ_) break slow;
              const o = ((hi & 0xffff) * lTWO_32_ + u32[2 * w] - base) / 8;
              const type = u32[2 * o];
              let first: number;
              if (type === lOBJ_TUPLE && u32[2 * (o + lTUPLE_LENGTH_W)] === arg && u32[2 * (o + lTUPLE_LENGTH_W) + 1] === 0) {
                first = o + lTUPLE_ITEMS_W;
              } else if (type === lOBJ_LIST && heap.readI64(o + lLIST_LENGTH_W) === arg) {
                first = (heap.readI64(o + lLIST_ITEMS_W) - base) / 8 + lITEMS_ITEMS_W;
              } else {
                break slow;
              }
              // Items in reverse onto the stack (nothing allocates: the sequence stays intact while its slot is overwritten).
              for (let i = 0; i < arg; i++) {
                u32[2 * (w + i)] = u32[2 * (first + arg - 1 - i)];
                u32[2 * (w + i) + 1] = u32[2 * (first + arg - 1 - i) + 1];
              }
              sp += arg - 1;
              break;
            }
            case 33 /* LOAD_DEREF */: {
              const cell = heap.objectAt(locals + arg) + CELL_VALUE_W;
              const hi = u32[2 * cell + 1];
              if (hi === lUNBOUND_HI_) throw this.unboundDeref(code, arg);
              u32[2 * sp] = u32[2 * cell];
              u32[2 * sp + 1] = hi;
              sp++;
              break;
            }
            case 34 /* STORE_DEREF */: {
              sp--;
              const cell = heap.objectAt(locals + arg) + CELL_VALUE_W;
              u32[2 * cell] = u32[2 * sp];
              u32[2 * cell + 1] = u32[2 * sp + 1];
              break;
            }
            case 37 /* LOAD_CLOSURE */:
              u32[2 * sp] = u32[2 * (locals + arg)];
              u32[2 * sp + 1] = u32[2 * (locals + arg) + 1];
              sp++;
              break;
            case 42 /* STORE_ATTR */: {
              const w = sp - 1;
              const hi = u32[2 * w + 1];
              if (hi >>> 16 === lTAG_OBJ_) {
                const o = ((hi & 0xffff) * lTWO_32_ + u32[2 * w] - base) / 8;
                if (u32[2 * o] === lOBJ_INSTANCE) {
                  const ic = this.caches[code.index];
                  let k = 16 * (pc - 1);
                  const shape = u32[2 * (o + lINSTANCE_SHAPE_W)];
                  const cls = (heap.readI64(o + lINSTANCE_CLASS_W) - base) / 8;
                  const version = u32[2 * (cls + lCLASS_VERSION_W)];
                  while (ic[k] !== shape && (k & 15) !== 12) k += 4;
                  if (ic[k] === shape && ic[k + 1] === version) {
                    // Slot ic[k + 2]; a new attribute moves the instance to shape ic[k + 3] when it has room.
                    const slot = ic[k + 2];
                    if (ic[k + 3] === shape || slot < u32[2 * (o + lINSTANCE_CAPACITY_W)]) {
                      const s = (heap.readI64(o + lINSTANCE_SLOTS_W) - base) / 8 + slot;
                      u32[2 * s] = u32[2 * sp - 4];
                      u32[2 * s + 1] = u32[2 * sp - 3];
                      u32[2 * (o + lINSTANCE_SHAPE_W)] = ic[k + 3];
                      sp -= 2;
                      break;
                    }
                  }
                }
              }
              break slow;
            }
            case 72 /* COPY */:
              u32[2 * sp] = u32[2 * (sp - arg)];
              u32[2 * sp + 1] = u32[2 * (sp - arg) + 1];
              sp++;
              break;
            case 73 /* SWAP */: {
              const t = sp - arg;
              const lo = u32[2 * sp - 2];
              const hi = u32[2 * sp - 1];
              u32[2 * sp - 2] = u32[2 * t];
              u32[2 * sp - 1] = u32[2 * t + 1];
              u32[2 * t] = lo;
              u32[2 * t + 1] = hi;
              break;
            }
            default:
              // Everything else, and the slow paths of the cases above, run out of line
              // (slowOp): a smaller dispatch loop compiles faster and deoptimizes less
              // often when a path first runs.
              break slow;
          }
          continue;
          }
          this.fp = fp;
          this.sp = sp;
          this.resumePc = pc;
          if (this.slowOp(op, arg, fp, sp, pc, code)) return;
          sp = this.sp;
          pc = this.resumePc;
          if (this.fp !== fp || this.hooked !== 0) {
            // A call or return ran out of line, or one of the JIT's hooks ran (a trace may have run: a new frame).
            // (Both compares always run: V8 has their feedback before the JIT first records.)
            recorded = op === RECORD_STEP;
            if (this.hooked !== 1) recorded = false;
            // After a trace ran, pc is where it left off, not an instruction
            // that ran: SIGINT waits for the next back-edge or call, which
            // python3 would name in the traceback.
            const tracedTo = this.hooked === 2;
            this.hooked = 0;
            recorder = this.recorder;
            hook = this.hook;
            fp = this.fp;
            code = codes[heap.readI64(fp + lCODE_INDEX_W)];
            bc = code.code;
            locals = fp + lLOCALS_W;
            // SIGINT is seen at out-of-line calls and returns too.
            if (u32[lVM_INTERRUPT_U32] !== 0 && !tracedTo) throw this.keyboardInterrupt();
            if (this.raiseInCaller !== null) {
              const err = this.raiseInCaller;
              this.raiseInCaller = null;
              throw err;
            }
          }
        }
      } catch (e) {
        const err = e instanceof PyError ? e
          : isStackOverflow(e) ? new PyError('RecursionError', 'maximum recursion depth exceeded')
          : null;
        if (err === null) throw e;
        // Handler search, innermost frame first; frames without a handler are popped.
        this.unwind(err, fp, pc - 1, code);
        fp = this.fp;
        sp = this.sp;
        code = codes[heap.readI64(fp + lCODE_INDEX_W)];
        bc = code.code;
        locals = fp + lLOCALS_W;
        pc = this.resumePc;
        hook = this.hook;
        recorder = this.recorder;
        recorded = false;
        this.hooked = 0;
      }
    }
  }

  /**
   * execute's slow paths (an instruction its case does not finish inline) and
   * the instructions that run rarely or do their work in the runtime anyway.
   * Runs the instruction at pc - 1 from the state before it: called with
   * this.fp/this.sp/this.resumePc set to fp/sp/pc; leaves them at the frame,
   * stack top and pc to continue with. Returns true when the nested dispatch
   * loop must return.
   */
  private slowOp(op: number, arg: number, fp: number, sp: number, pc: number, code: CodeObject): boolean {
    const rt = this.rt;
    const heap = this.heap;
    const objs = rt.objs;
    const ops = rt.ops;
    const u32 = heap.u32;
    const names = this.program.names;
    const base = heap.base;
    const locals = fp + LOCALS_W;
    // The JIT's hooks. (Not cases below: a case label that is not a number
    // literal turns the switch from a jump table into a chain of compares.)
    if (op >= RECORD_STEP) {
      this.jitHook(op, arg, fp, sp, pc, code);
      return false;
    }
    switch (op) {
      case 16 /* JUMP_BACKWARD (its counter reached the threshold) */:
        this.jitHook(op, arg, fp, sp, pc, code);
        return false;
      // ---- the slow paths of execute's cases
      case 8 /* BINARY_OP */: {
        const a = sp - 2;
        const b = sp - 1;
        const ha = u32[2 * a + 1];
        const hb = u32[2 * b + 1];
        const f64 = heap.f64;
        numeric: {
          const ints = ha >>> 16 === TAG_INT_ && hb >>> 16 === TAG_INT_;
          if (!ints && (arg <= 3 /* TRUEDIV */ || (arg >= 12 /* INPLACE_ADD */ && arg <= 15 /* INPLACE_TRUEDIV */))) {
          // A float with a float or a small int (exact as a double: 48 bits); two ints go to ops.binary.
          let x: number;
          let y: number;
          if (ha < FIRST_TAG_HI_) x = f64[a];
          else if (ha >>> 16 === TAG_INT_) x = ((ha << 16) >> 16) * TWO_32_ + u32[2 * a];
          else break numeric;
          if (hb < FIRST_TAG_HI_) y = f64[b];
          else if (hb >>> 16 === TAG_INT_) y = ((hb << 16) >> 16) * TWO_32_ + u32[2 * b];
          else break numeric;
          const o2 = arg >= 12 /* INPLACE_ADD */ ? arg - 12 : arg;
          if (o2 === 3 /* TRUEDIV */) {
            if (y === 0) break numeric;
            f64[a] = x / y;
          } else {
            f64[a] = o2 === 0 /* ADD */ ? x + y : o2 === 1 /* SUB */ ? x - y : x * y;
          }
          this.sp = sp - 1;
          return false;
        } else if (ints && arg >= 7 /* LSHIFT */ && (arg <= 11 /* XOR */ || (arg >= 19 /* INPLACE_LSHIFT */ && arg <= 23 /* INPLACE_XOR */))) {
          // Bitwise operators on small ints work on the two halves (48-bit two's complement).
          const o2 = arg >= 19 /* INPLACE_LSHIFT */ ? arg - 12 : arg;
          if (o2 === 9 /* AND */) {
            u32[2 * a] = (u32[2 * a] & u32[2 * b]) >>> 0;
            u32[2 * a + 1] = (ha & hb) >>> 0;
          } else if (o2 === 10 /* OR */) {
            u32[2 * a] = (u32[2 * a] | u32[2 * b]) >>> 0;
            u32[2 * a + 1] = (ha | hb) >>> 0;
          } else if (o2 === 11 /* XOR */) {
            u32[2 * a] = (u32[2 * a] ^ u32[2 * b]) >>> 0;
            u32[2 * a + 1] = (((ha ^ hb) & 0xffff) | INT_HI_) >>> 0;
          } else {
            const x = ((ha << 16) >> 16) * TWO_32_ + u32[2 * a];
            const y = ((hb << 16) >> 16) * TWO_32_ + u32[2 * b];
            if (y < 0) break numeric;
            let r: number;
            if (o2 === 8 /* RSHIFT */) r = y >= 48 ? (x < 0 ? -1 : 0) : Math.floor(x / Math.pow(2, y));
            else if (x === 0) r = 0;
            else if (y >= 48) break numeric;
            else r = x * Math.pow(2, y);
            if (r < SMALL_MIN || r > SMALL_MAX) break numeric;
            u32[2 * a] = r >>> 0;
            u32[2 * a + 1] = smallHi(r);
          }
          this.sp = sp - 1;
          return false;
        }
        }
        ops.binary(arg, a, b);
        sp--;
        break;
      }
      case 9 /* COMPARE_OP */: {
        const a = sp - 2;
        const b = sp - 1;
        const ha = u32[2 * a + 1];
        const hb = u32[2 * b + 1];
        const f64 = heap.f64;
        let r: boolean;
        if (arg <= 5 /* GE */ && (ha < FIRST_TAG_HI_ || ha >>> 16 === TAG_INT_) && (hb < FIRST_TAG_HI_ || hb >>> 16 === TAG_INT_)) {
          // A float with a small int: the int is exact as a double.
          const x = ha < FIRST_TAG_HI_ ? f64[a] : ((ha << 16) >> 16) * TWO_32_ + u32[2 * a];
          const y = hb < FIRST_TAG_HI_ ? f64[b] : ((hb << 16) >> 16) * TWO_32_ + u32[2 * b];
          switch (arg) {
            case 0 /* LT */: r = x < y; break;
            case 1 /* LE */: r = x <= y; break;
            case 2 /* EQ */: r = x === y; break;
            case 3 /* NE */: r = x !== y; break;
            case 4 /* GT */: r = x > y; break;
            default: r = x >= y; break;
          }
          objs.setBool(a, r);
          this.sp = sp - 1;
          return false;
        }
        // The general comparison leaves its result (a rich comparison may return any object) in slot a.
        ops.compare(arg, a, b);
        sp--;
        break;
      }
      case 10 /* UNARY */:
        ops.unary(arg, sp - 1);
        break;
      case 11 /* POP_JUMP_IF_FALSE */:
      case 12 /* POP_JUMP_IF_TRUE */: {
        const t = ops.truthy(sp - 1);
        sp--;
        if (t === (op === 12 /* POP_JUMP_IF_TRUE */)) pc = arg;
        break;
      }
      case 13 /* JUMP_IF_FALSE_OR_POP */:
      case 14 /* JUMP_IF_TRUE_OR_POP */:
        if (ops.truthy(sp - 1) === (op === 14 /* JUMP_IF_TRUE_OR_POP */)) pc = arg;
        else sp--;
        break;
      case 17 /* GET_ITER */:
        rt.iterators.getIter(sp - 1);
        break;
      case 18 /* FOR_ITER */: {
        const it = sp - 1;
        const o = heap.objectAt(it);
        if (u32[2 * o] === OBJ_GENERATOR) {
          if (heap.readI64(o + GENERATOR_STATE_W) === L.GEN_FINISHED) {
            sp--;
            pc = arg;
            break;
          }
          objs.setNone(sp);
          const nf = this.resumeGenerator(fp, sp, pc, o, sp);
          this.pushSpecial(nf, Special.GEN_FOR, o, arg);
          fp = nf;
          sp = this.sp;
          pc = heap.readI64(fp + PC_W);
          break;
        }
        // The next item goes to slot sp: TypeScript pushes above it.
        this.sp = sp + 1;
        if (rt.iterators.next(it, sp)) {
          sp++;
        } else {
          sp--;
          pc = arg;
        }
        break;
      }
      case 19 /* CALL */: {
        const callable = sp - arg - 1;
        if (u32[2 * callable + 1] >>> 16 === TAG_OBJ_) {
          const o = heap.objectAt(callable);
          if (u32[2 * o] === OBJ_BUILTIN) {
            builtinSpec(u32[2 * (o + 1)]).fn(rt, callable + 1, arg, callable, null);
            sp = callable + 1;
            break;
          }
        }
        const nf = this.callAt(fp, callable, arg, null, pc, true);
        if (nf < 0) {
          sp = callable + 1;
          break;
        }
        fp = nf;
        sp = this.sp;
        pc = 0;
        break;
      }
      case 21 /* CALL_METHOD */: {
        const n = arg & 255;
        const self = sp - n - 1;
        const ic = this.caches[code.index];
        let k = 16 * (pc - 1);
        const shi = u32[2 * self + 1];
        if (shi >>> 16 === TAG_OBJ_) {
          const o = heap.objectAt(self);
          if (u32[2 * o] === OBJ_INSTANCE) {
            const shape = u32[2 * (o + INSTANCE_SHAPE_W)];
            const cls = heap.wordOf(heap.readI64(o + INSTANCE_CLASS_W));
            while (ic[k] !== shape && (k & 15) !== 12) k += 4;
            if (ic[k] === shape && ic[k + 1] === u32[2 * (cls + CLASS_VERSION_W)]) {
              // A cached method whose call binds arguments (defaults, *args...): [obj a0..] -> [func obj a0..].
              const f = ic[k + 2];
              this.insertArgumentAt(self - 1, n + 1);
              heap.setObject(self, f);
              fp = this.callAt(fp, self, n + 1, null, pc, true);
              sp = this.sp;
              pc = 0;
              break;
            }
            // Remember a plain method of an instance for next time.
            const f = rt.types.lookup(cls, names[arg >> 8]);
            if (f >= 0 && objs.kind(f) === Kind.Function && rt.shapes.slotOf(shape, names[arg >> 8]) < 0 && !rt.shapes.isDict(shape)) {
              k = 16 * (pc - 1);
              ic.copyWithin(k + 4, k, k + 12);
              ic[k] = shape;
              ic[k + 1] = u32[2 * (cls + CLASS_VERSION_W)];
              ic[k + 2] = heap.objectAt(f);
            }
          }
        }
        if (rt.prepareMethodCall(names[arg >> 8], self, n)) {
          // [func self a0..] (a Python method) or [callable a0..]: a general call.
          const nargs = this.sp - self - 1;
          const nf = this.callAt(fp, self, nargs, null, pc, true);
          if (nf < 0) {
            sp = self + 1;
            break;
          }
          fp = nf;
          sp = this.sp;
          pc = 0;
          break;
        }
        callMethod(rt, names[arg >> 8], self, n);
        sp = self + 1;
        break;
      }
      case 22 /* LOAD_ATTR */: {
        const w = sp - 1;
        if (u32[2 * w + 1] >>> 16 === TAG_OBJ_) {
          const o = heap.objectAt(w);
          if (u32[2 * o] === OBJ_INSTANCE) {
            // Remember where a plain attribute of this shape lives for next time.
            const slot = rt.attrs.plainSlot(o, names[arg]);
            if (slot >= 0) {
              const ic = this.caches[code.index];
              const k = 16 * (pc - 1);
              const cls = heap.wordOf(heap.readI64(o + INSTANCE_CLASS_W));
              ic.copyWithin(k + 4, k, k + 12);
              ic[k] = u32[2 * (o + INSTANCE_SHAPE_W)];
              ic[k + 1] = u32[2 * (cls + CLASS_VERSION_W)];
              ic[k + 2] = slot;
            }
          }
        }
        rt.attrs.load(w, names[arg]);
        break;
      }
      case 23 /* RETURN_VALUE */: {
        // A special frame (execute returns here only for those).
        const r = this.specialReturn(fp, sp);
        if (r < 0) return true;
        fp = r;
        sp = this.sp;
        pc = this.resumePc;
        break;
      }
      case 29 /* UNPACK_SEQUENCE */:
        ops.unpack(sp - 1, arg);
        sp += arg - 1;
        break;
      case 26 /* BINARY_SUBSCR */:
        ops.subscript(sp - 2, sp - 1);
        sp--;
        break;
      case 27 /* STORE_SUBSCR */:
        ops.storeSubscript(sp - 3, sp - 2, sp - 1);
        sp -= 3;
        break;
      case 42 /* STORE_ATTR */: {
        const w = sp - 1;
        let o = -1;
        let shape = -1;
        let version = -1;
        if (u32[2 * w + 1] >>> 16 === TAG_OBJ_) {
          o = heap.objectAt(w);
          if (u32[2 * o] === OBJ_INSTANCE) {
            shape = u32[2 * (o + INSTANCE_SHAPE_W)];
            version = u32[2 * (heap.wordOf(heap.readI64(o + INSTANCE_CLASS_W)) + CLASS_VERSION_W)];
          } else {
            o = -1;
          }
        }
        rt.attrs.store(w, names[arg], sp - 2);
        if (o >= 0) {
          // Remember the slot (and the shape a new attribute moves the instance to) for next time.
          const after = u32[2 * (o + INSTANCE_SHAPE_W)];
          const slot = rt.attrs.plainSlot(o, names[arg]);
          if (slot >= 0 && (after === shape || slot === rt.shapes.count(shape))) {
            const ic = this.caches[code.index];
            const k = 16 * (pc - 1);
            ic.copyWithin(k + 4, k, k + 12);
            ic[k] = shape;
            ic[k + 1] = version;
            ic[k + 2] = slot;
            ic[k + 3] = after;
          }
        }
        sp -= 2;
        break;
      }
      // ---- instructions that run only here
      case 20 /* CALL_KW */: {
        const site = this.program.kwCalls[arg];
        const total = site.nargs + site.names.length;
        const callable = sp - total - 1;
        const nf = this.callAt(fp, callable, total, site.names, pc, true);
        if (nf < 0) {
          sp = callable + 1;
          break;
        }
        fp = nf;
        sp = this.sp;
        pc = 0;
        break;
      }
      case 28 /* BINARY_SLICE */:
        this.fp = fp;
        this.sp = sp;
        if (arg === 2) ops.slice(sp - 3, sp - 2, sp - 1, -1);
        else ops.slice(sp - 4, sp - 3, sp - 2, sp - 1);
        sp -= arg;
        break;
      case 30 /* IMPORT_NAME */:
        this.fp = fp;
        this.sp = sp;
        heap.setObject(sp, rt.modules.importModule(names[arg]));
        sp++;
        break;

      // ---- the full language --------------------------------------------------
      case 32 /* MAKE_FUNCTION */:
        this.fp = fp;
        this.sp = sp;
        sp = rt.makeFunction(sp, arg);
        break;
      case 35 /* MAKE_CELL */: {
        this.fp = fp;
        this.sp = sp;
        const cell = objs.newCell();
        objs.copy(cell + CELL_VALUE_W, locals + arg);
        heap.setObject(locals + arg, cell);
        break;
      }
      case 36 /* COPY_FREE_VARS */: {
        // The function object sits in the callable slot below the frame's parameters.
        const fn = heap.objectAt(fp - code.nparams - 1);
        const closure = heap.objectAt(fn + FUNCTION_CLOSURE_W);
        u32.copyWithin(2 * (locals + code.freeStart), 2 * objs.tupleItems(closure), 2 * (objs.tupleItems(closure) + arg));
        break;
      }
      case 38 /* DELETE_DEREF */: {
        const cell = heap.objectAt(locals + arg) + CELL_VALUE_W;
        if (u32[2 * cell + 1] === UNBOUND_HI_) throw this.unboundDeref(code, arg);
        objs.setUnbound(cell);
        break;
      }
      case 39 /* LOAD_NAME */:
        this.fp = fp;
        this.sp = sp + 1;
        rt.loadName(locals, arg, sp);
        sp++;
        break;
      case 40 /* STORE_NAME */:
        this.fp = fp;
        this.sp = sp;
        rt.storeName(locals, arg, sp - 1);
        sp--;
        break;
      case 41 /* DELETE_NAME */:
        this.fp = fp;
        this.sp = sp;
        rt.deleteName(locals, arg);
        break;
      case 43 /* DELETE_ATTR */:
        this.fp = fp;
        this.sp = sp;
        rt.attrs.delete(sp - 1, names[arg]);
        sp--;
        break;
      case 44 /* DELETE_LOCAL */:
        if (u32[2 * (locals + arg) + 1] === UNBOUND_HI_) {
          throw new PyError('UnboundLocalError', `cannot access local variable '${code.localNames[arg]}' where it is not associated with a value`);
        }
        objs.setUnbound(locals + arg);
        break;
      case 45 /* DELETE_GLOBAL */:
        rt.moduleGlobals.deleteSlot(arg);
        break;
      case 46 /* DELETE_SUBSCR */:
        this.fp = fp;
        this.sp = sp;
        ops.deleteSubscript(sp - 2, sp - 1);
        sp -= 2;
        break;
      case 47 /* BUILD_MAP */: {
        // `f(..., **k)` of a dict local (BUILD_MAP 0; LOAD_LOCAL k; DICT_MERGE; CALL_FUNCTION_EX):
        // the merged copy only feeds the call, which copies the values out; k itself does.
        const bc = code.code;
        if (arg === 0 && bc[2 * pc] === 2 /* LOAD_LOCAL */ && bc[2 * pc + 2] === 53 /* DICT_MERGE */ && bc[2 * pc + 4] === 55 /* CALL_FUNCTION_EX */ && (bc[2 * pc + 5] & 1) !== 0) {
          const s = locals + bc[2 * pc + 1];
          if (u32[2 * s + 1] >>> 16 === TAG_OBJ_ && u32[2 * heap.objectAt(s)] === L.OBJ_DICT) {
            objs.copy(sp, s);
            this.fp = fp;
            this.sp = sp + 1;
            this.resumePc = pc + 2;
            return false;
          }
        }
        this.fp = fp;
        this.sp = sp;
        sp = rt.buildMap(sp, arg);
        break;
      }
      case 48 /* BUILD_SET */:
        this.fp = fp;
        this.sp = sp;
        sp = rt.buildSet(sp, arg);
        break;
      case 49 /* BUILD_SLICE */: {
        this.fp = fp;
        this.sp = sp;
        const first = sp - arg;
        if (arg === 2) objs.setNone(sp);
        heap.setObject(first, objs.newSlice(first, first + 1, first + 2));
        sp = first + 1;
        break;
      }
      case 50 /* LIST_EXTEND */:
        this.fp = fp;
        this.sp = sp;
        rt.listExtend(sp - 2, sp - 1);
        sp--;
        break;
      case 51 /* SET_UPDATE */:
        this.fp = fp;
        this.sp = sp;
        rt.setUpdate(sp - 2, sp - 1);
        sp--;
        break;
      case 52 /* DICT_UPDATE */:
      case 53 /* DICT_MERGE */:
        this.fp = fp;
        this.sp = sp;
        rt.dictUpdate(sp - 2, sp - 1, op === 53 /* DICT_MERGE */);
        sp--;
        break;
      case 54 /* LIST_TO_TUPLE */:
        this.fp = fp;
        this.sp = sp;
        heap.setObject(sp - 1, rt.listToTuple(heap.objectAt(sp - 1)));
        break;
      case 55 /* CALL_FUNCTION_EX */: {
        this.fp = fp;
        this.sp = sp;
        const callable = sp - 2 - (arg & 1);
        const kwnames = rt.expandCallArguments(callable, (arg & 1) !== 0);
        const nargs = this.sp - callable - 1;
        const nf = this.callAt(fp, callable, nargs, kwnames, pc, true);
        if (nf < 0) {
          sp = callable + 1;
          break;
        }
        fp = nf;
        sp = this.sp;
        pc = 0;
        break;
      }
      case 56 /* BUILD_CLASS */: {
        this.fp = fp;
        this.sp = sp;
        const nbases = arg & BUILD_CLASS_MAX_BASES;
        const keywords = (arg & BUILD_CLASS_KEYWORDS) !== 0 ? sp - 1 : -1;
        const first = sp - nbases - 2 - (keywords >= 0 ? 1 : 0);
        rt.classes.buildClass(first, nbases, keywords);
        sp = first + 1;
        break;
      }
      case 57 /* IMPORT_FROM */:
        this.fp = fp;
        this.sp = sp + 1;
        rt.modules.importFrom(sp - 1, names[arg], sp);
        sp++;
        break;
      case 58 /* UNPACK_EX */:
        this.fp = fp;
        this.sp = sp;
        sp = ops.unpackEx(sp - 1, arg & 255, arg >> 8);
        break;
      case 59 /* FORMAT_VALUE */:
        this.fp = fp;
        this.sp = sp;
        if (arg & 4) {
          rt.formatValue(sp - 2, arg & 3, sp - 1);
          sp--;
        } else {
          rt.formatValue(sp - 1, arg & 3, -1);
        }
        break;
      case 60 /* BUILD_STRING */:
        this.fp = fp;
        this.sp = sp;
        sp = rt.buildString(sp, arg);
        break;
      case 61 /* PUSH_EXC_INFO */: {
        // [exc] -> [prev exc]
        const ex = sp - 1;
        objs.copy(sp, ex);
        objs.copy(ex, this.excInfoW);
        objs.copy(this.excInfoW, sp);
        sp++;
        break;
      }
      case 62 /* POP_EXCEPT */:
        sp--;
        objs.copy(this.excInfoW, sp);
        break;
      case 63 /* CHECK_EXC_MATCH */:
        this.fp = fp;
        this.sp = sp;
        objs.setBool(sp - 1, rt.exceptions.matches(sp - 2, sp - 1));
        break;
      case 64 /* RERAISE */:
        sp--;
        this.fp = fp;
        this.sp = sp;
        throw rt.exceptions.reraise(sp);
      case 65 /* RAISE_VARARGS */:
        this.fp = fp;
        this.sp = sp;
        throw rt.exceptions.raiseFrom(arg, sp - arg);
      case 66 /* BEFORE_WITH */:
        this.fp = fp;
        this.sp = sp;
        rt.beforeWith(sp - 1);
        sp++;
        break;
      case 67 /* WITH_EXCEPT_START */:
        this.fp = fp;
        this.sp = sp;
        rt.withExceptStart(sp - 3, sp - 1, sp);
        sp++;
        break;
      case 68 /* RETURN_GENERATOR */: {
        this.fp = fp;
        this.sp = sp;
        const g = rt.generators.create(code, fp + LOCALS_W, sp, pc);
        const prev = heap.readI64(fp + PREVIOUS_W);
        const dst = fp - code.nparams - 1;
        heap.setObject(dst, g);
        if (fp === this.specialTop) {
          // A generator function called from TypeScript.
          this.popSpecial();
          this.fp = (prev - base) / 8;
          this.depth--;
          return true;
        }
        fp = (prev - base) / 8;
        sp = dst + 1;
        pc = heap.readI64(fp + PC_W);
        this.depth--;
        break;
      }
      case 69 /* YIELD_VALUE */: {
        this.fp = fp;
        this.sp = sp;
        const r = this.yieldValue(fp, sp, pc);
        if (r < 0) return true;
        fp = r;
        sp = this.sp;
        pc = this.resumePc;
        break;
      }
      case 70 /* GET_YIELD_FROM_ITER */:
        this.fp = fp;
        this.sp = sp;
        if (arg === 1) rt.generators.getAwaitable(sp - 1);
        else if (objs.kind(sp - 1) !== Kind.Generator) rt.iterators.getIter(sp - 1);
        else if (rt.generators.isCoroutine(heap.objectAt(sp - 1)) &&
          !(this.program.codes[heap.readI64(fp + CODE_INDEX_W)].flags & (CodeFlags.COROUTINE | CodeFlags.ITERABLE_COROUTINE))) {
          throw typeError("cannot 'yield from' a coroutine object in a non-coroutine generator");
        }
        break;
      case 71 /* SEND */: {
        // [iter value]: a generator is resumed inline; other iterators answer next().
        this.fp = fp;
        this.sp = sp;
        const it = sp - 2;
        if (objs.kind(it) === Kind.Generator) {
          const g = heap.objectAt(it);
          if (heap.readI64(g + GENERATOR_STATE_W) === L.GEN_FINISHED) {
            objs.setNone(it);
            sp--;
            pc = arg;
            break;
          }
          const nf = this.resumeGenerator(fp, sp, pc, g, sp - 1);
          this.pushSpecial(nf, Special.GEN_SEND, g, arg);
          fp = nf;
          sp = this.sp;
          pc = heap.readI64(fp + PC_W);
          break;
        }
        if (!objs.isNone(sp - 1)) throw new PyError('AttributeError', `'${rt.typeName(it)}' object has no attribute 'send'`);
        if (rt.iterators.next(it, sp - 1)) break;
        // Exhausted: the result of `yield from` is None (StopIteration's value for generators only).
        objs.setNone(it);
        sp--;
        pc = arg;
        break;
      }
      case 74 /* IMPORT_STAR */:
        this.fp = fp;
        this.sp = sp;
        rt.modules.importStar(sp - 1);
        sp--;
        break;
      case 75 /* MAP_ADD */:
        this.fp = fp;
        this.sp = sp;
        rt.dictSetItem(heap.objectAt(sp - 3), sp - 2, sp - 1);
        sp -= 2;
        break;
      case 76 /* SET_ADD */:
        this.fp = fp;
        this.sp = sp;
        rt.sets.add(heap.objectAt(sp - 2), sp - 1);
        sp--;
        break;
      default:
        throw new Error(`unknown opcode ${op} at pc ${pc - 1} in ${code.name}`);
    }
    this.fp = fp;
    this.sp = sp;
    this.resumePc = pc;
    if (this.hotCallee >= 0) {
      // A call above reached its function's threshold (callAt): its frame is pushed, at pc 0.
      const nf = this.hotCallee;
      this.hotCallee = -1;
      if (nf === fp && pc === 0) this.jitHook(HOT_FUNCTION, 0, fp, sp, 0, this.program.codes[heap.readI64(fp + CODE_INDEX_W)]);
    }
    return false;
  }

  /**
   * The JIT's hooks, out of line (a path V8 has not seen run deoptimizes this
   * function, not execute): the recorder's look at the instruction at pc, a
   * hot loop head (JUMP_BACKWARD whose counter reached the threshold), a hot
   * function whose frame was just pushed. Leaves this.fp/sp/resumePc as slowOp does.
   */
  private jitHook(op: number, arg: number, fp: number, sp: number, pc: number, code: CodeObject): void {
    const heap = this.heap;
    const base = heap.base;
    this.hooked = 1;
    if (op === RECORD_STEP) {
      // A recording that ended in a nested run (a generator resumed by a
      // builtin) leaves this run's copy of the recorder stale: refresh it.
      if (this.recorder === null) {
        this.hooked = 2;
        return;
      }
      if (this.recorder.onInstruction(base + fp * 8, base + sp * 8, pc) === true) this.reloadFromVmState();
    } else if (op === HOT_FUNCTION) {
      this.callCounters[code.index] = 0;
      this.writeVmState(fp, sp);
      if (this.hook!.onHotFunction!(base + fp * 8, base + sp * 8)) this.reloadFromVmState();
    } else {
      this.counters[code.index][pc - 1] = 0;
      heap.writeI64(fp + PC_W, arg);
      this.resumePc = arg;
      this.writeVmState(fp, sp);
      if (this.hook!.onHotLoop(base + fp * 8, arg, base + sp * 8)) this.reloadFromVmState();
    }
  }

  /** Native state for the JIT's hooks: VMState.frame and .sp. */
  private writeVmState(fp: number, sp: number): void {
    const heap = this.heap;
    heap.writeI64(heap.vmStateW + VM_FRAME_W, heap.base + fp * 8);
    heap.writeI64(heap.vmStateW + VM_SP_W, heap.base + sp * 8);
  }

  /** A trace ran: continue where native state says (VMState.frame/sp, the frame's pc), in a frame execute must load. */
  private reloadFromVmState(): void {
    const heap = this.heap;
    const fp = heap.wordOf(heap.readI64(heap.vmStateW + VM_FRAME_W));
    this.fp = fp;
    this.sp = heap.wordOf(heap.readI64(heap.vmStateW + VM_SP_W));
    this.resumePc = heap.readI64(fp + PC_W);
    this.depth = this.frameDepth(fp);
    this.hooked = 2;
  }

  /** NameError for a global `name` read in frame fp, with what python3 would suggest instead. */
  nameError(name: string, fp: number, code: CodeObject): PyError {
    const err = new PyError('NameError', `name '${name}' is not defined`);
    const objs = this.rt.objs;
    const bound = (first: number, names: readonly string[]) => names.filter((_, i) => !objs.isUnbound(first + i));
    const globals = [...MODULE_GLOBALS, ...bound(this.heap.globalsW, this.program.globalNames).filter((n) => !BUILTIN_SET.has(n))];
    const isModule = code.index === 0 || (code.flags & CodeFlags.CLASS_BODY) !== 0;
    const locals = isModule ? globals : bound(fp + LOCALS_W, code.localNames).filter((n) => !n.startsWith('$'));
    err.suggestion = { name, candidates: () => [locals, globals, BUILTIN_NAMES] };
    return err;
  }

  /** Where execution continues after specialReturn/yieldValue/unwind (with this.fp, this.sp). */
  private resumePc = 0;
  /**
   * Set when slowOp ran one of the JIT's hooks: 1, execute reloads the hook and
   * recorder it holds; 2, a trace ran (reloadFromVmState): it loads its frame
   * even when this.fp is unchanged.
   */
  private hooked = 0;

  /** `free variable 'x' referenced before assignment...` or the local form for a cell of this frame. */
  private unboundDeref(code: CodeObject, slot: number): PyError {
    const name = code.localNames[slot];
    if (slot >= code.freeStart && slot < code.freeStart + code.nfree) {
      return new PyError('NameError', `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`);
    }
    return new PyError('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`);
  }

  /**
   * RETURN_VALUE from a special frame (result at sp - 1). Returns the frame to
   * continue in (this.sp and this.resumePc set), or -1 when the nested loop ends.
   */
  private specialReturn(fp: number, sp: number): number {
    const heap = this.heap;
    const s = this.specials;
    const top = this.specialsLen - 4;
    const kind = s[top + 1];
    const obj = s[top + 2];
    const aux = s[top + 3];
    const code = this.program.codes[heap.readI64(fp + CODE_INDEX_W)];
    const result = sp - 1;
    const prevAddr = heap.readI64(fp + PREVIOUS_W);
    const prev = prevAddr === 0 ? -1 : heap.wordOf(prevAddr);
    this.popSpecial();
    this.depth--;
    if (kind & GENERATOR_KINDS) {
      // The generator is done; its value is StopIteration's.
      heap.writeI64(obj + GENERATOR_STATE_W, L.GEN_FINISHED);
      heap.writeI64(obj + GENERATOR_NVALUES_W, 0);
      if (kind & Special.GEN_FOR) {
        // [iter] -> [] and leave the loop.
        this.sp = fp - 1;
        this.resumePc = aux;
        return prev;
      }
      if (kind & Special.GEN_SEND) {
        // [iter value] -> [result] and leave the yield-from loop.
        this.rt.objs.copy(fp - 2, result);
        this.sp = fp - 1;
        this.resumePc = aux;
        return prev;
      }
      // GEN_CALL: TypeScript gets the value and learns that it returned.
      this.rt.objs.copy(aux, result);
      this.generatorReturned = true;
      this.fp = prev;
      return -1;
    }
    const dst = fp - code.nparams - 1;
    if (kind & Special.INIT) {
      // python3 raises this in the caller, after __init__'s frame is gone (no traceback line for it).
      if (!this.rt.objs.isNone(result)) this.raiseInCaller = typeError(`__init__() should return None, not '${this.rt.typeName(result)}'`);
      heap.setObject(dst, obj);
    } else if (kind & Special.DECLINABLE && this.rt.isNotImplemented(result)) {
      // Nested calls of the protocol are made from the caller, at the operator.
      this.fp = prev;
      try {
        finishDeclined(this.rt, this.program, prev, dst, aux);
      } catch (e) {
        if (!(e instanceof PyError)) throw e;
        this.raiseInCaller = e;
      }
    } else {
      this.rt.objs.copy(dst, result);
    }
    this.sp = dst + 1;
    if (kind & Special.REENTRANT) {
      this.fp = prev;
      return -1;
    }
    this.resumePc = heap.readI64(prev + PC_W);
    return prev;
  }

  /** YIELD_VALUE: suspends the generator frame fp; returns the resumer's frame (or -1 to leave the nested loop). */
  private yieldValue(fp: number, sp: number, pc: number): number {
    const heap = this.heap;
    const s = this.specials;
    const top = this.specialsLen - 4;
    if (s[top] !== fp) throw new Error('internal error: yield outside a generator frame');
    const kind = s[top + 1];
    const gen = s[top + 2];
    const aux = s[top + 3];
    const value = sp - 1;
    this.suspendGenerator(fp, sp - 1, pc, gen);
    const prev = heap.wordOf(heap.readI64(fp + PREVIOUS_W));
    this.popSpecial();
    this.depth--;
    if (kind & Special.GEN_FOR) {
      // [iter] -> [iter value], after FOR_ITER.
      this.rt.objs.copy(fp, value);
      this.sp = fp + 1;
      this.resumePc = heap.readI64(prev + PC_W);
      return prev;
    }
    if (kind & Special.GEN_SEND) {
      // [iter sent] -> [iter yielded], after SEND.
      this.rt.objs.copy(fp - 1, value);
      this.sp = fp;
      this.resumePc = heap.readI64(prev + PC_W);
      return prev;
    }
    this.rt.objs.copy(aux, value);
    this.generatorReturned = false;
    this.fp = prev;
    return -1;
  }

  /**
   * Finds the handler for `err` raised at pc in frame fp, popping frames that
   * have none (recording the traceback). Sets this.fp/this.sp/this.resumePc to
   * the handler, or rethrows when a nested loop's entry frame or the module
   * frame is left.
   */
  /** The KeyboardInterrupt a SIGINT becomes (the flag is taken: a second SIGINT raises again). */
  keyboardInterrupt(): PyError {
    this.heap.u32[VM_INTERRUPT_U32] = 0;
    clearPendingInterrupt();
    return new PyError('KeyboardInterrupt', '');
  }

  private unwind(err: PyError, fp: number, pc: number, code: CodeObject): void {
    const heap = this.heap;
    const rt = this.rt;
    this.recorder?.onException?.();
    this.fp = fp;
    rt.exceptions.captureContext(err);
    for (;;) {
      if (err.reraised) err.reraised = false;
      else err.traceback.push({ codeIndex: code.index, pc });
      const table = code.exceptionTable;
      for (let i = 0; i < table.length; i += 4) {
        if (pc >= table[i] && pc < table[i + 1]) {
          const sp = fp + LOCALS_W + code.nlocals + table[i + 3];
          this.fp = fp;
          this.sp = sp;
          const exc = rt.exceptions.caught(err);
          heap.setObject(sp, exc);
          rt.exceptions.released(err);
          this.sp = sp + 1;
          this.resumePc = table[i + 2];
          return;
        }
      }
      const prevAddr = heap.readI64(fp + PREVIOUS_W);
      if (fp === this.specialTop) {
        const s = this.specials;
        const kind = s[this.specialsLen - 3];
        const obj = s[this.specialsLen - 2];
        this.popSpecial();
        if (kind & GENERATOR_KINDS) {
          heap.writeI64(obj + GENERATOR_STATE_W, L.GEN_FINISHED);
          heap.writeI64(obj + GENERATOR_NVALUES_W, 0);
          if (err.pyType === 'StopIteration' || (err.exc >= 0 && rt.exceptions.isStopIteration(err.exc))) {
            const what = rt.generators.isCoroutine(obj) ? 'coroutine' : 'generator';
            const replaced = rt.exceptions.chain(new PyError('RuntimeError', `${what} raised StopIteration`), err);
            err = replaced;
          }
        }
        if (kind & Special.REENTRANT) {
          this.depth--;
          this.fp = prevAddr === 0 ? -1 : heap.wordOf(prevAddr);
          throw err;
        }
      }
      if (prevAddr === 0) {
        this.fp = -1;
        this.sp = heap.frameStackW;
        throw err;
      }
      fp = heap.wordOf(prevAddr);
      code = this.program.codes[heap.readI64(fp + CODE_INDEX_W)];
      pc = heap.readI64(fp + PC_W) - 1;
      this.depth--;
    }
  }
}

export { fitsSmallInt };
