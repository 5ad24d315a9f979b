// Helpers of the loop and sequence uops (cases/uops_loops.c).
#pragma once
#include "vm.h"

// The next active entry (its {hash, key} pair) of a set iterator from its
// index, or 0: at the end, and when the set changed size since the iterator
// was made (tier-1 raises the RuntimeError).
static inline Value *set_iter_next(IterObject *it) {
  Value src = it->source;
  if (!IS_OBJ(src)) return 0;
  SetObject *s = (SetObject *)UNBOX_OBJ(src);
  if (!IS_INT(it->aux2) || UNBOX_INT(it->aux2) != s->used) return 0;
  Value *table = s->table->items;
  for (int64_t i = it->index; i <= s->mask; i++) {
    Value k = table[2 * i + 1];
    if (k != SET_EMPTY_KEY && k != SET_DUMMY_KEY) {
      it->index = i + 1;
      return table + 2 * i;
    }
  }
  return 0;
}

// Whether a set iterator has no entry left (and its set kept its size).
static inline int set_iter_done(IterObject *it) {
  Value src = it->source;
  if (!IS_OBJ(src)) return 1;
  SetObject *s = (SetObject *)UNBOX_OBJ(src);
  if (!IS_INT(it->aux2) || UNBOX_INT(it->aux2) != s->used) return 0;
  Value *table = s->table->items;
  for (int64_t i = it->index; i <= s->mask; i++) {
    Value k = table[2 * i + 1];
    if (k != SET_EMPTY_KEY && k != SET_DUMMY_KEY) return 0;
  }
  return 1;
}

// Whether a dict iterator has no live entry left (and its dict kept its size).
static inline int dict_iter_done(IterObject *it) {
  Value src = it->source;
  if (!IS_OBJ(src)) return 1;
  DictObject *d = (DictObject *)UNBOX_OBJ(src);
  if (!IS_INT(it->aux2) || UNBOX_INT(it->aux2) != d->used) return 0;
  Value *entries = d->entries->items;
  for (int64_t i = it->index; i < d->nentries; i++) {
    if (VALUE_TAG(entries[i * DICT_ENTRY_WORDS + 1]) != TAG_UNBOUND) return 0;
  }
  return 1;
}

// Whether a value is an object no int or float can equal (tier-1's equals:
// different kinds of non-numbers, non-instances are unequal).
static inline int never_equals_number(Value v) {
  if (IS_NONE(v)) return 1;
  if (!IS_OBJ(v)) return 0;
  uint32_t t = ((ObjHeader *)UNBOX_OBJ(v))->type;
  return t == OBJ_STR || t == OBJ_LIST || t == OBJ_TUPLE || t == OBJ_DICT || t == OBJ_SET || t == OBJ_FUNCTION ||
         t == OBJ_BUILTIN || t == OBJ_MODULE || t == OBJ_CLASS || t == OBJ_RANGE || t == OBJ_LIST_ITER;
}

// `key in items[0..n)` for a small int or float key, as tier-1's equals
// compares: 1 found, 0 not found, -1 when an item needs tier-1 (an instance
// with its own __eq__, a big int against a float, ...).
static inline int seq_contains_number(const Value *items, int64_t n, Value key) {
  int key_int = IS_INT(key);
  double kf = key_int ? (double)UNBOX_INT(key) : UNBOX_FLOAT(key);
  for (int64_t i = 0; i < n; i++) {
    Value e = items[i];
    if (e == key) {
      if (key_int || kf == kf) return 1;  // the same word: equal unless a NaN
      continue;
    }
    if (IS_INT(e)) {
      if (!key_int && (double)UNBOX_INT(e) == kf) return 1;
      continue;
    }
    if (IS_FLOAT(e)) {
      if (UNBOX_FLOAT(e) == kf) return 1;
      continue;
    }
    if (IS_BOOL(e)) {
      if ((double)(e & 1) == kf) return 1;
      continue;
    }
    if (IS_OBJ(e) && ((ObjHeader *)UNBOX_OBJ(e))->type == OBJ_BIGINT && key_int) continue;  // normalised: never small
    if (never_equals_number(e)) continue;
    return -1;  // tier-1 compares from here, in order (an __eq__ may have effects)
  }
  return 0;
}

// An IterObject of kind `kind` over `source` (a dict or a set), counting its
// entries now as tier-1 does to notice a size change; in the lent buffer.
static inline Value new_table_iter(VMState *vm, int64_t kind, Value source, int64_t used) {
  IterObject *it = (IterObject *)vm_alloc(vm, OBJ_ITER, HEAP_BLOCK_BYTES(sizeof(IterObject)));
  if (it == 0) return 0;
  it->kind = kind;
  it->source = source;
  it->index = 0;
  it->aux = NONE_VALUE;
  it->aux2 = BOX_INT(used);
  return BOX_OBJ(it);
}

