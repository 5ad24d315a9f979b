// `list(gen(n))`, `sum(gen(n))` and the other consumers of
// consumed-generators.ts given a call of one of the module's generator
// functions: the argument becomes `(v for v in gen(n))` before scope analysis,
// so the consumer compiles to a loop in the caller's code (compiler.ts
// consumedGenerator) whose FOR_ITER over the generator traces resume natively
// (tracing/record-generators.ts), instead of the builtin pulling each item
// through a nested dispatch loop. The loop does what the builtin does with any
// iterable (iter() of the argument, then each item in order), so the rewrite
// is exact even when the name is rebound at run time; and when the consumer's
// name no longer is the builtin, it gets the call's own value, not a wrapper
// (wrappedCallOf). Only calls of module-level generator functions are
// rewritten: for other iterables (a list, a range) the builtin is faster than
// a loop in tier-1.
import { consumedGeneratorOf, type CallExpr, type GeneratorExpr } from './consumed-generators.ts';
import type { Expr, Module, Stmt } from './python-ast.ts';

/** Rewritten generator expressions and the call each wraps. */
const wrapped = new WeakMap<GeneratorExpr, CallExpr>();

/** The call a rewritten argument wraps (what a consumer that is not the builtin receives), or null. */
export function wrappedCallOf(g: GeneratorExpr): CallExpr | null {
  return wrapped.get(g) ?? null;
}

/** Whether a function body yields (not counting nested functions, lambdas and classes). */
function yields(body: Stmt[]): boolean {
  let found = false;
  const visit = (v: unknown): void => {
    if (found || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const kind = (v as { kind?: string }).kind;
    if (kind === 'Yield' || kind === 'YieldFrom') {
      found = true;
      return;
    }
    if (kind === 'FunctionDef' || kind === 'AsyncFunctionDef' || kind === 'Lambda' || kind === 'ClassDef') return;
    for (const x of Object.values(v)) visit(x);
  };
  visit(body);
  return found;
}

/** Rewrites, in place, the consumed calls of the module's generator functions (see above). */
export function wrapGeneratorCalls(module: Module): void {
  const generators = new Set<string>();
  for (const s of module.body) if (s.kind === 'FunctionDef' && yields(s.body)) generators.add(s.name);
  if (generators.size === 0) return;
  let n = 0;
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const e = v as Expr;
    if (e.kind === 'Call') rewrite(e);
    for (const x of Object.values(v)) visit(x);
  };
  const rewrite = (call: CallExpr): void => {
    if (call.args.length !== 1 || call.keywords.length !== 0) return;
    const arg = call.args[0];
    if (arg.kind !== 'Call' || arg.func.kind !== 'Name' || !generators.has(arg.func.id)) return;
    const at = { lineno: arg.lineno, col_offset: arg.col_offset, end_lineno: arg.end_lineno, end_col_offset: arg.end_col_offset };
    // Not a Python identifier: it cannot meet a name of the program (the inline loop keeps it in a temporary).
    const id = `$item${n++}`;
    const g: GeneratorExpr = {
      kind: 'GeneratorExp', ...at,
      elt: { kind: 'Name', id, ctx: 'Load', ...at },
      generators: [{ kind: 'comprehension', target: { kind: 'Name', id, ctx: 'Store', ...at }, iter: arg, ifs: [], is_async: 0 }],
    };
    call.args[0] = g;
    // Kept only where the consumer really runs it inline; otherwise the call stays as written.
    if (consumedGeneratorOf(call) === g) wrapped.set(g, arg);
    else call.args[0] = arg;
  };
  visit(module.body);
}
