// The table of builtin functions (global builtins like len, module functions
// like math.sqrt): each is a TypeScript function over value slots. Files that
// define builtins register them here with def(); the runtime and the
// interpreter look them up by id or name. (This module imports no runtime
// code, so builtins and the runtime do not import each other.)
import type { Runtime } from './runtime.ts';

export type Keywords = Map<string, number> | null;
/** Reads arguments from slots [args, args + n) (and keyword slots), writes the result to slot dst (the callable's). */
export type BuiltinFn = (rt: Runtime, args: number, n: number, dst: number, kw: Keywords) => void;

export interface BuiltinSpec {
  name: string;
  /** The module it belongs to ('math'), or null for global builtins. */
  module: string | null;
  fn: BuiltinFn;
}

const BUILTINS: BuiltinSpec[] = [];
const byName = new Map<string, number>();

/** Registers a builtin (a later definition of the same name replaces the earlier). */
export function def(name: string, fn: BuiltinFn, module: string | null = null): number {
  const key = module ? `${module}.${name}` : name;
  const old = byName.get(key);
  if (old !== undefined) {
    BUILTINS[old] = { name, module, fn };
    return old;
  }
  byName.set(key, BUILTINS.length);
  BUILTINS.push({ name, module, fn });
  return BUILTINS.length - 1;
}

export function builtinId(name: string, module: string | null = null): number | undefined {
  return byName.get(module ? `${module}.${name}` : name);
}

export function builtinSpec(id: number): BuiltinSpec { return BUILTINS[id]; }
export function builtinCount(): number { return BUILTINS.length; }

/** Names of the builtins registered for a module (null: the global builtins). */
export function moduleBuiltins(module: string | null): string[] {
  return BUILTINS.filter((b) => b.module === module).map((b) => b.name);
}
