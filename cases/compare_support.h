// Tuple comparison natively (TUPLE_COMPARE in cases/uops_compare.c) for items
// native code can order: small ints, bools, floats (not NaN) and short ASCII
// strs (their chars inline), identical objects (the same word, a NaN too) being
// equal as in CPython's tuple richcompare. runtime/vm/tracing/record-compare.ts mirrors it to record
// only comparisons it decides. Always inlined: a helper clang leaves out of
// line would take the whole compilation unit into the stencil.
#ifndef COMPARE_SUPPORT_H
#define COMPARE_SUPPORT_H

#define CMP_ASK 2

static inline int cmp_is_intlike(Value v) { return IS_INT(v) || IS_BOOL(v); }
static inline int64_t cmp_int(Value v) { return IS_BOOL(v) ? (int64_t)(v & 1) : UNBOX_INT(v); }

// x against y: -1, 0 or 1; CMP_ASK when tier-1 must compare them.
static inline __attribute__((always_inline)) int cmp_simple(Value x, Value y) {
  if (x == y) return 0;  // the same object, a NaN too: identity first, as tier-1's item compare
  int xi = cmp_is_intlike(x), yi = cmp_is_intlike(y);
  if (xi && yi) {
    int64_t a = cmp_int(x), b = cmp_int(y);
    return a < b ? -1 : a > b;
  }
  if ((xi || IS_FLOAT(x)) && (yi || IS_FLOAT(y))) {
    double a = xi ? (double)cmp_int(x) : UNBOX_FLOAT(x);
    double b = yi ? (double)cmp_int(y) : UNBOX_FLOAT(y);
    if (a != a || b != b) return CMP_ASK;
    return a < b ? -1 : a > b;
  }
  if (!IS_OBJ(x) || !IS_OBJ(y)) return CMP_ASK;
  StrObject *s = (StrObject *)UNBOX_OBJ(x), *t = (StrObject *)UNBOX_OBJ(y);
  if (s->header.type != OBJ_STR || t->header.type != OBJ_STR || !str_is_inline(s) || !str_is_inline(t)) return CMP_ASK;
  int64_t n = s->length < t->length ? s->length : t->length;
  for (int64_t i = 0; i < n; i++) {
    uint64_t a = (s->chars >> (7 * i)) & 127, b = (t->chars >> (7 * i)) & 127;
    if (a != b) return a < b ? -1 : 1;
  }
  return s->length < t->length ? -1 : s->length > t->length;
}

// An ordering c (-1, 0, 1) as the result of compare operator op (LT LE EQ NE
// GT GE): bit c + 1 of the op's 3-bit truth table (no switch: a jump table
// would be data the stencil cannot carry).
#define CMP_TABLES (1u | 3u << 3 | 2u << 6 | 5u << 9 | 4u << 12 | 6u << 15)
static inline __attribute__((always_inline)) int cmp_apply(int op, int c) { return (int)((CMP_TABLES >> (3 * op + c + 1)) & 1u); }

// x op y of two tuples: 0 or 1, or CMP_ASK.
static inline __attribute__((always_inline)) int tuple_compare(const TupleObject *x, const TupleObject *y, int op) {
  if (x->length != y->length && (op == 2 || op == 3)) return op == 3;
  int64_t n = x->length < y->length ? x->length : y->length;
  for (int64_t i = 0; i < n; i++) {
    int c = cmp_simple(x->items[i], y->items[i]);
    if (c == CMP_ASK) return CMP_ASK;
    if (c != 0) return cmp_apply(op, c);
  }
  return cmp_apply(op, x->length < y->length ? -1 : x->length > y->length);
}

#endif
