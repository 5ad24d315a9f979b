// What every part of the Python parser shares: reading tokens, node
// positions, failing, and the two passes python3's parser makes.
//
// Like CPython's PEG parser, parsing is tried once without error rules; a
// program that fails is parsed again in "diagnose" mode, in which the checks
// of CPython's invalid_* grammar rules run where the grammar tries them and
// raise python3's specific message ("expected ':'", "cannot assign to
// literal", ...). Without one, the error is "invalid syntax" at the furthest
// token the first pass looked at, as python3 reports it.
import type { Located } from './python-ast.ts';
import { FrontEndResourceError } from './resource-error.ts';
import { SyntaxErrorAt, type SyntaxErrorClass } from './syntax-error.ts';
import * as K from './python-tokens.ts';
import type { Tokens } from './python-tokenizer.ts';
import { normalizeIdentifier } from './python-identifiers.ts';

/** A rule that did not match (thrown, caught where the grammar has an alternative). */
export const FAIL = { fail: true } as const;
export type Fail = typeof FAIL;

/** Thrown when the parser reads as far as the tokenizer's error. */
export class TokenizerErrorReached {
  constructor(readonly error: SyntaxErrorAt) {}
}

/** CPython's parser stack limit (MAXSTACK): deeper nesting is a MemoryError. */
const MAX_STACK = 6000;

export class ParserCore {
  protected p = 0;
  /** The furthest token index looked at (CPython's p->fill - 1). */
  protected maxFetched = 0;
  /** The second pass: run the invalid_* rules' checks. */
  protected diagnose = false;
  /** Nesting, in CPython's parser levels (approximately): see enter(). */
  protected level: number;
  protected readonly kinds: Uint8Array;
  protected readonly count: number;
  protected readonly L: Int32Array;
  protected readonly C: Int32Array;
  protected readonly EL: Int32Array;
  protected readonly EC: Int32Array;

  constructor(
    protected readonly t: Tokens,
    /** Prefix for error messages ("f-string: " inside f-string expressions). */
    protected readonly messagePrefix = '',
    baseLevel = 32,
    /** In an f-string field: its first line's number less 1, and how far its first line is shifted right. */
    protected readonly field: { lineBase: number; colShift: number } | null = null,
  ) {
    this.kinds = t.kind;
    this.count = t.count;
    this.L = t.line;
    this.C = t.col;
    this.EL = t.endLine;
    this.EC = t.endCol;
    this.level = baseLevel;
  }

  // ---- tokens ------------------------------------------------------------

  /** The kind of the current token. */
  protected kind(): number {
    const p = this.p;
    if (p >= this.count) this.reachTokenizerError();
    if (p > this.maxFetched) this.maxFetched = p;
    return this.kinds[p];
  }

  /** The kind of the token `k` places ahead. */
  protected kindAt(k: number): number {
    const p = this.p + k;
    if (p >= this.count) this.reachTokenizerError();
    if (p > this.maxFetched) this.maxFetched = p;
    return this.kinds[p];
  }

  protected at(kind: number): boolean {
    return this.kind() === kind;
  }

  /** Consumes the current token if it is `kind`. */
  protected eat(kind: number): boolean {
    if (this.kind() !== kind) return false;
    this.p++;
    return true;
  }

  protected expect(kind: number): number {
    if (this.kind() !== kind) throw FAIL;
    return this.p++;
  }

  /** CPython's forced token (&&'x'): a mismatch is an immediate "expected 'x'". */
  protected expectForced(kind: number): number {
    if (this.kind() !== kind) this.errorAtToken(this.p, `expected '${K.kindName(kind)}'`);
    return this.p++;
  }

  protected isName(): boolean {
    return this.kind() === K.NAME;
  }

  /** The identifier of a NAME token. */
  protected nameText(i: number): string {
    return normalizeIdentifier(this.t.text(i));
  }

  protected expectName(): string {
    if (this.kind() !== K.NAME) throw FAIL;
    return this.nameText(this.p++);
  }

  /** Is the token at i the soft keyword `word` (a NAME)? */
  protected isSoftKeyword(i: number, word: string): boolean {
    return this.kinds[i] === K.NAME && this.t.end[i] - this.t.start[i] === word.length && this.t.text(i) === word;
  }

  private reachTokenizerError(): never {
    const e = this.t.error;
    if (e === null) throw new Error('parser read past the end marker');
    if (e.unclosed) {
      throw new TokenizerErrorReached(new SyntaxErrorAt(`'${e.unclosed.char}' was never closed`, e.unclosed.line, e.unclosed.col));
    }
    throw new TokenizerErrorReached(e.error);
  }

  // ---- positions ---------------------------------------------------------

  /** Position from the start of token `s` to the end of the last consumed token. */
  protected span(s: number): Located {
    const e = this.p - 1;
    return { lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[e], end_col_offset: this.EC[e] };
  }

  /** Statement positions end at the last token that is not NEWLINE/INDENT/DEDENT. */
  protected stmtSpan(s: number): Located {
    let e = this.p - 1;
    while (e > s) {
      const k = this.kinds[e];
      if (k !== K.NEWLINE && k !== K.INDENT && k !== K.DEDENT && k !== K.ENDMARKER) break;
      e--;
    }
    return { lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[e], end_col_offset: this.EC[e] };
  }

  // ---- nesting -----------------------------------------------------------

  /** Counts `n` CPython parser levels in; beyond its stack limit python3 stops with MemoryError. */
  protected enter(n: number): void {
    this.level += n;
    if (this.level > MAX_STACK) throw new FrontEndResourceError('MemoryError');
  }

  protected leave(n: number): void {
    this.level -= n;
  }

  // ---- errors ------------------------------------------------------------

  protected error(message: string, line: number, col: number, cls: SyntaxErrorClass = 'SyntaxError'): never {
    throw new SyntaxErrorAt(this.messagePrefix + message, line, col, cls);
  }

  /** 1-based code-point column of byte column `byteCol` on `line` (what SyntaxError.offset holds). */
  protected offsetOf(line: number, byteCol: number): number {
    if (this.field === null) {
      if (byteCol < 0) return 0;
      return this.t.charCol(line, this.t.offsetOfByteCol(line, byteCol));
    }
    // In an f-string field python3 counts in the field's own "(...)" text,
    // taking the first line's shift off every line (so later lines can go negative).
    const { lineBase, colShift } = this.field;
    const rel = line - lineBase;
    if (rel === 1) return this.t.charCol(1, this.t.offsetOfByteCol(1, Math.max(0, byteCol - colShift)));
    return this.t.charCol(rel, this.t.offsetOfByteCol(rel, Math.max(0, byteCol))) - colShift;
  }

  /** RAISE_SYNTAX_ERROR_KNOWN_LOCATION(token): a token without a column (INDENT, DEDENT, ENDMARKER) gives 0. */
  protected errorAtToken(i: number, message: string, cls: SyntaxErrorClass = 'SyntaxError'): never {
    this.error(message, this.L[i], this.C[i] < 0 ? 0 : this.offsetOf(this.L[i], this.C[i]), cls);
  }

  /** RAISE_SYNTAX_ERROR_KNOWN_LOCATION(node). */
  protected errorAtNode(n: Located, message: string, cls: SyntaxErrorClass = 'SyntaxError'): never {
    this.error(message, n.lineno, this.offsetOf(n.lineno, n.col_offset), cls);
  }

  /**
   * RAISE_SYNTAX_ERROR(msg): at the furthest token fetched so far; for a
   * token without a column, where the tokenizer stands on that token's line.
   */
  protected errorAtLast(message: string, cls: SyntaxErrorClass = 'SyntaxError'): never {
    const i = Math.min(this.maxFetched, this.count - 1);
    if (this.C[i] < 0) this.error(message, this.L[i], this.cursorOffset(i), cls);
    this.errorAtToken(i, message, cls);
  }

  /** Code points from the start of token i's line to where the tokenizer stood after it. */
  protected cursorOffset(i: number): number {
    const line = this.field === null ? this.L[i] : this.L[i] - this.field.lineBase;
    return this.t.charCol(line, this.t.start[i]) - 1;
  }

  // ---- backtracking ------------------------------------------------------

  /** Runs `rule`; on FAIL restores the position and returns null. */
  protected attempt<T>(rule: () => T): T | null {
    const p = this.p;
    const level = this.level;
    try {
      return rule();
    } catch (e) {
      if (e !== FAIL) throw e;
      this.p = p;
      this.level = level;
      return null;
    }
  }

  /** Whether `rule` matches here (a lookahead: the position is kept). */
  protected lookahead(rule: () => unknown): boolean {
    const p = this.p;
    const level = this.level;
    try {
      rule();
      return true;
    } catch (e) {
      if (e !== FAIL) throw e;
      return false;
    } finally {
      this.p = p;
      this.level = level;
    }
  }
}
