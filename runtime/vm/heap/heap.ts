// The native arena and its non-moving, precise mark-sweep collector.
//
// Arena layout (one mmap, addresses never change, so JIT code may embed them):
//   [VMState][scratch words][constants][globals][frame stack ...][GC heap ...]
// The GC heap is a sequence of blocks, each starting with an ObjHeader
// {type, size}. Allocation takes a block from a size-class free list, else
// bumps `top`, else splits a large free block. Marking sets bit 31 of the
// header's type word; sweeping coalesces dead runs into free blocks and
// releases the TS-side string/big-int handles of dead objects.
//
// TypeScript addresses memory by *word index* (byte offset from the arena
// base / 8); native pointers and value words hold absolute addresses.
import type { StrUnits } from './str-units.ts';
import { MAX_ARENA_BYTES, MAX_VIEW_BYTES } from '../limits/max-heap.ts';
import { collectV8Heap, V8_COLLECTION_BYTES } from '../limits/v8-collection.ts';
import { LAYOUT as L } from '../../../build/layout.ts';
import { adviseHugePages, addressOfBuffer, mapMemory, unmapMemory, viewMemory, PROT_READ, PROT_WRITE, roundUpToPage } from '../../jit/native.ts';
import type { HugeStr } from './huge-str.ts';
import { PyError } from './py-error.ts';
import { OBJ_HI as OBJ_HI_IMPORTED, TAG_OBJ as TAG_OBJ_IMPORTED, UNBOUND_HI } from './value-words.ts';

// Plain module constants (imported bindings can be accessor calls under some loaders).
const TWO_32 = 4294967296;
const OBJ_HI = OBJ_HI_IMPORTED;
const TAG_OBJ = TAG_OBJ_IMPORTED;

const MARK = 0x80000000;
/** The low half of a rope's handle word (cases/vm.h STR_ROPE = -1). */
const ROPE_HANDLE_LO = L.STR_ROPE >>> 0;
/** A huge str's handle (huge-str.ts): its chunks' handle is in the `left` word. */
const HUGE_HANDLE_LO = L.STR_HUGE >>> 0;
/** Handles from here up own no entry of the string table (huge strs, ropes, and STR_INLINE_ONLY = -2). */
const FIRST_UNOWNED_HANDLE_LO = HUGE_HANDLE_LO;
const BIGINT_INLINE_HANDLE_LO = L.BIGINT_INLINE >>> 0;
const BIGINT_LIMBS_HANDLE_LO = L.BIGINT_LIMBS >>> 0;
/** Blocks up to this many words have exact size-class free lists. */
const SMALL_CLASS_WORDS = 64;
/** The allocation buffer lent to traces: renewed below the minimum, at most this big. */
const LENT_BUFFER_MIN_WORDS = 512;
const LENT_BUFFER_WORDS = 8192;
/**
 * Free runs lent with the buffer (cases/vm.h VMState.alloc_runs): a trace that
 * fills one goes on natively in the next, so it leaves for room (an alloc exit,
 * after which tier-1 runs the rest of the iteration) only once they are all
 * used. Runs of at least the buffer's minimum, up to this many words in all
 * (board search: 9,322 alloc exits from swept runs of a few KB without them).
 */
const LENT_RUNS_WORDS = 131072;
const MIN_BLOCK_WORDS = L.HEAP_MIN_BLOCK_WORDS; // header + free-list link (cases/vm.h: native allocation agrees)
/** The largest block: its header holds the size in words as a u32 (32 GiB, past the arena's limit). */
const MAX_BLOCK_WORDS = 0xffffffff;
/** The first scratch word of allocation removal's virtual fields (cases/virtuals.h VIRTUAL_FIELDS). */
export const VIRTUAL_FIELDS_FIRST = 64;
/** Virtual-field words a trace may use (tracing/optimizer/virtuals.ts). */
export const VIRTUAL_FIELD_WORDS = 256;
/** Scratch value words for slow paths, then the virtual fields; they are GC roots. */
export const SCRATCH_WORDS = VIRTUAL_FIELDS_FIRST + VIRTUAL_FIELD_WORDS;

export interface HeapOptions {
  /** Total arena bytes (virtual; pages are only committed when touched). */
  arenaBytes: number;
  /** Bytes reserved for frames and value stacks. */
  frameStackBytes: number;
  constantCount: number;
  globalCount: number;
  /** Allocation volume that triggers a collection, at least. */
  minGcBytes: number;
  /**
   * A JavaScript buffer to be the arena, at a made-up address: the run's
   * start-up snapshot runs a sample program when it is built, where nothing
   * native exists yet (nothing native may touch such a heap).
   */
  warmUpArena?: ArrayBuffer;
}

/** A warm-up arena's made-up address (2 MiB-aligned, as a real arena's). */
const WARM_UP_BASE = 2 ** 40;

export const DEFAULT_HEAP_OPTIONS = {
  // Reserved, not committed (limits/max-heap.ts): RSS follows the heap's use.
  arenaBytes: MAX_ARENA_BYTES,
  frameStackBytes: 16 * 1024 * 1024,
  // A collection marks everything live and sweeps the whole heap (heap.ts's
  // collect, in TypeScript): at 8 MB, a program with a few MB of live data
  // (connect4's transposition table, 7 MB) collected every 8 MB it allocated
  // and spent a quarter of its run there (25 collections, 780 ms of 3.3 s;
  // wordcount 30%). At 32 MB: 8 collections, 200 ms. The heap's pages are
  // touched as the bump region reaches them, so a small program's RSS grows
  // by at most the difference.
  minGcBytes: 32 * 1024 * 1024,
};

/**
 * The arena as a V8 SharedArrayBuffer (calloc'd, so pages are committed only
 * when touched) sliced at a 2 MiB-aligned native address; null when the
 * system refuses that much (an overcommit policy, a small machine). Shared
 * because V8 counts a plain ArrayBuffer's (or a koffi view's) bytes as
 * external memory and answers gigabytes of it with a full collection on the
 * spot (38-114 ms at each run's start, and again as later buffers push past
 * the raised limit); a shared buffer's bytes are not counted.
 */
function allocateArena(bytes: number): { buffer: ArrayBufferLike; offset: number; base: number } | null {
  const ALIGN = 2 ** 21;
  let buffer: SharedArrayBuffer;
  try {
    buffer = new SharedArrayBuffer(bytes + ALIGN);
  } catch {
    return null;
  }
  const start = addressOfBuffer(buffer);
  const base = Math.ceil(start / ALIGN) * ALIGN;
  return { buffer, offset: base - start, base };
}

/** Something that can mark the roots the heap cannot see by itself (frames, TS temporaries). */
export interface RootSource {
  markRoots(heap: Heap): void;
}

export class Heap {
  readonly base: number;
  readonly bytes: number;
  /** The V8 SharedArrayBuffer holding the arena (allocateArena, or the start-up snapshot's warm-up arena); null for an mmap'd one. */
  private ownedBuffer: ArrayBufferLike | null = null;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  /** Whole words, for filling runs of one value word (fill() copies the exact bits). */
  readonly u64: BigUint64Array;

  // Region starts, as word indices.
  readonly vmStateW = 0;
  readonly scratchW: number;
  readonly constantsW: number;
  readonly globalsW: number;
  readonly frameStackW: number;
  readonly frameStackEndW: number;
  readonly heapStartW: number;
  readonly heapEndW: number;
  readonly constantCount: number;
  readonly globalCount: number;

  /** First word past the highest block ever handed out (the bump pointer). */
  private top: number;
  /** Highest `top` ever reached: the arena's peak use. */
  peakTopW: number;
  private readonly smallFree = new Int32Array(SMALL_CLASS_WORDS + 1).fill(-1);
  private largeFree: number[] = [];
  /**
   * No block in largeFree is bigger than this (words): a request above it fails
   * without a scan. Trace entries ask for a lent buffer each time; with a heap
   * full of mid-sized free runs the scan cost grew with the heap (oo_raytrace:
   * ~45 us per entry of a 13-uop trace).
   */
  private largeFreeMaxWords = 0;
  /**
   * Every block of largeFree before this index is smaller than a lent buffer:
   * renewing the buffer for a trace entry scans from here. (Tier-1 allocates
   * from the same buffer, so with a heap full of mid-sized free runs each trace
   * entry rescanned them all: oo_raytrace spent 40 us per entry of a 13-uop trace.)
   */
  private lendScanFrom = 0;
  /** The free run being bump-allocated: [lab, labEnd) (word indices; empty when equal). */
  private lab = 0;
  private labEnd = 0;
  /** The runs lent after the buffer, as [start, end) word pairs, out of the free lists while they are lent. */
  private lentRuns: number[] = [];
  private lentRunsWords = 0;
  /** VMState.alloc_runs no longer holds lentRuns. */
  private lentRunsStale = true;
  /** Whether lentRuns may be topped up from the free lists (not again until a run is used or a collection ran). */
  private lentRunsMayGrow = true;
  private allocatedSinceGc = 0;
  private gcThresholdBytes: number;
  private readonly minGcBytes: number;
  liveBytesAfterGc = 0;
  /** Code units of the str contents reachable at the last collection (held by V8, paced like arena bytes). */
  liveStringBytesAfterGc = 0;
  /** str code units freed since V8 was last asked to collect (v8-collection.ts). */
  private freedStringBytes = 0;
  collections = 0;
  totalAllocatedBytes = 0;

  /** TS-side payloads of str and big-int objects, indexed by handle. */
  readonly strings: (string | undefined)[] = [];
  readonly bigints: (bigint | undefined)[] = [];
  private freeStringHandles: number[] = [];
  /**
   * The table of flat strs' code units by string handle (str-units.ts, cases/vm.h
   * VMState.str_units): its object (pinned) and how many handles it covers (0: none yet).
   */
  strUnitsW = -1;
  strUnitsCap = 0;
  /** Set while a JIT is attached: tier-1 makes units of the strs it indexes or iterates (str-units.ts). */
  strUnits: StrUnits | null = null;
  /** Chunks of huge strs (huge-str.ts), indexed by the handle in their object's `left` word. */
  readonly hugeStrings: (HugeStr | undefined)[] = [];
  private freeHugeHandles: number[] = [];
  private freeBigintHandles: number[] = [];
  /** newBigintHandle's running size estimate of a new BigInt's digits (bytes) and its sample counter. */
  private bigintBytesEstimate = 16;
  private bigintSamples = 0;

  /** Objects TS keeps alive for the whole run (builtins, modules, functions). */
  private readonly pinned: number[] = [];
  /** Objects TS holds briefly across an allocation; push/pop in LIFO order. */
  readonly tempRoots: number[] = [];
  rootSource: RootSource | null = null;
  /** Set while allocating where the roots are not all visible (the recorder runs mid-instruction in tier-1). */
  private collectionDeferred = false;
  private readonly markStack: number[] = [];
  private disposed = false;

  constructor(options: HeapOptions) {
    let bytes = roundUpToPage(options.arenaBytes);
    let buffer: ArrayBufferLike | null = null;
    let offset = 0;
    let base = 0;
    if (options.warmUpArena) {
      buffer = options.warmUpArena;
      bytes = buffer.byteLength;
      base = WARM_UP_BASE;
      this.ownedBuffer = buffer;
    } else {
      const shared = allocateArena(bytes);
      if (shared) {
        ({ buffer, offset, base } = shared);
        this.ownedBuffer = shared.buffer;
      } else {
        bytes = Math.min(bytes, MAX_VIEW_BYTES); // the system refused the reservation: an mmap, at most one koffi view's worth
      }
    }
    if (buffer === null) {
      base = mapMemory(bytes, PROT_READ | PROT_WRITE, 0, false, true);
      buffer = viewMemory(base, bytes);
    }
    this.base = base;
    // Big lists fill fresh memory: fault it in 2 MiB at a time.
    if (!options.warmUpArena) adviseHugePages(this.base, bytes);
    this.bytes = bytes;
    this.u32 = new Uint32Array(buffer, offset, bytes / 4);
    this.i32 = new Int32Array(buffer, offset, bytes / 4);
    this.f64 = new Float64Array(buffer, offset, bytes / 8);
    this.u64 = new BigUint64Array(buffer, offset, bytes / 8);
    this.constantCount = options.constantCount;
    this.globalCount = options.globalCount;
    this.scratchW = Math.ceil(L.SIZEOF_VMSTATE / 8);
    this.constantsW = this.scratchW + SCRATCH_WORDS;
    this.globalsW = this.constantsW + options.constantCount;
    this.frameStackW = this.globalsW + options.globalCount + 1;
    this.frameStackEndW = this.frameStackW + Math.floor(options.frameStackBytes / 8);
    this.heapStartW = this.frameStackEndW + 1;
    this.heapEndW = bytes / 8;
    if (this.heapStartW + 1024 > this.heapEndW) throw new Error(`arena of ${bytes} bytes is too small`);
    this.top = this.heapStartW;
    this.peakTopW = this.top;
    this.minGcBytes = options.minGcBytes;
    this.gcThresholdBytes = options.minGcBytes;
    for (let w = this.globalsW; w < this.globalsW + options.globalCount; w++) {
      this.u32[2 * w] = 0;
      this.u32[2 * w + 1] = UNBOUND_HI;
    }
    this.writeVMState();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A V8-owned arena is freed when its buffer is collected.
    if (this.ownedBuffer === null) unmapMemory(this.base, this.bytes);
    this.ownedBuffer = null;
  }

  addressOf(w: number): number { return this.base + w * 8; }
  wordOf(addr: number): number { return (addr - this.base) / 8; }

  /** Reads a native pointer field (or any int64 < 2^53) at word w. */
  readI64(w: number): number { return this.i32[2 * w + 1] * TWO_32 + this.u32[2 * w]; }
  writeI64(w: number, v: number): void {
    this.u32[2 * w] = v >>> 0;
    this.i32[2 * w + 1] = Math.floor(v / TWO_32);
  }

  /** Object word index held by the value word at w (caller checked the tag). */
  objectAt(w: number): number {
    const addr = (this.u32[2 * w + 1] & 0xffff) * TWO_32 + this.u32[2 * w];
    return (addr - this.base) / 8;
  }

  /** Stores a reference to object o into the value word at w. */
  setObject(w: number, o: number): void {
    const addr = this.base + o * 8;
    this.u32[2 * w] = addr >>> 0;
    this.u32[2 * w + 1] = (OBJ_HI | Math.floor(addr / TWO_32)) >>> 0;
  }

  private writeVMState(): void {
    const v = this.vmStateW;
    this.writeI64(v + L.VM_GLOBALS / 8, this.addressOf(this.globalsW));
    this.writeI64(v + L.VM_STACK_LIMIT / 8, this.addressOf(this.frameStackEndW));
    this.writeI64(v + L.VM_ARENA_BASE / 8, this.base);
    this.writeI64(v + L.VM_SCRATCH / 8, this.addressOf(this.scratchW));
  }

  // ------------------------------------------------------------------ allocation

  /** Allocates a block of `bytes` (rounded to words) with the given type; returns its word index. */
  allocate(type: number, bytes: number): number {
    const words = Math.max(MIN_BLOCK_WORDS, Math.ceil(bytes / 8));
    // A block's size is a u32 of words in its header: nothing bigger exists (python3 would need the memory too).
    if (words > MAX_BLOCK_WORDS) throw new PyError('MemoryError', '');
    this.allocatedSinceGc += words * 8;
    if (this.allocatedSinceGc >= this.gcThresholdBytes && !this.collectionDeferred) this.collect();
    let o = this.take(words);
    if (o < 0) {
      if (!this.collectionDeferred) this.collect();
      o = this.take(words);
      if (o < 0) throw new PyError('MemoryError', '');
    }
    this.u32[2 * o] = type;
    this.u32[2 * o + 1] = words;
    this.totalAllocatedBytes += words * 8;
    return o;
  }

  private take(words: number): number {
    if (words <= SMALL_CLASS_WORDS) {
      const head = this.smallFree[words];
      if (head >= 0) {
        this.smallFree[words] = this.u32[2 * (head + 1)];
        return head;
      }
    }
    // Bump inside the current free run (reusing swept space before growing the heap), unless
    // native code holds it: a builtin a trace calls in place allocates around the lent runs
    // (they are in no free list).
    if (!this.allocationBufferLent && (this.labEnd - this.lab >= words || this.labFromLargeFree(words))) {
      const o = this.lab;
      this.lab += words;
      return o;
    }
    if (this.top + words <= this.heapEndW) return this.takeTop(words);
    for (let c = words + MIN_BLOCK_WORDS; c <= SMALL_CLASS_WORDS; c++) {
      const head = this.smallFree[c];
      if (head >= 0) {
        this.smallFree[c] = this.u32[2 * (head + 1)];
        this.splitRemainder(head, c, words);
        return head;
      }
    }
    return -1;
  }

  /**
   * Lends the current free run to native code (VMState.alloc_ptr/alloc_end),
   * first taking a fresh one from the top of the heap when it is nearly used
   * up. Uops bump alloc_ptr; takeBackAllocationBuffer() accounts for it.
   */
  lendAllocationBuffer(): void {
    this.allocationBufferLent = true;
    if (this.labEnd - this.lab < Math.max(LENT_BUFFER_MIN_WORDS, this.lentWantWords)) this.renewLab();
    if (this.lentRunsMayGrow && this.lentRunsWords < LENT_RUNS_WORDS / 2) this.takeLentRuns();
    const vm = this.vmStateW;
    if (this.lentRunsStale) {
      const runs = this.lentRuns;
      for (let i = 0; i < runs.length; i++) this.writeI64(vm + L.VM_ALLOC_RUNS / 8 + 2 + i, this.addressOf(runs[i]!));
      this.writeI64(vm + L.VM_ALLOC_RUN_COUNT / 8, 1 + runs.length / 2);
      this.lentRunsStale = false;
    }
    const end = this.addressOf(this.labEnd);
    this.writeI64(vm + L.VM_ALLOC_PTR / 8, this.addressOf(this.lab));
    this.writeI64(vm + L.VM_ALLOC_END / 8, end);
    this.writeI64(vm + L.VM_ALLOC_RUN_END / 8, end);
    this.writeI64(vm + L.VM_ALLOC_RUN / 8, 1);
  }

  /** Takes free runs of at least the buffer's minimum out of the free lists to lend after the buffer. */
  private takeLentRuns(): void {
    this.lentRunsMayGrow = false;
    const free = this.largeFree;
    const runs = this.lentRuns;
    // No more than the next collection is due after (tier-1 collects only once the trace is back).
    const limit = Math.min(LENT_RUNS_WORDS, Math.floor((this.gcThresholdBytes - this.allocatedSinceGc) / 8) - (this.labEnd - this.lab));
    let kept = 0;
    for (let i = 0; i < free.length; i++) {
      const o = free[i]!;
      const words = this.u32[2 * o + 1]!;
      if (words >= LENT_BUFFER_MIN_WORDS && runs.length < 2 * (L.ALLOC_RUNS - 1) && this.lentRunsWords < limit) {
        runs.push(o, o + words);
        this.lentRunsWords += words;
      } else free[kept++] = o;
    }
    // Before the first collection there are none: fresh words from the top.
    const want = limit - this.lentRunsWords;
    if (runs.length === 0 && want >= LENT_BUFFER_MIN_WORDS && this.top + want <= this.heapEndW) {
      const o = this.takeTop(want);
      runs.push(o, o + want);
      this.lentRunsWords += want;
      this.u32[2 * o] = L.OBJ_FREE;
      this.u32[2 * o + 1] = want;
    }
    if (kept < free.length) {
      free.length = kept;
      this.lendScanFrom = 0;
    }
    this.lentRunsStale ||= runs.length > 0;
  }

  /** Makes the first swept free run of at least `words` the free run being bump-allocated; false if none is that big. */
  private labFromLargeFree(words: number): boolean {
    if (words > this.largeFreeMaxWords) return false;
    const big = words >= LENT_BUFFER_MIN_WORDS;
    // (Blocks skipped by a big request's scan are smaller than it: the maximum below stays an upper bound.)
    let max = big && this.lendScanFrom > 0 ? LENT_BUFFER_MIN_WORDS - 1 : 0;
    for (let i = big ? this.lendScanFrom : 0; i < this.largeFree.length; i++) {
      const o = this.largeFree[i];
      const size = this.u32[2 * o + 1];
      if (size > max) max = size;
      if (big && i === this.lendScanFrom && size < LENT_BUFFER_MIN_WORDS) this.lendScanFrom++;
      if (size >= words) {
        this.largeFree.splice(i, 1);
        if (i < this.lendScanFrom) this.lendScanFrom--;
        this.closeLab();
        this.lab = o;
        this.labEnd = o + size;
        return true;
      }
    }
    this.largeFreeMaxWords = max;
    return false;
  }

  /** A new free run to bump-allocate from: a large swept one if there is one, else fresh words at the top. */
  private renewLab(): void {
    const want = Math.max(LENT_BUFFER_MIN_WORDS, this.lentWantWords);
    if (this.labFromLargeFree(want)) return;
    const words = Math.min(Math.max(LENT_BUFFER_WORDS, want), this.heapEndW - this.top);
    if (words < want) return;
    this.closeLab();
    this.lab = this.takeTop(words);
    this.labEnd = this.lab + words;
  }

  /** `words` fresh words at the top of the heap (the caller checked they fit): their first word. */
  private takeTop(words: number): number {
    const o = this.top;
    this.top += words;
    if (this.top > this.peakTopW) this.peakTopW = this.top;
    return o;
  }

  /**
   * Words a trace's next big-int operation needs in the lent buffer (result and
   * scratch, cases/bigint.c): tier-1 sets it when it redoes one that exited for
   * room, so the buffer lent next holds it (else the same uop exits on every entry).
   */
  lentWantWords = 0;

  /** A collection is due (one the running trace defers: a builtin it calls in place gives up, and tier-1 collects). */
  get collectionDue(): boolean { return this.allocatedSinceGc >= this.gcThresholdBytes; }

  /** Native code holds the allocation buffer (between lendAllocationBuffer and takeBackAllocationBuffer). */
  private allocationBufferLent = false;

  /** Free bytes left in the lent buffer (after takeBackAllocationBuffer). */
  get lentRoomBytes(): number { return (this.labEnd - this.lab) * 8; }

  /** What native code allocated from the lent buffer now counts as allocated (and toward the next collection). */
  takeBackAllocationBuffer(): void {
    this.allocationBufferLent = false;
    // `| 0` (word indexes of the arena fit 31 bits): the division in wordOf yields a
    // double-represented number, and storing one in `lab` would change Heap's hidden
    // class, deoptimizing every heap access of the interpreter (oo_raytrace JIT 45% slower).
    const lab = this.wordOf(this.readI64(this.vmStateW + L.VM_ALLOC_PTR / 8)) | 0;
    const run = this.readI64(this.vmStateW + L.VM_ALLOC_RUN / 8);
    const used = (run > 1 ? this.takeBackLentRuns(run, lab) : lab - this.lab) * 8;
    this.lab = lab;
    this.allocatedSinceGc += used;
    this.totalAllocatedBytes += used;
  }

  /**
   * Native code went on into lent run `run - 1` (after the buffer, run 0): the
   * runs it left behind give their free tails back (their starts in
   * VMState.alloc_runs), the one it is in becomes the buffer. Words used in all.
   */
  private takeBackLentRuns(run: number, lab: number): number {
    const first = this.vmStateW + L.VM_ALLOC_RUNS / 8;
    const runs = this.lentRuns;
    let tail = this.wordOf(this.readI64(first)) | 0;
    let used = tail - this.lab;
    this.freeRest(tail, this.labEnd);
    for (let k = 1; k < run - 1; k++) {
      const start = runs[2 * k - 2]!, end = runs[2 * k - 1]!;
      tail = this.wordOf(this.readI64(first + 2 * k)) | 0;
      used += tail - start;
      this.freeRest(tail, end);
      this.lentRunsWords -= end - start;
    }
    const start = runs[2 * run - 4]!, end = runs[2 * run - 3]!;
    this.lentRunsWords -= end - start;
    this.lab = start;
    this.labEnd = end;
    this.lentRuns = runs.slice(2 * run - 2);
    this.lentRunsStale = true;
    this.lentRunsMayGrow = true;
    return used + (lab - start);
  }

  /** Gives the unused tail of the current free run a header so the heap stays parseable. */
  private closeLab(): void {
    this.freeRest(this.lab, this.labEnd);
    this.lab = this.labEnd = 0;
  }

  /** Words [o, end) become free space again. */
  private freeRest(o: number, end: number): void {
    const rest = end - o;
    if (rest >= MIN_BLOCK_WORDS) this.addFree(o, rest);
    else if (rest > 0) { this.u32[2 * o] = L.OBJ_FREE; this.u32[2 * o + 1] = rest; }
  }

  private splitRemainder(o: number, size: number, words: number): void {
    const rest = size - words;
    if (rest >= MIN_BLOCK_WORDS) this.addFree(o + words, rest);
    else if (rest > 0) { this.u32[2 * (o + words)] = L.OBJ_FREE; this.u32[2 * (o + words) + 1] = rest; }
  }

  private addFree(o: number, words: number): void {
    this.u32[2 * o] = L.OBJ_FREE;
    this.u32[2 * o + 1] = words;
    // A run shorter than a block (a one-word fragment between live objects) only
    // gets its header: linking it into a free list would write the next pointer
    // over the header of the live object after it.
    if (words < MIN_BLOCK_WORDS) return;
    if (words <= SMALL_CLASS_WORDS) {
      const head = this.smallFree[words];
      this.u32[2 * (o + 1)] = head < 0 ? 0xffffffff : head;
      this.smallFree[words] = o;
    } else {
      this.largeFree.push(o);
      if (words > this.largeFreeMaxWords) this.largeFreeMaxWords = words;
    }
  }

  // ------------------------------------------------------------- TS-side payloads

  newStringHandle(s: string): number {
    // String contents live in V8, not the arena, but count toward collection
    // pressure (one byte per code unit, as V8's one-byte strings): a loop that
    // makes big strings and drops them collects them (issue 19). No collection
    // runs here: the caller's str object is not rooted yet; the next allocate() sees it.
    this.allocatedSinceGc += s.length;
    const h = this.freeStringHandles.pop();
    if (h !== undefined) { this.strings[h] = s; return h; }
    this.strings.push(s);
    return this.strings.length - 1;
  }

  newHugeHandle(t: HugeStr): number {
    // Counted as str contents are (one byte a unit), shared chunks included.
    this.allocatedSinceGc += t.units;
    const h = this.freeHugeHandles.pop();
    if (h !== undefined) { this.hugeStrings[h] = t; return h; }
    this.hugeStrings.push(t);
    return this.hugeStrings.length - 1;
  }

  newBigintHandle(b: bigint): number {
    // The BigInt's digits live in V8's heap until the arena sweeps its handle, so
    // they count toward the next collection: otherwise a big-int loop keeps
    // gigabytes of dead BigInts alive between collections (8 MB of 16-byte
    // headers) and V8's collector does the work (factorial: 19 s -> see git log).
    // Sized on a sample (hex length is linear, but not free).
    if ((++this.bigintSamples & 63) === 0) this.bigintBytesEstimate = ((b < 0n ? -b : b).toString(16).length >> 1) + 16;
    this.allocatedSinceGc += this.bigintBytesEstimate;
    const h = this.freeBigintHandles.pop();
    if (h !== undefined) { this.bigints[h] = b; return h; }
    this.bigints.push(b);
    return this.bigints.length - 1;
  }

  pin(o: number): void { this.pinned.push(o); }

  /** Drops one pin of o (a trace's boxes when the trace is freed; false if o held none): the collector then keeps o only while something reaches it. */
  unpin(o: number): boolean {
    const i = this.pinned.lastIndexOf(o);
    if (i < 0) return false;
    this.pinned[i] = this.pinned[this.pinned.length - 1];
    this.pinned.pop();
    return true;
  }

  /** How many pins are held (tests: a freed trace leaves none behind). */
  get pinnedCount(): number { return this.pinned.length; }

  /** Runs fn with collections put off until the next allocation after it (objects fn makes must be pinned). */
  withoutCollection<T>(fn: () => T): T {
    const outer = this.collectionDeferred;
    this.collectionDeferred = true;
    try {
      return fn();
    } finally {
      this.collectionDeferred = outer;
    }
  }

  // ------------------------------------------------------------------ collection

  /** Marks the object referenced by the value word at w, if any. */
  markValue(w: number): void {
    const hi = this.u32[2 * w + 1];
    if (hi >>> 16 === TAG_OBJ) this.markObject(this.objectAt(w));
  }

  /** Marks every value word in [from, to). */
  markRange(from: number, to: number): void {
    const u32 = this.u32;
    for (let w = from; w < to; w++) {
      if (u32[2 * w + 1] >>> 16 === TAG_OBJ) this.markObject(this.objectAt(w));
    }
  }

  markObject(o: number): void {
    const u32 = this.u32;
    const type = u32[2 * o];
    if (type & MARK) return;
    u32[2 * o] = type | MARK;
    // Objects that reference nothing, or only a leaf, are done here: most of a
    // big heap is strs, and a push and pop each was a fifth of marking
    // (wordcount's 300k-word lists). collect()'s loop traces the rest.
    if (type === L.OBJ_STR) {
      const h = u32[2 * (o + L.STR_HANDLE / 8)];
      if (h === ROPE_HANDLE_LO) {
        this.markStack.push(o);
      } else if (h < this.strUnitsCap) {
        // A flat str's code units for native code (str-units.ts) live as long as the str.
        const units = this.readI64(this.strUnitsW + L.STR_UNITS_UNITS / 8 + h);
        if (units > 2) this.markObject(this.wordOf(units)); // (1, 2: no units, cases/vm.h STR_UNITS_NONE/SEEN)
      }
      return;
    }
    if (type === L.OBJ_BIGINT || type === L.OBJ_ITEMS || type === L.OBJ_RANGE || type === L.OBJ_BUILTIN || type === L.OBJ_STR_UNITS) return;
    this.markStack.push(o);
  }

  collect(): void {
    this.collections++;
    const u32 = this.u32;
    this.markRange(this.scratchW, this.scratchW + SCRATCH_WORDS);
    this.markRange(this.constantsW, this.constantsW + this.constantCount);
    this.markRange(this.globalsW, this.globalsW + this.globalCount);
    for (const o of this.pinned) this.markObject(o);
    for (const o of this.tempRoots) this.markObject(o);
    // Iterators the JIT keeps for reuse (cases/vm.h, VMState.recycled_*) stay alive between native runs.
    for (const [count, slots] of [[L.VM_RECYCLED_RANGES, L.VM_RECYCLED_RANGE], [L.VM_RECYCLED_LIST_ITERS, L.VM_RECYCLED_LIST_ITER]]) {
      const n = this.readI64(this.vmStateW + count / 8);
      for (let i = 0; i < n; i++) this.markObject(this.wordOf(this.readI64(this.vmStateW + slots / 8 + i)));
    }
    this.rootSource?.markRoots(this);
    const stack = this.markStack;
    while (stack.length > 0) {
      const o = stack.pop()!;
      const type = u32[2 * o] & ~MARK;
      if (type === L.OBJ_LIST) {
        const items = this.wordOf(this.readI64(o + L.LIST_ITEMS / 8));
        this.markObject(items);
        const first = items + L.ITEMS_ITEMS / 8;
        this.markRange(first, first + this.readI64(o + L.LIST_LENGTH / 8));
      } else if (type === L.OBJ_TUPLE) {
        const first = o + L.TUPLE_ITEMS / 8;
        this.markRange(first, first + this.readI64(o + L.TUPLE_LENGTH / 8));
      } else if (type === L.OBJ_LIST_ITER) {
        this.markObject(this.wordOf(this.readI64(o + L.LIST_ITER_LIST / 8)));
      } else if (type === L.OBJ_STR) {
        // (Only ropes are pushed: markObject did a flat str's code units.)
        // An unflattened rope (cases/vm.h) holds its halves; a flattened one has let them go.
        this.markObject(this.wordOf(this.readI64(o + L.STR_LEFT / 8)));
        this.markObject(this.wordOf(this.readI64(o + L.STR_RIGHT / 8)));
      } else if (type >= L.OBJ_CLASS) {
        this.traceObject(o, type);
      } else if (type === L.OBJ_FUNCTION) {
        this.markRange(o + L.FUNCTION_DEFAULTS / 8, o + L.FUNCTION_ATTRS / 8 + 1);
      } else if (type === L.OBJ_MODULE) {
        this.markValue(o + L.MODULE_DICT / 8);
      }
    }
    this.sweep();
    this.allocatedSinceGc = 0;
    this.gcThresholdBytes = Math.max(this.minGcBytes, this.liveBytesAfterGc + this.liveStringBytesAfterGc);
  }

  /** Marks what an object of the full language's types (cases/vm.h, OBJ_CLASS and after) references. */
  private traceObject(o: number, type: number): void {
    switch (type) {
      case L.OBJ_CLASS:
        this.markRange(o + L.CLASS_NAME / 8, o + L.CLASS_SUBCLASSES / 8 + 1);
        return;
      case L.OBJ_INSTANCE: {
        this.markObject(this.wordOf(this.readI64(o + L.INSTANCE_CLASS / 8)));
        this.markValue(o + L.INSTANCE_BASE / 8);
        const slots = this.wordOf(this.readI64(o + L.INSTANCE_SLOTS / 8));
        const inline = o + L.INSTANCE_INLINE_SLOTS / 8;
        // Slots that outgrew the inline ones live in an items block.
        if (slots !== inline) this.markObject(slots - L.ITEMS_ITEMS / 8);
        this.markRange(slots, slots + this.readI64(o + L.INSTANCE_CAPACITY / 8));
        return;
      }
      case L.OBJ_DICT: {
        const indices = this.readI64(o + L.DICT_INDICES / 8);
        const entries = this.readI64(o + L.DICT_ENTRIES / 8);
        if (indices !== 0) this.markObject(this.wordOf(indices));
        if (entries === 0) return;
        this.markObject(this.wordOf(entries));
        const first = this.wordOf(entries) + L.ITEMS_ITEMS / 8;
        const n = this.readI64(o + L.DICT_NENTRIES / 8);
        // Keys and values only: the hash words are raw numbers.
        for (let i = 0, e = first; i < n; i++, e += L.DICT_ENTRY_WORDS) {
          this.markValue(e + 1);
          this.markValue(e + 2);
        }
        return;
      }
      case L.OBJ_SET: {
        const table = this.readI64(o + L.SET_TABLE / 8);
        if (table === 0) return;
        this.markObject(this.wordOf(table));
        const first = this.wordOf(table) + L.ITEMS_ITEMS / 8;
        const size = this.readI64(o + L.SET_MASK / 8) + 1;
        for (let i = 0; i < size; i++) this.markValue(first + 2 * i + 1);
        return;
      }
      case L.OBJ_CELL: this.markValue(o + L.CELL_VALUE / 8); return;
      case L.OBJ_METHOD: this.markValue(o + L.METHOD_FUNC / 8); this.markValue(o + L.METHOD_SELF / 8); return;
      case L.OBJ_BUILTIN_METHOD: this.markValue(o + L.BUILTIN_METHOD_SELF / 8); return;
      case L.OBJ_GENERATOR: {
        const frame = this.readI64(o + L.GENERATOR_FRAME / 8);
        if (frame === 0) return;
        this.markObject(this.wordOf(frame));
        const first = this.wordOf(frame) + L.ITEMS_ITEMS / 8;
        this.markRange(first, first + this.readI64(o + L.GENERATOR_NVALUES / 8));
        return;
      }
      case L.OBJ_ITER:
        this.markValue(o + L.ITER_SOURCE / 8);
        this.markValue(o + L.ITER_AUX / 8);
        this.markValue(o + L.ITER_AUX2 / 8);
        return;
      case L.OBJ_SLICE: this.markRange(o + L.SLICE_START / 8, o + L.SLICE_STEP / 8 + 1); return;
      case L.OBJ_DESCRIPTOR: this.markRange(o + L.DESCRIPTOR_F1 / 8, o + L.DESCRIPTOR_F3 / 8 + 1); return;
      case L.OBJ_SUPER: this.markValue(o + L.SUPER_TYPE / 8); this.markValue(o + L.SUPER_OBJ / 8); return;
      case L.OBJ_DICT_VIEW: this.markValue(o + L.DICT_VIEW_DICT / 8); return;
      default: return;
    }
  }

  /** Objects the last collection freed (gc.collect()'s result). */
  objectsFreedByLastGc = 0;

  private sweep(): void {
    const u32 = this.u32;
    this.closeLab();
    // Lent runs are free blocks the sweep finds again.
    this.lentRuns = [];
    this.lentRunsWords = 0;
    this.lentRunsStale = this.lentRunsMayGrow = true;
    this.smallFree.fill(-1);
    this.largeFree = [];
    this.largeFreeMaxWords = 0;
    this.lendScanFrom = 0;
    let live = 0;
    let liveStrings = 0;
    let freed = 0;
    let run = -1;
    let o = this.heapStartW;
    const end = this.top;
    while (o < end) {
      const type = u32[2 * o];
      const words = u32[2 * o + 1];
      // A header overwritten with zeros would loop here for ever: fail loudly instead.
      if (words === 0) throw new Error(`internal error: heap block at word ${o} has size 0 (memory corrupted)`);
      if (type & MARK) {
        u32[2 * o] = type & ~MARK;
        live += words * 8;
        if ((type & ~MARK) === L.OBJ_STR) {
          const h = u32[2 * (o + L.STR_HANDLE / 8)];
          if (h < FIRST_UNOWNED_HANDLE_LO) liveStrings += this.strings[h]!.length;
          else if (h === HUGE_HANDLE_LO) liveStrings += this.hugeStrings[this.readI64(o + L.STR_LEFT / 8)]!.units;
        }
        if (run >= 0) { this.addFree(run, o - run); run = -1; }
      } else {
        if (type === L.OBJ_STR) {
          const h = u32[2 * (o + L.STR_HANDLE / 8)];
          if (h < FIRST_UNOWNED_HANDLE_LO) { // a rope or an inline-only str owns no handle
            this.freedStringBytes += this.strings[h]!.length;
            this.strings[h] = undefined;
            this.freeStringHandles.push(h);
            // Its code units (unmarked: swept with it) are no longer the handle's.
            if (h < this.strUnitsCap) this.writeI64(this.strUnitsW + L.STR_UNITS_UNITS / 8 + h, 0);
          } else if (h === HUGE_HANDLE_LO) {
            const hh = this.readI64(o + L.STR_LEFT / 8);
            this.freedStringBytes += this.hugeStrings[hh]!.units;
            this.hugeStrings[hh] = undefined;
            this.freeHugeHandles.push(hh);
          }
        } else if (type === L.OBJ_BIGINT) {
          const h = u32[2 * (o + L.BIGINT_HANDLE / 8)];
          if (h !== BIGINT_INLINE_HANDLE_LO && h !== BIGINT_LIMBS_HANDLE_LO) { // inline and limbs ints own no handle
            this.bigints[h] = undefined;
            this.freeBigintHandles.push(h);
          }
        }
        if (run < 0) run = o;
        if (type !== L.OBJ_FREE) freed++;
      }
      o += words;
    }
    if (run >= 0) this.top = run; // a dead tail returns to the bump region
    this.largeFree.sort((x, y) => x - y); // lowest addresses are reused first
    this.liveBytesAfterGc = live;
    this.liveStringBytesAfterGc = liveStrings;
    this.objectsFreedByLastGc = freed;
    if (this.freedStringBytes >= V8_COLLECTION_BYTES) {
      this.freedStringBytes = 0;
      collectV8Heap();
    }
  }

  /** Bytes between the heap start and the bump pointer (live + free blocks). */
  get usedHeapBytes(): number { return (this.top - this.heapStartW) * 8; }
  /** Peak arena bytes ever touched (fixed regions + heap high-water mark). */
  get peakArenaBytes(): number { return this.peakTopW * 8; }
}
