// The entry of `stencil-jit run`'s start-up snapshot (V8's user-land
// snapshot, Node >= 20): built by scripts/stencil-jit when
// STENCIL_JIT_BUILD_SNAPSHOT names the current bundle, as
//   node FLAGS --snapshot-blob .cache/run/snapshot<FLAGS>.<pid>.blob --build-snapshot snapshot-entry.cjs
// A snapshot's entry may require built-in modules only: this file loads the
// launcher's own CommonJS files (snapshot-main.cjs and what it requires)
// itself, with a require that knows built-ins and ./ paths.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const builtinRequire = require;
const loaded = new Map();

function load(file) {
  let m = loaded.get(file);
  if (m) return m.exports;
  m = { exports: {} };
  loaded.set(file, m);
  const dir = path.dirname(file);
  const req = (id) => (id.startsWith('./') || id.startsWith('../') ? load(path.resolve(dir, id)) : builtinRequire(id));
  const code = fs.readFileSync(file, 'utf8');
  new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file }).runInThisContext()(m.exports, req, m, file, dir);
  return m.exports;
}

load(path.join(__dirname, 'snapshot-main.cjs')).prepareSnapshot(process.env.STENCIL_JIT_BUILD_SNAPSHOT, builtinRequire);
