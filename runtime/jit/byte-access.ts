// Little-endian reads and writes of instruction and data fields in a byte
// array: what every patcher needs, allocation-free for the hot path.

const TWO_32 = 0x1_0000_0000;

export function read32(code: Uint8Array, at: number): number {
  return (code[at] | (code[at + 1] << 8) | (code[at + 2] << 16) | (code[at + 3] << 24)) >>> 0;
}

export function write8(code: Uint8Array, at: number, v: number): void {
  code[at] = v & 0xff;
}

export function write16(code: Uint8Array, at: number, v: number): void {
  code[at] = v & 0xff;
  code[at + 1] = (v >>> 8) & 0xff;
}

/** Writes the low 32 bits of v (any safe integer; two's complement for negatives). */
export function write32(code: Uint8Array, at: number, v: number): void {
  code[at] = v & 0xff;
  code[at + 1] = (v >>> 8) & 0xff;
  code[at + 2] = (v >>> 16) & 0xff;
  code[at + 3] = (v >>> 24) & 0xff;
}

/** Writes v (any safe integer) as a 64-bit two's complement value. */
export function write64(code: Uint8Array, at: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  write32(code, at, v - hi * TWO_32);
  write32(code, at + 4, hi);
}
