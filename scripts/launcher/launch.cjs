// The node side of scripts/stencil-jit. `run` executes the compiled bundle of
// scripts/run-command.ts (built by build-run-bundle.cjs, rebuilt here whenever
// an input changed: a stale bundle is never run), compiled with V8's code
// cache; every other command runs the TypeScript sources through tsx.
// Plain CommonJS: it must start before anything is built, and fast.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const { ROOT, buildRunBundle, freshStamp } = require('./build-run-bundle.cjs');

const argv = process.argv.slice(2);
// importESM: import() for the bundle (capstone-wasm is ESM-only). The bundle
// cannot call import() itself: code compiled from V8's cache loses the
// dynamic-import callback.
const WRAPPER = '(function (exports, require, module, __filename, __dirname, importESM) {';

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
 * The code cache of a bundle for this process's V8 flags. V8 rejects a cache
 * made under other flags (scripts/stencil-jit's --stack-size and
 * --max-old-space-size, a test's --trace-deopt), and a rejected cache is
 * replaced at exit by one of what that run happened to compile: one file per
 * set of flags, so that the warm-up's cache (made through scripts/stencil-jit,
 * with the JIT's code in it) is the one every plain run reads, never replaced
 * by a hello-world's.
 */
function codeCacheFile(bundleFile) {
  const flags = `${process.execArgv.join(' ')}|${process.env.NODE_OPTIONS || ''}`;
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

/** The error's stack with bundle positions mapped back to the TypeScript sources (through the .map file). */
function mapStack(e, bundleFile) {
  const stack = e && e.stack ? String(e.stack) : String(e);
  let map;
  try {
    map = JSON.parse(fs.readFileSync(`${bundleFile}.map`, 'utf8'));
  } catch {
    return stack;
  }
  const lines = decodeMappings(map.mappings);
  const escaped = bundleFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return stack.replace(new RegExp(`${escaped}:(\\d+):(\\d+)`, 'g'), (whole, l, c) => {
    const segs = lines[Number(l) - 1] || [];
    // The wrapper function adds its prefix to the first line only.
    const col = Number(c) - 1 - (l === '1' ? WRAPPER.length : 0);
    let best = null;
    for (const s of segs) {
      if (s[0] <= col) best = s;
      else break;
    }
    return best ? `${path.resolve(path.dirname(bundleFile), map.sources[best[1]])}:${best[2] + 1}:${best[3] + 1}` : whole;
  });
}

function decodeMappings(mappings) {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines = [];
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  for (const line of mappings.split(';')) {
    const segs = [];
    let col = 0;
    for (const seg of line ? line.split(',') : []) {
      const v = [];
      let shift = 0;
      let value = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        value += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          v.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += v[0];
      if (v.length >= 4) {
        src += v[1];
        srcLine += v[2];
        srcCol += v[3];
        segs.push([col, src, srcLine, srcCol]);
      }
    }
    lines.push(segs);
  }
  return lines;
}
