// Generator expressions consumed at once by a builtin: `sum(x for x in xs)`,
// `any`, `all`, `min`, `max`, `list`, `tuple`, `sorted`, `set`, and `"sep".join(...)`.
// The scope analysis resolves such a generator's names in the enclosing code
// (like an inline list comprehension: no scope of its own, so no cells in the
// enclosing function) and the compiler turns it into a loop in that code
// (compiler.ts consumedGenerator), with a generator made as written only when
// the name no longer is the builtin at run time.
import type { Expr } from './python-ast.ts';

export type CallExpr = Extract<Expr, { kind: 'Call' }>;
export type GeneratorExpr = Extract<Expr, { kind: 'GeneratorExp' }>;

/** Builtins whose generator expression argument can run as a loop in the caller's code. */
export const GENERATOR_CONSUMERS: ReadonlySet<string> = new Set(['sum', 'any', 'all', 'min', 'max', 'list', 'tuple', 'sorted', 'set']);

/**
 * The generator expression `call` consumes at once, or null: the only
 * argument (no keywords, no second argument), of a consumer named by a plain
 * name or of `join` on a str literal, and holding no scope of its own inside
 * (a lambda, another generator, a comprehension) nor a walrus.
 */
export function consumedGeneratorOf(call: CallExpr): GeneratorExpr | null {
  if (call.args.length !== 1 || call.keywords.length !== 0) return null;
  const g = call.args[0];
  if (g.kind !== 'GeneratorExp') return null;
  const f = call.func;
  const named = f.kind === 'Name' && GENERATOR_CONSUMERS.has(f.id);
  const join = f.kind === 'Attribute' && f.attr === 'join' && f.value.kind === 'Constant' && typeof f.value.value === 'string';
  if (!named && !join) return null;
  const text = JSON.stringify(g, (_k, v) => (typeof v === 'bigint' ? 0 : v));
  // Only the generator itself may open a scope.
  if (/"kind":"(Lambda|ListComp|SetComp|DictComp|NamedExpr|Yield|YieldFrom|Await)"/.test(text)) return null;
  if (text.split('"kind":"GeneratorExp"').length !== 2) return null;
  return g;
}
