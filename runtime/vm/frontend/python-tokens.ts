// Token kinds of Python 3.11 (Grammar/Tokens), one small integer per kind,
// operator and keyword, so that the parser matches a token with one compare.
// NAME tokens that spell a keyword get the keyword's kind; soft keywords
// (match, case, _) stay NAME.

export const ENDMARKER = 0;
export const NAME = 1;
export const NUMBER = 2;
export const STRING = 3;
export const NEWLINE = 4;
export const INDENT = 5;
export const DEDENT = 6;
/** A character python3's tokenizer passes on as an operator no rule accepts (`$`, `?`, a lone `!`). */
export const OP_UNKNOWN = 7;

/** Operators, longest first within each first character (the tokenizer takes the longest match). */
export const OPERATORS = [
  '(', ')', '[', ']', ':', ',', ';', '+', '-', '*', '/', '|', '&', '<', '>', '=', '.', '%', '{', '}',
  '==', '!=', '<=', '>=', '~', '^', '<<', '>>', '**', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
  '<<=', '>>=', '**=', '//', '//=', '@', '@=', '->', '...', ':=', '<>',
] as const;

export const KEYWORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda',
  'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
] as const;

const FIRST_OPERATOR = 10;
const FIRST_KEYWORD = FIRST_OPERATOR + OPERATORS.length;

export type OperatorText = (typeof OPERATORS)[number];
export type KeywordText = (typeof KEYWORDS)[number];

/** The kind of an operator token. */
export function op(text: OperatorText): number {
  return FIRST_OPERATOR + OPERATORS.indexOf(text);
}

/** The kind of a keyword token. */
export function kw(text: KeywordText): number {
  return FIRST_KEYWORD + KEYWORDS.indexOf(text);
}

export const KEYWORD_KINDS: ReadonlyMap<string, number> = new Map(KEYWORDS.map((k, i) => [k, FIRST_KEYWORD + i]));
export const OPERATOR_KINDS: ReadonlyMap<string, number> = new Map(OPERATORS.map((o, i) => [o, FIRST_OPERATOR + i]));

export function isKeywordKind(kind: number): boolean {
  return kind >= FIRST_KEYWORD && kind < FIRST_KEYWORD + KEYWORDS.length;
}

/** How a token kind reads in messages and tests. */
export function kindName(kind: number): string {
  if (kind >= FIRST_KEYWORD) return KEYWORDS[kind - FIRST_KEYWORD];
  if (kind >= FIRST_OPERATOR) return OPERATORS[kind - FIRST_OPERATOR];
  return ['ENDMARKER', 'NAME', 'NUMBER', 'STRING', 'NEWLINE', 'INDENT', 'DEDENT', 'OP'][kind];
}

// The kinds the tokenizer and parser test most, named once.
export const LPAR = op('('), RPAR = op(')'), LSQB = op('['), RSQB = op(']'), LBRACE = op('{'), RBRACE = op('}');
export const COLON = op(':'), COMMA = op(','), SEMI = op(';'), DOT = op('.'), ELLIPSIS = op('...');
export const EQUAL = op('='), COLONEQUAL = op(':='), RARROW = op('->'), AT = op('@');
export const STAR = op('*'), DOUBLESTAR = op('**'), SLASH = op('/'), VBAR = op('|');
export const PLUS = op('+'), MINUS = op('-'), TILDE = op('~');
export const NOTEQUAL = op('!='), LESSGREATER = op('<>');
