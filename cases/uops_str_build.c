// String building in traces (runtime/vm/tracing/record-str-build.ts records
// them): str(i), f"{i}", "...%d..." % i, "...%s..." % s, f-strings of three
// to five pieces, and `for ch in s` over any str with inline chars. Results
// are inline-only strs when short ASCII (cases/vm.h StrObject.chars) and rope
// nodes over such pieces otherwise: tier-1 gives them text when it reads them,
// as it does for STR_CONCAT's ropes. Every uop checks that the lent buffer has
// room for all it builds before it builds anything, so an exit leaves nothing
// half made and tier-1 redoes the bytecode.

/// str(value), f"{value}" and "prefix%dsuffix" % value of a small int: its
/// decimal digits between the pinned strs OPERAND0 and OPERAND1 (0: none).
uop STR_AFFIX_INT (value: int -- res: str) {
  char buf[24];
  int64_t n = int_decimal(UNBOX_INT(value), buf);
  Value r = str_affix(vm, OPERAND0, 0, buf, n, OPERAND1);
  EXIT_IF(r == 0);
  res = r;
}

/// "prefix%ssuffix" % value of an exact str: it between the pinned strs
/// OPERAND0 and OPERAND1 (0: none). Another type exits (tier-1 formats it).
uop STR_AFFIX_STR (value -- res: str) {
  EXIT_IF(!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_STR);
  // Out of line: inlined here, str_affix's branches put a conditional jump to
  // the next stencil in the hot path.
  Value r = support_str_affix(vm, OPERAND0, (StrObject *)UNBOX_OBJ(value), OPERAND1);
  EXIT_IF(r == 0);
  res = r;
}

/// BUILD_STRING 3 (an f-string of three pieces).
uop STR_BUILD3 (a, b, c -- res: str) {
  Value v[3] = {a, b, c};
  Value r = str_build(vm, v, 3);
  EXIT_IF(r == 0);
  res = r;
}

/// BUILD_STRING 4.
uop STR_BUILD4 (a, b, c, d -- res: str) {
  Value v[4] = {a, b, c, d};
  Value r = str_build(vm, v, 4);
  EXIT_IF(r == 0);
  res = r;
}

/// BUILD_STRING 5.
uop STR_BUILD5 (a, b, c, d, e -- res: str) {
  Value v[5] = {a, b, c, d, e};
  Value r = str_build(vm, v, 5);
  EXIT_IF(r == 0);
  res = r;
}

/// iter(s) of any str with inline chars: a list iterator over a copy of its
/// one-character strs, taken from the pinned tuple OPERAND0 of the 128 ASCII
/// ones tier-1 shares (what tier-1's str iterator yields). A str without
/// inline chars (long, non-ASCII, a rope) or a full buffer exits.
uop STR_ITER_INLINE (s -- iter: list_iter) {
  EXIT_IF(!value_is_inline_str(s));
  StrObject *o = (StrObject *)UNBOX_OBJ(s);
  const Value *table = ((TupleObject *)(uintptr_t)OPERAND0)->items;
  Value chars[STR_INLINE_MAX];
  for (int64_t i = 0; i < o->length; i++) chars[i] = table[STR_CHAR_AT(o->chars, i)];
  ListIterObject *it = list_iter_over_copy(vm, chars, o->length);
  EXIT_IF(it == 0);
  iter = BOX_OBJ(it);
}

/// iter(s) of any flat str whose code units native code can read (STR_INDEX_UNITS; not a rope):
/// a list iterator over a new list of its one-character strs, taken from the
/// pinned tuple OPERAND0 of the 256 below U+0100. A str without readable
/// units or a full buffer exits.
uop STR_ITER_UNITS (s -- iter: list_iter) {
  EXIT_IF(!IS_OBJ(s) || ((ObjHeader *)UNBOX_OBJ(s))->type != OBJ_STR);
  const StrObject *o = (const StrObject *)UNBOX_OBJ(s);
  const Value *table = ((TupleObject *)(uintptr_t)OPERAND0)->items;
  ListIterObject *it;
  if (str_is_inline(o)) {
    Value chars[STR_INLINE_MAX];
    for (int64_t i = 0; i < o->length; i++) chars[i] = table[STR_CHAR_AT(o->chars, i)];
    it = list_iter_over_copy(vm, chars, o->length);
  } else {
    const uint8_t *units = str_units_of(vm, o);
    EXIT_IF(units == 0);
    it = list_iter_over_units(vm, table, units, o->length);
  }
  EXIT_IF(it == 0);
  iter = BOX_OBJ(it);
}

/// key in seq (OPARG 1) or key not in seq (OPARG 2) of an exact str key and a
/// list or tuple (on top): compared as tier-1 compares strs; an item only
/// tier-1 can compare (a long str of the key's length, an instance) exits.
uop SEQ_CONTAINS_STR (key, seq -- res: bool) {
  EXIT_IF(!IS_OBJ(key) || ((ObjHeader *)UNBOX_OBJ(key))->type != OBJ_STR || !IS_OBJ(seq));
  const ObjHeader *h = (const ObjHeader *)UNBOX_OBJ(seq);
  EXIT_IF(h->type != OBJ_LIST && h->type != OBJ_TUPLE);
  int64_t i = h->type == OBJ_LIST ? seq_find_str(((ListObject *)h)->items->items, ((ListObject *)h)->length, key)
                                  : seq_find_str(((TupleObject *)h)->items, ((TupleObject *)h)->length, key);
  EXIT_IF(i == -2);
  res = BOX_BOOL(OPARG == 2 ? i < 0 : i >= 0);
}

/// ord(c) of a one-character str with inline chars. Another str (longer,
/// non-ASCII, a rope) or another type exits (tier-1 converts or raises).
uop ORD_INLINE (c -- res: int) {
  EXIT_IF(!value_is_inline_str(c) || ((StrObject *)UNBOX_OBJ(c))->length != 1);
  res = BOX_INT((int64_t)STR_CHAR_AT(((StrObject *)UNBOX_OBJ(c))->chars, 0));
}

/// chr(i) of a small int below 128: tier-1's shared one-character str from
/// the pinned tuple OPERAND0 of the 128 ASCII ones. Any other int exits.
uop CHR_ASCII (value: int -- res: str) {
  int64_t i = UNBOX_INT(value);
  EXIT_IF((uint64_t)i >= 128);
  res = ((TupleObject *)(uintptr_t)OPERAND0)->items[i];
}

/// sep.join(seq) of an exact str and a list or tuple of 1 to
/// STR_JOIN_MAX_ITEMS exact strs (CALL_METHOD: sep under seq). Anything else
/// (another type, an empty or longer sequence, a full buffer) exits: tier-1
/// joins or raises.
uop STR_JOIN (sep, seq -- res: str) {
  EXIT_IF(!IS_OBJ(sep) || ((ObjHeader *)UNBOX_OBJ(sep))->type != OBJ_STR || !IS_OBJ(seq));
  const ObjHeader *h = (const ObjHeader *)UNBOX_OBJ(seq);
  EXIT_IF(h->type != OBJ_LIST && h->type != OBJ_TUPLE);
  const Value *items = h->type == OBJ_LIST ? ((ListObject *)h)->items->items : ((TupleObject *)h)->items;
  int64_t n = h->type == OBJ_LIST ? ((ListObject *)h)->length : ((TupleObject *)h)->length;
  EXIT_IF(n < 1 || n > STR_JOIN_MAX_ITEMS);
  Value r = str_join_items(vm, (StrObject *)UNBOX_OBJ(sep), items, n);
  EXIT_IF(r == 0);
  res = r;
}

/// FORMAT_VALUE of a value with a constant spec (a GUARD_STACK_IS checked its
/// identity) that the recorder parsed into OPERAND0 (cases/str_build.h): ints
/// as 'd', ints and floats as 'f' with a precision, strs padded; fill,
/// alignment, sign and width. Another type, inf, nan, a number too large or
/// a full buffer exits (tier-1 formats it).
uop STR_FORMAT_SPEC (value, spec -- res: str) {
  (void)spec;
  Value r = FMT_TYPE(OPERAND0) == 2 ? format_str(vm, value, OPERAND0) : format_number(vm, value, OPERAND0);
  EXIT_IF(r == 0);
  res = r;
}

/// "prefix%<spec>suffix" % value with one conversion that has flags, a width
/// or a precision ('%5d', '%-8s', '%.2f'): the value formatted as
/// STR_FORMAT_SPEC does (OPERAND0: the equivalent format spec, packed), then
/// put between the pinned strs of the pinned pair OPERAND1 (prefix, suffix;
/// None for none). Checks room for everything first.
uop STR_PERCENT_SPEC (fmt, value -- res: str) {
  (void)fmt;
  EXIT_IF(!vm_room(vm, ascii_str_bytes(FMT_MAX_WIDTH + 48) + 4 * HEAP_BLOCK_BYTES(sizeof(StrObject))));
  Value mid = FMT_TYPE(OPERAND0) == 2 ? format_str(vm, value, OPERAND0) : format_number(vm, value, OPERAND0);
  EXIT_IF(mid == 0);
  const TupleObject *pair = (const TupleObject *)(uintptr_t)OPERAND1;
  uint64_t prefix = IS_OBJ(pair->items[0]) ? (uint64_t)(uintptr_t)UNBOX_OBJ(pair->items[0]) : 0;
  uint64_t suffix = IS_OBJ(pair->items[1]) ? (uint64_t)(uintptr_t)UNBOX_OBJ(pair->items[1]) : 0;
  Value r = str_affix(vm, prefix, (StrObject *)UNBOX_OBJ(mid), 0, 0, suffix);
  EXIT_IF(r == 0);
  res = r;
}
