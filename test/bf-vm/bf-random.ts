// Random Brainfuck programs that end by construction: every loop's body moves
// back to its counter cell and takes exactly 1 from it per iteration (so it
// runs at most 255 times), nested loops keep away from the cells of the loops
// around them, and moves stay near the start of the tape unless the program is
// meant to fall off it.

export function randomProgram(seed: number, options: { fallOff?: boolean } = {}): string {
  let s = seed >>> 0 || 1;
  const rand = (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const straight = (reserved: Set<number>, base: number): string => {
    // +-<>.,  with the pointer back where it started
    let out = '';
    let at = 0;
    for (let k = rand(8); k > 0; k--) {
      const step = rand(3) - 1;
      if (!reserved.has(base + at + step) && base + at + step >= 0) {
        at += step;
        out += step > 0 ? '>' : step < 0 ? '<' : '';
      }
      if (!reserved.has(base + at)) {
        const r = rand(10);
        out += r < 4 ? '+'.repeat(1 + rand(5)) : r < 7 ? '-'.repeat(1 + rand(3)) : r < 9 ? '.' : ',';
      }
    }
    out += at > 0 ? '<'.repeat(at) : '>'.repeat(-at);
    return out;
  };
  const block = (reserved: Set<number>, base: number, depth: number): string => {
    let out = '';
    for (let k = 1 + rand(4); k > 0; k--) {
      const r = rand(10);
      if (r < 5 || depth >= 2) {
        out += straight(reserved, base);
      } else {
        // A loop on a cell `d` away: set it, loop with the body, come back.
        const d = 1 + rand(4);
        if (reserved.has(base + d)) continue;
        const inner = new Set(reserved).add(base + d);
        const kind = rand(3);
        const body = kind === 0 ? '-' : kind === 1 ? `->${'+'.repeat(1 + rand(3))}<` : `${block(inner, base + d, depth + 1)}-`;
        out += `${'>'.repeat(d)}${'+'.repeat(rand(12))}[${body}]${'<'.repeat(d)}`;
      }
    }
    return out;
  };
  const program = block(new Set(), 0, 0);
  return options.fallOff ? `${program}${'<'.repeat(1 + rand(3))}+` : program;
}
