// Uops for loops and sequences beyond lists and ranges (record-iteration.ts
// translates to them): the iterators GET_ITER makes of tuples, constant strs,
// dicts, dict views and sets, the loops over sets, the ends of dict and set
// loops, and `in` on lists and tuples of numbers. As everywhere, a uop exits
// before it changes anything unless it says otherwise: tier-1 redoes the bytecode.

// ---- iterators made in the trace (GET_ITER) ---------------------------------

/// iter(tuple) as tier-1 makes it: a list iterator over a list copy of the
/// tuple (the copy in the lent buffer, the iterator a recycled one). Exits
/// when no iterator is recycled or the buffer is too small.
uop TUPLE_ITER_NEW (tuple: tuple -- iter: list_iter) {
  EXIT_IF(vm->recycled_list_iters == 0);
  TupleObject *t = (TupleObject *)UNBOX_OBJ(tuple);
  ListObject *copy = vm_alloc_list(vm, t->length);
  EXIT_IF(copy == 0);
  for (int64_t i = 0; i < t->length; i++) copy->items->items[i] = t->items[i];
  ListIterObject *it = (ListIterObject *)vm->recycled_list_iter[--vm->recycled_list_iters];
  it->list = copy;
  it->index = 0;
  iter = BOX_OBJ(it);
}

/// iter(s) of a str proven (by identity) to be the one whose one-character
/// strs are the pinned tuple OPERAND0: a list iterator over a copy of them.
uop STR_ITER_CONST (str: str -- iter: list_iter) {
  EXIT_IF(vm->recycled_list_iters == 0);
  TupleObject *t = (TupleObject *)(uintptr_t)OPERAND0;
  ListObject *copy = vm_alloc_list(vm, t->length);
  EXIT_IF(copy == 0);
  (void)str;
  for (int64_t i = 0; i < t->length; i++) copy->items->items[i] = t->items[i];
  ListIterObject *it = (ListIterObject *)vm->recycled_list_iter[--vm->recycled_list_iters];
  it->list = copy;
  it->index = 0;
  iter = BOX_OBJ(it);
}

/// iter(d) of a dict: its keys' iterator (kind OPARG). Another type exits.
uop DICT_ITER_NEW (dict -- iter) {
  EXIT_IF(!IS_OBJ(dict) || ((ObjHeader *)UNBOX_OBJ(dict))->type != OBJ_DICT);
  Value it = new_table_iter(vm, OPARG, dict, ((DictObject *)UNBOX_OBJ(dict))->used);
  EXIT_IF(it == 0);
  iter = it;
}

/// iter(view) of d.keys()/values()/items(): the iterator of kind OPARG over
/// its dict (the recorder proved the view's kind). Another type or kind exits.
uop DICT_VIEW_ITER_NEW (view -- iter) {
  EXIT_IF(!IS_OBJ(view) || ((ObjHeader *)UNBOX_OBJ(view))->type != OBJ_DICT_VIEW);
  DictViewObject *v = (DictViewObject *)UNBOX_OBJ(view);
  EXIT_IF(v->kind != (int64_t)OPERAND0 || !IS_OBJ(v->dict));
  Value it = new_table_iter(vm, OPARG, v->dict, ((DictObject *)UNBOX_OBJ(v->dict))->used);
  EXIT_IF(it == 0);
  iter = it;
}

/// iter(s) of a set or frozenset (kind OPARG). Another type exits.
uop SET_ITER_NEW (set -- iter) {
  EXIT_IF(!IS_OBJ(set) || ((ObjHeader *)UNBOX_OBJ(set))->type != OBJ_SET);
  Value it = new_table_iter(vm, OPARG, set, ((SetObject *)UNBOX_OBJ(set))->used);
  EXIT_IF(it == 0);
  iter = it;
}

// ---- loops over sets, and the ends of dict and set loops ----------------------

/// `for x in a_set`: the next element. The end and a size change exit.
uop FOR_SET_NEXT (iter -- iter, key) {
  Value *e = set_iter_next((IterObject *)UNBOX_OBJ(iter));
  EXIT_IF(e == 0);
  key = e[1];
}

/// A dict loop (keys, values or items) ends: exits unless its iterator is
/// exhausted (a dict that changed size exits: tier-1 raises), then pops it,
/// marking it finished as tier-1 does.
uop DICT_ITER_EXHAUSTED_POP (iter -- ) {
  IterObject *it = (IterObject *)UNBOX_OBJ(iter);
  EXIT_IF(!dict_iter_done(it));
  it->source = NONE_VALUE;
}

/// A set loop ends, as DICT_ITER_EXHAUSTED_POP.
uop SET_ITER_EXHAUSTED_POP (iter -- ) {
  IterObject *it = (IterObject *)UNBOX_OBJ(iter);
  EXIT_IF(!set_iter_done(it));
  it->source = NONE_VALUE;
}

// ---- membership -------------------------------------------------------------------

/// `key in a_list` for a small int or float key (the list on top): compared
/// as tier-1 compares; an item only tier-1 can compare (an instance) exits.
uop LIST_CONTAINS_NUMBER (key, list: list -- res: bool) {
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  EXIT_IF(!IS_INT(key) && !IS_FLOAT(key));
  int r = seq_contains_number(l->items->items, l->length, key);
  EXIT_IF(r < 0);
  res = BOX_BOOL(r);
}

/// `key in a_tuple`, as LIST_CONTAINS_NUMBER.
uop TUPLE_CONTAINS_NUMBER (key, tuple: tuple -- res: bool) {
  TupleObject *t = (TupleObject *)UNBOX_OBJ(tuple);
  EXIT_IF(!IS_INT(key) && !IS_FLOAT(key));
  int r = seq_contains_number(t->items, t->length, key);
  EXIT_IF(r < 0);
  res = BOX_BOOL(r);
}
