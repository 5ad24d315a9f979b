// VM states for running the same hand-built trace natively (x86_64, through
// NativeState) and on aarch64 (a StateImage: the same layout in a plain byte
// buffer that the harness maps at a chosen address), and a comparable,
// address-independent view of the final state of either.
import { LAYOUT } from '../../build/layout.ts';
import { StateLayout } from './native-state.ts';
import type { RunResult } from './aarch64-harness.ts';

/** What a trace setup needs: NativeState and StateImage, one layout (StateLayout). */
export type TraceState = StateLayout;

/** NativeState's layout over a plain byte buffer that the aarch64 harness maps at `base`. */
export class StateImage extends StateLayout {
  readonly bytes: Uint8Array;

  constructor(base: number, nlocals: number, size: number) {
    const bytes = new Uint8Array(size);
    super(base, size, nlocals, bytes.buffer);
    this.bytes = bytes;
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
