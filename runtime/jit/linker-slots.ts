// What the patcher needs from the runtime's in-memory linker when a target
// cannot be reached directly from the place being patched.

export interface LinkerSlots {
  /**
   * The address of an 8-byte GOT slot holding `target`, allocated lazily.
   * Must return the same slot for the same target (the aarch64 ADRP/LDR pair
   * asks once per instruction) and must lie within ±2 GiB of the code on
   * x86_64 and ±4 GiB (page distance) on aarch64.
   */
  gotSlot(target: number): number;
  /**
   * The address of a veneer that jumps to `target`, allocated lazily, within
   * branch range of the code (±128 MiB on aarch64, ±2 GiB on x86_64).
   * aarch64: `ldr x16, .+8; br x16; .quad target`.
   * x86_64: e.g. `jmp *0(%rip); .quad target`.
   */
  trampoline(target: number): number;
}
