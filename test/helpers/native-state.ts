// A minimal native VM state for driving traces by hand: one VMState block, a
// module frame with locals, a value stack, a globals array and a small heap
// arena for lists and range iterators, all in one mmap'd region.
import { LAYOUT } from '../../build/layout.ts';
import { mapMemory, PROT_READ, PROT_WRITE, unmapMemory, viewMemory } from '../../runtime/jit/native.ts';

export class NativeState {
  readonly base: number;
  readonly size: number;
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  readonly big: BigUint64Array;
  readonly vm: number;
  readonly frame: number;
  readonly globals: number;
  readonly stackLimit: number;
  private heapNext: number;

  constructor(readonly nlocals = 8, size = 1 << 20) {
    this.size = size;
    this.base = mapMemory(size, PROT_READ | PROT_WRITE);
    const ab = viewMemory(this.base, size);
    this.u32 = new Uint32Array(ab);
    this.f64 = new Float64Array(ab);
    this.big = new BigUint64Array(ab);
    this.vm = this.base;
    this.globals = this.base + 256;
    this.frame = this.base + 4096;
    this.stackLimit = this.base + size / 2;
    this.heapNext = this.base + size / 2;
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
    return this.big[(addr - this.base) / 8];
  }

  setWord(addr: number, v: bigint): void {
    this.big[(addr - this.base) / 8] = BigInt.asUintN(64, v);
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

  private alloc(bytes: number): number {
    const a = this.heapNext;
    this.heapNext += Math.ceil(bytes / 8) * 8;
    if (this.heapNext > this.base + this.size) throw new Error('test heap full');
    return a;
  }

  /** A list object holding `items`, with spare capacity. */
  /** Lends `bytes` of heap to native allocation (VMState.alloc_ptr/alloc_end), as tier-1 lends its buffer. */
  allocationBuffer(bytes: number): void {
    const start = this.alloc(bytes);
    this.setWord(this.vm + LAYOUT.VM_ALLOC_PTR, BigInt(start));
    this.setWord(this.vm + LAYOUT.VM_ALLOC_END, BigInt(start + bytes));
  }

  list(items: bigint[], capacity = items.length): bigint {
    const itemsObj = this.alloc(8 + capacity * 8);
    this.u32[(itemsObj - this.base) / 4] = LAYOUT.OBJ_ITEMS;
    items.forEach((v, i) => this.setWord(itemsObj + LAYOUT.ITEMS_ITEMS + i * 8, v));
    const l = this.alloc(LAYOUT.SIZEOF_LIST);
    this.u32[(l - this.base) / 4] = LAYOUT.OBJ_LIST;
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

  range(start: number, stop: number, step: number): bigint {
    const r = this.alloc(LAYOUT.SIZEOF_RANGE);
    this.u32[(r - this.base) / 4] = LAYOUT.OBJ_RANGE;
    this.setWord(r + LAYOUT.RANGE_NEXT, BigInt(start));
    this.setWord(r + LAYOUT.RANGE_STOP, BigInt(stop));
    this.setWord(r + LAYOUT.RANGE_STEP, BigInt(step));
    return obj(r);
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
    unmapMemory(this.base, this.size);
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

