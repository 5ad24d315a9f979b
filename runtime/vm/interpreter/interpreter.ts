// The tier-1 interpreter: a switch-dispatched loop over the bytecode whose
// entire state (frames, locals, value stack) lives in native memory with the
// layouts of cases/vm.h, so JIT code can take over and hand back at any
// instruction. Small-int and float cases run inline without allocation;
// everything else goes through Operations.
//
// Hooks for the JIT (both cost one null check when unused):
//  - hook.onHotLoop(frameAddr, pc, spAddr) runs when a backward jump's counter
//    reaches `threshold`; before the call, VMState.frame/sp and the frame's pc
//    (= the loop head) are written to memory. Returning true means "native
//    state changed": the interpreter reloads frame = VMState.frame,
//    sp = VMState.sp, pc = frame.pc and continues from there.
//  - recorder.onInstruction(frameAddr, spAddr, pc) runs before every
//    instruction while `recorder` is non-null.
import { LAYOUT as L } from '../../../build/layout.ts';
import { BinaryOp, CompareOp, Op, UnaryOp } from '../frontend/bytecode.ts';
import { builtinId, builtinSpec, MATH_CONSTANTS, MODULE_NAMES, type Keywords } from './builtins.ts';
import type { Heap, RootSource } from '../heap/heap.ts';
import { attributeError, callMethod } from './methods.ts';
import { Kind, MODULE_ID_W } from '../heap/objects.ts';
import type { CodeObject, Program } from '../frontend/program.ts';
import { PyError, indexError, typeError } from '../heap/py-error.ts';
import type { Runtime } from './runtime.ts';
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
}

export interface InstructionRecorder {
  /** Called before each instruction executes. */
  onInstruction(frameAddr: number, spAddr: number, pc: number): void;
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
const OBJ_FUNCTION = L.OBJ_FUNCTION;
const OBJ_BUILTIN = L.OBJ_BUILTIN;
const OBJ_LIST = L.OBJ_LIST;
const OBJ_RANGE = L.OBJ_RANGE;
const OBJ_LIST_ITER = L.OBJ_LIST_ITER;
const LIST_LENGTH_W = L.LIST_LENGTH / 8;
const LIST_ITEMS_W = L.LIST_ITEMS / 8;
const ITEMS_ITEMS_W = L.ITEMS_ITEMS / 8;
const RANGE_NEXT_W = L.RANGE_NEXT / 8;
const RANGE_STOP_W = L.RANGE_STOP / 8;
const RANGE_STEP_W = L.RANGE_STEP / 8;
const LIST_ITER_LIST_W = L.LIST_ITER_LIST / 8;
const LIST_ITER_INDEX_W = L.LIST_ITER_INDEX / 8;
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

/** Upper half of a small-int word (local copy of value-words' smallIntHi for the hot loop). */
function smallHi(n: number): number {
  return (((n - (n >>> 0)) / TWO_32_) & 0xffff | INT_HI_) >>> 0;
}

/** Python's default recursion limit (frames, module included). */
/** Python's default; cases/vm.h has the same number for traces (frames below a frame are in Frame.depth). */
export const RECURSION_LIMIT = L.RECURSION_LIMIT;

export class Interpreter implements RootSource {
  hook: HotLoopHook | null = null;
  recorder: InstructionRecorder | null = null;
  /**
   * Backward jumps at one site (or calls of one function) before the hook
   * runs. 56 is LuaJIT's hotloop default; at 1000 the benchmarks spent
   * 10-35% of their time in tier-1 warming up.
   */
  threshold = 56;
  /** Per code object, per instruction: backward-jump counts (only while a hook is attached). */
  readonly counters: Int32Array[];
  /** Per code object: calls from tier-1 (only while a hook with onHotFunction is attached). */
  readonly callCounters: Int32Array;
  /** Frame and stack pointer (word indices) as of the last slow-path call: the GC's roots. */
  private fp = -1;
  private sp = -1;
  private depth = 0;
  private readonly heap: Heap;
  private readonly program: Program;
  private readonly attrCache = new Map<string, number>();

  constructor(private readonly rt: Runtime) {
    this.heap = rt.heap;
    this.program = rt.program;
    this.counters = rt.program.codes.map((c) => new Int32Array(c.code.length / 2));
    this.callCounters = new Int32Array(rt.program.codes.length);
    this.heap.rootSource = this;
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

  /** GC roots: every frame's locals and value stack; a caller's stack ends at its callee's frame. */
  markRoots(heap: Heap): void {
    if (this.fp < 0) return;
    let top = this.sp;
    let f = this.fp;
    for (;;) {
      heap.markRange(f + LOCALS_W, top);
      const prev = heap.readI64(f + PREVIOUS_W);
      if (prev === 0) break;
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

  private argumentError(code: CodeObject, given: number): PyError {
    const n = code.argcount;
    if (given > n) {
      return typeError(`${code.name}() takes ${n} positional argument${n === 1 ? '' : 's'} but ${given} ${given === 1 ? 'was' : 'were'} given`);
    }
    const missing = code.localNames.slice(given, n).map((s) => `'${s}'`);
    const list = missing.length === 1 ? missing[0] : missing.length === 2 ? `${missing[0]} and ${missing[1]}`
      : `${missing.slice(0, -1).join(', ')}, and ${missing[missing.length - 1]}`;
    return typeError(`${code.name}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${list}`);
  }

  /**
   * Pushes a frame for `callee` at the caller's sp (the word after the last
   * argument), saving the caller's resume pc. Returns the new frame's word index.
   */
  private pushFrame(fp: number, sp: number, pc: number, callee: CodeObject, nargs: number): number {
    const heap = this.heap;
    if (nargs !== callee.argcount) throw this.argumentError(callee, nargs);
    const nf = sp;
    const nlocals = callee.nlocals;
    if (nf + FRAME_HEADER_WORDS + nlocals + callee.maxStack > heap.frameStackEndW || this.depth >= RECURSION_LIMIT) {
      throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    }
    this.depth++;
    const u32 = heap.u32;
    // Addresses are base + 8 * word; split into 32-bit halves without allocation.
    const base = heap.base;
    u32[2 * (fp + PC_W)] = pc;
    u32[2 * (fp + PC_W) + 1] = 0;
    const prev = base + fp * 8;
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

  /** Reorders keyword arguments of a Python-function call into parameter order in place. */
  private bindKeywords(callee: CodeObject, first: number, nargs: number, names: string[]): void {
    const objs = this.rt.objs;
    const scratch = this.heap.scratchW + 16;
    const n = callee.argcount;
    if (nargs > n) throw this.argumentError(callee, nargs + names.length);
    const filled = new Array<boolean>(n).fill(false);
    for (let i = 0; i < nargs; i++) { objs.copy(scratch + i, first + i); filled[i] = true; }
    names.forEach((name, k) => {
      const p = callee.localNames.indexOf(name);
      if (p < 0 || p >= n) throw typeError(`${callee.name}() got an unexpected keyword argument '${name}'`);
      if (filled[p]) throw typeError(`${callee.name}() got multiple values for argument '${name}'`);
      objs.copy(scratch + p, first + nargs + k);
      filled[p] = true;
    });
    const missing = filled.indexOf(false);
    if (missing >= 0) {
      const names2 = callee.localNames.slice(0, n).filter((_, i) => !filled[i]).map((s) => `'${s}'`);
      const list = names2.length === 1 ? names2[0] : names2.length === 2 ? `${names2[0]} and ${names2[1]}`
        : `${names2.slice(0, -1).join(', ')}, and ${names2[names2.length - 1]}`;
      throw typeError(`${callee.name}() missing ${names2.length} required positional argument${names2.length === 1 ? '' : 's'}: ${list}`);
    }
    for (let i = 0; i < n; i++) { objs.copy(first + i, scratch + i); objs.setNone(scratch + i); }
  }

  private loadAttribute(w: number, name: string): void {
    const rt = this.rt;
    if (rt.objs.kind(w) !== Kind.Module) throw attributeError(rt, w, name);
    const moduleName = MODULE_NAMES[this.heap.readI64(this.heap.objectAt(w) + MODULE_ID_W)];
    if (moduleName === 'math' && name in MATH_CONSTANTS) { rt.objs.setFloat(w, MATH_CONSTANTS[name]); return; }
    const key = `${moduleName}.${name}`;
    let o = this.attrCache.get(key);
    if (o === undefined) {
      const id = builtinId(name, moduleName);
      if (id === undefined) throw attributeError(rt, w, name);
      o = rt.objs.newBuiltin(id);
      this.heap.pin(o);
      this.attrCache.set(key, o);
    }
    rt.objs.setObject(w, o);
  }

  private execute(fp: number, sp: number, pc: number): void {
    // Locals for constants: cheaper than module-scope reads in the dispatch loop.
    const lPREVIOUS_W = PREVIOUS_W;
    const lCODE_INDEX_W = CODE_INDEX_W;
    const lPC_W = PC_W;
    const lLOCALS_W = LOCALS_W;
    const lVM_FRAME_W = VM_FRAME_W;
    const lVM_SP_W = VM_SP_W;
    const lOBJ_FUNCTION = OBJ_FUNCTION;
    const lOBJ_BUILTIN = OBJ_BUILTIN;
    const lOBJ_LIST = OBJ_LIST;
    const lOBJ_RANGE = OBJ_RANGE;
    const lOBJ_LIST_ITER = OBJ_LIST_ITER;
    const lLIST_LENGTH_W = LIST_LENGTH_W;
    const lLIST_ITEMS_W = LIST_ITEMS_W;
    const lITEMS_ITEMS_W = ITEMS_ITEMS_W;
    const lRANGE_NEXT_W = RANGE_NEXT_W;
    const lRANGE_STOP_W = RANGE_STOP_W;
    const lRANGE_STEP_W = RANGE_STEP_W;
    const lLIST_ITER_LIST_W = LIST_ITER_LIST_W;
    const lLIST_ITER_INDEX_W = LIST_ITER_INDEX_W;
    const lSMALL_MIN = SMALL_MIN;
    const lSMALL_MAX = SMALL_MAX;
    const lTAG_INT_ = TAG_INT_;
    const lTAG_OBJ_ = TAG_OBJ_;
    const lTWO_32_ = TWO_32_;
    const lBOOL_HI_ = BOOL_HI_;
    const lNONE_HI_ = NONE_HI_;
    const lUNBOUND_HI_ = UNBOUND_HI_;
    const lFIRST_TAG_HI_ = FIRST_TAG_HI_;
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
    let a = 0;
    let b = 0;
    try {
      for (;;) {
        if (recorder !== null) {
          recorder.onInstruction(base + fp * 8, base + sp * 8, pc);
          recorder = this.recorder;
        }
        const op = bc[2 * pc];
        const arg = bc[2 * pc + 1];
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
            if (hi === lUNBOUND_HI_) throw new PyError('NameError', `name '${this.program.globalNames[arg]}' is not defined`);
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
            this.fp = fp;
            this.sp = sp;
            ops.binary(arg, a, b);
            sp--;
            break;
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
            } else {
              this.fp = fp;
              this.sp = sp;
              r = ops.compareBool(arg, a, b);
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
            this.fp = fp;
            this.sp = sp;
            ops.unary(arg, a);
            break;
          }
          case 11 /* POP_JUMP_IF_FALSE */:
          case 12 /* POP_JUMP_IF_TRUE */: {
            sp--;
            const hi = u32[2 * sp + 1];
            let t: boolean;
            if (hi === lBOOL_HI_) t = u32[2 * sp] !== 0;
            else if (hi >>> 16 === lTAG_INT_) t = u32[2 * sp] !== 0 || (hi & 0xffff) !== 0;
            else if (hi === lNONE_HI_) t = false;
            else t = ops.truthy(sp);
            if (t === (op === 12 /* POP_JUMP_IF_TRUE */)) pc = arg;
            break;
          }
          case 13 /* JUMP_IF_FALSE_OR_POP */:
          case 14 /* JUMP_IF_TRUE_OR_POP */: {
            const t = ops.truthy(sp - 1);
            if (t === (op === 14 /* JUMP_IF_TRUE_OR_POP */)) pc = arg;
            else sp--;
            break;
          }
          case 15 /* JUMP */: pc = arg; break;
          case 16 /* JUMP_BACKWARD */:
            if (hook !== null) {
              const counters = this.counters[code.index];
              if (++counters[pc - 1] >= this.threshold) {
                counters[pc - 1] = 0;
                const vm = heap.vmStateW;
                heap.writeI64(vm + lVM_FRAME_W, base + fp * 8);
                heap.writeI64(vm + lVM_SP_W, base + sp * 8);
                heap.writeI64(fp + lPC_W, arg);
                this.fp = fp;
                this.sp = sp;
                const reload = hook.onHotLoop(base + fp * 8, arg, base + sp * 8);
                hook = this.hook;
                recorder = this.recorder;
                if (reload) {
                  fp = heap.wordOf(heap.readI64(vm + lVM_FRAME_W));
                  sp = heap.wordOf(heap.readI64(vm + lVM_SP_W));
                  pc = heap.readI64(fp + lPC_W);
                  code = codes[heap.readI64(fp + lCODE_INDEX_W)];
                  bc = code.code;
                  locals = fp + lLOCALS_W;
                  this.depth = this.frameDepth(fp);
                  break;
                }
              }
            }
            pc = arg;
            break;
          case 17 /* GET_ITER */:
            this.fp = fp;
            this.sp = sp;
            ops.getIter(sp - 1);
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
              throw typeError(`'${rt.typeName(it)}' object is not an iterator`);
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
                fp = this.pushFrame(fp, sp, pc, callee, arg);
                locals = fp + lLOCALS_W;
                sp = locals + callee.nlocals;
                code = callee;
                bc = callee.code;
                pc = 0;
                if (hook !== null && hook.onHotFunction !== undefined && ++this.callCounters[callee.index] >= this.threshold) {
                  this.callCounters[callee.index] = 0;
                  const vm = heap.vmStateW;
                  heap.writeI64(vm + lVM_FRAME_W, base + fp * 8);
                  heap.writeI64(vm + lVM_SP_W, base + sp * 8);
                  this.fp = fp;
                  this.sp = sp;
                  const reload = hook.onHotFunction(base + fp * 8, base + sp * 8);
                  hook = this.hook;
                  recorder = this.recorder;
                  if (reload) {
                    fp = heap.wordOf(heap.readI64(vm + lVM_FRAME_W));
                    sp = heap.wordOf(heap.readI64(vm + lVM_SP_W));
                    pc = heap.readI64(fp + lPC_W);
                    code = codes[heap.readI64(fp + lCODE_INDEX_W)];
                    bc = code.code;
                    locals = fp + lLOCALS_W;
                    this.depth = this.frameDepth(fp);
                  }
                }
                break;
              }
              if (type === lOBJ_BUILTIN) {
                this.fp = fp;
                this.sp = sp;
                builtinSpec(u32[2 * (o + 1)]).fn(rt, callable + 1, arg, callable, null);
                sp = callable + 1;
                break;
              }
            }
            throw typeError(`'${rt.typeName(callable)}' object is not callable`);
          }
          case 20 /* CALL_KW */: {
            const site = this.program.kwCalls[arg];
            const total = site.nargs + site.names.length;
            const callable = sp - total - 1;
            this.fp = fp;
            this.sp = sp;
            const kind = objs.kind(callable);
            if (kind === Kind.Builtin) {
              const kw: Keywords = new Map();
              site.names.forEach((name, i) => kw.set(name, callable + 1 + site.nargs + i));
              builtinSpec(heap.readI64(heap.objectAt(callable) + 1)).fn(rt, callable + 1, site.nargs, callable, kw);
              sp = callable + 1;
              break;
            }
            if (kind === Kind.Function) {
              const callee = codes[heap.readI64(heap.objectAt(callable) + 1)];
              this.bindKeywords(callee, callable + 1, site.nargs, site.names);
              sp = callable + 1 + callee.argcount;
              fp = this.pushFrame(fp, sp, pc, callee, callee.argcount);
              locals = fp + lLOCALS_W;
              sp = locals + callee.nlocals;
              code = callee;
              bc = callee.code;
              pc = 0;
              break;
            }
            throw typeError(`'${rt.typeName(callable)}' object is not callable`);
          }
          case 21 /* CALL_METHOD */: {
            const n = arg & 255;
            const self = sp - n - 1;
            this.fp = fp;
            this.sp = sp;
            callMethod(rt, names[arg >> 8], self, n);
            sp = self + 1;
            break;
          }
          case 22 /* LOAD_ATTR */:
            this.fp = fp;
            this.sp = sp;
            this.loadAttribute(sp - 1, names[arg]);
            break;
          case 23 /* RETURN_VALUE */: {
            const prev = heap.readI64(fp + lPREVIOUS_W);
            if (prev === 0) {
              this.fp = -1;
              this.sp = -1;
              return;
            }
            const dst = fp - code.argcount - 1;
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
                if (i < 0 || i >= len) throw indexError('list index out of range');
                const item = (heap.readI64(o + lLIST_ITEMS_W) - base) / 8 + lITEMS_ITEMS_W + i;
                u32[2 * a] = u32[2 * item];
                u32[2 * a + 1] = u32[2 * item + 1];
                sp--;
                break;
              }
            }
            this.fp = fp;
            this.sp = sp;
            ops.subscript(a, b);
            sp--;
            break;
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
                if (i < 0 || i >= len) throw indexError('list assignment index out of range');
                const item = (heap.readI64(o + lLIST_ITEMS_W) - base) / 8 + lITEMS_ITEMS_W + i;
                u32[2 * item] = u32[2 * v];
                u32[2 * item + 1] = u32[2 * v + 1];
                sp -= 3;
                break;
              }
            }
            this.fp = fp;
            this.sp = sp;
            ops.storeSubscript(v, a, b);
            sp -= 3;
            break;
          }
          case 28 /* BINARY_SLICE */:
            this.fp = fp;
            this.sp = sp;
            if (arg === 2) ops.slice(sp - 3, sp - 2, sp - 1, -1);
            else ops.slice(sp - 4, sp - 3, sp - 2, sp - 1);
            sp -= arg;
            break;
          case 29 /* UNPACK_SEQUENCE */:
            this.fp = fp;
            this.sp = sp;
            ops.unpack(sp - 1, arg);
            sp += arg - 1;
            break;
          case 30 /* IMPORT_NAME */:
            this.fp = fp;
            this.sp = sp;
            heap.setObject(sp, rt.module(names[arg]));
            sp++;
            break;
          default:
            throw new Error(`unknown opcode ${op} at pc ${pc - 1} in ${code.name}`);
        }
      }
    } catch (e) {
      const err = e instanceof PyError ? e
        : e instanceof RangeError && /call stack/.test(e.message) ? new PyError('RecursionError', 'maximum recursion depth exceeded')
        : null;
      if (err === null) throw e;
      // Traceback, innermost first: this frame at the failing instruction, callers at their call sites.
      err.traceback = [{ codeIndex: code.index, pc: pc - 1 }];
      let f = fp;
      for (;;) {
        const prev = heap.readI64(f + lPREVIOUS_W);
        if (prev === 0) break;
        f = heap.wordOf(prev);
        err.traceback.push({ codeIndex: heap.readI64(f + lCODE_INDEX_W), pc: heap.readI64(f + lPC_W) - 1 });
      }
      this.fp = -1;
      this.sp = -1;
      throw err;
    }
  }
}

export { fitsSmallInt };
