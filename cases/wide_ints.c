// Int arithmetic on 64-bit values inside traces: operands are small ints or
// inline big ints (cases/vm.h BigIntObject), the result is computed in int64
// with the CPU's overflow flag as the guard and boxed only as a value: small
// when it fits 48 bits, else an inline big int allocated in the lent buffer.
// Each uop checks its own operands (no separate type guards: a value may be
// either representation from one iteration to the next). Every exit happens
// before anything is consumed (a non-int64 operand, int64 overflow, a zero
// divisor, a negative shift, a full buffer): tier-1 redoes the operation with
// its big ints.

/// int64 addition of two int64-representable ints.
uop ADD_WIDE (left, right -- res) {
  int64_t a, b, r;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(__builtin_add_overflow(a, b, &r));
  EXIT_IF(!vm_box_wide_int(vm, r, &res));
}

/// int64 subtraction.
uop SUB_WIDE (left, right -- res) {
  int64_t a, b, r;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(__builtin_sub_overflow(a, b, &r));
  EXIT_IF(!vm_box_wide_int(vm, r, &res));
}

/// int64 multiplication.
uop MUL_WIDE (left, right -- res) {
  int64_t a, b, r;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(__builtin_mul_overflow(a, b, &r));
  EXIT_IF(!vm_box_wide_int(vm, r, &res));
}

/// Python's floor division (rounds toward minus infinity).
uop FLOORDIV_WIDE (left, right -- res) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(b == 0 || (b == -1 && a == INT64_MIN));
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  EXIT_IF(!vm_box_wide_int(vm, q, &res));
}

/// Python's modulo (the result has the divisor's sign).
uop MOD_WIDE (left, right -- res) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(b == 0);
  int64_t m = b == -1 ? 0 : a % b;
  if (m != 0 && ((m < 0) != (b < 0))) m += b;
  EXIT_IF(!vm_box_wide_int(vm, m, &res));
}

/// Bitwise and (two's complement, as Python's infinite-precision ints agree within int64).
uop AND_WIDE (left, right -- res) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(!vm_box_wide_int(vm, a & b, &res));
}

/// Bitwise or.
uop OR_WIDE (left, right -- res) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(!vm_box_wide_int(vm, a | b, &res));
}

/// Bitwise exclusive or.
uop XOR_WIDE (left, right -- res) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(!vm_box_wide_int(vm, a ^ b, &res));
}

/// Arithmetic right shift; a negative count exits (tier-1 raises ValueError).
uop RSHIFT_WIDE (left, right -- res) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(b < 0);
  int64_t r = b >= 64 ? (a < 0 ? -1 : 0) : a >> b;
  EXIT_IF(!vm_box_wide_int(vm, r, &res));
}

/// Left shift; exits when the result does not fit int64 (or the count is negative).
uop LSHIFT_WIDE (left, right -- res) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  EXIT_IF(b < 0 || (b >= 63 && a != 0));
  int64_t r = (int64_t)((uint64_t)a << (b & 63));
  EXIT_IF((r >> (b & 63)) != a);
  EXIT_IF(!vm_box_wide_int(vm, r, &res));
}

/// a < b on int64-representable ints.
uop LT_WIDE (left, right -- res: bool) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a < b);
}

/// a <= b.
uop LE_WIDE (left, right -- res: bool) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a <= b);
}

/// a > b.
uop GT_WIDE (left, right -- res: bool) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a > b);
}

/// a >= b.
uop GE_WIDE (left, right -- res: bool) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a >= b);
}

/// a == b.
uop EQ_WIDE (left, right -- res: bool) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a == b);
}

/// a != b.
uop NE_WIDE (left, right -- res: bool) {
  int64_t a, b;
  EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
  res = BOX_BOOL(a != b);
}

/// Truth of an int64-representable int (`while n:`, `if x & 1:`).
uop TO_BOOL_WIDE (value -- res: bool) {
  int64_t a;
  EXIT_IF(!WIDE_INT_OF(value, &a));
  res = BOX_BOOL(a != 0);
}
