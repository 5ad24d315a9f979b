// aarch64 stencil clean-up after clang, the counterpart of branch-relaxation.ts
// (x86_64): the same three steps, on fixed 4-byte instructions, decoded here.
//
// 1. Retargeting: a jump block is a `b` whose JUMP26 hole goes to a place in
//    the trace (`b _JIT_EXIT`). A branch to a block (`b.ne L` ... `L: b
//    _JIT_EXIT`) becomes a branch to that place (a CONDBR19, TSTBR14 or JUMP26
//    hole), and the block, if nothing else reaches it, goes.
// 2. Inversion: a conditional branch over a jump block (`b.eq L; b _JIT_EXIT;
//    L:`) becomes the inverted branch to the block's place (`b.ne _JIT_EXIT`):
//    the hot path falls through and one instruction goes.
// 3. Hot/cold splitting: everything after the first unconditional jump to
//    `_JIT_CONTINUE` moves to the stencil's cold part, which the trace compiler
//    places after the trace body; that jump is then last and the builder drops
//    it. Branches between the parts become holes against the other part
//    (HoleValue.COLD from hot code, HoleValue.CODE from cold code), of the kind
//    of the branch's field.
//
// Out of range (a trace body over ±32 KiB for TBZ, ±1 MiB for B.cond/CBZ),
// such a branch goes through a veneer the patcher places after the trace (the
// CONDBR19/TSTBR14 patch kinds may take a trampoline); the trace compiler checks
// before writing anything that every veneer is within reach
// (runtime/jit/trace-compiler.ts). Anything this pass does not understand
// (a BL or ADR without a hole, a self-reference) leaves the stencil as it was.
import { HOLE_ADDEND, HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_SYMBOL, HOLE_VALUE, HoleValue } from '../format/stencil-format.ts';
import { R_AARCH64 } from '../format/relocations.ts';
import type { CodePlace, MovedHole, Relaxed } from './branch-relaxation.ts';

/** Relaxation runs before patch kinds are chosen: the kind column still holds the ELF relocation type. */
const HOLE_TYPE = HOLE_KIND;

const TRACE_TARGETS = new Set<number>([HoleValue.CONTINUE, HoleValue.EXIT, HoleValue.JUMP_TARGET, HoleValue.TOP]);

type Kind = 'plain' | 'b' | 'bcond' | 'cb' | 'tb';

/** The branch field of each kind: bits, the ELF relocation a hole in it is. */
const FIELD: Record<Exclude<Kind, 'plain'>, { bits: 26 | 19 | 14; reloc: number }> = {
  b: { bits: 26, reloc: R_AARCH64.JUMP26 },
  bcond: { bits: 19, reloc: R_AARCH64.CONDBR19 },
  cb: { bits: 19, reloc: R_AARCH64.CONDBR19 },
  tb: { bits: 14, reloc: R_AARCH64.TSTBR14 },
};

interface Item {
  address: number;
  word: number;
  kind: Kind;
  /** Internal target (original address) of a branch without a hole, or -1. */
  target: number;
  /** Hole value the branch goes to after retargeting or inversion, or -1. */
  tail: number;
  /** Offset of the jump block's hole this branch took its target from. */
  from: number;
  /** Holes (row indices) inside this instruction. */
  rows: number[];
}

const HOT = 0;
const COLD = 1;

const read32 = (code: readonly number[], at: number) => (code[at] | (code[at + 1] << 8) | (code[at + 2] << 16) | (code[at + 3] << 24)) >>> 0;

function kindOf(w: number): Kind {
  if ((w & 0xfc000000) >>> 0 === 0x14000000) return 'b';
  if ((w & 0xff000010) >>> 0 === 0x54000000) return 'bcond';
  if ((w & 0x7e000000) >>> 0 === 0x34000000) return 'cb';
  if ((w & 0x7e000000) >>> 0 === 0x36000000) return 'tb';
  return 'plain';
}

/** Signed byte offset in a branch's field. */
function displacement(w: number, kind: Exclude<Kind, 'plain'>): number {
  const bits = FIELD[kind].bits;
  const shift = kind === 'b' ? 0 : 5;
  const raw = (w >>> shift) & ((1 << bits) - 1);
  return ((raw << (32 - bits)) >> (32 - bits)) * 4;
}

/** The branch with its field set to `delta` (bytes; caller checked the range). */
function withDisplacement(w: number, kind: Exclude<Kind, 'plain'>, delta: number): number {
  const bits = FIELD[kind].bits;
  const shift = kind === 'b' ? 0 : 5;
  const mask = ((1 << bits) - 1) << shift;
  return ((w & ~mask) | (((delta / 4) << shift) & mask)) >>> 0;
}

/** The same conditional branch with the opposite condition. */
function inverted(w: number, kind: Kind): number | null {
  if (kind === 'bcond') return (w & 0xe) === 0xe ? null : (w ^ 1) >>> 0; // AL/NV have no opposite
  if (kind === 'cb' || kind === 'tb') return (w ^ (1 << 24)) >>> 0;
  return null;
}

/** The internal target of a B, B.cond, CBZ/CBNZ or TBZ/TBNZ at `at`, or null for any other instruction. */
export function branchTargetOf(w: number, at: number): number | null {
  const kind = kindOf(w);
  return kind === 'plain' ? null : at + displacement(w, kind);
}

/** Instructions whose meaning depends on where they are and that have no hole: they would break when code moves. */
export function isPositionDependent(w: number): boolean {
  if ((w & 0x1f000000) >>> 0 === 0x10000000) return true; // ADR, ADRP
  if ((w & 0x3b000000) >>> 0 === 0x18000000) return true; // LDR (literal), LDRSW/PRFM (literal)
  if ((w & 0xfc000000) >>> 0 === 0x94000000) return true; // BL
  return false;
}

const fits = (delta: number, bits: number) => delta >= -(2 ** (bits + 1)) && delta < 2 ** (bits + 1);

export function relaxBranchesAarch64(code: number[], holes: number[]): Relaxed | null {
  if (code.length % 4 !== 0) return null;
  const rows: number[] = [];
  for (let i = 0; i < holes.length; i += HOLE_FIELDS) rows.push(i);
  if (rows.some((r) => holes[r + HOLE_VALUE] === HoleValue.CODE)) return null;
  const items: Item[] = [];
  for (let at = 0; at < code.length; at += 4) {
    const word = read32(code, at);
    const inside = rows.filter((r) => holes[r + HOLE_OFFSET] >= at && holes[r + HOLE_OFFSET] < at + 4);
    const kind = inside.length > 0 ? 'plain' : kindOf(word);
    if (kind === 'plain' && inside.length === 0 && isPositionDependent(word)) return null;
    const target = kind === 'plain' ? -1 : at + displacement(word, kind);
    if (kind !== 'plain' && (target < 0 || target >= code.length)) return null;
    items.push({ address: at, word, kind, target, tail: -1, from: -1, rows: inside });
  }
  // Jump blocks: `b T` with a JUMP26 hole at the instruction, T a place in the trace.
  const blocks = new Map<number, { value: number; hole: number }>();
  for (const it of items) {
    if (it.rows.length !== 1 || kindOf(it.word) !== 'b') continue;
    const r = it.rows[0];
    if (holes[r + HOLE_OFFSET] !== it.address || holes[r + HOLE_TYPE] !== R_AARCH64.JUMP26 || holes[r + HOLE_ADDEND] !== 0) continue;
    if (TRACE_TARGETS.has(holes[r + HOLE_VALUE])) blocks.set(it.address, { value: holes[r + HOLE_VALUE], hole: holes[r + HOLE_OFFSET] });
  }
  if (blocks.size === 0) return null;
  // 1. Retarget branches to jump blocks.
  let changed = 0;
  for (const it of items) {
    if (it.kind === 'plain') continue;
    const block = blocks.get(it.target);
    if (!block) continue;
    it.tail = block.value;
    it.from = block.hole;
    changed++;
  }
  // 2. Invert a conditional branch over a jump block (`b.cond L; b T; L:` -> `b.!cond T`).
  const dropped = new Set<number>();
  for (let k = 0; k + 1 < items.length; k++) {
    const it = items[k];
    const next = items[k + 1];
    const block = blocks.get(next.address);
    if (it.kind === 'plain' || it.kind === 'b' || it.tail >= 0 || it.target !== next.address + 4 || !block || dropped.has(next.address)) continue;
    // The block must not be reached otherwise (another branch, the instruction before falls into it only through `it`).
    if (items.some((o) => o !== it && o.tail < 0 && o.target === next.address)) continue;
    // Over a jump to the next stencil, the split below makes the fall-through path hot instead.
    if (block.value === HoleValue.CONTINUE) continue;
    const w = inverted(it.word, it.kind);
    if (w === null) continue;
    it.word = w;
    it.target = -1;
    it.tail = block.value;
    it.from = block.hole;
    dropped.add(next.address);
    changed++;
  }
  // Blocks nothing branches to any more, and that nothing falls into, are dead.
  const live = items.filter((it) => !dropped.has(it.address));
  const isUnconditionalEnd = (it: Item) =>
    kindOf(it.word) === 'b' ||
    (it.word & 0xfffffc1f) >>> 0 === 0xd61f0000 || // br
    (it.word & 0xfffffc1f) >>> 0 === 0xd65f0000; // ret
  const kept: Item[] = [];
  for (let k = 0; k < live.length; k++) {
    const it = live[k];
    if (k > 0 && blocks.has(it.address) && isUnconditionalEnd(live[k - 1]) && !live.some((o) => o.tail < 0 && o.target === it.address)) {
      changed++;
      continue;
    }
    kept.push(it);
  }
  // 3. The hot part ends at the first unconditional jump to the next stencil.
  const jumpsToContinue = (it: Item) => kindOf(it.word) === 'b' && (it.tail === HoleValue.CONTINUE || blocks.get(it.address)?.value === HoleValue.CONTINUE);
  const splitAt = kept.findIndex(jumpsToContinue);
  const coldFrom = splitAt >= 0 && splitAt < kept.length - 1 ? splitAt + 1 : kept.length;
  if (changed === 0 && coldFrom === kept.length) return null;
  const partOf = new Map<number, number>();
  const newAddress = new Map<number, number>();
  const at = [0, 0];
  kept.forEach((it, k) => {
    const part = k < coldFrom ? HOT : COLD;
    partOf.set(it.address, part);
    newAddress.set(it.address, at[part]);
    at[part] += 4;
  });
  // A branch to an instruction that went (a dropped block) cannot be: only blocks went, and only unreached ones.
  for (const it of kept) if (it.kind !== 'plain' && it.tail < 0 && !newAddress.has(it.target)) return null;
  const out: number[][] = [[], []];
  const newHoles: number[][] = [[], []];
  const moved = new Map<number, MovedHole>();
  const derived: Relaxed['derived'] = [];
  const crossing: Relaxed['crossing'] = [];
  const placeOf = (part: number): CodePlace => (part === HOT ? 'code' : 'cold');
  const push = (part: number, w: number) => out[part].push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24);
  for (const it of kept) {
    const part = partOf.get(it.address)!;
    const here = newAddress.get(it.address)!;
    if (it.kind === 'plain') {
      push(part, it.word);
      for (const r of it.rows) {
        const n = here + (holes[r + HOLE_OFFSET] - it.address);
        moved.set(holes[r + HOLE_OFFSET], { place: placeOf(part), offset: n, folded: false });
        newHoles[part].push(n, holes[r + HOLE_TYPE], holes[r + HOLE_VALUE], holes[r + HOLE_SYMBOL], holes[r + HOLE_ADDEND]);
      }
      continue;
    }
    const field = FIELD[it.kind];
    if (it.tail >= 0) {
      // To a place in the trace: a hole of the branch's own field.
      push(part, withDisplacement(it.word, it.kind, 0));
      derived.push({ place: placeOf(part), offset: here, from: it.from });
      newHoles[part].push(here, field.reloc, it.tail, -1, 0);
      continue;
    }
    const targetPart = partOf.get(it.target)!;
    if (targetPart !== part) {
      push(part, withDisplacement(it.word, it.kind, 0));
      crossing.push({ place: placeOf(part), offset: here, from: it.address });
      newHoles[part].push(here, field.reloc, part === HOT ? HoleValue.COLD : HoleValue.CODE, -1, newAddress.get(it.target)!);
      continue;
    }
    const delta = newAddress.get(it.target)! - here;
    if (!fits(delta, field.bits)) return null;
    push(part, withDisplacement(it.word, it.kind, delta));
  }
  return { code: out[HOT], holes: newHoles[HOT], coldCode: out[COLD], coldHoles: newHoles[COLD], moved, derived, crossing };
}
