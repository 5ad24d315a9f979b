// Internal errors of `stencil-jit run`: the stack with bundle positions mapped
// back to the TypeScript sources (through the bundle's .map file). Shared by
// launch.cjs and the start-up snapshot (snapshot-main.cjs). Built-ins only.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** launch.cjs and the snapshot wrap the bundle in this function, on the bundle's first line. */
const WRAPPER = '(function (exports, require, module, __filename, __dirname, importESM) {';

/** The error's stack with bundle positions mapped back to the TypeScript sources (through the .map file). */
function mapStack(e, bundleFile, wrapperLength = WRAPPER.length) {
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
    const col = Number(c) - 1 - (l === '1' ? wrapperLength : 0);
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

module.exports = { WRAPPER, mapStack, decodeMappings };
