// ELF machine numbers of the targets stencils are built for.
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
