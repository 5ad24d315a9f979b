// Python 3.11 expressions (Grammar/python.gram, "EXPRESSIONS" to "TARGETS"):
// precedence and associativity as the grammar has them, every display and
// comprehension, calls, slices, lambdas and parameters, literals, and the
// targets of assignments, for loops and del.
//
// Chains that nest without brackets (unary operators, `not`, `**`,
// conditional expressions, lambdas) are parsed with loops rather than
// recursion, so that 10,000 unary minus signs cost no JavaScript stack; their
// depth is still counted as CPython's parser counts it, so that the same
// programs end in python3's MemoryError. Brackets nest at most 200 deep (the
// tokenizer's limit), which bounds the recursion that remains.
import type { Arg, Arguments, CmpOperator, Comprehension, ConstantValue, Expr, Keyword, Operator, UnaryOperator } from './python-ast.ts';
import { exprName, invalidTarget, isValidTarget, setContext, type TargetsKind } from './assignment-targets.ts';
import { FStringBuilder, type FStringHost, type StringToken } from './fstring.ts';
import { FAIL, ParserCore } from './parser-core.ts';
import * as K from './python-tokens.ts';
import { decodeBytesLiteral, decodeStringEscapes, LiteralError, splitStringToken } from './string-literal.ts';
import { undecodableMessage, undecodableRunMessage } from './undecodable-bytes.ts';

const KW_AND = K.kw('and'), KW_OR = K.kw('or'), KW_NOT = K.kw('not'), KW_IN = K.kw('in'), KW_IS = K.kw('is');
const KW_IF = K.kw('if'), KW_ELSE = K.kw('else'), KW_LAMBDA = K.kw('lambda'), KW_AWAIT = K.kw('await');
const KW_FOR = K.kw('for'), KW_ASYNC = K.kw('async'), KW_YIELD = K.kw('yield'), KW_FROM = K.kw('from');
const KW_TRUE = K.kw('True'), KW_FALSE = K.kw('False'), KW_NONE = K.kw('None');

/** Binary operators by token kind: [precedence, operator]. */
const BINARY = new Map<number, [number, Operator]>([
  [K.op('|'), [1, 'BitOr']], [K.op('^'), [2, 'BitXor']], [K.op('&'), [3, 'BitAnd']],
  [K.op('<<'), [4, 'LShift']], [K.op('>>'), [4, 'RShift']],
  [K.op('+'), [5, 'Add']], [K.op('-'), [5, 'Sub']],
  [K.op('*'), [6, 'Mult']], [K.op('/'), [6, 'Div']], [K.op('//'), [6, 'FloorDiv']], [K.op('%'), [6, 'Mod']],
  [K.op('@'), [6, 'MatMult']],
]);
const BINARY_BY_KIND: ([number, Operator] | undefined)[] = [];
for (const [k, v] of BINARY) BINARY_BY_KIND[k] = v;

const COMPARE: ([CmpOperator] | undefined)[] = [];
for (const [text, op] of [['==', 'Eq'], ['!=', 'NotEq'], ['<', 'Lt'], ['<=', 'LtE'], ['>', 'Gt'], ['>=', 'GtE']] as const) {
  COMPARE[K.op(text)] = [op];
}

const UNARY: (UnaryOperator | undefined)[] = [];
UNARY[K.PLUS] = 'UAdd';
UNARY[K.MINUS] = 'USub';
UNARY[K.TILDE] = 'Invert';

/** Tokens that can begin an expression (for optional parts, as `[expression]` tries one). */
const EXPRESSION_START = new Uint8Array(256);
for (const k of [K.NAME, K.NUMBER, K.STRING, K.LPAR, K.LSQB, K.LBRACE, K.MINUS, K.PLUS, K.TILDE, K.ELLIPSIS,
  KW_NOT, KW_LAMBDA, KW_AWAIT, KW_TRUE, KW_FALSE, KW_NONE]) EXPRESSION_START[k] = 1;

type ExprFrame =
  | { lambda: true; s: number; args: Arguments; ifAt: number }
  | { lambda: false; s: number; body: Expr; test: Expr; ifAt: number };

export class ExpressionParser extends ParserCore implements FStringHost {
  // ---- expression lists --------------------------------------------------

  /** star_expressions: one star_expression, or a tuple of them. */
  starExpressions(): Expr {
    const s = this.p;
    const first = this.starExpression();
    if (this.kind() !== K.COMMA) return first;
    const elts = [first];
    while (this.eat(K.COMMA)) {
      if (!this.startsStarExpression(this.kind())) break;
      const at = this.p;
      const e = this.attempt(() => this.starExpression());
      if (e === null) {
        this.p = at;
        break;
      }
      elts.push(e);
    }
    return { kind: 'Tuple', elts, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  protected startsStarExpression(k: number): boolean {
    return EXPRESSION_START[k] === 1 || k === K.STAR;
  }

  protected startsExpression(k: number): boolean {
    return EXPRESSION_START[k] === 1;
  }

  /** star_expression: '*' bitwise_or | expression. */
  starExpression(): Expr {
    if (this.kind() === K.STAR) return this.starredBitwiseOr();
    return this.expression();
  }

  protected starredBitwiseOr(): Expr {
    const s = this.p++;
    const value = this.bitwiseOr();
    return { kind: 'Starred', value, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  /** star_named_expression: '*' bitwise_or | named_expression. */
  starNamedExpression(): Expr {
    if (this.kind() === K.STAR) return this.starredBitwiseOr();
    return this.namedExpression();
  }

  /** named_expression: NAME ':=' expression | expression !':='. */
  namedExpression(): Expr {
    if (this.diagnose) this.checkInvalidNamedExpression();
    if (this.kind() === K.NAME && this.kindAt(1) === K.COLONEQUAL) return this.assignmentExpression();
    const e = this.expression();
    if (this.kind() === K.COLONEQUAL) throw FAIL;
    return e;
  }

  /** assignment_expression: NAME ':=' ~ expression. */
  protected assignmentExpression(): Expr {
    const s = this.p;
    const id = this.nameText(this.p);
    this.p += 2;
    const value = this.expression();
    const target: Expr = { kind: 'Name', id, ctx: 'Store', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[s], end_col_offset: this.EC[s] };
    return { kind: 'NamedExpr', target, value, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  protected tokenSpan(i: number) {
    return { lineno: this.L[i], col_offset: this.C[i], end_lineno: this.EL[i], end_col_offset: this.EC[i] };
  }

  // ---- expression: lambda and conditional chains -------------------------

  /**
   * expression: disjunction ['if' disjunction 'else' expression] | lambdef.
   * As in the PEG grammar, a conditional whose rest does not parse leaves
   * its first part as the expression (`x = a if` parses `x = a`, then stops).
   */
  expression(): Expr {
    if (this.diagnose) this.checkInvalidExpression();
    let frames: ExprFrame[] | null = null;
    let result: Expr;
    try {
      for (;;) {
        const s = this.p;
        // A lambda body or an 'else' branch is an expression of its own: the checks run there too.
        if (this.diagnose && frames !== null) this.checkInvalidExpression();
        if (this.kind() === KW_LAMBDA) {
          this.p++;
          const args = this.kind() === K.COLON ? emptyArguments() : this.parameters(K.COLON, false);
          this.expect(K.COLON);
          (frames ??= []).push({ lambda: true, s, args, ifAt: 0 });
          this.enter(2);
          continue;
        }
        const d = this.disjunction();
        if (this.kind() === KW_IF) {
          const ifAt = this.p++;
          const test = this.attempt(() => {
            const t = this.disjunction();
            if (this.kind() !== KW_ELSE) throw FAIL;
            return t;
          });
          if (test === null) {
            this.p = ifAt;
            result = d;
            break;
          }
          this.p++;
          (frames ??= []).push({ lambda: false, s, body: d, test, ifAt });
          this.enter(1);
          continue;
        }
        result = d;
        break;
      }
    } catch (e) {
      // What follows an 'else' did not parse: the innermost conditional falls back to its first part.
      if (e !== FAIL || frames === null) throw e;
      let f: ExprFrame | undefined;
      while ((f = frames.pop()) !== undefined) {
        this.leave(f.lambda ? 2 : 1);
        if (!f.lambda) break;
      }
      if (f === undefined) throw e;
      this.p = (f as { ifAt: number }).ifAt;
      result = (f as { body: Expr }).body;
    }
    if (frames === null) return result;
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      result = f.lambda
        ? { kind: 'Lambda', args: f.args, body: result, lineno: this.L[f.s], col_offset: this.C[f.s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] }
        : { kind: 'IfExp', test: f.test, body: f.body, orelse: result, lineno: this.L[f.s], col_offset: this.C[f.s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      this.leave(f.lambda ? 2 : 1);
    }
    return result;
  }

  // ---- boolean operators -------------------------------------------------

  disjunction(): Expr {
    const s = this.p;
    const first = this.conjunction();
    if (this.kind() !== KW_OR) return first;
    const values = [first];
    while (this.kind() === KW_OR) {
      const at = this.p++;
      const v = this.attempt(() => this.conjunction());
      if (v === null) {
        this.p = at;
        break;
      }
      values.push(v);
    }
    if (values.length === 1) return first;
    return { kind: 'BoolOp', op: 'Or', values, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  protected conjunction(): Expr {
    const s = this.p;
    const first = this.inversion();
    if (this.kind() !== KW_AND) return first;
    const values = [first];
    while (this.kind() === KW_AND) {
      const at = this.p++;
      const v = this.attempt(() => this.inversion());
      if (v === null) {
        this.p = at;
        break;
      }
      values.push(v);
    }
    if (values.length === 1) return first;
    return { kind: 'BoolOp', op: 'And', values, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  protected inversion(): Expr {
    if (this.kind() !== KW_NOT) return this.comparison();
    const starts: number[] = [];
    while (this.kind() === KW_NOT) {
      starts.push(this.p++);
      this.enter(1);
    }
    let e = this.comparison();
    for (let i = starts.length - 1; i >= 0; i--) e = { kind: 'UnaryOp', op: 'Not', operand: e, lineno: this.L[starts[i]], col_offset: this.C[starts[i]], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    this.leave(starts.length);
    return e;
  }

  // ---- comparison and binary operators -----------------------------------

  protected comparison(): Expr {
    const s = this.p;
    const left = this.bitwiseOr();
    let ops: CmpOperator[] | null = null;
    let comparators: Expr[] | null = null;
    for (;;) {
      const at = this.p;
      const k = this.kind();
      let op: CmpOperator;
      const simple = COMPARE[k];
      if (simple !== undefined) {
        op = simple[0];
        this.p++;
      } else if (k === KW_IN) {
        op = 'In';
        this.p++;
      } else if (k === KW_NOT && this.kindAt(1) === KW_IN) {
        op = 'NotIn';
        this.p += 2;
      } else if (k === KW_IS) {
        if (this.kindAt(1) === KW_NOT) {
          op = 'IsNot';
          this.p += 2;
        } else {
          op = 'Is';
          this.p++;
        }
      } else {
        break;
      }
      const right = this.attempt(() => this.bitwiseOr());
      if (right === null) {
        // The pair does not parse: the comparison ends before its operator.
        this.p = at;
        break;
      }
      (ops ??= []).push(op);
      (comparators ??= []).push(right);
    }
    if (ops === null) return left;
    return { kind: 'Compare', left, ops, comparators: comparators!, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  bitwiseOr(): Expr {
    return this.binary(1);
  }

  /** Binary operators of precedence >= minPrec, all left-associative. */
  protected binary(minPrec: number): Expr {
    const s = this.p;
    let left = this.factor();
    for (;;) {
      const entry = BINARY_BY_KIND[this.kind()];
      if (entry === undefined || entry[0] < minPrec) return left;
      const at = this.p++;
      const level = this.level;
      let right: Expr;
      try {
        right = this.binary(entry[0] + 1);
      } catch (e) {
        // As the left-recursive rule does: the operator is not consumed.
        if (e !== FAIL) throw e;
        this.p = at;
        this.level = level;
        return left;
      }
      left = { kind: 'BinOp', left, op: entry[1], right, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
  }

  /** factor: ('+' | '-' | '~') factor | power; power: await_primary ['**' factor]. */
  protected factor(): Expr {
    const s = this.p;
    if (UNARY[this.kind()] === undefined) {
      const base = this.awaitPrimary();
      if (this.kind() !== K.DOUBLESTAR) return base;
      return this.factorChain(s, base);
    }
    return this.factorChain(s, null);
  }

  /** Prefix operators and right-associative '**', iteratively; `base` is a primary already parsed at s. */
  private factorChain(s0: number, base0: Expr | null): Expr {
    // A '**' frame remembers where its operator is: if what follows does not
    // parse, the power is just its left operand (the PEG alternative `await_primary`).
    const frames: { s: number; unary: UnaryOperator | null; left: Expr | null; opAt: number }[] = [];
    let result: Expr;
    if (base0 !== null) {
      frames.push({ s: s0, unary: null, left: base0, opAt: this.p++ });
      this.enter(2);
    }
    try {
      for (;;) {
        const s = this.p;
        const op = UNARY[this.kind()];
        if (op !== undefined) {
          this.p++;
          frames.push({ s, unary: op, left: null, opAt: s });
          this.enter(1);
          continue;
        }
        const base = this.awaitPrimary();
        if (this.kind() === K.DOUBLESTAR) {
          frames.push({ s, unary: null, left: base, opAt: this.p++ });
          this.enter(2);
          continue;
        }
        result = base;
        break;
      }
    } catch (e) {
      if (e !== FAIL) throw e;
      let f;
      while ((f = frames.pop()) !== undefined) {
        this.leave(f.unary !== null ? 1 : 2);
        if (f.unary === null) break;
      }
      if (f === undefined) throw e;
      this.p = f.opAt;
      result = f.left!;
    }
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      result = f.unary !== null
        ? { kind: 'UnaryOp', op: f.unary, operand: result, lineno: this.L[f.s], col_offset: this.C[f.s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] }
        : { kind: 'BinOp', left: f.left!, op: 'Pow', right: result, lineno: this.L[f.s], col_offset: this.C[f.s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      this.leave(f.unary !== null ? 1 : 2);
    }
    return result;
  }

  // ---- primaries ---------------------------------------------------------

  protected awaitPrimary(): Expr {
    if (this.kind() === KW_AWAIT) {
      const s = this.p++;
      const value = this.primary();
      return { kind: 'Await', value, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
    return this.primary();
  }

  /** primary: atom followed by attribute, call and subscript trailers. */
  primary(): Expr {
    const s = this.p;
    let e = this.atom();
    for (;;) {
      const k = this.kind();
      if (k !== K.DOT && k !== K.LPAR && k !== K.LSQB) return e;
      // A trailer that does not parse is left unconsumed (the rule is left-recursive).
      const at = this.p;
      const level = this.level;
      try {
        e = this.trailer(e, s, k);
      } catch (err) {
        if (err !== FAIL) throw err;
        this.p = at;
        this.level = level;
        return e;
      }
    }
  }

  private trailer(e: Expr, s: number, k: number): Expr {
    if (k === K.DOT) {
      this.p++;
      const attr = this.expectName();
      return { kind: 'Attribute', value: e, attr, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
    if (k === K.LPAR) return this.call(e, s);
    this.p++;
    this.enter(10);
    const slice = this.slices();
    this.expect(K.RSQB);
    this.leave(10);
    return { kind: 'Subscript', value: e, slice, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  /** A call's arguments, or a generator expression as its only argument. */
  protected call(func: Expr, s: number): Expr {
    const open = this.p++;
    this.enter(6);
    if (this.eat(K.RPAR)) {
      this.leave(6);
      return { kind: 'Call', func, args: [], keywords: [], lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
    const first = this.plainArgument();
    if (first !== null && this.atComprehension()) {
      // primary genexp: `f(x for x in y)`, the generator expression spanning the parentheses.
      const generators = this.forIfClauses();
      this.expect(K.RPAR);
      this.leave(6);
      const genexp: Expr = { kind: 'GeneratorExp', elt: first, generators, lineno: this.L[open], col_offset: this.C[open], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      return { kind: 'Call', func, args: [genexp], keywords: [], lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
    const { args, keywords } = this.arguments(first);
    this.expect(K.RPAR);
    this.leave(6);
    return { kind: 'Call', func, args, keywords, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  /** A positional argument that is neither starred nor a keyword (or null when the next one is). */
  private plainArgument(): Expr | null {
    const k = this.kind();
    if (k === K.STAR || k === K.DOUBLESTAR || (k === K.NAME && this.kindAt(1) === K.EQUAL)) return null;
    if (this.diagnose) this.checkInvalidArguments();
    const value = k === K.NAME && this.kindAt(1) === K.COLONEQUAL ? this.assignmentExpression() : this.expression();
    const next = this.kind();
    if (next === K.COLONEQUAL || next === K.EQUAL) throw FAIL;
    return value;
  }

  /**
   * arguments: positional and starred arguments, then keywords mixed with
   * starred ones, then keywords mixed with `**` ones; the closing ')' is left.
   * `first`, when given, is the first positional argument, already parsed.
   */
  arguments(first: Expr | null = null): { args: Expr[]; keywords: Keyword[] } {
    if (this.diagnose && first === null) this.checkInvalidArguments();
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    let sawKeyword = false;
    let sawDoubleStar = false;
    if (first !== null) {
      args.push(first);
      if (!this.eat(K.COMMA) || this.kind() === K.RPAR) return { args, keywords };
    }
    for (;;) {
      const s = this.p;
      const k = this.kind();
      if (k === K.STAR) {
        if (sawDoubleStar) throw FAIL;
        this.p++;
        const value = this.expression();
        args.push({ kind: 'Starred', value, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] });
      } else if (k === K.DOUBLESTAR) {
        this.p++;
        const value = this.expression();
        keywords.push({ kind: 'keyword', arg: null, value, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] });
        sawDoubleStar = true;
      } else if (k === K.NAME && this.kindAt(1) === K.EQUAL) {
        const arg = this.nameText(this.p);
        this.p += 2;
        const value = this.expression();
        keywords.push({ kind: 'keyword', arg, value, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] });
        sawKeyword = true;
      } else {
        if (sawKeyword || sawDoubleStar) throw FAIL;
        const value = k === K.NAME && this.kindAt(1) === K.COLONEQUAL ? this.assignmentExpression() : this.expression();
        const next = this.kind();
        if (next === K.COLONEQUAL || next === K.EQUAL) throw FAIL;
        args.push(value);
      }
      if (!this.eat(K.COMMA)) break;
      if (this.kind() === K.RPAR) break;
    }
    if (this.kind() !== K.RPAR) throw FAIL;
    return { args, keywords };
  }

  // ---- slices ------------------------------------------------------------

  /** slices: slice !',' | ','.(slice | starred_expression)+ [','] (a tuple). */
  protected slices(): Expr {
    const s = this.p;
    const first = this.sliceItem();
    if (this.kind() !== K.COMMA && first.kind !== 'Starred') return first;
    const elts = [first];
    while (this.eat(K.COMMA)) {
      const k = this.kind();
      if (k === K.RSQB) break;
      elts.push(this.sliceItem());
    }
    return { kind: 'Tuple', elts, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  private sliceItem(): Expr {
    const s = this.p;
    if (this.kind() === K.STAR) {
      this.p++;
      const value = this.expression();
      return { kind: 'Starred', value, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
    let lower: Expr | null = null;
    if (this.kind() !== K.COLON) {
      const e = this.namedExpression();
      if (this.kind() !== K.COLON) return e;
      // A slice bound is an expression: an unparenthesized walrus cannot be one.
      if (e.kind === 'NamedExpr' && this.kinds[s] === K.NAME) throw FAIL;
      lower = e;
    }
    this.p++;
    const upper = this.startsExpression(this.kind()) ? this.expression() : null;
    let step: Expr | null = null;
    if (this.eat(K.COLON)) step = this.startsExpression(this.kind()) ? this.expression() : null;
    return { kind: 'Slice', lower, upper, step, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  // ---- atoms -------------------------------------------------------------

  protected atom(): Expr {
    const s = this.p;
    const k = this.kind();
    switch (k) {
      case K.NAME:
        this.p++;
        return { kind: 'Name', id: this.nameText(s), ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[s], end_col_offset: this.EC[s] };
      case K.NUMBER:
        this.p++;
        return { kind: 'Constant', value: this.numberValue(s), kind_: null, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[s], end_col_offset: this.EC[s] };
      case K.STRING:
        return this.strings();
      case K.LPAR:
        return this.parenthesized();
      case K.LSQB:
        return this.listDisplay();
      case K.LBRACE:
        return this.braceDisplay();
      case K.ELLIPSIS:
        this.p++;
        return { kind: 'Constant', value: { ellipsis: true }, kind_: null, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[s], end_col_offset: this.EC[s] };
      case KW_TRUE:
        this.p++;
        return { kind: 'Constant', value: true, kind_: null, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[s], end_col_offset: this.EC[s] };
      case KW_FALSE:
        this.p++;
        return { kind: 'Constant', value: false, kind_: null, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[s], end_col_offset: this.EC[s] };
      case KW_NONE:
        this.p++;
        return { kind: 'Constant', value: null, kind_: null, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[s], end_col_offset: this.EC[s] };
      default:
        throw FAIL;
    }
  }

  /** The value of a NUMBER token: int (bigint), float, or imaginary. */
  private numberValue(i: number): ConstantValue {
    let text = this.t.text(i);
    if (text.indexOf('_') >= 0) text = text.replace(/_/g, '');
    const last = text.charCodeAt(text.length - 1) | 0x20;
    if (last === 106) return { imag: Number(text.slice(0, -1)) }; // 'j'
    const c1 = text.charCodeAt(1) | 0x20;
    if (text.charCodeAt(0) === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) return BigInt(text);
    if (/^[0-9]+$/.test(text)) {
      if (text.length > 4300) {
        this.error(`Exceeds the limit (4300 digits) for integer string conversion: value has ${text.length} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.`, this.L[i], 0);
      }
      return BigInt(text);
    }
    return Number(text);
  }

  /** '(' ... ')': the empty tuple, a group, a tuple, a generator expression or a parenthesized yield. */
  private parenthesized(): Expr {
    const s = this.p++;
    this.enter(10);
    try {
      if (this.eat(K.RPAR)) return { kind: 'Tuple', elts: [], ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      if (this.kind() === KW_YIELD) {
        const y = this.yieldExpr();
        this.expect(K.RPAR);
        return y;
      }
      if (this.diagnose) this.checkInvalidGroup();
      const first = this.starNamedExpression();
      const k = this.kind();
      if (k === K.RPAR) {
        if (first.kind === 'Starred') throw FAIL;
        this.p++;
        return first;
      }
      if (k === K.COMMA) {
        const elts = [first];
        while (this.eat(K.COMMA)) {
          if (this.kind() === K.RPAR) break;
          elts.push(this.starNamedExpression());
        }
        this.expect(K.RPAR);
        return { kind: 'Tuple', elts, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      }
      if (this.atComprehension()) {
        if (first.kind === 'Starred') {
          if (this.diagnose) this.errorAtNode(first, 'iterable unpacking cannot be used in comprehension');
          throw FAIL;
        }
        const generators = this.forIfClauses();
        this.expect(K.RPAR);
        return { kind: 'GeneratorExp', elt: first, generators, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      }
      throw FAIL;
    } finally {
      this.leave(10);
    }
  }

  private listDisplay(): Expr {
    const s = this.p++;
    this.enter(10);
    try {
      if (this.eat(K.RSQB)) return { kind: 'List', elts: [], ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      const first = this.starNamedExpression();
      if (this.atComprehension()) {
        if (first.kind === 'Starred') {
          if (this.diagnose) this.errorAtNode(first, 'iterable unpacking cannot be used in comprehension');
          throw FAIL;
        }
        const generators = this.forIfClauses();
        this.expect(K.RSQB);
        return { kind: 'ListComp', elt: first, generators, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      }
      const elts = [first];
      while (this.eat(K.COMMA)) {
        if (this.kind() === K.RSQB) break;
        elts.push(this.starNamedExpression());
      }
      if (this.diagnose && this.atComprehension()) this.errorRange(first, 'did you forget parentheses around the comprehension target?', elts[elts.length - 1]);
      this.expect(K.RSQB);
      return { kind: 'List', elts, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    } finally {
      this.leave(10);
    }
  }

  /** '{' ... '}': dict, set, dict comprehension or set comprehension. */
  private braceDisplay(): Expr {
    const s = this.p++;
    this.enter(10);
    try {
      if (this.eat(K.RBRACE)) return { kind: 'Dict', keys: [], values: [], lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      const k = this.kind();
      if (k === K.DOUBLESTAR) return this.dictDisplay(s, null, null);
      if (k === K.STAR) return this.setDisplay(s, this.starredBitwiseOr());
      const e = this.namedExpression();
      if (this.kind() === K.COLON) {
        if (e.kind === 'NamedExpr' && this.kinds[s + 1] === K.NAME) throw FAIL;
        this.p++;
        if (this.diagnose && this.kind() === K.STAR) this.errorAtToken(this.p, 'cannot use a starred expression in a dictionary value');
        if (this.diagnose && (this.kind() === K.RBRACE || this.kind() === K.COMMA)) {
          this.errorAtToken(this.p - 1, "expression expected after dictionary key and ':'");
        }
        const value = this.expression();
        if (this.atComprehension()) {
          const generators = this.forIfClauses();
          this.expect(K.RBRACE);
          return { kind: 'DictComp', key: e, value, generators, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
        }
        return this.dictDisplay(s, e, value);
      }
      return this.setDisplay(s, e);
    } finally {
      this.leave(10);
    }
  }

  private dictDisplay(s: number, key: Expr | null, value: Expr | null): Expr {
    const keys: (Expr | null)[] = [];
    const values: Expr[] = [];
    if (value !== null) {
      keys.push(key);
      values.push(value);
      if (!this.eat(K.COMMA)) {
        this.expect(K.RBRACE);
        return { kind: 'Dict', keys, values, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
      }
    }
    while (this.kind() !== K.RBRACE) {
      if (this.eat(K.DOUBLESTAR)) {
        keys.push(null);
        values.push(this.bitwiseOr());
      } else {
        const k = this.expression();
        if (this.kind() !== K.COLON) {
          if (this.diagnose) this.errorAt(k.end_lineno, k.end_col_offset - 1, "':' expected after dictionary key");
          throw FAIL;
        }
        this.p++;
        if (this.diagnose && this.kind() === K.STAR) this.errorAtToken(this.p, 'cannot use a starred expression in a dictionary value');
        if (this.diagnose && (this.kind() === K.RBRACE || this.kind() === K.COMMA)) {
          this.errorAtToken(this.p - 1, "expression expected after dictionary key and ':'");
        }
        keys.push(k);
        values.push(this.expression());
      }
      if (!this.eat(K.COMMA)) break;
    }
    if (this.diagnose && this.atComprehension() && keys.length === 1 && keys[0] === null) {
      this.errorAtToken(s + 1, 'dict unpacking cannot be used in dict comprehension');
    }
    this.expect(K.RBRACE);
    return { kind: 'Dict', keys, values, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  private setDisplay(s: number, first: Expr): Expr {
    if (this.atComprehension()) {
      if (first.kind === 'Starred') {
        if (this.diagnose) this.errorAtNode(first, 'iterable unpacking cannot be used in comprehension');
        throw FAIL;
      }
      const generators = this.forIfClauses();
      this.expect(K.RBRACE);
      return { kind: 'SetComp', elt: first, generators, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
    const elts = [first];
    while (this.eat(K.COMMA)) {
      if (this.kind() === K.RBRACE) break;
      elts.push(this.starNamedExpression());
    }
    if (this.diagnose && this.atComprehension()) this.errorRange(first, 'did you forget parentheses around the comprehension target?', elts[elts.length - 1]);
    this.expect(K.RBRACE);
    return { kind: 'Set', elts, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  // ---- comprehensions ----------------------------------------------------

  protected atComprehension(): boolean {
    const k = this.kind();
    return k === KW_FOR || (k === KW_ASYNC && this.kindAt(1) === KW_FOR);
  }

  /** for_if_clauses: ('async'? 'for' star_targets 'in' ~ disjunction ('if' disjunction)*)+. */
  protected forIfClauses(): Comprehension[] {
    const out: Comprehension[] = [];
    while (this.atComprehension()) {
      const isAsync = this.eat(KW_ASYNC) ? 1 : 0;
      const forToken = this.p++;
      const target = this.attempt(() => {
        const t = this.starTargets();
        if (this.kind() !== KW_IN) throw FAIL;
        return t;
      });
      if (target === null) {
        if (this.diagnose) this.invalidForTarget(forToken + 1);
        throw FAIL;
      }
      this.p++;
      const iter = this.disjunction();
      const ifs: Expr[] = [];
      while (this.eat(KW_IF)) ifs.push(this.disjunction());
      out.push({ kind: 'comprehension', target, iter, ifs, is_async: isAsync });
    }
    return out;
  }

  // ---- yield -------------------------------------------------------------

  /** yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]. */
  yieldExpr(): Expr {
    const s = this.p++;
    if (this.eat(KW_FROM)) {
      const value = this.expression();
      return { kind: 'YieldFrom', value, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
    const value = this.startsStarExpression(this.kind()) ? this.starExpressions() : null;
    return { kind: 'Yield', value, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  // ---- parameters --------------------------------------------------------

  /**
   * The parameters of a def (closer ')', annotations allowed) or a lambda
   * (closer ':'); the closer is left for the caller.
   */
  parameters(closer: number, annotations: boolean): Arguments {
    if (this.diagnose) this.checkInvalidParameters(closer, annotations);
    let args: Arg[] = [];
    let posonlyargs: Arg[] = [];
    const defaults: Expr[] = [];
    const kwonlyargs: Arg[] = [];
    const kwDefaults: (Expr | null)[] = [];
    let vararg: Arg | null = null;
    let kwarg: Arg | null = null;
    let sawSlash = false;
    let sawStar = false;
    let sawDefault = false;
    while (this.kind() !== closer) {
      const k = this.kind();
      if (k === K.SLASH) {
        if (sawSlash || sawStar || args.length === 0) throw FAIL;
        this.p++;
        posonlyargs = args;
        args = [];
        sawSlash = true;
      } else if (k === K.STAR) {
        if (sawStar) throw FAIL;
        this.p++;
        sawStar = true;
        if (this.kind() !== K.COMMA) {
          vararg = this.param(annotations, true);
          if (this.kind() === K.EQUAL) throw FAIL;
        } else {
          const next = this.kindAt(1);
          if (next === closer || next === K.DOUBLESTAR) throw FAIL;
        }
      } else if (k === K.DOUBLESTAR) {
        this.p++;
        kwarg = this.param(annotations, false);
        this.eat(K.COMMA);
        if (this.kind() !== closer) throw FAIL;
        break;
      } else {
        const a = this.param(annotations, false);
        let d: Expr | null = null;
        if (this.eat(K.EQUAL)) d = this.expression();
        if (sawStar) {
          kwonlyargs.push(a);
          kwDefaults.push(d);
        } else {
          if (d !== null) {
            defaults.push(d);
            sawDefault = true;
          } else if (sawDefault) {
            throw FAIL;
          }
          args.push(a);
        }
      }
      if (this.kind() === closer) break;
      this.expect(K.COMMA);
    }
    if (sawStar && vararg === null && kwonlyargs.length === 0) throw FAIL;
    return { kind: 'arguments', posonlyargs, args, vararg, kwonlyargs, kw_defaults: kwDefaults, kwarg, defaults };
  }

  private param(annotations: boolean, starAnnotation: boolean): Arg {
    const s = this.p;
    const arg = this.expectName();
    let annotation: Expr | null = null;
    if (annotations && this.eat(K.COLON)) annotation = starAnnotation ? this.starExpression() : this.expression();
    return { kind: 'arg', arg, annotation, type_comment: null, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  // ---- strings -----------------------------------------------------------

  /** strings: STRING+, concatenated; f-strings make a JoinedStr. */
  protected strings(): Expr {
    const s = this.p;
    while (this.kind() === K.STRING) this.p++;
    const e = this.p - 1;
    const tok = (i: number): StringToken => ({ text: this.t.text(i), lineno: this.L[i], col_offset: this.C[i], end_lineno: this.EL[i], end_col_offset: this.EC[i] });
    const first = tok(s);
    const last = e === s ? first : tok(e);
    const builder = new FStringBuilder(this, first, last);
    let bytes: Uint8Array[] | null = null;
    for (let i = s; i <= e; i++) {
      const t = i === s ? first : i === e ? last : tok(i);
      const parts = splitStringToken(t.text);
      if (i !== s && parts.bytes !== (bytes !== null)) this.errorAtLast('cannot mix bytes and nonbytes literals');
      try {
        if (parts.bytes) {
          if (/[^\x00-\x7f]/.test(parts.body)) this.errorAtToken(i, 'bytes can only contain ASCII literal characters');
          (bytes ??= []).push(decodeBytesLiteral(parts.body, parts.raw));
        } else if (parts.fstring) {
          builder.addFString(t, parts.body, parts.bodyStart, parts.raw);
        } else {
          const undecodable = parts.raw || !parts.body.includes('\\') ? undecodableMessage(parts.body) : undecodableRunMessage(parts.body);
          if (undecodable !== null) throw new LiteralError(undecodable);
          builder.addLiteral(parts.raw ? parts.body : decodeStringEscapes(parts.body));
        }
      } catch (err) {
        if (err instanceof LiteralError) this.errorAtLast(err.message);
        throw err;
      }
    }
    if (bytes !== null) {
      let n = 0;
      for (const b of bytes) n += b.length;
      const value = new Uint8Array(n);
      n = 0;
      for (const b of bytes) {
        value.set(b, n);
        n += b.length;
      }
      return { kind: 'Constant', value: { bytes: value }, kind_: null, lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
    return builder.finish(first, last);
  }

  /** FStringHost: a replacement field's expression, parsed by a parser of its own. */
  parseFieldExpression(source: string, line: number, colShift: number): Expr {
    return this.fieldParser(source, line, colShift);
  }

  /** Set by the module parser (the field parser needs the two-pass driver). */
  protected fieldParser: (source: string, line: number, colShift: number) => Expr = () => {
    throw new Error('f-string field parser not installed');
  };

  fail(message: string): never {
    this.errorAtLast(message);
  }

  // ---- targets -----------------------------------------------------------

  /** star_targets: star_target, or a tuple of them (Store). */
  protected starTargets(): Expr {
    const s = this.p;
    const first = this.starTarget();
    if (this.kind() !== K.COMMA) return first;
    const elts = [first];
    while (this.eat(K.COMMA)) {
      if (!this.startsStarExpression(this.kind())) break;
      elts.push(this.starTarget());
    }
    return { kind: 'Tuple', elts, ctx: 'Store', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  /** star_target: '*' (!'*' star_target) | target_with_star_atom. */
  protected starTarget(): Expr {
    if (this.kind() === K.STAR) {
      const s = this.p++;
      if (this.kind() === K.STAR) throw FAIL;
      this.enter(1);
      const value = this.starTarget();
      this.leave(1);
      return { kind: 'Starred', value, ctx: 'Store', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
    }
    return this.targetAtom('star');
  }

  /**
   * target_with_star_atom / del_target: a primary ending in an attribute or
   * subscript, or a name, or a parenthesized or bracketed target list.
   */
  protected targetAtom(kind: 'star' | 'del'): Expr {
    const e = this.primary();
    const ctx = kind === 'del' ? 'Del' : 'Store';
    if (e.kind === 'Attribute' || e.kind === 'Subscript') {
      // An attribute or subscript is a target whatever it applies to.
      e.ctx = ctx;
      return e;
    }
    if (!isValidTarget(e, kind === 'star')) throw FAIL;
    return setContext(e, ctx);
  }

  /** del_targets: ','.del_target+ [','] (Del). */
  protected delTargets(): Expr[] {
    const out = [this.targetAtom('del')];
    while (this.eat(K.COMMA)) {
      if (!this.startsExpression(this.kind())) break;
      out.push(this.targetAtom('del'));
    }
    return out;
  }

  // ---- diagnose-pass checks (CPython's invalid_* rules) ------------------
  // Each runs only in the second pass, where the grammar tries its rule, and
  // raises python3's message when the construct is there.

  /** RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, msg): reported at a's start. */
  protected errorRange(a: Expr, message: string, _b?: Expr): never {
    this.errorAtNode(a, message);
  }

  protected errorAt(line: number, byteCol: number, message: string): never {
    this.error(message, line, this.offsetOf(line, byteCol));
  }

  /** invalid_expression and invalid_legacy_expression, tried first at every expression. */
  protected checkInvalidExpression(): void {
    const s = this.p;
    const k = this.kind();
    // !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
    const softKeyword = k === K.NAME && (this.isSoftKeyword(s, 'match') || this.isSoftKeyword(s, 'case') || this.isSoftKeyword(s, '_'));
    if (!(k === K.NAME && this.kindAt(1) === K.STRING) && !softKeyword && k !== KW_LAMBDA) {
      const found = this.withoutDiagnose(() => this.attempt(() => {
        const a = this.disjunction();
        if (!this.startsExpression(this.kind())) throw FAIL;
        const b = this.expression();
        return { a, b, lastLevel: this.t.level[this.p - 1] };
      }));
      this.p = s;
      if (found !== null && !isLegacyName(found.a) && found.lastLevel !== 0) {
        this.errorRange(found.a, 'invalid syntax. Perhaps you forgot a comma?', found.b);
      }
    }
    // a=disjunction 'if' b=disjunction !('else'|':')
    const cond = this.withoutDiagnose(() => this.attempt(() => {
      const a = this.disjunction();
      if (!this.eat(KW_IF)) throw FAIL;
      this.disjunction();
      const n = this.kind();
      if (n === KW_ELSE || n === K.COLON) throw FAIL;
      return a;
    }));
    this.p = s;
    if (cond !== null) this.errorRange(cond, "expected 'else' after 'if' expression");
    // invalid_legacy_expression: a=NAME !'(' b=star_expressions
    if (k === K.NAME && this.kindAt(1) !== K.LPAR) {
      const name = this.t.text(s);
      if (name === 'print' || name === 'exec') {
        const b = this.withoutDiagnose(() => this.attempt(() => { this.p++; return this.starExpressions(); }));
        this.p = s;
        if (b !== null) {
          this.errorAtToken(s, `Missing parentheses in call to '${name}'. Did you mean ${name}(...)?`);
        }
      }
    }
  }

  /** invalid_named_expression, tried at every named_expression. */
  protected checkInvalidNamedExpression(): void {
    const s = this.p;
    const k = this.kind();
    // a=expression ':=' expression
    const walrus = this.withoutDiagnose(() => this.attempt(() => {
      const a = this.expression();
      if (!this.eat(K.COLONEQUAL)) throw FAIL;
      this.expression();
      return a;
    }));
    this.p = s;
    // (assignment_expression, NAME ':=', is tried first and is no error)
    if (walrus !== null && !(k === K.NAME && this.kindAt(1) === K.COLONEQUAL)) {
      this.errorAtNode(walrus, `cannot use assignment expressions with ${exprName(walrus)}`);
    }
    // a=NAME '=' b=bitwise_or !('='|':=')
    if (k === K.NAME && this.kindAt(1) === K.EQUAL) {
      const ok = this.withoutDiagnose(() => this.attempt(() => {
        this.p += 2;
        this.bitwiseOr();
        const n = this.kind();
        if (n === K.EQUAL || n === K.COLONEQUAL) throw FAIL;
        return true;
      }));
      this.p = s;
      if (ok) this.errorAtToken(s, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    }
    // !(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or b='=' bitwise_or !('='|':=')
    if (!this.startsWithListTupleGenexpOrSingleton()) {
      const a = this.withoutDiagnose(() => this.attempt(() => {
        const e = this.bitwiseOr();
        if (!this.eat(K.EQUAL)) throw FAIL;
        this.bitwiseOr();
        const n = this.kind();
        if (n === K.EQUAL || n === K.COLONEQUAL) throw FAIL;
        return e;
      }));
      this.p = s;
      if (a !== null) this.errorAtNode(a, `cannot assign to ${exprName(a)} here. Maybe you meant '==' instead of '='?`);
    }
  }

  /** The lookahead !(list|tuple|genexp|'True'|'None'|'False'). */
  private startsWithListTupleGenexpOrSingleton(): boolean {
    const k = this.kind();
    if (k === KW_TRUE || k === KW_NONE || k === KW_FALSE) return true;
    if (k !== K.LSQB && k !== K.LPAR) return false;
    const s = this.p;
    const e = this.withoutDiagnose(() => this.attempt(() => this.atom()));
    this.p = s;
    if (e === null) return false;
    if (k === K.LSQB) return e.kind === 'List';
    // A tuple needs its parentheses to be its own (a group returns what it holds).
    return (e.kind === 'Tuple' || e.kind === 'GeneratorExp') && e.col_offset === this.C[s] && e.lineno === this.L[s];
  }

  /** invalid_arguments and invalid_kwarg. */
  protected checkInvalidArguments(): void {
    const s = this.p;
    // Walk the arguments as the grammar's args would, noting what python3 objects to.
    let sawKeyword = false;
    let sawDoubleStar = false;
    let count = 0;
    for (;;) {
      const a = this.p;
      const k = this.kind();
      if (k === K.RPAR) break;
      if ((k === KW_TRUE || k === KW_FALSE || k === KW_NONE) && this.kindAt(1) === K.EQUAL) {
        this.errorAtToken(a, `cannot assign to ${K.kindName(k)}`);
      }
      if (k === K.STAR) {
        if (sawDoubleStar) this.errorAtToken(a, 'iterable argument unpacking follows keyword argument unpacking');
        this.p++;
        if (this.attempt(() => this.expression()) === null) break;
      } else if (k === K.DOUBLESTAR) {
        this.p++;
        if (this.attempt(() => this.expression()) === null) break;
        sawDoubleStar = true;
      } else if (k === K.NAME && this.kindAt(1) === K.EQUAL) {
        const name = this.p;
        this.p += 2;
        const v = this.attempt(() => this.expression());
        if (v === null) break;
        if (this.atComprehension()) {
          this.errorAtToken(name, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        }
        sawKeyword = true;
      } else {
        const v = this.attempt(() =>
          this.kind() === K.NAME && this.kindAt(1) === K.COLONEQUAL ? this.assignmentExpression() : this.expression());
        if (v === null) break;
        if (this.kind() === K.EQUAL) {
          this.errorAtNode(v, 'expression cannot contain assignment, perhaps you meant "=="?');
        }
        if (this.atComprehension()) {
          const gens = this.attempt(() => this.forIfClauses());
          if (gens !== null && (count > 0 || this.kind() === K.COMMA)) {
            this.errorAtNode(v, 'Generator expression must be parenthesized');
          }
          if (gens === null) break;
        }
        if (sawDoubleStar) this.errorAtLast('positional argument follows keyword argument unpacking');
        if (sawKeyword) this.errorAtLast('positional argument follows keyword argument');
      }
      count++;
      if (!this.eat(K.COMMA)) break;
    }
    this.p = s;
  }

  /** invalid_group: a starred or double-starred expression alone in parentheses. */
  protected checkInvalidGroup(): void {
    const s = this.p;
    if (this.kind() === K.STAR) {
      const e = this.withoutDiagnose(() => this.attempt(() => {
        const st = this.p++;
        const value = this.expression();
        if (this.kind() !== K.RPAR) throw FAIL;
        return { kind: 'Starred', value, ctx: 'Load', lineno: this.L[st], col_offset: this.C[st], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] } as Expr;
      }));
      this.p = s;
      if (e !== null) this.errorAtNode(e, 'cannot use starred expression here');
    } else if (this.kind() === K.DOUBLESTAR) {
      const ok = this.withoutDiagnose(() => this.attempt(() => {
        this.p++;
        this.expression();
        if (this.kind() !== K.RPAR) throw FAIL;
        return true;
      }));
      this.p = s;
      if (ok) this.errorAtToken(s, 'cannot use double starred expression here');
    }
  }

  /** invalid_parameters, invalid_star_etc, invalid_kwds, invalid_default (and their lambda twins). */
  protected checkInvalidParameters(closer: number, annotations: boolean): void {
    const s = this.p;
    let sawSlash = false;
    let sawStar = false;
    let sawDefault = false;
    let sawAny = false;
    let slashAfterDefault = false;
    try {
      while (this.kind() !== closer) {
        const k = this.kind();
        const at = this.p;
        if (k === K.LPAR) {
          const what = closer === K.RPAR ? 'Function parameters' : 'Lambda expression parameters';
          this.errorAtToken(at, `${what} cannot be parenthesized`);
        }
        if (k === K.SLASH) {
          if (at === s) {
            if (this.kindAt(1) === K.COMMA) this.errorAtToken(at, 'at least one argument must precede /');
            return;
          }
          if (sawSlash) this.errorAtToken(at, '/ may appear only once');
          if (sawStar) this.errorAtToken(at, '/ must be ahead of *');
          this.p++;
          sawSlash = true;
          slashAfterDefault = sawDefault;
          if (this.kind() === K.STAR && !this.eat(K.COMMA)) this.errorAtToken(this.p, 'expected comma between / and *');
        } else if (k === K.STAR) {
          if (sawStar) this.errorAtToken(at, '* argument may appear only once');
          this.p++;
          sawStar = true;
          const n = this.kind();
          if (n === closer || (n === K.COMMA && (this.kindAt(1) === closer || this.kindAt(1) === K.DOUBLESTAR))) {
            if (closer === K.COLON) this.errorAtLast('named arguments must follow bare *');
            this.errorAtToken(at, 'named arguments must follow bare *');
          }
          if (n === K.NAME) {
            this.p++;
            if (annotations && this.eat(K.COLON)) this.starExpression();
            if (this.kind() === K.EQUAL) this.errorAtToken(this.p, 'var-positional argument cannot have default value');
          }
        } else if (k === K.DOUBLESTAR) {
          this.p++;
          if (this.kind() !== K.NAME) return;
          this.p++;
          if (annotations && this.eat(K.COLON)) this.expression();
          if (this.kind() === K.EQUAL) this.errorAtToken(this.p, 'var-keyword argument cannot have default value');
          if (this.eat(K.COMMA)) {
            const n = this.kind();
            if (n === K.NAME || n === K.STAR || n === K.DOUBLESTAR || n === K.SLASH) {
              this.errorAtToken(this.p, 'arguments cannot follow var-keyword argument');
            }
          }
          return;
        } else if (k === K.NAME) {
          this.p++;
          sawAny = true;
          if (annotations && this.eat(K.COLON)) this.expression();
          if (this.kind() === K.EQUAL) {
            this.p++;
            if (this.kind() === K.RPAR || this.kind() === K.COMMA) {
              this.errorAtToken(this.p - 1, 'expected default value expression');
            }
            this.expression();
            if (!sawStar) sawDefault = true;
          } else if (sawDefault && !sawStar) {
            this.errorAtToken(at, 'non-default argument follows default argument');
          }
        } else {
          return;
        }
        if (this.kind() === closer) break;
        if (!this.eat(K.COMMA)) return;
      }
    } catch (e) {
      if (e !== FAIL) throw e;
    } finally {
      this.p = s;
    }
    void slashAfterDefault;
  }

  /** invalid_for_target: 'for' star_expressions that is not a valid target. */
  protected invalidForTarget(at: number): void {
    const s = this.p;
    this.p = at;
    const e = this.withoutDiagnose(() => this.attempt(() => this.starExpressions()));
    this.p = s;
    if (e === null) return;
    const bad = invalidTarget(e, 'for');
    if (bad !== null) this.errorAtNode(bad, `cannot assign to ${exprName(bad)}`);
  }

  /** RAISE_SYNTAX_ERROR_INVALID_TARGET. */
  protected raiseInvalidTarget(e: Expr, kind: TargetsKind): void {
    const bad = invalidTarget(e, kind);
    if (bad !== null) this.errorAtNode(bad, kind === 'del' ? `cannot delete ${exprName(bad)}` : `cannot assign to ${exprName(bad)}`);
  }

  /** Runs `rule` with the diagnose checks off (CPython's *_without_invalid rules, and lookaheads). */
  protected withoutDiagnose<T>(rule: () => T): T {
    const d = this.diagnose;
    this.diagnose = false;
    try {
      return rule();
    } finally {
      this.diagnose = d;
    }
  }
}

function isLegacyName(e: Expr): boolean {
  return e.kind === 'Name' && (e.id === 'print' || e.id === 'exec');
}

export function emptyArguments(): Arguments {
  return { kind: 'arguments', posonlyargs: [], args: [], vararg: null, kwonlyargs: [], kw_defaults: [], kwarg: null, defaults: [] };
}
