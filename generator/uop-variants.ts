// Uop variants from one definition. A definition with `forms(SET)` expands
// into one uop per form of the set and sink of the form: the form names where
// each operand comes from (the stack, a local, a constant, a float register:
// the config's variants.sources) and the sink where the result goes (the
// stack, a register, a local: variants.sinks), the way CPython's cases
// generator replicates uops. The body stays the definition's; the C around it
// declares the operands that are not on the stack, hands the result to its
// sink, and turns the body's exits into exits that push those operands first,
// so that every exit leaves the stack exactly as the unfused uops would have.
// The result is a plain uop definition for the rest of the generator, which
// also records each uop's place in the variant table (base + operand kinds).
import type { FormSet, UopDefinition } from './dsl-parser.ts';
import { skipLexical } from './dsl-parser.ts';
import type { ProjectConfig, SinkKind, SourceKind, VariantsConfig } from './project-config.ts';
import { UserError } from './user-error.ts';

const STACK_SINK = (v: VariantsConfig) => Object.keys(v.sinks).find((k) => v.sinks[k].kind === 'stack' && v.sinks[k].suffix === '')!;

/** Whether operands of this kind sit on the value stack when the uop starts (popped by it). */
const onStack = (k: SourceKind) => k.kind === 'stack' || (k.kind === 'value' && k.popsStackCopy);

/** Calls of macro `name` in C text, with their argument text (comments and literals skipped). */
function macroCalls(text: string, name: string): { start: number; open: number; close: number }[] {
  const calls: { start: number; open: number; close: number }[] = [];
  const word = new RegExp(`\\b${name}\\s*\\(`, 'y');
  for (let i = 0; i < text.length; ) {
    const k = skipLexical(text, i);
    if (k !== i) {
      i = k < 0 ? text.length : k;
      continue;
    }
    word.lastIndex = i;
    if ((i === 0 || !/[A-Za-z0-9_]/.test(text[i - 1])) && word.test(text)) {
      const open = word.lastIndex - 1;
      let depth = 0;
      let j = open;
      for (; j < text.length; j++) {
        const s = skipLexical(text, j);
        if (s !== j) {
          j = (s < 0 ? text.length : s) - 1;
          continue;
        }
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      calls.push({ start: i, open, close: j });
      i = j + 1;
      continue;
    }
    i++;
  }
  return calls;
}

/** Rewrites the body's exits: operands not on the stack are pushed first; with no stack operands a popped exit pops nothing. */
function rewriteExits(body: string, v: VariantsConfig, pushed: readonly string[], stackInputs: number): string {
  const edits: { from: number; to: number; text: string }[] = [];
  if (pushed.length > 0) {
    const macro = v.exits.pushing[pushed.length - 1];
    for (const c of macroCalls(body, v.exits.asAtStart)) {
      edits.push({ from: c.start, to: c.close + 1, text: `${macro}(${body.slice(c.open + 1, c.close)}, ${pushed.join(', ')})` });
    }
  }
  if (stackInputs === 0) {
    for (const c of macroCalls(body, v.exits.popped)) edits.push({ from: c.start, to: c.open, text: v.exits.asAtStart });
  }
  edits.sort((a, b) => b.from - a.from);
  let out = body;
  for (const e of edits) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

/** The variants of definition `d` (which names form set `set`). */
function expandOne(d: UopDefinition, set: FormSet, config: ProjectConfig, v: VariantsConfig): UopDefinition[] {
  const valueType = config.stack!.valueType;
  const out: UopDefinition[] = [];
  const stackSink = STACK_SINK(v);
  let hasBase = false;
  for (const form of set.forms) {
    const at = `${set.file}:${form.line}:1: error: form ${form.suffix} of ${set.name}`;
    const forUop = `for uop ${d.name} (${d.file}:${d.line})`;
    if (form.sources.length !== d.inputs.length) {
      throw new UserError(`${at}: has ${form.sources.length} source(s), but uop ${d.name} (${d.file}:${d.line}) has ${d.inputs.length} input(s)`);
    }
    const kinds = form.sources.map((c) => {
      const k = v.sources[c];
      if (!k) throw new UserError(`${at}: unknown source '${c}' (${config.file} variants.sources: ${Object.keys(v.sources).join(', ')})`);
      if (k.kind === 'label') throw new UserError(`${at}: source '${c}' has no C in ${config.file} (from "label": for hand-written variants only)`);
      return k;
    });
    const stackInputs = kinds.findIndex((k) => !onStack(k));
    const nStack = stackInputs < 0 ? kinds.length : stackInputs;
    if (kinds.slice(nStack).some(onStack)) throw new UserError(`${at}: operands on the stack must come first (the deepest ones): the others are pushed over them when the uop exits`);
    const offStack = d.inputs.slice(nStack);
    if (offStack.length > 0 && new RegExp(`\\b${config.stack!.pointer}\\b`).test(d.body)) {
      throw new UserError(`${at}: takes operands off the stack ${forUop}, whose body moves the stack pointer itself`);
    }
    if (offStack.length > 0 && v.exits.pushing.some((m) => new RegExp(`\\b${m}\\b`).test(d.body))) {
      throw new UserError(`${at}: takes operands off the stack ${forUop}, whose body already pushes operands at an exit`);
    }
    if (offStack.length > v.exits.pushing.length) throw new UserError(`${at}: ${offStack.length} operands off the stack, but ${config.file} variants.exits.pushing has macros for at most ${v.exits.pushing.length}`);
    for (const sinkCode of form.sinks.length > 0 ? form.sinks : [stackSink]) {
      const sink: SinkKind | undefined = v.sinks[sinkCode];
      if (!sink) throw new UserError(`${at}: unknown sink '${sinkCode}' (${config.file} variants.sinks: ${Object.keys(v.sinks).join(', ')})`);
      if (sink.kind === 'label') throw new UserError(`${at}: sink '${sinkCode}' has no C in ${config.file} (to "label": for hand-written variants only)`);
      const toStack = sink.kind === 'stack';
      const result = d.outputs[d.outputs.length - 1];
      if (!toStack && (result === undefined || d.inputs[d.outputs.length - 1] === result)) {
        throw new UserError(`${at}: sink '${sinkCode}' needs a result ${forUop}, whose last output ${result === undefined ? 'does not exist' : 'stays in place'}`);
      }
      const nLocals = kinds.filter((k) => k.kind === 'local').length + (sink.kind === 'local' ? 1 : 0);
      let fields: string[] = [];
      if (nLocals > 0) {
        if (!v.locals) throw new UserError(`${at}: uses locals, but ${config.file} has no variants.locals`);
        fields = v.locals.fields[nLocals - 1] ?? [];
        if (fields.length === 0) throw new UserError(`${at}: needs ${nLocals} locals, but ${config.file} variants.locals.fields packs at most ${v.locals.fields.length}`);
      }
      let nextField = 0;
      const slot = () => fill(v.locals!.slot, { field: fields[nextField++] });
      const prologue: string[] = [];
      const inputs = d.inputs.slice();
      kinds.forEach((k, i) => {
        const name = d.inputs[i];
        if (k.kind === 'local') prologue.push(`${valueType} ${name} = ${slot()};`);
        else if (k.kind === 'value') {
          // A popped stack copy stays a stack input under another name; the operand is read from its value.
          if (k.popsStackCopy) inputs[i] = `${name}_stack_copy`;
          prologue.push(`${valueType} ${name} = ${k.value};`);
        }
      });
      if (offStack.length > 0 || kinds.some((k) => k.kind === 'value')) {
        prologue.push(`(void)${d.inputs.filter((_, i) => kinds[i].kind !== 'stack').join(', (void)')};`);
      }
      const outputs = toStack ? d.outputs : d.outputs.slice(0, -1);
      const epilogue: string[] = [];
      if (!toStack) {
        prologue.push(`${valueType} ${result};`);
        if (sink.kind === 'assign') epilogue.push(fill(sink.assign, { value: result }));
        else {
          // The slot's address first, as a store written in the body would take it (the same instruction order).
          const store = nStack === 0 && outputs.length === 0 ? v.locals!.store : v.locals!.storeAfterPop;
          prologue.push(`${valueType} *${result}_slot = &${slot()};`);
          epilogue.push(fill(store, { slot: `*${result}_slot`, value: result }));
        }
      }
      const name = d.name + (form.suffix === '_' ? '' : form.suffix) + sink.suffix;
      const base = form.suffix === '_' && nStack === kinds.length && kinds.every((k) => k.kind === 'stack') && toStack;
      if (base) hasBase = true;
      const where = form.suffix === '_' && toStack ? '' : ` [${form.sources.join(' ')} -> ${sinkCode}]`;
      out.push({
        ...d,
        name,
        inputs: inputs.slice(0, nStack),
        outputs,
        inputTypes: d.inputTypes.slice(0, nStack),
        outputTypes: toStack ? d.outputTypes : d.outputTypes.slice(0, -1),
        // An exit pushes a value operand as its expression (what the unfused uop would have pushed), a local as read.
        body: rewriteExits(d.body, v, offStack.map((n, i) => { const k = kinds[nStack + i]; return k.kind === 'value' ? k.value : n; }), nStack),
        doc: `${d.doc}${where}`,
        forms: null,
        variant: { of: d.name, sources: form.sources, sink: sinkCode, line: form.line },
        fuses: base ? d.fuses : [],
        code: base ? undefined : { prologue, epilogue, line: form.line },
      });
    }
  }
  if (!hasBase) {
    throw new UserError(`${set.file}:${set.line}:1: error: form set ${set.name} (for uop ${d.name}, ${d.file}:${d.line}) has no plain form '_ ${d.inputs.map(() => Object.keys(v.sources).find((k) => v.sources[k].kind === 'stack')).join(' ')} -> ${stackSink}' (the definition itself)`);
  }
  return out;
}

/**
 * Expands every definition with `forms(...)` into its variants (in the
 * order of the definitions, a definition's variants in the order of its
 * forms and sinks) and checks the hand-written `variant(...)` and
 * `fuses(...)` declarations against the uops that exist.
 */
export function expandVariants(defs: readonly UopDefinition[], sets: readonly FormSet[], config: ProjectConfig): UopDefinition[] {
  const v = config.variants;
  const byName = new Map(sets.map((s) => [s.name, s]));
  const out: UopDefinition[] = [];
  for (const d of defs) {
    if (!d.forms) {
      out.push(d);
      continue;
    }
    if (!v) throw new UserError(`${d.file}:${d.forms.line}:1: error: uop ${d.name} has forms(${d.forms.name}), but ${config.file} declares no variants`);
    const set = byName.get(d.forms.name);
    if (!set) throw new UserError(`${d.file}:${d.forms.line}:1: error: uop ${d.name}: no form set ${d.forms.name} (declare 'forms ${d.forms.name} { ... }' before it)`);
    if (d.variant) throw new UserError(`${d.file}:${d.line}:1: error: uop ${d.name} has both forms(...) and variant(...)`);
    out.push(...expandOne(d, set, config, v));
  }
  const names = new Map<string, UopDefinition>();
  for (const u of out) {
    const before = names.get(u.name);
    if (before) {
      const at = (x: UopDefinition) => `${x.file}:${x.code?.line ?? x.line}`;
      throw new UserError(`${at(u)}:1: error: uop ${u.name} is already defined at ${at(before)}`);
    }
    names.set(u.name, u);
  }
  checkDeclarations(out, names, config);
  // A hand-written base of hand-written variants is its own plain form in the table.
  if (v) {
    const stack = Object.keys(v.sources).find((k) => v.sources[k].kind === 'stack')!;
    for (const u of out) {
      const base = u.variant && names.get(u.variant.of)!;
      if (base && !base.variant) base.variant = { of: base.name, sources: base.inputs.map(() => stack), sink: STACK_SINK(v), line: base.line };
    }
  }
  return out;
}

/** The hand-written variant(...) and fuses(...) declarations, and the stack items' types. */
function checkDeclarations(uops: readonly UopDefinition[], names: ReadonlyMap<string, UopDefinition>, config: ProjectConfig): void {
  const v = config.variants;
  const keys = new Map<string, string>();
  const fused = new Map<string, string>();
  const types = new Set(config.factTypes);
  for (const u of uops) {
    const at = `${u.file}:${u.line}:1: error: uop ${u.name}`;
    for (const t of [...u.inputTypes, ...u.outputTypes]) {
      if (t !== null && !types.has(t)) throw new UserError(`${at}: unknown type '${t}' (${config.file} factTypes: ${config.factTypes.join(', ') || 'none'})`);
    }
    const d = u.variant;
    if (d) {
      const where = `${u.file}:${d.line}:1: error: uop ${u.name}: variant(${d.of}: ${d.sources.join(' ')} -> ${d.sink})`;
      if (!v) throw new UserError(`${where}: ${config.file} declares no variants`);
      const base = names.get(d.of);
      if (!base) throw new UserError(`${where}: no uop ${d.of}`);
      for (const c of d.sources) if (!v.sources[c]) throw new UserError(`${where}: unknown source '${c}' (${config.file} variants.sources: ${Object.keys(v.sources).join(', ')})`);
      if (!v.sinks[d.sink]) throw new UserError(`${where}: unknown sink '${d.sink}' (${config.file} variants.sinks: ${Object.keys(v.sinks).join(', ')})`);
      if (d.sources.length !== base.inputs.length) throw new UserError(`${where}: ${d.of} has ${base.inputs.length} input(s), not ${d.sources.length}`);
      if (!u.code) {
        // A hand-written variant must move the stack as its form says.
        const stackIn = d.sources.filter((c) => onStack(v.sources[c])).length;
        const stackOut = base.outputs.length - (v.sinks[d.sink].kind === 'stack' ? 0 : 1);
        if (stackIn !== u.inputs.length || stackOut !== u.outputs.length) {
          throw new UserError(`${where}: that form pops ${stackIn} and pushes ${stackOut}, but ${u.name} declares ${u.inputs.length} input(s) and ${u.outputs.length} output(s)`);
        }
      }
      const key = `${d.of}: ${d.sources.join(' ')} -> ${d.sink}`;
      const other = keys.get(key);
      if (other) throw new UserError(`${where}: ${other} is that variant already`);
      keys.set(key, u.name);
    }
    for (const seq of u.fuses) {
      for (const n of seq) if (!names.has(n)) throw new UserError(`${at}: fuses(${seq.join(' ')}): no uop ${n}`);
      const other = fused.get(seq.join(' '));
      if (other) throw new UserError(`${at}: fuses(${seq.join(' ')}): ${other} fuses that sequence already`);
      fused.set(seq.join(' '), u.name);
    }
  }
}
