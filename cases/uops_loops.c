// Uops for loops and sequences beyond lists and ranges (record-iteration.ts
// translates to them): the iterators GET_ITER makes of tuples, constant strs,
// dicts, dict views and sets, the loops over sets, the ends of dict and set
// loops, and `in` on lists and tuples of numbers. As everywhere, a uop exits
// before it changes anything unless it says otherwise: tier-1 redoes the bytecode.

// ---- iterators made in the trace (GET_ITER) ---------------------------------

/// iter(tuple) as tier-1 makes it: a list iterator over a list copy of the
/// tuple (the copy in the lent buffer, the iterator a recycled one or a new
/// one there). Exits when the buffer is too small.
uop TUPLE_ITER_NEW (tuple: tuple -- iter: list_iter) {
  TupleObject *t = (TupleObject *)UNBOX_OBJ(tuple);
  ListIterObject *it = list_iter_over_copy(vm, t->items, t->length);
  EXIT_IF(it == 0);
  iter = BOX_OBJ(it);
}

/// iter(s) of a str proven (by identity) to be the one whose one-character
/// strs are the pinned tuple OPERAND0: a list iterator over a copy of them.
uop STR_ITER_CONST (str: str -- iter: list_iter) {
  TupleObject *t = (TupleObject *)(uintptr_t)OPERAND0;
  (void)str;
  ListIterObject *it = list_iter_over_copy(vm, t->items, t->length);
  EXIT_IF(it == 0);
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
  int64_t i = seq_find_number(l->items->items, 0, l->length, key);
  EXIT_IF(i == -2);
  res = BOX_BOOL(i >= 0);
}

/// `key in a_tuple`, as LIST_CONTAINS_NUMBER.
uop TUPLE_CONTAINS_NUMBER (key, tuple: tuple -- res: bool) {
  TupleObject *t = (TupleObject *)UNBOX_OBJ(tuple);
  EXIT_IF(!IS_INT(key) && !IS_FLOAT(key));
  int64_t i = seq_find_number(t->items, 0, t->length, key);
  EXIT_IF(i == -2);
  res = BOX_BOOL(i >= 0);
}

// ---- list methods (CALL_METHOD: the list under its arguments) -----------------

/// list.pop(): the last item; an empty list exits (tier-1 raises IndexError).
uop LIST_POP (list: list -- item) {
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  EXIT_IF(l->length == 0);
  item = l->items->items[--l->length];
}

/// list.pop(i) with a small int i (negative counts from the end); out of
/// range exits (tier-1 raises IndexError).
uop LIST_POP_AT (list: list, index: int -- item) {
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t n = l->length, i = UNBOX_INT(index);
  if (i < 0) i += n;
  EXIT_IF(i < 0 || i >= n);
  Value *items = l->items->items;
  item = items[i];
  for (int64_t j = i; j < n - 1; j++) items[j] = items[j + 1];
  l->length = n - 1;
}

/// list.insert(i, value) with a small int i (clamped as tier-1 does); a full
/// list grows into the lent buffer as LIST_APPEND does (exits when too small).
/// Another receiver or index type exits.
uop LIST_INSERT (list, index, value -- ) {
  EXIT_IF(!IS_OBJ(list) || ((ObjHeader *)UNBOX_OBJ(list))->type != OBJ_LIST || !IS_INT(index));
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t n = l->length, i = UNBOX_INT(index);
  if (i < 0) i = i + n < 0 ? 0 : i + n;
  if (i > n) i = n;
  if (__builtin_expect(n >= l->capacity, 0)) {
    int64_t capacity = l->capacity + (l->capacity >> 1) + 4;
    ItemsObject *grown = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)capacity * sizeof(Value)));
    EXIT_IF(grown == 0);
    for (int64_t j = 0; j < n; j++) grown->items[j] = l->items->items[j];
    l->items = grown;
    l->capacity = capacity;
  }
  Value *items = l->items->items;
  for (int64_t j = n; j > i; j--) items[j] = items[j - 1];
  items[i] = value;
  l->length = n + 1;
}

/// list.remove(x) of a small int or float x; not found (ValueError) and items
/// only tier-1 compares exit.
uop LIST_REMOVE_NUMBER (list: list, key -- ) {
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  EXIT_IF(!IS_INT(key) && !IS_FLOAT(key));
  int64_t n = l->length, i = seq_find_number(l->items->items, 0, n, key);
  EXIT_IF(i < 0);
  Value *items = l->items->items;
  for (int64_t j = i; j < n - 1; j++) items[j] = items[j + 1];
  l->length = n - 1;
}

/// list.index(x) / tuple.index(x) of a small int or float x (the sequence
/// under it); not found (ValueError) and items only tier-1 compares exit.
uop SEQ_INDEX_NUMBER (seq, key -- res: int) {
  int64_t n = 0;
  const Value *items = seq_items(seq, &n);
  EXIT_IF(items == 0 || (!IS_INT(key) && !IS_FLOAT(key)));
  int64_t i = seq_find_number(items, 0, n, key);
  EXIT_IF(i < 0);
  res = BOX_INT(i);
}

/// list.count(x) / tuple.count(x) of a small int or float x; items only
/// tier-1 compares exit.
uop SEQ_COUNT_NUMBER (seq, key -- res: int) {
  int64_t n = 0;
  const Value *items = seq_items(seq, &n);
  EXIT_IF(items == 0 || (!IS_INT(key) && !IS_FLOAT(key)));
  int64_t c = 0;
  for (int64_t i = seq_find_number(items, 0, n, key); i != -1; i = seq_find_number(items, i + 1, n, key)) {
    EXIT_IF(i == -2);
    c++;
  }
  res = BOX_INT(c);
}

/// list.reverse().
uop LIST_REVERSE (list: list -- ) {
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  Value *items = l->items->items;
  for (int64_t i = 0, j = l->length - 1; i < j; i++, j--) {
    Value t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

// ---- builtins over lists and tuples of numbers (the builtin under its argument) --

/// sum(seq) of a list or tuple of ints, bools and floats; anything else, and an
/// int sum past the small range, exits (tier-1 sums).
uop SUM_SEQ (seq -- res) {
  int64_t n = 0;
  const Value *items = seq_items(seq, &n);
  EXIT_IF(items == 0);
  Value r = 0;
  EXIT_IF(!sum_numbers(items, n, &r));
  res = r;
}

/// min(seq) of a list or tuple of ints, bools and floats (not NaN); an empty
/// sequence and any other item exit.
uop MIN_SEQ (seq -- res) {
  int64_t n = 0;
  const Value *items = seq_items(seq, &n);
  EXIT_IF(items == 0);
  Value r = 0;
  EXIT_IF(!min_max_numbers(items, n, 1, &r));
  res = r;
}

/// max(seq), as MIN_SEQ.
uop MAX_SEQ (seq -- res) {
  int64_t n = 0;
  const Value *items = seq_items(seq, &n);
  EXIT_IF(items == 0);
  Value r = 0;
  EXIT_IF(!min_max_numbers(items, n, 0, &r));
  res = r;
}

/// any(seq) of a list or tuple whose items up to the answer are ints, bools,
/// floats or None; another item exits (tier-1 asks it).
uop ANY_SEQ (seq -- res: bool) {
  int64_t n = 0;
  const Value *items = seq_items(seq, &n);
  EXIT_IF(items == 0);
  int r = any_all_simple(items, n, 1);
  EXIT_IF(r < 0);
  res = BOX_BOOL(r);
}

/// all(seq), as ANY_SEQ.
uop ALL_SEQ (seq -- res: bool) {
  int64_t n = 0;
  const Value *items = seq_items(seq, &n);
  EXIT_IF(items == 0);
  int r = any_all_simple(items, n, 0);
  EXIT_IF(r < 0);
  res = BOX_BOOL(r);
}

/// len() of a set, dict, dict view, list, tuple or str; anything else exits.
uop LEN_ANY (value -- res: int) {
  EXIT_IF(!IS_OBJ(value));
  ObjHeader *h = (ObjHeader *)UNBOX_OBJ(value);
  int64_t n;
  switch (h->type) {
    case OBJ_LIST: n = ((ListObject *)h)->length; break;
    case OBJ_TUPLE: n = ((TupleObject *)h)->length; break;
    case OBJ_STR: n = ((StrObject *)h)->length; break;
    case OBJ_DICT: n = ((DictObject *)h)->used; break;
    case OBJ_SET: n = ((SetObject *)h)->used; break;
    case OBJ_DICT_VIEW: {
      Value d = ((DictViewObject *)h)->dict;
      EXIT_IF(!IS_OBJ(d));
      n = ((DictObject *)UNBOX_OBJ(d))->used;
      break;
    }
    default: EXIT_IF(1); n = 0; break;
  }
  res = BOX_INT(n);
}

// ---- slices, concatenation and repetition of lists and tuples ----------------

/// seq[start:stop:step] of a list or tuple (BINARY_SLICE of three bounds), each
/// None or a small int, built in the lent buffer. Anything else, a zero step
/// and a buffer too small exit before touching the stack.
uop SEQ_SLICE3 (seq, start, stop, step -- res) {
  int64_t n = 0;
  const Value *src = seq_items(seq, &n);
  EXIT_IF(src == 0);
  int64_t first, by, count;
  EXIT_IF(!slice_indices(start, stop, step, n, &first, &by, &count));
  Value *dst = 0;
  Value out = new_seq(vm, ((ObjHeader *)UNBOX_OBJ(seq))->type == OBJ_LIST, count, &dst);
  EXIT_IF(out == 0);
  for (int64_t i = 0, p = first; i < count; i++, p += by) dst[i] = src[p];
  res = out;
}

/// tuple[start:stop] (BINARY_SLICE of two bounds), as SEQ_SLICE3.
uop TUPLE_SLICE (tuple, start, stop -- res) {
  EXIT_IF(!IS_OBJ(tuple) || ((ObjHeader *)UNBOX_OBJ(tuple))->type != OBJ_TUPLE);
  int64_t n = 0;
  const Value *src = seq_items(tuple, &n);
  int64_t first, by, count;
  EXIT_IF(!slice_indices(start, stop, NONE_VALUE, n, &first, &by, &count));
  Value *dst = 0;
  Value out = new_seq(vm, 0, count, &dst);
  EXIT_IF(out == 0);
  for (int64_t i = 0; i < count; i++) dst[i] = src[first + i];
  res = out;
}

/// list + list or tuple + tuple: a new sequence in the lent buffer. Other
/// operand types and a buffer too small exit.
uop SEQ_CONCAT (left, right -- res) {
  int64_t na = 0, nb = 0;
  const Value *a = seq_items(left, &na), *b = seq_items(right, &nb);
  EXIT_IF(a == 0 || b == 0);
  uint32_t type = ((ObjHeader *)UNBOX_OBJ(left))->type;
  EXIT_IF(((ObjHeader *)UNBOX_OBJ(right))->type != type);
  Value *dst = 0;
  Value out = new_seq(vm, type == OBJ_LIST, na + nb, &dst);
  EXIT_IF(out == 0);
  for (int64_t i = 0; i < na; i++) dst[i] = a[i];
  for (int64_t i = 0; i < nb; i++) dst[na + i] = b[i];
  res = out;
}

/// list += list_or_tuple: extends the list in place (growing into the lent
/// buffer as LIST_APPEND does); the list stays on the stack. Other operand
/// types and a buffer too small exit.
uop LIST_EXTEND_SEQ (left, right -- res) {
  EXIT_IF(!IS_OBJ(left) || ((ObjHeader *)UNBOX_OBJ(left))->type != OBJ_LIST);
  int64_t nb = 0;
  const Value *b = seq_items(right, &nb);
  EXIT_IF(b == 0);
  ListObject *l = (ListObject *)UNBOX_OBJ(left);
  int64_t n = l->length;
  if (n + nb > l->capacity) {
    int64_t capacity = l->capacity + (l->capacity >> 1) + 4;
    if (capacity < n + nb) capacity = n + nb;
    ItemsObject *grown = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)capacity * sizeof(Value)));
    EXIT_IF(grown == 0);
    for (int64_t j = 0; j < n; j++) grown->items[j] = l->items->items[j];
    l->items = grown;
    l->capacity = capacity;
  }
  // b may be l's own items (xs += xs): its first nb items are not overwritten.
  for (int64_t i = 0; i < nb; i++) l->items->items[n + i] = b[i];
  l->length = n + nb;
  res = left;
}

/// list * n or tuple * n with a small int n (n <= 0: empty), in the lent
/// buffer; past 2**26 items (tier-1 raises MemoryError), other types and a
/// buffer too small exit.
uop SEQ_REPEAT (seq, count -- res) {
  int64_t n = 0;
  const Value *src = seq_items(seq, &n);
  EXIT_IF(src == 0 || !IS_INT(count));
  int64_t c = UNBOX_INT(count);
  if (c < 0) c = 0;
  EXIT_IF(n != 0 && c > (1ll << 26) / n);
  Value *dst = 0;
  Value out = new_seq(vm, ((ObjHeader *)UNBOX_OBJ(seq))->type == OBJ_LIST, n * c, &dst);
  EXIT_IF(out == 0);
  for (int64_t k = 0; k < c; k++)
    for (int64_t i = 0; i < n; i++) dst[k * n + i] = src[i];
  res = out;
}

// ---- enumerate, zip and reversed made in the trace; iter() of iterators ---------

/// iter(x) of an iterator (an IterObject, list or range iterator, generator): x itself.
uop GET_ITER_SELF (iter -- iter) {
  EXIT_IF(!IS_OBJ(iter));
  ObjHeader *h = (ObjHeader *)UNBOX_OBJ(iter);
  EXIT_IF(!(h->type == OBJ_ITER || h->type == OBJ_LIST_ITER || h->type == OBJ_GENERATOR ||
            (h->type == OBJ_RANGE && h->words != RANGE_OBJECT_WORDS)));
}

/// iter(r) of a range object: a recycled range iterator with its bounds.
uop RANGE_OBJECT_ITER_NEW (range -- iter: range_iter) {
  EXIT_IF(!IS_OBJ(range) || ((ObjHeader *)UNBOX_OBJ(range))->type != OBJ_RANGE || ((ObjHeader *)UNBOX_OBJ(range))->words != RANGE_OBJECT_WORDS);
  EXIT_IF(vm->recycled_ranges == 0);
  RangeIterObject *src = (RangeIterObject *)UNBOX_OBJ(range);
  RangeIterObject *r = (RangeIterObject *)vm->recycled_range[--vm->recycled_ranges];
  r->next = src->next;
  r->stop = src->stop;
  r->step = src->step;
  iter = BOX_OBJ(r);
}

/// enumerate(seq) of a list or tuple (the builtin under it), as tier-1 makes
/// it: an ENUMERATE IterObject (kind OPARG) over iter(seq), counting from 0.
uop ENUMERATE_SEQ_NEW (callee, seq -- res) {
  EXIT_IF(!is_seq(seq) || !vm_room(vm, seq_iter_bytes(seq) + ITER_BYTES));
  (void)callee;
  Value it = new_seq_iter(vm, seq);
  IterObject *e = new_iter_object(vm, OPARG, it);
  e->aux = BOX_INT(0);
  res = BOX_OBJ(e);
}

/// zip(a, b) of two lists or tuples (the builtin under them): a ZIP IterObject
/// (kind OPARG) over a tuple of their iterators.
uop ZIP2_SEQ_NEW (callee, a, b -- res) {
  EXIT_IF(!is_seq(a) || !is_seq(b));
  uint64_t tuple_bytes = HEAP_BLOCK_BYTES(sizeof(TupleObject) + 2 * sizeof(Value));
  EXIT_IF(!vm_room(vm, seq_iter_bytes(a) + seq_iter_bytes(b) + tuple_bytes + ITER_BYTES));
  (void)callee;
  Value ia = new_seq_iter(vm, a);
  Value ib = new_seq_iter(vm, b);
  TupleObject *its = (TupleObject *)vm_alloc(vm, OBJ_TUPLE, tuple_bytes);
  its->length = 2;
  its->items[0] = ia;
  its->items[1] = ib;
  res = BOX_OBJ(new_iter_object(vm, OPARG, BOX_OBJ(its)));
}

/// reversed(seq) of a list (iterated live from its current end) or a tuple
/// (through a list copy), as tier-1 makes it: a REVERSED IterObject (kind OPARG).
uop REVERSED_SEQ_NEW (callee, seq -- res) {
  EXIT_IF(!is_seq(seq));
  int is_list = ((ObjHeader *)UNBOX_OBJ(seq))->type == OBJ_LIST;
  int64_t n = 0;
  const Value *items = seq_items(seq, &n);
  uint64_t copy_bytes = is_list ? 0 : HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)(n > 0 ? n : 1) * sizeof(Value)) + HEAP_BLOCK_BYTES(sizeof(ListObject));
  EXIT_IF(!vm_room(vm, copy_bytes + ITER_BYTES));
  (void)callee;
  Value src = seq;
  if (!is_list) {
    ListObject *l = vm_alloc_list(vm, n);
    for (int64_t i = 0; i < n; i++) l->items->items[i] = items[i];
    src = BOX_OBJ(l);
  }
  IterObject *r = new_iter_object(vm, OPARG, src);
  r->index = n - 1;
  res = BOX_OBJ(r);
}

/// `for x in reversed(a_list)`: the next item from the end; the end exits.
uop FOR_REVERSED_LIST_NEXT (iter -- iter, item) {
  IterObject *r = (IterObject *)UNBOX_OBJ(iter);
  Value src = r->source;
  EXIT_IF(!IS_OBJ(src) || ((ObjHeader *)UNBOX_OBJ(src))->type != OBJ_LIST);
  ListObject *l = (ListObject *)UNBOX_OBJ(src);
  int64_t i = r->index;
  EXIT_IF(i < 0 || i >= l->length);
  r->index = i - 1;
  item = l->items->items[i];
}

/// A reversed(list) loop ends: exits unless its iterator is exhausted, then
/// pops it, marking it finished as tier-1 does.
uop REVERSED_EXHAUSTED_POP (iter -- ) {
  IterObject *r = (IterObject *)UNBOX_OBJ(iter);
  Value src = r->source;
  if (IS_OBJ(src)) {
    EXIT_IF(((ObjHeader *)UNBOX_OBJ(src))->type != OBJ_LIST);
    int64_t i = r->index;
    EXIT_IF(i >= 0 && i < ((ListObject *)UNBOX_OBJ(src))->length);
  } else {
    EXIT_IF(!IS_NONE(src));
  }
  r->source = NONE_VALUE;
}

/// An enumerate-of-a-list loop ends: exits unless the list iterator it wraps is exhausted, then pops it.
uop ENUMERATE_LIST_EXHAUSTED_POP (iter -- ) {
  IterObject *e = (IterObject *)UNBOX_OBJ(iter);
  Value src = e->source;
  EXIT_IF(!IS_OBJ(src) || ((ObjHeader *)UNBOX_OBJ(src))->type != OBJ_LIST_ITER);
  ListIterObject *it = (ListIterObject *)UNBOX_OBJ(src);
  EXIT_IF(it->index < it->list->length);
}

/// A zip-of-two-lists loop ends: exits unless one of its list iterators is
/// exhausted, then pops it as tier-1 leaves it (the first iterator advanced
/// when only the second ran out, the zip marked finished).
uop ZIP2_EXHAUSTED_POP (iter -- ) {
  IterObject *z = (IterObject *)UNBOX_OBJ(iter);
  Value src = z->source;
  EXIT_IF(!IS_OBJ(src));
  TupleObject *its = (TupleObject *)UNBOX_OBJ(src);
  EXIT_IF(its->header.type != OBJ_TUPLE || its->length != 2 || !IS_OBJ(its->items[0]) || !IS_OBJ(its->items[1]));
  ListIterObject *ia = (ListIterObject *)UNBOX_OBJ(its->items[0]), *ib = (ListIterObject *)UNBOX_OBJ(its->items[1]);
  EXIT_IF(ia->header.type != OBJ_LIST_ITER || ib->header.type != OBJ_LIST_ITER);
  int a_done = ia->index >= ia->list->length, b_done = ib->index >= ib->list->length;
  EXIT_IF(!a_done && !b_done);
  if (!a_done) ia->index++;
  z->source = NONE_VALUE;
}

// ---- list(), tuple(), sorted() and sum() of sequences and ranges ------------------

/// tuple(x) of a tuple (x itself), a list or a range object (a new tuple in
/// the lent buffer; the builtin under x). Anything else and a buffer too small exit.
uop TO_TUPLE (callee, seq -- res) {
  (void)callee;
  if (IS_OBJ(seq) && ((ObjHeader *)UNBOX_OBJ(seq))->type == OBJ_TUPLE) {
    res = seq;
  } else if (is_range_object(seq)) {
    RangeIterObject *r = (RangeIterObject *)UNBOX_OBJ(seq);
    int64_t n = range_count(r);
    EXIT_IF(n > (1ll << 26));
    Value *dst = 0;
    Value out = new_seq(vm, 0, n, &dst);
    EXIT_IF(out == 0);
    for (int64_t i = 0; i < n; i++) dst[i] = BOX_INT(r->next + i * r->step);
    res = out;
  } else {
    EXIT_IF(!IS_OBJ(seq) || ((ObjHeader *)UNBOX_OBJ(seq))->type != OBJ_LIST);
    int64_t n = 0;
    const Value *src = seq_items(seq, &n);
    Value *dst = 0;
    Value out = new_seq(vm, 0, n, &dst);
    EXIT_IF(out == 0);
    for (int64_t i = 0; i < n; i++) dst[i] = src[i];
    res = out;
  }
}

/// list(x) of a list, a tuple or a range object: a new list in the lent buffer.
uop TO_LIST (callee, seq -- res) {
  (void)callee;
  if (is_range_object(seq)) {
    RangeIterObject *r = (RangeIterObject *)UNBOX_OBJ(seq);
    int64_t n = range_count(r);
    EXIT_IF(n > (1ll << 26));
    Value *dst = 0;
    Value out = new_seq(vm, 1, n, &dst);
    EXIT_IF(out == 0);
    for (int64_t i = 0; i < n; i++) dst[i] = BOX_INT(r->next + i * r->step);
    res = out;
  } else {
    int64_t n = 0;
    const Value *src = seq_items(seq, &n);
    EXIT_IF(src == 0);
    Value *dst = 0;
    Value out = new_seq(vm, 1, n, &dst);
    EXIT_IF(out == 0);
    for (int64_t i = 0; i < n; i++) dst[i] = src[i];
    res = out;
  }
}

/// sorted(x) of a list or tuple of at most SORT_NATIVE_MAX ints, bools and
/// floats (no NaN): a new sorted list, equal items in their order (stable, as
/// tier-1). Anything else and a buffer too small exit.
uop SORTED_NUMBERS (callee, seq -- res) {
  (void)callee;
  int64_t n = 0;
  const Value *src = seq_items(seq, &n);
  EXIT_IF(src == 0 || n > SORT_NATIVE_MAX);
  for (int64_t i = 0; i < n; i++) {
    double d;
    EXIT_IF(!number_of(src[i], &d));
  }
  Value *dst = 0;
  Value out = new_seq(vm, 1, n, &dst);
  EXIT_IF(out == 0);
  for (int64_t i = 0; i < n; i++) {
    Value v = src[i];
    double dv;
    number_of(v, &dv);
    // The first place whose item is greater than v (after every equal one: stable).
    int64_t lo = 0, hi = i;
    while (lo < hi) {
      int64_t mid = (lo + hi) >> 1;
      double dm;
      number_of(dst[mid], &dm);
      if (dv < dm) hi = mid;
      else lo = mid + 1;
    }
    for (int64_t j = i; j > lo; j--) dst[j] = dst[j - 1];
    dst[lo] = v;
  }
  res = out;
}

/// sum(r) of a range object (the builtin under it), in closed form; a sum
/// past the small-int range exits (tier-1 sums).
uop SUM_RANGE (callee, range -- res: int) {
  (void)callee;
  EXIT_IF(!is_range_object(range));
  RangeIterObject *r = (RangeIterObject *)UNBOX_OBJ(range);
  int64_t n = range_count(r);
  // n * first + step * n(n-1)/2, any overflow of 64 bits exiting.
  int64_t pairs = (n % 2 == 0) ? (n / 2) * (n - 1) : n * ((n - 1) / 2);
  int64_t a = 0, b = 0, s = 0;
  EXIT_IF(n > (1ll << 31) || __builtin_mul_overflow(n, r->next, &a) || __builtin_mul_overflow(r->step, pairs, &b) || __builtin_add_overflow(a, b, &s));
  EXIT_IF(s < SMALL_INT_MIN || s > SMALL_INT_MAX);
  res = BOX_INT(s);
}

/// len(r) of a range object.
uop RANGE_LEN (callee, range -- res: int) {
  (void)callee;
  EXIT_IF(!is_range_object(range));
  res = BOX_INT(range_count((RangeIterObject *)UNBOX_OBJ(range)));
}

/// range(...) with OPARG small int arguments under the range builtin, not
/// iterated at once: a range object in the lent buffer (a zero step exits:
/// tier-1 raises ValueError).
uop RANGE_OBJECT_NEW ( -- ) {
  int64_t start, stop, step;
  range_arguments(sp, OPARG, &start, &stop, &step);
  EXIT_IF(step == 0);
  RangeIterObject *r = (RangeIterObject *)vm_alloc(vm, OBJ_RANGE, HEAP_BLOCK_BYTES(RANGE_OBJECT_BYTES));
  EXIT_IF(r == 0);
  r->next = start;
  r->stop = stop;
  r->step = step;
  sp -= OPARG;
  sp[-1] = BOX_OBJ(r);
}

/// `x in r` of a small int x and a range object (on top), as tier-1 computes it.
uop RANGE_CONTAINS_INT (key, range -- res: bool) {
  EXIT_IF(!IS_INT(key) || !is_range_object(range));
  RangeIterObject *r = (RangeIterObject *)UNBOX_OBJ(range);
  int64_t x = UNBOX_INT(key);
  int in = r->step > 0 ? (x >= r->next && x < r->stop) : (x <= r->next && x > r->stop);
  res = BOX_BOOL(in && (x - r->next) % r->step == 0);
}
