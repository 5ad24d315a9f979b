// Hashing, key equality and probing of dicts and sets in native code
// (the uops of cases/uops_dicts.c): the same hashes and probe sequences as
// runtime/vm/heap/hashing.ts, dict.ts and set.ts, so a trace and tier-1 work
// on one table. Keys native code can hash: small ints, strs whose hash is
// cached or that carry inline chars (cases/vm.h StrObject.chars), and tuples
// of those. Equality is decided natively for identical words, small ints and
// inline strs (and tuples of those); anything else with an equal hash is
// "ask": the uop exits and tier-1 compares (a str subclass's __eq__, a float
// equal to an int, two long strs with the same hash).
#pragma once
#include "vm.h"

static inline int is_dict(Value v) { return IS_OBJ(v) && ((ObjHeader *)UNBOX_OBJ(v))->type == OBJ_DICT; }
static inline int is_set(Value v) { return IS_OBJ(v) && ((ObjHeader *)UNBOX_OBJ(v))->type == OBJ_SET; }

// ---- strs ---------------------------------------------------------------------

// murmur3's 64-bit finaliser of an inline chars word (runtime/vm/heap/str-inline.ts strInlineHash).
static inline uint64_t str_inline_hash(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  if (k == ~0ull) k = ~0ull - 1;
  return k;
}

// Whether s carries inline chars (a flat short ASCII str).
static inline int str_is_inline(const StrObject *s) { return s->handle != STR_ROPE && s->chars != 0; }

// The inline chars of a + b, or 0 when either has none or the result is too long.
static inline uint64_t str_concat_chars(const StrObject *a, const StrObject *b) {
  if (!str_is_inline(a) || !str_is_inline(b) || a->length + b->length > STR_INLINE_MAX) return 0;
  return a->chars | ((b->chars & ~STR_CHARS_INLINE) << (7 * a->length));
}

// ---- hashing and probing (cases/dict_support.c, in the support library) ------

#define KEYS_DIFFER 0
#define KEYS_EQUAL 1
#define KEYS_ASK 2

// hash(key) into *out for small ints, strs with a cached hash or inline chars,
// and tuples of those; 0 when only tier-1 can hash it.
int support_key_hash(Value key, uint64_t *out);
// d[key] lookup: the entry {hash, key, value}, 0 when absent; *ok = 0 when only tier-1 can tell.
Value *support_dict_lookup(DictObject *d, Value key, int *ok);
// d[key] = value natively: 0 (nothing changed) when tier-1 must do it (an
// unhashable or uncomparable key, a full entry table that must grow).
int support_dict_store(DictObject *d, Value key, Value value);
// del d[key] natively: 0 (nothing changed) when tier-1 must (a missing key raises KeyError there).
int support_dict_delete(DictObject *d, Value key);
// key in s (runtime/vm/heap/set.ts lookup): 1 found, 0 absent, -1 ask tier-1.
int support_set_contains(SetObject *s, Value key);
