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

// ---- empty dicts ----------------------------------------------------------------
// Laid out as runtime/vm/heap/dict.ts makes a new dict: 8 index slots and 5
// entries (dict.ts's usable(8)).

/// The arena bytes of an empty dict: the dict and its two tables.
#define EMPTY_DICT_BYTES (HEAP_BLOCK_BYTES(sizeof(DictObject)) + HEAP_BLOCK_BYTES(sizeof(ItemsObject) + 8 * 4) + \
                          HEAP_BLOCK_BYTES(sizeof(ItemsObject) + 5 * DICT_ENTRY_WORDS * sizeof(Value)))

/// An empty dict in the lent allocation buffer; the caller has checked that EMPTY_DICT_BYTES fit.
static inline __attribute__((always_inline)) DictObject *vm_new_empty_dict(VMState *vm) {
  ItemsObject *indices = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, HEAP_BLOCK_BYTES(sizeof(ItemsObject) + 8 * 4));
  ItemsObject *entries = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, HEAP_BLOCK_BYTES(sizeof(ItemsObject) + 5 * DICT_ENTRY_WORDS * sizeof(Value)));
  DictObject *o = (DictObject *)vm_alloc(vm, OBJ_DICT, HEAP_BLOCK_BYTES(sizeof(DictObject)));
  int32_t *slots = (int32_t *)indices->items;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int i = 0; i < 8; i++) slots[i] = DICT_EMPTY;
  o->used = 0;
  o->nentries = 0;
  o->capacity = 5;
  o->mask = 8 - 1;
  o->indices = indices;
  o->entries = entries;
  return o;
}

// ---- strs ---------------------------------------------------------------------

static inline uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

// The hash of an inline chars word (runtime/vm/heap/str-inline.ts strInlineHash):
// two murmur3 32-bit finalisers, the second fed by the first; never 0, -1 made -2.
static inline uint64_t str_inline_hash(uint64_t k) {
  uint32_t lo = (uint32_t)k, hi = (uint32_t)(k >> 32);
  uint32_t a = fmix32(lo ^ (hi * 0x9e3779b1u));
  uint32_t b = fmix32(hi ^ (a * 0x27d4eb2fu));
  uint64_t h = ((uint64_t)b << 32) | a;
  if (h == 0) h = 1;
  if (h == ~0ull) h = ~0ull - 1;
  return h;
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
int support_set_add(SetObject *s, Value key);

// ---- short strs built natively (cases/uops_strs.c) -----------------------------

#define STR_CHAR_AT(chars, i) ((unsigned)((chars) >> (7 * (i))) & 127u)
// The low 7*n bits of an inline chars word (its first n code points).
#define STR_CHARS_PREFIX(chars, n) ((n) >= 9 ? ((chars) & ~STR_CHARS_INLINE) : ((chars) & ((1ull << (7 * (n))) - 1)))

// Whether the str value v carries inline chars.
// Whether ASCII code c is whitespace int() skips around a number (space, \t..\r; not \x1c..\x1f,
// which str.isspace() counts but int() rejects).
static inline int int_text_space(unsigned c) { return c == ' ' || (c >= 9 && c <= 13); }

static inline int value_is_inline_str(Value v) {
  if (!IS_OBJ(v)) return 0;
  const StrObject *s = (const StrObject *)UNBOX_OBJ(v);
  return s->header.type == OBJ_STR && str_is_inline(s);
}

// Rope levels str_unit_at walks down (runtime/vm/heap/str-units.ts STR_UNITS_ROPE_DEPTH):
// a rope a trace just built from a few pieces, not a chain of appends.
#define STR_UNITS_ROPE_DEPTH 8

// The code point at index i (0 <= i < o->length) of str o as native code
// reads it: inline chars, a flat str's code units (VMState.str_units), or a
// rope of at most STR_UNITS_ROPE_DEPTH levels over such strs; -1 when it cannot.
static inline int str_unit_at(const VMState *vm, const StrObject *o, int64_t i) {
  // (Not unrolled: each level would copy the leaf reads, ~20 KB of stencil per uop.)
#pragma clang loop unroll(disable)
  for (int d = 0; d <= STR_UNITS_ROPE_DEPTH; d++) {
    if (o->handle == STR_ROPE) {
      const StrObject *l = o->left;
      if (i < l->length) {
        o = l;
      } else {
        i -= l->length;
        o = o->right;
      }
      continue;
    }
    if (o->chars != 0) return (int)STR_CHAR_AT(o->chars, i);
    const uint8_t *u = str_units_of(vm, o);
    return u ? u[i] : -1;
  }
  return -1;
}

// A new str of `length` code points whose contents are the inline chars word
// `chars` (flag included), in the lent buffer; 0 when it is full.
static inline __attribute__((always_inline)) Value vm_new_inline_str(VMState *vm, uint64_t chars, int64_t length) {
  StrObject *r = (StrObject *)vm_alloc(vm, OBJ_STR, HEAP_BLOCK_BYTES(SIZEOF_FLAT_STR));
  if (r == 0) return 0;
  r->length = length;
  r->handle = STR_INLINE_ONLY;
  r->hash = 0;
  r->chars = chars;
  return BOX_OBJ(r);
}

// The position of the first occurrence of inline str sub in inline str s at or after `from`, or -1.
static inline int64_t str_inline_find(const StrObject *s, const StrObject *sub, int64_t from) {
  int64_t n = s->length, m = sub->length;
  uint64_t want = sub->chars & ~STR_CHARS_INLINE;
  for (int64_t i = from; i + m <= n; i++) {
    if (STR_CHARS_PREFIX(s->chars >> (7 * i), m) == want) return i;
  }
  return -1;
}

// Python's whitespace among ASCII code points (str.isspace, str.strip()).
static inline int ascii_is_space(unsigned c) { return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31); }
