// Case maps and is* predicates of a huge str, chunk by chunk. Chunks never
// split a character, but some rules look across a chunk boundary: the final
// sigma (lower, swapcase, title, capitalize) looks past case-ignorable
// characters on both sides, and title/istitle depend on whether the previous
// character is cased. Each chunk is mapped with a one-character stand-in for
// its neighbours ('A' or 'a' for a cased one, nothing for an uncased one),
// which every one of these maps turns into one unit, cut off afterwards.
import { StrBuilder, type HugeStr } from '../heap/huge-str.ts';
import * as S from '../library/str-methods.ts';
import { Prop, codePoints, has, props } from '../library/unicode.ts';
import { selfText, setText } from './huge-strs.ts';
import { hugeStrMethod } from './methods.ts';
import { arity, noKeywords } from './str-methods.ts';

/** The last code point of s (s not empty). */
function lastCodePoint(s: string): number {
  const c = s.charCodeAt(s.length - 1);
  if ((c & 0xfc00) === 0xdc00 && s.length > 1 && (s.charCodeAt(s.length - 2) & 0xfc00) === 0xd800) return s.codePointAt(s.length - 2)!;
  return c;
}

/**
 * For each chunk, whether the text before it (after) ends (starts) with a
 * cased character once case-ignorable ones are skipped: the final sigma's
 * context across chunk boundaries.
 */
function sigmaContext(t: HugeStr): [boolean[], boolean[]] {
  const n = t.chunks.length;
  /** For each chunk: 1 cased, 0 uncased, -1 only case-ignorable, looking from its end (back) or start (ahead). */
  const edge = (s: string, fromEnd: boolean): number => {
    const cps = codePoints(s);
    for (let k = 0; k < cps.length; k++) {
      const c = cps[fromEnd ? cps.length - 1 - k : k];
      if (!has(c, Prop.CaseIgnorable)) return has(c, Prop.Cased) ? 1 : 0;
    }
    return -1;
  };
  const before: boolean[] = new Array(n).fill(false);
  const after: boolean[] = new Array(n).fill(false);
  let state = 0;
  for (let c = 0; c < n; c++) {
    before[c] = state === 1;
    const e = edge(t.chunks[c], true);
    if (e >= 0) state = e;
  }
  state = 0;
  for (let c = n - 1; c >= 0; c--) {
    after[c] = state === 1;
    const e = edge(t.chunks[c], false);
    if (e >= 0) state = e;
  }
  return [before, after];
}

const SIGMA = '\u03a3';

/** Maps each chunk with f, with stand-ins for the context f reads across the boundary. */
function mapChunks(t: HugeStr, f: (s: string) => string, previousCased: boolean, first?: (s: string) => string): StrBuilder {
  const b = new StrBuilder();
  const sigma = t.chunks.some((c) => c.includes(SIGMA));
  const [before, after] = sigma ? sigmaContext(t) : [null, null];
  for (let c = 0; c < t.chunks.length; c++) {
    const chunk = t.chunks[c];
    const map = c === 0 && first !== undefined ? first : f;
    // title reads the previous character's casedness; the sigma rule reads past case-ignorables.
    const pre = c > 0 && (previousCased ? has(lastCodePoint(t.chunks[c - 1]), Prop.Cased) : before !== null && before[c]) ? 'A' : '';
    const post = after !== null && after[c] ? 'a' : '';
    if (pre === '' && post === '') { b.add(map(chunk)); continue; }
    const out = map(pre + chunk + post);
    b.add(out.slice(pre.length, out.length - post.length));
  }
  return b;
}

for (const [name, f, titleLike] of [['lower', S.lower, false], ['swapcase', S.swapcase, false], ['casefold', S.casefold, false], ['title', S.title, true]] as const) {
  hugeStrMethod(name, (rt, self, _args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 0, 0, false);
    setText(rt, dst, mapChunks(selfText(rt, self), f, titleLike).result());
  });
}

hugeStrMethod('capitalize', (rt, self, _args, n, dst, kw) => {
  noKeywords('capitalize', kw);
  arity('capitalize', n, 0, 0, false);
  setText(rt, dst, mapChunks(selfText(rt, self), S.lower, false, S.capitalize).result());
});

/** Predicates true when every chunk's is (a huge str is never empty). */
for (const [name, f] of [['isalpha', S.isalpha], ['isalnum', S.isalnum], ['isascii', S.isascii], ['isdecimal', S.isdecimal], ['isdigit', S.isdigit],
  ['isnumeric', S.isnumeric], ['isspace', S.isspace], ['isprintable', S.isprintable]] as const) {
  hugeStrMethod(name, (rt, self, _args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 0, 0, false);
    const t = selfText(rt, self);
    rt.objs.setBool(dst, t.chunks.length > 0 && t.chunks.every((c) => f(c)));
  });
}

hugeStrMethod('isidentifier', (rt, self, _args, n, dst, kw) => {
  noKeywords('isidentifier', kw);
  arity('isidentifier', n, 0, 0, false);
  const t = selfText(rt, self);
  // Later chunks only need XID_Continue characters: behind an 'a' they pass as one identifier.
  rt.objs.setBool(dst, t.chunks.length > 0 && t.chunks.every((c, i) => S.isidentifier(i === 0 ? c : 'a' + c)));
});

/** islower/isupper: no character of the other case or titlecase anywhere, and one cased character somewhere. */
for (const [name, yes, no] of [['islower', Prop.Lower, Prop.Upper | Prop.Title], ['isupper', Prop.Upper, Prop.Lower | Prop.Title]] as const) {
  hugeStrMethod(name, (rt, self, _args, n, dst, kw) => {
    noKeywords(name, kw);
    arity(name, n, 0, 0, false);
    let cased = false;
    let ok = true;
    for (const chunk of selfText(rt, self).chunks) {
      for (const c of codePoints(chunk)) {
        const p = props(c);
        if (p & no) { ok = false; break; }
        if (p & yes) cased = true;
      }
      if (!ok) break;
    }
    rt.objs.setBool(dst, ok && cased);
  });
}

hugeStrMethod('istitle', (rt, self, _args, n, dst, kw) => {
  noKeywords('istitle', kw);
  arity('istitle', n, 0, 0, false);
  let cased = false;
  let previousCased = false;
  let ok = true;
  for (const chunk of selfText(rt, self).chunks) {
    for (const c of codePoints(chunk)) {
      const p = props(c);
      if (p & (Prop.Upper | Prop.Title)) {
        if (previousCased) { ok = false; break; }
        previousCased = cased = true;
      } else if (p & Prop.Lower) {
        if (!previousCased) { ok = false; break; }
        previousCased = cased = true;
      } else previousCased = false;
    }
    if (!ok) break;
  }
  rt.objs.setBool(dst, ok && cased);
});
