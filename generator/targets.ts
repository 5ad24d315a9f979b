// The targets stencils are built for, and the clang-19 flags for each. Flags
// are part of every digest: changing one regenerates that target.
import { EM_AARCH64, EM_X86_64 } from './elf-reader.ts';

export interface Target {
  /** The target triple, also the build/ directory name. */
  triple: string;
  /** ELF machine number objects must carry. */
  machine: number;
  /** Capstone architecture and mode for disassembly. */
  capstone: { arch: 'x86' | 'arm64' };
  flags: readonly string[];
  /** Flags for the support code (helpers, shim, uop interpreter) instead of `flags`. */
  supportFlags: readonly string[];
}

export const COMMON_FLAGS = [
  '-O2',
  '-std=c11',
  '-ffreestanding',
  '-fno-builtin',
  '-fno-stack-protector',
  '-fno-asynchronous-unwind-tables',
  '-fno-unwind-tables',
  '-fno-exceptions',
  '-fno-ident',
  '-Wall',
  '-Werror=implicit-function-declaration',
  '-Werror=return-type',
  // An output a uop leaves unassigned on some path pushes garbage: refuse it.
  '-Werror=uninitialized',
  '-Werror=sometimes-uninitialized',
  '-Wno-unused-variable',
  '-Wno-unused-but-set-variable',
] as const;

export const TARGETS: readonly Target[] = [
  {
    triple: 'x86_64-unknown-linux-gnu',
    machine: EM_X86_64,
    capstone: { arch: 'x86' },
    // -fno-plt: calls and tail calls go through GOTPCRELX, which the patcher
    // relaxes to direct rel32 branches (or a GOT slot when out of range).
    // -fno-jump-tables: a medium-model jump table is a 32-bit absolute address,
    // which code mapped above 2 GiB cannot use.
    // -mlarge-data-threshold=1: `_JIT_OPARG[1]` is small data (a 32-bit
    // immediate) while the unsized `_JIT_OPERAND*` stay 64-bit absolutes.
    flags: ['--target=x86_64-unknown-linux-gnu', '-fno-pic', '-mcmodel=medium', '-mlarge-data-threshold=1', '-fno-plt', '-fno-jump-tables', ...COMMON_FLAGS],
    // Position-independent: the medium model would address the uop interpreter's
    // jump table with a 32-bit absolute, which code mapped above 2 GiB cannot use.
    // Frame pointers in the support code only: jit_enter's rbp frame is the trace's
    // entry frame (preserve_none stencils save rbp wherever they use it), so a
    // frame-pointer unwinder (perf --call-graph=fp) walks helper -> trace -> host.
    // The stencils stay as they are: with frame pointers every one of them would
    // push and pop rbp (measured +21-37% time in traces); this costs three
    // instructions per trace entry and per helper call.
    supportFlags: ['--target=x86_64-unknown-linux-gnu', '-fno-omit-frame-pointer', '-fpic', '-fno-plt', ...COMMON_FLAGS],
  },
  {
    triple: 'aarch64-unknown-linux-gnu',
    machine: EM_AARCH64,
    capstone: { arch: 'arm64' },
    // PLT-style calls: tail calls become `b` (JUMP26) rather than a GOT load and
    // `br`, so a stencil's final jump to the next one can be dropped; a target out
    // of range gets a trampoline. Opargs, operands and data addresses go through GOT
    // pairs, which the patcher rewrites into the value (movz/movk, adr, adrp+add).
    flags: ['--target=aarch64-unknown-linux-gnu', '-fpic', '-mno-outline-atomics', ...COMMON_FLAGS],
    supportFlags: ['--target=aarch64-unknown-linux-gnu', '-fpic', '-mno-outline-atomics', ...COMMON_FLAGS],
  },
];

export function findTarget(name: string): Target {
  const t = TARGETS.find((t) => t.triple === name || t.triple.startsWith(`${name}-`));
  if (!t) throw new Error(`unknown target '${name}': expected one of ${TARGETS.map((t) => t.triple).join(', ')}`);
  return t;
}
