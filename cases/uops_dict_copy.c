// dict(d) of a dict in traces (record-dict-copy.ts).

/// dict(src) of the builtin (guarded) and a dict: a copy of its tables as
/// they are (a valid table copied word for word is a valid table: the same
/// entries in the same order, deleted slots included), in the lent
/// allocation buffer. A non-dict, or a buffer too small, exits.
uop DICT_COPY (fn, src -- res) {
  EXIT_IF(!IS_OBJ(src) || ((ObjHeader *)UNBOX_OBJ(src))->type != OBJ_DICT);
  DictObject *s = (DictObject *)UNBOX_OBJ(src);
  uint64_t dict_bytes = HEAP_BLOCK_BYTES(sizeof(DictObject));
  uint64_t index_bytes = HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)(s->mask + 1) * 4);
  uint64_t entry_bytes = HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)s->capacity * DICT_ENTRY_WORDS * sizeof(Value));
  EXIT_IF(!vm_room(vm, dict_bytes + index_bytes + entry_bytes));
  (void)fn;
  ItemsObject *indices = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, index_bytes);
  ItemsObject *entries = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, entry_bytes);
  DictObject *o = (DictObject *)vm_alloc(vm, OBJ_DICT, dict_bytes);
  const int32_t *from = (const int32_t *)s->indices->items;
  int32_t *to = (int32_t *)indices->items;
  for (int64_t i = 0; i <= s->mask; i++) to[i] = from[i];
  int64_t words = s->nentries * DICT_ENTRY_WORDS;
  for (int64_t i = 0; i < words; i++) entries->items[i] = s->entries->items[i];
  o->used = s->used;
  o->nentries = s->nentries;
  o->capacity = s->capacity;
  o->mask = s->mask;
  o->indices = indices;
  o->entries = entries;
  res = BOX_OBJ(o);
}
