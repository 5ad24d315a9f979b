// Recursive-descent parser from tokens to the AST, following Python's grammar
// and operator precedence for the supported subset.
import type { Expr, Pos, Stmt } from './ast.ts';
import { BinaryOp, CompareOp, UnaryOp } from './bytecode.ts';
import { SyntaxErrorAt } from './syntax-error.ts';
import { tokenize, type Token } from './tokenizer.ts';

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda',
  'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

const AUG_OPS: Record<string, number> = {
  '+=': BinaryOp.INPLACE_ADD, '-=': BinaryOp.SUB, '*=': BinaryOp.MUL, '/=': BinaryOp.TRUEDIV,
  '//=': BinaryOp.FLOORDIV, '%=': BinaryOp.MOD, '**=': BinaryOp.POW, '<<=': BinaryOp.LSHIFT,
  '>>=': BinaryOp.RSHIFT, '&=': BinaryOp.AND, '|=': BinaryOp.OR, '^=': BinaryOp.XOR,
};

export function parse(source: string): Stmt[] {
  return new Parser(tokenize(source)).parseModule();
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private get tok(): Token { return this.tokens[this.i]; }
  private kindNow(): string { return this.tokens[this.i].kind; }
  /**
   * Nodes copy line and col out of this one by one: an object spread
   * (`{ ...p, kind }`) is several times slower in V8, cold or warm (nbody's
   * front end: 4.1 -> 2.1 ms for a second parse in a fresh process).
   */
  private pos(): Pos { return { line: this.tok.line, col: this.tok.col }; }
  private fail(msg: string, t: Token = this.tok): never { throw new SyntaxErrorAt(msg, t.line, t.col); }
  private isOp(text: string): boolean { return this.tok.kind === 'OP' && this.tok.text === text; }
  private isKw(text: string): boolean { return this.tok.kind === 'NAME' && this.tok.text === text; }
  private next(): Token { return this.tokens[this.i++]; }
  private eatOp(text: string): boolean {
    if (this.isOp(text)) { this.i++; return true; }
    return false;
  }
  private eatKw(text: string): boolean {
    if (this.isKw(text)) { this.i++; return true; }
    return false;
  }
  private expectOp(text: string): void {
    if (!this.eatOp(text)) this.fail(this.tok.kind === 'NEWLINE' || this.tok.kind === 'EOF' ? `expected '${text}'` : 'invalid syntax');
  }
  private expectName(): string {
    const t = this.tok;
    if (t.kind !== 'NAME' || KEYWORDS.has(t.text)) this.fail('invalid syntax');
    this.i++;
    return t.text;
  }

  parseModule(): Stmt[] {
    const body: Stmt[] = [];
    while (this.tok.kind !== 'EOF') {
      if (this.tok.kind === 'NEWLINE') { this.i++; continue; }
      if (this.kindNow() === 'INDENT') this.fail('unexpected indent');
      body.push(...this.statement());
    }
    return body;
  }

  private block(): Stmt[] {
    this.expectOp(':');
    if (this.tok.kind !== 'NEWLINE') {
      // Single-line suite: `if x: y = 1`
      return this.simpleStatements();
    }
    this.i++;
    if (this.kindNow() !== 'INDENT') this.fail('expected an indented block');
    this.i++;
    const body: Stmt[] = [];
    while (this.kindNow() !== 'DEDENT' && this.kindNow() !== 'EOF') {
      if (this.tok.kind === 'NEWLINE') { this.i++; continue; }
      if (this.kindNow() === 'INDENT') this.fail('unexpected indent');
      body.push(...this.statement());
    }
    this.i++;
    return body;
  }

  private statement(): Stmt[] {
    const p = this.pos();
    if (this.eatKw('if')) return [this.ifRest(p)];
    if (this.eatKw('while')) {
      const test = this.test();
      const body = this.block();
      if (this.isKw('else')) this.fail('while/else is not supported');
      return [{ line: p.line, col: p.col, kind: 'while', test, body }];
    }
    if (this.eatKw('for')) {
      const target = this.targetList();
      if (!this.eatKw('in')) this.fail('invalid syntax');
      const iter = this.testList();
      const body = this.block();
      if (this.isKw('else')) this.fail('for/else is not supported');
      return [{ line: p.line, col: p.col, kind: 'for', target, iter, body }];
    }
    if (this.eatKw('def')) {
      const name = this.expectName();
      this.expectOp('(');
      const params: string[] = [];
      while (!this.isOp(')')) {
        const t = this.tok;
        const param = this.expectName();
        if (params.includes(param)) this.fail(`duplicate argument '${param}' in function definition`, t);
        params.push(param);
        if (this.isOp('=')) this.fail('default parameter values are not supported');
        if (!this.eatOp(',')) break;
      }
      this.expectOp(')');
      if (this.eatOp('->')) this.test();
      const body = this.block();
      return [{ line: p.line, col: p.col, kind: 'def', name, params, body }];
    }
    for (const kw of ['class', 'try', 'with', 'lambda', 'async', 'yield', 'del', 'raise', 'assert', 'nonlocal', 'from']) {
      if (this.isKw(kw)) this.fail(`'${kw}' is not supported`);
    }
    return this.simpleStatements();
  }

  private ifRest(p: Pos): Stmt {
    const test = this.test();
    const body = this.block();
    let orelse: Stmt[] = [];
    const q = this.pos();
    if (this.eatKw('elif')) orelse = [this.ifRest(q)];
    else if (this.eatKw('else')) orelse = this.block();
    return { line: p.line, col: p.col, kind: 'if', test, body, orelse };
  }

  private simpleStatements(): Stmt[] {
    const out: Stmt[] = [this.simpleStatement()];
    while (this.eatOp(';')) {
      if (this.tok.kind === 'NEWLINE') break;
      out.push(this.simpleStatement());
    }
    if (this.tok.kind !== 'NEWLINE' && this.tok.kind !== 'EOF') this.fail('invalid syntax');
    if (this.tok.kind === 'NEWLINE') this.i++;
    return out;
  }

  private simpleStatement(): Stmt {
    const p = this.pos();
    if (this.eatKw('pass')) return { line: p.line, col: p.col, kind: 'pass' };
    if (this.eatKw('break')) return { line: p.line, col: p.col, kind: 'break' };
    if (this.eatKw('continue')) return { line: p.line, col: p.col, kind: 'continue' };
    if (this.eatKw('return')) {
      const value = this.tok.kind === 'NEWLINE' || this.isOp(';') ? null : this.testList();
      return { line: p.line, col: p.col, kind: 'return', value };
    }
    if (this.eatKw('global')) {
      const names = [this.expectName()];
      while (this.eatOp(',')) names.push(this.expectName());
      return { line: p.line, col: p.col, kind: 'global', names };
    }
    if (this.eatKw('import')) {
      const module = this.expectName();
      const alias = this.eatKw('as') ? this.expectName() : module;
      return { line: p.line, col: p.col, kind: 'import', module, alias };
    }
    const first = this.testList();
    if (this.tok.kind === 'OP' && AUG_OPS[this.tok.text] !== undefined) {
      const op = AUG_OPS[this.next().text];
      if (first.kind !== 'name' && first.kind !== 'subscript') {
        this.fail(`'${describe(first)}' is an illegal expression for augmented assignment`, tokAt(first));
      }
      const value = this.testList();
      return { line: p.line, col: p.col, kind: 'augassign', target: first, op, value };
    }
    if (this.isOp('=')) {
      const targets = [first];
      let value = first;
      while (this.eatOp('=')) {
        value = this.testList();
        targets.push(value);
      }
      targets.pop();
      for (const t of targets) checkTarget(t);
      return { line: p.line, col: p.col, kind: 'assign', targets, value };
    }
    return { line: p.line, col: p.col, kind: 'expr', value: first };
  }

  /** Assignment targets for `for`: a name, subscript or (nested) tuple of them. */
  private targetList(): Expr {
    const p = this.pos();
    const first = this.orExpr();
    if (!this.isOp(',')) { checkTarget(first); return first; }
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.isKw('in')) break;
      elts.push(this.orExpr());
    }
    const t: Expr = { line: p.line, col: p.col, kind: 'tuple', elts };
    checkTarget(t);
    return t;
  }

  /** An expression list; a trailing/separating comma makes a tuple. */
  private testList(): Expr {
    const p = this.pos();
    const first = this.test();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.tok.kind === 'NEWLINE' || this.isOp('=') || this.isOp(')') || this.isOp(';') || this.tok.kind === 'EOF') break;
      elts.push(this.test());
    }
    return { line: p.line, col: p.col, kind: 'tuple', elts };
  }

  private test(): Expr {
    const p = this.pos();
    if (this.isKw('lambda')) this.fail("'lambda' is not supported");
    const body = this.orTest();
    if (this.eatKw('if')) {
      const test = this.orTest();
      if (!this.eatKw('else')) this.fail("expected 'else' after 'if' expression");
      const orelse = this.test();
      return { line: p.line, col: p.col, kind: 'ifexp', test, body, orelse };
    }
    return body;
  }

  private orTest(): Expr {
    const p = this.pos();
    const first = this.andTest();
    if (!this.isKw('or')) return first;
    const values = [first];
    while (this.eatKw('or')) values.push(this.andTest());
    return { line: p.line, col: p.col, kind: 'boolop', op: 'or', values };
  }

  private andTest(): Expr {
    const p = this.pos();
    const first = this.notTest();
    if (!this.isKw('and')) return first;
    const values = [first];
    while (this.eatKw('and')) values.push(this.notTest());
    return { line: p.line, col: p.col, kind: 'boolop', op: 'and', values };
  }

  private notTest(): Expr {
    const p = this.pos();
    if (this.eatKw('not')) return { line: p.line, col: p.col, kind: 'unary', op: UnaryOp.NOT, operand: this.notTest() };
    return this.comparison();
  }

  private comparison(): Expr {
    const p = this.pos();
    const left = this.orExpr();
    const ops: number[] = [];
    const comparators: Expr[] = [];
    for (;;) {
      let op: number | undefined;
      if (this.tok.kind === 'OP') {
        op = ({ '<': CompareOp.LT, '<=': CompareOp.LE, '==': CompareOp.EQ, '!=': CompareOp.NE, '>': CompareOp.GT, '>=': CompareOp.GE } as Record<string, number>)[this.tok.text];
        if (op !== undefined) this.i++;
      } else if (this.eatKw('in')) {
        op = CompareOp.IN;
      } else if (this.isKw('not') && this.tokens[this.i + 1].kind === 'NAME' && this.tokens[this.i + 1].text === 'in') {
        this.i += 2;
        op = CompareOp.NOT_IN;
      } else if (this.eatKw('is')) {
        op = this.eatKw('not') ? CompareOp.IS_NOT : CompareOp.IS;
      }
      if (op === undefined) break;
      ops.push(op);
      comparators.push(this.orExpr());
    }
    if (ops.length === 0) return left;
    return { line: p.line, col: p.col, kind: 'compare', left, ops, comparators };
  }

  private binaryLevel(next: () => Expr, table: Record<string, number>): Expr {
    const p = this.pos();
    let left = next();
    while (this.tok.kind === 'OP' && table[this.tok.text] !== undefined) {
      const op = table[this.next().text];
      const right = next();
      left = { line: p.line, col: p.col, kind: 'binop', op, left, right };
    }
    return left;
  }

  private orExpr = (): Expr => this.binaryLevel(this.xorExpr, { '|': BinaryOp.OR });
  private xorExpr = (): Expr => this.binaryLevel(this.andExpr, { '^': BinaryOp.XOR });
  private andExpr = (): Expr => this.binaryLevel(this.shiftExpr, { '&': BinaryOp.AND });
  private shiftExpr = (): Expr => this.binaryLevel(this.arithExpr, { '<<': BinaryOp.LSHIFT, '>>': BinaryOp.RSHIFT });
  private arithExpr = (): Expr => this.binaryLevel(this.term, { '+': BinaryOp.ADD, '-': BinaryOp.SUB });
  private term = (): Expr =>
    this.binaryLevel(this.factor, { '*': BinaryOp.MUL, '/': BinaryOp.TRUEDIV, '//': BinaryOp.FLOORDIV, '%': BinaryOp.MOD });

  private factor = (): Expr => {
    const p = this.pos();
    if (this.eatOp('-')) return { line: p.line, col: p.col, kind: 'unary', op: UnaryOp.NEGATIVE, operand: this.factor() };
    if (this.eatOp('+')) return { line: p.line, col: p.col, kind: 'unary', op: UnaryOp.POSITIVE, operand: this.factor() };
    if (this.eatOp('~')) return { line: p.line, col: p.col, kind: 'unary', op: UnaryOp.INVERT, operand: this.factor() };
    return this.power();
  };

  private power(): Expr {
    const p = this.pos();
    const base = this.atomExpr();
    if (this.eatOp('**')) return { line: p.line, col: p.col, kind: 'binop', op: BinaryOp.POW, left: base, right: this.factor() };
    return base;
  }

  private atomExpr(): Expr {
    let e = this.atom();
    for (;;) {
      if (this.eatOp('(')) {
        const args: Expr[] = [];
        const keywords: { name: string; value: Expr }[] = [];
        while (!this.isOp(')')) {
          if (this.isOp('*') || this.isOp('**')) this.fail('star arguments are not supported');
          if (this.tok.kind === 'NAME' && this.tokens[this.i + 1].kind === 'OP' && this.tokens[this.i + 1].text === '=') {
            const name = this.expectName();
            this.i++;
            keywords.push({ name, value: this.test() });
          } else {
            if (keywords.length > 0) this.fail('positional argument follows keyword argument');
            const arg = this.test();
            if (this.isKw('for')) this.fail('generator expressions are not supported');
            args.push(arg);
          }
          if (!this.eatOp(',')) break;
        }
        this.expectOp(')');
        e = { line: e.line, col: e.col, kind: 'call', func: e, args, keywords };
      } else if (this.eatOp('[')) {
        const index = this.subscriptIndex();
        this.expectOp(']');
        e = { line: e.line, col: e.col, kind: 'subscript', value: e, index };
      } else if (this.eatOp('.')) {
        const attr = this.expectName();
        e = { line: e.line, col: e.col, kind: 'attribute', value: e, attr };
      } else {
        return e;
      }
    }
  }

  private subscriptIndex(): Expr {
    const p = this.pos();
    let lower: Expr | null = null;
    if (!this.isOp(':')) {
      lower = this.testList();
      if (!this.isOp(':')) return lower;
    }
    this.expectOp(':');
    const upper = this.isOp(']') || this.isOp(':') ? null : this.test();
    let step: Expr | null = null;
    if (this.eatOp(':') && !this.isOp(']')) step = this.test();
    return { line: p.line, col: p.col, kind: 'slice', lower, upper, step };
  }

  private atom(): Expr {
    const t = this.tok;
    const p = this.pos();
    switch (t.kind) {
      case 'INT':
        this.i++;
        return { line: p.line, col: p.col, kind: 'int', value: BigInt(t.text) };
      case 'FLOAT':
        this.i++;
        return { line: p.line, col: p.col, kind: 'float', value: Number(t.text) };
      case 'STRING': {
        this.i++;
        let value = t.text;
        while (this.tok.kind === 'STRING') value += this.next().text; // implicit concatenation
        return { line: p.line, col: p.col, kind: 'str', value };
      }
      case 'NAME':
        if (t.text === 'True' || t.text === 'False' || t.text === 'None') {
          this.i++;
          return { line: p.line, col: p.col, kind: 'const', value: t.text === 'None' ? null : t.text === 'True' };
        }
        return { line: p.line, col: p.col, kind: 'name', id: this.expectName() };
      case 'OP':
        if (this.eatOp('(')) {
          if (this.eatOp(')')) return { line: p.line, col: p.col, kind: 'tuple', elts: [] };
          const first = this.test();
          if (this.isKw('for')) this.fail('generator expressions are not supported');
          if (this.eatOp(')')) return first;
          const elts = [first];
          while (this.eatOp(',')) {
            if (this.isOp(')')) break;
            elts.push(this.test());
          }
          this.expectOp(')');
          return { line: p.line, col: p.col, kind: 'tuple', elts };
        }
        if (this.eatOp('[')) {
          const elts: Expr[] = [];
          if (!this.isOp(']')) {
            const first = this.test();
            if (this.eatKw('for')) {
              const target = this.targetList();
              if (!this.eatKw('in')) this.fail('invalid syntax');
              const iter = this.orTest();
              const conds: Expr[] = [];
              while (this.eatKw('if')) conds.push(this.orTest());
              if (this.isKw('for')) this.fail('nested comprehension loops are not supported');
              this.expectOp(']');
              return { line: p.line, col: p.col, kind: 'listcomp', elt: first, target, iter, conds };
            }
            elts.push(first);
            while (this.eatOp(',')) {
              if (this.isOp(']')) break;
              elts.push(this.test());
            }
          }
          this.expectOp(']');
          return { line: p.line, col: p.col, kind: 'list', elts };
        }
        if (this.isOp('{')) this.fail('dicts and sets are not supported');
        break;
      case 'INDENT':
        this.fail('unexpected indent');
        break;
      case 'EOF':
        this.fail('unexpected EOF while parsing');
        break;
      default:
        break;
    }
    this.fail('invalid syntax');
  }
}

function describe(e: Expr): string {
  switch (e.kind) {
    case 'call': return 'function call';
    case 'int': case 'float': case 'str': case 'const': return 'literal';
    case 'tuple': return 'tuple';
    case 'list': return 'list';
    case 'attribute': return 'attribute';
    default: return 'expression';
  }
}

function tokAt(e: Expr): Token {
  return { kind: 'OP', text: '', line: e.line, col: e.col };
}

function checkTarget(t: Expr): void {
  if (t.kind === 'name' || t.kind === 'subscript') return;
  if (t.kind === 'tuple' || t.kind === 'list') {
    for (const e of t.elts) checkTarget(e);
    return;
  }
  if (t.kind === 'attribute') throw new SyntaxErrorAt('attribute assignment is not supported', t.line, t.col);
  throw new SyntaxErrorAt(`cannot assign to ${describe(t)}`, t.line, t.col);
}
