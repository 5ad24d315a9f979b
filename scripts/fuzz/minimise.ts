// Delta debugging (Zeller's ddmin) over the lines of a Python program, kept
// structurally valid: a line is kept only with every block header above it,
// and a header whose body was removed gets `pass`. So every candidate parses
// (python3 decides what is interesting), and removing a header removes its block.

export interface MinimiseResult {
  source: string;
  tests: number;
  linesBefore: number;
  linesAfter: number;
}

interface Line {
  text: string;
  indent: number;
  /** Index of the enclosing block header, or -1. */
  parent: number;
}

function parseLines(source: string): Line[] {
  const lines: Line[] = [];
  const stack: { indent: number; index: number }[] = [];
  for (const text of source.replace(/\n+$/, '').split('\n')) {
    const indent = text.length - text.trimStart().length;
    if (text.trim() === '') continue;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    lines.push({ text, indent, parent: stack.length > 0 ? stack[stack.length - 1].index : -1 });
    if (/:\s*(#.*)?$/.test(text)) stack.push({ indent, index: lines.length - 1 });
  }
  return lines;
}

/** The program made of the kept lines (and their headers), `pass` in emptied blocks. */
function render(lines: Line[], kept: ReadonlySet<number>): string {
  const include = (i: number): boolean => {
    for (let j = i; j >= 0; j = lines[j].parent) if (!kept.has(j)) return false;
    return true;
  };
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!include(i)) continue;
    out.push(lines[i].text);
    const isHeader = /:\s*(#.*)?$/.test(lines[i].text);
    if (isHeader) {
      let hasBody = false;
      for (let j = i + 1; j < lines.length && lines[j].indent > lines[i].indent; j++) {
        if (lines[j].parent === i && include(j)) {
          hasBody = true;
          break;
        }
      }
      if (!hasBody) out.push(`${' '.repeat(lines[i].indent + 4)}pass`);
    }
  }
  return out.join('\n') + '\n';
}

/**
 * The smallest program (1-minimal in its lines, within `maxTests` runs of
 * `interesting`) for which `interesting` still holds. `interesting(source)`
 * must hold for the whole program.
 */
export function minimise(source: string, interesting: (candidate: string) => boolean, maxTests = 400): MinimiseResult {
  const lines = parseLines(source);
  let units = lines.map((_, i) => i);
  let tests = 0;
  const test = (subset: number[]): boolean => {
    if (tests >= maxTests) return false;
    tests++;
    return interesting(render(lines, new Set(subset)));
  };
  let n = 2;
  while (units.length >= 2 && tests < maxTests) {
    const size = Math.ceil(units.length / n);
    const chunks: number[][] = [];
    for (let i = 0; i < units.length; i += size) chunks.push(units.slice(i, i + size));
    let reduced = false;
    for (const chunk of chunks) {
      if (chunk.length < units.length && test(chunk)) {
        units = chunk;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      for (const chunk of chunks) {
        const complement = units.filter((u) => !chunk.includes(u));
        if (complement.length > 0 && test(complement)) {
          units = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= units.length) break;
      n = Math.min(units.length, n * 2);
    }
  }
  const result = render(lines, new Set(units));
  return { source: result, tests, linesBefore: lines.length, linesAfter: result.trimEnd().split('\n').length };
}
