// Uops for the containers and iterators of the full language (record-containers.ts
// translates to them): unpacking of tuples and lists, and the loops over
// enumerate/zip of lists and over dicts, each fused with the UNPACK_SEQUENCE
// that follows the FOR_ITER so the (index, item) or (key, value) tuple tier-1
// would build is never allocated. Everything unusual (another kind of inner
// iterator, a dict that changed size, the end of the loop) exits before it
// changes anything: tier-1 redoes the bytecode.

/// Exit unless the top of the stack is a tuple.
uop GUARD_TUPLE (value -- value: tuple) {
  EXIT_IF(!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_TUPLE);
}

/// UNPACK_SEQUENCE of a tuple of exactly OPARG items: the items replace it,
/// the first on top. Another length exits (tier-1 raises the ValueError).
uop UNPACK_TUPLE ( -- ) {
  TupleObject *t = (TupleObject *)UNBOX_OBJ(sp[-1]);
  int64_t n = OPARG;
  EXIT_IF(t->length != n);
  sp--;
  for (int64_t i = 0; i < n; i++) sp[i] = t->items[n - 1 - i];
  sp += n;
}

/// UNPACK_SEQUENCE of a list of exactly OPARG items, as UNPACK_TUPLE.
uop UNPACK_LIST ( -- ) {
  ListObject *l = (ListObject *)UNBOX_OBJ(sp[-1]);
  int64_t n = OPARG;
  EXIT_IF(l->length != n);
  Value *items = l->items->items;
  sp--;
  for (int64_t i = 0; i < n; i++) sp[i] = items[n - 1 - i];
  sp += n;
}

/// Exit unless the top of the stack is a built-in iterator (IterObject) of kind OPERAND0
/// (runtime/vm/interpreter/iterators.ts IterKind).
uop GUARD_ITER_KIND (iter -- iter) {
  EXIT_IF(!IS_OBJ(iter) || ((ObjHeader *)UNBOX_OBJ(iter))->type != OBJ_ITER || ((IterObject *)UNBOX_OBJ(iter))->kind != (int64_t)OPERAND0);
}

/// `for i, x in enumerate(a_list)`: FOR_ITER and UNPACK_SEQUENCE 2 at once, the
/// item under the count. Exits unless the enumerate wraps a list iterator with a
/// small count, and at the end of the list.
uop FOR_ENUMERATE_LIST_UNPACK (iter -- iter, item, count: int) {
  IterObject *e = (IterObject *)UNBOX_OBJ(iter);
  Value src = e->source;
  EXIT_IF(!IS_OBJ(src) || ((ObjHeader *)UNBOX_OBJ(src))->type != OBJ_LIST_ITER || !IS_INT(e->aux));
  ListIterObject *it = (ListIterObject *)UNBOX_OBJ(src);
  int64_t i = it->index;
  int64_t c = UNBOX_INT(e->aux);
  EXIT_IF(i >= it->list->length || c >= SMALL_INT_MAX);
  it->index = i + 1;
  item = it->list->items->items[i];
  count = e->aux;
  e->aux = BOX_INT(c + 1);
}

/// `for a, b in zip(list_a, list_b)`: FOR_ITER and UNPACK_SEQUENCE 2 at once, b
/// under a. Exits unless the zip is over two list iterators, and at the end of either.
uop FOR_ZIP2_LIST_UNPACK (iter -- iter, b, a) {
  ListIterObject *ia = 0, *ib = 0;
  EXIT_IF(!zip2_list_iters(((IterObject *)UNBOX_OBJ(iter))->source, &ia, &ib));
  int64_t i = ia->index, j = ib->index;
  ia->index = i + 1;
  ib->index = j + 1;
  a = ia->list->items->items[i];
  b = ib->list->items->items[j];
}

/// `for k in a_dict` / `for k in d.keys()`: the next key.
uop FOR_DICT_KEYS_NEXT (iter -- iter, key) {
  Value *e = dict_iter_next((IterObject *)UNBOX_OBJ(iter));
  EXIT_IF(e == 0);
  key = e[1];
}

/// `for v in d.values()`: the next value.
uop FOR_DICT_VALUES_NEXT (iter -- iter, value) {
  Value *e = dict_iter_next((IterObject *)UNBOX_OBJ(iter));
  EXIT_IF(e == 0);
  value = e[2];
}

/// `for k, v in d.items()`: FOR_ITER and UNPACK_SEQUENCE 2 at once, the value under the key.
uop FOR_DICT_ITEMS_UNPACK (iter -- iter, value, key) {
  Value *e = dict_iter_next((IterObject *)UNBOX_OBJ(iter));
  EXIT_IF(e == 0);
  key = e[1];
  value = e[2];
}

// ---- dicts with small-int keys, lengths ------------------------------------

/// Exit unless the value under the top is a dict.
uop GUARD_DICT_SECOND (value, top -- value, top) {
  EXIT_IF(!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_DICT);
}

/// Exit unless the top of the stack is a dict.
uop GUARD_DICT (value -- value) {
  EXIT_IF(!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_DICT);
}

/// d[key] of a dict and a small int: a missing key (tier-1 raises KeyError) and
/// keys only tier-1 can compare exit.
uop DICT_GET_INT (dict, key: int -- value) {
  int ask;
  Value *slot = dict_find_int((DictObject *)UNBOX_OBJ(dict), key, &ask);
  EXIT_IF(slot == 0);
  value = *slot;
}

/// d[key] = value for a small-int key already in the dict; a new key exits
/// (tier-1 inserts it, growing the table).
uop DICT_SET_INT (value, dict, key: int -- ) {
  int ask;
  Value *slot = dict_find_int((DictObject *)UNBOX_OBJ(dict), key, &ask);
  EXIT_IF(slot == 0);
  *slot = value;
}

/// key in d for a small int (COMPARE_OP in): exits only when tier-1 must compare.
uop DICT_CONTAINS_INT (key: int, dict -- res: bool) {
  int ask;
  Value *slot = dict_find_int((DictObject *)UNBOX_OBJ(dict), key, &ask);
  EXIT_IF(ask);
  res = BOX_BOOL(slot != 0);
}

/// len() of a tuple.
uop TUPLE_LEN (tuple: tuple -- res: int) {
  res = BOX_INT(((TupleObject *)UNBOX_OBJ(tuple))->length);
}

/// len() of a dict.
uop DICT_LEN (dict -- res: int) {
  res = BOX_INT(((DictObject *)UNBOX_OBJ(dict))->used);
}
