// Int operations recorded as small-int uops whose values keep leaving the
// 48-bit range (`i * i` once i passes 2^23.5, `x * (i + 1)` with x past 2^32):
// their overflow exit fires on every iteration. A side trace doing the
// operation wide would run, but every iteration would then leave the root at
// the guard and jump into it (and back to the loop's head), which costs more
// than the operation. Instead the bytecode is marked wide and the tree is
// recorded again: the recorder (trace-recorder.ts binary()) then emits the
// int128 uop (cases/wide_ints.c) at that site whatever size the values have,
// so the loop runs in one trace with the CPU's overflow flag as the guard
// (and the product feeds the next operation through a _T temporary,
// optimizer/wide-temporaries.ts).
import { Op } from '../frontend/bytecode.ts';
import type { Program } from '../frontend/program.ts';
import type { Heap } from '../heap/heap.ts';
import { wideIntAt } from './wide-int-recording.ts';

/** Re-recordings one tree may get for widened sites before its exits grow side traces as before. */
const MAX_WIDENINGS_PER_TREE = 4;

const siteKey = (codeIndex: number, pc: number) => codeIndex * 1048576 + pc;

export class IntWidening {
  private readonly sites = new Set<number>();
  /** Widenings charged to each tree, by its root's site. */
  private readonly perTree = new Map<number, number>();
  /** Sites widened (for --jit-stats). */
  widened = 0;

  /** Whether the int operation at this bytecode is recorded with the int128 uops whatever its values. */
  isWide(codeIndex: number, pc: number): boolean {
    return this.sites.size > 0 && this.sites.has(siteKey(codeIndex, pc));
  }

  /**
   * An exit at (codeIndex, pc) fired often enough for a side trace. When it is
   * an int BINARY_OP whose operands (on the stack at spWord) are ints int128
   * holds, not yet widened, and its tree (rootSite) has widenings left: marks
   * the site and returns true (the caller frees the tree to record it again).
   * (A type exit at a local that turned wide is left to a side trace: the loop
   * recorded again may well see the local small again.)
   */
  widen(heap: Heap, program: Program, codeIndex: number, pc: number, spWord: number, rootSite: number): boolean {
    const k = siteKey(codeIndex, pc);
    if (this.sites.has(k)) return false;
    const code = program.codes[codeIndex].code;
    if (code[2 * pc] !== Op.BINARY_OP) return false;
    if (wideIntAt(heap, spWord - 1) === null || wideIntAt(heap, spWord - 2) === null) return false;
    const n = this.perTree.get(rootSite) ?? 0;
    if (n >= MAX_WIDENINGS_PER_TREE) return false;
    this.perTree.set(rootSite, n + 1);
    this.sites.add(k);
    this.widened++;
    return true;
  }
}
