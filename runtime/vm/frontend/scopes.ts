// Name resolution (CPython's symtable, in short): for every function, lambda,
// generator expression and class body, which names are its locals, which of
// them nested functions capture (cells), which come from enclosing functions
// (free variables) and which are globals. List, set and dict comprehensions
// are compiled inline into the enclosing code (their variables become hidden
// locals) unless they contain a lambda or generator expression, in which case
// they get a scope of their own like in CPython.
import type { Arguments, Comprehension, ExceptHandler, Expr, MatchCase, Module, Stmt } from './python-ast.ts';
import { SyntaxErrorAt } from './syntax-error.ts';
import { consumedGeneratorOf } from './consumed-generators.ts';
import { patternExprs, patternNames } from './match-patterns.ts';

export type ScopeKind = 'module' | 'function' | 'class';

/** A node that opens a scope: a def/lambda/generator expression/comprehension, a class, the module. */
export type ScopeNode = Module | Stmt | Expr;

export class Scope {
  /** Parameters in frame order: positional, keyword-only, *args, **kwargs. */
  readonly params: string[] = [];
  /** Names bound in the scope (besides parameters), in the order the compiler numbers them. */
  readonly assigned: string[] = [];
  readonly declaredGlobal = new Set<string>();
  readonly declaredNonlocal = new Set<string>();
  /** Names read (or bound) anywhere in the scope's own code. */
  readonly used = new Set<string>();
  /** Names read (Load context) so far, in source order (for "used prior to global declaration"). */
  readonly loaded = new Set<string>();
  /** Where each name's first global/nonlocal declaration is (line, 1-based column). */
  readonly directives = new Map<string, [number, number]>();
  /** Per global/nonlocal statement, the names bound before it in source order. */
  readonly boundBeforeDirective = new Map<Stmt, Set<string>>();
  readonly children: Scope[] = [];
  /** Locals captured by nested scopes. */
  readonly cells = new Set<string>();
  /** Names taken from enclosing function scopes, in order of discovery. */
  readonly frees: string[] = [];
  /** A method that uses super() or __class__: it needs the class cell. */
  usesClassCell = false;
  /** A class body whose methods need `__class__`. */
  needsClassCell = false;
  isGenerator = false;
  /** An `async def`: its code makes a coroutine (a generator whose `await`s are its `yield from`s). */
  isCoroutine = false;
  /** Bindings from walrus expressions (after statement-level ones). */
  private readonly late: string[] = [];

  constructor(readonly kind: ScopeKind, readonly name: string, readonly node: ScopeNode, readonly parent: Scope | null) {
    parent?.children.push(this);
  }

  /** Whether `name` is a local of this function scope (parameters included). */
  isLocal(name: string): boolean {
    if (this.kind !== 'function') return false;
    if (this.declaredGlobal.has(name) || this.declaredNonlocal.has(name)) return false;
    return this.params.includes(name) || this.assigned.includes(name);
  }

  bind(name: string): void {
    if (!this.assigned.includes(name) && !this.params.includes(name)) this.assigned.push(name);
  }

  bindLate(name: string): void {
    if (!this.assigned.includes(name) && !this.params.includes(name) && !this.late.includes(name)) this.late.push(name);
  }

  finishBindings(): void {
    for (const n of this.late) if (!this.assigned.includes(n)) this.assigned.push(n);
  }
}

export interface ScopeTable {
  module: Scope;
  /** Scope opened by a node (def, lambda, class, generator expression, non-inline comprehension). */
  scopeOf: Map<ScopeNode, Scope>;
  /** Comprehensions compiled inline. */
  inline: Set<Expr>;
}

const isComprehension = (e: Expr) => e.kind === 'ListComp' || e.kind === 'SetComp' || e.kind === 'DictComp';

/**
 * Whether an expression (outside the first iterable) contains a lambda or generator
 * expression; a generator consumed at once by a builtin (consumed-generators.ts) has no
 * scope of its own outside class bodies (`inClass`), so `[sum(v for v in r) for r in rows]`
 * stays inline.
 */
function containsScope(e: Expr, inClass: boolean): boolean {
  const consumed = new Set<Expr>();
  if (!inClass) walkExpr(e, (x) => {
    const g = x.kind === 'Call' ? consumedGeneratorOf(x) : null;
    if (g !== null) consumed.add(g);
  });
  let found = false;
  walkExpr(e, (x) => {
    if (x.kind === 'Lambda' || (x.kind === 'GeneratorExp' && !consumed.has(x))) found = true;
  });
  return found;
}

/** Calls fn on e and every expression inside it (not into nested statement bodies; expressions have none). */
function walkExpr(e: Expr | null, fn: (x: Expr) => void): void {
  if (e === null) return;
  fn(e);
  for (const k in e) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object') walkAny(x, fn);
    } else if (v && typeof v === 'object') walkAny(v, fn);
  }
}

function walkAny(v: object, fn: (x: Expr) => void): void {
  const n = v as { kind?: string };
  if (n.kind === 'comprehension') {
    const c = v as Comprehension;
    walkExpr(c.target, fn);
    walkExpr(c.iter, fn);
    for (const i of c.ifs) walkExpr(i, fn);
  } else if (n.kind === 'arguments') {
    const a = v as Arguments;
    for (const d of a.defaults) walkExpr(d, fn);
    for (const d of a.kw_defaults) walkExpr(d, fn);
  } else if (n.kind === 'keyword') {
    walkExpr((v as { value: Expr }).value, fn);
  } else if (typeof n.kind === 'string' && 'lineno' in n) {
    walkExpr(v as Expr, fn);
  }
}

export function analyzeScopes(module: Module): ScopeTable {
  const table: ScopeTable = { module: new Scope('module', '<module>', module, null), scopeOf: new Map(), inline: new Set() };
  table.scopeOf.set(module, table.module);
  const b = new Builder(table);
  b.statementBindings(table.module, module.body);
  b.body(table.module, module.body);
  table.module.finishBindings();
  resolve(table.module);
  return table;
}

class Builder {
  constructor(private readonly table: ScopeTable) {}

  /** Statement-level bindings in the order the original compiler numbered locals. */
  statementBindings(scope: Scope, body: Stmt[]): void {
    const target = (t: Expr) => {
      if (t.kind === 'Name') scope.bind(t.id);
      else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach(target);
      else if (t.kind === 'Starred') target(t.value);
    };
    const visit = (stmts: Stmt[]) => {
      for (const s of stmts) {
        switch (s.kind) {
          case 'Assign': s.targets.forEach(target); break;
          case 'AugAssign': target(s.target); break;
          case 'AnnAssign': if (s.target.kind === 'Name') scope.bind(s.target.id); break;
          case 'For': target(s.target); visit(s.body); visit(s.orelse); break;
          case 'While': visit(s.body); visit(s.orelse); break;
          case 'If': visit(s.body); visit(s.orelse); break;
          case 'With':
            for (const item of s.items) if (item.optional_vars) target(item.optional_vars);
            visit(s.body);
            break;
          case 'Try': case 'TryStar':
            visit(s.body);
            for (const h of s.handlers) {
              if (h.name !== null) scope.bind(h.name);
              visit(h.body);
            }
            visit(s.orelse);
            visit(s.finalbody);
            break;
          case 'FunctionDef': case 'AsyncFunctionDef': case 'ClassDef': scope.bind(s.name); break;
          case 'Match':
            for (const c of s.cases) {
              patternNames(c.pattern).forEach((n) => scope.bind(n));
              visit(c.body);
            }
            break;
          case 'Delete': s.targets.forEach(target); break;
          case 'Import':
            for (const a of s.names) scope.bind(a.asname ?? a.name.split('.')[0]);
            break;
          case 'ImportFrom':
            for (const a of s.names) if (a.name !== '*') scope.bind(a.asname ?? a.name);
            break;
          case 'Global': case 'Nonlocal': {
            const what = s.kind === 'Global' ? 'global' : 'nonlocal';
            if (s.kind === 'Nonlocal' && scope.kind === 'module') throw new SyntaxErrorAt('nonlocal declaration not allowed at module level', s.lineno, s.col_offset + 1);
            const before = new Set<string>();
            for (const n of s.names) {
              if (scope.params.includes(n)) throw new SyntaxErrorAt(`name '${n}' is parameter and ${what}`, s.lineno, s.col_offset + 1);
              if (scope.assigned.includes(n)) before.add(n);
              if (!scope.directives.has(n)) scope.directives.set(n, [s.lineno, s.col_offset + 1]);
              (s.kind === 'Global' ? scope.declaredGlobal : scope.declaredNonlocal).add(n);
              if (scope.declaredGlobal.has(n) && scope.declaredNonlocal.has(n)) {
                const [line, col] = scope.directives.get(n)!;
                throw new SyntaxErrorAt(`name '${n}' is nonlocal and global`, line, col);
              }
            }
            scope.boundBeforeDirective.set(s, before);
            break;
          }
          default: break;
        }
      }
    };
    visit(body);
  }

  /** Walks statements for uses, walrus bindings and nested scopes. */
  body(scope: Scope, stmts: Stmt[]): void {
    for (const s of stmts) this.stmt(scope, s);
  }

  private stmt(scope: Scope, s: Stmt): void {
    switch (s.kind) {
      case 'FunctionDef': case 'AsyncFunctionDef':
        for (const d of s.decorator_list) this.expr(scope, d);
        this.argumentDefaults(scope, s.args);
        if (s.returns) this.expr(scope, s.returns);
        this.functionScope(scope, s, s.name, s.args, s.body, null);
        scope.used.add(s.name);
        return;
      case 'ClassDef': {
        for (const d of s.decorator_list) this.expr(scope, d);
        for (const e of s.bases) this.expr(scope, e);
        for (const k of s.keywords) this.expr(scope, k.value);
        const cls = new Scope('class', s.name, s, scope);
        this.table.scopeOf.set(s, cls);
        this.statementBindings(cls, s.body);
        this.body(cls, s.body);
        cls.finishBindings();
        scope.used.add(s.name);
        return;
      }
      case 'Return': if (s.value) this.expr(scope, s.value); return;
      case 'Delete': for (const t of s.targets) this.expr(scope, t); return;
      case 'Assign': for (const t of s.targets) this.expr(scope, t); this.expr(scope, s.value); return;
      case 'AugAssign': this.expr(scope, s.target); this.expr(scope, s.value); return;
      case 'AnnAssign':
        this.expr(scope, s.target);
        if (s.value) this.expr(scope, s.value);
        return;
      case 'For': case 'AsyncFor':
        this.expr(scope, s.target);
        this.expr(scope, s.iter);
        this.body(scope, s.body);
        this.body(scope, s.orelse);
        return;
      case 'While': case 'If':
        this.expr(scope, s.test);
        this.body(scope, s.body);
        this.body(scope, s.orelse);
        return;
      case 'With': case 'AsyncWith':
        for (const item of s.items) {
          this.expr(scope, item.context_expr);
          if (item.optional_vars) this.expr(scope, item.optional_vars);
        }
        this.body(scope, s.body);
        return;
      case 'Raise':
        if (s.exc) this.expr(scope, s.exc);
        if (s.cause) this.expr(scope, s.cause);
        return;
      case 'Try': case 'TryStar':
        this.body(scope, s.body);
        for (const h of s.handlers as ExceptHandler[]) {
          if (h.type) this.expr(scope, h.type);
          if (h.name !== null) scope.used.add(h.name);
          this.body(scope, h.body);
        }
        this.body(scope, s.orelse);
        this.body(scope, s.finalbody);
        return;
      case 'Assert':
        this.expr(scope, s.test);
        if (s.msg) this.expr(scope, s.msg);
        return;
      case 'Expr': this.expr(scope, s.value); return;
      case 'Match':
        this.expr(scope, s.subject);
        for (const c of s.cases) {
          for (const e of patternExprs(c.pattern)) this.expr(scope, e);
          for (const n of patternNames(c.pattern)) scope.used.add(n);
          if (c.guard) this.expr(scope, c.guard);
          this.body(scope, c.body);
        }
        return;
      case 'Import': case 'ImportFrom':
        for (const a of s.names) if (a.name !== '*') scope.used.add(a.asname ?? a.name.split('.')[0]);
        return;
      case 'Global': case 'Nonlocal': {
        // CPython's symtable: a name read or bound earlier in the scope cannot be declared.
        const what = s.kind === 'Global' ? 'global' : 'nonlocal';
        const bound = scope.boundBeforeDirective.get(s);
        for (const n of s.names) {
          if (scope.loaded.has(n)) throw new SyntaxErrorAt(`name '${n}' is used prior to ${what} declaration`, s.lineno, s.col_offset + 1);
          if (bound?.has(n)) throw new SyntaxErrorAt(`name '${n}' is assigned to before ${what} declaration`, s.lineno, s.col_offset + 1);
        }
        return;
      }
      default: return;
    }
  }

  private argumentDefaults(scope: Scope, args: Arguments): void {
    for (const d of args.defaults) this.expr(scope, d);
    for (const d of args.kw_defaults) if (d) this.expr(scope, d);
    for (const a of [...args.posonlyargs, ...args.args, ...args.kwonlyargs, args.vararg, args.kwarg]) {
      if (a?.annotation) this.expr(scope, a.annotation);
    }
  }

  private functionScope(parent: Scope, node: ScopeNode, name: string, args: Arguments | null, body: Stmt[] | null, expr: Expr | null): Scope {
    const fn = new Scope('function', name, node, parent);
    this.table.scopeOf.set(node, fn);
    if (args) {
      const params = [...args.posonlyargs, ...args.args, ...args.kwonlyargs];
      if (args.vararg) params.splice(args.posonlyargs.length + args.args.length + args.kwonlyargs.length, 0, args.vararg);
      if (args.kwarg) params.push(args.kwarg);
      // Frame order: positional, keyword-only, *args, **kwargs.
      const ordered = [...args.posonlyargs, ...args.args, ...args.kwonlyargs, ...(args.vararg ? [args.vararg] : []), ...(args.kwarg ? [args.kwarg] : [])];
      for (const a of ordered) {
        if (fn.params.includes(a.arg)) throw new SyntaxErrorAt(`duplicate argument '${a.arg}' in function definition`, a.lineno, a.col_offset + 1);
        fn.params.push(a.arg);
      }
    }
    if (body) {
      this.statementBindings(fn, body);
      this.body(fn, body);
    }
    if (expr) this.expr(fn, expr);
    fn.finishBindings();
    return fn;
  }

  /** Records uses, walrus bindings, Store-context names inside expressions, and nested scopes. */
  expr(scope: Scope, e: Expr | null): void {
    if (e === null) return;
    switch (e.kind) {
      case 'Name':
        scope.used.add(e.id);
        if (e.ctx !== 'Load') scope.bind(e.id);
        else scope.loaded.add(e.id);
        if (e.id === 'super' && scope.kind === 'function') scope.usesClassCell = true;
        if (e.id === '__class__' && scope.kind === 'function') scope.usesClassCell = true;
        return;
      case 'Lambda':
        this.argumentDefaults(scope, e.args);
        this.functionScope(scope, e, '<lambda>', e.args, null, e.body);
        return;
      case 'NamedExpr':
        if (e.target.kind === 'Name') {
          scope.used.add(e.target.id);
          scope.bindLate(e.target.id);
        }
        this.expr(scope, e.value);
        return;
      case 'GeneratorExp':
        rejectYieldInComprehension(e, e.generators, [e.elt]);
        this.comprehensionScope(scope, e, '<genexpr>', e.generators, [e.elt]);
        return;
      case 'Call': {
        // sum(x for x in xs) and the like: the generator's names resolve here, as an inline
        // comprehension's do (consumed-generators.ts); not in a class body, whose names a
        // generator cannot see.
        const g = scope.kind === 'class' ? null : consumedGeneratorOf(e);
        if (g === null) break;
        this.expr(scope, e.func);
        rejectYieldInComprehension(g, g.generators, [g.elt]);
        this.table.inline.add(g);
        for (const c of g.generators) {
          this.expr(scope, c.iter);
          this.usesOnly(scope, c.target);
          for (const x of c.ifs) this.expr(scope, x);
        }
        this.expr(scope, g.elt);
        return;
      }
      case 'ListComp': case 'SetComp': case 'DictComp': {
        const parts = e.kind === 'DictComp' ? [e.key, e.value] : [e.elt];
        rejectYieldInComprehension(e, e.generators, parts);
        const inner = [...parts, ...e.generators.flatMap((g, i) => [...(i > 0 ? [g.iter] : []), ...g.ifs])];
        if (!inner.some((x) => containsScope(x, scope.kind === 'class'))) {
          // Inline: the loop variables become hidden locals; everything else resolves here.
          this.table.inline.add(e);
          for (const g of e.generators) {
            this.expr(scope, g.iter);
            this.usesOnly(scope, g.target);
            for (const c of g.ifs) this.expr(scope, c);
          }
          for (const p of parts) this.expr(scope, p);
          return;
        }
        const name = e.kind === 'ListComp' ? '<listcomp>' : e.kind === 'SetComp' ? '<setcomp>' : '<dictcomp>';
        this.comprehensionScope(scope, e, name, e.generators, parts);
        return;
      }
      default:
        break;
    }
    for (const k in e) {
      if (k === 'kind') continue;
      const v = (e as unknown as Record<string, unknown>)[k];
      if (Array.isArray(v)) {
        for (const x of v) this.child(scope, x);
      } else if (v && typeof v === 'object') this.child(scope, v);
    }
  }

  /** A comprehension variable of an inline comprehension: read/written, but not a binding of the scope. */
  private usesOnly(scope: Scope, t: Expr): void {
    walkExpr(t, (x) => {
      if (x.kind === 'Name') scope.used.add(x.id);
    });
    // Subscript/attribute targets still evaluate expressions.
    if (t.kind !== 'Name' && t.kind !== 'Tuple' && t.kind !== 'List' && t.kind !== 'Starred') this.expr(scope, t);
  }

  private child(scope: Scope, v: unknown): void {
    if (v === null || typeof v !== 'object') return;
    const n = v as { kind?: string };
    if (n.kind === 'keyword') this.expr(scope, (v as { value: Expr }).value);
    else if (typeof n.kind === 'string' && 'lineno' in (v as object)) this.expr(scope, v as Expr);
  }

  /** A generator expression or non-inline comprehension: a function of one parameter (the first iterator). */
  private comprehensionScope(scope: Scope, e: Expr, name: string, generators: Comprehension[], parts: Expr[]): void {
    this.expr(scope, generators[0].iter);
    const fn = new Scope('function', name, e, scope);
    this.table.scopeOf.set(e, fn);
    fn.params.push('.0');
    if (e.kind === 'GeneratorExp') fn.isGenerator = true;
    generators.forEach((g, i) => {
      if (i > 0) this.expr(fn, g.iter);
      walkExpr(g.target, (x) => {
        if (x.kind === 'Name') { fn.bind(x.id); fn.used.add(x.id); }
      });
      for (const c of g.ifs) this.expr(fn, c);
    });
    for (const p of parts) this.expr(fn, p);
    fn.finishBindings();
  }
}

/** Marks generators, decides free and cell variables for every scope under `scope`. */
function resolve(scope: Scope): void {
  if (scope.kind === 'function' && (scope.node as Stmt).kind === 'AsyncFunctionDef') {
    const def = scope.node as Extract<Stmt, { kind: 'AsyncFunctionDef' }>;
    if (containsYield(scope)) throw new SyntaxErrorAt('asynchronous generators are not supported', def.lineno, def.col_offset + 1);
    scope.isCoroutine = true;
    scope.isGenerator = true;
  }
  if (scope.kind === 'function' && !scope.isGenerator) scope.isGenerator = containsYield(scope);
  for (const c of scope.children) resolve(c);
  if (scope.kind !== 'module') {
    for (const name of scope.declaredNonlocal) {
      if (!findEnclosingLocal(scope, name)) {
        const [line, col] = scope.directives.get(name) ?? [(scope.node as Stmt).lineno ?? 1, 1];
        throw new SyntaxErrorAt(`no binding for nonlocal '${name}' found`, line, col);
      }
    }
  }
  const candidates = new Set<string>([...scope.used, ...scope.declaredNonlocal]);
  for (const c of scope.children) for (const f of c.frees) candidates.add(f);
  for (const name of candidates) {
    if (scope.kind === 'function' && scope.isLocal(name)) continue;
    if (scope.declaredGlobal.has(name)) continue;
    if (scope.kind === 'class' && scope.assigned.includes(name) && !scope.declaredNonlocal.has(name)) continue;
    if (scope.kind === 'module') continue;
    const owner = findEnclosingLocal(scope, name);
    if (owner) addFree(scope, name, owner);
  }
  if (scope.usesClassCell) {
    let p = scope.parent;
    while (p && p.kind === 'function') p = p.parent;
    if (p && p.kind === 'class') {
      p.needsClassCell = true;
      markFreePath(scope, '__class__', p);
    }
  }
}

/** Makes `name` free in scope and every function scope between it and its owner, and a cell of the owner. */
function addFree(scope: Scope, name: string, owner: Scope): void {
  markFreePath(scope, name, owner);
}

function markFreePath(scope: Scope, name: string, owner: Scope): void {
  let s: Scope | null = scope;
  while (s && s !== owner) {
    if (!s.frees.includes(name)) s.frees.push(name);
    s = s.parent;
  }
  if (owner.kind === 'function') owner.cells.add(name);
}

/** The nearest enclosing function scope (class scopes are skipped) with `name` as a local. */
function findEnclosingLocal(scope: Scope, name: string): Scope | null {
  for (let p = scope.parent; p; p = p.parent) {
    if (p.kind === 'module') return null;
    if (p.kind === 'class') continue;
    if (p.declaredGlobal.has(name)) return null;
    if (p.isLocal(name)) return p;
  }
  return null;
}

const COMPREHENSION_NAMES: Record<string, string> = {
  ListComp: 'list comprehension', SetComp: 'set comprehension', DictComp: 'dict comprehension', GeneratorExp: 'generator expression',
};

/** CPython's symtable error for yield in a comprehension's own scope (its first iterable belongs to the enclosing scope). */
function rejectYieldInComprehension(e: Expr, generators: Comprehension[], parts: Expr[]): void {
  const inner = [...parts, ...generators.flatMap((g, i) => [...(i > 0 ? [g.iter] : []), ...g.ifs])];
  for (const x of inner) {
    walkExprShallow(x, (y) => {
      if (y.kind === 'Yield' || y.kind === 'YieldFrom') {
        throw new SyntaxErrorAt(`'yield' inside ${COMPREHENSION_NAMES[e.kind]}`, y.lineno, y.col_offset + 1);
      }
    });
  }
}

/** Whether a function's own body (not nested scopes) contains yield. */
function containsYield(scope: Scope): boolean {
  const node = scope.node as Stmt | Expr;
  let found = false;
  const visitExpr = (e: Expr | null) => {
    if (!e || found) return;
    walkExprShallow(e, (x) => {
      if (x.kind === 'Yield' || x.kind === 'YieldFrom') found = true;
    });
  };
  const visit = (stmts: Stmt[]) => {
    for (const s of stmts) {
      if (found) return;
      if (s.kind === 'FunctionDef' || s.kind === 'AsyncFunctionDef') {
        s.decorator_list.forEach(visitExpr);
        continue;
      }
      if (s.kind === 'ClassDef') {
        s.bases.forEach(visitExpr);
        continue;
      }
      for (const k in s) {
        const v = (s as unknown as Record<string, unknown>)[k];
        const each = Array.isArray(v) ? v : [v];
        for (const x of each) {
          if (!x || typeof x !== 'object') continue;
          const n = x as { kind?: string };
          if (n.kind === 'ExceptHandler') {
            const h = x as ExceptHandler;
            visitExpr(h.type);
            visit(h.body);
          } else if (n.kind === 'withitem') {
            visitExpr((x as { context_expr: Expr }).context_expr);
          } else if (n.kind === 'match_case') {
            const c = x as MatchCase;
            patternExprs(c.pattern).forEach(visitExpr);
            visitExpr(c.guard);
            visit(c.body);
          } else if (typeof n.kind === 'string' && 'lineno' in (x as object)) {
            if (isStmt(n.kind)) visit([x as Stmt]);
            else visitExpr(x as Expr);
          }
        }
      }
    }
  };
  if (node.kind === 'FunctionDef' || node.kind === 'AsyncFunctionDef') visit(node.body);
  else if (node.kind === 'Lambda') visitExpr(node.body);
  return found;
}

/** Like walkExpr, but does not enter nested scopes (lambdas, generator expressions, non-trivial comprehensions' bodies). */
function walkExprShallow(e: Expr, fn: (x: Expr) => void): void {
  fn(e);
  if (e.kind === 'Lambda') return;
  if (e.kind === 'GeneratorExp' || isComprehension(e)) {
    const gens = (e as { generators: Comprehension[] }).generators;
    walkExprShallow(gens[0].iter, fn);
    return;
  }
  for (const k in e) {
    const v = (e as unknown as Record<string, unknown>)[k];
    const each = Array.isArray(v) ? v : [v];
    for (const x of each) {
      if (!x || typeof x !== 'object') continue;
      const n = x as { kind?: string };
      if (n.kind === 'keyword') walkExprShallow((x as { value: Expr }).value, fn);
      else if (typeof n.kind === 'string' && 'lineno' in (x as object)) walkExprShallow(x as Expr, fn);
    }
  }
}

const STMT_KINDS = new Set(['FunctionDef', 'AsyncFunctionDef', 'ClassDef', 'Return', 'Delete', 'Assign', 'AugAssign', 'AnnAssign',
  'For', 'AsyncFor', 'While', 'If', 'With', 'AsyncWith', 'Match', 'Raise', 'Try', 'TryStar', 'Assert', 'Import', 'ImportFrom',
  'Global', 'Nonlocal', 'Expr', 'Pass', 'Break', 'Continue']);
function isStmt(kind: string): boolean {
  return STMT_KINDS.has(kind);
}
