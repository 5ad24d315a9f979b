// Parses a cases file (cases/uops.c): `/// doc` lines, then
//
//     uop NAME (inputs -- outputs) [clauses] { C body }
//     forms NAME { SUFFIX SOURCES -> SINKS ... }
//
// A stack item may carry the type of what it holds (`res: float`): facts the
// optimizer reads (the result's type; an item kept in place that gets a type
// is one the uop guards). The clauses: `forms(SET)` expands the definition
// into one uop per form of the set (operand sources x result sinks, their
// codes defined by the config's `variants`: generator/uop-variants.ts);
// `variant(BASE: SOURCES -> SINK)` says that a hand-written uop is that form
// of BASE; `fuses(A B | C D)` that it replaces the uop sequence A B (or C D).
// Errors name the file, line and column, in the form compilers use.

/** A hand-written uop's place in the variant table, or a generated variant's. */
export interface VariantDeclaration {
  /** The base uop. */
  of: string;
  /** One source code per input of the base (the config's variants.sources). */
  sources: string[];
  /** Where the base's last output goes (a code of variants.sinks). */
  sink: string;
  line: number;
}

/** One line of a form set: the name suffix, a source per input, the sinks it comes with. */
export interface FormLine {
  /** `_LL`, or `_` for none. */
  suffix: string;
  sources: string[];
  /** Sink codes; empty means the stack (the uop's outputs as declared). */
  sinks: string[];
  line: number;
}

/** `forms NAME { ... }`: the variants a definition with `forms(NAME)` expands into. */
export interface FormSet {
  name: string;
  forms: FormLine[];
  file: string;
  line: number;
}

/** What the C emitter wraps around a generated variant's body (generator/uop-variants.ts). */
export interface VariantCode {
  /** Statements before the body: the operands that are not on the stack, the output that does not go there. */
  prologue: string[];
  /** Statements after the body: the result into its sink. */
  epilogue: string[];
  /** The form's line in the cases file (where errors in that C are reported). */
  line: number;
}

export interface UopDefinition {
  name: string;
  inputs: string[];
  outputs: string[];
  /** Declared type of each input / output (`name: type`), or null. */
  inputTypes: (string | null)[];
  outputTypes: (string | null)[];
  body: string;
  doc: string;
  file: string;
  line: number;
  /** Line of the first body line, so clang errors map back to cases/uops.c. */
  bodyLine: number;
  /** `forms(NAME)`: the form set this definition expands into (before expansion). */
  forms: { name: string; line: number } | null;
  /** Its place in the variant table: declared with `variant(...)`, or set by the expansion. */
  variant: VariantDeclaration | null;
  /** Uop sequences this uop replaces (`fuses(...)`). */
  fuses: string[][];
  /** A generated variant: the C around its (base's) body. */
  code?: VariantCode;
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
export function skipLexical(text: string, i: number): number {
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

interface StackEffectText {
  inputs: string[];
  outputs: string[];
  inputTypes: (string | null)[];
  outputTypes: (string | null)[];
}

function parseStackEffect(text: string, file: string, offset: number, source: string, reserved: ReadonlySet<string>): StackEffectText {
  const parts = text.split('--');
  const fail = (message: string): never => {
    const [line, col] = position(source, offset);
    throw new DslError(file, line, col, message);
  };
  if (parts.length !== 2) fail(`malformed stack effect '(${text.trim()})': expected '(inputs -- outputs)'`);
  const items = (s: string) =>
    s
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n.length > 0)
      .map((item) => {
        const [name, type, ...rest] = item.split(':').map((x) => x.trim());
        if (rest.length > 0 || type === '') fail(`malformed stack item '${item}': expected 'name' or 'name: type'`);
        if (type !== undefined && !IDENT.test(type)) fail(`malformed stack item '${item}': the type '${type}' is not an identifier`);
        return { name, type: type ?? null };
      });
  const inputs = items(parts[0]);
  const outputs = items(parts[1]);
  for (const { name: n } of [...inputs, ...outputs]) {
    if (!IDENT.test(n)) fail(`malformed stack effect: '${n}' is not a C identifier`);
    if (reserved.has(n)) fail(`stack item '${n}' shadows the VM state variable of the same name`);
  }
  for (const list of [inputs, outputs]) {
    const seen = new Set<string>();
    for (const { name: n } of list) {
      if (seen.has(n)) fail(`stack item '${n}' appears twice on one side`);
      seen.add(n);
    }
  }
  return { inputs: inputs.map((i) => i.name), outputs: outputs.map((o) => o.name), inputTypes: inputs.map((i) => i.type), outputTypes: outputs.map((o) => o.type) };
}

/** Words of a clause's text, with the offset of each in the source. */
function words(text: string, at: number): { word: string; at: number }[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({ word: m[0], at: at + m.index! }));
}

const CODE = /^[A-Z][A-Z0-9]*$/;

/** `variant(BASE: X L -> S)`, `forms(SET)`, `fuses(A B | C D)` after a uop's stack effect. */
function parseClauses(
  text: string,
  at: number,
  source: string,
  file: string,
): { forms: UopDefinition['forms']; variant: VariantDeclaration | null; fuses: string[][] } {
  const fail = (offset: number, message: string): never => {
    const [line, col] = position(source, offset);
    throw new DslError(file, line, col, message);
  };
  let forms: UopDefinition['forms'] = null;
  let variant: VariantDeclaration | null = null;
  const fuses: string[][] = [];
  const clause = /\s*([a-z]+)\s*\(([^()]*)\)/y;
  let i = 0;
  while (i < text.length && /\S/.test(text.slice(i))) {
    clause.lastIndex = i;
    const m = clause.exec(text);
    if (!m) fail(at + i + (text.slice(i).length - text.slice(i).trimStart().length), `expected a clause 'forms(SET)', 'variant(BASE: SOURCES -> SINK)' or 'fuses(A B | C D)' before the body`);
    const [, kind, args] = m!;
    const argsAt = at + i + m![0].indexOf('(') + 1;
    const [line] = position(source, argsAt);
    if (kind === 'forms') {
      const name = args.trim();
      if (!IDENT.test(name)) fail(argsAt, `forms(...) names a form set, not '${name}'`);
      if (forms) fail(argsAt, 'a uop takes one forms(...) clause');
      forms = { name, line };
    } else if (kind === 'variant') {
      const v = /^\s*([A-Za-z0-9_]+)\s*:([^>]*)->\s*([A-Za-z0-9]+)\s*$/.exec(args);
      if (!v) fail(argsAt, `expected 'variant(BASE: SOURCES -> SINK)', e.g. 'variant(ADD_FLOAT: X L -> S)'`);
      const sources = v![2].trim().split(/\s+/).filter(Boolean);
      for (const c of [...sources, v![3]]) if (!CODE.test(c)) fail(argsAt, `'${c}' is not a source or sink code (UPPER_CASE letters and digits)`);
      if (variant) fail(argsAt, 'a uop takes one variant(...) clause');
      variant = { of: v![1], sources, sink: v![3], line };
    } else if (kind === 'fuses') {
      for (const alt of args.split('|')) {
        const seq = alt.trim().split(/\s+/).filter(Boolean);
        if (seq.length < 2 || seq.some((u) => !UOP_NAME.test(u))) fail(argsAt, `fuses(...) lists uop sequences of two or more names separated by '|', not '${alt.trim()}'`);
        fuses.push(seq);
      }
    } else {
      fail(argsAt - kind.length - 1, `unknown clause '${kind}(...)': expected forms, variant or fuses`);
    }
    i = clause.lastIndex;
  }
  return { forms, variant, fuses };
}

/** `forms NAME { lines }`: each line `SUFFIX SOURCE... [-> SINK...]`. */
function parseFormSet(name: string, text: string, at: number, source: string, file: string, line: number): FormSet {
  const forms: FormLine[] = [];
  let offset = at;
  for (const raw of text.split('\n')) {
    const lineText = raw.replace(/\/\/.*$/, '');
    const here = offset;
    offset += raw.length + 1;
    if (!/\S/.test(lineText)) continue;
    const fail = (message: string): never => {
      const [l, c] = position(source, here + (lineText.length - lineText.trimStart().length));
      throw new DslError(file, l, c, message);
    };
    const [left, right, ...rest] = lineText.split('->');
    if (rest.length > 0) fail(`a form has one '->'`);
    const ws = words(left, here);
    if (ws.length === 0 || !/^_([A-Z0-9][A-Z0-9_]*)?$/.test(ws[0].word)) fail(`expected a form 'SUFFIX SOURCES -> SINKS' (SUFFIX like _LL, or _ for none), found '${lineText.trim()}'`);
    const sources = ws.slice(1).map((w) => w.word);
    const sinks = right === undefined ? [] : right.trim().split(/\s+/).filter(Boolean);
    for (const c of [...sources, ...sinks]) if (!CODE.test(c)) fail(`'${c}' is not a source or sink code (UPPER_CASE letters and digits)`);
    const [l] = position(source, here);
    if (forms.some((f) => f.suffix === ws[0].word)) fail(`form ${ws[0].word} appears twice in form set ${name}`);
    forms.push({ suffix: ws[0].word, sources, sinks, line: l });
  }
  if (forms.length === 0) {
    const [l, c] = position(source, at);
    throw new DslError(file, l, c, `form set ${name} has no forms`);
  }
  return { name, forms, file, line };
}

/** Finds the `}` that closes the brace before index j (skipping comments and literals); returns the index after it. */
function closingBrace(source: string, j: number, file: string, what: string, line: number, col: number): number {
  let depth = 1;
  while (j < source.length && depth > 0) {
    const k = skipLexical(source, j);
    if (k < 0) {
      const [l, cc] = position(source, j);
      throw new DslError(file, l, cc, `unterminated comment or literal in ${what}`);
    }
    if (k !== j) {
      j = k;
      continue;
    }
    if (source[j] === '{') depth++;
    else if (source[j] === '}') depth--;
    j++;
  }
  if (depth !== 0) throw new DslError(file, line, col, `${what}: body has no closing '}'`);
  return j;
}

export interface ParsedCases {
  uops: UopDefinition[];
  formSets: FormSet[];
}

/** Parses one cases file: its uop definitions (not yet expanded into variants) and its form sets. */
export function parseCases(source: string, file: string, options: ParseOptions = {}): ParsedCases {
  const reserved = new Set(options.stateNames ?? []);
  const uops: UopDefinition[] = [];
  const formSets: FormSet[] = [];
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
    const formsHeader = /^forms\s+([A-Za-z0-9_]+)\s*\{/.exec(source.slice(i));
    if (formsHeader) {
      const name = formsHeader[1];
      if (!IDENT.test(name)) throw new DslError(file, line, col, `form set name '${name}' is not an identifier`);
      if (formSets.some((f) => f.name === name)) throw new DslError(file, line, col, `form set ${name} is already defined`);
      const bodyStart = start + formsHeader[0].length;
      const j = closingBrace(source, bodyStart, file, `form set ${name}`, line, col);
      formSets.push(parseFormSet(name, source.slice(bodyStart, j - 1), bodyStart, source, file, line));
      doc = [];
      i = j;
      continue;
    }
    const header = /^uop\s+([A-Za-z0-9_]+)\s*\(([^()]*)\)((?:\s*[a-z]+\s*\([^()]*\))*)\s*\{/.exec(source.slice(i));
    if (!header) {
      const word = /^\S+/.exec(source.slice(i))?.[0] ?? c;
      throw new DslError(file, line, col, `expected 'uop NAME (inputs -- outputs) { ... }' or 'forms NAME { ... }', found '${word}'`);
    }
    const name = header[1];
    if (!UOP_NAME.test(name)) throw new DslError(file, line, col, `uop name '${name}' must be UPPER_CASE`);
    if (names.has(name)) throw new DslError(file, line, col, `uop ${name} is already defined on line ${names.get(name)}`);
    const effectOffset = start + header[0].indexOf('(') + 1;
    const effect = parseStackEffect(header[2], file, effectOffset, source, reserved);
    const clausesAt = effectOffset + header[2].length + 1;
    const clauses = parseClauses(header[3], clausesAt, source, file);
    const bodyStart = start + header[0].length;
    const j = closingBrace(source, bodyStart, file, `uop ${name}`, line, col);
    const body = source.slice(bodyStart, j - 1);
    uops.push({
      name,
      ...effect,
      body,
      doc: doc.join(' '),
      file,
      line,
      bodyLine: position(source, bodyStart)[0],
      ...clauses,
    });
    names.set(name, line);
    doc = [];
    i = j;
  }
  if (uops.length === 0) throw new DslError(file, 1, 1, 'no uops defined');
  for (const { name, why } of options.required ?? []) {
    if (!names.has(name)) throw new DslError(file, 1, 1, `required uop ${name} is not defined (${why})`);
  }
  return { uops, formSets };
}

/** The uop definitions of one cases file, as written (a definition with forms(...) not yet expanded). */
export function parseUops(source: string, file: string, options: ParseOptions = {}): UopDefinition[] {
  return parseCases(source, file, options).uops;
}
