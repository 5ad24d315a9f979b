// The text of an annotation under `from __future__ import annotations`, as
// CPython's ast.unparse writes it, for the forms annotations use (names,
// dotted names, subscripts, tuples, lists, constants, `X | Y`); anything else
// keeps its source text.
import type { Expr } from './python-ast.ts';

function quoted(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + s.replaceAll('\\', '\\\\').replaceAll(q, '\\' + q).replaceAll('\n', '\\n').replaceAll('\t', '\\t') + q;
}

/** The unparsed text, or null when e has a form not handled here. */
export function annotationText(e: Expr): string | null {
  const all = (es: Expr[]): string[] | null => {
    const out: string[] = [];
    for (const x of es) {
      const t = annotationText(x);
      if (t === null) return null;
      out.push(t);
    }
    return out;
  };
  switch (e.kind) {
    case 'Name': return e.id;
    case 'Attribute': {
      const v = annotationText(e.value);
      return v === null ? null : `${v}.${e.attr}`;
    }
    case 'Subscript': {
      const v = annotationText(e.value);
      const s = e.slice.kind === 'Tuple' && e.slice.elts.length > 0 ? all(e.slice.elts)?.join(', ') ?? null : annotationText(e.slice);
      return v === null || s === null ? null : `${v}[${s}]`;
    }
    case 'Tuple': {
      const parts = all(e.elts);
      return parts === null ? null : `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
    }
    case 'List': {
      const parts = all(e.elts);
      return parts === null ? null : `[${parts.join(', ')}]`;
    }
    case 'Constant':
      if (e.value === null) return 'None';
      if (typeof e.value === 'string') return quoted(e.value);
      if (typeof e.value === 'bigint') return String(e.value);
      if (typeof e.value === 'boolean') return e.value ? 'True' : 'False';
      if (typeof e.value === 'object' && 'ellipsis' in e.value) return '...';
      return null;
    case 'BinOp': {
      if (e.op !== 'BitOr') return null;
      const l = annotationText(e.left);
      const r = annotationText(e.right);
      return l === null || r === null ? null : `${l} | ${r}`;
    }
    default: return null;
  }
}
