// Big-int arithmetic past 128 bits on little-endian 64-bit limbs: the
// magnitudes of BigIntLimbs objects in the arena (cases/vm.h), or limbs the
// caller staged. Part of the support library; tier-1 calls the exports through
// koffi (runtime/vm/heap/bigint-native.ts).
//
// Every number is (pointer, signed length): the length's sign is the number's
// sign and its magnitude the count of limbs, as CPython's ob_size. Inputs need
// not be normalized (leading zero limbs are allowed); results are. The caller
// sizes every output and scratch area (bounds at each export) and handles the
// cases that raise (division by zero, negative shift counts, huge sizes).
// Pointers travel as int64 (a JS number through koffi, cheaper than a pointer).
#include "vm.h"
#include "bigint.h"

// Words of a BigIntLimbs object before its limbs.
#define LIMB_WORDS_HEADER (sizeof(BigIntLimbs) / 8)

typedef uint64_t limb;
typedef unsigned __int128 dlimb;

// Below this many limbs in the shorter operand, schoolbook multiplication.
#define KARATSUBA_LIMBS 40

#define PTR(x) ((limb *)(uintptr_t)(x))
#define ABS(n) ((n) < 0 ? -(n) : (n))

static int64_t norm(const limb *a, int64_t n) {
  while (n > 0 && a[n - 1] == 0) n--;
  return n;
}

static void zero(limb *r, int64_t n) {
  for (int64_t i = 0; i < n; i++) r[i] = 0;
}

static void copy(limb *r, const limb *a, int64_t n) {
  for (int64_t i = 0; i < n; i++) r[i] = a[i];
}

static int cmp_mag(const limb *a, int64_t an, const limb *b, int64_t bn) {
  an = norm(a, an);
  bn = norm(b, bn);
  if (an != bn) return an < bn ? -1 : 1;
  for (int64_t i = an - 1; i >= 0; i--)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

// r[0..an) = a + b with an >= bn; returns the carry out. r may alias a or b.
static limb add_n(limb *r, const limb *a, int64_t an, const limb *b, int64_t bn) {
  limb c = 0;
  int64_t i = 0;
  for (; i < bn; i++) {
    dlimb s = (dlimb)a[i] + b[i] + c;
    r[i] = (limb)s;
    c = (limb)(s >> 64);
  }
  for (; i < an; i++) {
    dlimb s = (dlimb)a[i] + c;
    r[i] = (limb)s;
    c = (limb)(s >> 64);
  }
  return c;
}

// r[0..an) = a - b with an >= bn; returns the borrow out. r may alias a or b.
static limb sub_n(limb *r, const limb *a, int64_t an, const limb *b, int64_t bn) {
  limb br = 0;
  int64_t i = 0;
  for (; i < bn; i++) {
    limb x = a[i], y = b[i];
    limb t = x - y;
    limb nb = (x < y) | (t < br);
    r[i] = t - br;
    br = nb;
  }
  for (; i < an; i++) {
    limb x = a[i];
    r[i] = x - br;
    br = x < br;
  }
  return br;
}

// r[0..an) = a * m, returns the carry limb.
static limb mul_1(limb *r, const limb *a, int64_t an, limb m) {
  limb c = 0;
  for (int64_t i = 0; i < an; i++) {
    dlimb t = (dlimb)a[i] * m + c;
    r[i] = (limb)t;
    c = (limb)(t >> 64);
  }
  return c;
}

// r[0..an) += a * m, returns the carry limb.
static limb addmul_1(limb *r, const limb *a, int64_t an, limb m) {
  limb c = 0;
  for (int64_t i = 0; i < an; i++) {
    dlimb t = (dlimb)a[i] * m + r[i] + c;
    r[i] = (limb)t;
    c = (limb)(t >> 64);
  }
  return c;
}

// r[0..an+bn) = a * b, an >= bn >= 1. r must not alias a or b.
static void mul_school(limb *r, const limb *a, int64_t an, const limb *b, int64_t bn) {
  r[an] = mul_1(r, a, an, b[0]);
  for (int64_t j = 1; j < bn; j++) r[j + an] = b[j] ? addmul_1(r + j, a, an, b[j]) : 0;
}

// r[0..an+bn) = a * b, an >= bn >= 1 (leading zero limbs allowed), Karatsuba
// above KARATSUBA_LIMBS; t: scratch of mul_scratch_limbs(an) limbs.
static void mul_rec(limb *r, const limb *a, int64_t an, const limb *b, int64_t bn, limb *t) {
  if (bn < KARATSUBA_LIMBS) { mul_school(r, a, an, b, bn); return; }
  int64_t m = (an + 1) / 2;
  if (bn <= m) {
    // Unbalanced: a in pieces of bn limbs, each a balanced product.
    zero(r, an + bn);
    for (int64_t off = 0; off < an; off += bn) {
      int64_t cn = an - off < bn ? an - off : bn;
      if (cn >= bn) mul_rec(t, a + off, cn, b, bn, t + cn + bn);
      else mul_rec(t, b, bn, a + off, cn, t + cn + bn);
      add_n(r + off, r + off, an + bn - off, t, cn + bn);
    }
    return;
  }
  // a = a1 B^m + a0, b = b1 B^m + b0, 1 <= bn - m <= an - m <= m.
  int64_t a1n = an - m, b1n = bn - m;
  mul_rec(r, a, m, b, m, t);                        // z0 -> r[0, 2m)
  mul_rec(r + 2 * m, a + m, a1n, b + m, b1n, t);    // z2 -> r[2m, an + bn)
  limb *sa = t, *sb = t + m + 1, *z1 = t + 2 * m + 2, *rest = z1 + 2 * m + 2;
  sa[m] = add_n(sa, a, m, a + m, a1n);
  sb[m] = add_n(sb, b, m, b + m, b1n);
  mul_rec(z1, sa, m + 1, sb, m + 1, rest);          // (a0 + a1)(b0 + b1)
  sub_n(z1, z1, 2 * m + 2, r, 2 * m);
  sub_n(z1, z1, 2 * m + 2, r + 2 * m, a1n + b1n);
  // z1 = a0 b1 + a1 b0 fits what is left of r above m (the product fits an + bn limbs).
  add_n(r + m, r + m, an + bn - m, z1, norm(z1, 2 * m + 2));
}

// (u1:u0) / v for a normalized v (top bit set) and u1 < v: the quotient limb,
// the remainder in *rem. Two 64/32-bit steps (Hacker's Delight, divlu), so
// no 128-bit division (a compiler-rt call the support code cannot link).
static limb div_2by1(limb u1, limb u0, limb v, limb *rem) {
  const limb b = 1ull << 32;
  limb vn1 = v >> 32, vn0 = v & 0xffffffffu;
  limb un1 = u0 >> 32, un0 = u0 & 0xffffffffu;
  limb q1 = u1 / vn1, rhat = u1 - q1 * vn1;
  while (q1 >= b || q1 * vn0 > b * rhat + un1) {
    q1--;
    rhat += vn1;
    if (rhat >= b) break;
  }
  limb un21 = u1 * b + un1 - q1 * v;
  limb q0 = un21 / vn1;
  rhat = un21 - q0 * vn1;
  while (q0 >= b || q0 * vn0 > b * rhat + un0) {
    q0--;
    rhat += vn1;
    if (rhat >= b) break;
  }
  *rem = un21 * b + un0 - q0 * v;
  return q1 * b + q0;
}

// q[0..an) = a / d, returns a % d (d != 0).
static limb divmod_1(limb *q, const limb *a, int64_t an, limb d) {
  int s = __builtin_clzll(d);
  limb dn = d << s;
  limb rem = s ? a[an - 1] >> (64 - s) : 0;
  for (int64_t i = an - 1; i >= 0; i--) {
    limb cur = s ? (a[i] << s) | (i > 0 ? a[i - 1] >> (64 - s) : 0) : a[i];
    q[i] = div_2by1(rem, cur, dn, &rem);
  }
  return rem >> s;
}

// Knuth's algorithm D: q[0..an-bn] = a / b, r[0..bn) = a % b, an >= bn >= 2,
// b[bn-1] != 0. t: scratch of an + 1 + bn limbs.
static void divmod_knuth(limb *q, limb *r, const limb *a, int64_t an, const limb *b, int64_t bn, limb *t) {
  int s = __builtin_clzll(b[bn - 1]);
  limb *u = t, *v = t + an + 1;
  if (s) {
    for (int64_t i = bn - 1; i > 0; i--) v[i] = (b[i] << s) | (b[i - 1] >> (64 - s));
    v[0] = b[0] << s;
    u[an] = a[an - 1] >> (64 - s);
    for (int64_t i = an - 1; i > 0; i--) u[i] = (a[i] << s) | (a[i - 1] >> (64 - s));
    u[0] = a[0] << s;
  } else {
    copy(v, b, bn);
    copy(u, a, an);
    u[an] = 0;
  }
  limb vtop = v[bn - 1], vnext = v[bn - 2];
  for (int64_t j = an - bn; j >= 0; j--) {
    limb ut = u[j + bn];
    limb qhat, rhat;
    int rhat_big = 0; // rhat >= 2^64: the estimate is already exact enough
    if (ut >= vtop) {
      qhat = ~(limb)0;
      dlimb rh = (dlimb)u[j + bn - 1] + vtop; // (ut:u) - qhat*vtop with ut == vtop
      rhat = (limb)rh;
      rhat_big = (rh >> 64) != 0;
    } else {
      qhat = div_2by1(ut, u[j + bn - 1], vtop, &rhat);
    }
    while (!rhat_big && (dlimb)qhat * vnext > (((dlimb)rhat << 64) | u[j + bn - 2])) {
      qhat--;
      dlimb rh = (dlimb)rhat + vtop;
      rhat = (limb)rh;
      rhat_big = (rh >> 64) != 0;
    }
    // u[j..j+bn] -= qhat * v
    limb borrow = 0, carry = 0;
    for (int64_t i = 0; i < bn; i++) {
      dlimb p = (dlimb)qhat * v[i] + carry;
      carry = (limb)(p >> 64);
      limb pl = (limb)p, ui = u[i + j];
      limb d = ui - pl;
      limb nb = (ui < pl) | (d < borrow);
      u[i + j] = d - borrow;
      borrow = nb;
    }
    limb d = ut - carry;
    limb nb = (ut < carry) | (d < borrow);
    u[j + bn] = d - borrow;
    if (nb) { // qhat was one too big: add v back
      qhat--;
      limb c = 0;
      for (int64_t i = 0; i < bn; i++) {
        dlimb s2 = (dlimb)u[i + j] + v[i] + c;
        u[i + j] = (limb)s2;
        c = (limb)(s2 >> 64);
      }
      u[j + bn] += c;
    }
    q[j] = qhat;
  }
  if (s) {
    for (int64_t i = 0; i < bn - 1; i++) r[i] = (u[i] >> s) | (u[i + 1] << (64 - s));
    r[bn - 1] = u[bn - 1] >> s;
  } else {
    copy(r, u, bn);
  }
}

// ------------------------------------------------------------------ exports

// r = a + b. r: max(|an|, |bn|) + 1 limbs (may alias neither). Returns r's signed length.
int64_t bigint_add(int64_t ap, int64_t an, int64_t bp, int64_t bn, int64_t rp) {
  const limb *a = PTR(ap), *b = PTR(bp);
  limb *r = PTR(rp);
  int64_t na = ABS(an), nb = ABS(bn);
  int neg_a = an < 0, neg_b = bn < 0;
  if (neg_a == neg_b) {
    int64_t n;
    if (na >= nb) { r[na] = add_n(r, a, na, b, nb); n = na + 1; }
    else { r[nb] = add_n(r, b, nb, a, na); n = nb + 1; }
    n = norm(r, n);
    return neg_a ? -n : n;
  }
  int c = cmp_mag(a, na, b, nb);
  if (c == 0) return 0;
  na = norm(a, na);
  nb = norm(b, nb);
  int64_t n;
  int neg;
  if (c > 0) { sub_n(r, a, na, b, nb); n = norm(r, na); neg = neg_a; }
  else { sub_n(r, b, nb, a, na); n = norm(r, nb); neg = neg_b; }
  return neg ? -n : n;
}

// Limbs of scratch bigint_mul needs for operands of an and bn limbs (TS mirrors this).
// r = a * b. r: |an| + |bn| limbs; t: 6 (|an| + |bn|) + 256 limbs of scratch.
int64_t bigint_mul(int64_t ap, int64_t an, int64_t bp, int64_t bn, int64_t rp, int64_t tp) {
  const limb *a = PTR(ap), *b = PTR(bp);
  limb *r = PTR(rp);
  int64_t na = norm(a, ABS(an)), nb = norm(b, ABS(bn));
  if (na == 0 || nb == 0) return 0;
  if (na >= nb) mul_rec(r, a, na, b, nb, PTR(tp));
  else mul_rec(r, b, nb, a, na, PTR(tp));
  int64_t n = norm(r, na + nb);
  return (an < 0) != (bn < 0) ? -n : n;
}

// Python's floor division and modulo: q = a // b, r = a % b (b != 0; the
// caller raises ZeroDivisionError). an and bn are normalized (no zero top
// limb): a divisor with one would get a quotient longer than the room below.
// q: |an| - |bn| + 2 limbs (at least 1),
// r: |bn| limbs, t: |an| + |bn| + 2 limbs of scratch. The signed lengths of q
// and r go to out[0] and out[1].
void bigint_divmod(int64_t ap, int64_t an, int64_t bp, int64_t bn, int64_t qp, int64_t rp, int64_t tp, int64_t outp) {
  const limb *a = PTR(ap), *b = PTR(bp);
  limb *q = PTR(qp), *r = PTR(rp);
  int64_t *out = (int64_t *)(uintptr_t)outp;
  int64_t na = norm(a, ABS(an)), nb = norm(b, ABS(bn));
  int neg_a = an < 0, neg_b = bn < 0;
  int64_t qn, rn;
  if (nb == 0) { out[0] = out[1] = 0; return; } // the caller raises ZeroDivisionError first
  if (cmp_mag(a, na, b, nb) < 0) {
    qn = 0;
    copy(r, a, na);
    rn = na;
  } else if (nb == 1) {
    r[0] = divmod_1(q, a, na, b[0]);
    qn = norm(q, na);
    rn = norm(r, 1);
  } else {
    divmod_knuth(q, r, a, na, b, nb, PTR(tp));
    qn = norm(q, na - nb + 1);
    rn = norm(r, nb);
  }
  if (neg_a != neg_b && rn != 0) {
    // Floor: the quotient's magnitude grows by one, the remainder becomes |b| - r.
    q[qn] = 0;
    limb one = 1;
    add_n(q, q, qn + 1, &one, 1);
    qn = norm(q, qn + 1);
    for (int64_t i = rn; i < nb; i++) r[i] = 0;
    sub_n(r, b, nb, r, nb);
    rn = norm(r, nb);
  }
  out[0] = neg_a != neg_b ? -qn : qn;
  out[1] = neg_b ? -rn : rn; // the remainder has the divisor's sign
}

// -1, 0 or 1 as a < b, a == b, a > b.
int64_t bigint_compare(int64_t ap, int64_t an, int64_t bp, int64_t bn) {
  const limb *a = PTR(ap), *b = PTR(bp);
  int64_t na = norm(a, ABS(an)), nb = norm(b, ABS(bn));
  int sa = na == 0 ? 0 : an < 0 ? -1 : 1;
  int sb = nb == 0 ? 0 : bn < 0 ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  int c = cmp_mag(a, na, b, nb);
  return sa < 0 ? -c : c;
}

// Python's hash(a): |a| mod (2^61 - 1) with a's sign, -1 becoming -2 (sys.hash_info).
// Horner over the limbs from the top: 2^64 is 8 modulo 2^61 - 1.
int64_t bigint_hash(int64_t ap, int64_t an) {
  const limb *a = PTR(ap);
  const uint64_t p = ((uint64_t)1 << 61) - 1;
  int64_t n = norm(a, ABS(an));
  uint64_t r = 0;
  for (int64_t i = n - 1; i >= 0; i--) {
    unsigned __int128 x = ((unsigned __int128)r << 64) | a[i];
    // Fold 61 bits at a time (2^61 = 1 mod p) until x < 2^62, then once more.
    while ((x >> 61) != 0) x = (x & p) + (x >> 61);
    r = (uint64_t)x;
    if (r >= p) r -= p;
  }
  int64_t h = an < 0 ? -(int64_t)r : (int64_t)r;
  return h == -1 ? -2 : h;
}

// r = a << shift (shift >= 0). r: |an| + shift / 64 + 1 limbs.
int64_t bigint_lshift(int64_t ap, int64_t an, int64_t shift, int64_t rp) {
  const limb *a = PTR(ap);
  limb *r = PTR(rp);
  int64_t na = norm(a, ABS(an));
  if (na == 0) return 0;
  int64_t w = shift / 64;
  int s = (int)(shift % 64);
  zero(r, w);
  if (s == 0) {
    copy(r + w, a, na);
    r[w + na] = 0;
  } else {
    limb carry = 0;
    for (int64_t i = 0; i < na; i++) {
      r[w + i] = (a[i] << s) | carry;
      carry = a[i] >> (64 - s);
    }
    r[w + na] = carry;
  }
  int64_t n = norm(r, w + na + 1);
  return an < 0 ? -n : n;
}

// r = a >> shift (shift >= 0), rounding toward minus infinity as Python does.
// r: max(|an| - shift / 64, 0) + 1 limbs.
int64_t bigint_rshift(int64_t ap, int64_t an, int64_t shift, int64_t rp) {
  const limb *a = PTR(ap);
  limb *r = PTR(rp);
  int64_t na = norm(a, ABS(an));
  int64_t w = shift / 64;
  int s = (int)(shift % 64);
  int lost = 0; // a one bit shifted out (a negative result then rounds down)
  int64_t n = na > w ? na - w : 0;
  for (int64_t i = 0; i < w && i < na; i++) lost |= a[i] != 0;
  if (n > 0) {
    if (s == 0) {
      copy(r, a + w, n);
    } else {
      lost |= (a[w] << (64 - s)) != 0;
      for (int64_t i = 0; i < n; i++) r[i] = (a[w + i] >> s) | (w + i + 1 < na ? a[w + i + 1] << (64 - s) : 0);
    }
  }
  if (an < 0 && lost) {
    r[n] = 0;
    limb one = 1;
    add_n(r, r, n + 1, &one, 1);
    n++;
  }
  n = norm(r, n);
  return an < 0 ? -n : n;
}

// Limb i of x's two's complement (x = sign, magnitude m of mn limbs), for i in
// increasing order: *borrow carries the +1 of the negation (start it at 1).
static inline limb twos_limb(const limb *m, int64_t mn, int neg, int64_t i, limb *carry) {
  limb x = i < mn ? m[i] : 0;
  if (!neg) return x;
  limb y = ~x + *carry;
  *carry = *carry && y == 0;
  return y;
}

// r = a & b (op 0), a | b (op 1), a ^ b (op 2) on two's complement values.
// r: max(|an|, |bn|) + 1 limbs.
int64_t bigint_bitop(int64_t op, int64_t ap, int64_t an, int64_t bp, int64_t bn, int64_t rp) {
  const limb *a = PTR(ap), *b = PTR(bp);
  limb *r = PTR(rp);
  int64_t na = norm(a, ABS(an)), nb = norm(b, ABS(bn));
  int neg_a = an < 0 && na > 0, neg_b = bn < 0 && nb > 0;
  int neg_r = op == 0 ? (neg_a & neg_b) : op == 1 ? (neg_a | neg_b) : (neg_a ^ neg_b);
  int64_t n = (na > nb ? na : nb) + 1;
  limb ca = 1, cb = 1, cr = 1;
  for (int64_t i = 0; i < n; i++) {
    limb x = twos_limb(a, na, neg_a, i, &ca);
    limb y = twos_limb(b, nb, neg_b, i, &cb);
    limb z = op == 0 ? x & y : op == 1 ? x | y : x ^ y;
    // A negative result: back to a magnitude by negating again.
    if (neg_r) {
      limb m = ~z + cr;
      cr = cr && m == 0;
      z = m;
    }
    r[i] = z;
  }
  n = norm(r, n);
  return neg_r ? -n : n;
}

// ------------------------------------------------------------ value words (traces)

// An int value's limbs: a small or inline int is staged in tmp (2 limbs).
static int int_limbs(Value v, limb *tmp, const limb **p, int64_t *n) {
  if (IS_INT(v)) {
    int64_t i = UNBOX_INT(v);
    tmp[0] = i < 0 ? (limb)0 - (limb)i : (limb)i;
    *p = tmp;
    *n = i == 0 ? 0 : i < 0 ? -1 : 1;
    return 1;
  }
  if (!IS_OBJ(v)) return 0;
  const BigIntObject *b = (const BigIntObject *)UNBOX_OBJ(v);
  if (b->header.type != OBJ_BIGINT) return 0;
  if (b->handle == BIGINT_INLINE) {
    wide_int w = (wide_int)(((wide_uint)(uint64_t)b->value_hi << 64) | b->value_lo);
    wide_uint m = w < 0 ? (wide_uint)0 - (wide_uint)w : (wide_uint)w;
    tmp[0] = (limb)m;
    tmp[1] = (limb)(m >> 64);
    *p = tmp;
    // Normalized (no zero top limb): callers size results by it (bigint_divmod's quotient).
    int64_t len = tmp[1] ? 2 : tmp[0] ? 1 : 0;
    *n = w < 0 ? -len : len;
    return 1;
  }
  if (b->handle == BIGINT_LIMBS) {
    const BigIntLimbs *l = (const BigIntLimbs *)b;
    *p = l->limbs;
    *n = l->size;
    return 1;
  }
  return 0;
}

// Boxes the result (signed length n) computed in the block at the lent
// buffer's alloc_ptr: back to a small or inline int when it fits 128 bits,
// else the block becomes a limbs object of exactly its size.
static int box_result(VMState *vm, BigIntLimbs *blk, int64_t n, Value *out) {
  int64_t m = ABS(n);
  if (m <= 2) {
    wide_uint mag = m == 0 ? 0 : m == 1 ? (wide_uint)blk->limbs[0] : ((wide_uint)blk->limbs[1] << 64) | blk->limbs[0];
    if (mag <= (wide_uint)WIDE_INT_MAX || (n < 0 && mag == (wide_uint)1 << 127)) {
      wide_int v = n < 0 ? (wide_int)((wide_uint)0 - mag) : (wide_int)mag;
      return vm_box_wide_int(vm, v, out);
    }
  }
  BigIntLimbs *b = (BigIntLimbs *)vm_alloc(vm, OBJ_BIGINT, HEAP_BLOCK_BYTES(sizeof(BigIntLimbs) + (uint64_t)m * 8));
  b->handle = BIGINT_LIMBS;
  b->size = n;
  *out = BOX_OBJ(b);
  return 1;
}

int support_bigint_value_op(VMState *vm, int64_t op, Value av, Value bv, Value *out) {
  limb ta[2], tb[2];
  const limb *a, *b;
  int64_t an, bn;
  if (!int_limbs(av, ta, &a, &an) || !int_limbs(bv, tb, &b, &bn)) return 0;
  int64_t na = ABS(an), nb = ABS(bn), mx = na > nb ? na : nb;
  int64_t cap, scratch = 0, shift = 0;
  switch (op) {
    case BIG_OP_ADD: case BIG_OP_SUB: case BIG_OP_AND: case BIG_OP_OR: case BIG_OP_XOR:
      cap = mx + 1;
      break;
    case BIG_OP_MUL:
      cap = na + nb;
      scratch = (na < nb ? na : nb) >= KARATSUBA_LIMBS ? 6 * (na + nb) + 256 : 0;
      break;
    case BIG_OP_FLOORDIV: case BIG_OP_MOD:
      if (bn == 0) return 0;
      cap = op == BIG_OP_FLOORDIV ? (na - nb + 2 > 1 ? na - nb + 2 : 1) : nb;
      scratch = na + nb + 2 + (na + 2 > nb ? na + 2 : nb); // Knuth's work, then the unwanted result
      break;
    case BIG_OP_LSHIFT: case BIG_OP_RSHIFT:
      if (!IS_INT(bv) || UNBOX_INT(bv) < 0 || UNBOX_INT(bv) > (1 << 24)) return 0;
      shift = UNBOX_INT(bv);
      cap = op == BIG_OP_LSHIFT ? na + shift / 64 + 1 : (na > shift / 64 ? na - shift / 64 : 0) + 1;
      break;
    default:
      return 0;
  }
  uint64_t need = (uint64_t)(LIMB_WORDS_HEADER + cap + scratch) * 8;
  if (!vm_room(vm, need + HEAP_MIN_BLOCK_WORDS * 8 + sizeof(BigIntObject))) return 0;
  BigIntLimbs *blk = (BigIntLimbs *)vm->alloc_ptr;
  limb *r = blk->limbs, *t = r + cap;
  int64_t rp = (int64_t)(uintptr_t)r, tp = (int64_t)(uintptr_t)t;
  int64_t ap = (int64_t)(uintptr_t)a, bp = (int64_t)(uintptr_t)b;
  int64_t n;
  switch (op) {
    case BIG_OP_ADD: n = bigint_add(ap, an, bp, bn, rp); break;
    case BIG_OP_SUB: n = bigint_add(ap, an, bp, -bn, rp); break;
    case BIG_OP_MUL: n = bigint_mul(ap, an, bp, bn, rp, tp); break;
    case BIG_OP_FLOORDIV: case BIG_OP_MOD: {
      int64_t lens[2];
      limb *spare = t + na + nb + 2;
      int64_t sp = (int64_t)(uintptr_t)spare;
      if (op == BIG_OP_FLOORDIV) bigint_divmod(ap, an, bp, bn, rp, sp, tp, (int64_t)(uintptr_t)lens);
      else bigint_divmod(ap, an, bp, bn, sp, rp, tp, (int64_t)(uintptr_t)lens);
      n = lens[op == BIG_OP_FLOORDIV ? 0 : 1];
      break;
    }
    case BIG_OP_LSHIFT: n = bigint_lshift(ap, an, shift, rp); break;
    case BIG_OP_RSHIFT: n = bigint_rshift(ap, an, shift, rp); break;
    default: n = bigint_bitop(op == BIG_OP_AND ? 0 : op == BIG_OP_OR ? 1 : 2, ap, an, bp, bn, rp); break;
  }
  return box_result(vm, blk, n, out);
}

int support_bigint_value_compare(Value av, Value bv, int64_t *out) {
  limb ta[2], tb[2];
  const limb *a, *b;
  int64_t an, bn;
  if (!int_limbs(av, ta, &a, &an) || !int_limbs(bv, tb, &b, &bn)) return 0;
  *out = bigint_compare((int64_t)(uintptr_t)a, an, (int64_t)(uintptr_t)b, bn);
  return 1;
}

int support_bigint_value_truth(Value v, int64_t *out) {
  limb t[2];
  const limb *a;
  int64_t n;
  if (!int_limbs(v, t, &a, &n)) return 0;
  *out = norm(a, ABS(n)) != 0;
  return 1;
}

// ------------------------------------------------------------ conversions

// 10^19, the largest power of ten in a limb, is already normalized (top bit
// set): dividing by it is Möller and Granlund's 2-by-1 division with a
// precomputed reciprocal (two multiplications, no division instruction).
#define DEC_BASE 10000000000000000000ull
#define DEC_DIGITS 19

// floor((2^128 - 1) / d) - 2^64 for a normalized d.
static limb reciprocal(limb d) {
  limb rem;
  return div_2by1(~d, ~(limb)0, d, &rem);
}

// (u1:u0) / d with u1 < d, d normalized, v = reciprocal(d).
static inline limb div_2by1_pre(limb u1, limb u0, limb d, limb v, limb *rem) {
  dlimb q = (dlimb)v * u1 + (((dlimb)u1 << 64) | u0);
  limb q1 = (limb)(q >> 64) + 1, q0 = (limb)q;
  limb r = u0 - q1 * d;
  if (r > q0) { q1--; r += d; }
  if (r >= d) { q1++; r -= d; }
  *rem = r;
  return q1;
}

// Below this many limbs, digits by repeated division by 10^19 (quadratic,
// one dependent multiply chain); above, divide and conquer.
#define DEC_LEAF_LIMBS 24

// The digits of a (n limbs, a < 10^w) as exactly w digits, zero padded, at
// out; a is destroyed. chunk: room for w / 19 + 1 limbs.
static void dec_leaf(limb *a, int64_t n, char *out, int64_t w, limb *chunk, limb v) {
  n = norm(a, n);
  int64_t chunks = 0;
  while (n > 0) {
    limb rem = 0;
    for (int64_t i = n - 1; i >= 0; i--) a[i] = div_2by1_pre(rem, a[i], DEC_BASE, v, &rem);
    chunk[chunks++] = rem;
    n = norm(a, n);
  }
  int64_t pos = w;
  for (int64_t c = 0; c < chunks && pos > 0; c++) {
    limb x = chunk[c];
    for (int k = 0; k < DEC_DIGITS && pos > 0; k++) { out[--pos] = (char)('0' + x % 10); x /= 10; }
  }
  while (pos > 0) out[--pos] = '0';
}

// 10^(19 * 2^k) for k = 0..levels-1: limbs and lengths.
typedef struct { limb *p[40]; int64_t n[40]; } DecPowers;

// The digits of a (n limbs, a < 10^(19 * 2^(k+1))) as exactly 19 * 2^(k+1)
// digits at out: a = q 10^(19 * 2^k) + r, q and r written as halves. a is
// destroyed; t is scratch (a bump area, given back on return).
static void dec_rec(limb *a, int64_t n, char *out, int64_t k, const DecPowers *pw, limb *t, limb v) {
  int64_t w = (int64_t)DEC_DIGITS << (k + 1);
  n = norm(a, n);
  if (n <= DEC_LEAF_LIMBS || k < 0) { dec_leaf(a, n, out, w, t, v); return; }
  const limb *d = pw->p[k];
  int64_t dn = pw->n[k];
  int64_t half = w / 2;
  if (cmp_mag(a, n, d, dn) < 0) {
    for (int64_t i = 0; i < half; i++) out[i] = '0';
    dec_rec(a, n, out + half, k - 1, pw, t, v);
    return;
  }
  limb *q = t, *r = q + (n - dn + 1), *rest = r + dn;
  if (dn == 1) { r[0] = divmod_1(q, a, n, d[0]); }
  else divmod_knuth(q, r, a, n, d, dn, rest);
  dec_rec(q, n - dn + 1, out, k - 1, pw, rest, v);
  dec_rec(r, dn, out + half, k - 1, pw, rest, v);
}

// The decimal digits of |a| (ASCII, most significant first, no sign) into
// out; returns their count ("0" for zero). out: bigint_decimal_bytes(|an|)
// = 40 |an| + 64 bytes; t: 24 |an| + 1024 limbs of scratch.
int64_t bigint_to_decimal(int64_t ap, int64_t an, int64_t outp, int64_t tp) {
  const limb *a = PTR(ap);
  char *out = (char *)(uintptr_t)outp;
  limb *t = PTR(tp);
  int64_t n = norm(a, ABS(an));
  if (n == 0) { out[0] = '0'; return 1; }
  const limb v = reciprocal(DEC_BASE);
  // Powers 10^(19 * 2^k) while their square may still be below a.
  DecPowers pw;
  int64_t k = 0;
  pw.p[0] = t;
  pw.p[0][0] = DEC_BASE;
  pw.n[0] = 1;
  t += 1;
  while (2 * pw.n[k] - 1 <= n && k < 39) {
    int64_t m = pw.n[k];
    limb *sq = t;
    mul_rec(sq, pw.p[k], m, pw.p[k], m, sq + 2 * m);
    pw.p[k + 1] = sq;
    pw.n[k + 1] = norm(sq, 2 * m);
    t += 2 * m;
    k++;
  }
  // a < 10^(19 * 2^k) squared: 19 * 2^(k+1) digits, zero padded, then trimmed.
  limb *u = t;
  copy(u, a, n);
  int64_t w = (int64_t)DEC_DIGITS << (k + 1);
  dec_rec(u, n, out, k, &pw, u + n, v);
  int64_t lead = 0;
  while (lead < w - 1 && out[lead] == '0') lead++;
  for (int64_t i = lead; i < w; i++) out[i - lead] = out[i];
  return w - lead;
}

// float(a), correctly rounded (half to even on the bits below the 53 kept,
// the lowest ones folded into a sticky bit); an infinity with a's sign when
// it is too large (the caller raises OverflowError).
double bigint_to_double(int64_t ap, int64_t an) {
  const limb *a = PTR(ap);
  int64_t n = norm(a, ABS(an));
  uint64_t sign = an < 0 && n > 0 ? 1ull << 63 : 0;
  uint64_t bits;
  if (n == 0) {
    bits = sign;
  } else {
    int lz = __builtin_clzll(a[n - 1]);
    int64_t width = 64 * n - lz; // a in [2^(width-1), 2^width)
    // The top 64 bits of a, left aligned, and whether any bit below them is set.
    limb m = a[n - 1] << lz;
    int sticky = 0;
    if (n >= 2) {
      if (lz) m |= a[n - 2] >> (64 - lz);
      sticky = (a[n - 2] << lz) != 0; // the bits of a[n-2] not in m
      for (int64_t i = n - 3; i >= 0 && !sticky; i--) sticky = a[i] != 0;
    }
    limb keep = m >> 11, rest = m & 0x7ff;
    if (rest > 0x400 || (rest == 0x400 && (sticky || (keep & 1)))) keep++;
    int64_t e = width - 1;
    if (keep >> 53) { keep >>= 1; e++; } // rounded up to the next power of two
    if (e > 1023) bits = sign | 0x7ff0000000000000ull;
    else bits = sign | ((uint64_t)(e + 1023) << 52) | (keep & ((1ull << 52) - 1));
  }
  union { uint64_t u; double d; } r = { bits };
  return r.d;
}

// r[0..mn) = a mod m for a of an limbs, m normalized (m[mn-1] != 0); returns
// r's length. q: an - mn + 1 limbs, t: an + mn + 1 limbs of scratch.
static int64_t mod_into(limb *r, const limb *a, int64_t an, const limb *m, int64_t mn, limb *q, limb *t) {
  an = norm(a, an);
  if (an < mn || cmp_mag(a, an, m, mn) < 0) { copy(r, a, an); return an; }
  if (mn == 1) { r[0] = divmod_1(q, a, an, m[0]); return norm(r, 1); }
  divmod_knuth(q, r, a, an, m, mn, t);
  return norm(r, mn);
}

// pow(a, e, m) for e >= 0 and m >= 2 (the caller handles negative exponents
// and moduli, and m of 0 or 1): left-to-right square and multiply, each
// product reduced by division. r: |mn| limbs; t: 20 |mn| + 2 |an| + 600
// limbs of scratch. Returns r's length (the result is in [0, m)).
int64_t bigint_powmod(int64_t ap, int64_t an, int64_t ep, int64_t en, int64_t mp, int64_t mn, int64_t rp, int64_t tp) {
  const limb *a = PTR(ap), *e = PTR(ep), *m = PTR(mp);
  limb *r = PTR(rp), *t = PTR(tp);
  int64_t na = norm(a, ABS(an)), ne = norm(e, ABS(en)), nm = norm(m, ABS(mn));
  limb *x = t, *prod = x + nm, *q = prod + 2 * nm, *work = q + (na > 2 * nm ? na : 2 * nm) + 2;
  // x = a mod m, in [0, m).
  int64_t xn = mod_into(x, a, na, m, nm, q, work);
  if (an < 0 && xn > 0) {
    for (int64_t i = xn; i < nm; i++) x[i] = 0;
    sub_n(x, m, nm, x, nm);
    xn = norm(x, nm);
  }
  // r = 1 (1 mod m, m >= 2).
  int64_t rn = 1;
  r[0] = 1;
  for (int64_t i = ne - 1; i >= 0; i--) {
    for (int bit = 63; bit >= 0; bit--) {
      int set = (e[i] >> bit) & 1;
      if (i == ne - 1 && rn == 1 && r[0] == 1 && !set) continue; // leading zeros: r stays 1
      if (rn == 0) return 0;
      // r = r * r mod m
      mul_rec(prod, r, rn, r, rn, work);
      rn = mod_into(r, prod, 2 * rn, m, nm, q, work);
      if (set) {
        if (xn == 0) return 0;
        if (rn == 0) return 0;
        if (rn >= xn) mul_rec(prod, r, rn, x, xn, work);
        else mul_rec(prod, x, xn, r, rn, work);
        rn = mod_into(r, prod, rn + xn, m, nm, q, work);
      }
    }
  }
  return rn;
}

// r = a ** e (e >= 0) by left-to-right squaring. r and s: rn limbs each,
// rn = ceil(bits(a) * e / 64) + 2 (every intermediate power fits); t:
// 12 rn + 256 limbs of Karatsuba scratch.
// Returns r's signed length.
int64_t bigint_pow(int64_t ap, int64_t an, int64_t e, int64_t rp, int64_t sp, int64_t tp) {
  const limb *a = PTR(ap);
  limb *r = PTR(rp), *s = PTR(sp), *t = PTR(tp);
  int64_t na = norm(a, ABS(an));
  if (e == 0) { r[0] = 1; return 1; }
  if (na == 0) return 0;
  limb *x = r, *y = s; // x holds the power so far, y the next one
  copy(x, a, na);
  int64_t xn = na;
  for (int bit = 62 - __builtin_clzll((uint64_t)e); bit >= 0; bit--) {
    mul_rec(y, x, xn, x, xn, t);
    xn = norm(y, 2 * xn);
    limb *w = x; x = y; y = w;
    if (((uint64_t)e >> bit) & 1) {
      mul_rec(y, x, xn, a, na, t);
      xn = norm(y, xn + na);
      w = x; x = y; y = w;
    }
  }
  if (x != r) copy(r, x, xn);
  return an < 0 && (e & 1) ? -xn : xn;
}

// The magnitude of the decimal digits s[0..len) (ASCII '0'-'9', checked by
// the caller) into r: ceil(len * log2(10) / 64) + 1 limbs. Returns r's
// length. Quadratic (19 digits per multiply-add pass): int() stops at 4300
// digits (python3.11's limit), where this takes microseconds.
int64_t bigint_from_decimal(int64_t sp, int64_t len, int64_t rp) {
  const char *s = (const char *)(uintptr_t)sp;
  limb *r = PTR(rp);
  int64_t n = 0;
  int64_t pos = 0;
  while (pos < len) {
    int64_t k = pos == 0 ? (len % DEC_DIGITS ? len % DEC_DIGITS : DEC_DIGITS) : DEC_DIGITS;
    limb chunk = 0, scale = 1;
    for (int64_t i = 0; i < k; i++) { chunk = chunk * 10 + (limb)(s[pos + i] - '0'); scale *= 10; }
    pos += k;
    limb c = mul_1(r, r, n, scale);
    // + chunk
    for (int64_t i = 0; i < n && chunk; i++) {
      limb x = r[i] + chunk;
      chunk = x < chunk;
      r[i] = x;
    }
    if (c) r[n++] = c;
    if (chunk) {
      // the carry out of the addition lands on top of mul_1's carry limb, or past it
      if (c) { r[n - 1] += chunk; } else r[n++] = chunk;
    }
  }
  return norm(r, n);
}
