// Comparisons of containers natively (record-compare.ts translates to them).

/// a OP b (COMPARE_OP <, <=, ==, !=, >, >= as OPARG 0..5) of two tuples, as
/// CPython compares them: the first items that differ decide, else the
/// lengths. Exits, nothing changed, when an item before the decision is one
/// only tier-1 compares (cases/compare_support.h).
uop TUPLE_COMPARE (a: tuple, b: tuple -- res: bool) {
  int r = tuple_compare((TupleObject *)UNBOX_OBJ(a), (TupleObject *)UNBOX_OBJ(b), (int)OPARG);
  EXIT_IF(r == CMP_ASK);
  res = BOX_BOOL(r);
}
