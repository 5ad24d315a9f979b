// Empty dicts and sets made natively and set comprehensions' SET_ADD
// (record-comprehensions.ts translates to them), so `{k: v for ...}`,
// `{x for ...}` and `d = {}` in a loop run in the trace. Tables are laid out
// as runtime/vm/heap/dict.ts and set.ts make them (cases/dict_support.h
// vm_new_empty_dict; 8 set entries, set.ts's MINSIZE). Each uop
// exits, nothing changed, when the lent allocation buffer is too small or
// tier-1 must act.

/// {} (BUILD_MAP 0): an empty dict with dict.ts's first tables.
uop NEW_EMPTY_DICT ( -- d) {
  EXIT_IF(!vm_room(vm, EMPTY_DICT_BYTES));
  d = BOX_OBJ(vm_new_empty_dict(vm));
}

/// set() / the start of a set comprehension (BUILD_SET 0): an empty set with set.ts's first table.
uop NEW_EMPTY_SET ( -- s) {
  uint64_t set_bytes = HEAP_BLOCK_BYTES(sizeof(SetObject));
  uint64_t table_bytes = HEAP_BLOCK_BYTES(sizeof(ItemsObject) + 8 * 2 * sizeof(Value));
  EXIT_IF(!vm_room(vm, set_bytes + table_bytes));
  ItemsObject *table = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, table_bytes);
  SetObject *o = (SetObject *)vm_alloc(vm, OBJ_SET, set_bytes);
#pragma clang loop vectorize(disable) unroll(disable)
  for (int i = 0; i < 8; i++) {
    table->items[2 * i] = 0;
    table->items[2 * i + 1] = SET_EMPTY_KEY;
  }
  o->fill = 0;
  o->used = 0;
  o->mask = 8 - 1;
  o->table = table;
  o->frozen = 0;
  o->hash = -1;
  o->finger = 0;
  s = BOX_OBJ(o);
}

/// SET_ADD of a set comprehension: the item into the set under it. Exits when
/// the key is one only tier-1 hashes or compares, or the table must grow.
uop SET_ADD_ITEM (set, item -- set) {
  EXIT_IF(!is_set(set) || ((SetObject *)UNBOX_OBJ(set))->frozen || !support_set_add((SetObject *)UNBOX_OBJ(set), item));
}
