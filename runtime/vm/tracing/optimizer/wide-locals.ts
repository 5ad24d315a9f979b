// Loop-carried wide ints boxed without allocating: in a root loop trace, an
// int128 result stored into a local (`h = (h * P) & MASK` in an FNV loop,
// `acc = (...) % M`) is boxed into one box pinned for that local, through the
// uop's _T form (cases/wide_temporaries.c), instead of a new object in the
// lent buffer every iteration (whose collection was most of fnv1a's time).
//
// Why this is safe. The box is rewritten in place at the next store, so no
// one else may hold it by then:
// - inside the trace, every read of the local is a LOAD_LOCAL whose value an
//   int operation consumes in place (wide-temporaries.ts consumedByIntOp), or
//   a tag or number guard; a uop that could copy a local elsewhere, a call
//   or an inlined frame makes the trace ineligible;
// - the producer is followed by the STORE_LOCAL itself (no read of the old
//   value between its write and the store), and it writes the box only after
//   its last exit;
// - outside the trace: at every exit that reaches tier-1 the local's box is
//   replaced by a fresh copy (tracing-jit.ts, unshareWideLocals), every side
//   trace grown from the root starts with UNSHARE_WIDE_LOCAL
//   (cases/wide_locals.c), and the root's exits are not linked straight into
//   other trees' traces.
import type { Heap } from '../../heap/heap.ts';
import { LAYOUT as L } from '../../../../build/layout.ts';
import type { TraceOp } from '../trace-ir.ts';
import { formOf } from './uop-lookups.ts';
import { consumedByIntOp, temporaryFormOf } from './wide-temporaries.ts';

/** A local the loop keeps its wide int in, and the address of the box pinned for it. */
export interface WideLocal {
  local: number;
  box: number;
}

/** Guards that only look at a local's tag or type (GUARD_LOCAL_TAG, GUARD_LOCAL_OBJ, ...). */
const LOCAL_GUARD = /^GUARD_LOCAL_/;

/**
 * Uops that read locals named in their oparg only as small ints or floats (or
 * a list to index): a box of ours there makes them exit, it is never copied.
 */
function readsLocalsAsNumbers(uop: string): boolean {
  return /^(ADD|SUB|MUL|DIV)_(INT|FLOAT)_/.test(uop) || /^GUARD_(LT|LE|GT|GE|EQ|NE)_INT_L[LK]$/.test(uop) || /^LIST_GET_INT_LL/.test(uop) ||
    /^LIST_(GET|SET)_LOCAL_CONST/.test(uop) || /^LIST_SET_INT_LL/.test(uop);
}

/**
 * Rewrites the producers of eligible locals to their _T form with the
 * local's box (one box per local, from `newBox`); returns the locals.
 */
export function useWideLocals(ops: TraceOp[], newBox: () => number): WideLocal[] {
  if (ops.some((op) => (op.inlineDepth ?? 0) !== 0 || /CALL|FRAME|RETURN|YIELD/.test(op.uop))) return [];
  const candidates = new Set<number>();
  for (let i = 0; i + 1 < ops.length; i++) {
    if (temporaryFormOf(ops[i].uop) !== undefined && ops[i + 1].uop === 'STORE_LOCAL') candidates.add(ops[i + 1].oparg!);
  }
  if (candidates.size === 0) return [];
  for (let i = 0; i < ops.length; i++) {
    const uop = ops[i].uop;
    if (uop === 'LOAD_LOCAL') {
      if (candidates.has(ops[i].oparg!) && !consumedByIntOp(ops, i)) candidates.delete(ops[i].oparg!);
      continue;
    }
    if (uop === 'STORE_LOCAL' || LOCAL_GUARD.test(uop)) continue;
    const form = formOf(uop);
    const readsLocal = /LOCAL/.test(uop) || (form !== undefined && form.sources.some((s) => s.startsWith('L')));
    if (readsLocal && !readsLocalsAsNumbers(uop)) return [];
  }
  const out: WideLocal[] = [];
  for (const local of candidates) {
    const box = newBox();
    out.push({ local, box });
    for (let i = 0; i + 1 < ops.length; i++) {
      const form = temporaryFormOf(ops[i].uop);
      if (form !== undefined && ops[i + 1].uop === 'STORE_LOCAL' && ops[i + 1].oparg === local) ops[i] = { ...ops[i], uop: form, operand0: box };
    }
  }
  return out;
}

/** The uops a side trace of the root starts with: each wide local's box replaced by a copy. */
export function unshareOps(locals: readonly WideLocal[], at: Pick<TraceOp, 'resumePc' | 'codeIndex'>): TraceOp[] {
  return locals.map(({ local, box }) => ({ uop: 'UNSHARE_WIDE_LOCAL', oparg: local, operand0: box, resumePc: at.resumePc, bcPc: at.resumePc, codeIndex: at.codeIndex, reason: 'alloc', inlineDepth: 0 }));
}

/**
 * At an exit into tier-1 in the root's frame: a local that still holds its
 * box gets a fresh copy (the box is the loop's own, rewritten on its next run).
 */
export function unshareWideLocals(heap: Heap, frameAddr: number, locals: readonly WideLocal[]): void {
  const first = heap.wordOf(frameAddr) + L.FRAME_LOCALS / 8;
  for (const { local, box } of locals) {
    const w = first + local;
    const b = heap.wordOf(box);
    if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ || heap.objectAt(w) !== b) continue;
    const copy = heap.withoutCollection(() => heap.allocate(L.OBJ_BIGINT, L.SIZEOF_BIGINT));
    heap.writeI64(copy + L.BIGINT_HANDLE / 8, L.BIGINT_INLINE);
    heap.u32[2 * (copy + L.BIGINT_VALUE_LO / 8)] = heap.u32[2 * (b + L.BIGINT_VALUE_LO / 8)];
    heap.u32[2 * (copy + L.BIGINT_VALUE_LO / 8) + 1] = heap.u32[2 * (b + L.BIGINT_VALUE_LO / 8) + 1];
    heap.u32[2 * (copy + L.BIGINT_VALUE_HI / 8)] = heap.u32[2 * (b + L.BIGINT_VALUE_HI / 8)];
    heap.u32[2 * (copy + L.BIGINT_VALUE_HI / 8) + 1] = heap.u32[2 * (b + L.BIGINT_VALUE_HI / 8) + 1];
    heap.setObject(w, copy);
  }
}
