// Human-readable listing of a code object's bytecode, for debugging and for
// checking what a trace recorder will see.
import { BINARY_OP_SYMBOLS, COMPARE_OP_SYMBOLS, OP_NAMES, Op, UNARY_OP_SYMBOLS } from './bytecode.ts';
import type { Program } from './program.ts';

export function disassemble(program: Program, codeIndex: number): string {
  const code = program.codes[codeIndex];
  const lines = [`code ${codeIndex} ${code.name} (args ${code.argcount}, locals ${code.nlocals}, max stack ${code.maxStack})`];
  for (let pc = 0; pc < code.code.length / 2; pc++) {
    const op = code.code[2 * pc];
    const arg = code.code[2 * pc + 1];
    let note = '';
    switch (op) {
      case Op.LOAD_LOCAL: case Op.STORE_LOCAL: note = code.localNames[arg]; break;
      case Op.LOAD_GLOBAL: case Op.STORE_GLOBAL: note = program.globalNames[arg]; break;
      case Op.LOAD_CONST: note = JSON.stringify(program.constants[arg], (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)); break;
      case Op.BINARY_OP: note = BINARY_OP_SYMBOLS[arg]; break;
      case Op.COMPARE_OP: note = COMPARE_OP_SYMBOLS[arg]; break;
      case Op.UNARY: note = UNARY_OP_SYMBOLS[arg]; break;
      case Op.LOAD_ATTR: case Op.IMPORT_NAME: note = program.names[arg]; break;
      case Op.CALL_METHOD: note = `${program.names[arg >> 8]}, ${arg & 255} args`; break;
      case Op.CALL_KW: note = JSON.stringify(program.kwCalls[arg]); break;
      default: break;
    }
    lines.push(`${String(pc).padStart(5)}  line ${String(code.lines[pc]).padStart(4)}  ${OP_NAMES[op]} ${arg}${note ? ` (${note})` : ''}`);
  }
  return lines.join('\n');
}

export function disassembleProgram(program: Program): string {
  return program.codes.map((_, i) => disassemble(program, i)).join('\n\n');
}
