// Python tokenizer for the VM's subset: names, numbers, strings, operators,
// and the NEWLINE / INDENT / DEDENT tokens that make indentation structure.
import { SyntaxErrorAt } from './syntax-error.ts';

export type TokenKind = 'NAME' | 'INT' | 'FLOAT' | 'STRING' | 'OP' | 'NEWLINE' | 'INDENT' | 'DEDENT' | 'EOF';

export interface Token {
  kind: TokenKind;
  /** Source text for NAME/OP, decoded value for STRING, digits for numbers. */
  text: string;
  line: number;
  col: number; // 1-based
}

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '!=', '==', '<=', '>=', '**', '//', '<<', '>>', '->', '+=', '-=', '*=', '/=', '%=',
  '&=', '|=', '^=', '+', '-', '*', '/', '%', '<', '>', '=', '(', ')', '[', ']', '{', '}', ',', ':', '.', ';',
  '&', '|', '^', '~',
];

const isDigit = (c: string) => c >= '0' && c <= '9';
const isNameStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f';
const isNameChar = (c: string) => isNameStart(c) || isDigit(c);

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const indents = [0];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0; // bracket nesting: newlines and indentation are ignored inside
  let atLineStart = true;
  const n = source.length;
  const col = () => i - lineStart + 1;
  const fail = (msg: string, l = line, c = col()): never => {
    throw new SyntaxErrorAt(msg, l, c);
  };

  while (i < n) {
    if (atLineStart && depth === 0) {
      // Measure indentation; blank and comment-only lines do not count.
      let width = 0;
      let j = i;
      while (j < n && (source[j] === ' ' || source[j] === '\t')) {
        width = source[j] === '\t' ? (Math.floor(width / 8) + 1) * 8 : width + 1;
        j++;
      }
      if (j >= n) { i = j; break; }
      if (source[j] === '\n' || source[j] === '#' || source[j] === '\r') {
        while (j < n && source[j] !== '\n') j++;
        i = j + 1;
        line++;
        lineStart = i;
        continue;
      }
      i = j;
      atLineStart = false;
      const top = indents[indents.length - 1];
      if (width > top) {
        indents.push(width);
        tokens.push({ kind: 'INDENT', text: '', line, col: col() });
      } else if (width < top) {
        while (width < indents[indents.length - 1]) {
          indents.pop();
          tokens.push({ kind: 'DEDENT', text: '', line, col: col() });
        }
        if (width !== indents[indents.length - 1]) fail('unindent does not match any outer indentation level');
      }
    }
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') { i++; continue; }
    if (c === '#') { while (i < n && source[i] !== '\n') i++; continue; }
    if (c === '\\' && source[i + 1] === '\n') { i += 2; line++; lineStart = i; continue; }
    if (c === '\n') {
      if (depth === 0) {
        tokens.push({ kind: 'NEWLINE', text: '', line, col: col() });
        atLineStart = true;
      }
      i++;
      line++;
      lineStart = i;
      continue;
    }
    const startCol = col();
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < n && isNameChar(source[j])) j++;
      const word = source.slice(i, j);
      // String prefixes (r, b, f, u) are not supported except r'' and u''.
      if ((word === 'r' || word === 'u' || word === 'R' || word === 'U') && (source[j] === "'" || source[j] === '"')) {
        i = j;
        tokens.push(readString(word.toLowerCase() === 'r'));
        continue;
      }
      if ((word === 'f' || word === 'b' || word === 'F' || word === 'B') && (source[j] === "'" || source[j] === '"')) {
        fail(`${word}-strings are not supported`);
      }
      tokens.push({ kind: 'NAME', text: word, line, col: startCol });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      tokens.push(readNumber());
      continue;
    }
    if (c === "'" || c === '"') {
      tokens.push(readString(false));
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) fail(`invalid character '${c}' (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
    if (op === '(' || op === '[' || op === '{') depth++;
    if (op === ')' || op === ']' || op === '}') {
      if (depth === 0) fail(`unmatched '${op}'`);
      depth--;
    }
    tokens.push({ kind: 'OP', text: op!, line, col: startCol });
    i += op!.length;
  }
  if (depth > 0) fail("'(' was never closed");
  if (tokens.length > 0 && tokens[tokens.length - 1].kind !== 'NEWLINE' && tokens[tokens.length - 1].kind !== 'DEDENT') {
    tokens.push({ kind: 'NEWLINE', text: '', line, col: col() });
  }
  while (indents.length > 1) {
    indents.pop();
    tokens.push({ kind: 'DEDENT', text: '', line, col: col() });
  }
  tokens.push({ kind: 'EOF', text: '', line, col: col() });
  return tokens;

  function readNumber(): Token {
    const startCol = col();
    let j = i;
    let kind: TokenKind = 'INT';
    let text: string;
    if (source[j] === '0' && /[xXoObB]/.test(source[j + 1] ?? '')) {
      const base = source[j + 1].toLowerCase();
      j += 2;
      const digitOk = base === 'x' ? /[0-9a-fA-F_]/ : base === 'o' ? /[0-7_]/ : /[01_]/;
      while (j < n && digitOk.test(source[j])) j++;
      text = '0' + base + source.slice(i + 2, j).replace(/_/g, '');
      if (text.length === 2) fail('invalid number literal');
    } else {
      while (j < n && (isDigit(source[j]) || source[j] === '_')) j++;
      if (source[j] === '.') {
        kind = 'FLOAT';
        j++;
        while (j < n && (isDigit(source[j]) || source[j] === '_')) j++;
      }
      if (source[j] === 'e' || source[j] === 'E') {
        let k = j + 1;
        if (source[k] === '+' || source[k] === '-') k++;
        if (isDigit(source[k] ?? '')) {
          kind = 'FLOAT';
          j = k;
          while (j < n && isDigit(source[j])) j++;
        }
      }
      text = source.slice(i, j).replace(/_/g, '');
      if (kind === 'INT' && text.length > 1 && text[0] === '0' && /[1-9]/.test(text)) {
        fail('leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', line, startCol);
      }
    }
    if (j < n && (isNameChar(source[j]))) fail('invalid decimal literal', line, startCol);
    i = j;
    return { kind, text, line, col: startCol };
  }

  function readString(raw: boolean): Token {
    const startLine = line;
    const startCol = col();
    const quote = source[i];
    const triple = source.startsWith(quote.repeat(3), i);
    i += triple ? 3 : 1;
    let out = '';
    for (;;) {
      if (i >= n) fail(triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal', startLine, startCol);
      const ch = source[i];
      if (triple ? source.startsWith(quote.repeat(3), i) : ch === quote) {
        i += triple ? 3 : 1;
        break;
      }
      if (ch === '\n') {
        if (!triple) fail('unterminated string literal', startLine, startCol);
        out += ch;
        i++;
        line++;
        lineStart = i;
        continue;
      }
      if (ch === '\\') {
        const e = source[i + 1];
        if (raw) { out += ch + (e ?? ''); i += 2; continue; }
        i += 2;
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case '0': out += '\0'; break;
          case '\\': out += '\\'; break;
          case "'": out += "'"; break;
          case '"': out += '"'; break;
          case 'a': out += '\x07'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'v': out += '\v'; break;
          case '\n': line++; lineStart = i; break;
          case 'x': {
            const hex = source.slice(i, i + 2);
            if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('invalid \\x escape', startLine, startCol);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 2;
            break;
          }
          case 'u': {
            const hex = source.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape', startLine, startCol);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default: out += '\\' + (e ?? '');
        }
        continue;
      }
      out += ch;
      i++;
    }
    return { kind: 'STRING', text: out, line: startLine, col: startCol };
  }
}
