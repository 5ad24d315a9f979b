// Cutting one function out of an object compiled with -ffunction-sections
// (generator/function-split.ts), on objects clang-19 makes here: a function
// that calls a helper clang did not inline cannot be a stencil (one function,
// entered at its start), and the generator names the helper.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLANG } from '../generator/clang-driver.ts';
import { readElfObject } from '../generator/elf-reader.ts';
import { outlinedCallees, splitFunctions } from '../generator/function-split.ts';

async function compile(source: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'split-'));
  try {
    fs.writeFileSync(path.join(dir, 'u.c'), source);
    await execa(CLANG, ['--target=x86_64-unknown-linux-gnu', '-O2', '-ffunction-sections', '-c', 'u.c', '-o', 'u.o'], { cwd: dir });
    return readElfObject(fs.readFileSync(path.join(dir, 'u.o')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('function split', () => {
  it('cuts out a function whose helpers were inlined, and names the one that was not', async () => {
    const elf = await compile(`
      static inline int twice(int x) { return 2 * x; }
      __attribute__((noinline)) static int thrice(int x) { return 3 * x + (x >> 3); }
      int a(int x) { return twice(x) + 1; }
      int b(int x) { return thrice(x) + thrice(x + 1); }
    `);
    const split = splitFunctions(elf, ['a', 'b']);
    expect([...split.objects.keys()]).toEqual(['a']);
    expect(split.shared).toEqual(['b']);
    expect(outlinedCallees(elf, 'a')).toEqual([]);
    expect(outlinedCallees(elf, 'b')).toEqual(['thrice']);
  });
});
