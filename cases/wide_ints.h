// int128 helpers for cases/wide_ints.c, written with 64-bit operations only:
// clang lowers a 128-bit multiply-with-overflow or division to compiler-rt
// calls (__muloti4, __udivti3) that the stencils cannot link.
#ifndef STENCIL_JIT_WIDE_INTS_H
#define STENCIL_JIT_WIDE_INTS_H

#include "vm.h"

static inline __attribute__((always_inline)) wide_uint wide_magnitude(wide_int a) { return a < 0 ? (wide_uint)0 - (wide_uint)a : (wide_uint)a; }

// a * b into *r; 1 when the product does not fit int128.
static inline __attribute__((always_inline)) int wide_mul_overflow(wide_int a, wide_int b, wide_int *r) {
  if (a == (int64_t)a && b == (int64_t)b) { *r = (wide_int)(int64_t)a * (int64_t)b; return 0; }
  wide_uint ua = wide_magnitude(a), ub = wide_magnitude(b);
  uint64_t ah = (uint64_t)(ua >> 64), al = (uint64_t)ua, bh = (uint64_t)(ub >> 64), bl = (uint64_t)ub;
  if (ah != 0 && bh != 0) return 1;
  wide_uint mid = (wide_uint)ah * bl + (wide_uint)al * bh; // one term is 0
  if (mid >> 64) return 1;
  wide_uint lo = (wide_uint)al * bl;
  wide_uint p = lo + (mid << 64);
  if (p < lo) return 1;
  int negative = (a < 0) != (b < 0);
  if (p > ((wide_uint)1 << 127) - (negative ? 0 : 1)) return 1;
  *r = negative ? (wide_int)((wide_uint)0 - p) : (wide_int)p;
  return 0;
}

// n / d and n % d on magnitudes (d != 0), by shift and subtract over the
// quotient's bits only (a few for `x % m` with x a little past m).
static inline __attribute__((always_inline)) wide_uint wide_udivmod(wide_uint n, wide_uint d, wide_uint *rem) {
  if (n < d) { *rem = n; return 0; }
  if ((n >> 64) == 0) { uint64_t n64 = (uint64_t)n, d64 = (uint64_t)d; *rem = n64 % d64; return n64 / d64; }
#if defined(__x86_64__)
  // A divisor of 64 bits (`% m` of a product or sum past 2^64): two hardware
  // divisions, the high word's and then the remainder's with the low word
  // (r1 < d, so divq cannot overflow), not the bit loop below, whose
  // data-dependent branches mispredicted (int-modloop's `mixed`).
  if ((d >> 64) == 0) {
    uint64_t d64 = (uint64_t)d, hi = (uint64_t)(n >> 64), q1 = hi / d64, r1 = hi % d64, q0, r0;
    __asm__("divq %4" : "=a"(q0), "=d"(r0) : "a"((uint64_t)n), "d"(r1), "r"(d64));
    *rem = r0;
    return ((wide_uint)q1 << 64) | q0;
  }
#endif
  int nz = (n >> 64) ? __builtin_clzll((uint64_t)(n >> 64)) : 64 + __builtin_clzll((uint64_t)n);
  int dz = (d >> 64) ? __builtin_clzll((uint64_t)(d >> 64)) : 64 + __builtin_clzll((uint64_t)d);
  int shift = dz - nz;
  wide_uint q = 0, r = n, ds = d << shift;
  for (int i = shift; i >= 0; i--) {
    q <<= 1;
    if (r >= ds) { r -= ds; q |= 1; }
    ds >>= 1;
  }
  *rem = r;
  return q;
}

// Python's a // b and a % b (floor rounding; the modulo has b's sign); 1 when
// b is 0 or the quotient does not fit (INT128_MIN // -1).
static inline __attribute__((always_inline)) int wide_floor_divmod(wide_int a, wide_int b, wide_int *q, wide_int *m) {
  if (b == 0 || (b == -1 && a == WIDE_INT_MIN)) return 1;
  if (a == (int64_t)a && b == (int64_t)b) {
    int64_t x = (int64_t)a, y = (int64_t)b;
    if (y == -1) { *q = -(wide_int)x; *m = 0; return 0; } // INT64_MIN / -1 traps in hardware
    int64_t qq = x / y, mm = x % y;
    if (mm != 0 && ((mm < 0) != (y < 0))) { qq--; mm += y; }
    *q = qq;
    *m = mm;
    return 0;
  }
  wide_uint ub = wide_magnitude(b), r;
  wide_uint uq = wide_udivmod(wide_magnitude(a), ub, &r);
  if ((a < 0) != (b < 0)) {
    // -(|a| // |b|) rounded down, and the remainder taken from |b|.
    *q = (wide_int)((wide_uint)0 - uq) - (r != 0);
    if (r != 0) r = ub - r;
  } else {
    *q = (wide_int)uq;
  }
  *m = b < 0 ? (wide_int)((wide_uint)0 - r) : (wide_int)r;
  return 0;
}

// ---------------------------------------------------------------------------
// int64 first. Most operands of a wide operation fit 64 bits (a small int, or
// an inline big int whose high word is only the sign of its low one) and so
// do most results (`i * i` past 2^47, `x * y % m` with 62-bit products), so
// the uops compute in int64 with the CPU's overflow flag as the guard and
// fall back to the int128 helpers above only when an operand or the result
// does not fit: the hot path has no 128-bit decoding, checking or boxing.

// The value of a small int or of an inline big int that fits int64 in *out; 0 otherwise.
static inline __attribute__((always_inline)) int I64_OF(Value v, int64_t *out) {
  if (__builtin_expect(IS_INT(v), 1)) { *out = UNBOX_INT(v); return 1; }
  if (!IS_OBJ(v)) return 0;
  const BigIntObject *b = (const BigIntObject *)UNBOX_OBJ(v);
  if (b->header.type != OBJ_BIGINT || b->handle != BIGINT_INLINE) return 0;
  int64_t lo = (int64_t)b->value_lo;
  if (b->value_hi != (lo >> 63)) return 0;
  *out = lo;
  return 1;
}

// Boxes an int64 as a value: small when it fits 48 bits, else an inline big
// int in the lent buffer; 0 when the buffer is full.
static inline __attribute__((always_inline)) int vm_box_i64(VMState *vm, int64_t i, Value *out) {
  if (FITS_SMALL_INT(i)) { *out = BOX_INT(i); return 1; }
  BigIntObject *b = (BigIntObject *)vm_alloc(vm, OBJ_BIGINT, HEAP_BLOCK_BYTES(sizeof(BigIntObject)));
  if (b == 0) return 0;
  b->handle = BIGINT_INLINE;
  b->value_lo = (uint64_t)i;
  b->value_hi = i >> 63;
  *out = BOX_OBJ(b);
  return 1;
}

// An int64 boxed as box_wide_into does (cases/bigint.h): small, or written into the pinned box.
static inline __attribute__((always_inline)) Value box_i64_into(int64_t i, uint64_t box) {
  if (FITS_SMALL_INT(i)) return BOX_INT(i);
  BigIntObject *b = (BigIntObject *)(uintptr_t)box;
  b->value_lo = (uint64_t)i;
  b->value_hi = i >> 63;
  return BOX_OBJ(b);
}

// Python's a // b and a % b in int64; 1 when b is 0 or -1 (the int128 path
// exits on the zero divisor and computes INT64_MIN // -1, which a hardware
// division would trap on).
static inline __attribute__((always_inline)) int i64_floor_divmod(int64_t a, int64_t b, int64_t *q, int64_t *m) {
  if (b == 0 || b == -1) return 1;
  int64_t qq = a / b, mm = a % b;
  if (mm != 0 && ((mm ^ b) < 0)) { qq--; mm += b; }
  *q = qq;
  *m = mm;
  return 0;
}

// Arithmetic right shift by a count >= 0 (Python's >> on an int64: every count past 63 gives the sign).
static inline __attribute__((always_inline)) int64_t i64_rshift(int64_t a, int64_t count) {
  return a >> (count > 63 ? 63 : count);
}

// n / d and n % d (d >= 1) by multiplying with a reciprocal of d that `cell`
// remembers (cell[0]: the divisor, 0 for none yet; cell[1]: floor((2^64 - 1)
// / d)), instead of a hardware division (40+ cycles on some cores, on the
// loop's critical path in `total = (total + x) % m`). With M that reciprocal,
// the estimate q' = floor(n * M / 2^64) is never above floor(n / d) and at
// most 2 below (n < 2^64, d >= 1), so two conditional subtractions of d make
// it exact. A new divisor costs the one division that fills the cell.
static inline __attribute__((always_inline)) void u64_divmod_remembered(uint64_t n, uint64_t d, uint64_t *cell, uint64_t *q, uint64_t *r) {
  if (__builtin_expect(cell[0] != d, 0)) { cell[1] = UINT64_MAX / d; cell[0] = d; }
  uint64_t qe = (uint64_t)(((wide_uint)n * cell[1]) >> 64);
  uint64_t re = n - qe * d;
  if (re >= d) { re -= d; qe++; }
  if (re >= d) { re -= d; qe++; }
  *q = qe;
  *r = re;
}

// Python's a // b and a % b in int64 for b > 0 through the remembered
// reciprocal (cell: OPERAND1, a pinned cache of the uop instance); 1 for
// b <= 0 (the caller's general path: zero divisor, negative divisors).
static inline __attribute__((always_inline)) int i64_floor_divmod_remembered(int64_t a, int64_t b, uint64_t cell, int64_t *q, int64_t *m) {
  if (b <= 0) return 1;
  uint64_t uq, ur;
  if (a >= 0) {
    u64_divmod_remembered((uint64_t)a, (uint64_t)b, (uint64_t *)(uintptr_t)cell, &uq, &ur);
    *q = (int64_t)uq;
    *m = (int64_t)ur;
    return 0;
  }
  // a < 0: -(|a| // b), rounded down, and the remainder taken from b.
  u64_divmod_remembered((uint64_t)0 - (uint64_t)a, (uint64_t)b, (uint64_t *)(uintptr_t)cell, &uq, &ur);
  *q = ur ? -(int64_t)uq - 1 : -(int64_t)uq;
  *m = ur ? b - (int64_t)ur : 0;
  return 0;
}

// The body of cases/wide_fused.c's uops: (left op right) mod DIVISOR (a local's
// or a global's value), into
// r64 when `small` (int64 operands, a positive int64 divisor, no int64
// overflow: the remembered reciprocal in OPERAND1), else into rr by int128;
// exits (nothing consumed) for a non-int operand, an int128 overflow or a zero divisor.
#define WIDE_OP_MOD(OVERFLOW64, OVERFLOW128, DIVISOR)                                            \
  int64_t x, y, d, p, q64, r64;                                                         \
  Value mv = (DIVISOR);                                                                 \
  int small = I64_OF(left, &x) && I64_OF(right, &y) && I64_OF(mv, &d) && d > 0 &&       \
              !OVERFLOW64(x, y, &p);                                                    \
  wide_int rr = 0;                                                                      \
  if (small) {                                                                          \
    i64_floor_divmod_remembered(p, d, OPERAND1, &q64, &r64);                            \
  } else {                                                                              \
    wide_int a, b, m, pr, q;                                                            \
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b) || !WIDE_INT_OF(mv, &m)); \
    EXIT_IF(OVERFLOW128(a, b, &pr));                                                    \
    EXIT_IF(wide_floor_divmod(pr, m, &q, &rr));                                         \
  }

// The same with a positive int64 constant divisor, which the optimizer wrote
// into the cell with its reciprocal (OPERAND1: [d, floor((2^64 - 1) / d)]).
#define WIDE_OP_MOD_CONST(OVERFLOW64, OVERFLOW128)                                       \
  int64_t x, y, p, q64, r64;                                                             \
  int64_t d = (int64_t)((const uint64_t *)(uintptr_t)OPERAND1)[0];                       \
  int small = I64_OF(left, &x) && I64_OF(right, &y) && !OVERFLOW64(x, y, &p);            \
  wide_int rr = 0;                                                                       \
  if (small) {                                                                           \
    i64_floor_divmod_remembered(p, d, OPERAND1, &q64, &r64);                             \
  } else {                                                                               \
    wide_int a, b, pr, q;                                                                \
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));                          \
    EXIT_IF(OVERFLOW128(a, b, &pr));                                                     \
    EXIT_IF(wide_floor_divmod(pr, (wide_int)d, &q, &rr));                                \
  }

// The body of cases/wide_fused.c's `(acc + b * c) % DIVISOR` uops (a sum of
// products modulo m: `t = (t + x * y) % m`): the product and the sum stay in
// registers, int64 with the remembered reciprocal when everything fits, else
// int128; exits (nothing consumed) as WIDE_OP_MOD does. CONST: the divisor is
// the positive int64 constant in the cell (OPERAND1), as WIDE_OP_MOD_CONST has it.
#define WIDE_MUL_ADD_MOD(DIVISOR, CONST)                                                           \
  int64_t s, x, y, d, p, t, q64, r64;                                                              \
  Value mv = (DIVISOR);                                                                            \
  int dfits = CONST ? ((d = (int64_t)((const uint64_t *)(uintptr_t)OPERAND1)[0]), 1) : (I64_OF(mv, &d) && d > 0); \
  int small = dfits && I64_OF(acc, &s) && I64_OF(left, &x) && I64_OF(right, &y) &&                 \
              !__builtin_mul_overflow(x, y, &p) && !__builtin_add_overflow(s, p, &t);              \
  wide_int rr = 0;                                                                                 \
  if (small) {                                                                                     \
    i64_floor_divmod_remembered(t, d, OPERAND1, &q64, &r64);                                       \
  } else {                                                                                         \
    wide_int a, b, c, m, pr, sum, q;                                                               \
    EXIT_IF(!WIDE_INT_OF(acc, &a) || !WIDE_INT_OF(left, &b) || !WIDE_INT_OF(right, &c));           \
    if (CONST) m = d; else EXIT_IF(!WIDE_INT_OF(mv, &m));                                          \
    EXIT_IF(wide_mul_overflow(b, c, &pr));                                                         \
    EXIT_IF(__builtin_add_overflow(a, pr, &sum));                                                  \
    EXIT_IF(wide_floor_divmod(sum, m, &q, &rr));                                                   \
  }

// The body of cases/wide_fused.c's mask uops: (left op right) & MASK (a local's,
// a global's or a constant's value), into r64 when everything fits int64, else
// into rr by int128; exits (nothing consumed) for a non-int operand or an int128 overflow.
#define WIDE_OP_AND(OVERFLOW64, OVERFLOW128, MASK)                                             \
  int64_t x, y, k, p, r64 = 0;                                                                 \
  Value mv = (MASK);                                                                           \
  int small = I64_OF(left, &x) && I64_OF(right, &y) && I64_OF(mv, &k) && !OVERFLOW64(x, y, &p); \
  wide_int rr = 0;                                                                             \
  if (small) {                                                                                 \
    r64 = p & k;                                                                               \
  } else {                                                                                     \
    wide_int a, b, m, pr;                                                                      \
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b) || !WIDE_INT_OF(mv, &m));        \
    EXIT_IF(OVERFLOW128(a, b, &pr));                                                           \
    rr = pr & m;                                                                               \
  }

#endif
