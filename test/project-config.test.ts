// The project config (cases/stencil.config.json and any other VM's): one-line
// errors with file and line, the uops the VM needs checked at generation time,
// and the bundled VM's list of needed uops kept in step with its code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UOP_NAMES } from '../build/uops.ts';
import { readUops } from '../generator/generate.ts';
import { DEFAULT_CONFIG, loadConfig } from '../generator/project-config.ts';
import { ROOT } from './helpers/repo-copy.ts';

const BUNDLED = path.join(ROOT, DEFAULT_CONFIG);

/** A config file beside the bundled one (so its relative paths resolve), edited. */
function variant(edit: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(fs.readFileSync(BUNDLED, 'utf8')) as Record<string, unknown>;
  edit(json);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stencil-config-'));
  json.root = path.relative(dir, ROOT);
  const file = path.join(dir, 'stencil.config.json');
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
}

describe('project config', () => {
  it('loads the bundled config with the values the runtime and generator need', () => {
    const c = loadConfig(BUNDLED);
    expect(c.root).toBe(ROOT);
    expect(c.cases).toEqual(['cases/uops.c', 'cases/wide_ints.c', 'cases/objects.c', 'cases/uops_iter.c', 'cases/signals.c']);
    expect(c.abi.enter).toEqual({ symbol: 'jit_enter', args: ['frame', 'sp', 'vm'] });
    expect(c.exitUop).toBe('EXIT_TRACE');
    expect(c.opargFields.map((f) => f.name)).toContain('HI_X8');
    expect(c.output).toBe(path.join(ROOT, 'build'));
  });

  it('names the file and line of an unknown key, a missing file and bad JSON', () => {
    const unknown = variant((j) => (j.templat = 'x'));
    expect(() => loadConfig(unknown)).toThrow(/stencil\.config\.json:\d+: error: unknown key "templat"/);
    const missing = variant((j) => (j.template = 'cases/no-such-template.c'));
    expect(() => loadConfig(missing)).toThrow(/stencil\.config\.json:\d+: error: template: "cases\/no-such-template\.c" does not exist/);
    const bad = variant(() => {});
    fs.writeFileSync(bad, fs.readFileSync(bad, 'utf8').replace('"cases":', '"cases"'));
    expect(() => loadConfig(bad)).toThrow(/stencil\.config\.json:\d+: error: not valid JSON/);
    const field = variant((j) => ((j.opargFields as { bits: number }[])[0].bits = 40));
    expect(() => loadConfig(field)).toThrow(/opargFields\[0\]\.bits must be an integer in 1\.\.31/);
  });

  it('refuses to generate when a uop the VM needs is not defined, naming the line of the config that needs it', () => {
    const file = variant((j) => (j.requiredUops as string[]).push('ADD_INT_RENAMED'));
    const config = loadConfig(file);
    const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('"ADD_INT_RENAMED"')) + 1;
    expect(() => readUops(config)).toThrow(new RegExp(`stencil\\.config\\.json:${line}: error: required uop ADD_INT_RENAMED is not defined in cases/uops\\.c`));
  });

  it('lists every uop the VM spells in its code as required', () => {
    const required = new Set(loadConfig(BUNDLED).requiredUops);
    const uops = new Set<string>(UOP_NAMES);
    const spelled = new Set<string>();
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const built: string[] = [];
    for (const f of walk(path.join(ROOT, 'runtime/vm'))) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/'([A-Z][A-Z0-9_]*[A-Z0-9])'/g)) if (uops.has(m[1])) spelled.add(m[1]);
      // A name put together (`${cmp}_INT`) would escape the scan above.
      for (const m of text.matchAll(/`[A-Z0-9_]*\$\{[^}`]*\}_[A-Z][A-Z0-9_]*`|`[A-Z][A-Z0-9_]*_\$\{[^}`]*\}`/g)) built.push(`${path.relative(ROOT, f)}: ${m[0]}`);
    }
    expect(spelled.size).toBeGreaterThan(50);
    expect([...spelled].filter((u) => !required.has(u))).toEqual([]);
    expect(built).toEqual([]);
  });
});
