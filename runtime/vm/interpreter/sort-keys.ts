// Sort keys as plain JS values, for list.sort/sorted over keys made only of
// ints, floats, strs and tuples of them (wordcount's `key=lambda kv: (-kv[1],
// kv[0])`): V8's stable sort then compares them without a call into the VM's
// generic comparison per pair (two compareBool per comparison, each walking
// both tuples). The order is Python's: a stable sort's result depends only on
// the comparisons, and each comparison below answers as `<` would, or gives up
// (SortBail) where Python would raise or the VM's own rules apply, so the
// caller sorts again the generic way and raises exactly as before.
import { Kind } from '../heap/objects.ts';
import type { Runtime } from './runtime.ts';

/** A key: a number (int, bool, float but NaN), a str without surrogates, or a tuple of keys. */
export type SortKey = number | string | SortKey[];

/** Thrown by compareSortKeys where a pair needs the generic comparison. */
export const SortBail = Symbol('SortBail');

const SURROGATE = /[\ud800-\udfff]/;
/** Deeper tuples than this take the generic path (which counts recursion). */
const MAX_DEPTH = 16;

/** The key at slot w as a SortKey, or null when it has another kind (the generic path applies). */
function keyOf(rt: Runtime, w: number, depth: number): SortKey | null {
  const objs = rt.objs;
  switch (objs.kind(w)) {
    case Kind.Int: return objs.smallInt(w);
    case Kind.Bool: return objs.u32[2 * w];
    case Kind.Float: {
      const x = objs.f64[w];
      return Number.isNaN(x) ? null : x;
    }
    case Kind.Str: {
      // A huge str (huge-strs.ts) has no one JS string: the generic comparison.
      if (objs.hugeOf(rt.heap.objectAt(w)) !== null) return null;
      // JS compares UTF-16 code units, Python code points: equal orders without surrogates.
      const s = objs.strOf(rt.heap.objectAt(w));
      return SURROGATE.test(s) ? null : s;
    }
    case Kind.Tuple: {
      if (depth >= MAX_DEPTH) return null;
      const o = rt.heap.objectAt(w);
      const n = objs.tupleLength(o);
      const first = objs.tupleItems(o);
      const out: SortKey[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const k = keyOf(rt, first + i, depth + 1);
        if (k === null) return null;
        out[i] = k;
      }
      return out;
    }
    default: return null;
  }
}

/**
 * The keys at slots k0 .. k0+len-1 as SortKeys, or null if any is of another
 * kind. Reads only: makes no heap object but the text of inline strs.
 */
export function sortKeysOf(rt: Runtime, k0: number, len: number): SortKey[] | null {
  const out: SortKey[] = new Array(len);
  for (let i = 0; i < len; i++) {
    const k = keyOf(rt, k0 + i, 0);
    if (k === null) return null;
    out[i] = k;
  }
  return out;
}

/** -1, 0 or 1 as Python's `<` orders a and b; throws SortBail for kinds `<` cannot order (Python raises TypeError there). */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  const ta = typeof a;
  if (ta !== typeof b) throw SortBail;
  if (ta !== 'object') return a < b ? -1 : a > b ? 1 : 0;
  // Tuples: the first items that differ (by ==) decide, else the lengths.
  const x = a as SortKey[];
  const y = b as SortKey[];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = compareSortKeys(x[i], y[i]);
    if (c !== 0) return c;
  }
  return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
}
