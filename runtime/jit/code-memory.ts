// Executable memory for stencils: one reserved region (so support code and
// every trace sit within ±2 GiB of each other and direct rel32 branches reach),
// handed out in page-sized blocks. W^X: a block is writable while it is filled
// or re-patched, then read+execute (code) or read-only (data); never both.
import { mapMemory, PAGE_SIZE, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, protectMemory, roundUpToPage, unmapMemory, viewMemory } from './native.ts';

export interface CodeBlock {
  /** Address of the first byte. */
  address: number;
  /** Size in bytes (whole pages). */
  size: number;
}

export class CodeMemoryError extends Error {}

export class CodeMemory {
  readonly base: number;
  readonly size: number;
  /** Free runs of pages as [offset, size], sorted by offset. */
  private free: [number, number][];
  /**
   * Live blocks by address, each with a view of its own pages: one view of
   * the whole region would be external memory V8 counts in full (64 MiB),
   * and collects for, on a runtime's first use.
   */
  private live = new Map<number, Uint8Array>();
  private released = false;
  private peak = 0;
  private inUse = 0;
  /** Offset of the first page never handed out: pages from here on are still the kernel's zero pages. */
  private untouched = 0;
  /** mprotect calls so far (what compiling, linking and freeing cost in system calls; tests assert it per operation). */
  protectCalls = 0;

  constructor(size = 64 * 1024 * 1024) {
    this.size = roundUpToPage(size);
    this.base = mapMemory(this.size, PROT_NONE);
    this.free = [[0, this.size]];
  }

  /** A block of at least `size` bytes, writable and zero-filled, not executable. */
  allocate(size: number): CodeBlock {
    if (this.released) throw new CodeMemoryError('code memory was released');
    const need = roundUpToPage(Math.max(size, 1));
    const i = this.free.findIndex(([, s]) => s >= need);
    if (i < 0) throw new CodeMemoryError(`out of code memory: need ${need} bytes, ${this.bytesFree()} free in ${this.free.length} runs`);
    const [offset, s] = this.free[i];
    if (s === need) this.free.splice(i, 1);
    else this.free[i] = [offset + need, s - need];
    const address = this.base + offset;
    this.protect(address, need, PROT_READ | PROT_WRITE);
    const bytes = new Uint8Array(viewMemory(address, need));
    // Pages handed out before hold a freed block's bytes; fresh ones are zero (and not touched here).
    if (offset < this.untouched) bytes.fill(0);
    this.untouched = Math.max(this.untouched, offset + need);
    this.live.set(address, bytes);
    this.inUse += need;
    this.peak = Math.max(this.peak, this.inUse);
    return { address, size: need };
  }

  /** The bytes of a block (valid to write only while it is writable). */
  view(block: CodeBlock): Uint8Array {
    const bytes = this.live.get(block.address);
    if (!bytes) throw new CodeMemoryError(`0x${block.address.toString(16)} is not a live code block`);
    return bytes.subarray(0, block.size);
  }

  /** Makes [address, address+size) writable (and not executable) for patching. */
  makeWritable(address: number, size: number): void {
    const start = address - (address % PAGE_SIZE);
    this.protect(start, roundUpToPage(address + size - start), PROT_READ | PROT_WRITE);
  }

  /** Makes pages read+execute. */
  makeExecutable(address: number, size: number): void {
    const start = address - (address % PAGE_SIZE);
    this.protect(start, roundUpToPage(address + size - start), PROT_READ | PROT_EXEC);
  }

  /** Makes pages read-only (stencil data, GOT slots). */
  makeReadOnly(address: number, size: number): void {
    const start = address - (address % PAGE_SIZE);
    this.protect(start, roundUpToPage(address + size - start), PROT_READ);
  }

  /** Returns a block's pages; they become inaccessible until handed out again. */
  release(block: CodeBlock): void {
    const size = this.live.get(block.address)?.length;
    if (size === undefined) throw new CodeMemoryError(`0x${block.address.toString(16)} is not a live code block`);
    this.live.delete(block.address);
    this.inUse -= size;
    this.protect(block.address, size, PROT_NONE);
    let offset = block.address - this.base;
    let s = size;
    // Insert and merge with neighbours.
    let i = this.free.findIndex(([o]) => o > offset);
    if (i < 0) i = this.free.length;
    const prev = this.free[i - 1];
    if (prev && prev[0] + prev[1] === offset) {
      offset = prev[0];
      s += prev[1];
      this.free.splice(--i, 1);
    }
    const next = this.free[i];
    if (next && offset + s === next[0]) {
      s += next[1];
      this.free.splice(i, 1);
    }
    this.free.splice(i, 0, [offset, s]);
  }

  private protect(address: number, size: number, prot: number): void {
    this.protectCalls++;
    protectMemory(address, size, prot);
  }

  bytesInUse(): number {
    return this.inUse;
  }

  peakBytesInUse(): number {
    return this.peak;
  }

  bytesFree(): number {
    return this.free.reduce((n, [, s]) => n + s, 0);
  }

  contains(address: number): boolean {
    return address >= this.base && address < this.base + this.size;
  }

  /** Unmaps everything; the object is unusable afterwards. */
  dispose(): void {
    if (this.released) return;
    this.released = true;
    unmapMemory(this.base, this.size);
    this.live.clear();
    this.inUse = 0;
    this.free = [];
  }
}
