// The `stencil-jit run` bundle for an arm64 Node (run under qemu-aarch64 by
// scripts/aarch64-vm/run.sh and test/aarch64-vm.test.ts): built here on the host
// with the host's esbuild, with the aarch64 stencil table and koffi's
// linux_arm64 native module (from .cache/aarch64-node, fetched by setup.sh)
// opened directly. Writes .cache/aarch64-node/run.cjs; prints its path.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, ENTRY, runBundlePlugin } = require('../launcher/build-run-bundle.cjs');

const CACHE = path.join(ROOT, '.cache', 'aarch64-node');
const KOFFI = path.join(CACHE, 'koffi');

async function main() {
  const koffiNode = path.join(KOFFI, 'linux_arm64', 'koffi.node');
  if (!fs.existsSync(koffiNode)) throw new Error(`${koffiNode} is missing: run scripts/setup.sh --aarch64-vm`);
  const version = JSON.parse(fs.readFileSync(path.join(KOFFI, 'package.json'), 'utf8')).version;
  const out = path.join(CACHE, 'run.cjs');
  // Written aside and renamed: a run under qemu may be reading the current one.
  const tmp = `${out}.${process.pid}.tmp`;
  await require('esbuild').build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: tmp,
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [runBundlePlugin({ path: koffiNode, version }, 'aarch64-unknown-linux-gnu')],
  });
  // The bundle's entry is runCommand(args); this tail runs it as launch.cjs does.
  fs.appendFileSync(tmp, `\nmodule.exports.runCommand(process.argv.slice(2)).then((c) => process.exit(c), (e) => { process.stderr.write(\`stencil-jit: internal error: \${e && e.stack ? e.stack : e}\\n\`); process.exit(70); });\n`);
  fs.renameSync(tmp, out);
  process.stdout.write(`${out}\n`);
}

main().catch((e) => {
  process.stderr.write(`aarch64-vm build-bundle: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
