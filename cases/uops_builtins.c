// Builtins over containers in traces (the recorder's builtinCall records them):
// min() and max() of one list or tuple without key=, natively when its items
// are all small ints or all floats, with python3's rule (the first item that
// compares less, or greater, than the best so far replaces it, so NaN and
// equal items fall where python3 puts them). Anything else exits: tier-1
// compares other items and raises ValueError on an empty sequence.

/// min(seq) (OPARG 1) or max(seq) (OPARG 2) of a list or tuple. (Never 0: OPARG
/// is the address of a symbol, which clang takes to be nonzero.)
uop SEQ_MIN_MAX (seq -- res) {
  EXIT_IF(!IS_OBJ(seq));
  ObjHeader *h = (ObjHeader *)UNBOX_OBJ(seq);
  Value *items;
  int64_t n;
  if (h->type == OBJ_LIST) {
    items = ((ListObject *)h)->items->items;
    n = ((ListObject *)h)->length;
  } else {
    EXIT_IF(h->type != OBJ_TUPLE);
    items = ((TupleObject *)h)->items;
    n = ((TupleObject *)h)->length;
  }
  EXIT_IF(n == 0);
  Value best = items[0];
  if (IS_INT(best)) {
    int64_t b = UNBOX_INT(best);
    for (int64_t i = 1; i < n; i++) {
      Value v = items[i];
      EXIT_IF(!IS_INT(v));
      int64_t x = UNBOX_INT(v);
      if (OPARG == 2 ? x > b : x < b) { b = x; best = v; }
    }
  } else {
    EXIT_IF(!IS_FLOAT(best));
    double b = UNBOX_FLOAT(best);
    for (int64_t i = 1; i < n; i++) {
      Value v = items[i];
      EXIT_IF(!IS_FLOAT(v));
      double x = UNBOX_FLOAT(v);
      if (OPARG == 2 ? x > b : x < b) { b = x; best = v; }
    }
  }
  res = best;
}
