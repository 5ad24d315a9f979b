// Int arithmetic of any size inside traces: operands are small ints, inline
// int128s or limbs objects (cases/vm.h), computed by cases/bigint.c and boxed
// in the lent buffer (back to small or inline when the result fits). The
// recorder (runtime/vm/tracing/record-bigints.ts) emits these where an
// operand or the result is past 128 bits. Every exit happens before anything
// is consumed (an operand that is not an int, a zero divisor, a negative or
// huge shift count, a lent buffer too small): tier-1 redoes the operation.

/// a + b on ints of any size.
uop ADD_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_ADD, left, right, &res));
}

/// a - b on ints of any size.
uop SUB_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_SUB, left, right, &res));
}

/// a * b on ints of any size (Karatsuba above 40 limbs).
uop MUL_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_MUL, left, right, &res));
}

/// a // b on ints of any size (floor).
uop FLOORDIV_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_FLOORDIV, left, right, &res));
}

/// a % b on ints of any size (the divisor's sign).
uop MOD_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_MOD, left, right, &res));
}

/// a << b, b a small non-negative int.
uop LSHIFT_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_LSHIFT, left, right, &res));
}

/// a >> b, b a small non-negative int (rounds toward minus infinity).
uop RSHIFT_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_RSHIFT, left, right, &res));
}

/// a & b (two's complement).
uop AND_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_AND, left, right, &res));
}

/// a | b.
uop OR_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_OR, left, right, &res));
}

/// a ^ b.
uop XOR_BIG (left, right -- res) {
  EXIT_IF(!support_bigint_value_op(vm, BIG_OP_XOR, left, right, &res));
}

/// a < b on ints of any size.
uop LT_BIG (left, right -- res: bool) {
  int64_t c;
  EXIT_IF(!support_bigint_value_compare(left, right, &c));
  res = BOX_BOOL(c < 0);
}

/// a <= b.
uop LE_BIG (left, right -- res: bool) {
  int64_t c;
  EXIT_IF(!support_bigint_value_compare(left, right, &c));
  res = BOX_BOOL(c <= 0);
}

/// a > b.
uop GT_BIG (left, right -- res: bool) {
  int64_t c;
  EXIT_IF(!support_bigint_value_compare(left, right, &c));
  res = BOX_BOOL(c > 0);
}

/// a >= b.
uop GE_BIG (left, right -- res: bool) {
  int64_t c;
  EXIT_IF(!support_bigint_value_compare(left, right, &c));
  res = BOX_BOOL(c >= 0);
}

/// a == b.
uop EQ_BIG (left, right -- res: bool) {
  int64_t c;
  EXIT_IF(!support_bigint_value_compare(left, right, &c));
  res = BOX_BOOL(c == 0);
}

/// a != b.
uop NE_BIG (left, right -- res: bool) {
  int64_t c;
  EXIT_IF(!support_bigint_value_compare(left, right, &c));
  res = BOX_BOOL(c != 0);
}

/// Truth of an int of any size.
uop TO_BOOL_BIG (value -- res: bool) {
  int64_t t;
  EXIT_IF(!support_bigint_value_truth(value, &t));
  res = BOX_BOOL(t);
}
