// The _re module behind stdlib/re.ts: patterns translated to JavaScript
// RegExps (library/regex-translate.ts) and run by V8's engine. Spans cross
// this boundary as code point offsets (Python's str indices); a subject with
// astral characters gets a code unit <-> code point table, cached for the
// last subject seen. Huge strs (heap/huge-str.ts) are refused.
import { Kind } from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import { RegexSyntaxError, RegexUnsupported, translatePattern } from '../library/regex-translate.ts';
import { def } from './builtin-registry.ts';
import { intArgOf, setValue, type LibValue } from './library-host.ts';
import { registerModule } from './modules.ts';
import type { Runtime } from './runtime.ts';

interface Compiled {
  source: string;
  ignoreCase: boolean;
  groups: number;
  search?: RegExp;
  match?: RegExp;
  full?: RegExp;
}
const compiled: Compiled[] = [];

function regexOf(c: Compiled, mode: number): RegExp {
  const f = `dv${c.ignoreCase ? 'i' : ''}`;
  if (mode === 0) return (c.search ??= new RegExp(c.source, f + 'g'));
  if (mode === 1) return (c.match ??= new RegExp(c.source, f + 'y'));
  return (c.full ??= new RegExp(`(?:${c.source})(?![\\s\\S])`, f + 'y'));
}

/** A subject string with its code point <-> code unit mapping (identity unless it has surrogates). */
class Subject {
  readonly astral: boolean;
  private cuToCpTable: Int32Array | null = null;
  private cpToCuTable: Int32Array | null = null;
  readonly cpLength: number;
  constructor(readonly s: string) {
    this.astral = /[\uD800-\uDFFF]/.test(s);
    if (!this.astral) { this.cpLength = s.length; return; }
    const cu = new Int32Array(s.length + 1);
    const cp: number[] = [];
    let k = 0;
    for (let i = 0; i < s.length; i++) {
      cu[i] = k;
      const c = s.charCodeAt(i);
      cp.push(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { cu[i + 1] = k; i++; }
      k++;
    }
    cu[s.length] = k;
    cp.push(s.length);
    this.cuToCpTable = cu;
    this.cpToCuTable = Int32Array.from(cp);
    this.cpLength = k;
  }
  cp(cu: number): number { return this.cuToCpTable === null ? cu : this.cuToCpTable[cu]; }
  cu(cp: number): number { return this.cpToCuTable === null ? cp : this.cpToCuTable[cp]; }
}

let lastSubject: Subject | null = null;

function subjectArg(rt: Runtime, w: number): Subject {
  if (rt.objs.kind(w) !== Kind.Str) throw typeError(`expected string or bytes-like object, got '${rt.typeName(w)}'`);
  const o = rt.heap.objectAt(w);
  if (rt.objs.hugeOf(o) !== null) throw new PyError('NotImplementedError', 're: strs longer than 536,870,888 UTF-16 units are not supported');
  const s = rt.objs.strOf(o);
  if (lastSubject !== null && lastSubject.s === s) return lastSubject;
  return (lastSubject = new Subject(s));
}

function strArg(rt: Runtime, w: number): string {
  return subjectArg(rt, w).s;
}

function num(rt: Runtime, w: number): number {
  return Number(intArgOf(rt, w));
}

function compiledArg(rt: Runtime, w: number): Compiled {
  const c = compiled[num(rt, w)];
  if (c === undefined) throw typeError('_re: bad pattern id');
  return c;
}

/** Clamps Python pos/endpos to [0, length] in code points. */
function bounds(subj: Subject, pos: number, endpos: number): [number, number] {
  const n = subj.cpLength;
  if (pos < 0) pos = 0;
  if (pos > n) pos = n;
  if (endpos < 0) endpos = 0;
  if (endpos > n) endpos = n;
  return [pos, endpos];
}

/** One match at or after (mode 0), at (1) or spanning from (2) code unit `at` of `text`. */
function execAt(c: Compiled, mode: number, text: string, at: number): RegExpExecArray | null {
  const re = regexOf(c, mode);
  re.lastIndex = at;
  return re.exec(text);
}

function spansOf(m: RegExpExecArray, subj: Subject, groups: number, out: number[]): void {
  const ind = m.indices!;
  for (let g = 0; g <= groups; g++) {
    const sp = ind[g];
    if (sp === undefined) out.push(-1, -1);
    else out.push(subj.cp(sp[0]), subj.cp(sp[1]));
  }
}

/** Every match from pos to endpos (code points) as python3's finditer finds them, up to count (0: all). */
function scan(c: Compiled, subj: Subject, pos: number, endpos: number, count: number, each: (m: RegExpExecArray) => void): void {
  const text = endpos < subj.cpLength ? subj.s.slice(0, subj.cu(endpos)) : subj.s;
  let at = subj.cu(pos);
  let previousEmpty = false;
  let n = 0;
  while (at <= text.length && (count === 0 || n < count)) {
    const m = execAt(c, 0, text, at);
    if (m === null) break;
    const [s, e] = m.indices![0];
    if (s === e && previousEmpty && s === at) {
      // an empty match where the last (empty) one ended: python3 moves on one character
      if (at >= text.length) break;
      at += at + 1 < text.length && (text.charCodeAt(at) & 0xfc00) === 0xd800 ? 2 : 1;
      previousEmpty = false;
      continue;
    }
    each(m);
    n++;
    at = e;
    previousEmpty = s === e;
  }
}

def('compile', (rt, a, n, dst) => {
  if (n !== 2) throw typeError('_re.compile(pattern, flags)');
  const pattern = strArg(rt, a);
  const flags = num(rt, a + 1);
  let result: LibValue;
  try {
    const t = translatePattern(pattern, flags);
    const id = compiled.length;
    const source = t.source;
    // V8 checks the translation; a failure here is a construct the translator passed through
    new RegExp(source, 'dv' + (t.flags & 2 ? 'i' : ''));
    compiled.push({ source, ignoreCase: (t.flags & 2) !== 0, groups: t.groups });
    const names: LibValue[] = [...t.names].map(([k, v]) => [k, BigInt(v)]);
    result = [BigInt(id), BigInt(t.flags), BigInt(t.groups), names];
  } catch (e) {
    if (e instanceof RegexSyntaxError) result = [-1n, e.msg, BigInt(e.pos)];
    else if (e instanceof RegexUnsupported) result = [-2n, e.message, 0n];
    else if (e instanceof SyntaxError) result = [-2n, `this pattern cannot be translated to a JavaScript RegExp (${e.message})`, 0n];
    else throw e;
  }
  setValue(rt, dst, result);
}, '_re');

// exec(id, string, pos, endpos, mode): mode 0 search, 1 match, 2 fullmatch; a tuple of spans (-1 for groups that did not take part) or None
def('exec', (rt, a, n, dst) => {
  if (n !== 5) throw typeError('_re.exec(id, string, pos, endpos, mode)');
  const c = compiledArg(rt, a);
  const subj = subjectArg(rt, a + 1);
  const [pos, endpos] = bounds(subj, num(rt, a + 2), num(rt, a + 3));
  const mode = num(rt, a + 4);
  if (endpos < pos) { setValue(rt, dst, null); return; }
  const text = endpos < subj.cpLength ? subj.s.slice(0, subj.cu(endpos)) : subj.s;
  const m = execAt(c, mode, text, subj.cu(pos));
  if (m === null) { setValue(rt, dst, null); return; }
  const out: number[] = [];
  spansOf(m, subj, c.groups, out);
  setValue(rt, dst, out.map(BigInt));
}, '_re');

// scan(id, string, pos, endpos, count): the spans of every match, flattened
def('scan', (rt, a, n, dst) => {
  if (n !== 5) throw typeError('_re.scan(id, string, pos, endpos, count)');
  const c = compiledArg(rt, a);
  const subj = subjectArg(rt, a + 1);
  const [pos, endpos] = bounds(subj, num(rt, a + 2), num(rt, a + 3));
  const out: number[] = [];
  if (endpos >= pos) scan(c, subj, pos, endpos, num(rt, a + 4), (m) => spansOf(m, subj, c.groups, out));
  setValue(rt, dst, out.map(BigInt));
}, '_re');

// findall(id, string, pos, endpos): python3's findall (strs, or tuples of strs with more than one group), as a tuple
def('findall', (rt, a, n, dst) => {
  if (n !== 4) throw typeError('_re.findall(id, string, pos, endpos)');
  const c = compiledArg(rt, a);
  const subj = subjectArg(rt, a + 1);
  const [pos, endpos] = bounds(subj, num(rt, a + 2), num(rt, a + 3));
  const out: LibValue[] = [];
  if (endpos >= pos) {
    scan(c, subj, pos, endpos, 0, (m) => {
      if (c.groups === 0) out.push(m[0]);
      else if (c.groups === 1) out.push(m[1] ?? '');
      else out.push(Array.from({ length: c.groups }, (_, g) => m[g + 1] ?? ''));
    });
  }
  setValue(rt, dst, out);
}, '_re');

// sub(id, template, string, count): template is a tuple of strs (literal text) and ints (groups); returns (new string, number of subs)
def('sub', (rt, a, n, dst) => {
  if (n !== 4) throw typeError('_re.sub(id, template, string, count)');
  const c = compiledArg(rt, a);
  const t = a + 1;
  if (rt.objs.kind(t) !== Kind.Tuple) throw typeError('_re.sub: template must be a tuple');
  const seq = rt.objs.sequence(t)!;
  const parts: (string | number)[] = [];
  for (let i = 0; i < seq.length; i++) {
    const w = seq.first + i;
    parts.push(rt.objs.kind(w) === Kind.Str ? strArg(rt, w) : num(rt, w));
  }
  const subj = subjectArg(rt, a + 2);
  const count = num(rt, a + 3);
  const s = subj.s;
  let out = '';
  let last = 0;
  let subs = 0;
  scan(c, subj, 0, subj.cpLength, count, (m) => {
    const [ms, me] = m.indices![0];
    out += s.slice(last, ms);
    for (const p of parts) out += typeof p === 'string' ? p : (m[p] ?? '');
    last = me;
    subs++;
  });
  out += s.slice(last);
  setValue(rt, dst, [subs === 0 ? s : out, BigInt(subs)]);
}, '_re');

registerModule('_re');
