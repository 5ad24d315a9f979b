// Brainfuck source -> a trace for the toolkit's trace compiler: runs of + - < >
// become ADD_AT at cell offsets and one MOVE, `[-]` a CLEAR_AT, a multiply loop
// (`[->++>+++<<]`) MUL_ADD_ATs guarded by a jump over them, other loops
// JUMP_IF_ZERO / JUMP_IF_NONZERO pairs; the trace ends with EXIT.
import type { TraceInstruction } from '../../runtime/jit/trace-compiler.ts';

export class BfSyntaxError extends Error {}

/** oparg of an ADD_AT-like uop: the offset (biased by 2^15) and a byte. */
const offsetOparg = (offset: number, value: number) => ((offset + 32768) << 8) | (value & 0xff);
const MOVE_BIAS = 0x40000000;

/** The cell deltas and final move of a run of + - < >, starting at `i`; null if none. */
function run(src: string, i: number): { deltas: Map<number, number>; move: number; end: number } | null {
  const deltas = new Map<number, number>();
  let at = 0;
  let j = i;
  for (; j < src.length && '+-<>'.includes(src[j]); j++) {
    if (src[j] === '>') at++;
    else if (src[j] === '<') at--;
    else deltas.set(at, ((deltas.get(at) ?? 0) + (src[j] === '+' ? 1 : 255)) & 0xff);
  }
  if (j === i) return null;
  for (const [k, v] of deltas) if (v === 0) deltas.delete(k);
  return { deltas, move: at, end: j };
}

/** Keeps only the eight commands; throws on unbalanced brackets or offsets beyond ±32767. */
export function compileBf(source: string): TraceInstruction[] {
  const src = source.replace(/[^+\-<>.,[\]]/g, '');
  const out: TraceInstruction[] = [];
  const open: number[] = [];
  let i = 0;
  const emitRun = (r: NonNullable<ReturnType<typeof run>>) => {
    for (const [offset, value] of [...r.deltas].sort((a, b) => a[0] - b[0])) {
      if (Math.abs(offset) > 32767) throw new BfSyntaxError(`a run moves ${offset} cells`);
      out.push({ uop: 'ADD_AT', oparg: offsetOparg(offset, value) });
    }
    if (r.move !== 0) out.push({ uop: 'MOVE', oparg: MOVE_BIAS + r.move });
  };
  while (i < src.length) {
    const c = src[i];
    const r = run(src, i);
    if (r) {
      emitRun(r);
      i = r.end;
      continue;
    }
    if (c === '.' || c === ',') {
      out.push({ uop: c === '.' ? 'OUT_AT' : 'IN_AT', oparg: offsetOparg(0, 0) });
      i++;
      continue;
    }
    if (c === '[') {
      // A loop whose body is one run that returns to its cell and takes 1 from it each time.
      const body = run(src, i + 1);
      if (body && src[body.end] === ']' && body.move === 0 && body.deltas.get(0) === 255) {
        if ([...body.deltas.keys()].some((k) => Math.abs(k) > 32767)) throw new BfSyntaxError('a loop reaches too far');
        const guard = out.push({ uop: 'JUMP_IF_ZERO' }) - 1;
        for (const [offset, value] of [...body.deltas].sort((a, b) => a[0] - b[0])) if (offset !== 0) out.push({ uop: 'MUL_ADD_AT', oparg: offsetOparg(offset, value) });
        out.push({ uop: 'CLEAR_AT', oparg: offsetOparg(0, 0) });
        out[guard].target = out.length;
        i = body.end + 1;
        continue;
      }
      open.push(out.push({ uop: 'JUMP_IF_ZERO' }) - 1);
      i++;
      continue;
    }
    if (c === ']') {
      const start = open.pop();
      if (start === undefined) throw new BfSyntaxError(`unmatched ] at command ${i}`);
      const end = out.push({ uop: 'JUMP_IF_NONZERO', target: start + 1 }) - 1;
      out[start].target = end + 1;
      i++;
      continue;
    }
    i++;
  }
  if (open.length > 0) throw new BfSyntaxError('unmatched [');
  out.push({ uop: 'EXIT' });
  return out;
}
