// The arena's size: the VM reserves one range of address space up front
// (JIT code embeds object addresses, so the arena never moves) and the kernel
// commits pages only as the heap's bump pointer first touches them, so the
// reservation costs no memory. By default it is as big as the machine's
// memory, so the heap grows as python3's does; `--max-heap` bounds it. Past
// it, allocation raises MemoryError.
//
// Up to 4 GiB the arena is an mmap (MAP_NORESERVE) seen through one koffi
// view (koffi's external ArrayBuffers stop at 4 GiB). A bigger arena is a V8
// SharedArrayBuffer (calloc'd: untouched pages are never committed) whose native
// address the VM takes. It stops just under 16 GiB: the heap reads words as
// pairs of u32s through one Uint32Array, and V8 (Node 20) makes no typed
// array longer than 2^32 elements (word indices also stay below 2^31, small
// integers). Past that, every heap access would have to pick a segment.
import os from 'node:os';

/** The largest arena one koffi view of an mmap can cover. */
export const MAX_VIEW_BYTES = 2 ** 32;

/** The largest arena at all: 2^32 u32 elements in one typed array (word indices below 2^31), less 2 MiB kept for aligning the base. */
export const ARENA_LIMIT_BYTES = 2 ** 34 - 2 ** 21;

/** The default arena: the machine's memory, at least one view's 4 GiB, at most the limit. */
export const MAX_ARENA_BYTES = Math.max(MAX_VIEW_BYTES, Math.min(ARENA_LIMIT_BYTES, Math.floor(os.totalmem() / 2 ** 21) * 2 ** 21));

/** `--max-heap` values: bytes, or a number with K, M or G (powers of 1024). */
export function parseHeapSize(text: string): number | string {
  const m = /^(\d+(?:\.\d+)?)([KMG]i?B?|B)?$/i.exec(text.trim());
  if (!m) return `--max-heap needs a size such as 512M or 2G, not '${text}'`;
  const unit = (m[2] ?? '').toUpperCase()[0];
  const bytes = Math.floor(Number(m[1]) * (unit === 'K' ? 2 ** 10 : unit === 'M' ? 2 ** 20 : unit === 'G' ? 2 ** 30 : 1));
  if (bytes < 64 * 2 ** 20) return `--max-heap must be at least 64M (the frame stack and the collector's floor need it), not '${text}'`;
  if (bytes > ARENA_LIMIT_BYTES) return `--max-heap can be at most ${ARENA_LIMIT_BYTES / 2 ** 20}M (heap word indices stay 31-bit), not '${text}'`;
  return bytes;
}
