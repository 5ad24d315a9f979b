// A minimal native VM state for driving traces by hand: one VMState block, a
// module frame with locals, a value stack, a globals array and a small heap
// arena for lists and range iterators, all in one mmap'd region.
import { LAYOUT } from '../../build/layout.ts';
import { mapMemory, PROT_READ, PROT_WRITE, unmapMemory, viewMemory } from '../../runtime/jit/native.ts';

/**
 * The state layout both NativeState and the aarch64 StateImage use: the VMState
 * block at the start, globals at +256, the module frame at +4096 with its value
 * stack after the locals, and a bump heap from the middle, over a view of the
 * bytes living at `base`.
 */
export abstract class StateLayout {
  readonly vm: number;
  readonly frame: number;
  readonly globals: number;
  readonly stackLimit: number;
  /** Next free heap byte (the heap runs from size / 2). */
  heapNext: number;
  private readonly view: DataView;

  protected constructor(readonly base: number, readonly size: number, readonly nlocals: number, bytes: ArrayBuffer) {
    this.view = new DataView(bytes);
    this.vm = base;
    this.globals = base + 256;
    this.frame = base + 4096;
    this.stackLimit = base + size / 2;
    this.heapNext = base + size / 2;
    this.setWord(this.vm + LAYOUT.VM_GLOBALS, BigInt(this.globals));
    this.setWord(this.vm + LAYOUT.VM_STACK_LIMIT, BigInt(this.stackLimit));
    this.setWord(this.frame + LAYOUT.FRAME_NLOCALS, BigInt(nlocals));
    this.setWord(this.frame + LAYOUT.FRAME_STACK_BASE, BigInt(this.stackBase));
    for (let i = 0; i < nlocals; i++) this.setLocal(i, none());
  }

  get stackBase(): number {
    return this.frame + LAYOUT.FRAME_LOCALS + this.nlocals * 8;
  }

  word(addr: number): bigint {
    return this.view.getBigUint64(addr - this.base, true);
  }

  setWord(addr: number, v: bigint): void {
    this.view.setBigUint64(addr - this.base, BigInt.asUintN(64, v), true);
  }

  local(i: number): bigint {
    return this.word(this.frame + LAYOUT.FRAME_LOCALS + i * 8);
  }

  setLocal(i: number, v: bigint): void {
    this.setWord(this.frame + LAYOUT.FRAME_LOCALS + i * 8, v);
  }

  /** Pushes values on the stack; returns the new stack pointer. */
  push(sp: number, ...values: bigint[]): number {
    for (const v of values) {
      this.setWord(sp, v);
      sp += 8;
    }
    return sp;
  }

  /** A heap block of `bytes` whose header says `type` (0: no header written). */
  private alloc(bytes: number, type = 0): number {
    const a = this.heapNext;
    this.heapNext += Math.ceil(bytes / 8) * 8;
    if (this.heapNext > this.base + this.size) throw new Error('test heap full');
    if (type) this.view.setUint32(a - this.base, type, true);
    return a;
  }

  /** Lends `bytes` of heap to native allocation (VMState.alloc_ptr/alloc_end), as tier-1 lends its buffer. */
  allocationBuffer(bytes: number): void {
    const start = this.alloc(bytes);
    this.setWord(this.vm + LAYOUT.VM_ALLOC_PTR, BigInt(start));
    this.setWord(this.vm + LAYOUT.VM_ALLOC_END, BigInt(start + bytes));
  }

  /** A list object holding `items`, with spare capacity. */
  list(items: bigint[], capacity = items.length): bigint {
    const itemsObj = this.alloc(8 + capacity * 8, LAYOUT.OBJ_ITEMS);
    items.forEach((v, i) => this.setWord(itemsObj + LAYOUT.ITEMS_ITEMS + i * 8, v));
    const l = this.alloc(LAYOUT.SIZEOF_LIST, LAYOUT.OBJ_LIST);
    this.setWord(l + LAYOUT.LIST_LENGTH, BigInt(items.length));
    this.setWord(l + LAYOUT.LIST_CAPACITY, BigInt(capacity));
    this.setWord(l + LAYOUT.LIST_ITEMS, BigInt(itemsObj));
    return obj(l);
  }

  listItems(list: bigint): bigint[] {
    const l = Number(list & 0xffffffffffffn);
    const n = Number(this.word(l + LAYOUT.LIST_LENGTH));
    const items = Number(this.word(l + LAYOUT.LIST_ITEMS));
    return Array.from({ length: n }, (_, i) => this.word(items + LAYOUT.ITEMS_ITEMS + i * 8));
  }

  /** A flat str object of `length` code points (its handle names no real string: traces never read it). */
  str(length: number): bigint {
    const o = this.alloc(LAYOUT.SIZEOF_FLAT_STR, LAYOUT.OBJ_STR);
    this.setWord(o + LAYOUT.STR_LENGTH, BigInt(length));
    this.setWord(o + LAYOUT.STR_HANDLE, 7n);
    return obj(o);
  }

  /** A tuple object holding `items`. */
  tuple(items: bigint[]): bigint {
    const t = this.alloc(LAYOUT.TUPLE_ITEMS + items.length * 8, LAYOUT.OBJ_TUPLE);
    this.setWord(t + LAYOUT.TUPLE_LENGTH, BigInt(items.length));
    items.forEach((v, i) => this.setWord(t + LAYOUT.TUPLE_ITEMS + i * 8, v));
    return obj(t);
  }

  range(start: number, stop: number, step: number): bigint {
    const r = this.alloc(LAYOUT.SIZEOF_RANGE, LAYOUT.OBJ_RANGE);
    this.setWord(r + LAYOUT.RANGE_NEXT, BigInt(start));
    this.setWord(r + LAYOUT.RANGE_STOP, BigInt(stop));
    this.setWord(r + LAYOUT.RANGE_STEP, BigInt(step));
    return obj(r);
  }
}

/**
 * Regions given back by dispose(), by size, for the next NativeState: a
 * differential test makes one per run, thousands per file, and mapping, first
 * touches and unmapping cost more than the runs. A reused region is zeroed,
 * so it starts exactly as a fresh mapping does.
 */
const spareRegions = new Map<number, { base: number; bytes: ArrayBuffer }[]>();
const SPARE_PER_SIZE = 4;

/** The layout in one mmap'd region, for running traces natively. */
export class NativeState extends StateLayout {
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  private disposed = false;

  constructor(nlocals = 8, size = 1 << 20) {
    const spare = spareRegions.get(size)?.pop();
    const base = spare?.base ?? mapMemory(size, PROT_READ | PROT_WRITE);
    const bytes = spare?.bytes ?? viewMemory(base, size);
    if (spare) new Uint8Array(bytes).fill(0);
    super(base, size, nlocals, bytes);
    this.u32 = new Uint32Array(bytes);
    this.f64 = new Float64Array(bytes);
  }

  exitSp(): number {
    return Number(this.word(this.vm + LAYOUT.VM_SP));
  }

  exitFrame(): number {
    return Number(this.word(this.vm + LAYOUT.VM_FRAME));
  }

  /** A copy of every word from the frame header to sp (for comparing two runs). */
  snapshot(sp: number): bigint[] {
    const out: bigint[] = [];
    for (let a = this.frame; a < sp; a += 8) out.push(this.word(a));
    return out;
  }

  dispose(): void {
    if (this.disposed) throw new Error('NativeState disposed twice');
    this.disposed = true;
    let spare = spareRegions.get(this.size);
    if (!spare) spareRegions.set(this.size, (spare = []));
    if (spare.length < SPARE_PER_SIZE) spare.push({ base: this.base, bytes: this.u32.buffer as ArrayBuffer });
    else unmapMemory(this.base, this.size);
  }
}

export const int = (v: number | bigint): bigint => (BigInt.asUintN(48, BigInt(v)) | (BigInt(LAYOUT.TAG_INT) << 48n));
export const float = (v: number): bigint => {
  const b = new BigUint64Array(new Float64Array([v]).buffer);
  return b[0];
};
export const bool = (v: boolean): bigint => (BigInt(LAYOUT.TAG_BOOL) << 48n) | (v ? 1n : 0n);
export const none = (): bigint => BigInt(LAYOUT.TAG_NONE) << 48n;
export const obj = (addr: number): bigint => (BigInt(LAYOUT.TAG_OBJ) << 48n) | BigInt(addr);

export function unboxInt(w: bigint): bigint {
  if (w >> 48n !== BigInt(LAYOUT.TAG_INT)) throw new Error(`not a small int: 0x${w.toString(16)}`);
  return BigInt.asIntN(48, w);
}

export function unboxFloat(w: bigint): number {
  return new Float64Array(new BigUint64Array([w]).buffer)[0];
}

