// The tokenizer of Python 3.11 (CPython's Parser/tokenizer.c, rule for rule):
// names, numbers, strings (f-strings are one STRING token, as in 3.11),
// operators, NEWLINE / INDENT / DEDENT from indentation with CPython's tab
// rules (tab size 8, checked against tab size 1 for TabError), brackets up to
// 200 deep, backslash continuation, comments. Its errors carry python3's
// message and position.
//
// The whole source is tokenized up front into parallel typed arrays (no
// object per token). Tokenizing stops at the first error, which is kept with
// the index it stands at: the parser raises it only if it reads that far, as
// python3's parser, which asks for tokens one at a time, would.
//
// Positions are CPython's: line 1-based, columns in UTF-8 bytes from the start
// of the line (what the AST carries), plus the source offset of each token.
import { SyntaxErrorAt, type SyntaxErrorClass } from './syntax-error.ts';
import * as K from './python-tokens.ts';
import { isIdentifierContinue, isIdentifierStart } from './python-identifiers.ts';
import { firstEscapedByte, undecodableMessage } from './undecodable-bytes.ts';

/** How the parser must treat the tokenizer's error when it reads that far. */
export interface TokenizerError {
  /**
   * A message python3's tokenizer raises itself ("hard"): it also wins over a
   * parser error found earlier in the file, since python3 tokenizes the rest
   * of the source before reporting a syntax error. The other errors
   * (inconsistent dedent, TabError, too deep, a character after `\`, end of
   * file inside brackets) are reported only when the parser reaches them.
   */
  hard: boolean;
  error: SyntaxErrorAt;
  /** End of file with brackets open: the innermost open bracket. */
  unclosed: { char: string; line: number; col: number } | null;
}

const MAX_LEVEL = 200;
const MAX_INDENT = 100;
const TAB_SIZE = 8;

export class Tokens {
  count = 0;
  kind: Uint8Array;
  /** Source offsets (UTF-16 units) of the token's first character and just past its last. */
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  col: Int32Array;
  endLine: Int32Array;
  endCol: Int32Array;
  /** Bracket nesting after the token, as CPython's token->level. */
  level: Uint8Array;
  /** Source offset of each line's first character; lineStarts[0] is line 1. */
  lineStarts: number[] = [0];
  error: TokenizerError | null = null;

  constructor(readonly source: string, capacity: number) {
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.line = new Int32Array(capacity);
    this.col = new Int32Array(capacity);
    this.endLine = new Int32Array(capacity);
    this.endCol = new Int32Array(capacity);
    this.level = new Uint8Array(capacity);
  }

  text(i: number): string {
    return this.source.slice(this.start[i], this.end[i]);
  }

  /** 1-based column in code points of source offset `at` on `line` (SyntaxError.offset). */
  charCol(line: number, at: number): number {
    const from = this.lineStarts[line - 1] ?? 0;
    let col = 1;
    for (let i = from; i < at; i++) {
      const c = this.source.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < at) {
        const d = this.source.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      col++;
    }
    return col;
  }

  /** Source offset of a 0-based byte column on a line. */
  offsetOfByteCol(line: number, byteCol: number): number {
    let i = this.lineStarts[line - 1] ?? 0;
    let bytes = 0;
    while (bytes < byteCol && i < this.source.length) {
      bytes += utf8Length(this.source.charCodeAt(i), this.source.charCodeAt(i + 1));
      i += isPairAt(this.source, i) ? 2 : 1;
    }
    return i;
  }

  /** The text of a line, without its newline. */
  lineText(line: number): string {
    const from = this.lineStarts[line - 1] ?? this.source.length;
    let to = this.source.indexOf('\n', from);
    if (to < 0) to = this.source.length;
    return this.source.slice(from, to);
  }

  grow(): void {
    const cap = this.kind.length * 2;
    const g8 = (a: Uint8Array) => { const b = new Uint8Array(cap); b.set(a); return b; };
    const g32 = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
    this.kind = g8(this.kind);
    this.level = g8(this.level);
    this.start = g32(this.start);
    this.end = g32(this.end);
    this.line = g32(this.line);
    this.col = g32(this.col);
    this.endLine = g32(this.endLine);
    this.endCol = g32(this.endCol);
  }
}

function isPairAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return false;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** UTF-8 length of the character starting with unit c (followed by d). */
function utf8Length(c: number, d: number): number {
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) return 4;
  return 3;
}

export interface TokenizeOptions {
  /** An error to raise where the text ends (a line python3 could not read: see source-decoding.ts). */
  errorAtEnd?: { line: number; message: string } | null;
}

/**
 * Tokenizes `source`, whose newlines must already be '\n' only. A missing
 * final newline is supplied, as python3 does.
 */
export function tokenize(source: string, options: TokenizeOptions = {}): Tokens {
  return new Tokenizer(source, options.errorAtEnd ?? null).run();
}

class Stop extends Error {}

class Tokenizer {
  private readonly src: string;
  private readonly n: number;
  private readonly toks: Tokens;
  private readonly ascii: boolean;
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private atBol = true;
  private blankLine = false;
  private level = 0;
  private readonly parenChar: number[] = [];
  private readonly parenLine: number[] = [];
  /** Source offset of each open bracket (its column is worked out only for an error). */
  private readonly parenAt: number[] = [];
  private readonly indents = [0];
  private readonly altIndents = [0];
  private pendingIndents = 0;
  // Byte-column cursor within the current line (columns are asked for in order).
  private colLine = -1;
  private colAt = 0;
  private colBytes = 0;

  constructor(source: string, private readonly errorAtEnd: { line: number; message: string } | null) {
    // python3 supplies a final newline when the text has none (and none is
    // needed for an empty text); a pending read error stays on its line.
    if (source.length > 0 && source.charCodeAt(source.length - 1) !== 10) source += '\n';
    this.src = source;
    this.n = source.length;
    this.ascii = !/[^\x00-\x7f]/.test(source);
    this.toks = new Tokens(source, Math.max(64, (source.length >> 2) + 16));
  }

  run(): Tokens {
    try {
      for (;;) {
        if (this.next() === K.ENDMARKER) break;
      }
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    }
    return this.toks;
  }

  // ---- positions -------------------------------------------------------

  /** 0-based UTF-8 byte column of source offset `at` on line `line` starting at `lineStart`. */
  private byteCol(line: number, lineStart: number, at: number): number {
    if (this.ascii) return at - lineStart;
    if (line !== this.colLine || at < this.colAt) {
      this.colLine = line;
      this.colAt = lineStart;
      this.colBytes = 0;
    }
    const s = this.src;
    let i = this.colAt;
    let b = this.colBytes;
    while (i < at) {
      const c = s.charCodeAt(i);
      if (c < 0x80) { b++; i++; continue; }
      const len = utf8Length(c, s.charCodeAt(i + 1));
      b += len;
      i += len === 4 ? 2 : 1;
    }
    this.colAt = i;
    this.colBytes = b;
    return b;
  }

  private emit(kind: number, start: number, end: number, line: number, lineStart: number): number {
    const t = this.toks;
    if (t.count === t.kind.length) t.grow();
    const i = t.count++;
    t.kind[i] = kind;
    t.start[i] = start;
    t.end[i] = end;
    t.line[i] = line;
    t.col[i] = this.byteCol(line, lineStart, start);
    t.endLine[i] = this.line;
    t.endCol[i] = this.byteCol(this.line, this.lineStart, end);
    t.level[i] = this.level;
    return kind;
  }

  /**
   * INDENT, DEDENT and ENDMARKER carry no text: CPython gives them column -1,
   * and at the end of the file the last line's number (its tokenizer reads
   * no further line). Their start is where the tokenizer stands, which python3
   * uses for an error reported at them.
   */
  private emitIndentation(kind: number): number {
    const t = this.toks;
    if (t.count === t.kind.length) t.grow();
    const i = t.count++;
    const line = this.pos >= this.n && this.line > 1 && this.n > 0 ? this.line - 1 : this.line;
    t.kind[i] = kind;
    t.start[i] = this.pos;
    t.end[i] = this.pos;
    t.line[i] = line;
    t.col[i] = -1;
    t.endLine[i] = line;
    t.endCol[i] = -1;
    t.level[i] = this.level;
    return kind;
  }

  /** Code points between the start of the current line and source offset `at`. */
  private offsetOf(at: number): number {
    let col = 0;
    for (let i = this.lineStart; i < at; i++) {
      col++;
      if (isPairAt(this.src, i) && i + 1 < at) i++;
    }
    return col;
  }

  private fail(hard: boolean, message: string, line: number, col: number, cls: SyntaxErrorClass = 'SyntaxError',
    unclosed: TokenizerError['unclosed'] = null): never {
    this.toks.error = { hard, error: new SyntaxErrorAt(message, line, col, cls), unclosed };
    throw new Stop();
  }

  /** python3's syntaxerror(tok, ...): the column is the number of characters before `cur`. */
  private failAt(message: string, cur: number): never {
    this.fail(true, message, this.line, this.offsetOf(cur));
  }

  /** End of the text: where a line python3 could not read is reported. */
  private checkEnd(): void {
    if (this.errorAtEnd) this.fail(true, this.errorAtEnd.message, this.errorAtEnd.line, 0);
  }

  private newLine(at: number): void {
    this.line++;
    this.lineStart = at;
    this.toks.lineStarts.push(at);
  }

  // ---- tokens ----------------------------------------------------------

  private next(): number {
    const s = this.src;
    for (;;) {
      if (this.atBol) this.indentation();
      if (this.pendingIndents !== 0) {
        if (this.pendingIndents < 0) {
          this.pendingIndents++;
          return this.emitIndentation(K.DEDENT);
        }
        this.pendingIndents--;
        return this.emitIndentation(K.INDENT);
      }
      let c = s.charCodeAt(this.pos);
      while (c === 32 || c === 9 || c === 12) c = s.charCodeAt(++this.pos);
      const start = this.pos;
      if (c === 35) { // '#': a comment (type comments are ignored)
        let e = s.indexOf('\n', this.pos);
        if (e < 0) e = this.n;
        this.pos = e;
        c = s.charCodeAt(e);
      }
      if (this.pos >= this.n) {
        this.checkEnd();
        if (this.level > 0) {
          const k = this.level - 1;
          const line = this.parenLine[k];
          this.fail(false, 'unexpected EOF while parsing', this.line, 0, 'SyntaxError', {
            char: String.fromCharCode(this.parenChar[k]), line, col: this.toks.charCol(line, this.parenAt[k]),
          });
        }
        return this.emitIndentation(K.ENDMARKER);
      }
      if (isNameStart(c)) return this.nameOrString(start);
      if (c === 10) {
        this.pos++;
        this.atBol = true;
        if (this.blankLine || this.level > 0) {
          this.newLine(this.pos);
          continue;
        }
        // The NEWLINE token is the '\n' itself, with an empty extent.
        const kind = this.emit(K.NEWLINE, start, start, this.line, this.lineStart);
        this.newLine(this.pos);
        return kind;
      }
      this.blankLine = false;
      if (c === 46) { // '.'
        const d = s.charCodeAt(start + 1);
        if (d >= 48 && d <= 57) return this.number(start);
        if (d === 46 && s.charCodeAt(start + 2) === 46) {
          this.pos = start + 3;
          return this.emit(K.ELLIPSIS, start, this.pos, this.line, this.lineStart);
        }
        this.pos = start + 1;
        return this.emit(K.DOT, start, this.pos, this.line, this.lineStart);
      }
      if (c >= 48 && c <= 57) return this.number(start);
      if (c === 34 || c === 39) return this.string(start, start);
      if (c === 92) { // '\\': line continuation
        this.continuation(start);
        continue;
      }
      return this.operator(start, c);
    }
  }

  /** A backslash at `at`: it must end its line, and more must follow. */
  private continuation(at: number): void {
    const s = this.src;
    if (s.charCodeAt(at + 1) !== 10) {
      // CPython points just past the character after the backslash.
      this.fail(false, 'unexpected character after line continuation character', this.line,
        this.offsetOf(Math.min(at + 2, this.n)));
    }
    this.pos = at + 2;
    if (this.pos >= this.n) {
      this.checkEnd();
      // Reported on the backslash's line, just past its end.
      this.fail(false, 'unexpected EOF while parsing', this.line, this.offsetOf(this.pos));
    }
    this.newLine(this.pos);
  }

  /** At the start of a line: measure its indentation and queue INDENT/DEDENT tokens. */
  private indentation(): void {
    this.atBol = false;
    const s = this.src;
    let col = 0;
    let altCol = 0;
    // Indentation cannot be split over lines with backslashes: the column of
    // the first backslash, if not 0, is the line's indentation.
    let contLineCol = 0;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === 32) { col++; altCol++; }
      else if (c === 9) { col = (Math.floor(col / TAB_SIZE) + 1) * TAB_SIZE; altCol++; }
      else if (c === 12) { col = 0; altCol = 0; }
      else if (c === 92) {
        if (contLineCol === 0) contLineCol = col;
        this.continuation(this.pos);
        continue;
      } else break;
      this.pos++;
    }
    const c = s.charCodeAt(this.pos);
    // Lines holding only whitespace or a comment do not count.
    this.blankLine = c === 35 || c === 10;
    if (this.blankLine || this.level > 0) return;
    if (contLineCol !== 0) {
      col = contLineCol;
      altCol = contLineCol;
    }
    if (this.pos >= this.n) {
      // End of file: python3 reads it as an empty line, which closes every block.
      col = 0;
      altCol = 0;
    }
    const ind = this.indents;
    const alt = this.altIndents;
    const top = ind.length - 1;
    if (col === ind[top]) {
      if (altCol !== alt[top]) this.tabError();
    } else if (col > ind[top]) {
      if (ind.length >= MAX_INDENT) this.fail(false, 'too many levels of indentation', this.line, 1, 'IndentationError');
      if (altCol <= alt[top]) this.tabError();
      ind.push(col);
      alt.push(altCol);
      this.pendingIndents++;
    } else {
      while (ind.length > 1 && col < ind[ind.length - 1]) {
        this.pendingIndents--;
        ind.pop();
        alt.pop();
      }
      if (col !== ind[ind.length - 1]) {
        this.fail(false, 'unindent does not match any outer indentation level', this.line,
          this.offsetOf(this.lineEnd()) + 1, 'IndentationError');
      }
      if (altCol !== alt[alt.length - 1]) this.tabError();
    }
  }

  private lineEnd(): number {
    const e = this.src.indexOf('\n', this.pos);
    return e < 0 ? this.n : e;
  }

  private tabError(): never {
    this.fail(false, 'inconsistent use of tabs and spaces in indentation', this.line, 1, 'TabError');
  }

  private nameOrString(start: number): number {
    const s = this.src;
    // String prefixes: b, r, u, f and br, rb, fr, rf in any case (no u with another).
    let sawB = false, sawR = false, sawU = false, sawF = false;
    let c = s.charCodeAt(this.pos);
    for (;;) {
      const l = c | 0x20;
      if (!(sawB || sawU || sawF) && l === 98) sawB = true;
      else if (!(sawB || sawU || sawR || sawF) && l === 117) sawU = true;
      else if (!(sawR || sawU) && l === 114) sawR = true;
      else if (!(sawF || sawB || sawU) && l === 102) sawF = true;
      else break;
      c = s.charCodeAt(++this.pos);
      if (c === 34 || c === 39) return this.string(start, this.pos);
    }
    let nonAscii = false;
    while (isNameChar(c)) {
      if (c >= 128) nonAscii = true;
      c = s.charCodeAt(++this.pos);
    }
    if (nonAscii) this.verifyIdentifier(start, this.pos);
    const kind = K.KEYWORD_KINDS.get(s.slice(start, this.pos)) ?? K.NAME;
    return this.emit(kind, start, this.pos, this.line, this.lineStart);
  }

  private verifyIdentifier(start: number, end: number): void {
    const s = this.src;
    const bad = firstEscapedByte(s.slice(start, end));
    if (bad >= 0) this.failAt(undecodableMessage(s.slice(start, end))!, start + bad + 1);
    for (let i = start; i < end;) {
      const cp = s.codePointAt(i)!;
      const ok = i === start ? cp === 95 || isIdentifierStart(cp) : isIdentifierContinue(cp);
      const width = cp > 0xffff ? 2 : 1;
      if (!ok) {
        const hex = cp.toString(16).toUpperCase().padStart(4, '0');
        const message = isPrintable(cp)
          ? `invalid character '${String.fromCodePoint(cp)}' (U+${hex})`
          : `invalid non-printable character U+${hex}`;
        this.failAt(message, i + width);
      }
      i += width;
    }
  }

  private number(start: number): number {
    const s = this.src;
    let c = s.charCodeAt(this.pos);
    if (c === 46) { // '.5'
      c = s.charCodeAt(++this.pos);
      return this.fraction(start, c);
    }
    if (c === 48) {
      c = s.charCodeAt(++this.pos);
      const l = c | 0x20;
      if (l === 120 || l === 111 || l === 98) { // 0x 0o 0b
        const kindName = l === 120 ? 'hexadecimal' : l === 111 ? 'octal' : 'binary';
        c = s.charCodeAt(++this.pos);
        do {
          if (c === 95) c = s.charCodeAt(++this.pos);
          if (!radixDigit(l, c)) {
            if (l !== 120 && isDecimal(c)) this.failAt(`invalid digit '${String.fromCharCode(c)}' in ${kindName} literal`, this.pos + 1);
            this.failAt(`invalid ${kindName} literal`, this.pos);
          }
          do c = s.charCodeAt(++this.pos); while (radixDigit(l, c));
        } while (c === 95);
        if (l !== 120 && isDecimal(c)) this.failAt(`invalid digit '${String.fromCharCode(c)}' in ${kindName} literal`, this.pos + 1);
        this.verifyEnd(c, kindName);
        return this.emit(K.NUMBER, start, this.pos, this.line, this.lineStart);
      }
      // Zeros: '0', '00', '0_0'; other digits after leading zeros are an error unless a float follows.
      let nonzero = false;
      for (;;) {
        if (c === 95) {
          c = s.charCodeAt(++this.pos);
          if (!isDecimal(c)) this.failAt('invalid decimal literal', this.pos);
        }
        if (c !== 48) break;
        c = s.charCodeAt(++this.pos);
      }
      const zerosEnd = this.pos;
      if (isDecimal(c)) {
        nonzero = true;
        c = this.decimalTail();
      }
      if (c === 46) return this.fraction(start, s.charCodeAt(++this.pos));
      if (c === 101 || c === 69) return this.exponent(start, c);
      if (c === 106 || c === 74) return this.imaginary(start);
      if (nonzero) {
        this.fail(true, 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          this.line, this.offsetOf(start) + 1);
      }
      void zerosEnd;
      this.verifyEnd(c, 'decimal');
      return this.emit(K.NUMBER, start, this.pos, this.line, this.lineStart);
    }
    c = this.decimalTail();
    if (c === 46) return this.fraction(start, s.charCodeAt(++this.pos));
    return this.afterFraction(start, c);
  }

  /** Digits with single underscores between them; returns the character after. */
  private decimalTail(): number {
    const s = this.src;
    let c: number;
    for (;;) {
      do c = s.charCodeAt(++this.pos); while (c >= 48 && c <= 57);
      if (c !== 95) return c;
      c = s.charCodeAt(++this.pos);
      if (!(c >= 48 && c <= 57)) this.failAt('invalid decimal literal', this.pos);
    }
  }

  /** c is the character after the '.'. */
  private fraction(start: number, c: number): number {
    if (c >= 48 && c <= 57) c = this.decimalTail();
    return this.afterFraction(start, c);
  }

  private afterFraction(start: number, c: number): number {
    if (c === 101 || c === 69) return this.exponent(start, c);
    if (c === 106 || c === 74) return this.imaginary(start);
    this.verifyEnd(c, 'decimal');
    return this.emit(K.NUMBER, start, this.pos, this.line, this.lineStart);
  }

  private exponent(start: number, e: number): number {
    const s = this.src;
    const ePos = this.pos;
    let c = s.charCodeAt(++this.pos);
    if (c === 43 || c === 45) {
      c = s.charCodeAt(++this.pos);
      if (!(c >= 48 && c <= 57)) this.failAt('invalid decimal literal', this.pos);
    } else if (!(c >= 48 && c <= 57)) {
      // '1e' followed by something else: the number ends before the 'e'.
      this.pos = ePos;
      this.verifyEnd(e, 'decimal');
      return this.emit(K.NUMBER, start, this.pos, this.line, this.lineStart);
    }
    c = this.decimalTail();
    if (c === 106 || c === 74) return this.imaginary(start);
    this.verifyEnd(c, 'decimal');
    return this.emit(K.NUMBER, start, this.pos, this.line, this.lineStart);
  }

  private imaginary(start: number): number {
    const c = this.src.charCodeAt(++this.pos);
    this.verifyEnd(c, 'imaginary');
    return this.emit(K.NUMBER, start, this.pos, this.line, this.lineStart);
  }

  /**
   * A number directly followed by a name character is an error, except before
   * the keywords that may follow a number in valid code (`1if x else y`),
   * which python3 3.11 still accepts with a warning.
   */
  private verifyEnd(c: number, kind: string): void {
    const s = this.src;
    const p = this.pos;
    // Only ASCII counts here: python3 3.11 reads `1é` as a number and a name.
    if (c >= 128 || !isNameChar(c)) return;
    let keyword = false;
    if (c === 97) keyword = s.startsWith('nd', p + 1);
    else if (c === 101) keyword = s.startsWith('lse', p + 1);
    else if (c === 102) keyword = s.startsWith('or', p + 1);
    else if (c === 105) { const d = s.charCodeAt(p + 1); keyword = d === 102 || d === 110 || d === 115; }
    else if (c === 111) keyword = s.startsWith('r', p + 1);
    else if (c === 110) keyword = s.startsWith('ot', p + 1);
    if (keyword) return;
    if (isNameChar(c)) this.failAt(`invalid ${kind} literal`, p);
  }

  /** A string literal; `quoteAt` is its opening quote (after any prefix). */
  private string(start: number, quoteAt: number): number {
    const s = this.src;
    const quote = s.charCodeAt(quoteAt);
    const firstLine = this.line;
    const firstLineStart = this.lineStart;
    let quoteSize = 1;
    let i = quoteAt + 1;
    if (s.charCodeAt(i) === quote) {
      if (s.charCodeAt(i + 1) === quote) {
        quoteSize = 3;
        i += 2;
      } else {
        // The empty string.
        this.pos = i + 1;
        return this.emit(K.STRING, start, this.pos, firstLine, firstLineStart);
      }
    }
    let endQuotes = 0;
    const n = this.n;
    while (endQuotes !== quoteSize) {
      if (i >= n || (quoteSize === 1 && s.charCodeAt(i) === 10)) {
        if (i >= n) this.checkEnd();
        const detectedAt = i >= n ? this.line - 1 : this.line;
        this.line = firstLine;
        this.lineStart = firstLineStart;
        const message = quoteSize === 3
          ? `unterminated triple-quoted string literal (detected at line ${detectedAt})`
          : `unterminated string literal (detected at line ${detectedAt})`;
        this.fail(true, message, firstLine, this.offsetOf(start) + 1);
      }
      const c = s.charCodeAt(i++);
      if (c === quote) {
        endQuotes++;
        continue;
      }
      endQuotes = 0;
      if (c === 10) {
        this.newLine(i);
      } else if (c === 92) {
        if (i < n) {
          if (s.charCodeAt(i) === 10) this.newLine(i + 1);
          i++;
        }
      }
    }
    this.pos = i;
    return this.emit(K.STRING, start, i, firstLine, firstLineStart);
  }

  private operator(start: number, c: number): number {
    const s = this.src;
    let kind = -1;
    let len = 0;
    const c2 = s.charCodeAt(start + 1);
    if (c < 128 && c2 < 128) {
      const k3 = OPERATOR_3.get((c << 14) | (c2 << 7) | s.charCodeAt(start + 2));
      if (k3 !== undefined) {
        kind = k3;
        len = 3;
      } else if (OPERATOR_2[(c << 7) | c2] !== 0) {
        kind = OPERATOR_2[(c << 7) | c2];
        len = 2;
      }
    }
    if (kind < 0 && c < 128 && OPERATOR_1[c] !== 0) {
      kind = OPERATOR_1[c];
      len = 1;
    }
    if (kind < 0) {
      if (c < 128 && !(c >= 32 && c < 127)) {
        const hex = c.toString(16).toUpperCase().padStart(4, '0');
        this.failAt(`invalid non-printable character U+${hex}`, start + 1);
      }
      this.pos = start + 1;
      return this.emit(K.OP_UNKNOWN, start, this.pos, this.line, this.lineStart);
    }
    const text = K.kindName(kind);
    this.pos = start + len;
    if (c === 40 || c === 91 || c === 123) { // ( [ {
      if (this.level >= MAX_LEVEL) this.failAt('too many nested parentheses', this.pos);
      this.parenChar[this.level] = c;
      this.parenLine[this.level] = this.line;
      this.parenAt[this.level] = start;
      this.level++;
    } else if (c === 41 || c === 93 || c === 125) { // ) ] }
      if (this.level === 0) this.failAt(`unmatched '${text}'`, this.pos);
      this.level--;
      const opening = this.parenChar[this.level];
      if (!((opening === 40 && c === 41) || (opening === 91 && c === 93) || (opening === 123 && c === 125))) {
        const o = String.fromCharCode(opening);
        const openLine = this.parenLine[this.level];
        this.failAt(openLine !== this.line
          ? `closing parenthesis '${text}' does not match opening parenthesis '${o}' on line ${openLine}`
          : `closing parenthesis '${text}' does not match opening parenthesis '${o}'`, this.pos);
      }
    }
    return this.emit(kind, start, this.pos, this.line, this.lineStart);
  }
}

// Operator kinds by character codes (0: none), for the longest match.
const OPERATOR_1 = new Int16Array(128);
const OPERATOR_2 = new Int16Array(128 * 128);
const OPERATOR_3 = new Map<number, number>();
for (const o of K.OPERATORS) {
  const kind = K.op(o);
  const c = o.charCodeAt(0), c2 = o.charCodeAt(1), c3 = o.charCodeAt(2);
  if (o.length === 1) OPERATOR_1[c] = kind;
  else if (o.length === 2) OPERATOR_2[(c << 7) | c2] = kind;
  else OPERATOR_3.set((c << 14) | (c2 << 7) | c3, kind);
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;
}

function isDecimal(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Is c a digit of the base named by l ('x', 'o' or 'b')? */
function radixDigit(l: number, c: number): boolean {
  if (l === 120) return isHexDigit(c);
  if (l === 111) return c >= 48 && c <= 55;
  return c === 48 || c === 49;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Python's str.isprintable for one code point. */
export function isPrintable(cp: number): boolean {
  if (cp === 32) return true;
  return !/[\p{C}\p{Z}]/u.test(String.fromCodePoint(cp));
}
