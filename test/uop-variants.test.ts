// Uop variants from one definition (generator/uop-variants.ts): the forms a
// definition expands into, the C around the shared body (operands from
// elsewhere pushed at an exit, the result into its sink), the variant table
// and facts in build/uops.ts, and one-line errors with file:line for every
// way a form, a variant(...) or a fuses(...) declaration can be wrong.
// (Each generated variant runs against the unfused uops it replaces in
// jit-superinstructions.test.ts; the optimized traces are checked there and in
// jit-traces.test.ts.)
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UOP_VARIANTS, UOPS } from '../build/uops.ts';
import { emitCase } from '../generator/c-emitter.ts';
import { parseCases } from '../generator/dsl-parser.ts';
import { readUops } from '../generator/generate.ts';
import { DEFAULT_CONFIG, loadConfig, type ProjectConfig } from '../generator/project-config.ts';
import { expandVariants } from '../generator/uop-variants.ts';
import { copyRepo, editFile, ROOT } from './helpers/repo-copy.ts';

const BUNDLED = loadConfig(path.join(ROOT, DEFAULT_CONFIG));
const uops = new Map(readUops(BUNDLED).map((u) => [u.name, u]));
const emitted = (name: string) => emitCase(uops.get(name)!, 'default:', BUNDLED);
const info = (name: string) => UOPS.find((u) => u.name === name)!;

/** Expands a cases text with the bundled config (its variants and types); throws the generator's error. */
function expand(cases: string, config: ProjectConfig = BUNDLED) {
  const parsed = parseCases(cases, 'u.c');
  return expandVariants(parsed.uops, parsed.formSets, config);
}

const PAIR = 'forms PAIR {\n  _    X X\n  _LL  L L\n}\n';

describe('a definition with forms(...) expands into its variants', () => {
  it('one uop per form and sink, named base + form suffix + sink suffix, in the table', () => {
    const forms = Object.values(UOP_VARIANTS.ADD_FLOAT);
    expect(forms).toHaveLength(28);
    expect(UOP_VARIANTS.ADD_FLOAT).toMatchObject({ 'X X -> S': 'ADD_FLOAT', 'L L -> ST': 'ADD_FLOAT_LL_ST', 'R0X F -> F': 'ADD_FLOAT_R0F_F', 'F R1 -> S': 'ADD_FLOAT_FR1' });
    expect(Object.keys(UOP_VARIANTS.DIV_FLOAT)).toHaveLength(13);
    // Hand-written variants are in the table too, their base as its plain form.
    expect(UOP_VARIANTS.LIST_GET_INT_FLOAT).toEqual({
      'X X -> S': 'LIST_GET_INT_FLOAT', 'L C -> S': 'LIST_GET_LOCAL_CONST_FLOAT', 'L C -> F': 'LIST_GET_LOCAL_CONST_FLOAT_F',
      'L L -> S': 'LIST_GET_INT_LL_FLOAT', 'L L -> F': 'LIST_GET_INT_LL_FLOAT_F',
    });
    // Every entry is a uop whose own record says the same.
    for (const [base, table] of Object.entries(UOP_VARIANTS)) {
      for (const [form, name] of Object.entries(table)) {
        const v = info(name).variant!;
        expect(`${v.sources.join(' ')} -> ${v.sink}`.trim(), name).toBe(form);
        expect(v.of, name).toBe(base);
      }
    }
  });

  it('a variant pops only its stack operands and pushes only a result that goes to the stack', () => {
    expect(info('ADD_FLOAT_LL').stack).toEqual({ inputs: [], outputs: ['res'] });
    expect(info('ADD_FLOAT_L_ST').stack).toEqual({ inputs: ['left'], outputs: [] });
    expect(info('ADD_FLOAT_R0F').stack).toEqual({ inputs: ['left_stack_copy'], outputs: ['res'] });
    expect(info('LIST_SET_INT_LLK').stack).toEqual({ inputs: [], outputs: [] });
    expect(info('ADD_FLOAT_XF_F').types).toEqual({ inputs: ['float'], outputs: [] });
  });

  it('operands off the stack are read where the form says, and pushed (as words) when the body exits', () => {
    const ll = emitted('ADD_INT_LL');
    expect(ll).toContain('Value left = LOCAL_LO;');
    expect(ll).toContain('Value right = LOCAL_HI;');
    expect(ll).toMatch(/EXIT_PUSHING2_IF\(__builtin_add_overflow\(.*\), left, right\);/);
    const fr0 = emitted('DIV_FLOAT_FR0');
    expect(fr0).toContain('EXIT_PUSHING2_IF(b == 0.0, BOX_FLOAT(ftos), BOX_FLOAT(fr0));');
    // A register operand whose copy is on the stack: popped unread, not pushed again.
    const r0f = emitted('DIV_FLOAT_R0F');
    expect(r0f).toContain('Value left_stack_copy = tos;');
    expect(r0f).toContain('EXIT_PUSHING1_IF(b == 0.0, BOX_FLOAT(ftos));');
    expect(emitted('LIST_SET_INT_LLK')).toContain('EXIT_PUSHING3_IF((uint64_t)i >= (uint64_t)l->length, (Value)OPERAND0, list, index);');
    // An exit with the inputs popped pops nothing when none was on the stack.
    expect(emitted('GUARD_LT_INT_LL')).toContain('EXIT_IF(!(SHIFTED_INT(left) < SHIFTED_INT(right)));');
    expect(emitted('GUARD_LT_INT')).toContain('EXIT_POPPED_IF(');
  });

  it('a result goes to its sink: ftos, or a local (through SET_LOCAL when nothing was popped)', () => {
    expect(emitted('ADD_FLOAT_F')).toContain('ftos = UNBOX_FLOAT(res);');
    expect(emitted('ADD_FLOAT_L_ST')).toMatch(/Value \*res_slot = &LOCAL_HI;[\s\S]*\*res_slot = res;/);
    expect(emitted('ADD_FLOAT_LL_ST')).toMatch(/Value \*res_slot = &LOCAL_C;[\s\S]*SET_LOCAL\(\*res_slot, res\);/);
    expect(emitted('ADD_FLOAT_FK_ST')).toMatch(/SET_LOCAL\(\*res_slot, res\);/);
  });

  it('a variant\'s doc says its form; facts come from the typed stack effect', () => {
    expect(info('ADD_FLOAT_LL_F').doc).toBe('Float addition. [L L -> F]');
    expect(info('ADD_INT').types).toEqual({ inputs: ['int', 'int'], outputs: ['int'] });
    expect(info('GUARD_BOTH_FLOAT').guards).toEqual([{ depth: 1, type: 'float' }, { depth: 2, type: 'float' }]);
    expect(info('GUARD_INT_SECOND').guards).toEqual([{ depth: 2, type: 'int' }]);
    // Kept in place with the type it came with: not a guard.
    expect(info('FOR_RANGE_NEXT').guards).toEqual([]);
    expect(info('GUARD_LT_INT').fuses).toEqual([['LT_INT', 'GUARD_TRUE_POP'], ['GE_INT', 'GUARD_FALSE_POP']]);
    expect(info('GUARD_LT_INT_LL').fuses).toEqual([]);
    expect(info('BUILD_LIST').movesStackPointer).toBe(true);
    expect(info('ADD_INT').movesStackPointer).toBe(false);
  });

  it('a small project expands as the bundled one does', () => {
    const out = expand(`${PAIR}/// Add.\nuop ADD (a: int, b: int -- r: int) forms(PAIR) { r = a + b; }\n`);
    expect(out.map((u) => u.name)).toEqual(['ADD', 'ADD_LL']);
    expect(out[1]).toMatchObject({ inputs: [], outputs: ['r'], variant: { of: 'ADD', sources: ['L', 'L'], sink: 'S' } });
  });
});

describe('variant declarations are checked when the tables are generated, with file:line', () => {
  const err = (cases: string) => {
    try {
      expand(cases);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  it('a form with the wrong number of sources, an unknown code, operands on the stack after others', () => {
    expect(err(`${PAIR}uop A (a -- r) forms(PAIR) { r = a; }\n`)).toMatch(/^u\.c:2:1: error: form _ of PAIR: has 2 source\(s\), but uop A \(u\.c:5\) has 1 input\(s\)$/);
    expect(err('forms Q {\n  _ X X\n  _Z Z X\n}\nuop A (a, b -- r) forms(Q) { r = a; }\n')).toMatch(/^u\.c:3:1: error: form _Z of Q: unknown source 'Z'/);
    expect(err('forms Q {\n  _ X X\n  _LX L X\n}\nuop A (a, b -- r) forms(Q) { r = a; }\n')).toMatch(/^u\.c:3:1: error: form _LX of Q: operands on the stack must come first/);
    expect(err('forms Q {\n  _ X\n  _C C\n}\nuop A (a -- r) forms(Q) { r = a; }\n')).toMatch(/^u\.c:3:1: error: form _C of Q: source 'C' has no C in .*stencil\.config\.json/);
  });

  it('a sink for a uop without a result, a missing plain form, a body that moves the stack pointer', () => {
    expect(err('forms Q {\n  _ X -> S F\n}\nuop A (a -- ) forms(Q) { (void)a; }\n')).toMatch(/^u\.c:2:1: error: form _ of Q: sink 'F' needs a result for uop A \(u\.c:4\), whose last output does not exist$/);
    expect(err('forms Q {\n  _L L\n}\nuop A (a -- r) forms(Q) { r = a; }\n')).toMatch(/^u\.c:1:1: error: form set Q \(for uop A, u\.c:4\) has no plain form '_ X -> S'/);
    expect(err(`${PAIR}uop A (a, b -- r) forms(PAIR) { r = sp[-3]; }\n`)).toMatch(/^u\.c:3:1: error: form _LL of PAIR: takes operands off the stack for uop A \(u\.c:5\), whose body moves the stack pointer itself$/);
    expect(err(`${PAIR}uop A (a, b -- r) forms(PAIR) { EXIT_PUSHING2_IF(a, a, b); r = a; }\n`)).toMatch(/whose body already pushes operands at an exit$/);
    expect(err('uop A (a, b -- r) forms(NOPE) { r = a; }\n')).toMatch(/^u\.c:1:1: error: uop A: no form set NOPE/);
  });

  it('a name clash, an unknown type, variant(...) and fuses(...) of uops that do not exist or do not fit', () => {
    expect(err(`${PAIR}uop A (a, b -- r) forms(PAIR) { r = a; }\nuop A_LL ( -- r) { r = 0; }\n`)).toMatch(/^u\.c:6:1: error: uop A_LL is already defined at u\.c:3$/);
    expect(err('uop A (a: flaot -- r) { r = a; }\n')).toMatch(/^u\.c:1:1: error: uop A: unknown type 'flaot' \(.*factTypes: int, float/);
    expect(err('uop A ( -- r) variant(NOPE: L -> S) { r = 0; }\n')).toMatch(/^u\.c:1:1: error: uop A: variant\(NOPE: L -> S\): no uop NOPE$/);
    expect(err('uop B (a -- r) { r = a; }\nuop A (a -- r) variant(B: L -> S) { r = a; }\n')).toMatch(/^u\.c:2:1: error: uop A: variant\(B: L -> S\): that form pops 0 and pushes 1, but A declares 1 input\(s\) and 1 output\(s\)$/);
    expect(err('uop B (a -- r) { r = a; }\nuop A ( -- ) variant(B: L -> Q) { }\n')).toMatch(/unknown sink 'Q'/);
    expect(err('uop B (a -- r) { r = a; }\nuop A ( -- r) variant(B: L -> S) { r = 0; }\nuop C ( -- r) variant(B: L -> S) { r = 1; }\n')).toMatch(/^u\.c:3:1: error: uop C: variant\(B: L -> S\): A is that variant already$/);
    expect(err('uop B ( -- ) { }\nuop A ( -- ) fuses(B NOPE) { }\n')).toMatch(/^u\.c:2:1: error: uop A: fuses\(B NOPE\): no uop NOPE$/);
  });

  it('malformed forms, clauses and typed items are parse errors with line and column', () => {
    expect(() => parseCases('forms Q {\n  LL L L\n}\nuop A ( -- ) { }\n', 'u.c')).toThrow(/^u\.c:2:3: error: expected a form 'SUFFIX SOURCES -> SINKS'/);
    expect(() => parseCases('uop A ( -- ) fusez(A B) { }\n', 'u.c')).toThrow(/^u\.c:1:14: error: unknown clause 'fusez\(\.\.\.\)'/);
    expect(() => parseCases('uop A ( -- ) variant(B L -> S) { }\n', 'u.c')).toThrow(/^u\.c:1:22: error: expected 'variant\(BASE: SOURCES -> SINK\)'/);
    expect(() => parseCases('uop A (a: -- ) { }\n', 'u.c')).toThrow(/^u\.c:1:8: error: malformed stack item 'a:'/);
  });

  it('a C error in what a form adds (the config\'s C for a source) names a variant of that form and the form\'s line', async () => {
    const root = copyRepo();
    try {
      editFile(root, 'cases/stencil.config.json', (t) => t.replace('"value": "(Value)OPERAND0"', '"value": "(Value)OPERAND_0"'));
      const r = await execa('node', ['--import', 'tsx', path.join(root, 'scripts/cli.ts'), 'generate', '--target', 'x86_64'], { cwd: root, reject: false });
      expect(r.exitCode).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      const m = /^uop ([A-Z0-9_]+) \(x86_64-unknown-linux-gnu\): cases\/uops\.c:(\d+):\d+: error: use of undeclared identifier 'OPERAND_0'/.exec(lines[0]);
      expect(m, lines[0]).not.toBeNull();
      const named = readUops(loadConfig(path.join(root, DEFAULT_CONFIG))).find((u) => u.name === m![1])!;
      expect(named.variant!.sources).toContain('K');
      expect(named.code!.line).toBe(Number(m![2]));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a project without variants in its config cannot use forms', () => {
    const config = { ...BUNDLED, variants: null };
    expect(() => expand(`${PAIR}uop A (a, b -- r) forms(PAIR) { r = a; }\n`, config)).toThrow(/^u\.c:5:1: error: uop A has forms\(PAIR\), but .* declares no variants$/);
  });

  it('the bundled config\'s variants section is checked like the rest of the config', () => {
    const json = JSON.parse(fs.readFileSync(path.join(ROOT, DEFAULT_CONFIG), 'utf8'));
    json.variants.sources.L = { from: 'locals' };
    json.root = ROOT;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-config-'));
    const file = path.join(dir, 'stencil.config.json');
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
    expect(() => loadConfig(file)).toThrow(/stencil\.config\.json:\d+: error: variants\.sources\.L\.from must be "stack", "local", "value" or "label", not "locals"/);
  });
});
