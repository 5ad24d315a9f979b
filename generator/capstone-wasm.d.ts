// capstone-wasm ships types its package.json "exports" does not point at;
// this declares the part stencil-jit uses.
declare module 'capstone-wasm' {
  export interface Insn {
    id: number;
    address: number | bigint;
    size: number;
    bytes: Uint8Array;
    mnemonic: string;
    opStr: string;
  }
  export class Capstone {
    constructor(arch: number, mode: number);
    disasm(data: number[] | Uint8Array, options?: { address?: number | bigint; count?: number }): Insn[];
    close(): void;
  }
  export const Const: {
    CS_ARCH_X86: number;
    CS_ARCH_ARM64: number;
    CS_MODE_64: number;
    CS_MODE_ARM: number;
  };
  export function loadCapstone(args?: Record<string, unknown>): Promise<void>;
}
