// A stand-in parser until runtime/vm/frontend/python-parser.ts lands: python3
// parses the source (test/helpers/python-ast-dump.py prints CPython's tree as
// JSON in the shape of python-ast.ts) and this file turns the JSON into
// python-ast.ts nodes ({"int": "12"} -> 12n, {"float": "0.5"} -> 0.5, ...).
// Syntax errors come back as SyntaxErrorAt with python3's message and position.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConstantValue, Module } from './python-ast.ts';
import { SyntaxErrorAt } from './syntax-error.ts';

const DUMP_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../test/helpers/python-ast-dump.py');

/** Trees by source: the tests run one program several times in a process (python3 costs ~0.1 s per parse). */
const cache = new Map<string, string>();

/**
 * Python that parses several sources in one python3 process: a JSON list of
 * sources in, a JSON list of trees (or error objects) out, each encoded by the
 * dump script's own encoder.
 */
const BATCH_SCRIPT = `
import ast, json, sys
path = sys.argv[1]
ns = {"__name__": "python_ast_dump"}
exec(compile(open(path).read().replace("\\nmain()\\n", "\\n"), path, "exec"), ns)
out = []
for source in json.load(sys.stdin):
    try:
        out.append(ns["encode"](ast.parse(source, "-")))
    except SyntaxError as e:
        out.append({"error": type(e).__name__, "msg": e.msg, "lineno": e.lineno, "offset": e.offset})
json.dump(out, sys.stdout)
`;

/** Parses several sources with one python3 process (python3's start-up is most of a parse); fills the cache. */
export function prefetchWithPython3(sources: readonly string[]): void {
  const todo = [...new Set(sources.filter((s) => !cache.has(s)))];
  if (todo.length < 2) return;
  const r = spawnSync('python3', ['-c', BATCH_SCRIPT, DUMP_SCRIPT], { input: JSON.stringify(todo), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) return; // each source is parsed on its own then, with its own error
  const trees = JSON.parse(r.stdout) as unknown[];
  if (cache.size + todo.length > 64) cache.clear();
  todo.forEach((source, i) => cache.set(source, JSON.stringify(trees[i])));
}

export function parseWithPython3(source: string): Module {
  let json = cache.get(source);
  if (json === undefined) {
    const r = spawnSync('python3', [DUMP_SCRIPT, '-'], { input: source, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.error) throw new Error(`cannot run python3 to parse the program: ${r.error.message}`);
    if (r.status !== 0) {
      // ast.parse raised something other than SyntaxError (e.g. ValueError for NUL bytes).
      const last = r.stderr.trim().split('\n').pop() ?? 'invalid source';
      throw new SyntaxErrorAt(last.replace(/^\w+: /, ''), 1, 1);
    }
    json = r.stdout;
    if (cache.size > 64) cache.clear();
    cache.set(source, json);
  }
  const tree = JSON.parse(json) as Record<string, unknown>;
  if (typeof tree.error === 'string') {
    throw new SyntaxErrorAt(String(tree.msg), Number(tree.lineno ?? 1), Number(tree.offset ?? 1));
  }
  convertConstants(tree);
  return tree as unknown as Module;
}

function convertConstants(node: unknown): void {
  if (Array.isArray(node)) {
    for (const x of node) convertConstants(x);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (n.kind === 'Constant') {
    n.value = constantValue(n.value);
    return;
  }
  for (const k in n) {
    const v = n[k];
    if (v !== null && typeof v === 'object') convertConstants(v);
  }
}

function constantValue(v: unknown): ConstantValue {
  if (v === null || typeof v !== 'object') return v as ConstantValue;
  const o = v as Record<string, unknown>;
  if (typeof o.int === 'string') return BigInt(o.int);
  if (typeof o.float === 'string') return floatOf(o.float);
  if (typeof o.imag === 'string') return { imag: floatOf(o.imag) };
  if (Array.isArray(o.bytes)) return { bytes: Uint8Array.from(o.bytes as number[]) };
  return { ellipsis: true };
}

function floatOf(repr: string): number {
  if (repr === 'inf') return Infinity;
  if (repr === '-inf') return -Infinity;
  if (repr === 'nan') return NaN;
  return Number(repr);
}
