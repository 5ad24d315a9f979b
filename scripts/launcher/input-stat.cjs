// The size and mtime of a file, as the start-up snapshot's check that it is
// current (snapshot-main.cjs) reads them for every input of the bundle (~250
// files) at every run. fs.statSync builds a Stats object with four Dates per
// file (~25 us each, ~6 ms a run); node's fs binding returns the same numbers
// in one shared array (~4 us). The binding is node's internal API, so it is
// used only where it was checked, when the snapshot was built, to give exactly
// what fs.statSync gives for every input (a snapshot only ever runs on the
// node that built it), and never where touching it prints a deprecation
// warning (--pending-deprecation). Built-ins only.
'use strict';
const fs = require('node:fs');

/** node's fs binding, or null where it cannot be used quietly. */
function fsBinding() {
  if (process.env.NODE_PENDING_DEPRECATION || process.execArgv.includes('--pending-deprecation')) return null;
  try {
    const binding = process.binding('fs');
    return typeof binding.stat === 'function' ? binding : null;
  } catch {
    return null;
  }
}

/** [size, mtimeMs] through the binding (its layout: size at 8, mtime's seconds and nanoseconds at 12 and 13), or null when the file is missing. */
function bindingStat(binding, file) {
  const v = binding.stat(file, false, undefined, false);
  return v === undefined ? null : [v[8], v[12] * 1e3 + v[13] / 1e6];
}

/** [size, mtimeMs] through fs.statSync, or null when the file is missing. */
function publicStat(file) {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st === undefined ? null : [st.size, st.mtimeMs];
}

/** Whether the binding gives what fs.statSync gives for every file (run when the snapshot is built). */
function bindingAgrees(files) {
  const binding = fsBinding();
  if (binding === null) return false;
  try {
    return files.every((file) => {
      const fast = bindingStat(binding, file);
      const slow = publicStat(file);
      return fast !== null && slow !== null && fast[0] === slow[0] && fast[1] === slow[1];
    });
  } catch {
    return false;
  }
}

/** A stat function (file -> [size, mtimeMs] or null): the binding's when `agreed` (bindingAgrees at build time) and usable now. */
function inputStat(agreed) {
  const binding = agreed ? fsBinding() : null;
  return binding === null ? publicStat : (file) => bindingStat(binding, file);
}

module.exports = { bindingAgrees, inputStat };
