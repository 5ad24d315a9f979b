// Returning dropped str contents to the system. The collector frees a str's
// handle, but the contents (a V8 string, often in V8's large-object space)
// stay in RSS until V8 itself collects, which it does on its own heap growth
// heuristics: a loop making and dropping 10 MB strings reached 1.3 GB of RSS
// before V8 noticed (python3: 33 MB). After the collector has freed enough
// string contents, a full V8 collection is requested. `gc` is exposed at run
// time (the flag takes effect for a new context), so no command-line flag is
// needed and the cost is paid only by programs that free big strings.
import v8 from 'node:v8';
import vm from 'node:vm';

/** Freed str code units between two requested V8 collections. */
export const V8_COLLECTION_BYTES = 64 * 1024 * 1024;

let gc: (() => void) | null | undefined;

/** When the last requested collection ended, and how long it took (ms). */
let lastEnd = 0;
let lastCost = 0;

/**
 * Runs a full V8 collection (a no-op where it cannot be exposed), at most so
 * often that collections take a tenth of the run: a loop that builds and drops
 * ever longer strings (1M appends flattened as they go) frees 64 MB many
 * thousands of times, and a full collection each time never finished.
 */
export function collectV8Heap(): void {
  const now = performance.now();
  if (now - lastEnd < 10 * lastCost) return;
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  if (!gc) return;
  gc();
  lastEnd = performance.now();
  lastCost = lastEnd - now;
}
