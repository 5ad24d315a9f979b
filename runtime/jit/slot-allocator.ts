// GOT slots, constant slots and branch trampolines for one piece of emitted
// code, carved lazily out of space the trace compiler reserved for them.
import { write32 } from './byte-access.ts';
import { EM_X86_64 } from '../../format/elf-machines.ts';
import type { PatchSlots } from './hole-patcher.ts';

export const SLOT_SIZE = 8;
export const TRAMPOLINE_SIZE = 16;

export class SlotAllocator implements PatchSlots {
  private buf: Uint8Array = new Uint8Array(0);
  private bufAddress = 0;
  private slotStart = 0;
  private slotEnd = 0;
  private slotNext = 0;
  private trampStart = 0;
  private trampEnd = 0;
  private trampNext = 0;
  /** Words already placed, as lo/hi pairs, to reuse slots. */
  private slotWords: number[] = [];
  private trampTargets: number[] = [];

  constructor(private readonly machine: number) {}

  /** Points the allocator at new space: slot and trampoline ranges are offsets into buf. */
  reset(buf: Uint8Array, bufAddress: number, slotStart: number, slotEnd: number, trampStart: number, trampEnd: number): void {
    this.buf = buf;
    this.bufAddress = bufAddress;
    this.slotStart = this.slotNext = slotStart;
    this.slotEnd = slotEnd;
    this.trampStart = this.trampNext = trampStart;
    this.trampEnd = trampEnd;
    this.slotWords.length = 0;
    this.trampTargets.length = 0;
  }

  get slotBytesUsed(): number {
    return this.slotNext - this.slotStart;
  }

  get trampolineBytesUsed(): number {
    return this.trampNext - this.trampStart;
  }

  private writeU32(at: number, v: number): void {
    write32(this.buf, at, v);
  }

  valueSlot(lo: number, hi: number): number {
    const words = this.slotWords;
    for (let i = 0; i < words.length; i += 2) {
      if (words[i] === lo && words[i + 1] === hi) return this.bufAddress + this.slotStart + (i / 2) * SLOT_SIZE;
    }
    if (this.slotNext + SLOT_SIZE > this.slotEnd) throw new Error('internal error: trace compiler reserved too few GOT/constant slots');
    const at = this.slotNext;
    this.slotNext += SLOT_SIZE;
    this.writeU32(at, lo);
    this.writeU32(at + 4, hi);
    words.push(lo, hi);
    return this.bufAddress + at;
  }

  gotSlot(target: number): number {
    return this.valueSlot(target >>> 0, Math.floor(target / 4294967296) >>> 0);
  }

  trampoline(target: number): number {
    const i = this.trampTargets.indexOf(target);
    if (i >= 0) return this.bufAddress + this.trampStart + i * TRAMPOLINE_SIZE;
    if (this.trampNext + TRAMPOLINE_SIZE > this.trampEnd) throw new Error('internal error: trace compiler reserved too few trampolines');
    const at = this.trampNext;
    this.trampNext += TRAMPOLINE_SIZE;
    if (this.machine === EM_X86_64) {
      // jmp *0(%rip); .quad target
      this.buf.set([0xff, 0x25, 0, 0, 0, 0], at);
      this.writeU32(at + 6, target >>> 0);
      this.writeU32(at + 10, Math.floor(target / 4294967296) >>> 0);
    } else {
      // ldr x16, .+8; br x16; .quad target
      this.writeU32(at, 0x58000050);
      this.writeU32(at + 4, 0xd61f0200);
      this.writeU32(at + 8, target >>> 0);
      this.writeU32(at + 12, Math.floor(target / 4294967296) >>> 0);
    }
    this.trampTargets.push(target);
    return this.bufAddress + at;
  }
}
