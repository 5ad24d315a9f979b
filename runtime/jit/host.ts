// Which of the stencil targets this process runs on.

/** The target triple of the host's stencils (build/<triple>/stencils.ts). */
export function hostTarget(): string {
  if (process.platform !== 'linux') throw new Error(`the JIT runs on Linux only (this is ${process.platform})`);
  if (process.arch === 'x64') return 'x86_64-unknown-linux-gnu';
  if (process.arch === 'arm64') return 'aarch64-unknown-linux-gnu';
  throw new Error(`no stencils for ${process.arch}`);
}
