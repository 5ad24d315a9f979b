// The interrupt cell: a page of the process that the native SIGINT handler
// (cases/support.c support_on_sigint, as the symbol `vm_interrupt_cell`)
// writes. Word 0 is the address of the running VM's VMState.interrupt (0
// between programs), word 1 a pending flag: a SIGINT that arrived before a VM
// was bound is taken over by the next one.
import { mapMemory, PROT_READ, PROT_WRITE, viewMemory } from '../../jit/native.ts';

let cell = 0;
let words: BigInt64Array | null = null;

/** The cell's address (mapped on first use). */
export function interruptCell(): number {
  if (cell === 0) {
    cell = mapMemory(4096, PROT_READ | PROT_WRITE);
    words = new BigInt64Array(viewMemory(cell, 16));
  }
  return cell;
}

/** Points the handler at a VM's interrupt word (its address); returns true when a SIGINT is already pending. */
export function bindInterruptWord(address: number): boolean {
  interruptCell();
  words![0] = BigInt(address);
  return words![1] !== 0n;
}

/** The VM is gone: the handler writes only the pending flag. */
export function unbindInterruptWord(): void {
  if (words) words[0] = 0n;
}

/** The SIGINT was taken (KeyboardInterrupt raised): clears the pending flag. */
export function clearPendingInterrupt(): void {
  if (words) words[1] = 0n;
}
