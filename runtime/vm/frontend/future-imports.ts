// CPython's compile-time rules for `from __future__ import ...` (future.c):
// such imports may only open a module (after its docstring and each other),
// and name known features; `braces` is "not a chance". The import itself then
// runs like any other (the __future__ module is in stdlib/future.ts).
import type { Module, Stmt } from './python-ast.ts';
import { SyntaxErrorAt } from './syntax-error.ts';

const FEATURES = new Set([
  'nested_scopes', 'generators', 'division', 'absolute_import', 'with_statement',
  'print_function', 'unicode_literals', 'barry_as_FLUFL', 'generator_stop', 'annotations',
]);

const isFutureImport = (s: Stmt): s is Extract<Stmt, { kind: 'ImportFrom' }> =>
  s.kind === 'ImportFrom' && s.module === '__future__' && s.level === 0;

/** The features a module imports from __future__; throws SyntaxErrorAt for a misplaced import or an unknown feature. */
export function checkFutureImports(module: Module): Set<string> {
  const features = new Set<string>();
  const body = module.body;
  let i = 0;
  const first = body[0];
  if (first && first.kind === 'Expr' && first.value.kind === 'Constant' && typeof first.value.value === 'string') i = 1;
  const leading = new Set<Stmt>();
  for (; i < body.length && isFutureImport(body[i]); i++) {
    const s = body[i] as Extract<Stmt, { kind: 'ImportFrom' }>;
    leading.add(s);
    for (const a of s.names) {
      if (a.name === 'braces') throw new SyntaxErrorAt('not a chance', s.lineno, s.col_offset + 1);
      if (!FEATURES.has(a.name)) throw new SyntaxErrorAt(`future feature ${a.name} is not defined`, s.lineno, s.col_offset + 1);
      features.add(a.name);
    }
  }
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) { for (const x of v) visit(x); return; }
    if (v === null || typeof v !== 'object') return;
    const n = v as { kind?: string };
    if (n.kind === 'ImportFrom' && isFutureImport(v as Stmt) && !leading.has(v as Stmt)) {
      const s = v as Stmt;
      throw new SyntaxErrorAt('from __future__ imports must occur at the beginning of the file', s.lineno, s.col_offset + 1);
    }
    // Statements hold statements only in these fields (expressions cannot hold imports).
    for (const k of ['body', 'orelse', 'finalbody', 'handlers', 'cases']) if (k in n) visit((n as Record<string, unknown>)[k]);
  };
  visit(body);
  return features;
}
