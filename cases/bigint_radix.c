// Big-int operations past 128 bits that python3 spells with a radix or a
// float: true division (correctly rounded, as CPython's long_true_divide),
// hex/oct/bin digits, int(str, base) for any base 2..36, and the modular
// inverse behind pow(a, -e, m). Part of the support library beside
// cases/bigint.c, whose exports it calls; tier-1 calls these through koffi
// (runtime/vm/interpreter/bigint-native.ts).
//
// Numbers are (pointer, signed length) as in cases/bigint.c: the length's sign
// is the number's, its magnitude the count of little-endian 64-bit limbs.
// The caller sizes every output and scratch area (bounds at each export).
#include <stdint.h>

typedef uint64_t limb;

#define PTR(x) ((limb *)(uintptr_t)(x))
#define ABS(n) ((n) < 0 ? -(n) : (n))

// cases/bigint.c's exports used here.
int64_t bigint_add(int64_t ap, int64_t an, int64_t bp, int64_t bn, int64_t rp);
int64_t bigint_mul(int64_t ap, int64_t an, int64_t bp, int64_t bn, int64_t rp, int64_t tp);
void bigint_divmod(int64_t ap, int64_t an, int64_t bp, int64_t bn, int64_t qp, int64_t rp, int64_t tp, int64_t outp);
int64_t bigint_lshift(int64_t ap, int64_t an, int64_t shift, int64_t rp);

static int64_t rnorm(const limb *a, int64_t n) {
  while (n > 0 && a[n - 1] == 0) n--;
  return n;
}

static int64_t bit_len(const limb *a, int64_t n) {
  n = rnorm(a, n);
  return n == 0 ? 0 : 64 * n - __builtin_clzll(a[n - 1]);
}

static void rcopy(limb *r, const limb *a, int64_t n) {
  for (int64_t i = 0; i < n; i++) r[i] = a[i];
}

// |a| >> shift (shift >= 0, truncating) into r (|an| - shift / 64 + 1 limbs);
// *lost |= whether a one bit was shifted out. Returns r's length.
static int64_t shr_mag(limb *r, const limb *a, int64_t na, int64_t shift, int *lost) {
  int64_t w = shift / 64;
  int s = (int)(shift % 64);
  for (int64_t i = 0; i < w && i < na; i++) *lost |= a[i] != 0;
  int64_t n = na > w ? na - w : 0;
  if (n == 0) return 0;
  if (s == 0) {
    rcopy(r, a + w, n);
  } else {
    *lost |= (a[w] << (64 - s)) != 0;
    for (int64_t i = 0; i < n; i++) r[i] = (a[w + i] >> s) | (w + i + 1 < na ? a[w + i + 1] << (64 - s) : 0);
  }
  return rnorm(r, n);
}

// x * 2^e for a double x whose result is exact (the caller rounded already):
// in steps that neither overflow nor lose bits, without libm's ldexp.
static double scale2(double x, int64_t e) {
  union { uint64_t u; double d; } p;
  while (e > 1000) { p.u = (uint64_t)(1000 + 1023) << 52; x *= p.d; e -= 1000; }
  while (e < -1000) { p.u = (uint64_t)(-1000 + 1023) << 52; x *= p.d; e += 1000; }
  p.u = (uint64_t)(e + 1023) << 52;
  return x * p.d;
}

// a / b correctly rounded (half to even), b != 0 (the caller raises
// ZeroDivisionError). *overflow is set when the quotient is too large for a
// float (the caller raises OverflowError). t: 4 |bn| + 24 limbs of scratch. CPython's long_true_divide: shift a so the integer quotient has
// 55 or 56 bits, divide, fold the remainder into a sticky bit, round once.
double bigint_truediv(int64_t ap, int64_t an, int64_t bp, int64_t bn, int64_t tp, int64_t overflowp) {
  const limb *a = PTR(ap), *b = PTR(bp);
  limb *t = PTR(tp);
  int64_t *overflow = (int64_t *)(uintptr_t)overflowp;
  int64_t na = rnorm(a, ABS(an)), nb = rnorm(b, ABS(bn));
  int negate = (an < 0) != (bn < 0);
  *overflow = 0;
  double zero = negate ? -0.0 : 0.0;
  if (na == 0) return zero;
  const int MANT = 53, MIN_EXP = -1021, MAX_EXP = 1024;
  int64_t diff = bit_len(a, na) - bit_len(b, nb); // a / b in [2^(diff-1), 2^(diff+1))
  if (diff > MAX_EXP) { *overflow = 1; return 0.0; }
  if (diff < MIN_EXP - MANT - 1) return zero;
  int64_t shift = (diff > MIN_EXP ? diff : MIN_EXP) - MANT - 2;
  int inexact = 0;
  // x: a shifted, at most bits(b) + 56 bits; q: one limb (+ room); work: x's + b's + 2.
  limb *x = t, *q = x + nb + 6, *r = q + 8, *work = r + nb + 2;
  int64_t xn;
  if (shift > 0) xn = shr_mag(x, a, na, shift, &inexact);
  else xn = rnorm(x, ABS(bigint_lshift(ap, na, -shift, (int64_t)(uintptr_t)x)));
  // x // b has 55 or 56 bits: one or two limbs.
  int64_t out[2];
  bigint_divmod((int64_t)(uintptr_t)x, xn, bp, nb, (int64_t)(uintptr_t)q, (int64_t)(uintptr_t)r, (int64_t)(uintptr_t)work, (int64_t)(uintptr_t)out);
  if (out[1] != 0) inexact = 1;
  limb xq = out[0] == 0 ? 0 : q[0];
  int xbits = xq ? 64 - __builtin_clzll(xq) : 0;
  // Bits to drop: enough for 53 kept, more when the result is subnormal.
  int64_t extra = (xbits > MIN_EXP - shift ? xbits : MIN_EXP - shift) - MANT;
  limb mask = (limb)1 << (extra - 1);
  limb low = xq | (limb)inexact; // the kept bit above mask decides ties (to even)
  if ((low & mask) && (low & (3 * mask - 1))) xq += mask;
  xq &= ~(2 * mask - 1);
  double dx = (double)xq; // exact: at most 53 significant bits
  if (shift + xbits >= MAX_EXP) {
    union { uint64_t u; double d; } top = { (uint64_t)(xbits + 1023) << 52 };
    if (shift + xbits > MAX_EXP || dx == top.d) { *overflow = 1; return 0.0; }
  }
  double res = scale2(dx, shift);
  return negate ? -res : res;
}

// The digits of |a| in base 2^k (k = 1, 3 or 4: bin, oct, hex), lowercase
// ASCII, most significant first, into out (ceil(bits / k) bytes, "0" for
// zero). Returns their count.
int64_t bigint_to_radix2(int64_t ap, int64_t an, int64_t k, int64_t outp) {
  const limb *a = PTR(ap);
  char *out = (char *)(uintptr_t)outp;
  int64_t n = rnorm(a, ABS(an));
  int64_t bits = bit_len(a, n);
  if (bits == 0) { out[0] = '0'; return 1; }
  int64_t count = (bits + k - 1) / k;
  limb mask = ((limb)1 << k) - 1;
  for (int64_t d = 0; d < count; d++) {
    int64_t pos = d * k; // the digit's lowest bit
    int64_t w = pos / 64;
    int s = (int)(pos % 64);
    limb v = a[w] >> s;
    if (s + k > 64 && w + 1 < n) v |= a[w + 1] << (64 - s);
    out[count - 1 - d] = "0123456789abcdef"[v & mask];
  }
  return count;
}

static int digit_of(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  return c - 'A' + 10;
}

// The magnitude of the digits s[0..len) in base 2..36 (ASCII digits and
// letters, checked by the caller: no sign, prefix or underscores) into r:
// ceil(len * log2(base) / 64) + 2 limbs. Returns r's length. Powers of two
// pack bits (linear); other bases take as many digits per multiply-add pass
// as a limb holds (quadratic: python3 limits those to 4300 digits).
int64_t bigint_from_radix(int64_t sp, int64_t len, int64_t base, int64_t rp) {
  const char *s = (const char *)(uintptr_t)sp;
  limb *r = PTR(rp);
  if ((base & (base - 1)) == 0) {
    int k = __builtin_ctzll((uint64_t)base);
    int64_t limbs = (len * k + 63) / 64;
    for (int64_t i = 0; i < limbs; i++) r[i] = 0;
    for (int64_t d = 0; d < len; d++) {
      limb v = (limb)digit_of(s[len - 1 - d]);
      int64_t pos = d * k;
      int64_t w = pos / 64;
      int sh = (int)(pos % 64);
      r[w] |= v << sh;
      if (sh + k > 64) r[w + 1] |= v >> (64 - sh);
    }
    return rnorm(r, limbs);
  }
  // The most digits whose value always fits a limb, and base to that power.
  int per = 0;
  limb big = 1;
  while (big <= UINT64_MAX / (limb)base) { big *= (limb)base; per++; }
  int64_t n = 0;
  int64_t pos = 0;
  while (pos < len) {
    int64_t k = pos == 0 ? (len % per ? len % per : per) : per;
    limb chunk = 0, scale = 1;
    for (int64_t i = 0; i < k; i++) { chunk = chunk * (limb)base + (limb)digit_of(s[pos + i]); scale *= (limb)base; }
    pos += k;
    // r = r * scale + chunk
    limb carry = chunk;
    for (int64_t i = 0; i < n; i++) {
      unsigned __int128 p = (unsigned __int128)r[i] * scale + carry;
      r[i] = (limb)p;
      carry = (limb)(p >> 64);
    }
    if (carry) r[n++] = carry;
  }
  return rnorm(r, n);
}

// The inverse of a modulo m (m >= 2, a reduced into [0, m) by the caller)
// into r (|mn| limbs) by the extended Euclidean algorithm; returns r's
// length, or -1 when gcd(a, m) != 1 (the caller raises ValueError). t:
// 24 (|mn| + 2) + 300 limbs of scratch.
int64_t bigint_modinv(int64_t ap, int64_t an, int64_t mp, int64_t mn, int64_t rp, int64_t tp) {
  const limb *m = PTR(mp);
  limb *r = PTR(rp), *t = PTR(tp);
  int64_t nm = rnorm(m, ABS(mn));
  int64_t w = nm + 2;
  // r0, r1: remainders; s0, s1: coefficients of a (|s| < m); q, prod, tmp: one step.
  limb *r0 = t, *r1 = r0 + w, *s0 = r1 + w, *s1 = s0 + w, *q = s1 + w, *rem = q + w, *prod = rem + w, *tmp = prod + 2 * w, *work = tmp + 2 * w + 2;
  rcopy(r0, m, nm);
  int64_t r0n = nm;
  int64_t r1n = rnorm(PTR(ap), ABS(an));
  rcopy(r1, PTR(ap), r1n);
  int64_t s0n = 0, s1n = 1;
  s1[0] = 1;
#define P(x) ((int64_t)(uintptr_t)(x))
  while (r1n != 0) {
    int64_t out[2];
    bigint_divmod(P(r0), r0n, P(r1), r1n, P(q), P(rem), P(work), P(out));
    int64_t qn = out[0];
    // (r0, r1) = (r1, r0 mod r1)
    rcopy(r0, r1, r1n); r0n = r1n;
    rcopy(r1, rem, out[1]); r1n = out[1];
    // (s0, s1) = (s1, s0 - q s1)
    int64_t pn = qn == 0 || s1n == 0 ? 0 : bigint_mul(P(q), qn, P(s1), s1n, P(prod), P(work));
    int64_t tn = bigint_add(P(s0), s0n, P(prod), -pn, P(tmp));
    rcopy(s0, s1, ABS(s1n)); s0n = s1n;
    rcopy(s1, tmp, ABS(tn)); s1n = tn;
  }
  if (!(r0n == 1 && r0[0] == 1)) return -1;
  // s0 in (-m, m): bring it into [0, m).
  if (s0n < 0) {
    int64_t n = bigint_add(P(m), nm, P(s0), s0n, P(tmp));
    rcopy(r, tmp, n);
    return n;
  }
  rcopy(r, s0, s0n);
  return s0n;
#undef P
}
