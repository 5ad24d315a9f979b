// The one place that chooses the parser: everything that compiles source goes
// through parseSource. Until the project's own parser (python-parser.ts,
// parseModule) lands, python3 parses (python-ast-bridge.ts); swapping is a
// one-line change here.
import { parseWithPython3, prefetchWithPython3 } from './python-ast-bridge.ts';
import type { Module } from './python-ast.ts';

/** Parses a module; throws SyntaxErrorAt for invalid source. */
export function parseSource(source: string): Module {
  return parseWithPython3(source);
}

/** Parses several modules (the standard modules a program imports); throws SyntaxErrorAt for invalid source. */
export function parseSources(sources: readonly string[]): Module[] {
  // python3 starts once for all of them (a parser in TypeScript would simply map parseSource).
  prefetchWithPython3(sources);
  return sources.map(parseSource);
}
