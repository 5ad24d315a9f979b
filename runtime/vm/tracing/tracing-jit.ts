// The tracing JIT attached to the tier-1 interpreter: hot loop heads start a
// recording; a recorded loop is optimized, compiled from the stencils and
// entered natively from then on. Every exit writes the native state back and
// tier-1 resumes at the exit's bytecode. Exits that become hot grow side
// traces, linked natively into the exit; exits that land on another loop's
// head are linked straight to that loop's trace, so nested loops never bounce
// through TypeScript. Functions called often from tier-1 get a function trace
// from their entry to their return, entered at the call; a recursive call in
// it calls the function's trace natively (CALL_TOP), and other traces call it
// where they cannot inline it (CALL_TRACE). Traces whose global
// guards keep failing are freed and recorded again; the number of live traces
// is bounded.
import { displayInPlace, HostCalls, instantiationInPlace, operatorInPlace, traceCallable, traceCallableMethod } from './host-calls.ts';
import { EvictionBackoff, liveTraceBound } from './trace-churn.ts';
import { HotRate } from './hot-rate.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import { CodeMemoryError } from '../../jit/code-memory.ts';
import { TraceBranchRangeError } from '../../jit/trace-errors.ts';
import type { CompiledTrace, JitRuntime } from '../../jit/jit-runtime.ts';
import { createJitRuntime } from './vm-jit-runtime.ts';
import { fuseProductSums } from './optimizer/wide-product-sums.ts';
import { BigIntNative } from '../interpreter/bigint-native.ts';
import { Op } from '../frontend/bytecode.ts';
import type { Heap } from '../heap/heap.ts';
import type { HotLoopHook, Interpreter } from '../interpreter/interpreter.ts';
import type { Program } from '../frontend/program.ts';
import type { JitAttachment } from '../interpreter/run-program.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import { StrUnits } from '../heap/str-units.ts';
import { StrIndexTables } from '../heap/str-index-tables.ts';
import { PinnedStrs } from '../heap/pinned-strs.ts';
import { isStuckExit, STUCK_EXIT_MIN_COUNT } from './stuck-exits.ts';
import { wideUopOverflowed } from './record-bigints.ts';
import { IntWidening } from './int-widening.ts';
import { unshareOps, unshareWideLocals, useWideLocals, type WideLocal } from './optimizer/wide-locals.ts';
import { useWideTemporaries } from './optimizer/wide-temporaries.ts';
import { fuseWideModuloAndMask, rememberWideDivisors } from './optimizer/wide-divisors.ts';
import { wordAt, type ExitReason, type TraceOp } from './trace-ir.ts';
import { Kind } from '../heap/objects.ts';
import { entryMaterializations, type ExitVirtuals } from './optimizer/virtuals.ts';
import { materializeVirtualsAtExit } from './virtual-exits.ts';
import { optimizeTrace, type OptimizeStats } from './trace-optimizer.ts';
import { withInterruptChecks } from './interrupt-checks.ts';
import { JitBudget, POSTPONE, TRIP_COST_MS } from './jit-budget.ts';
import { HookPriming } from './hook-priming.ts';
import { forgetOldFreed, noForgottenTraces } from './trace-record-log.ts';

/** Freed trace records kept for the reports (older ones are only counted). */
const FREED_RECORDS_KEPT = 1000;
import { TraceRecorder, type FunctionTraceMode, type RecordingResult } from './trace-recorder.ts';
import type { JitCodeObserver } from '../../jit/observe/code-observer.ts';
import { describeTrace } from './trace-symbols.ts';
import { describeSupportCode } from '../../jit/observe/support-code.ts';
import { objectModelOf, type ObjectModel } from './record-objects.ts';
import { callModelOf, type CallModel } from './record-calls.ts';
import { MIN_BYTECODES_PER_STITCH, StitchResumer, type StitchHost } from './trace-stitching.ts';

export type ExecutionMode = 'native' | 'uop-interpreter';

export interface TracingJitOptions {
  /** Run traces natively (stencils) or on the C uop interpreter (the dispatch baseline). */
  mode?: ExecutionMode;
  /** Exits taken this often get a side trace. */
  sideExitThreshold?: number;
  /** Live trace limit; the least recently entered root loses its traces beyond it. */
  maxTraces?: number;
  /** Failed recordings at one loop before it is never tried again. */
  maxFailures?: number;
  /** Keep the recorded and optimized uops of every trace (for --jit-dump and tests). */
  keepOps?: boolean;
  /** Told of every trace compiled and freed (--perf, --gdb: runtime/jit/observe/). */
  observers?: JitCodeObserver[];
  /** The program's file, as those observers name it. */
  sourceFile?: string;
}

export interface TraceRecord {
  compiled: CompiledTrace;
  /** root: a loop's; function: a function's from its entry; side: grown from an exit of either. */
  kind: 'root' | 'side' | 'function';
  /** Loop head of a root trace (the function's entry, pc 0, for a function trace); for a side trace, its root's. */
  codeIndex: number;
  pc: number;
  /** Frames between the tree's entry frame and this trace's base frame (0 for roots). */
  baseDepth: number;
  /** Side traces: the trace and exit they grew from. */
  parent?: TraceRecord;
  parentExit?: number;
  exitPc: Int32Array;
  exitCode: Int32Array;
  exitReason: ExitReason[];
  /** Inlined frames above the base frame at each exit. */
  exitDepth: Int32Array;
  /** Virtual instances live at each exit (optimizer/virtuals.ts): materialized by virtual-exits.ts, or by the entry of the side trace linked there. */
  exitVirtuals: (ExitVirtuals | undefined)[];
  exitCounts: Float64Array;
  sideTraces: (TraceRecord | null)[];
  /** Bytecodes the recorder translated into this trace. */
  bytecodes: number;
  /** A continuation of its parent's stitch exit (entered after tier-1 ran one bytecode). */
  stitched: boolean;
  /** Stitch exits: the continuation recorded after tier-1 ran the exit's bytecode, and the pc it starts at. */
  stitchTraces: ({ pc: number; trace: TraceRecord } | null)[];
  /** Traces that call this one with CALL_TRACE: freed with it (their code calls its address). */
  calledBy: Set<TraceRecord>;
  /** Exits whose side trace failed to record (not retried). */
  sideFailed: Uint8Array;
  entries: number;
  /** Native time of the entries into this trace from tier-1 (ms; roots only), for stuck-exits.ts. */
  nativeMs: number;
  lastUsed: number;
  stats: OptimizeStats;
  compileNanos: number;
  recorded?: TraceOp[];
  optimized?: TraceOp[];
  /** Still live when the program ended (set when the run frees every trace). */
  liveAtEnd?: boolean;
  /** A copy of the patched machine code (kept with keepOps, for dumps after the run). */
  machineCode?: Uint8Array;
  /** Root loop traces: locals whose wide ints live in a box of the trace's own (optimizer/wide-locals.ts). */
  wideLocals?: WideLocal[];
  /** Roots: some trace of the tree reads strs' code units (STR_UNITS_UOPS): entries from tier-1 make those of the frame's str locals first. */
  readsStrUnits?: boolean;
  /** The int boxes pinned for this trace's uops (wide temporaries and locals, divisor cells): unpinned when it is freed. */
  pinnedBoxes?: number[];
}

/** Identity invalidations of one loop or function before it is left to tier-1 for good. */
/** Cancelled root recordings after which a loop counts as too short for a trace of its own (traces go through its head). */
const SHORT_LOOP_CANCELS = 3;
/** Uops that read a str's code units (heap/str-units.ts) and exit when it has none yet. */
const STR_UNITS_UOPS: ReadonlySet<string> = new Set(['STR_INDEX_UNITS', 'STR_ITER_UNITS', 'STR_SLICE_UNITS']);
/** How many frames below its entry frame a trace may return natively (GUARD_PLAIN_RETURN). */
const RETURN_LEVELS = 8;
const MAX_INVALIDATIONS_PER_SITE = 3;
const key = (codeIndex: number, pc: number) => codeIndex * 1048576 + pc;
/** Bytecodes below which a function trace that calls nothing natively is not entered from tier-1 (worthEnteringFromTier1). */
const MIN_FUNCTION_TRACE_BYTECODES = 60;
/** Entries from tier-1 a function trace tree gets before worthEnteringFromTier1 judges it. */
const FUNCTION_TRACE_TRIAL_ENTRIES = 200;
/** Exits before a loop trace that never gets past one exit into its loop is dropped (neverLoops). */
const USELESS_TRACE_ENTRIES = 500;
/** Failure bookkeeping of a function's entry, apart from its loops' heads. */
const functionKey = (codeIndex: number) => -1 - codeIndex;

interface Blacklist {
  failures: number;
  /** Counter value to restart from (negative = a backoff). */
}

export class TracingJit implements JitAttachment, HotLoopHook, StitchHost {
  /** Built on first use (7-10 ms in a fresh process): a program that never gets hot does not pay for it. */
  private jitRuntime: JitRuntime | null;
  private interp!: Interpreter;
  private runtime!: Runtime;
  private heap!: Heap;
  private program!: Program;
  private strIndexTables!: StrIndexTables;
  private strUnits!: StrUnits;
  private pinnedStrs!: PinnedStrs;
  private objects!: ObjectModel;
  private calls!: CallModel;
  /** Codes whose function objects are made anew while a trace calls them (noteCalleeChange). */
  private readonly madeAnew = new Set<number>();
  /** Root recordings of a loop head cancelled because the loop ended right away, by head. */
  private readonly cancelled = new Map<number, number>();
  private readonly mode: ExecutionMode;
  private readonly sideExitThreshold: number;
  private maxTraces: number;
  private readonly boundGiven: boolean;
  private readonly evictionBackoff = new EvictionBackoff();
  /** Loops and functions are recorded when they reach the threshold within a short time (hot-rate.ts; default thresholds only). */
  readonly hotRate = new HotRate();
  private readonly maxFailures: number;
  private readonly keepOps: boolean;
  private readonly observers: JitCodeObserver[];
  private readonly sourceFile: string;
  /** Exits onto an untraced loop head taken this often start recording that loop. */
  private readonly loopExitThreshold: number;
  private readonly roots = new Map<number, TraceRecord>();
  /** Function traces by code object. */
  private readonly functionRoots = new Map<number, TraceRecord>();
  private readonly byId = new Map<number, TraceRecord>();
  private readonly failures = new Map<number, Blacklist>();
  /** Invalidations by identity exits, per loop or function (MAX_INVALIDATIONS_PER_SITE). */
  private readonly invalidatedSites = new Map<number, number>();
  /** Int operations recorded wide after their small-int uop kept overflowing. */
  readonly intWidening = new IntWidening();
  private readonly backEdges = new Map<number, number[]>();
  private recorder: TraceRecorder | null = null;
  /** Tier-1's hot paths taken once at the start (hook-priming.ts). */
  private readonly priming = new HookPriming();
  /** When the current recording started (the budget's clock). */
  private recordingStartedAt = 0;
  private clock = 0;
  // Statistics.
  nativeNanos = 0;
  /** Time in traces past TRIP_COST_MS per entry: work tier-1 would have done slower (jit-budget.ts's payback). */
  tracedWorkMs = 0;
  /** Virtual instances the exit handler materialized (virtual-exits.ts). */
  materializedAtExits = 0;
  private virtualsAtEnd: { made: number; materializedInTraces: number; materializedAtExits: number } | null = null;
  /** Allocation removal's counts: virtual instances made and materialized (cases/virtuals.c, virtual-exits.ts). */
  virtualCounts(): { made: number; materializedInTraces: number; materializedAtExits: number } {
    if (this.virtualsAtEnd) return this.virtualsAtEnd;
    // (Never attached: the program did not compile.)
    if (!this.heap) return { made: 0, materializedInTraces: 0, materializedAtExits: 0 };
    const vm = this.heap.vmStateW;
    return {
      made: this.heap.readI64(vm + L.VM_VIRTUALS_MADE / 8),
      materializedInTraces: this.heap.readI64(vm + L.VM_VIRTUALS_MATERIALIZED / 8),
      materializedAtExits: this.materializedAtExits,
    };
  }
  /** VMState.host_call while attached (CALL_BUILTIN_*). */
  private readonly hostCalls = new HostCalls();
  recordings = 0;
  aborted = 0;
  /** Root recordings cancelled because their loop ended before it came round (jit-stats). */
  get cancelledShortLoops(): number {
    let n = 0;
    for (const c of this.cancelled.values()) n += c;
    return n;
  }
  abortReasons = new Map<string, number>();
  /** Traces that end with a stitch exit, by the bytecode they could not translate. */
  stitchReasons = new Map<string, number>();
  /** Stitched trees dropped because they ran too little natively per trip through tier-1. */
  declined = 0;
  /** The share of the run compiling may take, and what traces paid back (jit-budget.ts). */
  readonly budget = new JitBudget(() => this.tracedWorkMs);
  declineReasons = new Map<string, number>();
  private resumer: StitchResumer | null = null;
  freedTraces = 0;
  invalidations = 0;
  /** Trees freed because an exit kept firing where no side trace can help (stuck-exits.ts). */
  retired = 0;
  /** Every live trace and the most recently freed ones (trace-record-log.ts); `forgotten` counts the rest. */
  readonly allTraces: TraceRecord[] = [];
  readonly forgotten = noForgottenTraces();
  private freedKept = 0;
  /** Boxes pinnedIntBox made for the trace being compiled (TraceRecord.pinnedBoxes). */
  private readonly pinsOfNextTrace: number[] = [];
  /** Boxes pinned for traces, and unpinned (with their trace; `beforeEnd`: freed while the program ran, not at detach). */
  readonly pinnedBoxCounts = { pinned: 0, unpinned: 0, unpinnedBeforeEnd: 0 };
  private detaching = false;
  /** Live traces when the program ended (detach frees them all). */
  liveAtEnd = 0;

  constructor(options: TracingJitOptions = {}, runtime?: JitRuntime) {
    this.jitRuntime = runtime ?? null;
    this.mode = options.mode ?? 'native';
    this.sideExitThreshold = options.sideExitThreshold ?? 20;
    this.maxTraces = options.maxTraces ?? 400;
    this.boundGiven = options.maxTraces !== undefined;
    this.maxFailures = options.maxFailures ?? 4;
    this.keepOps = options.keepOps ?? false;
    this.observers = options.observers ?? [];
    this.sourceFile = options.sourceFile ?? '<program>';
    this.loopExitThreshold = options.sideExitThreshold ?? 20;
  }

  attach(interpreter: Interpreter, runtime: Runtime): void {
    this.interp = interpreter;
    this.runtime = runtime;
    this.heap = runtime.heap;
    this.program = runtime.program;
    if (!this.boundGiven) this.maxTraces = liveTraceBound(this.program.codes.length);
    this.strIndexTables = new StrIndexTables(runtime.objs);
    // (A rope that cannot be flattened stays one: tier-1 raises MemoryError when it reads it.)
    this.strUnits = new StrUnits(runtime.heap, (o) => {
      try {
        runtime.objs.strOf(o);
      } catch {
        // left to tier-1
      }
    });
    runtime.heap.strUnits = this.strUnits;
    this.pinnedStrs = new PinnedStrs(runtime.objs);
    this.objects = objectModelOf(runtime);
    this.calls = callModelOf(runtime);
    interpreter.hook = this;
    BigIntNative.shareRuntime(this.lendRuntime);
    this.hostCalls.attach(runtime);
    if (!interpreter.thresholdGiven) this.priming.arm(interpreter);
    this.hotRate.start();
  }

  detach(): void {
    // (The arena goes with the run: its counts are read now.)
    this.virtualsAtEnd = this.virtualCounts();
    this.hostCalls.detach(this.runtime);
    this.interp.hook = null;
    this.interp.recorder = null;
    this.liveAtEnd = this.byId.size;
    for (const t of this.byId.values()) t.liveAtEnd = true;
    this.detaching = true;
    for (const t of [...this.byId.values()]) this.freeCode(t);
    this.detaching = false;
    this.byId.clear();
    this.roots.clear();
    this.functionRoots.clear();
  }

  get rt(): JitRuntime {
    if (this.jitRuntime) return this.jitRuntime;
    this.jitRuntime = createJitRuntime();
    // The support functions get names in perf and gdb too.
    if (this.observers.length) for (const code of describeSupportCode(this.jitRuntime)) for (const o of this.observers) o.codeLoaded(code);
    return this.jitRuntime;
  }

  /** Tier-1's big-int functions are this runtime's support code (bigint-native.ts). */
  private readonly lendRuntime = (): JitRuntime => this.rt;

  dispose(): void {
    BigIntNative.stopSharing(this.lendRuntime);
    this.jitRuntime?.dispose();
  }

  // ---- monitoring ------------------------------------------------------------------

  private codeIndexOf(frameAddr: number): number {
    return this.heap.readI64(this.heap.wordOf(frameAddr) + L.FRAME_CODE_INDEX / 8);
  }

  /** The JUMP_BACKWARD instructions that jump to a loop head (their counters arm the hook). */
  private backEdgesOf(codeIndex: number, head: number): number[] {
    const k = key(codeIndex, head);
    let e = this.backEdges.get(k);
    if (!e) {
      const code = this.program.codes[codeIndex].code;
      e = [];
      for (let i = 0; i < code.length / 2; i++) if (code[2 * i] === Op.JUMP_BACKWARD && code[2 * i + 1] === head) e.push(i);
      this.backEdges.set(k, e);
    }
    return e;
  }

  /** Sets the loop's counters so the hook runs at its next back-edge (value = threshold - 1) or later. */
  private armCounters(codeIndex: number, head: number, value: number): void {
    const counters = this.interp.counters[codeIndex];
    for (const i of this.backEdgesOf(codeIndex, head)) counters[i] = value;
  }

  onHotLoop(frameAddr: number, pc: number, spAddr: number): boolean {
    if (this.priming.primeLoop(this.interp)) return true;
    if (this.recorder?.active || this.belowTraceRecursionLimit()) return false;
    const codeIndex = this.codeIndexOf(frameAddr);
    const root = this.roots.get(key(codeIndex, pc));
    if (root) {
      this.armCounters(codeIndex, pc, this.interp.threshold - 1);
      this.execute(root, frameAddr, spAddr);
      return true;
    }
    const f = this.failures.get(key(codeIndex, pc));
    if (f && f.failures >= this.maxFailures) {
      this.armCounters(codeIndex, pc, -0x40000000);
      return false;
    }
    if (!this.interp.thresholdGiven && !this.hotRate.isHot(key(codeIndex, pc))) return false;
    if (!this.budgetAllowsRecording()) {
      this.armCounters(codeIndex, pc, -POSTPONE * this.interp.threshold);
      return false;
    }
    this.startRecording(codeIndex, pc, frameAddr, true);
    return false;
  }

  /** Something every trace may have specialised on changed (a built-in module's attribute): drop them all. */
  invalidateAll(): void {
    this.recorder?.abort('module attribute changed');
    for (const r of [...this.roots.values(), ...this.functionRoots.values()]) {
      if (this.byId.has(r.compiled.id)) this.invalidate(r);
    }
  }

  hasRootTrace(codeIndex: number, pc: number): boolean {
    return this.roots.has(key(codeIndex, pc));
  }

  /**
   * Traces check the recursion limit of cases/vm.h; a program that lowered
   * sys.setrecursionlimit below it runs in tier-1 only (which checks its own).
   */
  private belowTraceRecursionLimit(): boolean {
    return this.interp.recursionLimit < L.RECURSION_LIMIT;
  }

  onHotFunction(frameAddr: number, spAddr: number): boolean {
    if (this.priming.primeFunction(this.interp)) return true;
    if (this.recorder?.active || this.belowTraceRecursionLimit()) return false;
    const codeIndex = this.codeIndexOf(frameAddr);
    const counters = this.interp.callCounters;
    const root = this.functionRoots.get(codeIndex);
    if (root) {
      if (root.entries === FUNCTION_TRACE_TRIAL_ENTRIES && !this.worthEnteringFromTier1(root)) {
        // Kept for the traces that call it (CALL_TRACE); tier-1 runs its calls itself.
        counters[codeIndex] = -0x40000000;
        return false;
      }
      counters[codeIndex] = this.interp.threshold - 1;
      this.execute(root, frameAddr, spAddr);
      return true;
    }
    const f = this.failures.get(functionKey(codeIndex));
    if (f && f.failures >= this.maxFailures) {
      counters[codeIndex] = -0x40000000;
      return false;
    }
    if (!this.interp.thresholdGiven && !this.hotRate.isHot(functionKey(codeIndex))) return false;
    if (!this.budgetAllowsRecording()) {
      counters[codeIndex] = -POSTPONE * this.interp.threshold;
      return false;
    }
    this.startRecording(codeIndex, 0, frameAddr, false, undefined, undefined, { codeIndex, returnsFromBase: true });
    return false;
  }

  /**
   * Roots whose trees no other trace calls: evicting a called tree would free its
   * callers too, so callers go first (and then their callees become evictable).
   */
  private evictable(): TraceRecord[] {
    const called = new Set<TraceRecord>();
    for (const t of this.byId.values()) if (t.calledBy.size > 0) called.add(this.rootOf(t));
    return [...this.roots.values(), ...this.functionRoots.values()].filter((r) => !called.has(r));
  }

  // ---- recording ---------------------------------------------------------------------

  private startRecording(codeIndex: number, pc: number, frameAddr: number, isRoot: boolean, parent?: TraceRecord, parentExit?: number, functionMode: FunctionTraceMode | null = null, stitched = false): void {
    this.recordings++;
    this.recordingStartedAt = this.budget.now();
    const recorder = new TraceRecorder(
      {
        heap: this.heap,
        program: this.program,
        hasRootTrace: (c, p) => this.hasRootTrace(c, p),
        strIndexTable: (o) => this.strIndexTables.tableFor(o),
        asciiCharTable: () => this.strIndexTables.asciiTable(),
        strUnits: { ensure: (o) => this.strUnits.ensureForTrace(o), latin1Table: () => this.strIndexTables.latin1Table() },
        pinnedStr: (text) => this.pinnedStrs.strFor(text),
        pinnedPair: (prefix, suffix) => this.pinnedStrs.pairFor(prefix, suffix),
        moduleBuiltin: (m, name) => this.runtime.moduleAttributeIdentity(m, name),
        moduleBuiltinId: (m, name) => this.runtime.moduleBuiltinId(m, name),
        traceCallable: (id, args, n) => traceCallable(this.runtime, id, args, n),
        traceCallableMethod: (name, self, n) => traceCallableMethod(this.runtime, name, self, n),
        displayInPlace: (dict, items, top) => displayInPlace(this.runtime, dict, items, top),
        operatorInPlace: (compare, arg, top) => operatorInPlace(this.runtime, compare, arg, top),
        instantiationInPlace: (c, args, n) => instantiationInPlace(this.runtime, c, args, n),
        moduleConstant: (m, name) => this.moduleConstant(m, name),
        functionTrace: (c) => {
          const t = this.functionRoots.get(c);
          return t ? { entry: t.compiled.entry, program: t.compiled.program.address, id: t.compiled.id } : null;
        },
        finish: (result) => this.finishRecording(recorder, result, parent, parentExit, stitched),
        objects: this.objects,
        calls: this.calls,
        loopTooShort: (c, p) => this.tracedThrough(c, p),
        madeAnew: (c) => this.madeAnew.has(c),
        wideIntSite: (c, p) => this.intWidening.isWide(c, p),
        baseDepth: parent ? parent.baseDepth + parent.exitDepth[parentExit!] : 0,
        plainReturn: (frameAddr) => {
          const fp = this.heap.wordOf(frameAddr);
          // An inlined operator method's frame returns plainly unless it declines (its RETURN_VALUE is guarded: record-declines.ts).
          return (fp !== this.interp.specialTop || this.interp.onlyDeclinable(fp)) && this.heap.readI64(fp + L.FRAME_PREVIOUS / 8) !== 0;
        },
      },
      codeIndex,
      pc,
      frameAddr,
      isRoot,
      functionMode,
    );
    this.recorder = recorder;
    this.interp.recorder = recorder;
  }

  /**
   * Whether traces go on through this loop head instead of ending there: the loop
   * keeps ending as soon as it is recorded (too short for a trace of its own), or
   * its tree was left to tier-1 for good (declined, retired, or its recordings kept
   * failing). Either way no root trace will ever be there to link an end exit to,
   * and an unlinked end exit is a trip to tier-1 on every pass (a side trace that
   * returns into a caller's loop, e.g. a recursive-descent parser's loops).
   */
  private tracedThrough(codeIndex: number, pc: number): boolean {
    const k = key(codeIndex, pc);
    if ((this.cancelled.get(k) ?? 0) >= SHORT_LOOP_CANCELS) return true;
    return !this.roots.has(k) && (this.failures.get(k)?.failures ?? 0) >= this.maxFailures;
  }

  /**
   * A module attribute a trace may fold (TraceEnv.moduleConstant): immutable
   * values and identities only. Mutable containers (sys.argv) and instances
   * (sys.stdout) are read each time. Module dicts change only through
   * attribute stores, which drop every trace (Attributes.store).
   */
  private moduleConstant(m: number, name: string): bigint | null {
    const rt = this.runtime;
    const v = rt.attrs.moduleAttribute(m, name);
    if (v < 0) return null;
    const k = rt.objs.kind(v);
    const foldable = k === Kind.Str || k === Kind.Int || k === Kind.Float || k === Kind.Bool || k === Kind.None || k === Kind.BigInt ||
      k === Kind.Tuple || k === Kind.Function || k === Kind.Builtin || k === Kind.Class;
    return foldable ? wordAt(this.heap, v) : null;
  }

  /** Whether the JIT budget (jit-budget.ts, default thresholds only) lets a new loop, function or side trace be recorded now. */
  private budgetAllowsRecording(): boolean {
    return this.interp.thresholdGiven || this.budget.allowsRecording();
  }

  private finishRecording(recorder: TraceRecorder, result: RecordingResult, parent?: TraceRecord, parentExit?: number, stitched = false): void {
    try {
      this.finishRecordingTimed(recorder, result, parent, parentExit, stitched);
    } finally {
      // Recording, optimizing and compiling: what a trace costs before it runs (jit-budget.ts).
      this.budget.charge(this.budget.now() - this.recordingStartedAt);
    }
  }

  private finishRecordingTimed(recorder: TraceRecorder, result: RecordingResult, parent?: TraceRecord, parentExit?: number, stitched = false): void {
    this.interp.recorder = null;
    this.recorder = null;
    const k = key(recorder.startCode, recorder.startPc);
    if (result.kind === 'cancel') {
      const n = (this.cancelled.get(k) ?? 0) + 1;
      this.cancelled.set(k, n);
      // Tried again at once, then after twice as many back-edges each time: a loop that keeps
      // ending right away (a parser's `while` that runs once a call) stops costing a recorder
      // per call, and one that becomes long later still gets its trace.
      const t = this.interp.threshold;
      this.armCounters(recorder.startCode, recorder.startPc, t - 1 - t * (2 ** Math.min(n - 1, 16) - 1));
      return;
    }
    if (result.kind === 'abort') return this.recordingFailed(recorder, result.reason, parent, parentExit, stitched);
    const kind = parent ? 'side' : recorder.functionMode ? 'function' : 'root';
    const optimized = withInterruptChecks(optimizeTrace(result.ops, result.kind === 'loop'), kind, recorder.startCode, recorder.startPc);
    let ops = optimized.ops as TraceOp[];
    let loopStart = optimized.loopStart;
    const wideLocals = kind === 'root' ? useWideLocals(ops, () => this.pinnedIntBox()) : [];
    useWideTemporaries(ops, () => this.pinnedIntBox());
    // (A pinned int box's two value words, zeroed, are the divisor cell: nothing else reads it.)
    rememberWideDivisors(ops, () => this.pinnedIntBox() + L.BIGINT_VALUE_LO);
    loopStart = fuseWideModuloAndMask(ops, loopStart, (cell, divisor, reciprocal) => {
      const w = this.heap.wordOf(cell);
      this.heap.u64[w] = divisor;
      this.heap.u64[w + 1] = reciprocal;
    }, (word) => this.constantInt(word)).loopStart;
    loopStart = fuseProductSums(ops, loopStart).loopStart;
    // Entered straight from a parent's exit (linked natively): the virtual instances the parent left
    // there are materialized, and the parent's wide-local boxes copied, before the trace's own ops.
    if (parent && !stitched) {
      const at = { resumePc: parent.exitPc[parentExit!], codeIndex: parent.exitCode[parentExit!] };
      const parentVirtuals = parent.exitVirtuals[parentExit!];
      const prefix = [...(parentVirtuals ? entryMaterializations(parentVirtuals, at) : []), ...(parent.wideLocals?.length ? unshareOps(parent.wideLocals, at) : [])];
      const n = prefix.length;
      if (n > 0) {
        ops = [...prefix, ...ops.map((op) => (op.target !== undefined ? { ...op, target: op.target + n } : op))];
        if (loopStart !== undefined) loopStart += n;
      }
    }
    const record = this.compileEvicting(ops, loopStart, optimized.stats, kind, recorder.startCode, recorder.startPc, parent);
    const pins = this.pinsOfNextTrace.splice(0);
    if (!record) {
      const n = pins.filter((o) => this.heap.unpin(o)).length;
      this.pinnedBoxCounts.unpinned += n;
      this.pinnedBoxCounts.unpinnedBeforeEnd += n;
      return this.recordingFailed(recorder, 'out of code memory', parent, parentExit);
    }
    if (pins.length) record.pinnedBoxes = pins;
    for (const r of recorder.stitchReasons) this.stitchReasons.set(r, (this.stitchReasons.get(r) ?? 0) + 1);
    if (wideLocals.length) record.wideLocals = wideLocals;
    record.bytecodes = recorder.bytecodesTranslated;
    record.stitched = stitched;
    if (this.keepOps) {
      record.recorded = result.ops;
      record.optimized = ops;
      record.machineCode = this.rt.memory.view(record.compiled.block).slice(0, record.compiled.layout.codeSize);
    }
    if (parent) {
      record.parentExit = parentExit;
      record.baseDepth = parent.baseDepth + parent.exitDepth[parentExit!];
      // A continuation starts after the bytecode tier-1 runs for the exit: never linked natively.
      if (stitched) parent.stitchTraces[parentExit!] = { pc: recorder.startPc, trace: record };
      else {
        parent.sideTraces[parentExit!] = record;
        this.rt.linkExit(parent.compiled, parentExit!, record.compiled);
        this.keepCode(parent);
      }
      // A path that closed decides; so does one already hopeless with two trips or more.
      const stitches = record.exitReason.filter((r) => r === 'stitch').length;
      const link = this.lastStitchOnPath(record);
      if (link && stitches === 0) this.stitchPaysOff(record, 0, link.owner, link.exit);
      else if (link && this.stitchesOnPath(record) + 1 >= 2) this.stitchPaysOff(record, 1, link.owner, link.exit);
    } else if (kind === 'function') {
      this.functionRoots.set(recorder.startCode, record);
      this.interp.callCounters[recorder.startCode] = this.interp.threshold - 1;
      this.evictIfNeeded();
    } else {
      this.roots.set(k, record);
      this.armCounters(recorder.startCode, recorder.startPc, this.interp.threshold - 1);
      this.evictIfNeeded();
    }
  }

  private recordingFailed(recorder: TraceRecorder, reason: string, parent?: TraceRecord, parentExit?: number, stitched = false): void {
    this.aborted++;
    this.abortReasons.set(reason, (this.abortReasons.get(reason) ?? 0) + 1);
    if (parent) {
      parent.sideFailed[parentExit!] = 1;
      if (stitched) this.stitchPaysOff(parent, 1, parent, parentExit!);
      return;
    }
    const k = recorder.functionMode ? functionKey(recorder.startCode) : key(recorder.startCode, recorder.startPc);
    const f = this.failures.get(k) ?? { failures: 0 };
    f.failures++;
    this.failures.set(k, f);
    // Back off exponentially before trying this loop (or function) again.
    const backoff = -this.interp.threshold * (1 << Math.min(f.failures, 10));
    if (recorder.functionMode) this.interp.callCounters[recorder.startCode] = backoff;
    else this.armCounters(recorder.startCode, recorder.startPc, backoff);
  }

  /**
   * Compiles; when code memory is full, frees the least recently entered root trees
   * (never the one a side trace grows from) and tries again. Null: nothing left to free.
   * (Runs from the recorder, in tier-1: no trace is executing.)
   */
  private compileEvicting(ops: TraceOp[], loopStart: number | undefined, stats: OptimizeStats, kind: TraceRecord['kind'], codeIndex: number, pc: number, parent?: TraceRecord): TraceRecord | null {
    const keep = parent ? this.rootOf(parent) : null;
    // The trees this trace will call must outlive the compile too.
    const callees = new Set(ops.filter((op) => op.uop === 'CALL_TRACE').map((op) => this.rootOf(this.byId.get(op.oparg!)!)));
    for (;;) {
      try {
        return this.compile(ops, loopStart, stats, kind, codeIndex, pc, parent);
      } catch (e) {
        // A trace whose short branches cannot reach (aarch64, a very long trace): given up like one out of memory.
        if (e instanceof TraceBranchRangeError) return null;
        if (!(e instanceof CodeMemoryError)) throw e;
        let lru: TraceRecord | null = null;
        for (const r of this.evictable()) if (r !== keep && !callees.has(r) && (!lru || r.lastUsed < lru.lastUsed)) lru = r;
        if (!lru) return null;
        this.evict(lru);
      }
    }
  }

  private compile(ops: TraceOp[], loopStart: number | undefined, stats: OptimizeStats, kind: TraceRecord['kind'], codeIndex: number, pc: number, parent?: TraceRecord): TraceRecord {
    void this.rt; // built before the clock starts: compile times stay compile times
    const t0 = performance.now();
    // A function tree's CALL_TOPs call its root, wherever they are.
    const root = parent ? this.rootOf(parent) : undefined;
    const compiled = this.rt.compile(ops, { loopStart, topTrace: root?.kind === 'function' ? root.compiled : undefined });
    const n = compiled.exits.length;
    const record: TraceRecord = {
      compiled,
      kind,
      codeIndex: parent ? parent.codeIndex : codeIndex,
      pc: parent ? parent.pc : pc,
      baseDepth: 0,
      parent,
      exitPc: new Int32Array(n),
      exitCode: new Int32Array(n),
      exitReason: new Array<ExitReason>(n),
      exitDepth: new Int32Array(n),
      exitVirtuals: new Array<ExitVirtuals | undefined>(n),
      exitCounts: new Float64Array(n),
      sideTraces: new Array<TraceRecord | null>(n).fill(null),
      bytecodes: 0,
      stitched: false,
      stitchTraces: new Array<{ pc: number; trace: TraceRecord } | null>(n).fill(null),
      calledBy: new Set(),
      sideFailed: new Uint8Array(n),
      entries: 0,
      nativeMs: 0,
      lastUsed: this.clock,
      stats,
      compileNanos: 0,
      // Every field a record may get, set now: records of one shape keep runTraces monomorphic
      // (a side trace's parentExit added later deoptimized it, and V8 compiled it again).
      parentExit: undefined,
      recorded: undefined,
      optimized: undefined,
      liveAtEnd: undefined,
      machineCode: undefined,
      wideLocals: undefined,
      readsStrUnits: undefined,
      pinnedBoxes: undefined,
    };
    compiled.exits.forEach((e, i) => {
      const op = ops[e.instruction];
      if (op.resumePc === undefined || op.codeIndex === undefined) throw new Error(`internal error: exit uop ${op.uop} has no resume point`);
      record.exitPc[i] = op.resumePc;
      record.exitCode[i] = op.codeIndex;
      record.exitReason[i] = op.reason ?? 'other';
      record.exitDepth[i] = op.inlineDepth ?? 0;
      record.exitVirtuals[i] = op.virtuals;
    });
    for (const op of ops) if (op.uop === 'CALL_TRACE') this.byId.get(op.oparg!)!.calledBy.add(record);
    if (ops.some((op) => STR_UNITS_UOPS.has(op.uop))) (root ?? record).readsStrUnits = true;
    record.compileNanos = Math.round((performance.now() - t0) * 1e6);
    this.byId.set(compiled.id, record);
    this.allTraces.push(record);
    if (this.observers.length) {
      const code = describeTrace(this.program, record, this.sourceFile, this.rt.memory.view(compiled.block).subarray(0, compiled.layout.codeSize));
      for (const o of this.observers) o.codeLoaded(code);
    }
    return record;
  }

  /** With keepOps, the copy of a trace's code follows its linked exits (dumps and reports show the code as it ran). */
  private keepCode(t: TraceRecord): void {
    if (this.keepOps && t.machineCode) t.machineCode = this.rt.memory.view(t.compiled.block).slice(0, t.compiled.layout.codeSize);
  }

  private freeCode(t: TraceRecord): void {
    for (const o of this.observers) o.codeFreed(t.compiled.id, t.compiled.entry);
    this.rt.free(t.compiled);
    // A box may still be reached (a local that held it when the trace went): the collector decides, as for any int.
    let n = 0;
    for (const o of t.pinnedBoxes ?? []) if (this.heap.unpin(o)) n++;
    this.pinnedBoxCounts.unpinned += n;
    if (!this.detaching) this.pinnedBoxCounts.unpinnedBeforeEnd += n;
    t.pinnedBoxes = undefined;
  }

  // ---- execution -----------------------------------------------------------------------

  /** Runs from a loop head until an exit that tier-1 must handle; leaves the native state ready to reload. */
  private execute(root: TraceRecord, frameAddr: number, spAddr: number): void {
    const heap = this.heap;
    // vm->frame while traces run: the highest frame they may not return from (GUARD_PLAIN_RETURN):
    // the innermost one tier-1 keeps a record about (a nested dispatch loop's entry, an __init__
    // or generator frame) or the module frame, at most RETURN_LEVELS below the entry frame (the
    // frames above it are walked at every exit). Frames above it are plain calls of this dispatch
    // loop: a trace may return from them as tier-1 would.
    const special = this.interp.specialTop;
    let boundaryW = heap.wordOf(frameAddr);
    for (let i = 0; i < RETURN_LEVELS && boundaryW !== special; i++) {
      const prev = heap.readI64(boundaryW + L.FRAME_PREVIOUS / 8);
      if (prev === 0) break;
      boundaryW = heap.wordOf(prev);
    }
    // A str a local holds (a function's argument, typically) is most likely the one the tree reads:
    // its code units are made now, not after a trip back to tier-1 at the first read.
    if (root.readsStrUnits) this.strUnitsOfLocals(heap.wordOf(frameAddr));
    if (this.runTraces(root, frameAddr, spAddr, heap.addressOf(boundaryW))) return;
    // Frames the traces pushed are tier-1's now (inlined __init__ frames need a record). A frame
    // of theirs may sit where the entry frame was (returned from): all frames above the boundary are looked at.
    const top = heap.readI64(heap.vmStateW + L.VM_FRAME / 8);
    this.interp.adoptTraceFrames(heap.wordOf(top), boundaryW);
  }

  /** Code units for the strs in frame fp's locals (a shallow rope's leaves; a deeper rope is not flattened: the tree may never read it). */
  private strUnitsOfLocals(fp: number): void {
    const heap = this.heap;
    const u32 = heap.u32;
    const first = fp + L.FRAME_LOCALS / 8;
    const n = this.program.codes[heap.readI64(fp + L.FRAME_CODE_INDEX / 8)].nlocals;
    for (let w = first; w < first + n; w++) {
      if (u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) continue;
      const o = heap.objectAt(w);
      // (A str with inline chars needs none: its high chars word holds STR_CHARS_INLINE.)
      if (u32[2 * o] === L.OBJ_STR && u32[2 * (o + L.STR_CHARS / 8) + 1] === 0) this.strUnits.forTier1(o);
    }
  }

  /** execute's loop; true when a function trace's base frame returned (nothing of the traces is left). */
  private runTraces(root: TraceRecord, frameAddr: number, spAddr: number, boundary: number): boolean {
    const heap = this.heap;
    const vm = heap.vmStateW;
    let trace = root;
    let frame = frameAddr;
    let sp = spAddr;
    for (;;) {
      trace.entries++;
      trace.lastUsed = ++this.clock;
      // performance.now() allocates nothing (hrtime.bigint() does, on every entry).
      const t0 = performance.now();
      heap.lendAllocationBuffer();
      heap.writeI64(vm + L.VM_FRAME / 8, boundary);
      heap.writeI64(vm + L.VM_CALL_FRAME / 8, 0);
      const exit = this.mode === 'native' ? this.rt.enter(trace.compiled, frame, sp, heap.addressOf(vm)) : this.rt.interpret(trace.compiled, frame, sp, heap.addressOf(vm));
      heap.takeBackAllocationBuffer();
      const nativeMs = performance.now() - t0;
      this.nativeNanos += nativeMs * 1e6;
      trace.nativeMs += nativeMs;
      // What the trace did beyond the cost of entering and leaving it (the budget's payback).
      if (nativeMs > TRIP_COST_MS) this.tracedWorkMs += nativeMs - TRIP_COST_MS;
      // A function trace's base frame returned: VMState holds the caller, which resumes at its pc.
      if (exit === L.TRACE_RETURNED) return true;
      // The exit may belong to a trace reached through a linked exit or called by CALL_TOP.
      const owner = this.byId.get(heap.readI64(vm + L.VM_EXIT_TRACE / 8));
      if (!owner) throw new Error(`internal error: exit from unknown trace ${heap.readI64(vm + L.VM_EXIT_TRACE / 8)}`);
      frame = heap.readI64(vm + L.VM_FRAME / 8);
      sp = heap.readI64(vm + L.VM_SP / 8);
      // A trace that yielded out of the boundary frame (a generator's: cases/uops_generators.c) left its consumer as the boundary.
      if (frame < boundary) boundary = frame;
      // The root's own wide-int boxes never reach tier-1 (optimizer/wide-locals.ts).
      const wideLocals = this.rootOf(owner).wideLocals;
      if (wideLocals && owner.baseDepth + owner.exitDepth[exit] === 0) unshareWideLocals(heap, frame, wideLocals);
      const resumePc = owner.exitPc[exit];
      heap.writeI64(heap.wordOf(frame) + L.FRAME_PC / 8, resumePc);
      owner.exitCounts[exit]++;
      const virtuals = owner.exitVirtuals[exit];
      // Virtual instances live here are allocated before tier-1 (or a trace entered from here) sees the frames.
      if (virtuals) this.materializedAtExits += materializeVirtualsAtExit(heap, virtuals, frame, sp);
      if (owner.exitReason[exit] === 'stitch') {
        this.stitch(owner, exit, frame);
        return false;
      }
      // (Exits with a side trace never come back here: they are linked, natively and in the uop program.)
      // An exit onto a loop head with a trace: link it and go on there.
      const target = this.roots.get(key(owner.exitCode[exit], resumePc));
      if (target && owner.exitReason[exit] === 'end' && !owner.wideLocals) {
        owner.sideTraces[exit] = target;
        if (!virtuals) {
          this.rt.linkExit(owner.compiled, exit, target.compiled);
          this.keepCode(owner);
        }
        trace = target;
        continue;
      }
      this.exitToTier1(owner, exit, frame, sp, resumePc);
      return false;
    }
  }

  /**
   * What an exit back to tier-1 leads to (runTraces's rare paths, out of line: a branch V8
   * has not seen run deoptimizes this function, not runTraces, whose every new optimization
   * is compiled again on a helper thread): retiring a stuck tree, recording a side trace or
   * a loop, invalidating, widening ints.
   */
  private exitToTier1(owner: TraceRecord, exit: number, frame: number, sp: number, resumePc: number): void {
    const heap = this.heap;
    // An exit that fires on most entries where no side trace can help: tier-1 alone is faster.
    const why = owner.exitReason[exit];
    const pastWide = why === 'alloc' && wideUopOverflowed(owner.compiled.instructions[owner.compiled.exits[exit].instruction].uop, heap.lentRoomBytes);
    const stuck = why === 'end' || (why === 'alloc' && !pastWide) || why === 'bounds' || why === 'other' || why === 'frame' || owner.sideFailed[exit] === 1;
    if (stuck && owner.exitCounts[exit] >= STUCK_EXIT_MIN_COUNT) {
      const root = this.rootOf(owner);
      if (isStuckExit({ reason: why, noSideTrace: true, exitCount: owner.exitCounts[exit], rootEntries: root.entries, rootNativeMs: root.nativeMs })) {
        this.retire(root);
        return;
      }
    }
    // An exit onto the head of a loop with no tree of its own for good (too short, or left to tier-1):
    // a side trace goes on through it, so the trip to tier-1 is paid at most once, until it is recorded.
    if (owner.exitReason[exit] === 'end' && this.tracedThrough(owner.exitCode[exit], resumePc)) {
      if (owner.exitCounts[exit] >= this.sideExitThreshold && !owner.sideFailed[exit] && !owner.sideTraces[exit] && !this.recorder?.active && this.byId.size < this.maxTraces) {
        const ownerRoot = this.rootOf(owner);
        const functionMode = ownerRoot.kind === 'function' ? { codeIndex: ownerRoot.codeIndex, returnsFromBase: owner.baseDepth + owner.exitDepth[exit] === 0 } : null;
        this.startRecording(owner.exitCode[exit], resumePc, frame, false, owner, exit, functionMode);
      }
      return;
    }
    // An exit onto a loop head that has no trace yet: record that loop from here once it is hot
    // (tier-1 would count it at its back-edge, which the trace jumped over).
    if (owner.exitReason[exit] === 'end' && owner.exitCounts[exit] >= this.loopExitThreshold && !this.recorder?.active) {
      const headCode = owner.exitCode[exit];
      // (The cheap test first: this runs on every such exit, e.g. once per pixel in mandelbrot.)
      if (owner.exitCounts[exit] % this.loopExitThreshold === 0 && this.backEdgesOf(headCode, resumePc).length > 0 && !((this.failures.get(key(headCode, resumePc))?.failures ?? 0) >= this.maxFailures)) {
        this.startRecording(headCode, resumePc, frame, true);
      }
      return;
    }
    if (owner.exitReason[exit] === 'identity' && owner.exitCounts[exit] >= 4) {
      this.noteCalleeChange(owner, exit, sp);
      // A global or callee the trace was specialised on changed for good; a site whose
      // callee keeps changing (a loop calling a different function each time) is left
      // to tier-1 after a few, not recorded again for every new callee.
      const root = owner.kind === 'root' ? owner : this.rootOf(owner);
      const site = root.kind === 'function' ? functionKey(root.codeIndex) : key(root.codeIndex, root.pc);
      const times = (this.invalidatedSites.get(site) ?? 0) + 1;
      this.invalidatedSites.set(site, times);
      if (times > MAX_INVALIDATIONS_PER_SITE) this.leaveToTier1(root);
      else this.invalidate(root);
      return;
    }
    // Identity exits never grow side traces: with sideExitThreshold < 4 a linked side
    // trace would stop the count above, and the stale trace would never be invalidated.
    // Nor do exits of a uop that failed on its values (list full, overflow, zero divisor,
    // frame stack full): recorded from the same state, the side trace would start with the
    // same uop, fail at once and grow a side trace of its own, without end (a chain that
    // exhausted code memory). Side traces also respect maxTraces.
    const reason = owner.exitReason[exit];
    // (An int overflow may: the recorder then picks the int64 uops, cases/wide_ints.c,
    // and only when they succeed on the values at hand.)
    const retriesFailedUop = reason === 'bounds' || reason === 'other' || reason === 'frame';
    if ((retriesFailedUop || reason === 'overflow') && owner.exitCounts[exit] === USELESS_TRACE_ENTRIES && this.neverLoops(owner, exit)) {
      this.declineUseless(owner, exit);
      return;
    }
    // An int operation that keeps leaving the small ints: its tree is recorded again with the wide uop there.
    if ((reason === 'overflow' || reason === 'type') && owner.exitCounts[exit] >= this.sideExitThreshold && !this.recorder?.active) {
      const root = this.rootOf(owner);
      const rootSite = root.kind === 'function' ? functionKey(root.codeIndex) : key(root.codeIndex, root.pc);
      if (this.intWidening.widen(heap, this.program, owner.exitCode[exit], resumePc, heap.wordOf(sp), rootSite)) {
        this.invalidate(root);
        return;
      }
    }
    if (owner.exitCounts[exit] >= this.sideExitThreshold && !owner.sideFailed[exit] && !owner.sideTraces[exit] && reason !== 'end' && (reason !== 'alloc' || pastWide) && reason !== 'identity' && !retriesFailedUop && this.byId.size < this.maxTraces && this.budgetAllowsRecording()) {
      // The owner's own tree decides (not the trace tier-1 entered: a loop may reach a function's tree by CALL_TRACE).
      const ownerRoot = this.rootOf(owner);
      const functionMode = ownerRoot.kind === 'function' ? { codeIndex: ownerRoot.codeIndex, returnsFromBase: owner.baseDepth + owner.exitDepth[exit] === 0 } : null;
      this.startRecording(owner.exitCode[exit], resumePc, frame, false, owner, exit, functionMode);
    }
    return;
  }

  /** An inline big int pinned for good: the box of one _T uop (optimizer/wide-temporaries.ts). Returns its address. */
  /** The value of a constant int object (an inline big int), for the optimizer; undefined for anything else. */
  private constantInt(word: bigint): bigint | undefined {
    if (Number(word >> 48n) !== L.TAG_OBJ) return undefined;
    const o = this.heap.wordOf(Number(word & 0xffffffffffffn));
    if (this.heap.u32[2 * o] !== L.OBJ_BIGINT || this.heap.readI64(o + L.BIGINT_HANDLE / 8) !== L.BIGINT_INLINE) return undefined;
    return BigInt.asUintN(64, this.heap.u64[o + L.BIGINT_VALUE_LO / 8]) | (BigInt.asIntN(64, this.heap.u64[o + L.BIGINT_VALUE_HI / 8]) << 64n);
  }

  private pinnedIntBox(): number {
    const heap = this.heap;
    // (Recording ends mid-instruction: not every root is visible to a collection.)
    const o = heap.withoutCollection(() => heap.allocate(L.OBJ_BIGINT, L.SIZEOF_BIGINT));
    heap.writeI64(o + L.BIGINT_HANDLE / 8, L.BIGINT_INLINE);
    heap.writeI64(o + L.BIGINT_VALUE_LO / 8, 0);
    heap.writeI64(o + L.BIGINT_VALUE_HI / 8, 0);
    heap.pin(o);
    this.pinsOfNextTrace.push(o);
    this.pinnedBoxCounts.pinned++;
    return heap.addressOf(o);
  }

  /** Frees a tree that costs more than tier-1 (stuck-exits.ts) and leaves its loop or function to tier-1 for good. */
  private retire(root: TraceRecord): void {
    this.retired++;
    this.leaveToTier1(root);
  }

  /**
   * A loop trace nearly every entry of which leaves by one exit before its loop
   * body (loopStart), on a uop that fails on its values (overflow, bounds, ...:
   * no side trace can take over): no iteration ever runs natively, and each
   * entry costs more than tier-1 running the iteration (generate() in
   * dict_wordcount: x * 1103515245 leaves the small ints on every iteration).
   */
  private neverLoops(owner: TraceRecord, exit: number): boolean {
    if (owner.kind !== 'root' || owner.entries > USELESS_TRACE_ENTRIES * 1.05) return false;
    const loopStart = owner.compiled.loopStart;
    return loopStart === undefined || owner.compiled.exits[exit].instruction < loopStart;
  }

  private declineUseless(owner: TraceRecord, exit: number): void {
    const reason = `the trace leaves by its ${owner.exitReason[exit]} exit before looping`;
    this.declined++;
    this.declineReasons.set(reason, (this.declineReasons.get(reason) ?? 0) + 1);
    this.freeTree(owner);
    this.failures.set(key(owner.codeIndex, owner.pc), { failures: this.maxFailures });
    this.armCounters(owner.codeIndex, owner.pc, -0x40000000);
  }

  /**
   * Entering a trace from tier-1 costs a few microseconds (the native call and the
   * state written back at its exit), ~100 tier-1 bytecodes: a function trace that
   * runs a few dozen bytecodes and returns is slower than tier-1 running the call.
   * It pays when the function is long, or when the trace goes on natively into
   * calls (recursion through CALL_TOP, CALL_TRACE) or into a loop's trace.
   */
  private worthEnteringFromTier1(root: TraceRecord): boolean {
    if (root.bytecodes >= MIN_FUNCTION_TRACE_BYTECODES) return true;
    // The tree as it grew over its trial entries (recursion often shows up in a side trace).
    for (const t of this.byId.values()) {
      if (this.rootOf(t) !== root) continue;
      if (t.compiled.instructions.some((i) => i.uop === 'CALL_TOP' || i.uop === 'CALL_TRACE')) return true;
      if (t.exitReason.some((r, i) => r === 'end' && this.roots.has(key(t.exitCode[i], t.exitPc[i])))) return true;
    }
    return false;
  }

  /**
   * A stitch exit: tier-1 runs the exit's bytecode, then the continuation trace
   * is entered (or, once the exit is hot, recorded) at the bytecode after it
   * (trace-stitching.ts).
   */
  private stitch(owner: TraceRecord, exit: number, frame: number): void {
    if (this.recorder?.active) return;
    // No continuation after many trips (it could not be recorded, or tier-1 never came
    // back to the frame soon enough): the path so far must pay for the trips alone.
    if (!owner.stitchTraces[exit] && owner.exitCounts[exit] === 4 * this.sideExitThreshold && !this.stitchPaysOff(owner, 1, owner, exit)) return;
    if (!owner.stitchTraces[exit] && !(owner.exitCounts[exit] >= this.sideExitThreshold && !owner.sideFailed[exit] && this.byId.size < this.maxTraces)) return;
    (this.resumer ??= new StitchResumer(this, this.interp)).install(owner, exit, frame, owner.exitPc[exit]);
  }

  resumeStitch(ownerRef: unknown, exit: number, frame: number, sp: number, pc: number): boolean {
    const owner = ownerRef as TraceRecord;
    // The tree may have been freed while tier-1 ran the bytecode (a call can do anything).
    if (!this.byId.has(owner.compiled.id) || this.recorder?.active) return false;
    const next = owner.stitchTraces[exit];
    if (next) {
      if (next.pc !== pc || !this.byId.has(next.trace.compiled.id)) return false;
      const heap = this.heap;
      heap.writeI64(heap.vmStateW + L.VM_FRAME / 8, frame);
      heap.writeI64(heap.vmStateW + L.VM_SP / 8, sp);
      heap.writeI64(heap.wordOf(frame) + L.FRAME_PC / 8, pc);
      this.execute(next.trace, frame, sp);
      return true;
    }
    if (owner.sideFailed[exit]) return false;
    const root = this.rootOf(owner);
    const functionMode = root.kind === 'function' ? { codeIndex: root.codeIndex, returnsFromBase: owner.baseDepth + owner.exitDepth[exit] === 0 } : null;
    this.startRecording(this.codeIndexOf(frame), pc, frame, false, owner, exit, functionMode, true);
    // The recorder takes over from this very instruction.
    return this.interp.recorder?.onInstruction(frame, sp, pc) === true;
  }

  /**
   * Bytecodes run natively per stitched bytecode on the path from the tree's root
   * to trace t (t's own stitch exits not counted), plus `extraStitches`.
   */
  private bytecodesPerStitch(t: TraceRecord, extraStitches: number): number {
    let bytecodes = 0;
    let stitches = extraStitches;
    for (let r: TraceRecord | undefined = t; r; r = r.parent) {
      bytecodes += r.bytecodes;
      if (r.stitched) stitches++;
    }
    return stitches === 0 ? Infinity : bytecodes / stitches;
  }

  /** The stitch exit the nearest continuation on the path from the root to t grew from, or null. */
  private lastStitchOnPath(t: TraceRecord): { owner: TraceRecord; exit: number } | null {
    for (let r: TraceRecord | undefined = t; r; r = r.parent) if (r.stitched && r.parent) return { owner: r.parent, exit: r.parentExit! };
    return null;
  }

  private stitchesOnPath(t: TraceRecord): number {
    let n = 0;
    for (let r: TraceRecord | undefined = t; r; r = r.parent) if (r.stitched) n++;
    return n;
  }

  /**
   * A path through a stitched tree closed (trace t ends without stitching again),
   * got hopeless, or its continuation could not be recorded: when it runs too few
   * bytecodes natively per trip through tier-1, the stitch exit (owner, exit)
   * that made it goes back to being a plain exit (tier-1 goes on from there), its
   * continuation unused. When that exit is on the root trace itself, the loop's
   * own first stretch is not worth a trip: the whole tree is dropped for good.
   * Either counts as declined, not aborted.
   */
  private stitchPaysOff(t: TraceRecord, extraStitches: number, owner: TraceRecord, exit: number): boolean {
    const ratio = this.bytecodesPerStitch(t, extraStitches);
    if (ratio >= MIN_BYTECODES_PER_STITCH) return true;
    const root = this.rootOf(t);
    const reason = `${ratio.toFixed(0)} bytecodes per stitched bytecode${owner === root ? '' : ' (one exit)'}`;
    this.declined++;
    this.declineReasons.set(reason, (this.declineReasons.get(reason) ?? 0) + 1);
    if (owner !== root) {
      owner.sideFailed[exit] = 1;
      owner.stitchTraces[exit] = null;
      return false;
    }
    this.leaveToTier1(root);
    return false;
  }

  /**
   * An identity guard on a callee failed with another function object there: calls
   * of that function's code are recorded from now on with a guard on the code (and
   * its defaults) instead of the object (TraceEnv.madeAnew), so a lambda or nested
   * def made anew in a loop keeps its trace.
   */
  private noteCalleeChange(owner: TraceRecord, exit: number, sp: number): void {
    const op = owner.compiled.instructions[owner.compiled.exits[exit].instruction];
    if (op.uop !== 'GUARD_STACK_IS' || op.oparg === undefined) return;
    const w = this.heap.wordOf(sp) - op.oparg;
    if (this.heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return;
    const o = this.heap.objectAt(w);
    if (this.heap.u32[2 * o] === L.OBJ_FUNCTION) this.madeAnew.add(this.heap.readI64(o + L.FUNCTION_CODE_INDEX / 8));
  }

  /** Frees a tree and leaves its loop or function to tier-1 for good. */
  private leaveToTier1(root: TraceRecord): void {
    this.freeTree(root);
    const k = root.kind === 'function' ? functionKey(root.codeIndex) : key(root.codeIndex, root.pc);
    this.failures.set(k, { failures: this.maxFailures });
    if (root.kind === 'function') this.interp.callCounters[root.codeIndex] = -0x40000000;
    else this.armCounters(root.codeIndex, root.pc, -0x40000000);
  }

  private rootOf(t: TraceRecord): TraceRecord {
    let r = t;
    while (r.parent) r = r.parent;
    return r;
  }

  /** Frees a root trace and every trace grown from it; the loop (or function) can be recorded again. */
  private invalidate(root: TraceRecord): void {
    this.invalidations++;
    this.freeTree(root);
    if (root.kind === 'function') this.interp.callCounters[root.codeIndex] = 0;
    else this.armCounters(root.codeIndex, root.pc, 0);
  }

  /** Frees a root and its side traces, and every tree whose code calls one of them (CALL_TRACE). */
  private freeTree(root: TraceRecord): void {
    const doomed = [...this.byId.values()].filter((t) => this.rootOf(t) === root);
    const callers = new Set<TraceRecord>();
    for (const t of doomed) for (const c of t.calledBy) if (this.rootOf(c) !== root) callers.add(this.rootOf(c));
    for (const t of doomed) {
      // Other traces' exits that chained to a doomed trace forget it (rt.free unlinks the native jump).
      for (const other of this.byId.values()) {
        other.sideTraces.forEach((s, i) => {
          if (s === t) other.sideTraces[i] = null;
        });
      }
      this.freeCode(t);
      this.byId.delete(t.compiled.id);
      this.freedTraces++;
    }
    this.freedKept = forgetOldFreed(this.allTraces, this.freedKept + doomed.length, FREED_RECORDS_KEPT, this.forgotten);
    if (this.roots.get(key(root.codeIndex, root.pc)) === root) this.roots.delete(key(root.codeIndex, root.pc));
    if (this.functionRoots.get(root.codeIndex) === root) {
      this.functionRoots.delete(root.codeIndex);
      this.interp.callCounters[root.codeIndex] = 0;
    }
    for (const c of callers) if (this.byId.has(c.compiled.id)) this.freeTree(c);
  }

  private evictIfNeeded(): void {
    while (this.byId.size > this.maxTraces && this.roots.size + this.functionRoots.size > 1) {
      let lru: TraceRecord | null = null;
      for (const r of this.evictable()) if (!lru || r.lastUsed < lru.lastUsed) lru = r;
      if (!lru) return;
      this.evict(lru);
    }
  }

  /** Frees a tree for space; its loop or function waits longer each time before it is recorded again (trace-churn.ts). */
  private evict(root: TraceRecord): void {
    this.freeTree(root);
    if (root.kind === 'function') this.interp.callCounters[root.codeIndex] = this.evictionBackoff.next(functionKey(root.codeIndex), this.interp.threshold);
    else this.armCounters(root.codeIndex, root.pc, this.evictionBackoff.next(key(root.codeIndex, root.pc), this.interp.threshold));
  }

  // ---- reporting ---------------------------------------------------------------------------

  /** The program being run (reports name lines and functions from it). */
  get runningProgram(): Program {
    return this.program;
  }

  liveTraces(): number {
    return this.byId.size;
  }

  /** The function and source line a trace's tree starts at (its loop head, or its function's entry). */
  treeOf(t: TraceRecord): { fn: string; line: number } {
    const code = this.program.codes[t.codeIndex];
    return { fn: code.name, line: code.lines[Math.min(t.pc, code.lines.length - 1)] };
  }

  traceName(t: TraceRecord): string {
    const { fn, line } = this.treeOf(t);
    const where = this.rootOf(t).kind === 'function' ? `function entry at line ${line}` : `loop at line ${line}`;
    return `${t.kind} trace ${t.compiled.id} (${fn}, ${where}${t.parent ? `, from exit of trace ${t.parent.compiled.id}` : ''})`;
  }

  exitName(t: TraceRecord, exit: number): string {
    const code = this.program.codes[t.exitCode[exit]];
    return `${t.exitReason[exit]} exit to ${code.name} line ${code.lines[Math.min(t.exitPc[exit], code.lines.length - 1)]} (pc ${t.exitPc[exit]})`;
  }
}
