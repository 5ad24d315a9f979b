// Bytes that are not UTF-8 in a file that declares `coding: utf-8` (or starts
// with a BOM). python3 then reads the file without checking it and reports a
// bad byte only when it converts the token that holds it: a name or a string
// literal fails with "(unicode error) 'utf-8' codec can't decode byte ...", a
// comment passes. Such bytes are kept in the text as U+DC80..U+DCFF (Python's
// own "surrogateescape"), so that the tokenizer and literal decoding can give
// python3's error where python3 gives it.
import { utf8ErrorAt } from './source-decoding.ts';

/** U+DC80..U+DCFF not preceded by a high surrogate (a pair's low half is a real character). */
const ESCAPED = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

/** Index of the first escaped byte in `text`, or -1. */
export function firstEscapedByte(text: string): number {
  const m = ESCAPED.exec(text);
  return m === null ? -1 : m.index;
}

/** The bytes `text` stands for: UTF-8, with escaped bytes as themselves. */
function bytesOf(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) {
      out.push(c - 0xdc00);
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    for (const b of new TextEncoder().encode(String.fromCodePoint(cp))) out.push(b);
  }
  return Uint8Array.from(out);
}

/**
 * python3's message for decoding `text` as a whole (a name, a raw string or
 * one without backslashes), or null when it holds no escaped byte.
 */
export function undecodableMessage(text: string): string | null {
  if (firstEscapedByte(text) < 0) return null;
  return `(unicode error) ${utf8ErrorAt(bytesOf(text))}`;
}

/**
 * The same for a literal python3 decodes escape by escape: it decodes each
 * run of non-ASCII bytes on its own, so the position counts from the run.
 */
export function undecodableRunMessage(text: string): string | null {
  const at = firstEscapedByte(text);
  if (at < 0) return null;
  let start = at;
  while (start > 0 && text.charCodeAt(start - 1) >= 0x80) start--;
  let end = at;
  while (end < text.length && text.charCodeAt(end) >= 0x80) end++;
  return `(unicode error) ${utf8ErrorAt(bytesOf(text.slice(start, end)))}`;
}
