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

// The first i in [from, n) where items[i] equals a small int or float key as
// tier-1's equals compares: -1 when there is none, -2 when an item before the
// match needs tier-1 (an instance with its own __eq__, a big int against a
// float, ...): tier-1 then compares from the start, in order.
static inline int64_t seq_find_number(const Value *items, int64_t from, int64_t n, Value key) {
  int key_int = IS_INT(key);
  double kf = key_int ? (double)UNBOX_INT(key) : UNBOX_FLOAT(key);
  for (int64_t i = from; i < n; i++) {
    Value e = items[i];
    if (e == key) return i;  // the same object: equal even if a NaN, as tier-1's item compare
    if (IS_INT(e)) {
      if (!key_int && (double)UNBOX_INT(e) == kf) return i;
      continue;
    }
    if (IS_FLOAT(e)) {
      if (UNBOX_FLOAT(e) == kf) return i;
      continue;
    }
    if (IS_BOOL(e)) {
      if ((double)(e & 1) == kf) return i;
      continue;
    }
    if (IS_OBJ(e) && ((ObjHeader *)UNBOX_OBJ(e))->type == OBJ_BIGINT && key_int) continue;  // normalised: never small
    if (never_equals_number(e)) continue;
    return -2;
  }
  return -1;
}

// sum() of ints, bools and floats as tier-1 adds them one by one from 0 (an
// int sum turns float at the first float); 0 when an item is anything else or
// an int sum leaves the small-int range (tier-1 sums those).
static inline int sum_numbers(const Value *items, int64_t n, Value *out) {
  int64_t acc = 0;
  double facc = 0.0;
  int is_float = 0;
  for (int64_t i = 0; i < n; i++) {
    Value e = items[i];
    if (IS_INT(e) || IS_BOOL(e)) {
      int64_t v = IS_INT(e) ? UNBOX_INT(e) : (int64_t)(e & 1);
      if (is_float) {
        facc += (double)v;
      } else {
        acc += v;
        if (acc < SMALL_INT_MIN || acc > SMALL_INT_MAX) return 0;
      }
    } else if (IS_FLOAT(e)) {
      if (!is_float) {
        facc = (double)acc;
        is_float = 1;
      }
      facc += UNBOX_FLOAT(e);
    } else {
      return 0;
    }
  }
  *out = is_float ? BOX_FLOAT(facc) : BOX_INT(acc);
  return 1;
}

// A number as a double for min/max, 0 when it is not a small int, bool or a
// float other than NaN (comparisons with NaN depend on the order: tier-1's).
static inline int number_of(Value e, double *d) {
  if (IS_INT(e)) { *d = (double)UNBOX_INT(e); return 1; }
  if (IS_BOOL(e)) { *d = (double)(e & 1); return 1; }
  if (IS_FLOAT(e)) { *d = UNBOX_FLOAT(e); return *d == *d; }
  return 0;
}

// min() (want_less) or max() of ints, bools and floats: the first best item, as
// tier-1 keeps it (only a strictly better item replaces it); 0 when the
// sequence is empty (ValueError) or holds anything else.
static inline int min_max_numbers(const Value *items, int64_t n, int want_less, Value *out) {
  if (n == 0) return 0;
  double best;
  if (!number_of(items[0], &best)) return 0;
  int64_t at = 0;
  for (int64_t i = 1; i < n; i++) {
    double d;
    if (!number_of(items[i], &d)) return 0;
    if (want_less ? d < best : d > best) {
      best = d;
      at = i;
    }
  }
  *out = items[at];
  return 1;
}

// The truth of an int, bool, float, None, str, list, tuple, dict or set: 0 or
// 1, or -1 for anything else (an instance's __bool__ or __len__ is tier-1's).
static inline int truth_of_simple(Value e) {
  if (IS_BOOL(e)) return (int)(e & 1);
  if (IS_INT(e)) return UNBOX_INT(e) != 0;
  if (IS_FLOAT(e)) return UNBOX_FLOAT(e) != 0.0;
  if (IS_NONE(e)) return 0;
  if (!IS_OBJ(e)) return -1;
  ObjHeader *h = (ObjHeader *)UNBOX_OBJ(e);
  switch (h->type) {
    case OBJ_STR: return ((StrObject *)h)->length != 0;
    case OBJ_LIST: return ((ListObject *)h)->length != 0;
    case OBJ_TUPLE: return ((TupleObject *)h)->length != 0;
    case OBJ_DICT: return ((DictObject *)h)->used != 0;
    case OBJ_SET: return ((SetObject *)h)->used != 0;
    default: return -1;
  }
}

// any() (want = 1) or all() (want = 0) of simple items: 1 or 0, -1 when an item
// before the answer is not simple (tier-1 asks its __bool__/__len__).
static inline int any_all_simple(const Value *items, int64_t n, int want) {
  for (int64_t i = 0; i < n; i++) {
    int t = truth_of_simple(items[i]);
    if (t < 0) return -1;
    if (t == want) return want;
  }
  return !want;
}

// The items and length of a list or tuple value, 0 for anything else.
static inline const Value *seq_items(Value v, int64_t *n) {
  if (!IS_OBJ(v)) return 0;
  ObjHeader *h = (ObjHeader *)UNBOX_OBJ(v);
  if (h->type == OBJ_LIST) {
    *n = ((ListObject *)h)->length;
    return ((ListObject *)h)->items->items;
  }
  if (h->type == OBJ_TUPLE) {
    *n = ((TupleObject *)h)->length;
    return ((TupleObject *)h)->items;
  }
  return 0;
}

// An IterObject of kind `kind` over `source` (a dict or a set), counting its
// entries now as tier-1 does to notice a size change; in the lent buffer.
static inline __attribute__((always_inline)) Value new_table_iter(VMState *vm, int64_t kind, Value source, int64_t used) {
  IterObject *it = (IterObject *)vm_alloc(vm, OBJ_ITER, HEAP_BLOCK_BYTES(sizeof(IterObject)));
  if (it == 0) return 0;
  it->kind = kind;
  it->source = source;
  it->index = 0;
  it->aux = NONE_VALUE;
  it->aux2 = BOX_INT(used);
  return BOX_OBJ(it);
}


// A new list (is_list) or tuple of n items, uninitialised, in the lent
// buffer: its items in *items; 0 when the buffer is too small.
static inline __attribute__((always_inline)) Value new_seq(VMState *vm, int is_list, int64_t n, Value **items) {
  if (is_list) {
    ListObject *l = vm_alloc_list(vm, n);
    if (l == 0) return 0;
    *items = l->items->items;
    return BOX_OBJ(l);
  }
  TupleObject *t = (TupleObject *)vm_alloc(vm, OBJ_TUPLE, HEAP_BLOCK_BYTES(sizeof(TupleObject) + (uint64_t)n * sizeof(Value)));
  if (t == 0) return 0;
  t->length = n;
  *items = t->items;
  return BOX_OBJ(t);
}

// A slice bound: None (*absent) or a small int; 0 for anything else.
static inline int slice_bound(Value v, int64_t *out, int *absent) {
  if (IS_NONE(v)) { *absent = 1; return 1; }
  if (!IS_INT(v)) return 0;
  *absent = 0;
  *out = UNBOX_INT(v);
  return 1;
}

// start, step and item count of seq[start:stop:step] over `length` items, as
// tier-1's sliceIndices computes them; 0 for a bound that is not None or a
// small int, or a zero step (tier-1 raises ValueError).
static inline int slice_indices(Value vstart, Value vstop, Value vstep, int64_t length, int64_t *pstart, int64_t *pstep, int64_t *pcount) {
  int64_t start = 0, stop = 0, step = 1;
  int no_start, no_stop, no_step;
  if (!slice_bound(vstep, &step, &no_step) || !slice_bound(vstart, &start, &no_start) || !slice_bound(vstop, &stop, &no_stop)) return 0;
  if (no_step) step = 1;
  if (step == 0) return 0;
  if (no_start) start = step < 0 ? length - 1 : 0;
  else if (start < 0) { start += length; if (start < 0) start = step < 0 ? -1 : 0; }
  else if (start >= length) start = step < 0 ? length - 1 : length;
  if (no_stop) stop = step < 0 ? -1 : length;
  else if (stop < 0) { stop += length; if (stop < 0) stop = step < 0 ? -1 : 0; }
  else if (stop >= length) stop = step < 0 ? length - 1 : length;
  int64_t n = 0;
  if (step > 0 && start < stop) n = (stop - start - 1) / step + 1;
  else if (step < 0 && start > stop) n = (start - stop - 1) / -step + 1;
  *pstart = start;
  *pstep = step;
  *pcount = n;
  return 1;
}

// A range object (what range() returns) is one word bigger than a range
// iterator (runtime/vm/interpreter/iterators.ts RANGE_OBJECT_WORDS).
#define RANGE_OBJECT_BYTES (sizeof(RangeIterObject) + 8)
#define RANGE_OBJECT_WORDS (RANGE_OBJECT_BYTES / 8)
#define LIST_ITER_BYTES HEAP_BLOCK_BYTES(sizeof(ListIterObject))
#define ITER_BYTES HEAP_BLOCK_BYTES(sizeof(IterObject))


// The bytes iter() of a list (a list iterator) or a tuple (a list copy and
// its iterator) takes, as tier-1 makes them.
static inline uint64_t seq_iter_bytes(Value seq) {
  ObjHeader *h = (ObjHeader *)UNBOX_OBJ(seq);
  if (h->type == OBJ_LIST) return LIST_ITER_BYTES;
  int64_t n = ((TupleObject *)h)->length;
  return LIST_ITER_BYTES + HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)(n > 0 ? n : 1) * sizeof(Value)) + HEAP_BLOCK_BYTES(sizeof(ListObject));
}

// iter() of a list or tuple (seq_iter_bytes of room checked): a fresh list iterator.
static inline __attribute__((always_inline)) Value new_seq_iter(VMState *vm, Value seq) {
  ObjHeader *h = (ObjHeader *)UNBOX_OBJ(seq);
  ListObject *l;
  if (h->type == OBJ_LIST) {
    l = (ListObject *)h;
  } else {
    TupleObject *t = (TupleObject *)h;
    l = vm_alloc_list(vm, t->length);
    for (int64_t i = 0; i < t->length; i++) l->items->items[i] = t->items[i];
  }
  ListIterObject *it = (ListIterObject *)vm_alloc(vm, OBJ_LIST_ITER, LIST_ITER_BYTES);
  it->list = l;
  it->index = 0;
  return BOX_OBJ(it);
}

// A list or tuple value.
static inline int is_seq(Value v) {
  if (!IS_OBJ(v)) return 0;
  uint32_t t = ((ObjHeader *)UNBOX_OBJ(v))->type;
  return t == OBJ_LIST || t == OBJ_TUPLE;
}

// An IterObject (ITER_BYTES of room checked) of `kind` over source.
static inline __attribute__((always_inline)) IterObject *new_iter_object(VMState *vm, int64_t kind, Value source) {
  IterObject *it = (IterObject *)vm_alloc(vm, OBJ_ITER, ITER_BYTES);
  it->kind = kind;
  it->source = source;
  it->index = 0;
  it->aux = NONE_VALUE;
  it->aux2 = NONE_VALUE;
  return it;
}

// The number of items of a range object (or iterator) from its next value.
static inline int64_t range_count(const RangeIterObject *r) {
  if (r->step > 0) return r->next < r->stop ? (r->stop - r->next - 1) / r->step + 1 : 0;
  return r->next > r->stop ? (r->next - r->stop - 1) / -r->step + 1 : 0;
}

// Whether v is a range object (what range() returns, not an iterator).
static inline int is_range_object(Value v) {
  if (!IS_OBJ(v)) return 0;
  ObjHeader *h = (ObjHeader *)UNBOX_OBJ(v);
  return h->type == OBJ_RANGE && h->words == RANGE_OBJECT_WORDS;
}

// Longest sequence sorted natively (a binary insertion sort, stable as
// tier-1's sort): longer ones are tier-1's.
#define SORT_NATIVE_MAX 256

// A list iterator over a list copy of items[0..n) in the lent buffer (the
// iterator a recycled one when there is one), as tier-1's iter() of a tuple;
// 0 (nothing taken) when the buffer is too small.
static inline __attribute__((always_inline)) ListIterObject *list_iter_over_copy(VMState *vm, const Value *items, int64_t n) {
  int recycled = vm->recycled_list_iters > 0;
  uint64_t bytes = HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)(n > 0 ? n : 1) * sizeof(Value)) + HEAP_BLOCK_BYTES(sizeof(ListObject)) +
                   (recycled ? 0 : LIST_ITER_BYTES);
  if (!vm_room(vm, bytes)) return 0;
  ListObject *copy = vm_alloc_list(vm, n);
  for (int64_t i = 0; i < n; i++) copy->items->items[i] = items[i];
  ListIterObject *it = recycled ? (ListIterObject *)vm->recycled_list_iter[--vm->recycled_list_iters]
                                : (ListIterObject *)vm_alloc(vm, OBJ_LIST_ITER, LIST_ITER_BYTES);
  it->list = copy;
  it->index = 0;
  return it;
}

// A list iterator over a new list of table[units[i]] for i < n (a str's
// one-character strs); NULL (nothing taken) when the lent buffer cannot hold it.
static inline __attribute__((always_inline)) ListIterObject *list_iter_over_units(VMState *vm, const Value *table, const uint8_t *units, int64_t n) {
  int recycled = vm->recycled_list_iters > 0;
  uint64_t bytes = HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)(n > 0 ? n : 1) * sizeof(Value)) + HEAP_BLOCK_BYTES(sizeof(ListObject)) +
                   (recycled ? 0 : LIST_ITER_BYTES);
  if (!vm_room(vm, bytes)) return 0;
  ListObject *copy = vm_alloc_list(vm, n);
  for (int64_t i = 0; i < n; i++) copy->items->items[i] = table[units[i]];
  ListIterObject *it = recycled ? (ListIterObject *)vm->recycled_list_iter[--vm->recycled_list_iters]
                                : (ListIterObject *)vm_alloc(vm, OBJ_LIST_ITER, LIST_ITER_BYTES);
  it->list = copy;
  it->index = 0;
  return it;
}
