// Python regular expression syntax (the re module, Python 3.11) translated to
// a JavaScript RegExp source for the `v` flag. Everything whose meaning
// differs is rewritten rather than passed through: `.`, `^`, `$`, `\A`, `\Z`,
// `\b`, `\d`, `\w`, `\s` (Unicode by default, ASCII under re.A), group names
// (kept here, emitted as plain numbered groups), backreferences, octal and
// `\x`/`\u`/`\U` escapes, verbose mode and inline flags. What cannot be
// expressed faithfully (possessive quantifiers, atomic groups, conditionals,
// scoped changes of IGNORECASE, bytes-only LOCALE) is refused with
// RegexUnsupported rather than matched wrongly. Positions in errors are code
// point offsets into the pattern, as python3's.

export const FLAG = { I: 2, L: 4, M: 8, S: 16, U: 32, X: 64, A: 256 } as const;

/** A pattern python3 rejects too: re.error with python3's message and position. */
export class RegexSyntaxError extends Error {
  constructor(readonly msg: string, readonly pos: number) { super(msg); }
}

/** A valid Python pattern this VM cannot translate. */
export class RegexUnsupported extends Error {}

export interface Translated {
  source: string;
  /** The flags after the pattern's leading inline flags, as python3's Pattern.flags (U added for str patterns). */
  flags: number;
  groups: number;
  names: Map<string, number>;
}

const FLAG_LETTERS: Record<string, number> = { a: FLAG.A, i: FLAG.I, L: FLAG.L, m: FLAG.M, s: FLAG.S, u: FLAG.U, x: FLAG.X };

const WORD_U = '\\p{L}\\p{N}_';
const WORD_A = 'A-Za-z0-9_';
const SPACE_U = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_A = ' \\t\\n\\r\\f\\v';

function isDigit(c: string | undefined): boolean { return c !== undefined && c >= '0' && c <= '9'; }
function isOctal(c: string | undefined): boolean { return c !== undefined && c >= '0' && c <= '7'; }
function isHex(c: string | undefined): boolean { return c !== undefined && /^[0-9a-fA-F]$/.test(c); }

/** A literal code point as RegExp source (v flag): letters and digits as they are, the rest as \u{...}. */
function lit(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return String.fromCodePoint(cp);
  return `\\u{${cp.toString(16)}}`;
}

class Translator {
  private readonly cps: string[];
  private i = 0;
  groups = 0;
  readonly names = new Map<string, number>();
  private readonly open = new Set<number>();
  constructor(pattern: string, public flags: number) {
    this.cps = Array.from(pattern);
  }

  private peek(k = 0): string | undefined { return this.cps[this.i + k]; }
  private err(msg: string, pos = this.i): never { throw new RegexSyntaxError(msg, pos); }

  /** Leading global flags: (?imsx) at the very start. */
  leadingFlags(): void {
    for (;;) {
      if (this.peek() !== '(' || this.peek(1) !== '?') return;
      let j = this.i + 2;
      let f = 0;
      while (j < this.cps.length && FLAG_LETTERS[this.cps[j]] !== undefined) f |= FLAG_LETTERS[this.cps[j++]];
      if (j === this.i + 2 || this.cps[j] !== ')') return;
      this.flags |= f;
      this.i = j + 1;
    }
  }

  translate(): string {
    this.leadingFlags();
    if (this.flags & FLAG.L) throw new RegexSyntaxError('cannot use LOCALE flag with a str pattern', 0);
    if ((this.flags & FLAG.A) && (this.flags & FLAG.U)) throw new RegexSyntaxError('ASCII and UNICODE flags are incompatible', 0);
    const out = this.alternation(this.flags, 0);
    if (this.i < this.cps.length) {
      if (this.peek() === ')') this.err('unbalanced parenthesis');
      this.err('internal: unparsed pattern');
    }
    return out;
  }

  private skipVerbose(flags: number): void {
    if (!(flags & FLAG.X)) return;
    for (;;) {
      const c = this.peek();
      if (c === undefined) return;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f') { this.i++; continue; }
      if (c === '#') {
        while (this.i < this.cps.length && this.peek() !== '\n') this.i++;
        continue;
      }
      return;
    }
  }

  private alternation(flags: number, depth: number): string {
    let out = '';
    for (;;) {
      out += this.sequence(flags, depth);
      if (this.peek() === '|') { this.i++; out += '|'; continue; }
      return out;
    }
  }

  private sequence(flags: number, depth: number): string {
    let out = '';
    for (;;) {
      this.skipVerbose(flags);
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') return out;
      const start = this.i;
      const atom = this.atom(flags, depth);
      if (atom === null) continue; // a comment group or inline flags
      out += atom.src + this.quantifier(flags, atom.repeatable, start);
    }
  }

  private quantifier(flags: number, repeatable: boolean, _start: number): string {
    this.skipVerbose(flags);
    const at = this.i;
    const q = this.readQuantifier();
    if (q === null) return '';
    if (!repeatable) this.err('nothing to repeat', at);
    let out = q;
    if (this.peek() === '?') { this.i++; out += '?'; } else if (this.peek() === '+') {
      throw new RegexUnsupported('possessive quantifiers (*+, ++, ?+, {m,n}+) are not supported');
    }
    this.skipVerbose(flags);
    const again = this.i;
    if (this.readQuantifier() !== null) this.err('multiple repeat', again);
    return out;
  }

  /** *, +, ?, {m}, {m,}, {,n}, {m,n} (a { that is not one is a literal). */
  private readQuantifier(): string | null {
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') { this.i++; return c; }
    if (c !== '{') return null;
    let j = this.i + 1;
    let lo = '';
    let hi = '';
    while (isDigit(this.cps[j])) lo += this.cps[j++];
    let comma = false;
    if (this.cps[j] === ',') {
      comma = true;
      j++;
      while (isDigit(this.cps[j])) hi += this.cps[j++];
    }
    if (this.cps[j] !== '}' || (lo === '' && !comma)) return null;
    if (lo === '' && hi === '' && !comma) return null;
    const at = this.i;
    this.i = j + 1;
    const min = lo === '' ? 0 : Number(lo);
    if (!comma) return `{${min}}`;
    if (hi === '') return `{${min},}`;
    const max = Number(hi);
    if (max < min) this.err('min repeat greater than max repeat', at + 1);
    return `{${min},${max}}`;
  }

  private atom(flags: number, depth: number): { src: string; repeatable: boolean } | null {
    const start = this.i;
    const c = this.cps[this.i++];
    switch (c) {
      case '.': return { src: flags & FLAG.S ? '[\\s\\S]' : '[^\\n]', repeatable: true };
      case '^': return { src: flags & FLAG.M ? '(?<![^\\n])' : '(?<![\\s\\S])', repeatable: false };
      case '$': return { src: flags & FLAG.M ? '(?![^\\n])' : '(?=\\n?(?![\\s\\S]))', repeatable: false };
      case '*': case '+': case '?': this.err('nothing to repeat', start); break;
      case '{': {
        this.i = start;
        if (this.readQuantifier() !== null) this.err('nothing to repeat', start);
        this.i = start + 1;
        return { src: lit(0x7b), repeatable: true };
      }
      case '[': return { src: this.charClass(flags, start), repeatable: true };
      case '(': return this.group(flags, depth, start);
      case '\\': return this.escape(flags, start);
      default: return { src: lit(c.codePointAt(0)!), repeatable: true };
    }
    throw new Error('unreachable');
  }

  private group(flags: number, depth: number, start: number): { src: string; repeatable: boolean } | null {
    let prefix = '(';
    let capture = false;
    let name: string | null = null;
    let inner = flags;
    let lookbehind = false;
    if (this.peek() === '?') {
      this.i++;
      const c = this.cps[this.i++];
      if (c === ':') prefix = '(?:';
      else if (c === '=' || c === '!') prefix = `(?${c}`;
      else if (c === '<' && (this.peek() === '=' || this.peek() === '!')) { prefix = `(?<${this.cps[this.i++]}`; lookbehind = true; }
      else if (c === '#') {
        while (this.i < this.cps.length && this.peek() !== ')') this.i++;
        if (this.i >= this.cps.length) this.err('missing ), unterminated comment', start);
        this.i++;
        return null;
      } else if (c === 'P') {
        const d = this.cps[this.i++];
        if (d === '<') {
          name = this.groupName('>', start);
          if (this.names.has(name)) {
            this.err(`redefinition of group name '${name}' as group ${this.groups + 1}; was group ${this.names.get(name)}`, this.i - name.length - 1);
          }
          capture = true;
        } else if (d === '=') {
          const at = this.i;
          const ref = this.groupName(')', start);
          const g = this.names.get(ref);
          if (g === undefined) this.err(`unknown group name '${ref}'`, at);
          if (this.open.has(g)) this.err('cannot refer to an open group', at - 4);
          return { src: `(?:\\${g})`, repeatable: true };
        } else if (d === undefined) this.err('unexpected end of pattern');
        else this.err(`unknown extension ?P${d}`, this.i - 3);
      } else if (c === '(') {
        throw new RegexUnsupported('conditional groups (?(id)yes|no) are not supported');
      } else if (c === '>') {
        throw new RegexUnsupported('atomic groups (?>...) are not supported');
      } else if (c !== undefined && (FLAG_LETTERS[c] !== undefined || c === '-')) {
        this.i--;
        let on = 0;
        let off = 0;
        while (FLAG_LETTERS[this.peek() ?? ''] !== undefined) on |= FLAG_LETTERS[this.cps[this.i++]];
        if (this.peek() === '-') {
          this.i++;
          while (FLAG_LETTERS[this.peek() ?? ''] !== undefined) off |= FLAG_LETTERS[this.cps[this.i++]];
        }
        const d = this.cps[this.i++];
        if (d === ')') {
          if (off === 0) this.err('global flags not at the start of the expression', start);
          this.err('missing :', this.i - 1);
        }
        if (d !== ':') this.err(d === undefined ? 'missing -, : or )' : 'unknown flag', this.i - 1);
        if (((flags | on) & ~off & FLAG.I) !== (flags & FLAG.I)) {
          throw new RegexUnsupported('a scoped change of IGNORECASE ((?i:...), (?-i:...)) is not supported');
        }
        inner = (flags | on) & ~off;
        prefix = '(?:';
      } else if (c === undefined) this.err('unexpected end of pattern');
      else this.err(`unknown extension ?${c}`, start + 1);
    } else capture = true;
    let g = 0;
    if (capture) {
      g = ++this.groups;
      if (name !== null) this.names.set(name, g);
      this.open.add(g);
    }
    const body = this.alternation(inner, depth + 1);
    if (this.peek() !== ')') this.err('missing ), unterminated subpattern', start);
    this.i++;
    if (capture) this.open.delete(g);
    return { src: prefix + body + ')', repeatable: !lookbehind || true };
  }

  private groupName(end: string, start: number): string {
    let name = '';
    const at = this.i;
    while (this.i < this.cps.length && this.peek() !== end) name += this.cps[this.i++];
    if (this.i >= this.cps.length) this.err(`missing ${end}, unterminated name`, at);
    this.i++;
    if (name === '') this.err('missing group name', at);
    if (!/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(name)) this.err(`bad character in group name '${name}'`, at);
    void start;
    return name;
  }

  /** The class a \d \w \s (or negation) escape stands for, as the inside of a [...] (a nested class when negated). */
  private classEscape(c: string, flags: number): string | null {
    const a = (flags & FLAG.A) !== 0;
    switch (c) {
      case 'd': return a ? '0-9' : '\\p{Nd}';
      case 'D': return a ? '[^0-9]' : '\\P{Nd}';
      case 'w': return a ? WORD_A : WORD_U;
      case 'W': return `[^${a ? WORD_A : WORD_U}]`;
      case 's': return a ? SPACE_A : SPACE_U;
      case 'S': return `[^${a ? SPACE_A : SPACE_U}]`;
    }
    return null;
  }

  /** A character escape's code point (\n, \x41, \101, \., ...), or null when c is not one. Reads past it. */
  private charEscape(c: string, start: number, inClass: boolean): number | null {
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
    if (simple[c] !== undefined) return simple[c];
    if (c === 'b' && inClass) return 8;
    if (c === 'x' || c === 'u' || c === 'U') {
      const n = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      let h = '';
      for (let k = 0; k < n && isHex(this.peek()); k++) h += this.cps[this.i++];
      if (h.length < n) this.err(`incomplete escape \\${c}${h}`, start);
      const v = parseInt(h, 16);
      if (v > 0x10ffff) this.err(`bad escape \\${c}${h}`, start);
      return v;
    }
    if (c === 'N') throw new RegexUnsupported('\\N{...} escapes are not supported');
    if (c === '0' || (inClass && isOctal(c))) {
      let o = c;
      while (o.length < 3 && isOctal(this.peek())) o += this.cps[this.i++];
      const v = parseInt(o, 8);
      if (v > 0o377) this.err(`octal escape value \\${o} outside of range 0-0o377`, start);
      return v;
    }
    if (/^[A-Za-z0-9]$/.test(c)) return null;
    return c.codePointAt(0)!;
  }

  private escape(flags: number, start: number): { src: string; repeatable: boolean } {
    const c = this.cps[this.i++];
    if (c === undefined) this.err('bad escape (end of pattern)', start);
    const cls = this.classEscape(c, flags);
    if (cls !== null) return { src: cls.startsWith('[') ? cls : `[${cls}]`, repeatable: true };
    const w = flags & FLAG.A ? WORD_A : WORD_U;
    switch (c) {
      case 'A': return { src: '(?<![\\s\\S])', repeatable: false };
      case 'Z': return { src: '(?![\\s\\S])', repeatable: false };
      case 'b': return { src: `(?:(?<=[${w}])(?![${w}])|(?<![${w}])(?=[${w}]))`, repeatable: false };
      case 'B': return { src: `(?:(?<=[${w}])(?=[${w}])|(?<![${w}])(?![${w}]))`, repeatable: false };
    }
    if (c >= '1' && c <= '9') {
      // \12 is group 12 unless three octal digits make an octal escape
      if (isOctal(c) && isOctal(this.peek()) && isOctal(this.peek(1))) {
        const o = c + this.cps[this.i] + this.cps[this.i + 1];
        this.i += 2;
        const v = parseInt(o, 8);
        if (v > 0o377) this.err(`octal escape value \\${o} outside of range 0-0o377`, start);
        return { src: lit(v), repeatable: true };
      }
      let num = c;
      if (isDigit(this.peek())) num += this.cps[this.i++];
      const g = Number(num);
      if (g > this.groups) this.err(`invalid group reference ${g}`, start + 1);
      if (this.open.has(g)) this.err('cannot refer to an open group', start);
      return { src: `(?:\\${g})`, repeatable: true };
    }
    const cp = this.charEscape(c, start, false);
    if (cp === null) this.err(`bad escape \\${c}`, start);
    return { src: lit(cp), repeatable: true };
  }

  private charClass(flags: number, start: number): string {
    let out = '[';
    if (this.peek() === '^') { this.i++; out += '^'; }
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.err('unterminated character set', start);
      if (c === ']' && !first) { this.i++; break; }
      first = false;
      const itemStart = this.i;
      const item = this.classItem(flags);
      if (typeof item === 'string') { out += item; continue; }
      // a range?
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.i++;
        const hiStart = this.i;
        const hi = this.classItem(flags);
        if (typeof hi === 'string') this.err(`bad character range ${this.cps.slice(itemStart, this.i).join('')}`, itemStart);
        if (hi < item) this.err(`bad character range ${this.cps.slice(itemStart, this.i).join('')}`, itemStart);
        void hiStart;
        out += `${lit(item)}-${lit(hi)}`;
      } else out += lit(item);
    }
    return out + ']';
  }

  /** One class member: a code point, or a class escape's source. */
  private classItem(flags: number): number | string {
    const start = this.i;
    const c = this.cps[this.i++];
    if (c !== '\\') return c.codePointAt(0)!;
    const e = this.cps[this.i++];
    if (e === undefined) this.err('bad escape (end of pattern)', start);
    const cls = this.classEscape(e, flags);
    if (cls !== null) return cls.startsWith('[') ? cls : `[${cls}]`;
    const cp = this.charEscape(e, start, true);
    if (cp === null) this.err(`bad escape \\${e}`, start);
    return cp;
  }
}

/** Translates a Python str pattern under `flags` (RegexSyntaxError / RegexUnsupported when it cannot). */
export function translatePattern(pattern: string, flags: number): Translated {
  if (flags & FLAG.L) throw new RegexSyntaxError('cannot use LOCALE flag with a str pattern', 0);
  const t = new Translator(pattern, flags);
  const source = t.translate();
  let f = t.flags;
  if (!(f & FLAG.A)) f |= FLAG.U;
  return { source, flags: f, groups: t.groups, names: t.names };
}
