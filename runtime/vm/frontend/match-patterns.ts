// Compile-time rules of the match statement (CPython's compiler checks them
// before emitting code): names a pattern binds, irrefutable patterns that
// make later cases or alternatives unreachable, names bound twice, or-patterns
// whose alternatives bind different names, duplicate literal mapping keys.
import type { Expr, Located, MatchCase, Pattern } from './python-ast.ts';
import { SyntaxErrorAt } from './syntax-error.ts';

/** The names a pattern binds, in binding order. */
export function patternNames(p: Pattern): string[] {
  switch (p.kind) {
    case 'MatchAs': return [...(p.pattern ? patternNames(p.pattern) : []), ...(p.name !== null ? [p.name] : [])];
    case 'MatchStar': return p.name !== null ? [p.name] : [];
    case 'MatchSequence': return p.patterns.flatMap(patternNames);
    case 'MatchMapping': return [...p.patterns.flatMap(patternNames), ...(p.rest !== null ? [p.rest] : [])];
    case 'MatchClass': return [...p.patterns, ...p.kwd_patterns].flatMap(patternNames);
    case 'MatchOr': return p.patterns.length > 0 ? patternNames(p.patterns[0]) : [];
    default: return [];
  }
}

/** The expressions a pattern evaluates (values, keys, classes), for the symbol table. */
export function patternExprs(p: Pattern): Expr[] {
  switch (p.kind) {
    case 'MatchValue': return [p.value];
    case 'MatchAs': return p.pattern ? patternExprs(p.pattern) : [];
    case 'MatchSequence': case 'MatchOr': return p.patterns.flatMap(patternExprs);
    case 'MatchMapping': return [...p.keys, ...p.patterns.flatMap(patternExprs)];
    case 'MatchClass': return [p.cls, ...[...p.patterns, ...p.kwd_patterns].flatMap(patternExprs)];
    default: return [];
  }
}

/** A capture or wildcard (possibly inside an or-pattern): it matches anything. */
function irrefutable(p: Pattern): boolean {
  if (p.kind === 'MatchAs') return p.pattern === null || irrefutable(p.pattern);
  if (p.kind === 'MatchOr') return p.patterns.some(irrefutable);
  return false;
}

function unreachableError(p: Pattern): SyntaxErrorAt {
  let q = p;
  while (q.kind === 'MatchOr') q = q.patterns.find(irrefutable)!;
  while (q.kind === 'MatchAs' && q.pattern !== null && q.name === null) q = q.pattern;
  const where = q as Located;
  if (q.kind === 'MatchAs' && q.pattern === null && q.name !== null) {
    return new SyntaxErrorAt(`name capture '${q.name}' makes remaining patterns unreachable`, where.lineno, where.col_offset + 1);
  }
  return new SyntaxErrorAt('wildcard makes remaining patterns unreachable', where.lineno, where.col_offset + 1);
}

function checkPattern(p: Pattern): void {
  const seen = new Set<string>();
  const bind = (name: string, at: Located) => {
    if (seen.has(name)) throw new SyntaxErrorAt(`multiple assignments to name '${name}' in pattern`, at.lineno, at.col_offset + 1);
    seen.add(name);
  };
  const visit = (q: Pattern): void => {
    switch (q.kind) {
      case 'MatchAs':
        if (q.pattern) visit(q.pattern);
        if (q.name !== null) bind(q.name, q);
        return;
      case 'MatchStar': if (q.name !== null) bind(q.name, q); return;
      case 'MatchSequence': q.patterns.forEach(visit); return;
      case 'MatchMapping': {
        const keys = new Set<string>();
        for (const k of q.keys) {
          if (k.kind !== 'Constant') continue;
          const id = typeof k.value === 'bigint' ? `i${k.value}` : `${typeof k.value}:${String(k.value)}`;
          if (keys.has(id)) {
            const text = typeof k.value === 'string' ? `'${k.value}'` : typeof k.value === 'bigint' ? String(k.value) : String(k.value);
            throw new SyntaxErrorAt(`mapping pattern checks duplicate key (${text})`, q.lineno, q.col_offset + 1);
          }
          keys.add(id);
        }
        q.patterns.forEach(visit);
        if (q.rest !== null) bind(q.rest, q);
        return;
      }
      case 'MatchClass': [...q.patterns, ...q.kwd_patterns].forEach(visit); return;
      case 'MatchOr': {
        q.patterns.forEach((alt, i) => {
          if (i < q.patterns.length - 1 && irrefutable(alt)) throw unreachableError(alt);
          checkPattern(alt);
        });
        const first = [...patternNames(q.patterns[0])].sort().join(',');
        for (const alt of q.patterns.slice(1)) {
          if ([...patternNames(alt)].sort().join(',') !== first) throw new SyntaxErrorAt('alternative patterns bind different names', alt.lineno, alt.col_offset + 1);
        }
        for (const n of patternNames(q.patterns[0])) bind(n, q);
        return;
      }
      default: return;
    }
  };
  visit(p);
}

/** Throws SyntaxErrorAt where CPython's compiler rejects a match statement's cases. */
export function checkMatchCases(cases: MatchCase[]): void {
  cases.forEach((c, i) => {
    checkPattern(c.pattern);
    if (i < cases.length - 1 && c.guard === null && irrefutable(c.pattern)) throw unreachableError(c.pattern);
  });
}
