// `(a * b) % m` and `(a + b) % m` with m in a local, a global or a constant, as one uop: the product
// or sum stays in registers (int64, or int128 past that) instead of being
// boxed by one uop and decoded by the next, and the divisor's reciprocal is
// remembered as in cases/wide_divisors.c (OPERAND1, the uop's cell). Formed by
// runtime/vm/tracing/optimizer/wide-divisors.ts from MUL/ADD_WIDE(_T),
// LOAD_LOCAL / LOAD_GLOBAL / LOAD_CONST m, MOD_WIDE(_T)_INV; the _T forms box the result into their own
// box (OPERAND0) as cases/wide_temporaries.c does. Every exit happens before
// anything is consumed and resumes at the multiply or add with its two
// operands on the stack: tier-1 then does the operation, loads m and takes
// the modulo (raising ZeroDivisionError, or going past 128 bits, itself).
// The shared body: WIDE_OP_MOD in cases/wide_ints.h. Likewise `(a * b) & k`
// and `(a + b) & k` (hash mixing: `(h * P) & MASK64`), body WIDE_OP_AND, the
// mask from a local, a global or the constant word in OPERAND1. And
// `(acc + b * c) % m` (MUL_ADD_MOD_*: formed by
// runtime/vm/tracing/optimizer/wide-product-sums.ts from the multiply and the
// fused add-modulo after it), resuming at the multiply with its three operands
// on the stack; body WIDE_MUL_ADD_MOD.

/// (a * b) % local OPARG.
uop MUL_MOD_WIDE_INV_L (left, right -- res) {
  WIDE_OP_MOD(__builtin_mul_overflow, wide_mul_overflow, LOCAL_ARG)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a * b) % local OPARG into its own box (OPERAND0).
uop MUL_MOD_WIDE_T_INV_L (left, right -- res) {
  WIDE_OP_MOD(__builtin_mul_overflow, wide_mul_overflow, LOCAL_ARG)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a + b) % local OPARG.
uop ADD_MOD_WIDE_INV_L (left, right -- res) {
  WIDE_OP_MOD(__builtin_add_overflow, __builtin_add_overflow, LOCAL_ARG)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a + b) % local OPARG into its own box (OPERAND0).
uop ADD_MOD_WIDE_T_INV_L (left, right -- res) {
  WIDE_OP_MOD(__builtin_add_overflow, __builtin_add_overflow, LOCAL_ARG)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a * b) % global OPARG.
uop MUL_MOD_WIDE_INV_G (left, right -- res) {
  WIDE_OP_MOD(__builtin_mul_overflow, wide_mul_overflow, vm->globals[OPARG])
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a * b) % global OPARG into its own box (OPERAND0).
uop MUL_MOD_WIDE_T_INV_G (left, right -- res) {
  WIDE_OP_MOD(__builtin_mul_overflow, wide_mul_overflow, vm->globals[OPARG])
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a + b) % global OPARG.
uop ADD_MOD_WIDE_INV_G (left, right -- res) {
  WIDE_OP_MOD(__builtin_add_overflow, __builtin_add_overflow, vm->globals[OPARG])
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a + b) % global OPARG into its own box (OPERAND0).
uop ADD_MOD_WIDE_T_INV_G (left, right -- res) {
  WIDE_OP_MOD(__builtin_add_overflow, __builtin_add_overflow, vm->globals[OPARG])
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a * b) % the constant in the cell.
uop MUL_MOD_WIDE_INV_K (left, right -- res) {
  WIDE_OP_MOD_CONST(__builtin_mul_overflow, wide_mul_overflow)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a * b) % the constant in the cell into its own box (OPERAND0).
uop MUL_MOD_WIDE_T_INV_K (left, right -- res) {
  WIDE_OP_MOD_CONST(__builtin_mul_overflow, wide_mul_overflow)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a + b) % the constant in the cell.
uop ADD_MOD_WIDE_INV_K (left, right -- res) {
  WIDE_OP_MOD_CONST(__builtin_add_overflow, __builtin_add_overflow)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a + b) % the constant in the cell into its own box (OPERAND0).
uop ADD_MOD_WIDE_T_INV_K (left, right -- res) {
  WIDE_OP_MOD_CONST(__builtin_add_overflow, __builtin_add_overflow)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a * b) & local OPARG.
uop MUL_AND_WIDE_L (left, right -- res) {
  WIDE_OP_AND(__builtin_mul_overflow, wide_mul_overflow, LOCAL_ARG)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a * b) & local OPARG into its own box (OPERAND0).
uop MUL_AND_WIDE_T_L (left, right -- res) {
  WIDE_OP_AND(__builtin_mul_overflow, wide_mul_overflow, LOCAL_ARG)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a * b) & global OPARG.
uop MUL_AND_WIDE_G (left, right -- res) {
  WIDE_OP_AND(__builtin_mul_overflow, wide_mul_overflow, vm->globals[OPARG])
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a * b) & global OPARG into its own box (OPERAND0).
uop MUL_AND_WIDE_T_G (left, right -- res) {
  WIDE_OP_AND(__builtin_mul_overflow, wide_mul_overflow, vm->globals[OPARG])
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a * b) & the constant OPERAND1.
uop MUL_AND_WIDE_K (left, right -- res) {
  WIDE_OP_AND(__builtin_mul_overflow, wide_mul_overflow, (Value)OPERAND1)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a * b) & the constant OPERAND1 into its own box (OPERAND0).
uop MUL_AND_WIDE_T_K (left, right -- res) {
  WIDE_OP_AND(__builtin_mul_overflow, wide_mul_overflow, (Value)OPERAND1)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a + b) & local OPARG.
uop ADD_AND_WIDE_L (left, right -- res) {
  WIDE_OP_AND(__builtin_add_overflow, __builtin_add_overflow, LOCAL_ARG)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a + b) & local OPARG into its own box (OPERAND0).
uop ADD_AND_WIDE_T_L (left, right -- res) {
  WIDE_OP_AND(__builtin_add_overflow, __builtin_add_overflow, LOCAL_ARG)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a + b) & global OPARG.
uop ADD_AND_WIDE_G (left, right -- res) {
  WIDE_OP_AND(__builtin_add_overflow, __builtin_add_overflow, vm->globals[OPARG])
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a + b) & global OPARG into its own box (OPERAND0).
uop ADD_AND_WIDE_T_G (left, right -- res) {
  WIDE_OP_AND(__builtin_add_overflow, __builtin_add_overflow, vm->globals[OPARG])
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (a + b) & the constant OPERAND1.
uop ADD_AND_WIDE_K (left, right -- res) {
  WIDE_OP_AND(__builtin_add_overflow, __builtin_add_overflow, (Value)OPERAND1)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (a + b) & the constant OPERAND1 into its own box (OPERAND0).
uop ADD_AND_WIDE_T_K (left, right -- res) {
  WIDE_OP_AND(__builtin_add_overflow, __builtin_add_overflow, (Value)OPERAND1)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (acc + b * c) % local OPARG.
uop MUL_ADD_MOD_WIDE_INV_L (acc, left, right -- res) {
  WIDE_MUL_ADD_MOD(LOCAL_ARG, 0)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (acc + b * c) % local OPARG into its own box (OPERAND0).
uop MUL_ADD_MOD_WIDE_T_INV_L (acc, left, right -- res) {
  WIDE_MUL_ADD_MOD(LOCAL_ARG, 0)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (acc + b * c) % global OPARG.
uop MUL_ADD_MOD_WIDE_INV_G (acc, left, right -- res) {
  WIDE_MUL_ADD_MOD(vm->globals[OPARG], 0)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (acc + b * c) % global OPARG into its own box (OPERAND0).
uop MUL_ADD_MOD_WIDE_T_INV_G (acc, left, right -- res) {
  WIDE_MUL_ADD_MOD(vm->globals[OPARG], 0)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}

/// (acc + b * c) % the constant in the cell.
uop MUL_ADD_MOD_WIDE_INV_K (acc, left, right -- res) {
  WIDE_MUL_ADD_MOD((Value)0, 1)
  if (small) {
    EXIT_IF(!vm_box_i64(vm, r64, &res));
  } else {
    EXIT_IF(!vm_box_wide_int(vm, rr, &res));
  }
}

/// (acc + b * c) % the constant in the cell into its own box (OPERAND0).
uop MUL_ADD_MOD_WIDE_T_INV_K (acc, left, right -- res) {
  WIDE_MUL_ADD_MOD((Value)0, 1)
  res = small ? box_i64_into(r64, OPERAND0) : box_wide_into(rr, OPERAND0);
}
