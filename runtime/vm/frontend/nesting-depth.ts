// python3's compile-time nesting limit: its symbol table (and AST optimizer)
// recurse once per statement and expression node and stop at 3 x the
// recursion limit (COMPILER_STACK_FRAME_SCALE), raising `RecursionError:
// maximum recursion depth exceeded during compilation`. Measured against
// python3 3.11: `x = 1+1+...` with 2999 terms compiles (node depth 3000:
// Assign, 2998 BinOps, a Constant), 3000 terms do not. Checked here with an
// explicit stack, before the recursive compiler runs, so the limit is
// python3's and not the JavaScript stack's.
import type { Module } from './python-ast.ts';
import { FrontEndResourceError } from './resource-error.ts';

export const MAX_COMPILE_NESTING = 3000;

/** Throws python3's RecursionError if any node of the module is nested deeper than python3 compiles. */
export function checkCompileNesting(module: Module): void {
  const values: unknown[] = [module];
  const depths: number[] = [-1]; // the Module itself does not count
  while (values.length > 0) {
    const v = values.pop();
    let depth = depths.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) { values.push(x); depths.push(depth); }
      continue;
    }
    if (typeof (v as { kind?: unknown }).kind === 'string') {
      depth++;
      if (depth > MAX_COMPILE_NESTING) throw new FrontEndResourceError('RecursionError', 'maximum recursion depth exceeded during compilation');
    }
    for (const key in v) {
      const x = (v as Record<string, unknown>)[key];
      if (typeof x === 'object' && x !== null && !(x instanceof Uint8Array)) { values.push(x); depths.push(depth); }
    }
  }
}
