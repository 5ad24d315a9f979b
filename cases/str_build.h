// Helpers of the string-building uops (cases/uops_str_build.c): strs made of
// ASCII chars, ropes over them, int to decimal. Room in the lent buffer is
// checked by the callers before anything is built.
#ifndef STR_BUILD_H
#define STR_BUILD_H

// The bytes str_of_ascii takes for n chars: one inline str per STR_INLINE_MAX
// chars and a rope node joining each further one.
static inline __attribute__((always_inline)) uint64_t ascii_str_bytes(int64_t n) {
  int64_t chunks = n <= STR_INLINE_MAX ? 1 : (n + STR_INLINE_MAX - 1) / STR_INLINE_MAX;
  return (uint64_t)chunks * HEAP_BLOCK_BYTES(SIZEOF_FLAT_STR) + (uint64_t)(chunks - 1) * HEAP_BLOCK_BYTES(sizeof(StrObject));
}

// a + b as STR_CONCAT makes it (an inline str when both fit, else a rope
// node); the caller checked the room (and that neither is empty).
static inline __attribute__((always_inline)) StrObject *str_join2(VMState *vm, StrObject *a, StrObject *b) {
  uint64_t chars = str_concat_chars(a, b);
  StrObject *r = (StrObject *)vm_alloc(vm, OBJ_STR, HEAP_BLOCK_BYTES(chars ? SIZEOF_FLAT_STR : sizeof(StrObject)));
  r->length = a->length + b->length;
  r->hash = 0;
  r->chars = chars;
  if (chars) {
    r->handle = STR_INLINE_ONLY;
  } else {
    r->handle = STR_ROPE;
    r->left = a;
    r->right = b;
  }
  return r;
}

// The str of the n ASCII chars at buf (n >= 1): inline chunks of
// STR_INLINE_MAX chars joined left to right by rope nodes. Room checked by the
// caller (ascii_str_bytes).
static inline __attribute__((always_inline)) StrObject *str_of_ascii(VMState *vm, const char *buf, int64_t n) {
  StrObject *acc = 0;
  for (int64_t at = 0; at < n; at += STR_INLINE_MAX) {
    int64_t m = n - at < STR_INLINE_MAX ? n - at : STR_INLINE_MAX;
    uint64_t chars = STR_CHARS_INLINE;
    for (int64_t i = 0; i < m; i++) chars |= (uint64_t)(unsigned char)buf[at + i] << (7 * i);
    StrObject *piece = (StrObject *)UNBOX_OBJ(vm_new_inline_str(vm, chars, m));
    if (acc == 0) {
      acc = piece;
    } else {
      StrObject *r = (StrObject *)vm_alloc(vm, OBJ_STR, HEAP_BLOCK_BYTES(sizeof(StrObject)));
      r->length = acc->length + m;
      r->hash = 0;
      r->chars = 0;
      r->handle = STR_ROPE;
      r->left = acc;
      r->right = piece;
      acc = r;
    }
  }
  return acc;
}

// The decimal digits of small int v into buf (room for 24), as str(v); their count.
static inline __attribute__((always_inline)) int64_t int_decimal(int64_t v, char *buf) {
  char tmp[24];
  int64_t n = 0;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    tmp[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  int64_t k = 0;
  if (v < 0) buf[k++] = '-';
  while (n > 0) buf[k++] = tmp[--n];
  return k;
}

// prefix + middle + suffix (prefix and suffix: StrObject addresses or 0); the
// middle is given as a str, or (when 0) as n ASCII chars at buf. 0 when the
// buffer is too small or the result too long for a rope.
static inline __attribute__((always_inline)) Value str_affix(VMState *vm, uint64_t prefix, StrObject *middle, const char *buf, int64_t n, uint64_t suffix) {
  StrObject *p = (StrObject *)(uintptr_t)prefix, *s = (StrObject *)(uintptr_t)suffix;
  if (p != 0 && p->length == 0) p = 0;
  if (s != 0 && s->length == 0) s = 0;
  int64_t mid_length = middle ? middle->length : n;
  int64_t total = mid_length + (p ? p->length : 0) + (s ? s->length : 0);
  if (total > STR_ROPE_MAX_LENGTH) return 0;
  uint64_t bytes = (middle ? 0 : ascii_str_bytes(n)) + 2 * HEAP_BLOCK_BYTES(sizeof(StrObject));
  if (!vm_has_room(vm, bytes)) return 0;
  StrObject *m = middle ? middle : str_of_ascii(vm, buf, n);
  if (m->length == 0) {
    // An empty middle ('%s' % ''): the literal parts alone.
    if (p == 0 && s == 0) return BOX_OBJ(m);
    if (p == 0) return BOX_OBJ(s);
    if (s == 0) return BOX_OBJ(p);
    return BOX_OBJ(str_join2(vm, p, s));
  }
  if (p != 0) m = str_join2(vm, p, m);
  if (s != 0) m = str_join2(vm, m, s);
  return BOX_OBJ(m);
}

// The concatenation of the n strs at v (BUILD_STRING of an f-string's
// pieces), or 0 when one is not an exact str, the buffer is too small or the
// result too long for a rope.
static inline __attribute__((always_inline)) Value str_build(VMState *vm, const Value *v, int n) {
  int64_t total = 0;
  for (int i = 0; i < n; i++) {
    if (!IS_OBJ(v[i]) || ((ObjHeader *)UNBOX_OBJ(v[i]))->type != OBJ_STR) return 0;
    total += ((StrObject *)UNBOX_OBJ(v[i]))->length;
  }
  if (total > STR_ROPE_MAX_LENGTH || !vm_has_room(vm, (uint64_t)(n - 1) * HEAP_BLOCK_BYTES(sizeof(StrObject)))) return 0;
  StrObject *acc = 0;
  for (int i = 0; i < n; i++) {
    StrObject *s = (StrObject *)UNBOX_OBJ(v[i]);
    if (s->length == 0) continue;
    acc = acc == 0 ? s : str_join2(vm, acc, s);
  }
  // All empty: the first piece (an empty str) is the result.
  return acc == 0 ? v[0] : BOX_OBJ(acc);
}

// The position of str key among the n items (== as tier-1 compares strs), -1
// when absent, -2 when an item needs tier-1: a str of the same length whose
// chars native code cannot read, or an object that may define __eq__.
static inline __attribute__((always_inline)) int64_t seq_find_str(const Value *items, int64_t n, Value key) {
  const StrObject *k = (const StrObject *)UNBOX_OBJ(key);
  int k_inline = str_is_inline(k);
  for (int64_t i = 0; i < n; i++) {
    Value e = items[i];
    if (e == key) return i;
    if (!IS_OBJ(e)) continue;  // an int, float, bool or None never equals a str
    const ObjHeader *h = (const ObjHeader *)UNBOX_OBJ(e);
    if (h->type == OBJ_STR) {
      const StrObject *s = (const StrObject *)h;
      if (s->length != k->length) continue;
      if (!k_inline || !str_is_inline(s)) return -2;
      if (s->chars == k->chars) return i;
      continue;
    }
    if (h->type == OBJ_LIST || h->type == OBJ_TUPLE || h->type == OBJ_DICT || h->type == OBJ_SET) continue;
    return -2;
  }
  return -1;
}

// Most items STR_JOIN joins natively (more go to tier-1).
#define STR_JOIN_MAX_ITEMS 256

// sep.join(items) of n (1..STR_JOIN_MAX_ITEMS) exact strs: inline chars when
// everything is inline and the result fits, else rope nodes left to right;
// 0 when an item is not an exact str, the buffer is too small or the result
// too long for a rope.
static inline __attribute__((always_inline)) Value str_join_items(VMState *vm, StrObject *sep, const Value *items, int64_t n) {
  int64_t total = sep->length * (n - 1);
  int all_inline = str_is_inline(sep) || sep->length == 0;
  for (int64_t i = 0; i < n; i++) {
    if (!IS_OBJ(items[i]) || ((ObjHeader *)UNBOX_OBJ(items[i]))->type != OBJ_STR) return 0;
    StrObject *s = (StrObject *)UNBOX_OBJ(items[i]);
    total += s->length;
    if (s->length != 0 && !str_is_inline(s)) all_inline = 0;
  }
  if (total > STR_ROPE_MAX_LENGTH) return 0;
  if (n == 1) return items[0];
  if (all_inline && total <= STR_INLINE_MAX) {
    uint64_t chars = 0, sep_chars = sep->chars & ~STR_CHARS_INLINE;
    int64_t at = 0;
    for (int64_t i = 0; i < n; i++) {
      StrObject *s = (StrObject *)UNBOX_OBJ(items[i]);
      if (i > 0 && sep->length != 0) {
        chars |= sep_chars << (7 * at);
        at += sep->length;
      }
      if (s->length != 0) {
        chars |= (s->chars & ~STR_CHARS_INLINE) << (7 * at);
        at += s->length;
      }
    }
    return vm_new_inline_str(vm, chars | STR_CHARS_INLINE, total);
  }
  if (!vm_has_room(vm, (uint64_t)(2 * n) * HEAP_BLOCK_BYTES(sizeof(StrObject)))) return 0;
  StrObject *acc = 0;
  for (int64_t i = 0; i < n; i++) {
    StrObject *s = (StrObject *)UNBOX_OBJ(items[i]);
    if (i > 0 && sep->length != 0) acc = acc == 0 ? sep : str_join2(vm, acc, sep);
    if (s->length != 0) acc = acc == 0 ? s : str_join2(vm, acc, s);
  }
  // Everything empty: the result is an empty str; the first item is one.
  return acc == 0 ? items[0] : BOX_OBJ(acc);
}

#endif
