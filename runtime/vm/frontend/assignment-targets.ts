// Expressions as assignment and deletion targets: which are valid, how an
// expression becomes a target (its ctx set to Store or Del), and how python3
// names the part that is not (_PyPegen_get_expr_name and
// _PyPegen_get_invalid_target in CPython's parser).
import type { Expr, ExprContext } from './python-ast.ts';

export type TargetsKind = 'star' | 'del' | 'for';

/** What python3's messages call an expression ("cannot assign to function call"). */
export function exprName(e: Expr): string {
  switch (e.kind) {
    case 'Attribute': return 'attribute';
    case 'Subscript': return 'subscript';
    case 'Starred': return 'starred';
    case 'Name': return 'name';
    case 'List': return 'list';
    case 'Tuple': return 'tuple';
    case 'Lambda': return 'lambda';
    case 'Call': return 'function call';
    case 'BoolOp': case 'BinOp': case 'UnaryOp': return 'expression';
    case 'GeneratorExp': return 'generator expression';
    case 'Yield': case 'YieldFrom': return 'yield expression';
    case 'Await': return 'await expression';
    case 'ListComp': return 'list comprehension';
    case 'SetComp': return 'set comprehension';
    case 'DictComp': return 'dict comprehension';
    case 'Dict': return 'dict literal';
    case 'Set': return 'set display';
    case 'JoinedStr': case 'FormattedValue': return 'f-string expression';
    case 'Constant': {
      const v = e.value;
      if (v === null) return 'None';
      if (v === false) return 'False';
      if (v === true) return 'True';
      if (typeof v === 'object' && 'ellipsis' in v) return 'ellipsis';
      return 'literal';
    }
    case 'Compare': return 'comparison';
    case 'IfExp': return 'conditional expression';
    case 'NamedExpr': return 'named expression';
    default: return 'expression';
  }
}

/** The first part of `e` that cannot be a target of this kind, or null if `e` is a valid target. */
export function invalidTarget(e: Expr, kind: TargetsKind): Expr | null {
  switch (e.kind) {
    case 'List':
    case 'Tuple':
      for (const x of e.elts) {
        const bad = invalidTarget(x, kind);
        if (bad) return bad;
      }
      return null;
    case 'Starred':
      return kind === 'del' ? e : invalidTarget(e.value, kind);
    case 'Compare':
      // `for a in b` parses `a in b` as a comparison: look at its left side.
      if (kind === 'for') return e.ops[0] === 'In' ? invalidTarget(e.left, kind) : null;
      return e;
    case 'Name':
    case 'Subscript':
    case 'Attribute':
      return null;
    default:
      return e;
  }
}

/** The same expression as a target: ctx set on it and, for tuples, lists and starred, inside. */
export function setContext(e: Expr, ctx: ExprContext): Expr {
  switch (e.kind) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      e.ctx = ctx;
      return e;
    case 'Starred':
      e.ctx = ctx;
      setContext(e.value, ctx);
      return e;
    case 'List':
    case 'Tuple':
      e.ctx = ctx;
      for (const x of e.elts) setContext(x, ctx);
      return e;
    default:
      return e;
  }
}

/** Whether `e` is a valid target (star_targets, or del_targets without starred). */
export function isValidTarget(e: Expr, allowStarred: boolean): boolean {
  switch (e.kind) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      return true;
    case 'Starred':
      return allowStarred && e.value.kind !== 'Starred' && isValidTarget(e.value, allowStarred);
    case 'List':
    case 'Tuple':
      return e.elts.every((x) => isValidTarget(x, allowStarred));
    default:
      return false;
  }
}
