// Records the path tier-1 actually executes through a hot loop (or from a hot
// side exit) and translates each bytecode on the spot into uops specialised on
// the types it sees, guards first. Every uop that can exit knows the bytecode
// where tier-1 resumes, and exits happen either before the bytecode touched the
// stack (resume at that bytecode) or after it finished deciding (resume where
// it would have gone), so tier-1 always finds the state it expects.
import { LAYOUT as L } from '../../../build/layout.ts';
import { builtinSpec } from '../interpreter/builtin-registry.ts';
import { BINARY_OP_SYMBOLS, BinaryOp, COMPARE_OP_SYMBOLS, CompareOp, OP_NAMES, Op, UnaryOp, plainBinaryOp } from '../frontend/bytecode.ts';
import type { Heap } from '../heap/heap.ts';
import type { InstructionRecorder } from '../interpreter/interpreter.ts';
import { CodeFlags, type Program } from '../frontend/program.ts';
import { WIDE_COMPARE, wideBinaryUop, wideIntAt } from './wide-int-recording.ts';
import { BIG_COMPARE, bigBinaryUop, isAnyInt } from './record-bigints.ts';
import { frameReturnsToOperator, guardNotDeclined, isOperatorCall } from './record-declines.ts';
import { instanceAt, type ObjectModel } from './record-objects.ts';
import {
  defaultWords, instanceRoom, recordInitReturn, recordInstanceBinary, recordScalarBuiltin, SCALAR_BUILTINS, recordInstanceCompare, recordClassMethodCall, recordInstanceSubscript, recordInstanceStoreSubscript, recordInstanceUnary, recordObjectCall,
  type CallModel, type CallResult, type CallSite,
} from './record-calls.ts';
import {
  FALSE_WORD, NONE_WORD, objTypeOf, tagOf, TRUE_WORD, typeOfWord, VType, VTYPE_NAMES, wordAt,
  type ExitReason, type TraceOp,
} from './trace-ir.ts';
import { CALL_BUILTIN } from './host-calls.ts';
import {
  isDict, recordDictContains, recordDictGet, recordDictSet, recordForIterObject, recordUnpack, type ContainerRecorder,
} from './record-containers.ts';
import { recordBuildString, recordFormatSpec, recordFormatValue, recordOrdChr, recordStrJoin, recordStrCall, recordStrInSeq, recordStrIterInline, recordStrIterUnits, recordStrPercent, type StrBuildRecorder } from './record-str-build.ts';
import { containerTruth } from './record-truthiness.ts';
import { recordEmptyContainer, recordSetAdd } from './record-comprehensions.ts';
import { recordStrOrder, recordTupleCompare } from './record-compare.ts';
import { recordRound } from './record-round.ts';
import { generatorAt, generatorCallDefaults, recordBaseGeneratorReturn, recordBaseYield, recordMakeGenerator, recordGeneratorForIter, recordInlinedGeneratorReturn, recordInlinedYield, type GeneratorRecorder } from './record-generators.ts';
import { recordStarCall } from './record-star-calls.ts';
import { starArgsLocal, starKwargsLocal, starRoom, type StarKwSite } from './record-star-kwcalls.ts';
import { recordDictCopy } from './record-dict-copy.ts';
import { recordSuperAttribute, recordSuperCall, recordSuperMethod } from './record-super.ts';
import { recordListExtend, recordListToTuple, recordSliceBuild } from './record-slices.ts';
import { bindCall, inOrder, keywordLayout, permuteUop, type Binding, type KwLayout } from './record-kwcalls.ts';
import { isInlineStr, recordStrEquality, recordStrIn, recordStrMethod } from './record-strs.ts';
import { keyFoundNow, probeNow, recordDictDelete, recordDictGetMethod, recordDictSetdefault, recordDictStore, recordDictSubscript, recordKeyIn, recordMapAdd } from './record-dicts.ts';
import {
  recordForIterMore, recordGetIter, recordIterBuiltin, recordSeqBinary, recordSeqBuiltin, recordSeqContains, recordSeqMethod, recordSeqSlice,
  type IterationRecorder,
} from './record-iteration.ts';

export const MAX_TRACE_OPS = 1500;
export const MAX_INLINE_DEPTH = 6;

export type RecordingResult =
  /** The root loop closed: ops end just before the back-edge to the start. */
  | { kind: 'loop'; ops: TraceOp[] }
  /** The trace ends with an EXIT_TRACE (its resume pc may be another trace's loop head). */
  | { kind: 'exit'; ops: TraceOp[] }
  | { kind: 'abort'; reason: string }
  /** Not a failure: the loop happened to end just as recording began; try again later. */
  | { kind: 'cancel' };

/**
 * Recording a function trace (from a hot function's entry, or a side trace of
 * one): calls of the function itself become CALL_TOP, a real call of the
 * function's trace, instead of inlining.
 */
export interface FunctionTraceMode {
  /** The traced function's code object. */
  codeIndex: number;
  /**
   * The trace's base frame is the frame the function trace was entered with, so
   * a return from it ends the trace with RETURN_TRACE (to tier-1 or to a CALL_TOP);
   * otherwise such a return ends the trace with an exit.
   */
  returnsFromBase: boolean;
}

/** Where a function trace lives, for CALL_TRACE: natively and as a uop program. */
export interface FunctionTraceTarget {
  entry: number;
  program: number;
  id: number;
}

export interface RecorderEnv {
  heap: Heap;
  program: Program;
  /** Whether a root trace starts at this loop head. */
  hasRootTrace(codeIndex: number, pc: number): boolean;
  /** The pinned one-character table of a constant str object (STR_INDEX_CONST), or null. */
  strIndexTable(o: number): number | null;
  /** The pinned tuple of the 128 ASCII one-character strs (STR_INDEX_INLINE). */
  asciiCharTable?(): number;
  /**
   * Native code-unit reading of strs (heap/str-units.ts): whether str object o
   * has (now) units native code can read, and the pinned tuple of the 256
   * one-character strs below U+0100 (STR_INDEX_UNITS, STR_ITER_UNITS).
   */
  strUnits?: { ensure(o: number): boolean; latin1Table(): number };
  /** A pinned str object with this text (a constant format's literal part: record-str-build.ts), or null. */
  pinnedStr?(text: string): number | null;
  /** A pinned tuple (prefix, suffix) of pinned strs (None for ''), or null (record-str-build.ts). */
  pinnedPair?(prefix: string, suffix: string): number | null;
  /**
   * What a module attribute is, as `module.name` of a builtin or constant the
   * module was made with (the math module's sqrt: 'math.sqrt'), or null when it
   * is anything else (rebound, missing, another module's).
   */
  moduleBuiltin(module: number, name: string): string | null;
  /** The builtin id of attribute `name` of a module (random.randint: _random's), or -1 when it is no builtin. */
  moduleBuiltinId(module: number, name: string): number;
  /** Whether a trace may call builtin `id` in place with the n arguments at word args (host-calls.ts). */
  traceCallable(id: number, args: number, n: number): boolean;
  /** The CALL_BUILTIN_n operand of method `name` of the value at word self (built-in, or an instance with a built-in base), or -1 (host-calls.ts). */
  traceCallableMethod(name: string, self: number, n: number): number;
  /** The CALL_BUILTIN_n operand of a set (or dict) display of `items` values below word top, or -1 (host-calls.ts). */
  displayInPlace(dict: boolean, items: number, top: number): number;
  /** The CALL_BUILTIN_1 operand of BINARY_OP (or COMPARE_OP) `arg` on the two values below word top, or -1 (host-calls.ts). */
  operatorInPlace(compare: boolean, arg: number, top: number): number;
  /** The CALL_BUILTIN_n operand that instantiates class object c (no Python __init__) with the n arguments at word args, or -1 (host-calls.ts). */
  instantiationInPlace(c: number, args: number, n: number): number;
  /**
   * The word of attribute `name` of a module when it is a value a trace may
   * fold under the module's identity (a str, number, tuple, function, builtin
   * or class: a store to any module attribute drops every trace), or null.
   */
  moduleConstant(module: number, name: string): bigint | null;
  /** A function's compiled trace (what CALL_TRACE calls), or null. */
  functionTrace(codeIndex: number): FunctionTraceTarget | null;
  /** Called once with the result; the recorder is then inert. */
  finish(result: RecordingResult): void;
  /**
   * Whether tier-1 returns from the frame at this address by the plain path
   * (its caller is a Python frame waiting at its saved pc: not an __init__,
   * generator or nested-dispatch entry frame, not the program's first frame).
   */
  plainReturn?(frameAddr: number): boolean;
  /** Frames between the tree's entry frame and this trace's base frame (a side trace's start). */
  baseDepth?: number;
  /** Attribute lookups on instances, as tier-1's caches see them (record-objects.ts). */
  objects?: ObjectModel;
  /** Special methods and instantiation, as tier-1 decides them (record-calls.ts). */
  calls?: CallModel;
  /**
   * Whether the loop at this head keeps ending as soon as it is recorded (a
   * `while` that runs once or twice: no trace of its own can be made), so a
   * trace goes on through its back-edge instead of stopping there for it.
   */
  loopTooShort?(codeIndex: number, pc: number): boolean;
  /** Whether functions of this code are made anew while traces call them: calls guard the code, not the object. */
  madeAnew?(codeIndex: number): boolean;
  /** Whether the int operation at this bytecode is recorded wide whatever its values (int-widening.ts). */
  wideIntSite?(codeIndex: number, pc: number): boolean;
}

interface InlineFrame {
  /** -1 until the callee's first bytecode: a special method tier-1 runs in a nested call (record-calls.ts). */
  addr: number;
  codeIndex: number;
  nargs: number;
  /** An __init__ frame: its return gives the instance (record-calls.ts). */
  init?: boolean;
  /** A generator's frame a FOR_ITER of this trace resumed (record-generators.ts). */
  gen?: boolean;
  /** That FOR_ITER's pc in the frame below. */
  forPc?: number;
  /** The caller's pc at the call (frames the trace pushed). */
  callPc?: number;
}

const FRAME_CODE_INDEX_W = L.FRAME_CODE_INDEX / 8;
/** A call whose stack words are all its arguments, in order. */
const POSITIONAL: Binding = { defaults: [], permute: null, beforePermute: 0 };
/** MATH1_FLOAT's oparg per math function computed by libm (cases/support.h MATH1_FUNCTIONS, exported as MATH1_<NAME>). */
const MATH1_NUMBERS = new Map(Object.entries(L).filter(([k]) => k.startsWith('MATH1_')).map(([k, v]) => [k.slice('MATH1_'.length).toLowerCase(), v as number]));
const mathFunctionNumber = (name: string): number | undefined => MATH1_NUMBERS.get(name);
const FRAME_LOCALS_W = L.FRAME_LOCALS / 8;
const FLOAT_ARITH: Record<number, string> = {
  [BinaryOp.ADD]: 'ADD_FLOAT', [BinaryOp.INPLACE_ADD]: 'ADD_FLOAT', [BinaryOp.SUB]: 'SUB_FLOAT', [BinaryOp.MUL]: 'MUL_FLOAT',
  [BinaryOp.TRUEDIV]: 'DIV_FLOAT', [BinaryOp.MOD]: 'MOD_FLOAT', [BinaryOp.POW]: 'POW_FLOAT',
};
const INT_ARITH: Record<number, string> = {
  [BinaryOp.ADD]: 'ADD_INT', [BinaryOp.INPLACE_ADD]: 'ADD_INT', [BinaryOp.SUB]: 'SUB_INT', [BinaryOp.MUL]: 'MUL_INT',
  [BinaryOp.FLOORDIV]: 'FLOORDIV_INT', [BinaryOp.MOD]: 'MOD_INT', [BinaryOp.TRUEDIV]: 'TRUEDIV_INT',
};
// Whole names, never built by concatenation: test/project-config.test.ts finds
// every uop the VM spells in the config's requiredUops.
const COMPARE: Record<number, readonly [int: string, float: string]> = {
  [CompareOp.LT]: ['LT_INT', 'LT_FLOAT'], [CompareOp.LE]: ['LE_INT', 'LE_FLOAT'], [CompareOp.GT]: ['GT_INT', 'GT_FLOAT'],
  [CompareOp.GE]: ['GE_INT', 'GE_FLOAT'], [CompareOp.EQ]: ['EQ_INT', 'EQ_FLOAT'], [CompareOp.NE]: ['NE_INT', 'NE_FLOAT'],
};

class Unsupported extends Error {}
/**
 * The root loop ended right at the start of the recording: its iterator ran out,
 * or (a while loop) its head test, the first branch, leaves it.
 */
class LoopEnded extends Error {}

export class TraceRecorder implements InstructionRecorder {
  readonly ops: TraceOp[] = [];
  private readonly frames: InlineFrame[];
  private done = false;
  private first = true;
  /** Bytecodes fully translated so far. */
  private translated = 0;
  /** A bytecode already covered by the previous one's uops (GET_ITER after range()). */
  private skipPc = -1;
  /** Bytecodes next..last already covered by the one before them (record-star-kwcalls.ts fusions). */
  private skipRun: { next: number; last: number } | null = null;
  /** The head of a loop a side trace just jumped back to (the trace ends there). */
  private pendingHead = -1;
  /** Set while translating one bytecode. */
  private pc = 0;
  /** A branch in the root loop's base frame has been recorded (the loop's head test is behind). */
  private pastHeadTest = false;
  private codeIndex = 0;
  /** The bytecode translated last (what an exception in tier-1 came from), while nothing else has run since. */
  private lastBytecode: { pc: number; codeIndex: number; opsBefore: number; depth: number } | null = null;
  /** After a CALL_TOP or CALL_TRACE: tier-1 runs the call; recording resumes when it is back in this frame at this pc. */
  private awaiting: { frame: number; pc: number } | null = null;
  /** Frames the trace returned from below its base frame (a side trace that left the method it started in). */
  private returnedBelowBase = 0;

  constructor(
    private readonly env: RecorderEnv,
    readonly startCode: number,
    readonly startPc: number,
    private readonly startFrame: number,
    /** Root loop traces must close their loop; side and function traces may end anywhere. */
    readonly isRoot: boolean,
    readonly functionMode: FunctionTraceMode | null = null,
  ) {
    this.frames = [{ addr: startFrame, codeIndex: startCode, nargs: env.program.codes[startCode].nparams }];
    this.containers = {
      heap: env.heap,
      guard: (uop, reason, extra) => this.guard(uop, reason, extra),
      nextOp: (pc) => this.nextOp(pc),
      nextArg: (pc) => this.nextArg(pc),
      skipNext: (pc) => {
        this.skipPc = pc + 1;
      },
      loopEnded: () => {
        if (this.isRoot && this.frames.length === 1 && this.pc === this.startPc) throw new LoopEnded();
      },
      strIndexTable: (o) => env.strIndexTable(o),
      emit: (uop) => this.emit({ uop }),
      constant: (word) => this.constant(word),
    };
    this.strBuild = {
      heap: env.heap,
      guard: (uop, reason, extra) => this.guard(uop, reason, extra),
      emit: (uop) => this.emit({ uop }),
      guardType: (t, depth) => (depth === 1 ? this.guardTop(t) : this.guardSecond(t)),
      asciiCharTable: env.asciiCharTable ? () => env.asciiCharTable!() : undefined,
      strUnits: env.strUnits,
      pinnedStr: env.pinnedStr ? (text) => env.pinnedStr!(text) : undefined,
      pinnedPair: env.pinnedPair ? (prefix, suffix) => env.pinnedPair!(prefix, suffix) : undefined,
    };
    this.generators = { heap: env.heap, program: env.program, guard: (uop, reason, extra) => this.guard(uop, reason, extra), emit: (op) => this.emit(op) };
    this.callSite = env.calls ? {
      heap: env.heap,
      program: env.program,
      model: env.calls,
      guard: (uop, reason, extra) => this.guard(uop, reason, extra),
      emit: (op) => this.emit(op),
      guardShape: (o, depth) => this.guardShape(o, depth),
      guardType: (t, depth) => {
        try {
          if (depth === 1) this.guardTop(t);
          else this.guardSecond(t);
          return true;
        } catch (e) {
          if (e instanceof Unsupported) return false;
          throw e;
        }
      },
      inline: (codeIndex, nargs, pc, frameW, guardCallee, init, binding) => this.inlineCall(codeIndex, nargs, pc, frameW, guardCallee, init, binding),
      kwLayout: () => this.kwLayout,
    } : null;
  }

  /** The recorder as record-containers.ts and record-iteration.ts see it. */
  private readonly containers: IterationRecorder;
  private readonly strBuild: StrBuildRecorder;
  private readonly generators: GeneratorRecorder;

  /** The recorder as record-calls.ts sees it (null without a call model). */
  private readonly callSite: CallSite | null;

  /** While a CALL_KW is recorded: which parameters its keyword values bind (record-kwcalls.ts). */
  private kwLayout: KwLayout | null = null;

  /** A call recorded by record-calls.ts, or the bytecode stitched with its reason. */
  private viaCalls(record: (site: CallSite) => CallResult, otherwise: string): void {
    const why = this.callSite ? record(this.callSite) : otherwise;
    if (why !== null) throw new Unsupported(why);
  }

  /** Bytecodes translated into the trace (the JIT weighs a stitched trace by them). */
  get bytecodesTranslated(): number {
    return this.translated;
  }

  get active(): boolean {
    return !this.done;
  }

  /**
   * The instruction just recorded raised (tier-1 is unwinding to a handler or
   * out of the frame): the uops recorded for it describe a path that was not
   * taken, so the recording is dropped.
   */
  onException(): void {
    if (this.done) return;
    // The bytecode just translated raised in tier-1: the trace stops before it with a
    // stitch exit, so at run time tier-1 runs it (and raises, or not) exactly.
    const last = this.lastBytecode;
    if (last !== null && this.awaiting === null && this.frames.length === last.depth) {
      this.ops.length = last.opsBefore;
      this.translated--;
      this.stitchAt(last.pc, last.codeIndex);
      return;
    }
    this.abort('exception raised while recording');
  }

  abort(reason: string): void {
    if (this.done) return;
    this.done = true;
    this.env.finish({ kind: 'abort', reason });
  }

  onInstruction(frameAddr: number, spAddr: number, pc: number): void {
    if (this.done) return;
    const awaiting = this.awaiting;
    if (awaiting !== null) {
      // Callee frames live above the caller's; anything else means an exception unwound the call.
      if (frameAddr > awaiting.frame) return;
      if (frameAddr !== awaiting.frame || pc !== awaiting.pc) return this.abort('exception in a recursive call');
      this.awaiting = null;
    }
    const top = this.frames[this.frames.length - 1];
    // A special method tier-1 runs in a nested call: its frame is wherever tier-1 put it, and it
    // must be the function the trace inlines (the recording stops if tier-1 chose another).
    if (top.addr < 0 && frameAddr > this.frames[this.frames.length - 2].addr &&
        this.env.heap.readI64(this.env.heap.wordOf(frameAddr) + FRAME_CODE_INDEX_W) === top.codeIndex) top.addr = frameAddr;
    if (frameAddr !== top.addr) return this.abort('frame changed unexpectedly (exception or unsupported call)');
    const codeIndex = top.codeIndex;
    if (!this.first) {
      if (this.isRoot && pc === this.startPc && codeIndex === this.startCode && (this.frames.length === 1 || this.backInGenerator(top))) {
        this.done = true;
        this.env.finish({ kind: 'loop', ops: this.ops });
        return;
      }
      if (this.env.hasRootTrace(codeIndex, pc) || pc === this.pendingHead) return this.endAt(pc, codeIndex, true);
    }
    this.first = false;
    if (this.ops.length > MAX_TRACE_OPS) return this.abort('trace too long');
    if (pc === this.skipPc) {
      this.skipPc = -1;
      this.translated++;
      return;
    }
    this.skipPc = -1;
    const run = this.skipRun;
    this.skipRun = null;
    if (run !== null && pc === run.next) {
      if (pc < run.last) this.skipRun = { next: pc + 1, last: run.last };
      this.translated++;
      return;
    }
    this.pc = pc;
    this.codeIndex = codeIndex;
    const before = this.ops.length;
    const depth = this.frames.length;
    this.lastBytecode = null;
    try {
      this.translate(frameAddr, spAddr, pc);
      this.translated++;
      if (!this.done && this.frames.length === depth && this.awaiting === null) this.lastBytecode = { pc, codeIndex, opsBefore: before, depth };
    } catch (e) {
      if (e instanceof LoopEnded) {
        this.done = true;
        this.env.finish({ kind: 'cancel' });
        return;
      }
      if (!(e instanceof Unsupported)) throw e;
      // Drop whatever this bytecode emitted: the exit re-executes it in tier-1.
      this.ops.length = before;
      if (this.frames.length !== depth) return this.abort('unsupported bytecode after a frame change');
      this.stitchReasons.push(e.message);
      this.stitchAt(pc, codeIndex);
    }
  }

  /** Whether pc (in the base frame) lies in the root loop's body: from its head to its last back-edge. */
  private insideRootLoop(pc: number): boolean {
    const code = this.env.program.codes[this.startCode].code;
    let end = -1;
    for (let i = this.startPc; 2 * i < code.length; i++) if (code[2 * i] === Op.JUMP_BACKWARD && code[2 * i + 1] === this.startPc) end = i;
    return pc >= this.startPc && pc <= end;
  }

  /** Heads of short loops this trace went on through (loopTooShort), once each. */
  private readonly throughHeads = new Set<string>();

  /** Why the trace stitches (the bytecode it could not translate), for --jit-stats. */
  readonly stitchReasons: string[] = [];

  /**
   * Ends the trace before the bytecode at pc with a stitch exit: tier-1 runs that
   * bytecode and the JIT goes on with a continuation trace after it (trace-stitching.ts).
   */
  private stitchAt(pc: number, codeIndex: number): void {
    // A root recording that left its loop (the loop ended as it was recorded) would make
    // a trace of the way out: not a trace of the loop. The loop is recorded again later.
    if (this.isRoot && this.frames.length === 1 && this.returnedBelowBase === 0 && !this.insideRootLoop(pc)) return this.abort('the loop ended while it was recorded');
    this.ops.push({ uop: 'EXIT_TRACE', resumePc: pc, codeIndex, bcPc: pc, reason: 'stitch', inlineDepth: this.frames.length - 1 });
    this.done = true;
    this.env.finish({ kind: 'exit', ops: this.ops });
  }

  /** Ends the trace with an exit that resumes tier-1 at pc. */
  private endAt(pc: number, codeIndex: number, atTraceHead: boolean, why = 'unsupported'): void {
    if (this.isRoot && !atTraceHead) return this.abort(why);
    // A trace that consumed no bytecode would exit where it was entered: linking
    // that exit to a loop trace could spin natively without making progress.
    if (this.translated === 0) return this.abort(`${why} at the start of the trace`);
    this.ops.push({ uop: 'EXIT_TRACE', resumePc: pc, codeIndex, reason: 'end', inlineDepth: this.depth() });
    this.done = true;
    this.env.finish({ kind: 'exit', ops: this.ops });
  }

  // ---- emission ---------------------------------------------------------------

  /** Appends op (a fresh object the recorder takes over) with the bytecode it came from. */
  private emit(op: TraceOp): void {
    // Tagged in place: a copy ({ ...op, bcPc }) costs about 1 us per uop in V8 (object
    // clone plus two new properties), cold or warm.
    op.bcPc = this.pc;
    op.codeIndex = this.codeIndex;
    this.ops.push(op);
  }

  /** A uop whose exit resumes at the current bytecode (nothing consumed yet). */
  private guard(uop: string, reason: ExitReason, extra: Partial<TraceOp> = {}): void {
    this.guardTo(uop, this.pc, reason, extra);
  }

  /** A uop whose exit resumes at `pc` (a branch already decided). */
  private guardTo(uop: string, pc: number, reason: ExitReason, extra: Partial<TraceOp> = {}): void {
    this.ops.push({ uop, resumePc: pc, bcPc: this.pc, codeIndex: this.codeIndex, reason, inlineDepth: this.depth(), ...extra });
  }

  /** Frames above the trace's base frame now (negative after returns below it). */
  private depth(): number {
    return this.frames.length - 1 - this.returnedBelowBase;
  }

  private constant(word: bigint, wordType?: VType): void {
    this.emit({ uop: 'LOAD_CONST', operand0: word, word, wordType });
  }

  /** Guard on the type of a local before it is loaded (an unbound local must fail here). */
  private guardLocal(n: number, t: VType): void {
    if (t === VType.FLOAT) return this.guard('GUARD_LOCAL_FLOAT', 'type', { oparg: n });
    const tag = tagOf(t);
    if (tag >= 0) return this.guard('GUARD_LOCAL_TAG', 'type', { oparg: n, operand0: tag });
    const obj = objTypeOf(t);
    if (obj >= 0) return this.guard('GUARD_LOCAL_OBJ', 'type', { oparg: n, operand0: obj });
    const code = this.otherObjectType(this.env.heap.wordOf(this.frames[this.frames.length - 1].addr) + FRAME_LOCALS_W + n, t);
    if (code >= 0) return this.guard('GUARD_LOCAL_OBJ', 'type', { oparg: n, operand0: code });
    throw new Unsupported(`local of type ${VTYPE_NAMES[t]}`);
  }

  /** The heap type code of an object the lattice has no VType for (a dict, an instance, ...) in word w, or -1. */
  private otherObjectType(w: number, t: VType): number {
    const heap = this.env.heap;
    if (t !== VType.OTHER || heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return -1;
    return heap.u32[2 * heap.objectAt(w)];
  }

  private guardGlobal(g: number, t: VType): void {
    if (t === VType.FLOAT) return this.guard('GUARD_GLOBAL_FLOAT', 'type', { oparg: g });
    const tag = tagOf(t);
    if (tag >= 0) return this.guard('GUARD_GLOBAL_TAG', 'type', { oparg: g, operand0: tag });
    const obj = objTypeOf(t);
    if (obj >= 0) return this.guard('GUARD_GLOBAL_OBJ', 'type', { oparg: g, operand0: obj });
    const code = this.otherObjectType(this.env.heap.globalsW + g, t);
    if (code >= 0) return this.guard('GUARD_GLOBAL_OBJ', 'type', { oparg: g, operand0: code });
    throw new Unsupported(`global of type ${VTYPE_NAMES[t]}`);
  }

  /** Guards the top two stack values to be (left, right). */
  private guardPair(left: VType, right: VType): void {
    if (left === VType.INT && right === VType.INT) return this.guard('GUARD_BOTH_INT', 'type');
    if (left === VType.FLOAT && right === VType.FLOAT) return this.guard('GUARD_BOTH_FLOAT', 'type');
    this.guardSecond(left);
    this.guardTop(right);
  }

  private guardTop(t: VType): void {
    switch (t) {
      case VType.INT: return this.guard('GUARD_INT', 'type');
      case VType.FLOAT: return this.guard('GUARD_FLOAT', 'type');
      case VType.BOOL: return this.guard('GUARD_BOOL', 'type');
      case VType.LIST: return this.guard('GUARD_LIST', 'type');
      case VType.RANGE_ITER: return this.guard('GUARD_RANGE_ITER', 'type');
      case VType.LIST_ITER: return this.guard('GUARD_LIST_ITER', 'type');
      case VType.STR: return this.guard('GUARD_STR', 'type');
      case VType.TUPLE: return this.guard('GUARD_TUPLE', 'type');
      default: throw new Unsupported(`no guard for ${VTYPE_NAMES[t]} on top`);
    }
  }

  private guardSecond(t: VType): void {
    switch (t) {
      case VType.INT: return this.guard('GUARD_INT_SECOND', 'type');
      case VType.FLOAT: return this.guard('GUARD_FLOAT_SECOND', 'type');
      case VType.LIST: return this.guard('GUARD_LIST_SECOND', 'type');
      case VType.TUPLE: return this.guard('GUARD_TUPLE_SECOND', 'type');
      case VType.STR: return this.guard('GUARD_STR_SECOND', 'type');
      default: throw new Unsupported(`no guard for ${VTYPE_NAMES[t]} under the top`);
    }
  }

  // ---- translation --------------------------------------------------------------

  private translate(frameAddr: number, spAddr: number, pc: number): void {
    const { heap, program } = this.env;
    const code = program.codes[this.codeIndex];
    const op = code.code[2 * pc];
    const arg = code.code[2 * pc + 1];
    const sp = heap.wordOf(spAddr);
    const fp = heap.wordOf(frameAddr);
    const typeAt = (depth: number) => typeOfWord(heap, sp - depth);
    switch (op) {
      case Op.NOP:
      case Op.JUMP:
        return;
      case Op.JUMP_BACKWARD:
        // The head is checked at the next instruction: our own loop closes,
        // another loop with a trace links; a loop without one cannot be traced through.
        if (this.isRoot && this.frames.length === 1 && arg === this.startPc && this.codeIndex === this.startCode) return;
        if (this.env.hasRootTrace(this.codeIndex, arg)) return;
        // A loop too short for a trace of its own: its next test is recorded as a branch (once per trace).
        const head = `${this.codeIndex}:${arg}`;
        if (!this.throughHeads.has(head) && this.env.loopTooShort?.(this.codeIndex, arg)) {
          this.throughHeads.add(head);
          return;
        }
        // The trace stops at the inner loop's head; the JIT records that loop from this exit once it
        // is hot and links the exit to it.
        this.pendingHead = arg;
        return;
      case Op.LOAD_CONST: {
        // Heap constants (strings, big ints, functions) are rooted by the constant table.
        const w = heap.constantsW + arg;
        // The word alone does not tell the optimizer that an object is a str (GUARD_STR after "#").
        return this.constant(wordAt(heap, w), typeOfWord(heap, w) === VType.STR ? VType.STR : undefined);
      }
      case Op.LOAD_LOCAL: {
        const t = typeOfWord(heap, fp + FRAME_LOCALS_W + arg);
        if (t === VType.UNBOUND) throw new Unsupported('unbound local');
        this.guardLocal(arg, t);
        return this.emit({ uop: 'LOAD_LOCAL', oparg: arg });
      }
      case Op.STORE_LOCAL:
        return this.emit({ uop: 'STORE_LOCAL', oparg: arg });
      case Op.COPY_FREE_VARS: {
        // The function sits in the callable slot below the frame's parameters (tier-1's rule),
        // but an inlined __init__ has its class there: its function (tier-1's slot now) is a constant.
        const code = program.codes[this.codeIndex];
        if (this.frames[this.frames.length - 1].init) {
          const slot = fp - code.nparams - 1;
          if (heap.u32[2 * slot + 1] >>> 16 !== L.TAG_OBJ || heap.u32[2 * heap.objectAt(slot)] !== L.OBJ_FUNCTION) throw new Unsupported('free variables of an __init__');
          return this.emit({ uop: 'COPY_FREE_VARS_OF', oparg: arg, operand0: wordAt(heap, slot), operand1: BigInt(code.freeStart) });
        }
        return this.emit({ uop: 'COPY_FREE_VARS', oparg: arg, operand0: BigInt(code.nparams + 1), operand1: BigInt(code.freeStart) });
      }
      case Op.LOAD_DEREF:
      case Op.STORE_DEREF:
      case Op.LOAD_CLOSURE:
        return this.closureAccess(op, arg, fp);
      case Op.LOAD_GLOBAL: {
        const w = heap.globalsW + arg;
        const t = typeOfWord(heap, w);
        if (t === VType.FUNCTION || t === VType.BUILTIN || t === VType.MODULE || this.builtinTypeName(w) !== '') {
          // Functions, modules and built-in classes with a constructor (range, float, ...) are
          // specialised on identity (rebinding invalidates the trace).
          const word = wordAt(heap, w);
          this.guard('GUARD_GLOBAL_IS', 'identity', { oparg: arg, operand0: word });
          return this.emit({ uop: 'LOAD_CONST', operand0: word, word });
        }
        if (t === VType.UNBOUND) throw new Unsupported('unbound global');
        this.guardGlobal(arg, t);
        return this.emit({ uop: 'LOAD_GLOBAL', oparg: arg });
      }
      case Op.STORE_GLOBAL:
        return this.emit({ uop: 'STORE_GLOBAL', oparg: arg });
      case Op.MAKE_CELL:
        // A cell for a local that nested functions share (allocated natively, or an exit before it).
        return this.guard('MAKE_CELL', 'alloc', { oparg: arg });
      case Op.MAKE_FUNCTION:
        // A nested function, lambda or closure made each time its `def` runs: no identity to fold.
        return this.guard('MAKE_FUNCTION', 'alloc', { oparg: arg & 15, operand0: BigInt(arg >> 4) });
      case Op.BUILD_TUPLE:
        // `a, b = b, a`: a tuple built only to be unpacked is a permutation of the stack.
        if (this.nextOp(pc) === Op.UNPACK_SEQUENCE && this.nextArg(pc) === arg && (arg === 2 || arg === 3)) {
          this.skipPc = pc + 1;
          return this.emit({ uop: arg === 2 ? 'SWAP' : 'SWAP_FIRST_THIRD' });
        }
        return this.guard('BUILD_TUPLE', 'alloc', { oparg: arg });
      case Op.BUILD_LIST: {
        const fused = arg === 0 ? starArgsLocal(this.starSite(), pc, fp) : -1;
        if (fused >= 0) {
          // `f(*a, ...)` of a tuple local: the new tuple tuple([*a]) only feeds the call, whose binding reads its items.
          this.guardLocal(fused, VType.TUPLE);
          this.emit({ uop: 'LOAD_LOCAL', oparg: fused });
          this.skipRun = { next: pc + 1, last: pc + 3 };
          return;
        }
        return this.guard('BUILD_LIST', 'alloc', { oparg: arg });
      }
      case Op.POP_TOP:
        return this.emit({ uop: 'POP_TOP' });
      case Op.DUP_TOP:
        return this.emit({ uop: 'COPY_TOP' });
      case Op.ROT_TWO:
        return this.emit({ uop: 'SWAP' });
      case Op.COPY:
        return this.emit(arg === 1 ? { uop: 'COPY_TOP' } : { uop: 'COPY_AT', oparg: arg });
      case Op.SWAP:
        if (arg !== 2 && arg !== 3) throw new Unsupported(`SWAP ${arg}`);
        return this.emit({ uop: arg === 2 ? 'SWAP' : 'SWAP_FIRST_THIRD' });
      case Op.BINARY_OP:
        if (arg === BinaryOp.MOD && recordStrPercent(this.strBuild, sp)) return;
        if (typeAt(2) === VType.INSTANCE || typeAt(1) === VType.INSTANCE) return this.viaCalls((s) => recordInstanceBinary(s, arg, sp, pc), 'binary op on instance');
        return this.binary(arg, typeAt(2), typeAt(1), sp);
      case Op.COMPARE_OP:
        if ((arg === CompareOp.IN || arg === CompareOp.NOT_IN) && probeNow(heap, sp - 1, sp - 2) !== 'ask' &&
            recordDictContains(this.containers, sp, typeAt(2), arg === CompareOp.NOT_IN, (uop) => this.emit({ uop }))) return;
        if ((arg === CompareOp.IN || arg === CompareOp.NOT_IN) && recordKeyIn(this.containers, sp, arg === CompareOp.NOT_IN)) return;
        if ((arg === CompareOp.IN || arg === CompareOp.NOT_IN) && recordStrIn(this.containers, sp, arg === CompareOp.NOT_IN)) return;
        if ((arg === CompareOp.EQ || arg === CompareOp.NE) && recordStrEquality(this.containers, sp, arg === CompareOp.NE, () => this.guardPair(VType.STR, VType.STR))) return;
        if ((arg === CompareOp.IN || arg === CompareOp.NOT_IN) && recordStrInSeq(this.strBuild, sp, arg === CompareOp.NOT_IN)) return;
        if ((arg === CompareOp.IN || arg === CompareOp.NOT_IN) && recordSeqContains(this.containers, sp, typeAt(2), typeAt(1), arg === CompareOp.NOT_IN, (uop) => this.emit({ uop }))) return;
        if (arg <= CompareOp.GE && (typeAt(2) === VType.INSTANCE || typeAt(1) === VType.INSTANCE)) return this.viaCalls((s) => recordInstanceCompare(s, arg, sp, pc), 'compare on instance');
        if (recordTupleCompare(this.containers, sp, arg)) return;
        if (recordStrOrder(this.containers, sp, arg, () => this.guardPair(VType.STR, VType.STR))) return;
        return this.compare(arg, typeAt(2), typeAt(1), sp);
      case Op.UNARY:
        if (arg !== UnaryOp.NOT && typeAt(1) === VType.INSTANCE) return this.viaCalls((s) => recordInstanceUnary(s, arg, sp, pc), 'unary op on instance');
        return this.unary(arg, typeAt(1), sp);
      case Op.POP_JUMP_IF_FALSE:
      case Op.POP_JUMP_IF_TRUE:
        return this.popJump(op === Op.POP_JUMP_IF_TRUE, arg, pc, sp);
      case Op.JUMP_IF_FALSE_OR_POP:
      case Op.JUMP_IF_TRUE_OR_POP: {
        if (typeAt(1) !== VType.BOOL) throw new Unsupported('and/or on a non-bool');
        const truthy = heap.u32[2 * (sp - 1)] !== 0;
        this.guard('GUARD_STACK_IS', 'branch', { oparg: 1, operand0: truthy ? TRUE_WORD : FALSE_WORD });
        const jumps = truthy === (op === Op.JUMP_IF_TRUE_OR_POP);
        if (!jumps) this.emit({ uop: 'POP_TOP' });
        return;
      }
      case Op.FOR_ITER:
        if (generatorAt(heap, sp - 1) >= 0) return this.generatorForIter(sp, pc);
        if (typeAt(1) === VType.OTHER && (recordForIterObject(this.containers, sp - 1, pc) || recordForIterMore(this.containers, sp - 1))) return;
        return this.forIter(typeAt(1), sp);
      case Op.UNPACK_SEQUENCE:
        if (recordUnpack(this.containers, arg, typeAt(1))) return;
        throw new Unsupported(`unpacking of ${VTYPE_NAMES[typeAt(1)]}`);
      case Op.FORMAT_VALUE:
        if (recordFormatValue(this.strBuild, arg, sp) || recordFormatSpec(this.strBuild, arg, sp)) return;
        throw new Unsupported('bytecode FORMAT_VALUE');
      case Op.BUILD_STRING:
        if (recordBuildString(this.strBuild, arg, sp)) return;
        throw new Unsupported('bytecode BUILD_STRING');
      case Op.GET_ITER:
        if (typeAt(1) === VType.INSTANCE && this.iterateBase(sp)) return;
        if (recordGetIter(this.containers, sp - 1, typeAt(1)) || recordStrIterInline(this.strBuild, sp - 1) || recordStrIterUnits(this.strBuild, sp - 1)) return;
        throw new Unsupported(`iteration over ${VTYPE_NAMES[typeAt(1)]}`);
      case Op.CALL:
        return this.call(arg, pc, sp);
      case Op.CALL_KW: {
        // Keywords naming plain parameters bind as a positional call (record-kwcalls.ts).
        const layout = keywordLayout(heap, program, this.env.calls, sp, program.kwCalls[arg]);
        if (layout === null) throw new Unsupported('keyword call');
        this.kwLayout = layout.kw;
        try {
          return this.call(layout.total, pc, sp);
        } finally {
          this.kwLayout = null;
        }
      }
      case Op.CALL_METHOD: {
        const n = arg & 255;
        const name = program.names[arg >> 8];
        if (name === 'append' && n === 1 && typeAt(2) === VType.LIST) {
          this.guard('GUARD_LIST_SECOND', 'type');
          this.guard('LIST_APPEND', 'bounds');
          return this.constant(NONE_WORD);
        }
        if (recordSeqMethod(this.containers, name, n, sp, pc)) return;
        const moduleFunction = typeAt(n + 1) === VType.MODULE ? this.env.moduleBuiltinId(heap.objectAt(sp - n - 1), name) : -1;
        if (moduleFunction >= 0) {
          // math.sqrt(x), random.randint(a, b) and friends: the module sits where a callable would.
          // (A store to a module attribute drops every trace, so the module's identity guards the function.)
          const spec = builtinSpec(moduleFunction);
          if (this.builtinCall(spec.name, n, wordAt(heap, sp - n - 1), sp, spec.module, moduleFunction)) return;
        }
        if (typeAt(n + 1) === VType.INSTANCE) return this.methodCall(name, n, pc, sp);
        if (this.classAt(sp - n - 1) >= 0) {
          return this.viaCalls((s) => recordClassMethodCall(s, name, n, sp, pc), `method ${name} of a class`);
        }
        if (heap.u32[2 * (sp - n - 1) + 1] >>> 16 === L.TAG_OBJ && heap.u32[2 * heap.objectAt(sp - n - 1)] === L.OBJ_SUPER) {
          return this.viaCalls((s) => recordSuperMethod(s, name, n, sp, pc), 'method of super()');
        }
        if (name === 'get' && recordDictGetMethod(this.containers, sp, n)) return;
        if (name === 'setdefault' && recordDictSetdefault(this.containers, sp, n)) return;
        if (typeAt(n + 1) === VType.STR && recordStrMethod(this.containers, sp, name, n)) return;
        if (name === 'join' && n === 1 && recordStrJoin(this.strBuild, sp)) return;
        const inPlace = this.env.traceCallableMethod(name, sp - n - 1, n);
        if (inPlace < 0) throw new Unsupported(`method ${name}`);
        // The receiver's type is checked by the call, which gives up (nothing done, tier-1 calls) on another.
        return this.guard(CALL_BUILTIN[n], 'other', { operand0: BigInt(inPlace) });
      }
      case Op.LOAD_ATTR: {
        if (typeAt(1) === VType.INSTANCE) return this.loadAttr(sp, program.names[arg], pc);
        if (this.classAttrLoad(sp, program.names[arg])) return;
        if (heap.u32[2 * (sp - 1) + 1] >>> 16 === L.TAG_OBJ && heap.u32[2 * heap.objectAt(sp - 1)] === L.OBJ_SUPER) {
          return this.viaCalls((s) => recordSuperAttribute(s, program.names[arg], sp), 'attribute of super()');
        }
        if (typeAt(1) === VType.FUNCTION && this.functionAttr(sp - 1, program.names[arg])) return;
        if (typeAt(1) !== VType.MODULE) throw new Unsupported('attribute of a non-module');
        // Module attributes are builtins, constants, functions or classes: fold them under the module's identity.
        const moduleWord = wordAt(heap, sp - 1);
        const name = program.names[arg];
        const module = heap.objectAt(sp - 1);
        const value = this.env.moduleBuiltin(module, name) === `math.${name}` ? this.moduleAttribute(name) : this.env.moduleConstant(module, name);
        if (value === null) throw new Unsupported(`attribute ${name}`);
        this.guard('GUARD_STACK_IS', 'identity', { oparg: 1, operand0: moduleWord });
        this.emit({ uop: 'POP_TOP' });
        return this.constant(value);
      }
      case Op.STORE_ATTR:
        if (this.classAttrStore(sp, program.names[arg], typeAt(2))) return;
        if (typeAt(1) === VType.FUNCTION && this.functionAttr(sp - 1, program.names[arg], true)) return;
        if (typeAt(1) !== VType.INSTANCE) throw new Unsupported('attribute store on a non-instance');
        return this.storeAttr(sp, program.names[arg]);
      case Op.YIELD_VALUE:
        return this.yieldValue(fp, sp, pc);
      case Op.RETURN_GENERATOR: {
        // The prologue of a generator function this trace inlined the call of.
        const f = this.frames[this.frames.length - 1];
        if (this.frames.length === 1 || f.gen || f.init || !recordMakeGenerator(this.generators, fp, sp, pc, this.codeIndex)) throw new Unsupported('bytecode RETURN_GENERATOR');
        this.frames.pop();
        this.codeIndex = this.frames[this.frames.length - 1].codeIndex;
        return;
      }
      case Op.RETURN_VALUE: {
        if (this.frames.length > 1 && this.frames[this.frames.length - 1].gen) {
          // The generator returned: tier-1 ends the consumer's loop (a root recording has left its loop).
          const f = this.frames[this.frames.length - 1];
          if (this.isRoot && this.frames.length === 2 && f.forPc === this.startPc && this.frames[0].codeIndex === this.startCode) throw new LoopEnded();
          recordInlinedGeneratorReturn(this.generators);
          this.frames.pop();
          this.codeIndex = this.frames[this.frames.length - 1].codeIndex;
          return;
        }
        if (this.frames.length === 1 && !(this.isRoot && this.returnedBelowBase > 0) && this.functionMode === null && program.codes[this.codeIndex].flags & CodeFlags.GENERATOR) {
          return this.leaveBaseGenerator(recordBaseGeneratorReturn(this.generators, fp, this.codeIndex));
        }
        if (this.returnsToOperator()) {
          const why = guardNotDeclined({ heap, notImplemented: this.env.calls?.notImplemented ?? null, guard: (u, r, e) => this.guard(u, r, e) }, sp);
          if (why !== null) throw new Unsupported(why);
        }
        // Only into a frame the tree itself inlined: its call site, so the pc it resumes at, is the recorded one.
        if (this.frames.length === 1 && this.functionMode === null && !this.isRoot && (this.env.baseDepth ?? 0) - this.returnedBelowBase > 0 &&
            this.env.plainReturn?.(this.frames[0].addr)) {
          return this.returnBelowBase();
        }
        if (this.frames.length === 1 && this.functionMode === null && !this.isRoot) return this.returnToCaller();
        if (this.frames.length === 1) {
          if (!this.functionMode?.returnsFromBase) throw new Unsupported('return from the trace\'s base frame');
          this.emit({ uop: 'RETURN_TRACE', oparg: this.frames[0].nargs });
          this.done = true;
          this.env.finish({ kind: 'exit', ops: this.ops });
          return;
        }
        if (this.frames[this.frames.length - 1].init) {
          const nparams = this.frames[this.frames.length - 1].nargs;
          this.viaCalls((s) => recordInitReturn(s, sp, nparams), 'return from __init__');
          this.frames.pop();
          this.codeIndex = this.frames[this.frames.length - 1].codeIndex;
          return;
        }
        const f = this.frames.pop()!;
        this.emit({ uop: 'POP_FRAME', oparg: f.nargs });
        this.codeIndex = this.frames[this.frames.length - 1].codeIndex;
        return;
      }
      case Op.BINARY_SUBSCR: {
        const c = typeAt(2);
        if (c === VType.INSTANCE) return this.viaCalls((s) => recordInstanceSubscript(s, sp, pc), 'subscript of instance');
        if (c === VType.STR && typeAt(1) === VType.INT) return this.strIndex(sp);
        if (keyFoundNow(heap, sp - 2, sp - 1) && recordDictGet(this.containers, sp, typeAt(1))) return;
        if (recordDictSubscript(this.containers, sp)) return;
        if (typeAt(1) !== VType.INT || (c !== VType.LIST && c !== VType.TUPLE)) throw new Unsupported('subscript');
        this.guardSecond(c);
        this.guard('GUARD_INT', 'type');
        return this.guard(c === VType.LIST ? 'LIST_GET_INT' : 'TUPLE_GET_INT', 'bounds');
      }
      case Op.BINARY_SLICE: {
        if (recordSeqSlice(this.containers, arg, sp)) return;
        if (arg === 2 && typeAt(3) === VType.STR && this.strSlice(sp)) return;
        const bound = (t: VType) => t === VType.INT || t === VType.NONE;
        if (arg !== 2 || typeAt(3) !== VType.LIST || !bound(typeAt(2)) || !bound(typeAt(1))) throw new Unsupported('slice');
        return this.guard('LIST_SLICE', 'alloc');
      }
      case Op.STORE_SUBSCR:
        if (typeAt(2) === VType.INSTANCE) return this.viaCalls((s) => recordInstanceStoreSubscript(s, sp), 'subscript store of instance');
        if (keyFoundNow(heap, sp - 2, sp - 1) && recordDictSet(this.containers, sp, typeAt(1))) return;
        if (recordDictStore(this.containers, sp)) return;
        if (typeAt(2) !== VType.LIST || typeAt(1) !== VType.INT) throw new Unsupported('subscript store');
        this.guard('GUARD_LIST_SECOND', 'type');
        this.guard('GUARD_INT', 'type');
        return this.guard('LIST_SET_INT', 'bounds');
      case Op.DELETE_SUBSCR:
        if (recordDictDelete(this.containers, sp)) return;
        throw new Unsupported('subscript delete');
      case Op.MAP_ADD:
        if (recordMapAdd(this.containers, sp)) return;
        throw new Unsupported('MAP_ADD');
      case Op.BUILD_MAP:
      case Op.BUILD_SET:
        if (op === Op.BUILD_MAP && arg === 0) {
          const fused = starKwargsLocal(this.starSite(), pc, fp);
          if (fused >= 0) {
            // `f(..., **k)` of a dict local: the merged copy only feeds the call, which reads its keys and values.
            this.guard('GUARD_LOCAL_OBJ', 'type', { oparg: fused, operand0: BigInt(L.OBJ_DICT) });
            this.emit({ uop: 'LOAD_LOCAL', oparg: fused });
            this.skipRun = { next: pc + 1, last: pc + 2 };
            return;
          }
        }
        if (recordEmptyContainer(this.containers, op === Op.BUILD_SET, arg)) return;
        return this.displayInPlace(op === Op.BUILD_MAP, arg, sp);
      case Op.SET_ADD:
        if (recordSetAdd(this.containers, sp)) return;
        throw new Unsupported('bytecode SET_ADD');
      case Op.CALL_FUNCTION_EX: {
        const site = { heap, program, guard: (u: string, r: ExitReason, e?: Partial<TraceOp>) => this.guard(u, r, e), emit: (o: TraceOp) => this.emit(o), call: (n: number, p: number, s: number) => this.call(n, p, s) };
        if (recordStarCall(site, arg, pc, sp)) return;
        return this.starKwCall(arg, pc, sp);
      }
      case Op.BUILD_SLICE:
        if (recordSliceBuild(this.containers, arg, sp, pc)) return;
        throw new Unsupported('bytecode BUILD_SLICE');
      case Op.LIST_EXTEND:
        if (recordListExtend(this.containers, sp)) return;
        throw new Unsupported('bytecode LIST_EXTEND');
      case Op.LIST_TO_TUPLE:
        if (recordListToTuple(this.containers, typeAt(1))) return;
        throw new Unsupported('bytecode LIST_TO_TUPLE');
      default:
        throw new Unsupported(`bytecode ${OP_NAMES[op]}`);
    }
  }

  /** Whether the frame returning now is an operator's special method (record-declines.ts). */
  private returnsToOperator(): boolean {
    const { heap, program } = this.env;
    const n = this.frames.length;
    if (n > 1) return isOperatorCall(program, this.frames[n - 2].codeIndex, this.frames[n - 1].callPc ?? -1);
    return frameReturnsToOperator(heap, program, heap.wordOf(this.frames[0].addr));
  }

  /**
   * A root loop inside a generator that yielded out of its base frame is back
   * at its head when the consumer's FOR_ITER resumed the generator again in a
   * frame at the same place: the native state is the entry's, so the loop closes.
   */
  private backInGenerator(top: InlineFrame): boolean {
    return this.frames.length === 2 && this.returnedBelowBase === 1 && top.gen === true && top.addr === this.startFrame;
  }

  /** FOR_ITER over a generator: its frame pushed and followed (record-generators.ts), or the loop's end. */
  private generatorForIter(sp: number, pc: number): void {
    if (this.frames.length > MAX_INLINE_DEPTH) throw new Unsupported('inlining too deep');
    const r = recordGeneratorForIter(this.generators, sp, pc);
    if (typeof r === 'string') throw new Unsupported(r);
    if (r.ended) {
      if (this.isRoot && this.frames.length === 1 && this.pc === this.startPc) throw new LoopEnded();
      return;
    }
    this.frames.push({ addr: r.frameAddr, codeIndex: r.codeIndex, nargs: 0, gen: true, forPc: pc });
  }

  /** YIELD_VALUE: out of a generator frame this trace resumed, or out of the base frame to the FOR_ITER that resumed it. */
  private yieldValue(fp: number, sp: number, pc: number): void {
    if (this.frames.length > 1 && this.frames[this.frames.length - 1].gen) {
      recordInlinedYield(this.generators, fp, sp, pc);
      this.frames.pop();
      this.codeIndex = this.frames[this.frames.length - 1].codeIndex;
      return;
    }
    // (A root loop closes only after one yield out of its base frame: backInGenerator.)
    if (this.frames.length > 1 || (this.isRoot && this.returnedBelowBase > 0) || this.functionMode !== null) throw new Unsupported('bytecode YIELD_VALUE');
    this.leaveBaseGenerator(recordBaseYield(this.generators, fp, sp, pc, this.codeIndex));
  }

  /** Recording goes on in the consumer of the base frame's generator (a yield or return out of it), or the bytecode stitches. */
  private leaveBaseGenerator(r: { callerAddr: number; callerCode: number } | string): void {
    if (typeof r === 'string') throw new Unsupported(r);
    const { program } = this.env;
    this.frames[0] = { addr: r.callerAddr, codeIndex: r.callerCode, nargs: program.codes[r.callerCode].nparams };
    this.returnedBelowBase++;
    this.codeIndex = r.callerCode;
  }

  /**
   * A side trace of a loop tree returning from the frame it started in (an exit
   * inside an inlined method): the frame is popped natively as tier-1 pops it
   * and recording goes on in the caller, typically back to the loop's head,
   * where the trace links to the loop's trace instead of leaving to tier-1.
   */
  private returnBelowBase(): void {
    const { heap, program } = this.env;
    const base = this.frames[0];
    const callerAddr = heap.readI64(heap.wordOf(base.addr) + L.FRAME_PREVIOUS / 8);
    const callerCode = heap.readI64(heap.wordOf(callerAddr) + FRAME_CODE_INDEX_W);
    this.emit({ uop: 'POP_FRAME', oparg: program.codes[base.codeIndex].nparams });
    this.frames[0] = { addr: callerAddr, codeIndex: callerCode, nargs: program.codes[callerCode].nparams };
    this.returnedBelowBase++;
    this.codeIndex = callerCode;
  }

  /**
   * A side trace returning from its base frame into a caller no trace of its
   * tree inlined (a loop trace reached natively from another tree's inlined
   * call): GUARD_PLAIN_RETURN and GUARD_CALLER prove at run time what returnBelowBase knows by
   * construction (a plain caller frame, the caller and pc recorded), and the
   * trace goes on in the caller.
   */
  private returnToCaller(): void {
    const { heap, program } = this.env;
    const base = this.frames[0];
    const code = program.codes[base.codeIndex];
    if (code.flags & CodeFlags.GENERATOR || !this.env.plainReturn?.(base.addr)) throw new Unsupported('return from the trace\'s base frame');
    const fp = heap.wordOf(base.addr);
    const callable = fp - code.nparams - 1;
    if (heap.u32[2 * callable + 1] >>> 16 === L.TAG_OBJ && heap.u32[2 * heap.objectAt(callable)] === L.OBJ_CLASS) throw new Unsupported('return from an __init__ frame');
    const callerAddr = heap.readI64(fp + L.FRAME_PREVIOUS / 8);
    const callerW = heap.wordOf(callerAddr);
    // Reached from the function's own trace through a CALL_TRACE (a recursion with a loop): back to that call.
    this.emit({ uop: 'RETURN_IF_CALLED', oparg: code.nparams });
    this.guard('GUARD_PLAIN_RETURN', 'frame', { operand0: BigInt(code.nparams + 1) });
    this.guard('GUARD_CALLER', 'type', { oparg: heap.readI64(callerW + L.FRAME_PC / 8), operand0: BigInt(heap.readI64(callerW + FRAME_CODE_INDEX_W)) });
    this.returnBelowBase();
  }

  /**
   * A cell or free variable (local arg holds its cell from the function's entry
   * on): its value loaded or stored through the cell, or the cell itself pushed
   * (LOAD_CLOSURE, for a nested function being made).
   */
  private closureAccess(op: number, arg: number, fp: number): void {
    const { heap } = this.env;
    const w = fp + FRAME_LOCALS_W + arg;
    if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ || heap.u32[2 * heap.objectAt(w)] !== L.OBJ_CELL) throw new Unsupported('a cell variable without its cell');
    if (op === Op.LOAD_CLOSURE) return this.emit({ uop: 'LOAD_LOCAL', oparg: arg });
    if (op === Op.STORE_DEREF) return this.emit({ uop: 'STORE_DEREF', oparg: arg });
    if (heap.u32[2 * (heap.objectAt(w) + L.CELL_VALUE / 8) + 1] >>> 16 === L.TAG_UNBOUND) throw new Unsupported('an empty cell');
    return this.guard('LOAD_DEREF', 'other', { oparg: arg });
  }

  private nextOp(pc: number): number {
    const code = this.env.program.codes[this.codeIndex].code;
    return 2 * (pc + 1) < code.length ? code[2 * (pc + 1)] : -1;
  }

  private nextArg(pc: number): number {
    const code = this.env.program.codes[this.codeIndex].code;
    return 2 * (pc + 1) < code.length ? code[2 * (pc + 1) + 1] : -1;
  }

  /**
   * A set display of n values (or a dict display of n pairs) no uop makes: in place, its items
   * in the places of a call's callable and arguments (host-calls.ts).
   */
  private displayInPlace(dict: boolean, n: number, sp: number): void {
    const items = dict ? 2 * n : n;
    const inPlace = this.env.displayInPlace(dict, items, sp);
    if (inPlace < 0) throw new Unsupported(`bytecode ${dict ? 'BUILD_MAP' : 'BUILD_SET'}`);
    this.guard(CALL_BUILTIN[items - 1], 'other', { operand0: BigInt(inPlace) });
  }

  /**
   * A builtin (or module function, or built-in type; `id` is its builtin's,
   * a type's its constructor's) with the callable `nargs + 1` below the top:
   * natively when it takes one number, else called in place when it is one
   * a trace may call (host-calls.ts). False when neither.
   */
  private builtinCall(name: string, nargs: number, calleeWord: bigint, sp: number, module: string | null, id: number): boolean {
    // (Another module's function of the same name is none of these.)
    const a = nargs === 1 && (module === null || module === 'math') ? typeOfWord(this.env.heap, sp - 1) : VType.UNKNOWN;
    let body: string[] | null = null;
    if (name === 'len' && a === VType.LIST) body = ['LIST_LEN'];
    else if (name === 'len' && a === VType.STR) body = ['STR_LEN'];
    else if (name === 'len' && a === VType.TUPLE) body = ['TUPLE_LEN'];
    else if (name === 'len' && a === VType.OTHER && nargs === 1 && isDict(this.env.heap, sp - 1)) body = ['DICT_LEN'];
    else if (name === 'abs' && a === VType.INT) body = ['ABS_INT'];
    else if (name === 'abs' && a === VType.FLOAT) body = ['ABS_FLOAT'];
    else if (name === 'sqrt' && a === VType.FLOAT) body = ['SQRT_FLOAT'];
    else if (name === 'sqrt' && a === VType.INT) body = ['INT_TO_FLOAT', 'SQRT_FLOAT'];
    else if (name === 'float' && a === VType.INT) body = ['INT_TO_FLOAT'];
    else if (name === 'float' && a === VType.FLOAT) body = [];
    else if (name === 'fabs' && module === 'math' && a === VType.FLOAT) body = ['ABS_FLOAT'];
    else if (name === 'fabs' && module === 'math' && a === VType.INT) body = ['INT_TO_FLOAT', 'ABS_FLOAT'];
    const math1 = module === 'math' ? mathFunctionNumber(name) : undefined;
    if (body === null && math1 !== undefined && (a === VType.FLOAT || a === VType.INT)) body = a === VType.INT ? ['INT_TO_FLOAT', 'MATH1_FLOAT'] : ['MATH1_FLOAT'];
    if (body === null) {
      if (id < 0 || !this.env.traceCallable(id, sp - nargs, nargs)) return false;
      this.guard('GUARD_STACK_IS', 'identity', { oparg: nargs + 1, operand0: calleeWord });
      // Nothing happened when it exits (it would run Python code, or it raised): tier-1 makes the call.
      this.guard(CALL_BUILTIN[nargs], 'other', { operand0: BigInt(id) });
      return true;
    }
    this.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: calleeWord });
    if (body[0] === 'DICT_LEN') this.guard('GUARD_DICT', 'type');
    else this.guardTop(a);
    for (const uop of body) {
      // ABS_INT can overflow, SQRT_FLOAT and MATH1_FLOAT reject some arguments: tier-1 redoes the call.
      if (uop === 'MATH1_FLOAT') this.guard(uop, 'other', { oparg: math1 });
      else if (uop === 'ABS_INT' || uop === 'SQRT_FLOAT') this.guard(uop, 'other');
      else this.emit({ uop });
    }
    this.emit({ uop: 'SWAP' });
    this.emit({ uop: 'POP_TOP' });
    return true;
  }

  private moduleAttribute(name: string): bigint | null {
    // The interpreter caches and pins module attribute objects; reading what
    // LOAD_ATTR would produce without running it would duplicate that logic,
    // so only the math constants (plain floats) are folded here.
    const constants: Record<string, number> = { pi: Math.PI, e: Math.E, tau: 2 * Math.PI, inf: Infinity };
    if (!(name in constants)) return null;
    const b = new BigUint64Array(new Float64Array([constants[name]]).buffer);
    return b[0];
  }

  private binary(opArg: number, a: VType, b: VType, sp: number): void {
    // Augmented assignment on numbers and strs is the plain operation (in place only for lists, sets, objects).
    const op = plainBinaryOp(opArg);
    const intLike = (t: VType) => t === VType.INT || t === VType.BIGINT;
    if (intLike(a) && intLike(b)) {
      // Past 48 bits (or a bit operation): int128 uops that check their own operands.
      const x = wideIntAt(this.env.heap, sp - 2);
      const y = x === null ? null : wideIntAt(this.env.heap, sp - 1);
      const wide = y === null ? null : wideBinaryUop(op, x!, y);
      if (wide && !(wide.small && INT_ARITH[op] && !this.env.wideIntSite?.(this.codeIndex, this.pc))) return this.guard(wide.uop, 'alloc');
      // A small-int uop that would overflow right away (past int128 too): an overflow exit
      // grows side traces, which must not start with a uop that fails on its values.
      // Past 128 bits: the any-size uops (record-bigints.ts).
      const big = wide ? null : bigBinaryUop(this.env.heap, op, sp);
      if (big) return this.guard(big, 'alloc');
      if (!wide && (op === BinaryOp.ADD || op === BinaryOp.SUB || op === BinaryOp.MUL)) throw new Unsupported(`int ${op} past 128 bits`);
    }
    if (a === VType.INT && b === VType.BOOL && (op === BinaryOp.ADD || op === BinaryOp.SUB || op === BinaryOp.MUL)) {
      // `t += x in s`, `n - flag`: the bool is its int. An overflow exit leaves the int on the
      // stack for the bool, which tier-1 adds (subtracts, multiplies) the same way.
      this.guard('GUARD_INT_SECOND', 'type');
      this.guard('GUARD_BOOL', 'type');
      this.emit({ uop: 'BOOL_TO_INT' });
      return this.guard(INT_ARITH[op], 'overflow');
    }
    if (a === VType.INT && b === VType.INT && INT_ARITH[op]) {
      this.guardPair(a, b);
      return this.guard(INT_ARITH[op], op === BinaryOp.FLOORDIV || op === BinaryOp.MOD || op === BinaryOp.TRUEDIV ? 'other' : 'overflow');
    }
    if (a === VType.STR && b === VType.STR && (op === BinaryOp.ADD || op === BinaryOp.INPLACE_ADD)) {
      this.guardPair(a, b);
      // Exits only when the lent buffer is full (or the rope too long): tier-1 concatenates.
      return this.guard('STR_CONCAT', 'alloc');
    }
    const numeric = (t: VType) => t === VType.INT || t === VType.FLOAT;
    // int ** int stays an int (and other int-only cases are not floats): only mixed or float operands here.
    if (numeric(a) && numeric(b) && (a === VType.FLOAT || b === VType.FLOAT) && FLOAT_ARITH[op]) {
      this.guardPair(a, b);
      // Converting before an op that may still exit is safe: tier-1 gives the
      // same result and the same error for the float as for the small int.
      if (a === VType.INT) this.emit({ uop: 'INT_TO_FLOAT_SECOND' });
      if (b === VType.INT) this.emit({ uop: 'INT_TO_FLOAT' });
      const uop = FLOAT_ARITH[op];
      if (uop === 'ADD_FLOAT' || uop === 'SUB_FLOAT' || uop === 'MUL_FLOAT') return this.emit({ uop });
      return this.guard(uop, 'other');
    }
    if (recordSeqBinary(this.containers, opArg, a, b)) return;
    if (this.operatorInPlace(false, opArg, sp)) return;
    throw new Unsupported(`binary op ${BINARY_OP_SYMBOLS[op] ?? op} on ${VTYPE_NAMES[a]}, ${VTYPE_NAMES[b]}`);
  }

  /** s[i] on a constant str with a native table: its identity, an int index, then the lookup. */
  private strIndex(sp: number): void {
    const { heap } = this.env;
    const table = this.env.strIndexTable(heap.objectAt(sp - 2));
    if (table === null && this.env.asciiCharTable && isInlineStr(heap, sp - 2)) {
      // Any str with inline chars: its code point picks the shared one-character str.
      this.guardSecond(VType.STR);
      this.guard('GUARD_INT', 'type');
      return this.guard('STR_INDEX_INLINE', 'bounds', { operand0: heap.addressOf(this.env.asciiCharTable()) });
    }
    if (table === null && this.env.strUnits?.ensure(heap.objectAt(sp - 2))) {
      // Any str whose code units native code reads (made at run time): no identity guard,
      // the next str made the same way is indexed natively too.
      this.guardSecond(VType.STR);
      this.guard('GUARD_INT', 'type');
      return this.guard('STR_INDEX_UNITS', 'bounds', { operand0: heap.addressOf(this.env.strUnits.latin1Table()) });
    }
    if (table === null) throw new Unsupported('subscript of a str without a table');
    // Another str fails the identity like a type guard: a side trace specialises on that one.
    this.guard('GUARD_STACK_IS', 'type', { oparg: 2, operand0: wordAt(heap, sp - 2) });
    this.guard('GUARD_INT', 'type');
    this.guard('STR_INDEX_CONST', 'bounds', { operand0: heap.addressOf(table) });
  }

  /** s[i:j] of a str with inline chars or code units native code reads (STR_SLICE_UNITS); false to leave it to tier-1. */
  private strSlice(sp: number): boolean {
    const { heap } = this.env;
    const units = this.env.strUnits;
    const bound = (d: number) => { const t = typeOfWord(heap, sp - d); return t === VType.INT || t === VType.NONE; };
    if (!units || !bound(1) || !bound(2)) return false;
    if (!isInlineStr(heap, sp - 3) && !units.ensure(heap.objectAt(sp - 3))) return false;
    // (The uop checks the str's type and the bounds' itself.) A slice too long for an inline str
    // exits like an index out of range: no side trace could do better.
    this.guard('STR_SLICE_UNITS', 'bounds', { operand0: heap.addressOf(units.latin1Table()) });
    return true;
  }

  private compare(op: number, a: VType, b: VType, sp: number): void {
    if (op === CompareOp.IS || op === CompareOp.IS_NOT) {
      this.emit({ uop: 'IS_SAME' });
      if (op === CompareOp.IS_NOT) this.emit({ uop: 'NOT_BOOL' });
      return;
    }
    const uops = COMPARE[op];
    if (!uops && this.operatorInPlace(true, op, sp)) return;
    if (!uops) throw new Unsupported(`compare ${COMPARE_OP_SYMBOLS[op] ?? op}`);
    if ((a === VType.BIGINT && (b === VType.INT || b === VType.BIGINT)) || (a === VType.INT && b === VType.BIGINT)) {
      const { heap } = this.env;
      if (wideIntAt(heap, sp - 2) === null || wideIntAt(heap, sp - 1) === null) {
        if (isAnyInt(heap, sp - 2) && isAnyInt(heap, sp - 1)) return this.guard(BIG_COMPARE[op], 'type');
        throw new Unsupported('compare on ints past 128 bits');
      }
      return this.guard(WIDE_COMPARE[op], 'alloc');
    }
    if (a === VType.INT && b === VType.INT) {
      this.guardPair(a, b);
      return this.emit({ uop: uops[0] });
    }
    const numeric = (t: VType) => t === VType.INT || t === VType.FLOAT;
    if (numeric(a) && numeric(b)) {
      this.guardPair(a, b);
      if (a === VType.INT) this.emit({ uop: 'INT_TO_FLOAT_SECOND' });
      if (b === VType.INT) this.emit({ uop: 'INT_TO_FLOAT' });
      return this.emit({ uop: uops[1] });
    }
    if ((op === CompareOp.EQ || op === CompareOp.NE) && this.neverEqual(a, b)) {
      // Built-in values of unrelated types (`tok == "("` on an int token, `x != None`): once both
      // types are guarded the answer is known, as python3's == falls back to identity for them.
      this.guardSecond(a);
      if (b === VType.NONE) this.guard('GUARD_STACK_IS', 'type', { oparg: 1, operand0: NONE_WORD });
      else this.guardTop(b);
      this.emit({ uop: 'POP_TOP' });
      this.emit({ uop: 'POP_TOP' });
      return this.constant(op === CompareOp.EQ ? FALSE_WORD : TRUE_WORD);
    }
    if (this.operatorInPlace(true, op, sp)) return;
    throw new Unsupported(`compare on ${VTYPE_NAMES[a]}, ${VTYPE_NAMES[b]}`);
  }

  /**
   * BINARY_OP (or COMPARE_OP) `arg` of two values no uop handles (str % tuple,
   * str * int, strs ordered, lists compared, ...) made in place by tier-1's
   * operation (host-calls.ts), its operands in a call's callable and argument
   * places; false when an operand could run Python code now.
   */
  private operatorInPlace(compare: boolean, arg: number, sp: number): boolean {
    const inPlace = this.env.operatorInPlace(compare, arg, sp);
    if (inPlace < 0) return false;
    this.guard('CALL_BUILTIN_1', 'other', { operand0: BigInt(inPlace) });
    return true;
  }

  /**
   * a == b is False for every pair of values of these types (built-in ones whose == only
   * matches their own kind; ints and floats compare with each other): a under the top of
   * the stack (a type guardSecond checks), b on top (guardTop's types, or None).
   */
  private neverEqual(a: VType, b: VType): boolean {
    const kind = (t: VType) => (t === VType.INT || t === VType.FLOAT || t === VType.BOOL ? 'number' : t === VType.STR || t === VType.TUPLE || t === VType.LIST || t === VType.NONE ? t : null);
    // (guardSecond has no bool or None guard.)
    const ka = a === VType.NONE || a === VType.BOOL ? null : kind(a);
    const kb = kind(b);
    return ka !== null && kb !== null && ka !== kb;
  }

  private unary(op: number, t: VType, sp: number): void {
    if (op === UnaryOp.NEGATIVE && (t === VType.INT || t === VType.FLOAT)) {
      this.guardTop(t);
      // -(-2**47) is not small: NEG_INT would fail at once (its overflow exit grows side traces).
      if (t === VType.INT && wideIntAt(this.env.heap, sp - 1) === -(1n << 47n)) throw new Unsupported('negation past 48 bits');
      return t === VType.INT ? this.guard('NEG_INT', 'overflow') : this.emit({ uop: 'NEG_FLOAT' });
    }
    if (op === UnaryOp.POSITIVE && (t === VType.INT || t === VType.FLOAT)) return this.guardTop(t);
    if (op === UnaryOp.NOT && (t === VType.BOOL || t === VType.INT || t === VType.FLOAT || t === VType.STR)) {
      this.guardTop(t);
      if (t === VType.INT) this.emit({ uop: 'TO_BOOL_INT' });
      if (t === VType.FLOAT) this.emit({ uop: 'TO_BOOL_FLOAT' });
      if (t === VType.STR) this.emit({ uop: 'TO_BOOL_STR' });
      return this.emit({ uop: 'NOT_BOOL' });
    }
    const container = op === UnaryOp.NOT ? containerTruth(this.env.heap, sp - 1) : null;
    if (container !== null) {
      this.guard(container.guard, 'type');
      for (const uop of container.uops) this.emit({ uop });
      return this.emit({ uop: 'NOT_BOOL' });
    }
    throw new Unsupported(`unary ${op} on ${VTYPE_NAMES[t]}`);
  }

  private truthy(sp: number, t: VType): boolean {
    const { heap } = this.env;
    const w = sp - 1;
    switch (t) {
      case VType.BOOL: return heap.u32[2 * w] !== 0;
      case VType.INT: return heap.u32[2 * w] !== 0 || (heap.u32[2 * w + 1] & 0xffff) !== 0;
      case VType.FLOAT: return heap.f64[w] !== 0;
      case VType.NONE: return false;
      case VType.BIGINT: return true; // never zero (zero is a small int)
      case VType.STR: return heap.readI64(heap.objectAt(w) + L.STR_LENGTH / 8) !== 0;
      default: {
        const container = containerTruth(heap, w);
        if (container === null) throw new Unsupported(`truthiness of ${VTYPE_NAMES[t]}`);
        return container.truthy;
      }
    }
  }

  private popJump(ifTrue: boolean, target: number, pc: number, sp: number): void {
    const t = typeOfWord(this.env.heap, sp - 1);
    const truthy = this.truthy(sp, t);
    if (this.isRoot && this.frames.length === 1 && this.returnedBelowBase === 0 && this.codeIndex === this.startCode && !this.pastHeadTest && this.env.program.codes[this.startCode].code[2 * this.startPc] !== Op.FOR_ITER) {
      // A while loop whose test fails as soon as it is recorded: like an iterator that ran
      // out at the head, the recording is cancelled and tried again at a later back-edge
      // (a trace of the way out would not be a trace of the loop).
      if (!this.insideRootLoop(truthy === ifTrue ? target : pc + 1)) throw new LoopEnded();
      this.pastHeadTest = true;
    }
    if (t === VType.NONE) {
      this.guard('GUARD_STACK_IS', 'type', { oparg: 1, operand0: NONE_WORD });
      return this.emit({ uop: 'POP_TOP' });
    }
    const container = containerTruth(this.env.heap, sp - 1);
    if (container !== null) {
      this.guard(container.guard, 'type');
      for (const uop of container.uops) this.emit({ uop });
    } else if (t === VType.BIGINT) {
      this.guard(wideIntAt(this.env.heap, sp - 1) === null ? 'TO_BOOL_BIG' : 'TO_BOOL_WIDE', 'alloc');
    } else {
      this.guardTop(t);
      if (t === VType.INT) this.emit({ uop: 'TO_BOOL_INT' });
      if (t === VType.FLOAT) this.emit({ uop: 'TO_BOOL_FLOAT' });
      if (t === VType.STR) this.emit({ uop: 'TO_BOOL_STR' });
    }
    const jumps = truthy === ifTrue;
    // The guard pops the decided condition; failing it means the other way.
    const otherWay = jumps ? pc + 1 : target;
    this.guardTo(truthy ? 'GUARD_TRUE_POP' : 'GUARD_FALSE_POP', otherWay, 'branch');
  }

  private forIter(t: VType, sp: number): void {
    const { heap } = this.env;
    if (t === VType.RANGE_ITER) {
      const o = heap.objectAt(sp - 1);
      const next = heap.readI64(o + L.RANGE_NEXT / 8);
      const stop = heap.readI64(o + L.RANGE_STOP / 8);
      const step = heap.readI64(o + L.RANGE_STEP / 8);
      this.guardTop(t);
      if (step > 0 ? next >= stop : next <= stop) {
        if (this.isRoot && this.frames.length === 1 && this.pc === this.startPc) throw new LoopEnded();
        return this.guard('RANGE_EXHAUSTED_POP', 'iterator');
      }
      return this.guard('FOR_RANGE_NEXT', 'iterator');
    }
    if (t === VType.LIST_ITER) {
      const o = heap.objectAt(sp - 1);
      const list = heap.wordOf(heap.readI64(o + L.LIST_ITER_LIST / 8));
      this.guardTop(t);
      if (heap.readI64(o + L.LIST_ITER_INDEX / 8) >= heap.readI64(list + L.LIST_LENGTH / 8)) {
        if (this.isRoot && this.frames.length === 1 && this.pc === this.startPc) throw new LoopEnded();
        return this.guard('LIST_ITER_EXHAUSTED_POP', 'iterator');
      }
      return this.guard('FOR_LIST_NEXT', 'iterator');
    }
    throw new Unsupported(`iteration over ${VTYPE_NAMES[t]}`);
  }

  private call(nargs: number, pc: number, sp: number): void {
    const { heap, program } = this.env;
    const callableW = sp - nargs - 1;
    const t = typeOfWord(heap, callableW);
    const word = wordAt(heap, callableW);
    if (t === VType.FUNCTION) {
      const codeIndex = heap.readI64(heap.objectAt(callableW) + L.FUNCTION_CODE_INDEX / 8);
      const callee = program.codes[codeIndex];
      if ((callee.nfree > 0 || this.env.madeAnew?.(codeIndex)) && !(callee.flags & CodeFlags.GENERATOR) && callee.nparams === callee.argcount && inOrder(this.kwLayout)) {
        // A closure, or a lambda made in a loop: a new function object each time its `def` runs, so the
        // code is what is guarded (a closure's cells are copied from whichever function it is, COPY_FREE_VARS),
        // with the defaults tuple the call takes defaults from (a constant one, typically).
        if (nargs === callee.argcount) return this.inlineCall(codeIndex, nargs, pc, sp, () => this.guard('GUARD_FUNCTION_CODE_AT', 'type', { oparg: nargs + 1, operand0: BigInt(codeIndex) }));
        const fn = heap.objectAt(callableW);
        const defaults = defaultWords(heap, program, fn, codeIndex, nargs);
        if (defaults !== null) {
          const tuple = wordAt(heap, fn + L.FUNCTION_DEFAULTS / 8);
          const guardCode = () => this.guard('GUARD_FUNCTION_CODE_DEFAULTS_AT', 'identity', { oparg: nargs + 1, operand0: BigInt(codeIndex), operand1: tuple });
          return this.inlineCall(codeIndex, nargs, pc, sp, guardCode, false, { defaults, permute: null, beforePermute: 0 });
        }
      }
      const guardCallee = () => this.guard('GUARD_STACK_IS', 'identity', { oparg: nargs + 1, operand0: word });
      if (callee.flags & CodeFlags.GENERATOR) {
        // A generator function: its frame is inlined up to RETURN_GENERATOR (MAKE_GENERATOR).
        const defaults = generatorCallDefaults(heap, program, heap.objectAt(callableW), codeIndex, nargs);
        if (defaults === null) throw new Unsupported('call of a generator function that needs argument binding or cells');
        if (this.frames.length > MAX_INLINE_DEPTH || this.functionMode?.codeIndex === codeIndex) throw new Unsupported('call of a generator function too deep');
        return this.inlineCall(codeIndex, nargs, pc, sp, guardCallee, false, { defaults, permute: null, beforePermute: 0 }, true);
      }
      const binding = this.checkInlinable(heap.objectAt(callableW), codeIndex, nargs);
      return this.inlineCall(codeIndex, nargs, pc, sp, guardCallee, false, binding);
    }
    return this.callOther(t, nargs, pc, sp, word, callableW);
  }

  /**
   * Only plain functions called with their positional parameters are inlined
   * (frames filled by copying the arguments): the words of the defaults the
   * call leaves to the function (object fn), pushed after the arguments.
   */
  private checkInlinable(fn: number, codeIndex: number, nargs: number): Binding {
    const binding = bindCall(this.env.heap, this.env.program, fn, codeIndex, nargs, this.kwLayout, this.env.calls);
    // Other keywords, *args, cells and generators run in tier-1.
    if (binding === null) throw new Unsupported('call of a function that needs argument binding, cells or a generator');
    return binding;
  }

  /**
   * A call of the Python function `codeIndex` with its callable and `nargs`
   * arguments on the stack (sp: the stack pointer tier-1 will call with):
   * inlined (a frame pushed), or its own trace called where it cannot be.
   * `guardCallee` emits what proves the callee, once the call is known to be recordable.
   */
  private inlineCall(codeIndex: number, nargs: number, pc: number, sp: number | null, guardCallee: () => void, init = false, binding: Binding = POSITIONAL, generator = false): void {
    const { heap, program } = this.env;
    const callee = program.codes[codeIndex];
    const recursive = this.functionMode?.codeIndex === codeIndex;
    // Recursion through inlined frames, or inlining too deep: a function with a trace
    // of its own is called natively instead (CALL_TRACE).
    const deep = this.frames.length > MAX_INLINE_DEPTH;
    const target = !recursive && !generator && (deep || this.frames.some((f) => f.codeIndex === codeIndex)) ? this.env.functionTrace(codeIndex) : null;
    if (deep && !recursive && !target) throw new Unsupported('inlining too deep');
    if (callee.nlocals >= 1 << 20 || callee.maxStack >= 1 << 20) throw new Unsupported('frame too large');
    // BIND_STAR_ARGS allocates: the room is checked before anything (INSERT_METHOD, ...) moves.
    if (binding.star) this.guard('GUARD_ALLOC_ROOM', 'alloc', { operand0: BigInt(binding.star.room) });
    guardCallee();
    const { defaults, permute, star } = binding;
    if (defaults.length > 0 || permute !== null || star) {
      // The defaults go where tier-1's argument binding puts them; the frame must fit
      // before they are pushed or the values permuted (PUSH_FRAME's exit resumes at the
      // call with the stack as it was): nothing after this can exit before PUSH_FRAME
      // (but BIND_STAR_ARGS, which exits with nothing moved).
      const grows = star ? Math.max(0, star.produced - star.consumed) : 0;
      this.guard('GUARD_FRAME_FITS', 'frame', { operand0: BigInt(defaults.length + grows + L.SIZEOF_FRAME_HEADER / 8 + callee.nlocals + callee.maxStack) });
      defaults.forEach((d, i) => {
        if (i === binding.beforePermute && permute !== null) this.emit(permuteUop(permute));
        this.constant(d);
      });
      if (permute !== null && binding.beforePermute === defaults.length) this.emit(permuteUop(permute));
      nargs += defaults.length;
      if (sp !== null) sp += defaults.length;
    }
    if (star) {
      // *args, keyword-only parameters and **kwargs bound natively (record-kwcalls.ts starBinding).
      this.guard('BIND_STAR_ARGS', 'alloc', { oparg: star.oparg, operand0: BigInt(star.keys) });
      nargs += star.produced - star.consumed;
      if (sp !== null) sp += star.produced - star.consumed;
    }
    const packed = (BigInt(codeIndex) << 40n) | (BigInt(callee.maxStack) << 20n) | BigInt(callee.nlocals);
    this.guard('PUSH_FRAME', 'frame', { oparg: nargs, operand0: packed, operand1: pc + 1 });
    if (recursive || target) {
      // A trace runs the call (the function's own, or the callee's); tier-1 runs it now while recording waits.
      if (target) this.emit({ uop: 'CALL_TRACE', oparg: target.id, operand0: target.entry, operand1: target.program, callArgs: nargs });
      else this.emit({ uop: 'CALL_TOP', callArgs: nargs });
      // The called trace returned __init__'s None into the class's slot; the instance is just above.
      if (init) this.emit({ uop: 'INIT_RESULT' });
      this.awaiting = { frame: this.frames[this.frames.length - 1].addr, pc: pc + 1 };
      return;
    }
    // The callee's frame starts at the caller's stack pointer (cases/vm.h).
    this.frames.push({ addr: sp === null ? -1 : heap.addressOf(sp), codeIndex, nargs, init, callPc: pc });
  }

  private callOther(t: VType, nargs: number, pc: number, sp: number, word: bigint, callableW: number): void {
    const heap = this.env.heap;
    const builtinName = t === VType.BUILTIN ? builtinSpec(heap.readI64(heap.objectAt(callableW) + L.BUILTIN_ID / 8)).name
      : this.builtinTypeName(callableW);
    if (builtinName === 'range' && nargs >= 1 && nargs <= 3 && this.nextOp(pc) === Op.GET_ITER) {
      // `for x in range(...)` inside the trace: build the loop's iterator in place.
      for (let d = 1; d <= nargs; d++) if (typeOfWord(heap, sp - d) !== VType.INT) throw new Unsupported('range of non-small ints');
      this.guard('GUARD_STACK_IS', 'identity', { oparg: nargs + 1, operand0: word });
      for (let d = 1; d <= nargs; d++) this.guard('GUARD_INT_AT', 'type', { oparg: d });
      this.guard('RANGE_ITER_NEW', 'alloc', { oparg: nargs });
      this.skipPc = pc + 1;
      return;
    }
    // (Declined: nothing emitted, the paths below may still know the call.)
    if (builtinName === 'round' && t === VType.BUILTIN && recordRound(this.containers, nargs, sp, word)) return;
    if (builtinName === 'dict' && recordDictCopy(this.containers, word, nargs, sp)) return;
    if (builtinName === 'super' && this.callSite && recordSuperCall(this.callSite, word, nargs, sp)) return;
    if (SCALAR_BUILTINS.has(builtinName) && this.callSite && recordScalarBuiltin(this.callSite, builtinName, word, nargs, sp) === null) return;
    if (builtinName === 'str' && recordStrCall(this.strBuild, word, nargs, sp)) return;
    if (t === VType.BUILTIN && recordOrdChr(this.strBuild, builtinName, word, nargs, sp)) return;
    if (builtinName !== '' && recordIterBuiltin(this.containers, builtinName, nargs, sp, word)) return;
    if (t === VType.BUILTIN && recordSeqBuiltin(this.containers, builtinName, nargs, sp, word)) return;
    if (builtinName !== '') {
      // A builtin function, or a built-in type made by its constructor builtin (list(x) is the builtin list).
      const id = heap.readI64(heap.objectAt(callableW) + (t === VType.BUILTIN ? L.BUILTIN_ID : L.CLASS_CTOR) / 8);
      if (this.builtinCall(builtinName, nargs, word, sp, builtinSpec(id).module, id)) return;
      throw new Unsupported(t === VType.BUILTIN ? `builtin ${builtinName}` : `call of built-in type ${builtinName}`);
    }
    if (t === VType.INSTANCE || (t === VType.OTHER && builtinName === '')) {
      const why = this.callSite ? recordObjectCall(this.callSite, nargs, sp, pc) : `call of ${VTYPE_NAMES[t]}`;
      if (why === null) return;
      // A class with a built-in base (an exception, a list subclass) and no Python __init__: instantiated in place.
      const c = this.classAt(callableW);
      const inPlace = c < 0 ? -1 : this.env.instantiationInPlace(c, sp - nargs, nargs);
      if (inPlace < 0) throw new Unsupported(why);
      this.guard('GUARD_CLASS_AT', 'type', { oparg: nargs + 1, operand0: word, operand1: BigInt(this.env.calls!.version(c)) });
      return this.guard(CALL_BUILTIN[nargs], 'other', { operand0: BigInt(inPlace) });
    }
    throw new Unsupported(`call of ${VTYPE_NAMES[t]}`);
  }

  /** The recorder as record-star-kwcalls.ts sees it. */
  private starSite(): StarKwSite {
    return { heap: this.env.heap, program: this.env.program, codeIndex: this.codeIndex };
  }

  /**
   * CALL_FUNCTION_EX of a Python function or a bound method of one with the
   * args tuple and the kwargs dict (if any) it has now: their lengths and keys
   * guarded, the items spread (EXPAND_STAR_KW) and the call inlined as the
   * keyword call it is. Everything that can exit is checked before anything
   * moves.
   */
  private starKwCall(arg: number, pc: number, sp: number): void {
    const { heap, program } = this.env;
    const model = this.env.calls;
    const hasKw = (arg & 1) !== 0;
    const callableW = sp - 2 - (hasKw ? 1 : 0);
    if (!model || typeOfWord(heap, callableW + 1) !== VType.TUPLE) throw new Unsupported('bytecode CALL_FUNCTION_EX');
    const n = heap.readI64(heap.objectAt(callableW + 1) + L.TUPLE_LENGTH / 8);
    let names: string[] = [];
    if (hasKw) {
      const keys = isDict(heap, sp - 1) ? model.dictKeys(heap.objectAt(sp - 1)) : null;
      if (keys === null) throw new Unsupported('CALL_FUNCTION_EX with keywords that are not strs');
      names = keys;
    }
    const m = names.length;
    const total = n + m;
    if (n > 255 || m > 255) throw new Unsupported('CALL_FUNCTION_EX of too many arguments');
    const t = typeOfWord(heap, callableW);
    let fnW = callableW;
    let method = false;
    const cls = this.classAt(callableW);
    if (cls >= 0) return this.starKwInstantiation(cls, hasKw, n, names, pc, sp);
    if (t !== VType.FUNCTION) {
      const o = heap.u32[2 * callableW + 1] >>> 16 === L.TAG_OBJ ? heap.objectAt(callableW) : -1;
      if (o < 0 || heap.u32[2 * o] !== L.OBJ_METHOD || typeOfWord(heap, o + L.METHOD_FUNC / 8) !== VType.FUNCTION) throw new Unsupported(`CALL_FUNCTION_EX of ${VTYPE_NAMES[t]}`);
      fnW = o + L.METHOD_FUNC / 8;
      method = true;
    }
    const fn = heap.objectAt(fnW);
    const codeIndex = heap.readI64(fn + L.FUNCTION_CODE_INDEX / 8);
    const callee = program.codes[codeIndex];
    const layout = keywordLayout(heap, program, model, callableW + 1 + total, { nargs: n, names });
    if (layout === null) throw new Unsupported('CALL_FUNCTION_EX whose keywords need argument binding');
    const keys = m === 0 ? 0 : model.pinnedKeys(names);
    if (keys === null) throw new Unsupported('CALL_FUNCTION_EX with too many keyword sets');
    const expand = () => {
      // Room for the spread items, the binding's words and the callee's frame; then for the binding's objects.
      this.guard('GUARD_FRAME_FITS', 'frame', { operand0: BigInt(total + 3 + callee.nparams + L.SIZEOF_FRAME_HEADER / 8 + callee.nlocals + callee.maxStack) });
      if (callee.nparams !== callee.argcount) this.guard('GUARD_ALLOC_ROOM', 'alloc', { operand0: BigInt(starRoom(total)) });
      this.guard('EXPAND_STAR_KW', 'type', { oparg: n | (m << 8) | (hasKw ? 1 << 16 : 0) | (method ? 1 << 17 : 0), operand0: BigInt(keys), operand1: wordAt(heap, fnW) });
    };
    if (method) {
      const binding = bindCall(heap, program, fn, codeIndex, total + 1, layout.kw, model);
      if (binding === null) throw new Unsupported('call of a bound method that needs argument binding, cells or a generator');
      this.inlineCall(codeIndex, total + 1, pc, callableW + 2 + total, expand, false, binding);
      return;
    }
    // The function's identity first (nothing moved yet), then the call as CALL_KW records it.
    this.guard('GUARD_STACK_IS', 'identity', { oparg: callableW + 1 === sp - 1 ? 2 : 3, operand0: wordAt(heap, callableW) });
    expand();
    this.kwLayout = m === 0 ? null : layout.kw;
    try {
      this.call(total, pc, callableW + 1 + total);
    } finally {
      this.kwLayout = null;
    }
  }

  /**
   * cls(*a, **k) of a user class with a Python __init__: the class and
   * version guarded, the room for the instance and the binding checked, then
   * the items spread and the instantiation recorded as the keyword call it is.
   */
  private starKwInstantiation(c: number, hasKw: boolean, n: number, names: string[], pc: number, sp: number): void {
    const { heap, program } = this.env;
    const model = this.env.calls!;
    const what = model.instantiation(c);
    if (typeof what === 'string') throw new Unsupported(`instantiation of ${what}`);
    const callableW = sp - 2 - (hasKw ? 1 : 0);
    const m = names.length;
    const total = n + m;
    const init = program.codes[what.init.codeIndex];
    const layout = keywordLayout(heap, program, model, callableW + 1 + total, { nargs: n, names });
    if (layout === null) throw new Unsupported('CALL_FUNCTION_EX whose keywords need argument binding');
    const keys = m === 0 ? 0 : model.pinnedKeys(names);
    if (keys === null) throw new Unsupported('CALL_FUNCTION_EX with too many keyword sets');
    this.guard('GUARD_CLASS_AT', 'type', { oparg: hasKw ? 3 : 2, operand0: wordAt(heap, callableW), operand1: what.version });
    this.guard('GUARD_FRAME_FITS', 'frame', { operand0: BigInt(total + 4 + init.nparams + L.SIZEOF_FRAME_HEADER / 8 + init.nlocals + init.maxStack) });
    this.guard('GUARD_ALLOC_ROOM', 'alloc', { operand0: BigInt(instanceRoom(what.rootSlots) + starRoom(total)) });
    this.guard('EXPAND_STAR_KW', 'type', { oparg: n | (m << 8) | (hasKw ? 1 << 16 : 0), operand0: BigInt(keys), operand1: 0n });
    this.kwLayout = m === 0 ? null : layout.kw;
    try {
      this.call(total, pc, callableW + 1 + total);
    } finally {
      this.kwLayout = null;
    }
  }

  /** f.name (or f.name = v) of a function whose attribute dict holds name now: FUNC_ATTR_LOAD/STORE; false to leave it to tier-1. */
  private functionAttr(w: number, name: string, store = false): boolean {
    const { heap } = this.env;
    const model = this.env.calls;
    const aw = heap.objectAt(w) + L.FUNCTION_ATTRS / 8;
    if (!model || !isDict(heap, aw)) return false;
    const keys = model.dictKeys(heap.objectAt(aw));
    if (keys === null || !keys.includes(name)) return false;
    const key = model.pinnedKeys([name]);
    if (key === null) return false;
    // The pinned tuple's one item: the interned name.
    const word = wordAt(heap, heap.wordOf(key) + L.TUPLE_ITEMS / 8);
    this.guard(store ? 'FUNC_ATTR_STORE' : 'FUNC_ATTR_LOAD', 'other', { operand0: word });
    return true;
  }

  // ---- instances (record-objects.ts has the object model and the design) ----

  private objectModel(): ObjectModel {
    if (!this.env.objects) throw new Unsupported('no object model');
    return this.env.objects;
  }

  /** The shape (and class version) guard of the instance `depth` slots below the top. */
  private guardShape(o: number, depth: number): void {
    const { shape, version } = this.objectModel().key(o);
    if (depth === 1) this.guard('GUARD_SHAPE', 'type', { operand0: shape, operand1: version });
    else this.guard('GUARD_SHAPE_AT', 'type', { oparg: depth, operand0: shape, operand1: version });
  }

  private loadAttr(sp: number, name: string, pc: number): void {
    const o = instanceAt(this.env.heap, sp - 1);
    const a = this.objectModel().load(o, name);
    if (a === null) throw new Unsupported(`attribute ${name} of an instance`);
    this.guardShape(o, 1);
    // A method as a value: a bound method made natively (cases/calls.c).
    if (a.kind === 'method') return this.guard('BIND_METHOD', 'alloc', { operand0: a.word });
    if (a.kind === 'slot') return this.guard('LOAD_SLOT', 'other', { oparg: a.slot });
    if (a.kind === 'property') return this.propertyGet(o, a.codeIndex, a.word, pc);
    if (a.kind === 'class-data') return this.emit({ uop: 'CLASS_ATTR_LOAD', operand0: BigInt(a.address) });
    this.emit({ uop: 'POP_TOP' });
    return this.constant(a.word);
  }

  /**
   * obj.name of a property: its getter inlined with the instance as argument
   * ([obj] -> [getter obj], as tier-1's call leaves the result where the getter
   * was). Tier-1 runs the getter in a nested call: its frame is found when
   * recording enters it.
   */
  private propertyGet(o: number, codeIndex: number, getter: bigint, pc: number): void {
    const callee = this.env.program.codes[codeIndex];
    if (!callee.simple || callee.argcount !== 1) throw new Unsupported('property whose getter needs argument binding, cells or a generator');
    const frameWords = BigInt(L.SIZEOF_FRAME_HEADER / 8 + callee.nlocals + callee.maxStack);
    this.inlineCall(codeIndex, 1, pc, null, () => {
      this.guardShape(o, 1);
      this.guard('INSERT_METHOD', 'frame', { oparg: 1, operand0: getter, operand1: frameWords });
    });
  }

  /** The class object in value slot w (object word index), or -1. */
  private classAt(w: number): number {
    const heap = this.env.heap;
    if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return -1;
    const c = heap.objectAt(w);
    return heap.u32[2 * c] === L.OBJ_CLASS ? c : -1;
  }

  /** cls.name on a user class (CLASS_ATTR_LOAD, or a function folded), under the class and its version. */
  private classAttrLoad(sp: number, name: string): boolean {
    const c = this.classAt(sp - 1);
    const a = c < 0 || !this.env.objects ? null : this.env.objects.classLoad(c, name);
    if (a === null) return false;
    this.guard('GUARD_CLASS_AT', 'type', { oparg: 1, operand0: wordAt(this.env.heap, sp - 1), operand1: this.env.objects!.classVersion(c) });
    if (a.kind === 'data') {
      this.emit({ uop: 'CLASS_ATTR_LOAD', operand0: BigInt(a.address) });
      return true;
    }
    this.emit({ uop: 'POP_TOP' });
    this.constant(a.word);
    return true;
  }

  /** cls.name = value rebinding a data attribute in place (CLASS_ATTR_STORE), the value's type guarded. */
  private classAttrStore(sp: number, name: string, valueType: VType): boolean {
    const c = this.classAt(sp - 1);
    const address = c < 0 || !this.env.objects ? null : this.env.objects.classStore(c, name);
    if (address === null || ![VType.INT, VType.FLOAT, VType.STR, VType.TUPLE, VType.LIST].includes(valueType)) return false;
    this.guard('GUARD_CLASS_AT', 'type', { oparg: 1, operand0: wordAt(this.env.heap, sp - 1), operand1: this.env.objects!.classVersion(c) });
    this.guardSecond(valueType);
    this.emit({ uop: 'CLASS_ATTR_STORE', operand0: BigInt(address) });
    return true;
  }

  private storeAttr(sp: number, name: string): void {
    const o = instanceAt(this.env.heap, sp - 1);
    const s = this.objectModel().store(o, name);
    if (s === null) throw new Unsupported(`attribute store ${name} on an instance`);
    this.guardShape(o, 1);
    if (s.newShape === null) return this.emit({ uop: 'STORE_SLOT', oparg: s.slot });
    // Adding the attribute: natively while the instance's slot words have room.
    return this.guard('STORE_SLOT_ADD', 'alloc', { oparg: s.slot, operand0: BigInt(s.newShape) });
  }

  /**
   * obj.m(a0..) of a plain method, or of a method bound to obj itself kept in
   * its attribute m (a handler: `self.fn = self.on_idle`, under a guard on the
   * bound method in that slot): the function goes under the receiver (no bound
   * method) and the call is inlined.
   */
  private methodCall(name: string, n: number, pc: number, sp: number): void {
    const heap = this.env.heap;
    const o = instanceAt(heap, sp - n - 1);
    const a = this.objectModel().load(o, name);
    const found = a?.kind === 'method' ? { word: a.word, codeIndex: a.codeIndex, slot: -1 }
      : a?.kind === 'slot' ? this.selfMethodIn(o, a.slot, sp - n - 1) : null;
    if (found === null) {
      // A method of the class's built-in base (a list or dict subclass, a deque): called in place under the shape guard.
      const inPlace = this.env.traceCallableMethod(name, sp - n - 1, n);
      if (inPlace < 0) throw new Unsupported(`method ${name} of an instance`);
      this.guardShape(o, n + 1);
      return this.guard(CALL_BUILTIN[n], 'other', { operand0: BigInt(inPlace) });
    }
    const binding = this.checkInlinable(heap.wordOf(Number(found.word & 0xffffffffffffn)), found.codeIndex, n + 1);
    const callee = this.env.program.codes[found.codeIndex];
    const frameWords = BigInt(L.SIZEOF_FRAME_HEADER / 8 + callee.nlocals + callee.maxStack);
    // Tier-1's CALL_METHOD makes the same stack, then calls with the receiver as first argument.
    this.inlineCall(found.codeIndex, n + 1, pc, sp + 1, () => {
      this.guardShape(o, n + 1);
      if (found.slot >= 0) this.guard('GUARD_SLOT_SELF_METHOD_AT', 'type', { oparg: (n + 1) | (found.slot << 8), operand0: found.word });
      this.guard('INSERT_METHOD', 'frame', { oparg: n + 1, operand0: found.word, operand1: frameWords });
    }, false, binding);
  }

  /**
   * GET_ITER of an instance of a list or tuple subclass without __iter__ (a
   * custom collection): its built-in value's iteration, under the shape guard.
   * (An exit before the iterator is made leaves that value where the instance
   * was: tier-1 iterates it the same.)
   */
  private iterateBase(sp: number): boolean {
    const heap = this.env.heap;
    const o = instanceAt(heap, sp - 1);
    const calls = this.env.calls;
    if (o < 0 || !calls || calls.lookup(calls.classOf(o), '__iter__') >= 0) return false;
    const base = o + L.INSTANCE_BASE / 8;
    const t = typeOfWord(heap, base);
    if (t !== VType.LIST && t !== VType.TUPLE) return false;
    this.guardShape(o, 1);
    this.emit({ uop: 'INSTANCE_BASE' });
    return recordGetIter(this.containers, base, t);
  }

  /** The function of the method bound to instance o (its word in slot w) that o's slot `slot` holds, or null. */
  private selfMethodIn(o: number, slot: number, w: number): { word: bigint; codeIndex: number; slot: number } | null {
    const heap = this.env.heap;
    const m = heap.wordOf(heap.readI64(o + L.INSTANCE_SLOTS / 8)) + slot;
    if (heap.u32[2 * m + 1] >>> 16 !== L.TAG_OBJ || heap.u32[2 * heap.objectAt(m)] !== L.OBJ_METHOD) return null;
    const method = heap.objectAt(m);
    const funcW = method + L.METHOD_FUNC / 8;
    if (wordAt(heap, method + L.METHOD_SELF / 8) !== wordAt(heap, w) || typeOfWord(heap, funcW) !== VType.FUNCTION) return null;
    return { word: wordAt(heap, funcW), codeIndex: heap.readI64(heap.objectAt(funcW) + L.FUNCTION_CODE_INDEX / 8), slot };
  }

  /** The constructor name of a built-in class (float(x) is a call of the class `float`), or ''. */
  private builtinTypeName(w: number): string {
    const heap = this.env.heap;
    if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return '';
    const o = heap.objectAt(w);
    if (heap.u32[2 * o] !== L.OBJ_CLASS || !(heap.readI64(o + L.CLASS_FLAGS / 8) & L.CLASS_FLAG_BUILTIN)) return '';
    const ctor = heap.readI64(o + L.CLASS_CTOR / 8);
    return ctor >= 0 ? builtinSpec(ctor).name : '';
  }
}
