// Differential checking of the parser against python3's own: many sources
// dumped by one python3 process (python-ast-dump.py --batch), and our tree
// or error put in the same shape for a structural comparison.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { parseModule } from '../../runtime/vm/frontend/python-parser.ts';
import { SyntaxErrorAt } from '../../runtime/vm/frontend/syntax-error.ts';
import { FrontEndResourceError } from '../../runtime/vm/frontend/resource-error.ts';

const DUMPER = fileURLToPath(new URL('./python-ast-dump.py', import.meta.url));

/** What python-ast-dump.py prints: a tree, or {error, msg, lineno, offset}. */
export type PythonDump = Record<string, unknown>;

export interface ErrorDump {
  error: string;
  msg: string;
  lineno: number | null;
  offset: number | null;
}

/** python3's dumps of many sources, from one process. */
export async function dumpWithPython(sources: string[], options: { verdictOnly?: boolean } = {}): Promise<PythonDump[]> {
  const args = options.verdictOnly ? [DUMPER, '--batch', '--verdict'] : [DUMPER, '--batch'];
  const r = await execa('python3', args, { input: JSON.stringify(sources), maxBuffer: 1 << 30 });
  return JSON.parse(r.stdout) as PythonDump[];
}

/** Our parse of a source, in python-ast-dump.py's shape. */
export function dumpWithOurs(source: string | Uint8Array): PythonDump {
  try {
    return ourShape(parseModule(source)) as PythonDump;
  } catch (e) {
    if (e instanceof SyntaxErrorAt) return { error: e.errorClass, msg: e.message, lineno: e.line, offset: e.col };
    if (e instanceof FrontEndResourceError) return { error: e.errorClass, msg: e.message, lineno: null, offset: null };
    throw e;
  }
}

/** Our AST as JSON-like data in python-ast-dump.py's encoding of constants. */
function ourShape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(ourShape);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === 'value' && (node as { kind?: string }).kind === 'Constant' ? constant(v) : ourShape(v);
  }
  return out;
}

function constant(v: unknown): unknown {
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return { float: v };
  if (v !== null && typeof v === 'object') {
    if ('bytes' in v) return { bytes: Array.from((v as { bytes: Uint8Array }).bytes) };
    if ('imag' in v) return { imag: (v as { imag: number }).imag };
  }
  return v;
}

/** python3's floats arrive as repr strings: make them numbers, as ours are. */
export function normalizePython(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizePython);
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && (keys[0] === 'float' || keys[0] === 'imag') && typeof o[keys[0]] === 'string') {
    return { [keys[0]]: pyFloat(o[keys[0]] as string) };
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = normalizePython(o[k]);
  return out;
}

function pyFloat(repr: string): number {
  if (repr === 'inf') return Infinity;
  if (repr === '-inf') return -Infinity;
  if (repr === 'nan') return NaN;
  return Number(repr);
}

/** The first place two dumps differ ("body[0].value.col_offset: 4 != 5"), or null. */
export function firstDifference(ours: unknown, theirs: unknown, path = '', ignore: (path: string) => boolean = () => false): string | null {
  if (ignore(path)) return null;
  if (typeof ours === 'number' && typeof theirs === 'number') {
    return Object.is(ours, theirs) || ours === theirs ? null : `${path}: ${ours} != ${theirs}`;
  }
  if (ours === null || theirs === null || typeof ours !== 'object' || typeof theirs !== 'object') {
    return ours === theirs ? null : `${path}: ${JSON.stringify(ours)} != ${JSON.stringify(theirs)}`;
  }
  if (Array.isArray(ours) !== Array.isArray(theirs)) return `${path}: array vs non-array`;
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    if (ours.length !== theirs.length) return `${path}: length ${ours.length} != ${theirs.length}`;
    for (let i = 0; i < ours.length; i++) {
      const d = firstDifference(ours[i], theirs[i], `${path}[${i}]`, ignore);
      if (d) return d;
    }
    return null;
  }
  const a = ours as Record<string, unknown>;
  const b = theirs as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (!(k in a)) return `${path}.${k}: missing in ours (python3: ${JSON.stringify(b[k])?.slice(0, 80)})`;
    if (!(k in b)) return `${path}.${k}: extra in ours (${JSON.stringify(a[k])?.slice(0, 80)})`;
    const d = firstDifference(a[k], b[k], `${path}.${k}`, ignore);
    if (d) return d;
  }
  return null;
}
