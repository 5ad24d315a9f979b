// Source bytes to text as `python3 file.py` reads them (PEP 263, PEP 3120):
// UTF-8 unless a coding declaration on line 1 or 2 says otherwise, a UTF-8
// BOM skipped, and the errors python3's file reader gives, word for word.
//
// python3 reads a source file line by line as its tokenizer asks for more, so
// an undecodable line or a NUL byte is reported only when the tokenizer gets
// there (an unterminated string on line 1 wins over a bad byte on line 3).
// `text` is therefore the decodable lines before the first bad one, and the
// tokenizer raises `error` when it reaches the end of `text`.

export interface DecodedSource {
  text: string;
  /** The error for the first line that cannot be read, raised at end of `text`. */
  error: { line: number; message: string } | null;
}

/** Decodes a source file's bytes; `filename` goes into python3's messages. */
export function decodeSourceBytes(bytes: Uint8Array, filename: string): DecodedSource {
  let start = 0;
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) start = 3;
  const declared = findCodingDeclaration(bytes, start);
  if (declared !== null) {
    const normal = normalEncodingName(declared);
    if (bom && normal !== 'utf-8') return failAt(1, `encoding problem: ${normal} with BOM`);
    if (normal !== 'utf-8') return decodeDeclared(bytes, start, normal);
  }
  // A BOM sets the encoding as a declaration does (python3 then decodes through the codec).
  return decodeUtf8Lines(bytes, start, filename, declared !== null || bom);
}

/** Text given as a string: only the checks python3's tokenizer makes on its lines. */
export function checkSourceText(text: string): DecodedSource {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul < 0) return { text, error: null };
  return cutAtLineOf(text, nul, 'source code cannot contain null bytes');
}

function failAt(line: number, message: string): DecodedSource {
  return { text: '', error: { line, message } };
}

/** Keeps the lines before the one holding `index` and reports `message` there. */
function cutAtLineOf(text: string, index: number, message: string): DecodedSource {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { text: text.slice(0, lineStart), error: { line, message } };
}

// PEP 263: `#...coding[:=] name` on line 1, or on line 2 when line 1 holds
// only a comment or whitespace.
function findCodingDeclaration(bytes: Uint8Array, start: number): string | null {
  let lineStart = start;
  for (let lineNo = 0; lineNo < 2 && lineStart < bytes.length; lineNo++) {
    let end = lineStart;
    while (end < bytes.length && bytes[end] !== 10 && bytes[end] !== 13) end++;
    const line = latin1(bytes.subarray(lineStart, end));
    const spec = codingSpec(line);
    if (spec !== null) return spec;
    if (!/^[ \t\f]*(#.*)?$/.test(line)) return null;
    lineStart = end + (bytes[end] === 13 && bytes[end + 1] === 10 ? 2 : 1);
  }
  return null;
}

function codingSpec(line: string): string | null {
  const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
  return m ? m[1] : null;
}

/** CPython's get_normal_name: the spellings of utf-8 and latin-1 it knows. */
function normalEncodingName(name: string): string {
  const head = name.slice(0, 12).toLowerCase().replace(/_/g, '-');
  if (head === 'utf-8' || head.startsWith('utf-8-')) return 'utf-8';
  for (const latin of ['latin-1', 'iso-8859-1', 'iso-latin-1']) {
    if (head === latin || head.startsWith(latin + '-')) return 'iso-8859-1';
  }
  return name;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

// Python codec names (as codecs.lookup normalises them) to WHATWG decoder
// labels that decode the same bytes the same way.
const DECODER_LABELS: Record<string, string> = {
  'utf8': 'utf-8', 'u8': 'utf-8', 'utf': 'utf-8', 'cp65001': 'utf-8',
  'cp1250': 'windows-1250', 'cp1251': 'windows-1251', 'cp1252': 'windows-1252', 'cp1253': 'windows-1253',
  'cp1254': 'windows-1254', 'cp1255': 'windows-1255', 'cp1256': 'windows-1256', 'cp1257': 'windows-1257',
  'cp1258': 'windows-1258',
  'iso8859_2': 'iso-8859-2', 'iso8859_3': 'iso-8859-3', 'iso8859_4': 'iso-8859-4', 'iso8859_5': 'iso-8859-5',
  'iso8859_6': 'iso-8859-6', 'iso8859_7': 'iso-8859-7', 'iso8859_8': 'iso-8859-8', 'iso8859_10': 'iso-8859-10',
  'iso8859_13': 'iso-8859-13', 'iso8859_14': 'iso-8859-14', 'iso8859_15': 'iso-8859-15', 'iso8859_16': 'iso-8859-16',
  'koi8_r': 'koi8-r', 'koi8_u': 'koi8-u', 'cp866': 'ibm866',
  'shift_jis': 'shift_jis', 'sjis': 'shift_jis', 'euc_jp': 'euc-jp', 'euc_kr': 'euc-kr',
  'gbk': 'gbk', 'gb18030': 'gb18030', 'big5': 'big5',
};

function pythonCodecKey(name: string): string {
  let key = name.toLowerCase().replace(/[-\s]/g, '_');
  key = key.replace(/^iso_?8859_?(\d+)$/, 'iso8859_$1').replace(/^windows_(\d+)$/, 'cp$1');
  return key;
}

function decodeDeclared(bytes: Uint8Array, start: number, name: string): DecodedSource {
  const key = pythonCodecKey(name);
  const body = bytes.subarray(start);
  let text: string;
  if (key === 'iso_8859_1' || key === 'latin_1' || key === 'latin1' || key === 'l1' || key === 'iso8859_1' || key === 'cp819') {
    text = latin1(body);
  } else if (key === 'ascii' || key === 'us_ascii' || key === '646') {
    if (body.some((b) => b > 0x7f)) return failAt(1, `encoding problem: ${name}`);
    text = latin1(body);
  } else {
    const label = DECODER_LABELS[key];
    if (label === undefined) {
      if (!KNOWN_TO_PYTHON.has(key)) return failAt(1, `encoding problem: ${name}`);
      return failAt(1, `source encoding '${name}' is not supported by this VM (supported: utf-8, latin-1, ascii, cp125x, iso-8859-x, koi8, and the common CJK encodings)`);
    }
    try {
      text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      return failAt(1, `encoding problem: ${name}`);
    }
  }
  return checkSourceText(text);
}

// Other codecs python3 has: named plainly as unsupported rather than unknown.
const KNOWN_TO_PYTHON = new Set([
  'cp437', 'cp850', 'cp852', 'cp855', 'cp857', 'cp858', 'cp860', 'cp861', 'cp862', 'cp863', 'cp865', 'cp869',
  'cp037', 'cp500', 'mac_roman', 'mac_latin2', 'mac_cyrillic', 'mac_greek', 'mac_turkish', 'mac_iceland',
  'utf_16', 'utf_16_le', 'utf_16_be', 'utf_32', 'utf_32_le', 'utf_32_be', 'utf_7', 'hz', 'iso2022_jp',
  'euc_jis_2004', 'shift_jis_2004', 'cp932', 'cp949', 'cp950', 'johab', 'big5hkscs', 'ptcp154', 'tis_620',
]);

/**
 * Checks UTF-8 line by line, as python3's file reader does, stopping at the
 * first line with invalid UTF-8 (surrogates included) or a NUL byte.
 */
function decodeUtf8Lines(bytes: Uint8Array, start: number, filename: string, declared: boolean): DecodedSource {
  let line = 1;
  let lineStart = start;
  let i = start;
  const n = bytes.length;
  let ascii = true;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      if (b === 10 || (b === 13 && bytes[i + 1] !== 10)) {
        line++;
        lineStart = i + 1;
      } else if (b === 0) {
        // python3 checks UTF-8 only up to a line's first NUL (a C string), so
        // the NUL is what it reports, whatever follows on the line.
        return nulAt(bytes, start, lineStart, line, ascii);
      }
      i++;
      continue;
    }
    ascii = false;
    const len = utf8SequenceLength(bytes, i);
    if (len === 0) {
      if (!declared) return badUtf8(bytes, start, lineStart, line, i, filename);
      // Declared UTF-8 is not checked as it is read: see undecodable-bytes.ts.
      return decodeEscapingBadBytes(bytes, start);
    }
    i += len;
  }
  return { text: utf8(bytes, start, n, ascii), error: null };
}

function lineEnd(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && bytes[i] !== 10 && bytes[i] !== 13) i++;
  return i;
}

function nulAt(bytes: Uint8Array, start: number, lineStart: number, line: number, ascii: boolean): DecodedSource {
  return { text: utf8(bytes, start, lineStart, ascii), error: { line, message: 'source code cannot contain null bytes' } };
}

function badUtf8(bytes: Uint8Array, start: number, lineStart: number, line: number, at: number, filename: string): DecodedSource {
  const hex = bytes[at].toString(16).padStart(2, '0');
  const message = `Non-UTF-8 code starting with '\\x${hex}' in file ${filename} on line ${line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details`;
  return { text: utf8(bytes, start, lineStart, false), error: { line, message } };
}

/**
 * Declared UTF-8 with bad bytes: the text with each bad byte escaped
 * (undecodable-bytes.ts), up to the first line with a NUL byte.
 */
function decodeEscapingBadBytes(bytes: Uint8Array, start: number): DecodedSource {
  // A NUL anywhere on a line is seen before the line is decoded.
  let end = bytes.length;
  let error: DecodedSource['error'] = null;
  const nul = bytes.indexOf(0, start);
  if (nul >= 0) {
    let line = 1;
    end = start;
    for (let i = start; i < nul; i++) {
      const b = bytes[i];
      if (b === 10 || (b === 13 && bytes[i + 1] !== 10)) {
        line++;
        end = i + 1;
      }
    }
    error = { line, message: 'source code cannot contain null bytes' };
  }
  let text = '';
  let runStart = start;
  for (let i = start; i < end;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceLength(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    text += new TextDecoder('utf-8').decode(bytes.subarray(runStart, i));
    text += String.fromCharCode(0xdc00 + bytes[i]); // escaped as undecodable-bytes.ts reads it
    runStart = ++i;
  }
  text += new TextDecoder('utf-8').decode(bytes.subarray(runStart, end));
  return { text, error };
}

/**
 * python3's UnicodeDecodeError text for the first bad sequence of `bytes`:
 * its start byte and the continuation bytes that were valid so far.
 */
export function utf8ErrorAt(bytes: Uint8Array): string {
  let at = 0;
  while (at < bytes.length) {
    if (bytes[at] < 0x80) at++;
    else {
      const len = utf8SequenceLength(bytes, at);
      if (len === 0) break;
      at += len;
    }
  }
  const b = bytes[at];
  let reason = 'invalid start byte';
  let span = 1;
  if (b >= 0xc2 && b <= 0xf4) {
    const need = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let k = 0;
    while (k < need - 1 && at + 1 + k < bytes.length) {
      const c = bytes[at + 1 + k];
      if (k === 0 ? c < lo || c > hi : c < 0x80 || c > 0xbf) break;
      k++;
    }
    reason = at + 1 + k === bytes.length ? 'unexpected end of data' : 'invalid continuation byte';
    span = 1 + k;
  }
  return span === 1
    ? `'utf-8' codec can't decode byte 0x${b.toString(16).padStart(2, '0')} in position ${at}: ${reason}`
    : `'utf-8' codec can't decode bytes in position ${at}-${at + span - 1}: ${reason}`;
}

/** Length of the valid UTF-8 sequence at i (no overlongs, surrogates or > U+10FFFF), or 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b >= 0xe1 && b <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

function utf8(bytes: Uint8Array, start: number, end: number, ascii: boolean): string {
  const part = bytes.subarray(start, end);
  return ascii ? latin1(part) : new TextDecoder('utf-8').decode(part);
}
