// The standard modules compiled once and appended to each program
// (runtime/vm/frontend/source-module-cache.ts) must give exactly the program
// that compiling each module straight into it gives: every table index in the
// bytecode and the constants shifted right, for every module.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileProgram, compileSourceModule, precompileSourceModules } from '../runtime/vm/frontend/compiler.ts';
import type { Program } from '../runtime/vm/frontend/program.ts';
import { appendSourceModule, compiledSourceModule } from '../runtime/vm/frontend/source-module-cache.ts';
import { SOURCE_MODULES } from '../runtime/vm/stdlib/source-modules.ts';

/** A main program whose tables are all non-empty, so that every shift is non-zero. */
const MAIN = `
def f(a, *, k=2):
    return a.x + k
print(f(1, k=3), "s", 2.5, (1, 2))
class C:
    y = 1
`;

const copyOf = (p: Program): Program => ({
  ...p, codes: [...p.codes], constants: [...p.constants], globalNames: [...p.globalNames], names: [...p.names],
  kwCalls: [...p.kwCalls], sourceModules: new Map(p.sourceModules),
});

// First as compiled in this process, then as the start-up snapshot keeps them (frozen to text, decoded on import).
describe.each(['compiled', 'frozen'])('standard modules compiled once (%s)', (form) => {
  beforeAll(() => {
    if (form === 'frozen') precompileSourceModules();
  });
  for (const name of SOURCE_MODULES.keys()) {
    it(`${name}: appended = compiled in place`, () => {
      const appended = compileProgram(MAIN);
      const inPlace = copyOf(appended);
      for (const k of ['codes', 'constants', 'globalNames', 'names', 'kwCalls'] as const) expect(appended[k].length).toBeGreaterThan(0);
      const direct = compileSourceModule(inPlace, name, SOURCE_MODULES.get(name)!);
      const cached = compiledSourceModule(name, (blank) => compileSourceModule(blank, name, SOURCE_MODULES.get(name)!));
      expect(appendSourceModule(appended, name, cached)).toBe(direct.index);
      expect(cached.imports).toEqual(direct.imports);
      expect(appended.constants).toEqual(inPlace.constants);
      expect(appended.globalNames).toEqual(inPlace.globalNames);
      expect(appended.names).toEqual(inPlace.names);
      expect(appended.kwCalls).toEqual(inPlace.kwCalls);
      expect(appended.codes.length).toBe(inPlace.codes.length);
      for (let i = 0; i < appended.codes.length; i++) expect(appended.codes[i], `code ${i}`).toEqual(inPlace.codes[i]);
    });
  }

  it('a program importing modules reuses their compiled code', () => {
    const a = compileProgram('import collections\nimport functools\n');
    const b = compileProgram('x = 1\nfrom collections import Counter\n');
    expect([...a.sourceModules.keys()]).toContain('collections');
    const ca = a.codes[a.sourceModules.get('collections')!];
    const cb = b.codes[b.sourceModules.get('collections')!];
    expect(ca.name).toBe('<module>');
    expect(ca.lines).toBe(cb.lines);
  });
});
