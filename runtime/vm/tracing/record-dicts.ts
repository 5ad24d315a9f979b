// The recorder's translation of dict and set operations with keys native code
// can hash (small ints, strs, tuples of those: cases/dict_support.h) into the
// uops of cases/uops_dicts.c: d[k], d[k] = v, del d[k], k in d, k not in d,
// d.get(k[, default]), MAP_ADD, k in s. Each uop checks its container and key
// itself and exits, nothing changed, when tier-1 must act (a missing key:
// KeyError with tier-1's traceback; a key only tier-1 compares; a full
// table). A key native code could never hash (a float, an instance) is left
// to the caller, which stitches the bytecode through tier-1.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from '../heap/heap.ts';
import { dictHasRoom, probeDict, probeSet } from './native-probe.ts';
import type { ExitReason, TraceOp } from './trace-ir.ts';

/** What record-dicts needs of the recorder. */
export interface DictRecorder {
  heap: Heap;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
}

const W = (bytes: number) => bytes / 8;

function objType(heap: Heap, w: number): number {
  return heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ ? heap.u32[2 * heap.objectAt(w)] : -1;
}

/** Whether the key in word w is one native code hashes (tuples to the depth cases/dict_support.h allows). */
export function nativeKey(heap: Heap, w: number, depth = 0): boolean {
  const tag = heap.u32[2 * w + 1] >>> 16;
  if (tag === L.TAG_INT) return true;
  if (tag !== L.TAG_OBJ || depth > 3) return false;
  const o = heap.objectAt(w);
  const type = heap.u32[2 * o];
  if (type === L.OBJ_STR) return true;
  if (type !== L.OBJ_TUPLE) return false;
  const n = heap.readI64(o + W(L.TUPLE_LENGTH));
  for (let i = 0; i < n; i++) if (!nativeKey(heap, o + W(L.TUPLE_ITEMS) + i, depth + 1)) return false;
  return true;
}

/**
 * What the native probe of the dict in word dw for the key in word kw finds now:
 * an entry, -1 (absent) or 'ask'; 'ask' too when dw holds no dict. A uop that
 * would exit at once is not recorded (its side trace would start with it again).
 */
export function probeNow(heap: Heap, dw: number, kw: number): number | 'ask' {
  if (objType(heap, dw) !== L.OBJ_DICT) return 'ask';
  return probeDict(heap, heap.objectAt(dw), kw);
}

/** Whether the native probe finds the key in word kw in the dict in word dw now. */
export function keyFoundNow(heap: Heap, dw: number, kw: number): boolean {
  const p = probeNow(heap, dw, kw);
  return p !== 'ask' && p >= 0;
}

/**
 * Whether d[k] = v for the dict in word dw and key in word kw runs natively
 * (an existing key, or a new one the probe places). A full table is no reason
 * to stitch: tier-1 grows it as it runs this very store while the recording
 * waits, so the trace finds room; a later growth is a rare bounds exit.
 */
export function storesNow(heap: Heap, dw: number, kw: number): boolean {
  return probeNow(heap, dw, kw) !== 'ask';
}

/** d[k] (BINARY_SUBSCR: the dict under the key). */
export function recordDictSubscript(r: DictRecorder, sp: number): boolean {
  if (objType(r.heap, sp - 2) !== L.OBJ_DICT || !nativeKey(r.heap, sp - 1)) return false;
  if (!keyFoundNow(r.heap, sp - 2, sp - 1)) return false;
  r.guard('DICT_GET', 'bounds');
  return true;
}

/** d[k] = v (STORE_SUBSCR: value, dict, key). */
export function recordDictStore(r: DictRecorder, sp: number): boolean {
  if (objType(r.heap, sp - 2) !== L.OBJ_DICT || !nativeKey(r.heap, sp - 1) || !storesNow(r.heap, sp - 2, sp - 1)) return false;
  r.guard('DICT_SET', 'bounds');
  return true;
}

/** del d[k] (DELETE_SUBSCR: dict, key). */
export function recordDictDelete(r: DictRecorder, sp: number): boolean {
  if (objType(r.heap, sp - 2) !== L.OBJ_DICT || !nativeKey(r.heap, sp - 1)) return false;
  if (!keyFoundNow(r.heap, sp - 2, sp - 1)) return false;
  r.guard('DICT_DELETE', 'bounds');
  return true;
}

/** k in c / k not in c (COMPARE_OP: the key under the container) for a dict or a set. */
export function recordKeyIn(r: DictRecorder, sp: number, negate: boolean): boolean {
  if (!nativeKey(r.heap, sp - 2)) return false;
  const t = objType(r.heap, sp - 1);
  if (t === L.OBJ_DICT && probeNow(r.heap, sp - 1, sp - 2) === 'ask') return false;
  if (t === L.OBJ_SET && probeSet(r.heap, r.heap.objectAt(sp - 1), sp - 2) === 'ask') return false;
  if (t === L.OBJ_DICT) r.guard(negate ? 'DICT_NOT_CONTAINS' : 'DICT_CONTAINS', 'type');
  else if (t === L.OBJ_SET) r.guard(negate ? 'SET_NOT_CONTAINS' : 'SET_CONTAINS', 'type');
  else return false;
  return true;
}

/** d.get(k) / d.get(k, default) (CALL_METHOD get with n arguments above the dict). */
export function recordDictGetMethod(r: DictRecorder, sp: number, n: number): boolean {
  if ((n !== 1 && n !== 2) || objType(r.heap, sp - n - 1) !== L.OBJ_DICT || !nativeKey(r.heap, sp - n)) return false;
  if (probeNow(r.heap, sp - n - 1, sp - n) === 'ask') return false;
  r.guard(n === 1 ? 'DICT_GET_METHOD1' : 'DICT_GET_METHOD2', 'type');
  return true;
}

/** d.setdefault(k, default) (CALL_METHOD setdefault, 2 arguments above the dict). */
export function recordDictSetdefault(r: DictRecorder, sp: number, n: number): boolean {
  if (n !== 2 || objType(r.heap, sp - 3) !== L.OBJ_DICT || !nativeKey(r.heap, sp - 2) || !storesNow(r.heap, sp - 3, sp - 2)) return false;
  r.guard('DICT_SETDEFAULT', 'type');
  return true;
}

/** MAP_ADD of a dict comprehension (dict, key, value on top). */
export function recordMapAdd(r: DictRecorder, sp: number): boolean {
  if (objType(r.heap, sp - 3) !== L.OBJ_DICT || !nativeKey(r.heap, sp - 2) || !storesNow(r.heap, sp - 3, sp - 2)) return false;
  r.guard('DICT_MAP_ADD', 'bounds');
  return true;
}
