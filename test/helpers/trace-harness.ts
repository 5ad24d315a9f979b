// Differential runs of one compiled trace: natively (rt.enter) and on the uop
// interpreter (rt.interpret), from byte-identical copies of the same fresh
// NativeState. The state is set up once, its whole region saved, the native
// run captured, the region restored and the interpreter run captured, so
// pointers (frames, lists) are the same in both runs and every word can be
// compared, not only the ones below the stack pointer.
import { LAYOUT } from '../../build/layout.ts';
import type { CompiledTrace, JitRuntime } from '../../runtime/jit/jit-runtime.ts';
import { NativeState } from './native-state.ts';

export interface RunResult<X = unknown> {
  /** What rt.enter / rt.interpret returned. */
  exit: number;
  /** vm->exit_index, vm->sp and vm->frame after the run. */
  vmExitIndex: number;
  sp: number;
  frame: number;
  locals: bigint[];
  /** Words from the module frame's stack base to vm->sp (empty if sp is below it). */
  stack: bigint[];
  /** NativeState.snapshot(vm->sp): every word from the module frame header to sp. */
  snapshot: bigint[];
  /** The whole state region after the run. */
  memory: Uint8Array;
  /** Whatever the test's inspect() read from the state (lists, range iterators, ...). */
  extra: X;
}

export interface Setup<C> {
  /** Stack pointer to enter with (st.stackBase plus pushed words). */
  sp: number;
  ctx: C;
}

export interface DiffRun<C, X> {
  jit: RunResult<X>;
  interp: RunResult<X>;
  ctx: C;
  /** Module frame, stack base and VM block addresses (same for both runs). */
  frame: number;
  stackBase: number;
  base: number;
}

export interface HarnessOptions {
  nlocals?: number;
  /** Size of the state region (frames, stack, heap). */
  size?: number;
}

export function describeWord(w: bigint): string {
  const tag = Number(w >> 48n);
  const payload = w & 0xffffffffffffn;
  if (tag === LAYOUT.TAG_INT) return `int ${BigInt.asIntN(48, payload)}`;
  if (tag === LAYOUT.TAG_BOOL) return payload === 1n ? 'True' : payload === 0n ? 'False' : `bool? 0x${w.toString(16)}`;
  if (tag === LAYOUT.TAG_NONE) return 'None';
  if (tag === LAYOUT.TAG_OBJ) return `obj 0x${payload.toString(16)}`;
  if (tag > LAYOUT.TAG_OBJ) return `bad tag 0x${w.toString(16)}`;
  const f = new Float64Array(new BigUint64Array([w]).buffer)[0];
  return `float ${Object.is(f, -0) ? '-0.0' : f} (0x${w.toString(16)})`;
}

function words(st: NativeState, from: number, to: number): bigint[] {
  const out: bigint[] = [];
  for (let a = from; a < to; a += 8) out.push(st.word(a));
  return out;
}

function capture<C, X>(st: NativeState, exit: number, ctx: C, inspect?: (st: NativeState, ctx: C) => X): RunResult<X> {
  const sp = st.exitSp();
  const locals: bigint[] = [];
  for (let i = 0; i < st.nlocals; i++) locals.push(st.local(i));
  return {
    exit,
    vmExitIndex: Number(st.word(st.vm + LAYOUT.VM_EXIT_INDEX)),
    sp,
    frame: st.exitFrame(),
    locals,
    stack: sp >= st.stackBase && sp < st.base + st.size ? words(st, st.stackBase, sp) : [],
    snapshot: sp > st.frame && sp < st.base + st.size ? st.snapshot(sp) : [],
    memory: new Uint8Array(st.u32.buffer).slice(),
    extra: (inspect ? inspect(st, ctx) : undefined) as X,
  };
}

/** Where a byte offset of the state region is, for messages. */
function placeOf(st: { base: number; frame: number; stackBase: number; vm: number; globals: number; stackLimit: number }, offset: number): string {
  const a = st.base + offset;
  if (a < st.vm + LAYOUT.SIZEOF_VMSTATE) return `VMState+${a - st.vm}`;
  if (a >= st.globals && a < st.frame) return `global ${(a - st.globals) / 8}`;
  if (a >= st.frame && a < st.frame + LAYOUT.FRAME_LOCALS) return `frame header+${a - st.frame}`;
  if (a >= st.frame && a < st.stackBase) return `local ${(a - st.frame - LAYOUT.FRAME_LOCALS) / 8}`;
  if (a >= st.stackBase && a < st.stackLimit) return `stack word ${(a - st.stackBase) / 8}`;
  return `heap+0x${(a - st.stackLimit).toString(16)}`;
}

/** Throws a readable error when the two runs differ anywhere. */
export function assertSameRuns(label: string, st: NativeState, a: RunResult, b: RunResult): void {
  const problems: string[] = [];
  if (a.exit !== b.exit) problems.push(`exit: jit ${a.exit}, interpreter ${b.exit}`);
  if (a.exit !== a.vmExitIndex) problems.push(`jit returned ${a.exit} but vm->exit_index is ${a.vmExitIndex}`);
  if (b.exit !== b.vmExitIndex) problems.push(`interpreter returned ${b.exit} but vm->exit_index is ${b.vmExitIndex}`);
  if (a.sp !== b.sp) problems.push(`vm->sp: jit 0x${a.sp.toString(16)}, interpreter 0x${b.sp.toString(16)} (stack base 0x${st.stackBase.toString(16)})`);
  if (a.frame !== b.frame) problems.push(`vm->frame: jit 0x${a.frame.toString(16)}, interpreter 0x${b.frame.toString(16)}`);
  a.locals.forEach((w, i) => {
    if (w !== b.locals[i]) problems.push(`local ${i}: jit ${describeWord(w)}, interpreter ${describeWord(b.locals[i])}`);
  });
  const n = Math.max(a.snapshot.length, b.snapshot.length);
  for (let i = 0; i < n && problems.length < 12; i++) {
    if (a.snapshot[i] !== b.snapshot[i]) problems.push(`snapshot word ${i}: jit ${a.snapshot[i] === undefined ? '-' : describeWord(a.snapshot[i])}, interpreter ${b.snapshot[i] === undefined ? '-' : describeWord(b.snapshot[i])}`);
  }
  if (problems.length === 0) {
    // Everything else in the region: heap objects, globals, frames pushed by inlined calls.
    const wa = new BigUint64Array(a.memory.buffer);
    const wb = new BigUint64Array(b.memory.buffer);
    for (let i = 0; i < wa.length && problems.length < 8; i++) {
      if (wa[i] !== wb[i]) problems.push(`${placeOf(st, i * 8)}: jit 0x${wa[i].toString(16)}, interpreter 0x${wb[i].toString(16)}`);
    }
  }
  if (problems.length > 0) throw new Error(`${label}: native and uop-interpreter runs differ\n  ${problems.join('\n  ')}`);
}

/**
 * Sets up a fresh state, runs `trace` natively and on the uop interpreter from
 * identical copies of it, checks that both runs agree on everything and
 * returns both results (the caller checks them against its own model).
 */
export function runBoth<C, X = undefined>(
  rt: JitRuntime,
  trace: CompiledTrace,
  label: string,
  setup: (st: NativeState) => Setup<C>,
  options: HarnessOptions = {},
  inspect?: (st: NativeState, ctx: C) => X,
): DiffRun<C, X> {
  return runDifferential(
    label,
    setup,
    (st, sp) => rt.enter(trace, st.frame, sp, st.vm),
    (st, sp) => rt.interpret(trace, st.frame, sp, st.vm),
    options,
    inspect,
  );
}

/** The general form: any native run against any interpreter run (e.g. a linked A→B against A then B). */
export function runDifferential<C, X = undefined>(
  label: string,
  setup: (st: NativeState) => Setup<C>,
  native: (st: NativeState, sp: number) => number,
  interpreted: (st: NativeState, sp: number) => number,
  options: HarnessOptions = {},
  inspect?: (st: NativeState, ctx: C) => X,
): DiffRun<C, X> {
  const st = new NativeState(options.nlocals ?? 8, options.size ?? 64 * 1024);
  try {
    const { sp, ctx } = setup(st);
    const bytes = new Uint8Array(st.u32.buffer);
    const initial = bytes.slice();
    const jit = capture(st, native(st, sp), ctx, inspect);
    bytes.set(initial);
    const interp = capture(st, interpreted(st, sp), ctx, inspect);
    assertSameRuns(label, st, jit, interp);
    return { jit, interp, ctx, frame: st.frame, stackBase: st.stackBase, base: st.base };
  } finally {
    st.dispose();
  }
}

/** The words a model expects, as descriptions, for readable diffs in expect(). */
export function describeWords(ws: readonly bigint[]): string[] {
  return ws.map(describeWord);
}
