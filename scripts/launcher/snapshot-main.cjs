// `stencil-jit run` from the start-up snapshot: prepareSnapshot runs while
// node builds the snapshot (snapshot-entry.cjs) and evaluates the run
// bundle's module bodies there, so a run deserializes them instead of reading,
// compiling and evaluating the bundle. The function it leaves for node to call
// after deserializing (main) checks first that the snapshot is still the
// right one, and otherwise runs launch.cjs from disk, which rebuilds what is
// stale (a stale snapshot is never run):
//   - the checkout is the one it was built in;
//   - every input of the bundle in it has the size and mtime stamped when the
//     bundle was built (build-run-bundle.cjs);
//   - every environment variable the module bodies read has the value it had,
//     and so has the machine's memory (os.totalmem) if they read it.
// (Other process state a module body takes when it loads, such as
// performance.timeOrigin, must be taken on first use instead.)
// Built-in modules only (what a snapshot entry may require), and no native
// state: koffi and capstone-wasm are opened on first use (build-run-bundle.cjs).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const v8 = require('node:v8');
const { ROOT, OUT_DIR, freshStamp } = require('./build-run-bundle.cjs');
const { WRAPPER, mapStack } = require('./map-stack.cjs');
const { bindingAgrees, inputStat } = require('./input-stat.cjs');

const LAUNCH = path.join(__dirname, 'launch.cjs');

/** Evaluates the bundle (its module bodies) and sets main as the snapshot's main function. */
function prepareSnapshot(bundleFile, builtinRequire) {
  const stamp = freshStamp();
  if (!stamp || !bundleFile || path.join(OUT_DIR, stamp.bundle) !== bundleFile) {
    throw new Error(`the run bundle ${bundleFile} is not the current one`);
  }
  const root = fs.realpathSync(ROOT);
  // The environment variables the module bodies read, and what they read.
  const envRead = new Map();
  const env = process.env;
  process.env = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string' && !envRead.has(key)) envRead.set(key, target[key]);
      return target[key];
    },
    has(target, key) {
      if (typeof key === 'string' && !envRead.has(key)) envRead.set(key, target[key]);
      return key in target;
    },
    ownKeys() {
      throw new Error('a module body lists the environment: it cannot be in the start-up snapshot');
    },
  });
  // And the machine's memory (limits/max-heap.ts sizes the arena by it).
  const os = require('node:os');
  const totalmem = os.totalmem;
  let memory = null;
  os.totalmem = () => (memory = totalmem());
  const mod = { exports: {} };
  let importer = null;
  // import() through a file node loads at run time (code from a snapshot has no dynamic-import callback).
  const importESM = (specifier) => (importer ??= require('node:module').createRequire(LAUNCH)('./import-esm.cjs'))(specifier);
  try {
    const code = fs.readFileSync(bundleFile, 'utf8');
    const script = new vm.Script(`${WRAPPER}${code}\n})`, { filename: bundleFile });
    script.runInThisContext()(mod.exports, builtinRequire, mod, bundleFile, path.dirname(bundleFile), importESM);
  } finally {
    process.env = env;
    os.totalmem = totalmem;
  }
  const { runCommand, warmStartupSnapshot } = mod.exports;
  warmStartupSnapshot([fs.readFileSync(path.join(__dirname, 'warmup.py'), 'utf8'), 'print("hello, world")\n']);
  const recorded = [...envRead];
  // The stamp's inputs by absolute path (the checkout is checked first).
  const inputs = stamp.inputs.map(([rel, size, mtimeMs]) => [path.join(ROOT, rel), size, mtimeMs]);
  const fastStat = bindingAgrees(inputs.map(([file]) => file));
  v8.startupSnapshot.setDeserializeMainFunction(() => main({ root, bundleFile, inputs, fastStat, recorded, memory, runCommand }));
}

function main({ root, bundleFile, inputs, fastStat, recorded, memory, runCommand }) {
  unsetLauncherEnvironment();
  const args = process.argv.slice(1);
  if (!current(root, inputs, inputStat(fastStat), recorded, memory)) {
    // launch.cjs, as scripts/stencil-jit runs it without a snapshot.
    process.argv = [process.argv[0], LAUNCH, ...args];
    require('node:module').createRequire(LAUNCH)(LAUNCH);
    return;
  }
  runCommand(args.slice(1)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`stencil-jit: internal error (a bug in stencil-jit): ${mapStack(e, bundleFile)}\n`);
      process.exit(70);
    },
  );
}

/** Whether this snapshot is the right one for this run (the checks at the top of this file). */
function current(root, inputs, stat, recorded, memory) {
  if (process.argv[1] !== 'run') return false;
  for (const [key, value] of recorded) if (process.env[key] !== value) return false;
  if (memory !== null && require('node:os').totalmem() !== memory) return false;
  const i = process.execArgv.indexOf('--snapshot-blob');
  const blob = i >= 0 ? process.execArgv[i + 1] : null;
  try {
    if (!blob || fs.realpathSync.native(path.resolve(path.dirname(blob), '../..')) !== root) return false;
  } catch {
    return false;
  }
  // The bundle's inputs as stamped when it was built (build-run-bundle.cjs's freshStamp, without reading the stamp).
  try {
    for (const [file, size, mtimeMs] of inputs) {
      const st = stat(file);
      if (st === null || st[0] !== size || st[1] !== mtimeMs) return false;
    }
  } catch {
    return false;
  }
  return true;
}

/** What scripts/stencil-jit set for node alone (GLIBC_TUNABLES, when the caller had not): the program never sees it. */
function unsetLauncherEnvironment() {
  if (process.env.STENCIL_JIT_SET_GLIBC_TUNABLES === undefined) return;
  delete process.env.GLIBC_TUNABLES;
  delete process.env.STENCIL_JIT_SET_GLIBC_TUNABLES;
}

module.exports = { prepareSnapshot, unsetLauncherEnvironment };
