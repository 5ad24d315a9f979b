// The stencil-jit command line: generator commands and running programs on the VM.
// User errors print one line and exit non-zero; only real bugs show a stack.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompileError } from '../generator/clang-driver.ts';
import { DslError } from '../generator/dsl-parser.ts';
import { generate } from '../generator/generate.ts';
import { DEFAULT_CONFIG, loadConfig, type ProjectConfig } from '../generator/project-config.ts';
import { findTarget, formatInspection, inspectUop, listUops } from '../generator/inspect.ts';
import { StencilError } from '../generator/stencil-builder.ts';
import { TARGETS } from '../generator/targets.ts';
import { UserError } from '../generator/user-error.ts';
import { verify } from '../generator/verify.ts';
import { StencilTableError } from '../runtime/jit/table-check.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: stencil-jit <command> [options]

  generate [--force] [--target T] [--out DIR]   compile cases/ and write the stencil tables in build/
  verify                            check that build/ equals a fresh generation (exit 1 if not)
  inspect UOP [--target T] [--json | --html]  disassembly of a uop with its holes and relocations (--html: one self-contained page)
  list                              every uop with code size, data size and hole count per target
  run PROGRAM.py [--no-jit] [--jit-stats[=json[:FILE]]] [--jit-report=FILE.html] [--perf[=DIR]] [--gdb] ...
                                    run a Python-subset program on the VM

  generate, verify, inspect and list take --config PATH: another VM's stencil
  project (default: ${DEFAULT_CONFIG}, the bundled VM's)`;

function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UserError(`${name} needs a value`, 2);
  args.splice(i, 2);
  return v;
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}

function rejectExtra(args: string[], command: string): void {
  if (args.length > 0) throw new UserError(`${command}: unexpected argument '${args[0]}'\n${USAGE}`, 2);
}

/** The project of --config PATH, or the bundled VM's. */
function takeConfig(args: string[]): ProjectConfig {
  // Relative to the working directory where it can be: messages name the file as the user would.
  const file = takeOption(args, '--config') ?? (path.relative(process.cwd(), path.join(ROOT, DEFAULT_CONFIG)) || path.join(ROOT, DEFAULT_CONFIG));
  return loadConfig(file);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'generate': {
      const config = takeConfig(args);
      const force = takeFlag(args, '--force');
      const target = takeOption(args, '--target');
      const out = takeOption(args, '--out');
      rejectExtra(args, 'generate');
      const t0 = performance.now();
      const r = await generate({
        config,
        outDir: out === undefined ? undefined : path.resolve(out),
        force,
        targets: target ? [findTarget(target)] : TARGETS,
        progress: true,
        log: (l) => console.log(l),
      });
      console.log(`${r.uops.length} uops; ${r.compiled} compiled (${r.processes} clang processes), ${r.cached} from cache; ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      return 0;
    }
    case 'verify': {
      const config = takeConfig(args);
      rejectExtra(args, 'verify');
      const r = await verify(config);
      const out = path.relative(process.cwd(), config.output) || '.';
      if (r.ok) {
        console.log(`verify: ${out}/ matches a fresh generation from the sources and the generator`);
        return 0;
      }
      console.error(`verify: ${out}/ does not match the sources`);
      for (const l of r.report) console.error(l);
      return 1;
    }
    case 'inspect': {
      const config = takeConfig(args);
      const json = takeFlag(args, '--json');
      const html = takeFlag(args, '--html');
      const target = findTarget(takeOption(args, '--target') ?? TARGETS[0].triple);
      const uop = args.shift();
      if (!uop) throw new UserError(`inspect: which uop? (see 'stencil-jit list')`, 2);
      rejectExtra(args, 'inspect');
      const x = await inspectUop(config, uop, target);
      if (html) process.stdout.write((await import('../generator/inspect-html.ts')).inspectionHtml(x));
      else console.log(json ? JSON.stringify(x, null, 2) : formatInspection(x));
      return 0;
    }
    case 'list': {
      const config = takeConfig(args);
      rejectExtra(args, 'list');
      console.log(await listUops(config));
      return 0;
    }
    case 'run': {
      // Loaded lazily: generator commands must not pay for the VM.
      const vm = './run-command.ts';
      const { runCommand } = (await import(vm)) as { runCommand(argv: string[]): Promise<number> };
      return runCommand(args);
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UserError(`unknown command '${command}'\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UserError) {
      console.error(`stencil-jit: ${e.message}`);
      process.exit(e.exitCode);
    }
    if (e instanceof StencilTableError) {
      console.error(`stencil-jit: ${e.message}`);
      process.exit(1);
    }
    if (e instanceof DslError || e instanceof CompileError || e instanceof StencilError) {
      console.error(e.message);
      process.exit(1);
    }
    if (e instanceof Error && /^unknown target/.test(e.message)) {
      console.error(`stencil-jit: ${e.message}`);
      process.exit(2);
    }
    throw e;
  },
);
