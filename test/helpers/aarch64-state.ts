// VM states for running the same hand-built trace natively (x86_64, through
// NativeState) and on aarch64 (a StateImage: the same layout in a plain byte
// buffer that the harness maps at a chosen address), and a comparable,
// address-independent view of the final state of either.
import { LAYOUT } from '../../build/layout.ts';
import { none, obj } from './native-state.ts';
import type { RunResult } from './aarch64-harness.ts';

/** What a trace setup needs: implemented by NativeState and StateImage with one layout. */
export interface TraceState {
  readonly base: number;
  readonly size: number;
  readonly vm: number;
  readonly frame: number;
  readonly globals: number;
  readonly stackBase: number;
  word(addr: number): bigint;
  setWord(addr: number, v: bigint): void;
  local(i: number): bigint;
  setLocal(i: number, v: bigint): void;
  push(sp: number, ...values: bigint[]): number;
  list(items: bigint[], capacity?: number): bigint;
  range(start: number, stop: number, step: number): bigint;
  allocationBuffer(bytes: number): void;
}

/** NativeState's layout (vm at 0, globals at 256, frame at 4096, heap from size/2), over a buffer living at `base`. */
export class StateImage implements TraceState {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  readonly vm: number;
  readonly frame: number;
  readonly globals: number;
  readonly stackLimit: number;
  heapNext: number;

  constructor(readonly base: number, readonly nlocals: number, readonly size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
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

  /** Lends `bytes` of heap to native allocation (VMState.alloc_ptr/alloc_end), as tier-1 lends its buffer. */
  allocationBuffer(bytes: number): void {
    const start = this.alloc(bytes);
    this.setWord(this.vm + LAYOUT.VM_ALLOC_PTR, BigInt(start));
    this.setWord(this.vm + LAYOUT.VM_ALLOC_END, BigInt(start + bytes));
  }

  list(items: bigint[], capacity = items.length): bigint {
    const itemsObj = this.alloc(8 + capacity * 8);
    this.view.setUint32(itemsObj - this.base, LAYOUT.OBJ_ITEMS, true);
    items.forEach((v, i) => this.setWord(itemsObj + LAYOUT.ITEMS_ITEMS + i * 8, v));
    const l = this.alloc(LAYOUT.SIZEOF_LIST);
    this.view.setUint32(l - this.base, LAYOUT.OBJ_LIST, true);
    this.setWord(l + LAYOUT.LIST_LENGTH, BigInt(items.length));
    this.setWord(l + LAYOUT.LIST_CAPACITY, BigInt(capacity));
    this.setWord(l + LAYOUT.LIST_ITEMS, BigInt(itemsObj));
    return obj(l);
  }

  range(start: number, stop: number, step: number): bigint {
    const r = this.alloc(LAYOUT.SIZEOF_RANGE);
    this.view.setUint32(r - this.base, LAYOUT.OBJ_RANGE, true);
    this.setWord(r + LAYOUT.RANGE_NEXT, BigInt(start));
    this.setWord(r + LAYOUT.RANGE_STOP, BigInt(stop));
    this.setWord(r + LAYOUT.RANGE_STEP, BigInt(step));
    return obj(r);
  }
}

/** The parts of the state every run reports: the VM block, globals, the frame stack and the heap in use. */
export function dumpRanges(image: StateImage): [number, number][] {
  return [
    [0, LAYOUT.SIZEOF_VMSTATE],
    [256, 16 * 8],
    [4096, 4096],
    [image.size / 2, image.heapNext - image.base - image.size / 2],
  ];
}

/** A final state with every address made relative to the state's base, so runs at different addresses compare equal. */
export interface FinalState {
  ret: number;
  exit: number;
  sp: number;
  frame: number;
  locals: string[];
  stack: string[];
  dumps: string[][];
}

const TAG_OBJ = BigInt(LAYOUT.TAG_OBJ);

export function normalizeWord(w: bigint, base: number, size: number): string {
  const b = BigInt(base);
  const end = b + BigInt(size);
  // Pointers into the state are word aligned; an object header (size << 32 | type) can fall in range by accident.
  if (w >= b && w < end && (w - b) % 8n === 0n) return `@+${Number(w - b)}`;
  if (w >> 48n === TAG_OBJ) {
    const p = w & 0xffffffffffffn;
    if (p >= b && p < end) return `obj@+${Number(p - b)}`;
  }
  return w.toString(16).padStart(16, '0');
}

/** The final state of a native run (NativeState on the host). */
export function finalStateOf(state: TraceState, ret: number, dumps: [number, number][]): FinalState {
  const n = (w: bigint) => normalizeWord(w, state.base, state.size);
  const frame = Number(state.word(state.vm + LAYOUT.VM_FRAME));
  const sp = Number(state.word(state.vm + LAYOUT.VM_SP));
  const locals: string[] = [];
  const stack: string[] = [];
  if (frame >= state.base && frame < state.base + state.size) {
    const nlocals = Number(state.word(frame + LAYOUT.FRAME_NLOCALS));
    for (let k = 0; k < nlocals; k++) locals.push(n(state.word(frame + LAYOUT.FRAME_LOCALS + 8 * k)));
    const stackBase = Number(state.word(frame + LAYOUT.FRAME_STACK_BASE));
    for (let a = stackBase; a < sp; a += 8) stack.push(n(state.word(a)));
  }
  return {
    ret,
    exit: Number(BigInt.asIntN(64, state.word(state.vm + LAYOUT.VM_EXIT_INDEX))),
    sp: sp - state.base,
    frame: frame - state.base,
    locals,
    stack,
    dumps: dumps.map(([o, len]) => {
      const words: string[] = [];
      for (let a = o; a < o + len; a += 8) words.push(n(state.word(state.base + a)));
      return words;
    }),
  };
}

/** The final state the harness printed for a run whose state lived at `base`. */
export function finalStateOfHarness(r: RunResult, base: number, size: number): FinalState {
  const n = (hex: string) => normalizeWord(BigInt(`0x${hex}`), base, size);
  return {
    ret: r.ret,
    exit: r.exit ?? NaN,
    sp: r.sp ?? NaN,
    frame: r.frame ?? NaN,
    locals: (r.locals ?? []).map(n),
    stack: (r.stack ?? []).map(n),
    dumps: r.dumps.map((hex) => {
      const bytes = Buffer.from(hex, 'hex');
      const words: string[] = [];
      for (let o = 0; o + 8 <= bytes.length; o += 8) words.push(n(bytes.readBigUInt64LE(o).toString(16)));
      return words;
    }),
  };
}
