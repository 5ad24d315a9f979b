// A grammar-based generator of syntactically valid Python 3.11 programs for
// the parser's differential test: every statement form, expressions at every
// precedence level (parenthesized exactly where the grammar needs it), every
// literal form, f-strings, comprehensions, calls and slices, with layout
// noise (comments, blank lines, semicolons, line breaks inside brackets,
// backslash continuations). Programs need not make sense when run: python3
// only parses them.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    // mulberry32
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

// Precedence levels, lowest first: an expression generated for level L is
// parenthesized when its own level is lower.
const EXPR = 0, OR = 1, AND = 2, NOT = 3, CMP = 4, BOR = 5, BXOR = 6, BAND = 7, SHIFT = 8, SUM = 9, TERM = 10;
const FACTOR = 11, POWER = 12, AWAIT = 13, PRIMARY = 14, ATOM = 15;

const BINOPS: [number, string[]][] = [
  [BOR, ['|']], [BXOR, ['^']], [BAND, ['&']], [SHIFT, ['<<', '>>']], [SUM, ['+', '-']], [TERM, ['*', '/', '//', '%', '@']],
];
const CMPOPS = ['<', '>', '==', '!=', '<=', '>=', 'in', 'not in', 'is', 'is not'];
const NAMES = ['a', 'b', 'c', 'x', 'y', 'zz', 'self', 'i', 'n', 'data', 'match', 'case', '_', 'é', 'π', 'value_1'];
const AUGOPS = ['+=', '-=', '*=', '/=', '//=', '%=', '**=', '<<=', '>>=', '&=', '|=', '^=', '@='];

export class ProgramGenerator {
  private depth = 0;
  private indentUnit: string;

  constructor(private readonly rng: Rng) {
    this.indentUnit = rng.pick(['    ', '  ', '\t', '        ']);
  }

  program(): string {
    const lines: string[] = [];
    const n = 3 + this.rng.int(10);
    for (let i = 0; i < n; i++) this.statement(lines, 0, { inFunction: false, inLoop: false, inAsync: false });
    return lines.join('\n') + (this.rng.chance(0.9) ? '\n' : '');
  }

  private name(): string {
    return this.rng.pick(NAMES);
  }

  // ---- expressions ---------------------------------------------------------

  expr(min = EXPR): string {
    this.depth++;
    try {
      if (this.depth > 4) return this.atomSimple();
      const r = this.rng.int(100);
      let level: number;
      let text: string;
      if (r < 4) [level, text] = [EXPR, `${this.expr(OR)} if ${this.expr(OR)} else ${this.expr(EXPR)}`];
      else if (r < 7) [level, text] = [EXPR, `lambda${this.lambdaParams()}: ${this.expr(EXPR)}`];
      else if (r < 11) [level, text] = [OR, `${this.expr(AND)} or ${this.expr(AND)}`];
      else if (r < 15) [level, text] = [AND, `${this.expr(NOT)} and ${this.expr(NOT)}`];
      else if (r < 18) [level, text] = [NOT, `not ${this.expr(NOT)}`];
      else if (r < 24) {
        let t = this.expr(BOR);
        const k = 1 + this.rng.int(3);
        for (let i = 0; i < k; i++) t += ` ${this.rng.pick(CMPOPS)} ${this.expr(BOR)}`;
        [level, text] = [CMP, t];
      } else if (r < 40) {
        const [lv, ops] = this.rng.pick(BINOPS);
        [level, text] = [lv, `${this.expr(lv)} ${this.rng.pick(ops)} ${this.expr(lv + 1)}`];
      } else if (r < 45) [level, text] = [FACTOR, `${this.rng.pick(['-', '+', '~'])}${this.expr(FACTOR)}`];
      else if (r < 49) [level, text] = [POWER, `${this.expr(AWAIT)} ** ${this.expr(FACTOR)}`];
      else if (r < 51) [level, text] = [AWAIT, `await ${this.expr(PRIMARY)}`];
      else if (r < 70) [level, text] = [PRIMARY, this.primary()];
      else [level, text] = [ATOM, this.atom()];
      return level < min ? `(${text})` : text;
    } finally {
      this.depth--;
    }
  }

  private primary(): string {
    let t = this.rng.chance(0.7) ? this.name() : `(${this.expr()})`;
    const n = 1 + this.rng.int(3);
    for (let i = 0; i < n; i++) {
      const r = this.rng.int(3);
      if (r === 0) t += `.${this.name()}`;
      else if (r === 1) t += `(${this.callArgs()})`;
      else t += `[${this.slices()}]`;
    }
    return t;
  }

  private callArgs(genexp = true): string {
    if (genexp && this.rng.chance(0.1)) return `${this.expr()} for ${this.targets()} in ${this.expr(OR)}`;
    const parts: string[] = [];
    const n = this.rng.int(4);
    for (let i = 0; i < n; i++) parts.push(this.rng.chance(0.15) ? `*${this.expr()}` : this.rng.chance(0.1) ? `${this.name()} := ${this.expr()}` : this.expr());
    const k = this.rng.int(3);
    for (let i = 0; i < k; i++) parts.push(this.rng.chance(0.2) ? `*${this.expr()}` : `${this.name()}=${this.expr()}`);
    if (this.rng.chance(0.3)) parts.push(`**${this.expr()}`);
    if (parts.length > 0 && this.rng.chance(0.2)) return parts.join(', ') + ',';
    return this.joinMaybeMultiline(parts);
  }

  private joinMaybeMultiline(parts: string[]): string {
    if (parts.length > 1 && this.rng.chance(0.15)) return '\n    ' + parts.join(',\n  ') + '\n';
    return parts.join(', ');
  }

  private slices(): string {
    const one = (): string => {
      const r = this.rng.int(10);
      if (r < 4) {
        const lo = this.rng.chance(0.5) ? this.expr() : '';
        const hi = this.rng.chance(0.5) ? this.expr() : '';
        if (this.rng.chance(0.4)) return `${lo}:${hi}:${this.rng.chance(0.5) ? this.expr() : ''}`;
        return `${lo}:${hi}`;
      }
      if (r < 5) return `*${this.expr(BOR)}`;
      return this.expr();
    };
    const n = this.rng.chance(0.7) ? 1 : 2 + this.rng.int(2);
    const parts = Array.from({ length: n }, one);
    if (n === 1 && parts[0].startsWith('*')) return parts[0] + ',';
    return parts.join(', ') + (this.rng.chance(0.1) ? ',' : '');
  }

  private atomSimple(): string {
    const r = this.rng.int(4);
    if (r === 0) return this.number();
    if (r === 1) return this.string();
    return this.name();
  }

  private atom(): string {
    const r = this.rng.int(22);
    switch (r) {
      case 0: case 1: case 2: return this.name();
      case 3: case 4: return this.number();
      case 5: case 6: return this.strings();
      case 7: return this.rng.pick(['True', 'False', 'None', '...']);
      case 8: return `[${this.elements()}]`;
      case 9: {
        const n = this.rng.int(4);
        const parts = Array.from({ length: n }, () => (this.rng.chance(0.15) ? `*${this.expr(BOR)}` : this.expr()));
        return n === 0 ? '()' : n === 1 ? `(${parts[0]},)` : `(${this.joinMaybeMultiline(parts)})`;
      }
      case 10: return `{${this.elements() || this.expr()}}`;
      case 11: return `{${this.dictItems()}}`;
      case 12: return `[${this.expr()} ${this.comprehension()}]`;
      case 13: return `{${this.expr()} ${this.comprehension()}}`;
      case 14: return `{${this.expr()}: ${this.expr()} ${this.comprehension()}}`;
      case 15: return `(${this.expr()} ${this.comprehension()})`;
      case 16: return `(${this.name()} := ${this.expr()})`;
      case 17: return this.fstring();
      case 18: return `(yield ${this.rng.chance(0.5) ? this.expr() : ''})`.replace(' )', ')');
      case 19: return `(yield from ${this.expr()})`;
      default: return `(${this.expr()})`;
    }
  }

  private elements(): string {
    const n = this.rng.int(4);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(this.rng.chance(0.15) ? `*${this.expr(BOR)}` : this.expr());
    const s = this.joinMaybeMultiline(parts);
    return parts.length > 0 && this.rng.chance(0.2) ? s + ',' : s;
  }

  private dictItems(): string {
    const n = this.rng.int(4);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(this.rng.chance(0.15) ? `**${this.expr(BOR)}` : `${this.expr()}: ${this.expr()}`);
    return this.joinMaybeMultiline(parts);
  }

  private comprehension(): string {
    let t = '';
    const n = 1 + this.rng.int(2);
    for (let i = 0; i < n; i++) {
      t += `${i > 0 ? ' ' : ''}${this.rng.chance(0.1) ? 'async ' : ''}for ${this.targets()} in ${this.expr(OR)}`;
      const k = this.rng.int(3);
      for (let j = 0; j < k; j++) t += ` if ${this.expr(OR)}`;
    }
    return t;
  }

  private targets(): string {
    const r = this.rng.int(8);
    if (r < 4) return this.name();
    if (r === 4) return `${this.name()}, ${this.name()}`;
    if (r === 5) return `(${this.name()}, *${this.name()})`;
    if (r === 6) return `[${this.name()}, ${this.name()}]`;
    return `${this.name()}.${this.name()}`;
  }

  number(): string {
    const r = this.rng.int(14);
    switch (r) {
      case 0: return String(this.rng.int(10));
      case 1: return String(this.rng.int(1e9));
      case 2: return '1_000_000';
      case 3: return `0x${this.rng.int(1e6).toString(16)}`;
      case 4: return `0o${this.rng.int(1e6).toString(8)}`;
      case 5: return `0b${this.rng.int(1e3).toString(2)}`;
      case 6: return `${this.rng.int(100)}.${this.rng.int(100)}`;
      case 7: return `.${this.rng.int(1000)}`;
      case 8: return `${this.rng.int(10)}e${this.rng.pick(['', '-', '+'])}${this.rng.int(30)}`;
      case 9: return `${this.rng.int(10)}.${this.rng.int(10)}j`;
      case 10: return `${this.rng.int(10)}J`;
      case 11: return '12345678901234567890123456789';
      case 12: return '0';
      default: return `${this.rng.int(10)}.`;
    }
  }

  private strings(): string {
    const n = this.rng.chance(0.8) ? 1 : 2 + this.rng.int(2);
    const bytes = this.rng.chance(0.1);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(bytes ? this.bytesLiteral() : this.rng.chance(0.3) ? this.fstring() : this.string());
    return parts.join(this.rng.chance(0.2) ? ' \\\n' : ' ');
  }

  /** Body pieces: each a complete escape or plain text; Q stands for an escaped delimiter quote. */
  private static readonly PIECES = ['a', 'hello', ' ', 'é', '日本', '😀', '\\n', '\\t', '\\\\', 'Q', '\\x41', '\\u20ac',
    '\\U0001F600', '\\101', '\\0', '\\N{EURO SIGN}', '\\d', '{', '}', '#', 'x y', '"', "'"];

  string(): string {
    const prefix = this.rng.pick(['', '', '', 'r', 'u', 'R', 'U']);
    const quote = this.rng.pick(['"', "'", '"""', "'''"]);
    let body = '';
    const n = this.rng.int(5);
    for (let i = 0; i < n; i++) body += this.rng.pick(ProgramGenerator.PIECES);
    if (quote.length === 3 && this.rng.chance(0.3)) body += '\nline two';
    return prefix + quote + this.fitBody(body, quote, prefix.toLowerCase().includes('r')) + quote;
  }

  private bytesLiteral(): string {
    const prefix = this.rng.pick(['b', 'B', 'br', 'rb', 'Rb']);
    const quote = this.rng.pick(['"', "'"]);
    let body = '';
    const n = this.rng.int(4);
    for (let i = 0; i < n; i++) body += this.rng.pick(['a', 'xyz', '\\n', '\\x00', '\\xff', '\\\\', '\\777', '\\u1234', ' ']);
    return prefix + quote + this.fitBody(body, quote, prefix.toLowerCase().includes('r')) + quote;
  }

  /** Keeps the body from ending the literal early: its delimiter quote only escaped (never in raw text). */
  private fitBody(body: string, quote: string, raw: boolean): string {
    const q = quote[0];
    body = body.split(q).join('');
    body = body.split('Q').join(raw ? '' : '\\' + q);
    return body;
  }

  fstring(): string {
    const prefix = this.rng.pick(['f', 'F', 'rf', 'fr']);
    const quote = this.rng.pick(['"', "'", '"""']);
    const inner = quote[0] === '"' ? "'" : '"';
    let body = '';
    const n = 1 + this.rng.int(4);
    for (let i = 0; i < n; i++) {
      const r = this.rng.int(6);
      if (r === 0) body += this.rng.pick(['a', ' b ', 'é', '{{', '}}', '%', ':']);
      else {
        let e = this.simpleFieldExpr(inner);
        if (this.rng.chance(0.15)) e += '=';
        if (this.rng.chance(0.3)) e += this.rng.pick(['!r', '!s', '!a']);
        if (this.rng.chance(0.3)) e += ':' + this.rng.pick(['>10', '.2f', '', `{${this.name()}}`, `>{${this.name()}}.{${this.name()}}`, '%Y']);
        body += `{${e}}`;
      }
    }
    return prefix + quote + body + quote;
  }

  /** A field expression without backslashes, comments, or the outer quote. */
  private simpleFieldExpr(inner: string): string {
    const r = this.rng.int(8);
    if (r === 0) return `${this.name()}[${inner}k${inner}]`;
    if (r === 1) return `${this.name()} + ${this.number()}`;
    if (r === 2) return `${this.name()}.${this.name()}(${this.name()})`;
    if (r === 3) return ` ${this.name()} `;
    if (r === 4) return `${this.name()}, ${this.name()}`;
    if (r === 5) return `[${this.name()} for ${this.name()} in ${this.name()}]`;
    return this.name();
  }

  private lambdaParams(): string {
    const r = this.rng.int(8);
    if (r === 0) return '';
    const p = this.params(false);
    return p === '' ? '' : ' ' + p;
  }

  /** A parameter list (without the parentheses) in one of the valid orders. */
  params(annotations: boolean): string {
    const ann = () => (annotations && this.rng.chance(0.3) ? `: ${this.expr()}` : '');
    const def = () => `=${this.expr()}`;
    const names = [...'abcdefgh'];
    let i = 0;
    const nm = () => names[i++ % names.length] + (i > names.length ? String(i) : '');
    const parts: string[] = [];
    const npos = this.rng.int(3);
    let defaults = false;
    for (let k = 0; k < npos; k++) {
      if (defaults || this.rng.chance(0.3)) {
        defaults = true;
        parts.push(`${nm()}${ann()}${def()}`);
      } else parts.push(`${nm()}${ann()}`);
    }
    if (parts.length > 0 && this.rng.chance(0.2)) parts.push('/');
    const nargs = this.rng.int(2);
    for (let k = 0; k < nargs; k++) parts.push(defaults ? `${nm()}${ann()}${def()}` : `${nm()}${ann()}`);
    const r = this.rng.int(4);
    if (r === 1) parts.push(`*${nm()}${ann()}`);
    if (r === 2) parts.push('*');
    if (r === 1 || r === 2) {
      const kw = r === 2 ? 1 + this.rng.int(2) : this.rng.int(3);
      for (let k = 0; k < kw; k++) parts.push(`${nm()}${ann()}${this.rng.chance(0.5) ? def() : ''}`);
    }
    if (this.rng.chance(0.2)) parts.push(`**${nm()}${ann()}`);
    const s = parts.join(', ');
    return s !== '' && !s.endsWith('/') && this.rng.chance(0.1) ? s + ',' : s;
  }

  // ---- statements ----------------------------------------------------------

  private statement(out: string[], level: number, ctx: { inFunction: boolean; inLoop: boolean; inAsync: boolean }): void {
    const ind = this.indentUnit.repeat(level);
    if (this.rng.chance(0.05)) out.push(this.rng.chance(0.5) ? '' : `${ind}# comment ${this.rng.int(100)}`);
    const r = level > 3 ? this.rng.int(12) : this.rng.int(27);
    if (r < 12) {
      const n = this.rng.chance(0.85) ? 1 : 2 + this.rng.int(2);
      const stmts = Array.from({ length: n }, () => this.simpleStatement(ctx));
      let line = ind + stmts.join('; ');
      if (this.rng.chance(0.05)) line += ';';
      if (this.rng.chance(0.1)) line += '  # trailing';
      out.push(line);
      return;
    }
    const body = (c = ctx) => this.block(out, level + 1, c);
    switch (r) {
      case 12: case 13: {
        out.push(`${ind}if ${this.namedExpr()}:`);
        body();
        const elifs = this.rng.int(3);
        for (let i = 0; i < elifs; i++) {
          out.push(`${ind}elif ${this.namedExpr()}:`);
          body();
        }
        if (this.rng.chance(0.5)) {
          out.push(`${ind}else:`);
          body();
        }
        return;
      }
      case 14: {
        out.push(`${ind}while ${this.namedExpr()}:`);
        body({ ...ctx, inLoop: true });
        if (this.rng.chance(0.3)) {
          out.push(`${ind}else:`);
          body();
        }
        return;
      }
      case 15: case 16: {
        out.push(`${ind}${ctx.inAsync && this.rng.chance(0.3) ? 'async ' : ''}for ${this.forTargets()} in ${this.starExprs()}:`);
        body({ ...ctx, inLoop: true });
        if (this.rng.chance(0.3)) {
          out.push(`${ind}else:`);
          body();
        }
        return;
      }
      case 17: {
        out.push(`${ind}try:`);
        body();
        const star = this.rng.chance(0.2);
        const handlers = this.rng.int(3);
        for (let i = 0; i < handlers; i++) {
          const last = i === handlers - 1 && !star && this.rng.chance(0.3);
          out.push(last ? `${ind}except:` : `${ind}except${star ? '*' : ''} ${this.expr()}${this.rng.chance(0.5) ? ` as ${this.name()}` : ''}:`);
          body();
        }
        if (handlers > 0 && this.rng.chance(0.3)) {
          out.push(`${ind}else:`);
          body();
        }
        if (handlers === 0 || this.rng.chance(0.3)) {
          out.push(`${ind}finally:`);
          body();
        }
        return;
      }
      case 18: {
        const items = Array.from({ length: 1 + this.rng.int(2) }, () => `${this.expr()}${this.rng.chance(0.5) ? ` as ${this.forTargets()}` : ''}`);
        const paren = this.rng.chance(0.3);
        out.push(`${ind}${ctx.inAsync && this.rng.chance(0.3) ? 'async ' : ''}with ${paren ? `(${items.join(', ')}${this.rng.chance(0.3) ? ',' : ''})` : items.join(', ')}:`);
        body();
        return;
      }
      case 19: case 20: case 21: {
        this.decorators(out, ind);
        const isAsync = this.rng.chance(0.2);
        out.push(`${ind}${isAsync ? 'async ' : ''}def ${this.name()}(${this.params(true)})${this.rng.chance(0.2) ? ` -> ${this.expr()}` : ''}:`);
        body({ inFunction: true, inLoop: false, inAsync: isAsync });
        return;
      }
      case 22: {
        this.decorators(out, ind);
        const bases = this.rng.chance(0.5) ? `(${this.callArgs(false)})` : '';
        out.push(`${ind}class ${this.name()}${bases}:`);
        body({ inFunction: false, inLoop: false, inAsync: false });
        return;
      }
      case 23: {
        out.push(`${ind}match ${this.rng.chance(0.2) ? `${this.expr()}, ${this.expr()}` : this.namedExpr()}:`);
        const n = 1 + this.rng.int(3);
        for (let i = 0; i < n; i++) {
          out.push(`${ind}${this.indentUnit}case ${this.topPattern()}${this.rng.chance(0.2) ? ` if ${this.namedExpr()}` : ''}:`);
          this.block(out, level + 2, ctx);
        }
        return;
      }
      default: {
        // A short statement on the header's line.
        out.push(`${ind}if ${this.expr()}: ${this.simpleStatement(ctx)}`);
      }
    }
  }

  private static readonly CAPTURES = ['a', 'b', 'rest', 'x', 'y', 'value', 'match', 'case'];

  private topPattern(): string {
    if (this.rng.chance(0.15)) return `${this.pattern(0)}, ${this.rng.chance(0.5) ? '*' + this.rng.pick(ProgramGenerator.CAPTURES) : this.pattern(0)}`;
    return this.pattern(0);
  }

  /** A match pattern, `depth` levels into the pattern. */
  private pattern(depth: number): string {
    let p = this.closedPattern(depth);
    if (this.rng.chance(0.15)) p += ` | ${this.closedPattern(depth)}`;
    if (this.rng.chance(0.1)) p += ` as ${this.rng.pick(ProgramGenerator.CAPTURES)}`;
    return p;
  }

  private closedPattern(depth: number): string {
    const leaf = depth > 2;
    const r = this.rng.int(leaf ? 6 : 12);
    const sub = () => this.pattern(depth + 1);
    switch (r) {
      case 0: return this.rng.pick(['0', '-1', '1.5', '-2.5e3', '3j', '1+2j', '-1-0.5j', '0x1f']);
      case 1: return this.rng.pick(['"s"', "'t' 'u'", 'b"x"', 'None', 'True', 'False']);
      case 2: return this.rng.pick(ProgramGenerator.CAPTURES);
      case 3: return '_';
      case 4: return this.rng.pick(['Color.RED', 'a.b.c', 'mod.CONST']);
      case 5: return this.rng.pick(['[]', '()', '{}']);
      case 6: return `(${sub()})`;
      case 7: return `[${[sub(), this.rng.chance(0.3) ? '*' + this.rng.pick(['_', 'rest']) : sub()].join(', ')}]`;
      case 8: return `(${sub()}, ${sub()}${this.rng.chance(0.3) ? ',' : ''})`;
      case 9: return `{${this.rng.pick(['1', '"k"', 'a.b', '-2', 'None'])}: ${sub()}${this.rng.chance(0.3) ? ', **rest' : ''}}`;
      case 10: return `${this.rng.pick(['Point', 'a.B', 'int'])}(${this.rng.chance(0.5) ? sub() + ', ' : ''}${this.rng.chance(0.5) ? `x=${sub()}` : ''})`;
      // `|` binds tighter than `as`: its operands are closed patterns.
      default: return `${this.closedPattern(depth + 1)} | ${this.closedPattern(depth + 1)}`;
    }
  }

  private decorators(out: string[], ind: string): void {
    const n = this.rng.int(3);
    for (let i = 0; i < n; i++) out.push(`${ind}@${this.rng.chance(0.8) ? this.primary() : this.namedExpr()}`);
  }

  private block(out: string[], level: number, ctx: { inFunction: boolean; inLoop: boolean; inAsync: boolean }): void {
    const n = 1 + this.rng.int(3);
    for (let i = 0; i < n; i++) this.statement(out, level, ctx);
  }

  private namedExpr(): string {
    return this.rng.chance(0.15) ? `${this.name()} := ${this.expr()}` : this.expr();
  }

  private starExprs(): string {
    const n = this.rng.chance(0.8) ? 1 : 2 + this.rng.int(2);
    const parts = Array.from({ length: n }, () => (this.rng.chance(0.15) ? `*${this.expr(BOR)}` : this.expr()));
    if (n === 1 && parts[0].startsWith('*')) return parts[0] + ',';
    return parts.join(', ') + (n > 1 && this.rng.chance(0.2) ? ',' : '');
  }

  private forTargets(): string {
    return this.rng.chance(0.3) ? `${this.targets()}, ${this.name()}` : this.targets();
  }

  private simpleStatement(ctx: { inFunction: boolean; inLoop: boolean }): string {
    const r = this.rng.int(30);
    switch (r) {
      case 0: case 1: case 2: case 3: return this.starExprs();
      case 4: case 5: case 6: {
        const n = 1 + (this.rng.chance(0.2) ? this.rng.int(2) : 0);
        let t = '';
        for (let i = 0; i < n; i++) t += `${this.assignTarget()} = `;
        return t + (this.rng.chance(0.1) ? `yield ${this.expr()}` : this.starExprs());
      }
      case 7: return `${this.rng.pick([this.name(), `${this.name()}.${this.name()}`, `${this.name()}[${this.expr()}]`])} ${this.rng.pick(AUGOPS)} ${this.expr()}`;
      case 8: return `${this.rng.pick([this.name(), `(${this.name()})`, `${this.name()}.${this.name()}`])}: ${this.expr()}${this.rng.chance(0.5) ? ` = ${this.expr()}` : ''}`;
      case 9: return 'pass';
      case 10: return ctx.inLoop ? this.rng.pick(['break', 'continue']) : 'pass';
      case 11: return `return${this.rng.chance(0.7) ? ' ' + this.starExprs() : ''}`;
      case 12: return `raise${this.rng.chance(0.7) ? ` ${this.expr()}${this.rng.chance(0.3) ? ` from ${this.expr()}` : ''}` : ''}`;
      case 13: return `del ${this.rng.pick([this.name(), `${this.name()}, ${this.name()}.${this.name()}`, `${this.name()}[${this.slices()}]`, `(${this.name()}, ${this.name()})`])}`;
      case 14: return `assert ${this.expr()}${this.rng.chance(0.5) ? `, ${this.expr()}` : ''}`;
      case 15: return `${this.rng.pick(['global', 'nonlocal'])} ${this.name()}${this.rng.chance(0.5) ? `, ${this.name()}` : ''}`;
      case 16: return `import ${this.dotted()}${this.rng.chance(0.3) ? ` as ${this.name()}` : ''}${this.rng.chance(0.2) ? `, ${this.dotted()}` : ''}`;
      case 17: {
        const dots = this.rng.pick(['', '', '.', '..', '...']);
        const mod = dots === '' || this.rng.chance(0.5) ? this.dotted() : '';
        const names = this.rng.chance(0.2) ? '*' : this.rng.chance(0.3) ? `(${this.name()}, ${this.name()} as ${this.name()},)` : `${this.name()}${this.rng.chance(0.3) ? ` as ${this.name()}` : ''}`;
        return `from ${dots}${mod} import ${names}`;
      }
      case 18: return `yield${this.rng.chance(0.5) ? ' ' + this.starExprs() : ''}`;
      case 19: return `yield from ${this.expr()}`;
      case 20: return `${this.assignTarget()} = ${this.expr(SUM)} \\\n    + ${this.expr(TERM)}`;
      default: return this.expr();
    }
  }

  private assignTarget(): string {
    const r = this.rng.int(8);
    if (r < 3) return this.name();
    if (r === 3) return `${this.name()}, *${this.name()}`;
    if (r === 4) return `[${this.name()}, ${this.name()}]`;
    if (r === 5) return `${this.primary()}.${this.name()}`;
    if (r === 6) return `${this.name()}[${this.slices()}]`;
    return `(${this.name()}, ${this.name()})`;
  }

  private dotted(): string {
    return Array.from({ length: 1 + this.rng.int(3) }, () => this.name().replace(/[^\x00-\x7f]/g, 'u')).join('.');
  }
}

/** A fixed-seed sample of programs. */
export function generatePrograms(seed: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(new ProgramGenerator(new Rng(seed * 100003 + i)).program());
  return out;
}
