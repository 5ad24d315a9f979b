// SIGINT as python3 handles it: a native handler that only sets a flag, and
// the program raising KeyboardInterrupt where it next looks (tier-1 at
// back-edges and calls, traces at their entry and loop back-edge through
// CHECK_INTERRUPT). The program runs synchronously on the JavaScript thread,
// so no JavaScript handler could run before it ends: the handler is the
// support code's support_on_sigint (cases/support.c), linked once into a
// small block of its own (the JIT runtime, built only when something gets
// hot, has its own copy), and installed with sigaction.
//
// It writes to the interrupt cell (interrupt-cell.ts). As python3, a SIGINT that
// the parent set to be ignored (a background job of a non-interactive shell)
// stays ignored.
import { koffi, lookupSymbol, mapMemory, protectMemory, PROT_EXEC, PROT_READ, PROT_WRITE, viewMemory } from '../../jit/native.ts';
import { emitSupport, layoutSupport, type SupportLayout } from '../../jit/support-linker.ts';
import { loadSupport, machineOf, type LoadedStencil, type LoadedTable } from '../../jit/stencil-loader.ts';
import { hostTarget } from '../../jit/host.ts';
import { TABLES } from '../tracing/vm-jit-runtime.ts';
import { interruptCell } from './interrupt-cell.ts';

const SIGINT = 2;
const SIG_DFL = 0n;
const SIG_IGN = 1n;
// glibc's struct sigaction on x86_64 and aarch64: handler, 128-byte mask, flags, restorer.
const SIGACTION_BYTES = 152;
const SA_FLAGS_OFFSET = 136;
const SA_ONSTACK = 0x08000000;
// Reads and writes of stdout/stdin go on after the handler (python3 sees no EINTR either: it retries).
const SA_RESTART = 0x10000000;

const libc = koffi.load('libc.so.6');
const sigaction = libc.func('int sigaction(int signum, void *act, void *oldact)');

let handler = 0;
let installed = false;

/** The host table's support code, decoded, prelinked and laid out; null when the table cannot be used (the JIT reports why when it is built). */
let support: { table: LoadedTable; layout: SupportLayout } | null | undefined;

/**
 * Decodes and prelinks the support code for the handler (JavaScript only, so
 * the run's start-up snapshot does it once for every run).
 */
export function prepareSigintHandler(): void {
  if (support !== undefined) return;
  const table = TABLES[hostTarget()];
  let code: LoadedStencil;
  try {
    code = loadSupport(table);
  } catch {
    support = null;
    return;
  }
  const loaded = { target: table.target, machine: machineOf(table.target), symbols: table.symbols, opargFields: table.opargFields, support: code } as Pick<LoadedTable, 'target' | 'machine' | 'symbols' | 'opargFields' | 'support'> as LoadedTable;
  support = { table: loaded, layout: layoutSupport(code) };
}

/** The support code's SIGINT handler, linked once; 0 when the table cannot be used. */
function linkHandler(): number {
  if (handler !== 0) return handler;
  prepareSigintHandler();
  if (!support) return 0;
  const { table, layout } = support;
  const base = mapMemory(layout.totalSize, PROT_READ | PROT_WRITE);
  const exports = emitSupport(table, new Uint8Array(viewMemory(base, layout.totalSize)), base, layout, (name) => {
    if (name === 'vm_interrupt_cell') return interruptCell();
    const a = lookupSymbol(name);
    if (a === 0) throw new Error(`symbol '${name}' of the support code cannot be resolved`);
    return a;
  });
  // Fresh anonymous pages on their first executable mapping: no instruction-cache flush needed.
  protectMemory(base, layout.dataStart, PROT_READ | PROT_EXEC);
  if (layout.totalSize > layout.dataStart) protectMemory(base + layout.dataStart, layout.totalSize - layout.dataStart, PROT_READ);
  handler = exports.get('support_on_sigint') ?? 0;
  return handler;
}

function setAction(fn: bigint, flags: number): bigint {
  const act = Buffer.alloc(SIGACTION_BYTES);
  act.writeBigUInt64LE(fn, 0);
  act.writeInt32LE(flags, SA_FLAGS_OFFSET);
  const old = Buffer.alloc(SIGACTION_BYTES);
  if (sigaction(SIGINT, act, old) !== 0) throw new Error(`sigaction(SIGINT) failed: errno ${koffi.errno()}`);
  return old.readBigUInt64LE(0);
}

function currentAction(): bigint {
  const old = Buffer.alloc(SIGACTION_BYTES);
  if (sigaction(SIGINT, null, old) !== 0) return SIG_DFL;
  return old.readBigUInt64LE(0);
}

/**
 * Installs the native SIGINT handler for the program about to run (unless
 * SIGINT is ignored). Returns false when it could not be installed: SIGINT
 * then ends the process by its default action, as before.
 */
export function installSigintHandler(): boolean {
  if (installed) return true;
  if (currentAction() === SIG_IGN) return false;
  let fn = 0;
  try {
    fn = linkHandler();
  } catch {
    // Whatever keeps the handler from linking, the JIT reports when it is built; SIGINT keeps its default action.
  }
  if (fn === 0) return false;
  setAction(BigInt(fn), SA_RESTART | SA_ONSTACK);
  installed = true;
  return true;
}

/** Gives SIGINT back its default action (before waiting on the event loop, or dying by the signal). */
export function uninstallSigintHandler(): void {
  if (!installed) return;
  setAction(SIG_DFL, 0);
  installed = false;
}

/**
 * Ends the process as python3 ends it after an uncaught KeyboardInterrupt:
 * SIGINT's default action, then the signal itself (the parent sees death by
 * SIGINT, the shell status 130). Returns only if that did not end it.
 */
export function dieBySigint(): void {
  installed = true; // so uninstall resets the action to SIG_DFL whatever it was
  uninstallSigintHandler();
  process.kill(process.pid, 'SIGINT');
}
