// The time module's clocks and sleep: time() from the wall clock with
// sub-millisecond resolution, perf_counter/monotonic from Node's monotonic
// high-resolution clock (CLOCK_MONOTONIC, as CPython uses on Linux),
// process_time from the process's CPU usage, sleep blocking the thread.
import { overflowError, valueError } from '../heap/py-error.ts';

/** This process's time origin in ns, taken on first use (not when the module loads: the run's start-up snapshot loads it in another process). */
let originNs: bigint | null = null;

export const timeNs = (): bigint => (originNs ??= BigInt(Math.round(performance.timeOrigin * 1e6))) + BigInt(Math.round(performance.now() * 1e6));
export const time = (): number => (performance.timeOrigin + performance.now()) / 1000;
export const perfCounterNs = (): bigint => process.hrtime.bigint();
export const perfCounter = (): number => Number(process.hrtime.bigint()) / 1e9;
export const monotonicNs = perfCounterNs;
export const monotonic = perfCounter;
export function processTimeNs(): bigint {
  const u = process.cpuUsage();
  return BigInt(u.user + u.system) * 1000n;
}
export const processTime = (): number => Number(processTimeNs()) / 1e9;

/** Made on first use: the run's start-up snapshot is built where SharedArrayBuffer does not exist. */
let sleeper: Int32Array | null = null;

/**
 * time.sleep(secs) for an int or float (the caller rejects other types).
 * `interrupted` is asked every few milliseconds (SIGINT: python3's sleep ends
 * at once with KeyboardInterrupt); returns false when it cut the sleep short.
 */
export function sleep(secs: number | bigint | boolean, interrupted?: () => boolean): boolean {
  const s = typeof secs === 'boolean' ? (secs ? 1 : 0) : Number(secs);
  if (Number.isNaN(s)) throw valueError('Invalid value NaN (not a number)');
  // The seconds must fit CPython's _PyTime_t, int64 nanoseconds, before the sign is checked.
  if (typeof secs === 'bigint') {
    if (secs > 9223372036n || secs < -9223372036n) throw overflowError('timestamp too large to convert to C _PyTime_t');
  } else if (!(s * 1e9 >= -(2 ** 63) && s * 1e9 < 2 ** 63)) {
    throw overflowError('timestamp out of range for platform time_t');
  }
  if (s < 0) throw valueError('sleep length must be non-negative');
  // Slices short enough for a SIGINT to be seen at once (Atomics.wait goes on after a signal handler).
  const end = performance.now() + s * 1000;
  for (let left = s * 1000; left > 0; left = end - performance.now()) {
    if (interrupted?.()) return false;
    sleeper ??= new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(sleeper, 0, 0, interrupted ? Math.min(left, 20) : Math.min(left, 2 ** 30));
  }
  return true;
}
