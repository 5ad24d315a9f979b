// What the runtime needs to know about each uop, read off its stencils: a hole
// of `_JIT_EXIT` means it can exit, of `_JIT_OPARG` that it needs an oparg, no
// way to `_JIT_CONTINUE` that it ends a trace, a call of `_JIT_TOP` that it
// calls the trace top. The holes of every target count (union), and the
// config's fact patterns add what only a uop interpreter reads (its body's
// text), so the facts do not depend on any VM's macro names.
import { PatchKind } from '../format/patch-kinds.ts';
import { HOLE_FIELDS, HOLE_KIND, HOLE_OFFSET, HOLE_VALUE, HoleValue, type Stencil, type UopInfo } from '../format/stencil-format.ts';
import type { UopDefinition } from './dsl-parser.ts';
import type { FactPatterns } from './project-config.ts';
import type { BuiltStencil } from './stencil-builder.ts';

interface Seen {
  values: Set<number>;
  callsTop: boolean;
  continues: boolean;
}

/** Whether the hole's instruction calls (rather than jumps to) its target. */
function isCall(kind: number, code: Buffer, offset: number): boolean {
  if (kind === PatchKind.X86_GOT_CALL) return true;
  if (kind === PatchKind.X86_BRANCH32) return code[offset - 1] === 0xe8;
  if (kind === PatchKind.A64_BRANCH26) return (code[offset + 3] & 0x80) !== 0; // BL, not B
  return false;
}

function scan(s: Stencil, seen: Seen): void {
  const part = (hex: string, holes: readonly number[]) => {
    const code = Buffer.from(hex, 'hex');
    for (let i = 0; i < holes.length; i += HOLE_FIELDS) {
      const value = holes[i + HOLE_VALUE];
      seen.values.add(value);
      if (value === HoleValue.TOP && isCall(holes[i + HOLE_KIND], code, holes[i + HOLE_OFFSET])) seen.callsTop = true;
      if (value === HoleValue.CONTINUE) seen.continues = true;
    }
  };
  part(s.code, s.codeHoles);
  part(s.coldCode ?? '', s.coldHoles ?? []);
  part(s.data, s.dataHoles);
}

/** The facts of uop `u` (numbered `opcode`) from its stencils on every target. */
export function uopInfo(u: UopDefinition, opcode: number, built: readonly BuiltStencil[], patterns: FactPatterns, movesStackPointer: boolean): UopInfo {
  const seen: Seen = { values: new Set(), callsTop: false, continues: false };
  for (const b of built) {
    scan(b.stencil, seen);
    // The jump to the next stencil that the builder dropped was a way to continue.
    if (b.droppedTailJump > 0) seen.continues = true;
  }
  const has = (v: HoleValue) => seen.values.has(v);
  const matches = (re: RegExp | undefined) => re !== undefined && re.test(u.body);
  return {
    name: u.name,
    opcode,
    stack: { inputs: u.inputs, outputs: u.outputs },
    usesOparg: has(HoleValue.OPARG) || has(HoleValue.OPARG_FIELD) || matches(patterns.usesOparg),
    usesOperand0: has(HoleValue.OPERAND0) || matches(patterns.usesOperand0),
    usesOperand1: has(HoleValue.OPERAND1) || matches(patterns.usesOperand1),
    canExit: has(HoleValue.EXIT),
    usesJumpTarget: has(HoleValue.JUMP_TARGET),
    terminates: !seen.continues && !has(HoleValue.JUMP_TARGET),
    callsTop: seen.callsTop || matches(patterns.callsTop),
    source: `${u.file}:${u.line}`,
    doc: u.doc,
    types: { inputs: u.inputTypes, outputs: u.outputTypes },
    guards: guardsOf(u),
    movesStackPointer,
    variant: u.variant && { of: u.variant.of, sources: u.variant.sources, sink: u.variant.sink },
    fuses: u.fuses,
  };
}

/**
 * The stack items a uop guards: an item it keeps in place (the same name at
 * the same position on both sides) whose output has a type its input did not
 * declare. Depth counts from the top after the uop (1 = top).
 */
function guardsOf(u: UopDefinition): { depth: number; type: string }[] {
  const guards: { depth: number; type: string }[] = [];
  u.outputs.forEach((name, k) => {
    const type = u.outputTypes[k];
    if (type !== null && u.inputs[k] === name && u.inputTypes[k] !== type) guards.push({ depth: u.outputs.length - k, type });
  });
  return guards.sort((a, b) => a.depth - b.depth);
}
