// `(a * b) % m` and `(a + b) % m` with m in a local, as one uop: the product
// or sum stays in registers (int64, or int128 past that) instead of being
// boxed by one uop and decoded by the next, and the divisor's reciprocal is
// remembered as in cases/wide_divisors.c (OPERAND1, the uop's cell). Formed by
// runtime/vm/tracing/optimizer/wide-divisors.ts from MUL/ADD_WIDE(_T),
// LOAD_LOCAL m, MOD_WIDE(_T)_INV; the _T forms box the result into their own
// box (OPERAND0) as cases/wide_temporaries.c does. Every exit happens before
// anything is consumed and resumes at the multiply or add with its two
// operands on the stack: tier-1 then does the operation, loads m and takes
// the modulo (raising ZeroDivisionError, or going past 128 bits, itself).
// The shared body: WIDE_OP_MOD in cases/wide_ints.h.

/// (a * b) % local OPARG.
uop MUL_MOD_WIDE_INV_L (left, right -- res) {
  WIDE_OP_MOD(__builtin_mul_overflow, wide_mul_overflow)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a * b) % local OPARG into its own box (OPERAND0).
uop MUL_MOD_WIDE_T_INV_L (left, right -- res) {
  WIDE_OP_MOD(__builtin_mul_overflow, wide_mul_overflow)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a + b) % local OPARG.
uop ADD_MOD_WIDE_INV_L (left, right -- res) {
  WIDE_OP_MOD(__builtin_add_overflow, __builtin_add_overflow)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a + b) % local OPARG into its own box (OPERAND0).
uop ADD_MOD_WIDE_T_INV_L (left, right -- res) {
  WIDE_OP_MOD(__builtin_add_overflow, __builtin_add_overflow)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}
