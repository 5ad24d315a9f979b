// Helpers of the container and iterator uops (cases/uops_iter.c).
#pragma once
#include "vm.h"

// The next live entry of a dict iterator (keys, values or items), or 0: exits
// when the dict changed size since the iterator was made (tier-1 raises the
// RuntimeError) and at the end.
static inline Value *dict_iter_next(IterObject *it) {
  Value src = it->source;
  if (!IS_OBJ(src)) return 0;
  DictObject *d = (DictObject *)UNBOX_OBJ(src);
  if (!IS_INT(it->aux2) || UNBOX_INT(it->aux2) != d->used) return 0;
  Value *entries = d->entries->items;
  for (int64_t i = it->index; i < d->nentries; i++) {
    Value *e = entries + i * DICT_ENTRY_WORDS;
    if (VALUE_TAG(e[1]) != TAG_UNBOUND) {
      it->index = i + 1;
      return e;
    }
  }
  return 0;
}


// The value slot of small-int `key` in dict d, probing as runtime/vm/heap/dict.ts
// does (CPython's perturbation), or 0 when the key is absent. *ask is set when
// an entry with the same hash holds a key of another type (a float or a bool
// that may equal the int): only tier-1 can compare those.
static inline Value *dict_find_int(DictObject *d, Value key, int *ask) {
  int64_t n = UNBOX_INT(key);
  uint64_t hash = (uint64_t)(n == -1 ? -2 : n);
  uint64_t mask = (uint64_t)d->mask;
  int32_t *indices = (int32_t *)d->indices->items;
  Value *entries = d->entries->items;
  uint64_t i = hash & mask, perturb = hash;
  *ask = 0;
  for (;;) {
    int32_t ix = indices[i];
    if (ix == DICT_EMPTY) return 0;
    if (ix != DICT_DELETED) {
      Value *e = entries + (int64_t)ix * DICT_ENTRY_WORDS;
      if ((uint64_t)e[0] == hash) {
        if (e[1] == key) return e + 2;
        if (!IS_INT(e[1])) {
          *ask = 1;
          return 0;
        }
      }
    }
    perturb >>= 5;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

// The two list iterators a zip of two lists iterates (its source: a tuple of
// iterators), when both have an item left; 0 otherwise (another shape, or the end).
static inline int zip2_list_iters(Value src, ListIterObject **a, ListIterObject **b) {
  if (!IS_OBJ(src)) return 0;
  TupleObject *its = (TupleObject *)UNBOX_OBJ(src);
  if (its->header.type != OBJ_TUPLE || its->length != 2) return 0;
  Value va = its->items[0], vb = its->items[1];
  if (!IS_OBJ(va) || !IS_OBJ(vb)) return 0;
  ListIterObject *ia = (ListIterObject *)UNBOX_OBJ(va), *ib = (ListIterObject *)UNBOX_OBJ(vb);
  if (ia->header.type != OBJ_LIST_ITER || ib->header.type != OBJ_LIST_ITER) return 0;
  if (ia->index >= ia->list->length || ib->index >= ib->list->length) return 0;
  *a = ia;
  *b = ib;
  return 1;
}
