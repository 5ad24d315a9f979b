// The one place that chooses the parser: everything that compiles source goes
// through parseSource (the project's own Python 3.11 parser, python-parser.ts).
import { parseModule } from './python-parser.ts';
import type { Module } from './python-ast.ts';

/** Parses a module; throws SyntaxErrorAt for invalid source. */
export function parseSource(source: string): Module {
  return parseModule(source);
}
