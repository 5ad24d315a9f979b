// f-strings as python3 3.11 parses them (Parser/string_parser.c): the
// tokenizer gives the whole f-string as one STRING token, and its body is
// split here into literal parts (escapes decoded, `{{`/`}}` undoubled) and
// replacement fields `{expr=!conv:spec}`, each expression parsed on its own
// as "(" + text + ")" at its place in the source.
//
// Positions follow 3.11 exactly, odd as they are: every Constant and
// FormattedValue spans the whole run of concatenated strings; a format spec's
// JoinedStr, and a literal that ends it, span the token they are in; an
// expression has its true position (columns shifted by the token's column only
// on the token's first line).
import type { Expr, Located } from './python-ast.ts';
import { decodeStringEscapes, LiteralError } from './string-literal.ts';
import { undecodableMessage, undecodableRunMessage } from './undecodable-bytes.ts';

export interface FStringHost {
  /**
   * Parses a replacement field's expression. `source` is "(" + text + ")";
   * its first line sits at `line`, shifted right by `colShift` bytes.
   */
  parseFieldExpression(source: string, line: number, colShift: number): Expr;
  /** Raises a SyntaxError where python3 reports f-string errors. */
  fail(message: string): never;
}

/** A token of the concatenation, as the f-string parser needs it. */
export interface StringToken extends Located {
  /** The token's whole text (prefix and quotes included). */
  text: string;
}

/** Accumulates the parts of a run of concatenated string literals. */
export class FStringBuilder {
  /** Whether any f-string is in the run (the result is then a JoinedStr). */
  fmode = false;
  private lastStr: string | null = null;
  private readonly values: Expr[] = [];

  constructor(private readonly host: FStringHost, private readonly first: StringToken, private readonly last: StringToken) {}

  addLiteral(s: string): void {
    if (s.length === 0) return;
    this.lastStr = this.lastStr === null ? s : this.lastStr + s;
  }

  /** Parses one f-string token's body (`body` starts at `bodyStart` in the token's text). */
  addFString(t: StringToken, body: string, bodyStart: number, raw: boolean): void {
    this.fmode = true;
    const cursor = { at: 0 };
    this.concat(t, body, bodyStart, cursor, body.length, raw, 0);
  }

  finish(first: StringToken, last: StringToken): Expr {
    if (!this.fmode) return this.constant(this.lastStr ?? '', first, last);
    if (this.lastStr !== null) {
      this.values.push(this.constant(this.lastStr, first, last));
      this.lastStr = null;
    }
    return { kind: 'JoinedStr', values: this.values, ...span(first, last) };
  }

  private constant(value: string, first: StringToken, last: StringToken): Expr {
    return { kind: 'Constant', value, kind_: first.text.charCodeAt(0) === 117 ? 'u' : null, ...span(first, last) };
  }

  /** _PyPegen_FstringParser_ConcatFstring: literals and fields up to the end (or a '}' when nested). */
  private concat(t: StringToken, body: string, bodyStart: number, cur: { at: number }, end: number, raw: boolean, level: number): void {
    for (;;) {
      const doubled = this.findLiteral(body, cur, end, raw, level);
      if (doubled) continue;
      if (cur.at >= end || body[cur.at] === '}') break;
      // At a '{': a replacement field.
      const field = this.findField(t, body, bodyStart, cur, end, raw, level);
      if (this.lastStr !== null) {
        this.values.push(this.constant(this.lastStr, this.first, this.last));
        this.lastStr = null;
      }
      this.values.push(field);
    }
    if (level === 0 && cur.at < end - 1) this.host.fail('f-string: unexpected end of string');
    if (level !== 0 && body[cur.at] !== '}') this.host.fail("f-string: expecting '}'");
  }

  /**
   * Adds the literal text up to the next single '{' (or '}' when nested).
   * Returns true after a doubled brace (whose one brace ends the literal).
   */
  private findLiteral(body: string, cur: { at: number }, end: number, raw: boolean, level: number): boolean {
    let s = cur.at;
    const start = s;
    let doubled = false;
    while (s < end) {
      let ch = body[s++];
      if (!raw && ch === '\\' && s < end) {
        ch = body[s++];
        if (ch === 'N') {
          // "\N{name}": its braces are not a field.
          if (s < end && body[s++] === '{') {
            while (s < end && body[s++] !== '}') { /* skip the name */ }
          }
          continue;
        }
      }
      if (ch === '{' || ch === '}') {
        if (level === 0) {
          if (s < end && body[s] === ch) {
            cur.at = s + 1;
            doubled = true;
            break;
          }
          if (ch === '}') {
            cur.at = s - 1;
            this.host.fail("f-string: single '}' is not allowed");
          }
        }
        s--;
        break;
      }
    }
    if (!doubled) cur.at = s;
    if (s > start) {
      const text = body.slice(start, s);
      const undecodable = raw ? undecodableMessage(text) : undecodableRunMessage(text);
      if (undecodable !== null) throw new LiteralError(undecodable);
      this.addLiteral(raw ? text : decodeStringEscapes(text));
    }
    return doubled;
  }

  /** fstring_find_expr: one `{...}` field, cur.at at its '{'. */
  private findField(t: StringToken, body: string, bodyStart: number, cur: { at: number }, end: number, raw: boolean, level: number): Expr {
    if (level >= 2) this.host.fail('f-string: expressions nested too deeply');
    const open = cur.at;
    let s = open + 1;
    const exprStart = s;
    let quote = '';
    let tripleQuote = false;
    const parens: string[] = [];
    for (; s < end; s++) {
      const ch = body[s];
      if (ch === '\\') this.host.fail('f-string expression part cannot include a backslash');
      if (quote) {
        if (ch === quote) {
          if (tripleQuote) {
            if (s + 2 < end && body[s + 1] === ch && body[s + 2] === ch) {
              s += 2;
              quote = '';
            }
          } else {
            quote = '';
          }
        }
        continue;
      }
      if (ch === "'" || ch === '"') {
        tripleQuote = s + 2 < end && body[s + 1] === ch && body[s + 2] === ch;
        if (tripleQuote) s += 2;
        quote = ch;
      } else if (ch === '[' || ch === '{' || ch === '(') {
        if (parens.length >= 200) this.host.fail('f-string: too many nested parenthesis');
        parens.push(ch);
      } else if (ch === '#') {
        this.host.fail("f-string expression part cannot include '#'");
      } else if (parens.length === 0 && (ch === '!' || ch === ':' || ch === '}' || ch === '=' || ch === '>' || ch === '<')) {
        if (s + 1 < end) {
          const next = body[s + 1];
          if ((ch === '!' || ch === '=' || ch === '<' || ch === '>') && next === '=') {
            s++;
            continue;
          }
        }
        if (ch === '>' || ch === '<') continue;
        break;
      } else if (ch === ']' || ch === '}' || ch === ')') {
        if (parens.length === 0) this.host.fail(`f-string: unmatched '${ch}'`);
        const opening = parens.pop()!;
        if (!((opening === '(' && ch === ')') || (opening === '[' && ch === ']') || (opening === '{' && ch === '}'))) {
          this.host.fail(`f-string: closing parenthesis '${ch}' does not match opening parenthesis '${opening}'`);
        }
      }
    }
    const exprEnd = s;
    if (quote) this.host.fail('f-string: unterminated string');
    if (parens.length > 0) this.host.fail(`f-string: unmatched '${parens[parens.length - 1]}'`);
    if (s >= end) this.host.fail("f-string: expecting '}'");

    const value = this.compileExpression(t, body, bodyStart, open, exprStart, exprEnd);

    let exprText: string | null = null;
    if (body[s] === '=') {
      s++;
      while (s < end && isSpace(body.charCodeAt(s))) s++;
      if (s >= end) this.host.fail("f-string: expecting '}'");
      exprText = body.slice(exprStart, s);
    }
    let conversion = -1;
    if (body[s] === '!') {
      s++;
      if (s >= end) this.host.fail("f-string: expecting '}'");
      conversion = body.charCodeAt(s);
      s++;
      if (!(conversion === 115 || conversion === 114 || conversion === 97)) {
        this.host.fail("f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
    }
    let formatSpec: Expr | null = null;
    if (s < end && body[s] === ':') {
      s++;
      if (s >= end) this.host.fail("f-string: expecting '}'");
      const inner = new FStringBuilder(this.host, this.first, this.last);
      inner.fmode = true;
      const c2 = { at: s };
      inner.concat(t, body, bodyStart, c2, end, raw, level + 1);
      s = c2.at;
      formatSpec = inner.finish(t, t);
    }
    if (s >= end || body[s] !== '}') this.host.fail("f-string: expecting '}'");
    cur.at = s + 1;
    if (exprText !== null) {
      this.addLiteral(exprText);
      if (formatSpec === null && conversion === -1) conversion = 114;
    }
    return { kind: 'FormattedValue', value, conversion, format_spec: formatSpec, ...span(this.first, this.last) };
  }

  /** fstring_compile_expr: parse "(" + text + ")" placed where the text is. */
  private compileExpression(t: StringToken, body: string, bodyStart: number, open: number, exprStart: number, exprEnd: number): Expr {
    let k = exprStart;
    while (k < exprEnd && (body[k] === ' ' || body[k] === '\t' || body[k] === '\n' || body[k] === '\f')) k++;
    if (k === exprEnd) {
      const c = body[exprEnd];
      if (c === '!' || c === ':' || c === '=') this.host.fail(`f-string: expression required before '${c}'`);
      this.host.fail('f-string: empty expression not allowed');
    }
    // Where the '{' is in the token: lines before it, and its byte column in
    // its line (0 when only whitespace follows it on that line).
    const text = t.text;
    const bracePos = bodyStart + open;
    let lines = 0;
    let lastNewline = -1;
    for (let i = 0; i < bracePos; i++) {
      if (text.charCodeAt(i) === 10) {
        lines++;
        lastNewline = i;
      }
    }
    let newlineAfterBrace = true;
    for (let i = bracePos + 1; i < text.length && text[i] !== '}' && text[i] !== '\n'; i++) {
      const c = text[i];
      if (c !== ' ' && c !== '\t' && c !== '\f') {
        newlineAfterBrace = false;
        break;
      }
    }
    let cols = 0;
    if (!newlineAfterBrace) cols = utf8ByteLength(text, lastNewline + 1, bracePos);
    const colShift = lines !== 0 ? cols : t.col_offset + cols;
    return this.host.parseFieldExpression('(' + body.slice(exprStart, exprEnd) + ')', t.lineno + lines, colShift);
  }
}

function span(first: Located, last: Located): Located {
  return { lineno: first.lineno, col_offset: first.col_offset, end_lineno: last.end_lineno, end_col_offset: last.end_col_offset };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function utf8ByteLength(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n++;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) { n += 4; i++; }
    else n += 3;
  }
  return n;
}
