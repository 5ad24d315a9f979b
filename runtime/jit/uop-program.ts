// Encodes a trace for the C uop interpreter (cases/uop_interpreter.c):
// 32-byte UopInstruction records { u32 opcode; i32 oparg; u64 operand0;
// u64 operand1; i32 exit_index; i32 jump_target }. Exit numbers are the same
// ones the trace compiler gives, so both report the same exit.
import { wordHi, wordLo } from './hole-patcher.ts';
import type { TraceLayout } from './trace-compiler.ts';

export const UOP_INSTRUCTION_SIZE = 32;
/**
 * ExitLink { program; trace_id } records sit just below a program's first
 * instruction, exit e at index -1 - e: zero until the runtime links that exit
 * to another trace, which the uop interpreter then continues in.
 */
export const EXIT_LINK_SIZE = 16;

/** Writes the records into `out` (4-byte aligned) or a new array; reads only the layout's typed arrays. */
export function encodeUopProgram(
  layout: TraceLayout,
  exitOpcode: number,
  jumpToTopOpcode: number,
  traceId: number,
  loopStart: number | undefined,
  out?: Uint8Array,
): Uint8Array {
  const { opcodes, opargs, operandWords, targets, exitOf } = layout;
  const buf = out ?? new Uint8Array(opcodes.length * UOP_INSTRUCTION_SIZE);
  // Word stores in host order (both targets are little-endian): twice as fast as DataView here.
  const words = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength >> 2);
  const idLo = wordLo(traceId);
  const idHi = wordHi(traceId);
  for (let i = 0, at = 0; i < opcodes.length; i++, at += UOP_INSTRUCTION_SIZE / 4) {
    const op = opcodes[i];
    const exit = op === exitOpcode;
    words[at] = op;
    words[at + 1] = exit ? exitOf[i] : opargs[i];
    words[at + 2] = exit ? idLo : operandWords[4 * i];
    words[at + 3] = exit ? idHi : operandWords[4 * i + 1];
    words[at + 4] = operandWords[4 * i + 2];
    words[at + 5] = operandWords[4 * i + 3];
    words[at + 6] = exitOf[i];
    words[at + 7] = op === jumpToTopOpcode ? (loopStart ?? 0) : targets[i];
  }
  return buf;
}
