// The stencil format shared by the generator and the runtime: what a table
// holds (stencils, holes, hole values, patch kinds, ELF machines, oparg
// fields, uop facts, the entry ABI) and the digests that check it. The
// package export `stencil-jit/format`; generated tables outside this
// checkout import their types from it.
export * from './stencil-format.ts';
export * from './patch-kinds.ts';
export * from './elf-machines.ts';
export { relocationName, R_AARCH64, R_X86_64 } from './relocations.ts';
export { metadataContentDigest, tableContentDigest } from './content-digest.ts';
