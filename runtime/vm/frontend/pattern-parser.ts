// The patterns of the match statement (PEP 634; Grammar/python.gram, "Match
// statement"): literals, captures, the wildcard, dotted values, groups,
// sequences, mappings, class patterns, `|` alternatives and `as` bindings.
import type { Expr, Pattern } from './python-ast.ts';
import { ExpressionParser } from './expression-parser.ts';
import { FAIL } from './parser-core.ts';
import * as K from './python-tokens.ts';

const KW_NONE = K.kw('None'), KW_TRUE = K.kw('True'), KW_FALSE = K.kw('False'), KW_AS = K.kw('as');

export class PatternParser extends ExpressionParser {
  /** patterns: open_sequence_pattern (a MatchSequence without brackets) | pattern. */
  protected patterns(): Pattern {
    const s = this.p;
    const first = this.maybeStarPattern();
    if (this.kind() !== K.COMMA) {
      if (first.kind === 'MatchStar') throw FAIL;
      return first;
    }
    const patterns = [first];
    while (this.eat(K.COMMA)) {
      const next = this.attempt(() => this.maybeStarPattern());
      if (next === null) break;
      patterns.push(next);
    }
    return { kind: 'MatchSequence', patterns, ...this.spanFrom(s) };
  }

  private spanFrom(s: number) {
    return { lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  /** pattern: or_pattern 'as' pattern_capture_target | or_pattern. */
  protected pattern(): Pattern {
    const s = this.p;
    const or = this.orPattern();
    if (this.kind() !== KW_AS) return or;
    const asAt = this.p++;
    if (this.isCaptureTarget()) {
      const name = this.nameText(this.p++);
      return { kind: 'MatchAs', pattern: or, name, ...this.spanFrom(s) };
    }
    if (this.diagnose) {
      if (this.kind() === K.NAME && this.isSoftKeyword(this.p, '_')) this.errorAtToken(this.p, "cannot use '_' as a target");
      if (this.kind() !== K.NAME) {
        const e = this.withoutDiagnose(() => this.attempt(() => this.expression()));
        if (e !== null) this.errorAtNode(e, 'invalid pattern target');
      }
    }
    this.p = asAt;
    throw FAIL;
  }

  /** pattern_capture_target: !"_" NAME !('.' | '(' | '='). */
  private isCaptureTarget(): boolean {
    if (this.kind() !== K.NAME || this.isSoftKeyword(this.p, '_')) return false;
    const next = this.kindAt(1);
    return next !== K.DOT && next !== K.LPAR && next !== K.EQUAL;
  }

  private orPattern(): Pattern {
    const s = this.p;
    const first = this.closedPattern();
    if (this.kind() !== K.VBAR) return first;
    const patterns = [first];
    while (this.kind() === K.VBAR) {
      const bar = this.p++;
      const next = this.attempt(() => this.closedPattern());
      if (next === null) {
        this.p = bar;
        break;
      }
      patterns.push(next);
    }
    if (patterns.length === 1) return first;
    return { kind: 'MatchOr', patterns, ...this.spanFrom(s) };
  }

  private maybeStarPattern(): Pattern {
    if (this.kind() !== K.STAR) return this.pattern();
    const s = this.p++;
    if (this.kind() === K.NAME && this.isSoftKeyword(this.p, '_')) {
      this.p++;
      return { kind: 'MatchStar', name: null, ...this.spanFrom(s) };
    }
    if (!this.isCaptureTarget()) throw FAIL;
    const name = this.nameText(this.p++);
    return { kind: 'MatchStar', name, ...this.spanFrom(s) };
  }

  private closedPattern(): Pattern {
    const s = this.p;
    const k = this.kind();
    switch (k) {
      case K.NUMBER:
      case K.MINUS: {
        const value = this.literalNumber();
        return { kind: 'MatchValue', value, ...this.spanFrom(s) };
      }
      case K.STRING: {
        const value = this.strings();
        return { kind: 'MatchValue', value, ...this.spanFrom(s) };
      }
      case KW_NONE: case KW_TRUE: case KW_FALSE:
        this.p++;
        return { kind: 'MatchSingleton', value: k === KW_NONE ? null : k === KW_TRUE, ...this.spanFrom(s) };
      case K.NAME: {
        if (this.isCaptureTarget()) {
          const name = this.nameText(this.p++);
          return { kind: 'MatchAs', pattern: null, name, ...this.spanFrom(s) };
        }
        if (this.isSoftKeyword(this.p, '_')) {
          this.p++;
          return { kind: 'MatchAs', pattern: null, name: null, ...this.spanFrom(s) };
        }
        const cls = this.nameOrAttr();
        if (this.kind() === K.LPAR) return this.classPattern(s, cls);
        const next = this.kind();
        if (cls.kind !== 'Attribute' || next === K.DOT || next === K.EQUAL) throw FAIL;
        return { kind: 'MatchValue', value: cls, ...this.spanFrom(s) };
      }
      case K.LPAR: {
        this.p++;
        if (this.eat(K.RPAR)) return { kind: 'MatchSequence', patterns: [], ...this.spanFrom(s) };
        const first = this.maybeStarPattern();
        if (this.kind() === K.RPAR && first.kind !== 'MatchStar') {
          this.p++;
          return first;
        }
        if (this.kind() !== K.COMMA) throw FAIL;
        const patterns = [first];
        while (this.eat(K.COMMA)) {
          if (this.kind() === K.RPAR) break;
          patterns.push(this.maybeStarPattern());
        }
        this.expect(K.RPAR);
        return { kind: 'MatchSequence', patterns, ...this.spanFrom(s) };
      }
      case K.LSQB: {
        this.p++;
        const patterns: Pattern[] = [];
        while (this.kind() !== K.RSQB) {
          patterns.push(this.maybeStarPattern());
          if (!this.eat(K.COMMA)) break;
        }
        this.expect(K.RSQB);
        return { kind: 'MatchSequence', patterns, ...this.spanFrom(s) };
      }
      case K.LBRACE:
        return this.mappingPattern(s);
      default:
        throw FAIL;
    }
  }

  /** signed_number !('+' | '-') | complex_number: a number pattern's value. */
  private literalNumber(): Expr {
    const s = this.p;
    const real = this.signedNumber();
    const k = this.kind();
    if (k !== K.PLUS && k !== K.MINUS) return real;
    this.ensure(real, false);
    this.p++;
    if (this.kind() !== K.NUMBER) throw FAIL;
    const imag = this.atom();
    this.ensure(imag, true);
    return { kind: 'BinOp', left: real, op: k === K.PLUS ? 'Add' : 'Sub', right: imag, ...this.spanFrom(s) };
  }

  private signedNumber(): Expr {
    const s = this.p;
    if (this.eat(K.MINUS)) {
      if (this.kind() !== K.NUMBER) throw FAIL;
      const operand = this.atom();
      return { kind: 'UnaryOp', op: 'USub', operand, ...this.spanFrom(s) };
    }
    if (this.kind() !== K.NUMBER) throw FAIL;
    return this.atom();
  }

  /** _PyPegen_ensure_real / _PyPegen_ensure_imaginary. */
  private ensure(e: Expr, imaginary: boolean): void {
    const c = e.kind === 'UnaryOp' ? e.operand : e;
    const isImag = c.kind === 'Constant' && typeof c.value === 'object' && c.value !== null && 'imag' in c.value;
    if (isImag !== imaginary) {
      this.errorAtNode(c, imaginary ? 'imaginary number required in complex literal' : 'real number required in complex literal');
    }
  }

  /** name_or_attr: NAME ('.' NAME)*. */
  private nameOrAttr(): Expr {
    const s = this.p;
    if (this.kind() !== K.NAME) throw FAIL;
    let e: Expr = { kind: 'Name', id: this.nameText(this.p++), ctx: 'Load', ...this.spanFrom(s) };
    while (this.kind() === K.DOT && this.kindAt(1) === K.NAME) {
      this.p++;
      const attr = this.nameText(this.p++);
      e = { kind: 'Attribute', value: e, attr, ctx: 'Load', ...this.spanFrom(s) };
    }
    return e;
  }

  private classPattern(s: number, cls: Expr): Pattern {
    this.p++;
    const patterns: Pattern[] = [];
    const kwdAttrs: string[] = [];
    const kwdPatterns: Pattern[] = [];
    let misplaced: Pattern[] | null = null;
    while (this.kind() !== K.RPAR) {
      if (this.kind() === K.NAME && this.kindAt(1) === K.EQUAL) {
        kwdAttrs.push(this.nameText(this.p));
        this.p += 2;
        kwdPatterns.push(this.pattern());
      } else {
        const p = this.pattern();
        if (kwdAttrs.length > 0) (misplaced ??= []).push(p);
        else patterns.push(p);
      }
      if (!this.eat(K.COMMA)) break;
    }
    if (misplaced !== null) {
      if (this.diagnose) this.errorAtNode(misplaced[0], 'positional patterns follow keyword patterns');
      throw FAIL;
    }
    this.expect(K.RPAR);
    return { kind: 'MatchClass', cls, patterns, kwd_attrs: kwdAttrs, kwd_patterns: kwdPatterns, ...this.spanFrom(s) };
  }

  private mappingPattern(s: number): Pattern {
    this.p++;
    const keys: Expr[] = [];
    const patterns: Pattern[] = [];
    let rest: string | null = null;
    while (this.kind() !== K.RBRACE) {
      if (this.eat(K.DOUBLESTAR)) {
        if (!this.isCaptureTarget()) throw FAIL;
        rest = this.nameText(this.p++);
        this.eat(K.COMMA);
        break;
      }
      keys.push(this.mappingKey());
      this.expect(K.COLON);
      patterns.push(this.pattern());
      if (!this.eat(K.COMMA)) break;
    }
    this.expect(K.RBRACE);
    return { kind: 'MatchMapping', keys, patterns, rest, ...this.spanFrom(s) };
  }

  /** literal_expr | attr. */
  private mappingKey(): Expr {
    const s = this.p;
    const k = this.kind();
    if (k === K.NUMBER || k === K.MINUS) return this.literalNumber();
    if (k === K.STRING) return this.strings();
    if (k === KW_NONE || k === KW_TRUE || k === KW_FALSE) return this.atom();
    const e = this.nameOrAttr();
    if (e.kind !== 'Attribute') {
      this.p = s;
      throw FAIL;
    }
    return e;
  }
}
