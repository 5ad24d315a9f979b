// Slice stores and deletes on lists, and LIST_TO_TUPLE (record-slices.ts
// translates to them). BUILD_SLICE followed by STORE_SUBSCR or DELETE_SUBSCR
// is one uop: no slice object is made. As everywhere, a uop exits before it
// changes anything: tier-1 redoes the bytecode.

/// list[start:stop] = seq (BUILD_SLICE 2; STORE_SUBSCR) for a list or tuple
/// seq other than the list itself and bounds that are small ints or None, as
/// tier-1's storeSlice does it: the items in between replaced in place, the
/// list grown into the lent buffer when it must be. Other operands, and a
/// buffer too small, exit.
uop LIST_STORE_SLICE (value, list, start, stop -- ) {
  EXIT_IF(!IS_OBJ(list) || ((ObjHeader *)UNBOX_OBJ(list))->type != OBJ_LIST || value == list);
  int64_t m = 0;
  const Value *src = seq_items(value, &m);
  EXIT_IF(src == 0);
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t n = l->length, first = 0, by = 1, count = 0;
  EXIT_IF(!slice_indices(start, stop, NONE_VALUE, n, &first, &by, &count));
  int64_t end = first + count, total = n - count + m;
  if (__builtin_expect(total > l->capacity, 0)) {
    // Grown as LIST_EXTEND_SEQ grows, and filled in one pass.
    int64_t capacity = l->capacity + (l->capacity >> 1) + 4;
    if (capacity < total) capacity = total;
    ItemsObject *grown = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)capacity * sizeof(Value)));
    EXIT_IF(grown == 0);
    Value *old = l->items->items;
    for (int64_t i = 0; i < first; i++) grown->items[i] = old[i];
    for (int64_t i = 0; i < m; i++) grown->items[first + i] = src[i];
    for (int64_t i = end; i < n; i++) grown->items[i - count + m] = old[i];
    l->items = grown;
    l->capacity = capacity;
  } else {
    Value *items = l->items->items;
    // The tail moves (up or down) before the new items go in; src is another object's items.
    if (m > count) for (int64_t i = n - 1; i >= end; i--) items[i - count + m] = items[i];
    else if (m < count) for (int64_t i = end; i < n; i++) items[i - count + m] = items[i];
    for (int64_t i = 0; i < m; i++) items[first + i] = src[i];
  }
  l->length = total;
}

/// del list[start:stop] (BUILD_SLICE 2; DELETE_SUBSCR) with bounds that are
/// small ints or None: the tail moves down. Anything else exits.
uop LIST_DELETE_SLICE (list, start, stop -- ) {
  EXIT_IF(!IS_OBJ(list) || ((ObjHeader *)UNBOX_OBJ(list))->type != OBJ_LIST);
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t n = l->length, first = 0, by = 1, count = 0;
  EXIT_IF(!slice_indices(start, stop, NONE_VALUE, n, &first, &by, &count));
  Value *items = l->items->items;
  for (int64_t i = first + count; i < n; i++) items[i - count] = items[i];
  l->length = n - count;
}

/// tuple(list) as LIST_TO_TUPLE makes it (star displays, tuple(genexpr)): a
/// new tuple in the lent buffer. A non-list, or a buffer too small, exits.
uop LIST_TO_TUPLE (list -- res: tuple) {
  EXIT_IF(!IS_OBJ(list) || ((ObjHeader *)UNBOX_OBJ(list))->type != OBJ_LIST);
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  Value *dst = 0;
  Value out = new_seq(vm, 0, l->length, &dst);
  EXIT_IF(out == 0);
  for (int64_t i = 0; i < l->length; i++) dst[i] = l->items->items[i];
  res = out;
}
