// The recorder's translation of string building into the uops of
// cases/uops_str_build.c: str(x), f-string pieces (FORMAT_VALUE without a
// spec, BUILD_STRING), "...%d..." % i and "...%s..." % s with a constant
// format of one conversion, and `for ch in s` over a str with inline chars.
// Each is one uop that exits before it changes anything (a full buffer,
// another type), so a statement costs at most one exit; anything else is left
// to the caller, which stitches through tier-1.
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from '../heap/heap.ts';
import { INLINE_ONLY_HANDLE_LO } from '../heap/objects.ts';
import { isInlineStr } from './record-strs.ts';
import { typeOfWord, VType, wordAt, type ExitReason, type TraceOp } from './trace-ir.ts';

export interface StrBuildRecorder {
  heap: Heap;
  guard(uop: string, reason: ExitReason, extra?: Partial<TraceOp>): void;
  emit(uop: string): void;
  /** The type guard of the value `depth` (1 or 2) slots below the top. */
  guardType(t: VType, depth: 1 | 2): void;
  /** The pinned tuple of the 128 ASCII one-character strs, if the runtime has it. */
  asciiCharTable?(): number;
  /** Native code-unit reading of strs (heap/str-units.ts), if the runtime has it. */
  strUnits?: { ensure(o: number): boolean; latin1Table(): number };
  /** A pinned str object with this text (its word index), or null when the runtime keeps no more. */
  pinnedStr?(text: string): number | null;
  /** A pinned tuple (prefix, suffix) of pinned strs (None for ''), or null. */
  pinnedPair?(prefix: string, suffix: string): number | null;
}

/** The text of a flat str object o with a real handle (a code constant's), or null. */
function flatText(heap: Heap, o: number): string | null {
  const h = heap.u32[2 * (o + L.STR_HANDLE / 8)];
  if (h >= INLINE_ONLY_HANDLE_LO) return null;
  return heap.strings[h] ?? null;
}

function isExactStr(heap: Heap, w: number): boolean {
  return heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ && heap.u32[2 * heap.objectAt(w)] === L.OBJ_STR;
}

/**
 * Whether the value in word w is one of the program's code constants: formats
 * and specs are guarded by identity, which only a constant keeps from one
 * iteration to the next (a spec built at run time would exit every time).
 */
function isCodeConstant(heap: Heap, w: number): boolean {
  const lo = heap.u32[2 * w];
  const hi = heap.u32[2 * w + 1];
  for (let c = heap.constantsW; c < heap.constantsW + heap.constantCount; c++) {
    if (heap.u32[2 * c] === lo && heap.u32[2 * c + 1] === hi) return true;
  }
  return false;
}

/** GET_ITER of a str with inline chars that has no constant table: STR_ITER_INLINE. */
export function recordStrIterInline(r: StrBuildRecorder, w: number): boolean {
  if (!r.asciiCharTable || !isInlineStr(r.heap, w)) return false;
  // Its usual exit is a full buffer (this str has inline chars): back to tier-1, which lends a fresh one.
  r.guard('STR_ITER_INLINE', 'alloc', { operand0: BigInt(r.heap.addressOf(r.asciiCharTable())) });
  return true;
}

/** GET_ITER of a str whose code units native code reads (heap/str-units.ts): STR_ITER_UNITS. */
export function recordStrIterUnits(r: StrBuildRecorder, w: number): boolean {
  const heap = r.heap;
  if (!r.strUnits || heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ || heap.u32[2 * heap.objectAt(w)] !== L.OBJ_STR) return false;
  // STR_ITER_UNITS reads flat strs only: a rope (built by the trace, most likely again on the
  // next pass) is left to tier-1, which flattens it.
  if (heap.u32[2 * (heap.objectAt(w) + L.STR_HANDLE / 8)] === L.STR_ROPE >>> 0) return false;
  if (!r.strUnits.ensure(heap.objectAt(w))) return false;
  // Another str without units, or a full buffer: back to tier-1 (which makes the units when it iterates).
  r.guard('STR_ITER_UNITS', 'alloc', { operand0: BigInt(heap.addressOf(r.strUnits.latin1Table())) });
  return true;
}

/** The result of str(x) or f"{x}" of the top (type t): true when recorded (the value replaced in place). */
function recordToStr(r: StrBuildRecorder, t: VType): boolean {
  if (t === VType.INT) {
    r.guardType(VType.INT, 1);
    r.guard('STR_AFFIX_INT', 'alloc', { operand0: 0n, operand1: 0n });
    return true;
  }
  if (t === VType.STR) {
    // str(s) and f"{s}" of an exact str: the value as it is.
    r.guardType(VType.STR, 1);
    return true;
  }
  return false;
}

/** CALL of the str type with one argument (callee word under it): str(i) of a small int, str(s) of a str. */
export function recordStrCall(r: StrBuildRecorder, callee: bigint, nargs: number, sp: number): boolean {
  if (nargs !== 1) return false;
  const t = typeOfTop(r.heap, sp);
  if (t !== VType.INT && t !== VType.STR) return false;
  r.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: callee });
  recordToStr(r, t);
  r.emit('SWAP');
  r.emit('POP_TOP');
  return true;
}

function typeOfTop(heap: Heap, sp: number): VType {
  const hi = heap.u32[2 * (sp - 1) + 1];
  if (hi >>> 16 === L.TAG_INT) return VType.INT;
  return isExactStr(heap, sp - 1) ? VType.STR : VType.UNKNOWN;
}

/** FORMAT_VALUE (oparg: conversion in bits 0-1, a spec on the stack when bit 2): no spec, no repr/ascii conversion. */
export function recordFormatValue(r: StrBuildRecorder, oparg: number, sp: number): boolean {
  if ((oparg & 4) !== 0) return false;
  const conversion = oparg & 3;
  if (conversion !== 0 && conversion !== 1) return false;
  return recordToStr(r, typeOfTop(r.heap, sp));
}

/** BUILD_STRING n of n strs: STR_CONCAT for two, STR_BUILD3..5 (which check the types themselves) for more. */
export function recordBuildString(r: StrBuildRecorder, n: number, sp: number): boolean {
  for (let i = 1; i <= n; i++) if (!isExactStr(r.heap, sp - i)) return false;
  if (n === 1) return true;
  if (n === 2) {
    r.guardType(VType.STR, 2);
    r.guardType(VType.STR, 1);
    r.guard('STR_CONCAT', 'alloc');
    return true;
  }
  if (n > 5) return false;
  r.guard(`STR_BUILD${n}`, 'alloc');
  return true;
}

/**
 * A printf-style format with exactly one conversion (%d, %i, %s or %f, with
 * flags -+ 0, a width and a precision) and nothing else but literal text and
 * %%; `spec` is the conversion's flags, width and precision as written.
 */
function parsePercent(format: string): { prefix: string; conv: string; flags: string; width: string; prec: string | undefined; suffix: string } | null {
  let prefix = '';
  let suffix = '';
  let found: { conv: string; flags: string; width: string; prec: string | undefined } | null = null;
  const re = /%(?:(%)|([-+ 0]*)([0-9]*)(?:\.([0-9]+))?([difs]))/y;
  for (let i = 0; i < format.length;) {
    if (format[i] !== '%') {
      if (found === null) prefix += format[i];
      else suffix += format[i];
      i++;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(format);
    if (m === null) return null;
    i = re.lastIndex;
    if (m[1] !== undefined) {
      if (found === null) prefix += '%';
      else suffix += '%';
      continue;
    }
    if (found !== null) return null;
    found = { conv: m[5], flags: m[2], width: m[3], prec: m[4] };
  }
  return found === null ? null : { prefix, suffix, ...found };
}

/** The format spec ('{:spec}') that formats a value of type t as the printf conversion does, or null. */
function percentSpec(p: { conv: string; flags: string; width: string; prec: string | undefined }, t: VType): string | null {
  const left = p.flags.includes('-');
  const sign = p.flags.includes('+') ? '+' : p.flags.includes(' ') ? ' ' : '';
  const zero = p.flags.includes('0') && !left ? '0' : '';
  if (p.conv === 's') {
    // %s of a str: padded (right-aligned unless '-'); of an int: str(i), as %d without a sign or zero flag.
    if (p.prec !== undefined || sign !== '' || (p.flags.includes('0') && t === VType.STR)) return null;
    if (t === VType.STR) return `${left ? '<' : '>'}${p.width}`;
    if (t !== VType.INT || zero !== '') return null;
    return `${left ? '<' : '>'}${p.width}d`;
  }
  if (p.conv === 'f') {
    if (t !== VType.INT && t !== VType.FLOAT) return null;
    return `${left ? '<' : ''}${sign}${zero}${p.width}.${p.prec ?? '6'}f`;
  }
  // %d / %i of an int (a float truncates: tier-1).
  if (t !== VType.INT || p.prec !== undefined) return null;
  return `${left ? '<' : ''}${sign}${zero}${p.width}d`;
}

/**
 * BINARY_OP % of a str format (under the top) and one int or str value: the
 * format's identity guarded, its literal parts as pinned strs around the
 * value's text (STR_AFFIX_INT or STR_AFFIX_STR).
 */
export function recordStrPercent(r: StrBuildRecorder, sp: number): boolean {
  const { heap } = r;
  if (!r.pinnedStr || !isExactStr(heap, sp - 2) || !isCodeConstant(heap, sp - 2)) return false;
  const t = typeOfWord(heap, sp - 1);
  if (t !== VType.INT && t !== VType.FLOAT && !(t === VType.STR && isExactStr(heap, sp - 1))) return false;
  const format = flatText(heap, heap.objectAt(sp - 2));
  const parsed = format === null ? null : parsePercent(format);
  if (parsed === null) return false;
  const plain = parsed.flags === '' && parsed.width === '' && parsed.prec === undefined && parsed.conv !== 'f';
  if (plain) {
    if (t === VType.FLOAT || (t === VType.STR && parsed.conv !== 's')) return false;
    const pin = (text: string): bigint | null => {
      if (text === '') return 0n;
      const o = r.pinnedStr!(text);
      return o === null ? null : BigInt(heap.addressOf(o));
    };
    const prefix = pin(parsed.prefix);
    const suffix = pin(parsed.suffix);
    if (prefix === null || suffix === null) return false;
    // Another format fails the identity like a type guard: a side trace specialises on that one.
    r.guard('GUARD_STACK_IS', 'type', { oparg: 2, operand0: wordAt(heap, sp - 2) });
    r.guardType(t, 1);
    r.guard(t === VType.INT ? 'STR_AFFIX_INT' : 'STR_AFFIX_STR', 'alloc', { operand0: prefix, operand1: suffix });
    // The format is still under the result.
    r.emit('SWAP');
    r.emit('POP_TOP');
  } else {
    const spec = percentSpec(parsed, t);
    const packed = spec === null ? null : packSpec(spec, t);
    const pair = packed === null || !r.pinnedPair ? null : r.pinnedPair(parsed.prefix, parsed.suffix);
    if (packed === null || pair === null) return false;
    r.guard('GUARD_STACK_IS', 'type', { oparg: 2, operand0: wordAt(heap, sp - 2) });
    // The uop checks the value's type itself (another exits).
    // Takes the format and the value: the result replaces both.
    r.guard('STR_PERCENT_SPEC', 'alloc', { operand0: packed, operand1: BigInt(heap.addressOf(pair)) });
  }
  return true;
}

/** The items of the list or tuple at word w (the first item's word and the count), or null for anything else. */
function seqItemsAt(heap: Heap, w: number): { first: number; n: number } | null {
  if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return null;
  const seq = heap.objectAt(w);
  const type = heap.u32[2 * seq];
  if (type === L.OBJ_LIST) return { first: heap.wordOf(heap.readI64(seq + L.LIST_ITEMS / 8)) + L.ITEMS_ITEMS / 8, n: heap.readI64(seq + L.LIST_LENGTH / 8) };
  if (type === L.OBJ_TUPLE) return { first: seq + L.TUPLE_ITEMS / 8, n: heap.readI64(seq + L.TUPLE_LENGTH / 8) };
  return null;
}

/**
 * key in seq / key not in seq (COMPARE_OP: key under seq) of an exact str and
 * a list or tuple, when SEQ_CONTAINS_STR decides it now without tier-1 (the
 * C scan's rule, mirrored: no same-length str it cannot read, no instance).
 */
export function recordStrInSeq(r: StrBuildRecorder, sp: number, negate: boolean): boolean {
  const { heap } = r;
  const items = isExactStr(heap, sp - 2) ? seqItemsAt(heap, sp - 1) : null;
  if (items === null) return false;
  const { first, n } = items;
  const key = heap.objectAt(sp - 2);
  const keyLength = heap.readI64(key + L.STR_LENGTH / 8);
  const keyInline = isInlineStr(heap, sp - 2);
  const same = (w: number) => heap.u32[2 * w] === heap.u32[2 * (sp - 2)] && heap.u32[2 * w + 1] === heap.u32[2 * (sp - 2) + 1];
  for (let i = 0; i < n; i++) {
    const w = first + i;
    if (same(w)) break;
    if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) continue;
    const t = heap.u32[2 * heap.objectAt(w)];
    if (t === L.OBJ_STR) {
      if (heap.readI64(heap.objectAt(w) + L.STR_LENGTH / 8) !== keyLength) continue;
      if (!keyInline || !isInlineStr(heap, w)) return false;
      continue;
    }
    if (t === L.OBJ_LIST || t === L.OBJ_TUPLE || t === L.OBJ_DICT || t === L.OBJ_SET) continue;
    return false;
  }
  // The uop checks both operands' types itself; a scan that meets what it cannot compare exits.
  r.guard('SEQ_CONTAINS_STR', 'other', { oparg: negate ? 2 : 1 });
  return true;
}

/** CALL of the builtin ord or chr (callee word under its one argument): ORD_INLINE, CHR_ASCII. */
export function recordOrdChr(r: StrBuildRecorder, name: string, callee: bigint, nargs: number, sp: number): boolean {
  const { heap } = r;
  if (nargs !== 1) return false;
  if (name === 'ord') {
    if (!isInlineStr(heap, sp - 1) || heap.readI64(heap.objectAt(sp - 1) + L.STR_LENGTH / 8) !== 1) return false;
    r.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: callee });
    // Checks its operand itself: another str or type exits, tier-1 converts or raises.
    r.guard('ORD_INLINE', 'type');
  } else if (name === 'chr') {
    if (!r.asciiCharTable || typeOfTop(heap, sp) !== VType.INT) return false;
    const hi = heap.u32[2 * (sp - 1) + 1];
    if ((hi & 0xffff) !== 0 || heap.u32[2 * (sp - 1)] >= 128) return false;
    r.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: callee });
    r.guardType(VType.INT, 1);
    r.guard('CHR_ASCII', 'other', { operand0: BigInt(heap.addressOf(r.asciiCharTable())) });
  } else {
    return false;
  }
  r.emit('SWAP');
  r.emit('POP_TOP');
  return true;
}

/** Most items STR_JOIN joins (cases/str_build.h STR_JOIN_MAX_ITEMS). */
const JOIN_MAX_ITEMS = 256;

/** sep.join(seq) (CALL_METHOD: sep under seq) of a list or tuple of 1..256 exact strs now: STR_JOIN. */
export function recordStrJoin(r: StrBuildRecorder, sp: number): boolean {
  const { heap } = r;
  const items = isExactStr(heap, sp - 2) ? seqItemsAt(heap, sp - 1) : null;
  if (items === null) return false;
  const { first, n } = items;
  if (n < 1 || n > JOIN_MAX_ITEMS) return false;
  for (let i = 0; i < n; i++) if (!isExactStr(heap, first + i)) return false;
  // The uop checks its operands itself; its usual exit is a full buffer.
  r.guard('STR_JOIN', 'alloc');
  return true;
}

/** Longest width and precision STR_FORMAT_SPEC handles (cases/str_build.h FMT_MAX_WIDTH, FMT_MAX_PREC). */
const FMT_MAX_WIDTH = 256;
const FMT_MAX_PREC = 15;
const ALIGNS = '<>^=';
const SIGNS = '-+ ';

/**
 * A format spec (PEP 3101's mini-language, the parts STR_FORMAT_SPEC does) for
 * a value of type t, packed as cases/str_build.h reads it; null for anything
 * else: grouping, 'z', other types, '=' or a sign or a precision with a str,
 * a precision with an int as 'd', what python3 rejects.
 */
export function packSpec(spec: string, t: VType): bigint | null {
  const m = /^(?:([\x20-\x7e])?([<>^=]))?([-+ ])?(0)?([0-9]*)(?:\.([0-9]+))?([dfFs]?)$/.exec(spec);
  if (m === null) return null;
  let [, fill, align, sign, zero, width, prec, type] = m;
  if (fill === '{' || fill === '}') return null;
  if (zero !== undefined) {
    // '0' before the width: zero fill, sign-aware unless an alignment was given.
    if (fill === undefined) fill = '0';
    if (align === undefined) align = '=';
  }
  const w = width === '' ? 0 : Number(width);
  if (w > FMT_MAX_WIDTH) return null;
  let kind: number;
  let p = 0;
  if (t === VType.STR) {
    if ((type !== '' && type !== 's') || sign !== undefined || align === '=' || prec !== undefined || zero !== undefined) return null;
    kind = 2;
    align ??= '<';
  } else if (t === VType.INT && (type === '' || type === 'd')) {
    if (prec !== undefined) return null;
    kind = 0;
    align ??= '>';
  } else if ((t === VType.INT || t === VType.FLOAT) && (type === 'f' || type === 'F')) {
    p = prec === undefined ? 6 : Number(prec);
    if (p > FMT_MAX_PREC) return null;
    kind = 1;
    align ??= '>';
  } else {
    return null;
  }
  fill ??= ' ';
  return BigInt(w) | (BigInt(p) << 12n) | (BigInt(fill.charCodeAt(0)) << 20n) | (BigInt(ALIGNS.indexOf(align)) << 27n) |
    (BigInt(SIGNS.indexOf(sign ?? '-')) << 29n) | (BigInt(kind) << 31n);
}

/** FORMAT_VALUE with a spec (value under its spec), no conversion: the spec's identity guarded, then STR_FORMAT_SPEC. */
export function recordFormatSpec(r: StrBuildRecorder, oparg: number, sp: number): boolean {
  const { heap } = r;
  if ((oparg & 4) === 0 || (oparg & 3) !== 0 || !isExactStr(heap, sp - 1) || !isCodeConstant(heap, sp - 1)) return false;
  const spec = flatText(heap, heap.objectAt(sp - 1));
  const t = typeOfWord(heap, sp - 2);
  if (spec === null || (t !== VType.INT && t !== VType.FLOAT && !(t === VType.STR && isExactStr(heap, sp - 2)))) return false;
  const packed = packSpec(spec, t);
  if (packed === null) return false;
  // Another spec fails the identity like a type guard: a side trace specialises on that one.
  r.guard('GUARD_STACK_IS', 'type', { oparg: 1, operand0: wordAt(heap, sp - 1) });
  r.guard('STR_FORMAT_SPEC', 'alloc', { operand0: packed });
  return true;
}
