// Disassembly through capstone-wasm, for table comments, `inspect` and
// --jit-dump. capstone-wasm (a 2 MB WebAssembly module) is imported on the
// first disassembly, so that importing this file (the VM's jit-report does)
// costs a run nothing.
import type { Capstone } from 'capstone-wasm';
import type { Target } from './targets.ts';

export interface Instruction {
  address: number;
  size: number;
  bytes: Uint8Array;
  text: string;
}

let loaded: Promise<typeof import('capstone-wasm')> | null = null;
const engines = new Map<string, Capstone>();

async function engine(arch: Target['capstone']['arch']): Promise<Capstone> {
  loaded ??= import('capstone-wasm').then(async (m) => {
    await m.loadCapstone();
    return m;
  });
  const { Capstone, Const } = await loaded;
  let cs = engines.get(arch);
  if (!cs) {
    cs = arch === 'x86' ? new Capstone(Const.CS_ARCH_X86, Const.CS_MODE_64) : new Capstone(Const.CS_ARCH_ARM64, Const.CS_MODE_ARM);
    engines.set(arch, cs);
  }
  return cs;
}

type CapstoneInsn = ReturnType<Capstone['disasm']>[number];

// capstone-wasm traps on large inputs ("table index is out of bounds" on the
// 135 KB support library): code goes in windows, and an instruction that ends
// near a window's end is decoded again from the next window (it may be cut).
const WINDOW = 16 * 1024;
const LONGEST_INSN = 16;

/**
 * Walks all of `code` at `address`: visit gets each decoded instruction, or
 * null for `step` bytes capstone cannot decode (then the walk goes on after them).
 */
export function walkCode(cs: Capstone, code: Uint8Array, address: number, step: number, visit: (insn: CapstoneInsn | null, at: number, size: number) => void): void {
  let at = 0;
  while (at < code.length) {
    const end = Math.min(code.length, at + WINDOW);
    let insns: CapstoneInsn[] = [];
    try {
      insns = cs.disasm(code.subarray(at, end), { address: address + at });
    } catch {
      // nothing decodable at `at`
    }
    let taken = 0;
    for (const i of insns) {
      if (end < code.length && at + i.size > end - LONGEST_INSN && taken > 0) break;
      visit(i, at, i.size);
      at += i.size;
      taken++;
    }
    if (taken === 0) {
      const n = Math.min(step, code.length - at);
      visit(null, at, n);
      at += n;
    }
  }
}

/** Disassembles all of `code`; bytes capstone cannot decode show as `.byte`. */
export async function disassemble(arch: Target['capstone']['arch'], code: Uint8Array, address = 0): Promise<Instruction[]> {
  const cs = await engine(arch);
  const out: Instruction[] = [];
  walkCode(cs, code, address, arch === 'x86' ? 1 : 4, (i, at, size) => {
    if (i) {
      out.push({ address: Number(i.address), size: i.size, bytes: i.bytes, text: `${i.mnemonic} ${i.opStr}`.trim() });
    } else {
      const bytes = code.subarray(at, at + size);
      out.push({ address: address + at, size, bytes, text: `.byte ${[...bytes].map((b) => `0x${b.toString(16)}`).join(', ')}` });
    }
  });
  return out;
}

export interface DecodedInstruction {
  address: number;
  size: number;
  bytes: Uint8Array;
  mnemonic: string;
  operands: string;
}

/** Loads capstone for `arch` so that decodeSync can run inside synchronous code. */
export async function loadDecoder(arch: Target['capstone']['arch']): Promise<void> {
  await engine(arch);
}

/** Every instruction of `code`, or null where capstone cannot decode all of it. Needs loadDecoder first. */
export function decodeSync(arch: Target['capstone']['arch'], code: Uint8Array): DecodedInstruction[] | null {
  const cs = engines.get(arch);
  if (!cs) throw new Error(`decodeSync: call loadDecoder('${arch}') first`);
  const out: DecodedInstruction[] = [];
  let size = 0;
  for (const i of cs.disasm(code, { address: 0 })) {
    out.push({ address: Number(i.address), size: i.size, bytes: i.bytes.slice(), mnemonic: i.mnemonic, operands: i.opStr });
    size += i.size;
  }
  return size === code.length ? out : null;
}
