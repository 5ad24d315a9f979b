// Test support: what register value a patched aarch64 GOT pair leaves, read
// from capstone's disassembly of its two instructions, whichever form the
// patcher chose (runtime/jit/patch-aarch64.ts, patchGotPairHalf):
//   mov/movn xN, #v (capstone shows MOVZ and MOVN as `mov` with the value); movk xN, #g, lsl #s | nop
//   adr xN, #X; nop
//   adrp xN, #page; add xN, xN, #lo
//   adrp xN, #page; ldr xN, [xN, #lo]   (a slot: `load` reads it)
// Independent of the patcher's own encoders: only capstone's text is read.
import type { Insn } from 'capstone-wasm';

const M64 = (1n << 64n) - 1n;

function numbers(opStr: string): bigint[] {
  return [...opStr.replace(/\b[xw]\d+\b/g, '').matchAll(/(-?)(0x[0-9a-f]+|\b\d+\b)/g)].map((m) => (m[1] ? -BigInt(m[2]) : BigInt(m[2])));
}

const reg = (opStr: string) => /^([xw]\d+)/.exec(opStr)?.[1];

/** The 64-bit value the pair leaves in its register, or a string saying why it does not form a pair. */
export function pairValue(first: Insn | undefined, second: Insn | undefined, load: (address: bigint) => bigint | undefined): bigint | string {
  if (!first || !second) return 'does not disassemble';
  const r = reg(first.opStr);
  if (!r || !r.startsWith('x')) return `starts with \`${first.mnemonic} ${first.opStr}\``;
  const a = numbers(first.opStr);
  const b = numbers(second.opStr);
  const sameReg = reg(second.opStr) === r;
  switch (first.mnemonic) {
    case 'mov':
    case 'movz':
    case 'movn': {
      let v = first.mnemonic === 'mov' ? a[0] : a[0] << (a[1] ?? 0n);
      if (first.mnemonic === 'movn') v = ~v;
      v &= M64;
      if (second.mnemonic === 'nop') return v;
      if (second.mnemonic !== 'movk' || !sameReg) return `\`${first.mnemonic}\` then \`${second.mnemonic} ${second.opStr}\``;
      const shift = b[1] ?? 0n;
      return ((v & ~(0xffffn << shift)) | (b[0] << shift)) & M64;
    }
    case 'adr':
      return second.mnemonic === 'nop' ? a[0] & M64 : `adr then \`${second.mnemonic}\``;
    case 'adrp': {
      if (!sameReg) return 'registers differ';
      const lo = /#/.test(second.opStr) ? b[b.length - 1] : 0n;
      if (second.mnemonic === 'add' && second.opStr.startsWith(`${r}, ${r},`)) return (a[0] + lo) & M64;
      if (second.mnemonic === 'ldr' && second.opStr.startsWith(`${r}, [${r}`)) {
        const held = load(a[0] + lo);
        return held === undefined ? `loads from 0x${(a[0] + lo).toString(16)}, which holds nothing` : held & M64;
      }
      return `adrp then \`${second.mnemonic} ${second.opStr}\``;
    }
  }
  return `starts with \`${first.mnemonic} ${first.opStr}\``;
}
