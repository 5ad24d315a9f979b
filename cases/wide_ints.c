// Int arithmetic on 128-bit values inside traces: operands are small ints or
// inline big ints (cases/vm.h BigIntObject), the result is computed in int128
// with an overflow check as the guard and boxed only as a value: small when it
// fits 48 bits, else an inline big int allocated in the lent buffer. 128 bits
// hold every product of two int64s, so `(a * b) % m` and 64-bit hashing
// (`(h * P) & MASK64`) stay in the trace. Each uop checks its own operands (no
// separate type guards: a value may be either representation from one
// iteration to the next). Every exit happens before anything is consumed (a
// wider operand, int128 overflow, a zero divisor, a negative shift, a full
// buffer): tier-1 redoes the operation with its big ints. Each arithmetic uop
// tries int64 first (operands and result that fit 64 bits, the overflow flag
// as the guard) and computes in int128 only past that. Helpers: wide_ints.h.

/// int128 addition of two int128-representable ints.
uop ADD_WIDE (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !__builtin_add_overflow(x, y, &z)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b, r;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(__builtin_add_overflow(a, b, &r));
    EXIT_IF(!vm_box_wide_int(vm, r, &res));
  }
}

/// int128 subtraction.
uop SUB_WIDE (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !__builtin_sub_overflow(x, y, &z)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b, r;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(__builtin_sub_overflow(a, b, &r));
    EXIT_IF(!vm_box_wide_int(vm, r, &res));
  }
}

/// int128 multiplication.
uop MUL_WIDE (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !__builtin_mul_overflow(x, y, &z)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b, r;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_mul_overflow(a, b, &r));
    EXIT_IF(!vm_box_wide_int(vm, r, &res));
  }
}

/// Python's floor division (rounds toward minus infinity).
uop FLOORDIV_WIDE (left, right -- res) {
  int64_t x, y, z, m64;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !i64_floor_divmod(x, y, &z, &m64)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b, q, m;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_floor_divmod(a, b, &q, &m));
    EXIT_IF(!vm_box_wide_int(vm, q, &res));
  }
}

/// Python's modulo (the result has the divisor's sign).
uop MOD_WIDE (left, right -- res) {
  int64_t x, y, z, q64;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !i64_floor_divmod(x, y, &q64, &z)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b, q, m;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_floor_divmod(a, b, &q, &m));
    EXIT_IF(!vm_box_wide_int(vm, m, &res));
  }
}

/// Bitwise and (two's complement, as Python's infinite-precision ints agree within int128).
uop AND_WIDE (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && ((z = x & y), 1)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(!vm_box_wide_int(vm, a & b, &res));
  }
}

/// Bitwise or.
uop OR_WIDE (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && ((z = x | y), 1)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(!vm_box_wide_int(vm, a | b, &res));
  }
}

/// Bitwise exclusive or.
uop XOR_WIDE (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && ((z = x ^ y), 1)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(!vm_box_wide_int(vm, a ^ b, &res));
  }
}

/// Arithmetic right shift; a negative count exits (tier-1 raises ValueError).
uop RSHIFT_WIDE (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && (y >= 0 && ((z = i64_rshift(x, y)), 1))) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(b < 0);
    wide_int r = b >= 128 ? (a < 0 ? -1 : 0) : a >> (int)b;
    EXIT_IF(!vm_box_wide_int(vm, r, &res));
  }
}

/// Left shift; exits when the result does not fit int128 (or the count is negative).
uop LSHIFT_WIDE (left, right -- res) {
  wide_int a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(b < 0 || (b >= 127 && a != 0));
  int k = (int)(b & 127);
  wide_int r = (wide_int)((wide_uint)a << k);
  EXIT_IF((r >> k) != a);
  EXIT_IF(!vm_box_wide_int(vm, r, &res));
}

/// a < b on int128-representable ints.
uop LT_WIDE (left, right -- res: bool) {
  wide_int a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a < b);
}

/// a <= b.
uop LE_WIDE (left, right -- res: bool) {
  wide_int a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a <= b);
}

/// a > b.
uop GT_WIDE (left, right -- res: bool) {
  wide_int a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a > b);
}

/// a >= b.
uop GE_WIDE (left, right -- res: bool) {
  wide_int a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a >= b);
}

/// a == b.
uop EQ_WIDE (left, right -- res: bool) {
  wide_int a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a == b);
}

/// a != b.
uop NE_WIDE (left, right -- res: bool) {
  wide_int a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a != b);
}

/// Truth of an int128-representable int (`while n:`, `if x & 1:`).
uop TO_BOOL_WIDE (value -- res: bool) {
  wide_int a;
  EXIT_IF(!WIDE_INT_OF(value, &a));
  res = BOX_BOOL(a != 0);
}
