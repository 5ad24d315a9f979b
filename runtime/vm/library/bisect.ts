// The bisect module (3.11) as pure functions: the sequence is read through
// get(i), items are compared only with the caller's lessThan (Python's <, which
// may raise), and key (3.10+) is applied to the sequence's items as CPython
// does (insort applies it to x too).
import { PyError, valueError } from '../heap/py-error.ts';

export interface Sequence<T> {
  readonly length: number;
  get(i: number): T;
}

/** A JS array as a Python list: reading past its end is list's IndexError (hi may exceed len). */
function view<T>(a: Sequence<T> | readonly T[]): Sequence<T> {
  if (!Array.isArray(a)) return a as Sequence<T>;
  const items = a as readonly T[];
  return {
    length: items.length,
    get(i: number): T {
      if (i >= items.length) throw new PyError('IndexError', 'list index out of range');
      return items[i];
    },
  };
}

/** lo and hi as the C module takes them: lo >= 0, hi None (or -1) meaning len(a). */
function bounds(len: number, lo: number, hi: number | null): [number, number] {
  if (lo < 0) throw valueError('lo must be non-negative');
  return [lo, hi === null || hi === -1 ? len : hi];
}

export function bisectLeft<T, K = T>(a: Sequence<T> | readonly T[], x: K, lessThan: (p: K, q: K) => boolean,
  lo = 0, hi: number | null = null, key: ((item: T) => K) | null = null): number {
  const seq = view(a);
  let [l, h] = bounds(seq.length, lo, hi);
  while (l < h) {
    const mid = Math.floor((l + h) / 2);
    const item = seq.get(mid);
    if (lessThan(key ? key(item) : item as unknown as K, x)) l = mid + 1; else h = mid;
  }
  return l;
}

export function bisectRight<T, K = T>(a: Sequence<T> | readonly T[], x: K, lessThan: (p: K, q: K) => boolean,
  lo = 0, hi: number | null = null, key: ((item: T) => K) | null = null): number {
  const seq = view(a);
  let [l, h] = bounds(seq.length, lo, hi);
  while (l < h) {
    const mid = Math.floor((l + h) / 2);
    const item = seq.get(mid);
    if (lessThan(x, key ? key(item) : item as unknown as K)) h = mid; else l = mid + 1;
  }
  return l;
}

/** insort_left: where x goes (the caller inserts it, or pass a JS array to have it inserted). */
export function insortLeft<T, K = T>(a: T[] | Sequence<T>, x: T, lessThan: (p: K, q: K) => boolean,
  lo = 0, hi: number | null = null, key: ((item: T) => K) | null = null): number {
  const i = bisectLeft(a, key ? key(x) : x as unknown as K, lessThan, lo, hi, key);
  if (Array.isArray(a)) a.splice(i, 0, x);
  return i;
}

export function insortRight<T, K = T>(a: T[] | Sequence<T>, x: T, lessThan: (p: K, q: K) => boolean,
  lo = 0, hi: number | null = null, key: ((item: T) => K) | null = null): number {
  const i = bisectRight(a, key ? key(x) : x as unknown as K, lessThan, lo, hi, key);
  if (Array.isArray(a)) a.splice(i, 0, x);
  return i;
}

export { bisectRight as bisect, insortRight as insort };
