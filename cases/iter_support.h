// Helpers of the iterator uops (cases/uops_iter.c).
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

