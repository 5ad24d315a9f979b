// Keeping trace churn bounded (issue 19): a program with more hot loops and
// functions than the live-trace bound used to evict a tree, record it again
// a few iterations later, evict it again, and so on (600 function pairs
// called round-robin: 57,000 traces compiled, 16 s against 0.6 s without the
// JIT). Two policies, both LuaJIT-like:
// - the bound follows the program's size (a few trees per code object), so
//   a program whose hot code fits is never churned at all;
// - a tree evicted for space waits, exponentially longer each time, before
//   its loop or function is recorded again.

/** Live traces allowed when the user gave no bound: at least `floor`, more for bigger programs. */
export function liveTraceBound(codeObjects: number, floor = 400): number {
  return Math.max(floor, 4 * codeObjects);
}

/** Evictions per tree (loop or function key), for the back-off. */
export class EvictionBackoff {
  private readonly evictions = new Map<string | number, number>();

  /** The (negative) counter value that delays the next recording of the tree with this key. */
  next(key: string | number, threshold: number): number {
    const n = (this.evictions.get(key) ?? 0) + 1;
    this.evictions.set(key, n);
    return -threshold * (1 << Math.min(n + 1, 12));
  }
}
