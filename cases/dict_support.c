// Hashing, key equality and probing of dicts and sets for native code (declared
// in cases/dict_support.h, where the rules are): part of the support library,
// called by the uops of cases/uops_dicts.c.
#include "template.h"

// The hash of str s into *out (cached in the object, as tier-1 caches it);
// 0 when only tier-1 can compute it (a rope, a long str not hashed yet).
static int str_hash(StrObject *s, uint64_t *out) {
  uint64_t h = (uint64_t)s->hash;
  if (h != 0 && s->handle != STR_ROPE) { *out = h; return 1; }
  if (s->handle == STR_ROPE || s->chars == 0) return 0;
  h = str_inline_hash(s->chars);
  s->hash = (int64_t)h;
  *out = h;
  return 1;
}

// ---- any key ------------------------------------------------------------------

#define KEY_DEPTH_MAX 3

// hash(key) into *out for the keys native code can hash; 0 otherwise.
static int key_hash(Value key, uint64_t *out, int depth);

// CPython's tuple hash (xxHash lanes, runtime/vm/heap/hashing.ts TupleHasher).
static int tuple_hash(TupleObject *t, uint64_t *out, int depth) {
  const uint64_t P1 = 11400714785074694791ull, P2 = 14029467366897019727ull, P5 = 2870177450012600261ull;
  uint64_t acc = P5;
  for (int64_t i = 0; i < t->length; i++) {
    uint64_t lane;
    if (!key_hash(t->items[i], &lane, depth + 1)) return 0;
    acc += lane * P2;
    acc = (acc << 31) | (acc >> 33);
    acc *= P1;
  }
  acc += (uint64_t)t->length ^ (P5 ^ 3527539ull);
  if (acc == ~0ull) acc = 1546275796;
  *out = acc;
  return 1;
}

static int key_hash(Value key, uint64_t *out, int depth) {
  if (IS_INT(key)) {
    int64_t n = UNBOX_INT(key);
    *out = (uint64_t)(n == -1 ? -2 : n);
    return 1;
  }
  if (!IS_OBJ(key) || depth > KEY_DEPTH_MAX) return 0;
  ObjHeader *h = (ObjHeader *)UNBOX_OBJ(key);
  if (h->type == OBJ_STR) return str_hash((StrObject *)h, out);
  if (h->type == OBJ_TUPLE) return tuple_hash((TupleObject *)h, out, depth);
  return 0;
}


// Whether stored == key, for two keys with equal hashes.
static int keys_equal(Value stored, Value key, int depth) {
  if (stored == key) return KEYS_EQUAL;
  if (IS_INT(key) && IS_INT(stored)) return KEYS_DIFFER;
  if (!IS_OBJ(key) || !IS_OBJ(stored) || depth > KEY_DEPTH_MAX) return KEYS_ASK;
  ObjHeader *a = (ObjHeader *)UNBOX_OBJ(stored), *b = (ObjHeader *)UNBOX_OBJ(key);
  if (a->type == OBJ_STR && b->type == OBJ_STR) {
    StrObject *x = (StrObject *)a, *y = (StrObject *)b;
    int xi = x->handle != STR_ROPE && x->chars != 0, yi = y->handle != STR_ROPE && y->chars != 0;
    // Inline chars are exactly the short ASCII strs: one side inline, the other not, differ.
    if (xi && yi) return x->chars == y->chars && x->length == y->length ? KEYS_EQUAL : KEYS_DIFFER;
    if (xi != yi && x->handle != STR_ROPE && y->handle != STR_ROPE) return KEYS_DIFFER;
    return x->length != y->length ? KEYS_DIFFER : KEYS_ASK;
  }
  if (a->type == OBJ_TUPLE && b->type == OBJ_TUPLE) {
    TupleObject *x = (TupleObject *)a, *y = (TupleObject *)b;
    if (x->length != y->length) return KEYS_DIFFER;
    for (int64_t i = 0; i < x->length; i++) {
      int r = keys_equal(x->items[i], y->items[i], depth + 1);
      if (r != KEYS_EQUAL) return r;
    }
    return KEYS_EQUAL;
  }
  return KEYS_ASK;
}

int support_key_hash(Value key, uint64_t *out) { return key_hash(key, out, 0); }

// ---- dicts --------------------------------------------------------------------

// The result of a probe: the entry holding the key, or where a new one goes.
typedef struct DictProbe {
  Value *entry;     // {hash, key, value} of the key, or 0 when absent
  int32_t *slot;    // the index slot to write a new entry's number into (absent keys)
} DictProbe;

// Probes d for key with hash h as runtime/vm/heap/dict.ts find() does
// (CPython's perturbation); 0 when only tier-1 can compare a key met on the way.
static int dict_probe(DictObject *d, Value key, uint64_t h, DictProbe *out) {
  uint64_t mask = (uint64_t)d->mask;
  int32_t *indices = (int32_t *)d->indices->items;
  Value *entries = d->entries->items;
  uint64_t i = h & mask, perturb = h;
  int32_t *free_slot = 0;
  for (;;) {
    int32_t ix = indices[i];
    if (ix == DICT_EMPTY) {
      out->entry = 0;
      out->slot = free_slot ? free_slot : &indices[i];
      return 1;
    }
    if (ix == DICT_DELETED) {
      if (!free_slot) free_slot = &indices[i];
    } else {
      Value *e = entries + (int64_t)ix * DICT_ENTRY_WORDS;
      if ((uint64_t)e[0] == h) {
        int r = keys_equal(e[1], key, 0);
        if (r == KEYS_ASK) return 0;
        if (r == KEYS_EQUAL) {
          out->entry = e;
          out->slot = &indices[i];
          return 1;
        }
      }
    }
    perturb >>= 5;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

// d[key] lookup: the entry, 0 when absent; *ok = 0 when only tier-1 can tell.
Value *support_dict_lookup(DictObject *d, Value key, int *ok) {
  uint64_t h;
  DictProbe p;
  if (!key_hash(key, &h, 0) || !dict_probe(d, key, h, &p)) { *ok = 0; return 0; }
  *ok = 1;
  return p.entry;
}

// d[key] = value natively: 0 (nothing changed) when tier-1 must do it (an
// unhashable or uncomparable key, a full entry table that must grow).
int support_dict_store(DictObject *d, Value key, Value value) {
  uint64_t h;
  DictProbe p;
  if (!key_hash(key, &h, 0) || !dict_probe(d, key, h, &p)) return 0;
  if (p.entry) {
    p.entry[2] = value;
    return 1;
  }
  int64_t n = d->nentries;
  if (n >= d->capacity) return 0;
  Value *e = d->entries->items + n * DICT_ENTRY_WORDS;
  e[0] = (Value)h;
  e[1] = key;
  e[2] = value;
  *p.slot = (int32_t)n;
  d->nentries = n + 1;
  d->used += 1;
  return 1;
}

// del d[key] natively: 0 when tier-1 must (a missing key raises KeyError there).
int support_dict_delete(DictObject *d, Value key) {
  uint64_t h;
  DictProbe p;
  if (!key_hash(key, &h, 0) || !dict_probe(d, key, h, &p) || !p.entry) return 0;
  *p.slot = DICT_DELETED;
  p.entry[1] = UNBOUND_VALUE;
  p.entry[2] = UNBOUND_VALUE;
  d->used -= 1;
  return 1;
}

// ---- sets ---------------------------------------------------------------------

#define SET_LINEAR_PROBES 9

// key in s (runtime/vm/heap/set.ts lookup): 1 found, 0 absent, -1 ask tier-1.
int support_set_contains(SetObject *s, Value key) {
  uint64_t h;
  if (!key_hash(key, &h, 0)) return -1;
  uint64_t mask = (uint64_t)s->mask;
  Value *table = s->table->items;
  uint64_t i = h & mask, perturb = h;
  for (;;) {
    Value *e = table + 2 * i;
    int probes = i + SET_LINEAR_PROBES <= mask ? SET_LINEAR_PROBES : 0;
    do {
      if (e[1] == SET_EMPTY_KEY) return 0;
      if (e[1] != SET_DUMMY_KEY && (uint64_t)e[0] == h) {
        int r = keys_equal(e[1], key, 0);
        if (r == KEYS_ASK) return -1;
        if (r == KEYS_EQUAL) return 1;
      }
      e += 2;
    } while (probes-- > 0);
    perturb >>= 5;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

// s.add(key) as runtime/vm/heap/set.ts addEntry does it (the last dummy seen on
// the probe path reused, else the empty slot ending it): 1 when added or
// already there; 0, nothing changed, when tier-1 must act (a key native code
// cannot hash or compare, or an add into an empty slot that would make the
// table grow).
int support_set_add(SetObject *s, Value key) {
  uint64_t h;
  if (!key_hash(key, &h, 0)) return 0;
  uint64_t mask = (uint64_t)s->mask;
  Value *table = s->table->items;
  uint64_t i = h & mask, perturb = h;
  Value *freeslot = 0, *e;
  for (;;) {
    e = table + 2 * i;
    int probes = i + SET_LINEAR_PROBES <= mask ? SET_LINEAR_PROBES : 0;
    do {
      if (e[1] == SET_EMPTY_KEY) goto unused;
      if (e[1] == SET_DUMMY_KEY) {
        freeslot = e;
      } else if ((uint64_t)e[0] == h) {
        int r = keys_equal(e[1], key, 0);
        if (r == KEYS_ASK) return 0;
        if (r == KEYS_EQUAL) return 1;
      }
      e += 2;
    } while (probes-- > 0);
    perturb >>= 5;
    i = (i * 5 + 1 + perturb) & mask;
  }
unused:
  if (freeslot) {
    freeslot[0] = (Value)h;
    freeslot[1] = key;
    s->used++;
    return 1;
  }
  if ((uint64_t)(s->fill + 1) * 5 >= mask * 3) return 0;
  e[0] = (Value)h;
  e[1] = key;
  s->fill++;
  s->used++;
  return 1;
}
