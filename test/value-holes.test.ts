// A value hole (the oparg, its fields, the operands) is a symbol whose address
// is the value patched in, and 0 is a value like any other: clang must not fold
// `OPARG ? a : b` to `a` by taking the symbol's address to be nonzero (it did,
// until the holes were declared weak: a uop with OPARG 0 took the wrong branch).
// Checked against the real compiler and llvm-readelf on both targets: each
// function's test of its hole survives as a relocation against the hole.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLANG } from '../generator/clang-driver.ts';
import { ROOT } from './helpers/repo-copy.ts';

const SOURCE = `#include "template.h"
int64_t pick_oparg(int64_t a, int64_t b) { return OPARG ? a : b; }
int64_t pick_field(int64_t a, int64_t b) { return OPARG_FIELD(LO) == 0 ? a : b; }
int64_t pick_operand(int64_t a, int64_t b) { return OPERAND0 != 0 ? a : b; }
`;

describe('value holes', () => {
  for (const target of ['x86_64-unknown-linux-gnu', 'aarch64-unknown-linux-gnu']) {
    it(`keep a test of the value against 0 (${target})`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'value-holes-'));
      const c = path.join(dir, 'holes.c');
      const o = path.join(dir, 'holes.o');
      fs.writeFileSync(c, SOURCE);
      execFileSync(CLANG, [`--target=${target}`, '-O2', '-fpic', '-c', '-I', path.join(ROOT, 'cases'), '-I', path.join(ROOT, 'build'), '-o', o, c]);
      const relocs = execFileSync('llvm-readelf', ['-r', o], { encoding: 'utf8' });
      for (const hole of ['_JIT_OPARG ', '_JIT_OPARG_LO ', '_JIT_OPERAND0 ']) expect(relocs, hole).toContain(hole);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});
