// The node side of scripts/stencil-jit (when `run` does not start from the
// bundle's start-up snapshot, snapshot-main.cjs). `run` executes the compiled bundle of
// scripts/run-command.ts (built by build-run-bundle.cjs, rebuilt here whenever
// an input changed: a stale bundle is never run), compiled with V8's code
// cache; every other command runs the TypeScript sources through tsx.
// Plain CommonJS: it must start before anything is built, and fast.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const { ROOT, OUT_DIR, buildRunBundle, freshStamp, buildSnapshot, snapshotStem, WARMUP_ENV } = require('./build-run-bundle.cjs');

// What scripts/stencil-jit set for node alone (GLIBC_TUNABLES, when the caller had not): the program never sees it.
if (process.env.STENCIL_JIT_SET_GLIBC_TUNABLES !== undefined) {
  delete process.env.GLIBC_TUNABLES;
  delete process.env.STENCIL_JIT_SET_GLIBC_TUNABLES;
}
const argv = process.argv.slice(2);
// WRAPPER's importESM: import() for the bundle (capstone-wasm is ESM-only).
// The bundle cannot call import() itself: code compiled from V8's cache loses
// the dynamic-import callback.
const { WRAPPER, mapStack } = require('./map-stack.cjs');

if (argv[0] === 'run') {
  runBundle(argv.slice(1)).catch((e) => {
    process.stderr.write(`stencil-jit: cannot build the run bundle: ${e && e.message ? e.message : e}\n`);
    process.exit(2);
  });
} else {
  runSources(argv);
}

/** Every command but `run`: the TypeScript CLI, transpiled by tsx (resolved from the repository, not the caller's directory). */
function runSources(args) {
  const req = Module.createRequire(path.join(ROOT, 'package.json'));
  let loader;
  try {
    loader = req.resolve('tsx');
  } catch {
    fail(`the npm dependencies are missing: run scripts/setup.sh (or npm ci) in ${ROOT}`);
  }
  const { pathToFileURL } = require('node:url');
  const cli = path.join(ROOT, 'scripts/cli.ts');
  process.argv = [process.argv[0], cli, ...args];
  // What `node --import tsx` does, then the CLI.
  import(pathToFileURL(loader).href).then(() => import(pathToFileURL(cli).href));
}

function fail(message) {
  process.stderr.write(`stencil-jit: ${message}\n`);
  process.exit(2);
}

/** The current bundle, rebuilt when stale; from memory when .cache/ cannot be written. */
async function currentBundle() {
  const stamp = freshStamp();
  if (stamp) {
    const file = path.join(ROOT, '.cache', 'run', stamp.bundle);
    snapshotIfMissing(file);
    return { file, code: fs.readFileSync(file, 'utf8'), cacheFile: codeCacheFile(file) };
  }
  let built;
  try {
    built = await buildRunBundle();
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') return null;
    // .cache/run cannot be written (read-only checkout, full disk): build again in memory.
    if (!e || typeof e.code !== 'string' || !e.code.startsWith('E')) throw e;
    built = await buildRunBundle({ write: false });
  }
  // Not written (sources edited while it was built, or no .cache/run): run from memory, no code cache.
  return { file: built.file, code: built.code, cacheFile: built.written ? codeCacheFile(built.file) : null };
}

/**
 * Builds the start-up snapshot of the current bundle for this process's node
 * flags when scripts/stencil-jit would use one and there is none (a bundle
 * built under other flags: another ulimit -s), once per bundle: a failure is
 * recorded and not tried again. Not in a run that snapshot-main.cjs fell back
 * to (it had one), nor in the warm-up.
 */
function snapshotIfMissing(bundleFile) {
  const stem = snapshotStem();
  if (stem === null || process.env.NODE_OPTIONS || process.env[WARMUP_ENV]) return;
  const stemFile = path.join(OUT_DIR, stem);
  if (fs.existsSync(`${stemFile}.key`)) return;
  try {
    if (fs.readFileSync(`${stemFile}.failed`, 'utf8').trim() === bundleFile) return;
  } catch {}
  try {
    fs.accessSync(OUT_DIR, fs.constants.W_OK);
  } catch {
    return;
  }
  buildSnapshot(bundleFile);
}

/**
 * The code cache of a bundle for this process's V8 flags. V8 rejects a cache
 * made under other flags (scripts/stencil-jit's --stack-size and
 * --max-old-space-size, a test's --trace-deopt), and a rejected cache is
 * replaced at exit by one of what that run happened to compile: one file per
 * set of flags, so that the warm-up's cache (made through scripts/stencil-jit,
 * with the JIT's code in it) is the one every plain run reads, never replaced
 * by a hello-world's.
 */
function codeCacheFile(bundleFile) {
  // A run snapshot-main.cjs fell back to has the same flags as one without (and --snapshot-blob).
  const argv = process.execArgv.filter((a, i, all) => a !== '--snapshot-blob' && all[i - 1] !== '--snapshot-blob');
  const flags = `${argv.join(' ')}|${process.env.NODE_OPTIONS || ''}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < flags.length; i++) h = Math.imul(h ^ flags.charCodeAt(i), 0x01000193);
  return `${bundleFile}.${(h >>> 0).toString(16).padStart(8, '0')}.v8cache`;
}

async function runBundle(args) {
  const bundle = await currentBundle();
  if (!bundle) {
    // No esbuild: the sources through tsx (slower, same behaviour).
    runSources(['run', ...args]);
    return;
  }
  let cachedData;
  if (bundle.cacheFile) {
    try {
      cachedData = fs.readFileSync(bundle.cacheFile);
    } catch {}
  }
  const script = new vm.Script(`${WRAPPER}${bundle.code}\n})`, {
    filename: bundle.file,
    cachedData,
  });
  if (bundle.cacheFile && (!cachedData || script.cachedDataRejected)) {
    // Written at exit, after the run: the functions it compiled are in the cache too.
    process.once('exit', () => saveCodeCache(script, bundle.cacheFile));
  }
  const exports = evaluateBundle(script, bundle.file);
  exports.runCommand(args).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`stencil-jit: internal error (a bug in stencil-jit): ${mapStack(e, bundle.file)}\n`);
      process.exit(70);
    },
  );
}

/** Runs the bundle's module bodies; returns its exports. */
function evaluateBundle(script, file) {
  const mod = { exports: {} };
  const importESM = (specifier) => import(specifier);
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file), importESM);
  return mod.exports;
}

function saveCodeCache(script, file) {
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, file);
  } catch {}
}
