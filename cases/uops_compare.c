// Comparisons of containers and round() natively (record-compare.ts translates to them).

/// a OP b (COMPARE_OP <, <=, ==, !=, >, >= as OPARG 0..5) of two tuples, as
/// CPython compares them: the first items that differ decide, else the
/// lengths. Exits, nothing changed, when an item before the decision is one
/// only tier-1 compares (cases/compare_support.h).
uop TUPLE_COMPARE (a: tuple, b: tuple -- res: bool) {
  int r = tuple_compare((TupleObject *)UNBOX_OBJ(a), (TupleObject *)UNBOX_OBJ(b), (int)OPARG);
  EXIT_IF(r == CMP_ASK);
  res = BOX_BOOL(r);
}

/// a OP b (COMPARE_OP <, <=, >, >= as OPARG 0, 1, 4, 5) of two strs, by code
/// points, when both are short ASCII strs (their chars inline: `c >= 'a'`,
/// `word < other`); exits, nothing changed, for any other str.
uop STR_COMPARE (a: str, b: str -- res: bool) {
  int c = cmp_simple(a, b);
  EXIT_IF(c == CMP_ASK);
  res = BOX_BOOL(cmp_apply((int)OPARG, c));
}

/// round(x) of a float (one argument): the nearest int, ties to even, as
/// python3; a result past the small ints (or inf, nan) exits (tier-1 makes a
/// big int or raises). x - floor(x) is exact, so the tie test is.
uop ROUND_FLOAT (value: float -- res: int) {
  double d = UNBOX_FLOAT(value);
  EXIT_IF(!(d > -140737488355328.0 && d < 140737488355328.0));  // NaN and inf too
  // Below 2^52 in magnitude, adding 2^52 leaves a ulp of 1: the addition rounds
  // to an integer, half to even (IEEE's default), with no libm call.
  double r = d >= 0.0 ? (d + 0x1p52) - 0x1p52 : (d - 0x1p52) + 0x1p52;
  EXIT_IF(!(r > -140737488355328.0 && r < 140737488355328.0));
  res = BOX_INT((int64_t)r);
}
