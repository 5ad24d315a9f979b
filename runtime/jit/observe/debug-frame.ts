// DWARF call frame information in a .debug_frame section (DWARF 4 spec,
// section 6.4): one CIE (CFA = rsp + 8, return address at CFA - 8, as at any
// x86_64 call) and one FDE per function whose rows follow the frame states of
// frame-analysis.ts. Absolute 8-byte addresses: the objects carry no relocations.
import { X86_64_RA, type FrameState } from './frame-analysis.ts';

const DW_CFA_advance_loc1 = 0x02;
const DW_CFA_advance_loc2 = 0x03;
const DW_CFA_advance_loc4 = 0x04;
const DW_CFA_def_cfa = 0x0c;
const DW_CFA_def_cfa_offset = 0x0e;
const DW_CFA_undefined = 0x07;
const DW_CFA_offset = 0x80;
const DW_CFA_restore = 0xc0;
const RSP = 7;

function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
}

function sleb(out: number[], v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) return void out.push(b);
    out.push(b | 0x80);
  }
}

function u32(out: number[], v: number): void {
  out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

function u64(out: number[], v: number): void {
  u32(out, v >>> 0);
  u32(out, Math.floor(v / 4294967296));
}

/** A length-prefixed entry padded with DW_CFA_nop to 8 bytes. */
function entry(body: number[]): number[] {
  while ((body.length + 4) % 8) body.push(0);
  const out: number[] = [];
  u32(out, body.length);
  return out.concat(body);
}

export interface FdeInput {
  start: number;
  size: number;
  /** Frame state before each instruction (absolute address); null or absent: unknown. */
  rows: readonly [number, FrameState | null][];
}

export function encodeDebugFrame(fdes: readonly FdeInput[]): Uint8Array {
  const cie: number[] = [];
  u32(cie, 0xffffffff); // CIE id
  cie.push(1, 0); // version 1, augmentation ""
  uleb(cie, 1); // code alignment
  sleb(cie, -8); // data alignment
  cie.push(X86_64_RA);
  cie.push(DW_CFA_def_cfa, RSP, 8, DW_CFA_offset | X86_64_RA, 1);
  const out = entry(cie);
  for (const f of fdes) {
    const body: number[] = [];
    u32(body, 0); // CIE pointer: the CIE at offset 0
    u64(body, f.start);
    u64(body, f.size);
    let at = f.start;
    let cfa = 8;
    let saved = new Map<number, number>();
    let raKnown = true;
    for (const [addr, s] of [...f.rows].sort((a, b) => a[0] - b[0])) {
      if (addr < f.start || addr >= f.start + f.size) continue;
      const ops: number[] = [];
      if (!s) {
        if (raKnown) ops.push(DW_CFA_undefined, X86_64_RA);
        raKnown = false;
      } else {
        if (!raKnown) ops.push(DW_CFA_offset | X86_64_RA, 1);
        raKnown = true;
        if (s.cfa !== cfa) {
          ops.push(DW_CFA_def_cfa_offset);
          uleb(ops, s.cfa);
          cfa = s.cfa;
        }
        for (const [r] of saved) if (!s.saved.has(r)) ops.push(DW_CFA_restore | r);
        for (const [r, o] of s.saved) {
          if (saved.get(r) === o) continue;
          ops.push(DW_CFA_offset | r);
          uleb(ops, -o / 8);
        }
        saved = new Map(s.saved);
      }
      if (!ops.length) continue;
      const delta = addr - at;
      if (delta > 0) {
        if (delta < 0x100) body.push(DW_CFA_advance_loc1, delta);
        else if (delta < 0x10000) body.push(DW_CFA_advance_loc2, delta & 0xff, delta >> 8);
        else (body.push(DW_CFA_advance_loc4), u32(body, delta));
      }
      at = addr;
      body.push(...ops);
    }
    // The CIE pointer is the offset of the CIE from the section start (0).
    out.push(...entry(body));
  }
  return Uint8Array.from(out);
}
