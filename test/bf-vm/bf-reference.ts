// The reference interpreter: Brainfuck by the letter, one command at a time,
// with the VM's limits (a tape of `tapeSize` cells, an output of `outCap`
// bytes). What a run produced, for comparison with the JIT.

export interface BfOutcome {
  /** 'ok', or why the run stopped early. */
  status: 'ok' | 'out of tape' | 'output limit' | 'step limit';
  output: Uint8Array;
  /** The tape at the end (meaningful when status is 'ok'). */
  tape: Uint8Array;
  /** The cell pointer at the end, in cells from the start of the tape. */
  pointer: number;
}

export interface BfLimits {
  tapeSize: number;
  outCap: number;
  /** Commands executed before giving up (the reference only). */
  maxSteps?: number;
}

export function runReference(source: string, input: Uint8Array, limits: BfLimits): BfOutcome {
  const src = source.replace(/[^+\-<>.,[\]]/g, '');
  const match = new Int32Array(src.length);
  const open: number[] = [];
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '[') open.push(i);
    else if (src[i] === ']') {
      const j = open.pop()!;
      match[i] = j;
      match[j] = i;
    }
  }
  const tape = new Uint8Array(limits.tapeSize);
  const output: number[] = [];
  let p = 0;
  let inPos = 0;
  let steps = 0;
  const maxSteps = limits.maxSteps ?? 50_000_000;
  const done = (status: BfOutcome['status']): BfOutcome => ({ status, output: Uint8Array.from(output), tape, pointer: p });
  for (let i = 0; i < src.length; i++) {
    if (++steps > maxSteps) return done('step limit');
    const c = src[i];
    if (c === '>') { p++; continue; }
    if (c === '<') { p--; continue; }
    if (p < 0 || p >= tape.length) return done('out of tape');
    switch (c) {
      case '+': tape[p]++; break;
      case '-': tape[p]--; break;
      case '.':
        if (output.length >= limits.outCap) return done('output limit');
        output.push(tape[p]);
        break;
      case ',': tape[p] = inPos < input.length ? input[inPos++] : 0; break;
      case '[': if (tape[p] === 0) i = match[i]; break;
      case ']': if (tape[p] !== 0) i = match[i]; break;
    }
  }
  return done('ok');
}
