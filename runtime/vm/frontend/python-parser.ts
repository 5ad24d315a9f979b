// The Python 3.11 parser: source (bytes or text) to CPython's AST
// (python-ast.ts), or a SyntaxErrorAt with python3's error class, message and
// position (or FrontEndResourceError where python3 runs out of parser stack).
//
//   parseModule(source, { filename }) -> Module
//
// Statements are parsed here (Grammar/python.gram, "STATEMENTS"), expressions
// in expression-parser.ts. An invalid program is parsed twice, as python3
// parses it: see parser-core.ts.
import type { Alias, ExceptHandler, Expr, MatchCase, Module, Stmt, WithItem } from './python-ast.ts';
import { exprName, invalidTarget, isValidTarget, setContext } from './assignment-targets.ts';
import { emptyArguments } from './expression-parser.ts';
import { PatternParser } from './pattern-parser.ts';
import { FAIL, TokenizerErrorReached } from './parser-core.ts';
import { tokenize, type Tokens } from './python-tokenizer.ts';
import * as K from './python-tokens.ts';
import { FrontEndResourceError } from './resource-error.ts';
import { isStackOverflow } from '../limits/stack-overflow.ts';
import { checkSourceText, decodeSourceBytes } from './source-decoding.ts';
import { SyntaxErrorAt } from './syntax-error.ts';

export interface ParseOptions {
  /** Named in the messages python3 gives for undecodable source. */
  filename?: string;
}

/** Parses a module (a file's bytes, or text already decoded). */
export function parseModule(source: string | Uint8Array, options: ParseOptions = {}): Module {
  const decoded = typeof source === 'string' ? checkSourceText(source) : decodeSourceBytes(source, options.filename ?? '<unknown>');
  const text = decoded.text.indexOf('\r') >= 0 ? decoded.text.replace(/\r\n?/g, '\n') : decoded.text;
  const tokens = tokenize(text, { errorAtEnd: decoded.error });
  try {
    return runParser(tokens, '', 0, 0, (p) => p.file());
  } catch (e) {
    if (isStackOverflow(e)) {
      // A safety net: nesting is bounded so that this should not happen.
      throw new FrontEndResourceError('MemoryError');
    }
    throw e;
  }
}

const KW = {
  def: K.kw('def'), class: K.kw('class'), if: K.kw('if'), elif: K.kw('elif'), else: K.kw('else'),
  while: K.kw('while'), for: K.kw('for'), in: K.kw('in'), try: K.kw('try'), except: K.kw('except'),
  finally: K.kw('finally'), with: K.kw('with'), as: K.kw('as'), async: K.kw('async'), return: K.kw('return'),
  import: K.kw('import'), from: K.kw('from'), raise: K.kw('raise'), pass: K.kw('pass'), del: K.kw('del'),
  yield: K.kw('yield'), assert: K.kw('assert'), break: K.kw('break'), continue: K.kw('continue'),
  global: K.kw('global'), nonlocal: K.kw('nonlocal'), lambda: K.kw('lambda'),
};

const AUG_OPS = new Map<number, import('./python-ast.ts').Operator>([
  [K.op('+='), 'Add'], [K.op('-='), 'Sub'], [K.op('*='), 'Mult'], [K.op('@='), 'MatMult'], [K.op('/='), 'Div'],
  [K.op('%='), 'Mod'], [K.op('&='), 'BitAnd'], [K.op('|='), 'BitOr'], [K.op('^='), 'BitXor'],
  [K.op('<<='), 'LShift'], [K.op('>>='), 'RShift'], [K.op('**='), 'Pow'], [K.op('//='), 'FloorDiv'],
]);

/**
 * Runs `entry` as python3 runs its parser: a first pass; on failure a second
 * pass with the invalid_* checks; then, for a syntax error, the tokenizer's
 * own errors further on in the source take precedence.
 */
function runParser<T>(tokens: Tokens, prefix: string, lineBase: number, colShift: number, entry: (p: StatementParser) => T): T {
  const make = (diagnose: boolean) => new StatementParser(tokens, prefix, diagnose, lineBase, colShift);
  const first = make(false);
  let error: SyntaxErrorAt;
  let furthest: number;
  try {
    return entry(first);
  } catch (e) {
    if (e instanceof TokenizerErrorReached) throw e.error;
    furthest = first.furthest();
    if (e instanceof SyntaxErrorAt) {
      error = e;
    } else if (e === FAIL) {
      const second = make(true);
      try {
        entry(second);
        error = first.genericError(furthest, second.furthest());
      } catch (e2) {
        if (e2 instanceof TokenizerErrorReached) throw e2.error;
        furthest = Math.max(furthest, second.furthest());
        if (e2 instanceof SyntaxErrorAt) error = e2;
        else if (e2 === FAIL) error = first.genericError(first.furthest(), second.furthest());
        else throw e2;
      }
    } else {
      throw e;
    }
  }
  const te = tokens.error;
  if (te !== null) {
    if (te.hard) throw te.error;
    if (te.unclosed && te.unclosed.line < tokens.line[Math.min(furthest, tokens.count - 1)]) {
      throw new SyntaxErrorAt(`'${te.unclosed.char}' was never closed`, te.unclosed.line, te.unclosed.col);
    }
  }
  throw error;
}

export class StatementParser extends PatternParser {
  constructor(t: Tokens, prefix: string, diagnose: boolean, lineBase = 0, colShift = 0) {
    // CPython's rule levels above an expression statement's operand: a module
    // (33), an f-string's own parser (44); calibrated against python3's MemoryError.
    super(t, prefix, prefix === '' ? 33 : 44, prefix === '' ? null : { lineBase, colShift });
    this.diagnose = diagnose;
    this.fieldParser = (source, line, shift) => parseFieldExpression(source, line, shift);
  }

  furthest(): number {
    return this.maxFetched;
  }

  /** The error for a program no rule explains: python3's _PyPegen_set_syntax_error. */
  genericError(lastFirstPass: number, lastOverall: number): SyntaxErrorAt {
    const k = this.kinds[lastFirstPass];
    this.maxFetched = Math.max(lastFirstPass, lastOverall);
    try {
      if (k === K.INDENT) this.indentationErrorAtLast('unexpected indent');
      if (k === K.DEDENT) this.indentationErrorAtLast('unexpected unindent');
      this.errorAtToken(lastFirstPass, 'invalid syntax');
    } catch (e) {
      if (e instanceof SyntaxErrorAt) return e;
      throw e;
    }
  }

  /** RAISE_INDENTATION_ERROR: at the furthest token. */
  private indentationErrorAtLast(message: string): never {
    this.errorAtLast(message, 'IndentationError');
  }


  // ---- module and blocks ---------------------------------------------------

  file(): Module {
    const body: Stmt[] = [];
    while (this.kind() !== K.ENDMARKER) this.statement(body);
    return { kind: 'Module', body, type_ignores: [] };
  }

  private statement(out: Stmt[]): void {
    const k = this.kind();
    switch (k) {
      case KW.def: case K.AT: out.push(this.decorated()); return;
      case KW.class: out.push(this.classDef([], this.p)); return;
      case KW.if: out.push(this.ifStatement()); return;
      case KW.while: out.push(this.whileStatement()); return;
      case KW.for: out.push(this.forStatement(this.p, false)); return;
      case KW.with: out.push(this.withStatement(this.p, false)); return;
      case KW.try: out.push(this.tryStatement()); return;
      case KW.async: {
        const next = this.kindAt(1);
        if (next === KW.def) { out.push(this.funcDef([], this.p)); return; }
        if (next === KW.for) { out.push(this.forStatement(this.p, true)); return; }
        if (next === KW.with) { out.push(this.withStatement(this.p, true)); return; }
        break;
      }
      case K.NAME:
        if (this.isSoftKeyword(this.p, 'match')) {
          const m = this.matchStatement();
          if (m !== null) {
            out.push(m);
            return;
          }
        }
        break;
    }
    this.simpleStatements(out);
  }

  /** simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE. */
  private simpleStatements(out: Stmt[]): void {
    for (;;) {
      out.push(this.simpleStatement());
      if (!this.eat(K.SEMI)) break;
      if (this.kind() === K.NEWLINE) break;
    }
    this.expect(K.NEWLINE);
  }

  /**
   * block: NEWLINE INDENT statements DEDENT | simple_stmts. A missing indented
   * block is python3's IndentationError naming the statement (`what`) and
   * its line.
   */
  protected block(what: string, headerToken: number, ruleLevels = 6): Stmt[] {
    const body: Stmt[] = [];
    if (this.kind() === K.NEWLINE) {
      if (this.kindAt(1) !== K.INDENT) {
        this.errorAtLastIndentation(`expected an indented block after ${what} on line ${this.L[headerToken]}`);
      }
      this.p += 2;
      // CPython's rule levels from the header's statement to the body's
      // (block, statements, statement, ...), for its MemoryError limit.
      this.enter(ruleLevels);
      while (this.kind() !== K.DEDENT) this.statement(body);
      this.leave(ruleLevels);
      this.p++;
      return body;
    }
    this.simpleStatements(body);
    return body;
  }

  private errorAtLastIndentation(message: string): never {
    this.errorAtLast(message, 'IndentationError');
  }

  /** "expected ':'" where python3's invalid_*_stmt rules see a NEWLINE instead. */
  private expectColon(): void {
    if (this.eat(K.COLON)) return;
    if (this.diagnose && this.kind() === K.NEWLINE) this.errorAtLast("expected ':'");
    throw FAIL;
  }

  // ---- simple statements ---------------------------------------------------

  private simpleStatement(): Stmt {
    const s = this.p;
    switch (this.kind()) {
      case KW.return: {
        this.p++;
        const value = this.startsStarExpression(this.kind()) ? this.starExpressions() : null;
        return { kind: 'Return', value, ...this.stmtSpan(s) };
      }
      case KW.import: return this.importName();
      case KW.from: return this.importFrom();
      case KW.raise: {
        this.p++;
        let exc: Expr | null = null;
        let cause: Expr | null = null;
        if (this.startsExpression(this.kind())) {
          exc = this.expression();
          if (this.eat(KW.from)) cause = this.expression();
        }
        return { kind: 'Raise', exc, cause, ...this.stmtSpan(s) };
      }
      case KW.pass: this.p++; return { kind: 'Pass', ...this.stmtSpan(s) };
      case KW.break: this.p++; return { kind: 'Break', ...this.stmtSpan(s) };
      case KW.continue: this.p++; return { kind: 'Continue', ...this.stmtSpan(s) };
      case KW.del: return this.delStatement();
      case KW.yield: {
        const value = this.yieldExpr();
        if (this.kind() === K.EQUAL) {
          if (this.diagnose) this.errorAtNode(value, 'assignment to yield expression not possible');
          throw FAIL;
        }
        return { kind: 'Expr', value, ...this.stmtSpan(s) };
      }
      case KW.assert: {
        this.p++;
        const test = this.expression();
        const msg = this.eat(K.COMMA) ? this.expression() : null;
        return { kind: 'Assert', test, msg, ...this.stmtSpan(s) };
      }
      case KW.global:
      case KW.nonlocal: {
        const kind = this.kind() === KW.global ? 'Global' : 'Nonlocal';
        this.p++;
        const names = [this.expectName()];
        while (this.eat(K.COMMA)) names.push(this.expectName());
        return { kind, names, ...this.stmtSpan(s) };
      }
      default:
        return this.assignmentOrExpression(s);
    }
  }

  private assignmentOrExpression(s: number): Stmt {
    if (!this.diagnose) return this.assignmentOrExpressionRule(s);
    // python3 tries its invalid_assignment rule only once the valid forms have failed.
    const stmt = this.attempt(() => this.assignmentOrExpressionRule(s));
    if (stmt !== null) return stmt;
    this.checkInvalidAssignment(s);
    throw FAIL;
  }

  private assignmentOrExpressionRule(s: number): Stmt {
    const e = this.starExpressions();
    const k = this.kind();
    if (k === K.COLON) {
      // Annotated: a name, or an attribute or subscript (parenthesized or not).
      if (e.kind !== 'Name' && e.kind !== 'Attribute' && e.kind !== 'Subscript') throw FAIL;
      const simple = e.kind === 'Name' && this.kinds[s] === K.NAME && this.p === s + 1 ? 1 : 0;
      this.p++;
      const annotation = this.expression();
      let value: Expr | null = null;
      if (this.eat(K.EQUAL)) value = this.kind() === KW.yield ? this.yieldExpr() : this.starExpressions();
      return { kind: 'AnnAssign', target: setContext(e, 'Store'), annotation, value, simple, ...this.stmtSpan(s) };
    }
    if (k === K.EQUAL) {
      const targets = [e];
      let value: Expr;
      for (;;) {
        this.p++;
        const v = this.kind() === KW.yield ? this.yieldExpr() : this.starExpressions();
        if (this.kind() !== K.EQUAL) {
          value = v;
          break;
        }
        targets.push(v);
      }
      for (const t of targets) {
        if (!isValidTarget(t, true)) throw FAIL;
        setContext(t, 'Store');
      }
      return { kind: 'Assign', targets, value, type_comment: null, ...this.stmtSpan(s) };
    }
    const op = AUG_OPS.get(k);
    if (op !== undefined) {
      if (e.kind !== 'Name' && e.kind !== 'Attribute' && e.kind !== 'Subscript') throw FAIL;
      this.p++;
      const value = this.kind() === KW.yield ? this.yieldExpr() : this.starExpressions();
      return { kind: 'AugAssign', target: setContext(e, 'Store'), op, value, ...this.stmtSpan(s) };
    }
    return { kind: 'Expr', value: e, ...this.stmtSpan(s) };
  }

  private delStatement(): Stmt {
    const s = this.p++;
    const targets = this.attempt(() => {
      const ts = this.delTargets();
      const k = this.kind();
      if (k !== K.SEMI && k !== K.NEWLINE) throw FAIL;
      return ts;
    });
    if (targets === null) {
      if (this.diagnose) {
        const e = this.withoutDiagnose(() => this.attempt(() => this.starExpressions()));
        if (e !== null) this.raiseInvalidTarget(e, 'del');
      }
      throw FAIL;
    }
    return { kind: 'Delete', targets, ...this.stmtSpan(s) };
  }

  private importName(): Stmt {
    const s = this.p++;
    const names: Alias[] = [];
    do {
      const a = this.p;
      const name = this.dottedName();
      const asname = this.eat(KW.as) ? this.expectName() : null;
      names.push({ kind: 'alias', name, asname, lineno: this.L[a], col_offset: this.C[a], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] });
    } while (this.eat(K.COMMA));
    return { kind: 'Import', names, ...this.stmtSpan(s) };
  }

  private dottedName(): string {
    let name = this.expectName();
    while (this.kind() === K.DOT && this.kindAt(1) === K.NAME) {
      this.p++;
      name += '.' + this.expectName();
    }
    return name;
  }

  private importFrom(): Stmt {
    const s = this.p++;
    let level = 0;
    for (;;) {
      const k = this.kind();
      if (k === K.DOT) level += 1;
      else if (k === K.ELLIPSIS) level += 3;
      else break;
      this.p++;
    }
    const module = this.kind() === K.NAME ? this.dottedName() : null;
    if (module === null && level === 0) throw FAIL;
    this.expect(KW.import);
    const names: Alias[] = [];
    if (this.kind() === K.STAR) {
      const a = this.p++;
      names.push({ kind: 'alias', name: '*', asname: null, lineno: this.L[a], col_offset: this.C[a], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] });
    } else if (this.eat(K.LPAR)) {
      this.importFromNames(names);
      this.eat(K.COMMA);
      this.expect(K.RPAR);
    } else {
      this.importFromNames(names);
      if (this.kind() === K.COMMA) {
        if (this.diagnose && this.kindAt(1) === K.NEWLINE) this.errorAtLast('trailing comma not allowed without surrounding parentheses');
        throw FAIL;
      }
    }
    return { kind: 'ImportFrom', module, names, level, ...this.stmtSpan(s) };
  }

  private importFromNames(out: Alias[]): void {
    for (;;) {
      const a = this.p;
      const name = this.expectName();
      const asname = this.eat(KW.as) ? this.expectName() : null;
      out.push({ kind: 'alias', name, asname, lineno: this.L[a], col_offset: this.C[a], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] });
      if (this.kind() !== K.COMMA || this.kindAt(1) !== K.NAME) break;
      this.p++;
    }
  }

  // ---- compound statements -------------------------------------------------

  /** Decorators, then a function or class definition. */
  private decorated(): Stmt {
    const decorators: Expr[] = [];
    while (this.eat(K.AT)) {
      decorators.push(this.namedExpression());
      this.expect(K.NEWLINE);
    }
    const k = this.kind();
    if (k === KW.class) return this.classDef(decorators, this.p);
    if (k === KW.def || (k === KW.async && this.kindAt(1) === KW.def)) return this.funcDef(decorators, this.p);
    throw FAIL;
  }

  private funcDef(decorators: Expr[], s: number): Stmt {
    const isAsync = this.eat(KW.async);
    const defToken = this.p;
    this.expect(KW.def);
    const name = this.expectName();
    this.expectForced(K.LPAR);
    const args = this.kind() === K.RPAR ? emptyArguments() : this.parameters(K.RPAR, true);
    this.expect(K.RPAR);
    const returns = this.eat(K.RARROW) ? this.expression() : null;
    this.expectForced(K.COLON);
    const body = this.block('function definition', defToken, 7);
    const kind = isAsync ? 'AsyncFunctionDef' : 'FunctionDef';
    return { kind, name, args, body, decorator_list: decorators, returns, type_comment: null, ...this.stmtSpan(s) };
  }

  private classDef(decorators: Expr[], s: number): Stmt {
    this.p++;
    const name = this.expectName();
    let bases: Expr[] = [];
    let keywords: import('./python-ast.ts').Keyword[] = [];
    if (this.eat(K.LPAR)) {
      if (this.kind() !== K.RPAR) {
        const a = this.arguments();
        bases = a.args;
        keywords = a.keywords;
      }
      this.expect(K.RPAR);
    }
    this.expectColon();
    const body = this.block('class definition', s, 7);
    return { kind: 'ClassDef', name, bases, keywords, body, decorator_list: decorators, ...this.stmtSpan(s) };
  }

  /**
   * if / elif chains, built after the whole chain is read (no recursion per
   * elif); CPython's elif_stmt recurses, one parser level per elif.
   */
  private ifStatement(): Stmt {
    const heads: { s: number; test: Expr; body: Stmt[] }[] = [];
    let orelse: Stmt[] = [];
    for (;;) {
      if (heads.length > 0) this.enter(1);
      const s = this.p;
      const word = this.kind() === KW.if ? "'if' statement" : "'elif' statement";
      this.p++;
      const test = this.namedExpression();
      this.expectColon();
      const body = this.block(word, s);
      heads.push({ s, test, body });
      if (this.kind() === KW.elif) continue;
      if (this.kind() === KW.else) orelse = this.elseBlock();
      break;
    }
    this.leave(heads.length - 1);
    let node: Stmt | null = null;
    for (let i = heads.length - 1; i >= 0; i--) {
      const h = heads[i];
      node = { kind: 'If', test: h.test, body: h.body, orelse: node === null ? orelse : [node], ...this.stmtSpan(h.s) };
    }
    return node!;
  }

  private elseBlock(): Stmt[] {
    const s = this.p++;
    this.expectForced(K.COLON);
    return this.block("'else' statement", s, 7);
  }

  private whileStatement(): Stmt {
    const s = this.p++;
    const test = this.namedExpression();
    this.expectColon();
    const body = this.block("'while' statement", s);
    const orelse = this.kind() === KW.else ? this.elseBlock() : [];
    return { kind: 'While', test, body, orelse, ...this.stmtSpan(s) };
  }

  private forStatement(s: number, isAsync: boolean): Stmt {
    if (isAsync) this.p++;
    const forToken = this.p++;
    const target = this.attempt(() => {
      const t = this.starTargets();
      if (this.kind() !== KW.in) throw FAIL;
      return t;
    });
    if (target === null) {
      if (this.diagnose) this.invalidForTarget(forToken + 1);
      throw FAIL;
    }
    this.p++;
    const iter = this.starExpressions();
    this.expectColon();
    const body = this.block("'for' statement", forToken);
    const orelse = this.kind() === KW.else ? this.elseBlock() : [];
    const kind = isAsync ? 'AsyncFor' : 'For';
    return { kind, target, iter, body, orelse, type_comment: null, ...this.stmtSpan(s) };
  }

  private withStatement(s: number, isAsync: boolean): Stmt {
    if (isAsync) this.p++;
    const withToken = this.p++;
    let items: WithItem[] | null = null;
    if (this.kind() === K.LPAR) {
      // 'with' '(' items ','? ')' ':' — else the '(' belongs to the first item's expression.
      items = this.attempt(() => {
        this.p++;
        const list = [this.withItem()];
        while (this.eat(K.COMMA)) {
          if (this.kind() === K.RPAR) break;
          list.push(this.withItem());
        }
        this.expect(K.RPAR);
        if (this.kind() !== K.COLON) throw FAIL;
        return list;
      });
    }
    if (items === null) {
      items = [this.withItem()];
      while (this.eat(K.COMMA)) items.push(this.withItem());
    }
    if (this.diagnose && this.kind() !== K.COLON) this.checkInvalidWith(withToken + 1);
    this.expectColon();
    const body = this.block("'with' statement", withToken);
    const kind = isAsync ? 'AsyncWith' : 'With';
    return { kind, items, body, type_comment: null, ...this.stmtSpan(s) };
  }

  /** invalid_with_stmt: the items (with any 'as' target) then a NEWLINE: "expected ':'". */
  private checkInvalidWith(from: number): void {
    const s = this.p;
    this.p = from;
    const item = () => {
      this.expression();
      if (this.eat(KW.as)) this.starTarget();
    };
    const ok = this.withoutDiagnose(() => this.attempt(() => {
      if (this.eat(K.LPAR)) {
        const items = () => { this.starExpressions(); if (this.eat(KW.as)) this.starTarget(); };
        items();
        while (this.eat(K.COMMA) && this.kind() !== K.RPAR) items();
        this.expect(K.RPAR);
        if (this.kind() === K.NEWLINE) return true;
        throw FAIL;
      }
      throw FAIL;
    }) ?? this.attempt(() => {
      item();
      while (this.eat(K.COMMA)) item();
      if (this.kind() !== K.NEWLINE) throw FAIL;
      return true;
    }));
    this.p = s;
    if (ok) this.errorAtLast("expected ':'");
  }

  /** with_item: expression 'as' star_target &(',' | ')' | ':') | expression. */
  private withItem(): WithItem {
    const contextExpr = this.expression();
    if (this.kind() === KW.as) {
      const save = this.p;
      this.p++;
      const target = this.attempt(() => {
        const t = this.starTarget();
        const k = this.kind();
        if (k !== K.COMMA && k !== K.RPAR && k !== K.COLON) throw FAIL;
        return t;
      });
      if (target !== null) return { kind: 'withitem', context_expr: contextExpr, optional_vars: target };
      if (this.diagnose) {
        const e = this.withoutDiagnose(() => this.attempt(() => this.expression()));
        const k = this.kind();
        if (e !== null && (k === K.COMMA || k === K.RPAR || k === K.COLON)) this.raiseInvalidTarget(e, 'star');
      }
      this.p = save;
    }
    return { kind: 'withitem', context_expr: contextExpr, optional_vars: null };
  }

  private tryStatement(): Stmt {
    const s = this.p++;
    this.expectForced(K.COLON);
    const body = this.block("'try' statement", s);
    const handlers: ExceptHandler[] = [];
    let star: boolean | null = null;
    while (this.kind() === KW.except) {
      const h = this.p;
      const isStar = this.kindAt(1) === K.STAR;
      if (star !== null && star !== isStar) {
        if (this.diagnose) this.mixedExceptError(h, isStar);
        throw FAIL;
      }
      star = isStar;
      handlers.push(this.exceptBlock(isStar));
    }
    const orelse = handlers.length > 0 && this.kind() === KW.else ? this.elseBlock() : [];
    let finalbody: Stmt[] = [];
    if (this.kind() === K.kw('finally')) {
      const f = this.p++;
      this.expectForced(K.COLON);
      finalbody = this.block("'finally' statement", f, 7);
    } else if (handlers.length === 0) {
      if (this.diagnose) this.errorAtLast("expected 'except' or 'finally' block");
      throw FAIL;
    }
    const kind = star ? 'TryStar' : 'Try';
    return { kind, body, handlers, orelse, finalbody, ...this.stmtSpan(s) };
  }

  private mixedExceptError(h: number, isStar: boolean): never {
    if (isStar) {
      this.errorAtToken(h, "cannot have both 'except' and 'except*' on the same 'try'");
    }
    this.errorAtToken(h, "cannot have both 'except' and 'except*' on the same 'try'");
  }

  private exceptBlock(isStar: boolean): ExceptHandler {
    const s = this.p++;
    if (isStar) this.p++;
    let type: Expr | null = null;
    let name: string | null = null;
    if (this.kind() !== K.COLON || isStar) {
      if (isStar && (this.kind() === K.COLON || this.kind() === K.NEWLINE)) {
        if (this.diagnose) this.errorAtLast('expected one or more exception types');
        throw FAIL;
      }
      if (this.kind() === K.NEWLINE) {
        if (this.diagnose) this.errorAtLast("expected ':'");
        throw FAIL;
      }
      type = this.expression();
      if (this.diagnose && this.kind() === K.COMMA) {
        this.errorAtNode(type, 'multiple exception types must be parenthesized');
      }
      if (this.eat(KW.as)) name = this.expectName();
    }
    this.expectColon();
    const body = this.block(isStar ? "'except*' statement" : "'except' statement", s, 8);
    return { kind: 'ExceptHandler', type, name, body, ...this.stmtSpan(s) };
  }

  /**
   * match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT,
   * or null when the line is not one (`match` is also an ordinary name).
   */
  private matchStatement(): Stmt | null {
    const s = this.p;
    const subject = this.attempt(() => {
      this.p++;
      const e = this.subjectExpression();
      if (this.kind() !== K.COLON) {
        if (this.diagnose && this.kind() === K.NEWLINE) this.errorAtLast("expected ':'");
        throw FAIL;
      }
      this.p++;
      if (this.kind() !== K.NEWLINE) throw FAIL;
      if (this.kindAt(1) !== K.INDENT) {
        if (this.diagnose) this.errorAtLast(`expected an indented block after 'match' statement on line ${this.L[s]}`, 'IndentationError');
        throw FAIL;
      }
      return e;
    });
    if (subject === null) {
      this.p = s;
      return null;
    }
    this.p += 2;
    const cases: MatchCase[] = [];
    do cases.push(this.caseBlock()); while (this.kind() !== K.DEDENT);
    this.p++;
    return { kind: 'Match', subject, cases, ...this.stmtSpan(s) };
  }

  /** subject_expr: star_named_expression ',' star_named_expressions? (a tuple) | named_expression. */
  private subjectExpression(): Expr {
    const s = this.p;
    const first = this.starNamedExpression();
    if (this.kind() !== K.COMMA) {
      if (first.kind === 'Starred') throw FAIL;
      return first;
    }
    const elts = [first];
    while (this.eat(K.COMMA)) {
      if (!this.startsStarExpression(this.kind())) break;
      elts.push(this.starNamedExpression());
    }
    return { kind: 'Tuple', elts, ctx: 'Load', lineno: this.L[s], col_offset: this.C[s], end_lineno: this.EL[this.p - 1], end_col_offset: this.EC[this.p - 1] };
  }

  /** case_block: "case" patterns guard? ':' block. */
  private caseBlock(): MatchCase {
    const s = this.p;
    if (this.kind() !== K.NAME || !this.isSoftKeyword(s, 'case')) throw FAIL;
    this.p++;
    const pattern = this.patterns();
    const guard = this.eat(K.kw('if')) ? this.namedExpression() : null;
    this.expectColon();
    const body = this.block("'case' statement", s, 8);
    return { kind: 'match_case', pattern, guard, body };
  }

  // ---- diagnose-pass checks for statements ---------------------------------

  /** invalid_assignment, in the order python3's grammar tries its alternatives. */
  private checkInvalidAssignment(s: number): void {
    const restore = () => { this.p = s; };
    // invalid_ann_assign_target ':' expression: a list or tuple, in any parentheses
    const k = this.kind();
    if (k === K.LSQB || k === K.LPAR) {
      const t = this.withoutDiagnose(() => this.attempt(() => {
        const e = this.atom();
        if (e.kind !== 'List' && e.kind !== 'Tuple') throw FAIL;
        if (!this.eat(K.COLON)) throw FAIL;
        this.expression();
        return e;
      }));
      restore();
      if (t !== null) this.errorAtNode(t, `only single target (not ${exprName(t)}) can be annotated`);
    }
    // star_named_expression ',' star_named_expressions* ':' expression
    const tupleAnn = this.attempt(() => {
      const a = this.starNamedExpression();
      if (!this.eat(K.COMMA)) throw FAIL;
      while (this.startsStarExpression(this.kind())) {
        this.starNamedExpression();
        if (!this.eat(K.COMMA)) break;
      }
      if (!this.eat(K.COLON)) throw FAIL;
      this.withoutDiagnose(() => this.expression());
      return a;
    });
    restore();
    if (tupleAnn !== null) this.errorAtNode(tupleAnn, 'only single target (not tuple) can be annotated');
    // expression ':' expression
    const ann = this.withoutDiagnose(() => this.attempt(() => {
      const a = this.expression();
      if (!this.eat(K.COLON)) throw FAIL;
      this.expression();
      return a;
    }));
    restore();
    if (ann !== null && ann.kind !== 'Name' && ann.kind !== 'Attribute' && ann.kind !== 'Subscript') {
      this.errorAtNode(ann, 'illegal target for annotation');
    }
    // (star_targets '=')* a=star_expressions '='  /  (star_targets '=')* a=yield_expr '='
    const bad = this.withoutDiagnose(() => this.attempt(() => {
      for (;;) {
        const save = this.p;
        const t = this.attempt(() => {
          const x = this.starTargets();
          if (!this.eat(K.EQUAL)) throw FAIL;
          return x;
        });
        if (t === null) {
          this.p = save;
          break;
        }
      }
      if (this.kind() === KW.yield) {
        const y = this.yieldExpr();
        if (this.kind() !== K.EQUAL) throw FAIL;
        return { yieldExpr: true, e: y };
      }
      const a = this.starExpressions();
      if (this.kind() !== K.EQUAL) throw FAIL;
      return { yieldExpr: false, e: a };
    }));
    restore();
    if (bad !== null) {
      if (bad.yieldExpr) this.errorAtNode(bad.e, 'assignment to yield expression not possible');
      const invalid = invalidTarget(bad.e, 'star');
      if (invalid !== null) this.errorAtNode(invalid, `cannot assign to ${exprName(invalid)}`);
    }
    // star_expressions augassign (yield_expr | star_expressions)
    const aug = this.withoutDiagnose(() => this.attempt(() => {
      const a = this.starExpressions();
      if (!AUG_OPS.has(this.kind())) throw FAIL;
      this.p++;
      if (this.kind() === KW.yield) this.yieldExpr();
      else this.starExpressions();
      return a;
    }));
    restore();
    if (aug !== null && aug.kind !== 'Name' && aug.kind !== 'Attribute' && aug.kind !== 'Subscript') {
      this.errorAtNode(aug, `'${exprName(aug)}' is an illegal expression for augmented assignment`);
    }
  }
}

/** Parses an f-string replacement field ("(" + text + ")") placed at `line`, shifted by `colShift`. */
function parseFieldExpression(source: string, line: number, colShift: number): Expr {
  const tokens = tokenize(source);
  const lineBase = line - 1;
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.endLine[i] === 1) {
      if (tokens.col[i] >= 0) tokens.col[i] += colShift;
      if (tokens.endCol[i] >= 0) tokens.endCol[i] += colShift;
    }
    tokens.line[i] += lineBase;
    tokens.endLine[i] += lineBase;
  }
  if (tokens.error !== null) {
    const e = tokens.error.error;
    // python3 prefixes a field's undecodable name (reported through the
    // parser) but not the tokenizer's own errors.
    const message = e.message.startsWith('(unicode error)') ? `f-string: ${e.message}` : e.message;
    tokens.error.error = new SyntaxErrorAt(message, e.line + lineBase, e.col, e.errorClass);
    if (tokens.error.unclosed) tokens.error.unclosed.line += lineBase;
  }
  return runParser(tokens, 'f-string: ', lineBase, colShift, (p) => p.starExpressions());
}
