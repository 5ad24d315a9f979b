// The bundled VM's JIT runtime: the toolkit's JitRuntime given this VM's
// generated tables (build/), its uop metadata and its entry ABI.
import { table as aarch64Table } from '../../../build/aarch64-unknown-linux-gnu/stencils.ts';
import { ENTRY_ABI, UOP_METADATA } from '../../../build/uops.ts';
import { table as x86_64Table } from '../../../build/x86_64-unknown-linux-gnu/stencils.ts';
import type { StencilTable } from '../../../format/stencil-format.ts';
import { hostTarget } from '../../jit/host.ts';
import { JitRuntime, type JitRuntimeOptions } from '../../jit/jit-runtime.ts';
import { interruptCell } from '../signals/interrupt-cell.ts';

/** The VM's stencil tables by target triple. */
export const TABLES: Readonly<Record<string, StencilTable>> = {
  [x86_64Table.target]: x86_64Table,
  [aarch64Table.target]: aarch64Table,
};

/** What the VM's support code takes from the runtime besides libc and libm (cases/stencil.config.json externals). */
export function vmHostSymbols(): Record<string, number> {
  return { vm_interrupt_cell: interruptCell() };
}

/** A JitRuntime for this host with the VM's tables. */
export function createJitRuntime(options: Omit<JitRuntimeOptions, 'table' | 'uops' | 'abi'> = {}): JitRuntime {
  return new JitRuntime({ table: TABLES[hostTarget()], uops: UOP_METADATA, abi: ENTRY_ABI, ...options, hostSymbols: { ...vmHostSymbols(), ...options.hostSymbols } });
}
