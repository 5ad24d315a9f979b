// Trace stitching (LuaJIT's name for it): where a trace meets a bytecode it
// cannot run natively, it ends with a `stitch` exit that resumes tier-1
// exactly at that bytecode instead of giving up on the whole loop. Tier-1
// runs that one bytecode (a call of it included: everything until control is
// back in the same frame), and the JIT then enters a continuation trace
// recorded from the bytecode after it. The continuation ends where any side
// trace ends (usually back at the loop head, linked natively to the root), so
// a loop with one rare bytecode costs one round trip through tier-1 per
// iteration instead of running entirely in tier-1.
//
// A round trip costs at least as much as 40 bytecodes in tier-1 (measured:
// ~0.5 us per stitch in a tight loop, tier-1 ~13 ns per bytecode; several us
// in bigger programs such as board_search, where 40 still lost 0.53x), so a
// loop whose native stretches between stitched bytecodes are shorter than 80
// bytecodes runs faster in tier-1: the JIT declines such a stitch once a path
// through it closes (see MIN_BYTECODES_PER_STITCH and TracingJit.stitchPaysOff).
//
// The resumer below is what the JIT installs as the interpreter's
// instruction recorder for that one bytecode: it sees every instruction
// tier-1 runs until control is back in the exit's frame, then either enters
// the continuation (returning true: the interpreter reloads its state from
// native memory) or starts recording it. An exception (the bytecode raised:
// tier-1 unwinds to the handler with the right traceback), a jump elsewhere
// or a return out of the frame simply uninstalls it.
import type { Interpreter, InstructionRecorder } from '../interpreter/interpreter.ts';

/** Bytecodes run natively per stitched bytecode below which a trace tree is not worth its round trips. */
export const MIN_BYTECODES_PER_STITCH = 80;
/**
 * Instructions a stitched bytecode may run in other frames (a call) before the
 * resumer gives up: each costs a call of onInstruction, so a long call is left
 * to run at full tier-1 speed and the iteration goes on in tier-1.
 */
export const MAX_STITCHED_INSTRUCTIONS = 256;

export interface StitchHost {
  /**
   * Control is back in the exit's frame at nextPc after tier-1 ran the stitched
   * bytecode: enter the continuation there (true: the interpreter must reload),
   * or start recording it (false: the interpreter goes on, with the new recorder
   * installed).
   */
  resumeStitch(owner: unknown, exit: number, frame: number, sp: number, nextPc: number): boolean;
}

/** One per JIT: at most one stitched bytecode is pending at a time (a newer exit replaces it). */
export class StitchResumer implements InstructionRecorder {
  private started = false;
  private elsewhere = 0;
  private frame = 0;
  private pc = 0;
  private owner: unknown = null;
  private exit = 0;

  constructor(private readonly host: StitchHost, private readonly interp: Interpreter) {}

  install(owner: unknown, exit: number, frame: number, pc: number): void {
    this.owner = owner;
    this.exit = exit;
    this.frame = frame;
    this.pc = pc;
    this.started = false;
    this.elsewhere = 0;
    this.interp.recorder = this;
  }

  private uninstall(): void {
    if (this.interp.recorder === this) this.interp.recorder = null;
    this.owner = null;
  }

  onInstruction(frameAddr: number, spAddr: number, pc: number): boolean {
    // Uninstalled by a nested dispatch loop (the stitched bytecode resumed a generator or called
    // Python code from TypeScript): the outer loop may still hold this resumer for one more call.
    if (this.owner === null) return false;
    if (!this.started) {
      // The first call is the stitched bytecode itself, about to run in tier-1.
      this.started = true;
      if (frameAddr !== this.frame || pc !== this.pc) this.uninstall();
      return false;
    }
    // Frames of a call the bytecode made (generators' resumed frames too) live
    // above the exit's frame (cases/vm.h); below it, the frame has returned.
    if (frameAddr !== this.frame) {
      if (frameAddr < this.frame || ++this.elsewhere > MAX_STITCHED_INSTRUCTIONS) this.uninstall();
      return false;
    }
    const owner = this.owner;
    this.uninstall();
    if (pc === this.pc) return false;
    return this.host.resumeStitch(owner, this.exit, frameAddr, spAddr, pc);
  }

  onException(): void {
    this.uninstall();
  }
}
