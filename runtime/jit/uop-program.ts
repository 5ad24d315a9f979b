// Encodes a trace for the C uop interpreter (cases/uop_interpreter.c):
// 32-byte UopInstruction records { u32 opcode; i32 oparg; u64 operand0;
// u64 operand1; i32 exit_index; i32 jump_target }. Exit numbers are the same
// ones the trace compiler gives, so both report the same exit.
import { splitWord } from './hole-patcher.ts';
import type { TraceInstruction, TraceLayout } from './trace-compiler.ts';

export const UOP_INSTRUCTION_SIZE = 32;

export function encodeUopProgram(
  trace: readonly TraceInstruction[],
  layout: TraceLayout,
  exitOpcode: number,
  jumpToTopOpcode: number,
  traceId: number,
  loopStart: number | undefined,
  out?: Uint8Array,
): Uint8Array {
  const buf = out ?? new Uint8Array(trace.length * UOP_INSTRUCTION_SIZE);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  trace.forEach((ins, i) => {
    const at = i * UOP_INSTRUCTION_SIZE;
    const op = layout.opcodes[i];
    view.setUint32(at, op, true);
    view.setInt32(at + 4, op === exitOpcode ? layout.exitOf[i] : (ins.oparg ?? 0), true);
    const [lo0, hi0] = splitWord(op === exitOpcode ? traceId : (ins.operand0 ?? 0));
    view.setUint32(at + 8, lo0, true);
    view.setUint32(at + 12, hi0, true);
    const [lo1, hi1] = splitWord(ins.operand1 ?? 0);
    view.setUint32(at + 16, lo1, true);
    view.setUint32(at + 20, hi1, true);
    view.setInt32(at + 24, layout.exitOf[i], true);
    view.setInt32(at + 28, op === jumpToTopOpcode ? (loopStart ?? 0) : (ins.target ?? -1), true);
  });
  return buf;
}
