// repr() of a str and ascii(), as CPython's unicode_repr: the quote is ' unless
// the text has ' and no "; \t \n \r and backslash escaped; other
// non-printable characters (str.isprintable) as \xhh, \uhhhh or \Uhhhhhhhh.
import { Prop, has } from './unicode.ts';

function hex(c: number, width: number): string {
  return c.toString(16).padStart(width, '0');
}

function escapeCode(c: number): string {
  if (c <= 0xff) return '\\x' + hex(c, 2);
  if (c <= 0xffff) return '\\u' + hex(c, 4);
  return '\\U' + hex(c, 8);
}

export function strRepr(s: string): string {
  const quote = reprQuote(s.includes("'"), s.includes('"'));
  return quote + strReprBody(s, quote) + quote;
}

/** repr's quote for a text that has (or lacks) each quote character. */
export const reprQuote = (hasSingle: boolean, hasDouble: boolean): string => hasSingle && !hasDouble ? '"' : "'";

/** repr of s without its quotes, escaping `quote` (a piece of a longer text that splits no surrogate pair). */
export function strReprBody(s: string, quote: string): string {
  let out = '';
  let plainFrom = 0;
  // Runs of plain printable ASCII are copied in one slice.
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x5c && c !== quote.charCodeAt(0)) continue;
    out += s.slice(plainFrom, i);
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000; width = 2; }
    }
    if (c === 0x5c) out += '\\\\';
    else if (c === quote.charCodeAt(0)) out += '\\' + quote;
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
    else if (has(c, Prop.Printable)) out += s.slice(i, i + width);
    else out += escapeCode(c);
    i += width - 1;
    plainFrom = i + 1;
  }
  return out + s.slice(plainFrom);
}

/** ascii()'s second step: every non-ASCII character of a repr backslash-escaped. */
export function asciiEscape(repr: string): string {
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < repr.length; i++) {
    let c = repr.charCodeAt(i);
    if (c < 0x80) continue;
    out += repr.slice(plainFrom, i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < repr.length) {
      const d = repr.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000; i++; }
    }
    out += escapeCode(c);
    plainFrom = i + 1;
  }
  return out + repr.slice(plainFrom);
}

/** ascii(s) for a str. */
export function strAscii(s: string): string {
  return asciiEscape(strRepr(s));
}
