// The build step of `stencil-jit run`: esbuild compiles scripts/run-command.ts and
// everything it imports into one CommonJS file, so a run starts without
// transpiling TypeScript or resolving ~70 modules. Plain JavaScript because it
// runs before anything is built. Writes into .cache/run/:
//   run-<hash>.cjs (+ .map)  the bundle, named by its content so that a reader
//                            never sees a half-replaced file
//   stamp.json               which bundle is current and the size and mtime of
//                            every input (launch.cjs checks them before each run)
//   run-<hash>.cjs.<flags>.v8cache  V8's code cache of the bundle (launch.cjs)
//   snapshot<FLAGS>.<pid>.blob, snapshot<FLAGS>.key
//                            the start-up snapshot with the bundle's modules
//                            loaded, for scripts/stencil-jit's node flags, and
//                            which blob and node it is (buildSnapshot)
// Used by launch.cjs (when the stamp is missing or stale), setup.sh and
// `npm run build`. What the bundle leaves out or loads differently:
//   - the other target's stencil table (a run executes host code only);
//   - capstone-wasm (ESM-only, needed by --jit-dump alone) is imported on first use;
//   - koffi's native module is opened directly (koffi's own loader probes the
//     C library and several paths, ~5 ms per start), and on first use (a
//     start-up snapshot can hold no native state).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const OUT_DIR = path.join(ROOT, '.cache', 'run');
const STAMP = path.join(OUT_DIR, 'stamp.json');
const ENTRY = 'scripts/run-command.ts';
const STAMP_VERSION = 3;

/** The stencil table triple of this machine (the one a run uses). */
function hostTriple() {
  return process.arch === 'arm64' ? 'aarch64-unknown-linux-gnu' : 'x86_64-unknown-linux-gnu';
}

/** The koffi native module koffi's loader picks here, found by letting it load once. */
function koffiNativePath() {
  const req = require('node:module').createRequire(path.join(ROOT, 'package.json'));
  const koffi = req('koffi');
  const native = Object.keys(req.cache).find((f) => f.endsWith('.node') && /koffi/.test(f));
  return native ? { path: native, version: koffi.version } : null;
}

/**
 * The bundle's koffi: opened on first use, not when the bundle's modules load
 * (a start-up snapshot can hold no native module or library handle). The
 * libraries a module loads at its top (koffi.load, lib.func) are opened on
 * their first call. koffi's native module is opened directly (its version
 * checked), koffi's loader if that fails.
 */
function koffiShim(koffiNative) {
  const req = require('node:module').createRequire(path.join(ROOT, 'package.json'));
  const koffi = req('koffi');
  const keys = Object.keys(koffi).filter((k) => k !== 'load').map((k) => [k, typeof koffi[k] === 'function']);
  return `let real = null;
const K = {};
function open() {
  if (real !== null) return real;
  if (require('node:v8').startupSnapshot?.isBuildingSnapshot()) throw new Error('koffi is used while the start-up snapshot is built (by a module body): a snapshot can hold no native state');
  let native = null;
  ${koffiNative ? `try {
    const m = { exports: {} };
    process.dlopen(m, ${JSON.stringify(koffiNative.path)});
    if (m.exports.version === ${JSON.stringify(koffiNative.version)}) native = m.exports;
  } catch {}` : ''}
  real = native ?? require('node:module').createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))})('koffi');
  // From now on every property is koffi's own (no forwarding).
  for (const k of Object.keys(real)) Object.defineProperty(K, k, { value: real[k], writable: true, enumerable: true, configurable: true });
  return real;
}
for (const [k, isFunction] of ${JSON.stringify(keys)}) {
  Object.defineProperty(K, k, isFunction
    ? { value: function (...a) { return open()[k](...a); }, writable: true, enumerable: true, configurable: true }
    : { get() { return open()[k]; }, enumerable: true, configurable: true });
}
/** koffi.load(...) before koffi is open: the library is opened on the first call of one of its functions. */
K.load = function load(...args) {
  let lib = null;
  const get = () => (lib ??= open().load(...args));
  const declare = (kind) => (...sig) => {
    let f = null;
    return function (...a) { return (f ??= get()[kind](...sig))(...a); };
  };
  return { func: declare('func'), cdecl: declare('cdecl'), stdcall: declare('stdcall'), fastcall: declare('fastcall'), thiscall: declare('thiscall'), symbol: (...a) => get().symbol(...a), unload: () => get().unload() };
};
module.exports = K;`;
}

/** esbuild plugin: the replacements listed at the top of this file. */
function runBundlePlugin(koffiNative, host = hostTriple()) {
  return {
    name: 'stencil-jit-run',
    setup(build) {
      build.onResolve({ filter: /[/\\]build[/\\][^/\\]+[/\\]stencils\.ts$/ }, (args) => {
        const triple = path.basename(path.dirname(args.path));
        if (triple === host) return undefined;
        return { path: triple, namespace: 'other-target-table' };
      });
      build.onLoad({ filter: /.*/, namespace: 'other-target-table' }, (args) => ({
        loader: 'js',
        contents: `// Stands in for build/${args.path}/stencils.ts in the run bundle: a run executes host code only.
export const table = new Proxy({ target: ${JSON.stringify(args.path)} }, {
  get(t, key) {
    if (key in t || typeof key === 'symbol') return t[key];
    throw new Error('the ${args.path} stencil table is not in the run bundle (stencil-jit run executes host code only)');
  },
});`,
      }));
      // A module that finds a data file next to itself (import.meta.url is empty in a
      // CommonJS bundle): its own file URL, written in. The data file is a stamp input.
      build.onLoad({ filter: /[/\\]unicode-names\.ts$/ }, (args) => ({
        loader: 'ts',
        contents: fs.readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(require('node:url').pathToFileURL(args.path).href)),
      }));
      // Inside the shims below, the real packages are loaded by node at run time.
      build.onResolve({ filter: /^(koffi|capstone-wasm)$/ }, (args) =>
        args.namespace === 'shim' ? { path: args.path, external: true } : { path: args.path, namespace: 'shim' });
      build.onLoad({ filter: /^koffi$/, namespace: 'shim' }, () => ({ loader: 'js', contents: koffiShim(koffiNative) }));
      build.onLoad({ filter: /^capstone-wasm$/, namespace: 'shim' }, () => ({
        loader: 'js',
        contents: `// capstone-wasm is ESM-only and needed by --jit-dump alone: imported on first use,
// through launch.cjs's importESM (the bundle's own import() would lose its callback to V8's code cache).
let m = null;
export async function loadCapstone() {
  m ??= await (typeof importESM === 'function' ? importESM('capstone-wasm') : import('capstone-wasm'));
  return m.loadCapstone();
}
export const Const = new Proxy({}, { get: (_, k) => m.Const[k] });
export function Capstone(...args) { return new m.Capstone(...args); }`,
      }));
    },
  };
}

function relativeInput(file) {
  return path.relative(ROOT, path.resolve(ROOT, file));
}

function statInput(rel) {
  const st = fs.statSync(path.join(ROOT, rel));
  return [rel, st.size, st.mtimeMs];
}

/** The launcher's files in the start-up snapshot (inputs of the stamp: editing one makes the bundle and its snapshot stale). */
const SNAPSHOT_FILES = ['snapshot-entry.cjs', 'snapshot-main.cjs', 'map-stack.cjs', 'import-esm.cjs', 'input-stat.cjs'];

/** Set in the warm-up run's environment: that run never builds (and so never warms up) again. */
const WARMUP_ENV = 'STENCIL_JIT_BUILDING_CODE_CACHE';
/**
 * File times come from the kernel's coarse clock, which may lag Date.now() by
 * a tick: an input whose mtime is this close to the build's start (or later)
 * may have changed while esbuild was reading it.
 */
const MTIME_SLACK_MS = 20;
const BUILD_ATTEMPTS = 3;

/**
 * Builds the bundle and writes it with its stamp. Returns the stamp, the code
 * and its file, and `written`. With `write: false` nothing is written (a
 * read-only checkout): the caller runs `code` from memory. The stamp records
 * the inputs' size and mtime after the build, so an input edited during the
 * build would make an old bundle look fresh: such a build is repeated, and
 * after BUILD_ATTEMPTS the code is returned unwritten (run from memory, the
 * next run builds again).
 */
async function buildRunBundle({ write = true, afterBundle = null } = {}) {
  for (let attempt = 1; ; attempt++) {
    const startedAt = Date.now();
    const built = await bundleOnce(afterBundle);
    const endedAt = Date.now();
    // A time after the build's end is a file from the future (clock skew, an archive), not an edit during it.
    const changedDuring = built.stamp.inputs.some(([, , mtimeMs]) => mtimeMs >= startedAt - MTIME_SLACK_MS && mtimeMs <= endedAt + MTIME_SLACK_MS);
    if (!write || (changedDuring && attempt === BUILD_ATTEMPTS)) return { ...built, written: false };
    if (changedDuring) {
      // Start the next attempt clear of the slack, so that an edit finished before it is not taken for one during it.
      await new Promise((resolve) => setTimeout(resolve, 2 * MTIME_SLACK_MS));
      continue;
    }
    writeBundle(built);
    return { ...built, written: true };
  }
}

/** One esbuild run: the bundle's code, map and stamp, in memory. `afterBundle` (tests) runs between esbuild and the stamp. */
async function bundleOnce(afterBundle) {
  const esbuild = require('esbuild');
  const koffiNative = koffiNativePath();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(OUT_DIR, 'run.cjs'),
    sourcemap: 'external',
    sourcesContent: false,
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: false,
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [runBundlePlugin(koffiNative)],
  });
  if (afterBundle) afterBundle();
  const js = result.outputFiles.find((f) => f.path.endsWith('.cjs'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  const hash = require('node:crypto').createHash('sha256').update(js.contents).digest('hex').slice(0, 16);
  const name = `run-${hash}.cjs`;
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.includes(':'))
    .map(relativeInput);
  // The launcher files the start-up snapshot holds (snapshot-main.cjs), and this one.
  inputs.push(relativeInput(__filename), relativeInput(path.join(__dirname, 'warmup.py')), ...SNAPSHOT_FILES.map((f) => relativeInput(path.join(__dirname, f))), 'package.json', 'runtime/vm/frontend/unicode-names.generated.txt');
  if (fs.existsSync(path.join(ROOT, 'node_modules/koffi/package.json'))) inputs.push('node_modules/koffi/package.json');
  const stamp = {
    version: STAMP_VERSION,
    bundle: name,
    node: process.version,
    esbuild: esbuild.version,
    host: hostTriple(),
    inputs: [...new Set(inputs)].sort().map(statInput),
  };
  const code = js.text.replace(/\/\/# sourceMappingURL=run\.cjs\.map\s*$/, `//# sourceMappingURL=${name}.map\n`);
  return { stamp, code, map: map.text, file: path.join(OUT_DIR, name) };
}

/** Writes the bundle, its map and then its stamp (readers trust the stamp), and its code cache. */
function writeBundle({ stamp, code, map }) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  writeAtomic(path.join(OUT_DIR, stamp.bundle), code);
  writeAtomic(path.join(OUT_DIR, `${stamp.bundle}.map`), map);
  writeAtomic(STAMP, JSON.stringify(stamp));
  removeOldBundles(stamp.bundle);
  for (const f of fs.readdirSync(OUT_DIR)) if (f.startsWith(`${stamp.bundle}.`) && f.endsWith('.v8cache')) fs.rmSync(path.join(OUT_DIR, f), { force: true });
  // Snapshots of the bundle before (they would only find themselves stale).
  for (const f of fs.readdirSync(OUT_DIR)) if (/^snapshot.*\.(key|failed)$/.test(f)) fs.rmSync(path.join(OUT_DIR, f), { force: true });
  if (!process.env[WARMUP_ENV]) {
    warmUp();
    buildSnapshot(path.join(OUT_DIR, stamp.bundle));
  }
}

/**
 * Builds the start-up snapshot of the bundle (snapshot-entry.cjs) through
 * scripts/stencil-jit, so with the node and the node flags of every run (node
 * refuses a snapshot made under other V8 flags). The script writes
 * .cache/run/snapshot<FLAGS>.<pid>.blob and then .cache/run/snapshot<FLAGS>.key,
 * which names the blob and the node that built it. A failure is recorded in
 * snapshot<FLAGS>.failed (launch.cjs does not try again for that bundle) and
 * only costs speed: runs go through launch.cjs and the code cache.
 */
function buildSnapshot(bundleFile) {
  const env = { ...process.env, [SNAPSHOT_ENV]: bundleFile };
  delete env.NODE_OPTIONS;
  delete env.NODE_EXTRA_CA_CERTS;
  const r = require('node:child_process').spawnSync('sh', [path.join(__dirname, '..', 'stencil-jit')], { stdio: ['ignore', 'ignore', 'pipe'], env, timeout: 120_000, encoding: 'utf8' });
  removeOldSnapshots();
  return r.status === 0 ? null : (r.stderr || `status ${r.status ?? r.signal}`).trim();
}

/** Set (to the bundle's file) when scripts/stencil-jit is to build the start-up snapshot. */
const SNAPSHOT_ENV = 'STENCIL_JIT_BUILD_SNAPSHOT';

/** The file name stem of the snapshot for these node flags, as scripts/stencil-jit names it; null for flags it never passes. */
function snapshotStem(execArgv = process.execArgv) {
  if (!execArgv.every((a) => /^--(stack-size|max-old-space-size)=\d+$/.test(a))) return null;
  return `snapshot${execArgv.join('')}`;
}

/** Blobs no .key names (older than a minute: one may be being written). */
function removeOldSnapshots() {
  try {
    const files = fs.readdirSync(OUT_DIR);
    const named = new Set();
    for (const f of files) {
      if (!/^snapshot.*\.key$/.test(f)) continue;
      try {
        named.add(fs.readFileSync(path.join(OUT_DIR, f), 'utf8').split(' ')[0]);
      } catch {}
    }
    const now = Date.now();
    for (const f of files) {
      if (!/^snapshot.*\.blob$/.test(f) || named.has(f)) continue;
      const file = path.join(OUT_DIR, f);
      if (now - fs.statSync(file).mtimeMs > 60_000) fs.unlinkSync(file);
    }
  } catch {}
}

/**
 * Runs warmup.py once through the new bundle: the launcher then writes V8's
 * code cache with the code a typical run needs (front end, tier-1, the JIT),
 * not just what the first user program happened to touch. Through
 * scripts/stencil-jit, so with the node flags of every run (V8 rejects a
 * cache made under other flags: the warm-up's used to be, and the first
 * run's own, without the JIT's code when it compiled no trace, took its
 * place). Failure only costs speed.
 */
function warmUp() {
  const env = { ...process.env, PYTHONUNBUFFERED: '', [WARMUP_ENV]: '1' };
  delete env.NODE_EXTRA_CA_CERTS;
  require('node:child_process').spawnSync('sh', [path.join(__dirname, '..', 'stencil-jit'), 'run', '--threshold', '2', path.join(__dirname, 'warmup.py')], { stdio: 'ignore', env, timeout: 60_000 });
}

function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Bundles and code caches of earlier builds (kept for a minute: a run may still be loading one). */
function removeOldBundles(current) {
  const now = Date.now();
  for (const f of fs.readdirSync(OUT_DIR)) {
    if (!f.startsWith('run-') || f.startsWith(current)) continue;
    const file = path.join(OUT_DIR, f);
    try {
      if (now - fs.statSync(file).mtimeMs > 60_000) fs.unlinkSync(file);
    } catch {}
  }
}

/**
 * The current stamp when the bundle is fresh (every input has the size and
 * mtime recorded, same node and layout), else null.
 */
function freshStamp() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
  if (stamp.version !== STAMP_VERSION || stamp.node !== process.version || stamp.host !== hostTriple()) return null;
  for (const [rel, size, mtimeMs] of stamp.inputs) {
    let st;
    try {
      st = fs.statSync(path.join(ROOT, rel));
    } catch {
      return null;
    }
    if (st.size !== size || st.mtimeMs !== mtimeMs) return null;
  }
  return fs.existsSync(path.join(OUT_DIR, stamp.bundle)) ? stamp : null;
}

module.exports = { ROOT, OUT_DIR, ENTRY, buildRunBundle, freshStamp, runBundlePlugin, buildSnapshot, snapshotStem, WARMUP_ENV };

if (require.main === module) {
  const t0 = performance.now();
  const fresh = process.argv.includes('--if-stale') ? freshStamp() : null;
  if (fresh) {
    console.log(`.cache/run/${fresh.bundle} is up to date`);
    process.exit(0);
  }
  buildRunBundle().then(
    ({ stamp, written }) => {
      if (!written) {
        console.error(`build-run-bundle: sources kept changing during ${BUILD_ATTEMPTS} builds; nothing written (run it again)`);
        process.exit(1);
      }
      const size = fs.statSync(path.join(OUT_DIR, stamp.bundle)).size;
      console.log(`built .cache/run/${stamp.bundle} (${(size / 1024).toFixed(0)} KiB, ${stamp.inputs.length} inputs) in ${(performance.now() - t0).toFixed(0)} ms`);
    },
    (e) => {
      console.error(`build-run-bundle: ${e && e.message ? e.message : e}`);
      process.exit(1);
    },
  );
}
