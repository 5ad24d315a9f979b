// Short strs in traces (runtime/vm/tracing/record-strs.ts records them): `in`
// and the common methods on strs that carry inline chars (short ASCII,
// cases/vm.h StrObject.chars), computed on that word and returning new
// inline-only strs from the lent buffer, which tier-1 gives text when it
// reads them. Any operand without inline chars (a long str, a rope, another
// type) exits before anything changes: tier-1 runs the bytecode.

/// Truthiness of a str (any: a rope knows its length too).
uop TO_BOOL_STR (value: str -- res: bool) { res = BOX_BOOL(((StrObject *)UNBOX_OBJ(value))->length != 0); }

/// s[index] of a str with inline chars: OPERAND0 is the pinned tuple of the
/// 128 ASCII one-character strs tier-1 shares. A negative index counts from
/// the end; out of range, or a str without inline chars, exits (tier-1 raises IndexError).
uop STR_INDEX_INLINE (s, index: int -- res: str) {
  EXIT_IF(!value_is_inline_str(s));
  StrObject *o = (StrObject *)UNBOX_OBJ(s);
  int64_t i = UNBOX_INT(index);
  if (i < 0) i += o->length;
  EXIT_IF((uint64_t)i >= (uint64_t)o->length);
  res = ((TupleObject *)(uintptr_t)OPERAND0)->items[STR_CHAR_AT(o->chars, i)];
}

/// s[index] of any str whose code units native code can read: its inline
/// chars, the byte buffer of a flat str with code points below U+0100
/// (VMState.str_units, runtime/vm/heap/str-units.ts), or a shallow rope over
/// such strs (str_unit_at). OPERAND0 is the pinned
/// tuple of the 256 one-character strs U+0000..U+00FF tier-1 shares. A
/// negative index counts from the end; out of range, or a str without
/// readable units (a rope, a wider code point, none made yet), exits (tier-1
/// raises IndexError, or indexes it and makes its units).
uop STR_INDEX_UNITS (s, index: int -- res: str) {
  EXIT_IF(!IS_OBJ(s) || ((ObjHeader *)UNBOX_OBJ(s))->type != OBJ_STR);
  const StrObject *o = (const StrObject *)UNBOX_OBJ(s);
  int64_t i = UNBOX_INT(index);
  if (i < 0) i += o->length;
  EXIT_IF((uint64_t)i >= (uint64_t)o->length);
  int c = str_unit_at(vm, o, i);
  EXIT_IF(c < 0);
  res = ((TupleObject *)(uintptr_t)OPERAND0)->items[c];
}

/// s[start:stop] of a str whose code units native code can read
/// (STR_INDEX_UNITS), bounds ints or None: a slice of at most STR_INLINE_MAX
/// ASCII code points is a new inline-only str in the lent buffer, one latin-1
/// code point the shared one-character str from the tuple OPERAND0. A longer
/// or wider slice, a str without readable units, other bounds or a full
/// buffer exit (tier-1 slices it).
uop STR_SLICE_UNITS (s, start, stop -- res: str) {
  EXIT_IF(!IS_OBJ(s) || ((ObjHeader *)UNBOX_OBJ(s))->type != OBJ_STR);
  const StrObject *o = (const StrObject *)UNBOX_OBJ(s);
  int64_t first, by, count;
  EXIT_IF(!slice_indices(start, stop, NONE_VALUE, o->length, &first, &by, &count));
  EXIT_IF(count > STR_INLINE_MAX);
  uint64_t chars = 0;
  Value one = 0;
  if (str_is_inline(o)) {
    chars = STR_CHARS_PREFIX(o->chars >> (7 * first), count);
  } else {
    int wide = 0, unread = 0;
    for (int64_t i = 0; i < count; i++) {
      int c = str_unit_at(vm, o, first + i);
      unread |= c < 0;
      wide |= c;
      chars |= (uint64_t)(c & 127) << (7 * i);
    }
    EXIT_IF(unread);
    if (count == 1) one = ((TupleObject *)(uintptr_t)OPERAND0)->items[str_unit_at(vm, o, first)];
    EXIT_IF(wide >= 128 && one == 0);
  }
  if (one == 0) one = vm_new_inline_str(vm, chars | STR_CHARS_INLINE, count);
  EXIT_IF(one == 0);
  res = one;
}

/// a == b (OPARG 1) or a != b (OPARG 2) of two strs: identical, of different
/// lengths, or both with inline chars; two other strs exit (tier-1 compares their text).
uop STR_EQ (a: str, b: str -- res: bool) {
  StrObject *x = (StrObject *)UNBOX_OBJ(a), *y = (StrObject *)UNBOX_OBJ(b);
  int eq;
  if (a == b) eq = 1;
  else if (x->length != y->length) eq = 0;
  else {
    EXIT_IF(!str_is_inline(x) || !str_is_inline(y));
    eq = x->chars == y->chars;
  }
  res = BOX_BOOL(OPARG == 2 ? !eq : eq);
}

/// s.startswith(affix) (OPARG 1) or s.endswith(affix) (OPARG 2) of two inline strs.
uop STR_AFFIX (s, affix -- res: bool) {
  EXIT_IF(!value_is_inline_str(s) || !value_is_inline_str(affix));
  StrObject *o = (StrObject *)UNBOX_OBJ(s), *a = (StrObject *)UNBOX_OBJ(affix);
  int64_t n = o->length, m = a->length;
  int match = 0;
  if (m <= n) {
    uint64_t from = OPARG == 2 ? o->chars >> (7 * (n - m)) : o->chars;
    match = STR_CHARS_PREFIX(from, m) == (a->chars & ~STR_CHARS_INLINE);
  }
  res = BOX_BOOL(match);
}

/// sub in s (COMPARE_OP in) of two inline strs.
uop STR_CONTAINS (sub, s -- res: bool) {
  EXIT_IF(!value_is_inline_str(sub) || !value_is_inline_str(s));
  res = BOX_BOOL(str_inline_find((StrObject *)UNBOX_OBJ(s), (StrObject *)UNBOX_OBJ(sub), 0) >= 0);
}

/// sub not in s.
uop STR_NOT_CONTAINS (sub, s -- res: bool) {
  EXIT_IF(!value_is_inline_str(sub) || !value_is_inline_str(s));
  res = BOX_BOOL(str_inline_find((StrObject *)UNBOX_OBJ(s), (StrObject *)UNBOX_OBJ(sub), 0) < 0);
}

/// s.isdigit() / isdecimal() / isnumeric() (OPARG 1), isalpha() (2),
/// isalnum() (3), isspace() (4), isupper() (5), islower() (6), isascii() (7)
/// or isprintable() (8) of an inline (ASCII) str, by python3's rules for
/// ASCII: the first four need a non-empty str of such chars, isupper/islower a
/// cased char and none of the other case.
uop STR_IS (s -- res: bool) {
  EXIT_IF(!value_is_inline_str(s));
  StrObject *o = (StrObject *)UNBOX_OBJ(s);
  int all_digit = 1, all_alpha = 1, all_alnum = 1, all_space = 1, all_print = 1, upper = 0, lower = 0;
  for (int64_t i = 0; i < o->length; i++) {
    unsigned c = STR_CHAR_AT(o->chars, i);
    int d = c - '0' < 10u, u = c - 'A' < 26u, l = c - 'a' < 26u;
    int sp_ = c == ' ' || c - 9u < 5u || c - 28u < 4u;
    all_digit &= d;
    all_alpha &= u | l;
    all_alnum &= d | u | l;
    all_space &= sp_;
    all_print &= c - 32u < 95u;
    upper |= u;
    lower |= l;
  }
  int any = o->length > 0;
  // Every answer as bit OPARG (no switch: a jump table would be data the stencil cannot carry).
  unsigned answers = (unsigned)(any & all_digit) << 1 | (unsigned)(any & all_alpha) << 2 | (unsigned)(any & all_alnum) << 3 |
                     (unsigned)(any & all_space) << 4 | (unsigned)(upper & !lower) << 5 | (unsigned)(lower & !upper) << 6 |
                     1u << 7 | (unsigned)all_print << 8;
  res = BOX_BOOL((answers >> OPARG) & 1u);
}

/// s.lower() (OPARG 1), s.upper() (2) or s.capitalize() (3) of an inline str.
/// (The opargs of these uops are never 0: OPARG is the address of a symbol,
/// which clang takes to be nonzero, so a test of OPARG against 0 is folded.)
uop STR_CASE (s -- res: str) {
  EXIT_IF(!value_is_inline_str(s));
  StrObject *o = (StrObject *)UNBOX_OBJ(s);
  uint64_t out = STR_CHARS_INLINE;
  for (int64_t i = 0; i < o->length; i++) {
    unsigned c = STR_CHAR_AT(o->chars, i);
    int upper = OPARG == 2 || (OPARG == 3 && i == 0);
    if (upper && c >= 'a' && c <= 'z') c -= 32;
    else if (!upper && c >= 'A' && c <= 'Z') c += 32;
    out |= (uint64_t)c << (7 * i);
  }
  Value r = vm_new_inline_str(vm, out, o->length);
  EXIT_IF(r == 0);
  res = r;
}

/// s.strip(chars) (OPARG 1), s.lstrip(chars) (2) or s.rstrip(chars) (3) of inline strs;
/// the str itself when nothing is stripped, as python3 returns it.
uop STR_STRIP_CHARS (s, chars -- res: str) {
  EXIT_IF(!value_is_inline_str(s) || !value_is_inline_str(chars));
  StrObject *o = (StrObject *)UNBOX_OBJ(s), *cs = (StrObject *)UNBOX_OBJ(chars);
  uint64_t set_lo = 0, set_hi = 0;
  for (int64_t i = 0; i < cs->length; i++) {
    unsigned c = STR_CHAR_AT(cs->chars, i);
    if (c < 64) set_lo |= 1ull << c; else set_hi |= 1ull << (c - 64);
  }
  int64_t start = 0, end = o->length;
#define IN_SET(c) ((c) < 64 ? (set_lo >> (c)) & 1 : (set_hi >> ((c) - 64)) & 1)
  if (OPARG != 3) while (start < end && IN_SET(STR_CHAR_AT(o->chars, start))) start++;
  if (OPARG != 2) while (end > start && IN_SET(STR_CHAR_AT(o->chars, end - 1))) end--;
#undef IN_SET
  if (start == 0 && end == o->length) {
    res = s;
  } else {
    Value r = vm_new_inline_str(vm, STR_CHARS_INLINE | STR_CHARS_PREFIX(o->chars >> (7 * start), end - start), end - start);
    EXIT_IF(r == 0);
    res = r;
  }
}

/// s.strip() (OPARG 1), s.lstrip() (2) or s.rstrip() (3) of an inline str: whitespace.
uop STR_STRIP (s -- res: str) {
  EXIT_IF(!value_is_inline_str(s));
  StrObject *o = (StrObject *)UNBOX_OBJ(s);
  int64_t start = 0, end = o->length;
  if (OPARG != 3) while (start < end && ascii_is_space(STR_CHAR_AT(o->chars, start))) start++;
  if (OPARG != 2) while (end > start && ascii_is_space(STR_CHAR_AT(o->chars, end - 1))) end--;
  if (start == 0 && end == o->length) {
    res = s;
  } else {
    Value r = vm_new_inline_str(vm, STR_CHARS_INLINE | STR_CHARS_PREFIX(o->chars >> (7 * start), end - start), end - start);
    EXIT_IF(r == 0);
    res = r;
  }
}

/// s.replace(old, new) of inline strs (every occurrence, left to right). An
/// empty `old`, or a result too long for inline chars, exits.
uop STR_REPLACE (s, old, repl -- res: str) {
  EXIT_IF(!value_is_inline_str(s) || !value_is_inline_str(old) || !value_is_inline_str(repl));
  StrObject *o = (StrObject *)UNBOX_OBJ(s), *a = (StrObject *)UNBOX_OBJ(old), *b = (StrObject *)UNBOX_OBJ(repl);
  EXIT_IF(a->length == 0);
  uint64_t out = 0, insert = b->chars & ~STR_CHARS_INLINE;
  int64_t n = 0, i = 0, found = 0;
  int fits = 1;
  while (i < o->length) {
    if (i + a->length <= o->length && STR_CHARS_PREFIX(o->chars >> (7 * i), a->length) == (a->chars & ~STR_CHARS_INLINE)) {
      if (n + b->length > STR_INLINE_MAX) { fits = 0; break; }
      out |= insert << (7 * n);
      n += b->length;
      i += a->length;
      found = 1;
    } else {
      if (n + 1 > STR_INLINE_MAX) { fits = 0; break; }
      out |= (uint64_t)STR_CHAR_AT(o->chars, i) << (7 * n);
      n++;
      i++;
    }
  }
  EXIT_IF(!fits);
  if (!found || (n == o->length && (out | STR_CHARS_INLINE) == o->chars)) {
    res = s;  // the str itself when nothing changed, as tier-1 (runtime/vm/interpreter/str-methods.ts) returns it
  } else {
    Value r = vm_new_inline_str(vm, out | STR_CHARS_INLINE, n);
    EXIT_IF(r == 0);
    res = r;
  }
}
