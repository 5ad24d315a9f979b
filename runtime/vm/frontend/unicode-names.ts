// Character names for `\N{name}` escapes, as python3's unicodedata knows
// them (names, name aliases, CJK ideographs by code point), matched without
// regard to case. The table (unicode-names.generated.txt, made by
// scripts/generate-unicode-names.py) is half a megabyte: it is read the first
// time a program uses `\N`, never at start-up.
import { readFileSync } from 'node:fs';

interface NameTable {
  names: Map<string, number>;
  ranges: { start: number; end: number; prefix: string }[];
}

let table: NameTable | null = null;

const TABLE_URL = new URL('./unicode-names.generated.txt', import.meta.url);

function load(): NameTable {
  const text = readFileSync(TABLE_URL, 'utf8');
  const names = new Map<string, number>();
  const ranges: NameTable['ranges'] = [];
  let cp = -1;
  let prev = '';
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const line = text.slice(at, end);
    at = end + 1;
    const c = line.charCodeAt(0);
    if (c === 35 || line.length === 0) continue; // '#'
    if (c === 61) { // '=HEX NAME': an alias
      const space = line.indexOf(' ');
      names.set(line.slice(space + 1), parseInt(line.slice(1, space), 16));
      continue;
    }
    if (c === 42) { // '*START END PREFIX'
      const [start, stop, ...prefix] = line.slice(1).split(' ');
      ranges.push({ start: parseInt(start, 16), end: parseInt(stop, 16), prefix: prefix.join(' ') });
      continue;
    }
    const comma1 = line.indexOf(',');
    const comma2 = line.indexOf(',', comma1 + 1);
    cp += comma1 === 0 ? 1 : parseInt(line.slice(0, comma1), 16);
    const name = prev.slice(0, Number(line.slice(comma1 + 1, comma2))) + line.slice(comma2 + 1);
    names.set(name, cp);
    prev = name;
  }
  return { names, ranges };
}

/** The code point named `name` (any case), or -1. */
export function lookupUnicodeName(name: string): number {
  table ??= load();
  const upper = name.toUpperCase();
  const cp = table.names.get(upper);
  // python3 computes Hangul syllables' names, and matches them only in upper case.
  if (cp !== undefined) return cp >= 0xac00 && cp <= 0xd7a3 && name !== upper ? -1 : cp;
  const dash = upper.lastIndexOf('-');
  if (dash < 0) return -1;
  const hex = upper.slice(dash + 1);
  const prefix = upper.slice(0, dash);
  if (!/^[0-9A-F]{4,5}$/.test(hex)) return -1;
  // Unified ideographs' names are computed too, and matched only in upper case.
  if (prefix === 'CJK UNIFIED IDEOGRAPH' && name !== upper) return -1;
  const value = parseInt(hex, 16);
  for (const r of table.ranges) {
    if (r.prefix === prefix && value >= r.start && value <= r.end) return value;
  }
  return -1;
}
