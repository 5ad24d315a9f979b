// The floor "the JIT is never slower than tier-1" for exits that cannot be
// fixed by a side trace: a uop that keeps failing on its values (an int past
// 64 bits, a zero divisor, an index out of range) or whose side trace failed
// to record, or a trace that ends at a bytecode it cannot translate. When such an exit fires on most entries of its tree and the tree
// runs only a few microseconds natively per entry, each entry costs more
// (entering, leaving, tier-1 redoing the failed bytecode) than tier-1 running
// the loop alone: the tree is freed and its loop (or function) left to tier-1.
import type { ExitReason } from './trace-ir.ts';

/** Exits of one tree counted before the policy looks at it. */
export const STUCK_EXIT_MIN_COUNT = 1000;
/** Native time per entry below which a tree that keeps leaving at one exit is not worth entering (ms). */
export const STUCK_NATIVE_MS_PER_ENTRY = 0.0025;

/**
 * Reasons whose exits are part of normal running (a loop ended, a global changed).
 * An alloc exit counts: a full lent buffer comes after much native work (and so
 * passes the native-time test), an int past 128 bits in a wide uop (same exit) does not.
 */
const EXPECTED: ReadonlySet<ExitReason> = new Set<ExitReason>(['iterator', 'identity']);

export interface StuckExitFacts {
  reason: ExitReason;
  /** This exit can never get a side trace (its recording failed, or the uop retries failing values). */
  noSideTrace: boolean;
  exitCount: number;
  /** Entries of the exit's tree from tier-1, and native time spent in it (ms). */
  rootEntries: number;
  rootNativeMs: number;
}

/** Whether the tree should be retired (freed, and its head left to tier-1 for good). */
export function isStuckExit(f: StuckExitFacts): boolean {
  if (EXPECTED.has(f.reason) || !f.noSideTrace) return false;
  if (f.exitCount < STUCK_EXIT_MIN_COUNT || f.exitCount * 2 < f.rootEntries) return false;
  return f.rootNativeMs / Math.max(1, f.rootEntries) < STUCK_NATIVE_MS_PER_ENTRY;
}
