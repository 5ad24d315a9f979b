// The recorder's translation of `in` and the common methods on short strs
// into the uops of cases/uops_strs.c, which work on a str's inline chars
// (short ASCII: cases/vm.h StrObject.chars). Recorded only when the operands
// seen now carry inline chars, so the uops' exits (a long str, a rope) stay
// rare; anything else is left to the caller, which stitches through tier-1.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from '../heap/heap.ts';
import { textOfChars } from '../heap/str-inline.ts';
import type { DictRecorder } from './record-dicts.ts';

const STR_HANDLE_W = L.STR_HANDLE / 8;
const STR_CHARS_W = L.STR_CHARS / 8;
const ROPE_LO = L.STR_ROPE >>> 0;

/** Whether the value in word w is a str with inline chars. */
export function isInlineStr(heap: Heap, w: number): boolean {
  if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return false;
  const o = heap.objectAt(w);
  return heap.u32[2 * o] === L.OBJ_STR && heap.u32[2 * (o + STR_HANDLE_W)] !== ROPE_LO && heap.u32[2 * (o + STR_CHARS_W) + 1] !== 0;
}

/** sub in s / sub not in s (COMPARE_OP: sub under s). */
export function recordStrIn(r: DictRecorder, sp: number, negate: boolean): boolean {
  if (!isInlineStr(r.heap, sp - 2) || !isInlineStr(r.heap, sp - 1)) return false;
  r.guard(negate ? 'STR_NOT_CONTAINS' : 'STR_CONTAINS', 'type');
  return true;
}

/** The text of the inline str in word w. */
function inlineText(heap: Heap, w: number): string {
  const o = heap.objectAt(w);
  return textOfChars(heap.u32[2 * (o + STR_CHARS_W)], heap.u32[2 * (o + STR_CHARS_W) + 1], heap.readI64(o + L.STR_LENGTH / 8));
}

/** Whether s.replace(old, new) of these inline strs stays inline now (STR_REPLACE exits otherwise). */
function replaceFits(heap: Heap, s: number, old: number, repl: number): boolean {
  const a = inlineText(heap, old);
  return a.length > 0 && inlineText(heap, s).replaceAll(a, inlineText(heap, repl)).length <= L.STR_INLINE_MAX;
}

/** a == b / a != b (COMPARE_OP) of two strs, when STR_EQ decides it now without tier-1. */
export function recordStrEquality(r: DictRecorder, sp: number, negate: boolean, guardPair: () => void): boolean {
  const heap = r.heap;
  const isStr = (w: number) => heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ && heap.u32[2 * heap.objectAt(w)] === L.OBJ_STR;
  if (!isStr(sp - 2) || !isStr(sp - 1)) return false;
  const same = heap.u32[2 * (sp - 2)] === heap.u32[2 * (sp - 1)] && heap.u32[2 * (sp - 2) + 1] === heap.u32[2 * (sp - 1) + 1];
  const length = (w: number) => heap.readI64(heap.objectAt(w) + L.STR_LENGTH / 8);
  if (!same && length(sp - 2) === length(sp - 1) && !(isInlineStr(heap, sp - 2) && isInlineStr(heap, sp - 1))) return false;
  guardPair();
  r.guard('STR_EQ', 'type', { oparg: negate ? 2 : 1 });
  return true;
}

const CASE: Record<string, number> = { lower: 1, upper: 2, capitalize: 3 };
/** STR_IS's opargs (cases/uops_strs.c). */
const PREDICATE: Record<string, number> = {
  isdigit: 1, isdecimal: 1, isnumeric: 1, isalpha: 2, isalnum: 3, isspace: 4, isupper: 5, islower: 6, isascii: 7, isprintable: 8,
};
const STRIP: Record<string, number> = { strip: 1, lstrip: 2, rstrip: 3 };

/** s.name(args) (CALL_METHOD: s under its n arguments) for the methods cases/uops_strs.c has. */
export function recordStrMethod(r: DictRecorder, sp: number, name: string, n: number): boolean {
  const heap = r.heap;
  if (!isInlineStr(heap, sp - n - 1)) return false;
  for (let i = 1; i <= n; i++) if (!isInlineStr(heap, sp - i)) return false;
  // Their usual exit is a full allocation buffer (the operands were checked now): an 'alloc'
  // exit returns to tier-1, which lends a fresh one, instead of growing a side trace that
  // would start with the same uop and the same full buffer.
  if (n === 0 && Object.hasOwn(CASE, name)) r.guard('STR_CASE', 'alloc', { oparg: CASE[name] });
  else if (n === 0 && Object.hasOwn(STRIP, name)) r.guard('STR_STRIP', 'alloc', { oparg: STRIP[name] });
  else if (n === 0 && Object.hasOwn(PREDICATE, name)) r.guard('STR_IS', 'type', { oparg: PREDICATE[name] });
  else if (n === 1 && Object.hasOwn(STRIP, name)) r.guard('STR_STRIP_CHARS', 'alloc', { oparg: STRIP[name] });
  else if (n === 2 && name === 'replace' && replaceFits(heap, sp - 3, sp - 2, sp - 1)) r.guard('STR_REPLACE', 'alloc');
  else if (n === 1 && (name === 'startswith' || name === 'endswith')) r.guard('STR_AFFIX', 'type', { oparg: name === 'endswith' ? 2 : 1 });
  else return false;
  return true;
}
