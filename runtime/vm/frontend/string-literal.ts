// String and bytes literals as python3 3.11 reads them: prefixes, quotes,
// and every escape of the language reference (\newline \\ \' \" \a \b \f \n
// \r \t \v \ooo \xhh, and in str also \uXXXX \UXXXXXXXX \N{name}); an unknown
// escape keeps its backslash (python3 only warns), raw literals keep
// everything. Errors carry python3's message ("(unicode error) 'unicodeescape'
// codec can't decode bytes in position 0-2: truncated \xXX escape").
//
// A str value is a JavaScript string of UTF-16 code units: a character above
// U+FFFF is its surrogate pair, and a lone surrogate escape ("\ud800") stays a
// lone code unit, so counting code points gives python3's len(). The one case
// this cannot tell apart from python3 is a high surrogate escape directly
// followed by a low one ("\ud83d\ude00": two code points in python3, one
// pair here).
import { lookupUnicodeName } from './unicode-names.ts';

/** A literal's error, with python3's message; the parser gives it a position. */
export class LiteralError extends Error {}

export interface StringParts {
  bytes: boolean;
  raw: boolean;
  fstring: boolean;
  /** Whether the token starts with a lowercase 'u' (python3's Constant.kind 'u'). */
  uKind: boolean;
  /** The text between the quotes. */
  body: string;
  /** Offset of `body` in the token's text. */
  bodyStart: number;
}

/** Splits a STRING token's text into its prefix flags and body. */
export function splitStringToken(text: string): StringParts {
  let i = 0;
  let bytes = false, raw = false, fstring = false;
  for (;;) {
    const c = text.charCodeAt(i) | 0x20;
    if (c === 98) bytes = true;
    else if (c === 114) raw = true;
    else if (c === 102) fstring = true;
    else if (c !== 117) break;
    i++;
  }
  const quote = text[i];
  const triple = text.length - i >= 6 && text[i + 1] === quote && text[i + 2] === quote;
  const q = triple ? 3 : 1;
  return {
    bytes, raw, fstring,
    uKind: text.charCodeAt(0) === 117,
    body: text.slice(i + q, text.length - q),
    bodyStart: i + q,
  };
}

/** Decodes the escapes of a (non-raw) str literal's body. */
export function decodeStringEscapes(body: string): string {
  if (body.indexOf('\\') < 0) return body;
  let out = '';
  let i = 0;
  const n = body.length;
  // python3 reports positions in its own copy of the body in which every
  // non-ASCII character is written as a 10-byte \UXXXXXXXX escape: `pos`
  // follows that copy.
  let pos = 0;
  let runStart = 0;
  while (i < n) {
    const c = body.charCodeAt(i);
    if (c !== 92) {
      i++;
      pos += c < 128 ? 1 : isLowSurrogateAfterHigh(body, i - 1) ? 0 : 10;
      continue;
    }
    out += body.slice(runStart, i);
    const escStart = pos;
    i++;
    pos++;
    const e = body.charCodeAt(i);
    if (i >= n || e >= 128) {
      // A backslash before a non-ASCII character (or at the end) stays.
      out += '\\';
      pos += 5;
      runStart = i;
      continue;
    }
    i++;
    pos++;
    switch (e) {
      case 10: break;
      case 92: out += '\\'; break;
      case 39: out += "'"; break;
      case 34: out += '"'; break;
      case 98: out += '\b'; break;
      case 102: out += '\f'; break;
      case 116: out += '\t'; break;
      case 110: out += '\n'; break;
      case 114: out += '\r'; break;
      case 118: out += '\v'; break;
      case 97: out += '\x07'; break;
      case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: {
        let v = e - 48;
        for (let k = 0; k < 2 && i < n && isOctal(body.charCodeAt(i)); k++) {
          v = v * 8 + body.charCodeAt(i++) - 48;
          pos++;
        }
        out += String.fromCharCode(v);
        break;
      }
      case 120: case 117: case 85: { // \x \u \U
        const count = e === 120 ? 2 : e === 117 ? 4 : 8;
        const what = e === 120 ? '\\xXX' : e === 117 ? '\\uXXXX' : '\\UXXXXXXXX';
        let v = 0;
        for (let k = 0; k < count; k++) {
          const d = i < n ? hexValue(body.charCodeAt(i)) : -1;
          if (d < 0) throw unicodeEscapeError(escStart, pos, `truncated ${what} escape`);
          v = v * 16 + d;
          i++;
          pos++;
        }
        if (v > 0x10ffff) throw unicodeEscapeError(escStart, pos, 'illegal Unicode character');
        out += v > 0xffff ? String.fromCodePoint(v) : String.fromCharCode(v);
        break;
      }
      case 78: { // \N{name}
        const malformed = 'malformed \\N character escape';
        if (i >= n || body.charCodeAt(i) !== 123) throw unicodeEscapeError(escStart, pos, malformed);
        const close = body.indexOf('}', i + 1);
        if (close < 0) throw unicodeEscapeError(escStart, pos + asciiCopyLength(body, i, n), malformed);
        const name = body.slice(i + 1, close);
        const endPos = pos + asciiCopyLength(body, i, close + 1);
        if (name.length === 0) throw unicodeEscapeError(escStart, endPos - 1, malformed);
        const cp = /^[\x20-\x7e]*$/.test(name) ? lookupUnicodeName(name) : -1;
        if (cp < 0) throw unicodeEscapeError(escStart, endPos, 'unknown Unicode character name');
        out += String.fromCodePoint(cp);
        pos = endPos;
        i = close + 1;
        break;
      }
      default:
        // Not an escape: python3 keeps the backslash (and warns).
        out += '\\' + String.fromCharCode(e);
    }
    runStart = i;
  }
  return out + body.slice(runStart);
}

function isLowSurrogateAfterHigh(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xdc00 || c > 0xdfff || i === 0) return false;
  const h = s.charCodeAt(i - 1);
  return h >= 0xd800 && h <= 0xdbff;
}

/** Length of body[from, to) in python3's escaped copy (non-ASCII characters count 10). */
function asciiCopyLength(s: string, from: number, to: number): number {
  let len = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    len += c < 128 ? 1 : isLowSurrogateAfterHigh(s, i) ? 0 : 10;
  }
  return len;
}

function unicodeEscapeError(start: number, end: number, reason: string): LiteralError {
  const where = end - start === 1 ? `byte 0x5c in position ${start}` : `bytes in position ${start}-${end - 1}`;
  return new LiteralError(`(unicode error) 'unicodeescape' codec can't decode ${where}: ${reason}`);
}

function isOctal(c: number): boolean {
  return c >= 48 && c <= 55;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * A bytes literal's value; the body must be ASCII (the parser checks, for
 * python3's message and position).
 */
export function decodeBytesLiteral(body: string, raw: boolean): Uint8Array {
  const out: number[] = [];
  const n = body.length;
  for (let i = 0; i < n;) {
    const c = body.charCodeAt(i++);
    if (c !== 92 || raw || i >= n) {
      out.push(c);
      continue;
    }
    const e = body.charCodeAt(i++);
    switch (e) {
      case 10: break;
      case 92: out.push(92); break;
      case 39: out.push(39); break;
      case 34: out.push(34); break;
      case 98: out.push(8); break;
      case 102: out.push(12); break;
      case 116: out.push(9); break;
      case 110: out.push(10); break;
      case 114: out.push(13); break;
      case 118: out.push(11); break;
      case 97: out.push(7); break;
      case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: {
        let v = e - 48;
        for (let k = 0; k < 2 && i < n && isOctal(body.charCodeAt(i)); k++) v = v * 8 + body.charCodeAt(i++) - 48;
        out.push(v & 0xff);
        break;
      }
      case 120: {
        const d1 = i + 1 < n ? hexValue(body.charCodeAt(i)) : -1;
        const d2 = i + 1 < n ? hexValue(body.charCodeAt(i + 1)) : -1;
        if (d1 < 0 || d2 < 0) throw new LiteralError(`(value error) invalid \\x escape at position ${i - 2}`);
        out.push(d1 * 16 + d2);
        i += 2;
        break;
      }
      default:
        out.push(92, e);
    }
  }
  return Uint8Array.from(out);
}
