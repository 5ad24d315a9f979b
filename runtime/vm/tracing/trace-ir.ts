// The tracing JIT's intermediate form: a list of uops (what the trace compiler
// takes) where every uop that can leave the trace knows where tier-1 resumes.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { TraceInstruction } from '../../jit/trace-compiler.ts';
import type { Heap } from '../heap/heap.ts';
import type { ExitVirtuals } from './optimizer/virtuals.ts';

/** What the recorder saw in a value slot; the optimizer reasons with the same lattice. */
export const enum VType {
  UNKNOWN = 0,
  INT,
  FLOAT,
  BOOL,
  NONE,
  LIST,
  TUPLE,
  RANGE_ITER,
  LIST_ITER,
  FUNCTION,
  BUILTIN,
  MODULE,
  STR,
  BIGINT,
  OTHER,
  UNBOUND,
  /** An instance of a user class (OBJ_INSTANCE): its shape is guarded apart. */
  INSTANCE,
}

export const VTYPE_NAMES = ['?', 'int', 'float', 'bool', 'None', 'list', 'tuple', 'range_iter', 'list_iter', 'function', 'builtin', 'module', 'str', 'bigint', 'object', 'unbound', 'instance'];

/** Why a uop may leave the trace (stats, and invalidation of stale global guards). */
/** `alloc`: the trace could not build an object natively; a side trace from there would fail the same way. */
/** `stitch`: a bytecode the trace cannot run natively; tier-1 runs it and a continuation trace goes on after it (trace-stitching.ts). */
/** `interrupt`: SIGINT arrived (CHECK_INTERRUPT, interrupt-checks.ts). */
export type ExitReason = 'type' | 'identity' | 'branch' | 'overflow' | 'bounds' | 'iterator' | 'frame' | 'alloc' | 'end' | 'stitch' | 'interrupt' | 'other';

export interface TraceOp extends TraceInstruction {
  /** Where tier-1 resumes when this uop exits, in the frame running at that point. */
  resumePc?: number;
  /** Code object of that frame. */
  codeIndex?: number;
  reason?: ExitReason;
  /** The bytecode this uop was translated from. */
  bcPc?: number;
  /** Exact word a LOAD_CONST pushes (the optimizer's constant knowledge). */
  word?: bigint;
  /** That word's type when the word alone does not tell (a str object). */
  wordType?: VType;
  /** Inlined frames above the trace's base frame when this uop runs (side traces start there). */
  inlineDepth?: number;
  /** CALL_TOP / CALL_TRACE: the arguments the call pushed (callable and arguments give way to the result). */
  callArgs?: number;
  /** Virtual instances live where this uop exits (optimizer/virtuals.ts): materialized by the exit handler. */
  virtuals?: ExitVirtuals;
}

const OBJ_TYPES: Record<number, VType> = {
  [L.OBJ_LIST]: VType.LIST,
  [L.OBJ_TUPLE]: VType.TUPLE,
  [L.OBJ_RANGE]: VType.RANGE_ITER,
  [L.OBJ_LIST_ITER]: VType.LIST_ITER,
  [L.OBJ_FUNCTION]: VType.FUNCTION,
  [L.OBJ_BUILTIN]: VType.BUILTIN,
  [L.OBJ_MODULE]: VType.MODULE,
  [L.OBJ_STR]: VType.STR,
  [L.OBJ_BIGINT]: VType.BIGINT,
  [L.OBJ_INSTANCE]: VType.INSTANCE,
};

/** The heap object type code (enum ObjType) of an object VType, or -1. */
export function objTypeOf(t: VType): number {
  switch (t) {
    case VType.LIST: return L.OBJ_LIST;
    case VType.TUPLE: return L.OBJ_TUPLE;
    case VType.RANGE_ITER: return L.OBJ_RANGE;
    case VType.LIST_ITER: return L.OBJ_LIST_ITER;
    case VType.FUNCTION: return L.OBJ_FUNCTION;
    case VType.BUILTIN: return L.OBJ_BUILTIN;
    case VType.MODULE: return L.OBJ_MODULE;
    case VType.STR: return L.OBJ_STR;
    case VType.BIGINT: return L.OBJ_BIGINT;
    case VType.INSTANCE: return L.OBJ_INSTANCE;
    default: return -1;
  }
}

/** The tag of a tagged (non-object) VType, or -1. */
export function tagOf(t: VType): number {
  switch (t) {
    case VType.INT: return L.TAG_INT;
    case VType.BOOL: return L.TAG_BOOL;
    case VType.NONE: return L.TAG_NONE;
    default: return -1;
  }
}

/** The type of the value word at word index w of the arena. */
export function typeOfWord(heap: Heap, w: number): VType {
  const hi = heap.u32[2 * w + 1];
  const tag = hi >>> 16;
  if (tag < L.TAG_INT) return VType.FLOAT;
  if (tag === L.TAG_INT) return VType.INT;
  if (tag === L.TAG_BOOL) return VType.BOOL;
  if (tag === L.TAG_NONE) return VType.NONE;
  if (tag === L.TAG_UNBOUND) return VType.UNBOUND;
  if (tag === L.TAG_OBJ) {
    const o = heap.objectAt(w);
    return OBJ_TYPES[heap.u32[2 * o]] ?? VType.OTHER;
  }
  return VType.OTHER;
}

/** The 64-bit word at word index w. */
export function wordAt(heap: Heap, w: number): bigint {
  return (BigInt(heap.u32[2 * w + 1]) << 32n) | BigInt(heap.u32[2 * w]);
}

/** The type a constant word has. */
export function typeOfConstantWord(word: bigint): VType {
  const tag = Number(word >> 48n);
  if (tag < L.TAG_INT) return VType.FLOAT;
  if (tag === L.TAG_INT) return VType.INT;
  if (tag === L.TAG_BOOL) return VType.BOOL;
  if (tag === L.TAG_NONE) return VType.NONE;
  return VType.UNKNOWN;
}

/**
 * The local of the current frame a store-like uop writes (as recorded, plus the
 * for-range step and the register-local stores the optimizer forms), or -1.
 */
export function localWritten(op: TraceOp): number {
  return op.uop === 'STORE_LOCAL' || op.uop === 'STORE_LOCAL_KEEP' || op.uop === 'FOR_RANGE_NEXT_STORE' || op.uop === 'MAKE_CELL' || op.uop.startsWith('STORE_FR') ? op.oparg! : -1;
}

/**
 * The stack values a uop whose DSL effect declares none takes: BUILD_LIST and
 * BUILD_TUPLE their OPARG items, MAKE_FUNCTION what its flags (OPARG) say is
 * there (defaults, keyword-only defaults, closure).
 */
export function variadicInputs(op: TraceOp): number {
  const n = op.oparg!;
  return op.uop === 'MAKE_FUNCTION' ? (n & 1) + ((n >> 1) & 1) + ((n >> 3) & 1) : n;
}

export const TRUE_WORD = (BigInt(L.TAG_BOOL) << 48n) | 1n;
export const FALSE_WORD = BigInt(L.TAG_BOOL) << 48n;
export const NONE_WORD = BigInt(L.TAG_NONE) << 48n;
