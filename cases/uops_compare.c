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

/// round(x) of a float (one argument): the nearest int, ties to even, as
/// python3; a result past the small ints (or inf, nan) exits (tier-1 makes a
/// big int or raises). x - floor(x) is exact, so the tie test is.
uop ROUND_FLOAT (value: float -- res: int) {
  double d = UNBOX_FLOAT(value);
  double r = floor(d);
  double frac = d - r;
  if (frac > 0.5 || (frac == 0.5 && fmod(r, 2.0) != 0.0)) r += 1.0;
  EXIT_IF(!(r > -140737488355328.0 && r < 140737488355328.0));
  res = BOX_INT((int64_t)r);
}
