// What the optimizer's passes know about the uops, all of it generated from
// the cases (build/uops.ts): each uop's stack effect and the types of its
// items, the stack items it guards, the variant table (a base uop and the
// form of a variant: where each operand comes from, where the result goes)
// and the sequences a uop fuses. The passes ask these questions instead of
// spelling uop names: a variant the cases do not define is simply not
// formed, and a name the VM does spell is in the config's requiredUops,
// checked when the tables are generated.
//
// The source and sink codes are the bundled config's (cases/stencil.config.json
// variants): X the stack, L a local, K the constant OPERAND0, C a constant in
// the oparg, P a power of two's exponent in the oparg, F the float register
// ftos, R0/R1 the float-local registers (R0X: with LOAD_FR0's copy on the
// stack); sinks S the stack, F ftos, ST a local.
import { UOPS } from '../../../../build/uops.ts';
import type { UopInfo } from '../../../../format/stencil-format.ts';
import { VType, VTYPE_NAMES } from '../trace-ir.ts';

export const UOP_INFO: ReadonlyMap<string, UopInfo> = new Map(UOPS.map((u) => [u.name, u]));

/** A uop as a form of its base: a source code per operand of the base, the sink of its result. */
export interface Form {
  base: string;
  sources: readonly string[];
  sink: string;
}

const formKey = (base: string, sources: readonly string[], sink: string) => `${base}:${sources.join(' ')}>${sink}`;

const FORMS = new Map<string, Form>();
const VARIANTS = new Map<string, string>();
const FUSIONS = new Map<string, string>();
for (const u of UOPS) {
  const form: Form = u.variant ? { base: u.variant.of, sources: u.variant.sources, sink: u.variant.sink } : { base: u.name, sources: u.stack.inputs.map(() => 'X'), sink: 'S' };
  FORMS.set(u.name, form);
  VARIANTS.set(formKey(form.base, form.sources, form.sink), u.name);
  for (const seq of u.fuses) FUSIONS.set(seq.join(' '), u.name);
}

/** The form of a uop (a uop outside the variant table is the plain form of itself). */
export function formOf(uop: string): Form | undefined {
  return FORMS.get(uop);
}

/** The uop that is `base` with operands from `sources` and its result to `sink`, if the cases define it. */
export function variantOf(base: string, sources: readonly string[], sink = 'S'): string | undefined {
  return VARIANTS.get(formKey(base, sources, sink));
}

/**
 * The variant of `base` whose last operands come from `last` (the others from
 * the stack, as in the base), result to `sink`.
 */
export function variantWithLast(base: string, last: readonly string[], sink = 'S'): string | undefined {
  const n = UOP_INFO.get(base)?.stack.inputs.length ?? 0;
  if (n < last.length) return undefined;
  return variantOf(base, [...Array<string>(n - last.length).fill('X'), ...last], sink);
}

/** The uop of the same base and operands as `uop`, its result to `sink` instead. */
export function withSink(uop: string, sink: string): string | undefined {
  const f = FORMS.get(uop);
  return f && variantOf(f.base, f.sources, sink);
}

/** The uop that replaces the sequence `uops` (the cases' fuses(...)), if any. */
export function fusionOf(...uops: string[]): string | undefined {
  return FUSIONS.get(uops.join(' '));
}

/** The VType of a fact type name of the cases (`res: float`). */
export function vtypeOf(name: string | null): VType {
  if (name === null) return VType.UNKNOWN;
  const t = VTYPE_NAMES.indexOf(name);
  if (t < 0) throw new Error(`uop facts: the cases' type '${name}' is not one of the optimizer's (trace-ir.ts VTYPE_NAMES)`);
  return t as VType;
}

/** Stack guards: uop -> [depth from the top (1 = top), type] pairs it proves. */
export const STACK_GUARDS: ReadonlyMap<string, readonly (readonly [number, VType])[]> = new Map(
  UOPS.filter((u) => u.guards.length > 0).map((u) => [u.name, u.guards.map((g) => [g.depth, vtypeOf(g.type)] as const)]),
);

/**
 * The guard of one stack slot alone: the uop whose only effect is proving
 * `type` at `depth` (GUARD_FLOAT for the top's float), if the cases have one.
 */
export function guardOf(depth: number, type: VType): string | undefined {
  return ONE_SLOT_GUARDS.get(`${depth}:${type}`);
}
const ONE_SLOT_GUARDS = new Map<string, string>();
for (const u of UOPS) {
  const only = u.guards.length === 1 && u.stack.inputs.length === u.stack.outputs.length && u.stack.inputs.every((n, k) => u.stack.outputs[k] === n);
  const key = only ? `${u.guards[0].depth}:${vtypeOf(u.guards[0].type)}` : '';
  if (only && !ONE_SLOT_GUARDS.has(key)) ONE_SLOT_GUARDS.set(key, u.name);
}

/** The type each output of a uop has (UNKNOWN where the cases declare none). */
export const OUTPUT_TYPES: ReadonlyMap<string, readonly VType[]> = new Map(UOPS.map((u) => [u.name, u.types.outputs.map(vtypeOf)]));
