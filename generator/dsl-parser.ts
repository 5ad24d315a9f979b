// Parses a cases file (cases/uops.c): `/// doc` lines, then `uop NAME (inputs -- outputs) { C body }`.
// Errors name the file, line and column, in the form compilers use.

export interface UopDefinition {
  name: string;
  inputs: string[];
  outputs: string[];
  body: string;
  doc: string;
  file: string;
  line: number;
  /** Line of the first body line, so clang errors map back to cases/uops.c. */
  bodyLine: number;
}

export class DslError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(`${file}:${line}:${column}: error: ${message}`);
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const UOP_NAME = /^[A-Z][A-Z0-9_]*$/;

export interface ParseOptions {
  /** The template's state variables (the config's stateNames): no stack item may shadow one. */
  stateNames?: readonly string[];
  /** Uops that must be defined, and why (for the message). */
  required?: readonly { name: string; why: string }[];
}

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return [line, offset - lineStart + 1];
}

/** Skips a C comment or string/char literal starting at i; returns the index after it, or i. */
function skipLexical(text: string, i: number): number {
  const c = text[i];
  if (c === '/' && text[i + 1] === '/') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (c === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? -1 : end + 2;
  }
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < text.length && text[j] !== c) {
      if (text[j] === '\\') j++;
      if (text[j] === '\n') return -1;
      j++;
    }
    return j < text.length ? j + 1 : -1;
  }
  return i;
}

function parseStackEffect(text: string, file: string, offset: number, source: string, reserved: ReadonlySet<string>): [string[], string[]] {
  const parts = text.split('--');
  const fail = (message: string): never => {
    const [line, col] = position(source, offset);
    throw new DslError(file, line, col, message);
  };
  if (parts.length !== 2) fail(`malformed stack effect '(${text.trim()})': expected '(inputs -- outputs)'`);
  const names = (s: string) =>
    s
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n.length > 0);
  const inputs = names(parts[0]);
  const outputs = names(parts[1]);
  for (const n of [...inputs, ...outputs]) {
    if (!IDENT.test(n)) fail(`malformed stack effect: '${n}' is not a C identifier`);
    if (reserved.has(n)) fail(`stack item '${n}' shadows the VM state variable of the same name`);
  }
  for (const list of [inputs, outputs]) {
    const seen = new Set<string>();
    for (const n of list) {
      if (seen.has(n)) fail(`stack item '${n}' appears twice on one side`);
      seen.add(n);
    }
  }
  return [inputs, outputs];
}

export function parseUops(source: string, file: string, options: ParseOptions = {}): UopDefinition[] {
  const reserved = new Set(options.stateNames ?? []);
  const uops: UopDefinition[] = [];
  const names = new Map<string, number>();
  let doc: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/' && source[i + 2] === '/') {
      const end = source.indexOf('\n', i);
      doc.push(source.slice(i + 3, end < 0 ? source.length : end).trim());
      i = end < 0 ? source.length : end;
      continue;
    }
    const skipped = skipLexical(source, i);
    if (skipped < 0) {
      const [line, col] = position(source, i);
      throw new DslError(file, line, col, 'unterminated comment or literal');
    }
    if (skipped !== i) {
      if (source[i + 1] === '/') doc = [];
      i = skipped;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    const [line, col] = position(source, start);
    const header = /^uop\s+([A-Za-z0-9_]+)\s*\(([^()]*)\)\s*\{/.exec(source.slice(i));
    if (!header) {
      const word = /^\S+/.exec(source.slice(i))?.[0] ?? c;
      throw new DslError(file, line, col, `expected 'uop NAME (inputs -- outputs) { ... }', found '${word}'`);
    }
    const name = header[1];
    if (!UOP_NAME.test(name)) throw new DslError(file, line, col, `uop name '${name}' must be UPPER_CASE`);
    if (names.has(name)) throw new DslError(file, line, col, `uop ${name} is already defined on line ${names.get(name)}`);
    const effectOffset = start + header[0].indexOf('(') + 1;
    const [inputs, outputs] = parseStackEffect(header[2], file, effectOffset, source, reserved);
    // Find the matching closing brace, skipping comments and literals.
    let depth = 1;
    let j = start + header[0].length;
    const bodyStart = j;
    while (j < source.length && depth > 0) {
      const k = skipLexical(source, j);
      if (k < 0) {
        const [l, cc] = position(source, j);
        throw new DslError(file, l, cc, 'unterminated comment or literal in uop body');
      }
      if (k !== j) {
        j = k;
        continue;
      }
      if (source[j] === '{') depth++;
      else if (source[j] === '}') depth--;
      j++;
    }
    if (depth !== 0) throw new DslError(file, line, col, `uop ${name}: body has no closing '}'`);
    const body = source.slice(bodyStart, j - 1);
    uops.push({
      name,
      inputs,
      outputs,
      body,
      doc: doc.join(' '),
      file,
      line,
      bodyLine: position(source, bodyStart)[0],
    });
    names.set(name, line);
    doc = [];
    i = j;
  }
  if (uops.length === 0) throw new DslError(file, 1, 1, 'no uops defined');
  for (const { name, why } of options.required ?? []) {
    if (!names.has(name)) throw new DslError(file, 1, 1, `required uop ${name} is not defined (${why})`);
  }
  return uops;
}
