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
  if (!vm_room(vm, bytes)) return 0;
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
  if (total > STR_ROPE_MAX_LENGTH || !vm_room(vm, (uint64_t)(n - 1) * HEAP_BLOCK_BYTES(sizeof(StrObject)))) return 0;
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
  if (!vm_room(vm, (uint64_t)(2 * n) * HEAP_BLOCK_BYTES(sizeof(StrObject)))) return 0;
  StrObject *acc = 0;
  for (int64_t i = 0; i < n; i++) {
    StrObject *s = (StrObject *)UNBOX_OBJ(items[i]);
    if (i > 0 && sep->length != 0) acc = acc == 0 ? sep : str_join2(vm, acc, sep);
    if (s->length != 0) acc = acc == 0 ? s : str_join2(vm, acc, s);
  }
  // Everything empty: the result is an empty str; the first item is one.
  return acc == 0 ? items[0] : BOX_OBJ(acc);
}

// ---- format specs (FORMAT_VALUE with a constant spec: STR_FORMAT_SPEC) ----
// The recorder (record-str-build.ts packSpec) parses the spec into OPERAND0:
// width in bits 0-11, precision in 12-19, the fill char in 20-26, the
// alignment in 27-28 (0 '<', 1 '>', 2 '^', 3 '='), the sign in 29-30 (0 '-',
// 1 '+', 2 ' ') and the type in 31-32 (0: an int as 'd', 1: 'f', 2: a str).
#define FMT_WIDTH(op) ((int64_t)((op) & 0xfff))
#define FMT_PREC(op) ((int)(((op) >> 12) & 0xff))
#define FMT_FILL(op) ((char)(((op) >> 20) & 0x7f))
#define FMT_ALIGN(op) ((int)(((op) >> 27) & 3))
#define FMT_SIGN(op) ((int)(((op) >> 29) & 3))
#define FMT_TYPE(op) ((int)(((op) >> 31) & 3))
// Longest width and precision the recorder packs.
#define FMT_MAX_WIDTH 256
#define FMT_MAX_PREC 15

// The digits of |x| with prec decimals, correctly rounded (half to even on
// x's exact binary value, as CPython's dtoa rounds) into buf; their count, or
// -1 for inf, nan and values whose scaled magnitude passes 2^64 (tier-1
// formats those).
static inline __attribute__((always_inline)) int64_t float_fixed_digits(double x, int prec, char *buf) {
  uint64_t bits;
  __builtin_memcpy(&bits, &x, 8);
  int biased = (int)((bits >> 52) & 0x7ff);
  uint64_t m = bits & ((1ull << 52) - 1);
  if (biased == 0x7ff) return -1;
  int e;
  if (biased == 0) {
    e = -1074;
  } else {
    m |= 1ull << 52;
    e = biased - 1075;
  }
  uint64_t p10 = 1;
  for (int i = 0; i < prec; i++) p10 *= 10;
  uint64_t q;
  if (m == 0) {
    q = 0;
  } else if (e >= 0) {
    if (e > 11) return -1;
    unsigned __int128 v = ((unsigned __int128)m << e) * p10;
    if ((uint64_t)(v >> 64) != 0) return -1;
    q = (uint64_t)v;
  } else {
    int k = -e;
    unsigned __int128 prod = (unsigned __int128)m * p10;  // below 2^103
    if (k >= 110) {
      q = 0;  // below half a unit of the last digit: rounds to 0
    } else {
      unsigned __int128 whole = prod >> k;
      if ((uint64_t)(whole >> 64) != 0) return -1;
      q = (uint64_t)whole;
      unsigned __int128 rem = prod - (whole << k), half = (unsigned __int128)1 << (k - 1);
      if (rem > half || (rem == half && (q & 1))) q++;
      if (q == 0 && (uint64_t)whole != 0) return -1;  // wrapped past 2^64
    }
  }
  char tmp[24];
  int64_t n = 0;
  do {
    tmp[n++] = (char)('0' + q % 10);
    q /= 10;
  } while (q != 0);
  while (n < prec + 1) tmp[n++] = '0';
  int64_t k = 0;
  for (int64_t i = n - 1; i >= prec; i--) buf[k++] = tmp[i];
  if (prec > 0) {
    buf[k++] = '.';
    for (int64_t i = prec - 1; i >= 0; i--) buf[k++] = tmp[i];
  }
  return k;
}

// A number formatted under spec (FMT_TYPE 0 or 1): sign, digits, then the
// padding of its alignment; 0 for what tier-1 formats (the wrong type, inf,
// nan, too large) or a full buffer.
static inline __attribute__((always_inline)) Value format_number(VMState *vm, Value value, uint64_t spec) {
  char body[48];
  int negative;
  int64_t n;
  if (FMT_TYPE(spec) == 0) {
    if (!IS_INT(value)) return 0;
    int64_t v = UNBOX_INT(value);
    negative = v < 0;
    n = int_decimal(negative ? -v : v, body);
  } else {
    double x;
    if (IS_FLOAT(value)) x = UNBOX_FLOAT(value);
    else if (IS_INT(value)) x = (double)UNBOX_INT(value);
    else return 0;
    uint64_t bits;
    __builtin_memcpy(&bits, &x, 8);
    negative = (int)(bits >> 63);
    n = float_fixed_digits(x, FMT_PREC(spec), body);
    if (n < 0) return 0;
  }
  char sign = negative ? '-' : FMT_SIGN(spec) == 1 ? '+' : FMT_SIGN(spec) == 2 ? ' ' : 0;
  int64_t len = n + (sign != 0);
  int64_t pad = FMT_WIDTH(spec) > len ? FMT_WIDTH(spec) - len : 0;
  int64_t left = 0, right = 0;
  int align = FMT_ALIGN(spec);
  if (align == 0) right = pad;
  else if (align == 2) { left = pad / 2; right = pad - left; }
  else left = pad;
  char out[FMT_MAX_WIDTH + 48];
  int64_t k = 0;
  char fill = FMT_FILL(spec);
  if (align != 3) for (int64_t i = 0; i < left; i++) out[k++] = fill;
  if (sign) out[k++] = sign;
  if (align == 3) for (int64_t i = 0; i < left; i++) out[k++] = fill;
  for (int64_t i = 0; i < n; i++) out[k++] = body[i];
  for (int64_t i = 0; i < right; i++) out[k++] = fill;
  if (!vm_room(vm, ascii_str_bytes(k))) return 0;
  return BOX_OBJ(str_of_ascii(vm, out, k));
}

// A str padded under spec (FMT_TYPE 2: fill, alignment and width only): the
// str itself when no padding is due; 0 for another type or a full buffer.
static inline __attribute__((always_inline)) Value format_str(VMState *vm, Value value, uint64_t spec) {
  if (!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_STR) return 0;
  StrObject *s = (StrObject *)UNBOX_OBJ(value);
  int64_t pad = FMT_WIDTH(spec) > s->length ? FMT_WIDTH(spec) - s->length : 0;
  if (pad == 0) return value;
  int64_t left = 0, right = 0;
  int align = FMT_ALIGN(spec);
  if (align == 0) right = pad;
  else if (align == 2) { left = pad / 2; right = pad - left; }
  else left = pad;
  if (!vm_room(vm, ascii_str_bytes(left) + ascii_str_bytes(right) + 2 * HEAP_BLOCK_BYTES(sizeof(StrObject)))) return 0;
  char fills[FMT_MAX_WIDTH];
  for (int64_t i = 0; i < pad; i++) fills[i] = FMT_FILL(spec);
  StrObject *r = s;
  if (left > 0) r = str_join2(vm, str_of_ascii(vm, fills, left), r);
  if (right > 0) r = str_join2(vm, r, str_of_ascii(vm, fills, right));
  return BOX_OBJ(r);
}

// str_affix(vm, prefix, middle, 0, 0, suffix) as a function of the support library.
Value support_str_affix(VMState *vm, uint64_t prefix, StrObject *middle, uint64_t suffix);

#endif
