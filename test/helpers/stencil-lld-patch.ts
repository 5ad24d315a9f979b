// Test support: what our runtime makes of one stencil at the test's addresses.
// The stencil (as the trace compiler loads it) is copied to CODE_BASE (code) and
// DATA_BASE (data) and patched by patchHoles with a real SlotAllocator, the
// same way TraceEmitter and the support linker do. The allocator's slots and
// trampolines either follow the trace compiler's own layout (fresh) or are
// pre-seeded with lld's GOT entries and thunks, in lld's order and at lld's
// addresses (mirrored), so that the whole text can be compared with lld's.
import { EM_X86_64 } from '../../format/elf-machines.ts';
import { newHoleContext, patchHoles, splitWord } from '../../runtime/jit/hole-patcher.ts';
import { SLOT_SIZE, SlotAllocator, TRAMPOLINE_SIZE } from '../../runtime/jit/slot-allocator.ts';
import type { LoadedStencil } from '../../runtime/jit/stencil-loader.ts';
import type { OpargField } from '../../format/stencil-format.ts';
import { CODE_BASE, CODE_IMAGE_SIZE, DATA_BASE, DATA_IMAGE_SIZE, GOT_BASE, JIT_TARGETS } from './stencil-lld-link.ts';

/** Memory the checks can read: our image, or lld's output. */
export interface Memory {
  bytes(addr: number, size: number): Uint8Array | undefined;
  read64(addr: number): bigint | undefined;
}

export interface PatchedImage extends Memory {
  /** Code, trampolines and slots, from CODE_BASE. */
  code: Uint8Array;
  /** Read-only data, from DATA_BASE. */
  data: Uint8Array;
  slots: SlotAllocator;
}

/** What every hole stands for in one test case. */
export interface HoleValues {
  operand0: bigint;
  operand1: bigint;
  oparg: number;
  /** Address of each table symbol. */
  symbolAddresses: Float64Array;
  symbolNames: readonly string[];
  opargFields: readonly OpargField[];
}

/** lld's GOT entries and thunks, to place our slots and trampolines at the same addresses. */
export interface LldSlotsSeed {
  got: readonly bigint[];
  /** Thunk addresses (ascending) and the targets they jump to. */
  thunks: ReadonlyArray<{ address: number; target: number }>;
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** Where the stencil's cold part goes: after its code, as the trace compiler puts it after the trace body. */
export function coldBase(s: LoadedStencil): number {
  return CODE_BASE + align(s.code.length, 16);
}

function imageMemory(regions: ReadonlyArray<[number, Uint8Array]>): Memory {
  const bytes = (addr: number, size: number) => {
    for (const [base, buf] of regions) {
      const at = addr - base;
      if (at >= 0 && at + size <= buf.length) return buf.subarray(at, at + size);
    }
    return undefined;
  };
  const read64 = (addr: number) => {
    const b = bytes(addr, 8);
    return b ? new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true) : undefined;
  };
  return { bytes, read64 };
}

/**
 * Copies `s` to CODE_BASE (code) and DATA_BASE (data) and patches it for the
 * trace targets of JIT_TARGETS and `values`, like TraceEmitter.emit.
 */
export function patchStencil(machine: number, s: LoadedStencil, values: HoleValues, seed?: LldSlotsSeed): PatchedImage {
  const code = new Uint8Array(CODE_IMAGE_SIZE);
  const data = new Uint8Array(DATA_IMAGE_SIZE);
  const slotStart = GOT_BASE - CODE_BASE;
  const coldStart = coldBase(s) - CODE_BASE;
  code.set(s.code, 0);
  code.set(s.coldCode, coldStart);
  data.set(s.data, 0);
  const slots = new SlotAllocator(machine);
  const trampolineStart = seed && seed.thunks.length > 0 ? seed.thunks[0].address - CODE_BASE : align(coldStart + s.coldCode.length, 16);
  slots.reset(code, CODE_BASE, slotStart, CODE_IMAGE_SIZE, trampolineStart, slotStart);
  if (seed) {
    for (const word of seed.got) {
      const [lo, hi] = splitWord(word);
      const at = slots.valueSlot(lo, hi);
      if (at !== CODE_BASE + slotStart + slots.slotBytesUsed - SLOT_SIZE) throw new Error(`lld's GOT holds 0x${word.toString(16)} twice`);
    }
    seed.thunks.forEach((t, i) => {
      if (t.address !== seed.thunks[0].address + i * TRAMPOLINE_SIZE) throw new Error(`lld's thunks are not ${TRAMPOLINE_SIZE} bytes apart`);
      slots.trampoline(t.target);
    });
  }
  const ctx = newHoleContext(values.symbolAddresses, values.symbolNames, values.opargFields);
  ctx.stencilName = s.name;
  ctx.code = CODE_BASE;
  ctx.cold = CODE_BASE + coldStart;
  ctx.data = DATA_BASE;
  ctx.continueTo = JIT_TARGETS._JIT_CONTINUE;
  ctx.jumpTarget = JIT_TARGETS._JIT_JUMP_TARGET;
  ctx.exit = JIT_TARGETS._JIT_EXIT;
  ctx.top = JIT_TARGETS._JIT_TOP;
  ctx.oparg = values.oparg;
  [ctx.operand0Lo, ctx.operand0Hi] = splitWord(values.operand0);
  [ctx.operand1Lo, ctx.operand1Hi] = splitWord(values.operand1);
  // Code and data are patched in separate buffers (the trace compiler uses one; the
  // patcher only sees a buffer and its address either way).
  patchHoles(code, CODE_BASE, 0, s.codeHoles, ctx, slots);
  patchHoles(code, CODE_BASE, coldStart, s.coldHoles, ctx, slots);
  patchHoles(data, DATA_BASE, 0, s.dataHoles, ctx, slots);
  return { code, data, slots, ...imageMemory([[CODE_BASE, code], [DATA_BASE, data]]) };
}

/** The 16 bytes of a trampoline to `target` as SlotAllocator (and lld's AArch64AbsLongThunk) writes them. */
export function trampolineTarget(machine: number, mem: Memory, addr: number): number | undefined {
  const b = mem.bytes(addr, TRAMPOLINE_SIZE);
  if (!b) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, TRAMPOLINE_SIZE);
  if (machine === EM_X86_64) {
    // jmp *0(%rip); .quad target
    if (b[0] !== 0xff || b[1] !== 0x25 || dv.getInt32(2, true) !== 0) return undefined;
    return Number(dv.getBigUint64(6, true));
  }
  // ldr x16, .+8; br x16; .quad target
  if (dv.getUint32(0, true) !== 0x58000050 || dv.getUint32(4, true) !== 0xd61f0200) return undefined;
  return Number(dv.getBigUint64(8, true));
}
