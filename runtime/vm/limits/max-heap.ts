// The arena's size: the VM reserves one range of address space up front
// (JIT code embeds object addresses, so the arena never moves) and the kernel
// commits pages only as the heap's bump pointer first touches them, so the
// reservation costs no memory. It is bounded by what one koffi view can
// address (4 GiB: koffi's external ArrayBuffer stops there) or by the user's
// `--max-heap`; past it, allocation raises MemoryError.

/** The largest arena one view of native memory can cover. */
export const MAX_ARENA_BYTES = 2 ** 32;

/** `--max-heap` values: bytes, or a number with K, M or G (powers of 1024). */
export function parseHeapSize(text: string): number | string {
  const m = /^(\d+(?:\.\d+)?)([KMG]i?B?|B)?$/i.exec(text.trim());
  if (!m) return `--max-heap needs a size such as 512M or 2G, not '${text}'`;
  const unit = (m[2] ?? '').toUpperCase()[0];
  const bytes = Math.floor(Number(m[1]) * (unit === 'K' ? 2 ** 10 : unit === 'M' ? 2 ** 20 : unit === 'G' ? 2 ** 30 : 1));
  if (bytes < 64 * 2 ** 20) return `--max-heap must be at least 64M (the frame stack and the collector's floor need it), not '${text}'`;
  if (bytes > MAX_ARENA_BYTES) return `--max-heap can be at most 4G (one native view of the arena), not '${text}'`;
  return bytes;
}
