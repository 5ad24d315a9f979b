// The runtime a VM compiles and runs traces with (the package export
// `stencil-jit/runtime`): a JitRuntime made from one generated stencil table,
// its uop metadata and its entry ABI, which copies and patches stencils into
// executable memory, enters traces, links and frees them. It imports nothing
// of the generator (no clang, no capstone) and nothing of any VM.
export { JitRuntime, hostTarget, type CompiledTrace, type CompileOptions, type JitRuntimeOptions } from './jit-runtime.ts';
export { loadTable, type LoadedTable } from './stencil-loader.ts';
export { StencilTableError } from './table-check.ts';
export { layoutTrace, TraceError, type ExitInfo, type ExitKind, type TraceInstruction, type TraceLayout } from './trace-compiler.ts';
export { CodeMemoryError } from './code-memory.ts';
export { lookupSymbol, mapMemory, PROT_READ, PROT_WRITE, unmapMemory, viewMemory } from './native.ts';
