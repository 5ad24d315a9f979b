// The interpreter's dispatch uses opcode numbers as literals (`case 19 /* CALL */`)
// for speed; every such literal must equal the number bytecode.ts assigns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BinaryOp, CompareOp, Op, UnaryOp } from '../runtime/vm/frontend/bytecode.ts';
import { compileProgram } from '../runtime/vm/frontend/compiler.ts';
import { disassemble } from '../runtime/vm/frontend/disassemble.ts';

describe('bytecode', () => {
  it('interpreter literals match bytecode.ts', () => {
    const src = readFileSync(join(import.meta.dirname, '../runtime/vm/interpreter/interpreter.ts'), 'utf8');
    const known: Record<string, number[]> = {};
    for (const table of [Op, BinaryOp, CompareOp, UnaryOp] as Record<string, number>[]) {
      for (const [k, v] of Object.entries(table)) (known[k] ??= []).push(v);
    }
    const uses = [...src.matchAll(/\b(\d+) \/\* ([A-Z_]+) \*\//g)];
    expect(uses.length).toBeGreaterThan(40);
    for (const [, n, name] of uses) {
      expect(known[name], name).toBeDefined();
      expect(known[name], `${n} /* ${name} */`).toContain(Number(n));
    }
  });

  it('compiles a function to the documented stack code', () => {
    const p = compileProgram('def f(a, b):\n    return a + b\nprint(f(1, 2))\n');
    const text = disassemble(p, 1);
    expect(text).toContain('LOAD_LOCAL 0 (a)');
    expect(text).toContain('BINARY_OP 0 (+)');
    expect(text).toContain('RETURN_VALUE');
    expect(p.codes[1].argcount).toBe(2);
    expect(p.codes[1].maxStack).toBeGreaterThanOrEqual(2);
  });
});
