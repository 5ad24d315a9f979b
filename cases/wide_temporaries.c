// Int128 operations whose result only feeds the next int operation (`i * i`
// in `(total + i * i) % m`, `h * P` in `(h * P) & MASK`): the same as the
// cases/wide_ints.c uops, but the result is boxed in a box of its own that the
// runtime allocated and pinned for this uop instance (OPERAND0), not in the
// lent buffer, so the loop allocates nothing for it and the collector never
// sweeps it. Chosen by runtime/vm/tracing/optimizer/wide-temporaries.ts, which
// proves the value is consumed before the uop can run again. Exits as the
// _WIDE uops do (operands past int128, overflow, zero divisor, bad shift).

/// a + b into its own box.
uop ADD_WIDE_T (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !__builtin_add_overflow(x, y, &z)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b, r;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(__builtin_add_overflow(a, b, &r));
    res = box_wide_into(r, OPERAND0);
  }
}

/// a - b into its own box.
uop SUB_WIDE_T (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !__builtin_sub_overflow(x, y, &z)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b, r;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(__builtin_sub_overflow(a, b, &r));
    res = box_wide_into(r, OPERAND0);
  }
}

/// a * b into its own box.
uop MUL_WIDE_T (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !__builtin_mul_overflow(x, y, &z)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b, r;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_mul_overflow(a, b, &r));
    res = box_wide_into(r, OPERAND0);
  }
}

/// a // b into its own box.
uop FLOORDIV_WIDE_T (left, right -- res) {
  int64_t x, y, z, m64;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !i64_floor_divmod(x, y, &z, &m64)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b, q, m;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_floor_divmod(a, b, &q, &m));
    res = box_wide_into(q, OPERAND0);
  }
}

/// a % b into its own box.
uop MOD_WIDE_T (left, right -- res) {
  int64_t x, y, z, q64;
  if (I64_OF(left, &x) && I64_OF(right, &y) && !i64_floor_divmod(x, y, &q64, &z)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b, q, m;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_floor_divmod(a, b, &q, &m));
    res = box_wide_into(m, OPERAND0);
  }
}

/// a & b into its own box.
uop AND_WIDE_T (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && ((z = x & y), 1)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    res = box_wide_into(a & b, OPERAND0);
  }
}

/// a | b into its own box.
uop OR_WIDE_T (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && ((z = x | y), 1)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    res = box_wide_into(a | b, OPERAND0);
  }
}

/// a ^ b into its own box.
uop XOR_WIDE_T (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && ((z = x ^ y), 1)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    res = box_wide_into(a ^ b, OPERAND0);
  }
}

/// a >> b into its own box.
uop RSHIFT_WIDE_T (left, right -- res) {
  int64_t x, y, z;
  if (I64_OF(left, &x) && I64_OF(right, &y) && (y >= 0 && ((z = i64_rshift(x, y)), 1))) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(b < 0);
    res = box_wide_into(b >= 128 ? (a < 0 ? -1 : 0) : a >> (int)b, OPERAND0);
  }
}
